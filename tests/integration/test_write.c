/* test_write.c - publishing over the API against a real server: keys, conditions, validation,
 * durability (SIGKILL in the middle of writes), the directory watcher. */
#include "harness.h"

#include "check_main.h"

static struct server srv;
static char keys_path[300], writer[160], reader[160], auth_w[200], auth_r[200];

static const char article[] = "Budget vote\n\n"
                              "\xE2\x80\x9CWe will not back down,\xE2\x80\x9D said Mayor Jane Doe.\n";

/* Run `articled keys add ID --scopes S --keys FILE` and keep the token (its last word). */
static void add_key(const char *file, const char *id, const char *scopes, char *token, size_t cap)
{
    char cmd[9000], out[512], bin[4096];
    FILE *p;
    const char *last;

    ck_assert_ptr_nonnull(realpath(env_or("ARTICLED_BIN", "build/release/articled"), bin));
    snprintf(cmd, sizeof cmd, "'%s' keys add %s --scopes %s --note 'test key' --keys '%s'", bin,
             id, scopes, file);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(fgets(out, sizeof out, p));
    ck_assert_int_eq(pclose(p), 0);
    out[strcspn(out, "\n")] = '\0';
    last = strrchr(out, ' ');
    ck_assert_ptr_nonnull(last);
    snprintf(token, cap, "%s", last + 1);
    ck_assert_ptr_nonnull(strchr(token, '.'));
}

static void start_writes(void)
{
    const char *env[] = {"ARTICLED_KEYS", keys_path, "ARTICLED_RATE_LIMIT", "600", NULL};
    char *dir;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    dir = make_dir();
    copy_fixture(dir, "seed/paris-attacks.txt", "paris-attacks.txt");
    put_str(dir, "paris-attacks.meta.json", "{\"source\":\"CNN\"}");
    snprintf(keys_path, sizeof keys_path, "%s.keys", dir);
    add_key(keys_path, "cms", "read,write", writer, sizeof writer);
    add_key(keys_path, "viewer", "read", reader, sizeof reader);
    snprintf(auth_w, sizeof auth_w, "Authorization: Bearer %s", writer);
    snprintf(auth_r, sizeof auth_r, "Authorization: Bearer %s", reader);
    server_start(&srv, dir, env);
}

static void stop_writes(void)
{
    (void)raw_send; /* the harness's, not needed here */
    server_stop(&srv);
    remove_dir(srv.dir);
    unlink(keys_path);
    curl_global_cleanup();
}

static struct resp put_text(const char *id, const char *auth, const char *extra, const char *text)
{
    const char *h[] = {auth, "Content-Type: text/plain; charset=utf-8", extra, NULL};
    char target[200];

    snprintf(target, sizeof target, "/v1/articles/%s", id);
    return request(&srv, "PUT", target, h, text, strlen(text));
}

static char *etag_of(const char *id)
{
    char target[200];
    struct resp r;
    char *e;

    snprintf(target, sizeof target, "/v1/articles/%s", id);
    r = get(&srv, target);
    ck_assert_int_eq(r.status, 200);
    e = strdup(header(&r, "etag"));
    resp_free(&r);
    return e;
}

/* ---- refusals first ---- */

START_TEST(writes_need_a_write_key)
{
    const char *bad[] = {"Authorization: Bearer cms.0000", "Content-Type: text/plain", NULL};
    struct resp r = put_text("budget", NULL, NULL, article);

    assert_problem(&r, 401);
    ck_assert_ptr_nonnull(strstr(header(&r, "www-authenticate"), "Bearer"));
    resp_free(&r);
    r = request(&srv, "PUT", "/v1/articles/budget", bad, article, strlen(article));
    assert_problem(&r, 401);
    ck_assert_ptr_nonnull(strstr(header(&r, "www-authenticate"), "invalid_token"));
    resp_free(&r);
    r = put_text("budget", auth_r, NULL, article);
    assert_problem(&r, 403);
    resp_free(&r);
    r = request(&srv, "DELETE", "/v1/articles/paris-attacks", NULL, NULL, 0);
    assert_problem(&r, 401);
    resp_free(&r);
    /* Nothing was stored. */
    r = get(&srv, "/v1/articles/budget");
    assert_problem(&r, 404);
    resp_free(&r);
    /* Reads stay open, and a presented read key is counted. */
    r = get(&srv, "/v1/articles/paris-attacks");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(header(&r, "ratelimit-limit"));
    resp_free(&r);
    {
        const char *h[] = {auth_r, NULL};

        r = request(&srv, "GET", "/v1/articles/paris-attacks", h, NULL, 0);
        ck_assert_int_eq(r.status, 200);
        ck_assert_str_eq(header(&r, "ratelimit-limit"), "600");
        ck_assert_ptr_nonnull(header(&r, "ratelimit-remaining"));
        ck_assert_ptr_nonnull(header(&r, "ratelimit-reset"));
        ck_assert_ptr_nonnull(strstr(header(&r, "access-control-expose-headers"), "RateLimit-Remaining"));
        resp_free(&r);
    }
}
END_TEST

START_TEST(bad_bodies_store_nothing)
{
    const char *json[] = {auth_w, "Content-Type: application/json", NULL};
    const char *html[] = {auth_w, "Content-Type: text/html", NULL};
    const char *latin[] = {auth_w, "Content-Type: text/plain; charset=iso-8859-1", NULL};
    struct {
        const char *const *h;
        const char *body;
        long status;
    } cases[] = {
        {json, "{\"text\":", 400},
        {json, "{\"text\":\"T\\n\\nBody.\\n\",\"bogus\":1}", 422},
        {json, "{\"text\":5}", 422},
        {json, "{\"text\":\"T\\n\\nBody.\\n\",\"meta\":{\"sections\":{\"nope\":{\"aliases\":[\"x\"]}}}}", 422},
        {json, "{\"text\":\"T\\n\\nBody.\\n\",\"meta\":{\"colour\":\"red\"}}", 422},
        {html, "T\n\nBody.\n", 415},
        {latin, "T\n\nBody.\n", 415},
    };
    struct resp r;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = request(&srv, "PUT", "/v1/articles/bad-one", cases[i].h, cases[i].body,
                    strlen(cases[i].body));
        assert_problem(&r, cases[i].status);
        resp_free(&r);
    }
    r = put_text("bad-one", auth_w, NULL, "Title only\n");
    assert_problem(&r, 422);
    resp_free(&r);
    r = put_text("bad-one", auth_w, NULL, "Title\n\nBad \xff byte.\n");
    assert_problem(&r, 422);
    ck_assert_ptr_nonnull(strstr(r.body, "line 3"));
    resp_free(&r);
    r = put_text("bad-one", auth_w, NULL, "");
    assert_problem(&r, 422);
    resp_free(&r);
    r = put_text("Bad_Id", auth_w, NULL, article);
    assert_problem(&r, 422);
    resp_free(&r);
    {
        const char *big[] = {auth_w, "Content-Type: text/plain", "Content-Length: 99999999", NULL};

        r = request(&srv, "PUT", "/v1/articles/bad-one", big, NULL, 0);
        assert_problem(&r, 413);
        resp_free(&r);
    }
    r = get(&srv, "/v1/articles/bad-one");
    assert_problem(&r, 404);
    resp_free(&r);
    {
        char path[400];
        struct stat st;

        snprintf(path, sizeof path, "%s/bad-one.txt", srv.dir);
        ck_assert_int_ne(stat(path, &st), 0);
    }
}
END_TEST

/* ---- writes ---- */

START_TEST(create_replace_patch_delete)
{
    const char *json[] = {auth_w, "Content-Type: application/json", NULL};
    char ifm[100], path[400], *e1, *e2, *data;
    const char *pa_before;
    struct resp r;
    json_t *v;

    e1 = etag_of("paris-attacks");
    r = put_text("budget", auth_w, "If-None-Match: *", article);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    ck_assert_str_eq(header(&r, "location"), "/v1/articles/budget");
    ck_assert_str_eq(header(&r, "cache-control"), "no-store");
    v = json_of(&r);
    ck_assert_str_eq(json_string_value(json_object_get(v, "title")), "Budget vote");
    json_decref(v);
    resp_free(&r);
    /* Visible at once, in the list and the search too; the other article untouched. */
    r = get(&srv, "/v1/articles/budget/quotes/q1");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = get(&srv, "/v1/quotes?q=back+down");
    ck_assert_ptr_nonnull(strstr(r.body, "budget"));
    resp_free(&r);
    r = get(&srv, "/v1/articles");
    ck_assert_ptr_nonnull(strstr(r.body, "\"budget\""));
    resp_free(&r);
    e2 = etag_of("paris-attacks");
    ck_assert_str_eq(e1, e2);
    free(e2);
    pa_before = e1;
    (void)pa_before;
    /* Create-only again: 412. */
    r = put_text("budget", auth_w, "If-None-Match: *", article);
    assert_problem(&r, 412);
    resp_free(&r);
    /* Replace with a stale tag: 412; with the current one: 200. */
    r = put_text("budget", auth_w, "If-Match: \"0000000000000000\"", article);
    assert_problem(&r, 412);
    resp_free(&r);
    free(e1);
    e1 = etag_of("budget");
    /* The gzip representation's tag names the same version. */
    {
        char gz[100];

        snprintf(gz, sizeof gz, "If-Match: %.*s-gz\"", (int)strlen(e1) - 1, e1);
        r = put_text("budget", auth_w, gz, article);
        ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
        ck_assert_str_eq(header(&r, "etag"), e1); /* same text, same tag */
        resp_free(&r);
    }
    snprintf(ifm, sizeof ifm, "If-Match: %s", e1);
    {
        const char body[] = "{\"text\":\"Budget vote passes\\n\\n\\u201cIt is done,\\u201d "
                            "said Mayor Jane Doe.\\n\",\"meta\":{\"source\":\"City Hall\"}}";
        const char *h[] = {auth_w, "Content-Type: application/json", ifm, NULL};

        r = request(&srv, "PUT", "/v1/articles/budget", h, body, strlen(body));
        ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
        ck_assert_str_ne(header(&r, "etag"), e1);
        resp_free(&r);
    }
    (void)json;
    r = get(&srv, "/v1/articles/budget?fields=title,source");
    ck_assert_ptr_nonnull(strstr(r.body, "City Hall"));
    ck_assert_ptr_nonnull(strstr(r.body, "passes"));
    resp_free(&r);
    /* The files on disk are the new ones. */
    snprintf(path, sizeof path, "%s/budget.meta.json", srv.dir);
    data = slurp(path, NULL);
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_nonnull(strstr(data, "City Hall"));
    free(data);
    /* PATCH: needs If-Match; a merge patch of the sidecar. */
    {
        const char *h[] = {auth_w, "Content-Type: application/merge-patch+json", NULL};
        const char patch[] = "{\"source\":null,\"credit\":\"Staff\"}";

        r = request(&srv, "PATCH", "/v1/articles/budget", h, patch, strlen(patch));
        assert_problem(&r, 428);
        resp_free(&r);
        free(e1);
        e1 = etag_of("budget");
        snprintf(ifm, sizeof ifm, "If-Match: %s", e1);
        {
            const char *h2[] = {auth_w, "Content-Type: application/merge-patch+json", ifm, NULL};

            r = request(&srv, "PATCH", "/v1/articles/budget", h2, patch, strlen(patch));
            ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
            v = json_of(&r);
            ck_assert(json_is_null(json_object_get(v, "source")));
            json_decref(v);
            resp_free(&r);
            r = request(&srv, "PATCH", "/v1/articles/nope", h2, patch, strlen(patch));
            assert_problem(&r, 404);
            resp_free(&r);
        }
    }
    /* DELETE with a stale tag: 412; then 204, then 404. */
    r = request(&srv, "DELETE", "/v1/articles/budget", (const char *[]){auth_w, ifm, NULL}, NULL,
                0);
    assert_problem(&r, 412);
    resp_free(&r);
    r = request(&srv, "DELETE", "/v1/articles/budget", (const char *[]){auth_w, NULL}, NULL, 0);
    ck_assert_int_eq(r.status, 204);
    resp_free(&r);
    r = request(&srv, "DELETE", "/v1/articles/budget", (const char *[]){auth_w, NULL}, NULL, 0);
    assert_problem(&r, 404);
    resp_free(&r);
    r = get(&srv, "/v1/articles/budget");
    assert_problem(&r, 404);
    resp_free(&r);
    snprintf(path, sizeof path, "%s/budget.txt", srv.dir);
    ck_assert_ptr_null(slurp(path, NULL));
    free(e1);
    /* One log line a write, with key id, article and outcome, never the secret. */
    data = slurp(srv.log, NULL);
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_nonnull(strstr(data, "\"event\":\"write\""));
    ck_assert_ptr_nonnull(strstr(data, "\"key\":\"cms\",\"article\":\"budget\",\"status\":\"201\","
                                       "\"outcome\":\"created\""));
    ck_assert_ptr_nonnull(strstr(data, "\"outcome\":\"precondition-failed\""));
    ck_assert_ptr_nonnull(strstr(data, "\"outcome\":\"deleted\""));
    ck_assert_ptr_null(strstr(data, strchr(writer, '.') + 1));
    free(data);
}
END_TEST

START_TEST(keys_file_changes_are_picked_up)
{
    char token[160], auth[200];
    struct resp r;

    add_key(keys_path, "late", "read,write", token, sizeof token);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    for (int i = 0; i < 40; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};

        r = put_text("late-one", auth, NULL, article);
        if (r.status != 401)
            break;
        resp_free(&r);
        nanosleep(&ts, NULL);
    }
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    resp_free(&r);
    {
        char bin[4096], cmd[9000];

        ck_assert_ptr_nonnull(realpath(env_or("ARTICLED_BIN", "build/release/articled"), bin));
        snprintf(cmd, sizeof cmd, "'%s' keys revoke late --keys '%s'", bin, keys_path);
        ck_assert_int_eq(system(cmd), 0);
        snprintf(cmd, sizeof cmd, "'%s' keys list --keys '%s' | grep -q '^late'", bin, keys_path);
        ck_assert_int_ne(system(cmd), 0);
        /* The file holds hashes, never the secret. */
        {
            char *data = slurp(keys_path, NULL);

            ck_assert_ptr_nonnull(data);
            ck_assert_ptr_null(strstr(data, strchr(writer, '.') + 1));
            free(data);
        }
    }
    for (int i = 0; i < 40; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};

        r = request(&srv, "DELETE", "/v1/articles/late-one", (const char *[]){auth, NULL}, NULL, 0);
        if (r.status == 401)
            break;
        resp_free(&r);
        nanosleep(&ts, NULL);
    }
    assert_problem(&r, 401);
    resp_free(&r);
}
END_TEST

/* Files changed by other means show up without SIGHUP. */
START_TEST(outside_changes_are_watched)
{
    struct resp r;
    long status = 0;

    put_str(srv.dir, "by-hand.txt", "By hand\n\n\xE2\x80\x9CHello,\xE2\x80\x9D said Ann Lee.\n");
    for (int i = 0; i < 40 && status != 200; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};

        nanosleep(&ts, NULL);
        status = probe(&srv, "/v1/articles/by-hand");
    }
    ck_assert_int_eq(status, 200);
    put_str(srv.dir, "by-hand.meta.json", "{\"source\":\"Hand\"}");
    for (int i = 0; i < 40; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};

        nanosleep(&ts, NULL);
        r = get(&srv, "/v1/articles/by-hand?fields=source");
        if (strstr(r.body, "Hand"))
            break;
        resp_free(&r);
    }
    ck_assert_ptr_nonnull(strstr(r.body, "Hand"));
    resp_free(&r);
    /* A broken edit keeps the last good version. */
    put_str(srv.dir, "by-hand.txt", "Only a title\n");
    {
        struct timespec ts = {0, 400 * 1000 * 1000};

        nanosleep(&ts, NULL);
    }
    ck_assert_int_eq(probe(&srv, "/v1/articles/by-hand"), 200);
    {
        char path[400];

        snprintf(path, sizeof path, "%s/by-hand.txt", srv.dir);
        unlink(path);
    }
    for (int i = 0; i < 40 && status != 404; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};

        nanosleep(&ts, NULL);
        status = probe(&srv, "/v1/articles/by-hand");
    }
    ck_assert_int_eq(status, 404);
}
END_TEST

/* A key over its limit gets 429 with Retry-After; the bucket is per key. */
START_TEST(rate_limit_per_key)
{
    const char *env[] = {"ARTICLED_KEYS", keys_path, "ARTICLED_RATE_LIMIT", "3", NULL};
    char *dir = make_dir();
    struct server s;
    struct resp r;
    const char *h[] = {auth_r, NULL};

    copy_fixture(dir, "seed/paris-attacks.txt", "paris-attacks.txt");
    server_start(&s, dir, env);
    for (int i = 0; i < 3; i++) {
        r = request(&s, "GET", "/v1/articles", h, NULL, 0);
        ck_assert_int_eq(r.status, 200);
        ck_assert_str_eq(header(&r, "ratelimit-limit"), "3");
        resp_free(&r);
    }
    r = request(&s, "GET", "/v1/articles", h, NULL, 0);
    assert_problem(&r, 429);
    ck_assert_ptr_nonnull(header(&r, "retry-after"));
    ck_assert_int_ge(atoi(header(&r, "retry-after")), 1);
    ck_assert_str_eq(header(&r, "ratelimit-remaining"), "0");
    resp_free(&r);
    /* Another key has its own bucket; anonymous reads are not limited. */
    r = request(&s, "GET", "/v1/articles", (const char *[]){auth_w, NULL}, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = get(&s, "/v1/articles");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    ck_assert_int_eq(server_stop(&s), 0);
    remove_dir(dir);
}
END_TEST

START_TEST(reads_can_require_a_key)
{
    const char *env[] = {"ARTICLED_KEYS", keys_path, "ARTICLED_REQUIRE_KEY_FOR_READS", "1", NULL};
    char *dir = make_dir();
    struct server s;
    struct resp r;

    copy_fixture(dir, "seed/paris-attacks.txt", "paris-attacks.txt");
    server_start(&s, dir, env);
    r = get(&s, "/v1/articles");
    assert_problem(&r, 401);
    resp_free(&r);
    r = request(&s, "GET", "/v1/articles", (const char *[]){auth_r, NULL}, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    /* Probes and the preflight stay open. */
    ck_assert_int_eq(probe(&s, "/readyz"), 200);
    r = request(&s, "OPTIONS", "/v1/articles", NULL, NULL, 0);
    ck_assert_int_eq(r.status, 204);
    resp_free(&r);
    ck_assert_int_eq(server_stop(&s), 0);
    remove_dir(dir);
}
END_TEST

/* ---- durability ---- */

/* A writer process PUTs versions as fast as it can, recording each acknowledged
 * one; the server is SIGKILLed at a random moment, restarted on the same
 * directory, and every file must be whole and every acknowledged write there. */
START_TEST(sigkill_during_writes_loses_nothing_acknowledged)
{
    const char *env[] = {"ARTICLED_KEYS", keys_path, "ARTICLED_RATE_LIMIT", "0", NULL};
    char *dir = make_dir();
    struct server s;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();

    copy_fixture(dir, "seed/paris-attacks.txt", "paris-attacks.txt");
    for (int round = 0; round < 8; round++) {
        char acked[8][32] = {{0}};
        int n_acked = 0;
        struct timespec t0, now;
        long budget_us = 20000 + (long)(rand_r(&seed) % 180000);

        server_start(&s, dir, env);
        clock_gettime(CLOCK_MONOTONIC, &t0);
        /* Writes to 8 articles in turn, each with a version number in its text. */
        for (int i = 0;; i++) {
            char text[512], id[32], target[64];
            const char *h[] = {auth_w, "Content-Type: application/json", NULL};
            struct resp r;
            long us;

            snprintf(id, sizeof id, "crash-%d", i % 8);
            snprintf(target, sizeof target, "/v1/articles/%s", id);
            snprintf(text, sizeof text,
                     "{\"text\":\"Version r%dv%d\\n\\n\\u201cWe will not back down,\\u201d said "
                     "Mayor Jane Doe in round %d.\\n\",\"meta\":{\"source\":\"r%dv%d\"}}",
                     round, i, round, round, i);
            if (i > 0 && n_acked == 8) {
                clock_gettime(CLOCK_MONOTONIC, &now);
                us = (now.tv_sec - t0.tv_sec) * 1000000L + (now.tv_nsec - t0.tv_nsec) / 1000;
                if (us > budget_us) {
                    kill(s.pid, SIGKILL);
                    waitpid(s.pid, NULL, 0);
                    s.pid = 0;
                    break;
                }
            }
            r = request(&s, "PUT", target, h, text, strlen(text));
            ck_assert_msg(r.status == 200 || r.status == 201, "%ld %s", r.status, r.body);
            snprintf(acked[i % 8], sizeof acked[0], "r%dv%d", round, i);
            if (n_acked < 8)
                n_acked++;
            resp_free(&r);
        }
        /* Restart: everything acknowledged is served, text and sidecar agreeing. */
        server_start(&s, dir, env);
        for (int k = 0; k < 8; k++) {
            char target[64], want[64];
            struct resp r;
            json_t *v;
            const char *title, *source;

            snprintf(target, sizeof target, "/v1/articles/crash-%d?fields=title,source", k);
            r = get(&s, target);
            ck_assert_msg(r.status == 200, "round %d: crash-%d lost (%ld)", round, k, r.status);
            v = json_of(&r);
            title = json_string_value(json_object_get(v, "title"));
            source = json_string_value(json_object_get(v, "source"));
            snprintf(want, sizeof want, "Version %s", acked[k]);
            /* The acknowledged version, or one write later (sent, not yet acknowledged). */
            ck_assert_ptr_nonnull(title);
            ck_assert_ptr_nonnull(source);
            ck_assert_str_eq(title + 8, source);
            if (strcmp(title, want)) {
                int r1, v1, r2, v2;

                ck_assert_int_eq(sscanf(title, "Version r%dv%d", &r1, &v1), 2);
                ck_assert_int_eq(sscanf(acked[k], "r%dv%d", &r2, &v2), 2);
                ck_assert_msg(r1 == r2 && v1 == v2 + 8, "round %d: crash-%d is %s, acked %s",
                              round, k, title, acked[k]);
            }
            json_decref(v);
            resp_free(&r);
        }
        ck_assert_int_eq(server_stop(&s), 0);
    }
    remove_dir(dir);
}
END_TEST

/* A write interrupted after its journal was made is finished at start; a torn journal
 * (never acknowledged) is dropped and the old version stays. */
START_TEST(interrupted_write_is_finished_at_start)
{
    const char *env[] = {"ARTICLED_KEYS", keys_path, NULL};
    const char text[] = "New title\n\n\xE2\x80\x9C" "Finished,\xE2\x80\x9D said Ann Lee.\n";
    const char meta[] = "{\"source\":\"Journal\"}";
    char *dir = make_dir(), journal[512], path[400];
    struct server s;
    struct resp r;
    struct stat st;

    put_str(dir, "rec.txt", "Old title\n\nOld body.\n");
    put_str(dir, "torn.txt", "Torn old\n\nStill here.\n");
    snprintf(journal, sizeof journal, "articled-pending %zu %zu\n%s%s", strlen(text), strlen(meta),
             text, meta);
    put_str(dir, ".rec.pending", journal);
    put_str(dir, ".torn.pending", "articled-pending 500 -1\nTorn new\n");
    server_start(&s, dir, env);
    r = get(&s, "/v1/articles/rec?fields=title,source");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "New title"));
    ck_assert_ptr_nonnull(strstr(r.body, "Journal"));
    resp_free(&r);
    r = get(&s, "/v1/articles/torn?fields=title");
    ck_assert_ptr_nonnull(strstr(r.body, "Torn old"));
    resp_free(&r);
    snprintf(path, sizeof path, "%s/.rec.pending", dir);
    ck_assert_int_ne(stat(path, &st), 0);
    snprintf(path, sizeof path, "%s/.torn.pending", dir);
    ck_assert_int_ne(stat(path, &st), 0);
    ck_assert_int_eq(server_stop(&s), 0);
    remove_dir(dir);
}
END_TEST

static Suite *write_suite(void)
{
    Suite *s = suite_create("write");
    TCase *refuse = tcase_create("refusals");
    TCase *ok = tcase_create("writes");
    TCase *proc = tcase_create("process");

    tcase_add_unchecked_fixture(refuse, start_writes, stop_writes);
    tcase_add_unchecked_fixture(ok, start_writes, stop_writes);
    tcase_add_unchecked_fixture(proc, start_writes, stop_writes);
    tcase_set_timeout(refuse, 60);
    tcase_set_timeout(ok, 60);
    tcase_set_timeout(proc, 180);
    tcase_add_test(refuse, writes_need_a_write_key);
    tcase_add_test(refuse, bad_bodies_store_nothing);
    tcase_add_test(ok, create_replace_patch_delete);
    tcase_add_test(ok, keys_file_changes_are_picked_up);
    tcase_add_test(ok, outside_changes_are_watched);
    tcase_add_test(proc, rate_limit_per_key);
    tcase_add_test(proc, reads_can_require_a_key);
    tcase_add_test(proc, sigkill_during_writes_loses_nothing_acknowledged);
    tcase_add_test(proc, interrupted_write_is_finished_at_start);
    suite_add_tcase(s, refuse);
    suite_add_tcase(s, ok);
    suite_add_tcase(s, proc);
    return s;
}

CHECK_MAIN(write_suite)
