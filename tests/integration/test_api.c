/* test_api.c - the HTTP API end to end: a real articled process, real requests. */
#include "harness.h"

#include <pthread.h>

#include "check_main.h"

static struct server srv;

static void start_default(void)
{
    char *dir;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    dir = make_dir();
    copy_fixture(dir, "seed/paris-attacks.txt", "paris-attacks.txt");
    put_str(dir, "paris-attacks.meta.json",
             "{\"source\":\"CNN\",\"sections\":{\"so-how-will-france-react\":{\"aliases\":[\"response\"]}}}");
    copy_fixture(dir, "dev/07-north-korea-quasi-war.txt", "07-north-korea-quasi-war.txt");
    copy_fixture(dir, "dev/09-nasa-dart-dimorphos-reshaped.txt", "09-nasa-dart-dimorphos-reshaped.txt");
    /* Files that must be skipped without stopping the others. */
    put_str(dir, "bad-utf8.txt", "Title\n\nBody \xff\xfe here.\n");
    put_str(dir, "empty.txt", "");
    put_str(dir, "Bad_Name.txt", "Title\n\nBody.\n");
    server_start(&srv, dir, NULL);
}

static void stop_default(void)
{
    server_stop(&srv);
    remove_dir(srv.dir);
    curl_global_cleanup();
}

/* ---- errors first ---- */

START_TEST(unknown_article_is_404_problem)
{
    struct resp r = get(&srv, "/v1/articles/nope");
    json_t *v;

    assert_problem(&r, 404);
    v = json_of(&r);
    ck_assert_str_eq(json_string_value(json_object_get(v, "instance")), "/v1/articles/nope");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(v, "detail")), "nope"));
    ck_assert_str_eq(json_string_value(json_object_get(v, "request_id")), header(&r, "x-request-id"));
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(unknown_section_quote_speaker_are_404)
{
    const char *paths[] = {"/v1/articles/paris-attacks/sections/nope", "/v1/articles/paris-attacks/sections/99",
                           "/v1/articles/paris-attacks/quotes/q999", "/v1/articles/paris-attacks/speakers/nobody",
                           "/v1/articles/paris-attacks/unknown", "/nope", "/v1/articles/nope/sections"};

    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct resp r = get(&srv, paths[i]);

        assert_problem(&r, 404);
        resp_free(&r);
    }
}
END_TEST

START_TEST(hostile_paths_never_leak_files)
{
    const char *paths[] = {"/v1/articles/../../etc/passwd", "/v1/articles/%2e%2e%2fetc%2fpasswd",
                           "/v1/articles/paris-attacks%00.txt", "/v1/articles/%ff%fe", "/v1/articles/%zz",
                           "/v1/articles/%4"};

    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct resp r = get(&srv, paths[i]);

        ck_assert_msg(r.status == 400 || r.status == 404, "%s gave %ld", paths[i], r.status);
        assert_problem(&r, r.status);
        ck_assert_ptr_null(strstr(r.body, "root:"));
        resp_free(&r);
    }
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
    struct resp r = request(&srv, "DELETE", "/v1/articles", NULL, NULL, 0);

    assert_problem(&r, 405);
    ck_assert_str_eq(header(&r, "allow"), "GET, HEAD, OPTIONS");
    resp_free(&r);
    r = request(&srv, "POST", "/v1/articles/paris-attacks", NULL, "x", 1);
    assert_problem(&r, 405);
    resp_free(&r);
    r = get(&srv, "/v1/annotate");
    assert_problem(&r, 405);
    ck_assert_str_eq(header(&r, "allow"), "POST, OPTIONS");
    resp_free(&r);
}
END_TEST

START_TEST(bad_query_values_are_400_naming_the_parameter)
{
    const char *cases[][2] = {
        {"/v1/articles?limit=0", "limit"},     {"/v1/articles?limit=101", "limit"},
        {"/v1/articles?limit=-1", "limit"},    {"/v1/articles?limit=abc", "limit"},
        {"/v1/articles?offset=-5", "offset"},  {"/v1/articles/paris-attacks/quotes?kind=bogus", "kind"},
        {"/v1/articles/paris-attacks?fields=id,nope", "fields"}, {"/v1/quotes?limit=1e3", "limit"},
        {"/v1/articles?pretty=maybe", "pretty"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct resp r = get(&srv, cases[i][0]);
        json_t *v;

        assert_problem(&r, 400);
        v = json_of(&r);
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(v, "invalid_params"), 0), "name")),
                         cases[i][1]);
        json_decref(v);
        resp_free(&r);
    }
}
END_TEST

START_TEST(not_acceptable_is_406)
{
    const char *h[] = {"Accept: text/html", NULL};
    struct resp r = request(&srv, "GET", "/v1/articles", h, NULL, 0);

    assert_problem(&r, 406);
    resp_free(&r);
}
END_TEST

START_TEST(annotate_errors)
{
    const char *plain[] = {"Content-Type: text/plain; charset=utf-8", NULL};
    const char *json[] = {"Content-Type: application/json", NULL};
    const char *latin[] = {"Content-Type: text/plain; charset=iso-8859-1", NULL};
    size_t big = 1024 * 1024 + 10;
    char *body = malloc(big);
    struct resp r;

    r = request(&srv, "POST", "/v1/annotate", json, "{}", 2);
    assert_problem(&r, 415);
    resp_free(&r);
    r = request(&srv, "POST", "/v1/annotate", latin, "T\n\nB.", 5);
    assert_problem(&r, 415);
    resp_free(&r);
    r = request(&srv, "POST", "/v1/annotate", plain, "", 0);
    assert_problem(&r, 422);
    resp_free(&r);
    r = request(&srv, "POST", "/v1/annotate", plain, "Title\n\nBad \xc3\x28 bytes.", 21);
    assert_problem(&r, 422);
    resp_free(&r);
    r = request(&srv, "POST", "/v1/annotate", plain, "Only a title\n", 13);
    assert_problem(&r, 422);
    resp_free(&r);
    memset(body, 'a', big);
    r = request(&srv, "POST", "/v1/annotate", plain, body, big);
    assert_problem(&r, 413);
    resp_free(&r);
    free(body);
}
END_TEST

/* Four uploads that never finish hold no annotation slot (one is taken only
 * once a body is whole): annotation still works for everyone else. */
START_TEST(annotate_slow_uploads_hold_no_slot)
{
    const char *plain[] = {"Content-Type: text/plain; charset=utf-8", NULL};
    const char *head = "POST /v1/annotate HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                       "Content-Length: 100\r\n\r\nTitle";
    struct timespec ts = {0, 100 * 1000 * 1000};
    int fds[6];
    struct resp r;

    for (int i = 0; i < 6; i++)
        fds[i] = raw_send(&srv, head);
    /* Let the server read those heads before the real request comes. */
    nanosleep(&ts, NULL);
    for (int i = 0; i < 3; i++) {
        r = request(&srv, "POST", "/v1/annotate", plain, "T\n\nBody.\n", 9);
        ck_assert_int_eq(r.status, 200);
        resp_free(&r);
        r = request(&srv, "POST", "/v1/%61nnotate", plain, "T\n\nBody.\n", 9);
        ck_assert_int_eq(r.status, 200);
        resp_free(&r);
    }
    for (int i = 0; i < 6; i++)
        close(fds[i]);
}
END_TEST

/* ---- resources ---- */

START_TEST(index_links)
{
    struct resp r = get(&srv, "/");
    json_t *v = json_of(&r);

    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(v, "name")), "articled");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(v, "links"), "articles")), "/v1/articles");
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(article_list_skips_bad_files)
{
    struct resp r = get(&srv, "/v1/articles");
    json_t *v = json_of(&r), *items = json_object_get(v, "items");

    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(header(&r, "content-type"), "application/json; charset=utf-8");
    ck_assert_uint_eq(json_array_size(items), 3);
    ck_assert_str_eq(header(&r, "x-total-count"), "3");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 2), "id")), "paris-attacks");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 2), "section_count")), 4);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 2), "source")), "CNN");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(items, 2), "links"), "self")),
                     "/v1/articles/paris-attacks");
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(article_whole)
{
    struct resp r = get(&srv, "/v1/articles/paris-attacks");
    json_t *v = json_of(&r), *secs = json_object_get(v, "sections"), *s0, *s3;

    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(v, "id")), "paris-attacks");
    ck_assert_str_eq(json_string_value(json_object_get(v, "title")), "Paris attacks: Did ISIS strike at the heart of Europe?");
    ck_assert_uint_eq(json_array_size(secs), 4);
    s0 = json_array_get(secs, 0);
    s3 = json_array_get(secs, 3);
    ck_assert_str_eq(json_string_value(json_object_get(s0, "id")), "intro");
    ck_assert(json_is_null(json_object_get(s0, "heading")));
    ck_assert_uint_eq(json_array_size(json_object_get(s0, "paragraphs")), 8);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(s0, "paragraphs"), 7), "index")), 7);
    ck_assert_str_eq(json_string_value(json_object_get(s3, "heading")), "So how will France react?");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(s3, "aliases"), 0)), "response");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "dropped_boilerplate"), 0)), "Exit mobile version");
    ck_assert(json_is_array(json_object_get(v, "quotes")));
    ck_assert(json_is_array(json_object_get(v, "speakers")));
    ck_assert(json_is_array(json_object_get(v, "attributions")));
    ck_assert_ptr_null(strstr(r.body, "Exit mobile version\"}"));
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(sections_by_slug_alias_index)
{
    const char *keys[] = {"so-how-will-france-react", "response", "3"};
    char *first = NULL;

    for (size_t i = 0; i < 3; i++) {
        char path[128];
        struct resp r;
        json_t *v;

        snprintf(path, sizeof path, "/v1/articles/paris-attacks/sections/%s", keys[i]);
        r = get(&srv, path);
        ck_assert_int_eq(r.status, 200);
        v = json_of(&r);
        ck_assert_str_eq(json_string_value(json_object_get(v, "id")), "so-how-will-france-react");
        ck_assert_int_eq(json_integer_value(json_object_get(v, "index")), 3);
        if (first)
            ck_assert_str_eq(first, r.body);
        else
            first = strdup(r.body);
        json_decref(v);
        resp_free(&r);
    }
    free(first);
    struct resp r = get(&srv, "/v1/articles/paris-attacks/sections/sleepers");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = get(&srv, "/v1/articles/paris-attacks/sections/intro");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = get(&srv, "/v1/articles/paris-attacks/sections");
    json_t *v = json_of(&r);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 4);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(v, "items"), 1), "id")), "sleepers");
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(quotes_and_filters)
{
    struct resp r = get(&srv, "/v1/articles/paris-attacks/quotes");
    json_t *v = json_of(&r), *items = json_object_get(v, "items"), *q;
    size_t total = (size_t)json_integer_value(json_object_get(v, "total"));
    char path[256];
    const char *speaker, *qid;

    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_ge(total, 1);
    ck_assert_str_eq(header(&r, "x-total-count"), "13");
    q = json_array_get(items, 0);
    speaker = json_string_value(json_object_get(q, "speaker"));
    qid = json_string_value(json_object_get(q, "id"));
    ck_assert_ptr_nonnull(speaker);
    /* One quote by id. */
    snprintf(path, sizeof path, "/v1/articles/paris-attacks/quotes/%s", qid);
    struct resp one = get(&srv, path);
    ck_assert_int_eq(one.status, 200);
    resp_free(&one);
    /* Filter by speaker: every item has that speaker. */
    snprintf(path, sizeof path, "/v1/articles/paris-attacks/quotes?speaker=%s", speaker);
    struct resp fs = get(&srv, path);
    json_t *vs = json_of(&fs);
    size_t i;
    json_t *it;
    ck_assert_uint_ge(json_array_size(json_object_get(vs, "items")), 1);
    json_array_foreach(json_object_get(vs, "items"), i, it)
        ck_assert_str_eq(json_string_value(json_object_get(it, "speaker")), speaker);
    json_decref(vs);
    resp_free(&fs);
    /* Kind and section filters; an unknown speaker gives an empty list. */
    struct resp fk = get(&srv, "/v1/articles/paris-attacks/quotes?kind=partial&section=response");
    json_t *vk = json_of(&fk);
    json_array_foreach(json_object_get(vk, "items"), i, it) {
        ck_assert_str_eq(json_string_value(json_object_get(it, "kind")), "partial");
        ck_assert_str_eq(json_string_value(json_object_get(it, "section")), "so-how-will-france-react");
    }
    json_decref(vk);
    resp_free(&fk);
    struct resp fu = get(&srv, "/v1/articles/paris-attacks/quotes?speaker=nobody-at-all");
    json_t *vu = json_of(&fu);
    ck_assert_int_eq(fu.status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(vu, "items")), 0);
    json_decref(vu);
    resp_free(&fu);
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(pagination_links)
{
    struct resp r = get(&srv, "/v1/articles/paris-attacks/quotes?limit=5&offset=5");
    json_t *v = json_of(&r), *links = json_object_get(v, "links");
    const char *link = header(&r, "link");

    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "limit")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "offset")), 5);
    ck_assert_str_eq(json_string_value(json_object_get(links, "next")), "/v1/articles/paris-attacks/quotes?limit=5&offset=10");
    ck_assert_str_eq(json_string_value(json_object_get(links, "prev")), "/v1/articles/paris-attacks/quotes?limit=5&offset=0");
    ck_assert_ptr_nonnull(link);
    ck_assert_ptr_nonnull(strstr(link, "rel=\"next\""));
    ck_assert_ptr_nonnull(strstr(link, "rel=\"prev\""));
    json_decref(v);
    resp_free(&r);
    r = get(&srv, "/v1/articles?limit=1&offset=2");
    v = json_of(&r);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 1);
    ck_assert(json_is_null(json_object_get(json_object_get(v, "links"), "next")));
    json_decref(v);
    resp_free(&r);
    r = get(&srv, "/v1/articles?offset=50");
    v = json_of(&r);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 0);
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(speakers_and_detail)
{
    struct resp r = get(&srv, "/v1/articles/paris-attacks/speakers");
    json_t *v = json_of(&r), *s;
    char path[256];

    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_ge(json_array_size(json_object_get(v, "items")), 1);
    s = json_array_get(json_object_get(v, "items"), 0);
    snprintf(path, sizeof path, "/v1/articles/paris-attacks/speakers/%s", json_string_value(json_object_get(s, "id")));
    struct resp d = get(&srv, path);
    json_t *dv = json_of(&d);
    ck_assert_int_eq(d.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(dv, "name")), json_string_value(json_object_get(s, "name")));
    ck_assert_uint_eq(json_array_size(json_object_get(dv, "quotes")), (size_t)json_integer_value(json_object_get(s, "quote_count")));
    ck_assert(json_is_array(json_object_get(dv, "attributions")));
    json_decref(dv);
    resp_free(&d);
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(search_across_articles)
{
    struct resp r = get(&srv, "/v1/quotes?q=FRENCH%20monitor");
    json_t *v = json_of(&r), *it;
    size_t i;

    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_ge(json_array_size(json_object_get(v, "items")), 1);
    json_array_foreach(json_object_get(v, "items"), i, it) {
        ck_assert_str_eq(json_string_value(json_object_get(it, "article")), "paris-attacks");
        ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(it, "text")), "French"));
    }
    json_decref(v);
    resp_free(&r);
    r = get(&srv, "/v1/quotes?q=zzzqqq");
    v = json_of(&r);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 0);
    json_decref(v);
    resp_free(&r);
    r = get(&srv, "/v1/quotes");
    v = json_of(&r);
    ck_assert_int_ge(json_integer_value(json_object_get(v, "total")), 13);
    json_decref(v);
    resp_free(&r);
}
END_TEST

START_TEST(annotate_adhoc)
{
    const char *plain[] = {"Content-Type: text/plain; charset=utf-8", NULL};
    const char *text = "A title\n\n\xe2\x80\x9cWe will win,\xe2\x80\x9d said Jane Doe, a spokeswoman for Acme.\n";
    struct resp r = request(&srv, "POST", "/v1/annotate?pretty=1", plain, text, strlen(text));
    json_t *v = json_of(&r);

    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(v, "id")), "adhoc");
    ck_assert_str_eq(json_string_value(json_object_get(v, "title")), "A title");
    ck_assert_ptr_null(json_object_get(v, "links"));
    ck_assert_ptr_nonnull(strchr(r.body, '\n'));
    json_decref(v);
    resp_free(&r);
    /* Nothing was stored. */
    r = get(&srv, "/v1/articles/adhoc");
    assert_problem(&r, 404);
    resp_free(&r);
}
END_TEST

/* ---- HTTP conventions ---- */

START_TEST(etag_and_304)
{
    struct resp r = get(&srv, "/v1/articles/paris-attacks"), r2;
    char inm[128], etag[64];
    const char *h[] = {inm, NULL};

    ck_assert_ptr_nonnull(header(&r, "etag"));
    snprintf(etag, sizeof etag, "%s", header(&r, "etag"));
    ck_assert_int_eq(etag[0], '"');
    ck_assert_str_eq(header(&r, "cache-control"), "public, max-age=60");
    ck_assert_str_eq(header(&r, "vary"), "Accept-Encoding");
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    r2 = request(&srv, "GET", "/v1/articles/paris-attacks", h, NULL, 0);
    ck_assert_int_eq(r2.status, 304);
    ck_assert_uint_eq(r2.len, 0);
    resp_free(&r2);
    snprintf(inm, sizeof inm, "If-None-Match: \"0000000000000000\"");
    r2 = request(&srv, "GET", "/v1/articles/paris-attacks", h, NULL, 0);
    ck_assert_int_eq(r2.status, 200);
    resp_free(&r2);
    resp_free(&r);
}
END_TEST

START_TEST(gzip_negotiated)
{
    const char *gz[] = {"Accept-Encoding: gzip", NULL};
    struct resp plain = get(&srv, "/v1/articles/paris-attacks");
    struct resp z = request(&srv, "GET", "/v1/articles/paris-attacks", gz, NULL, 0);

    ck_assert_ptr_null(header(&plain, "content-encoding"));
    ck_assert_str_eq(header(&z, "content-encoding"), "gzip");
    ck_assert_uint_lt(z.len, plain.len);
    ck_assert_int_eq((unsigned char)z.body[0], 0x1f);
    ck_assert_int_eq((unsigned char)z.body[1], 0x8b);
    resp_free(&plain);
    resp_free(&z);
}
END_TEST

/* Gzip variants are made on first use: concurrent first requests and a later one all
 * get the same bytes and ETag, the identity one with "-gz". */
struct gz_get {
    struct resp *r;
};

static void *gz_getter(void *arg)
{
    const char *gz[] = {"Accept-Encoding: gzip", NULL};
    struct gz_get *g = arg;

    *g->r = request(&srv, "GET", "/v1/articles/paris-attacks/sections/0", gz, NULL, 0);
    return NULL;
}

START_TEST(gzip_first_use_identical)
{
    const char *gz[] = {"Accept-Encoding: gzip", NULL};
    struct resp *r = calloc(9, sizeof *r);
    struct resp plain;
    struct gz_get g[8];
    pthread_t th[8];
    char want[64];
    const char *etag;

    ck_assert_ptr_nonnull(r);
    for (int i = 0; i < 8; i++) {
        g[i].r = &r[i];
        ck_assert_int_eq(pthread_create(&th[i], NULL, gz_getter, &g[i]), 0);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(th[i], NULL);
    r[8] = request(&srv, "GET", "/v1/articles/paris-attacks/sections/0", gz, NULL, 0);
    plain = get(&srv, "/v1/articles/paris-attacks/sections/0");
    ck_assert_int_eq(plain.status, 200);
    etag = header(&plain, "etag");
    ck_assert_ptr_nonnull(etag);
    snprintf(want, sizeof want, "%.*s-gz\"", (int)strlen(etag) - 1, etag);
    for (int i = 0; i < 9; i++) {
        ck_assert_int_eq(r[i].status, 200);
        ck_assert_str_eq(header(&r[i], "content-encoding"), "gzip");
        ck_assert_str_eq(header(&r[i], "etag"), want);
        ck_assert_uint_eq(r[i].len, r[0].len);
        ck_assert_mem_eq(r[i].body, r[0].body, r[0].len);
    }
    ck_assert_uint_lt(r[0].len, plain.len);
    for (int i = 0; i < 9; i++)
        resp_free(&r[i]);
    free(r);
    resp_free(&plain);
}
END_TEST

START_TEST(head_has_headers_no_body)
{
    struct resp g = get(&srv, "/v1/articles/paris-attacks/sections");
    struct resp h = request(&srv, "HEAD", "/v1/articles/paris-attacks/sections", NULL, NULL, 0);
    char len[32];

    ck_assert_int_eq(h.status, 200);
    ck_assert_uint_eq(h.len, 0);
    snprintf(len, sizeof len, "%zu", g.len);
    ck_assert_str_eq(header(&h, "content-length"), len);
    ck_assert_str_eq(header(&h, "etag"), header(&g, "etag") ? header(&g, "etag") : "");
    resp_free(&g);
    resp_free(&h);
}
END_TEST

START_TEST(options_and_cors)
{
    struct resp r = request(&srv, "OPTIONS", "/v1/articles/paris-attacks", NULL, NULL, 0);

    ck_assert_int_eq(r.status, 204);
    ck_assert_str_eq(header(&r, "allow"), "GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
    ck_assert_ptr_nonnull(strstr(header(&r, "access-control-allow-headers"), "Authorization"));
    ck_assert_ptr_nonnull(strstr(header(&r, "access-control-allow-headers"), "If-Match"));
    ck_assert_str_eq(header(&r, "access-control-allow-origin"), "*");
    ck_assert_ptr_nonnull(header(&r, "access-control-allow-methods"));
    ck_assert_ptr_nonnull(strstr(header(&r, "access-control-expose-headers"), "X-Total-Count"));
    resp_free(&r);
    r = get(&srv, "/v1/articles");
    ck_assert_str_eq(header(&r, "access-control-allow-origin"), "*");
    resp_free(&r);
}
END_TEST

START_TEST(request_id_echoed_or_made)
{
    const char *h[] = {"X-Request-Id: trace-123.abc", NULL};
    const char *bad[] = {"X-Request-Id: <script>alert(1)</script>", NULL};
    struct resp r = request(&srv, "GET", "/healthz", h, NULL, 0);

    ck_assert_str_eq(header(&r, "x-request-id"), "trace-123.abc");
    resp_free(&r);
    r = request(&srv, "GET", "/healthz", bad, NULL, 0);
    ck_assert_ptr_nonnull(header(&r, "x-request-id"));
    ck_assert_ptr_null(strchr(header(&r, "x-request-id"), '<'));
    resp_free(&r);
}
END_TEST

START_TEST(pretty_and_fields)
{
    struct resp r = get(&srv, "/v1/articles/paris-attacks?fields=title,sections&pretty=1");
    json_t *v = json_of(&r);

    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(json_object_size(v), 3);
    ck_assert_ptr_nonnull(json_object_get(v, "id"));
    ck_assert_ptr_nonnull(json_object_get(v, "title"));
    ck_assert_ptr_nonnull(json_object_get(v, "sections"));
    ck_assert_ptr_nonnull(strstr(r.body, "\n  \"title\": "));
    json_decref(v);
    resp_free(&r);
    r = get(&srv, "/v1/articles?unknown=1&pretty=0");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(strchr(r.body, '\n'));
    resp_free(&r);
}
END_TEST

START_TEST(health_ready_metrics_spec)
{
    struct resp r = get(&srv, "/healthz");
    json_t *v = json_of(&r);

    ck_assert_str_eq(json_string_value(json_object_get(v, "status")), "ok");
    ck_assert_int_eq(json_integer_value(json_object_get(v, "articles")), 3);
    ck_assert_str_eq(header(&r, "cache-control"), "no-store");
    json_decref(v);
    resp_free(&r);
    r = get(&srv, "/livez");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = get(&srv, "/readyz");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = get(&srv, "/metrics");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(header(&r, "content-type"), "text/plain; version=0.0.4; charset=utf-8");
    ck_assert_ptr_nonnull(strstr(r.body, "articled_requests_total{route=\"/v1/articles/{id}\""));
    ck_assert_ptr_nonnull(strstr(r.body, "articled_articles_loaded 3"));
    ck_assert_ptr_nonnull(strstr(r.body, "articled_request_duration_seconds_bucket"));
    ck_assert_ptr_null(strstr(r.body, "route=\"/v1/articles/nope\""));
    resp_free(&r);
    r = get(&srv, "/openapi.yaml");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(header(&r, "content-type"), "application/yaml; charset=utf-8");
    ck_assert_ptr_nonnull(strstr(r.body, "openapi: 3.1"));
    resp_free(&r);
    r = get(&srv, "/openapi.json");
    v = json_of(&r);
    ck_assert_str_eq(json_string_value(json_object_get(v, "openapi")), "3.1.0");
    json_decref(v);
    resp_free(&r);
}
END_TEST

/* ---- process behaviour: own servers ---- */

START_TEST(cli_annotate_matches_api)
{
    char cmd[1024], path[512];
    FILE *p;
    json_error_t e;
    json_t *cli, *api;
    struct resp r;

    snprintf(path, sizeof path, "%s/paris-attacks.txt", srv.dir);
    snprintf(cmd, sizeof cmd, "%s annotate %s", env_or("ARTICLED_BIN", "build/release/articled"), path);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    cli = json_loadf(p, 0, &e);
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_ptr_nonnull(cli);
    r = get(&srv, "/v1/articles/paris-attacks");
    api = json_of(&r);
    ck_assert(json_equal(cli, api));
    json_decref(cli);
    json_decref(api);
    resp_free(&r);
}
END_TEST

static int run_cmd(const char *args)
{
    char cmd[1024];
    int st;

    snprintf(cmd, sizeof cmd, "%s %s >/dev/null 2>&1", env_or("ARTICLED_BIN", "build/release/articled"), args);
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(cli_flags)
{
    ck_assert_int_eq(run_cmd("--help"), 0);
    ck_assert_int_eq(run_cmd("--version"), 0);
    ck_assert_int_eq(run_cmd("serve --bogus"), 2);
    ck_assert_int_eq(run_cmd("serve --port 0"), 2);
    ck_assert_int_eq(run_cmd("serve --port abc"), 2);
    ck_assert_int_eq(run_cmd("frobnicate"), 2);
    ck_assert_int_eq(run_cmd("annotate"), 2);
    ck_assert_int_eq(run_cmd("annotate /nonexistent/file.txt"), 1);
    ck_assert_int_eq(run_cmd("healthcheck http://127.0.0.1:1/readyz"), 1);
}
END_TEST

START_TEST(malformed_sidecar_stops_startup)
{
    char *dir = make_dir(), cmd[1024], log[300];
    char *out;
    int st;

    put_str(dir, "a.txt", "Title\n\nBody.\n");
    put_str(dir, "a.meta.json", "{\"sections\": 3}");
    snprintf(log, sizeof log, "%s.log", dir);
    snprintf(cmd, sizeof cmd, "%s serve --port %u --dir %s 2>%s", env_or("ARTICLED_BIN", "build/release/articled"),
             free_port(), dir, log);
    st = system(cmd);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
    out = slurp(log, NULL);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(strstr(out, "a.meta.json"));
    ck_assert_ptr_nonnull(strstr(out, "sections"));
    free(out);
    remove_dir(dir);
}
END_TEST

START_TEST(reload_on_sighup_and_clean_exit)
{
    char *dir = make_dir();
    struct server s;
    struct resp r;
    json_t *v;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    put_str(dir, "one.txt", "One\n\nFirst body.\n");
    server_start(&s, dir, NULL);
    r = get(&s, "/v1/articles");
    v = json_of(&r);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "total")), 1);
    json_decref(v);
    resp_free(&r);
    put_str(dir, "two.txt", "Two\n\nSecond body.\n");
    kill(s.pid, SIGHUP);
    for (int i = 0; i < 100; i++) {
        struct timespec ts = {0, 20 * 1000 * 1000};

        r = get(&s, "/v1/articles/two");
        if (r.status == 200)
            break;
        resp_free(&r);
        nanosleep(&ts, NULL);
    }
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    ck_assert_int_eq(server_stop(&s), 0);
    remove_dir(dir);
    curl_global_cleanup();
}
END_TEST

/* Articles load after the server listens: a FIFO holds the load open, so the
 * not-ready state can be observed without racing. */
START_TEST(not_ready_while_loading)
{
    char *dir = make_dir(), path[300];
    struct server s;
    struct resp r;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    /* Large articles take a while to load: long enough to ask /readyz meanwhile. */
    for (int f = 0; f < 4; f++) {
        FILE *w;

        snprintf(path, sizeof path, "%s/big-%d.txt", dir, f);
        w = fopen(path, "w");
        ck_assert_ptr_nonnull(w);
        fputs("Big\n\n", w);
        for (int i = 0; i < 55000; i++)
            fprintf(w, "Paragraph %d says the council met on Tuesday and voted.\n\n", i);
        fclose(w);
    }
    /* A FIFO is not a regular file: skipped, instead of blocking the load forever. */
    snprintf(path, sizeof path, "%s/slow.txt", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    setenv("HARNESS_NO_WAIT", "1", 1);
    server_start(&s, dir, NULL);
    unsetenv("HARNESS_NO_WAIT");
    wait_for(&s, "/livez", 200);
    r = get(&s, "/readyz");
    assert_problem(&r, 503);
    ck_assert_ptr_nonnull(header(&r, "retry-after"));
    resp_free(&r);
    r = get(&s, "/v1/articles");
    assert_problem(&r, 503);
    resp_free(&r);
    for (int i = 0; i < 600 && probe(&s, "/readyz") != 200; i++) {
        struct timespec ts = {0, 100 * 1000 * 1000};

        nanosleep(&ts, NULL);
    }
    r = get(&s, "/v1/articles/big-3");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = get(&s, "/v1/articles/slow");
    assert_problem(&r, 404);
    resp_free(&r);
    ck_assert_int_eq(server_stop(&s), 0);
    remove_dir(dir);
    curl_global_cleanup();
}
END_TEST

/* With no --dir and no ./articles, the article built into the binary is served;
 * a --dir that does not exist is an error instead. */
START_TEST(builtin_article_without_directory)
{
    char *dir = make_dir(), missing[300];
    struct server s;
    struct resp r;
    json_t *v;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    setenv("HARNESS_NO_DIR", "1", 1);
    server_start(&s, dir, NULL);
    unsetenv("HARNESS_NO_DIR");
    r = get(&s, "/v1/articles/paris-attacks/sections/response");
    ck_assert_int_eq(r.status, 200);
    v = json_of(&r);
    ck_assert_str_eq(json_string_value(json_object_get(v, "heading")), "So how will France react?");
    json_decref(v);
    resp_free(&r);
    ck_assert_int_eq(server_stop(&s), 0);
    snprintf(missing, sizeof missing, "serve --port %u --dir %s/missing", free_port(), dir);
    ck_assert_int_eq(run_cmd(missing), 1);
    remove_dir(dir);
    curl_global_cleanup();
}
END_TEST

/* Regressions from review: each once answered wrongly or not at all. */
START_TEST(review_regressions)
{
    const char *plain[] = {"Content-Type: text/plain; charset=utf-8", "If-None-Match: *", NULL};
    char path[256], *q;
    struct resp r, r2;

    /* A client key cut mid-character in the message: still a problem document. */
    snprintf(path, sizeof path, "/v1/articles/%.63s%%C3%%A9",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    r = get(&srv, path);
    assert_problem(&r, 404);
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/articles/paris-attacks/quotes/%.63s%%C3%%A9",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    r = get(&srv, path);
    assert_problem(&r, 404);
    resp_free(&r);
    /* A POST is never a 304. */
    r = request(&srv, "POST", "/v1/annotate", plain, "T\n\nBody.\n", 9);
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    /* The YAML spec is not re-indented as JSON. */
    r = get(&srv, "/openapi.yaml");
    r2 = get(&srv, "/openapi.yaml?pretty=1");
    ck_assert_uint_eq(r.len, r2.len);
    ck_assert_int_eq(memcmp(r.body, r2.body, r.len), 0);
    resp_free(&r);
    resp_free(&r2);
    /* Long but valid filters are answered, not reported as out of memory. */
    q = malloc(8000);
    strcpy(q, "/v1/quotes?limit=1&offset=1&q=");
    for (int i = 0; i < 1000; i++)
        strcat(q, "%C3%A9");
    r = get(&srv, q);
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    free(q);
    /* An empty field list is a bad request. */
    r = get(&srv, "/v1/articles/paris-attacks?fields=");
    assert_problem(&r, 400);
    resp_free(&r);
}
END_TEST

/* A client that leaves mid-request is counted as aborted, not as a 500. */
START_TEST(aborted_requests_are_not_server_errors)
{
    const char *partial = "GET /v1/articles HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab";
    struct resp r = {0};
    int found = 0;

    close(raw_send(&srv, partial));
    for (int i = 0; i < 50 && !found; i++) {
        struct timespec ts = {0, 20 * 1000 * 1000};

        r = get(&srv, "/metrics");
        found = strstr(r.body, "status=\"aborted\"") != NULL;
        if (!found)
            nanosleep(&ts, NULL);
        else
            ck_assert_ptr_null(strstr(r.body, "status=\"500\""));
        resp_free(&r);
    }
    ck_assert(found);
}
END_TEST

static Suite *api_suite(void)
{
    Suite *s = suite_create("api");
    TCase *errors = tcase_create("errors"), *res = tcase_create("resources"), *conv = tcase_create("conventions"),
          *proc = tcase_create("process");

    tcase_add_unchecked_fixture(errors, start_default, stop_default);
    tcase_add_unchecked_fixture(res, start_default, stop_default);
    tcase_add_unchecked_fixture(conv, start_default, stop_default);
    tcase_add_unchecked_fixture(proc, start_default, stop_default);
    tcase_set_timeout(errors, 60);
    tcase_set_timeout(res, 60);
    tcase_set_timeout(conv, 60);
    tcase_set_timeout(proc, 60);
    tcase_add_test(errors, unknown_article_is_404_problem);
    tcase_add_test(errors, unknown_section_quote_speaker_are_404);
    tcase_add_test(errors, hostile_paths_never_leak_files);
    tcase_add_test(errors, wrong_method_is_405_with_allow);
    tcase_add_test(errors, bad_query_values_are_400_naming_the_parameter);
    tcase_add_test(errors, not_acceptable_is_406);
    tcase_add_test(errors, annotate_errors);
    tcase_add_test(errors, annotate_slow_uploads_hold_no_slot);
    tcase_add_test(errors, review_regressions);
    tcase_add_test(errors, aborted_requests_are_not_server_errors);
    tcase_add_test(res, index_links);
    tcase_add_test(res, article_list_skips_bad_files);
    tcase_add_test(res, article_whole);
    tcase_add_test(res, sections_by_slug_alias_index);
    tcase_add_test(res, quotes_and_filters);
    tcase_add_test(res, pagination_links);
    tcase_add_test(res, speakers_and_detail);
    tcase_add_test(res, search_across_articles);
    tcase_add_test(res, annotate_adhoc);
    tcase_add_test(conv, etag_and_304);
    tcase_add_test(conv, gzip_negotiated);
    tcase_add_test(conv, gzip_first_use_identical);
    tcase_add_test(conv, head_has_headers_no_body);
    tcase_add_test(conv, options_and_cors);
    tcase_add_test(conv, request_id_echoed_or_made);
    tcase_add_test(conv, pretty_and_fields);
    tcase_add_test(conv, health_ready_metrics_spec);
    tcase_add_test(proc, cli_annotate_matches_api);
    tcase_add_test(proc, cli_flags);
    tcase_add_test(proc, malformed_sidecar_stops_startup);
    tcase_add_test(proc, reload_on_sighup_and_clean_exit);
    tcase_add_test(proc, not_ready_while_loading);
    tcase_add_test(proc, builtin_article_without_directory);
    suite_add_tcase(s, errors);
    suite_add_tcase(s, res);
    suite_add_tcase(s, conv);
    suite_add_tcase(s, proc);
    return s;
}

CHECK_MAIN(api_suite)
