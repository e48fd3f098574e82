/* publish.c - validated, durable writes published as derived snapshots; the directory watcher. */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "log.h"
#include "metrics.h"
#include "parse.h"
#include "pgstore.h"

#define SIDECAR_MAX (64u * 1024u)
#define MATCH_MAX 512
/* Changes seen by the watcher are gathered this long before they are applied. */
#define SETTLE_MS 50
#define PENDING_MAX 64

/* Sources last published per id (a small cache, under wlock): the watcher and the
 * notifications skip re-annotating what this process has just written. */
#define SEEN_SLOTS 256

static struct {
    char id[ARTICLE_ID_MAX + 1];
    uint64_t h;
} seen[SEEN_SLOTS];

static pthread_mutex_t wlock = PTHREAD_MUTEX_INITIALIZER;
static char dir[4096];
static int have_dir, use_pg;
static struct loader_static *fixed;
static size_t nfixed;
static atomic_int stopping;
static atomic_int pg_loaded; /* the database's articles were loaded once (1 for a directory) */
static pthread_t watcher;
static int watching;

void publish_lock(void)
{
    pthread_mutex_lock(&wlock);
}

void publish_unlock(void)
{
    pthread_mutex_unlock(&wlock);
}

int publish_uses_database(void)
{
    return use_pg;
}

int publish_store_up(void)
{
    return !use_pg || pgstore_up();
}

int publish_loaded(void)
{
    return !use_pg || atomic_load(&pg_loaded);
}

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t src_hash(const char *text, size_t len, const char *meta, size_t mlen)
{
    uint64_t h = fnv(14695981039346656037ULL, text, len);

    /* The text cannot hold a NUL: it separates "no sidecar" from an empty one. */
    h = fnv(h, meta ? "\0m" : "\0n", 2);
    return meta ? fnv(h, meta, mlen) : h;
}

static size_t seen_slot(const char *id)
{
    return (size_t)(fnv(14695981039346656037ULL, id, strlen(id)) % SEEN_SLOTS);
}

static int seen_same(const char *id, uint64_t h)
{
    size_t k = seen_slot(id);

    return !strcmp(seen[k].id, id) && seen[k].h == h;
}

static void seen_set(const char *id, uint64_t h)
{
    size_t k = seen_slot(id);

    snprintf(seen[k].id, sizeof seen[k].id, "%s", h ? id : "");
    seen[k].h = h;
}

/* ---- validation ---- */

struct article *publish_build(const char *id, const char *text, size_t len, const char *meta,
                              size_t meta_len, int *invalid, char *msg, size_t msglen)
{
    struct article_meta *m = NULL;
    struct article_error err;
    struct article *a;

    *invalid = 1;
    if (!article_id_valid(id, strlen(id))) {
        snprintf(msg, msglen,
                 "'%.64s' is not an article id (lower-case letters, digits and '-', at most 64)",
                 id);
        return NULL;
    }
    if (len > PARSE_MAX_BYTES) {
        snprintf(msg, msglen, "the article is larger than the 4 MiB limit");
        return NULL;
    }
    if (meta && meta_len > SIDECAR_MAX) {
        snprintf(msg, msglen, "the sidecar is larger than 64 KiB");
        return NULL;
    }
    if (meta && !(m = article_meta_parse(meta, meta_len, &err))) {
        *invalid = err.code != ARTICLE_ERR_NOMEM;
        snprintf(msg, msglen, "meta: %s", err.msg);
        return NULL;
    }
    a = article_build(id, text, len, m, &err);
    if (!a) {
        *invalid = err.code != ARTICLE_ERR_NOMEM;
        snprintf(msg, msglen, "%s%s", err.code == ARTICLE_ERR_META ? "meta: " : "", err.msg);
        return NULL;
    }
    /* Last-Modified of a written article: when it was written (its files' mtime, to the second). */
    a->modified = (long long)time(NULL);
    return a;
}

/* If-Match as bare etags "h1,h2" ("-gz" and quotes dropped; weak tags never
 * match), or "*". -1 when it holds nothing usable. */
static int match_list(const char *h, char *out, size_t cap)
{
    size_t o = 0;

    out[0] = '\0';
    while (*h == ' ')
        h++;
    if (!strcmp(h, "*")) {
        snprintf(out, cap, "*");
        return 0;
    }
    for (const char *p = h; *p;) {
        const char *end;
        size_t n;
        int weak = 0;

        while (*p == ' ' || *p == ',')
            p++;
        if (!strncmp(p, "W/", 2)) {
            weak = 1;
            p += 2;
        }
        if (*p != '"')
            break;
        end = strchr(p + 1, '"');
        if (!end)
            break;
        n = (size_t)(end - p - 1);
        if (n > 3 && !strncmp(end - 3, "-gz", 3))
            n -= 3;
        if (!weak && n && n < 40 && o + n + 2 < cap && strspn(p + 1, "0123456789abcdef") >= n) {
            if (o)
                out[o++] = ',';
            memcpy(out + o, p + 1, n);
            o += n;
            out[o] = '\0';
        }
        p = end + 1;
    }
    return o ? 0 : -1;
}

/* The bare identity etag of article id in s, into out[40]; 0 when it has none. */
static int bare_etag(const struct store *s, const char *id, char *out)
{
    char path[ARTICLE_ID_MAX + 16];
    const struct store_body *b;

    snprintf(path, sizeof path, "/v1/articles/%s", id);
    b = s ? store_get(s, path) : NULL;
    if (!b)
        return 0;
    snprintf(out, 40, "%.*s", (int)strlen(b->etag) - 2, b->etag + 1);
    return 1;
}

static int in_list(const char *list, const char *tag)
{
    size_t n = strlen(tag);

    for (const char *p = list; *p;) {
        size_t k = strcspn(p, ",");

        if (k == n && !strncmp(p, tag, n))
            return 1;
        p += k + (p[k] == ',');
    }
    return 0;
}

/* The conditions against the published snapshot (the directory store). */
static int conditions_hold(const struct store *cur, const char *id, const char *match,
                           int create_only)
{
    char tag[40];
    int exists = bare_etag(cur, id, tag);

    if (create_only && exists)
        return 0;
    if (!match)
        return 1;
    return exists && (!strcmp(match, "*") || in_list(match, tag));
}

/* ---- snapshots ---- */

/* A new sealed snapshot: cur without id, plus a (taken over) when not NULL. */
static struct store *derive(const struct store *cur, const char *id, struct article *a)
{
    struct store *s = cur ? store_derive(cur, id) : store_new();

    if (!s) {
        article_free(a);
        return NULL;
    }
    if (!cur)
        for (size_t i = 0; i < nfixed; i++)
            if (store_add_static(s, fixed[i].path, fixed[i].type, fixed[i].data, fixed[i].len)) {
                article_free(a);
                goto fail;
            }
    if ((a && store_add_article(s, a)) || store_seal(s))
        goto fail;
    return s;
fail:
    store_release(s);
    return NULL;
}

/* Publish s and hand the caller a reference to it. */
static struct store *swap_in(struct store *s)
{
    metrics_set_loaded(store_article_count(s), store_quote_count(s), store_speaker_count(s));
    store_publish(s);
    return store_current();
}

/* ---- the directory store ---- */

static int fsync_dir(void)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY), rc;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

/* Write name in the directory whole or not at all: a temporary file, fsync, rename. */
static int write_atomic(const char *name, const char *a, size_t alen, const char *b, size_t blen)
{
    char tmp[4400], path[4400];
    int fd;

    snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    for (int part = 0; part < 2; part++) {
        const char *p = part ? b : a;
        size_t n = part ? blen : alen;

        while (n) {
            ssize_t w = write(fd, p, n);

            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                goto fail;
            p += w;
            n -= (size_t)w;
        }
    }
    if (fchmod(fd, 0644) || fsync(fd))
        goto fail;
    if (close(fd)) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path))
        goto fail;
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    return -1;
}

/* The journal of a write in progress: text and sidecar together, so that a
 * crash between the two renames is finished at the next start. */
static int journal_write(const char *id, const char *text, size_t len, const char *meta,
                         size_t mlen)
{
    char head[96], name[ARTICLE_ID_MAX + 16];

    snprintf(name, sizeof name, ".%s.pending", id);
    snprintf(head, sizeof head, "articled-pending %zu %ld\n", len, meta ? (long)mlen : -1L);
    /* The journal holds text then sidecar; write_atomic joins two parts only. */
    {
        char *both = malloc(len + (meta ? mlen : 0) + 1);
        int rc;

        if (!both)
            return -1;
        memcpy(both, text, len);
        if (meta)
            memcpy(both + len, meta, mlen);
        rc = write_atomic(name, head, strlen(head), both, len + (meta ? mlen : 0));
        free(both);
        return rc || fsync_dir() ? -1 : 0;
    }
}

/* Put the journalled files in place, then drop the journal. */
static int dir_apply(const char *id, const char *text, size_t len, const char *meta, size_t mlen)
{
    char name[ARTICLE_ID_MAX + 16], path[4400];

    snprintf(name, sizeof name, "%s.meta.json", id);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (meta ? write_atomic(name, meta, mlen, "", 0) : (unlink(path) && errno != ENOENT))
        return -1;
    snprintf(name, sizeof name, "%s.txt", id);
    if (write_atomic(name, text, len, "", 0) || fsync_dir())
        return -1;
    snprintf(path, sizeof path, "%s/.%s.pending", dir, id);
    unlink(path);
    return 0;
}

static int dir_write(const char *id, const char *text, size_t len, const char *meta, size_t mlen)
{
    return journal_write(id, text, len, meta, mlen) || dir_apply(id, text, len, meta, mlen) ? -1
                                                                                            : 0;
}

/* Finish the writes a crash interrupted: every whole journal is applied. */
static void dir_recover(void)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (!d)
        return;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name), len;
        char path[4400], id[ARTICLE_ID_MAX + 1], *data = NULL;
        size_t tlen;
        long mlen;
        int off = 0;

        if (de->d_name[0] != '.' || n < 10 || strcmp(de->d_name + n - 8, ".pending") ||
            n - 9 > ARTICLE_ID_MAX)
            continue;
        snprintf(id, sizeof id, "%.*s", (int)(n - 9), de->d_name + 1);
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (!article_id_valid(id, strlen(id)) ||
            loader_read_file(path, PARSE_MAX_BYTES + SIDECAR_MAX + 128, &data, &len))
            continue;
        if (sscanf(data, "articled-pending %zu %ld\n%n", &tlen, &mlen, &off) == 2 && off > 0 &&
            (size_t)off + tlen + (mlen > 0 ? (size_t)mlen : 0) == len) {
            log_event("warn", "recover", "article", id, "result", "finishing an interrupted write",
                      NULL);
            dir_apply(id, data + off, tlen, mlen >= 0 ? data + off + tlen : NULL,
                      mlen > 0 ? (size_t)mlen : 0);
        } else {
            unlink(path); /* torn journal: the write was never acknowledged */
        }
        free(data);
    }
    closedir(d);
}

static int dir_remove(const char *id)
{
    char path[4400];

    snprintf(path, sizeof path, "%s/%s.txt", dir, id);
    if (unlink(path) && errno != ENOENT)
        return -1;
    snprintf(path, sizeof path, "%s/%s.meta.json", dir, id);
    if (unlink(path) && errno != ENOENT)
        return -1;
    return fsync_dir();
}

/* Read the current text and sidecar of id: 1 found, 0 absent, -1 error or down. */
static int read_source(const char *id, char **text, size_t *len, char **meta, size_t *mlen)
{
    *text = *meta = NULL;
    *len = *mlen = 0;
    if (use_pg) {
        struct pgstore_row row;
        int rc = pgstore_get(id, &row);

        if (rc == 1) {
            *text = row.text;
            *len = row.len;
            *meta = row.meta;
            *mlen = row.meta_len;
            row.text = row.meta = NULL;
            pgstore_row_clear(&row);
        }
        return rc;
    }
    char path[4400];
    struct stat st;

    /* Only regular files: a FIFO or device would block the writer's lock. */
    snprintf(path, sizeof path, "%s/%s.txt", dir, id);
    if (stat(path, &st))
        return errno == ENOENT ? 0 : -1;
    if (!S_ISREG(st.st_mode) || loader_read_file(path, PARSE_MAX_BYTES, text, len))
        return -1;
    snprintf(path, sizeof path, "%s/%s.meta.json", dir, id);
    if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
        free(*text);
        *text = NULL;
        return -1;
    }
    if (loader_read_file(path, SIDECAR_MAX, meta, mlen) && errno != ENOENT) {
        free(*text);
        *text = NULL;
        return -1;
    }
    return 1;
}

/* ---- writes ---- */

static enum publish_result store_write(const char *id, const char *text, size_t len,
                                       const char *meta, size_t mlen, const struct store *ns,
                                       const char *match, int create_only, int existed,
                                       struct publish_out *o)
{
    char tag[40];

    if (use_pg) {
        bare_etag(ns, id, tag);
        switch (pgstore_put(id, text, len, meta, mlen, tag, match, create_only)) {
        case PGSTORE_OK:
            return PUBLISH_OK;
        case PGSTORE_CREATED:
            return PUBLISH_CREATED;
        case PGSTORE_PRECONDITION:
        case PGSTORE_NOT_FOUND:
            return PUBLISH_PRECONDITION;
        case PGSTORE_DOWN:
            break;
        }
        snprintf(o->msg, sizeof o->msg, "the database is not reachable; nothing was written");
        return PUBLISH_UNAVAILABLE;
    }
    if (dir_write(id, text, len, meta, mlen)) {
        snprintf(o->msg, sizeof o->msg, "cannot write the article: %s", strerror(errno));
        return PUBLISH_ERROR;
    }
    return existed ? PUBLISH_OK : PUBLISH_CREATED;
}

/* The common path of PUT and PATCH: build, check, store, publish. */
static enum publish_result write_article(const char *id, const char *text, size_t len,
                                         const char *meta, size_t mlen, const char *if_match,
                                         int create_only, struct publish_out *o)
{
    char match[MATCH_MAX];
    struct store *cur = NULL, *ns = NULL;
    struct article *a;
    enum publish_result rc;
    int invalid, existed;

    if (if_match && match_list(if_match, match, sizeof match))
        return PUBLISH_PRECONDITION; /* names no usable strong tag: cannot match */
    a = publish_build(id, text, len, meta, mlen, &invalid, o->msg, sizeof o->msg);
    if (!a)
        return invalid ? PUBLISH_INVALID : PUBLISH_ERROR;
    pthread_mutex_lock(&wlock);
    cur = store_current();
    if (!cur) {
        article_free(a);
        snprintf(o->msg, sizeof o->msg, "articles are not loaded yet");
        rc = PUBLISH_UNAVAILABLE;
        goto out;
    }
    /* Until the first load, the snapshot is not the database's: nothing to derive from. */
    if (use_pg && (!pgstore_up() || !atomic_load(&pg_loaded))) {
        article_free(a);
        snprintf(o->msg, sizeof o->msg, "the database is not reachable; nothing was written");
        rc = PUBLISH_UNAVAILABLE;
        goto out;
    }
    if (!use_pg && !conditions_hold(cur, id, if_match ? match : NULL, create_only)) {
        article_free(a);
        rc = PUBLISH_PRECONDITION;
        goto out;
    }
    existed = store_has_article(cur, id);
    ns = derive(cur, id, a);
    if (!ns) {
        snprintf(o->msg, sizeof o->msg, "out of memory");
        rc = PUBLISH_ERROR;
        goto out;
    }
    rc = store_write(id, text, len, meta, mlen, ns, if_match ? match : NULL, create_only, existed,
                     o);
    if (rc == PUBLISH_OK || rc == PUBLISH_CREATED) {
        seen_set(id, src_hash(text, len, meta, mlen));
        o->snap = swap_in(ns);
        ns = NULL;
    }
out:
    pthread_mutex_unlock(&wlock);
    store_release(ns);
    store_release(cur);
    return rc;
}

enum publish_result publish_put(const struct publish_req *r, struct publish_out *o)
{
    memset(o, 0, sizeof *o);
    if (!have_dir && !use_pg) {
        snprintf(o->msg, sizeof o->msg, "the built-in article is served: there is no store");
        return PUBLISH_READ_ONLY;
    }
    return write_article(r->id, r->text, r->len, r->meta, r->meta_len, r->if_match,
                         r->if_none_match_star, o);
}

/* RFC 7396: apply patch to target (both objects); null removes a member. */
static void merge_patch(json_t *target, json_t *patch)
{
    const char *k;
    json_t *v;

    json_object_foreach (patch, k, v) {
        json_t *t = json_object_get(target, k);

        if (json_is_null(v))
            json_object_del(target, k);
        else if (json_is_object(v) && json_is_object(t))
            merge_patch(t, v);
        else
            json_object_set(target, k, v);
    }
}

enum publish_result publish_patch(const struct publish_req *r, struct publish_out *o)
{
    char *text = NULL, *meta = NULL, *merged = NULL;
    size_t len, mlen;
    json_t *base = NULL, *patch = NULL;
    json_error_t jerr;
    enum publish_result rc;
    int found;

    memset(o, 0, sizeof *o);
    if (!have_dir && !use_pg) {
        snprintf(o->msg, sizeof o->msg, "the built-in article is served: there is no store");
        return PUBLISH_READ_ONLY;
    }
    if (!r->if_match)
        return PUBLISH_NO_PRECONDITION;
    if (!article_id_valid(r->id, strlen(r->id)))
        return PUBLISH_NOT_FOUND;
    patch = json_loadb(r->meta, r->meta_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(patch)) {
        snprintf(o->msg, sizeof o->msg,
                 "the body must be a JSON object (a merge patch of the "
                 "sidecar)%s%s",
                 patch ? "" : ": ", patch ? "" : jerr.text);
        rc = PUBLISH_BAD_REQUEST;
        goto out;
    }
    /* The source is read under the lock, so the patch applies to what is stored. */
    pthread_mutex_lock(&wlock);
    found = read_source(r->id, &text, &len, &meta, &mlen);
    pthread_mutex_unlock(&wlock);
    if (found <= 0) {
        snprintf(o->msg, sizeof o->msg, found ? "cannot read the article" : "no article");
        rc = found ? (use_pg ? PUBLISH_UNAVAILABLE : PUBLISH_ERROR) : PUBLISH_NOT_FOUND;
        goto out;
    }
    base = meta ? json_loadb(meta, mlen, 0, &jerr) : json_object();
    if (!json_is_object(base)) {
        json_decref(base);
        base = json_object();
    }
    merge_patch(base, patch);
    merged = json_dumps(base, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!merged) {
        rc = PUBLISH_ERROR;
        goto out;
    }
    rc = write_article(r->id, text, len, merged, strlen(merged), r->if_match, 0, o);
out:
    free(text);
    free(meta);
    free(merged);
    json_decref(base);
    json_decref(patch);
    return rc;
}

enum publish_result publish_delete(const struct publish_req *r, struct publish_out *o)
{
    char match[MATCH_MAX];
    struct store *cur, *ns = NULL;
    enum publish_result rc = PUBLISH_DELETED;

    memset(o, 0, sizeof *o);
    if (!have_dir && !use_pg) {
        snprintf(o->msg, sizeof o->msg, "the built-in article is served: there is no store");
        return PUBLISH_READ_ONLY;
    }
    if (r->if_match && match_list(r->if_match, match, sizeof match))
        return PUBLISH_PRECONDITION;
    pthread_mutex_lock(&wlock);
    cur = store_current();
    if (!cur || (use_pg && (!pgstore_up() || !atomic_load(&pg_loaded)))) {
        snprintf(o->msg, sizeof o->msg,
                 cur ? "the database is not reachable; nothing was written"
                     : "articles are not loaded yet");
        rc = PUBLISH_UNAVAILABLE;
        goto out;
    }
    if (use_pg) {
        switch (pgstore_delete(r->id, r->if_match ? match : NULL)) {
        case PGSTORE_OK:
        case PGSTORE_CREATED:
            break;
        case PGSTORE_NOT_FOUND:
            rc = PUBLISH_NOT_FOUND;
            goto out;
        case PGSTORE_PRECONDITION:
            rc = PUBLISH_PRECONDITION;
            goto out;
        case PGSTORE_DOWN:
            snprintf(o->msg, sizeof o->msg, "the database is not reachable; nothing was written");
            rc = PUBLISH_UNAVAILABLE;
            goto out;
        }
    } else {
        if (!store_has_article(cur, r->id)) {
            rc = PUBLISH_NOT_FOUND;
            goto out;
        }
        if (!conditions_hold(cur, r->id, r->if_match ? match : NULL, 0)) {
            rc = PUBLISH_PRECONDITION;
            goto out;
        }
        if (dir_remove(r->id)) {
            snprintf(o->msg, sizeof o->msg, "cannot remove the article: %s", strerror(errno));
            rc = PUBLISH_ERROR;
            goto out;
        }
    }
    seen_set(r->id, 0);
    ns = derive(cur, r->id, NULL);
    if (ns) {
        o->snap = swap_in(ns);
        ns = NULL;
    }
out:
    pthread_mutex_unlock(&wlock);
    store_release(cur);
    return rc;
}

/* ---- changes made elsewhere ---- */

void publish_refresh(const char *id)
{
    char *text, *meta, msg[320], cur_tag[40], new_tag[40];
    size_t len, mlen;
    struct store *cur, *ns = NULL;
    struct article *a = NULL;
    int found, invalid;

    if (!article_id_valid(id, strlen(id)))
        return;
    pthread_mutex_lock(&wlock);
    cur = store_current();
    found = read_source(id, &text, &len, &meta, &mlen);
    if (found < 0 || !cur)
        goto out;
    if (found && seen_same(id, src_hash(text, len, meta, mlen)) && store_has_article(cur, id))
        goto out; /* what this process published last */
    if (!found) {
        seen_set(id, 0);
        if (store_has_article(cur, id)) {
            ns = derive(cur, id, NULL);
            log_event("info", "withdrawn", "article", id, NULL);
        }
        goto out;
    }
    a = publish_build(id, text, len, meta, mlen, &invalid, msg, sizeof msg);
    if (!a) {
        /* The last good version stays served. */
        log_event("warn", "article", "article", id, "problem", msg, NULL);
        goto out;
    }
    seen_set(id, src_hash(text, len, meta, mlen));
    ns = derive(cur, id, a);
    if (ns && bare_etag(cur, id, cur_tag) && bare_etag(ns, id, new_tag) &&
        !strcmp(cur_tag, new_tag)) {
        store_release(ns); /* our own write, or no change */
        ns = NULL;
    } else if (ns) {
        log_event("info", "refreshed", "article", id, NULL);
    }
out:
    if (ns)
        store_release(swap_in(ns));
    pthread_mutex_unlock(&wlock);
    store_release(cur);
    free(text);
    free(meta);
}

/* Every id of the directory and of the snapshot, refreshed (after an inotify overflow). */
static void refresh_all(void)
{
    struct store *cur = store_current();
    struct store_list l = {0};
    DIR *d = opendir(dir);
    struct dirent *de;

    while (d && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        char id[ARTICLE_ID_MAX + 1];

        if (de->d_name[0] != '.' && n > 4 && n - 4 <= ARTICLE_ID_MAX &&
            !strcmp(de->d_name + n - 4, ".txt")) {
            snprintf(id, sizeof id, "%.*s", (int)(n - 4), de->d_name);
            publish_refresh(id);
        }
    }
    if (d)
        closedir(d);
    if (cur && !store_query_articles(cur, &l)) {
        for (size_t i = 0; i < l.n; i++) {
            json_t *v = json_loadb(l.items[i], l.lens[i], 0, NULL);
            const char *id = json_string_value(json_object_get(v, "id"));

            if (id)
                publish_refresh(id);
            json_decref(v);
        }
    }
    store_list_free(&l);
    store_release(cur);
}

/* The id a changed file name stands for: NAME.txt or NAME.meta.json. */
static int id_of(const char *name, char *id)
{
    size_t n = strlen(name), k;

    if (name[0] == '.')
        return 0;
    if (n > 4 && !strcmp(name + n - 4, ".txt"))
        k = n - 4;
    else if (n > 10 && !strcmp(name + n - 10, ".meta.json"))
        k = n - 10;
    else
        return 0;
    if (!article_id_valid(name, k))
        return 0;
    memcpy(id, name, k);
    id[k] = '\0';
    return 1;
}

static void *watch_main(void *arg)
{
    int fd = (int)(intptr_t)arg, overflow = 0;
    char ids[PENDING_MAX][ARTICLE_ID_MAX + 1];
    size_t nids = 0;
    _Alignas(struct inotify_event) char buf[8192];

    while (!atomic_load(&stopping)) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, nids || overflow ? SETTLE_MS : 200);
        ssize_t n;

        if (r == 0 && (nids || overflow)) {
            /* Quiet for a moment: apply what changed. */
            if (overflow)
                refresh_all();
            else
                for (size_t i = 0; i < nids; i++)
                    publish_refresh(ids[i]);
            nids = 0;
            overflow = 0;
            continue;
        }
        if (r <= 0)
            continue;
        n = read(fd, buf, sizeof buf);
        for (char *q = buf; n > 0 && q < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)q;
            char id[ARTICLE_ID_MAX + 1];
            size_t i;

            q += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                overflow = 1;
                continue;
            }
            if (!ev->len || !id_of(ev->name, id))
                continue;
            for (i = 0; i < nids && strcmp(ids[i], id); i++)
                ;
            if (i == nids) {
                if (nids == PENDING_MAX)
                    overflow = 1;
                else
                    memcpy(ids[nids++], id, strlen(id) + 1);
            }
        }
    }
    close(fd);
    return NULL;
}

static void on_pg_change(const char *id)
{
    publish_refresh(id);
}

static int pg_load(char *err, size_t errlen);

/* After a reconnection: every article of the database, and every one served. The first
 * connection of a replica that started without its database loads them all instead.
 * -1: not done (the listener calls again). */
static int on_pg_resync(void)
{
    struct pgstore_row *rows = NULL;
    struct store *cur;
    struct store_list l = {0};
    size_t n = 0;

    if (!atomic_load(&pg_loaded)) {
        char err[256];
        int rc;

        pthread_mutex_lock(&wlock);
        rc = pg_load(err, sizeof err);
        if (!rc)
            atomic_store(&pg_loaded, 1);
        pthread_mutex_unlock(&wlock);
        if (rc)
            log_event("error", "database", "problem", err, NULL);
        else
            log_event("info", "loaded", "store", "postgres", "note",
                      "first load, after starting without the database", NULL);
        return rc;
    }
    if (pgstore_load(&rows, &n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char tag[40];

        cur = store_current();
        if (!bare_etag(cur, rows[i].id, tag) || strcmp(tag, rows[i].etag))
            publish_refresh(rows[i].id);
        store_release(cur);
    }
    cur = store_current();
    if (cur && !store_query_articles(cur, &l)) {
        for (size_t i = 0; i < l.n; i++) {
            json_t *v = json_loadb(l.items[i], l.lens[i], 0, NULL);
            const char *id = json_string_value(json_object_get(v, "id"));
            size_t k;

            for (k = 0; id && k < n && strcmp(rows[k].id, id); k++)
                ;
            if (id && k == n)
                publish_refresh(id);
            json_decref(v);
        }
    }
    store_list_free(&l);
    store_release(cur);
    pgstore_rows_free(rows, n);
    return 0;
}

static void no_report(void *ud, const char *level, const char *file, const char *problem)
{
    (void)ud;
    if (strcmp(level, "info"))
        log_event(level, "article", "file", file, "problem", problem, NULL);
}

/* Build rows into a new snapshot and publish it. */
static int pg_load_rows(const struct pgstore_row *rows, size_t n, char *err, size_t errlen)
{
    struct loader_article *arts;
    struct store *s = NULL;
    int rc;

    arts = calloc(n + 1, sizeof *arts);
    if (!arts) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        arts[i] = (struct loader_article){rows[i].id, rows[i].text, rows[i].len, rows[i].meta,
                                          rows[i].meta_len};
    rc = loader_load_builtin(arts, n, fixed, nfixed, no_report, NULL, &s);
    free(arts);
    if (rc) {
        snprintf(err, errlen, "cannot build the articles of the database");
        return -1;
    }
    store_release(swap_in(s));
    return 0;
}

/* Load every row into a new snapshot. */
static int pg_load(char *err, size_t errlen)
{
    struct pgstore_row *rows = NULL;
    size_t n = 0;
    int rc;

    if (pgstore_load(&rows, &n)) {
        snprintf(err, errlen, "cannot read the articles table");
        return -1;
    }
    rc = pg_load_rows(rows, n, err, errlen);
    pgstore_rows_free(rows, n);
    return rc;
}

int publish_init(const char *d, const char *pg_url, const struct loader_static *statics,
                 size_t nstatics, char *err, size_t errlen)
{
    fixed = calloc(nstatics + 1, sizeof *fixed);
    if (!fixed)
        goto nomem;
    for (size_t i = 0; i < nstatics; i++) {
        char *data = malloc(statics[i].len + 1);

        if (!data)
            goto nomem;
        memcpy(data, statics[i].data, statics[i].len);
        data[statics[i].len] = '\0';
        fixed[i] = statics[i];
        fixed[i].data = data;
        nfixed++;
    }
    if (pg_url) {
        int rc;

        use_pg = 1;
        rc = pgstore_open(pg_url, err, errlen);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            /* Database down at start: an empty snapshot (the fixed documents answer),
             * /readyz and /v1 say 503 until the listener reaches it and loads. */
            log_event("warn", "database", "problem", err, "note",
                      "starting without the database; retrying with backoff", NULL);
            if (pg_load_rows(NULL, 0, err, errlen))
                return -1;
        } else if (pg_load(err, errlen)) {
            return -1;
        } else {
            atomic_store(&pg_loaded, 1);
        }
        return pgstore_listen(on_pg_change, on_pg_resync)
                   ? (snprintf(err, errlen, "cannot start the listener"), -1)
                   : 0;
    }
    if (!d)
        return 0;
    have_dir = 1;
    snprintf(dir, sizeof dir, "%s", d);
    dir_recover();
    {
        int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);

        if (fd < 0 || inotify_add_watch(
                          fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) < 0) {
            /* Without inotify, SIGHUP still reloads. */
            log_event("warn", "watch", "problem", strerror(errno), "dir", dir, NULL);
            if (fd >= 0)
                close(fd);
            return 0;
        }
        if (pthread_create(&watcher, NULL, watch_main, (void *)(intptr_t)fd)) {
            close(fd);
            return 0;
        }
        watching = 1;
    }
    return 0;
nomem:
    snprintf(err, errlen, "out of memory");
    return -1;
}

void publish_shutdown(void)
{
    atomic_store(&stopping, 1);
    if (watching)
        pthread_join(watcher, NULL);
    watching = 0;
    if (use_pg)
        pgstore_close();
    for (size_t i = 0; i < nfixed; i++)
        free((char *)fixed[i].data);
    free(fixed);
    fixed = NULL;
    nfixed = 0;
}
