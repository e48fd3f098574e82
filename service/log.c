/* log.c - structured log lines on stderr, written with one write(2) each. */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "utf8.h"

/* Longest request path written to the access log. */
#define LOG_PATH_MAX 2048

static atomic_int access_on = 1;

void log_set_access(int on)
{
    atomic_store(&access_on, on);
}

int log_access_enabled(void)
{
    return atomic_load(&access_on);
}

static void add_escaped(struct buf *b, const char *s)
{
    if (!s) {
        buf_adds(b, "null");
        return;
    }
    /* Request paths are client bytes: keep a log line valid JSON even when they
     * are not UTF-8, writing each byte as \u00XX (a cut path may also end mid-character). */
    int raw = !utf8_valid(s, strlen(s), NULL);

    buf_addc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (raw && c >= 0x80) {
            buf_addf(b, "\\u%04x", c);
        } else if (c == '"' || c == '\\') {
            buf_addc(b, '\\');
            buf_addc(b, (char)c);
        } else if (c < 0x20 || c == 0x7f) {
            buf_addf(b, "\\u%04x", c);
        } else {
            buf_addc(b, (char)c);
        }
    }
    buf_addc(b, '"');
}

static void begin(struct buf *b, const char *level, const char *event)
{
    struct timespec ts;
    struct tm tm;
    char t[32];

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S", &tm);
    buf_addf(b, "{\"time\":\"%s.%03ldZ\",\"level\":", t, ts.tv_nsec / 1000000);
    add_escaped(b, level);
    buf_adds(b, ",\"event\":");
    add_escaped(b, event);
}

static void finish(struct buf *b)
{
    buf_adds(b, "}\n");
    if (b->data) {
        /* One write per line keeps lines whole across threads. */
        ssize_t n = write(STDERR_FILENO, b->data, b->len);
        (void)n;
    }
    buf_free(b);
}

void log_event(const char *level, const char *event, ...)
{
    struct buf b;
    va_list ap;
    const char *k;

    buf_init(&b, 64 * 1024);
    begin(&b, level, event);
    va_start(ap, event);
    while ((k = va_arg(ap, const char *))) {
        const char *v = va_arg(ap, const char *);

        buf_addc(&b, ',');
        add_escaped(&b, k);
        buf_addc(&b, ':');
        add_escaped(&b, v);
    }
    va_end(ap);
    finish(&b);
}

void log_request(const char *request_id, const char *method, const char *route, const char *path,
                 unsigned status, size_t bytes, long long duration_us)
{
    struct buf b;

    if (!log_access_enabled())
        return;
    buf_init(&b, 64 * 1024);
    begin(&b, "info", "request");
    buf_adds(&b, ",\"request_id\":");
    add_escaped(&b, request_id);
    buf_adds(&b, ",\"method\":");
    add_escaped(&b, method);
    buf_adds(&b, ",\"route\":");
    add_escaped(&b, route);
    buf_adds(&b, ",\"path\":");
    /* Paths are capped by the server's memory limit, not by us: keep lines short. */
    if (path && strlen(path) > LOG_PATH_MAX) {
        char cut[LOG_PATH_MAX + 4];

        memcpy(cut, path, LOG_PATH_MAX);
        memcpy(cut + LOG_PATH_MAX, "...", 4);
        add_escaped(&b, cut);
    } else {
        add_escaped(&b, path);
    }
    buf_addf(&b, ",\"status\":%u,\"bytes\":%zu,\"duration_us\":%lld", status, bytes, duration_us);
    finish(&b);
}
