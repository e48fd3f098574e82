/* corpus.h - one speaker across articles: who is who in the whole snapshot.
 *
 * Pure: no I/O. Speakers of different articles are one corpus speaker when their
 * names give the same transliterated slug (translit.h: "François Hollande" and
 * "Francois Hollande" are "francois-hollande"), or when an article names someone
 * by surname only and exactly one full name with that surname shares their role
 * ("President" and "president of Russia" match: one is the other's first words).
 * Two speakers of one article are never merged: the second becomes "name-2".
 * The corpus borrows the articles, which must outlive it; corpus_free() frees it.
 */
#ifndef ARTICLED_CORPUS_H
#define ARTICLED_CORPUS_H

#include <jansson.h>
#include <stddef.h>

#include "article.h"
#include "buf.h"

/* One appearance: speaker sp of article art (an index into the array given to corpus_build). */
struct corpus_member {
    size_t art, sp;
};

struct corpus_speaker {
    char *id;
    struct corpus_member *members; /* in article order */
    size_t nmembers;
    size_t quote_count;
};

struct corpus {
    struct corpus_speaker *speakers; /* sorted by id */
    size_t n;
    const struct article *const *arts;
    size_t narts;
};

/* Group the speakers of n articles (borrowed, in a fixed order). Returns a new
 * corpus, or NULL when memory runs out. */
struct corpus *corpus_build(const struct article *const *arts, size_t n);

void corpus_free(struct corpus *c);

/* Index of the speaker with this id, or -1. */
long corpus_find(const struct corpus *c, const char *id);

/* The slug speaker sp of a has in the corpus before any "-2" (its transliterated
 * name). A new string the caller frees; NULL when memory runs out. */
char *corpus_slug(const struct article *a, size_t sp);

/* Speaker i as a list item (detail 0) or with all their quotes and attributions
 * in every article (detail 1). A new reference, or NULL when memory runs out. */
json_t *corpus_render(const struct corpus *c, size_t i, int detail);

/* The same detail (corpus_render(c, i, 1)) as compact text appended to out, byte for
 * byte what render_dump() gives, without building its tree; *item_len gets the length
 * of the part that, followed by '}', is the list item (corpus_render(c, i, 0)).
 * Returns 0, or -1 when memory runs out or out is full. */
int corpus_render_text(const struct corpus *c, size_t i, struct buf *out, size_t *item_len);

/* The text of quote q of article art (an index into the corpus's articles) as
 * render_quote(a, q, 1) dumps it, in *len bytes; NULL to have it rendered. */
typedef const char *(*corpus_quote_fn)(void *ud, size_t art, size_t q, size_t *len);

/* corpus_render_text() copying each quote's text from quote(ud, ...) (when not
 * NULL) instead of rendering it again: the snapshot has them rendered already. */
int corpus_render_text_quotes(const struct corpus *c, size_t i, corpus_quote_fn quote, void *ud,
                              struct buf *out, size_t *item_len);

#endif /* ARTICLED_CORPUS_H */
