/* parse.h - split a plain-text article into title, sections and paragraphs.
 *
 * Pure: no I/O, no logging. The format: line 1 is the title; blank lines
 * separate blocks; a short one-line block without sentence-final punctuation
 * is a heading; a dateline block ("Thursday, February 23, 2006") becomes
 * metadata; known scrape residue ("Exit mobile version") is dropped.
 * Everything parse_text() returns is owned by the caller: parse_doc_free().
 */
#ifndef ARTICLED_PARSE_H
#define ARTICLED_PARSE_H

#include <stddef.h>

/* Largest article accepted, in bytes. */
#define PARSE_MAX_BYTES (4u * 1024u * 1024u)

/* Most sections an article has; later heading-like lines stay body text. */
#define PARSE_MAX_SECTIONS 1000

enum parse_err {
    PARSE_OK = 0,
    PARSE_ERR_EMPTY,   /* no text at all, or only white space */
    PARSE_ERR_NO_BODY, /* a title but no body paragraph */
    PARSE_ERR_TOO_BIG, /* over PARSE_MAX_BYTES */
    PARSE_ERR_UTF8,    /* invalid UTF-8 (or a NUL byte) */
    PARSE_ERR_NOMEM
};

struct parse_para {
    char *text;     /* NUL-terminated, lines joined with one space, trimmed */
    size_t len;     /* bytes */
    size_t section; /* index into doc->sections */
};

struct parse_section {
    char *slug;    /* "intro" for the part before the first heading */
    char *heading; /* verbatim heading, NULL for the intro */
    size_t first;  /* index of its first paragraph */
    size_t count;  /* number of paragraphs (a heading with no body has 0) */
};

struct parse_doc {
    char *title;
    char *dateline; /* NULL when the article has none */
    char *byline;   /* the first "By ..." line verbatim (also in dropped), or NULL */
    struct parse_para *paras;
    size_t npara;
    struct parse_section *sections;
    size_t nsections;
    char **dropped; /* scrape residue lines removed, verbatim */
    size_t ndropped;
};

/* Where parsing failed: 1-based line and column (bytes) of the offending input. */
struct parse_error {
    enum parse_err code;
    size_t line, column;
};

/* Parse len bytes of text. On success returns PARSE_OK and sets *out to a new
 * document the caller frees with parse_doc_free(). On failure *out is NULL
 * and err (when not NULL) says what and where. */
enum parse_err parse_text(const char *text, size_t len, struct parse_doc **out,
                          struct parse_error *err);

/* Free a document; parse_doc_free(NULL) is a no-op. */
void parse_doc_free(struct parse_doc *doc);

/* A short English message for an error code. */
const char *parse_strerror(enum parse_err code);

/* Write the slug of s (transliterated to ASCII, see translit.h; lower-case
 * alphanumerics, runs of anything else collapsed to '-', no leading or
 * trailing '-') into a new string; the caller
 * frees it. Returns NULL when memory runs out. An empty slug becomes "section". */
char *parse_slugify(const char *s);

#endif /* ARTICLED_PARSE_H */
