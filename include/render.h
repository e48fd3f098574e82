/* render.h - the article model as JSON (Jansson trees and compact text).
 *
 * Pure: no I/O. Every json_t returned is a new reference the caller releases
 * with json_decref(); every char * is the caller's to free(). Functions that
 * build JSON return NULL only when memory runs out.
 */
#ifndef ARTICLED_RENDER_H
#define ARTICLED_RENDER_H

#include <jansson.h>
#include <stddef.h>

#include "article.h"
#include "buf.h"

/* The media type of every JSON body. */
#define RENDER_JSON_TYPE "application/json; charset=utf-8"

/* Top-level fields of an article response, in output order (for fields=). */
enum render_field {
    RENDER_F_ID,
    RENDER_F_TITLE,
    RENDER_F_SOURCE,
    RENDER_F_DATELINE,
    RENDER_F_PUBLISHED,
    RENDER_F_BYLINE,
    RENDER_F_AUTHORS,
    RENDER_F_URL,
    RENDER_F_LICENSE,
    RENDER_F_CREDIT,
    RENDER_F_ANNOTATOR_VERSION,
    RENDER_F_DROPPED,
    RENDER_F_SECTIONS,
    RENDER_F_QUOTES,
    RENDER_F_SPEAKERS,
    RENDER_F_ATTRIBUTIONS,
    RENDER_F_LINKS,
    RENDER_NFIELDS
};

/* JSON name of a field ("dropped_boilerplate"), and the field of a name (-1 if none). */
const char *render_field_name(enum render_field f);
int render_field_find(const char *name, size_t len);

/* One top-level field's value. With links == 0 (ad-hoc annotation) RENDER_F_LINKS is NULL. */
json_t *render_article_field(const struct article *a, enum render_field f, int links);

/* The whole article: every field (links only when links != 0). */
json_t *render_article(const struct article *a, int links);

/* The same article as compact JSON text appended to out, byte for byte what
 * render_dump(render_article(a, links)) gives, but built one element (and one
 * paragraph) at a time: memory stays near the size of the text. Returns 0, or
 * -1 when out of memory or over out's cap (out is then freed). */
int render_article_text(const struct article *a, int links, struct buf *out);

/* The same for one top-level field's value and for one section (as
 * render_article_field() and render_section() would dump them). */
int render_article_field_text(const struct article *a, enum render_field f, int links,
                              struct buf *out);
int render_section_text(const struct article *a, size_t i, int links, struct buf *out);
/* The same for render_section_list(). */
int render_section_list_text(const struct article *a, struct buf *out);

/* render_section_list_text() from the article's sections as render_section_text(a, i, 1)
 * writes them, joined by commas (len 0 when there are none): a copy, not a second rendering. */
int render_section_list_wrap(const struct article *a, const char *sections, size_t len,
                             struct buf *out);
/* render_speaker_detail(a, i) as compact text, from speaker i's item (render_speaker(a, i, 1)
 * as text) and the texts of every quote of a (render_quote(a, k, 1), by quote index). */
int render_speaker_detail_text(const struct article *a, size_t i, const char *item,
                               size_t item_len, const char *const *quotes,
                               const size_t *quote_lens, struct buf *out);

/* render_quote(), render_attribution(), render_speaker() and render_summary() as
 * compact text appended to out, byte for byte their dump, without building the
 * tree. Return 0, or -1 where the tree would be NULL or out is full. */
int render_quote_text(const struct article *a, size_t i, int links, struct buf *out);
int render_attribution_text(const struct article *a, size_t i, struct buf *out);
int render_speaker_text(const struct article *a, size_t i, int links, struct buf *out);
int render_summary_text(const struct article *a, struct buf *out);

json_t *render_summary(const struct article *a);
/* links != 0 adds "links":{"self":...}; ad-hoc annotations have no URLs. */
json_t *render_section(const struct article *a, size_t i, int links);
json_t *render_section_list(const struct article *a);
json_t *render_quote(const struct article *a, size_t i, int links);
json_t *render_attribution(const struct article *a, size_t i);
json_t *render_speaker(const struct article *a, size_t i, int links);
/* The speaker with all their quotes and attributions. */
json_t *render_speaker_detail(const struct article *a, size_t i);

/* s[0..len) as a JSON string, escaped as render_dump() does, appended to out.
 * Returns 0, or -1 when out is full. */
int render_string_text(struct buf *out, const char *s, size_t len);

/* Compact UTF-8 text of v appended to out (v is kept). Returns 0, or -1 when out is full. */
int render_dump_text(struct buf *out, const json_t *v);

/* Compact UTF-8 text of v; *len gets its length. NULL when memory runs out. */
char *render_dump(const json_t *v, size_t *len);

/* Re-indent valid compact JSON text (2 spaces, newline at the end) into out.
 * Pure byte transform: no parsing into trees. Returns 0, or -1 when out is full. */
int render_pretty(const char *json, size_t len, struct buf *out);

/* A page of a list: {"items":[...],"total":N,"limit":L,"offset":O,
 * "links":{"self":...,"next":...|null,"prev":...|null}} built from
 * pre-rendered item texts. path is the list's path, query the other query
 * parameters already encoded ("speaker=x&kind=direct") or "". */
int render_page(struct buf *out, const char *const *items, const size_t *lens, size_t n,
                size_t total, size_t limit, size_t offset, const char *path, const char *query);

/* The RFC 8288 Link header of the same page (rel="next" and/or rel="prev";
 * nothing when there is neither) appended to out. Returns 0, or -1 when out is full. */
int render_page_link_header(struct buf *out, size_t total, size_t limit, size_t offset,
                            const char *path, const char *query);

/* The URL of a page (path?query&limit=L&offset=O) into out. */
int render_page_url(struct buf *out, const char *path, const char *query, size_t limit,
                    size_t offset);

/* An RFC 9457 problem document. param, when not NULL, is reported in
 * invalid_params with reason. Returns new text the caller frees. */
char *render_problem(unsigned status, const char *detail, const char *instance,
                     const char *request_id, const char *param, const char *reason, size_t *len);

/* Title and type slug for an HTTP status ("Not Found", "not-found"). */
const char *render_status_title(unsigned status);
const char *render_status_type(unsigned status);

#endif /* ARTICLED_RENDER_H */
