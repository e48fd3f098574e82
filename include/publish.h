/* publish.h - writes of articles: validate, store durably, publish a derived snapshot.
 *
 * One writer at a time per process (a mutex): a write builds only its own
 * article, derives a new snapshot sharing every other article's bodies from
 * the published one (store_derive), stores the files or the row, then swaps
 * the snapshot in, so the write is visible to every request that starts after
 * the response. The store is the articles directory (NAME.txt and
 * NAME.meta.json, written through a journal, temporary files, fsync and
 * rename) or PostgreSQL (pgstore.h).
 */
#ifndef ARTICLED_PUBLISH_H
#define ARTICLED_PUBLISH_H

#include <stddef.h>

#include "loader.h"
#include "store.h"

enum publish_result {
    PUBLISH_OK = 0,          /* replaced (or patched) */
    PUBLISH_CREATED,         /* a new article */
    PUBLISH_DELETED,         /* withdrawn */
    PUBLISH_NOT_FOUND,       /* no such article (PATCH, DELETE) */
    PUBLISH_PRECONDITION,    /* If-Match or If-None-Match failed */
    PUBLISH_NO_PRECONDITION, /* PATCH without If-Match */
    PUBLISH_BAD_REQUEST,     /* the body is not what the content type says (msg) */
    PUBLISH_INVALID,         /* the article or sidecar does not validate (msg) */
    PUBLISH_UNAVAILABLE,     /* the database is not reachable; nothing was written */
    PUBLISH_READ_ONLY,       /* the built-in article is served: there is nowhere to write */
    PUBLISH_ERROR            /* I/O or memory; nothing was published (msg) */
};

struct publish_req {
    const char *id;
    const char *text; /* article text (PUT), or NULL */
    size_t len;
    const char *meta; /* sidecar JSON (PUT), merge patch (PATCH), or NULL */
    size_t meta_len;
    const char *if_match;   /* If-Match header value, or NULL */
    int if_none_match_star; /* If-None-Match: * */
};

struct publish_out {
    struct store *snap; /* the published snapshot holding the result; the caller releases it */
    char msg[320];      /* what was wrong, for a problem detail */
};

/* Where writes go: dir (the embedded store; NULL when only the built-in
 * article is served) or pg_url (postgres://...). statics are the fixed
 * documents of every snapshot this module builds from scratch. With pg_url,
 * loads every article from the database, publishes them and starts the
 * listener. Returns 0, or -1 with a message in err. */
int publish_init(const char *dir, const char *pg_url, const struct loader_static *statics,
                 size_t nstatics, char *err, size_t errlen);

/* Create or replace (text and optional meta), patch meta (merge patch), withdraw. */
enum publish_result publish_put(const struct publish_req *r, struct publish_out *o);
enum publish_result publish_patch(const struct publish_req *r, struct publish_out *o);
enum publish_result publish_delete(const struct publish_req *r, struct publish_out *o);

/* Build one article from text and optional sidecar text. Returns a new
 * article the caller frees, or NULL with msg filled (*invalid set when the
 * input, not memory, is at fault). */
struct article *publish_build(const char *id, const char *text, size_t len, const char *meta,
                              size_t meta_len, int *invalid, char *msg, size_t msglen);

/* Re-read one article from the store (directory or database) and publish it,
 * or its absence, when it differs from the published one. For the watcher of
 * the directory and the database's notifications. */
void publish_refresh(const char *id);

/* Hold off writes while the caller replaces the whole snapshot (SIGHUP). */
void publish_lock(void);
void publish_unlock(void);

/* Is the store reachable (always, for the directory)? */
int publish_store_up(void);

/* Were the store's articles loaded (always, for the directory)? A replica that started
 * while its database was down serves nothing until the first load. */
int publish_loaded(void);

/* Is the store PostgreSQL (where an empty store is a ready one)? */
int publish_uses_database(void);

/* Stop the watcher or listener threads. */
void publish_shutdown(void);

#endif /* ARTICLED_PUBLISH_H */
