/* test_keys.c - API keys: bad input first, then SHA-256 vectors, the file commands, checks and
 * buckets. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "keys.h"

static char file[64];

static void make_file(void)
{
    int fd;

    snprintf(file, sizeof file, "/tmp/articled-keys-XXXXXX");
    fd = mkstemp(file);
    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(file); /* keys add makes it */
}

/* Add a key and return its token (static buffer). */
static const char *add(const char *id, unsigned scopes)
{
    static char token[200];
    char out[512], err[256];
    FILE *f = fmemopen(out, sizeof out, "w");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(keys_cmd_add(file, id, scopes, "a note", f, err, sizeof err), 0);
    fclose(f);
    out[strcspn(out, "\n")] = '\0';
    snprintf(token, sizeof token, "%s", strrchr(out, ' ') + 1);
    return token;
}

START_TEST(bad_ids_scopes_and_files)
{
    char err[256];

    make_file();
    ck_assert_uint_eq(keys_parse_scopes(""), 0);
    ck_assert_uint_eq(keys_parse_scopes("admin"), 0);
    ck_assert_uint_eq(keys_parse_scopes("read,"), 0);
    ck_assert_uint_eq(keys_parse_scopes("read,write"), KEYS_READ | KEYS_WRITE);
    ck_assert_uint_eq(keys_parse_scopes("write"), KEYS_WRITE);
    ck_assert_int_eq(keys_cmd_add(file, "bad id", KEYS_READ, NULL, stdout, err, sizeof err), -1);
    ck_assert_int_eq(keys_cmd_add(file, "has.dot", KEYS_READ, NULL, stdout, err, sizeof err), -1);
    ck_assert_int_eq(keys_cmd_add(file, "ok", 0, NULL, stdout, err, sizeof err), -1);
    ck_assert_int_eq(keys_cmd_add(file, "ok", KEYS_READ, "two\nlines", stdout, err, sizeof err),
                     -1);
    ck_assert_int_eq(keys_cmd_list(file, stdout, err, sizeof err), -1); /* no file yet */
    ck_assert_int_eq(keys_cmd_revoke(file, "nobody", err, sizeof err), -1);
    /* A malformed file is refused at start, naming the line. */
    {
        FILE *f = fopen(file, "w");

        fputs("# comment\n\nok 00 11 read\n", f);
        fclose(f);
    }
    ck_assert_int_eq(keys_init(file, 0, 0, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "line 3"));
    unlink(file);
}
END_TEST

START_TEST(sha256_vectors)
{
    static const struct {
        const char *in, *hex;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t h[32];
        char hex[65];

        keys_sha256(v[i].in, strlen(v[i].in), h);
        for (int k = 0; k < 32; k++)
            snprintf(hex + 2 * k, 3, "%02x", h[k]);
        ck_assert_str_eq(hex, v[i].hex);
    }
}
END_TEST

START_TEST(file_holds_hashes_never_secrets)
{
    char err[256], buf[4096], out[1024];
    const char *tok;
    FILE *f;
    size_t n;

    make_file();
    tok = add("cms", KEYS_READ | KEYS_WRITE);
    ck_assert_ptr_nonnull(strchr(tok, '.'));
    ck_assert_int_eq(keys_cmd_add(file, "cms", KEYS_READ, NULL, stdout, err, sizeof err), -1);
    f = fopen(file, "r");
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    ck_assert_ptr_null(strstr(buf, strchr(tok, '.') + 1));
    ck_assert_ptr_nonnull(strstr(buf, "read,write a note"));
    f = fmemopen(out, sizeof out, "w");
    ck_assert_int_eq(keys_cmd_list(file, f, err, sizeof err), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(out, "cms\tread,write\ta note"));
    ck_assert_int_eq(keys_cmd_revoke(file, "cms", err, sizeof err), 0);
    ck_assert_int_eq(keys_cmd_revoke(file, "cms", err, sizeof err), -1);
    unlink(file);
}
END_TEST

START_TEST(checks_and_buckets)
{
    char err[256], auth[256], wrong[256];
    struct keys_verdict v;
    const char *tok;

    make_file();
    tok = add("reader", KEYS_READ);
    snprintf(auth, sizeof auth, "Bearer %s", tok);
    snprintf(wrong, sizeof wrong, "Bearer %.*s0", (int)strlen(tok) - 1, tok);
    if (wrong[strlen(wrong) - 1] == tok[strlen(tok) - 1])
        wrong[strlen(wrong) - 1] = '1';
    ck_assert_int_eq(keys_init(file, 2, 0, err, sizeof err), 0);
    ck_assert(keys_required(KEYS_WRITE));
    ck_assert(!keys_required(KEYS_READ));
    ck_assert_int_eq(keys_check(NULL, KEYS_READ, &v), KEYS_MISSING);
    ck_assert_int_eq(keys_check("Basic abc", KEYS_READ, &v), KEYS_MISSING);
    ck_assert_int_eq(keys_check("Bearer nodot", KEYS_READ, &v), KEYS_UNKNOWN);
    ck_assert_int_eq(keys_check("Bearer nobody.abc", KEYS_READ, &v), KEYS_UNKNOWN);
    ck_assert_int_eq(keys_check(wrong, KEYS_READ, &v), KEYS_UNKNOWN);
    ck_assert_int_eq(keys_check(auth, KEYS_WRITE, &v), KEYS_FORBIDDEN);
    ck_assert_str_eq(v.id, "reader");
    /* Two a minute: two pass, the third waits about 30 s. */
    ck_assert_int_eq(keys_check(auth, KEYS_READ, &v), KEYS_OK);
    ck_assert_uint_eq(v.limit, 2);
    ck_assert_uint_eq(v.remaining, 1);
    ck_assert_int_eq(keys_check(auth, KEYS_READ, &v), KEYS_OK);
    ck_assert_int_eq(keys_check(auth, KEYS_READ, &v), KEYS_LIMITED);
    ck_assert_uint_eq(v.remaining, 0);
    ck_assert_uint_ge(v.retry_after, 25);
    ck_assert_uint_le(v.retry_after, 31);
    ck_assert_int_eq(keys_init(file, 0, 1, err, sizeof err), 0);
    ck_assert(keys_required(KEYS_READ));
    ck_assert_int_eq(keys_check(auth, KEYS_READ, &v), KEYS_OK);
    ck_assert_uint_eq(v.limit, 0);
    keys_shutdown();
    unlink(file);
}
END_TEST

static Suite *keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *bad = tcase_create("bad");
    TCase *ok = tcase_create("ok");

    tcase_add_test(bad, bad_ids_scopes_and_files);
    tcase_add_test(ok, sha256_vectors);
    tcase_add_test(ok, file_holds_hashes_never_secrets);
    tcase_add_test(ok, checks_and_buckets);
    suite_add_tcase(s, bad);
    suite_add_tcase(s, ok);
    return s;
}

CHECK_MAIN(keys_suite)
