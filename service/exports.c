/* exports.c - quotes and search hits as CSV and NDJSON rows for spreadsheets. */
#include "exports.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static const char *const quote_columns[] = {
    "article", "title", "published", "url",  "section",      "paragraph", "quote",
    "text",    "kind",  "speaker",   "role", "organization", "cue",       "sentence"};
#define NQUOTE (sizeof quote_columns / sizeof quote_columns[0])
/* The quote columns from "quote" on, which a hit carries after its own. */
#define QUOTE_OWN 6

static const char *const hit_columns[] = {
    "article", "title",   "published",    "url",   "section", "paragraph",
    "type",    "snippet", "rank",         "quote", "text",    "kind",
    "speaker", "role",    "organization", "cue",   "sentence"};
#define NHIT (sizeof hit_columns / sizeof hit_columns[0])

static const char *const hit_types[] = {"title", "paragraph", "quote"};

/* How a column is written in NDJSON; CSV writes every one as text. */
enum col_type { COL_TEXT, COL_INT, COL_REAL };

/* One row being made: values (NULL for none) and their lengths. */
struct row {
    const char *vals[NHIT];
    size_t lens[NHIT];
    enum col_type types[NHIT];
};

/* One RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
static int csv_field(struct buf *out, const char *s, size_t n, int first)
{
    int quote = s && memchr(s, '"', n) != NULL;

    for (size_t i = 0; s && i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '\r' || s[i] == '\n';
    if (!first && buf_addc(out, ','))
        return -1;
    if (!s)
        return 0;
    if (!quote)
        return buf_add(out, s, n) ? -1 : 0;
    if (buf_addc(out, '"'))
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((s[i] == '"' && buf_addc(out, '"')) || buf_addc(out, s[i]))
            return -1;
    return buf_addc(out, '"') ? -1 : 0;
}

/* The row as CSV (CRLF-terminated) or as one NDJSON line, appended to out. */
static int put_row(enum exports_format f, const char *const *names, size_t n, const struct row *r,
                   struct buf *out)
{
    json_t *o;
    char *text;
    int rc;

    if (f == EXPORTS_CSV) {
        for (size_t k = 0; k < n; k++)
            if (csv_field(out, r->vals[k], r->lens[k], k == 0))
                return -1;
        return buf_add(out, "\r\n", 2) ? -1 : 0;
    }
    o = json_object();
    for (size_t k = 0; o && k < n; k++) {
        json_t *v = !r->vals[k]               ? json_null()
                    : r->types[k] == COL_INT  ? json_integer(strtoll(r->vals[k], NULL, 10))
                    : r->types[k] == COL_REAL ? json_real(strtod(r->vals[k], NULL))
                                              : json_stringn(r->vals[k], r->lens[k]);

        if (json_object_set_new(o, names[k], v)) {
            json_decref(o);
            return -1;
        }
    }
    /* Six digits for a rank, as in the JSON hits. */
    text = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    json_decref(o);
    if (!text)
        return -1;
    rc = buf_adds(out, text) || buf_addc(out, '\n') ? -1 : 0;
    free(text);
    return rc;
}

static int header(enum exports_format f, const char *const *names, size_t n, struct buf *out)
{
    if (f != EXPORTS_CSV)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (csv_field(out, names[i], strlen(names[i]), i == 0))
            return -1;
    return buf_add(out, "\r\n", 2) ? -1 : 0;
}

/* Byte offset of code point cp in s. */
static size_t byte_at(const char *s, size_t len, size_t cp)
{
    size_t i = 0;

    for (size_t k = 0; k < cp && i < len; k++)
        utf8_next(s, len, &i);
    return i;
}

/* The sentence around [start, end) of paragraph text: from after the last ". ", "! "
 * or "? " before start to the end of the first one after end (or the paragraph's ends). */
static void sentence(const char *p, size_t len, size_t start, size_t end, size_t *from,
                     size_t *to)
{
    size_t b = byte_at(p, len, start), e = byte_at(p, len, end);

    *from = 0;
    for (size_t i = b; i >= 2; i--)
        if (strchr(".!?", p[i - 2]) && p[i - 1] == ' ') {
            *from = i;
            break;
        }
    *to = len;
    for (size_t i = e; i + 1 < len; i++)
        if (strchr(".!?", p[i]) && p[i + 1] == ' ') {
            /* A stop right after the closing mark belongs to the quote's sentence. */
            *to = i + 1;
            break;
        }
}

static void set(struct row *r, size_t k, const char *s, enum col_type t)
{
    r->vals[k] = s;
    r->lens[k] = s ? strlen(s) : 0;
    r->types[k] = t;
}

/* The article's columns (article to url) into r->vals[0..3]. */
static void article_cols(const struct article *a, struct row *r)
{
    set(r, 0, a->id, COL_TEXT);
    set(r, 1, a->doc->title, COL_TEXT);
    set(r, 2, a->published, COL_TEXT);
    set(r, 3, a->meta->source_url, COL_TEXT);
}

/* The columns of quote i of a into r, in quote_columns' order; paragraph is
 * storage for its number. */
static void quote_cols(const struct article *a, size_t i, struct row *r, char paragraph[24])
{
    const struct annot_quote *q = &a->an->quotes[i];
    const struct annot_speaker *sp = q->speaker >= 0 ? &a->an->speakers[q->speaker] : NULL;
    const struct parse_para *para = &a->doc->paras[q->para];
    size_t from, to;

    article_cols(a, r);
    sentence(para->text, para->len, q->start, q->end, &from, &to);
    snprintf(paragraph, 24, "%zu", q->para);
    set(r, 4, a->doc->sections[para->section].slug, COL_TEXT);
    set(r, 5, paragraph, COL_INT);
    set(r, 6, a->quote_ids[i], COL_TEXT);
    set(r, 7, q->text, COL_TEXT);
    set(r, 8, annot_kind_name(q->kind), COL_TEXT);
    set(r, 9, sp ? sp->name : q->source, COL_TEXT);
    set(r, 10, sp ? sp->role : NULL, COL_TEXT);
    set(r, 11, sp ? sp->organization : NULL, COL_TEXT);
    set(r, 12, q->cue, COL_TEXT);
    set(r, 13, para->text + from, COL_TEXT);
    r->lens[13] = to - from;
}

int exports_header(enum exports_format f, struct buf *out)
{
    return header(f, quote_columns, NQUOTE, out);
}

int exports_row(enum exports_format f, const struct article *a, size_t i, struct buf *out)
{
    struct row r;
    char paragraph[24];

    quote_cols(a, i, &r, paragraph);
    return put_row(f, quote_columns, NQUOTE, &r, out);
}

int exports_hit_header(enum exports_format f, struct buf *out)
{
    return header(f, hit_columns, NHIT, out);
}

/* The snippet without its <mark>s and HTML escapes: the paragraph's own text. */
static int plain_snippet(const char *s, struct buf *out)
{
    static const struct {
        const char *from, *to;
    } subs[] = {{"<mark>", ""}, {"</mark>", ""}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}};

    for (; s && *s;) {
        size_t k = 0, n = 0;

        for (; k < sizeof subs / sizeof subs[0]; k++)
            if (!strncmp(s, subs[k].from, (n = strlen(subs[k].from))))
                break;
        if (k < sizeof subs / sizeof subs[0]) {
            if (buf_adds(out, subs[k].to))
                return -1;
            s += n;
        } else if (buf_addc(out, *s++)) {
            return -1;
        }
    }
    return buf_addc(out, '\0') ? -1 : 0;
}

int exports_hit_row(enum exports_format f, const struct search_hit *h, struct buf *out)
{
    const struct article *a = h->a;
    struct row q, r;
    struct buf snip;
    char paragraph[24], rank[32];
    int rc;

    memset(&r, 0, sizeof r);
    article_cols(a, &r);
    if (h->kind == SEARCH_QUOTE && h->index < a->an->nquotes) {
        quote_cols(a, h->index, &q, paragraph);
        for (size_t k = 4; k < 6; k++)
            set(&r, k, q.vals[k], q.types[k]);
        for (size_t k = QUOTE_OWN; k < NQUOTE; k++) {
            r.vals[k + 3] = q.vals[k];
            r.lens[k + 3] = q.lens[k];
            r.types[k + 3] = q.types[k];
        }
    } else if (h->kind == SEARCH_PARAGRAPH && h->index < a->doc->npara) {
        snprintf(paragraph, sizeof paragraph, "%zu", h->index);
        set(&r, 4, a->doc->sections[a->doc->paras[h->index].section].slug, COL_TEXT);
        set(&r, 5, paragraph, COL_INT);
    }
    buf_init(&snip, 1u << 20);
    if (plain_snippet(h->snippet, &snip)) {
        buf_free(&snip);
        return -1;
    }
    snprintf(rank, sizeof rank, "%.6g", h->score);
    set(&r, 6, hit_types[h->kind], COL_TEXT);
    set(&r, 7, snip.data, COL_TEXT);
    set(&r, 8, rank, COL_REAL);
    rc = put_row(f, hit_columns, NHIT, &r, out);
    buf_free(&snip);
    return rc;
}
