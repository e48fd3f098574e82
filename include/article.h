/* article.h - the article model: parsed text, annotation and editorial metadata.
 *
 * An article is immutable once built: every reader (renderer, store, HTTP)
 * may share it between threads without locks. article_free() releases it.
 */
#ifndef ARTICLED_ARTICLE_H
#define ARTICLED_ARTICLE_H

#include <stddef.h>

#include "annotate.h"
#include "parse.h"

/* Longest article id; ids match ^[a-z0-9][a-z0-9-]*$. */
#define ARTICLE_ID_MAX 64

enum article_err {
    ARTICLE_OK = 0,
    ARTICLE_ERR_ID,    /* not a valid article id */
    ARTICLE_ERR_PARSE, /* see the parse_error for what and where */
    ARTICLE_ERR_META,  /* the sidecar is malformed; the message says why */
    ARTICLE_ERR_NOMEM
};

/* Editorial data the text cannot carry, from the NAME.meta.json sidecar. */
struct article_meta {
    char *source;     /* publisher, e.g. "CNN", or NULL */
    char *source_url; /* or NULL */
    char *license;    /* or NULL */
    char *credit;     /* attribution line the licence asks for, or NULL */
    char *published;  /* ISO 8601 date or date-time (wins over the dateline), or NULL */
    struct article_alias {
        char *section; /* slug of the section */
        char *alias;   /* another name for it */
    } * aliases;
    size_t naliases;
};

struct article {
    char *id;
    struct parse_doc *doc;     /* title, sections, paragraphs */
    struct annot *an;          /* quotes, speakers, attributions */
    struct article_meta *meta; /* never NULL (empty when there is no sidecar) */
    char **quote_ids;          /* "q1"... one per an->quotes */
    char **attr_ids;           /* "a1"... one per an->attrs */
    char **quote_keys;         /* stable, content-derived ids: "q-" + 12 hex [+ "-N"] */
    char **attr_keys;          /* the same for attributions: "a-..." */
    char **speaker_alias_ids;  /* the annotator's ASCII-only id of each speaker where
                                * an->speakers[i].id (transliterated) differs, else NULL */
    char *published;           /* ISO 8601, from the sidecar or the dateline, or NULL */
    char **authors;            /* names from the byline ("By A and B"), nauthors of them */
    size_t nauthors;
    long long modified;        /* Unix time of the source files (the loader sets it), 0 unknown */
};

/* What `annotator_version` says: the release and a hash of the annotator's rule
 * names, so it changes when the rules do. Static text. */
const char *article_annotator_version(void);

/* Why building failed: code, parse position and a message for people. */
struct article_error {
    enum article_err code;
    struct parse_error parse;
    char msg[256];
};

/* Parse a sidecar (JSON text) into new metadata the caller frees with
 * article_meta_free(). Unknown keys, wrong types and bad aliases are errors:
 * returns NULL and fills err. */
struct article_meta *article_meta_parse(const char *json, size_t len, struct article_error *err);

void article_meta_free(struct article_meta *m);

/* Is s a valid article id (also used for the file-name check)? */
int article_id_valid(const char *s, size_t len);

/* Build an article from text: parse, annotate, attach meta (taken over by the
 * article on success and on failure; may be NULL). Returns a new article the
 * caller frees with article_free(), or NULL with err filled. Meta aliases must
 * name existing sections and not collide with a slug, another alias or an index. */
struct article *article_build(const char *id, const char *text, size_t len,
                              struct article_meta *meta, struct article_error *err);

void article_free(struct article *a);

/* Is id the id of speaker sp of a: its id, or its ASCII-only alias? */
int article_speaker_is(const struct article *a, size_t sp, const char *id);

/* Resolve a section by slug, alias or 0-based decimal index; -1 when none. */
long article_find_section(const struct article *a, const char *key);

/* Aliases of section i: count, and the k-th one. */
size_t article_section_alias_count(const struct article *a, size_t i);
const char *article_section_alias(const struct article *a, size_t i, size_t k);

#endif /* ARTICLED_ARTICLE_H */
