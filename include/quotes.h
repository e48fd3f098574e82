/* quotes.h - find the top-level quoted spans of one paragraph.
 *
 * Pure and allocation-free: the caller gives the output array. Marks are curly
 * (“ ” ‘ ’), straight (" ') and guillemets (« »). Apostrophes (they’re,
 * France’s, Dimorphos’ orbit) are never marks. A quote nested in a quote is part
 * of the outer span and is not reported. A wrong closing mark
 * (“...everything,’ he said. “They ...”) ends the span there instead of
 * swallowing the rest of the paragraph; a closing mark right after "said," with
 * nothing open opens a span (`said,” [Warhol] liked ...”`); in a single-quoted
 * span a plural possessive (‘The players’ union ...’) closes it only when no
 * better closing mark follows.
 */
#ifndef ARTICLED_QUOTES_H
#define ARTICLED_QUOTES_H

#include <stddef.h>

/* Most spans reported for one paragraph; more are ignored. */
#define QUOTES_MAX_SPANS 1024

/* One quoted span; byte offsets into the paragraph. */
struct quotes_span {
    size_t open;  /* first byte of the opening mark */
    size_t start; /* first byte after the opening mark */
    size_t end;   /* first byte of the closing mark, or where the span was cut */
    size_t after; /* first byte after the closing mark (== end when unclosed) */
    int single;   /* 1 when opened with a single mark (‘ or ') */
    int closed;   /* 0 when the paragraph ended inside the span */
    int cut;      /* 1 when ended at a wrong closing mark or before a new opening mark */
};

/* Scan s[0..len) (valid UTF-8) and store up to cap spans in out, in order.
 * Returns the number stored. Linear in len; never fails. */
size_t quotes_scan(const char *s, size_t len, struct quotes_span *out, size_t cap);

/* 1 when s[0..len) starts (after white space) with an opening quotation mark. */
int quotes_opens(const char *s, size_t len);

#endif /* ARTICLED_QUOTES_H */
