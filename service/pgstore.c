/* pgstore.c - the PostgreSQL store: one table, conditional single-statement writes, LISTEN. */
#include "pgstore.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

#define CHANNEL "articled_articles"
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* guards wconn */
static PGconn *wconn;
static char *conninfo;
static atomic_int up, stopping;
static pthread_t listener;
static int listening;
static void (*changed)(const char *id);
static int (*resync)(void);
static PGconn *first_listen; /* LISTENing before the first load, so no write is missed */
static int migrated;         /* the table is known to exist (listener thread after open) */

/* Concurrent first starts of several replicas take turns (advisory lock). */
static const char migration[] =
    "BEGIN;"
    "SELECT pg_advisory_xact_lock(727361);"
    "CREATE TABLE IF NOT EXISTS articled_articles ("
    " id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$' AND length(id) <= 64),"
    " text text NOT NULL,"
    " meta text,"
    " etag text NOT NULL,"
    " version bigint NOT NULL DEFAULT 1,"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " updated_at timestamptz NOT NULL DEFAULT now());"
    "COMMIT;";

/* Sleep ms, in steps, so that pgstore_close() does not wait out a long backoff. */
static void sleep_ms(unsigned ms)
{
    const struct timespec step = {0, 50 * 1000000L};

    for (unsigned t = 0; t < ms && !atomic_load(&stopping); t += 50)
        nanosleep(&step, NULL);
}

/* Notices (e.g. "relation exists, skipping") are not errors. */
static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Defaults first, so that the URL's own parameters win: a bounded connect, keepalives
 * that notice a vanished server, and statements that cannot hold the writer forever. */
static PGconn *open_conn(void)
{
    const char *const keys[] = {"connect_timeout", "keepalives", "keepalives_idle",
                                "keepalives_interval", "keepalives_count", "options", "dbname",
                                NULL};
    const char *const vals[] = {"3", "1", "5", "2", "2", "-c statement_timeout=5000", conninfo,
                                NULL};

    return PQconnectdbParams(keys, vals, 1);
}

static PGconn *connect_db(void)
{
    PGconn *c = open_conn();

    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, quiet_notice, NULL);
    return c;
}

/* The migration on wconn (lock held, or no listener yet). 0, or -1 with a message. */
static int migrate(char *err, size_t errlen)
{
    PGresult *r = PQexec(wconn, migration);
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;

    if (rc) {
        snprintf(err, errlen, "migration failed: %s", PQerrorMessage(wconn));
        err[strcspn(err, "\n")] = '\0';
    } else {
        migrated = 1;
    }
    PQclear(r);
    return rc;
}

int pgstore_open(const char *url, char *err, size_t errlen)
{
    PGresult *r;

    conninfo = strdup(url);
    if (!conninfo) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    wconn = open_conn();
    if (PQstatus(wconn) != CONNECTION_OK) {
        /* Not fatal: the listener connects, migrates and loads once the server is there. */
        snprintf(err, errlen, "cannot connect to the database: %s", PQerrorMessage(wconn));
        err[strcspn(err, "\n")] = '\0';
        PQfinish(wconn);
        wconn = NULL;
        return 1;
    }
    PQsetNoticeProcessor(wconn, quiet_notice, NULL);
    if (migrate(err, errlen))
        return -1;
    first_listen = connect_db();
    r = first_listen ? PQexec(first_listen, "LISTEN " CHANNEL) : NULL;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        snprintf(err, errlen, "cannot LISTEN on the database");
        PQclear(r);
        return -1;
    }
    PQclear(r);
    atomic_store(&up, 1);
    return 0;
}

int pgstore_up(void)
{
    return atomic_load(&up);
}

/* Run a statement on the write connection (lock held); NULL when down. */
static PGresult *run(const char *sql, int n, const char *const *vals, const int *lens)
{
    PGresult *r;

    if (!wconn || PQstatus(wconn) != CONNECTION_OK) {
        atomic_store(&up, 0);
        return NULL;
    }
    r = PQexecParams(wconn, sql, n, NULL, vals, lens, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
        char msg[256];

        snprintf(msg, sizeof msg, "%s", PQerrorMessage(wconn));
        msg[strcspn(msg, "\n")] = '\0';
        log_event("error", "database", "problem", msg, NULL);
        if (PQstatus(wconn) != CONNECTION_OK)
            atomic_store(&up, 0);
        PQclear(r);
        return NULL;
    }
    return r;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Fill row from result row i (columns id, text, meta, etag). */
static int row_from(PGresult *r, int i, struct pgstore_row *row)
{
    memset(row, 0, sizeof *row);
    row->id = dup_n(PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0));
    row->len = (size_t)PQgetlength(r, i, 1);
    row->text = dup_n(PQgetvalue(r, i, 1), row->len);
    if (!PQgetisnull(r, i, 2)) {
        row->meta_len = (size_t)PQgetlength(r, i, 2);
        row->meta = dup_n(PQgetvalue(r, i, 2), row->meta_len);
    }
    snprintf(row->etag, sizeof row->etag, "%s", PQgetvalue(r, i, 3));
    return row->id && row->text && (PQgetisnull(r, i, 2) || row->meta) ? 0 : -1;
}

void pgstore_row_clear(struct pgstore_row *row)
{
    free(row->id);
    free(row->text);
    free(row->meta);
    memset(row, 0, sizeof *row);
}

void pgstore_rows_free(struct pgstore_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        pgstore_row_clear(&rows[i]);
    free(rows);
}

int pgstore_load(struct pgstore_row **rows, size_t *n)
{
    PGresult *r;
    int rc = -1;

    *rows = NULL;
    *n = 0;
    pthread_mutex_lock(&lock);
    r = run("SELECT id, text, meta, etag FROM articled_articles ORDER BY id", 0, NULL, NULL);
    if (r) {
        size_t k = (size_t)PQntuples(r);

        *rows = calloc(k + 1, sizeof **rows);
        rc = *rows ? 0 : -1;
        for (size_t i = 0; !rc && i < k; i++) {
            rc = row_from(r, (int)i, &(*rows)[i]);
            *n = i + 1;
        }
        PQclear(r);
    }
    pthread_mutex_unlock(&lock);
    if (rc) {
        pgstore_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
    }
    return rc;
}

int pgstore_get(const char *id, struct pgstore_row *row)
{
    const char *vals[1] = {id};
    PGresult *r;
    int rc = -1;

    memset(row, 0, sizeof *row);
    pthread_mutex_lock(&lock);
    r = run("SELECT id, text, meta, etag FROM articled_articles WHERE id = $1", 1, vals, NULL);
    if (r) {
        rc = PQntuples(r) ? (row_from(r, 0, row) ? -1 : 1) : 0;
        PQclear(r);
    }
    pthread_mutex_unlock(&lock);
    if (rc < 0)
        pgstore_row_clear(row);
    return rc;
}

/* Zero rows changed: was the row there at all? */
static enum pgstore_rc missed(const char *id)
{
    const char *vals[1] = {id};
    PGresult *r = run("SELECT 1 FROM articled_articles WHERE id = $1", 1, vals, NULL);
    enum pgstore_rc rc;

    if (!r)
        return PGSTORE_DOWN;
    rc = PQntuples(r) ? PGSTORE_PRECONDITION : PGSTORE_NOT_FOUND;
    PQclear(r);
    return rc;
}

enum pgstore_rc pgstore_put(const char *id, const char *text, size_t len, const char *meta,
                            size_t meta_len, const char *etag, const char *match, int create_only)
{
    /* One statement is one transaction: the row and its notification commit together. */
    static const char upsert[] =
        "WITH w AS (INSERT INTO articled_articles AS t (id, text, meta, etag)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text,"
        " meta = EXCLUDED.meta, etag = EXCLUDED.etag, version = t.version + 1,"
        " updated_at = now() RETURNING (xmax = 0) AS created)"
        " SELECT created, pg_notify('" CHANNEL "', $1) FROM w";
    static const char create[] =
        "WITH w AS (INSERT INTO articled_articles (id, text, meta, etag)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING true AS created)"
        " SELECT created, pg_notify('" CHANNEL "', $1) FROM w";
    static const char update[] =
        "WITH w AS (UPDATE articled_articles SET text = $2, meta = $3, etag = $4,"
        " version = version + 1, updated_at = now()"
        " WHERE id = $1 AND ($5 = '*' OR etag = ANY (string_to_array($5, ',')))"
        " RETURNING false AS created)"
        " SELECT created, pg_notify('" CHANNEL "', $1) FROM w";
    const char *vals[5] = {id, text, meta, etag, match ? match : "*"};
    int lens[5] = {(int)strlen(id), (int)len, meta ? (int)meta_len : 0, (int)strlen(etag),
                   match ? (int)strlen(match) : 1};
    const char *sql = create_only ? create : match ? update : upsert;
    enum pgstore_rc rc;
    PGresult *r;

    pthread_mutex_lock(&lock);
    r = run(sql, create_only || !match ? 4 : 5, vals, lens);
    if (!r)
        rc = PGSTORE_DOWN;
    else if (!PQntuples(r))
        rc = create_only ? PGSTORE_PRECONDITION : missed(id);
    else
        rc = !strcmp(PQgetvalue(r, 0, 0), "t") ? PGSTORE_CREATED : PGSTORE_OK;
    PQclear(r);
    pthread_mutex_unlock(&lock);
    return rc;
}

enum pgstore_rc pgstore_delete(const char *id, const char *match)
{
    static const char del[] =
        "WITH w AS (DELETE FROM articled_articles WHERE id = $1"
        " AND ($2 = '*' OR etag = ANY (string_to_array($2, ','))) RETURNING id)"
        " SELECT pg_notify('" CHANNEL "', $1) FROM w";
    const char *vals[2] = {id, match ? match : "*"};
    enum pgstore_rc rc;
    PGresult *r;

    pthread_mutex_lock(&lock);
    r = run(del, 2, vals, NULL);
    if (!r)
        rc = PGSTORE_DOWN;
    else if (!PQntuples(r))
        rc = missed(id);
    else
        rc = PGSTORE_OK;
    PQclear(r);
    pthread_mutex_unlock(&lock);
    return rc;
}

/* The listener: its own connection, LISTEN, and reconnection with backoff. */
static void *listen_main(void *arg)
{
    unsigned backoff = BACKOFF_MIN_MS, ticks = 0;
    PGconn *c = first_listen;
    int again = 0; /* the last resync failed: retried about once a second */

    (void)arg;
    while (!atomic_load(&stopping)) {
        PGnotify *n;

        if (!c) {
            PGresult *r;

            c = connect_db();
            if (c) {
                r = PQexec(c, "LISTEN " CHANNEL);
                if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                    PQfinish(c);
                    c = NULL;
                }
                PQclear(r);
            }
            if (!c) {
                atomic_store(&up, 0);
                sleep_ms(backoff);
                backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
                continue;
            }
            pthread_mutex_lock(&lock);
            if (!wconn || PQstatus(wconn) != CONNECTION_OK) {
                if (wconn)
                    PQreset(wconn);
                else
                    wconn = connect_db();
            }
            int ok = wconn && PQstatus(wconn) == CONNECTION_OK;
            char err[256];

            /* Down at start: the table may not be there yet. */
            if (ok && !migrated && migrate(err, sizeof err)) {
                log_event("error", "database", "problem", err, NULL);
                ok = 0;
            }
            pthread_mutex_unlock(&lock);
            if (!ok) {
                PQfinish(c);
                c = NULL;
                atomic_store(&up, 0);
                sleep_ms(backoff);
                backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
                continue;
            }
            if (!atomic_exchange(&up, 1) || backoff > BACKOFF_MIN_MS) {
                log_event("info", "database", "result", "connected", NULL);
                again = resync() != 0;
            }
            backoff = BACKOFF_MIN_MS;
        }
        struct pollfd p = {PQsocket(c), POLLIN, 0};

        if (poll(&p, 1, 200) < 0)
            continue;
        if (!atomic_load(&up)) {
            /* A write found its connection broken while this one lived: mend it. */
            pthread_mutex_lock(&lock);
            if (wconn && PQstatus(wconn) != CONNECTION_OK)
                PQreset(wconn);
            if (wconn && PQstatus(wconn) == CONNECTION_OK && !atomic_exchange(&up, 1)) {
                pthread_mutex_unlock(&lock);
                again = resync() != 0;
            } else {
                pthread_mutex_unlock(&lock);
            }
        }
        if (again && atomic_load(&up) && ++ticks % 5 == 0)
            again = resync() != 0;
        if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK) {
            log_event("warn", "database", "problem", "connection lost; reconnecting", NULL);
            atomic_store(&up, 0);
            PQfinish(c);
            c = NULL;
            backoff = BACKOFF_MIN_MS * 2;
            continue;
        }
        while ((n = PQnotifies(c))) {
            changed(n->extra);
            PQfreemem(n);
        }
    }
    PQfinish(c);
    first_listen = NULL;
    return NULL;
}

int pgstore_listen(void (*on_change)(const char *id), int (*on_resync)(void))
{
    changed = on_change;
    resync = on_resync;
    if (pthread_create(&listener, NULL, listen_main, NULL))
        return -1;
    listening = 1;
    return 0;
}

void pgstore_close(void)
{
    atomic_store(&stopping, 1);
    if (listening)
        pthread_join(listener, NULL);
    else
        PQfinish(first_listen);
    listening = 0;
    first_listen = NULL;
    PQfinish(wconn);
    wconn = NULL;
    migrated = 0;
    free(conninfo);
    conninfo = NULL;
}
