/* loader.c - articles directory to store snapshot. */
#include "loader.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse.h"

/* Sidecars are small; anything larger is a mistake. */
#define SIDECAR_MAX (64u * 1024u)

int loader_read_file(const char *path, size_t max, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
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
 * path and meta_path name them in reports. Returns 0 (added, or skipped with a
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
        return 0;
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

/* Load dir/name. Returns 0 (loaded or skipped with a report), -1 when fatal. */
static int load_one(const char *dir, const char *name, struct store *s, loader_report_fn report,
                    void *ud)
{
    char path[4096 + 256], meta_path[4096 + 256], id[ARTICLE_ID_MAX + 1], msg[512];
    size_t idlen = strlen(name) - 4, len = 0, mlen = 0;
    char *text = NULL, *mtext = NULL;
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
                 errno == EFBIG ? "larger than 64 KiB" : strerror(errno));
        report(ud, "error", meta_path, msg);
        return -1;
    }
    if (loader_read_file(path, PARSE_MAX_BYTES, &text, &len)) {
        snprintf(msg, sizeof msg, "cannot read: %s: skipped",
                 errno == EFBIG ? "larger than the 4 MiB cap" : strerror(errno));
        report(ud, "warn", path, msg);
        free(mtext);
        return 0;
    }
    rc = add_article(s, id, text, len, mtext, mlen, path, meta_path, newest_mtime(path, meta_path),
                     report, ud);
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
                        path, meta_path, 0, report, ud))
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
        if (load_one(dir, names[i], s, report, ud))
            goto out;
    if (finish(s, statics, nstatics))
        goto out;
    *out = s;
    s = NULL;
    rc = 0;
out:
    if (d)
        closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    store_release(s);
    return rc;
}
