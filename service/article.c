/* article.c - the article model: text -> parse -> annotate -> immutable article. */
#include "article.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "translit.h"

static void set_err(struct article_error *err, enum article_err code, const char *msg)
{
    if (!err)
        return;
    err->code = code;
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

int article_id_valid(const char *s, size_t len)
{
    if (!len || len > ARTICLE_ID_MAX ||
        !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (!(islower(c) || isdigit(c) || c == '-'))
            return 0;
    }
    return 1;
}

void article_meta_free(struct article_meta *m)
{
    if (!m)
        return;
    free(m->source);
    free(m->source_url);
    free(m->license);
    free(m->credit);
    free(m->published);
    for (size_t i = 0; i < m->naliases; i++) {
        free(m->aliases[i].section);
        free(m->aliases[i].alias);
    }
    free(m->aliases);
    free(m);
}

/* Copy an optional string member: absent or null is fine, anything else but a
 * string is an error. */
static int opt_string(json_t *obj, const char *key, char **out, struct article_error *err)
{
    json_t *v = json_object_get(obj, key);
    char msg[128];

    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        snprintf(msg, sizeof msg, "\"%s\" must be a string", key);
        set_err(err, ARTICLE_ERR_META, msg);
        return -1;
    }
    *out = strdup(json_string_value(v));
    if (!*out) {
        set_err(err, ARTICLE_ERR_NOMEM, "out of memory");
        return -1;
    }
    return 0;
}

/* Sidecar: {"source": str, "source_url": str, "license": str, "credit": str,
 *           "sections": {"<slug>": {"aliases": [str, ...]}}} */
struct article_meta *article_meta_parse(const char *text, size_t len, struct article_error *err)
{
    static const char *const known[] = {"source",   "source_url", "license", "credit",
                                        "sections", "published",  NULL};
    struct article_meta *m = calloc(1, sizeof *m);
    json_error_t jerr;
    json_t *root = NULL, *secs, *v;
    const char *key;
    char msg[256];

    if (!m) {
        set_err(err, ARTICLE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(msg, sizeof msg, "invalid JSON at line %d column %d: %s", jerr.line, jerr.column,
                 jerr.text);
        set_err(err, ARTICLE_ERR_META, msg);
        goto fail;
    }
    if (!json_is_object(root)) {
        set_err(err, ARTICLE_ERR_META, "the sidecar must be a JSON object");
        goto fail;
    }
    json_object_foreach (root, key, v) {
        size_t k;

        for (k = 0; known[k] && strcmp(known[k], key); k++)
            ;
        if (!known[k]) {
            snprintf(msg, sizeof msg,
                     "unknown key \"%.64s\" (known: source, source_url, license, "
                     "credit, published, sections)",
                     key);
            set_err(err, ARTICLE_ERR_META, msg);
            goto fail;
        }
    }
    if (opt_string(root, "source", &m->source, err) ||
        opt_string(root, "source_url", &m->source_url, err) ||
        opt_string(root, "license", &m->license, err) ||
        opt_string(root, "credit", &m->credit, err) ||
        opt_string(root, "published", &m->published, err))
        goto fail;
    if (m->published && !datetime_iso_valid(m->published)) {
        set_err(err, ARTICLE_ERR_META,
                "\"published\" must be an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD) or "
                "date-time (YYYY-MM-DDThh:mm[:ss][Z|+hh:mm])");
        goto fail;
    }
    secs = json_object_get(root, "sections");
    if (secs && !json_is_object(secs)) {
        set_err(err, ARTICLE_ERR_META, "\"sections\" must be an object keyed by section slug");
        goto fail;
    }
    json_object_foreach (secs, key, v) {
        json_t *al = json_is_object(v) ? json_object_get(v, "aliases") : NULL;
        json_t *a;
        size_t i;

        if (!json_is_object(v) || json_object_size(v) != 1 || !json_is_array(al)) {
            snprintf(msg, sizeof msg, "sections.\"%.64s\" must be {\"aliases\": [strings]}", key);
            set_err(err, ARTICLE_ERR_META, msg);
            goto fail;
        }
        json_array_foreach (al, i, a) {
            const char *s = json_string_value(a);
            struct article_alias *na;
            int digits = 1;

            if (!s || !article_id_valid(s, strlen(s))) {
                snprintf(msg, sizeof msg,
                         "sections.\"%.64s\".aliases[%zu] must be a slug "
                         "(lower-case letters, digits, '-')",
                         key, i);
                set_err(err, ARTICLE_ERR_META, msg);
                goto fail;
            }
            for (const char *p = s; *p; p++)
                digits &= isdigit((unsigned char)*p) != 0;
            if (digits) {
                snprintf(msg, sizeof msg,
                         "alias \"%.64s\" is a number and would shadow a section index", s);
                set_err(err, ARTICLE_ERR_META, msg);
                goto fail;
            }
            na = realloc(m->aliases, (m->naliases + 1) * sizeof *na);
            if (!na) {
                set_err(err, ARTICLE_ERR_NOMEM, "out of memory");
                goto fail;
            }
            m->aliases = na;
            na[m->naliases].section = strdup(key);
            na[m->naliases].alias = strdup(s);
            m->naliases++;
            if (!na[m->naliases - 1].section || !na[m->naliases - 1].alias) {
                set_err(err, ARTICLE_ERR_NOMEM, "out of memory");
                goto fail;
            }
        }
    }
    json_decref(root);
    return m;

fail:
    json_decref(root);
    article_meta_free(m);
    return NULL;
}

void article_free(struct article *a)
{
    if (!a)
        return;
    for (size_t i = 0; a->an && a->quote_ids && i < a->an->nquotes; i++)
        free(a->quote_ids[i]);
    for (size_t i = 0; a->an && a->attr_ids && i < a->an->nattrs; i++)
        free(a->attr_ids[i]);
    for (size_t i = 0; a->an && a->quote_keys && i < a->an->nquotes; i++)
        free(a->quote_keys[i]);
    for (size_t i = 0; a->an && a->attr_keys && i < a->an->nattrs; i++)
        free(a->attr_keys[i]);
    for (size_t i = 0; a->an && a->speaker_alias_ids && i < a->an->nspeakers; i++)
        free(a->speaker_alias_ids[i]);
    free(a->speaker_alias_ids);
    free(a->quote_ids);
    free(a->attr_ids);
    free(a->quote_keys);
    free(a->attr_keys);
    for (size_t i = 0; i < a->nauthors; i++)
        free(a->authors[i]);
    free(a->authors);
    free(a->published);
    annot_free(a->an);
    parse_doc_free(a->doc);
    article_meta_free(a->meta);
    free(a->id);
    free(a);
}

static long find_slug(const struct parse_doc *doc, const char *slug)
{
    for (size_t i = 0; i < doc->nsections; i++)
        if (!strcmp(doc->sections[i].slug, slug))
            return (long)i;
    return -1;
}

long article_find_section(const struct article *a, const char *key)
{
    long i = find_slug(a->doc, key);
    size_t n = strlen(key);

    if (i >= 0)
        return i;
    for (size_t k = 0; k < a->meta->naliases; k++)
        if (!strcmp(a->meta->aliases[k].alias, key))
            return find_slug(a->doc, a->meta->aliases[k].section);
    /* A plain decimal index, no sign, no leading zeros. */
    if (n && n <= 9 && strspn(key, "0123456789") == n && (n == 1 || key[0] != '0')) {
        unsigned long v = strtoul(key, NULL, 10);

        if (v < a->doc->nsections)
            return (long)v;
    }
    return -1;
}

size_t article_section_alias_count(const struct article *a, size_t i)
{
    size_t n = 0;

    for (size_t k = 0; k < a->meta->naliases; k++)
        n += !strcmp(a->meta->aliases[k].section, a->doc->sections[i].slug);
    return n;
}

const char *article_section_alias(const struct article *a, size_t i, size_t k)
{
    for (size_t j = 0; j < a->meta->naliases; j++)
        if (!strcmp(a->meta->aliases[j].section, a->doc->sections[i].slug) && !k--)
            return a->meta->aliases[j].alias;
    return NULL;
}

/* Aliases must name a section and be unambiguous. */
static int check_aliases(const struct article *a, struct article_error *err)
{
    const struct article_meta *m = a->meta;
    char msg[256];

    for (size_t k = 0; k < m->naliases; k++) {
        if (find_slug(a->doc, m->aliases[k].section) < 0) {
            snprintf(msg, sizeof msg,
                     "sections.\"%.64s\": the article has no section with that slug",
                     m->aliases[k].section);
            set_err(err, ARTICLE_ERR_META, msg);
            return -1;
        }
        if (find_slug(a->doc, m->aliases[k].alias) >= 0) {
            snprintf(msg, sizeof msg, "alias \"%.64s\" is already a section slug",
                     m->aliases[k].alias);
            set_err(err, ARTICLE_ERR_META, msg);
            return -1;
        }
        for (size_t j = 0; j < k; j++) {
            if (!strcmp(m->aliases[j].alias, m->aliases[k].alias)) {
                snprintf(msg, sizeof msg, "alias \"%.64s\" is given twice", m->aliases[k].alias);
                set_err(err, ARTICLE_ERR_META, msg);
                return -1;
            }
        }
    }
    return 0;
}

static char annotator_version[64];
static pthread_once_t annotator_version_once = PTHREAD_ONCE_INIT;

static void annotator_version_make(void)
{
    uint64_t h = 14695981039346656037ULL;

    for (int sieve = ANNOT_SIEVE_KIND; sieve <= ANNOT_SIEVE_SPEAKER; sieve++) {
        const char *name;

        for (size_t i = 0; (name = annot_rule_name((enum annot_sieve)sieve, i)); i++) {
            for (const char *p = name; *p; p++) {
                h ^= (unsigned char)*p;
                h *= 1099511628211ULL;
            }
            h ^= (unsigned char)(sieve + 1);
            h *= 1099511628211ULL;
        }
    }
    snprintf(annotator_version, sizeof annotator_version, "%s+rules.%08llx", ARTICLED_VERSION,
             (unsigned long long)(h & 0xffffffffULL));
}

const char *article_annotator_version(void)
{
    /* Once: articles render on several threads at seal (a racing write is a data race). */
    pthread_once(&annotator_version_once, annotator_version_make);
    return annotator_version;
}

/* Split "By Jane Smith and Tom Hartley at Ashford Park" into names: the text
 * after "By " up to " at ", " in " or " for ", cut at commas and " and ". */
static int split_authors(struct article *a, const char *byline)
{
    static const char *const stops[] = {" at ", " in ", " for ", " | ", NULL};
    const char *p = byline + 3, *end = p + strlen(p);

    for (size_t k = 0; stops[k]; k++) {
        const char *s = strstr(p, stops[k]);

        if (s && s < end)
            end = s;
    }
    a->authors = calloc(8, sizeof *a->authors);
    if (!a->authors)
        return -1;
    while (p < end && a->nauthors < 8) {
        const char *comma = memchr(p, ',', (size_t)(end - p)), *and = strstr(p, " and ");
        const char *stop = end;
        size_t skip = 0;

        if (comma && comma < stop) {
            stop = comma;
            skip = 1;
        }
        if (and && and < stop) {
            stop = and;
            skip = 5;
        }
        while (p < stop && *p == ' ')
            p++;
        if (stop > p) {
            size_t n = (size_t)(stop - p);

            while (n && p[n - 1] == ' ')
                n--;
            if (!strncmp(p, "and ", 4)) {
                p += 4;
                n -= 4;
            }
            if (n && !(a->authors[a->nauthors++] = strndup(p, n)))
                return -1;
        }
        p = stop + skip;
    }
    return 0;
}

/* published and authors: the sidecar's date wins over the dateline's. */
static int derive_meta(struct article *a)
{
    char iso[DATETIME_MAX];

    if (a->meta->published)
        a->published = strdup(a->meta->published);
    else if (a->doc->dateline && !datetime_from_dateline(a->doc->dateline, iso))
        a->published = strdup(iso);
    if ((a->meta->published || (a->doc->dateline && !datetime_from_dateline(a->doc->dateline, iso))) &&
        !a->published)
        return -1;
    return a->doc->byline ? split_authors(a, a->doc->byline) : 0;
}

/* FNV-1a of s with ASCII case and runs of white space folded, continuing h. */
static uint64_t hash_norm(uint64_t h, const char *s)
{
    int space = 0;

    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == ' ' || c == '\t' || c == '\n') {
            space = 1;
            continue;
        }
        if (space) {
            h ^= ' ';
            h *= 1099511628211ULL;
            space = 0;
        }
        h ^= (unsigned char)tolower(c);
        h *= 1099511628211ULL;
    }
    h ^= 0xff; /* field separator */
    return h * 1099511628211ULL;
}

/* Speaker ids are readable transliterations ("José Núñez" -> jose-nunez,
 * "Борис Ельцин" -> boris-el-cin), the same function as the corpus-wide ids and
 * section slugs, unique in the article ("-2"); the annotator's ASCII-only id
 * ("jos-n-ez") is kept as an alias so that links made with it still work. */
static int translit_speaker_ids(struct article *a)
{
    struct annot *an = a->an;

    a->speaker_alias_ids = calloc(an->nspeakers + 1, sizeof *a->speaker_alias_ids);
    if (!a->speaker_alias_ids)
        return -1;
    for (size_t i = 0; i < an->nspeakers; i++) {
        char *slug = translit_slug(an->speakers[i].name);

        if (!slug)
            return -1;
        if (!*slug || !strcmp(slug, an->speakers[i].id)) {
            free(slug);
            continue;
        }
        size_t len = strlen(slug);
        char *id = malloc(len + 24);

        if (!id) {
            free(slug);
            return -1;
        }
        memcpy(id, slug, len + 1);
        free(slug);
        for (unsigned n = 2;; n++) {
            int clash = 0;

            for (size_t j = 0; j < an->nspeakers && !clash; j++)
                clash = j != i && !strcmp(an->speakers[j].id, id);
            if (!clash)
                break;
            snprintf(id + len, 24, "-%u", n);
        }
        a->speaker_alias_ids[i] = an->speakers[i].id;
        an->speakers[i].id = id;
    }
    return 0;
}

int article_speaker_is(const struct article *a, size_t sp, const char *id)
{
    return sp < a->an->nspeakers &&
           (!strcmp(a->an->speakers[sp].id, id) ||
            (a->speaker_alias_ids && a->speaker_alias_ids[sp] && !strcmp(a->speaker_alias_ids[sp], id)));
}

/* Content-derived ids: a hash of what was said (quotes: the text; attributions: source,
 * cue and paragraph), plus "-N" for its N-th occurrence. They survive a quote added
 * elsewhere in the article, unlike the reading-order q1, q2, ... */
static int make_keys(struct article *a)
{
    size_t nq = a->an->nquotes, na = a->an->nattrs;
    uint64_t *hq = calloc(nq + 1, sizeof *hq), *ha = calloc(na + 1, sizeof *ha);
    int rc = -1;

    a->quote_keys = calloc(nq + 1, sizeof *a->quote_keys);
    a->attr_keys = calloc(na + 1, sizeof *a->attr_keys);
    if (!hq || !ha || !a->quote_keys || !a->attr_keys)
        goto out;
    for (size_t i = 0; i < nq + na; i++) {
        int quote = i < nq;
        size_t k = quote ? i : i - nq, seen = 1;
        uint64_t h = 14695981039346656037ULL, *hs = quote ? hq : ha;
        char tmp[48];

        if (quote) {
            h = hash_norm(h, a->an->quotes[k].text);
        } else {
            const struct annot_attr *t = &a->an->attrs[k];

            h = hash_norm(hash_norm(hash_norm(h, t->source), t->cue), a->doc->paras[t->para].text);
        }
        hs[k] = h;
        for (size_t j = 0; j < k; j++)
            seen += hs[j] == h;
        if (seen > 1)
            snprintf(tmp, sizeof tmp, "%c-%012llx-%zu", quote ? 'q' : 'a',
                     (unsigned long long)(h & 0xffffffffffffULL), seen);
        else
            snprintf(tmp, sizeof tmp, "%c-%012llx", quote ? 'q' : 'a',
                     (unsigned long long)(h & 0xffffffffffffULL));
        if (!((quote ? a->quote_keys : a->attr_keys)[k] = strdup(tmp)))
            goto out;
    }
    rc = 0;
out:
    free(hq);
    free(ha);
    return rc;
}

static char *make_id(char prefix, size_t n)
{
    char tmp[32];

    snprintf(tmp, sizeof tmp, "%c%zu", prefix, n);
    return strdup(tmp);
}

struct article *article_build(const char *id, const char *text, size_t len,
                              struct article_meta *meta, struct article_error *err)
{
    struct article *a = calloc(1, sizeof *a);
    const char **paras = NULL;
    size_t *lens = NULL;
    enum parse_err perr;

    if (err)
        memset(err, 0, sizeof *err);
    if (!a) {
        article_meta_free(meta);
        set_err(err, ARTICLE_ERR_NOMEM, "out of memory");
        return NULL;
    }
    a->meta = meta ? meta : calloc(1, sizeof *a->meta);
    if (!a->meta)
        goto fail_nomem;
    if (!article_id_valid(id, strlen(id))) {
        set_err(err, ARTICLE_ERR_ID,
                "not a valid article id (lower-case letters, digits and '-', "
                "at most 64)");
        goto fail;
    }
    a->id = strdup(id);
    if (!a->id)
        goto fail_nomem;
    perr = parse_text(text, len, &a->doc, err ? &err->parse : NULL);
    if (perr == PARSE_ERR_NOMEM)
        goto fail_nomem;
    if (perr) {
        char msg[128];

        if (perr == PARSE_ERR_UTF8 && err)
            snprintf(msg, sizeof msg, "%s at line %zu, column %zu", parse_strerror(perr),
                     err->parse.line, err->parse.column);
        else
            snprintf(msg, sizeof msg, "%s", parse_strerror(perr));
        set_err(err, ARTICLE_ERR_PARSE, msg);
        goto fail;
    }
    if (check_aliases(a, err))
        goto fail;
    if (derive_meta(a))
        goto fail_nomem;

    paras = malloc(a->doc->npara * sizeof *paras);
    lens = malloc(a->doc->npara * sizeof *lens);
    if (!paras || !lens)
        goto fail_nomem;
    for (size_t i = 0; i < a->doc->npara; i++) {
        paras[i] = a->doc->paras[i].text;
        lens[i] = a->doc->paras[i].len;
    }
    a->an = annot_run(paras, lens, a->doc->npara);
    if (!a->an)
        goto fail_nomem;
    a->quote_ids = calloc(a->an->nquotes + 1, sizeof *a->quote_ids);
    a->attr_ids = calloc(a->an->nattrs + 1, sizeof *a->attr_ids);
    if (!a->quote_ids || !a->attr_ids)
        goto fail_nomem;
    for (size_t i = 0; i < a->an->nquotes; i++)
        if (!(a->quote_ids[i] = make_id('q', i + 1)))
            goto fail_nomem;
    for (size_t i = 0; i < a->an->nattrs; i++)
        if (!(a->attr_ids[i] = make_id('a', i + 1)))
            goto fail_nomem;
    if (make_keys(a) || translit_speaker_ids(a))
        goto fail_nomem;
    free(paras);
    free(lens);
    return a;

fail_nomem:
    set_err(err, ARTICLE_ERR_NOMEM, "out of memory");
fail:
    free(paras);
    free(lens);
    article_free(a);
    return NULL;
}
