/* test_datetime.c - datelines to ISO 8601, ISO checks, HTTP-dates both ways. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "datetime.h"

START_TEST(not_datelines)
{
    char out[DATETIME_MAX];

    ck_assert_int_eq(datetime_from_dateline("", out), -1);
    ck_assert_int_eq(datetime_from_dateline("Tuesday", out), -1);
    ck_assert_int_eq(datetime_from_dateline("Smarch 3, 2024", out), -1);
    /* No such day. */
    ck_assert_int_eq(datetime_from_dateline("February 30, 2023", out), -1);
    ck_assert_int_eq(datetime_from_dateline("31 April 2024", out), -1);
    ck_assert_int_eq(datetime_from_dateline("March 3, 24", out), -1);
}
END_TEST

START_TEST(dateline_forms)
{
    char out[DATETIME_MAX];

    ck_assert_int_eq(datetime_from_dateline("Tuesday, January 28, 2014", out), 0);
    ck_assert_str_eq(out, "2014-01-28");
    ck_assert_int_eq(datetime_from_dateline("Saturday 14 September 2024", out), 0);
    ck_assert_str_eq(out, "2024-09-14");
    ck_assert_int_eq(datetime_from_dateline("February 29, 2024", out), 0);
    ck_assert_str_eq(out, "2024-02-29");
    ck_assert_int_eq(datetime_from_dateline("Published October 3, 2024 6:45am PDT", out), 0);
    ck_assert_str_eq(out, "2024-10-03T06:45:00-07:00");
    ck_assert_int_eq(datetime_from_dateline("Updated: March 5, 2024 12:10 p.m. GMT", out), 0);
    ck_assert_str_eq(out, "2024-03-05T12:10:00Z");
    ck_assert_int_eq(datetime_from_dateline("Posted Sept. 26, 2022 18:05", out), 0);
    ck_assert_str_eq(out, "2022-09-26T18:05:00");
    ck_assert_int_eq(datetime_from_dateline("May 1, 2020 12:00am IST", out), 0);
    ck_assert_str_eq(out, "2020-05-01T00:00:00+05:30");
}
END_TEST

START_TEST(iso_forms)
{
    ck_assert(!datetime_iso_valid(""));
    ck_assert(!datetime_iso_valid("2024-13"));
    ck_assert(!datetime_iso_valid("2023-02-29"));
    ck_assert(!datetime_iso_valid("2024-03-01T25:00"));
    ck_assert(!datetime_iso_valid("2024-03-01 10:00"));
    ck_assert(!datetime_iso_valid("March 2024"));
    ck_assert(datetime_iso_valid("2024"));
    ck_assert(datetime_iso_valid("2024-03"));
    ck_assert(datetime_iso_valid("2024-02-29"));
    ck_assert(datetime_iso_valid("2024-10-03T06:45:00-07:00"));
    ck_assert(datetime_iso_valid("2024-10-03T06:45Z"));
    ck_assert_int_eq(datetime_iso_day("2024-03"), 20240301);
    ck_assert_int_eq(datetime_iso_day("2014-01-28T10:00Z"), 20140128);
}
END_TEST

START_TEST(http_dates)
{
    char out[DATETIME_MAX];
    time_t t = 0;

    ck_assert_int_eq(datetime_http_parse("", &t), -1);
    /* The obsolete RFC 850 and asctime forms are refused. */
    ck_assert_int_eq(datetime_http_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t), -1);
    ck_assert_int_eq(datetime_http_parse("Sun Nov  6 08:49:37 1994", &t), -1);
    ck_assert_int_eq(datetime_http_parse("Sun, 31 Nov 1994 08:49:37 GMT", &t), -1);
    ck_assert_int_eq(datetime_http_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t), 0);
    ck_assert_int_eq((long long)t, 784111777LL);
    datetime_http(784111777, out);
    ck_assert_str_eq(out, "Sun, 06 Nov 1994 08:49:37 GMT");
    datetime_http(0, out);
    ck_assert_str_eq(out, "Thu, 01 Jan 1970 00:00:00 GMT");
    datetime_http(1709251200, out); /* a leap day's morrow */
    ck_assert_str_eq(out, "Fri, 01 Mar 2024 00:00:00 GMT");
    for (long long s = 0; s < 4000000000LL; s += 86399 * 37) {
        datetime_http((time_t)s, out);
        ck_assert_int_eq(datetime_http_parse(out, &t), 0);
        ck_assert_int_eq((long long)t, s);
    }
}
END_TEST

static Suite *datetime_suite(void)
{
    Suite *s = suite_create("datetime");
    TCase *neg = tcase_create("refused"), *ok = tcase_create("forms");

    tcase_add_test(neg, not_datelines);
    suite_add_tcase(s, neg);
    tcase_add_test(ok, dateline_forms);
    tcase_add_test(ok, iso_forms);
    tcase_add_test(ok, http_dates);
    suite_add_tcase(s, ok);
    return s;
}

CHECK_MAIN(datetime_suite)
