/* test_translit.c - ids from names in any script. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "translit.h"

static void slug_is(const char *name, const char *want)
{
    char *s = translit_slug(name);

    ck_assert_ptr_nonnull(s);
    ck_assert_msg(!strcmp(s, want), "slug of '%s' is '%s', want '%s'", name, s, want);
    free(s);
}

START_TEST(nothing_left)
{
    slug_is("", "");
    slug_is("  --  ", "");
    slug_is("\xE2\x80\x9C\xE2\x80\x9D", ""); /* “” */
}
END_TEST

START_TEST(scripts)
{
    slug_is("Francois Hollande", "francois-hollande");
    slug_is("Fran\xC3\xA7ois Hollande", "francois-hollande");
    slug_is("Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez", "jose-nunez");
    slug_is("\xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0\xB8\xD1\x80 "
            "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD",
            "vladimir-putin");
    slug_is("\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E", "wang-xiao-ming"); /* 王小明 */
    slug_is("\xCE\x91\xCE\xBB\xCE\xAD\xCE\xBE\xCE\xB7\xCF\x82 \xCE\xA4\xCF\x83\xCE\xAF\xCF\x80"
            "\xCF\x81\xCE\xB1\xCF\x82",
            "alexes-tsipras"); /* Αλέξης Τσίπρας */
    slug_is("O'Brien", "o-brien");
}
END_TEST

static Suite *translit_suite(void)
{
    Suite *s = suite_create("translit");
    TCase *neg = tcase_create("empty"), *ok = tcase_create("scripts");

    tcase_add_test(neg, nothing_left);
    suite_add_tcase(s, neg);
    tcase_add_test(ok, scripts);
    suite_add_tcase(s, ok);
    return s;
}

CHECK_MAIN(translit_suite)
