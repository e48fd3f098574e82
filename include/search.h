/* search.h - full-text search over a snapshot's articles (SQLite FTS5, in memory).
 *
 * An index is built once per snapshot (search_new, search_add, search_seal) and
 * only read afterwards; it borrows the articles, which must outlive it. Text is
 * tokenised by FTS5's unicode61 with remove_diacritics 2: matching folds case and
 * diacritics for all of Unicode, and apostrophes (' and ’) separate words, so
 * "they're" and "they’re" are the same two words. search_free() releases it.
 */
#ifndef ARTICLED_SEARCH_H
#define ARTICLED_SEARCH_H

#include <stddef.h>

#include "article.h"

/* What a row of the index is. */
enum search_kind { SEARCH_TITLE, SEARCH_PARAGRAPH, SEARCH_QUOTE };

/* Longest q accepted, in bytes, and most terms in it. */
#define SEARCH_Q_MAX 2048
#define SEARCH_TERMS_MAX 32

enum search_sort { SEARCH_SORT_RELEVANCE, SEARCH_SORT_NEWEST, SEARCH_SORT_OLDEST };

struct search_query {
    const char *q;       /* words, "a phrase", prefix*, -excluded */
    const char *speaker; /* speaker id: quotes of theirs, paragraphs holding one; or NULL */
    const char *source;  /* the sidecar's source, any case; or NULL */
    const char *section; /* section slug; or NULL */
    long from, to;       /* published days (YYYYMMDD) inclusive, or -1 */
    enum search_sort sort;
};

struct search_hit {
    const struct article *a;
    enum search_kind kind;
    size_t index;  /* paragraph (or quote, for SEARCH_QUOTE) index; 0 for a title */
    double score;  /* higher is better (bm25, negated) */
    char *snippet; /* HTML-escaped text around the match, matches in <mark>...</mark> */
};

/* A new, empty index, or NULL when memory runs out or SQLite fails. */
struct search_index *search_new(void);

/* Index the title, paragraphs and quotes of a (borrowed). Returns 0 or -1. */
int search_add(struct search_index *ix, const struct article *a);

/* Finish building; after this only queries run. Returns 0 or -1. */
int search_seal(struct search_index *ix);

/* Check q and turn it into an FTS5 expression in out (cap bytes). prefix_all
 * makes every word a prefix (the /v1/quotes?q= rule). Returns 0, or -1 with a
 * reason for people in why (q empty, only exclusions, too long, too many terms). */
int search_compile(const char *q, int prefix_all, char *out, size_t cap, const char **why);

/* Run a query: total matches in *total, and up to limit hits from offset in a
 * new array *hits (n in *nhits) the caller frees with search_hits_free().
 * Returns 0, -1 when memory runs out or SQLite fails, -2 when q is invalid
 * (*why says why). Safe from several threads at once. */
int search_run(struct search_index *ix, const struct search_query *q, size_t offset,
               size_t limit, struct search_hit **hits, size_t *nhits, size_t *total,
               const char **why);

void search_hits_free(struct search_hit *hits, size_t n);

/* The quotes whose text holds every word of words as the start of a word (folded):
 * calls fn(ud, a, quote index) for each, in no particular order. Returns 0, -1 on
 * failure, -2 when words is not a valid query. */
int search_quotes(struct search_index *ix, const char *words,
                  void (*fn)(void *ud, const struct article *a, size_t i), void *ud);

void search_free(struct search_index *ix);

#endif /* ARTICLED_SEARCH_H */
