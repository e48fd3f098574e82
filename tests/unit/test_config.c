/* test_config.c - settings: bad flags and values first, then defaults, environment, flags. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "config.h"

static const char *const env_names[] = {
    "ARTICLED_HOST",    "ARTICLED_PORT",    "ARTICLED_DIR",     "ARTICLED_THREADS",
    "ARTICLED_MAX_CONNECTIONS", "ARTICLED_TIMEOUT", "ARTICLED_BACKLOG", "ARTICLED_LOG",
};

static void clear_env(void)
{
    for (size_t i = 0; i < sizeof env_names / sizeof env_names[0]; i++)
        unsetenv(env_names[i]);
}

/* config_load on a NULL-terminated list of flags; returns its result, message in err. */
static int load(struct config *c, char *err, size_t errlen, const char *const *flags)
{
    char *argv[32];
    int argc = 0;

    while (flags && flags[argc]) {
        ck_assert_int_lt(argc, 31);
        argv[argc] = (char *)(size_t)flags[argc]; /* config_load does not write to argv */
        argc++;
    }
    argv[argc] = NULL;
    err[0] = '\0';
    return config_load(c, argc, argv, err, errlen);
}

static void expect_fail(const char *const *flags, const char *msg_part)
{
    struct config c;
    char err[256];

    ck_assert_msg(load(&c, err, sizeof err, flags) == -1, "accepted %s %s", flags[0],
                  flags[1] ? flags[1] : "");
    ck_assert_msg(err[0] != '\0', "no message for %s", flags[0]);
    ck_assert_msg(strstr(err, msg_part) != NULL, "message \"%s\" lacks \"%s\"", err, msg_part);
}

START_TEST(bad_flags)
{
    expect_fail((const char *const[]){"--port=0", NULL}, "--port");
    expect_fail((const char *const[]){"--port", "abc", NULL}, "abc");
    expect_fail((const char *const[]){"--port", "70000", NULL}, "70000");
    expect_fail((const char *const[]){"--port", "65536", NULL}, "1 to 65535");
    expect_fail((const char *const[]){"--port", "", NULL}, "--port");
    expect_fail((const char *const[]){"--port", "80x", NULL}, "80x");
    expect_fail((const char *const[]){"--port", "+80", NULL}, "+80");
    expect_fail((const char *const[]){"--port", "99999999999999999999999", NULL}, "--port");
    expect_fail((const char *const[]){"--threads", "-1", NULL}, "-1");
    expect_fail((const char *const[]){"--threads", "257", NULL}, "--threads");
    expect_fail((const char *const[]){"--timeout", "0", NULL}, "--timeout");
    expect_fail((const char *const[]){"--max-connections=0", NULL}, "--max-connections");
    expect_fail((const char *const[]){"--backlog=65536", NULL}, "--backlog");
    expect_fail((const char *const[]){"--bogus", NULL}, "unknown option");
    expect_fail((const char *const[]){"--portx=1", NULL}, "unknown option");
    expect_fail((const char *const[]){"--por", "80", NULL}, "unknown option");
    expect_fail((const char *const[]){"port", NULL}, "unknown option");
    expect_fail((const char *const[]){"--port", NULL}, "needs a value");
    expect_fail((const char *const[]){"--host", "::1", "--dir", NULL}, "needs a value");
    expect_fail((const char *const[]){"--host=", NULL}, "--host");
    expect_fail((const char *const[]){"--quiet=yes", NULL}, "unknown option");
}
END_TEST

/* strtoul() skips leading white space and accepts a sign after it: neither is a
 * whole number as written. */
START_TEST(number_with_leading_space)
{
    expect_fail((const char *const[]){"--port", " 80", NULL}, "--port");
    expect_fail((const char *const[]){"--threads", " -0", NULL}, "--threads");
}
END_TEST

START_TEST(long_values)
{
    char host[300];
    struct config c;
    char err[256];

    memset(host, 'h', sizeof host - 1);
    host[sizeof host - 1] = '\0';
    expect_fail((const char *const[]){"--host", host, NULL}, "--host");
    /* 255 characters fit (host is 256 bytes with the NUL). */
    host[255] = '\0';
    ck_assert_int_eq(load(&c, err, sizeof err, (const char *const[]){"--host", host, NULL}), 0);
    ck_assert_uint_eq(strlen(c.host), 255);
}
END_TEST

START_TEST(bad_env)
{
    setenv("ARTICLED_PORT", "abc", 1);
    expect_fail((const char *const[]){NULL}, "ARTICLED_PORT");
    /* A flag does not rescue a bad environment value: start-up stops. */
    expect_fail((const char *const[]){"--port", "9000", NULL}, "ARTICLED_PORT");
    unsetenv("ARTICLED_PORT");
    setenv("ARTICLED_THREADS", "-1", 1);
    expect_fail((const char *const[]){NULL}, "ARTICLED_THREADS");
    unsetenv("ARTICLED_THREADS");
    setenv("ARTICLED_LOG", "maybe", 1);
    expect_fail((const char *const[]){NULL}, "ARTICLED_LOG");
    setenv("ARTICLED_LOG", "", 1);
    expect_fail((const char *const[]){NULL}, "ARTICLED_LOG");
    unsetenv("ARTICLED_LOG");
    setenv("ARTICLED_DIR", "", 1);
    expect_fail((const char *const[]){NULL}, "ARTICLED_DIR");
}
END_TEST

START_TEST(defaults)
{
    struct config c;
    char err[256];

    ck_assert_int_eq(load(&c, err, sizeof err, NULL), 0);
    ck_assert_str_eq(c.host, "127.0.0.1");
    ck_assert_uint_eq(c.port, 8080);
    ck_assert_str_eq(c.dir, "articles");
    ck_assert_uint_eq(c.threads, 0);
    ck_assert_uint_eq(c.max_connections, 1024);
    ck_assert_uint_eq(c.timeout, 30);
    ck_assert_uint_eq(c.backlog, 511);
    ck_assert_int_eq(c.quiet, 0);
    ck_assert_int_eq(c.dir_set, 0);
}
END_TEST

/* Whether the directory was chosen decides the built-in fallback. */
START_TEST(dir_set_by_flag_or_env)
{
    const char *flag[] = {"--dir", "x", NULL}, *other[] = {"--port", "9000", NULL};
    struct config c;
    char err[256];

    clear_env();
    ck_assert_int_eq(load(&c, err, sizeof err, other), 0);
    ck_assert_int_eq(c.dir_set, 0);
    ck_assert_int_eq(load(&c, err, sizeof err, flag), 0);
    ck_assert_int_eq(c.dir_set, 1);
    setenv("ARTICLED_DIR", "y", 1);
    ck_assert_int_eq(load(&c, err, sizeof err, other), 0);
    ck_assert_int_eq(c.dir_set, 1);
    ck_assert_str_eq(c.dir, "y");
    clear_env();
}
END_TEST

START_TEST(env_overrides_defaults)
{
    struct config c;
    char err[256];

    setenv("ARTICLED_HOST", "0.0.0.0", 1);
    setenv("ARTICLED_PORT", "9090", 1);
    setenv("ARTICLED_DIR", "/srv/articles", 1);
    setenv("ARTICLED_THREADS", "8", 1);
    setenv("ARTICLED_MAX_CONNECTIONS", "50", 1);
    setenv("ARTICLED_TIMEOUT", "5", 1);
    setenv("ARTICLED_BACKLOG", "16", 1);
    ck_assert_int_eq(load(&c, err, sizeof err, NULL), 0);
    ck_assert_str_eq(c.host, "0.0.0.0");
    ck_assert_uint_eq(c.port, 9090);
    ck_assert_str_eq(c.dir, "/srv/articles");
    ck_assert_uint_eq(c.threads, 8);
    ck_assert_uint_eq(c.max_connections, 50);
    ck_assert_uint_eq(c.timeout, 5);
    ck_assert_uint_eq(c.backlog, 16);
}
END_TEST

START_TEST(flags_override_env)
{
    struct config c;
    char err[256];

    setenv("ARTICLED_PORT", "9090", 1);
    setenv("ARTICLED_HOST", "0.0.0.0", 1);
    setenv("ARTICLED_THREADS", "8", 1);
    ck_assert_int_eq(load(&c, err, sizeof err,
                          (const char *const[]){"--port=7000", "--host", "::1", "--threads", "0",
                                                "--dir=x", "--timeout", "3600", NULL}),
                     0);
    ck_assert_uint_eq(c.port, 7000);
    ck_assert_str_eq(c.host, "::1");
    ck_assert_uint_eq(c.threads, 0);
    ck_assert_str_eq(c.dir, "x");
    ck_assert_uint_eq(c.timeout, 3600);
    /* The last of a repeated flag wins. */
    ck_assert_int_eq(load(&c, err, sizeof err,
                          (const char *const[]){"--port", "1", "--port", "65535", NULL}),
                     0);
    ck_assert_uint_eq(c.port, 65535);
}
END_TEST

START_TEST(quiet)
{
    struct config c;
    char err[256];

    ck_assert_int_eq(load(&c, err, sizeof err, (const char *const[]){"--quiet", NULL}), 0);
    ck_assert_int_eq(c.quiet, 1);
    ck_assert_int_eq(load(&c, err, sizeof err, (const char *const[]){"-q", NULL}), 0);
    ck_assert_int_eq(c.quiet, 1);
    setenv("ARTICLED_LOG", "off", 1);
    ck_assert_int_eq(load(&c, err, sizeof err, NULL), 0);
    ck_assert_int_eq(c.quiet, 1);
    setenv("ARTICLED_LOG", "on", 1);
    ck_assert_int_eq(load(&c, err, sizeof err, NULL), 0);
    ck_assert_int_eq(c.quiet, 0);
    ck_assert_int_eq(load(&c, err, sizeof err, (const char *const[]){"--quiet", NULL}), 0);
    ck_assert_int_eq(c.quiet, 1);
}
END_TEST

START_TEST(usage_text)
{
    const char *u = config_usage();

    ck_assert_ptr_nonnull(strstr(u, "--port"));
    ck_assert_ptr_nonnull(strstr(u, "ARTICLED_PORT"));
    ck_assert_ptr_nonnull(strstr(u, "--quiet"));
    ck_assert_ptr_nonnull(strstr(u, "ARTICLED_LOG=off"));
}
END_TEST

START_TEST(small_error_buffer)
{
    struct config c;
    char err[8];

    ck_assert_int_eq(load(&c, err, sizeof err, (const char *const[]){"--port", "abcdefghij", NULL}),
                     -1);
    ck_assert_uint_lt(strlen(err), sizeof err);
}
END_TEST

static Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *neg = tcase_create("invalid");
    TCase *ok = tcase_create("valid");

    /* Each test starts from a clean environment (also with CK_FORK=no). */
    tcase_add_checked_fixture(neg, clear_env, clear_env);
    tcase_add_checked_fixture(ok, clear_env, clear_env);
    tcase_add_test(neg, bad_flags);
    tcase_add_test(neg, number_with_leading_space);
    tcase_add_test(neg, long_values);
    tcase_add_test(neg, bad_env);
    tcase_add_test(neg, small_error_buffer);
    suite_add_tcase(s, neg);

    tcase_add_test(ok, defaults);
    tcase_add_test(ok, dir_set_by_flag_or_env);
    tcase_add_test(ok, env_overrides_defaults);
    tcase_add_test(ok, flags_override_env);
    tcase_add_test(ok, quiet);
    tcase_add_test(ok, usage_text);
    suite_add_tcase(s, ok);
    return s;
}

CHECK_MAIN(config_suite)
