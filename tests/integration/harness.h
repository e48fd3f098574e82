/* harness.h - start articled on a free loopback port and talk to it with libcurl.
 *
 * Every response is dumped (meta JSON + raw body) into $ARTICLED_DUMP_DIR so
 * tests/contract/validate.mjs can check it against the contract afterwards.
 */
#ifndef ARTICLED_HARNESS_H
#define ARTICLED_HARNESS_H

/* realpath() and mkdtemp() are XSI. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <arpa/inet.h>
#include <check.h>
#include <ctype.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct server {
    pid_t pid;
    unsigned port;
    char dir[256];
    char log[300];
};

struct resp {
    long status;
    char *body;
    size_t len;
    char headers[131072]; /* "name: value\n" lines, names lower-cased */
};

static const char *env_or(const char *name, const char *def)
{
    const char *v = getenv(name);

    return v && *v ? v : def;
}

static unsigned free_port(void)
{
    struct sockaddr_in a;
    socklen_t n = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    unsigned port;

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &n), 0);
    port = ntohs(a.sin_port);
    close(fd);
    return port;
}

/* Copy fixture file src into dir under name. */
static void put_file(const char *dir, const char *name, const char *data, size_t len)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void put_str(const char *dir, const char *name, const char *text)
{
    put_file(dir, name, text, strlen(text));
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

static void copy_fixture(const char *dir, const char *rel, const char *name)
{
    char path[512];
    size_t len = 0;
    char *data;

    snprintf(path, sizeof path, "%s/%s", env_or("ARTICLED_FIXTURES", "tests/fixtures"), rel);
    data = slurp(path, &len);
    ck_assert_msg(data != NULL, "cannot read fixture %s", path);
    put_file(dir, name, data, len);
    free(data);
}

static char *make_dir(void)
{
    static char tmpl[64];

    snprintf(tmpl, sizeof tmpl, "/tmp/articled-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    return tmpl;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct resp *r = ud;
    char *nb = realloc(r->body, r->len + size * n + 1);

    if (!nb)
        return 0;
    r->body = nb;
    memcpy(r->body + r->len, p, size * n);
    r->len += size * n;
    r->body[r->len] = '\0';
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct resp *r = ud;
    size_t len = size * n, have = strlen(r->headers);
    const char *colon = memchr(p, ':', len);

    if (!colon || have + len + 1 >= sizeof r->headers)
        return len;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];

        if (c == '\r')
            continue;
        r->headers[have++] = p + i < colon ? (char)tolower((unsigned char)c) : c;
    }
    r->headers[have] = '\0';
    return len;
}

/* The value of a response header (lower-case name), copied into a static buffer, or NULL. */
static const char *header(const struct resp *r, const char *name)
{
    static char val[4096];
    size_t n = strlen(name);

    for (const char *p = r->headers; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);

        if (len > n && !strncmp(p, name, n) && p[n] == ':') {
            const char *v = p + n + 1;

            while (*v == ' ')
                v++;
            snprintf(val, sizeof val, "%.*s", (int)(len - (size_t)(v - p)), v);
            return val;
        }
        p += len + (eol ? 1 : 0);
    }
    return NULL;
}

static void dump(const char *method, const char *target, const struct resp *r)
{
    static atomic_uint counter; /* tests may request from several threads */
    const char *dir = getenv("ARTICLED_DUMP_DIR");
    char path[512], name[64];
    const char *q = strchr(target, '?');
    json_t *meta, *h;
    FILE *f;

    if (!dir || !*dir)
        return;
    mkdir(dir, 0755);
    snprintf(name, sizeof name, "%d-%u", (int)getpid(), atomic_fetch_add(&counter, 1u));
    snprintf(path, sizeof path, "%s/%s.body", dir, name);
    f = fopen(path, "wb");
    if (!f)
        return;
    if (r->len)
        fwrite(r->body, 1, r->len, f);
    fclose(f);
    h = json_object();
    for (const char *p = r->headers; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        const char *colon = memchr(p, ':', len);

        if (colon) {
            char key[128];
            const char *v = colon + 1;

            while (*v == ' ')
                v++;
            snprintf(key, sizeof key, "%.*s", (int)(colon - p), p);
            json_object_set_new(h, key, json_stringn(v, len - (size_t)(v - p)));
        }
        p += len + (eol ? 1 : 0);
    }
    meta = json_pack("{s:s, s:s%, s:s, s:i, s:o, s:s+}", "method", method, "path", target,
                     q ? (size_t)(q - target) : strlen(target), "query", q ? q + 1 : "", "status",
                     (int)r->status, "headers", h, "body_file", name, ".body");
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    json_dump_file(meta, path, 0);
    json_decref(meta);
}

/* Send method target (with optional extra headers, NULL-terminated, and body),
 * never following redirects or decoding content. */
static struct resp request(const struct server *s, const char *method, const char *target,
                           const char *const *headers, const char *body, size_t body_len)
{
    struct resp r;
    struct curl_slist *hl = NULL;
    char url[16384];
    CURL *c = curl_easy_init();

    memset(&r, 0, sizeof r);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_lt(strlen(target), sizeof url - 32);
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", s->port, target);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    else if (strcmp(method, "GET"))
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    hl = curl_slist_append(hl, "Expect:");
    for (size_t i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    ck_assert_msg(curl_easy_perform(c) == CURLE_OK, "request %s %s failed", method, target);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    if (!r.body)
        r.body = calloc(1, 1);
    dump(method, target, &r);
    return r;
}

static struct resp get(const struct server *s, const char *target)
{
    return request(s, "GET", target, NULL, NULL, 0);
}

static json_t *json_of(const struct resp *r)
{
    json_error_t e;
    json_t *v = json_loadb(r->body, r->len, 0, &e);

    ck_assert_msg(v != NULL, "response is not JSON (%s): %.200s", e.text, r->body);
    return v;
}

/* Start articled serving dir (extra_env: NAME, VALUE pairs, NULL-terminated); waits until /readyz answers 200 (at most 10 s). */
static long probe(const struct server *s, const char *path)
{
    CURL *c = curl_easy_init();
    char url[128];
    long status = 0;

    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", s->port, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 1L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status;
}

/* Wait (at most 10 s) until path answers want; fails the test otherwise. */
static void wait_for(const struct server *s, const char *path, long want)
{
    for (int i = 0; i < 200; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};

        if (probe(s, path) == want)
            return;
        if (waitpid(s->pid, NULL, WNOHANG) == s->pid)
            ck_abort_msg("articled exited during start-up; see %s", s->log);
        nanosleep(&ts, NULL);
    }
    ck_abort_msg("articled did not answer %ld on %s (port %u)", want, path, s->port);
}

static void server_start(struct server *s, const char *dir, const char *const *extra_env)
{
    char port[16];

    char bin[4096];

    if (!realpath(env_or("ARTICLED_BIN", "build/release/articled"), bin))
        ck_abort_msg("no articled binary at %s", env_or("ARTICLED_BIN", "build/release/articled"));
    s->port = free_port();
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    snprintf(s->log, sizeof s->log, "%s.log", dir);
    snprintf(port, sizeof port, "%u", s->port);
    s->pid = fork();
    ck_assert_int_ge(s->pid, 0);
    if (s->pid == 0) {
        FILE *lf = fopen(s->log, "w");

        if (lf)
            dup2(fileno(lf), 2);
        for (size_t i = 0; extra_env && extra_env[i] && extra_env[i + 1]; i += 2)
            setenv(extra_env[i], extra_env[i + 1], 1);
        /* HARNESS_NO_DIR: run inside dir with no --dir, as a user would. */
        if (getenv("HARNESS_NO_DIR") && chdir(dir) == 0)
            execl(bin, "articled", "serve", "--host", "127.0.0.1", "--port", port, (char *)NULL);
        else
            execl(bin, "articled", "serve", "--host", "127.0.0.1", "--port", port, "--dir", dir,
                  (char *)NULL);
        _exit(127);
    }
    if (!getenv("HARNESS_NO_WAIT"))
        wait_for(s, "/readyz", 200);
}

/* SIGTERM; returns the exit status (or -1 when it did not exit within 10 s). */
static int server_stop(struct server *s)
{
    int status = 0;

    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    for (int i = 0; i < 1000; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};

        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        nanosleep(&ts, NULL);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
    return -1;
}

/* Open a raw connection to the server and write text (a request, or part of
 * one) on it; returns the socket, for the caller to close. */
static int raw_send(const struct server *s, const char *text)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    return fd;
}

/* Remove a test directory (flat: files only) and its server log. */
static void remove_dir(const char *dir)
{
    char path[600];
    DIR *d = opendir(dir);
    struct dirent *de;

    if (d) {
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
    snprintf(path, sizeof path, "%s.log", dir);
    unlink(path);
}

static void resp_free(struct resp *r)
{
    free(r->body);
    r->body = NULL;
}

/* Assert a problem+json error with the given status. */
static void assert_problem(const struct resp *r, long status)
{
    json_t *v;

    ck_assert_msg(r->status == status, "expected %ld, got %ld: %.300s", status, r->status, r->body);
    ck_assert_ptr_nonnull(header(r, "content-type"));
    ck_assert_str_eq(header(r, "content-type"), "application/problem+json; charset=utf-8");
    v = json_of(r);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "status")), status);
    ck_assert(json_is_string(json_object_get(v, "type")));
    ck_assert(json_is_string(json_object_get(v, "title")));
    ck_assert(json_is_string(json_object_get(v, "detail")));
    ck_assert(json_is_string(json_object_get(v, "instance")));
    json_decref(v);
}

#endif /* ARTICLED_HARNESS_H */
