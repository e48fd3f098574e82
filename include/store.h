/* store.h - an immutable snapshot of loaded articles and their pre-rendered responses.
 *
 * A snapshot is built once (store_new, store_add_*, store_seal) and never
 * changes after store_seal(): every response body is rendered, compressed and
 * given a strong ETag at that point, so serving a request is a lookup. Readers
 * hold a reference (store_current/store_release); store_publish() swaps in a
 * new snapshot atomically, and the old one is freed when its last reader lets go.
 */
#ifndef ARTICLED_STORE_H
#define ARTICLED_STORE_H

#include <stdatomic.h>
#include <stddef.h>

#include "article.h"
#include "buf.h"

#define STORE_ETAG_MAX 32
/* Room for a list page's X-Total-Count and Link together. */
#define STORE_META_MAX 256

/* The key of the HTML index (GET / for browsers): no request path looks like it. */
#define STORE_PAGE_INDEX "page:/"

/* The gzip variant of a body (store_body_gz()). */
struct store_gz;

/* A response body, rendered once. */
struct store_body {
    char *data; /* identity encoding */
    size_t len;
    _Atomic(struct store_gz *) gz; /* NULL until store_body_gz() first runs */
    const char *type;             /* Content-Type */
    char etag[STORE_ETAG_MAX];    /* strong ETag of the identity body, quoted */
    char gz_etag[STORE_ETAG_MAX]; /* strong ETag of the gzip body, quoted */
    const char *total;            /* X-Total-Count of a list page, or NULL */
    const char *link;             /* Link header of a list page, or NULL */
    char *meta;                   /* storage for total and link (STORE_META_MAX), or NULL */
    long long modified;           /* Last-Modified (Unix time) of an article's bodies, or 0 */
    int view; /* data is a part of another body's, freed with it, and not NUL-terminated */
};

struct store;

/* A list query's matches: pre-rendered item texts, borrowed from the snapshot.
 * Free the arrays (not the texts) with store_list_free(). */
struct store_list {
    const char **items;
    size_t *lens;
    size_t n;
};

/* The order of a filtered list: the list's own (id, then reading order), or by the
 * article's published date (articles without one last, then by id). */
enum store_sort { STORE_SORT_NATURAL, STORE_SORT_NEWEST, STORE_SORT_OLDEST };

/* A filter of quotes, or of articles (which use speaker, section, source, from, to
 * and sort). Zero fields filter nothing, except kind, which is -1 for any. */
struct store_quote_filter {
    const char *speaker; /* speaker id, or NULL for any */
    const char *section; /* section slug, alias or index, or NULL */
    int kind;            /* enum annot_kind, or -1 for any */
    const char *words;   /* space-separated words that must all occur (any case), or NULL */
    const char *source;  /* the article's source (the sidecar's), any ASCII case, or NULL */
    long from, to;       /* published days (YYYYMMDD) inclusive, or 0; undated articles fail */
    enum store_sort sort;
};

/* A new, empty, unsealed snapshot, or NULL when memory runs out. */
struct store *store_new(void);

/* A new unsealed snapshot holding every article of base (sealed) except drop_id
 * (NULL: none) and its fixed documents, shared, not copied: store_seal() then
 * renders only the articles added since. NULL when memory runs out. */
struct store *store_derive(const struct store *base, const char *drop_id);

/* Add an article; the store takes it over (also on failure). Returns 0, or -1
 * when memory runs out or the id is taken. Only before store_seal(). */
int store_add_article(struct store *s, struct article *a);

/* Add a fixed document (the index, the spec) served at path; data is copied. */
int store_add_static(struct store *s, const char *path, const char *type, const char *data,
                     size_t len);

/* Render, compress and index every response. Returns 0, or -1 when memory runs out
 * (the store must then be freed with store_release). */
int store_seal(struct store *s);

/* The fixed response at path (already percent-decoded), or NULL. */
const struct store_body *store_get(const struct store *s, const char *path);

size_t store_article_count(const struct store *s);
size_t store_quote_count(const struct store *s);
size_t store_speaker_count(const struct store *s);
int store_has_article(const struct store *s, const char *id);

/* The article id of s, borrowed for as long as s is held; NULL when none. */
const struct article *store_article(const struct store *s, const char *id);

/* Article summaries in id order. */
int store_query_articles(const struct store *s, struct store_list *out);

/* The summaries of the articles passing f (speaker: one of the article's speakers;
 * section: a slug, alias or index it has), in f->sort order. -1 when memory runs out. */
int store_query_articles_by(const struct store *s, const struct store_quote_filter *f,
                            struct store_list *out);

/* Quotes of one article (id), or of all articles (id NULL), that pass the filter,
 * in reading order. words go through the full-text index (see search.h): each
 * must start a word of the quote, folded for case, diacritics and apostrophes.
 * -1 when memory runs out, -2 when words is not a valid query. */
int store_query_quotes(const struct store *s, const char *id, const struct store_quote_filter *f,
                       struct store_list *out);

/* A quote of the snapshot, for exports. */
struct store_quote_ref {
    const struct article *a;
    size_t i;
};

/* The same quotes as store_query_quotes(s, id, f, ...) as a new array (*refs,
 * *n of them, freed with free()) of borrowed articles and quote indexes. */
int store_query_quote_refs(const struct store *s, const char *id,
                           const struct store_quote_filter *f, struct store_quote_ref **refs,
                           size_t *n);

/* A strong ETag of the whole snapshot's content (quoted), set by store_seal(). */
const char *store_content_etag(const struct store *s);

/* The snapshot's full-text index (search.h), or NULL before store_seal(). */
struct search_index *store_search(const struct store *s);

/* Speakers across all articles (corpus.h), in id order. */
int store_query_corpus_speakers(const struct store *s, struct store_list *out);

/* Speakers of one article. */
int store_query_speakers(const struct store *s, const char *id, struct store_list *out);

/* The article with only the fields whose bits are set in mask (bit i = enum
 * render_field i), as JSON text appended to out. -1 when no such article or out is full. */
int store_article_fields(const struct store *s, const char *id, unsigned mask, struct buf *out);

/* The same with the offsets of its quotes and attributions in UTF-16 units
 * (offsets.h); the other fields are copied as they are. */
int store_article_fields_utf16(const struct store *s, const char *id, unsigned mask,
                               struct buf *out);

void store_list_free(struct store_list *l);

/* The strong ETag of a body (FNV-1a 64), quoted, into out[STORE_ETAG_MAX]. */
void store_etag(const char *data, size_t len, const char *suffix, char *out);

/* The page assembled for request target key (path and query, as sent), cached
 * in s by store_cache_put(), or NULL. The body lives as long as s. Thread-safe. */
const struct store_body *store_cache_get(const struct store *s, const char *key);

/* Cache a copy of an assembled page (text, len, its type, X-Total-Count and Link
 * headers or NULL) under key, with its ETag and gzip variant. Returns the cached
 * body, or NULL when the cache is full (32 MiB or 4096 pages), the page is over
 * 1 MiB or memory runs out: the caller then serves its own text. Thread-safe. */
const struct store_body *store_cache_put(struct store *s, const char *key, const char *text,
                                         size_t len, const char *type, const char *total,
                                         const char *link);

/* The same with suffix (or NULL) in its ETags, for a variant (UTF-16 offsets) whose
 * text may equal another's: its tag must not. */
const struct store_body *store_cache_put_tagged(struct store *s, const char *key, const char *text,
                                                size_t len, const char *type, const char *total,
                                                const char *link, const char *suffix);

/* The gzip encoding of b (*len bytes), compressed on first use and kept as long
 * as b: NULL when b is too small to be worth it, gzip would not be smaller or
 * memory runs out (serve identity then). Thread-safe: concurrent first calls may
 * each compress, one copy is published (compare-and-swap), all return it. */
const char *store_body_gz(const struct store_body *b, size_t *len);

/* Gzip data into a new buffer the caller frees; NULL on failure. */
char *store_gzip(const char *data, size_t len, size_t *outlen);

/* The published snapshot, with a reference the caller gives back with
 * store_release(). NULL before the first store_publish(). Thread-safe. */
struct store *store_current(void);

/* Make s (sealed) the published snapshot, taking over the caller's reference. */
void store_publish(struct store *s);

/* Give back a reference; the last one frees the snapshot. store_release(NULL) is a no-op. */
void store_release(struct store *s);

#endif /* ARTICLED_STORE_H */
