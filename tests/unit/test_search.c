/* test_search.c - the q grammar and the FTS5 index of a snapshot, without HTTP. */
#include <check.h>
#include <string.h>

#include "article.h"
#include "check_main.h"
#include "search.h"

START_TEST(compile_refuses)
{
    char out[8192], big[2100];
    const char *why;

    ck_assert_int_eq(search_compile("", 0, out, sizeof out, &why), -1);
    ck_assert_str_eq(why, "q is empty");
    ck_assert_int_eq(search_compile("   ", 0, out, sizeof out, &why), -1);
    ck_assert_int_eq(search_compile("-a -b", 0, out, sizeof out, &why), -1);
    ck_assert_ptr_nonnull(strstr(why, "excluded"));
    ck_assert_int_eq(search_compile("***", 0, out, sizeof out, &why), -1);
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(search_compile(big, 0, out, sizeof out, &why), -1);
    ck_assert_int_eq(search_compile("a b c d e f g h i j k l m n o p q r s t u v w x y z "
                                    "aa bb cc dd ee ff gg",
                                    0, out, sizeof out, &why),
                     -1);
    /* Too small an output is refused, never cut. */
    ck_assert_int_eq(search_compile("hello world", 0, out, 8, &why), -1);
}
END_TEST

START_TEST(compile_grammar)
{
    char out[2048];
    const char *why;

    ck_assert_int_eq(search_compile("Café", 0, out, sizeof out, &why), 0);
    ck_assert_str_eq(out, "\"Café\"");
    ck_assert_int_eq(search_compile("a \"b c\" d* -e -\"f g\"", 0, out, sizeof out, &why), 0);
    ck_assert_str_eq(out, "(\"a\" AND \"b c\" AND \"d\"*) NOT (\"e\" OR \"f g\")");
    /* FTS5 syntax in q is text, not operators. */
    ck_assert_int_eq(search_compile("a OR b NEAR(c) x\"y", 0, out, sizeof out, &why), 0);
    ck_assert_str_eq(out, "\"a\" AND \"OR\" AND \"b\" AND \"NEAR(c)\" AND \"x\"\"y\"");
    ck_assert_int_eq(search_compile("french monitor", 1, out, sizeof out, &why), 0);
    ck_assert_str_eq(out, "\"french\"* AND \"monitor\"*");
    /* Several words to the tokenizer: a phrase, not a prefix ("they represent" is no match). */
    ck_assert_int_eq(search_compile("they're caf\xC3\xA9", 1, out, sizeof out, &why), 0);
    ck_assert_str_eq(out, "\"they're\" AND \"caf\xC3\xA9\"*");
}
END_TEST

static size_t seen;

static void count_quote(void *ud, const struct article *a, size_t i)
{
    (void)ud;
    (void)a;
    (void)i;
    seen++;
}

START_TEST(index_and_query)
{
    static const char text[] = "Café owners push back\n\n"
                               "“They’re closing the CAFÉ district,” said José Núñez.\n\n"
                               "Nothing & <nobody> else.\n";
    struct article_error err;
    struct article *a = article_build("t", text, sizeof text - 1, NULL, &err);
    struct search_index *ix = search_new();
    struct search_query q = {"cafe", NULL, NULL, NULL, -1, -1, SEARCH_SORT_RELEVANCE};
    struct search_hit *hits;
    size_t n, total;
    const char *why;

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(ix);
    ck_assert_int_eq(search_add(ix, a), 0);
    ck_assert_int_eq(search_seal(ix), 0);
    ck_assert_int_eq(search_run(ix, &q, 0, 10, &hits, &n, &total, &why), 0);
    ck_assert_uint_eq(total, 3); /* the title, the paragraph and the quote */
    ck_assert_uint_eq(n, 3);
    search_hits_free(hits, n);
    q.q = "nobody";
    ck_assert_int_eq(search_run(ix, &q, 0, 10, &hits, &n, &total, &why), 0);
    ck_assert_uint_eq(n, 1);
    /* Text is escaped around the mark. */
    ck_assert_str_eq(hits[0].snippet, "Nothing &amp; &lt;<mark>nobody</mark>&gt; else.");
    search_hits_free(hits, n);
    q.q = "-x";
    ck_assert_int_eq(search_run(ix, &q, 0, 10, &hits, &n, &total, &why), -2);
    ck_assert_ptr_null(hits);
    seen = 0;
    ck_assert_int_eq(search_quotes(ix, "they’re CAF", count_quote, NULL), 0);
    ck_assert_uint_eq(seen, 1);
    search_free(ix);
    search_free(NULL);
    article_free(a);
}
END_TEST

static Suite *search_suite(void)
{
    Suite *s = suite_create("search");
    TCase *neg = tcase_create("refused"), *ok = tcase_create("search");

    tcase_add_test(neg, compile_refuses);
    suite_add_tcase(s, neg);
    tcase_add_test(ok, compile_grammar);
    tcase_add_test(ok, index_and_query);
    suite_add_tcase(s, ok);
    return s;
}

CHECK_MAIN(search_suite)
