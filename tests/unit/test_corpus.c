/* test_corpus.c - speakers grouped across articles, without HTTP. */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "buf.h"
#include "corpus.h"
#include "render.h"

static struct article *build(const char *id, const char *text)
{
    struct article_error err;
    struct article *a = article_build(id, text, strlen(text), NULL, &err);

    ck_assert_msg(a != NULL, "%s: %s", id, err.msg);
    return a;
}

START_TEST(empty_corpus)
{
    struct corpus *c = corpus_build(NULL, 0);

    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(c->n, 0);
    ck_assert_int_eq(corpus_find(c, "anyone"), -1);
    corpus_free(c);
    corpus_free(NULL);
}
END_TEST

START_TEST(one_article_keeps_two_people_apart)
{
    /* Two speakers of one article whose names fold alike are not merged. */
    struct article *a = build("a", "T\n\n\xE2\x80\x9COne,\xE2\x80\x9D said Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
                                   "ez.\n\n\xE2\x80\x9CTwo,\xE2\x80\x9D said Jose Nunez.\n");
    const struct article *arts[] = {a};
    struct corpus *c;

    ck_assert_uint_eq(a->an->nspeakers, 2);
    c = corpus_build(arts, 1);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(c->n, 2);
    ck_assert_int_ge(corpus_find(c, "jose-nunez"), 0);
    ck_assert_int_ge(corpus_find(c, "jose-nunez-2"), 0);
    corpus_free(c);
    article_free(a);
}
END_TEST

START_TEST(surname_joins_only_a_matching_role)
{
    struct article *a = build("a", "T\n\n\xE2\x80\x9CYes,\xE2\x80\x9D said Ana Ruiz, the mayor.\n");
    struct article *b = build("b", "T\n\n\xE2\x80\x9CNo,\xE2\x80\x9D said Mayor Ruiz.\n");
    struct article *d = build("d", "T\n\n\xE2\x80\x9CMaybe,\xE2\x80\x9D said Professor Ruiz.\n");
    const struct article *arts[] = {a, b, d};
    struct corpus *c = corpus_build(arts, 3);
    long i;

    ck_assert_ptr_nonnull(c);
    i = corpus_find(c, "ana-ruiz");
    ck_assert_int_ge(i, 0);
    ck_assert_uint_eq(c->speakers[i].nmembers, 2); /* the mayor, twice */
    ck_assert_int_ge(corpus_find(c, "ruiz"), 0);   /* the professor stays apart */
    {
        json_t *v = corpus_render(c, (size_t)i, 1);

        ck_assert_ptr_nonnull(v);
        ck_assert_uint_eq(json_array_size(json_object_get(v, "quotes")), 2);
        json_decref(v);
    }
    corpus_free(c);
    article_free(a);
    article_free(b);
    article_free(d);
}
END_TEST

/* The text writer gives the bytes of the tree's dump, detail and list item alike. */
START_TEST(text_matches_tree)
{
    struct article *a = build("a", "T\n\n\xE2\x80\x9CYes \\ \"no\",\xE2\x80\x9D said Ana Ruiz, the mayor.\n\n"
                                   "\xE2\x80\x9CLater,\xE2\x80\x9D said Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez.\n");
    struct article *b = build("b", "T\n\n\xE2\x80\x9CNo,\xE2\x80\x9D said Mayor Ruiz.\n");
    const struct article *arts[] = {a, b};
    struct corpus *c = corpus_build(arts, 2);

    ck_assert_ptr_nonnull(c);
    ck_assert_uint_ge(c->n, 2);
    for (size_t i = 0; i < c->n; i++) {
        json_t *d = corpus_render(c, i, 1), *l = corpus_render(c, i, 0);
        size_t dn = 0, ln = 0, item = 0;
        char *dt = render_dump(d, &dn), *lt = render_dump(l, &ln);
        struct buf out;

        buf_init(&out, 1u << 20);
        ck_assert_int_eq(corpus_render_text(c, i, &out, &item), 0);
        ck_assert_uint_eq(out.len, dn);
        ck_assert_mem_eq(out.data, dt, dn);
        ck_assert_uint_eq(item + 1, ln);
        ck_assert_mem_eq(out.data, lt, item);
        buf_free(&out);
        free(dt);
        free(lt);
        json_decref(d);
        json_decref(l);
    }
    corpus_free(c);
    article_free(a);
    article_free(b);
}
END_TEST

static Suite *corpus_suite(void)
{
    Suite *s = suite_create("corpus");
    TCase *neg = tcase_create("apart"), *ok = tcase_create("merged");

    tcase_add_test(neg, empty_corpus);
    tcase_add_test(neg, one_article_keeps_two_people_apart);
    suite_add_tcase(s, neg);
    tcase_add_test(ok, surname_joins_only_a_matching_role);
    tcase_add_test(ok, text_matches_tree);
    suite_add_tcase(s, ok);
    return s;
}

CHECK_MAIN(corpus_suite)
