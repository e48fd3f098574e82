/* loader.c - articles directory to store snapshot. */
#include "loader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"

/* Sidecars are small; anything larger is a mistake. */
#define SIDECAR_MAX (64u * 1024u)

/* The sources of one article as last loaded well. */
struct good {
    char id[ARTICLE_ID_MAX + 1];
    char *text, *mtext; /* mtext NULL: no sidecar */
    size_t len, mlen;
    long long modified; /* Last-Modified of these sources */
};

struct loader_cache {
    struct good *v;
    size_t n;
    size_t kept; /* articles of the last load served from their last good sources */
};

/* One load in the making: the sources it read well, and the cache it falls back on. */
struct pass {
    struct loader_cache *cache; /* NULL: no fallback */
    struct good *v;
    size_t n, cap, kept;
};

static void goods_free(struct good *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].text);
        free(v[i].mtext);
    }
    free(v);
}

struct loader_cache *loader_cache_new(void)
{
    return calloc(1, sizeof(struct loader_cache));
}

void loader_cache_free(struct loader_cache *c)
{
    if (!c)
        return;
    goods_free(c->v, c->n);
    free(c);
}

size_t loader_cache_kept(const struct loader_cache *c)
{
    return c ? c->kept : 0;
}

static const struct good *cache_find(const struct loader_cache *c, const char *id)
{
    for (size_t i = 0; c && i < c->n; i++)
        if (!strcmp(c->v[i].id, id))
            return &c->v[i];
    return NULL;
}

/* Remember sources that loaded well (taken over). Returns 0, or -1 without memory. */
static int pass_keep(struct pass *p, const char *id, char *text, size_t len, char *mtext,
                     size_t mlen, long long modified)
{
    if (!p->cache) {
        free(text);
        free(mtext);
        return 0;
    }
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 16;
        struct good *nv = realloc(p->v, ncap * sizeof *nv);

        if (!nv) {
            free(text);
            free(mtext);
            return -1;
        }
        p->v = nv;
        p->cap = ncap;
    }
    snprintf(p->v[p->n].id, sizeof p->v[p->n].id, "%s", id);
    p->v[p->n].text = text;
    p->v[p->n].len = len;
    p->v[p->n].mtext = mtext;
    p->v[p->n].mlen = mlen;
    p->v[p->n].modified = modified;
    p->n++;
    return 0;
}

static char *memdup(const char *s, size_t n)
{
    char *d = s ? malloc(n + 1) : NULL;

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

const char *loader_strerror(int e)
{
    if (e == EFBIG)
        return "larger than the 4 MiB cap";
    if (e == EINVAL)
        return "not a regular file";
    return strerror(e);
}

/* A regular file read with read(2) into a buffer of the size fstat gives (and grown
 * should it grow meanwhile): a directory load reads thousands of small files, and a
 * FILE for each, its buffer and the fcntl calls around it were a third of reading. */
static int read_regular(const char *path, size_t max, char **data, size_t *len)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), saved;
    char *buf = NULL, *nb;
    size_t n = 0, cap;

    if (fd < 0)
        return -1;
    /* Regular files ignore O_NONBLOCK: it only keeps a FIFO from blocking the open. */
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    /* Room for the NUL and one byte more: reading 0 there is the end of the file. */
    cap = ((size_t)st.st_size < max ? (size_t)st.st_size : max) + 2;
    if (!(buf = malloc(cap))) {
        errno = ENOMEM;
        goto fail;
    }
    for (;;) {
        ssize_t got;

        if (n + 1 == cap) {
            size_t ncap = cap * 2 < max + 2 ? cap * 2 : max + 2;

            nb = ncap > cap ? realloc(buf, ncap) : NULL;
            if (!nb) {
                errno = ncap > cap ? ENOMEM : EFBIG;
                goto fail;
            }
            buf = nb;
            cap = ncap;
        }
        got = read(fd, buf + n, cap - 1 - n);
        if (got < 0) {
            errno = EIO;
            goto fail;
        }
        if (!got)
            break;
        n += (size_t)got;
        if (n > max) {
            errno = EFBIG;
            goto fail;
        }
    }
    close(fd);
    buf[n] = '\0';
    /* A file that grew while it was read is held at its size too. */
    if (cap > n + 2 && (nb = realloc(buf, n + 1)))
        buf = nb;
    *data = buf;
    *len = n;
    return 0;
fail:
    saved = errno;
    close(fd);
    free(buf);
    errno = saved;
    return -1;
}

int loader_read_file(const char *path, size_t max, char **data, size_t *len)
{
    char *buf = NULL, *nb;
    size_t n = 0, cap = 0;
    int saved;

    *data = NULL;
    *len = 0;
    if (strcmp(path, "-"))
        return read_regular(path, max, data, len);
    /* Standard input: its size is not known, the buffer grows by doubling. */
    for (;;) {
        size_t got;

        if (cap - n < 4096) {
            size_t ncap = cap ? cap * 2 : 16384;

            if (ncap > max + 4096 + 1)
                ncap = max + 4096 + 1;
            nb = realloc(buf, ncap);
            if (!nb) {
                errno = ENOMEM;
                goto fail;
            }
            buf = nb;
            cap = ncap;
        }
        got = fread(buf + n, 1, cap - n - 1, stdin);
        n += got;
        if (n > max) {
            errno = EFBIG;
            goto fail;
        }
        if (got == 0) {
            if (ferror(stdin)) {
                errno = EIO;
                goto fail;
            }
            break;
        }
    }
    buf[n] = '\0';
    /* A load keeps every text it read: at its size. */
    nb = realloc(buf, n + 1);
    *data = nb ? nb : buf;
    *len = n;
    return 0;
fail:
    saved = errno;
    free(buf);
    errno = saved;
    return -1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && !strcmp(s + n - k, suffix);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What building one article came to: made on any thread, reported and added in order. */
struct built {
    struct article *a; /* NULL when not built */
    int rc;            /* as add_article() returns */
    const char *level; /* a report to make first, or NULL */
    int on_meta;       /* the report is about the sidecar */
    char msg[512];
};

/* Build one article from its text and optional sidecar text into *b. Touches
 * nothing shared: articles of a directory are built on several threads. */
static void build_article(const char *id, const char *text, size_t len, const char *mtext,
                          size_t mlen, struct built *b)
{
    struct article_meta *meta = NULL;
    struct article_error err;

    memset(b, 0, sizeof *b);
    if (mtext) {
        meta = article_meta_parse(mtext, mlen, &err);
        if (!meta) {
            *b = (struct built){.rc = -1, .level = "error", .on_meta = 1};
            snprintf(b->msg, sizeof b->msg, "%s", err.msg);
            return;
        }
    }
    b->a = article_build(id, text, len, meta, &err);
    if (b->a)
        return;
    b->rc = -1;
    if (err.code == ARTICLE_ERR_NOMEM)
        return;
    if (err.code == ARTICLE_ERR_META) {
        b->level = "error";
        b->on_meta = 1;
        snprintf(b->msg, sizeof b->msg, "%s", err.msg);
        return;
    }
    b->rc = 1;
    b->level = "warn";
    snprintf(b->msg, sizeof b->msg, "%s: skipped", err.msg);
}

/* Report what building came to and add the article to s (taken over from b).
 * path and meta_path name the sources in reports. Returns 0 (added), 1 (skipped
 * with a report), -1 when fatal (malformed sidecar, no memory). */
static int add_built(struct store *s, struct built *b, const char *path, const char *meta_path,
                     long long modified, loader_report_fn report, void *ud)
{
    struct article *a = b->a;

    if (b->level)
        report(ud, b->level, b->on_meta ? meta_path : path, b->msg);
    if (b->rc)
        return b->rc;
    b->a = NULL;
    a->modified = modified;
    if (store_add_article(s, a)) {
        report(ud, "error", path, "out of memory");
        return -1;
    }
    report(ud, "info", path, "loaded");
    return 0;
}

/* Build one article from its text and optional sidecar text and add it to s. */
static int add_article(struct store *s, const char *id, const char *text, size_t len,
                       const char *mtext, size_t mlen, const char *path, const char *meta_path,
                       long long modified, loader_report_fn report, void *ud)
{
    struct built b;

    build_article(id, text, len, mtext, mlen, &b);
    return add_built(s, &b, path, meta_path, modified, report, ud);
}

/* Last-Modified of an article: the later of its text's and its sidecar's mtime. */
static long long newest_mtime(const char *path, const char *meta_path)
{
    struct stat st;
    long long t = 0;

    if (!stat(path, &st))
        t = (long long)st.st_mtime;
    if (!stat(meta_path, &st) && (long long)st.st_mtime > t)
        t = (long long)st.st_mtime;
    return t;
}

/* name could not be read or built: serve its last good version, if there is one.
 * Returns 0 (kept, or nothing to keep), -1 when fatal. */
static int keep_last_good(struct pass *p, struct store *s, const char *id, const char *path,
                          loader_report_fn report, void *ud)
{
    const struct good *g = cache_find(p->cache, id);
    struct article_meta *meta = NULL;
    struct article_error err;
    struct article *a;
    char *text, *mtext;

    if (!g)
        return 0;
    if (g->mtext && !(meta = article_meta_parse(g->mtext, g->mlen, &err)))
        return 0;
    a = article_build(id, g->text, g->len, meta, &err);
    if (!a)
        return 0;
    a->modified = g->modified;
    if (store_add_article(s, a))
        return -1;
    text = memdup(g->text, g->len);
    mtext = g->mtext ? memdup(g->mtext, g->mlen) : NULL;
    if (!text || (g->mtext && !mtext)) {
        free(text);
        free(mtext);
        return -1;
    }
    p->kept++;
    report(ud, "warn", path, "serving its last good version");
    return pass_keep(p, id, text, g->len, mtext, g->mlen, g->modified);
}

/* One file of a directory load, read and built by any thread, then reported and
 * added by the loading one in name order: the snapshot and the reports are the
 * same whichever thread built what. */
struct loaded {
    enum { LOADED_BAD_NAME, LOADED_NO_SIDECAR, LOADED_UNREADABLE, LOADED_READ } what;
    char id[ARTICLE_ID_MAX + 1];
    char msg[512]; /* why the sidecar or the text could not be read */
    char *text, *mtext;
    size_t len, mlen;
    long long modified;
    struct built b; /* LOADED_READ: what building came to */
};

static void loaded_free(struct loaded *l)
{
    free(l->text);
    free(l->mtext);
    article_free(l->b.a);
}

static void paths_of(const char *dir, const char *name, const char *id, char *path, size_t pcap,
                     char *meta_path, size_t mcap)
{
    snprintf(path, pcap, "%s/%s", dir, name);
    snprintf(meta_path, mcap, "%s/%s.meta.json", dir, id);
}

/* Read and build dir/name into *l. Touches nothing shared. */
static void read_one(const char *dir, const char *name, struct loaded *l)
{
    char path[4096 + 256], meta_path[4096 + 256];
    size_t idlen = strlen(name) - 4;

    memset(l, 0, sizeof *l);
    if (!article_id_valid(name, idlen)) {
        l->what = LOADED_BAD_NAME;
        return;
    }
    memcpy(l->id, name, idlen);
    l->id[idlen] = '\0';
    paths_of(dir, name, l->id, path, sizeof path, meta_path, sizeof meta_path);
    if (loader_read_file(meta_path, SIDECAR_MAX, &l->mtext, &l->mlen) && errno != ENOENT) {
        l->what = LOADED_NO_SIDECAR;
        snprintf(l->msg, sizeof l->msg, "cannot read sidecar: %s",
                 errno == EFBIG ? "larger than 64 KiB" : loader_strerror(errno));
        return;
    }
    if (loader_read_file(path, PARSE_MAX_BYTES, &l->text, &l->len)) {
        l->what = LOADED_UNREADABLE;
        snprintf(l->msg, sizeof l->msg, "cannot read: %s: skipped", loader_strerror(errno));
        free(l->mtext);
        l->mtext = NULL;
        return;
    }
    l->what = LOADED_READ;
    l->modified = newest_mtime(path, meta_path);
    build_article(l->id, l->text, l->len, l->mtext, l->mlen, &l->b);
}

/* Report dir/name as read and built in *l and add it to s (l's sources go to the
 * pass). Returns 0 (loaded or skipped with a report), -1 when fatal. */
static int add_one(const char *dir, const char *name, struct loaded *l, struct store *s,
                   struct pass *pass, loader_report_fn report, void *ud)
{
    char path[4096 + 256], meta_path[4096 + 256];
    int rc;

    paths_of(dir, name, l->id, path, sizeof path, meta_path, sizeof meta_path);
    switch (l->what) {
    case LOADED_BAD_NAME:
        report(ud, "warn", path,
               "file name is not a valid article id (lower-case letters, digits, '-'; "
               "at most 64): skipped");
        return 0;
    case LOADED_NO_SIDECAR:
        report(ud, "error", meta_path, l->msg);
        return -1;
    case LOADED_UNREADABLE:
        report(ud, "warn", path, l->msg);
        return keep_last_good(pass, s, l->id, path, report, ud);
    case LOADED_READ:
        break;
    }
    rc = add_built(s, &l->b, path, meta_path, l->modified, report, ud);
    if (rc == 1) {
        rc = keep_last_good(pass, s, l->id, path, report, ud);
    } else if (!rc) {
        rc = pass_keep(pass, l->id, l->text, l->len, l->mtext, l->mlen, l->modified);
        l->text = l->mtext = NULL;
    }
    return rc;
}

/* Files read and built at a time by a loading thread. */
#define READ_CHUNK 4

/* The reading and building of a directory's files, shared by the loading threads:
 * each claims the next files (next) and writes only their slots. */
struct read_job {
    const char *dir;
    char **names;
    struct loaded *slots;
    size_t n;
    atomic_size_t next;
};

static void *read_worker(void *arg)
{
    struct read_job *j = arg;

    for (;;) {
        size_t from = atomic_fetch_add(&j->next, READ_CHUNK);

        if (from >= j->n)
            break;
        for (size_t i = from; i < j->n && i < from + READ_CHUNK; i++)
            read_one(j->dir, j->names[i], &j->slots[i]);
    }
    return NULL;
}

/* Read and build every file of names into slots on as many threads as there are
 * cores (at most 8): articles are independent of one another. */
static void read_all(const char *dir, char **names, struct loaded *slots, size_t n)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = cores < 1 ? 1 : cores > 8 ? 8 : (size_t)cores, started = 0;
    struct read_job j = {dir, names, slots, n, 0};
    pthread_t th[8];

    atomic_init(&j.next, 0);
    /* A few files are not worth a thread. */
    if (n < 4 * READ_CHUNK)
        nt = 1;
    for (size_t t = 1; t < nt; t++) {
        if (pthread_create(&th[t], NULL, read_worker, &j))
            break;
        started = t;
    }
    read_worker(&j);
    for (size_t t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
}

/* Add the fixed documents and seal: the common end of every load. */
static int finish(struct store *s, const struct loader_static *statics, size_t nstatics)
{
    for (size_t i = 0; i < nstatics; i++)
        if (store_add_static(s, statics[i].path, statics[i].type, statics[i].data, statics[i].len))
            return -1;
    return store_seal(s);
}

int loader_load_builtin(const struct loader_article *arts, size_t n,
                        const struct loader_static *statics, size_t nstatics,
                        loader_report_fn report, void *ud, struct store **out)
{
    struct store *s = store_new();
    char path[ARTICLE_ID_MAX + 32], meta_path[ARTICLE_ID_MAX + 32];

    *out = NULL;
    if (!s)
        return -1;
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "(built in)/%s.txt", arts[i].id);
        snprintf(meta_path, sizeof meta_path, "(built in)/%s.meta.json", arts[i].id);
        if (add_article(s, arts[i].id, arts[i].text, arts[i].len, arts[i].meta, arts[i].meta_len,
                        path, meta_path, 0, report, ud) < 0)
            goto fail;
    }
    if (finish(s, statics, nstatics))
        goto fail;
    *out = s;
    return 0;
fail:
    store_release(s);
    return -1;
}

int loader_load_dir(const char *dir, const struct loader_static *statics, size_t nstatics,
                    loader_report_fn report, void *ud, struct store **out)
{
    return loader_reload_dir(dir, statics, nstatics, NULL, report, ud, out);
}

int loader_reload_dir(const char *dir, const struct loader_static *statics, size_t nstatics,
                      struct loader_cache *cache, loader_report_fn report, void *ud,
                      struct store **out)
{
    struct pass pass = {cache, NULL, 0, 0, 0};
    struct store *s = store_new();
    DIR *d = NULL;
    struct dirent *de;
    char **names = NULL;
    struct loaded *slots = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;

    *out = NULL;
    if (!s)
        return -1;
    d = opendir(dir);
    if (!d) {
        if (errno == ENOENT)
            rc = -2;
        report(ud, rc == -2 ? "warn" : "error", dir, strerror(errno));
        goto out;
    }
    /* Sorted, so that loading is deterministic. */
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".txt"))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nn = realloc(names, ncap * sizeof *nn);

            if (!nn)
                goto out;
            names = nn;
            cap = ncap;
        }
        if (!(names[n] = strdup(de->d_name)))
            goto out;
        n++;
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    if (!(slots = calloc(n + 1, sizeof *slots)))
        goto out;
    read_all(dir, names, slots, n);
    for (size_t i = 0; i < n; i++)
        if (add_one(dir, names[i], &slots[i], s, &pass, report, ud))
            goto out;
    if (finish(s, statics, nstatics))
        goto out;
    *out = s;
    s = NULL;
    rc = 0;
    if (cache) {
        goods_free(cache->v, cache->n);
        cache->v = pass.v;
        cache->n = pass.n;
        cache->kept = pass.kept;
        pass.v = NULL;
        pass.n = 0;
    }
out:
    for (size_t i = 0; slots && i < n; i++)
        loaded_free(&slots[i]);
    free(slots);
    goods_free(pass.v, pass.n);
    if (d)
        closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    store_release(s);
    return rc;
}
