/* test_pg.c - replicas on a real PostgreSQL (tests/integration/pg.sh): a write on one is read
 * on another, a late replica loads it, the database goes away and comes back under reads,
 * two concurrent If-Match writes on two replicas let exactly one through, and a replica
 * started while the database is down waits for it and then loads. */
#include "harness.h"

#include <pthread.h>

#include "check_main.h"

static char pgdir[64], url[128], keys_path[128], auth[200];
static unsigned pgport;
static int have_pg;

static const char *const env_of[] = {"ARTICLED_STORE", url, "ARTICLED_KEYS", keys_path,
                                     "ARTICLED_RATE_LIMIT", "0", NULL};

static int pg(const char *cmd)
{
    char line[512];

    snprintf(line, sizeof line, "sh tests/integration/pg.sh %s %s %u", cmd, pgdir, pgport);
    return system(line);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

static void setup(void)
{
    char cmd[9000], bin[4096], out[512];
    FILE *p;
    int rc;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    snprintf(pgdir, sizeof pgdir, "/tmp/articled-pg-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(pgdir));
    pgport = free_port();
    rc = pg("start");
    if (WIFEXITED(rc) && WEXITSTATUS(rc) == 77) {
        fprintf(stderr, "test_pg: SKIPPED: PostgreSQL is not installed (Debian: apt-get install "
                        "postgresql; `make test` installs it when run as root)\n");
        return;
    }
    ck_assert_msg(rc == 0, "cannot start PostgreSQL in %s", pgdir);
    have_pg = 1;
    snprintf(url, sizeof url, "postgres://postgres@127.0.0.1:%u/postgres?connect_timeout=2",
             pgport);
    snprintf(keys_path, sizeof keys_path, "%s/keys.txt", pgdir);
    ck_assert_ptr_nonnull(realpath(env_or("ARTICLED_BIN", "build/release/articled"), bin));
    snprintf(cmd, sizeof cmd, "'%s' keys add cms --scopes read,write --keys '%s'", bin, keys_path);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(fgets(out, sizeof out, p));
    ck_assert_int_eq(pclose(p), 0);
    out[strcspn(out, "\n")] = '\0';
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", strrchr(out, ' ') + 1);
}

static void teardown(void)
{
    char cmd[200];

    (void)raw_send; /* the harness's helpers, not needed here */
    (void)copy_fixture;
    (void)put_str;
    if (have_pg)
        pg("stop");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", pgdir);
    if (system(cmd)) {
        /* best effort */
    }
    curl_global_cleanup();
}

/* Start a replica (its own empty directory: the database is the store). */
static void replica(struct server *s)
{
    server_start(s, make_dir(), env_of);
}

static void replica_stop(struct server *s)
{
    ck_assert_int_eq(server_stop(s), 0);
    remove_dir(s->dir);
}

static struct resp put(const struct server *s, const char *id, const char *text, const char *extra)
{
    const char *h[] = {auth, "Content-Type: text/plain; charset=utf-8", extra, NULL};
    char target[128];

    snprintf(target, sizeof target, "/v1/articles/%s", id);
    return request(s, "PUT", target, h, text, strlen(text));
}

/* Poll target on s until its body holds want (at most 5 s); returns the ms it took, or -1. */
static long wait_body(const struct server *s, const char *target, const char *want)
{
    struct timespec t0, t;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 500; i++) {
        struct resp r = get(s, target);
        int found = r.status == 200 && strstr(r.body, want) != NULL;

        resp_free(&r);
        if (found) {
            clock_gettime(CLOCK_MONOTONIC, &t);
            return (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
        }
        sleep_ms(10);
    }
    return -1;
}

START_TEST(write_on_one_replica_is_read_on_another)
{
    struct server a, b, c;
    struct resp r;
    long ms;

    if (!have_pg)
        return;
    replica(&a);
    replica(&b);
    r = put(&a, "pg-one", "Council vote\n\n\xE2\x80\x9CIt passed,\xE2\x80\x9D said Ann Lee.\n",
            "If-None-Match: *");
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    resp_free(&r);
    ms = wait_body(&b, "/v1/articles/pg-one", "It passed");
    ck_assert_msg(ms >= 0, "replica B never served the write made on A");
    fprintf(stderr, "test_pg: the write reached replica B after %ld ms\n", ms);
    /* Lists and search follow on B. */
    ck_assert_int_ge(wait_body(&b, "/v1/quotes?q=passed", "pg-one"), 0);
    /* A replica started afterwards loads it from the database. */
    replica(&c);
    r = get(&c, "/v1/articles/pg-one");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    /* Withdrawn on B: gone on A. */
    r = request(&b, "DELETE", "/v1/articles/pg-one", (const char *[]){auth, NULL}, NULL, 0);
    ck_assert_int_eq(r.status, 204);
    resp_free(&r);
    for (int i = 0; i < 500 && probe(&a, "/v1/articles/pg-one") != 404; i++)
        sleep_ms(10);
    ck_assert_int_eq(probe(&a, "/v1/articles/pg-one"), 404);
    replica_stop(&a);
    replica_stop(&b);
    replica_stop(&c);
}
END_TEST

struct racer {
    const struct server *s;
    const char *text, *ifm;
    long status;
};

static void *race(void *arg)
{
    struct racer *x = arg;
    struct resp r = put(x->s, "pg-race", x->text, x->ifm);

    x->status = r.status;
    resp_free(&r);
    return NULL;
}

START_TEST(concurrent_if_match_writes_one_wins)
{
    struct server a, b;
    struct resp r;
    char ifm[100];

    if (!have_pg)
        return;
    replica(&a);
    replica(&b);
    r = put(&a, "pg-race", "Race\n\n\xE2\x80\x9C" "First,\xE2\x80\x9D said Ann Lee.\n", NULL);
    ck_assert_int_le(r.status, 201);
    snprintf(ifm, sizeof ifm, "If-Match: %s", header(&r, "etag"));
    resp_free(&r);
    ck_assert_int_ge(wait_body(&b, "/v1/articles/pg-race", "First"), 0);
    for (int round = 0; round < 5; round++) {
        char ta[128], tb[128];
        /* Texts differ every round: an unchanged text keeps its ETag, and the condition. */
        struct racer x = {&a, ta, ifm, 0}, y = {&b, tb, ifm, 0};
        pthread_t tx, ty;

        snprintf(ta, sizeof ta, "Race\n\n\xE2\x80\x9C" "From A %d,\xE2\x80\x9D said Ann Lee.\n", round);
        snprintf(tb, sizeof tb, "Race\n\n\xE2\x80\x9C" "From B %d,\xE2\x80\x9D said Ann Lee.\n", round);

        ck_assert_int_eq(pthread_create(&tx, NULL, race, &x), 0);
        ck_assert_int_eq(pthread_create(&ty, NULL, race, &y), 0);
        pthread_join(tx, NULL);
        pthread_join(ty, NULL);
        ck_assert_msg((x.status == 200 && y.status == 412) || (x.status == 412 && y.status == 200),
                      "round %d: A got %ld, B got %ld", round, x.status, y.status);
        /* Both replicas converge on the winner; the next round starts from it. */
        {
            char won[32];

            snprintf(won, sizeof won, "From %c %d", x.status == 200 ? 'A' : 'B', round);

            ck_assert_int_ge(wait_body(&a, "/v1/articles/pg-race", won), 0);
            ck_assert_int_ge(wait_body(&b, "/v1/articles/pg-race", won), 0);
            r = get(&a, "/v1/articles/pg-race");
            snprintf(ifm, sizeof ifm, "If-Match: %s", header(&r, "etag"));
            resp_free(&r);
        }
    }
    replica_stop(&a);
    replica_stop(&b);
}
END_TEST

START_TEST(database_away_and_back_under_reads)
{
    struct server a, b;
    struct resp r;
    int degraded = 0;

    if (!have_pg)
        return;
    replica(&a);
    replica(&b);
    r = put(&a, "pg-stay", "Stay\n\n\xE2\x80\x9CStill here,\xE2\x80\x9D said Ann Lee.\n", NULL);
    ck_assert_int_le(r.status, 201);
    resp_free(&r);
    ck_assert_int_ge(wait_body(&b, "/v1/articles/pg-stay", "Still here"), 0);
    ck_assert_int_eq(pg("stop"), 0);
    /* Reads go on from the last snapshot; readiness says degraded; writes get 503. */
    for (int i = 0; i < 500 && !degraded; i++) {
        r = get(&a, "/readyz");
        ck_assert_int_eq(r.status, 200);
        degraded = strstr(r.body, "\"degraded\"") != NULL;
        resp_free(&r);
        if (!degraded)
            sleep_ms(10);
    }
    ck_assert_msg(degraded, "/readyz never said degraded");
    for (int i = 0; i < 20; i++) {
        r = get(i % 2 ? &a : &b, "/v1/articles/pg-stay");
        ck_assert_int_eq(r.status, 200);
        resp_free(&r);
    }
    r = get(&a, "/metrics");
    ck_assert_ptr_nonnull(strstr(r.body, "articled_store_up 0"));
    resp_free(&r);
    r = put(&a, "pg-stay", "Stay\n\nLost.\n", NULL);
    assert_problem(&r, 503);
    resp_free(&r);
    /* Back: the replicas reconnect by themselves, and writes flow again. */
    ck_assert_int_eq(pg("restart"), 0);
    ck_assert_int_ge(wait_body(&a, "/readyz", "\"status\":\"ok\""), 0);
    ck_assert_int_ge(wait_body(&b, "/readyz", "\"status\":\"ok\""), 0);
    r = put(&b, "pg-stay", "Stay\n\n\xE2\x80\x9C" "Back again,\xE2\x80\x9D said Ann Lee.\n", NULL);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    resp_free(&r);
    ck_assert_int_ge(wait_body(&a, "/v1/articles/pg-stay", "Back again"), 0);
    r = get(&a, "/metrics");
    ck_assert_ptr_nonnull(strstr(r.body, "articled_store_up 1"));
    resp_free(&r);
    replica_stop(&a);
    replica_stop(&b);
}
END_TEST

START_TEST(replica_started_without_database_loads_when_it_comes)
{
    struct server a, b;
    struct resp r;
    struct timespec t0, t;
    long ms = -1;

    if (!have_pg)
        return;
    replica(&a);
    r = put(&a, "pg-late", "Late\n\n\xE2\x80\x9CWorth the wait,\xE2\x80\x9D said Ann Lee.\n", NULL);
    ck_assert_int_le(r.status, 201);
    resp_free(&r);
    replica_stop(&a);
    ck_assert_int_eq(pg("stop"), 0);
    /* Down at start: it listens, answers 503 for readiness and articles, and stays up. */
    setenv("HARNESS_NO_WAIT", "1", 1);
    replica(&b);
    unsetenv("HARNESS_NO_WAIT");
    wait_for(&b, "/readyz", 503);
    r = get(&b, "/readyz");
    assert_problem(&r, 503);
    ck_assert_msg(strstr(r.body, "starting") != NULL, "%s", r.body);
    resp_free(&r);
    r = get(&b, "/v1/articles/pg-late");
    assert_problem(&r, 503);
    resp_free(&r);
    r = get(&b, "/metrics");
    ck_assert_ptr_nonnull(strstr(r.body, "articled_store_up 0"));
    resp_free(&r);
    r = put(&b, "pg-late", "Late\n\nLost.\n", NULL);
    assert_problem(&r, 503);
    resp_free(&r);
    ck_assert_int_eq(probe(&b, "/livez"), 200);
    /* The database comes: the replica reconnects (backoff), migrates and loads everything. */
    ck_assert_int_eq(pg("restart"), 0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 150 && ms < 0; i++) {
        r = get(&b, "/v1/articles/pg-late");
        if (r.status == 200 && strstr(r.body, "Worth the wait")) {
            clock_gettime(CLOCK_MONOTONIC, &t);
            ms = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
        }
        resp_free(&r);
        if (ms < 0)
            sleep_ms(50);
    }
    ck_assert_msg(ms >= 0, "the replica never loaded the articles once the database was up");
    fprintf(stderr, "test_pg: started without the database; loaded %ld ms after it came\n", ms);
    r = get(&b, "/readyz");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "\"status\":\"ok\""));
    resp_free(&r);
    r = get(&b, "/v1/articles/pg-stay");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = put(&b, "pg-late", "Late\n\n\xE2\x80\x9CWritten at last,\xE2\x80\x9D said Ann Lee.\n",
            NULL);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    resp_free(&r);
    r = get(&b, "/metrics");
    ck_assert_ptr_nonnull(strstr(r.body, "articled_store_up 1"));
    resp_free(&r);
    replica_stop(&b);
}
END_TEST

static Suite *pg_suite(void)
{
    Suite *s = suite_create("postgres");
    TCase *t = tcase_create("replicas");

    tcase_add_unchecked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, write_on_one_replica_is_read_on_another);
    tcase_add_test(t, concurrent_if_match_writes_one_wins);
    tcase_add_test(t, database_away_and_back_under_reads);
    tcase_add_test(t, replica_started_without_database_loads_when_it_comes);
    suite_add_tcase(s, t);
    return s;
}

CHECK_MAIN(pg_suite)
