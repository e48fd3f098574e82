/* pgstore.h - articles in PostgreSQL (libpq): migration, load, conditional writes, LISTEN.
 *
 * One table, articled_articles (id, text, meta, etag, version, created_at,
 * updated_at), made by the service's own migration. A write is one statement
 * in a transaction with pg_notify('articled_articles', id); the ETag
 * condition is part of the statement, so two replicas writing the same
 * article with the same If-Match cannot both succeed. Etags are stored as
 * the bare hex digits of the article's identity ETag.
 */
#ifndef ARTICLED_PGSTORE_H
#define ARTICLED_PGSTORE_H

#include <stddef.h>

enum pgstore_rc {
    PGSTORE_OK = 0,
    PGSTORE_CREATED,
    PGSTORE_PRECONDITION, /* the condition did not hold */
    PGSTORE_NOT_FOUND,
    PGSTORE_DOWN /* no connection, or the statement failed; nothing changed */
};

struct pgstore_row {
    char *id, *text, *meta; /* meta NULL when there is no sidecar */
    size_t len, meta_len;
    char etag[40]; /* bare hex */
};

/* Connect to url and run the migration. Returns 0; 1 when the server cannot be reached
 * (err says why; the listener connects, migrates and calls on_resync once it can); or -1
 * with a message in err. */
int pgstore_open(const char *url, char *err, size_t errlen);

/* Every row, in id order, into a new array freed with pgstore_rows_free. -1 when down. */
int pgstore_load(struct pgstore_row **rows, size_t *n);
void pgstore_rows_free(struct pgstore_row *rows, size_t n);

/* One row: 1 found (free it with pgstore_rows_free(row, 1) semantics: pgstore_row_clear),
 * 0 absent, -1 down. */
int pgstore_get(const char *id, struct pgstore_row *row);
void pgstore_row_clear(struct pgstore_row *row);

/* Create or replace. match: NULL (no condition), "*" (must exist) or a
 * comma-separated list of bare etags; create_only: must not exist. */
enum pgstore_rc pgstore_put(const char *id, const char *text, size_t len, const char *meta,
                            size_t meta_len, const char *etag, const char *match, int create_only);

enum pgstore_rc pgstore_delete(const char *id, const char *match);

/* Start the listener thread: on_change(id) for every notification, on_resync()
 * after every reconnection (notifications may have been missed); on_resync returns 0, or
 * -1 to be called again about a second later while the database is up. */
int pgstore_listen(void (*on_change)(const char *id), int (*on_resync)(void));

/* Is the database reachable, as last seen? */
int pgstore_up(void);

/* Stop the listener and close the connections. */
void pgstore_close(void);

#endif /* ARTICLED_PGSTORE_H */
