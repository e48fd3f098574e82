/* test_store.c - snapshots: sidecar errors first, then lookups, ETags, gzip, queries, refcounts. */
#include <check.h>
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "article.h"
#include "buf.h"
#include "check_main.h"
#include "render.h"
#include "store.h"

static const char article_text[] =
    "Acme wins the city contract\n"
    "\n"
    "Monday, March 2, 2020\n"
    "\n"
    "Acme Corporation said on Monday that it had won the contract to rebuild the city's "
    "bridges, beating three rival bids after a long and contested tender process.\n"
    "\n"
    "\xE2\x80\x9CWe will win,\xE2\x80\x9D said Jane Doe, a spokeswoman for Acme.\n"
    "\n"
    "Reaction\n"
    "\n"
    "\xE2\x80\x9CThis is a great day for the city and for everyone who works here,\xE2\x80\x9D "
    "Doe said.\n"
    "\n"
    "Critics were less sure. \xE2\x80\x9CIt is a waste of public money,\xE2\x80\x9D said John "
    "Smith, a city councillor.\n"
    "\n"
    "Advertisement\n";

static const char meta_json[] = "{\"source\":\"Test Wire\",\"sections\":{\"reaction\":"
                                "{\"aliases\":[\"response\"]}}}";

static struct article_meta *meta_ok(const char *json)
{
    struct article_error err;
    struct article_meta *m = article_meta_parse(json, strlen(json), &err);

    ck_assert_msg(m != NULL, "meta %s: %s", json, err.msg);
    return m;
}

static struct article *build(const char *id, const char *text, struct article_meta *meta)
{
    struct article_error err;
    struct article *a = article_build(id, text, strlen(text), meta, &err);

    ck_assert_msg(a != NULL, "article_build(%s): %s", id, err.msg);
    return a;
}

/* A sealed store holding the test article (id "acme", with the alias sidecar). */
static struct store *make_store(void)
{
    struct store *s = store_new();

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(store_add_article(s, build("acme", article_text, meta_ok(meta_json))), 0);
    ck_assert_int_eq(store_add_static(s, "/healthz", "text/plain", "ok\n", 3), 0);
    ck_assert_int_eq(store_seal(s), 0);
    return s;
}

static json_t *body_json(const struct store_body *b)
{
    json_error_t jerr;
    json_t *v;

    ck_assert_ptr_nonnull(b);
    v = json_loadb(b->data, b->len, 0, &jerr);
    ck_assert_msg(v != NULL, "body does not parse: %s", jerr.text);
    return v;
}

/* ---- sidecar errors ---- */

static void meta_bad(const char *json, const char *msg_part)
{
    struct article_error err;

    memset(&err, 0, sizeof err);
    ck_assert_msg(article_meta_parse(json, strlen(json), &err) == NULL, "accepted %s", json);
    ck_assert_int_eq(err.code, ARTICLE_ERR_META);
    ck_assert_msg(strstr(err.msg, msg_part) != NULL, "%s: message \"%s\" lacks \"%s\"", json,
                  err.msg, msg_part);
}

START_TEST(meta_parse_errors)
{
    meta_bad("", "invalid JSON");
    meta_bad("{", "invalid JSON");
    meta_bad("{\"source\":\"a\",}", "invalid JSON");
    meta_bad("{\"source\":\"a\",\"source\":\"b\"}", "invalid JSON");
    meta_bad("[]", "must be a JSON object");
    meta_bad("\"sections\"", "");
    meta_bad("{\"bogus\":1}", "unknown key");
    meta_bad("{\"source\":5}", "\"source\" must be a string");
    meta_bad("{\"credit\":[]}", "must be a string");
    meta_bad("{\"sections\":[]}", "\"sections\" must be an object");
    meta_bad("{\"sections\":{\"x\":[]}}", "aliases");
    meta_bad("{\"sections\":{\"x\":{\"aliases\":\"y\"}}}", "aliases");
    meta_bad("{\"sections\":{\"x\":{\"aliases\":[\"y\"],\"extra\":1}}}", "aliases");
    meta_bad("{\"sections\":{\"x\":{\"aliases\":[1]}}}", "must be a slug");
    meta_bad("{\"sections\":{\"x\":{\"aliases\":[null]}}}", "must be a slug");
    meta_bad("{\"sections\":{\"x\":{\"aliases\":[\"Not A Slug\"]}}}", "must be a slug");
    meta_bad("{\"sections\":{\"x\":{\"aliases\":[\"\"]}}}", "must be a slug");
    meta_bad("{\"sections\":{\"x\":{\"aliases\":[\"123\"]}}}", "number");
}
END_TEST

START_TEST(meta_parse_ok)
{
    struct article_meta *m =
        meta_ok("{\"source\":\"CNN\",\"source_url\":null,\"license\":\"CC BY 4.0\","
                "\"sections\":{\"a\":{\"aliases\":[\"b\",\"c-2\"]},\"d\":{\"aliases\":[]}}}");

    ck_assert_str_eq(m->source, "CNN");
    ck_assert_ptr_null(m->source_url);
    ck_assert_str_eq(m->license, "CC BY 4.0");
    ck_assert_ptr_null(m->credit);
    ck_assert_uint_eq(m->naliases, 2);
    ck_assert_str_eq(m->aliases[1].section, "a");
    ck_assert_str_eq(m->aliases[1].alias, "c-2");
    article_meta_free(m);
    article_meta_free(NULL);
    m = meta_ok("{}");
    ck_assert_uint_eq(m->naliases, 0);
    article_meta_free(m);
}
END_TEST

static void build_bad(const char *meta, enum article_err want, const char *msg_part)
{
    struct article_error err;
    struct article *a =
        article_build("acme", article_text, sizeof article_text - 1, meta_ok(meta), &err);

    ck_assert_msg(a == NULL, "built with sidecar %s", meta);
    ck_assert_int_eq(err.code, want);
    ck_assert_msg(strstr(err.msg, msg_part) != NULL, "message \"%s\" lacks \"%s\"", err.msg,
                  msg_part);
}

START_TEST(meta_alias_conflicts)
{
    /* An alias that is another section's slug. */
    build_bad("{\"sections\":{\"reaction\":{\"aliases\":[\"intro\"]}}}", ARTICLE_ERR_META,
              "already a section slug");
    /* An alias of a section the article does not have. */
    build_bad("{\"sections\":{\"missing\":{\"aliases\":[\"m\"]}}}", ARTICLE_ERR_META,
              "no section");
    /* The same alias twice. */
    build_bad("{\"sections\":{\"intro\":{\"aliases\":[\"dup\"]},\"reaction\":{\"aliases\":"
              "[\"dup\"]}}}",
              ARTICLE_ERR_META, "twice");
}
END_TEST

START_TEST(build_errors)
{
    struct article_error err;

    ck_assert_ptr_null(article_build("Bad Id", article_text, sizeof article_text - 1, NULL, &err));
    ck_assert_int_eq(err.code, ARTICLE_ERR_ID);
    ck_assert_ptr_null(article_build("", article_text, sizeof article_text - 1, NULL, &err));
    ck_assert_int_eq(err.code, ARTICLE_ERR_ID);
    ck_assert_ptr_null(article_build("-x", article_text, sizeof article_text - 1, NULL, &err));
    ck_assert_int_eq(err.code, ARTICLE_ERR_ID);
    /* The sidecar is taken over also on failure (valgrind checks it is freed). */
    ck_assert_ptr_null(article_build("ok", "", 0, meta_ok(meta_json), &err));
    ck_assert_int_eq(err.code, ARTICLE_ERR_PARSE);
    ck_assert_int_eq(err.parse.code, PARSE_ERR_EMPTY);
    ck_assert_ptr_null(article_build("ok", "T\n\nx\xFF", 6, NULL, &err));
    ck_assert_int_eq(err.code, ARTICLE_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(err.msg, "line 3, column 2"));
    ck_assert_ptr_null(article_build("ok", "T\n\nx\xFF", 6, NULL, NULL));
}
END_TEST

/* ---- lookups ---- */

START_TEST(unknown_paths)
{
    struct store *s = make_store();
    static const char *const paths[] = {
        "", "/", "/v1", "/v1/articles/nope", "/v1/articles/acme/",
        "/v1/articles/ACME", "/v1/articles/acme/sections/nope", "/v1/articles/acme/sections/2",
        "/v1/articles/acme/sections/01", "/v1/articles/acme/sections/-1",
        "/v1/articles/acme/quotes/q999", "/v1/articles/acme/quotes/q0",
        "/v1/articles/acme/speakers/nobody", "/v1/articles/acme/unknown", "/healthz/",
    };

    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        ck_assert_msg(store_get(s, paths[i]) == NULL, "\"%s\" found", paths[i]);
    ck_assert(!store_has_article(s, "nope"));
    ck_assert(!store_has_article(s, ""));
    store_release(s);
}
END_TEST

START_TEST(empty_store)
{
    struct store *s = store_new();
    struct store_list l;
    json_t *v;

    ck_assert_ptr_null(store_get(s, "/v1/articles"));
    ck_assert_int_eq(store_seal(s), 0);
    v = body_json(store_get(s, "/v1/articles"));
    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 0);
    json_decref(v);
    ck_assert_uint_eq(store_article_count(s), 0);
    ck_assert_int_eq(store_query_quotes(s, NULL, NULL, &l), 0);
    ck_assert_uint_eq(l.n, 0);
    store_list_free(&l);
    store_release(s);
    store_release(NULL);
}
END_TEST

START_TEST(duplicate_id)
{
    struct store *s = store_new();

    ck_assert_int_eq(store_add_article(s, build("acme", article_text, NULL)), 0);
    /* Rejected, and the store frees the article (valgrind checks). */
    ck_assert_int_eq(store_add_article(s, build("acme", article_text, NULL)), -1);
    ck_assert_int_eq(store_add_article(s, build("acme-2", article_text, NULL)), 0);
    ck_assert_int_eq(store_seal(s), 0);
    ck_assert_uint_eq(store_article_count(s), 2);
    store_release(s);
}
END_TEST

START_TEST(article_and_sections)
{
    struct store *s = make_store();
    const struct store_body *art = store_get(s, "/v1/articles/acme");
    const struct store_body *sec = store_get(s, "/v1/articles/acme/sections/reaction");
    json_t *v;

    ck_assert_ptr_nonnull(art);
    ck_assert_ptr_nonnull(strstr(art->type, "application/json"));
    v = body_json(art);
    ck_assert_str_eq(json_string_value(json_object_get(v, "id")), "acme");
    ck_assert_str_eq(json_string_value(json_object_get(v, "title")), "Acme wins the city contract");
    ck_assert_str_eq(json_string_value(json_object_get(v, "source")), "Test Wire");
    ck_assert_str_eq(json_string_value(json_object_get(v, "dateline")), "Monday, March 2, 2020");
    ck_assert_uint_eq(json_array_size(json_object_get(v, "sections")), 2);
    json_decref(v);

    ck_assert_ptr_nonnull(sec);
    ck_assert_ptr_eq(store_get(s, "/v1/articles/acme/sections/1"), sec);
    ck_assert_ptr_eq(store_get(s, "/v1/articles/acme/sections/response"), sec);
    ck_assert_ptr_eq(store_get(s, "/v1/articles/acme/sections/0"),
                     store_get(s, "/v1/articles/acme/sections/intro"));
    ck_assert_ptr_ne(store_get(s, "/v1/articles/acme/sections/0"), sec);
    v = body_json(sec);
    ck_assert_str_eq(json_string_value(json_object_get(v, "heading")), "Reaction");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "aliases"), 0)),
                     "response");
    json_decref(v);

    v = body_json(store_get(s, "/v1/articles/acme/sections"));
    ck_assert_int_eq(json_integer_value(json_object_get(v, "total")), 2);
    json_decref(v);
    v = body_json(store_get(s, "/v1/articles"));
    ck_assert_int_eq(json_integer_value(json_object_get(v, "total")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(v, "items"), 0), "id")),
                     "acme");
    json_decref(v);
    ck_assert(store_has_article(s, "acme"));
    ck_assert_uint_eq(store_article_count(s), 1);
    store_release(s);
}
END_TEST

START_TEST(quotes_and_speakers_routes)
{
    struct store *s = make_store();
    json_t *v = body_json(store_get(s, "/v1/articles/acme/quotes"));
    json_t *items = json_object_get(v, "items");
    size_t i;
    json_t *q;

    ck_assert_uint_eq((size_t)json_integer_value(json_object_get(v, "total")),
                      store_quote_count(s));
    ck_assert_uint_ge(store_quote_count(s), 1);
    json_array_foreach(items, i, q) {
        char path[256];
        const struct store_body *b;
        json_t *one;

        snprintf(path, sizeof path, "/v1/articles/acme/quotes/%s",
                 json_string_value(json_object_get(q, "id")));
        b = store_get(s, path);
        ck_assert_msg(b != NULL, "%s missing", path);
        one = body_json(b);
        ck_assert(json_equal(one, q));
        json_decref(one);
    }
    json_decref(v);
    v = body_json(store_get(s, "/v1/articles/acme/speakers"));
    ck_assert_uint_eq((size_t)json_integer_value(json_object_get(v, "total")),
                      store_speaker_count(s));
    json_array_foreach(json_object_get(v, "items"), i, q) {
        char path[256];

        snprintf(path, sizeof path, "/v1/articles/acme/speakers/%s",
                 json_string_value(json_object_get(q, "id")));
        ck_assert_msg(store_get(s, path) != NULL, "%s missing", path);
    }
    json_decref(v);
    ck_assert_ptr_nonnull(store_get(s, "/v1/quotes"));
    store_release(s);
}
END_TEST

START_TEST(static_documents)
{
    struct store *s = make_store();
    const struct store_body *b = store_get(s, "/healthz");

    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->len, 3);
    ck_assert_mem_eq(b->data, "ok\n", 3);
    ck_assert_str_eq(b->type, "text/plain");
    /* Too small to be worth compressing. */
    size_t gzlen = 1;

    ck_assert_ptr_null(store_body_gz(b, &gzlen));
    store_release(s);
}
END_TEST

/* ---- ETags and compression ---- */

static int etag_shape(const char *e, const char *suffix)
{
    size_t n = strlen(e), m = strlen(suffix);

    if (n != 18 + m || e[0] != '"' || e[n - 1] != '"' || memcmp(e + 17, suffix, m))
        return 0;
    for (size_t i = 1; i < 17; i++)
        if (!strchr("0123456789abcdef", e[i]))
            return 0;
    return 1;
}

START_TEST(etags)
{
    struct store *a = make_store(), *b = make_store();
    const struct store_body *x = store_get(a, "/v1/articles/acme");
    const struct store_body *y = store_get(b, "/v1/articles/acme");
    const struct store_body *sec = store_get(a, "/v1/articles/acme/sections/0");
    char e[STORE_ETAG_MAX];

    ck_assert_msg(etag_shape(x->etag, ""), "etag %s", x->etag);
    ck_assert_str_eq(x->etag, y->etag);
    ck_assert_str_ne(x->etag, sec->etag);
    store_etag(x->data, x->len, NULL, e);
    ck_assert_str_eq(e, x->etag);
    store_release(a);
    store_release(b);
}
END_TEST

/* store.h promises FNV-1a 64: check the published test vectors. */
START_TEST(etag_is_fnv1a)
{
    char e[STORE_ETAG_MAX];

    store_etag("", 0, NULL, e);
    ck_assert_str_eq(e, "\"cbf29ce484222325\"");
    store_etag("a", 1, "-gz", e);
    ck_assert_str_eq(e, "\"af63dc4c8601ec8c-gz\"");
    store_etag("foobar", 6, NULL, e);
    ck_assert_str_eq(e, "\"85944171f73967e8\"");
}
END_TEST

static char *gunzip(const char *gz, size_t gzlen, size_t *outlen)
{
    z_stream z;
    size_t cap = 1u << 20;
    char *out = malloc(cap);
    int rc;

    memset(&z, 0, sizeof z);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(inflateInit2(&z, 31), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)gz;
    z.avail_in = (uInt)gzlen;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    rc = inflate(&z, Z_FINISH);
    ck_assert_int_eq(rc, Z_STREAM_END);
    *outlen = z.total_out;
    inflateEnd(&z);
    return out;
}

START_TEST(gzip_bodies)
{
    struct store *s = make_store();
    const struct store_body *b = store_get(s, "/v1/articles/acme");
    size_t n = 0;
    char *plain;

    size_t gzlen = 0;
    const char *gz;

    ck_assert_uint_ge(b->len, 256);
    gz = store_body_gz(b, &gzlen);
    ck_assert_ptr_nonnull(gz);
    ck_assert_uint_lt(gzlen, b->len);
    ck_assert((unsigned char)gz[0] == 0x1f && (unsigned char)gz[1] == 0x8b);
    /* Compressed once: the second call gives the same bytes. */
    ck_assert_ptr_eq(store_body_gz(b, &n), gz);
    ck_assert_uint_eq(n, gzlen);
    plain = gunzip(gz, gzlen, &n);
    ck_assert_uint_eq(n, b->len);
    ck_assert_mem_eq(plain, b->data, n);
    free(plain);
    ck_assert_msg(etag_shape(b->gz_etag, "-gz"), "gz etag %s", b->gz_etag);
    ck_assert_str_ne(b->gz_etag, b->etag);

    /* store_gzip on its own, including empty input. */
    plain = store_gzip("", 0, &n);
    ck_assert_ptr_nonnull(plain);
    free(plain);
    store_release(s);
}
END_TEST

/* Threads asking for the gzip variant of one body at once: one copy, the same for all. */
struct gz_race {
    const struct store_body *b;
    pthread_barrier_t *go;
    const char *gz;
    size_t len;
};

static void *gz_racer(void *arg)
{
    struct gz_race *r = arg;

    pthread_barrier_wait(r->go);
    r->gz = store_body_gz(r->b, &r->len);
    return NULL;
}

START_TEST(gzip_lazy_concurrent)
{
    struct store *s = make_store();
    const struct store_body *b = store_get(s, "/v1/articles/acme/sections");
    struct gz_race r[8];
    pthread_t th[8];
    pthread_barrier_t go;
    size_t n = 0;
    char *plain;

    ck_assert_ptr_nonnull(b);
    ck_assert_uint_ge(b->len, 256);
    ck_assert_int_eq(pthread_barrier_init(&go, NULL, 8), 0);
    for (int i = 0; i < 8; i++) {
        r[i] = (struct gz_race){b, &go, NULL, 0};
        ck_assert_int_eq(pthread_create(&th[i], NULL, gz_racer, &r[i]), 0);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&go);
    ck_assert_ptr_nonnull(r[0].gz);
    for (int i = 1; i < 8; i++) {
        ck_assert_ptr_eq(r[i].gz, r[0].gz);
        ck_assert_uint_eq(r[i].len, r[0].len);
    }
    /* The one published copy is the body, and a later call (no race) gives it again. */
    plain = gunzip(r[0].gz, r[0].len, &n);
    ck_assert_uint_eq(n, b->len);
    ck_assert_mem_eq(plain, b->data, n);
    free(plain);
    ck_assert_ptr_eq(store_body_gz(b, &n), r[0].gz);
    store_release(s);
}
END_TEST

/* ---- queries ---- */

START_TEST(query_quotes)
{
    struct store *s = make_store();
    struct store_list l;
    struct store_quote_filter f = {.kind = -1};
    size_t total, direct = 0, win = 0;
    const struct article *a;
    struct article *probe = build("probe", article_text, NULL);

    /* What the annotator found decides the expected counts. */
    a = probe;
    for (size_t i = 0; i < a->an->nquotes; i++) {
        direct += a->an->quotes[i].kind == ANNOT_DIRECT;
        if (strstr(a->an->quotes[i].text, "win") || strstr(a->an->quotes[i].text, "Win"))
            win++;
    }
    total = a->an->nquotes;
    ck_assert_uint_ge(total, 1);

    ck_assert_int_eq(store_query_quotes(s, NULL, NULL, &l), 0);
    ck_assert_uint_eq(l.n, total);
    store_list_free(&l);
    ck_assert_int_eq(store_query_quotes(s, "acme", &f, &l), 0);
    ck_assert_uint_eq(l.n, total);
    store_list_free(&l);
    ck_assert_int_eq(store_query_quotes(s, "nope", &f, &l), 0);
    ck_assert_uint_eq(l.n, 0);
    store_list_free(&l);

    f.kind = ANNOT_DIRECT;
    ck_assert_int_eq(store_query_quotes(s, "acme", &f, &l), 0);
    ck_assert_uint_eq(l.n, direct);
    for (size_t i = 0; i < l.n; i++)
        ck_assert_ptr_nonnull(strstr(l.items[i], "\"kind\":\"direct\""));
    store_list_free(&l);
    f.kind = -1;

    f.speaker = "no-such-speaker";
    ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
    ck_assert_uint_eq(l.n, 0);
    store_list_free(&l);
    f.speaker = NULL;

    f.words = "WIN";
    ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
    ck_assert_uint_eq(l.n, win);
    store_list_free(&l);
    f.words = "  we   WILL ";
    ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
    ck_assert_uint_eq(l.n, win);
    store_list_free(&l);
    f.words = "win zebra";
    ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
    ck_assert_uint_eq(l.n, 0);
    store_list_free(&l);
    f.words = NULL;

    /* Section by slug, alias and index select the same quotes. */
    {
        size_t by_slug;

        f.section = "reaction";
        ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
        by_slug = l.n;
        store_list_free(&l);
        f.section = "response";
        ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
        ck_assert_uint_eq(l.n, by_slug);
        store_list_free(&l);
        f.section = "1";
        ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
        ck_assert_uint_eq(l.n, by_slug);
        store_list_free(&l);
        f.section = "nope";
        ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
        ck_assert_uint_eq(l.n, 0);
        store_list_free(&l);
    }

    /* Filtering by a real speaker returns only that speaker's quotes. */
    if (a->an->nspeakers) {
        size_t want = 0;

        for (size_t i = 0; i < a->an->nquotes; i++)
            want += a->an->quotes[i].speaker == 0;
        f.section = NULL;
        f.speaker = a->an->speakers[0].id;
        ck_assert_int_eq(store_query_quotes(s, "acme", &f, &l), 0);
        ck_assert_uint_eq(l.n, want);
        store_list_free(&l);
    }
    /* The article-wide filters apply to quotes and to the article list alike. */
    f.speaker = NULL;
    f.source = "no such source";
    ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
    ck_assert_uint_eq(l.n, 0);
    store_list_free(&l);
    ck_assert_int_eq(store_query_articles_by(s, &f, &l), 0);
    ck_assert_uint_eq(l.n, 0);
    store_list_free(&l);
    f.source = NULL;
    f.sort = STORE_SORT_OLDEST;
    ck_assert_int_eq(store_query_articles_by(s, &f, &l), 0);
    ck_assert_uint_eq(l.n, 1);
    store_list_free(&l);
    ck_assert_int_eq(store_query_quotes(s, NULL, &f, &l), 0);
    ck_assert_uint_eq(l.n, total);
    store_list_free(&l);
    f.sort = STORE_SORT_NATURAL;
    f.speaker = "no-such-speaker";
    ck_assert_int_eq(store_query_articles_by(s, &f, &l), 0);
    ck_assert_uint_eq(l.n, 0);
    store_list_free(&l);
    f.speaker = NULL;
    ck_assert_int_eq(store_query_speakers(s, "nope", &l), 0);
    ck_assert_uint_eq(l.n, 0);
    store_list_free(&l);
    ck_assert_int_eq(store_query_speakers(s, "acme", &l), 0);
    ck_assert_uint_eq(l.n, a->an->nspeakers);
    store_list_free(&l);
    article_free(probe);
    store_release(s);
}
END_TEST

START_TEST(article_fields)
{
    struct store *s = make_store();
    struct buf out;
    json_t *v;
    json_error_t jerr;

    buf_init(&out, 1u << 20);
    ck_assert_int_eq(store_article_fields(s, "acme", (1u << RENDER_F_ID) | (1u << RENDER_F_TITLE) |
                                                         (1u << RENDER_F_DROPPED),
                                          &out),
                     0);
    v = json_loadb(out.data, out.len, 0, &jerr);
    ck_assert_msg(v != NULL, "%s: %s", jerr.text, out.data);
    ck_assert_uint_eq(json_object_size(v), 3);
    ck_assert_str_eq(json_string_value(json_object_get(v, "id")), "acme");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "dropped_boilerplate"), 0)),
                     "Advertisement");
    json_decref(v);
    buf_free(&out);

    ck_assert_int_eq(store_article_fields(s, "acme", 0, &out), 0);
    ck_assert_str_eq(out.data, "{}");
    buf_free(&out);

    /* Every field: the same as the whole article document. */
    ck_assert_int_eq(store_article_fields(s, "acme", (1u << RENDER_NFIELDS) - 1, &out), 0);
    v = json_loadb(out.data, out.len, 0, &jerr);
    ck_assert_ptr_nonnull(v);
    {
        json_t *whole = body_json(store_get(s, "/v1/articles/acme"));

        ck_assert(json_equal(v, whole));
        json_decref(whole);
    }
    json_decref(v);
    buf_free(&out);

    ck_assert_int_eq(store_article_fields(s, "nope", 1, &out), -1);
    buf_free(&out);
    store_release(s);
}
END_TEST

/* ---- publication and reference counts ---- */

/* Assembled pages: cached by target with ETag and gzip variant; too large or over
 * the budget is refused (the caller serves its own text), never evicted. */
START_TEST(page_cache)
{
    struct store *s = store_new();
    char *big = malloc(2u << 20), key[64];
    const struct store_body *b, *again;
    size_t n = 0;

    ck_assert_ptr_nonnull(big);
    memset(big, 'x', 2u << 20);
    ck_assert_ptr_null(store_cache_get(s, "/v1/quotes?q=a"));
    b = store_cache_put(s, "/v1/quotes?q=a", big, 600, "application/json", "7", "<l>; rel=\"next\"");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->len, 600);
    ck_assert_str_eq(b->total, "7");
    ck_assert_str_eq(b->link, "<l>; rel=\"next\"");
    size_t gzlen = 0;

    ck_assert_ptr_nonnull(store_body_gz(b, &gzlen));
    ck_assert_int_ne(b->etag[0], 0);
    ck_assert_str_ne(b->etag, b->gz_etag);
    ck_assert_ptr_eq(store_cache_get(s, "/v1/quotes?q=a"), b);
    ck_assert_ptr_null(store_cache_get(s, "/v1/quotes?q=b"));
    /* The same page put twice is one entry. */
    again = store_cache_put(s, "/v1/quotes?q=a", big, 600, "application/json", NULL, NULL);
    ck_assert_ptr_eq(again, b);
    ck_assert_ptr_null(store_cache_put(s, "/v1/quotes?q=big", big, 2u << 20, "t", NULL, NULL));
    /* 1 MiB pages: the 32 MiB budget takes about 31 of them. */
    for (int i = 0; i < 64; i++) {
        snprintf(key, sizeof key, "/v1/quotes?q=%d", i);
        n += store_cache_put(s, key, big, 1u << 20, "t", NULL, NULL) != NULL;
    }
    ck_assert_uint_ge(n, 28);
    ck_assert_uint_le(n, 32);
    ck_assert_ptr_eq(store_cache_get(s, "/v1/quotes?q=a"), b);
    free(big);
    store_release(s);
}
END_TEST

START_TEST(publish_and_release)
{
    struct store *one = make_store(), *two = make_store(), *cur;

    /* Nothing published yet in this process (each test runs in its own process
     * unless CK_FORK=no, when this test may see an earlier snapshot). */
    cur = store_current();
    store_release(cur);

    store_publish(one);
    cur = store_current();
    ck_assert_ptr_eq(cur, one);
    store_publish(two);
    /* The old snapshot stays usable while a reader holds it. */
    ck_assert_ptr_nonnull(store_get(cur, "/v1/articles/acme"));
    store_release(cur);
    cur = store_current();
    ck_assert_ptr_eq(cur, two);
    store_release(cur);
}
END_TEST

START_TEST(derive_shares_other_articles)
{
    struct store *base = make_store(), *d, *d2;
    const struct store_body *old_acme, *b;
    struct store_list l;
    json_t *v;

    ck_assert_int_eq(store_add_article(d = store_derive(base, NULL),
                                       build("beta", article_text, NULL)),
                     0);
    ck_assert_int_eq(store_seal(d), 0);
    old_acme = store_get(base, "/v1/articles/acme");
    /* The unchanged article is the same rendered body, not a copy. */
    ck_assert_ptr_eq(store_get(d, "/v1/articles/acme")->data, old_acme->data);
    ck_assert_ptr_eq(store_get(d, "/healthz")->data, store_get(base, "/healthz")->data);
    ck_assert_ptr_nonnull(store_get(d, "/v1/articles/beta"));
    ck_assert_ptr_null(store_get(base, "/v1/articles/beta"));
    ck_assert_uint_eq(store_article_count(d), 2);
    ck_assert_uint_eq(store_quote_count(d), 2 * store_quote_count(base));
    v = body_json(store_get(d, "/v1/articles"));
    ck_assert_int_eq(json_integer_value(json_object_get(v, "total")), 2);
    json_decref(v);
    ck_assert_int_eq(store_query_quotes(d, NULL, NULL, &l), 0);
    ck_assert_uint_eq(l.n, store_quote_count(d));
    store_list_free(&l);
    /* Dropping one leaves the other, and the base outlives both derivations. */
    d2 = store_derive(d, "acme");
    ck_assert_int_eq(store_seal(d2), 0);
    ck_assert_ptr_null(store_get(d2, "/v1/articles/acme"));
    ck_assert_ptr_null(store_get(d2, "/v1/articles/acme/quotes/q1"));
    ck_assert_ptr_eq(store_get(d2, "/v1/articles/beta")->data,
                     store_get(d, "/v1/articles/beta")->data);
    store_release(d);
    store_release(d2);
    b = store_get(base, "/v1/articles/acme");
    ck_assert_ptr_eq(b, old_acme);
    ck_assert_ptr_nonnull(store_get(base, "/v1/articles/acme/sections/response"));
    store_release(base);
}
END_TEST

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        struct store *s = store_current();

        if (s && !store_get(s, "/v1/articles/acme"))
            return (void *)1;
        store_release(s);
    }
    return NULL;
}

START_TEST(concurrent_readers)
{
    pthread_t t[4];

    store_publish(make_store());
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, reader, NULL), 0);
    for (int i = 0; i < 20; i++)
        store_publish(make_store());
    for (int i = 0; i < 4; i++) {
        void *rc;

        ck_assert_int_eq(pthread_join(t[i], &rc), 0);
        ck_assert_ptr_null(rc);
    }
}
END_TEST

static Suite *store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *meta = tcase_create("meta");
    TCase *get = tcase_create("get");
    TCase *enc = tcase_create("encoding");
    TCase *query = tcase_create("query");
    TCase *refs = tcase_create("refcount");

    tcase_add_test(meta, meta_parse_errors);
    tcase_add_test(meta, meta_alias_conflicts);
    tcase_add_test(meta, build_errors);
    tcase_add_test(meta, meta_parse_ok);
    suite_add_tcase(s, meta);

    tcase_add_test(get, unknown_paths);
    tcase_add_test(get, empty_store);
    tcase_add_test(get, duplicate_id);
    tcase_add_test(get, article_and_sections);
    tcase_add_test(get, quotes_and_speakers_routes);
    tcase_add_test(get, static_documents);
    suite_add_tcase(s, get);

    tcase_add_test(enc, etags);
    tcase_add_test(enc, etag_is_fnv1a);
    tcase_add_test(enc, gzip_bodies);
    tcase_add_test(enc, gzip_lazy_concurrent);
    suite_add_tcase(s, enc);

    tcase_add_test(query, query_quotes);
    tcase_add_test(query, article_fields);
    suite_add_tcase(s, query);

    tcase_set_timeout(refs, 60);
    tcase_add_test(refs, publish_and_release);
    tcase_add_test(refs, page_cache);
    tcase_add_test(refs, concurrent_readers);
    tcase_add_test(refs, derive_shares_other_articles);
    suite_add_tcase(s, refs);
    return s;
}

CHECK_MAIN(store_suite)
