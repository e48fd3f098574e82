/* corpus.c - speakers grouped across the articles of a snapshot. */
#include "corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render.h"
#include "translit.h"

char *corpus_slug(const struct article *a, size_t sp)
{
    char *s = translit_slug(a->an->speakers[sp].name);

    if (s && !*s) {
        /* A name with nothing to transliterate: the article's own id. */
        free(s);
        s = strdup(a->an->speakers[sp].id);
    }
    return s;
}

static int add_member(struct corpus_speaker *g, size_t art, size_t sp, const struct article *a)
{
    struct corpus_member *m = realloc(g->members, (g->nmembers + 1) * sizeof *m);

    if (!m)
        return -1;
    g->members = m;
    m[g->nmembers].art = art;
    m[g->nmembers++].sp = sp;
    g->quote_count += a->an->speakers[sp].quote_count;
    return 0;
}

/* While building, members come in article order: only the last can be art. */
static int has_article_last(const struct corpus_speaker *g, size_t art)
{
    return g->nmembers && g->members[g->nmembers - 1].art == art;
}

static int has_article(const struct corpus_speaker *g, size_t art)
{
    for (size_t i = 0; i < g->nmembers; i++)
        if (g->members[i].art == art)
            return 1;
    return 0;
}

/* Speaker ids while building: open addressing over indexes into c->speakers (+1; 0 is empty). */
struct idset {
    size_t *v;
    size_t cap; /* a power of two, at least twice the speakers */
};

static size_t id_hash(const char *s)
{
    size_t h = 1469598103934665603u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of id: where it is, or the empty one where it would go. */
static size_t idset_slot(const struct idset *ix, const struct corpus *c, const char *id)
{
    size_t mask = ix->cap - 1, i = id_hash(id) & mask;

    while (ix->v[i] && strcmp(c->speakers[ix->v[i] - 1].id, id))
        i = (i + 1) & mask;
    return i;
}

static long find_id(const struct idset *ix, const struct corpus *c, const char *id)
{
    size_t v = ix->v[idset_slot(ix, c, id)];

    return v ? (long)v - 1 : -1;
}

/* Are two roles the same, one maybe longer ("President", "president of Russia")? */
static int role_match(const char *r, const char *q)
{
    size_t a = strlen(r), b = strlen(q), n = a < b ? a : b;

    return n && !strncasecmp(r, q, n) && (a == b || (a > b ? r[n] : q[n]) == ' ');
}

/* Does some member of h have a role matching role? */
static int has_role(const struct corpus *c, const struct corpus_speaker *h, const char *role)
{
    for (size_t j = 0; role && j < h->nmembers; j++) {
        const char *q = c->arts[h->members[j].art]->an->speakers[h->members[j].sp].role;

        if (q && role_match(role, q))
            return 1;
    }
    return 0;
}

/* A surname-only speaker joins the one full name ending in it that shares their
 * role; each appearance is judged on its own (Mayor Ruiz and Professor Ruiz differ). */
static int merge_surnames(struct corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct corpus_speaker *g = &c->speakers[i];
        size_t n = g->id ? strlen(g->id) : 0, kept = 0;

        if (!n || strchr(g->id, '-'))
            continue;
        for (size_t k = 0; k < g->nmembers; k++) {
            const struct corpus_member m = g->members[k];
            const struct annot_speaker *sp = &c->arts[m.art]->an->speakers[m.sp];
            long target = -1;
            int many = 0;

            for (size_t j = 0; j < c->n; j++) {
                struct corpus_speaker *h = &c->speakers[j];
                size_t len = h->id ? strlen(h->id) : 0;

                if (j == i || len <= n + 1 || h->id[len - n - 1] != '-' ||
                    strcmp(h->id + len - n, g->id) || !has_role(c, h, sp->role))
                    continue;
                many |= target >= 0;
                target = (long)j;
            }
            if (target < 0 || many || has_article(&c->speakers[target], m.art)) {
                g->members[kept++] = m;
                continue;
            }
            if (add_member(&c->speakers[target], m.art, m.sp, c->arts[m.art]))
                return -1;
            g->quote_count -= sp->quote_count;
        }
        g->nmembers = kept;
        if (!kept) {
            free(g->id);
            free(g->members);
            memset(g, 0, sizeof *g);
        }
    }
    return 0;
}

static int cmp_member(const void *x, const void *y)
{
    const struct corpus_member *a = x, *b = y;

    return a->art != b->art ? (a->art < b->art ? -1 : 1) : (a->sp < b->sp ? -1 : a->sp > b->sp);
}

static int cmp_speaker(const void *x, const void *y)
{
    const struct corpus_speaker *a = x, *b = y;

    return strcmp(a->id, b->id);
}

struct corpus *corpus_build(const struct article *const *arts, size_t n)
{
    struct corpus *c = calloc(1, sizeof *c);
    struct idset ix = {NULL, 16};
    size_t total = 0, live = 0;

    if (!c)
        return NULL;
    c->arts = arts;
    c->narts = n;
    for (size_t k = 0; k < n; k++)
        total += arts[k]->an->nspeakers;
    while (ix.cap < total * 2)
        ix.cap *= 2;
    c->speakers = calloc(total + 1, sizeof *c->speakers);
    ix.v = calloc(ix.cap, sizeof *ix.v);
    if (!c->speakers || !ix.v)
        goto fail;
    for (size_t k = 0; k < n; k++) {
        for (size_t i = 0; i < arts[k]->an->nspeakers; i++) {
            char *slug = corpus_slug(arts[k], i), id[300];
            long g = -1;

            if (!slug)
                goto fail;
            snprintf(id, sizeof id, "%.200s", slug);
            /* Same slug, same person; unless the article already has them: then "-2", ... */
            for (unsigned suffix = 2;; suffix++) {
                g = find_id(&ix, c, id);
                if (g < 0 || !has_article_last(&c->speakers[g], k))
                    break;
                snprintf(id, sizeof id, "%.200s-%u", slug, suffix);
            }
            free(slug);
            if (g < 0) {
                g = (long)c->n;
                if (!(c->speakers[c->n++].id = strdup(id)))
                    goto fail;
                ix.v[idset_slot(&ix, c, id)] = c->n;
            }
            if (add_member(&c->speakers[g], k, i, arts[k]))
                goto fail;
        }
    }
    if (merge_surnames(c))
        goto fail;
    for (size_t i = 0; i < c->n; i++)
        if (c->speakers[i].id)
            c->speakers[live++] = c->speakers[i];
    c->n = live;
    for (size_t i = 0; i < c->n; i++)
        qsort(c->speakers[i].members, c->speakers[i].nmembers, sizeof *c->speakers[i].members,
              cmp_member);
    if (c->n)
        qsort(c->speakers, c->n, sizeof *c->speakers, cmp_speaker);
    free(ix.v);
    return c;
fail:
    free(ix.v);
    corpus_free(c);
    return NULL;
}

void corpus_free(struct corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; c->speakers && i < c->n; i++) {
        free(c->speakers[i].id);
        free(c->speakers[i].members);
    }
    free(c->speakers);
    free(c);
}

long corpus_find(const struct corpus *c, const char *id)
{
    size_t lo = 0, hi = c->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(id, c->speakers[mid].id);

        if (!r)
            return (long)mid;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *corpus_render(const struct corpus *c, size_t i, int detail)
{
    const struct corpus_speaker *g = &c->speakers[i];
    json_t *o, *apps = json_array(), *quotes = detail ? json_array() : NULL;
    json_t *attrs = detail ? json_array() : NULL;
    const char *name = NULL;
    size_t best = 0;
    char self[400];

    if (!apps || (detail && (!quotes || !attrs)))
        goto fail;
    for (size_t k = 0; k < g->nmembers; k++) {
        const struct article *a = c->arts[g->members[k].art];
        const struct annot_speaker *s = &a->an->speakers[g->members[k].sp];
        char link[300];

        /* The name: as the article quoting them most gives it. */
        if (!name || s->quote_count > best) {
            name = s->name;
            best = s->quote_count;
        }
        snprintf(link, sizeof link, "/v1/articles/%s/speakers/%s", a->id, s->id);
        if (json_array_append_new(
                apps, json_pack("{s:s, s:s, s:s, s:o, s:o, s:I, s:{s:s, s:s+}}", "article", a->id,
                                "speaker", s->id, "name", s->name, "role", str_or_null(s->role),
                                "organization", str_or_null(s->organization), "quote_count",
                                (json_int_t)s->quote_count, "links", "self", link, "article",
                                "/v1/articles/", a->id)))
            goto fail;
        for (size_t q = 0; detail && q < a->an->nquotes; q++)
            if (a->an->quotes[q].speaker == (long)g->members[k].sp &&
                json_array_append_new(quotes, render_quote(a, q, 1)))
                goto fail;
        for (size_t t = 0; detail && t < a->an->nattrs; t++)
            if (a->an->attrs[t].speaker == (long)g->members[k].sp &&
                json_array_append_new(attrs, render_attribution(a, t)))
                goto fail;
    }
    snprintf(self, sizeof self, "/v1/speakers/%s", g->id);
    o = json_pack("{s:s, s:s, s:I, s:I, s:o, s:{s:s}}", "id", g->id, "name", name ? name : g->id,
                  "quote_count", (json_int_t)g->quote_count, "article_count",
                  (json_int_t)g->nmembers, "appearances", apps, "links", "self", self);
    apps = NULL;
    if (o && detail) {
        if (json_object_set_new(o, "quotes", quotes) || json_object_set_new(o, "attributions", attrs)) {
            json_decref(o);
            return NULL;
        }
    } else {
        json_decref(quotes);
        json_decref(attrs);
    }
    return o;
fail:
    json_decref(apps);
    json_decref(quotes);
    json_decref(attrs);
    return NULL;
}

/* A JSON string, or null for NULL. */
static int put_str(struct buf *out, const char *s)
{
    return s ? render_string_text(out, s, strlen(s)) : (buf_add(out, "null", 4) ? -1 : 0);
}

/* A tree's text, released (NULL fails). */
static int put_tree(struct buf *out, json_t *v)
{
    int rc = render_dump_text(out, v);

    json_decref(v);
    return rc;
}

int corpus_render_text(const struct corpus *c, size_t i, struct buf *out, size_t *item_len)
{
    return corpus_render_text_quotes(c, i, NULL, NULL, out, item_len);
}

int corpus_render_text_quotes(const struct corpus *c, size_t i, corpus_quote_fn quote, void *ud,
                              struct buf *out, size_t *item_len)
{
    const struct corpus_speaker *g = &c->speakers[i];
    const char *name = NULL;
    size_t best = 0, start = out->len;
    char self[400];
    int first = 1;

    /* The name: as the article quoting them most gives it (corpus_render's rule). */
    for (size_t k = 0; k < g->nmembers; k++) {
        const struct annot_speaker *s = &c->arts[g->members[k].art]->an->speakers[g->members[k].sp];

        if (!name || s->quote_count > best) {
            name = s->name;
            best = s->quote_count;
        }
    }
    snprintf(self, sizeof self, "/v1/speakers/%s", g->id);
    if (buf_adds(out, "{\"id\":") || put_str(out, g->id) || buf_adds(out, ",\"name\":") ||
        put_str(out, name ? name : g->id) ||
        buf_addf(out, ",\"quote_count\":%zu,\"article_count\":%zu,\"appearances\":[",
                 g->quote_count, g->nmembers))
        return -1;
    for (size_t k = 0; k < g->nmembers; k++) {
        const struct article *a = c->arts[g->members[k].art];
        const struct annot_speaker *s = &a->an->speakers[g->members[k].sp];
        char link[300], art[300];

        snprintf(link, sizeof link, "/v1/articles/%s/speakers/%s", a->id, s->id);
        snprintf(art, sizeof art, "/v1/articles/%s", a->id);
        if ((k && buf_addc(out, ',')) || buf_adds(out, "{\"article\":") || put_str(out, a->id) ||
            buf_adds(out, ",\"speaker\":") || put_str(out, s->id) ||
            buf_adds(out, ",\"name\":") || put_str(out, s->name) ||
            buf_adds(out, ",\"role\":") || put_str(out, s->role) ||
            buf_adds(out, ",\"organization\":") || put_str(out, s->organization) ||
            buf_addf(out, ",\"quote_count\":%zu,\"links\":{\"self\":", s->quote_count) ||
            put_str(out, link) || buf_adds(out, ",\"article\":") || put_str(out, art) ||
            buf_adds(out, "}}"))
            return -1;
    }
    if (buf_adds(out, "],\"links\":{\"self\":") || put_str(out, self) || buf_addc(out, '}'))
        return -1;
    *item_len = out->len - start;
    if (buf_adds(out, ",\"quotes\":["))
        return -1;
    for (size_t k = 0; k < g->nmembers; k++) {
        const struct article *a = c->arts[g->members[k].art];

        for (size_t q = 0; q < a->an->nquotes; q++) {
            const char *text;
            size_t len = 0;

            if (a->an->quotes[q].speaker != (long)g->members[k].sp)
                continue;
            if (!first && buf_addc(out, ','))
                return -1;
            text = quote ? quote(ud, g->members[k].art, q, &len) : NULL;
            if (text ? buf_add(out, text, len) != BUF_OK : put_tree(out, render_quote(a, q, 1)) != 0)
                return -1;
            first = 0;
        }
    }
    if (buf_adds(out, "],\"attributions\":["))
        return -1;
    first = 1;
    for (size_t k = 0; k < g->nmembers; k++) {
        const struct article *a = c->arts[g->members[k].art];

        for (size_t t = 0; t < a->an->nattrs; t++) {
            if (a->an->attrs[t].speaker != (long)g->members[k].sp)
                continue;
            if ((!first && buf_addc(out, ',')) || put_tree(out, render_attribution(a, t)))
                return -1;
            first = 0;
        }
    }
    return buf_adds(out, "]}") ? -1 : 0;
}
