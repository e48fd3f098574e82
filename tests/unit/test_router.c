/* test_router.c - path to route: malformed paths first, then every route. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "router.h"

static void expect_none(const char *path)
{
    struct router_match m;

    ck_assert_msg(router_match(path, &m) == ROUTE_NONE, "\"%.80s\" matched %d", path, m.route);
    ck_assert_int_eq(m.route, ROUTE_NONE);
}

/* Match path, with and without a trailing slash, expecting route, id and key. */
static void expect_route(const char *path, enum router_route want, const char *id, const char *key)
{
    char slashed[ROUTER_PATH_MAX];
    struct router_match m;
    const char *paths[2];

    size_t n = strlen(path);

    ck_assert_uint_lt(n + 2, sizeof slashed);
    memcpy(slashed, path, n + 1);
    if (strcmp(path, "/"))
        memcpy(slashed + n, "/", 2);
    paths[0] = path;
    paths[1] = slashed;
    for (int i = 0; i < 2; i++) {
        enum router_route r = router_match(paths[i], &m);

        ck_assert_msg(r == want, "\"%s\": route %d, want %d", paths[i], r, want);
        ck_assert_int_eq(m.route, want);
        if (id)
            ck_assert_msg(m.id && !strcmp(m.id, id), "\"%s\": id \"%s\"", paths[i],
                          m.id ? m.id : "(null)");
        else
            ck_assert_ptr_null(m.id);
        if (key)
            ck_assert_msg(m.key && !strcmp(m.key, key), "\"%s\": key \"%s\"", paths[i],
                          m.key ? m.key : "(null)");
        else
            ck_assert_ptr_null(m.key);
    }
}

START_TEST(empty_and_relative)
{
    expect_none("");
    expect_none("v1/articles");
    expect_none("healthz");
    expect_none(" /healthz");
}
END_TEST

/* "//" is one empty segment after the root; it must not be taken for "/". */
START_TEST(double_slash_root)
{
    expect_none("//");
}
END_TEST

START_TEST(too_long)
{
    char path[ROUTER_PATH_MAX + 16];
    struct router_match m;

    /* ROUTER_PATH_MAX - 1 bytes is the longest that fits with its NUL. */
    memcpy(path, "/v1/articles/", 13);
    memset(path + 13, 'a', sizeof path - 13);
    path[ROUTER_PATH_MAX - 1] = '\0';
    ck_assert_int_eq(router_match(path, &m), ROUTE_ARTICLE);
    ck_assert_uint_eq(strlen(m.id), ROUTER_PATH_MAX - 1 - 13);
    path[ROUTER_PATH_MAX - 1] = 'a';
    path[ROUTER_PATH_MAX] = '\0';
    expect_none(path);
    path[ROUTER_PATH_MAX + 15] = '\0';
    expect_none(path);
}
END_TEST

START_TEST(empty_segments)
{
    expect_none("/v1//articles");
    expect_none("//v1/articles");
    expect_none("/v1/articles//");
    expect_none("/v1/articles//sections");
    expect_none("/v1/articles/x//sections");
    expect_none("/v1/articles/x/sections//");
    expect_none("/v1/articles/x/sections//y");
    expect_none("/healthz//");
}
END_TEST

START_TEST(too_many_segments)
{
    expect_none("/v1/articles/x/sections/y/z");
    expect_none("/v1/articles/x/sections/y/z/");
    expect_none("/v1/articles/x/quotes/q1/extra/more/and/more");
    expect_none("/a/b/c/d/e/f/g/h/i/j/k");
}
END_TEST

START_TEST(unknown_paths)
{
    expect_none("/v2/articles/x");
    expect_none("/v1/article/x");
    expect_none("/V1/articles/x");
    expect_none("/v1/Articles");
    expect_none("/v1");
    expect_none("/v1/");
    expect_none("/v1/articles/x/unknown");
    expect_none("/v1/articles/x/unknown/y");
    expect_none("/v1/articles/x/section");
    expect_none("/v1/quotes/q1");
    expect_none("/v1/annotate/x");
    expect_none("/healthz/x");
    expect_none("/healthzz");
    expect_none("/metrics.txt");
    expect_none("/openapi");
    expect_none("/index.html");
}
END_TEST

START_TEST(fixed_routes)
{
    expect_route("/", ROUTE_INDEX, NULL, NULL);
    expect_route("/openapi.yaml", ROUTE_OPENAPI_YAML, NULL, NULL);
    expect_route("/openapi.json", ROUTE_OPENAPI_JSON, NULL, NULL);
    expect_route("/healthz", ROUTE_HEALTHZ, NULL, NULL);
    expect_route("/livez", ROUTE_LIVEZ, NULL, NULL);
    expect_route("/readyz", ROUTE_READYZ, NULL, NULL);
    expect_route("/metrics", ROUTE_METRICS, NULL, NULL);
    expect_route("/v1/articles", ROUTE_ARTICLES, NULL, NULL);
    expect_route("/v1/quotes", ROUTE_SEARCH, NULL, NULL);
    expect_route("/v1/annotate", ROUTE_ANNOTATE, NULL, NULL);
}
END_TEST

START_TEST(article_routes)
{
    expect_route("/v1/articles/paris-attacks", ROUTE_ARTICLE, "paris-attacks", NULL);
    expect_route("/v1/articles/p/sections", ROUTE_SECTIONS, "p", NULL);
    expect_route("/v1/articles/p/sections/sleepers", ROUTE_SECTION, "p", "sleepers");
    expect_route("/v1/articles/p/sections/0", ROUTE_SECTION, "p", "0");
    expect_route("/v1/articles/p/quotes", ROUTE_QUOTES, "p", NULL);
    expect_route("/v1/articles/p/quotes/q12", ROUTE_QUOTE, "p", "q12");
    expect_route("/v1/articles/p/speakers", ROUTE_SPEAKERS, "p", NULL);
    expect_route("/v1/articles/p/speakers/jane-doe", ROUTE_SPEAKER, "p", "jane-doe");
    /* Ids and keys are not validated here: that is the handler's job. */
    expect_route("/v1/articles/Some Id", ROUTE_ARTICLE, "Some Id", NULL);
    expect_route("/v1/articles/sections", ROUTE_ARTICLE, "sections", NULL);
    expect_route("/v1/articles/x/sections/sections", ROUTE_SECTION, "x", "sections");
}
END_TEST

START_TEST(match_is_reusable)
{
    struct router_match m;

    ck_assert_int_eq(router_match("/v1/articles/a/quotes/q1", &m), ROUTE_QUOTE);
    ck_assert_int_eq(router_match("/healthz", &m), ROUTE_HEALTHZ);
    ck_assert_ptr_null(m.id);
    ck_assert_ptr_null(m.key);
    ck_assert_int_eq(router_match("/nope", &m), ROUTE_NONE);
    ck_assert_int_eq(m.route, ROUTE_NONE);
}
END_TEST

START_TEST(templates)
{
    ck_assert_str_eq(router_template(ROUTE_NONE), "unmatched");
    ck_assert_str_eq(router_template(ROUTE_INDEX), "/");
    ck_assert_str_eq(router_template(ROUTE_ARTICLE), "/v1/articles/{id}");
    ck_assert_str_eq(router_template(ROUTE_SECTION), "/v1/articles/{id}/sections/{section}");
    ck_assert_str_eq(router_template(ROUTE_QUOTE), "/v1/articles/{id}/quotes/{quote}");
    ck_assert_str_eq(router_template(ROUTE_SPEAKER), "/v1/articles/{id}/speakers/{speaker}");
    ck_assert_str_eq(router_template(ROUTE_SEARCH), "/v1/quotes");
    ck_assert_str_eq(router_template(ROUTER_NROUTES), "unmatched");
    for (int r = 0; r < ROUTER_NROUTES; r++)
        ck_assert_ptr_nonnull(router_template((enum router_route)r));
}
END_TEST

START_TEST(allowed_methods)
{
    ck_assert_uint_eq(router_allowed(ROUTE_NONE), 0);
    ck_assert_uint_eq(router_allowed(ROUTE_ANNOTATE), ROUTER_POST | ROUTER_OPTIONS);
    ck_assert_str_eq(router_allow_header(ROUTE_ANNOTATE), "POST, OPTIONS");
    for (int r = ROUTE_INDEX; r < ROUTER_NROUTES; r++) {
        unsigned a = router_allowed((enum router_route)r);

        ck_assert(a & ROUTER_OPTIONS);
        ck_assert(!(a & ROUTER_OTHER));
        if (r == ROUTE_ANNOTATE)
            continue;
        if (r == ROUTE_ARTICLE) {
            ck_assert_uint_eq(a, ROUTER_GET | ROUTER_HEAD | ROUTER_PUT | ROUTER_PATCH |
                                     ROUTER_DELETE | ROUTER_OPTIONS);
            ck_assert_str_eq(router_allow_header(ROUTE_ARTICLE),
                             "GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
            continue;
        }
        ck_assert_uint_eq(a, ROUTER_GET | ROUTER_HEAD | ROUTER_OPTIONS);
        ck_assert_str_eq(router_allow_header((enum router_route)r), "GET, HEAD, OPTIONS");
    }
}
END_TEST

START_TEST(method_names)
{
    ck_assert_int_eq(router_method("GET"), ROUTER_GET);
    ck_assert_int_eq(router_method("HEAD"), ROUTER_HEAD);
    ck_assert_int_eq(router_method("POST"), ROUTER_POST);
    ck_assert_int_eq(router_method("OPTIONS"), ROUTER_OPTIONS);
    /* Methods are case-sensitive (RFC 9110 9.1). */
    ck_assert_int_eq(router_method("get"), ROUTER_OTHER);
    ck_assert_int_eq(router_method("PUT"), ROUTER_PUT);
    ck_assert_int_eq(router_method("PATCH"), ROUTER_PATCH);
    ck_assert_int_eq(router_method("DELETE"), ROUTER_DELETE);
    ck_assert_int_eq(router_method("put"), ROUTER_OTHER);
    ck_assert_int_eq(router_method("TRACE"), ROUTER_OTHER);
    ck_assert_int_eq(router_method(""), ROUTER_OTHER);
    ck_assert_int_eq(router_method("GETX"), ROUTER_OTHER);
}
END_TEST

static Suite *router_suite(void)
{
    Suite *s = suite_create("router");
    TCase *neg = tcase_create("malformed");
    TCase *ok = tcase_create("routes");

    tcase_add_test(neg, empty_and_relative);
    tcase_add_test(neg, double_slash_root);
    tcase_add_test(neg, too_long);
    tcase_add_test(neg, empty_segments);
    tcase_add_test(neg, too_many_segments);
    tcase_add_test(neg, unknown_paths);
    suite_add_tcase(s, neg);

    tcase_add_test(ok, fixed_routes);
    tcase_add_test(ok, article_routes);
    tcase_add_test(ok, match_is_reusable);
    tcase_add_test(ok, templates);
    tcase_add_test(ok, allowed_methods);
    tcase_add_test(ok, method_names);
    suite_add_tcase(s, ok);
    return s;
}

CHECK_MAIN(router_suite)
