/* loader.c - articles directory to store snapshot. */
#include "loader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* Open path for reading only if it is a regular file: a FIFO or a device would
 * block the loader (and the signals it handles) forever. */
static FILE *open_regular(const char *path)
{
    struct stat st;
    FILE *f;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    /* Regular files ignore O_NONBLOCK; clear it anyway for stdio. */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    f = fdopen(fd, "rb");
    if (!f)
        close(fd);
    return f;
}

const char *loader_strerror(int e)
{
    if (e == EFBIG)
        return "larger than the 4 MiB cap";
    if (e == EINVAL)
        return "not a regular file";
    return strerror(e);
}

int loader_read_file(const char *path, size_t max, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") ? open_regular(path) : stdin;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int saved;

    *data = NULL;
    *len = 0;
    if (!f)
        return -1;
    for (;;) {
        size_t got;

        if (cap - n < 4096) {
            size_t ncap = cap ? cap * 2 : 16384;
            char *nb;

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
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > max) {
            errno = EFBIG;
            goto fail;
        }
        if (got == 0) {
            if (ferror(f)) {
                errno = EIO;
                goto fail;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
fail:
    saved = errno;
    if (f != stdin)
        fclose(f);
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

/* Build one article from its text and optional sidecar text and add it to s.
 * path and meta_path name them in reports. Returns 0 (added), 1 (skipped with a
 * report), -1 when fatal (malformed sidecar, no memory). */
static int add_article(struct store *s, const char *id, const char *text, size_t len,
                       const char *mtext, size_t mlen, const char *path, const char *meta_path,
                       long long modified, loader_report_fn report, void *ud)
{
    struct article_meta *meta = NULL;
    struct article_error err;
    struct article *a;
    char msg[512];

    if (mtext) {
        meta = article_meta_parse(mtext, mlen, &err);
        if (!meta) {
            report(ud, "error", meta_path, err.msg);
            return -1;
        }
    }
    a = article_build(id, text, len, meta, &err);
    if (!a) {
        if (err.code == ARTICLE_ERR_NOMEM)
            return -1;
        if (err.code == ARTICLE_ERR_META) {
            report(ud, "error", meta_path, err.msg);
            return -1;
        }
        snprintf(msg, sizeof msg, "%s: skipped", err.msg);
        report(ud, "warn", path, msg);
        return 1;
    }
    a->modified = modified;
    if (store_add_article(s, a)) {
        report(ud, "error", path, "out of memory");
        return -1;
    }
    report(ud, "info", path, "loaded");
    return 0;
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

/* Load dir/name. Returns 0 (loaded or skipped with a report), -1 when fatal. */
static int load_one(const char *dir, const char *name, struct store *s, struct pass *pass,
                    loader_report_fn report, void *ud)
{
    char path[4096 + 256], meta_path[4096 + 256], id[ARTICLE_ID_MAX + 1], msg[512];
    size_t idlen = strlen(name) - 4, len = 0, mlen = 0;
    char *text = NULL, *mtext = NULL;
    long long modified;
    int rc;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!article_id_valid(name, idlen)) {
        report(ud, "warn", path,
               "file name is not a valid article id (lower-case letters, digits, '-'; "
               "at most 64): skipped");
        return 0;
    }
    memcpy(id, name, idlen);
    id[idlen] = '\0';
    snprintf(meta_path, sizeof meta_path, "%s/%s.meta.json", dir, id);
    if (loader_read_file(meta_path, SIDECAR_MAX, &mtext, &mlen) && errno != ENOENT) {
        snprintf(msg, sizeof msg, "cannot read sidecar: %s",
                 errno == EFBIG ? "larger than 64 KiB" : loader_strerror(errno));
        report(ud, "error", meta_path, msg);
        return -1;
    }
    if (loader_read_file(path, PARSE_MAX_BYTES, &text, &len)) {
        snprintf(msg, sizeof msg, "cannot read: %s: skipped", loader_strerror(errno));
        report(ud, "warn", path, msg);
        free(mtext);
        return keep_last_good(pass, s, id, path, report, ud);
    }
    modified = newest_mtime(path, meta_path);
    rc = add_article(s, id, text, len, mtext, mlen, path, meta_path, modified, report, ud);
    if (rc == 1)
        rc = keep_last_good(pass, s, id, path, report, ud);
    else if (!rc)
        return pass_keep(pass, id, text, len, mtext, mlen, modified);
    free(text);
    free(mtext);
    return rc;
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
    for (size_t i = 0; i < n; i++)
        if (load_one(dir, names[i], s, &pass, report, ud))
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
    goods_free(pass.v, pass.n);
    if (d)
        closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    store_release(s);
    return rc;
}
