/* page.h - the article model as HTML pages for people: the reader, the index, the annotate page.
 *
 * Pure: no I/O. Pages are rendered into a caller's struct buf; every function
 * returns 0, or -1 when the buffer is full or memory runs out (the buffer is
 * then freed and must not be used as a page). All article text is escaped;
 * no page holds inline script or style, so the strict PAGE_CSP applies.
 */
#ifndef ARTICLED_PAGE_H
#define ARTICLED_PAGE_H

#include <stddef.h>

#include "article.h"
#include "buf.h"

#define PAGE_HTML_TYPE "text/html; charset=utf-8"
#define PAGE_CSS_TYPE "text/css; charset=utf-8"
#define PAGE_JS_TYPE "text/javascript; charset=utf-8"

/* Where the binary serves the one stylesheet and the one script of every page. */
#define PAGE_CSS_PATH "/assets/reader.css"
#define PAGE_JS_PATH "/assets/reader.js"

/* The Content-Security-Policy of every page: same-origin script, style and
 * fetch only, no inline code, no plugins, no framing. */
#define PAGE_CSP                                                                                   \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/* Number of speaker colours; speaker i wears colour i % PAGE_COLOURS. */
#define PAGE_COLOURS 12

/* Append s[0..len) (valid UTF-8) escaped for HTML text and quoted attribute
 * values: & < > " ' become entities; control characters other than tab and
 * newline, which HTML forbids, become U+FFFD. */
int page_escape(struct buf *out, const char *s, size_t len);

/* Paragraph p of a as a <p> element: each quote a <mark class="q ..."> with
 * data-quote, data-speaker and data-kind; where the annotation has the spans,
 * the cue (<u class="cue">) and the speaker mention (<u class="who">)
 * underlined; reported speech (attributions) as <span class="reported">. */
int page_paragraph(struct buf *out, const struct article *a, size_t p);

/* The reader page of a stored article (GET /read/{id}). */
int page_article(struct buf *out, const struct article *a);

/* The browser index (GET / with Accept: text/html): the n articles, in order. */
int page_index(struct buf *out, const struct article *const *arts, size_t n);

/* The annotate page (GET /annotate): a form whose script posts to /v1/annotate. */
int page_annotate(struct buf *out);

/* The stylesheet and the script, built into the binary (static, not to be freed). */
const char *page_css(size_t *len);
const char *page_js(size_t *len);

#endif /* ARTICLED_PAGE_H */
