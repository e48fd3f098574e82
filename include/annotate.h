/* annotate.h - find quotes, speakers and reported speech in article paragraphs.
 *
 * The annotator is pure: no I/O, no logging, no global mutable state. It takes
 * the body paragraphs of one article (UTF-8, already validated) and returns an
 * annotation that the caller owns and frees with annot_free().
 *
 * Offsets (start, end) are Unicode code points into the paragraph's text:
 * start is the first code point after the opening mark, end is the index of
 * the closing mark (or the end of the span), so text == para[start, end).
 */
#ifndef ARTICLED_ANNOTATE_H
#define ARTICLED_ANNOTATE_H

#include <stddef.h>

enum annot_kind {
    ANNOT_DIRECT,       /* cue in the same sentence or paragraph */
    ANNOT_CONTINUATION, /* no cue of its own; speaker carried over */
    ANNOT_PARTIAL,      /* short fragment inside the writer's sentence */
    ANNOT_INDIRECT      /* reported speech, attributions only */
};

/* Code points [start, end) of paragraph para; set is 0 when the span is absent
 * (no cue, no speaker mention). */
struct annot_span {
    size_t para, start, end;
    int set;
};

/* A quoted span reporting someone's words. */
struct annot_quote {
    enum annot_kind kind;
    size_t para;       /* body paragraph index */
    size_t start, end; /* code points into the paragraph, [start, end) */
    char *text;        /* NUL-terminated copy of the text between the marks */
    long speaker;      /* index into annot->speakers, or -1 when unnamed/unknown */
    char *source;      /* verbatim source phrase when speaker < 0 ("experts"), or NULL */
    char *cue;         /* speech verb or phrase ("said", "according to"), or NULL */
    struct annot_span cue_span;     /* where the cue stands, to underline it */
    struct annot_span speaker_span; /* the mention that named the speaker */
    const char *kind_rule;          /* static name of the rule that decided kind */
    const char *speaker_rule;       /* static name of the rule that decided speaker */
};

/* Reported speech without quotation marks. */
struct annot_attr {
    size_t para;
    size_t start, end; /* code points of the source phrase in the paragraph */
    char *source;      /* verbatim source phrase ("security experts", "He") */
    long speaker;      /* index into annot->speakers, or -1 for unnamed sources */
    char *cue;         /* "according to", "said", "say", ... */
    struct annot_span cue_span;
    struct annot_span speaker_span; /* the source phrase: para, start, end above */
    const char *speaker_rule;       /* static name of the rule that decided speaker */
};

/* One person or organisation, with the fullest name the article gives. */
struct annot_speaker {
    char *id;           /* slug of name, unique within the article */
    char *name;         /* canonical (fullest) name */
    char *role;         /* verbatim from the article, or NULL */
    char *organization; /* verbatim from the article, or NULL */
    char **aliases;     /* other forms that name this speaker in the text */
    size_t naliases;
    size_t quote_count;
};

struct annot {
    struct annot_quote *quotes;
    size_t nquotes;
    struct annot_speaker *speakers; /* only speakers of at least one quote or attribution */
    size_t nspeakers;
    struct annot_attr *attrs;
    size_t nattrs;
};

/* Annotate npara paragraphs (paras[i] of lens[i] bytes, valid UTF-8, no NUL).
 * Returns a new annotation, owned by the caller and freed with annot_free(),
 * or NULL when memory runs out. Quotes and attributions are in reading order.
 * Input that is odd (unbalanced marks, huge paragraphs) never fails: it just
 * yields fewer quotes. */
struct annot *annot_run(const char *const *paras, const size_t *lens, size_t npara);

/* Free an annotation; annot_free(NULL) is a no-op. */
void annot_free(struct annot *a);

/* The two sieves whose rules decide a quote. */
enum annot_sieve {
    ANNOT_SIEVE_KIND,   /* is a span a quote, and of what kind (annot_quote.kind_rule) */
    ANNOT_SIEVE_SPEAKER /* who said it (annot_quote.speaker_rule, annot_attr.speaker_rule) */
};

/* The name of rule i of a sieve, in the order the rules run (the passes after
 * the sieve, such as "narrator", and the rules of reported speech come last);
 * NULL past the last one. Names are static. */
const char *annot_rule_name(enum annot_sieve sieve, size_t i);

/* "direct", "continuation", "partial" or "indirect". */
const char *annot_kind_name(enum annot_kind k);

#endif /* ARTICLED_ANNOTATE_H */
