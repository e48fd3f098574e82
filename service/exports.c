/* exports.c - quotes as CSV and NDJSON rows for spreadsheets. */
#include "exports.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static const char *const columns[] = {"article",  "title",   "published", "url",
                                      "section",  "paragraph", "quote",   "text",
                                      "kind",     "speaker", "role",      "organization",
                                      "cue",      "sentence"};
#define NCOLS (sizeof columns / sizeof columns[0])

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

int exports_header(enum exports_format f, struct buf *out)
{
    if (f != EXPORTS_CSV)
        return 0;
    for (size_t i = 0; i < NCOLS; i++)
        if (csv_field(out, columns[i], strlen(columns[i]), i == 0))
            return -1;
    return buf_add(out, "\r\n", 2) ? -1 : 0;
}

int exports_row(enum exports_format f, const struct article *a, size_t i, struct buf *out)
{
    const struct annot_quote *q = &a->an->quotes[i];
    const struct annot_speaker *sp = q->speaker >= 0 ? &a->an->speakers[q->speaker] : NULL;
    const struct parse_para *para = &a->doc->paras[q->para];
    char paragraph[24];
    size_t from, to;
    const char *vals[NCOLS];
    size_t lens[NCOLS];

    sentence(para->text, para->len, q->start, q->end, &from, &to);
    snprintf(paragraph, sizeof paragraph, "%zu", q->para);
    vals[0] = a->id;
    vals[1] = a->doc->title;
    vals[2] = a->published;
    vals[3] = a->meta->source_url;
    vals[4] = a->doc->sections[para->section].slug;
    vals[5] = paragraph;
    vals[6] = a->quote_ids[i];
    vals[7] = q->text;
    vals[8] = annot_kind_name(q->kind);
    vals[9] = sp ? sp->name : q->source;
    vals[10] = sp ? sp->role : NULL;
    vals[11] = sp ? sp->organization : NULL;
    vals[12] = q->cue;
    vals[13] = para->text + from;
    for (size_t k = 0; k < NCOLS; k++)
        lens[k] = vals[k] ? strlen(vals[k]) : 0;
    lens[13] = to - from;
    if (f == EXPORTS_CSV) {
        for (size_t k = 0; k < NCOLS; k++)
            if (csv_field(out, vals[k], lens[k], k == 0))
                return -1;
        return buf_add(out, "\r\n", 2) ? -1 : 0;
    }
    {
        json_t *o = json_object();
        char *text;
        int rc;

        for (size_t k = 0; o && k < NCOLS; k++) {
            json_t *v = k == 5   ? json_integer((json_int_t)q->para)
                        : vals[k] ? json_stringn(vals[k], lens[k])
                                  : json_null();

            if (json_object_set_new(o, columns[k], v)) {
                json_decref(o);
                return -1;
            }
        }
        text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        if (!text)
            return -1;
        rc = buf_adds(out, text) || buf_addc(out, '\n') ? -1 : 0;
        free(text);
        return rc;
    }
}
