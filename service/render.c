/* render.c - the article model as JSON. */
#include "render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define LINK_MAX 512

static const char *const field_names[RENDER_NFIELDS] = {
    "id",       "title",   "source",  "dateline",          "published",
    "byline",   "authors", "url",     "license",           "credit",
    "annotator_version",   "dropped_boilerplate",          "sections",
    "quotes",   "speakers", "attributions", "links",
};

const char *render_field_name(enum render_field f)
{
    return field_names[f];
}

int render_field_find(const char *name, size_t len)
{
    for (int f = 0; f < RENDER_NFIELDS; f++)
        if (strlen(field_names[f]) == len && !memcmp(field_names[f], name, len))
            return f;
    return -1;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* "/v1/articles/ID[/SUB[/KEY]]" as a JSON string. */
static json_t *mklink(const char *id, const char *sub, const char *key)
{
    char tmp[LINK_MAX];

    snprintf(tmp, sizeof tmp, "/v1/articles/%s%s%s%s%s", id, sub ? "/" : "", sub ? sub : "",
             key ? "/" : "", key ? key : "");
    return json_string(tmp);
}

/* Build an object from key/value pairs, stealing the values; NULL if any is NULL. */
static json_t *obj_steal(json_t *o, const char *key, json_t *v)
{
    if (!o || !v) {
        json_decref(o);
        json_decref(v);
        return NULL;
    }
    /* json_object_set_new releases v itself when it fails. */
    if (json_object_set_new(o, key, v)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *arr_steal(json_t *a, json_t *v)
{
    if (!a || !v) {
        json_decref(a);
        json_decref(v);
        return NULL;
    }
    if (json_array_append_new(a, v)) {
        json_decref(a);
        return NULL;
    }
    return a;
}

static const char *speaker_id(const struct article *a, long sp)
{
    return sp >= 0 && (size_t)sp < a->an->nspeakers ? a->an->speakers[sp].id : NULL;
}

json_t *render_section(const struct article *a, size_t i, int links)
{
    const struct parse_section *s = &a->doc->sections[i];
    json_t *o = json_object(), *aliases = json_array(), *paras = json_array();
    size_t na = article_section_alias_count(a, i);

    for (size_t k = 0; k < na; k++)
        aliases = arr_steal(aliases, json_string(article_section_alias(a, i, k)));
    for (size_t p = s->first; p < s->first + s->count; p++) {
        json_t *po = json_object();

        po = obj_steal(po, "index", json_integer((json_int_t)p));
        po = obj_steal(po, "text", json_stringn(a->doc->paras[p].text, a->doc->paras[p].len));
        paras = arr_steal(paras, po);
    }
    o = obj_steal(o, "id", json_string(s->slug));
    o = obj_steal(o, "index", json_integer((json_int_t)i));
    o = obj_steal(o, "heading", str_or_null(s->heading));
    o = obj_steal(o, "aliases", aliases);
    o = obj_steal(o, "paragraphs", paras);
    if (links)
        o = obj_steal(o, "links",
                      obj_steal(json_object(), "self", mklink(a->id, "sections", s->slug)));
    return o;
}

json_t *render_section_list(const struct article *a)
{
    json_t *items = json_array(), *o = json_object();

    for (size_t i = 0; i < a->doc->nsections; i++)
        items = arr_steal(items, render_section(a, i, 1));
    o = obj_steal(o, "items", items);
    o = obj_steal(o, "total", json_integer((json_int_t)a->doc->nsections));
    o = obj_steal(o, "links", obj_steal(json_object(), "self", mklink(a->id, "sections", NULL)));
    return o;
}

/* {start, end, paragraph} in code points, or null. */
static json_t *render_span(const struct annot_span *sp)
{
    if (!sp->set)
        return json_null();
    json_t *o = json_object();
    o = obj_steal(o, "start", json_integer((json_int_t)sp->start));
    o = obj_steal(o, "end", json_integer((json_int_t)sp->end));
    o = obj_steal(o, "paragraph", json_integer((json_int_t)sp->para));
    return o;
}

/* The names of the rules that decided (annotate --explain tells the same). */
static json_t *render_rules(const char *kind_rule, const char *speaker_rule)
{
    json_t *o = json_object();
    o = obj_steal(o, "kind", str_or_null(kind_rule));
    o = obj_steal(o, "speaker", str_or_null(speaker_rule));
    return o;
}

json_t *render_quote(const struct article *a, size_t i, int links)
{
    const struct annot_quote *q = &a->an->quotes[i];
    json_t *o = json_object();

    o = obj_steal(o, "id", json_string(a->quote_ids[i]));
    o = obj_steal(o, "key", json_string(a->quote_keys[i]));
    o = obj_steal(o, "article", json_string(a->id));
    o = obj_steal(o, "kind", json_string(annot_kind_name(q->kind)));
    o = obj_steal(o, "section", json_string(a->doc->sections[a->doc->paras[q->para].section].slug));
    o = obj_steal(o, "paragraph", json_integer((json_int_t)q->para));
    o = obj_steal(o, "start", json_integer((json_int_t)q->start));
    o = obj_steal(o, "end", json_integer((json_int_t)q->end));
    o = obj_steal(o, "text", json_string(q->text));
    o = obj_steal(o, "speaker", str_or_null(speaker_id(a, q->speaker)));
    o = obj_steal(o, "source", str_or_null(q->speaker < 0 ? q->source : NULL));
    o = obj_steal(o, "cue", str_or_null(q->cue));
    o = obj_steal(o, "cue_span", render_span(&q->cue_span));
    o = obj_steal(o, "speaker_span", render_span(&q->speaker_span));
    o = obj_steal(o, "rules", render_rules(q->kind_rule, q->speaker_rule));
    if (links)
        o = obj_steal(o, "links",
                      obj_steal(json_object(), "self", mklink(a->id, "quotes", a->quote_ids[i])));
    return o;
}

json_t *render_attribution(const struct article *a, size_t i)
{
    const struct annot_attr *t = &a->an->attrs[i];
    json_t *o = json_object();

    o = obj_steal(o, "id", json_string(a->attr_ids[i]));
    o = obj_steal(o, "key", json_string(a->attr_keys[i]));
    o = obj_steal(o, "article", json_string(a->id));
    o = obj_steal(o, "kind", json_string(annot_kind_name(ANNOT_INDIRECT)));
    o = obj_steal(o, "section", json_string(a->doc->sections[a->doc->paras[t->para].section].slug));
    o = obj_steal(o, "paragraph", json_integer((json_int_t)t->para));
    o = obj_steal(o, "start", json_integer((json_int_t)t->start));
    o = obj_steal(o, "end", json_integer((json_int_t)t->end));
    o = obj_steal(o, "source", str_or_null(t->source));
    o = obj_steal(o, "speaker", str_or_null(speaker_id(a, t->speaker)));
    o = obj_steal(o, "cue", str_or_null(t->cue));
    o = obj_steal(o, "cue_span", render_span(&t->cue_span));
    o = obj_steal(o, "speaker_span", render_span(&t->speaker_span));
    o = obj_steal(o, "rules", render_rules("reported-speech", t->speaker_rule));
    return o;
}

json_t *render_speaker(const struct article *a, size_t i, int links)
{
    const struct annot_speaker *s = &a->an->speakers[i];
    json_t *o = json_object(), *aliases = json_array();

    for (size_t k = 0; k < s->naliases; k++)
        aliases = arr_steal(aliases, json_string(s->aliases[k]));
    o = obj_steal(o, "id", json_string(s->id));
    o = obj_steal(o, "name", json_string(s->name));
    o = obj_steal(o, "aliases", aliases);
    o = obj_steal(o, "role", str_or_null(s->role));
    o = obj_steal(o, "organization", str_or_null(s->organization));
    o = obj_steal(o, "quote_count", json_integer((json_int_t)s->quote_count));
    if (links)
        o = obj_steal(o, "links",
                      obj_steal(json_object(), "self", mklink(a->id, "speakers", s->id)));
    return o;
}

json_t *render_speaker_detail(const struct article *a, size_t i)
{
    json_t *o = render_speaker(a, i, 1), *quotes = json_array(), *attrs = json_array();

    for (size_t k = 0; k < a->an->nquotes; k++)
        if (a->an->quotes[k].speaker == (long)i)
            quotes = arr_steal(quotes, render_quote(a, k, 1));
    for (size_t k = 0; k < a->an->nattrs; k++)
        if (a->an->attrs[k].speaker == (long)i)
            attrs = arr_steal(attrs, render_attribution(a, k));
    o = obj_steal(o, "quotes", quotes);
    o = obj_steal(o, "attributions", attrs);
    return o;
}

json_t *render_summary(const struct article *a)
{
    json_t *o = json_object();

    o = obj_steal(o, "id", json_string(a->id));
    o = obj_steal(o, "title", json_string(a->doc->title));
    o = obj_steal(o, "source", str_or_null(a->meta->source));
    o = obj_steal(o, "dateline", str_or_null(a->doc->dateline));
    o = obj_steal(o, "published", str_or_null(a->published));
    o = obj_steal(o, "url", str_or_null(a->meta->source_url));
    o = obj_steal(o, "section_count", json_integer((json_int_t)a->doc->nsections));
    o = obj_steal(o, "quote_count", json_integer((json_int_t)a->an->nquotes));
    o = obj_steal(o, "speaker_count", json_integer((json_int_t)a->an->nspeakers));
    o = obj_steal(o, "links", obj_steal(json_object(), "self", mklink(a->id, NULL, NULL)));
    return o;
}

json_t *render_article_field(const struct article *a, enum render_field f, int links)
{
    json_t *v;

    switch (f) {
    case RENDER_F_ID:
        return json_string(a->id);
    case RENDER_F_TITLE:
        return json_string(a->doc->title);
    case RENDER_F_SOURCE:
        return str_or_null(a->meta->source);
    case RENDER_F_DATELINE:
        return str_or_null(a->doc->dateline);
    case RENDER_F_PUBLISHED:
        return str_or_null(a->published);
    case RENDER_F_BYLINE:
        return str_or_null(a->doc->byline);
    case RENDER_F_AUTHORS:
        v = json_array();
        for (size_t i = 0; i < a->nauthors; i++)
            v = arr_steal(v, json_string(a->authors[i]));
        return v;
    case RENDER_F_URL:
        return str_or_null(a->meta->source_url);
    case RENDER_F_LICENSE:
        return str_or_null(a->meta->license);
    case RENDER_F_CREDIT:
        return str_or_null(a->meta->credit);
    case RENDER_F_ANNOTATOR_VERSION:
        return json_string(article_annotator_version());
    case RENDER_F_DROPPED:
        v = json_array();
        for (size_t i = 0; i < a->doc->ndropped; i++)
            v = arr_steal(v, json_string(a->doc->dropped[i]));
        return v;
    case RENDER_F_SECTIONS:
        v = json_array();
        for (size_t i = 0; i < a->doc->nsections; i++)
            v = arr_steal(v, render_section(a, i, links));
        return v;
    case RENDER_F_QUOTES:
        v = json_array();
        for (size_t i = 0; i < a->an->nquotes; i++)
            v = arr_steal(v, render_quote(a, i, links));
        return v;
    case RENDER_F_SPEAKERS:
        v = json_array();
        for (size_t i = 0; i < a->an->nspeakers; i++)
            v = arr_steal(v, render_speaker(a, i, links));
        return v;
    case RENDER_F_ATTRIBUTIONS:
        v = json_array();
        for (size_t i = 0; i < a->an->nattrs; i++)
            v = arr_steal(v, render_attribution(a, i));
        return v;
    case RENDER_F_LINKS:
        if (!links)
            return NULL;
        v = json_object();
        v = obj_steal(v, "self", mklink(a->id, NULL, NULL));
        v = obj_steal(v, "sections", mklink(a->id, "sections", NULL));
        v = obj_steal(v, "quotes", mklink(a->id, "quotes", NULL));
        v = obj_steal(v, "speakers", mklink(a->id, "speakers", NULL));
        return v;
    case RENDER_NFIELDS:
        break;
    }
    return NULL;
}

json_t *render_article(const struct article *a, int links)
{
    json_t *o = json_object();

    for (int f = 0; f < RENDER_NFIELDS; f++) {
        if (f == RENDER_F_LINKS && !links)
            continue;
        o = obj_steal(o, field_names[f], render_article_field(a, (enum render_field)f, links));
    }
    return o;
}

static int dump_cb(const char *data, size_t n, void *ud)
{
    return buf_add(ud, data, n) ? -1 : 0;
}

/* A string as json_dump*(JSON_COMPACT) writes it: '"', '\\' and control bytes
 * escaped, the rest (valid UTF-8, as every json_t string is) as it is. */
static int dump_str_at(struct buf *out, const char *s, size_t n, size_t at);

static int dump_str(struct buf *out, const char *s, size_t n)
{
    return dump_str_at(out, s, n, 0);
}

/* dump_str() of s, whose first at bytes are known to need no escape. */
static int dump_str_at(struct buf *out, const char *s, size_t n, size_t at)
{
    size_t from = 0;
    char esc[8];

    if (buf_addc(out, '"'))
        return -1;
    for (size_t i = at; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *e;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        switch (c) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
            e = esc;
        }
        if (buf_add(out, s + from, i - from) || buf_adds(out, e))
            return -1;
        from = i + 1;
    }
    return buf_add(out, s + from, n - from) || buf_addc(out, '"') ? -1 : 0;
}

/* v's compact text, byte for byte what json_dump_callback(JSON_COMPACT |
 * JSON_ENCODE_ANY) writes (keys in insertion order), without its per-call hash
 * table of parents: rendering a snapshot spent 40 % of its time there. Trees
 * here are built by render.c and corpus.c, never cyclic. */
static int dump_fast(struct buf *out, const json_t *v)
{
    char num[32];

    switch (json_typeof(v)) {
    case JSON_NULL:
        return buf_add(out, "null", 4) ? -1 : 0;
    case JSON_TRUE:
        return buf_add(out, "true", 4) ? -1 : 0;
    case JSON_FALSE:
        return buf_add(out, "false", 5) ? -1 : 0;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf_adds(out, num) ? -1 : 0;
    case JSON_STRING:
        return dump_str(out, json_string_value(v), json_string_length(v));
    case JSON_ARRAY:
        if (buf_addc(out, '['))
            return -1;
        for (size_t i = 0; i < json_array_size(v); i++)
            if ((i && buf_addc(out, ',')) || dump_fast(out, json_array_get(v, i)))
                return -1;
        return buf_addc(out, ']') ? -1 : 0;
    case JSON_OBJECT: {
        json_t *o = (json_t *)(uintptr_t)v; /* the iterator API takes no const */
        int first = 1;

        if (buf_addc(out, '{'))
            return -1;
        for (void *it = json_object_iter(o); it; it = json_object_iter_next(o, it), first = 0) {
            if ((!first && buf_addc(out, ',')) ||
                dump_str(out, json_object_iter_key(it), json_object_iter_key_len(it)) ||
                buf_addc(out, ':') || dump_fast(out, json_object_iter_value(it)))
                return -1;
        }
        return buf_addc(out, '}') ? -1 : 0;
    }
    case JSON_REAL:
        break;
    }
    /* Reals keep Jansson's own formatting. */
    return json_dump_callback(v, dump_cb, out, JSON_COMPACT | JSON_ENCODE_ANY);
}

int render_string_text(struct buf *out, const char *s, size_t len)
{
    return dump_str(out, s, len);
}

int render_dump_text(struct buf *out, const json_t *v)
{
    return v ? dump_fast(out, v) : -1;
}

/* Append v's compact text and release v (NULL fails). */
static int put(struct buf *out, json_t *v)
{
    int rc = v ? dump_fast(out, v) : -1;

    json_decref(v);
    return rc;
}

/* Writers of the trees above as text, byte for byte what dump_fast() makes of
 * them, without the tree: a 10,000-article load built 3 million Jansson values
 * only to dump and free them. Each fails where its tree would be NULL: a NULL or
 * invalid UTF-8 string (json_string() refuses both), a full out. */

/* A JSON string: s[0..n) checked as json_stringn() checks it, then escaped. Its
 * leading printable ASCII (all of most ids and names) needs neither: one scan finds
 * where that ends, and only the rest is checked and escaped byte by byte. */
static int text_strn(struct buf *out, const char *s, size_t n)
{
    size_t i = 0;

    if (!s)
        return -1;
    while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80 && s[i] != '"' &&
           s[i] != '\\')
        i++;
    return i == n || utf8_valid(s + i, n - i, NULL) ? dump_str_at(out, s, n, i) : -1;
}

static int text_str(struct buf *out, const char *s)
{
    return s ? text_strn(out, s, strlen(s)) : -1;
}

static int text_str_or_null(struct buf *out, const char *s)
{
    return s ? text_str(out, s) : (buf_add(out, "null", 4) ? -1 : 0);
}

/* An integer as "%lld" writes it, without printf. */
static int text_int(struct buf *out, json_int_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    return buf_add(out, p, (size_t)(tmp + sizeof tmp - p)) ? -1 : 0;
}

/* Literal JSON: keys (none needs escaping) and punctuation. */
static int text_key(struct buf *out, const char *lit)
{
    return buf_adds(out, lit) ? -1 : 0;
}

/* mklink() as text: the same truncation at LINK_MAX, the same check. */
static int text_link(struct buf *out, const char *id, const char *sub, const char *key)
{
    char tmp[LINK_MAX];

    snprintf(tmp, sizeof tmp, "/v1/articles/%s%s%s%s%s", id, sub ? "/" : "", sub ? sub : "",
             key ? "/" : "", key ? key : "");
    return text_str(out, tmp);
}

/* ,"links":{"self":...} */
static int text_self(struct buf *out, const char *id, const char *sub, const char *key)
{
    return text_key(out, ",\"links\":{\"self\":") || text_link(out, id, sub, key) ||
                   buf_addc(out, '}')
               ? -1
               : 0;
}

static int text_span(struct buf *out, const struct annot_span *sp)
{
    if (!sp->set)
        return buf_add(out, "null", 4) ? -1 : 0;
    return text_key(out, "{\"start\":") || text_int(out, (json_int_t)sp->start) ||
                   text_key(out, ",\"end\":") || text_int(out, (json_int_t)sp->end) ||
                   text_key(out, ",\"paragraph\":") || text_int(out, (json_int_t)sp->para) ||
                   buf_addc(out, '}')
               ? -1
               : 0;
}

static int text_rules(struct buf *out, const char *kind_rule, const char *speaker_rule)
{
    return text_key(out, "{\"kind\":") || text_str_or_null(out, kind_rule) ||
                   text_key(out, ",\"speaker\":") || text_str_or_null(out, speaker_rule) ||
                   buf_addc(out, '}')
               ? -1
               : 0;
}

/* The section slug of paragraph p. */
static const char *para_section(const struct article *a, size_t p)
{
    return a->doc->sections[a->doc->paras[p].section].slug;
}

int render_quote_text(const struct article *a, size_t i, int links, struct buf *out)
{
    const struct annot_quote *q = &a->an->quotes[i];

    if (text_key(out, "{\"id\":") || text_str(out, a->quote_ids[i]) ||
        text_key(out, ",\"key\":") || text_str(out, a->quote_keys[i]) ||
        text_key(out, ",\"article\":") || text_str(out, a->id) ||
        text_key(out, ",\"kind\":") || text_str(out, annot_kind_name(q->kind)) ||
        text_key(out, ",\"section\":") || text_str(out, para_section(a, q->para)) ||
        text_key(out, ",\"paragraph\":") || text_int(out, (json_int_t)q->para) ||
        text_key(out, ",\"start\":") || text_int(out, (json_int_t)q->start) ||
        text_key(out, ",\"end\":") || text_int(out, (json_int_t)q->end) ||
        text_key(out, ",\"text\":") || text_str(out, q->text) ||
        text_key(out, ",\"speaker\":") || text_str_or_null(out, speaker_id(a, q->speaker)) ||
        text_key(out, ",\"source\":") ||
        text_str_or_null(out, q->speaker < 0 ? q->source : NULL) ||
        text_key(out, ",\"cue\":") || text_str_or_null(out, q->cue) ||
        text_key(out, ",\"cue_span\":") || text_span(out, &q->cue_span) ||
        text_key(out, ",\"speaker_span\":") || text_span(out, &q->speaker_span) ||
        text_key(out, ",\"rules\":") || text_rules(out, q->kind_rule, q->speaker_rule))
        return -1;
    if (links && text_self(out, a->id, "quotes", a->quote_ids[i]))
        return -1;
    return buf_addc(out, '}') ? -1 : 0;
}

int render_attribution_text(const struct article *a, size_t i, struct buf *out)
{
    const struct annot_attr *t = &a->an->attrs[i];

    return text_key(out, "{\"id\":") || text_str(out, a->attr_ids[i]) ||
                   text_key(out, ",\"key\":") || text_str(out, a->attr_keys[i]) ||
                   text_key(out, ",\"article\":") || text_str(out, a->id) ||
                   text_key(out, ",\"kind\":") || text_str(out, annot_kind_name(ANNOT_INDIRECT)) ||
                   text_key(out, ",\"section\":") || text_str(out, para_section(a, t->para)) ||
                   text_key(out, ",\"paragraph\":") || text_int(out, (json_int_t)t->para) ||
                   text_key(out, ",\"start\":") || text_int(out, (json_int_t)t->start) ||
                   text_key(out, ",\"end\":") || text_int(out, (json_int_t)t->end) ||
                   text_key(out, ",\"source\":") || text_str_or_null(out, t->source) ||
                   text_key(out, ",\"speaker\":") ||
                   text_str_or_null(out, speaker_id(a, t->speaker)) ||
                   text_key(out, ",\"cue\":") || text_str_or_null(out, t->cue) ||
                   text_key(out, ",\"cue_span\":") || text_span(out, &t->cue_span) ||
                   text_key(out, ",\"speaker_span\":") || text_span(out, &t->speaker_span) ||
                   text_key(out, ",\"rules\":") ||
                   text_rules(out, "reported-speech", t->speaker_rule) || buf_addc(out, '}')
               ? -1
               : 0;
}

int render_speaker_text(const struct article *a, size_t i, int links, struct buf *out)
{
    const struct annot_speaker *s = &a->an->speakers[i];

    if (text_key(out, "{\"id\":") || text_str(out, s->id) || text_key(out, ",\"name\":") ||
        text_str(out, s->name) || text_key(out, ",\"aliases\":["))
        return -1;
    for (size_t k = 0; k < s->naliases; k++)
        if ((k && buf_addc(out, ',')) || text_str(out, s->aliases[k]))
            return -1;
    if (text_key(out, "],\"role\":") || text_str_or_null(out, s->role) ||
        text_key(out, ",\"organization\":") || text_str_or_null(out, s->organization) ||
        text_key(out, ",\"quote_count\":") || text_int(out, (json_int_t)s->quote_count))
        return -1;
    if (links && text_self(out, a->id, "speakers", s->id))
        return -1;
    return buf_addc(out, '}') ? -1 : 0;
}

int render_summary_text(const struct article *a, struct buf *out)
{
    return text_key(out, "{\"id\":") || text_str(out, a->id) || text_key(out, ",\"title\":") ||
                   text_str(out, a->doc->title) || text_key(out, ",\"source\":") ||
                   text_str_or_null(out, a->meta->source) || text_key(out, ",\"dateline\":") ||
                   text_str_or_null(out, a->doc->dateline) ||
                   text_key(out, ",\"published\":") || text_str_or_null(out, a->published) ||
                   text_key(out, ",\"url\":") || text_str_or_null(out, a->meta->source_url) ||
                   text_key(out, ",\"section_count\":") ||
                   text_int(out, (json_int_t)a->doc->nsections) ||
                   text_key(out, ",\"quote_count\":") ||
                   text_int(out, (json_int_t)a->an->nquotes) ||
                   text_key(out, ",\"speaker_count\":") ||
                   text_int(out, (json_int_t)a->an->nspeakers) ||
                   text_self(out, a->id, NULL, NULL) || buf_addc(out, '}')
               ? -1
               : 0;
}

/* A section, its paragraphs one at a time, with render_section()'s keys in its order. */
static int put_section(struct buf *out, const struct article *a, size_t i, int links)
{
    const struct parse_section *s = &a->doc->sections[i];
    size_t na = article_section_alias_count(a, i);

    if (text_key(out, "{\"id\":") || text_str(out, s->slug) || text_key(out, ",\"index\":") ||
        text_int(out, (json_int_t)i) || text_key(out, ",\"heading\":") ||
        text_str_or_null(out, s->heading) || text_key(out, ",\"aliases\":["))
        return -1;
    for (size_t k = 0; k < na; k++)
        if ((k && buf_addc(out, ',')) || text_str(out, article_section_alias(a, i, k)))
            return -1;
    if (text_key(out, "],\"paragraphs\":["))
        return -1;
    for (size_t p = s->first; p < s->first + s->count; p++)
        if (text_key(out, p > s->first ? ",{\"index\":" : "{\"index\":") ||
            text_int(out, (json_int_t)p) || text_key(out, ",\"text\":") ||
            text_strn(out, a->doc->paras[p].text, a->doc->paras[p].len) || buf_addc(out, '}'))
            return -1;
    if (buf_addc(out, ']'))
        return -1;
    if (links && text_self(out, a->id, "sections", s->slug))
        return -1;
    return buf_addc(out, '}') ? -1 : 0;
}

int render_section_text(const struct article *a, size_t i, int links, struct buf *out)
{
    return put_section(out, a, i, links);
}

int render_section_list_text(const struct article *a, struct buf *out)
{
    if (buf_adds(out, "{\"items\":["))
        return -1;
    for (size_t i = 0; i < a->doc->nsections; i++)
        if ((i && buf_addc(out, ',')) || put_section(out, a, i, 1))
            return -1;
    if (buf_addf(out, "],\"total\":%zu,\"links\":", a->doc->nsections) ||
        put(out, obj_steal(json_object(), "self", mklink(a->id, "sections", NULL))))
        return -1;
    return buf_addc(out, '}') ? -1 : 0;
}

int render_section_list_wrap(const struct article *a, const char *sections, size_t len,
                             struct buf *out)
{
    return buf_adds(out, "{\"items\":[") || buf_add(out, sections, len) ||
                   buf_addf(out, "],\"total\":%zu,\"links\":", a->doc->nsections) ||
                   put(out, obj_steal(json_object(), "self", mklink(a->id, "sections", NULL))) ||
                   buf_addc(out, '}')
               ? -1
               : 0;
}

int render_speaker_detail_text(const struct article *a, size_t i, const char *item,
                               size_t item_len, const char *const *quotes,
                               const size_t *quote_lens, struct buf *out)
{
    int first = 1;

    /* The item is an object: its closing brace goes after the two lists. */
    if (!item_len || buf_add(out, item, item_len - 1) || buf_adds(out, ",\"quotes\":["))
        return -1;
    for (size_t k = 0; k < a->an->nquotes; k++) {
        if (a->an->quotes[k].speaker != (long)i)
            continue;
        if ((!first && buf_addc(out, ',')) || buf_add(out, quotes[k], quote_lens[k]))
            return -1;
        first = 0;
    }
    if (buf_adds(out, "],\"attributions\":["))
        return -1;
    first = 1;
    for (size_t k = 0; k < a->an->nattrs; k++) {
        if (a->an->attrs[k].speaker != (long)i)
            continue;
        if ((!first && buf_addc(out, ',')) || render_attribution_text(a, k, out))
            return -1;
        first = 0;
    }
    return buf_adds(out, "]}") ? -1 : 0;
}

int render_article_field_text(const struct article *a, enum render_field f, int links,
                              struct buf *out)
{
    size_t n;

    /* The lists that grow with the input go out one element at a time. */
    switch (f) {
    case RENDER_F_SECTIONS:
        n = a->doc->nsections;
        break;
    case RENDER_F_QUOTES:
        n = a->an->nquotes;
        break;
    case RENDER_F_ATTRIBUTIONS:
        n = a->an->nattrs;
        break;
    case RENDER_F_SPEAKERS:
        n = a->an->nspeakers;
        break;
    default:
        return put(out, render_article_field(a, f, links));
    }
    if (buf_addc(out, '['))
        return -1;
    for (size_t i = 0; i < n; i++) {
        int rc = i ? (buf_addc(out, ',') ? -1 : 0) : 0;

        if (!rc && f == RENDER_F_SECTIONS)
            rc = put_section(out, a, i, links);
        else if (!rc)
            rc = f == RENDER_F_QUOTES     ? render_quote_text(a, i, links, out)
                 : f == RENDER_F_SPEAKERS ? render_speaker_text(a, i, links, out)
                                          : render_attribution_text(a, i, out);
        if (rc)
            return -1;
    }
    return buf_addc(out, ']') ? -1 : 0;
}

int render_article_text(const struct article *a, int links, struct buf *out)
{
    if (buf_addc(out, '{'))
        return -1;
    for (int f = 0; f < RENDER_NFIELDS; f++) {
        if (f == RENDER_F_LINKS && !links)
            continue;
        if ((f && buf_addc(out, ',')) || buf_addf(out, "\"%s\":", field_names[f]) ||
            render_article_field_text(a, (enum render_field)f, links, out))
            return -1;
    }
    return buf_addc(out, '}') ? -1 : 0;
}

char *render_dump(const json_t *v, size_t *len)
{
    struct buf b;
    size_t n = 0;
    char *s;

    buf_init(&b, SIZE_MAX / 2);
    if (!v || dump_fast(&b, v)) {
        buf_free(&b);
        return NULL;
    }
    s = buf_steal(&b, &n);
    if (s && len)
        *len = n;
    return s;
}

static int indent(struct buf *out, size_t depth)
{
    if (buf_addc(out, '\n'))
        return -1;
    for (size_t i = 0; i < depth; i++)
        if (buf_add(out, "  ", 2))
            return -1;
    return 0;
}

int render_pretty(const char *json, size_t len, struct buf *out)
{
    size_t depth = 0;
    int in_str = 0;

    for (size_t i = 0; i < len; i++) {
        char c = json[i];
        int rc = 0;

        if (in_str) {
            rc = buf_addc(out, c) != BUF_OK;
            if (c == '\\' && i + 1 < len)
                rc = rc || buf_addc(out, json[++i]);
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
            rc = buf_addc(out, c) != BUF_OK;
        } else if (c == '{' || c == '[') {
            /* Keep empty containers on one line. */
            if (i + 1 < len && (json[i + 1] == '}' || json[i + 1] == ']')) {
                rc = buf_addc(out, c) || buf_addc(out, json[++i]);
            } else {
                rc = buf_addc(out, c) || indent(out, ++depth);
            }
        } else if (c == '}' || c == ']') {
            rc = indent(out, depth ? --depth : 0) || buf_addc(out, c);
        } else if (c == ',') {
            rc = buf_addc(out, c) || indent(out, depth);
        } else if (c == ':') {
            rc = buf_add(out, ": ", 2) != BUF_OK;
        } else {
            rc = buf_addc(out, c) != BUF_OK;
        }
        if (rc)
            return -1;
    }
    return buf_addc(out, '\n') ? -1 : 0;
}

int render_page_url(struct buf *out, const char *path, const char *query, size_t limit,
                    size_t offset)
{
    return buf_adds(out, path) || buf_addc(out, '?') ||
                   (*query && (buf_adds(out, query) || buf_addc(out, '&'))) ||
                   buf_addf(out, "limit=%zu&offset=%zu", limit, offset)
               ? -1
               : 0;
}

int render_page_link_header(struct buf *out, size_t total, size_t limit, size_t offset,
                            const char *path, const char *query)
{
    /* The same next and prev as render_page puts in the body's links. */
    if (offset + limit < total &&
        (buf_addc(out, '<') || render_page_url(out, path, query, limit, offset + limit) ||
         buf_adds(out, ">; rel=\"next\"")))
        return -1;
    if (offset > 0 &&
        ((out->len && buf_adds(out, ", ")) || buf_addc(out, '<') ||
         render_page_url(out, path, query, limit, offset > limit ? offset - limit : 0) ||
         buf_adds(out, ">; rel=\"prev\"")))
        return -1;
    return 0;
}

static int page_mklink(struct buf *out, const char *key, int present, const char *path,
                       const char *query, size_t limit, size_t offset)
{
    if (buf_addf(out, ",\"%s\":", key))
        return -1;
    if (!present)
        return buf_adds(out, "null") ? -1 : 0;
    /* Paths and queries we build hold no characters JSON must escape. */
    return buf_addc(out, '"') || render_page_url(out, path, query, limit, offset) ||
                   buf_addc(out, '"')
               ? -1
               : 0;
}

int render_page(struct buf *out, const char *const *items, const size_t *lens, size_t n,
                size_t total, size_t limit, size_t offset, const char *path, const char *query)
{
    if (buf_adds(out, "{\"items\":["))
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((i && buf_addc(out, ',')) || buf_add(out, items[i], lens[i]))
            return -1;
    if (buf_addf(out, "],\"total\":%zu,\"limit\":%zu,\"offset\":%zu,\"links\":{\"self\":\"", total,
                 limit, offset) ||
        render_page_url(out, path, query, limit, offset) || buf_addc(out, '"') ||
        page_mklink(out, "next", offset + limit < total, path, query, limit, offset + limit) ||
        page_mklink(out, "prev", offset > 0, path, query, limit,
                    offset > limit ? offset - limit : 0) ||
        buf_adds(out, "}}"))
        return -1;
    return 0;
}

static const struct {
    unsigned status;
    const char *title, *type;
} statuses[] = {
    {400, "Bad Request", "bad-request"},
    {401, "Unauthorized", "unauthorized"},
    {403, "Forbidden", "forbidden"},
    {404, "Not Found", "not-found"},
    {405, "Method Not Allowed", "method-not-allowed"},
    {406, "Not Acceptable", "not-acceptable"},
    {412, "Precondition Failed", "precondition-failed"},
    {413, "Content Too Large", "payload-too-large"},
    {414, "URI Too Long", "uri-too-long"},
    {415, "Unsupported Media Type", "unsupported-media-type"},
    {422, "Unprocessable Content", "unprocessable"},
    {428, "Precondition Required", "precondition-required"},
    {429, "Too Many Requests", "too-many-requests"},
    {431, "Request Header Fields Too Large", "header-fields-too-large"},
    {500, "Internal Server Error", "internal"},
    {501, "Not Implemented", "not-implemented"},
    {503, "Service Unavailable", "unavailable"},
    {505, "HTTP Version Not Supported", "http-version-not-supported"},
};

const char *render_status_title(unsigned status)
{
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (statuses[i].status == status)
            return statuses[i].title;
    return "Error";
}

const char *render_status_type(unsigned status)
{
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (statuses[i].status == status)
            return statuses[i].type;
    return "internal";
}

char *render_problem(unsigned status, const char *detail, const char *instance,
                     const char *request_id, const char *param, const char *reason, size_t *len)
{
    char type[64];
    json_t *o = json_object(), *inst;
    char *s;

    snprintf(type, sizeof type, "/problems/%s", render_status_type(status));
    o = obj_steal(o, "type", json_string(type));
    o = obj_steal(o, "title", json_string(render_status_title(status)));
    o = obj_steal(o, "status", json_integer(status));
    o = obj_steal(o, "detail", json_string(detail));
    /* The instance is the request path, which may hold bytes that are not UTF-8. */
    inst = instance ? json_string(instance) : NULL;
    o = obj_steal(o, "instance", inst ? inst : json_string("/"));
    if (request_id)
        o = obj_steal(o, "request_id", json_string(request_id));
    if (param) {
        json_t *p = obj_steal(json_object(), "name", json_string(param));

        p = obj_steal(p, "reason", json_string(reason ? reason : "invalid value"));
        o = obj_steal(o, "invalid_params", arr_steal(json_array(), p));
    }
    if (!o)
        return NULL;
    s = render_dump(o, len);
    json_decref(o);
    return s;
}
