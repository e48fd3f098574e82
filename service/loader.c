/* loader.c - articles directory to store snapshot. */
#include "loader.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Load one article. Returns 0 (loaded or skipped with a report), -1 when fatal. */
static int load_one(const char *dir, const char *name, struct store *s, loader_report_fn report,
                    void *ud)
{
    char path[4096 + 256], meta_path[4096 + 256], id[ARTICLE_ID_MAX + 1], msg[512];
    size_t idlen = strlen(name) - 4, len = 0, mlen = 0;
    char *text = NULL, *mtext = NULL;
    struct article_meta *meta = NULL;
    struct article_error err;
    struct article *a;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!article_id_valid(name, idlen)) {
        report(ud, "warn", path, "file name is not a valid article id (lower-case letters, digits, '-'; "
                                 "at most 64): skipped");
        return 0;
    }
    memcpy(id, name, idlen);
    id[idlen] = '\0';
    snprintf(meta_path, sizeof meta_path, "%s/%s.meta.json", dir, id);
    if (loader_read_file(meta_path, SIDECAR_MAX, &mtext, &mlen) == 0) {
        meta = article_meta_parse(mtext, mlen, &err);
        free(mtext);
        if (!meta) {
            report(ud, "error", meta_path, err.msg);
            return -1;
        }
    } else if (errno != ENOENT) {
        snprintf(msg, sizeof msg, "cannot read sidecar: %s", errno == EFBIG ? "larger than 64 KiB" : strerror(errno));
        report(ud, "error", meta_path, msg);
        return -1;
    }
    if (loader_read_file(path, PARSE_MAX_BYTES, &text, &len)) {
        snprintf(msg, sizeof msg, "cannot read: %s: skipped",
                 errno == EFBIG ? "larger than the 4 MiB cap" : strerror(errno));
        report(ud, "warn", path, msg);
        article_meta_free(meta);
        return 0;
    }
    a = article_build(id, text, len, meta, &err);
    free(text);
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
    if (store_add_article(s, a)) {
        report(ud, "error", path, "out of memory");
        return -1;
    }
    snprintf(msg, sizeof msg, "loaded");
    report(ud, "info", path, msg);
    return 0;
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
        report(ud, "error", dir, strerror(errno));
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
    for (size_t i = 0; i < nstatics; i++)
        if (store_add_static(s, statics[i].path, statics[i].type, statics[i].data, statics[i].len))
            goto out;
    if (store_seal(s))
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
