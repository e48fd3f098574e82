/* test_newsroom.c - what a newsroom asks of the API, end to end: article metadata and
 * Last-Modified, full-text search, speakers across articles. */
#include "harness.h"

#include "check_main.h"

static struct server srv;

static const char cafe[] =
    "Café owners push back on the new curfew\n\n"
    "By Jane Smith and Tom Hartley at City Hall\n\n"
    "Published October 3, 2024 6:45am PDT\n\n"
    "The city council voted on Tuesday to close cafés at ten.\n\n"
    "“They’re closing the CAFÉ district before the music even starts,” said José Núñez, "
    "the owner of Café Lumière.\n\n"
    "Reaction\n\n"
    "“We will not back down,” said Mayor Ana Ruiz.\n";

static const char market[] =
    "Market stalls return to the square\n\n"
    "Stalls came back to the old square on Saturday after a year away.\n\n"
    "“It feels like the town has its heart back,” said trader Jose Nunez, who sells cheese.\n\n"
    "“They're here to stay,” said Mayor Ana Ruiz.\n";

static void start_newsroom(void)
{
    char *dir;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    dir = make_dir();
    put_str(dir, "cafe-curfew.txt", cafe);
    put_str(dir, "cafe-curfew.meta.json",
            "{\"source\":\"Gazette\",\"source_url\":\"https://example.org/cafe\","
            "\"license\":\"CC BY 4.0\",\"credit\":\"Gazette staff, CC BY 4.0\"}");
    put_str(dir, "market-day.txt", market);
    put_str(dir, "market-day.meta.json", "{\"source\":\"Courier\",\"published\":\"2024-09-14\"}");
    copy_fixture(dir, "seed/paris-attacks.txt", "paris-attacks.txt");
    server_start(&srv, dir, NULL);
}

static void stop_newsroom(void)
{
    server_stop(&srv);
    remove_dir(srv.dir);
    curl_global_cleanup();
}

static const char *str_at(json_t *v, const char *key)
{
    return json_string_value(json_object_get(v, key));
}

/* ---- metadata ---- */

START_TEST(bad_sidecar_date_stops_startup)
{
    struct server s2;
    char *dir = make_dir(), bin[4096], cmd[8192];
    int rc;

    put_str(dir, "a.txt", "T\n\nBody.\n");
    put_str(dir, "a.meta.json", "{\"published\":\"March 2024\"}");
    ck_assert_ptr_nonnull(realpath(env_or("ARTICLED_BIN", "build/release/articled"), bin));
    snprintf(cmd, sizeof cmd, "%s serve --host 127.0.0.1 --port %u --dir %s >/dev/null 2>&1", bin,
             free_port(), dir);
    rc = system(cmd);
    ck_assert(WIFEXITED(rc) && WEXITSTATUS(rc) != 0);
    (void)s2;
    remove_dir(dir);
}
END_TEST

START_TEST(article_metadata_served)
{
    struct resp r = get(&srv, "/v1/articles/cafe-curfew");
    json_t *v = json_of(&r), *authors;

    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str_at(v, "dateline"), "Published October 3, 2024 6:45am PDT");
    ck_assert_str_eq(str_at(v, "published"), "2024-10-03T06:45:00-07:00");
    ck_assert_str_eq(str_at(v, "byline"), "By Jane Smith and Tom Hartley at City Hall");
    authors = json_object_get(v, "authors");
    ck_assert_uint_eq(json_array_size(authors), 2);
    ck_assert_str_eq(json_string_value(json_array_get(authors, 0)), "Jane Smith");
    ck_assert_str_eq(json_string_value(json_array_get(authors, 1)), "Tom Hartley");
    ck_assert_str_eq(str_at(v, "url"), "https://example.org/cafe");
    ck_assert_str_eq(str_at(v, "license"), "CC BY 4.0");
    ck_assert_str_eq(str_at(v, "credit"), "Gazette staff, CC BY 4.0");
    ck_assert_ptr_nonnull(strstr(str_at(v, "annotator_version"), "+rules."));
    json_decref(v);
    resp_free(&r);
    /* The sidecar's date, where the text has none; the summary carries it too. */
    r = get(&srv, "/v1/articles?limit=5");
    v = json_of(&r);
    ck_assert_str_eq(str_at(json_array_get(json_object_get(v, "items"), 1), "published"),
                     "2024-09-14");
    ck_assert(json_is_null(json_object_get(json_array_get(json_object_get(v, "items"), 1), "url")));
    json_decref(v);
    resp_free(&r);
    r = get(&srv, "/v1/articles/market-day?fields=published,byline,authors,bogus");
    assert_problem(&r, 400);
    resp_free(&r);
    r = get(&srv, "/v1/articles/market-day?fields=published,byline,authors");
    v = json_of(&r);
    ck_assert_str_eq(str_at(v, "published"), "2024-09-14");
    ck_assert(json_is_null(json_object_get(v, "byline")));
    ck_assert_uint_eq(json_array_size(json_object_get(v, "authors")), 0);
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(last_modified_and_if_modified_since)
{
    struct resp r = get(&srv, "/v1/articles/cafe-curfew");
    char lm[128], h[200];
    const char *hs[2] = {h, NULL};

    ck_assert_ptr_nonnull(header(&r, "last-modified"));
    snprintf(lm, sizeof lm, "%s", header(&r, "last-modified"));
    ck_assert_uint_eq(strlen(lm), 29);
    resp_free(&r);
    r = get(&srv, "/v1/articles/cafe-curfew/quotes/q1");
    ck_assert_str_eq(header(&r, "last-modified"), lm);
    resp_free(&r);
    snprintf(h, sizeof h, "If-Modified-Since: %s", lm);
    r = request(&srv, "GET", "/v1/articles/cafe-curfew", hs, NULL, 0);
    ck_assert_int_eq(r.status, 304);
    ck_assert_uint_eq(r.len, 0);
    ck_assert_str_eq(header(&r, "last-modified"), lm);
    resp_free(&r);
    /* Older than the file: the whole body. */
    snprintf(h, sizeof h, "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT");
    r = request(&srv, "GET", "/v1/articles/cafe-curfew", hs, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    /* The same over a bare HTTP/1.0 connection, as an old cache would send it. */
    {
        char req[300], got[512] = {0};
        int fd;
        ssize_t n;

        snprintf(req, sizeof req,
                 "GET /v1/articles/cafe-curfew/sections HTTP/1.0\r\nIf-Modified-Since: %s\r\n\r\n",
                 lm);
        fd = raw_send(&srv, req);
        n = read(fd, got, sizeof got - 1);
        close(fd);
        ck_assert_int_gt(n, 12);
        ck_assert_ptr_nonnull(strstr(got, " 304 "));
    }
    /* A date that is not an IMF-fixdate is ignored, not an error. */
    snprintf(h, sizeof h, "If-Modified-Since: yesterday");
    r = request(&srv, "GET", "/v1/articles/cafe-curfew", hs, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
}
END_TEST

static Suite *newsroom_suite(void)
{
    Suite *s = suite_create("newsroom");
    TCase *errors = tcase_create("errors"), *meta = tcase_create("metadata");

    tcase_add_unchecked_fixture(meta, start_newsroom, stop_newsroom);
    tcase_set_timeout(errors, 60);
    tcase_set_timeout(meta, 60);
    tcase_add_test(errors, bad_sidecar_date_stops_startup);
    suite_add_tcase(s, errors);
    tcase_add_test(meta, article_metadata_served);
    tcase_add_test(meta, last_modified_and_if_modified_since);
    suite_add_tcase(s, meta);
    return s;
}

CHECK_MAIN(newsroom_suite)
