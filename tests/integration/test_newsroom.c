/* test_newsroom.c - what a newsroom asks of the API, end to end: article metadata and
 * Last-Modified, full-text search, speakers across articles. */
#include "harness.h"

#include <math.h>
#include <stdint.h>

#include "buf.h"

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

/* The same man in Cyrillic with his full name, then in Latin script by surname and title. */
static const char summit_ru[] =
    "Summit opens\n\n\xE2\x80\x9CWe are ready to talk,\xE2\x80\x9D said "
    "\xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0\xB8\xD1\x80 "
    "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD, the president of Russia.\n";
static const char summit_en[] =
    "Summit closes\n\n\xE2\x80\x9CThe door is open,\xE2\x80\x9D said President Putin.\n";

/* Astral characters before and inside a quote: UTF-16 offsets differ from code points. */
static const char emoji[] = "Cup final\n\n"
                            "Fans \xF0\x9F\x8E\x89\xF0\x9F\x8E\x89 cheered. "
                            "\xE2\x80\x9C" "Best \xF0\x9F\x8F\x86 day ever,\xE2\x80\x9D said coach Li Wei.\n";

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
    put_str(dir, "summit-opens.txt", summit_ru);
    put_str(dir, "summit-closes.txt", summit_en);
    put_str(dir, "cup-final.txt", emoji);
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
    ck_assert_str_eq(str_at(json_array_get(json_object_get(v, "items"), 2), "id"), "market-day");
    ck_assert_str_eq(str_at(json_array_get(json_object_get(v, "items"), 2), "published"),
                     "2024-09-14");
    ck_assert(json_is_null(json_object_get(json_array_get(json_object_get(v, "items"), 2), "url")));
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


/* ---- search ---- */

/* GET target; asserts 200 and returns the body's total (and the body in *out when not NULL). */
static long total_of(const char *target, json_t **out)
{
    struct resp r = get(&srv, target);
    json_t *v;
    long n;

    ck_assert_msg(r.status == 200, "%s: %ld %.300s", target, r.status, r.body);
    v = json_of(&r);
    n = (long)json_integer_value(json_object_get(v, "total"));
    ck_assert_ptr_nonnull(header(&r, "x-total-count"));
    ck_assert_int_eq(atol(header(&r, "x-total-count")), n);
    if (out)
        *out = v;
    else
        json_decref(v);
    resp_free(&r);
    return n;
}

/* Does some hit of v have article id and type? */
static int has_hit(json_t *v, const char *article, const char *type)
{
    json_t *it;
    size_t i;

    json_array_foreach (json_object_get(v, "items"), i, it)
        if (!strcmp(str_at(it, "article"), article) && !strcmp(str_at(it, "type"), type))
            return 1;
    return 0;
}

START_TEST(search_bad_values_are_400)
{
    static const char *const bad[] = {
        "/v1/search", "/v1/search?q=", "/v1/search?q=-curfew", "/v1/search?q=%20%20",
        "/v1/search?q=cafe&sort=bogus", "/v1/search?q=cafe&from=2024-13", "/v1/search?q=cafe&to=May",
        "/v1/search?q=cafe&limit=0", "/v1/search?q=cafe&offset=-1", "/v1/quotes?q=-curfew",
    };
    char big[2200];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct resp r = get(&srv, bad[i]);

        assert_problem(&r, 400);
        resp_free(&r);
    }
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "/v1/search?q=", 13);
    {
        struct resp r = get(&srv, big);

        assert_problem(&r, 400);
        resp_free(&r);
    }
}
END_TEST

START_TEST(search_folds_case_diacritics_apostrophes)
{
    json_t *v;
    long ncafe = total_of("/v1/search?q=cafe", NULL);

    ck_assert_int_ge(ncafe, 3);
    ck_assert_int_eq(total_of("/v1/search?q=CAF%C3%89", NULL), ncafe);      /* CAFÉ */
    ck_assert_int_eq(total_of("/v1/search?q=Caf%C3%A9", NULL), ncafe);      /* Café */
    /* José Núñez and Jose Nunez are the same words. */
    total_of("/v1/search?q=n%C3%BA%C3%B1ez", &v);
    ck_assert(has_hit(v, "cafe-curfew", "paragraph"));
    ck_assert(has_hit(v, "market-day", "paragraph"));
    json_decref(v);
    /* they're (straight) finds they’re (curly) and the other way round. */
    total_of("/v1/search?q=they%27re", &v);
    ck_assert(has_hit(v, "cafe-curfew", "quote"));
    ck_assert(has_hit(v, "market-day", "quote"));
    json_decref(v);
    ck_assert_int_eq(total_of("/v1/search?q=they%E2%80%99re", NULL),
                     total_of("/v1/search?q=they%27re", NULL));
    /* /v1/quotes?q= folds the same way: each word starts a word of the quote. */
    ck_assert_int_eq(total_of("/v1/quotes?q=THEY%27RE%20closing", NULL), 1);
    ck_assert_int_eq(total_of("/v1/quotes?q=they%E2%80%99re%20HERE", NULL), 1);
    ck_assert_int_eq(total_of("/v1/quotes?q=caf", NULL), 1);
    ck_assert_int_eq(total_of("/v1/quotes?q=CAF%C3%89%20district", NULL), 1);
    ck_assert_int_eq(total_of("/v1/quotes?q=district%20zzz", NULL), 0);
}
END_TEST

START_TEST(search_phrases_prefixes_exclusions)
{
    json_t *v, *it;

    ck_assert_int_eq(total_of("/v1/search?q=%22back%20down%22&speaker=ana-ruiz", NULL), 2);
    ck_assert_int_eq(total_of("/v1/search?q=%22down%20back%22", NULL), 0);
    total_of("/v1/search?q=lumi*", &v);
    ck_assert(has_hit(v, "cafe-curfew", "paragraph"));
    it = json_array_get(json_object_get(v, "items"), 0);
    ck_assert_ptr_nonnull(strstr(str_at(it, "snippet"), "<mark>Lumière</mark>"));
    json_decref(v);
    ck_assert_int_eq(total_of("/v1/search?q=lumi", NULL), 0);
    total_of("/v1/search?q=mayor", &v);
    ck_assert(has_hit(v, "market-day", "paragraph") && has_hit(v, "cafe-curfew", "paragraph"));
    json_decref(v);
    total_of("/v1/search?q=mayor%20-stay", &v);
    ck_assert(!has_hit(v, "market-day", "paragraph") && has_hit(v, "cafe-curfew", "paragraph"));
    json_decref(v);
}
END_TEST

START_TEST(search_filters_sort_and_pages)
{
    json_t *v, *it;
    size_t i;
    struct resp r;

    /* source, dates, section, speaker */
    total_of("/v1/search?q=mayor&source=COURIER", &v);
    json_array_foreach (json_object_get(v, "items"), i, it)
        ck_assert_str_eq(str_at(it, "article"), "market-day");
    json_decref(v);
    total_of("/v1/search?q=mayor&from=2024-10", &v);
    ck_assert(!has_hit(v, "market-day", "paragraph") && has_hit(v, "cafe-curfew", "paragraph"));
    json_decref(v);
    total_of("/v1/search?q=mayor&to=2024-09", &v);
    ck_assert(has_hit(v, "market-day", "paragraph") && !has_hit(v, "cafe-curfew", "paragraph"));
    json_decref(v);
    /* An article without a date drops out of a date filter. */
    ck_assert_int_gt(total_of("/v1/search?q=experts", NULL), 0);
    ck_assert_int_eq(total_of("/v1/search?q=experts&from=1900", NULL), 0);
    total_of("/v1/search?q=mayor&section=reaction", &v);
    ck_assert_uint_ge(json_array_size(json_object_get(v, "items")), 1);
    json_array_foreach (json_object_get(v, "items"), i, it)
        ck_assert_str_eq(str_at(it, "section"), "reaction");
    json_decref(v);
    total_of("/v1/search?q=mayor&speaker=ana-ruiz", &v);
    json_array_foreach (json_object_get(v, "items"), i, it)
        ck_assert_str_ne(str_at(it, "type"), "title");
    ck_assert(has_hit(v, "cafe-curfew", "quote") == 0); /* her quote does not say "mayor" */
    json_decref(v);
    /* sort by date, both ways */
    total_of("/v1/search?q=mayor&sort=newest", &v);
    ck_assert_str_eq(str_at(json_array_get(json_object_get(v, "items"), 0), "article"),
                     "cafe-curfew");
    json_decref(v);
    total_of("/v1/search?q=mayor&sort=oldest", &v);
    ck_assert_str_eq(str_at(json_array_get(json_object_get(v, "items"), 0), "article"),
                     "market-day");
    json_decref(v);
    /* pages: the hits of limit=1 pages are those of one big page, in order */
    {
        json_t *all;
        long n = total_of("/v1/search?q=the&limit=100", &all);

        ck_assert_int_ge(n, 4);
        for (long k = 0; k < 4; k++) {
            char t[128];

            snprintf(t, sizeof t, "/v1/search?q=the&limit=1&offset=%ld", k);
            ck_assert_int_eq(total_of(t, &v), n);
            ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 1);
            ck_assert(json_equal(json_array_get(json_object_get(v, "items"), 0),
                                 json_array_get(json_object_get(all, "items"), (size_t)k)));
            json_decref(v);
        }
        json_decref(all);
    }
    r = get(&srv, "/v1/search?q=the&limit=1&offset=1");
    ck_assert_ptr_nonnull(header(&r, "link"));
    ck_assert_ptr_nonnull(strstr(header(&r, "link"), "rel=\"next\""));
    ck_assert_ptr_nonnull(strstr(header(&r, "link"), "rel=\"prev\""));
    resp_free(&r);
    /* past the end: an empty page, not an error */
    total_of("/v1/search?q=the&offset=1000", &v);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 0);
    json_decref(v);
}
END_TEST

/* ---- filters on the lists ---- */

/* The ids of the items of a list page, joined by spaces (the article of a quote). */
static void ids_of(const char *target, const char *key, char *out, size_t cap)
{
    json_t *v, *it;
    size_t i, n = 0;

    total_of(target, &v);
    out[0] = '\0';
    json_array_foreach (json_object_get(v, "items"), i, it)
        n +=
            (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%s", i ? " " : "", str_at(it, key));
    json_decref(v);
}

/* The items of target, by key, are want (space-separated). */
static void assert_ids(const char *target, const char *key, const char *want)
{
    char ids[2048];

    ids_of(target, key, ids, sizeof ids);
    ck_assert_msg(!strcmp(ids, want), "%s: '%s', not '%s'", target, ids, want);
}

/* A 400 problem that names param in invalid_params. */
static void assert_bad_param(const char *target, const char *param)
{
    struct resp r = get(&srv, target);
    json_t *v;

    assert_problem(&r, 400);
    v = json_of(&r);
    ck_assert_msg(
        !strcmp(str_at(json_array_get(json_object_get(v, "invalid_params"), 0), "name"), param),
        "%s: %.300s", target, r.body);
    json_decref(v);
    resp_free(&r);
}

START_TEST(list_filters_bad_values_are_400)
{
    static const char *const bad[][2] = {
        {"/v1/articles?from=2024-13", "from"},
        {"/v1/articles?to=May", "to"},
        {"/v1/articles?from=24", "from"},
        {"/v1/articles?sort=relevance", "sort"},
        {"/v1/articles?sort=", "sort"},
        {"/v1/articles?source=x&limit=0", "limit"},
        {"/v1/quotes?from=yesterday", "from"},
        {"/v1/quotes?to=2024-1", "to"},
        {"/v1/quotes?sort=bogus", "sort"},
        {"/v1/quotes?format=csv&from=2024-00", "from"},
        {"/v1/quotes?section=intro&kind=x", "kind"},
    };

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_bad_param(bad[i][0], bad[i][1]);
}
END_TEST

/* The next page's link of target holds want (the filters, kept). */
static void assert_next_has(const char *target, const char *want)
{
    json_t *v;
    const char *next;

    total_of(target, &v);
    next = json_string_value(json_object_get(json_object_get(v, "links"), "next"));
    ck_assert_msg(next && strstr(next, want), "%s: next %s", target, next ? next : "null");
    json_decref(v);
}

START_TEST(list_filters_on_articles)
{
    static const char *const all = "cafe-curfew cup-final market-day paris-attacks summit-closes "
                                   "summit-opens",
                             *newest = "cafe-curfew market-day cup-final paris-attacks "
                                       "summit-closes summit-opens";
    /* Targets and the ids they list. to=2024 is the whole year; an undated article drops
     * out of any date filter; sorted: dated first, newest or oldest, then the undated in id
     * order. */
    const struct {
        const char *target, *want;
    } cases[] = {
        {"/v1/articles?source=COURIER", "market-day"},
        {"/v1/articles?source=gazette", "cafe-curfew"},
        {"/v1/articles?from=2024-10", "cafe-curfew"},
        {"/v1/articles?to=2024-09", "market-day"},
        {"/v1/articles?from=2024-09-14&to=2024", "cafe-curfew market-day"},
        {"/v1/articles?from=1900", "cafe-curfew market-day"},
        {"/v1/articles?speaker=ana-ruiz", "cafe-curfew market-day"},
        {"/v1/articles?speaker=li-wei&source=gazette", ""},
        {"/v1/articles?section=reaction", "cafe-curfew"},
        {"/v1/articles?sort=newest", newest},
        {"/v1/articles?sort=date", newest},
        {"/v1/articles?sort=oldest&limit=3", "market-day cafe-curfew cup-final"},
        {"/v1/articles", all},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_ids(cases[i].target, "id", cases[i].want);
    /* The pages' links keep the filters. */
    assert_next_has("/v1/articles?from=2000&sort=oldest&limit=1",
                    "from=2000&sort=oldest&limit=1&offset=1");
}
END_TEST

START_TEST(list_filters_on_quotes)
{
    json_t *v;
    long all = total_of("/v1/quotes?limit=100", NULL);

    /* Targets, the member listed, and its values. The section is each article's:
     * cafe-curfew's "reaction" holds Ana Ruiz's quote. */
    const struct {
        const char *target, *key, *want;
    } cases[] = {
        {"/v1/quotes?source=Gazette", "article", "cafe-curfew cafe-curfew"},
        {"/v1/quotes?from=2024-10-01&to=2024-10-31", "article", "cafe-curfew cafe-curfew"},
        {"/v1/quotes?to=2024-09-14", "article", "market-day market-day"},
        {"/v1/quotes?from=1900", "article", "cafe-curfew cafe-curfew market-day market-day"},
        {"/v1/quotes?section=reaction", "section", "reaction"},
        {"/v1/quotes?section=reaction&speaker=ana-ruiz&source=gazette", "id", "q2"},
        {"/v1/quotes?sort=newest&limit=5", "article",
         "cafe-curfew cafe-curfew market-day market-day cup-final"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_ids(cases[i].target, cases[i].key, cases[i].want);
    /* Sorted by the article's date; undated articles last; every quote still listed once. */
    ck_assert_int_eq(total_of("/v1/quotes?sort=oldest&limit=100", &v), all);
    ck_assert_str_eq(str_at(json_array_get(json_object_get(v, "items"), 0), "article"),
                     "market-day");
    ck_assert_str_eq(str_at(json_array_get(json_object_get(v, "items"), 2), "article"),
                     "cafe-curfew");
    ck_assert_str_eq(str_at(json_array_get(json_object_get(v, "items"), 4), "article"),
                     "cup-final");
    json_decref(v);
    /* Filters apply to the export too. */
    {
        struct resp r = get(&srv, "/v1/quotes?format=ndjson&source=courier&sort=oldest");
        size_t lines = 0;

        ck_assert_int_eq(r.status, 200);
        ck_assert_int_eq(atol(header(&r, "x-total-count")), 2);
        for (char *p = r.body, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
            json_t *o = json_loadb(p, (size_t)(nl - p), 0, NULL);

            ck_assert_str_eq(str_at(o, "article"), "market-day");
            json_decref(o);
            lines++;
        }
        ck_assert_uint_eq(lines, 2);
        resp_free(&r);
    }
    assert_next_has("/v1/quotes?source=gazette&to=2025&limit=1",
                    "source=gazette&to=2025&limit=1&offset=1");
}
END_TEST

/* ---- one speaker across articles ---- */

static json_t *appearance(json_t *sp, const char *article)
{
    json_t *it;
    size_t i;

    json_array_foreach (json_object_get(sp, "appearances"), i, it)
        if (!strcmp(str_at(it, "article"), article))
            return it;
    return NULL;
}

START_TEST(corpus_speaker_errors)
{
    struct resp r = get(&srv, "/v1/speakers/nobody-at-all");

    assert_problem(&r, 404);
    resp_free(&r);
    r = get(&srv, "/v1/speakers?limit=0");
    assert_problem(&r, 400);
    resp_free(&r);
    r = get(&srv, "/v1/speakers/a/b");
    assert_problem(&r, 404);
    resp_free(&r);
}
END_TEST

START_TEST(corpus_speakers_across_articles)
{
    struct resp r = get(&srv, "/v1/speakers/jose-nunez");
    json_t *v = json_of(&r), *app, *it;
    char path[200];
    size_t i;
    long n;

    /* José Núñez and Jose Nunez: one speaker, one readable id. */
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str_at(v, "id"), "jose-nunez");
    ck_assert_int_eq(json_integer_value(json_object_get(v, "article_count")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "quote_count")), 2);
    ck_assert_ptr_nonnull(app = appearance(v, "cafe-curfew"));
    ck_assert_str_eq(str_at(app, "name"), "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez");
    ck_assert_ptr_nonnull(appearance(v, "market-day"));
    ck_assert_uint_eq(json_array_size(json_object_get(v, "quotes")), 2);
    /* The per-article id is the same readable transliteration; the annotator's
     * ASCII-only id of earlier builds ("jos-n-ez") still routes. */
    ck_assert_str_eq(str_at(app, "speaker"), "jose-nunez");
    snprintf(path, sizeof path, "/v1/articles/cafe-curfew/speakers/%s", str_at(app, "speaker"));
    json_decref(v);
    resp_free(&r);
    r = get(&srv, path);
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = get(&srv, "/v1/articles/cafe-curfew/speakers/jos-n-ez");
    ck_assert_int_eq(r.status, 200);
    v = json_of(&r);
    ck_assert_str_eq(str_at(v, "id"), "jose-nunez");
    json_decref(v);
    resp_free(&r);
    /* ... and filters by either id find the quote (the readable one both articles') */
    ck_assert_int_eq(total_of("/v1/quotes?speaker=jos-n-ez", &v), 1);
    json_decref(v);
    ck_assert_int_eq(total_of("/v1/quotes?speaker=jose-nunez", &v), 2);
    json_decref(v);
    ck_assert_int_ge(total_of("/v1/search?q=music&speaker=jos-n-ez", &v), 1);
    json_decref(v);
    ck_assert_int_ge(total_of("/v1/search?q=music&speaker=jose-nunez", &v), 1);
    json_decref(v);
    r = get(&srv, "/v1/articles/cafe-curfew/speakers/jose-nunez");
    ck_assert_int_eq(r.status, 200);
    v = json_of(&r);
    ck_assert_str_eq(str_at(v, "name"), "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez");
    json_decref(v);
    resp_free(&r);
    /* A Cyrillic full name and a Latin "President Putin" in another article: one speaker. */
    r = get(&srv, "/v1/speakers/vladimir-putin");
    ck_assert_int_eq(r.status, 200);
    v = json_of(&r);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "article_count")), 2);
    ck_assert_ptr_nonnull(app = appearance(v, "summit-opens"));
    ck_assert_str_eq(str_at(app, "name"), "\xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0"
                                          "\xB8\xD1\x80 \xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD");
    ck_assert_ptr_nonnull(app = appearance(v, "summit-closes"));
    ck_assert_str_eq(str_at(app, "role"), "President");
    json_decref(v);
    resp_free(&r);
    r = get(&srv, "/v1/speakers/putin");
    assert_problem(&r, 404);
    resp_free(&r);
    /* Mayor Ana Ruiz: two articles; the list pages through every speaker once. */
    n = total_of("/v1/speakers?limit=100", &v);
    ck_assert_int_ge(n, 4);
    json_array_foreach (json_object_get(v, "items"), i, it) {
        ck_assert(!json_object_get(it, "quotes"));
        if (!strcmp(str_at(it, "id"), "ana-ruiz"))
            ck_assert_int_eq(json_integer_value(json_object_get(it, "article_count")), 2);
        if (i)
            ck_assert_int_lt(strcmp(str_at(json_array_get(json_object_get(v, "items"), i - 1), "id"),
                                    str_at(it, "id")), 0);
    }
    json_decref(v);
    ck_assert_int_eq(total_of("/v1/speakers?limit=1&offset=2", NULL), n);
}
END_TEST


/* ---- exports ---- */

/* Parse RFC 4180 text into rows of fields (a JSON array of arrays of strings). */
static json_t *csv_parse(const char *s, size_t n)
{
    json_t *rows = json_array(), *row = json_array();
    struct {
        char *p;
        size_t n, cap;
    } f = {malloc(n + 1), 0, n + 1};
    size_t i = 0;

    ck_assert_ptr_nonnull(f.p);
    while (i < n) {
        f.n = 0;
        if (s[i] == '"') {
            for (i++; i < n; i++) {
                if (s[i] == '"' && i + 1 < n && s[i + 1] == '"')
                    f.p[f.n++] = s[i++];
                else if (s[i] == '"')
                    break;
                else
                    f.p[f.n++] = s[i];
            }
            ck_assert_msg(i < n, "unterminated quoted field");
            i++;
        } else {
            while (i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
                ck_assert_msg(s[i] != '"', "bare quote in an unquoted field");
                f.p[f.n++] = s[i++];
            }
        }
        json_array_append_new(row, json_stringn(f.p, f.n));
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        ck_assert_msg(i + 1 < n + 1 && s[i] == '\r' && s[i + 1] == '\n', "row not ended by CRLF");
        i += 2;
        json_array_append_new(rows, row);
        row = json_array();
    }
    json_decref(row);
    free(f.p);
    return rows;
}

static const char *cell(json_t *rows, size_t r, size_t c)
{
    return json_string_value(json_array_get(json_array_get(rows, r), c));
}

START_TEST(export_bad_values_are_400)
{
    static const char *const bad[] = {"/v1/quotes?format=xml", "/v1/quotes?format=csv&limit=0",
                                      "/v1/quotes?format=csv&limit=100001",
                                      "/v1/quotes?format=ndjson&offset=x",
                                      "/v1/quotes?format=csv&q=-x"};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct resp r = get(&srv, bad[i]);

        assert_problem(&r, 400);
        resp_free(&r);
    }
}
END_TEST

START_TEST(csv_export_parses_back_to_the_json)
{
    const char *csv_accept[] = {"Accept: text/csv", NULL}, *inm[3];
    struct resp r = get(&srv, "/v1/quotes?limit=100"), rc;
    json_t *list = json_of(&r), *items = json_object_get(list, "items"), *rows, *it;
    char etag[64], h[100];
    size_t i;

    resp_free(&r);
    rc = request(&srv, "GET", "/v1/quotes", csv_accept, NULL, 0);
    ck_assert_int_eq(rc.status, 200);
    ck_assert_str_eq(header(&rc, "content-type"), "text/csv; charset=utf-8; header=present");
    ck_assert_int_eq(atol(header(&rc, "x-total-count")), (long)json_array_size(items));
    rows = csv_parse(rc.body, rc.len);
    ck_assert_uint_eq(json_array_size(rows), json_array_size(items) + 1);
    ck_assert_str_eq(cell(rows, 0, 0), "article");
    ck_assert_str_eq(cell(rows, 0, 13), "sentence");
    json_array_foreach (items, i, it) {
        char para[24];

        snprintf(para, sizeof para, "%lld", (long long)json_integer_value(json_object_get(it, "paragraph")));
        ck_assert_uint_eq(json_array_size(json_array_get(rows, i + 1)), 14);
        ck_assert_str_eq(cell(rows, i + 1, 0), str_at(it, "article"));
        ck_assert_str_eq(cell(rows, i + 1, 4), str_at(it, "section"));
        ck_assert_str_eq(cell(rows, i + 1, 5), para);
        ck_assert_str_eq(cell(rows, i + 1, 6), str_at(it, "id"));
        ck_assert_str_eq(cell(rows, i + 1, 7), str_at(it, "text"));
        ck_assert_str_eq(cell(rows, i + 1, 8), str_at(it, "kind"));
        ck_assert_str_eq(cell(rows, i + 1, 12), str_at(it, "cue") ? str_at(it, "cue") : "");
        ck_assert_ptr_nonnull(strstr(cell(rows, i + 1, 13), str_at(it, "text")));
    }
    /* The accented speaker's name and the article's metadata are in their columns. */
    json_array_foreach (rows, i, it)
        if (i && !strcmp(cell(rows, i, 0), "cafe-curfew") && !strcmp(cell(rows, i, 6), "q1")) {
            ck_assert_str_eq(cell(rows, i, 9), "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez");
            ck_assert_str_eq(cell(rows, i, 2), "2024-10-03T06:45:00-07:00");
            ck_assert_str_eq(cell(rows, i, 3), "https://example.org/cafe");
        }
    snprintf(etag, sizeof etag, "%s", header(&rc, "etag"));
    json_decref(rows);
    resp_free(&rc);
    /* Revalidation works on an export too. */
    snprintf(h, sizeof h, "If-None-Match: %s", etag);
    inm[0] = h;
    inm[1] = "Accept: text/csv";
    inm[2] = NULL;
    rc = request(&srv, "GET", "/v1/quotes", inm, NULL, 0);
    ck_assert_int_eq(rc.status, 304);
    resp_free(&rc);
    /* NDJSON: one object a line, the same quotes; filters and offset/limit apply. */
    rc = get(&srv, "/v1/quotes?format=ndjson&q=mayor&offset=0&limit=1");
    ck_assert_int_eq(rc.status, 200);
    ck_assert_ptr_nonnull(strstr(header(&rc, "content-type"), "application/x-ndjson"));
    resp_free(&rc);
    rc = get(&srv, "/v1/quotes?format=ndjson&speaker=ana-ruiz");
    {
        size_t lines = 0;

        for (char *p = rc.body, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
            json_t *o = json_loadb(p, (size_t)(nl - p), 0, NULL);

            ck_assert_ptr_nonnull(o);
            ck_assert_str_eq(str_at(o, "speaker"), "Ana Ruiz");
            json_decref(o);
            lines++;
        }
        ck_assert_uint_eq(lines, 2);
    }
    resp_free(&rc);
    json_decref(list);
}
END_TEST

/* The JSON snippet as plain text: no <mark>, no HTML escapes. */
static void plain(const char *s, char *out, size_t cap)
{
    size_t n = 0;

    while (*s && n + 1 < cap) {
        if (!strncmp(s, "<mark>", 6))
            s += 6;
        else if (!strncmp(s, "</mark>", 7))
            s += 7;
        else if (!strncmp(s, "&amp;", 5) && (s += 5))
            out[n++] = '&';
        else if (!strncmp(s, "&lt;", 4) && (s += 4))
            out[n++] = '<';
        else if (!strncmp(s, "&gt;", 4) && (s += 4))
            out[n++] = '>';
        else
            out[n++] = *s++;
    }
    out[n] = '\0';
}

/* Does export row (CSV cells, or an NDJSON object) match JSON hit it? */
static void assert_hit_row(json_t *it, const char *const cells[17])
{
    char para[24] = "", snip[2048];
    json_t *p = json_object_get(it, "paragraph");

    if (json_is_integer(p))
        snprintf(para, sizeof para, "%lld", (long long)json_integer_value(p));
    plain(str_at(it, "snippet"), snip, sizeof snip);
    ck_assert_str_eq(cells[0], str_at(it, "article"));
    ck_assert_str_eq(cells[1], str_at(it, "title"));
    ck_assert_str_eq(cells[2], str_at(it, "published") ? str_at(it, "published") : "");
    ck_assert_str_eq(cells[4], str_at(it, "section") ? str_at(it, "section") : "");
    ck_assert_str_eq(cells[5], para);
    ck_assert_str_eq(cells[6], str_at(it, "type"));
    ck_assert_str_eq(cells[7], snip);
    ck_assert_ptr_null(strstr(cells[7], "<mark>"));
    ck_assert(fabs(strtod(cells[8], NULL) - json_number_value(json_object_get(it, "rank"))) < 1e-4);
    ck_assert_str_eq(cells[9], str_at(it, "quote") ? str_at(it, "quote") : "");
    if (!strcmp(str_at(it, "type"), "quote")) {
        /* The quote's text, and the sentence around it. */
        ck_assert_str_ne(cells[10], "");
        ck_assert_ptr_nonnull(strstr(cells[16], cells[10]));
        ck_assert_str_ne(cells[11], "");
    } else {
        for (int k = 10; k < 17; k++)
            ck_assert_str_eq(cells[k], "");
    }
}

START_TEST(search_exports_match_the_json)
{
    const char *csv_accept[] = {"Accept: text/csv", NULL};
    struct resp r;
    json_t *page, *items, *rows, *it;
    size_t i, kinds[3] = {0, 0, 0};
    long n = total_of("/v1/search?q=the&limit=100", &page);

    items = json_object_get(page, "items");
    ck_assert_int_ge(n, 5);
    ck_assert_int_le(n, 100);
    /* CSV by Accept: a header row, then one row a hit in the same order. */
    r = request(&srv, "GET", "/v1/search?q=the", csv_accept, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(header(&r, "content-type"), "text/csv; charset=utf-8; header=present");
    ck_assert_int_eq(atol(header(&r, "x-total-count")), n);
    ck_assert_ptr_nonnull(strstr(header(&r, "content-disposition"), "search.csv"));
    rows = csv_parse(r.body, r.len);
    resp_free(&r);
    ck_assert_uint_eq(json_array_size(rows), (size_t)n + 1);
    ck_assert_str_eq(cell(rows, 0, 0), "article");
    ck_assert_str_eq(cell(rows, 0, 6), "type");
    ck_assert_str_eq(cell(rows, 0, 7), "snippet");
    ck_assert_str_eq(cell(rows, 0, 16), "sentence");
    json_array_foreach (items, i, it) {
        const char *cells[17];

        ck_assert_uint_eq(json_array_size(json_array_get(rows, i + 1)), 17);
        for (size_t k = 0; k < 17; k++)
            cells[k] = cell(rows, i + 1, k);
        assert_hit_row(it, cells);
        kinds[!strcmp(str_at(it, "type"), "title")   ? 0
              : !strcmp(str_at(it, "type"), "quote") ? 2
                                                     : 1]++;
    }
    /* The query hits titles, paragraphs and quotes alike. */
    ck_assert(kinds[0] && kinds[1] && kinds[2]);
    json_decref(rows);
    /* NDJSON by format, with offset and limit: the same hits, as objects with nulls. */
    r = get(&srv, "/v1/search?q=the&format=ndjson&offset=2&limit=3");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(header(&r, "content-type"), "application/x-ndjson"));
    ck_assert_int_eq(atol(header(&r, "x-total-count")), n);
    i = 0;
    for (char *p = r.body, *nl; (nl = strchr(p, '\n')); p = nl + 1, i++) {
        static const char *const names[17] = {
            "article", "title",   "published",    "url",   "section", "paragraph",
            "type",    "snippet", "rank",         "quote", "text",    "kind",
            "speaker", "role",    "organization", "cue",   "sentence"};
        json_t *o = json_loadb(p, (size_t)(nl - p), 0, NULL);
        const char *cells[17];
        char para[24], rank[32];

        ck_assert_ptr_nonnull(o);
        ck_assert_uint_eq(json_object_size(o), 17);
        for (size_t k = 0; k < 17; k++) {
            json_t *x = json_object_get(o, names[k]);

            ck_assert_msg(x != NULL, "no %s", names[k]);
            cells[k] = json_is_string(x) ? json_string_value(x) : "";
        }
        if (json_is_integer(json_object_get(o, "paragraph"))) {
            snprintf(para, sizeof para, "%lld",
                     (long long)json_integer_value(json_object_get(o, "paragraph")));
            cells[5] = para;
        }
        snprintf(rank, sizeof rank, "%.17g", json_number_value(json_object_get(o, "rank")));
        cells[8] = rank;
        assert_hit_row(json_array_get(items, i + 2), cells);
        json_decref(o);
    }
    ck_assert_uint_eq(i, 3);
    resp_free(&r);
    /* Bad values of an export are 400s, never a broken stream. */
    assert_bad_param("/v1/search?q=the&format=xml", "format");
    assert_bad_param("/v1/search?q=the&format=csv&limit=100001", "limit");
    assert_bad_param("/v1/search?q=-the&format=csv", "q");
    assert_bad_param("/v1/search?format=csv", "q");
    assert_bad_param("/v1/search?q=the&format=ndjson&from=soon", "from");
    /* The JSON page stays at 100. */
    assert_bad_param("/v1/search?q=the&limit=101", "limit");
    json_decref(page);
}
END_TEST

/* An export past its first batch of hits (1000) keeps the JSON's order and misses none. */
START_TEST(search_export_streams_past_a_batch)
{
    enum { NPARA = 2500 };
    struct server big;
    char *dir = make_dir(), target[128], para[24];
    struct buf text;
    struct resp r, page;
    json_t *rows, *v;
    size_t lines = 0;

    buf_init(&text, 1u << 20);
    ck_assert_int_eq(buf_adds(&text, "Zebra census\n\n"), 0);
    for (int i = 0; i < NPARA; i++)
        ck_assert_int_eq(buf_addf(&text, "Count %d of the zebras in the park.\n\n", i), 0);
    put_str(dir, "zebras.txt", text.data);
    buf_free(&text);
    server_start(&big, dir, NULL);
    r = get(&big, "/v1/search?q=zebras&format=csv");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(atol(header(&r, "x-total-count")), NPARA);
    rows = csv_parse(r.body, r.len);
    ck_assert_uint_eq(json_array_size(rows), NPARA + 1);
    resp_free(&r);
    /* Around the first batch's end and at the last row, the same hits as the JSON pages. */
    for (size_t at = 998; at < NPARA; at = at == 1001 ? NPARA - 1 : at + 1) {
        snprintf(target, sizeof target, "/v1/search?q=zebras&limit=1&offset=%zu", at);
        page = get(&big, target);
        v = json_of(&page);
        snprintf(para, sizeof para, "%lld",
                 (long long)json_integer_value(
                     json_object_get(json_array_get(json_object_get(v, "items"), 0), "paragraph")));
        ck_assert_str_eq(cell(rows, at + 1, 5), para);
        json_decref(v);
        resp_free(&page);
    }
    json_decref(rows);
    /* NDJSON from an offset, across a batch: a line a hit, every paragraph once. */
    r = get(&big, "/v1/search?q=zebras&format=ndjson&offset=1500&limit=1200");
    ck_assert_int_eq(r.status, 200);
    for (char *p = r.body, *nl; (nl = strchr(p, '\n')); p = nl + 1)
        lines++;
    ck_assert_uint_eq(lines, NPARA - 1500);
    resp_free(&r);
    server_stop(&big);
    remove_dir(dir);
}
END_TEST

/* ---- offsets for JavaScript ---- */

START_TEST(utf16_offsets_on_emoji_text)
{
    struct resp r = get(&srv, "/v1/articles/cup-final/quotes?offsets=bytes");
    json_t *cp, *u16, *a, *b;

    assert_problem(&r, 400);
    resp_free(&r);
    r = get(&srv, "/v1/articles/cup-final/quotes?limit=5");
    cp = json_of(&r);
    resp_free(&r);
    r = get(&srv, "/v1/articles/cup-final/quotes?limit=5&offsets=utf16");
    ck_assert_int_eq(r.status, 200);
    u16 = json_of(&r);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(json_object_get(u16, "links"), "self")),
                                 "offsets=utf16"));
    resp_free(&r);
    a = json_array_get(json_object_get(cp, "items"), 0);
    b = json_array_get(json_object_get(u16, "items"), 0);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    /* "Fans 🎉🎉 cheered. “": 18 code points, 20 UTF-16 units. */
    ck_assert_int_eq(json_integer_value(json_object_get(a, "start")), 18);
    ck_assert_int_eq(json_integer_value(json_object_get(b, "start")), 20);
    /* "Best 🏆 day ever," is 16 code points, 17 units. */
    ck_assert_int_eq(json_integer_value(json_object_get(a, "end")) -
                         json_integer_value(json_object_get(a, "start")), 16);
    ck_assert_int_eq(json_integer_value(json_object_get(b, "end")) -
                         json_integer_value(json_object_get(b, "start")), 17);
    /* The spans after the quote move by the three astral characters. */
    if (json_is_object(json_object_get(a, "cue_span")))
        ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(b, "cue_span"), "start")),
                         json_integer_value(json_object_get(json_object_get(a, "cue_span"), "start")) + 3);
    ck_assert(json_is_object(json_object_get(a, "speaker_span")));
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(b, "speaker_span"), "end")),
                     json_integer_value(json_object_get(json_object_get(a, "speaker_span"), "end")) + 3);
    json_decref(cp);
    json_decref(u16);
    /* Across articles too. */
    r = get(&srv, "/v1/quotes?speaker=li-wei&offsets=utf16");
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
}
END_TEST

/* UTF-8 s as UTF-16 code units into out (cap of them); returns how many. */
static size_t to_utf16(const char *s, uint16_t *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    while (*p && n + 2 <= cap) {
        uint32_t c;

        if (*p < 0x80)
            c = *p++;
        else if (*p < 0xE0) {
            c = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
            p += 2;
        } else if (*p < 0xF0) {
            c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            p += 3;
        } else {
            c = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
                (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
            p += 4;
        }
        if (c > 0xFFFF) {
            c -= 0x10000;
            out[n++] = (uint16_t)(0xD800 + (c >> 10));
            out[n++] = (uint16_t)(0xDC00 + (c & 0x3FF));
        } else {
            out[n++] = (uint16_t)c;
        }
    }
    return n;
}

/* Is units [start, end) of paragraph text, as JavaScript would slice it, the string want? */
static int js_slice_is(const char *text, json_t *start, json_t *end, const char *want)
{
    uint16_t t[512], w[512];
    size_t nt = to_utf16(text, t, 512), nw = to_utf16(want, w, 512);
    long long s = json_integer_value(start), e = json_integer_value(end);

    return s >= 0 && e >= s && (size_t)e <= nt && (size_t)(e - s) == nw &&
           !memcmp(t + s, w, nw * sizeof *w);
}

/* The text of paragraph i of an article body. */
static const char *para_text(json_t *article, long long i)
{
    json_t *sec, *p;
    size_t k, j;

    json_array_foreach (json_object_get(article, "sections"), k, sec)
        json_array_foreach (json_object_get(sec, "paragraphs"), j, p)
            if (json_integer_value(json_object_get(p, "index")) == i)
                return str_at(p, "text");
    return NULL;
}

/* The quote q of article body a sliced in UTF-16 units: text, cue and speaker spans. */
static int quote_slices_ok(json_t *a, json_t *q)
{
    const char *text = para_text(a, json_integer_value(json_object_get(q, "paragraph")));
    json_t *cue = json_object_get(q, "cue_span");

    ck_assert_ptr_nonnull(text);
    return js_slice_is(text, json_object_get(q, "start"), json_object_get(q, "end"),
                       str_at(q, "text")) &&
           (!json_is_object(cue) || js_slice_is(text, json_object_get(cue, "start"),
                                                json_object_get(cue, "end"), str_at(q, "cue")));
}

/* GET target, asserting 200: its JSON, and its ETag into etag (cap bytes) when not NULL. */
static json_t *json_ok(const char *target, char *etag, size_t cap)
{
    struct resp r = get(&srv, target);
    json_t *v;

    ck_assert_msg(r.status == 200, "%s: %ld %.300s", target, r.status, r.body);
    v = json_of(&r);
    if (etag)
        snprintf(etag, cap, "%s", header(&r, "etag"));
    resp_free(&r);
    return v;
}

START_TEST(utf16_offsets_on_every_resource)
{
    static const char *const bad[] = {"/v1/articles/cup-final?offsets=bytes",
                                      "/v1/articles/cup-final?offsets=UTF16",
                                      "/v1/articles/cup-final/quotes/q1?offsets=x",
                                      "/v1/articles/cup-final/sections?offsets=",
                                      "/v1/articles/cup-final/sections/intro?offsets=8",
                                      "/v1/articles/cup-final/speakers/li-wei?offsets=x",
                                      "/v1/speakers/li-wei?offsets=utf-16",
                                      "/v1/quotes?format=csv&offsets=x"};
    const char *gz[] = {"Accept-Encoding: gzip", NULL}, *inm[2];
    struct resp r;
    json_t *cp, *u16, *q, *one;
    char etag[64], etag_cp[64], path[160], h[100];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_bad_param(bad[i], "offsets");
    cp = json_ok("/v1/articles/cup-final", etag_cp, sizeof etag_cp);
    u16 = json_ok("/v1/articles/cup-final?offsets=utf16", etag, sizeof etag);
    /* Its own ETag; the article is otherwise the same. */
    ck_assert_str_ne(etag, etag_cp);
    ck_assert_ptr_nonnull(strstr(etag, "-u16\""));
    ck_assert(json_equal(json_object_get(cp, "sections"), json_object_get(u16, "sections")));
    /* JavaScript slices of the paragraph give the quote and its cue with the UTF-16 offsets;
     * the code-point offsets would not (two emoji come before the quote). */
    q = json_array_get(json_object_get(u16, "quotes"), 0);
    ck_assert_ptr_nonnull(q);
    ck_assert(quote_slices_ok(u16, q));
    ck_assert(!quote_slices_ok(cp, json_array_get(json_object_get(cp, "quotes"), 0)));
    ck_assert_int_eq(json_integer_value(json_object_get(q, "start")), 20);
    ck_assert_int_eq(json_integer_value(json_object_get(q, "end")), 37);
    /* Revalidation and gzip keep the variant apart. */
    snprintf(h, sizeof h, "If-None-Match: %s", etag);
    inm[0] = h;
    inm[1] = NULL;
    r = request(&srv, "GET", "/v1/articles/cup-final?offsets=utf16", inm, NULL, 0);
    ck_assert_int_eq(r.status, 304);
    resp_free(&r);
    r = request(&srv, "GET", "/v1/articles/cup-final", inm, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    resp_free(&r);
    r = request(&srv, "GET", "/v1/articles/cup-final?offsets=utf16", gz, NULL, 0);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(header(&r, "content-encoding"), "gzip");
    ck_assert_ptr_nonnull(strstr(header(&r, "etag"), "-u16-gz\""));
    resp_free(&r);
    /* fields= with offsets: the quotes converted, nothing else there. */
    one = json_ok("/v1/articles/cup-final?fields=quotes&offsets=utf16", NULL, 0);
    ck_assert(json_equal(json_object_get(one, "quotes"), json_object_get(u16, "quotes")));
    ck_assert_ptr_null(json_object_get(one, "sections"));
    json_decref(one);
    /* One quote, by id and by key; a speaker's quotes, in the article and across articles. */
    snprintf(path, sizeof path, "/v1/articles/cup-final/quotes/%s?offsets=utf16", str_at(q, "key"));
    {
        const char *const targets[] = {"/v1/articles/cup-final/quotes/q1?offsets=utf16", path};

        for (size_t i = 0; i < 2; i++) {
            one = json_ok(targets[i], h, sizeof h);
            ck_assert(quote_slices_ok(u16, one));
            ck_assert(json_equal(one, q));
            ck_assert_ptr_nonnull(strstr(h, "-u16\""));
            json_decref(one);
        }
    }
    {
        const char *const targets[] = {"/v1/articles/cup-final/speakers/li-wei?offsets=utf16",
                                       "/v1/speakers/li-wei?offsets=utf16"};

        for (size_t i = 0; i < 2; i++) {
            one = json_ok(targets[i], NULL, 0);
            ck_assert_uint_eq(json_array_size(json_object_get(one, "quotes")), 1);
            ck_assert(quote_slices_ok(u16, json_array_get(json_object_get(one, "quotes"), 0)));
            json_decref(one);
        }
    }
    /* Sections carry no offsets: the same body under another tag. */
    json_decref(json_ok("/v1/articles/cup-final/sections/intro?offsets=utf16", h, sizeof h));
    ck_assert_ptr_nonnull(strstr(h, "-u16\""));
    json_decref(json_ok("/v1/articles/cup-final/sections?offsets=codepoints", NULL, 0));
    json_decref(cp);
    json_decref(u16);
}
END_TEST

/* ---- stable ids ---- */

/* The quotes' keys and ids of an ad-hoc annotation of text. */
static json_t *annotate_quotes(const char *text)
{
    const char *h[] = {"Content-Type: text/plain; charset=utf-8", NULL};
    struct resp r = request(&srv, "POST", "/v1/annotate", h, text, strlen(text));
    json_t *v, *q;

    ck_assert_int_eq(r.status, 200);
    v = json_of(&r);
    q = json_incref(json_object_get(v, "quotes"));
    json_decref(v);
    resp_free(&r);
    return q;
}

START_TEST(stable_ids_survive_an_inserted_quote)
{
    static const char before[] = "Vote\n\nThe council met.\n\n"
                                 "\xE2\x80\x9CWe will not back down,\xE2\x80\x9D said Ana Ruiz.\n\n"
                                 "\xE2\x80\x9CNor will we,\xE2\x80\x9D said Tom Hartley.\n";
    static const char after[] = "Vote\n\n\xE2\x80\x9CIt was a long night,\xE2\x80\x9D said Li Wei.\n\n"
                                "The council met.\n\n"
                                "\xE2\x80\x9CWe will not back down,\xE2\x80\x9D said Ana Ruiz.\n\n"
                                "\xE2\x80\x9CNor will we,\xE2\x80\x9D said Tom Hartley.\n";
    json_t *a = annotate_quotes(before), *b = annotate_quotes(after);
    struct resp r;
    char path[160];

    ck_assert_uint_eq(json_array_size(a), 2);
    ck_assert_uint_eq(json_array_size(b), 3);
    for (size_t i = 0; i < 2; i++) {
        json_t *x = json_array_get(a, i), *y = json_array_get(b, i + 1);

        /* The reading-order id moves; the key stays. */
        ck_assert_str_ne(str_at(x, "id"), str_at(y, "id"));
        ck_assert_str_eq(str_at(x, "key"), str_at(y, "key"));
        ck_assert_str_eq(str_at(x, "text"), str_at(y, "text"));
    }
    ck_assert_str_ne(str_at(json_array_get(a, 0), "key"), str_at(json_array_get(a, 1), "key"));
    json_decref(a);
    json_decref(b);
    /* A stored quote answers at its key as at its id. */
    r = get(&srv, "/v1/articles/cafe-curfew/quotes/q1");
    a = json_of(&r);
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/articles/cafe-curfew/quotes/%s", str_at(a, "key"));
    r = get(&srv, path);
    ck_assert_int_eq(r.status, 200);
    b = json_of(&r);
    ck_assert(json_equal(a, b));
    json_decref(a);
    json_decref(b);
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
    tcase_add_test(errors, search_export_streams_past_a_batch);
    tcase_add_test(meta, search_bad_values_are_400);
    tcase_add_test(meta, corpus_speaker_errors);
    tcase_add_test(meta, export_bad_values_are_400);
    suite_add_tcase(s, errors);
    tcase_add_test(meta, article_metadata_served);
    tcase_add_test(meta, last_modified_and_if_modified_since);
    tcase_add_test(meta, search_folds_case_diacritics_apostrophes);
    tcase_add_test(meta, search_phrases_prefixes_exclusions);
    tcase_add_test(meta, search_filters_sort_and_pages);
    tcase_add_test(meta, corpus_speakers_across_articles);
    tcase_add_test(meta, csv_export_parses_back_to_the_json);
    tcase_add_test(meta, utf16_offsets_on_emoji_text);
    tcase_add_test(meta, stable_ids_survive_an_inserted_quote);
    tcase_add_test(meta, list_filters_bad_values_are_400);
    tcase_add_test(meta, list_filters_on_articles);
    tcase_add_test(meta, list_filters_on_quotes);
    tcase_add_test(meta, search_exports_match_the_json);
    tcase_add_test(meta, utf16_offsets_on_every_resource);
    suite_add_tcase(s, meta);
    return s;
}

CHECK_MAIN(newsroom_suite)
