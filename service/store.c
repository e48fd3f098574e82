/* store.c - immutable snapshots of pre-rendered responses, swapped atomically. */
#include "store.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "corpus.h"
#include "datetime.h"
#include "offsets.h"
#include "page.h"
#include "render.h"
#include "search.h"

#define DEFAULT_LIMIT 20
/* Bodies smaller than this are not worth compressing. */
#define GZIP_MIN 256
/* Largest text rendered for one body (a 4 MiB article renders to about 11 MB). */
#define STORE_TEXT_MAX (256u * 1024u * 1024u)
/* The page cache of a snapshot: slots (a power of two), probes per key, bytes in all. */
#define STORE_CACHE_SLOTS 4096u
#define STORE_CACHE_PROBES 8u
#define STORE_CACHE_BYTES (32u * 1024u * 1024u)
#define STORE_CACHE_ITEM_MAX (1024u * 1024u)

struct cached {
    char *key;
    char *link; /* storage for body.link */
    struct store_body body;
};

/* Bodies some part of a snapshot owns. */
struct bodies {
    struct store_body **v;
    size_t n, cap;
};

/* Routes of a shared part, in order (first wins), copied into a snapshot's table at seal. */
struct unit {
    struct bodies b;
    struct {
        char *path;
        struct store_body *body;
    } * r;
    size_t nr, rcap;
};

/* One article and everything rendered from it: shared (refcounted) between the
 * snapshots derived from one another, so a write renders only its own article. */
struct store_article {
    atomic_long refs;
    int built;
    struct unit u;
    struct article *a;
    /* The article body holds every field's text, and the section, quote and
     * speaker item texts: the views below point into it. */
    const char *fields[RENDER_NFIELDS];
    size_t field_lens[RENDER_NFIELDS];
    char *summary;
    size_t summary_len;
    struct store_body **quotes;   /* one body (a view) per quote; also the list fragments */
    struct store_body **speakers; /* speaker detail bodies */
    const char **speaker_frags;   /* speaker list items (in the article body) */
    size_t *speaker_frag_lens;
};

struct route {
    const char *path;        /* borrowed from a unit of the snapshot, or static */
    struct store_body *body; /* borrowed from bodies[] */
};

/* The fixed documents' bodies, shared like articles. */
struct store_fixed {
    atomic_long refs;
    struct unit u;
};

struct store {
    atomic_long refs;
    int sealed;
    int sorted; /* arts are in id order (from the start of store_seal) */
    struct store_article **arts;
    size_t narts, arts_cap;
    /* The ids of arts (borrowed), open addressing, while unsealed: adding checks them in O(1). */
    const char **ids;
    size_t ids_cap;
    struct store_fixed *fixed;
    struct bodies bodies; /* lists and pages of this snapshot only */
    struct unit own;      /* the paths of its routes that are not static (no bodies) */
    struct route *routes; /* open addressing, capacity a power of two */
    size_t nroutes, routes_cap;
    struct {
        char *path, *type, *data;
        size_t len;
    } * statics;
    size_t nstatics;
    size_t nquotes, nspeakers;
    /* Pages assembled per request, kept for the next one: insert-only, so an
     * entry lives as long as the snapshot (and every response that uses it). */
    _Atomic(struct cached *) cache[STORE_CACHE_SLOTS];
    atomic_size_t cache_bytes;
    struct search_index *search; /* built at seal from every article, freed with the snapshot */
    struct corpus *corpus;       /* speakers across articles, built at seal */
    char content_etag[STORE_ETAG_MAX]; /* of every body together */
    const struct article **corpus_arts;
    char **corpus_frags; /* list items of /v1/speakers, one per corpus speaker */
    size_t *corpus_frag_lens;
};

static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *current;

#define FNV_OFFSET 14695981039346656037ULL

/* FNV-1a 64 of data, continuing from h (FNV_OFFSET to start). */
static uint64_t fnv1a_more(uint64_t h, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t fnv1a(const char *data, size_t len)
{
    return fnv1a_more(FNV_OFFSET, data, len);
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
    char *out, *fit;

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
    /* deflateBound is about the input's size: keep only what was written. */
    fit = realloc(out, z->total_out ? z->total_out : 1);
    return fit ? fit : out;
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

/* A published gzip variant: one allocation, written before it is published. */
struct store_gz {
    size_t len;
    char data[];
};

/* Published for a body that is not worth compressing: tried once, never again. */
static struct store_gz gz_none;

/* The gzip variant of b in a new store_gz, or &gz_none when it would not pay. */
static struct store_gz *gz_make(const struct store_body *b)
{
    struct store_gz *g;
    char *out;
    size_t n = 0;

    if (b->len < GZIP_MIN || !(out = store_gzip(b->data, b->len, &n)))
        return &gz_none;
    if (n >= b->len || !(g = malloc(sizeof *g + n))) {
        free(out);
        return &gz_none;
    }
    g->len = n;
    memcpy(g->data, out, n);
    free(out);
    return g;
}

const char *store_body_gz(const struct store_body *b, size_t *len)
{
    /* The atomic field is the body's only mutable part: a cast, not a second copy. */
    _Atomic(struct store_gz *) *cell = (_Atomic(struct store_gz *) *)(uintptr_t)&b->gz;
    struct store_gz *g = atomic_load_explicit(cell, memory_order_acquire), *none = NULL;

    if (!g) {
        g = gz_make(b);
        /* First one wins; a loser frees its copy and serves the winner's. */
        if (!atomic_compare_exchange_strong_explicit(cell, &none, g, memory_order_acq_rel,
                                                     memory_order_acquire)) {
            if (g != &gz_none)
                free(g);
            g = none;
        }
    }
    *len = g->len;
    return g == &gz_none ? NULL : g->data;
}

static void gz_free(struct store_body *b)
{
    struct store_gz *g = atomic_load(&b->gz);

    if (g != &gz_none)
        free(g);
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
    if (!b->view)
        free(b->data);
    free(b->meta);
    gz_free(b);
    free(b);
}

static void cached_free(struct cached *e)
{
    if (!e)
        return;
    free(e->key);
    free(e->link);
    free(e->body.data);
    free(e->body.meta);
    gz_free(&e->body);
    free(e);
}

static void bodies_free(struct bodies *bs)
{
    for (size_t i = 0; i < bs->n; i++)
        body_free(bs->v[i]);
    free(bs->v);
}

static void unit_free(struct unit *u)
{
    bodies_free(&u->b);
    for (size_t i = 0; i < u->nr; i++)
        free(u->r[i].path);
    free(u->r);
}

static void fixed_release(struct store_fixed *f)
{
    if (f && atomic_fetch_sub(&f->refs, 1) == 1) {
        unit_free(&f->u);
        free(f);
    }
}

static void article_entry_release(struct store_article *e)
{
    if (!e || atomic_fetch_sub(&e->refs, 1) != 1)
        return;
    unit_free(&e->u);
    free(e->summary);
    free(e->quotes);
    free(e->speakers);
    free((void *)e->speaker_frags);
    free(e->speaker_frag_lens);
    article_free(e->a);
    free(e);
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
        article_entry_release(s->arts[i]);
    free(s->arts);
    free(s->ids);
    fixed_release(s->fixed);
    bodies_free(&s->bodies);
    unit_free(&s->own);
    free(s->routes);
    for (size_t i = 0; i < s->nstatics; i++) {
        free(s->statics[i].path);
        free(s->statics[i].type);
        free(s->statics[i].data);
    }
    free(s->statics);
    for (size_t i = 0; i < STORE_CACHE_SLOTS; i++)
        cached_free(atomic_load(&s->cache[i]));
    free(s);
}

const struct store_body *store_cache_get(const struct store *s, const char *key)
{
    size_t h = (size_t)fnv1a(key, strlen(key));

    for (size_t p = 0; p < STORE_CACHE_PROBES; p++) {
        struct cached *e =
            atomic_load(&((struct store *)s)->cache[(h + p) & (STORE_CACHE_SLOTS - 1)]);

        if (!e)
            return NULL;
        if (!strcmp(e->key, key))
            return &e->body;
    }
    return NULL;
}

const struct store_body *store_cache_put(struct store *s, const char *key, const char *text,
                                         size_t len, const char *type, const char *total,
                                         const char *link)
{
    return store_cache_put_tagged(s, key, text, len, type, total, link, NULL);
}

const struct store_body *store_cache_put_tagged(struct store *s, const char *key, const char *text,
                                                size_t len, const char *type, const char *total,
                                                const char *link, const char *suffix)
{
    char gz_suffix[12]; /* "-u16-gz" */
    size_t h = (size_t)fnv1a(key, strlen(key));
    size_t cost = len + strlen(key) + (link ? strlen(link) : 0) + sizeof(struct cached);
    struct cached *e;

    if (len > STORE_CACHE_ITEM_MAX || (total && strlen(total) >= STORE_META_MAX))
        return NULL;
    if (atomic_fetch_add(&s->cache_bytes, cost) + cost > STORE_CACHE_BYTES) {
        atomic_fetch_sub(&s->cache_bytes, cost);
        return NULL;
    }
    e = calloc(1, sizeof *e);
    if (!e)
        goto fail;
    e->key = strdup(key);
    e->body.data = malloc(len + 1);
    e->link = link ? strdup(link) : NULL;
    if (!e->key || !e->body.data || (link && !e->link))
        goto fail;
    memcpy(e->body.data, text, len);
    e->body.data[len] = '\0';
    e->body.len = len;
    e->body.type = type;
    e->body.link = e->link;
    if (total) {
        if (!(e->body.meta = strdup(total)))
            goto fail;
        e->body.total = e->body.meta;
    }
    store_etag(text, len, suffix, e->body.etag);
    snprintf(gz_suffix, sizeof gz_suffix, "%s-gz", suffix ? suffix : "");
    store_etag(text, len, gz_suffix, e->body.gz_etag);
    /* A page made per request is compressed now, while it is in the cache. */
    atomic_init(&e->body.gz, gz_make(&e->body));
    for (size_t p = 0; p < STORE_CACHE_PROBES; p++) {
        struct cached *none = NULL;
        _Atomic(struct cached *) *slot = &s->cache[(h + p) & (STORE_CACHE_SLOTS - 1)];

        if (atomic_compare_exchange_strong(slot, &none, e))
            return &e->body;
        if (!strcmp(none->key, key)) {
            /* Another thread was first with the same page: serve its copy. */
            atomic_fetch_sub(&s->cache_bytes, cost);
            cached_free(e);
            return &none->body;
        }
    }
fail:
    atomic_fetch_sub(&s->cache_bytes, cost);
    cached_free(e);
    return NULL;
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

/* The slot of id in s->ids: where it is, or the empty one where it would go. */
static size_t ids_slot(const struct store *s, const char *id)
{
    size_t mask = s->ids_cap - 1, i = (size_t)fnv1a(id, strlen(id)) & mask;

    while (s->ids[i] && strcmp(s->ids[i], id))
        i = (i + 1) & mask;
    return i;
}

static int ids_has(const struct store *s, const char *id)
{
    return s->ids_cap && s->ids[ids_slot(s, id)];
}

/* Note id (borrowed from an article of s) in the id set, grown to stay at most half full. */
static int ids_add(struct store *s, const char *id)
{
    if ((s->narts + 1) * 2 > s->ids_cap) {
        size_t cap = s->ids_cap ? s->ids_cap * 2 : 64;
        const char **old = s->ids;
        size_t oldcap = s->ids_cap;

        if (!(s->ids = calloc(cap, sizeof *s->ids))) {
            s->ids = old;
            return -1;
        }
        s->ids_cap = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i])
                s->ids[ids_slot(s, old[i])] = old[i];
        free(old);
    }
    s->ids[ids_slot(s, id)] = id;
    return 0;
}

/* Append e (a reference the store takes over, also on failure). */
static int arts_push(struct store *s, struct store_article *e)
{
    /* Doubling: 10,000 articles would otherwise be 10,000 reallocs. */
    if (s->narts == s->arts_cap) {
        size_t cap = s->arts_cap ? s->arts_cap * 2 : 16;
        struct store_article **na = realloc(s->arts, cap * sizeof *na);

        if (!na)
            goto fail;
        s->arts = na;
        s->arts_cap = cap;
    }
    if (ids_add(s, e->a->id))
        goto fail;
    s->arts[s->narts++] = e;
    return 0;
fail:
    article_entry_release(e);
    return -1;
}

int store_add_article(struct store *s, struct article *a)
{
    struct store_article *e;

    if (ids_has(s, a->id)) {
        article_free(a);
        return -1;
    }
    e = calloc(1, sizeof *e);
    if (!e) {
        article_free(a);
        return -1;
    }
    atomic_init(&e->refs, 1);
    e->a = a;
    return arts_push(s, e);
}

struct store *store_derive(const struct store *base, const char *drop_id)
{
    struct store *s = store_new();

    if (!s)
        return NULL;
    for (size_t i = 0; i < base->narts; i++) {
        if (drop_id && !strcmp(base->arts[i]->a->id, drop_id))
            continue;
        atomic_fetch_add(&base->arts[i]->refs, 1);
        if (arts_push(s, base->arts[i])) {
            store_release(s);
            return NULL;
        }
    }
    if (base->fixed) {
        atomic_fetch_add(&base->fixed->refs, 1);
        s->fixed = base->fixed;
    }
    return s;
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

/* A body of data[0..len) owned by bs; NULL when memory runs out. */
static struct store_body *body_new(struct bodies *bs, char *data, size_t len, const char *type)
{
    struct store_body *b;

    if (bs->n == bs->cap) {
        size_t cap = bs->cap ? bs->cap * 2 : 64;
        struct store_body **nb = realloc(bs->v, cap * sizeof *nb);

        if (!nb)
            return NULL;
        bs->v = nb;
        bs->cap = cap;
    }
    b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->data = data;
    b->len = len;
    b->type = type;
    /* The ETags come later, several bodies at a time (etags_make()). */
    atomic_init(&b->gz, NULL);
    bs->v[bs->n++] = b;
    return b;
}

/* Set b's ETags from the FNV-1a 64 of its data. The gzip one is the identity one
 * with a suffix: no second pass over the data. The gzip body itself is made on
 * first request (store_body_gz()). */
static void etag_set(struct store_body *b, uint64_t h)
{
    static const char hex[] = "0123456789abcdef";

    /* "%016llx" by hand: two snprintf calls for each of 400,000 bodies showed. */
    b->etag[0] = '"';
    for (int k = 0; k < 16; k++)
        b->etag[1 + k] = hex[(h >> (60 - 4 * k)) & 15];
    memcpy(b->etag + 17, "\"", 2);
    memcpy(b->gz_etag, b->etag, 17);
    memcpy(b->gz_etag + 17, "-gz\"", 5);
}

#define ETAG_LANES 4

/* The ETags of bs->v[from..]: FNV-1a is one multiply per byte, each waiting for
 * the last, so one body at a time leaves the core idle; four bodies at once, in
 * lockstep, hash about three times as fast. Lanes without a body hash zeros. */
static void etags_make(struct bodies *bs, size_t from)
{
    static const unsigned char zeros[4096];
    struct {
        const unsigned char *p;
        size_t left;
        uint64_t h;
        struct store_body *b;
    } l[ETAG_LANES] = {{0}};
    size_t next = from;

    for (;;) {
        size_t m = SIZE_MAX;
        int live = 0;

        for (int k = 0; k < ETAG_LANES; k++) {
            /* A finished lane takes the next body; an empty body is done at once. */
            while (!l[k].b && next < bs->n) {
                struct store_body *b = bs->v[next++];

                if (!b->len) {
                    etag_set(b, FNV_OFFSET);
                    continue;
                }
                l[k].b = b;
                l[k].p = (const unsigned char *)b->data;
                l[k].left = b->len;
                l[k].h = FNV_OFFSET;
            }
            if (l[k].b) {
                live++;
                if (l[k].left < m)
                    m = l[k].left;
            }
        }
        if (!live)
            return;
        if (m > sizeof zeros)
            m = sizeof zeros;
        for (int k = 0; k < ETAG_LANES; k++)
            if (!l[k].b)
                l[k].p = zeros;
        for (size_t i = 0; i < m; i++) {
            l[0].h = (l[0].h ^ l[0].p[i]) * 1099511628211ULL;
            l[1].h = (l[1].h ^ l[1].p[i]) * 1099511628211ULL;
            l[2].h = (l[2].h ^ l[2].p[i]) * 1099511628211ULL;
            l[3].h = (l[3].h ^ l[3].p[i]) * 1099511628211ULL;
        }
        for (int k = 0; k < ETAG_LANES; k++) {
            if (!l[k].b)
                continue;
            l[k].p += m;
            l[k].left -= m;
            if (!l[k].left) {
                etag_set(l[k].b, l[k].h);
                l[k].b = NULL;
            }
        }
    }
}

/* Make a body from text (taken over, also on failure), owned by bs. */
static struct store_body *body_make(struct bodies *bs, char *data, size_t len, const char *type)
{
    struct store_body *b;
    char *fit;

    if (!data)
        return NULL;
    /* Rendered text comes in a buffer grown by doubling: hold only the text. */
    fit = realloc(data, len + 1);
    if (fit)
        data = fit;
    if (!(b = body_new(bs, data, len, type)))
        free(data);
    return b;
}

/* A body whose text is data[0..len) of a body of bs that outlives it: no copy. */
static struct store_body *body_view(struct bodies *bs, const char *data, size_t len,
                                    const char *type)
{
    struct store_body *b = body_new(bs, (char *)(uintptr_t)data, len, type);

    if (b)
        b->view = 1;
    return b;
}

/* Empty the scratch buffer sc for a text of at most max bytes. Each seal thread
 * renders into one buffer, kept from body to body: growing a new buffer by doubling
 * for each of 120,000 bodies was a fifth of a 10,000-article load (realloc, and the
 * fresh pages it faulted in). */
static struct buf *scratch(struct buf *sc, size_t max)
{
    sc->len = 0;
    sc->max = max;
    return sc;
}

/* A copy of sc's text (rendered with rc: 0 or -1), at its size, as a body of bs. */
static struct store_body *body_copy(struct bodies *bs, int rc, const struct buf *sc,
                                    const char *type)
{
    struct store_body *b;
    char *text;

    if (rc || !(text = malloc(sc->len + 1)))
        return NULL;
    if (sc->len)
        memcpy(text, sc->data, sc->len);
    text[sc->len] = '\0';
    if (!(b = body_new(bs, text, sc->len, type)))
        free(text);
    return b;
}

/* Note a route of a shared part; b NULL (its making failed) fails. */
static int unit_route(struct unit *u, const char *path, struct store_body *b)
{
    if (!b)
        return -1;
    if (u->nr == u->rcap) {
        size_t cap = u->rcap ? u->rcap * 2 : 32;
        void *nr = realloc(u->r, cap * sizeof *u->r);

        if (!nr)
            return -1;
        u->r = nr;
        u->rcap = cap;
    }
    if (!(u->r[u->nr].path = strdup(path)))
        return -1;
    u->r[u->nr++].body = b;
    return 0;
}

/* Where the items of the article body's lists are: offsets and lengths. */
struct item_places {
    size_t *off, *len;
};

/* A list field (sections, quotes or speakers, with links) appended to b one item at a
 * time, as render_article_field_text() writes it, each item's place noted in p. */
static int put_items(struct buf *b, const struct article *a, enum render_field f, size_t n,
                     struct item_places *p)
{
    if (buf_addc(b, '['))
        return -1;
    for (size_t i = 0; i < n; i++) {
        int rc;

        if (i && buf_addc(b, ','))
            return -1;
        p->off[i] = b->len;
        if (f == RENDER_F_SECTIONS)
            rc = render_section_text(a, i, 1, b);
        else if (f == RENDER_F_QUOTES)
            rc = render_quote_text(a, i, 1, b);
        else
            rc = render_speaker_text(a, i, 1, b);
        if (rc)
            return -1;
        p->len[i] = b->len - p->off[i];
    }
    return buf_addc(b, ']') ? -1 : 0;
}

/* The whole article, as render_article() would dump it, with the places of its
 * fields (in e) and of its sections, quotes and speakers (in p[0..2]). */
static struct store_body *body_article(struct bodies *bs, struct store_article *e,
                                       struct item_places p[3], struct buf *sc)
{
    const struct article *a = e->a;
    size_t off[RENDER_NFIELDS];
    struct store_body *body;
    struct buf *b = scratch(sc, STORE_TEXT_MAX);

    if (buf_addc(b, '{'))
        return NULL;
    for (int f = 0; f < RENDER_NFIELDS; f++) {
        int rc;

        if ((f && buf_addc(b, ',')) ||
            buf_addf(b, "\"%s\":", render_field_name((enum render_field)f)))
            return NULL;
        off[f] = b->len;
        if (f == RENDER_F_SECTIONS)
            rc = put_items(b, a, (enum render_field)f, a->doc->nsections, &p[0]);
        else if (f == RENDER_F_QUOTES)
            rc = put_items(b, a, (enum render_field)f, a->an->nquotes, &p[1]);
        else if (f == RENDER_F_SPEAKERS)
            rc = put_items(b, a, (enum render_field)f, a->an->nspeakers, &p[2]);
        else
            rc = render_article_field_text(a, (enum render_field)f, 1, b);
        if (rc)
            return NULL;
        e->field_lens[f] = b->len - off[f];
    }
    if (!(body = body_copy(bs, buf_addc(b, '}') ? -1 : 0, b, RENDER_JSON_TYPE)))
        return NULL;
    for (int f = 0; f < RENDER_NFIELDS; f++)
        e->fields[f] = body->data + off[f];
    return body;
}

/* The section list, from the article body's sections field (no second rendering). */
static struct store_body *body_section_list(struct bodies *bs, const struct store_article *e,
                                            struct buf *sc)
{
    /* The field is "[...]": its inside is the items, joined by commas. */
    return body_copy(bs,
                     render_section_list_wrap(e->a, e->fields[RENDER_F_SECTIONS] + 1,
                                              e->field_lens[RENDER_F_SECTIONS] - 2,
                                              scratch(sc, STORE_TEXT_MAX)),
                     sc, RENDER_JSON_TYPE);
}

/* Speaker i with all their quotes, from its item and the quote bodies. */
static struct store_body *body_speaker(struct bodies *bs, const struct store_article *e, size_t i,
                                       const char **qtexts, const size_t *qlens, struct buf *sc)
{
    return body_copy(bs,
                     render_speaker_detail_text(e->a, i, e->speaker_frags[i],
                                                e->speaker_frag_lens[i], qtexts, qlens,
                                                scratch(sc, STORE_TEXT_MAX)),
                     sc, RENDER_JSON_TYPE);
}

static int route_grow(struct store *s, size_t n);

/* A page rendered by fn into a new body (HTML, CSS or JS). */
static struct store_body *body_page(struct bodies *bs, int rc, struct buf *b, const char *type)
{
    size_t len = 0;
    char *text;

    if (rc)
        return NULL;
    text = buf_steal(b, &len);
    return body_make(bs, text, len, type);
}

/* Add a route to s's table; path is borrowed: static, or a unit's that s holds. */
static int route_add(struct store *s, const char *path, struct store_body *b)
{
    size_t mask, i;

    if (!b || (s->nroutes + 1) * 2 > s->routes_cap) {
        if (!b || route_grow(s, 0))
            return -1;
    }
    mask = s->routes_cap - 1;
    for (i = fnv1a(path, strlen(path)) & mask; s->routes[i].path; i = (i + 1) & mask)
        if (!strcmp(s->routes[i].path, path))
            return 0; /* first one wins: a slug beats an alias or index */
    s->routes[i].path = path;
    s->routes[i].body = b;
    s->nroutes++;
    return 0;
}

/* The same with a path of s's own, copied. */
static int route_add_copy(struct store *s, const char *path, struct store_body *b)
{
    return unit_route(&s->own, path, b) || route_add(s, s->own.r[s->own.nr - 1].path, b) ? -1 : 0;
}

/* Grow the table to twice its size, or to hold n routes at most half full at once. */
static int route_grow(struct store *s, size_t n)
{
    size_t cap = s->routes_cap ? s->routes_cap * 2 : 256;
    struct route *old = s->routes;
    size_t oldcap = s->routes_cap;

    while (cap < 2 * n)
        cap *= 2;
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

static int route_addf(struct unit *u, struct store_body *b, const char *id, const char *sub,
                      const char *key)
{
    char path[512];

    snprintf(path, sizeof path, "/v1/articles/%s%s%s%s%s", id, sub ? "/" : "", sub ? sub : "",
             key ? "/" : "", key ? key : "");
    return unit_route(u, path, b);
}

static int cmp_article(const void *x, const void *y)
{
    const struct store_article *a = *(struct store_article *const *)x,
                               *b = *(struct store_article *const *)y;

    return strcmp(a->a->id, b->a->id);
}

/* A page of a list body at its default limit and offset, with its headers. */
/* sc: a seal thread's scratch buffer, or NULL for one of its own. */
static struct store_body *page_body(struct bodies *bs, const struct store_list *l, const char *path,
                                    struct buf *sc)
{
    struct buf b, *t = sc ? scratch(sc, SIZE_MAX / 2) : &b;
    size_t n = l->n < DEFAULT_LIMIT ? l->n : DEFAULT_LIMIT;
    struct store_body *body;
    int k;

    if (!sc)
        buf_init(&b, SIZE_MAX / 2);
    body = body_copy(bs, render_page(t, l->items, l->lens, n, l->n, DEFAULT_LIMIT, 0, path, ""), t,
                     RENDER_JSON_TYPE);
    if (!sc)
        buf_free(&b);
    if (!body)
        return NULL;
    /* Only list pages have headers: the other bodies carry no room for them. */
    if (!(body->meta = malloc(STORE_META_MAX)))
        return NULL;
    k = snprintf(body->meta, STORE_META_MAX, "%zu", l->n);
    body->total = body->meta;
    /* The first page links to the second when there is one. */
    if (l->n > DEFAULT_LIMIT) {
        buf_init(&b, 1024);
        if (render_page_link_header(&b, l->n, DEFAULT_LIMIT, 0, path, ""))
            return NULL;
        body->link = body->meta + k + 1;
        snprintf(body->meta + k + 1, STORE_META_MAX - (size_t)k - 1, "%s", b.data);
        if (strlen(body->link) != b.len) /* too long for meta: no Link beats a wrong one */
            body->link = NULL;
        buf_free(&b);
    }
    return body;
}

/* Render article e of s, in the scratch buffer sc. */
static int seal_article(struct store *s, struct store_article *e, struct buf *sc)
{
    const struct article *a = e->a;
    const struct annot *an = a->an;
    size_t nsec = a->doc->nsections, nq = an->nquotes, nsp = an->nspeakers;
    struct store_body *b, *whole;
    struct store_list l = {0};
    struct item_places p[3];
    const char **qtexts = NULL;
    size_t *qlens = NULL, *places;
    char path[512], idx[24];
    int rc = -1;

    /* One array for the places of the three lists' items. */
    places = calloc(2 * (nsec + nq + nsp) + 1, sizeof *places);
    if (!places)
        return -1;
    p[0] = (struct item_places){places, places + nsec};
    p[1] = (struct item_places){places + 2 * nsec, places + 2 * nsec + nq};
    p[2] = (struct item_places){places + 2 * (nsec + nq), places + 2 * (nsec + nq) + nsp};
    if (render_summary_text(a, scratch(sc, STORE_TEXT_MAX)) || !(e->summary = malloc(sc->len + 1)))
        goto out;
    memcpy(e->summary, sc->data, sc->len + 1);
    e->summary_len = sc->len;
    /* Streamed text, never a JSON tree of the whole article: a tree costs 30x the
     * input for an article of many short paragraphs. Its sections, quotes and
     * speaker items are the same bytes as their own bodies: those are views of it. */
    whole = body_article(&e->u.b, e, p, sc);
    if (route_addf(&e->u, whole, a->id, NULL, NULL) ||
        route_addf(&e->u, body_section_list(&e->u.b, e, sc), a->id, "sections", NULL))
        goto out;
    for (size_t i = 0; i < nsec; i++) {
        b = body_view(&e->u.b, whole->data + p[0].off[i], p[0].len[i], RENDER_JSON_TYPE);
        snprintf(idx, sizeof idx, "%zu", i);
        if (route_addf(&e->u, b, a->id, "sections", a->doc->sections[i].slug) ||
            route_addf(&e->u, b, a->id, "sections", idx))
            goto out;
        for (size_t k = 0; k < article_section_alias_count(a, i); k++)
            if (route_addf(&e->u, b, a->id, "sections", article_section_alias(a, i, k)))
                goto out;
    }
    e->quotes = calloc(nq + 1, sizeof *e->quotes);
    e->speakers = calloc(nsp + 1, sizeof *e->speakers);
    e->speaker_frags = calloc(nsp + 1, sizeof *e->speaker_frags);
    e->speaker_frag_lens = calloc(nsp + 1, sizeof *e->speaker_frag_lens);
    qtexts = calloc(nq + 1, sizeof *qtexts);
    qlens = calloc(nq + 1, sizeof *qlens);
    if (!e->quotes || !e->speakers || !e->speaker_frags || !e->speaker_frag_lens || !qtexts ||
        !qlens)
        goto out;
    for (size_t i = 0; i < nq; i++) {
        qtexts[i] = whole->data + p[1].off[i];
        qlens[i] = p[1].len[i];
        e->quotes[i] = body_view(&e->u.b, qtexts[i], qlens[i], RENDER_JSON_TYPE);
        if (route_addf(&e->u, e->quotes[i], a->id, "quotes", a->quote_ids[i]) ||
            route_addf(&e->u, e->quotes[i], a->id, "quotes", a->quote_keys[i]))
            goto out;
    }
    for (size_t i = 0; i < nsp; i++) {
        e->speaker_frags[i] = whole->data + p[2].off[i];
        e->speaker_frag_lens[i] = p[2].len[i];
        e->speakers[i] = body_speaker(&e->u.b, e, i, qtexts, qlens, sc);
        if (route_addf(&e->u, e->speakers[i], a->id, "speakers", an->speakers[i].id))
            goto out;
    }
    /* The annotator's ASCII-only id too ("jos-n-ez"), where it differs, unless
     * another speaker has it: route_add keeps the first. */
    for (size_t i = 0; i < an->nspeakers; i++)
        if (a->speaker_alias_ids && a->speaker_alias_ids[i] &&
            route_addf(&e->u, e->speakers[i], a->id, "speakers", a->speaker_alias_ids[i]))
            goto out;

    /* The reader page, rendered once like the JSON. */
    snprintf(path, sizeof path, "/read/%s", a->id);
    if (unit_route(&e->u, path,
                   body_copy(&e->u.b, page_article(scratch(sc, SIZE_MAX / 2), a), sc,
                             PAGE_HTML_TYPE)))
        goto out;

    snprintf(path, sizeof path, "/v1/articles/%s/quotes", a->id);
    if (store_query_quotes(s, a->id, NULL, &l) ||
        unit_route(&e->u, path, page_body(&e->u.b, &l, path, sc)))
        goto out;
    store_list_free(&l);
    snprintf(path, sizeof path, "/v1/articles/%s/speakers", a->id);
    if (store_query_speakers(s, a->id, &l) ||
        unit_route(&e->u, path, page_body(&e->u.b, &l, path, sc)))
        goto out;
    etags_make(&e->u.b, 0);
    /* Every body of the article is as new as its sources (Last-Modified). */
    for (size_t i = 0; i < e->u.b.n; i++)
        e->u.b.v[i]->modified = a->modified;
    e->built = 1;
    rc = 0;
out:
    store_list_free(&l);
    free(places);
    free((void *)qtexts);
    free(qlens);
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
        arts[i] = s->arts[i]->a;
    buf_init(&b, SIZE_MAX / 2);
    rc = route_add(s, STORE_PAGE_INDEX,
                   body_page(&s->bodies, page_index(&b, arts, s->narts), &b, PAGE_HTML_TYPE));
    free(arts);
    buf_init(&b, SIZE_MAX / 2);
    if (rc || route_add(s, "/annotate", body_page(&s->bodies, page_annotate(&b), &b, PAGE_HTML_TYPE)))
        return -1;
    asset = page_css(&len);
    copy = strndup(asset, len);
    if (route_add(s, PAGE_CSS_PATH, body_make(&s->bodies, copy, len, PAGE_CSS_TYPE)))
        return -1;
    asset = page_js(&len);
    copy = strndup(asset, len);
    return route_add(s, PAGE_JS_PATH, body_make(&s->bodies, copy, len, PAGE_JS_TYPE));
}

/* The speakers of s's articles grouped across them (corpus.h); their texts come later. */
static int corpus_group(struct store *s)
{
    s->corpus_arts = calloc(s->narts + 1, sizeof *s->corpus_arts);
    if (!s->corpus_arts)
        return -1;
    for (size_t i = 0; i < s->narts; i++)
        s->corpus_arts[i] = s->arts[i]->a;
    if (!(s->corpus = corpus_build(s->corpus_arts, s->narts)))
        return -1;
    s->corpus_frags = calloc(s->corpus->n + 1, sizeof *s->corpus_frags);
    s->corpus_frag_lens = calloc(s->corpus->n + 1, sizeof *s->corpus_frag_lens);
    return s->corpus_frags && s->corpus_frag_lens ? 0 : -1;
}

/* A quote's text as its article's body has it (corpus_quote_fn). */
static const char *quote_text(void *ud, size_t art, size_t q, size_t *len)
{
    const struct store *s = ud;
    const struct store_body *b = s->arts[art]->quotes[q];

    *len = b->len;
    return b->data;
}

/* Corpus speaker i with all their quotes, as text (*text, *len), written as text, not
 * built as a tree: a corpus speaker holds every quote of theirs, copied from the
 * article bodies. The list item is the first *item bytes and a '}'. */
static int corpus_text(const struct store *s, size_t i, char **text, size_t *len, size_t *item,
                       struct buf *sc)
{
    if (corpus_render_text_quotes(s->corpus, i, quote_text, (void *)(uintptr_t)s,
                                  scratch(sc, STORE_TEXT_MAX), item) ||
        !(*text = malloc(sc->len + 1)))
        return -1;
    memcpy(*text, sc->data, sc->len + 1);
    *len = sc->len;
    return 0;
}

/* /v1/speakers and /v1/speakers/{id}, from the texts of the corpus speakers (taken over). */
static int seal_corpus(struct store *s, char **texts, const size_t *lens, const size_t *items)
{
    struct store_list l = {0};
    char path[512];
    int rc = -1;

    for (size_t i = 0; i < s->corpus->n; i++) {
        char *detail = texts[i];

        texts[i] = NULL;
        s->corpus_frags[i] = malloc(items[i] + 2);
        if (!s->corpus_frags[i]) {
            free(detail);
            return -1;
        }
        memcpy(s->corpus_frags[i], detail, items[i]);
        memcpy(s->corpus_frags[i] + items[i], "}", 2);
        s->corpus_frag_lens[i] = items[i] + 1;
        snprintf(path, sizeof path, "/v1/speakers/%s", s->corpus->speakers[i].id);
        if (route_add_copy(s, path, body_make(&s->bodies, detail, lens[i], RENDER_JSON_TYPE)))
            return -1;
    }
    if (store_query_corpus_speakers(s, &l) ||
        route_add(s, "/v1/speakers", page_body(&s->bodies, &l, "/v1/speakers", NULL)))
        goto out;
    rc = 0;
out:
    store_list_free(&l);
    return rc;
}

/* Fold the identity ETags of bodies into h. */
static uint64_t etags_fold(uint64_t h, const struct bodies *bs)
{
    for (size_t i = 0; i < bs->n; i++)
        h = fnv1a_more(h, bs->v[i]->etag, strlen(bs->v[i]->etag));
    return h;
}

/* The full-text index and the corpus are the snapshot's own, made from all of
 * its articles, shared or not: a reload or a write swaps them with the rest. */
static int seal_index(struct store *s)
{
    if (!(s->search = search_new()))
        return -1;
    for (size_t i = 0; i < s->narts; i++)
        if (search_add(s->search, s->arts[i]->a))
            return -1;
    return search_seal(s->search) || corpus_group(s) ? -1 : 0;
}

/* Every route of the articles and the fixed documents into s's table (first one wins). */
static int seal_routes(struct store *s)
{
    /* Sized once for every route: growing would rehash 370,000 routes of 10,000 articles. */
    size_t nroutes = s->nroutes + s->fixed->u.nr + s->corpus->n + 8;

    for (size_t i = 0; i < s->narts; i++)
        nroutes += s->arts[i]->u.nr;
    if (nroutes * 2 > s->routes_cap && route_grow(s, nroutes))
        return -1;
    s->nquotes = s->nspeakers = 0;
    for (size_t i = 0; i < s->narts; i++) {
        const struct unit *u = &s->arts[i]->u;

        for (size_t k = 0; k < u->nr; k++)
            if (route_add(s, u->r[k].path, u->r[k].body))
                return -1;
        s->nquotes += s->arts[i]->a->an->nquotes;
        s->nspeakers += s->arts[i]->a->an->nspeakers;
    }
    for (size_t k = 0; k < s->fixed->u.nr; k++)
        if (route_add(s, s->fixed->u.r[k].path, s->fixed->u.r[k].body))
            return -1;
    return 0;
}

/* Articles claimed at a time by a seal thread: few enough to balance the cores. */
#define SEAL_CHUNK 8

/* The work of store_seal shared by its threads, in two rounds. First: the index and
 * the corpus's grouping by the thread that claims them (taken), the new articles'
 * bodies by all, SEAL_CHUNK at a time (next). Then, once every article has its
 * bodies: the route table by the thread that claims it, the corpus speakers' texts
 * by all, one at a time, into texts[] (the corpus quotes the article bodies). While
 * they run, s->arts (sorted) and the articles are only read, and each part of the
 * snapshot is written by the one thread that claimed it: no locks, only these atomics. */
struct seal_job {
    struct store *s;
    atomic_size_t next;
    atomic_int taken;
    atomic_int failed;
    char **texts;
    size_t *lens, *items;
};

static void *seal_articles(void *arg)
{
    struct seal_job *j = arg;
    struct store *s = j->s;
    struct buf sc;

    buf_init(&sc, STORE_TEXT_MAX);
    if (!atomic_exchange(&j->taken, 1) && seal_index(s))
        atomic_store(&j->failed, 1);
    while (!atomic_load(&j->failed)) {
        size_t from = atomic_fetch_add(&j->next, SEAL_CHUNK);

        if (from >= s->narts)
            break;
        for (size_t i = from; i < s->narts && i < from + SEAL_CHUNK; i++) {
            /* Articles shared with the snapshot this one derives from are rendered already. */
            if (!s->arts[i]->built && seal_article(s, s->arts[i], &sc)) {
                atomic_store(&j->failed, 1);
                break;
            }
        }
    }
    buf_free(&sc);
    return NULL;
}

static void *seal_speakers(void *arg)
{
    struct seal_job *j = arg;
    struct store *s = j->s;
    struct buf sc;

    buf_init(&sc, STORE_TEXT_MAX);
    if (!atomic_exchange(&j->taken, 1) && seal_routes(s))
        atomic_store(&j->failed, 1);
    while (!atomic_load(&j->failed)) {
        size_t i = atomic_fetch_add(&j->next, 1);

        if (i >= s->corpus->n)
            break;
        if (corpus_text(s, i, &j->texts[i], &j->lens[i], &j->items[i], &sc))
            atomic_store(&j->failed, 1);
    }
    buf_free(&sc);
    return NULL;
}

/* Run fn(j) on n threads (this one too) and wait for them all. */
static void run_threads(void *(*fn)(void *), struct seal_job *j, size_t n)
{
    pthread_t th[8];
    size_t started = 0;

    atomic_store(&j->next, 0);
    atomic_store(&j->taken, 0);
    for (size_t t = 1; t < n && t < 8; t++) {
        if (pthread_create(&th[t], NULL, fn, j))
            break;
        started = t;
    }
    fn(j);
    for (size_t t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
}

/* Render the new articles, build the index and the corpus and fill the route table on
 * as many threads as there are cores (at most 8); the output does not depend on which
 * thread made what. */
static int seal_parallel(struct store *s)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = cores < 1 ? 1 : cores > 8 ? 8 : (size_t)cores, fresh = 0;
    struct seal_job j = {.s = s};
    int rc = -1;

    atomic_init(&j.next, 0);
    atomic_init(&j.taken, 0);
    atomic_init(&j.failed, 0);
    for (size_t i = 0; i < s->narts; i++)
        fresh += !s->arts[i]->built;
    /* A write's one article is not worth a thread. */
    if (fresh < 4 * SEAL_CHUNK)
        n = 1;
    run_threads(seal_articles, &j, n);
    if (atomic_load(&j.failed))
        return -1;
    j.texts = calloc(s->corpus->n + 1, sizeof *j.texts);
    j.lens = calloc(s->corpus->n + 1, sizeof *j.lens);
    j.items = calloc(s->corpus->n + 1, sizeof *j.items);
    if (j.texts && j.lens && j.items) {
        run_threads(seal_speakers, &j, n);
        /* The corpus's bodies go into s->bodies in its order, on this thread. */
        if (!atomic_load(&j.failed))
            rc = seal_corpus(s, j.texts, j.lens, j.items);
    }
    for (size_t i = 0; j.texts && i < s->corpus->n; i++)
        free(j.texts[i]);
    free(j.texts);
    free(j.lens);
    free(j.items);
    return rc;
}

int store_seal(struct store *s)
{
    struct store_list l = {0};
    uint64_t h = FNV_OFFSET;
    int rc = -1;

    if (s->narts)
        qsort(s->arts, s->narts, sizeof *s->arts, cmp_article);
    s->sorted = 1;
    /* Made once before the threads start: it is shared by every article's body. */
    (void)article_annotator_version();
    if (!s->fixed) {
        if (!(s->fixed = calloc(1, sizeof *s->fixed)))
            goto out;
        atomic_init(&s->fixed->refs, 1);
        for (size_t i = 0; i < s->nstatics; i++) {
            char *copy = malloc(s->statics[i].len + 1);

            if (!copy)
                goto out;
            memcpy(copy, s->statics[i].data, s->statics[i].len + 1);
            if (unit_route(&s->fixed->u, s->statics[i].path,
                           body_make(&s->fixed->u.b, copy, s->statics[i].len,
                                     s->statics[i].type)))
                goto out;
        }
        etags_make(&s->fixed->u.b, 0);
    }
    if (seal_parallel(s))
        goto out;
    if (store_query_articles(s, &l) ||
        route_add(s, "/v1/articles", page_body(&s->bodies, &l, "/v1/articles", NULL)))
        goto out;
    if (seal_pages(s))
        goto out;
    store_list_free(&l);
    if (store_query_quotes(s, NULL, NULL, &l) ||
        route_add(s, "/v1/quotes", page_body(&s->bodies, &l, "/v1/quotes", NULL)))
        goto out;
    etags_make(&s->bodies, 0);
    /* One tag for the whole snapshot's content, for answers made per request. */
    for (size_t i = 0; i < s->narts; i++)
        h = etags_fold(h, &s->arts[i]->u.b);
    h = etags_fold(etags_fold(h, &s->fixed->u.b), &s->bodies);
    snprintf(s->content_etag, sizeof s->content_etag, "\"%016llx\"", (unsigned long long)h);
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

/* The index of article id in s->arts, or s->narts when it has none. */
static size_t find_index(const struct store *s, const char *id)
{
    size_t lo = 0, hi = s->narts;

    /* Snapshots are sorted by id when sealing starts; before that, scan. */
    if (!s->sorted) {
        for (size_t i = 0; i < s->narts; i++)
            if (!strcmp(s->arts[i]->a->id, id))
                return i;
        return s->narts;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(id, s->arts[mid]->a->id);

        if (!c)
            return mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return s->narts;
}

static const struct store_article *find(const struct store *s, const char *id)
{
    size_t k = find_index(s, id);

    return k < s->narts ? s->arts[k] : NULL;
}

int store_has_article(const struct store *s, const char *id)
{
    return find(s, id) != NULL;
}

const struct article *store_article(const struct store *s, const char *id)
{
    const struct store_article *e = find(s, id);

    return e ? e->a : NULL;
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
        out->items[out->n] = s->arts[i]->summary;
        out->lens[out->n++] = s->arts[i]->summary_len;
    }
    return 0;
}

/* The article's published day (YYYYMMDD), or 0 when it has none. */
static long article_day(const struct article *a)
{
    long d = a->published ? datetime_iso_day(a->published) : -1;

    return d > 0 ? d : 0;
}

/* Does the article pass f's article-wide filters, source and dates? */
static int article_passes(const struct article *a, const struct store_quote_filter *f)
{
    long day;

    if (!f)
        return 1;
    if (f->source && (!a->meta->source || strcasecmp(a->meta->source, f->source)))
        return 0;
    if (f->from || f->to) {
        day = article_day(a);
        if (!day || (f->from && day < f->from) || (f->to && day > f->to))
            return 0;
    }
    return 1;
}

struct order_key {
    long key; /* the day, negated for newest first; LONG_MAX when undated */
    size_t k; /* index in arts, which are in id order */
};

static int cmp_order(const void *x, const void *y)
{
    const struct order_key *a = x, *b = y;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

/* Indexes of s->arts in the order sort asks for (a new array of narts), or NULL
 * for id order; *fail is set when memory runs out. */
static size_t *article_order(const struct store *s, enum store_sort sort, int *fail)
{
    struct order_key *keys;
    size_t *order;

    *fail = 0;
    if (sort == STORE_SORT_NATURAL)
        return NULL;
    keys = calloc(s->narts + 1, sizeof *keys);
    order = calloc(s->narts + 1, sizeof *order);
    if (!keys || !order) {
        free(keys);
        free(order);
        *fail = 1;
        return NULL;
    }
    for (size_t k = 0; k < s->narts; k++) {
        long day = article_day(s->arts[k]->a);

        keys[k].key = !day ? LONG_MAX : sort == STORE_SORT_NEWEST ? -day : day;
        keys[k].k = k;
    }
    qsort(keys, s->narts, sizeof *keys, cmp_order);
    for (size_t k = 0; k < s->narts; k++)
        order[k] = keys[k].k;
    free(keys);
    return order;
}

int store_query_articles_by(const struct store *s, const struct store_quote_filter *f,
                            struct store_list *out)
{
    int fail;
    size_t *order = article_order(s, f ? f->sort : STORE_SORT_NATURAL, &fail);

    if (fail || list_reserve(out, s->narts)) {
        free(order);
        return -1;
    }
    for (size_t j = 0; j < s->narts; j++) {
        const struct store_article *e = s->arts[order ? order[j] : j];
        int has = !f || !f->speaker;

        if (!article_passes(e->a, f))
            continue;
        for (size_t i = 0; !has && i < e->a->an->nspeakers; i++)
            has = article_speaker_is(e->a, i, f->speaker);
        if (!has || (f && f->section && article_find_section(e->a, f->section) < 0))
            continue;
        out->items[out->n] = e->summary;
        out->lens[out->n++] = e->summary_len;
    }
    free(order);
    return 0;
}

static int quote_passes(const struct store_article *e, size_t i, const struct store_quote_filter *f,
                        long section)
{
    const struct annot_quote *q = &e->a->an->quotes[i];

    if (!f)
        return 1;
    if (f->kind >= 0 && (int)q->kind != f->kind)
        return 0;
    if (f->speaker && (q->speaker < 0 || !article_speaker_is(e->a, (size_t)q->speaker, f->speaker)))
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
    size_t k = find_index(qb->s, a->id), bit;

    if (k == qb->s->narts)
        return;
    bit = qb->base[k] + i;
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
    size_t k1 = id ? find_index(s, id) : 0;
    const struct store_article *one = id && k1 < s->narts ? s->arts[k1] : NULL;
    struct quote_bits qb = {s, NULL, NULL};
    size_t total = 0, *order = NULL;
    int rc = -1, q, fail = 0;

    if (id && !one)
        return list_reserve(out, 0);
    /* One article's list holds its quotes only: reserving the corpus would be quadratic. */
    if (one)
        total = one->a->an->nquotes;
    else
        for (size_t k = 0; k < s->narts; k++)
            total += s->arts[k]->a->an->nquotes;
    if (f && f->words && f->words[strspn(f->words, " ")]) {
        /* Words are matched by the full-text index: folded for all of Unicode. */
        size_t *base = calloc(s->narts + 1, sizeof *base), all = 0;

        qb.base = base;
        for (size_t k = 0; k < s->narts; k++)
            all += s->arts[k]->a->an->nquotes;
        qb.bits = calloc(all / 8 + 1, 1);
        if (!base || !qb.bits || !s->search)
            goto out;
        for (size_t k = 1; k <= s->narts; k++)
            base[k] = base[k - 1] + s->arts[k - 1]->a->an->nquotes;
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
    if (!one && f && (order = article_order(s, f->sort, &fail), fail)) {
        store_list_free(out);
        if (refs) {
            free(*refs);
            *refs = NULL;
        }
        goto out;
    }
    for (size_t j = 0; j < (one ? 1 : s->narts); j++) {
        size_t k = one ? k1 : order ? order[j] : j;
        const struct store_article *e = s->arts[k];
        long section = f && f->section ? article_find_section(e->a, f->section) : -1;

        if (!article_passes(e->a, f))
            continue;
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
    free(order);
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

/* A field's text with the offsets of its items in UTF-16 units, appended to out. */
static int field_utf16(const struct store_article *e, int f, struct buf *out)
{
    json_t *v = json_loadb(e->fields[f], e->field_lens[f], 0, NULL), *x;
    size_t i, len = 0;
    char *text;
    int rc;

    if (!v)
        return -1;
    json_array_foreach (v, i, x)
        if (offsets_to_utf16(e->a, x)) {
            json_decref(v);
            return -1;
        }
    text = render_dump(v, &len);
    json_decref(v);
    rc = !text || buf_add(out, text, len) ? -1 : 0;
    free(text);
    return rc;
}

static int article_fields(const struct store *s, const char *id, unsigned mask, int utf16,
                          struct buf *out)
{
    const struct store_article *e = find(s, id);
    int first = 1;

    if (!e || buf_addc(out, '{'))
        return -1;
    for (int f = 0; f < RENDER_NFIELDS; f++) {
        /* Only quotes and attributions carry offsets: the rest is copied. */
        int convert = utf16 && (f == RENDER_F_QUOTES || f == RENDER_F_ATTRIBUTIONS);

        if (!(mask & (1u << f)))
            continue;
        if ((!first && buf_addc(out, ',')) ||
            buf_addf(out, "\"%s\":", render_field_name((enum render_field)f)))
            return -1;
        if (convert ? field_utf16(e, f, out) != 0
                    : buf_add(out, e->fields[f], e->field_lens[f]) != BUF_OK)
            return -1;
        first = 0;
    }
    return buf_addc(out, '}') ? -1 : 0;
}

int store_article_fields(const struct store *s, const char *id, unsigned mask, struct buf *out)
{
    return article_fields(s, id, mask, 0, out);
}

int store_article_fields_utf16(const struct store *s, const char *id, unsigned mask,
                               struct buf *out)
{
    return article_fields(s, id, mask, 1, out);
}
