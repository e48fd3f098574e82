/* store.c - immutable snapshots of pre-rendered responses, swapped atomically. */
#include "store.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "corpus.h"
#include "page.h"
#include "render.h"
#include "search.h"

#define DEFAULT_LIMIT 20
/* Bodies smaller than this are not worth compressing. */
#define GZIP_MIN 256

struct store_article {
    struct article *a;
    char *fields[RENDER_NFIELDS];
    size_t field_lens[RENDER_NFIELDS];
    char *summary;
    size_t summary_len;
    struct store_body **quotes;   /* one body per quote; also the list fragments */
    struct store_body **speakers; /* speaker detail bodies */
    char **speaker_frags;         /* speaker list items */
    size_t *speaker_frag_lens;
};

struct route {
    char *path;
    struct store_body *body; /* borrowed from bodies[] */
};

struct store {
    atomic_long refs;
    int sealed;
    int sorted; /* arts are in id order (from the start of store_seal) */
    struct store_article *arts;
    size_t narts;
    struct store_body **bodies; /* owned */
    size_t nbodies, bodies_cap;
    struct route *routes; /* open addressing, capacity a power of two */
    size_t nroutes, routes_cap;
    struct {
        char *path, *type, *data;
        size_t len;
    } * statics;
    size_t nstatics;
    size_t nquotes, nspeakers;
    long long sealing_modified; /* of the article being sealed: its bodies' Last-Modified */
    struct search_index *search; /* built at seal, freed with the snapshot */
    struct corpus *corpus;       /* speakers across articles, built at seal */
    char content_etag[STORE_ETAG_MAX]; /* of every body together */
    const struct article **corpus_arts;
    char **corpus_frags; /* list items of /v1/speakers, one per corpus speaker */
    size_t *corpus_frag_lens;
};

static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *current;

static uint64_t fnv1a(const char *data, size_t len)
{
    uint64_t h = 14695981039346656037ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void store_etag(const char *data, size_t len, const char *suffix, char *out)
{
    snprintf(out, STORE_ETAG_MAX, "\"%016llx%s\"", (unsigned long long)fnv1a(data, len),
             suffix ? suffix : "");
}

/* Gzip with a stream made by deflateInit2 (reset here): a stream costs a few
 * hundred KiB to set up, far more than a small body takes to compress. */
static char *gzip_with(z_stream *z, const char *data, size_t len, size_t *outlen)
{
    uLong cap;
    char *out;

    if (deflateReset(z) != Z_OK)
        return NULL;
    cap = deflateBound(z, (uLong)len);
    out = malloc(cap);
    if (!out)
        return NULL;
    z->next_in = (Bytef *)(uintptr_t)data;
    z->avail_in = (uInt)len;
    z->next_out = (Bytef *)out;
    z->avail_out = (uInt)cap;
    if (deflate(z, Z_FINISH) != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    *outlen = z->total_out;
    return out;
}

static int gzip_init(z_stream *z)
{
    memset(z, 0, sizeof *z);
    return deflateInit2(z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK ? 0 : -1;
}

char *store_gzip(const char *data, size_t len, size_t *outlen)
{
    z_stream z;
    char *out;

    if (gzip_init(&z))
        return NULL;
    out = gzip_with(&z, data, len, outlen);
    deflateEnd(&z);
    return out;
}

struct store *store_new(void)
{
    struct store *s = calloc(1, sizeof *s);

    if (s)
        atomic_init(&s->refs, 1);
    return s;
}

static void body_free(struct store_body *b)
{
    if (!b)
        return;
    free(b->data);
    free(b->gz);
    free(b);
}

static void article_entry_free(struct store_article *e)
{
    if (e->a) {
        for (size_t i = 0; e->speaker_frags && i < e->a->an->nspeakers; i++)
            free(e->speaker_frags[i]);
    }
    for (int f = 0; f < RENDER_NFIELDS; f++)
        free(e->fields[f]);
    free(e->summary);
    free(e->quotes);
    free(e->speakers);
    free(e->speaker_frags);
    free(e->speaker_frag_lens);
    article_free(e->a);
}

static void store_free(struct store *s)
{
    search_free(s->search);
    for (size_t i = 0; s->corpus && s->corpus_frags && i < s->corpus->n; i++)
        free(s->corpus_frags[i]);
    free(s->corpus_frags);
    free(s->corpus_frag_lens);
    corpus_free(s->corpus);
    free(s->corpus_arts);
    for (size_t i = 0; i < s->narts; i++)
        article_entry_free(&s->arts[i]);
    free(s->arts);
    for (size_t i = 0; i < s->nbodies; i++)
        body_free(s->bodies[i]);
    free(s->bodies);
    for (size_t i = 0; i < s->routes_cap; i++)
        free(s->routes[i].path);
    free(s->routes);
    for (size_t i = 0; i < s->nstatics; i++) {
        free(s->statics[i].path);
        free(s->statics[i].type);
        free(s->statics[i].data);
    }
    free(s->statics);
    free(s);
}

void store_release(struct store *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1)
        store_free(s);
}

struct store *store_current(void)
{
    struct store *s;

    pthread_mutex_lock(&current_lock);
    s = current;
    if (s)
        atomic_fetch_add(&s->refs, 1);
    pthread_mutex_unlock(&current_lock);
    return s;
}

void store_publish(struct store *s)
{
    struct store *old;

    pthread_mutex_lock(&current_lock);
    old = current;
    current = s;
    pthread_mutex_unlock(&current_lock);
    store_release(old);
}

int store_add_article(struct store *s, struct article *a)
{
    struct store_article *na;

    for (size_t i = 0; i < s->narts; i++) {
        if (!strcmp(s->arts[i].a->id, a->id)) {
            article_free(a);
            return -1;
        }
    }
    na = realloc(s->arts, (s->narts + 1) * sizeof *na);
    if (!na) {
        article_free(a);
        return -1;
    }
    s->arts = na;
    memset(&na[s->narts], 0, sizeof *na);
    na[s->narts++].a = a;
    return 0;
}

int store_add_static(struct store *s, const char *path, const char *type, const char *data,
                     size_t len)
{
    void *n = realloc(s->statics, (s->nstatics + 1) * sizeof *s->statics);

    if (!n)
        return -1;
    s->statics = n;
    s->statics[s->nstatics].path = strdup(path);
    s->statics[s->nstatics].type = strdup(type);
    s->statics[s->nstatics].data = malloc(len + 1);
    s->statics[s->nstatics].len = len;
    s->nstatics++;
    if (!s->statics[s->nstatics - 1].path || !s->statics[s->nstatics - 1].type ||
        !s->statics[s->nstatics - 1].data)
        return -1;
    memcpy(s->statics[s->nstatics - 1].data, data, len);
    s->statics[s->nstatics - 1].data[len] = '\0';
    return 0;
}

/* Make a body from text (taken over, also on failure). */
static struct store_body *body_make(struct store *s, char *data, size_t len, const char *type)
{
    struct store_body *b;

    if (!data)
        return NULL;
    if (s->nbodies == s->bodies_cap) {
        size_t cap = s->bodies_cap ? s->bodies_cap * 2 : 64;
        struct store_body **nb = realloc(s->bodies, cap * sizeof *nb);

        if (!nb) {
            free(data);
            return NULL;
        }
        s->bodies = nb;
        s->bodies_cap = cap;
    }
    b = calloc(1, sizeof *b);
    if (!b) {
        free(data);
        return NULL;
    }
    b->data = data;
    b->len = len;
    b->type = type;
    b->modified = s->sealing_modified;
    store_etag(data, len, NULL, b->etag);
    /* Compressed later, all bodies at once on every core (compress_bodies). */
    s->bodies[s->nbodies++] = b;
    return b;
}

static void compress_body(z_stream *z, struct store_body *b)
{
    if (b->len < GZIP_MIN || b->gz)
        return;
    b->gz = gzip_with(z, b->data, b->len, &b->gzlen);
    if (b->gz && b->gzlen >= b->len) {
        free(b->gz);
        b->gz = NULL;
    }
    if (b->gz) {
        /* The gzip ETag is the identity one with a suffix: no second pass over the data. */
        size_t n = strlen(b->etag);

        snprintf(b->gz_etag, sizeof b->gz_etag, "%.*s-gz\"", (int)(n - 1), b->etag);
    }
}

struct compress_job {
    struct store *s;
    size_t from, step;
};

static void *compress_worker(void *arg)
{
    struct compress_job *j = arg;
    z_stream z;

    if (gzip_init(&z))
        return NULL;
    for (size_t i = j->from; i < j->s->nbodies; i += j->step)
        compress_body(&z, j->s->bodies[i]);
    deflateEnd(&z);
    return NULL;
}

/* Gzip every body, on as many threads as there are cores (at most 8). A body
 * left uncompressed (no memory) is served as identity, as before. */
static void compress_bodies(struct store *s)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = cores < 1 ? 1 : cores > 8 ? 8 : (size_t)cores, started = 0;
    struct compress_job jobs[8];
    pthread_t th[8];

    for (size_t t = 1; t < n; t++) {
        jobs[t] = (struct compress_job){s, t, n};
        if (pthread_create(&th[t], NULL, compress_worker, &jobs[t]))
            break;
        started = t;
    }
    /* The caller's thread takes share 0, and any share a thread could not be made for. */
    jobs[0] = (struct compress_job){s, 0, n};
    compress_worker(&jobs[0]);
    for (size_t t = started + 1; t < n; t++) {
        jobs[t] = (struct compress_job){s, t, n};
        compress_worker(&jobs[t]);
    }
    for (size_t t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
}

static struct store_body *body_json(struct store *s, json_t *v)
{
    size_t len = 0;
    char *text = v ? render_dump(v, &len) : NULL;

    json_decref(v);
    return body_make(s, text, len, RENDER_JSON_TYPE);
}

static int route_grow(struct store *s);

/* A page rendered by fn into a new body (HTML, CSS or JS). */
static struct store_body *body_page(struct store *s, int rc, struct buf *b, const char *type)
{
    size_t len = 0;
    char *text;

    if (rc)
        return NULL;
    text = buf_steal(b, &len);
    return body_make(s, text, len, type);
}

static int route_add(struct store *s, const char *path, struct store_body *b)
{
    size_t mask, i;

    if (!b || (s->nroutes + 1) * 2 > s->routes_cap) {
        if (!b || route_grow(s))
            return -1;
    }
    mask = s->routes_cap - 1;
    for (i = fnv1a(path, strlen(path)) & mask; s->routes[i].path; i = (i + 1) & mask)
        if (!strcmp(s->routes[i].path, path))
            return 0; /* first one wins: a slug beats an alias or index */
    s->routes[i].path = strdup(path);
    if (!s->routes[i].path)
        return -1;
    s->routes[i].body = b;
    s->nroutes++;
    return 0;
}

static int route_grow(struct store *s)
{
    size_t cap = s->routes_cap ? s->routes_cap * 2 : 256;
    struct route *old = s->routes;
    size_t oldcap = s->routes_cap;

    s->routes = calloc(cap, sizeof *s->routes);
    if (!s->routes) {
        s->routes = old;
        return -1;
    }
    s->routes_cap = cap;
    s->nroutes = 0;
    for (size_t i = 0; i < oldcap; i++) {
        if (old[i].path) {
            size_t j = fnv1a(old[i].path, strlen(old[i].path)) & (cap - 1);

            while (s->routes[j].path)
                j = (j + 1) & (cap - 1);
            s->routes[j] = old[i];
            s->nroutes++;
        }
    }
    free(old);
    return 0;
}

const struct store_body *store_get(const struct store *s, const char *path)
{
    size_t mask, i;

    if (!s->routes_cap)
        return NULL;
    mask = s->routes_cap - 1;
    for (i = fnv1a(path, strlen(path)) & mask; s->routes[i].path; i = (i + 1) & mask)
        if (!strcmp(s->routes[i].path, path))
            return s->routes[i].body;
    return NULL;
}

static int route_addf(struct store *s, struct store_body *b, const char *id, const char *sub,
                      const char *key)
{
    char path[512];

    snprintf(path, sizeof path, "/v1/articles/%s%s%s%s%s", id, sub ? "/" : "", sub ? sub : "",
             key ? "/" : "", key ? key : "");
    return route_add(s, path, b);
}

static int cmp_article(const void *x, const void *y)
{
    const struct store_article *a = x, *b = y;

    return strcmp(a->a->id, b->a->id);
}

/* A page of a list body at its default limit and offset, with its headers. */
static struct store_body *page_body(struct store *s, const struct store_list *l, const char *path)
{
    struct buf b;
    size_t n = l->n < DEFAULT_LIMIT ? l->n : DEFAULT_LIMIT, len;
    struct store_body *body;
    char *text;
    int k;

    buf_init(&b, SIZE_MAX / 2);
    if (render_page(&b, l->items, l->lens, n, l->n, DEFAULT_LIMIT, 0, path, ""))
        return NULL;
    text = buf_steal(&b, &len);
    body = body_make(s, text, len, RENDER_JSON_TYPE);
    if (!body)
        return NULL;
    k = snprintf(body->meta, sizeof body->meta, "%zu", l->n);
    body->total = body->meta;
    /* The first page links to the second when there is one. */
    if (l->n > DEFAULT_LIMIT) {
        buf_init(&b, 1024);
        if (render_page_link_header(&b, l->n, DEFAULT_LIMIT, 0, path, ""))
            return NULL;
        body->link = body->meta + k + 1;
        snprintf(body->meta + k + 1, sizeof body->meta - (size_t)k - 1, "%s", b.data);
        if (strlen(body->link) != b.len) /* too long for meta: no Link beats a wrong one */
            body->link = NULL;
        buf_free(&b);
    }
    return body;
}

static int seal_article(struct store *s, struct store_article *e)
{
    const struct article *a = e->a;
    const struct annot *an = a->an;
    struct store_body *b;
    struct store_list l = {0};
    char path[512], idx[24];
    int rc = -1;

    s->sealing_modified = a->modified;

    for (int f = 0; f < RENDER_NFIELDS; f++) {
        json_t *v = render_article_field(a, (enum render_field)f, 1);

        e->fields[f] = v ? render_dump(v, &e->field_lens[f]) : NULL;
        json_decref(v);
        if (!e->fields[f])
            return -1;
    }
    json_t *sum = render_summary(a);
    e->summary = sum ? render_dump(sum, &e->summary_len) : NULL;
    json_decref(sum);
    if (!e->summary)
        return -1;
    if (route_addf(s, body_json(s, render_article(a, 1)), a->id, NULL, NULL) ||
        route_addf(s, body_json(s, render_section_list(a)), a->id, "sections", NULL))
        return -1;
    for (size_t i = 0; i < a->doc->nsections; i++) {
        b = body_json(s, render_section(a, i, 1));
        snprintf(idx, sizeof idx, "%zu", i);
        if (route_addf(s, b, a->id, "sections", a->doc->sections[i].slug) ||
            route_addf(s, b, a->id, "sections", idx))
            return -1;
        for (size_t k = 0; k < article_section_alias_count(a, i); k++)
            if (route_addf(s, b, a->id, "sections", article_section_alias(a, i, k)))
                return -1;
    }
    e->quotes = calloc(an->nquotes + 1, sizeof *e->quotes);
    e->speakers = calloc(an->nspeakers + 1, sizeof *e->speakers);
    e->speaker_frags = calloc(an->nspeakers + 1, sizeof *e->speaker_frags);
    e->speaker_frag_lens = calloc(an->nspeakers + 1, sizeof *e->speaker_frag_lens);
    if (!e->quotes || !e->speakers || !e->speaker_frags ||
        !e->speaker_frag_lens)
        return -1;
    for (size_t i = 0; i < an->nquotes; i++) {
        e->quotes[i] = body_json(s, render_quote(a, i, 1));
        if (route_addf(s, e->quotes[i], a->id, "quotes", a->quote_ids[i]) ||
            route_addf(s, e->quotes[i], a->id, "quotes", a->quote_keys[i]))
            return -1;
    }
    for (size_t i = 0; i < an->nspeakers; i++) {
        json_t *v = render_speaker(a, i, 1);

        e->speaker_frags[i] = v ? render_dump(v, &e->speaker_frag_lens[i]) : NULL;
        json_decref(v);
        e->speakers[i] = body_json(s, render_speaker_detail(a, i));
        if (!e->speaker_frags[i] ||
            route_addf(s, e->speakers[i], a->id, "speakers", an->speakers[i].id))
            return -1;
    }
    /* The transliterated id too (josé-style names), where the annotator's id differs
     * and no other speaker has it: route_add keeps the first. */
    for (size_t i = 0; i < an->nspeakers; i++) {
        char *slug = corpus_slug(a, i);

        if (!slug || (*slug && strcmp(slug, an->speakers[i].id) &&
                      route_addf(s, e->speakers[i], a->id, "speakers", slug))) {
            free(slug);
            return -1;
        }
        free(slug);
    }
    s->nquotes += an->nquotes;
    s->nspeakers += an->nspeakers;

    /* The reader page, rendered once like the JSON. */
    {
        struct buf pb;

        buf_init(&pb, SIZE_MAX / 2);
        snprintf(path, sizeof path, "/read/%s", a->id);
        if (route_add(s, path, body_page(s, page_article(&pb, a), &pb, PAGE_HTML_TYPE)))
            return -1;
    }

    snprintf(path, sizeof path, "/v1/articles/%s/quotes", a->id);
    if (store_query_quotes(s, a->id, NULL, &l) || route_add(s, path, page_body(s, &l, path)))
        goto out;
    store_list_free(&l);
    snprintf(path, sizeof path, "/v1/articles/%s/speakers", a->id);
    if (store_query_speakers(s, a->id, &l) || route_add(s, path, page_body(s, &l, path)))
        goto out;
    rc = 0;
out:
    s->sealing_modified = 0;
    store_list_free(&l);
    return rc;
}

/* The pages that are not an article's: the HTML index, the annotate page, CSS and JS. */
static int seal_pages(struct store *s)
{
    const struct article **arts = calloc(s->narts + 1, sizeof *arts);
    struct buf b;
    const char *asset;
    char *copy;
    size_t len;
    int rc;

    if (!arts)
        return -1;
    for (size_t i = 0; i < s->narts; i++)
        arts[i] = s->arts[i].a;
    buf_init(&b, SIZE_MAX / 2);
    rc = route_add(s, STORE_PAGE_INDEX,
                   body_page(s, page_index(&b, arts, s->narts), &b, PAGE_HTML_TYPE));
    free(arts);
    buf_init(&b, SIZE_MAX / 2);
    if (rc || route_add(s, "/annotate", body_page(s, page_annotate(&b), &b, PAGE_HTML_TYPE)))
        return -1;
    asset = page_css(&len);
    copy = strndup(asset, len);
    if (route_add(s, PAGE_CSS_PATH, body_make(s, copy, len, PAGE_CSS_TYPE)))
        return -1;
    asset = page_js(&len);
    copy = strndup(asset, len);
    return route_add(s, PAGE_JS_PATH, body_make(s, copy, len, PAGE_JS_TYPE));
}

/* /v1/speakers and /v1/speakers/{id}: one speaker across articles. */
static int seal_corpus(struct store *s)
{
    struct store_list l = {0};
    char path[512];
    int rc = -1;

    s->corpus_arts = calloc(s->narts + 1, sizeof *s->corpus_arts);
    if (!s->corpus_arts)
        return -1;
    for (size_t i = 0; i < s->narts; i++)
        s->corpus_arts[i] = s->arts[i].a;
    if (!(s->corpus = corpus_build(s->corpus_arts, s->narts)))
        return -1;
    s->corpus_frags = calloc(s->corpus->n + 1, sizeof *s->corpus_frags);
    s->corpus_frag_lens = calloc(s->corpus->n + 1, sizeof *s->corpus_frag_lens);
    if (!s->corpus_frags || !s->corpus_frag_lens)
        return -1;
    for (size_t i = 0; i < s->corpus->n; i++) {
        json_t *v = corpus_render(s->corpus, i, 0);

        s->corpus_frags[i] = v ? render_dump(v, &s->corpus_frag_lens[i]) : NULL;
        json_decref(v);
        snprintf(path, sizeof path, "/v1/speakers/%s", s->corpus->speakers[i].id);
        if (!s->corpus_frags[i] || route_add(s, path, body_json(s, corpus_render(s->corpus, i, 1))))
            return -1;
    }
    if (store_query_corpus_speakers(s, &l) ||
        route_add(s, "/v1/speakers", page_body(s, &l, "/v1/speakers")))
        goto out;
    rc = 0;
out:
    store_list_free(&l);
    return rc;
}

int store_seal(struct store *s)
{
    struct store_list l = {0};
    int rc = -1;

    if (s->narts)
        qsort(s->arts, s->narts, sizeof *s->arts, cmp_article);
    s->sorted = 1;
    /* The full-text index is part of the snapshot: a reload swaps it with the rest. */
    if (!(s->search = search_new()))
        return -1;
    for (size_t i = 0; i < s->narts; i++)
        if (search_add(s->search, s->arts[i].a))
            return -1;
    if (search_seal(s->search))
        return -1;
    if (seal_corpus(s))
        return -1;
    for (size_t i = 0; i < s->narts; i++)
        if (seal_article(s, &s->arts[i]))
            return -1;
    for (size_t i = 0; i < s->nstatics; i++) {
        char *copy = malloc(s->statics[i].len + 1);

        if (!copy)
            return -1;
        memcpy(copy, s->statics[i].data, s->statics[i].len + 1);
        if (route_add(s, s->statics[i].path,
                      body_make(s, copy, s->statics[i].len, s->statics[i].type)))
            return -1;
    }
    if (store_query_articles(s, &l) ||
        route_add(s, "/v1/articles", page_body(s, &l, "/v1/articles")))
        goto out;
    if (seal_pages(s))
        goto out;
    store_list_free(&l);
    if (store_query_quotes(s, NULL, NULL, &l) ||
        route_add(s, "/v1/quotes", page_body(s, &l, "/v1/quotes")))
        goto out;
    compress_bodies(s);
    {
        /* One tag for the whole snapshot's content, for answers made per request. */
        struct buf all;

        buf_init(&all, SIZE_MAX / 2);
        for (size_t i = 0; i < s->nbodies; i++)
            if (buf_adds(&all, s->bodies[i]->etag))
                goto out;
        store_etag(all.data ? all.data : "", all.len, NULL, s->content_etag);
        buf_free(&all);
    }
    s->sealed = 1;
    rc = 0;
out:
    store_list_free(&l);
    return rc;
}

size_t store_article_count(const struct store *s)
{
    return s->narts;
}

size_t store_quote_count(const struct store *s)
{
    return s->nquotes;
}

size_t store_speaker_count(const struct store *s)
{
    return s->nspeakers;
}

static const struct store_article *find(const struct store *s, const char *id)
{
    size_t lo = 0, hi = s->narts;

    /* Snapshots are sorted by id when sealing starts; before that, scan. */
    if (!s->sorted) {
        for (size_t i = 0; i < s->narts; i++)
            if (!strcmp(s->arts[i].a->id, id))
                return &s->arts[i];
        return NULL;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(id, s->arts[mid].a->id);

        if (!c)
            return &s->arts[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int store_has_article(const struct store *s, const char *id)
{
    return find(s, id) != NULL;
}

void store_list_free(struct store_list *l)
{
    free(l->items);
    free(l->lens);
    memset(l, 0, sizeof *l);
}

static int list_reserve(struct store_list *l, size_t n)
{
    l->items = calloc(n + 1, sizeof *l->items);
    l->lens = calloc(n + 1, sizeof *l->lens);
    l->n = 0;
    if (!l->items || !l->lens) {
        store_list_free(l);
        return -1;
    }
    return 0;
}

int store_query_articles(const struct store *s, struct store_list *out)
{
    if (list_reserve(out, s->narts))
        return -1;
    for (size_t i = 0; i < s->narts; i++) {
        out->items[out->n] = s->arts[i].summary;
        out->lens[out->n++] = s->arts[i].summary_len;
    }
    return 0;
}

/* Does every word of words occur in folded text, each at the start of a word? */
static int quote_passes(const struct store_article *e, size_t i, const struct store_quote_filter *f,
                        long section)
{
    const struct annot_quote *q = &e->a->an->quotes[i];

    if (!f)
        return 1;
    if (f->kind >= 0 && (int)q->kind != f->kind)
        return 0;
    if (f->speaker && (q->speaker < 0 || strcmp(e->a->an->speakers[q->speaker].id, f->speaker)))
        return 0;
    if (f->section && (section < 0 || e->a->doc->paras[q->para].section != (size_t)section))
        return 0;
    return 1;
}

/* Quotes that pass the q words, as one bit per quote of the snapshot. */
struct quote_bits {
    const struct store *s;
    const size_t *base; /* first bit of each article */
    unsigned char *bits;
};

static void mark_quote(void *ud, const struct article *a, size_t i)
{
    struct quote_bits *qb = ud;
    const struct store_article *e = find(qb->s, a->id);
    size_t bit;

    if (!e)
        return;
    bit = qb->base[e - qb->s->arts] + i;
    qb->bits[bit / 8] |= (unsigned char)(1u << (bit % 8));
}

static int quote_marked(const struct quote_bits *qb, size_t k, size_t i)
{
    size_t bit = qb->base[k] + i;

    return (qb->bits[bit / 8] >> (bit % 8)) & 1;
}

/* The quotes passing f, as body texts (out) and, when refs is not NULL, as
 * (article, quote index) pairs in refs. */
static int query_quotes(const struct store *s, const char *id, const struct store_quote_filter *f,
                        struct store_list *out, struct store_quote_ref **refs)
{
    const struct store_article *one = id ? find(s, id) : NULL;
    struct quote_bits qb = {s, NULL, NULL};
    size_t total = 0;
    int rc = -1, q;

    if (id && !one)
        return list_reserve(out, 0);
    /* One article's list holds its quotes only: reserving the corpus would be quadratic. */
    for (size_t k = 0; k < s->narts; k++)
        total += s->arts[k].a->an->nquotes;
    total = one ? one->a->an->nquotes : total;
    if (f && f->words && f->words[strspn(f->words, " ")]) {
        /* Words are matched by the full-text index: folded for all of Unicode. */
        size_t *base = calloc(s->narts + 1, sizeof *base), all = 0;

        qb.base = base;
        for (size_t k = 0; k < s->narts; k++)
            all += s->arts[k].a->an->nquotes;
        qb.bits = calloc(all / 8 + 1, 1);
        if (!base || !qb.bits || !s->search)
            goto out;
        for (size_t k = 1; k <= s->narts; k++)
            base[k] = base[k - 1] + s->arts[k - 1].a->an->nquotes;
        if ((q = search_quotes(s->search, f->words, mark_quote, &qb))) {
            rc = q;
            goto out;
        }
    }
    if (list_reserve(out, total))
        goto out;
    if (refs && !(*refs = calloc(total + 1, sizeof **refs))) {
        store_list_free(out);
        goto out;
    }
    for (size_t k = one ? (size_t)(one - s->arts) : 0; k < s->narts; k++) {
        const struct store_article *e = &s->arts[k];
        long section = f && f->section ? article_find_section(e->a, f->section) : -1;

        if (one && e != one)
            break;
        for (size_t i = 0; i < e->a->an->nquotes; i++) {
            if (!quote_passes(e, i, f, section) || (qb.bits && !quote_marked(&qb, k, i)))
                continue;
            if (refs)
                (*refs)[out->n] = (struct store_quote_ref){e->a, i};
            out->items[out->n] = e->quotes[i]->data;
            out->lens[out->n++] = e->quotes[i]->len;
        }
    }
    rc = 0;
out:
    free((void *)qb.base);
    free(qb.bits);
    return rc;
}

int store_query_quotes(const struct store *s, const char *id, const struct store_quote_filter *f,
                       struct store_list *out)
{
    return query_quotes(s, id, f, out, NULL);
}

int store_query_quote_refs(const struct store *s, const char *id,
                           const struct store_quote_filter *f, struct store_quote_ref **refs,
                           size_t *n)
{
    struct store_list l = {0};
    int rc;

    *refs = NULL;
    rc = query_quotes(s, id, f, &l, refs);
    *n = l.n;
    store_list_free(&l);
    return rc;
}

int store_query_corpus_speakers(const struct store *s, struct store_list *out)
{
    size_t n = s->corpus ? s->corpus->n : 0;

    if (list_reserve(out, n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        out->items[out->n] = s->corpus_frags[i];
        out->lens[out->n++] = s->corpus_frag_lens[i];
    }
    return 0;
}

const char *store_content_etag(const struct store *s)
{
    return s->content_etag;
}

struct search_index *store_search(const struct store *s)
{
    return s->search;
}

int store_query_speakers(const struct store *s, const char *id, struct store_list *out)
{
    const struct store_article *e = find(s, id);
    size_t n = e ? e->a->an->nspeakers : 0;

    if (list_reserve(out, n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        out->items[out->n] = e->speaker_frags[i];
        out->lens[out->n++] = e->speaker_frag_lens[i];
    }
    return 0;
}

int store_article_fields(const struct store *s, const char *id, unsigned mask, struct buf *out)
{
    const struct store_article *e = find(s, id);
    int first = 1;

    if (!e || buf_addc(out, '{'))
        return -1;
    for (int f = 0; f < RENDER_NFIELDS; f++) {
        if (!(mask & (1u << f)))
            continue;
        if ((!first && buf_addc(out, ',')) ||
            buf_addf(out, "\"%s\":", render_field_name((enum render_field)f)) ||
            buf_add(out, e->fields[f], e->field_lens[f]))
            return -1;
        first = 0;
    }
    return buf_addc(out, '}') ? -1 : 0;
}
