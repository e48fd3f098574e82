/* test_pages.c - the HTML pages over HTTP: errors, headers, negotiation at /, caching, escaping. */
#include "harness.h"

#include "check_main.h"

static struct server srv;

static const char *const browser[] = {
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8", NULL};

static void start_pages(void)
{
    char *dir;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    dir = make_dir();
    copy_fixture(dir, "seed/paris-attacks.txt", "paris-attacks.txt");
    put_str(dir, "paris-attacks.meta.json", "{\"source\":\"CNN\"}");
    copy_fixture(dir, "pages/hostile.txt", "hostile.txt");
    copy_fixture(dir, "pages/hostile.meta.json", "hostile.meta.json");
    server_start(&srv, dir, NULL);
}

static void stop_pages(void)
{
    (void)raw_send; /* the harness's, not needed here */
    server_stop(&srv);
    remove_dir(srv.dir);
    curl_global_cleanup();
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void assert_page_headers(const struct resp *r)
{
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(header(r, "content-type"), "text/html; charset=utf-8");
    ck_assert_ptr_nonnull(header(r, "content-security-policy"));
    ck_assert_str_eq(header(r, "content-security-policy"),
                     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' "
                     "data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                     "frame-ancestors 'none'");
    ck_assert_str_eq(header(r, "x-content-type-options"), "nosniff");
    ck_assert_str_eq(header(r, "referrer-policy"), "no-referrer");
    ck_assert_str_eq(header(r, "cache-control"), "public, max-age=60");
    ck_assert_ptr_nonnull(header(r, "etag"));
}

/* ---- errors first ---- */

START_TEST(page_errors_are_problems)
{
    const char *missing[] = {"/read/nope", "/read/", "/assets/nope.css", "/assets/../openapi.yaml",
                             "/read/paris-attacks/extra"};
    const char *json[] = {"Accept: application/json", NULL};
    struct resp r;

    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        r = get(&srv, missing[i]);
        assert_problem(&r, 404);
        resp_free(&r);
    }
    r = request(&srv, "POST", "/read/paris-attacks", NULL, "x", 1);
    assert_problem(&r, 405);
    ck_assert_str_eq(header(&r, "allow"), "GET, HEAD, OPTIONS");
    resp_free(&r);
    r = request(&srv, "GET", "/read/paris-attacks", json, NULL, 0);
    assert_problem(&r, 406);
    ck_assert_ptr_nonnull(strstr(r.body, "text/html"));
    resp_free(&r);
    r = request(&srv, "GET", "/annotate", json, NULL, 0);
    assert_problem(&r, 406);
    resp_free(&r);
    /* The API stays JSON: a browser's Accept (it has a wildcard) gets JSON, not a page. */
    r = request(&srv, "GET", "/v1/articles", browser, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(header(&r, "content-type"), "application/json; charset=utf-8");
    resp_free(&r);
}
END_TEST

START_TEST(hostile_article_is_escaped)
{
    struct resp r = request(&srv, "GET", "/read/hostile", browser, NULL, 0);

    assert_page_headers(&r);
    ck_assert_uint_eq(count(r.body, "<script"), 1);
    ck_assert_ptr_nonnull(strstr(r.body, "<script src=\"/assets/reader.js\" defer></script>"));
    ck_assert_ptr_null(strstr(r.body, "<img"));
    ck_assert_ptr_null(strstr(r.body, "<i "));
    ck_assert_ptr_null(strstr(r.body, "href=\"javascript"));
    ck_assert_ptr_nonnull(strstr(r.body, "&lt;script&gt;window.pwned = &quot;title&quot;"));
    ck_assert_ptr_nonnull(strstr(r.body, "&quot;onmouseover=&quot;window.pwned=&#39;attr&#39;"));
    ck_assert_ptr_nonnull(strstr(r.body, "Reaction &lt;/h2&gt;&lt;script&gt;"));
    ck_assert_uint_eq(count(r.body, "<mark class=\"q "), 2);
    resp_free(&r);
}
END_TEST

/* ---- the pages ---- */

START_TEST(reader_page_marks_every_quote)
{
    struct resp q = get(&srv, "/v1/articles/paris-attacks/quotes?limit=100");
    struct resp r = request(&srv, "GET", "/read/paris-attacks", browser, NULL, 0);
    json_t *v = json_of(&q);
    size_t total = (size_t)json_integer_value(json_object_get(v, "total"));

    assert_page_headers(&r);
    ck_assert_uint_eq(total, 13);
    ck_assert_uint_eq(count(r.body, "<mark class=\"q "), total);
    for (size_t i = 0; i < total; i++) {
        json_t *it = json_array_get(json_object_get(v, "items"), i);
        char want[128];

        snprintf(want, sizeof want, "data-quote=\"%s\" data-speaker=\"%s\"",
                 json_string_value(json_object_get(it, "id")),
                 json_is_string(json_object_get(it, "speaker"))
                     ? json_string_value(json_object_get(it, "speaker"))
                     : "");
        ck_assert_msg(strstr(r.body, want) != NULL, "no mark with %s", want);
    }
    ck_assert_uint_eq(count(r.body, "<li class=\"sp"), 4);
    /* ?speaker= is the script's business: the same body. */
    {
        struct resp f = get(&srv, "/read/paris-attacks?speaker=buck-sexton");
        char etag[64];

        /* header() answers in one static buffer: keep a copy. */
        snprintf(etag, sizeof etag, "%s", header(&r, "etag"));
        ck_assert_str_eq(header(&f, "etag"), etag);
        resp_free(&f);
    }
    json_decref(v);
    resp_free(&q);
    resp_free(&r);
}
END_TEST

START_TEST(pages_are_cached_and_gzipped)
{
    const char *gz[] = {"Accept-Encoding: gzip", NULL};
    const char *paths[] = {"/read/paris-attacks", "/annotate", "/assets/reader.css",
                           "/assets/reader.js"};

    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct resp plain = get(&srv, paths[i]);
        struct resp z = request(&srv, "GET", paths[i], gz, NULL, 0);
        char inm[128];
        const char *h[] = {inm, NULL};
        struct resp nm;

        ck_assert_int_eq(plain.status, 200);
        ck_assert_str_eq(header(&z, "content-encoding"), "gzip");
        ck_assert_uint_lt(z.len, plain.len);
        ck_assert_str_eq(header(&z, "x-content-type-options"), "nosniff");
        snprintf(inm, sizeof inm, "If-None-Match: %s", header(&plain, "etag"));
        nm = request(&srv, "GET", paths[i], h, NULL, 0);
        ck_assert_int_eq(nm.status, 304);
        ck_assert_uint_eq(nm.len, 0);
        resp_free(&plain);
        resp_free(&z);
        resp_free(&nm);
    }
}
END_TEST

START_TEST(assets_have_their_types)
{
    struct resp css = get(&srv, "/assets/reader.css");
    struct resp js = get(&srv, "/assets/reader.js");
    struct resp h = request(&srv, "HEAD", "/read/paris-attacks", NULL, NULL, 0);

    ck_assert_str_eq(header(&css, "content-type"), "text/css; charset=utf-8");
    ck_assert_str_eq(header(&js, "content-type"), "text/javascript; charset=utf-8");
    ck_assert_ptr_nonnull(strstr(css.body, "mark.q"));
    ck_assert_ptr_nonnull(strstr(js.body, "'use strict'"));
    ck_assert_int_eq(h.status, 200);
    ck_assert_uint_eq(h.len, 0);
    ck_assert_str_eq(header(&h, "content-type"), "text/html; charset=utf-8");
    resp_free(&css);
    resp_free(&js);
    resp_free(&h);
}
END_TEST

START_TEST(index_is_html_for_browsers_json_for_clients)
{
    const char *html_only[] = {"Accept: text/html", NULL};
    const char *both[] = {"Accept: application/json, text/html", NULL};
    const char *refused[] = {"Accept: text/html;q=0, application/json", NULL};
    struct resp b = request(&srv, "GET", "/", browser, NULL, 0);
    struct resp c = get(&srv, "/");
    struct resp h = request(&srv, "GET", "/", html_only, NULL, 0);
    struct resp j = request(&srv, "GET", "/", both, NULL, 0);
    struct resp q0 = request(&srv, "GET", "/", refused, NULL, 0);
    char etag[64];

    assert_page_headers(&b);
    ck_assert_str_eq(header(&b, "vary"), "Accept, Accept-Encoding");
    ck_assert_ptr_nonnull(strstr(b.body, "<a href=\"/read/paris-attacks\">"));
    ck_assert_ptr_nonnull(strstr(b.body, "<a href=\"/read/hostile\"><bdi>&lt;script&gt;"));
    ck_assert_str_eq(header(&c, "content-type"), "application/json; charset=utf-8");
    ck_assert_str_eq(header(&c, "vary"), "Accept, Accept-Encoding");
    ck_assert_ptr_null(header(&c, "content-security-policy"));
    snprintf(etag, sizeof etag, "%s", header(&b, "etag"));
    ck_assert_str_ne(header(&c, "etag"), etag);
    ck_assert_str_eq(header(&h, "content-type"), "text/html; charset=utf-8");
    ck_assert_str_eq(header(&j, "content-type"), "application/json; charset=utf-8");
    ck_assert_str_eq(header(&q0, "content-type"), "application/json; charset=utf-8");
    resp_free(&b);
    resp_free(&c);
    resp_free(&h);
    resp_free(&j);
    resp_free(&q0);
}
END_TEST

START_TEST(annotate_page_and_metrics_routes)
{
    struct resp a = get(&srv, "/annotate");
    struct resp m;

    assert_page_headers(&a);
    ck_assert_ptr_nonnull(strstr(a.body, "<form id=\"annotate-form\""));
    resp_free(&a);
    m = get(&srv, "/metrics");
    ck_assert_ptr_nonnull(strstr(m.body, "route=\"/read/{id}\""));
    ck_assert_ptr_nonnull(strstr(m.body, "route=\"/annotate\""));
    resp_free(&m);
}
END_TEST

static Suite *pages_suite(void)
{
    Suite *s = suite_create("pages");
    TCase *errors = tcase_create("errors"), *pages = tcase_create("pages");

    tcase_add_unchecked_fixture(errors, start_pages, stop_pages);
    tcase_add_unchecked_fixture(pages, start_pages, stop_pages);
    tcase_set_timeout(errors, 60);
    tcase_set_timeout(pages, 60);
    tcase_add_test(errors, page_errors_are_problems);
    tcase_add_test(errors, hostile_article_is_escaped);
    tcase_add_test(pages, reader_page_marks_every_quote);
    tcase_add_test(pages, pages_are_cached_and_gzipped);
    tcase_add_test(pages, assets_have_their_types);
    tcase_add_test(pages, index_is_html_for_browsers_json_for_clients);
    tcase_add_test(pages, annotate_page_and_metrics_routes);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, pages);
    return s;
}

CHECK_MAIN(pages_suite)
