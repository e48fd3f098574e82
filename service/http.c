/* http.c - libmicrohttpd front end: routing, caching, compression, CORS and errors. */
#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "datetime.h"
#include "exports.h"
#include "guard.h"
#include "keys.h"
#include "offsets.h"
#include "log.h"
#include "metrics.h"
#include "page.h"
#include "parse.h"
#include "publish.h"
#include "render.h"
#include "results.h"
#include "router.h"
#include "search.h"
#include "store.h"
#include "utf8.h"
#include "work.h"

#define PROBLEM_TYPE "application/problem+json; charset=utf-8"
#define METRICS_TYPE "text/plain; version=0.0.4; charset=utf-8"
#define MAX_PARAMS 32
#define MAX_LIMIT 100
#define DEFAULT_LIMIT 20
/* Concurrent POST /v1/annotate requests (bodies whole); more get 429. */
#define MAX_ANNOTATE 4
/* Threads that annotate them, off the network thread. */
#define ANNOTATE_WORKERS 2
/* Re-encoded query parameters: MAX_PARAMS values of up to 2 KiB, three bytes each, twice in a Link.
 */
#define LINK_MAX (2u * MAX_PARAMS * 3u * 2048u + 1024u)
/* Concurrent PUT/PATCH bodies in memory; more get 429. */
#define MAX_WRITES 4
/* A PUT body: the 4 MiB article, JSON-escaped, with its sidecar. */
#define WRITE_MAX_BODY (2u * PARSE_MAX_BYTES + 128u * 1024u)
/* Largest response we assemble per request. */
#define MAX_RESPONSE (64u * 1024u * 1024u)
/* Annotation bodies buffered at once, waiting for a slot or being read. */
#define MAX_BUFFERED (64u * 1024u * 1024u)
/* Request head limits we enforce ourselves, well below the library's (LIB_POOL),
 * so that the answer is ours: problem+json, CORS, counted. */
#define MAX_TARGET (8u * 1024u)
#define MAX_HEADERS 100
#define MAX_HEAD (16u * 1024u)
/* Per-connection memory of the library. It holds the head, so heads between our
 * limits and this size get our problem; larger ones the library's own 414/431.
 * Not larger: the library clears the whole pool for every request (0.9.75):
 * 256 KiB cost 40% of the requests/s of a pre-rendered section, 64 KiB 7%. */
#define LIB_POOL (32u * 1024u)

struct http_server {
    struct MHD_Daemon *d;
    unsigned port;
};

struct param {
    char *key, *value;
};

/* Per-request state: made in the URI callback, freed in the completion callback. */
struct req {
    char *uri; /* raw request target, before any decoding */
    struct timespec t0;
    struct store *snap; /* the snapshot this request reads; released at the end */
    enum router_route route;
    unsigned status;
    size_t bytes;
    char rid[48];
    char method[16];
    int seen;
    int annotate;      /* POST /v1/annotate: the body is kept */
    int annotate_slot; /* holds one of MAX_ANNOTATE */
    struct buf body;   /* POST body */
    size_t buffered;   /* its share of MAX_BUFFERED */
    int body_too_big;
    int busy;        /* no annotation or write slot (or no buffer room) was free */
    int close;       /* answer with Connection: close (bad framing) */
    unsigned reject; /* answer this status before the body is read */
    const char *why; /* ... with this detail */
    struct guard_conn *g;
    /* An annotation on the pool: the connection is suspended while JOB_RUNNING. */
    enum { JOB_NONE, JOB_RUNNING, JOB_DONE } job;
    struct MHD_Connection *conn;
    int pretty;
    char *out; /* the JSON made (owned), or NULL with out_status and out_detail */
    size_t outlen;
    unsigned out_status;
    char out_detail[320];
    int write_slot;
    int authed;              /* the key was checked (writes: on the first call) */
    enum keys_result auth;   /* and what came of it */
    struct keys_verdict key; /* id and rate-limit numbers for headers and logs */
};

/* One request's parsed target and answer in the making. */
struct ctx {
    struct MHD_Connection *conn;
    struct req *r;
    const char *method;
    unsigned mbit;
    char path[ROUTER_PATH_MAX];
    struct param params[MAX_PARAMS];
    size_t nparams;
    struct router_match m;
    int pretty;
    int html;      /* GET / answered with the HTML index */
    int cache;     /* a GET of snapshot data with a query: its page is cached by its target */
    int exporting; /* /v1/quotes as CSV or NDJSON */
    int utf16;     /* ?offsets=utf16: offsets in UTF-16 units, ETags tagged "-u16" */
};

static atomic_int ready;
static atomic_int annotating;
static atomic_size_t buffered;
static atomic_int writing;
static atomic_ullong rid_counter;
static unsigned long long rid_seed;
static double started;

void http_set_ready(int r)
{
    atomic_store(&ready, r);
}

static long long elapsed_us(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)(t.tv_sec - t0->tv_sec) * 1000000 + (t.tv_nsec - t0->tv_nsec) / 1000;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct req *r = calloc(1, sizeof *r);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    (void)cls;
    if (!r)
        return NULL;
    r->g = ci ? ci->socket_context : NULL;
    guard_head_begun(r->g);
    r->uri = strdup(uri ? uri : "/");
    if (!r->uri) {
        free(r);
        return NULL;
    }
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    buf_init(&r->body, HTTP_MAX_BODY);
    metrics_inflight(1);
    return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req *r = *con_cls;
    const union MHD_ConnectionInfo *ci;
    long long us;

    (void)cls;
    if (!r)
        return;
    us = elapsed_us(&r->t0);
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);
    if (ci && ci->http_status)
        r->status = ci->http_status;
    /* A request that got no response (client gone, timeout) keeps status 0:
     * metrics count it as "aborted", not as a server error. */
    (void)toe;
    metrics_observe(r->route, r->status, us);
    metrics_inflight(-1);
    log_request(r->rid[0] ? r->rid : NULL, r->method, router_template(r->route), r->uri, r->status,
                r->bytes, us);
    if (r->annotate_slot)
        atomic_fetch_sub(&annotating, 1);
    atomic_fetch_sub(&buffered, r->buffered);
    guard_idle(r->g);
    if (r->write_slot)
        atomic_fetch_sub(&writing, 1);
    store_release(r->snap);
    buf_free(&r->body);
    free(r->out);
    free(r->uri);
    free(r);
    *con_cls = NULL;
}

/* ---- request target parsing ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode s[0..n) into out (size cap). plus != 0 turns '+' into ' '.
 * Returns 0; -1 on a bad escape, a NUL or invalid UTF-8; -3 when it does not fit. */
static int pct_decode(const char *s, size_t n, char *out, size_t cap, int plus)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        char c = s[i];

        if (c == '%') {
            int hi, lo;

            if (i + 2 >= n)
                return -1;
            hi = hexval(s[i + 1]);
            lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (plus && c == '+') {
            c = ' ';
        }
        if (!c)
            return -1;
        if (o + 1 >= cap)
            return -3;
        out[o++] = c;
    }
    out[o] = '\0';
    return utf8_valid(out, o, NULL) ? 0 : -1;
}

static void free_params(struct ctx *c)
{
    for (size_t i = 0; i < c->nparams; i++) {
        free(c->params[i].key);
        free(c->params[i].value);
    }
    c->nparams = 0;
}

/* Split the raw target into a decoded path and query parameters. Returns 0, or
 * the error of pct_decode(), or -2 for more than MAX_PARAMS parameters. */
static int parse_target(struct ctx *c, const char *uri)
{
    const char *q = strchr(uri, '?');
    size_t plen = q ? (size_t)(q - uri) : strlen(uri);
    const char *p;
    int e = pct_decode(uri, plen, c->path, sizeof c->path, 0);

    if (e)
        return e;
    if (!q)
        return 0;
    for (p = q + 1; *p;) {
        size_t n = strcspn(p, "&"), kn;
        const char *eq = memchr(p, '=', n);
        /* A decoded parameter is never longer than the target (head_check: at most
         * MAX_TARGET), so a value too long for its route (q: SEARCH_Q_MAX) is the
         * route's own 400, not a 414. */
        char tmp[MAX_TARGET + 1];

        /* More parameters than any route reads: refused, so that a bad value
         * past the cap is not silently ignored. */
        if (n && c->nparams == MAX_PARAMS)
            return -2;
        if (n) {
            kn = eq ? (size_t)(eq - p) : n;
            if ((e = pct_decode(p, kn, tmp, sizeof tmp, 1)))
                return e;
            c->params[c->nparams].key = strdup(tmp);
            if ((e = pct_decode(eq ? eq + 1 : p + n, eq ? n - kn - 1 : 0, tmp, sizeof tmp, 1))) {
                free(c->params[c->nparams].key);
                return e;
            }
            c->params[c->nparams].value = strdup(tmp);
            c->nparams++;
            if (!c->params[c->nparams - 1].key || !c->params[c->nparams - 1].value)
                return -1;
        }
        p += n;
        if (*p == '&')
            p++;
    }
    return 0;
}

static const char *param(const struct ctx *c, const char *key)
{
    /* The last one wins, as in most frameworks. */
    for (size_t i = c->nparams; i-- > 0;)
        if (!strcmp(c->params[i].key, key))
            return c->params[i].value;
    return NULL;
}

/* ---- responses ---- */

static void common_headers(struct ctx *c, struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Request-Id", c->r->rid);
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                            "ETag, Link, X-Total-Count, X-Request-Id, Location, RateLimit-Limit, "
                            "RateLimit-Remaining, RateLimit-Reset, Retry-After, Allow");
    if (c->r->close)
        MHD_add_response_header(resp, "Connection", "close");
    if (c->r->key.limit) {
        char n[16];

        snprintf(n, sizeof n, "%u", c->r->key.limit);
        MHD_add_response_header(resp, "RateLimit-Limit", n);
        snprintf(n, sizeof n, "%u", c->r->key.remaining);
        MHD_add_response_header(resp, "RateLimit-Remaining", n);
        snprintf(n, sizeof n, "%u", c->r->key.reset);
        MHD_add_response_header(resp, "RateLimit-Reset", n);
    }
}

static enum MHD_Result queue(struct ctx *c, unsigned status, struct MHD_Response *resp)
{
    enum MHD_Result rc;

    if (!resp)
        return MHD_NO;
    common_headers(c, resp);
    c->r->status = status;
    rc = MHD_queue_response(c->conn, status, resp);
    MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result problem_param(struct ctx *c, unsigned status, const char *detail,
                                     const char *pname, const char *reason, const char *allow)
{
    size_t len = 0;
    char *text =
        render_problem(status, detail, c->path[0] ? c->path : "/", c->r->rid, pname, reason, &len);
    struct MHD_Response *resp;

    /* The instance is client text and may not be UTF-8: answer without it rather than not at all.
     */
    if (!text)
        text = render_problem(status, detail, "/", c->r->rid, pname, reason, &len);
    if (!text)
        return MHD_NO;
    c->r->bytes = len;
    resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", PROBLEM_TYPE);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (allow)
        MHD_add_response_header(resp, "Allow", allow);
    if (status == 429 && c->r->auth == KEYS_LIMITED) {
        char n[16];

        snprintf(n, sizeof n, "%u", c->r->key.retry_after ? c->r->key.retry_after : 1);
        MHD_add_response_header(resp, "Retry-After", n);
    } else if (status == 429 || status == 503) {
        MHD_add_response_header(resp, "Retry-After", "1");
    }
    if (status == 401)
        MHD_add_response_header(resp, "WWW-Authenticate",
                                c->r->auth == KEYS_UNKNOWN
                                    ? "Bearer realm=\"articled\", error=\"invalid_token\""
                                    : "Bearer realm=\"articled\"");
    return queue(c, status, resp);
}

static enum MHD_Result problem(struct ctx *c, unsigned status, const char *detail)
{
    return problem_param(c, status, detail, NULL, NULL, NULL);
}

/* Case-insensitive strstr (strcasestr is a GNU extension). */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return hay;
    return NULL;
}

/* Does Accept-Encoding allow gzip: listed (or "*") and not with q=0? */
static int wants_gzip(struct ctx *c)
{
    const char *ae = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Accept-Encoding");
    const char *p, *q;

    if (!ae || !((p = find_ci(ae, "gzip")) || (p = strchr(ae, '*'))))
        return 0;
    q = p + strcspn(p, ",;");
    if (*q == ';') {
        const char *v = find_ci(q, "q=");

        if (v && v < q + strcspn(q, ",") && strtod(v + 2, NULL) <= 0.0)
            return 0;
    }
    return 1;
}

/* Does If-None-Match name one of the body's ETags (or "*")? */
static int not_modified(struct ctx *c, const char *etag, const char *etag2)
{
    const char *inm = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "If-None-Match");

    if (!inm)
        return 0;
    if (!strcmp(inm, "*"))
        return 1;
    /* Compare each listed tag, ignoring a weak prefix (RFC 9110 weak comparison). */
    for (const char *p = inm; *p;) {
        size_t n;

        while (*p == ' ' || *p == ',')
            p++;
        if (!strncmp(p, "W/", 2))
            p += 2;
        n = strcspn(p, ", ");
        if (n && ((strlen(etag) == n && !strncmp(p, etag, n)) ||
                  (etag2 && *etag2 && strlen(etag2) == n && !strncmp(p, etag2, n))))
            return 1;
        p += n;
    }
    return 0;
}

static const char *cache_control(enum router_route r)
{
    switch (r) {
    case ROUTE_HEALTHZ:
    case ROUTE_LIVEZ:
    case ROUTE_READYZ:
    case ROUTE_METRICS:
        return "no-store";
    default:
        return "public, max-age=60";
    }
}

/* "/" answers browsers with HTML and everyone else with JSON: caches must key on Accept too. */
static const char *vary(const struct ctx *c)
{
    return c->m.route == ROUTE_INDEX ? "Accept, Accept-Encoding" : "Accept-Encoding";
}

/* A 304 may carry only the Content-Length the 200 would have (RFC 9110 8.6).
 * The library derives it from the response body and never sends a body with
 * a 304, so the response holds the 200's body (taken over as mode says). */
static struct MHD_Response *conditional_304(struct ctx *c, const char *etag, char *body, size_t len,
                                            enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, mode);

    if (resp) {
        MHD_add_response_header(resp, "ETag", etag);
        MHD_add_response_header(resp, "Cache-Control", cache_control(c->m.route));
        MHD_add_response_header(resp, "Vary", vary(c));
    }
    return resp;
}

/* If-Modified-Since, looked at only without If-None-Match (RFC 9110 13.1.3):
 * is the body no newer than the date the client has? */
static int not_modified_since(struct ctx *c, long long modified)
{
    const char *ims = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "If-Modified-Since");
    time_t t;

    if (!modified || !ims || MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "If-None-Match"))
        return 0;
    return !datetime_http_parse(ims, &t) && modified <= (long long)t;
}

/* Serve a body from the snapshot: no copy, no JSON work. */
static enum MHD_Result send_static(struct ctx *c, const struct store_body *b, const char *total,
                                   const char *link)
{
    size_t gzlen = 0;
    const char *gzdata = store_body_gz(b, &gzlen);
    int gz = gzdata && wants_gzip(c);
    const char *etag = gz ? b->gz_etag : b->etag;
    struct MHD_Response *resp;
    char lm[DATETIME_MAX];

    if (b->modified)
        datetime_http((time_t)b->modified, lm);
    if (not_modified(c, b->etag, gzdata ? b->gz_etag : NULL) ||
        not_modified_since(c, b->modified)) {
        resp = conditional_304(c, etag, (char *)(gz ? gzdata : b->data), gz ? gzlen : b->len,
                               MHD_RESPMEM_PERSISTENT);
        if (resp && b->modified)
            MHD_add_response_header(resp, "Last-Modified", lm);
        return queue(c, MHD_HTTP_NOT_MODIFIED, resp);
    }
    resp = MHD_create_response_from_buffer(
        gz ? gzlen : b->len, (void *)(uintptr_t)(gz ? gzdata : b->data), MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    c->r->bytes = gz ? gzlen : b->len;
    MHD_add_response_header(resp, "Content-Type", b->type);
    MHD_add_response_header(resp, "ETag", etag);
    MHD_add_response_header(resp, "Cache-Control", cache_control(c->m.route));
    MHD_add_response_header(resp, "Vary", vary(c));
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (b->modified)
        MHD_add_response_header(resp, "Last-Modified", lm);
    if (!strncmp(b->type, "text/html", 9)) {
        /* Pages run only the binary's own script and style; see page.h. */
        MHD_add_response_header(resp, "Content-Security-Policy", PAGE_CSP);
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    }
    if (gz)
        MHD_add_response_header(resp, "Content-Encoding", "gzip");
    if (total)
        MHD_add_response_header(resp, "X-Total-Count", total);
    if (link && *link)
        MHD_add_response_header(resp, "Link", link);
    return queue(c, MHD_HTTP_OK, resp);
}

/* The ETag suffix of a body with UTF-16 offsets, which may equal the code-point one. */
static const char *utf16_tag(const struct ctx *c)
{
    return c->utf16 ? "-u16" : NULL;
}

/* Serve text made for this request (taken over): pretty-printed on request. */
static enum MHD_Result send_text(struct ctx *c, unsigned status, char *text, size_t len,
                                 const char *type, const char *total, const char *link)
{
    char etag[STORE_ETAG_MAX];
    struct MHD_Response *resp;

    if (!text)
        return problem(c, 500, "out of memory");
    if (c->cache && status == 200) {
        const struct store_body *b = store_cache_put_tagged(c->r->snap, c->r->uri, text, len, type,
                                                            total, link, utf16_tag(c));

        if (b) {
            free(text);
            return send_static(c, b, b->total, b->link);
        }
    }
    store_etag(text, len, utf16_tag(c), etag);
    /* Conditional GET only: a POST with If-None-Match is answered in full. */
    if (status == 200 && c->mbit != ROUTER_POST && not_modified(c, etag, NULL)) {
        struct MHD_Response *nm = conditional_304(c, etag, text, len, MHD_RESPMEM_MUST_FREE);

        if (!nm)
            free(text);
        return queue(c, MHD_HTTP_NOT_MODIFIED, nm);
    }
    resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    c->r->bytes = len;
    MHD_add_response_header(resp, "Content-Type", type);
    if (status == 200 && c->m.route != ROUTE_ANNOTATE) {
        MHD_add_response_header(resp, "ETag", etag);
        MHD_add_response_header(resp, "Cache-Control", cache_control(c->m.route));
        MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    } else {
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    }
    if (total)
        MHD_add_response_header(resp, "X-Total-Count", total);
    if (link && *link)
        MHD_add_response_header(resp, "Link", link);
    return queue(c, status, resp);
}

/* Pretty-print JSON text (taken over) when ?pretty=1 asked for it. */
static char *maybe_pretty(struct ctx *c, char *text, size_t *len)
{
    struct buf b;
    char *out;

    if (!c->pretty || !text)
        return text;
    buf_init(&b, MAX_RESPONSE);
    if (render_pretty(text, *len, &b)) {
        buf_free(&b);
        free(text);
        return NULL;
    }
    free(text);
    out = buf_steal(&b, len);
    return out;
}

static enum MHD_Result send_json(struct ctx *c, const struct store_body *b, const char *total,
                                 const char *link)
{
    char *text;
    size_t len = b->len;

    /* Only JSON is re-indented; the YAML spec is served as it is. */
    if (!c->pretty || strncmp(b->type, "application/json", 16))
        return send_static(c, b, total, link);
    text = malloc(b->len + 1);
    if (!text)
        return problem(c, 500, "out of memory");
    /* Copy len bytes only: a view body (a section, a quote) has no NUL after it. */
    memcpy(text, b->data, b->len);
    text[b->len] = '\0';
    text = maybe_pretty(c, text, &len);
    return send_text(c, 200, text, len, b->type, total, link);
}

static const struct article *utf16_find(const void *ud, const char *id)
{
    return store_article(ud, id);
}

/* A stored body with its quotes' and attributions' offsets in UTF-16 units: parsed,
 * converted and served as text made for the request (and cached like one). */
static enum MHD_Result send_utf16(struct ctx *c, const struct store_body *b)
{
    json_t *v = json_loadb(b->data, b->len, 0, NULL);
    char *text = NULL;
    size_t len = 0;

    if (v && !offsets_tree_utf16(v, utf16_find, c->r->snap))
        text = render_dump(v, &len);
    json_decref(v);
    if (!text)
        return problem(c, 500, "out of memory");
    text = maybe_pretty(c, text, &len);
    return send_text(c, 200, text, len, b->type, b->total, b->link);
}

/* ---- parameters ---- */

/* Parse a non-negative decimal; -1 when it is not one or exceeds max. */
static long long parse_uint(const char *s, long long max)
{
    long long v = 0;

    if (!*s || strlen(s) > 12)
        return -1;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v <= max ? v : -1;
}

/* Read limit and offset. On a bad value answers 400 itself and returns -1
 * with the queueing result in *rc. */
static int page_params(struct ctx *c, size_t *limit, size_t *offset, enum MHD_Result *rc)
{
    const char *l = param(c, "limit"), *o = param(c, "offset");
    long long v;

    *limit = DEFAULT_LIMIT;
    *offset = 0;
    if (l) {
        v = parse_uint(l, MAX_LIMIT);
        if (v < 1) {
            *rc = problem_param(c, 400, "limit must be an integer from 1 to 100", "limit",
                                "must be an integer from 1 to 100", NULL);
            return -1;
        }
        *limit = (size_t)v;
    }
    if (o) {
        v = parse_uint(o, 1000000000LL);
        if (v < 0) {
            *rc = problem_param(c, 400, "offset must be an integer from 0 to 1000000000", "offset",
                                "must be an integer from 0 to 1000000000", NULL);
            return -1;
        }
        *offset = (size_t)v;
    }
    return 0;
}

/* Append key=value (percent-encoded) to a query string being built. */
static int query_add(struct buf *q, const char *key, const char *value)
{
    if (!value)
        return 0;
    if ((q->len && buf_addc(q, '&')) || buf_adds(q, key) || buf_addc(q, '='))
        return -1;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (isalnum(*p) || strchr("-._~", *p)) {
            if (buf_addc(q, (char)*p))
                return -1;
        } else if (buf_addf(q, "%%%02X", *p)) {
            return -1;
        }
    }
    return 0;
}

/* Answer a page of a list: headers X-Total-Count and Link, links in the body. */
static enum MHD_Result send_page(struct ctx *c, const struct store_list *l, const char *path,
                                 const char *query)
{
    size_t limit, offset, n, len;
    struct buf body, link;
    char total[32];
    char *text, *linktext;
    enum MHD_Result rc;

    if (page_params(c, &limit, &offset, &rc))
        return rc;
    n = offset < l->n ? l->n - offset : 0;
    if (n > limit)
        n = limit;
    buf_init(&body, MAX_RESPONSE);
    buf_init(&link, LINK_MAX);
    if (render_page(&body, l->items + (offset < l->n ? offset : 0),
                    l->lens + (offset < l->n ? offset : 0), n, l->n, limit, offset, path, query))
        goto fail;
    if (render_page_link_header(&link, l->n, limit, offset, path, query))
        goto fail;
    snprintf(total, sizeof total, "%zu", l->n);
    text = buf_steal(&body, &len);
    linktext = buf_steal(&link, NULL);
    text = maybe_pretty(c, text, &len);
    rc = send_text(c, 200, text, len, RENDER_JSON_TYPE, total, linktext);
    free(linktext);
    return rc;
fail:
    buf_free(&body);
    buf_free(&link);
    return problem(c, 500, "out of memory");
}

/* ---- handlers ---- */

static enum MHD_Result health(struct ctx *c, int readiness)
{
    struct timespec now;
    unsigned long long failures;
    char *text;
    size_t len;
    int last_ok;
    json_t *o;

    if (readiness && (!atomic_load(&ready) || !c->r->snap))
        return problem(c, 503,
                       atomic_load(&ready) ? "no articles loaded yet"
                                           : "not ready: starting or shutting down");
    /* Started without its database: an empty snapshot is not the articles; a balancer
     * must send the traffic elsewhere until the first load. */
    if (readiness && !publish_loaded())
        return problem(c, 503,
                       "starting: the database has not been reached yet; no articles loaded");
    /* An emptied directory serves nothing: not ready, whatever loaded before (an
     * empty database is just new). */
    if (readiness && !publish_uses_database() && !store_article_count(c->r->snap))
        return problem(c, 503, "the articles directory holds no article");
    metrics_load_state(&last_ok, &failures);
    clock_gettime(CLOCK_REALTIME, &now);
    /* A replica whose database is away still serves its last snapshot: degraded, not down. */
    o = json_pack("{s:s, s:s, s:I, s:I, s:s, s:I}", "status",
                  publish_store_up() ? "ok" : "degraded", "version", ARTICLED_VERSION,
                  "uptime_seconds", (json_int_t)((double)now.tv_sec - started), "articles",
                  (json_int_t)(c->r->snap ? store_article_count(c->r->snap) : 0), "last_load",
                  last_ok ? "ok" : "failed", "reload_failures", (json_int_t)failures);
    text = o ? render_dump(o, &len) : NULL;
    json_decref(o);
    if (!text)
        return problem(c, 500, "out of memory");
    text = maybe_pretty(c, text, &len);
    return send_text(c, 200, text, len, RENDER_JSON_TYPE, NULL, NULL);
}

static enum MHD_Result metrics(struct ctx *c)
{
    struct buf b;
    size_t len;
    char *text;

    unsigned long long refused, reaped;

    guard_counts(&refused, &reaped);
    metrics_set_connections(refused, reaped);
    buf_init(&b, MAX_RESPONSE);
    if (metrics_render(&b) ||
        buf_addf(&b,
                 "# HELP articled_store_up Whether the article store (directory or database) is "
                 "reachable.\n# TYPE articled_store_up gauge\narticled_store_up %d\n",
                 publish_store_up())) {
        buf_free(&b);
        return problem(c, 500, "out of memory");
    }
    text = buf_steal(&b, &len);
    return send_text(c, 200, text, len, METRICS_TYPE, NULL, NULL);
}

static enum MHD_Result article_text(struct ctx *c, unsigned mask);

static enum MHD_Result article_fields(struct ctx *c, const char *fields)
{
    unsigned mask = 1u << RENDER_F_ID;

    if (!*fields)
        return problem_param(c, 400, "fields is empty", "fields",
                             "comma-separated list of top-level field names", NULL);
    for (const char *p = fields; *p;) {
        size_t n = strcspn(p, ",");
        int f = render_field_find(p, n);

        if (n && f < 0)
            return problem_param(
                c, 400, "fields names an unknown field", "fields",
                "comma-separated list of: id, title, source, dateline, published, byline, "
                "authors, url, license, credit, annotator_version, dropped_boilerplate, "
                "sections, quotes, speakers, attributions, links",
                NULL);
        if (n)
            mask |= 1u << f;
        p += n;
        if (*p == ',')
            p++;
    }
    return article_text(c, mask);
}

/* The article with the fields of mask, its offsets as the request asks. */
static enum MHD_Result article_text(struct ctx *c, unsigned mask)
{
    struct buf b;
    size_t len;
    char *text;

    buf_init(&b, MAX_RESPONSE);
    if ((c->utf16 ? store_article_fields_utf16 : store_article_fields)(c->r->snap, c->m.id, mask,
                                                                       &b)) {
        buf_free(&b);
        return problem(c, 500, "out of memory");
    }
    text = buf_steal(&b, &len);
    text = maybe_pretty(c, text, &len);
    return send_text(c, 200, text, len, RENDER_JSON_TYPE, NULL, NULL);
}

static int accept_names(struct ctx *c, const char *type);

/* Which export a request asks for: ?format= first, then an Accept naming the type.
 * -1 for JSON, EXPORTS_CSV or EXPORTS_NDJSON, -2 for a bad format value. */
static int export_format(struct ctx *c)
{
    const char *f = param(c, "format");

    if (f)
        return !strcmp(f, "csv")      ? EXPORTS_CSV
               : !strcmp(f, "ndjson") ? EXPORTS_NDJSON
               : !strcmp(f, "json")   ? -1
                                      : -2;
    if (accept_names(c, "text/csv"))
        return EXPORTS_CSV;
    if (accept_names(c, "application/x-ndjson"))
        return EXPORTS_NDJSON;
    return -1;
}

/* Search hits fetched at a time by a streamed export of /v1/search. */
#define EXPORT_BATCH 1000

/* An export being streamed: rows are made as libmicrohttpd asks for bytes. The
 * articles (and the search index) are borrowed from the request's snapshot, held
 * until it completes. Rows pos to end are sent: quotes refs[pos], or search hits
 * fetched EXPORT_BATCH at a time from offset pos. */
struct export_stream {
    enum exports_format fmt;
    struct store_quote_ref *refs; /* a quote export; NULL for a search */
    struct search_index *ix;      /* a search export */
    struct search_query sq;       /* its query, pointing into strs */
    char *strs[4];                /* copies of q, speaker, source and section */
    struct search_hit *hits;      /* the batch, hits[hit..nhits) not yet sent */
    size_t nhits, hit;
    size_t pos, end;
    struct buf pending;
    size_t sent; /* of pending */
    int header_done;
};

/* The next row of x into x->pending: 0, 1 at the end, -1 on failure. */
static int export_next(struct export_stream *x)
{
    if (!x->header_done) {
        x->header_done = 1;
        return !x->ix ? exports_header(x->fmt, &x->pending)
                      : exports_hit_header(x->fmt, &x->pending);
    }
    if (x->pos == x->end)
        return 1;
    if (!x->ix) {
        x->pos++;
        return exports_row(x->fmt, x->refs[x->pos - 1].a, x->refs[x->pos - 1].i, &x->pending);
    }
    if (x->hit == x->nhits) {
        size_t total = 0, want = x->end - x->pos < EXPORT_BATCH ? x->end - x->pos : EXPORT_BATCH;
        const char *why = NULL;

        search_hits_free(x->hits, x->nhits);
        x->hits = NULL;
        x->nhits = x->hit = 0;
        if (search_run(x->ix, &x->sq, x->pos, want, &x->hits, &x->nhits, &total, &why) || !x->nhits)
            return -1;
    }
    x->pos++;
    return exports_hit_row(x->fmt, &x->hits[x->hit++], &x->pending);
}

static ssize_t export_read(void *cls, uint64_t pos, char *out, size_t max)
{
    struct export_stream *x = cls;
    size_t n;

    (void)pos;
    while (x->sent == x->pending.len) {
        int rc;

        buf_free(&x->pending);
        x->sent = 0;
        if ((rc = export_next(x)) < 0)
            return MHD_CONTENT_READER_END_WITH_ERROR;
        if (rc > 0)
            return MHD_CONTENT_READER_END_OF_STREAM;
    }
    n = x->pending.len - x->sent;
    if (n > max)
        n = max;
    memcpy(out, x->pending.data + x->sent, n);
    x->sent += n;
    return (ssize_t)n;
}

static void export_free(void *cls)
{
    struct export_stream *x = cls;

    buf_free(&x->pending);
    free(x->refs);
    search_hits_free(x->hits, x->nhits);
    for (size_t i = 0; i < sizeof x->strs / sizeof x->strs[0]; i++)
        free(x->strs[i]);
    free(x);
}

static ssize_t export_none(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)cls;
    (void)pos;
    (void)out;
    (void)max;
    return MHD_CONTENT_READER_END_OF_STREAM;
}

/* An export's 200 is streamed, without a Content-Length: so is its 304 (RFC 9110 8.6),
 * whose body the library never sends. */
static struct MHD_Response *export_304(struct ctx *c, const char *etag)
{
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, export_none, NULL, NULL);

    if (resp) {
        MHD_add_response_header(resp, "ETag", etag);
        MHD_add_response_header(resp, "Cache-Control", cache_control(c->m.route));
        MHD_add_response_header(resp, "Vary", "Accept, Accept-Encoding");
    }
    return resp;
}

/* The start of an export: its ETag (the same snapshot and request give the same
 * bytes, so they are tagged without being made), a 304 when the client has them,
 * and its limit and offset. Returns 0, or -1 with the answer queued in *rc. */
static int export_begin(struct ctx *c, int fmt, char etag[STORE_ETAG_MAX], size_t *limit,
                        size_t *offset, enum MHD_Result *rc)
{
    const char *l = param(c, "limit"), *o = param(c, "offset");
    long long lv = EXPORTS_MAX_LIMIT, ov = 0;
    struct buf k;

    buf_init(&k, LINK_MAX);
    if (buf_addf(&k, "%s %d ", store_content_etag(c->r->snap), fmt) || buf_adds(&k, c->r->uri)) {
        buf_free(&k);
        *rc = problem(c, 500, "out of memory");
        return -1;
    }
    store_etag(k.data, k.len, fmt == EXPORTS_CSV ? "-csv" : "-nd", etag);
    buf_free(&k);
    if (not_modified(c, etag, NULL)) {
        *rc = queue(c, MHD_HTTP_NOT_MODIFIED, export_304(c, etag));
        return -1;
    }
    if ((l && (lv = parse_uint(l, EXPORTS_MAX_LIMIT)) < 1) ||
        (o && (ov = parse_uint(o, 1000000000LL)) < 0)) {
        *rc = problem_param(c, 400, "an export's limit is 1 to 100000, offset 0 or more",
                            l && lv < 1 ? "limit" : "offset",
                            "limit: 1 to 100000 for exports; offset: 0 to 1000000000", NULL);
        return -1;
    }
    *limit = (size_t)lv;
    *offset = (size_t)ov;
    return 0;
}

/* Stream x (taken over) as rows pos to end of n, from offset and at most limit. */
static enum MHD_Result export_send(struct ctx *c, struct export_stream *x, int fmt, size_t n,
                                   size_t limit, size_t offset, const char *etag,
                                   const char *disposition)
{
    struct MHD_Response *resp;
    char total[32];

    x->fmt = (enum exports_format)fmt;
    x->pos = offset < n ? offset : n;
    x->end = x->pos + (n - x->pos < limit ? n - x->pos : limit);
    buf_init(&x->pending, 1u << 22);
    snprintf(total, sizeof total, "%zu", n);
    resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, export_read, x, export_free);
    if (!resp) {
        export_free(x);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type",
                            fmt == EXPORTS_CSV ? EXPORTS_CSV_TYPE : EXPORTS_NDJSON_TYPE);
    MHD_add_response_header(resp, "Cache-Control", cache_control(c->m.route));
    MHD_add_response_header(resp, "Vary", "Accept, Accept-Encoding");
    MHD_add_response_header(resp, "X-Total-Count", total);
    MHD_add_response_header(resp, "ETag", etag);
    if (fmt == EXPORTS_CSV)
        MHD_add_response_header(resp, "Content-Disposition", disposition);
    return queue(c, MHD_HTTP_OK, resp);
}

static enum MHD_Result export_quotes(struct ctx *c, const struct store_quote_filter *f, int fmt)
{
    struct export_stream *x;
    size_t limit, offset, n = 0;
    char etag[STORE_ETAG_MAX];
    enum MHD_Result rc;
    int r;

    if (export_begin(c, fmt, etag, &limit, &offset, &rc))
        return rc;
    if (!(x = calloc(1, sizeof *x)))
        return problem(c, 500, "out of memory");
    r = store_query_quote_refs(c->r->snap, NULL, f, &x->refs, &n);
    if (r) {
        export_free(x);
        return r == -2 ? problem_param(c, 400, "q has no word to match", "q",
                                       "words; at least one not excluded with '-'", NULL)
                       : problem(c, 500, "out of memory");
    }
    return export_send(c, x, fmt, n, limit, offset, etag, "attachment; filename=\"quotes.csv\"");
}

/* /v1/search as CSV or NDJSON: the hits are fetched a batch at a time while streaming. */
static enum MHD_Result export_search(struct ctx *c, const struct search_query *sq, int fmt)
{
    const char *src[4] = {sq->q, sq->speaker, sq->source, sq->section}, *why = NULL;
    struct export_stream *x;
    struct search_hit *none = NULL;
    size_t limit, offset, n = 0, nnone = 0;
    char etag[STORE_ETAG_MAX];
    enum MHD_Result rc;
    int r;

    if (export_begin(c, fmt, etag, &limit, &offset, &rc))
        return rc;
    /* A page of none: the query is checked and counted before the 200 goes out. */
    r = search_run(store_search(c->r->snap), sq, offset, 0, &none, &nnone, &n, &why);
    search_hits_free(none, nnone);
    if (r == -2)
        return problem_param(c, 400, why, "q", "words, \"a phrase\", prefix* and -excluded", NULL);
    if (r || !(x = calloc(1, sizeof *x)))
        return problem(c, 500, r ? "search failed" : "out of memory");
    /* The parameters go with the request's context: the stream keeps copies. */
    for (size_t i = 0; i < 4; i++)
        if (src[i] && !(x->strs[i] = strdup(src[i]))) {
            export_free(x);
            return problem(c, 500, "out of memory");
        }
    x->ix = store_search(c->r->snap);
    x->sq = *sq;
    x->sq.q = x->strs[0];
    x->sq.speaker = x->strs[1];
    x->sq.source = x->strs[2];
    x->sq.section = x->strs[3];
    return export_send(c, x, fmt, n, limit, offset, etag, "attachment; filename=\"search.csv\"");
}

/* A date filter: an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD) as YYYYMMDD; the
 * end of a reduced date for "to" (to=2024-03 includes all of March). */
static int date_param(struct ctx *c, const char *name, int end, long *out, enum MHD_Result *rc)
{
    const char *v = param(c, name);
    size_t n = v ? strlen(v) : 0;
    long day;

    *out = -1;
    if (!v)
        return 0;
    day = n == 4 || n == 7 || n == 10 ? datetime_iso_day(v) : -1;
    if (day < 0) {
        char detail[64];

        snprintf(detail, sizeof detail, "%s must be a date: YYYY, YYYY-MM or YYYY-MM-DD", name);
        *rc = problem_param(c, 400, detail, name, "YYYY, YYYY-MM or YYYY-MM-DD", NULL);
        return -1;
    }
    if (end && n == 4)
        day += 1130;
    else if (end && n == 7)
        day += 30;
    *out = day;
    return 0;
}

/* The filters /v1/articles and /v1/quotes share with /v1/search: source, from, to
 * and sort (date, newest or oldest). On a bad value answers 400 and returns -1. */
static int list_filters(struct ctx *c, struct store_quote_filter *f, enum MHD_Result *rc)
{
    const char *sort = param(c, "sort");
    long from, to;

    if (date_param(c, "from", 0, &from, rc) || date_param(c, "to", 1, &to, rc))
        return -1;
    f->from = from > 0 ? from : 0;
    f->to = to > 0 ? to : 0;
    f->source = param(c, "source");
    if (!sort)
        f->sort = STORE_SORT_NATURAL;
    else if (!strcmp(sort, "newest") || !strcmp(sort, "date"))
        f->sort = STORE_SORT_NEWEST;
    else if (!strcmp(sort, "oldest"))
        f->sort = STORE_SORT_OLDEST;
    else {
        *rc = problem_param(c, 400, "sort must be date, newest or oldest", "sort",
                            "one of: date, newest, oldest", NULL);
        return -1;
    }
    return 0;
}

/* The list filters again, for the links of a page. */
static int filters_query(struct ctx *c, struct buf *q)
{
    return query_add(q, "source", param(c, "source")) || query_add(q, "from", param(c, "from")) ||
           query_add(q, "to", param(c, "to")) || query_add(q, "sort", param(c, "sort"));
}

/* A page of quotes with offsets in UTF-16 units: rendered for the request. */
static enum MHD_Result quotes_utf16(struct ctx *c, const char *id,
                                    const struct store_quote_filter *f, const char *kind)
{
    struct store_quote_ref *refs = NULL;
    struct store_list l = {0};
    size_t n = 0, limit, offset;
    char path[ROUTER_PATH_MAX + 32];
    struct buf q;
    enum MHD_Result rc;
    int r;

    if (page_params(c, &limit, &offset, &rc))
        return rc;
    r = store_query_quote_refs(c->r->snap, id, f, &refs, &n);
    if (r)
        return r == -2 ? problem_param(c, 400, "q has no word to match", "q",
                                       "words; at least one not excluded with '-'", NULL)
                       : problem(c, 500, "out of memory");
    l.items = calloc(n + 1, sizeof *l.items);
    l.lens = calloc(n + 1, sizeof *l.lens);
    l.n = n;
    buf_init(&q, LINK_MAX);
    if (!l.items || !l.lens)
        goto fail;
    /* Only the page's quotes are rendered; the others keep an empty text and are not sent. */
    for (size_t i = offset; i < n && i < offset + limit; i++) {
        json_t *v = render_quote(refs[i].a, refs[i].i, 1);

        if (!v || offsets_to_utf16(refs[i].a, v) || !(l.items[i] = render_dump(v, &l.lens[i]))) {
            json_decref(v);
            goto fail;
        }
        json_decref(v);
    }
    for (size_t i = 0; i < n; i++)
        if (!l.items[i])
            l.items[i] = "";
    if (query_add(&q, "q", id ? NULL : f->words) || query_add(&q, "speaker", f->speaker) ||
        query_add(&q, "section", f->section) || query_add(&q, "kind", kind) ||
        (!id && filters_query(c, &q)) || query_add(&q, "offsets", "utf16"))
        goto fail;
    if (id)
        snprintf(path, sizeof path, "/v1/articles/%s/quotes", id);
    else
        snprintf(path, sizeof path, "/v1/quotes");
    rc = send_page(c, &l, path, q.data);
    goto out;
fail:
    rc = problem(c, 500, "out of memory");
out:
    for (size_t i = offset; l.items && i < n && i < offset + limit; i++)
        if (l.items[i] && *l.items[i])
            free((void *)l.items[i]);
    free(l.items);
    free(l.lens);
    buf_free(&q);
    free(refs);
    return rc;
}

static enum MHD_Result quotes(struct ctx *c, const char *id)
{
    struct store_quote_filter f = {.speaker = param(c, "speaker"),
                                   .section = param(c, "section"),
                                   .kind = -1,
                                   .words = param(c, "q")};
    const char *kind = param(c, "kind");
    struct store_list l;
    struct buf q;
    char path[ROUTER_PATH_MAX + 32];
    enum MHD_Result rc;

    /* One article's quotes are filtered by speaker, section and kind; all quotes by
     * the article's source and dates too, and sorted. */
    if (id)
        f.words = NULL;
    else if (list_filters(c, &f, &rc))
        return rc;
    if (kind) {
        /* Quote kinds only: "indirect" belongs to attributions. */
        for (int k = ANNOT_DIRECT; k <= ANNOT_PARTIAL; k++)
            if (!strcmp(kind, annot_kind_name((enum annot_kind)k)))
                f.kind = k;
        if (f.kind < 0)
            return problem_param(c, 400, "kind must be direct, continuation or partial", "kind",
                                 "one of: direct, continuation, partial", NULL);
    }
    if (!id) {
        int fmt = export_format(c);

        if (fmt == -2)
            return problem_param(c, 400, "format must be json, csv or ndjson", "format",
                                 "one of: json, csv, ndjson", NULL);
        if (fmt >= 0)
            return export_quotes(c, &f, fmt);
    }
    if (c->utf16)
        return quotes_utf16(c, id, &f, kind);
    switch (store_query_quotes(c->r->snap, id, &f, &l)) {
    case 0:
        break;
    case -2:
        return problem_param(c, 400, "q has no word to match", "q",
                             "words that must start a word of the quote; at least one not "
                             "excluded with '-'",
                             NULL);
    default:
        return problem(c, 500, "out of memory");
    }
    buf_init(&q, LINK_MAX);
    if (query_add(&q, "q", f.words) || query_add(&q, "speaker", f.speaker) ||
        query_add(&q, "section", f.section) || query_add(&q, "kind", kind) ||
        (!id && filters_query(c, &q))) {
        store_list_free(&l);
        return problem(c, 500, "out of memory");
    }
    if (id)
        snprintf(path, sizeof path, "/v1/articles/%s/quotes", id);
    else
        snprintf(path, sizeof path, "/v1/quotes");
    rc = send_page(c, &l, path, q.data ? q.data : "");
    buf_free(&q);
    store_list_free(&l);
    return rc;
}

static enum MHD_Result text_search(struct ctx *c)
{
    struct search_query sq = {
        param(c, "q"),        param(c, "speaker"), param(c, "source"), param(c, "section"), -1, -1,
        SEARCH_SORT_RELEVANCE};
    const char *sort = param(c, "sort"), *why = NULL;
    struct search_hit *hits = NULL;
    size_t limit, offset, nhits = 0, total = 0, len;
    struct buf body, link, q;
    const char **items = NULL;
    size_t *lens = NULL;
    char ttl[32], *text = NULL, *linktext;
    enum MHD_Result rc;
    int r, fmt;

    if (!sq.q)
        return problem_param(c, 400, "q is required", "q",
                             "words, \"a phrase\", prefix* and -excluded", NULL);
    if (sort) {
        if (!strcmp(sort, "relevance"))
            sq.sort = SEARCH_SORT_RELEVANCE;
        else if (!strcmp(sort, "newest") || !strcmp(sort, "date"))
            sq.sort = SEARCH_SORT_NEWEST;
        else if (!strcmp(sort, "oldest"))
            sq.sort = SEARCH_SORT_OLDEST;
        else
            return problem_param(c, 400, "sort must be relevance, date, newest or oldest", "sort",
                                 "one of: relevance, date, newest, oldest", NULL);
    }
    if (date_param(c, "from", 0, &sq.from, &rc) || date_param(c, "to", 1, &sq.to, &rc))
        return rc;
    if ((fmt = export_format(c)) == -2)
        return problem_param(c, 400, "format must be json, csv or ndjson", "format",
                             "one of: json, csv, ndjson", NULL);
    if (fmt >= 0)
        return export_search(c, &sq, fmt);
    if (page_params(c, &limit, &offset, &rc))
        return rc;
    r = search_run(store_search(c->r->snap), &sq, offset, limit, &hits, &nhits, &total, &why);
    if (r == -2)
        return problem_param(c, 400, why, "q", "words, \"a phrase\", prefix* and -excluded", NULL);
    if (r)
        return problem(c, 500, "search failed");
    buf_init(&body, MAX_RESPONSE);
    buf_init(&link, LINK_MAX);
    buf_init(&q, LINK_MAX);
    items = calloc(nhits + 1, sizeof *items);
    lens = calloc(nhits + 1, sizeof *lens);
    if (!items || !lens)
        goto fail;
    for (size_t i = 0; i < nhits; i++)
        if (!(items[i] = results_hit_json(&hits[i], &lens[i])))
            goto fail;
    if (query_add(&q, "q", sq.q) || query_add(&q, "speaker", sq.speaker) ||
        query_add(&q, "source", sq.source) || query_add(&q, "section", sq.section) ||
        query_add(&q, "from", param(c, "from")) || query_add(&q, "to", param(c, "to")) ||
        query_add(&q, "sort", sort))
        goto fail;
    if (render_page(&body, items, lens, nhits, total, limit, offset, "/v1/search",
                    q.data ? q.data : "") ||
        render_page_link_header(&link, total, limit, offset, "/v1/search", q.data ? q.data : ""))
        goto fail;
    snprintf(ttl, sizeof ttl, "%zu", total);
    text = buf_steal(&body, &len);
    linktext = buf_steal(&link, NULL);
    text = maybe_pretty(c, text, &len);
    rc = send_text(c, 200, text, len, RENDER_JSON_TYPE, ttl, linktext);
    free(linktext);
    goto out;
fail:
    rc = problem(c, 500, "out of memory");
    buf_free(&body);
    buf_free(&link);
out:
    buf_free(&q);
    for (size_t i = 0; items && i < nhits; i++)
        free((void *)items[i]);
    free(items);
    free(lens);
    search_hits_free(hits, nhits);
    return rc;
}

static enum MHD_Result all_speakers(struct ctx *c)
{
    struct store_list l;
    enum MHD_Result rc;

    if (store_query_corpus_speakers(c->r->snap, &l))
        return problem(c, 500, "out of memory");
    rc = send_page(c, &l, "/v1/speakers", "");
    store_list_free(&l);
    return rc;
}

static enum MHD_Result speakers(struct ctx *c)
{
    struct store_list l;
    char path[ROUTER_PATH_MAX + 32];
    enum MHD_Result rc;

    if (store_query_speakers(c->r->snap, c->m.id, &l))
        return problem(c, 500, "out of memory");
    snprintf(path, sizeof path, "/v1/articles/%s/speakers", c->m.id);
    rc = send_page(c, &l, path, "");
    store_list_free(&l);
    return rc;
}

static enum MHD_Result articles(struct ctx *c)
{
    struct store_quote_filter f = {
        .speaker = param(c, "speaker"), .section = param(c, "section"), .kind = -1};
    struct store_list l;
    struct buf q;
    enum MHD_Result rc;

    if (list_filters(c, &f, &rc))
        return rc;
    if (store_query_articles_by(c->r->snap, &f, &l))
        return problem(c, 500, "out of memory");
    buf_init(&q, LINK_MAX);
    if (query_add(&q, "speaker", f.speaker) || query_add(&q, "section", f.section) ||
        filters_query(c, &q))
        rc = problem(c, 500, "out of memory");
    else
        rc = send_page(c, &l, "/v1/articles", q.data ? q.data : "");
    buf_free(&q);
    store_list_free(&l);
    return rc;
}

/* Does the media type (before ';') equal want, ignoring case and spaces? */
static int media_is(const char *ct, const char *want)
{
    size_t n = strcspn(ct, ";");

    while (n && ct[n - 1] == ' ')
        n--;
    return strlen(want) == n && !strncasecmp(ct, want, n);
}

/* On a pool thread: annotate r's body into r->out (or r->out_status and
 * r->out_detail for a problem), then let the library call us again. */
static void annotate_job(void *arg)
{
    struct req *r = arg;
    struct article_error err;
    struct article *a = article_build("adhoc", r->body.data, r->body.len, NULL, &err);
    struct buf out;
    size_t len = 0;
    char *text = NULL;

    /* The body is no longer needed: free it before rendering. */
    buf_free(&r->body);
    if (!a) {
        r->out_status = err.code == ARTICLE_ERR_NOMEM ? 500 : 422;
        snprintf(r->out_detail, sizeof r->out_detail, "cannot annotate: %s",
                 err.code == ARTICLE_ERR_NOMEM ? "out of memory" : err.msg);
    } else {
        /* Streamed: a JSON tree of a body of 60,000 paragraphs would take 30x its size. */
        buf_init(&out, MAX_RESPONSE);
        if (!render_article_text(a, 0, &out))
            text = buf_steal(&out, &len);
        article_free(a);
        if (text && r->pretty) {
            struct buf b;

            buf_init(&b, MAX_RESPONSE);
            if (render_pretty(text, len, &b))
                buf_free(&b);
            free(text);
            text = buf_steal(&b, &len);
        }
        r->out = text;
        r->outlen = len;
        r->out_status = text ? 200 : 500;
        if (!text)
            snprintf(r->out_detail, sizeof r->out_detail, "out of memory");
    }
    r->job = JOB_DONE;
    /* Resuming takes the library's lock: everything above is visible to the
     * network thread when it calls on_request again. */
    MHD_resume_connection(r->conn);
}

static enum MHD_Result annotate_answer(struct ctx *c)
{
    char *text = c->r->out;

    c->r->out = NULL;
    if (c->r->out_status != 200) {
        free(text);
        return problem(c, c->r->out_status, c->r->out_detail);
    }
    return send_text(c, 200, text, c->r->outlen, RENDER_JSON_TYPE, NULL, NULL);
}

static enum MHD_Result annotate(struct ctx *c)
{
    const char *ct = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Content-Type");

    /* Called again once the pool has done it (the body is gone by then). */
    if (c->r->job == JOB_DONE)
        return annotate_answer(c);
    if (c->r->busy)
        return problem(c, 429, "too many annotations in progress; retry shortly");
    if (c->r->body_too_big)
        return problem(c, 413, "the article is larger than the 1 MiB limit");
    if (!ct || !media_is(ct, "text/plain"))
        return problem(c, 415, "send the article as text/plain; charset=utf-8");
    if (strchr(ct, ';')) {
        const char *cs = find_ci(ct, "charset=");

        if (cs && strncasecmp(cs + 8, "utf-8", 5) && strncasecmp(cs + 8, "\"utf-8\"", 7))
            return problem(c, 415, "only charset=utf-8 is accepted");
    }
    if (!c->r->body.len)
        return problem(c, 422,
                       "the body is empty: send an article (title line, blank line, paragraphs)");
    /* Annotation takes up to a second for the largest body: a pool thread does
     * it while the connection is suspended, so other requests never wait. */
    c->r->job = JOB_RUNNING;
    c->r->conn = c->conn;
    c->r->pretty = c->pretty;
    MHD_suspend_connection(c->conn);
    if (work_submit(annotate_job, c->r)) {
        MHD_resume_connection(c->conn);
        c->r->job = JOB_NONE;
        return problem(c, 503, "the annotation workers are not running");
    }
    return MHD_YES;
}

/* Is a client-sent request id sane enough to echo? */
static int rid_ok(const char *s)
{
    size_t n = strlen(s);

    if (!n || n > 40)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-._:", *s))
            return 0;
    return 1;
}

static void set_request_id(struct ctx *c)
{
    const char *h = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "X-Request-Id");
    unsigned long long n;

    if (c->r->rid[0]) /* called again after an annotation was resumed */
        return;
    if (h && rid_ok(h)) {
        snprintf(c->r->rid, sizeof c->r->rid, "%s", h);
        return;
    }
    n = atomic_fetch_add(&rid_counter, 1) + 1;
    snprintf(c->r->rid, sizeof c->r->rid, "%016llx", (rid_seed ^ (n * 0x9E3779B97F4A7C15ULL)));
}

/* Does Accept allow type (e.g. "application/json")? Absent Accept allows all. */
static int acceptable(struct ctx *c, const char *type)
{
    const char *acc = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Accept");
    const char *slash = strchr(type, '/');
    char major[64];

    if (!acc || !*acc)
        return 1;
    snprintf(major, sizeof major, "%.*s/*", (int)(slash - type), type);
    for (const char *p = acc; *p;) {
        size_t n = strcspn(p, ",");
        size_t t = strcspn(p, ";,");
        const char *q = memchr(p, ';', n);

        while (t && p[t - 1] == ' ')
            t--;
        /* A range with q=0 is a refusal. */
        const char *qv = q ? find_ci(q, "q=") : NULL;
        int refused = qv && qv < p + n && strtod(qv + 2, NULL) <= 0.0;

        if (!refused && ((t == 3 && !strncmp(p, "*/*", 3)) ||
                         (t == strlen(major) && !strncasecmp(p, major, t)) ||
                         (t == strlen(type) && !strncasecmp(p, type, t)) ||
                         (!strcmp(type, "application/json") && t == 24 &&
                          !strncasecmp(p, "application/problem+json", t))))
            return 1;
        p += n;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return 0;
}

/* Does Accept name exactly this type (no wildcard) with q > 0? */
static int accept_names(struct ctx *c, const char *type)
{
    const char *acc = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Accept");
    size_t tl = strlen(type);

    for (const char *p = acc ? acc : ""; *p;) {
        size_t n = strcspn(p, ","), t = strcspn(p, ";,");
        const char *q = memchr(p, ';', n), *qv = q ? find_ci(q, "q=") : NULL;

        while (*p == ' ' && t) {
            p++;
            n--;
            t--;
        }
        while (t && p[t - 1] == ' ')
            t--;
        int refused = qv && qv < p + n && strtod(qv + 2, NULL) <= 0.0;

        if (t == tl && !strncasecmp(p, type, t) && !refused)
            return 1;
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

static const char *route_type(enum router_route r)
{
    switch (r) {
    case ROUTE_READ:
    case ROUTE_ANNOTATE_PAGE:
        return "text/html";
    case ROUTE_OPENAPI_YAML:
        return "application/yaml";
    case ROUTE_METRICS:
        return "text/plain";
    default:
        return "application/json";
    }
}

/* Copy at most max bytes of client text into out, cut at a character boundary,
 * so that a message quoting it stays valid UTF-8. */
static const char *clip(char *out, size_t cap, const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;

    if (n > max)
        n = max;
    if (n >= cap)
        n = cap - 1;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    if (n)
        memcpy(out, s, n);
    out[n] = '\0';
    if (!utf8_valid(out, n, NULL))
        snprintf(out, cap, "(not UTF-8)");
    return out;
}

/* A resource of an article that does not exist: say which part is missing. */
static enum MHD_Result not_found(struct ctx *c)
{
    char detail[400], id[72], key[72], path[210];

    if (c->m.id && !store_has_article(c->r->snap, c->m.id))
        snprintf(detail, sizeof detail, "no article '%s'", clip(id, sizeof id, c->m.id, 64));
    else if (c->m.route == ROUTE_ALL_SPEAKER)
        snprintf(detail, sizeof detail, "no speaker '%s' in any article",
                 clip(key, sizeof key, c->m.key, 64));
    else if (c->m.key)
        snprintf(detail, sizeof detail, "article '%s' has no %s '%s'",
                 clip(id, sizeof id, c->m.id, 64),
                 c->m.route == ROUTE_SECTION ? "section"
                 : c->m.route == ROUTE_QUOTE ? "quote"
                                             : "speaker",
                 clip(key, sizeof key, c->m.key, 64));
    else
        snprintf(detail, sizeof detail, "no resource at '%s'",
                 clip(path, sizeof path, c->path, 200));
    return problem(c, 404, detail);
}

/* ---- keys and writes ---- */

/* Health, metrics and the contract stay open to probes and tools; the rest are reads. */
static int needs_read_key(enum router_route r)
{
    switch (r) {
    case ROUTE_HEALTHZ:
    case ROUTE_LIVEZ:
    case ROUTE_READYZ:
    case ROUTE_METRICS:
    case ROUTE_OPENAPI_YAML:
    case ROUTE_OPENAPI_JSON:
    case ROUTE_ASSET:
        return 0;
    default:
        return 1;
    }
}

/* Check the request's key for scope need (once per request). A presented key
 * is checked (and rate-limited) even where none is required. */
static void authenticate(struct req *r, struct MHD_Connection *conn, unsigned need)
{
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

    r->authed = 1;
    r->auth = keys_check(h, need, &r->key);
    if (r->auth == KEYS_MISSING && !keys_required(need))
        r->auth = KEYS_OK;
}

/* Answer a failed check and return -1 with the result in *rc; 0 when it passed. */
static int refuse(struct ctx *c, enum MHD_Result *rc)
{
    switch (c->r->auth) {
    case KEYS_OK:
        return 0;
    case KEYS_MISSING:
        *rc = problem(c, 401, "this needs an API key: send Authorization: Bearer KEY");
        break;
    case KEYS_UNKNOWN:
        *rc = problem(c, 401, "the API key is unknown, revoked or malformed");
        break;
    case KEYS_FORBIDDEN:
        *rc = problem(c, 403, "the API key lacks the scope this needs");
        break;
    case KEYS_LIMITED:
        *rc = problem(c, 429, "the API key is over its rate limit; see Retry-After");
        break;
    }
    return -1;
}

static int check_key(struct ctx *c, unsigned need, enum MHD_Result *rc)
{
    if (!c->r->authed)
        authenticate(c->r, c->conn, need);
    return refuse(c, rc);
}

/* Headers of a write: the key is checked and a body slot taken before the body is read. */
static void write_first_call(struct req *r, struct MHD_Connection *conn)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");

    authenticate(r, conn, KEYS_WRITE);
    if (r->auth != KEYS_OK || router_method(r->method) == ROUTER_DELETE)
        return;
    if (cl && parse_uint(cl, WRITE_MAX_BODY) < 0)
        r->body_too_big = 1;
    if (atomic_fetch_add(&writing, 1) < MAX_WRITES)
        r->write_slot = 1;
    else
        atomic_fetch_sub(&writing, 1);
    r->busy = !r->write_slot;
    r->body.max = WRITE_MAX_BODY;
}

/* A write body: text/plain, or JSON {"text": ..., "meta": {...}}. Fills req
 * (pointing into body or into *owned, which the caller frees). -1 with a
 * problem queued in *rc on bad input. */
static int write_body(struct ctx *c, struct publish_req *pr, char **owned, enum MHD_Result *rc)
{
    const char *ct = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Content-Type");
    json_error_t jerr;
    json_t *v, *text, *meta;
    const char *k;
    json_t *x;
    char detail[300];

    *owned = NULL;
    if (ct && media_is(ct, "text/plain")) {
        const char *cs = strchr(ct, ';') ? find_ci(ct, "charset=") : NULL;

        if (cs && strncasecmp(cs + 8, "utf-8", 5) && strncasecmp(cs + 8, "\"utf-8\"", 7)) {
            *rc = problem(c, 415, "only charset=utf-8 is accepted");
            return -1;
        }
        pr->text = c->r->body.data ? c->r->body.data : "";
        pr->len = c->r->body.len;
        return 0;
    }
    if (!ct || !media_is(ct, "application/json")) {
        *rc = problem(c, 415,
                      "send the article as text/plain; charset=utf-8 or as "
                      "application/json {\"text\": ..., \"meta\": {...}}");
        return -1;
    }
    v = json_loadb(c->r->body.data ? c->r->body.data : "", c->r->body.len, JSON_REJECT_DUPLICATES,
                   &jerr);
    if (!v) {
        snprintf(detail, sizeof detail, "the body is not JSON: %s (line %d, column %d)", jerr.text,
                 jerr.line, jerr.column);
        *rc = problem(c, 400, detail);
        return -1;
    }
    text = json_object_get(v, "text");
    meta = json_object_get(v, "meta");
    json_object_foreach (v, k, x) {
        if (strcmp(k, "text") && strcmp(k, "meta")) {
            snprintf(detail, sizeof detail, "unknown member '%.64s': only text and meta", k);
            goto invalid;
        }
    }
    if (!json_is_object(v) || !json_is_string(text)) {
        snprintf(detail, sizeof detail, "the body must be an object with a string 'text'");
        goto invalid;
    }
    if (meta && !json_is_null(meta) && !json_is_object(meta)) {
        snprintf(detail, sizeof detail, "'meta' must be an object (the sidecar) or null");
        goto invalid;
    }
    pr->len = json_string_length(text);
    *owned = malloc(pr->len + 1);
    if (meta && json_is_object(meta)) {
        /* Freed by the caller through pr->meta. */
        pr->meta = json_dumps(meta, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        pr->meta_len = pr->meta ? strlen(pr->meta) : 0;
    }
    if (!*owned || (meta && json_is_object(meta) && !pr->meta)) {
        free((char *)pr->meta);
        pr->meta = NULL;
        json_decref(v);
        *rc = problem(c, 500, "out of memory");
        return -1;
    }
    memcpy(*owned, json_string_value(text), pr->len + 1);
    pr->text = *owned;
    json_decref(v);
    return 0;
invalid:
    json_decref(v);
    *rc = problem(c, 422, detail);
    return -1;
}

static const char *outcome_name(enum publish_result p)
{
    static const char *const names[] = {[PUBLISH_OK] = "replaced",
                                        [PUBLISH_CREATED] = "created",
                                        [PUBLISH_DELETED] = "deleted",
                                        [PUBLISH_NOT_FOUND] = "not-found",
                                        [PUBLISH_PRECONDITION] = "precondition-failed",
                                        [PUBLISH_NO_PRECONDITION] = "precondition-required",
                                        [PUBLISH_BAD_REQUEST] = "bad-request",
                                        [PUBLISH_INVALID] = "invalid",
                                        [PUBLISH_UNAVAILABLE] = "unavailable",
                                        [PUBLISH_READ_ONLY] = "read-only",
                                        [PUBLISH_ERROR] = "error"};

    return names[p];
}

/* Answer a write with the article as it is now published (200 or 201). */
static enum MHD_Result send_written(struct ctx *c, struct store *snap, unsigned status)
{
    char path[ARTICLE_ID_MAX + 16], loc[ARTICLE_ID_MAX + 16];
    const struct store_body *b;
    struct MHD_Response *resp;

    snprintf(path, sizeof path, "/v1/articles/%s", c->m.id);
    /* The response body lives in snap, which the request holds until it completes. */
    store_release(c->r->snap);
    c->r->snap = snap;
    b = store_get(snap, path);
    if (!b)
        return problem(c, 500, "the written article is not in the snapshot");
    resp = MHD_create_response_from_buffer(b->len, b->data, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    c->r->bytes = b->len;
    MHD_add_response_header(resp, "Content-Type", b->type);
    MHD_add_response_header(resp, "ETag", b->etag);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (status == 201) {
        snprintf(loc, sizeof loc, "/v1/articles/%s", c->m.id);
        MHD_add_response_header(resp, "Location", loc);
    }
    return queue(c, status, resp);
}

static enum MHD_Result write_route(struct ctx *c)
{
    struct publish_req pr = {0};
    struct publish_out o = {0};
    enum publish_result res = PUBLISH_ERROR;
    enum MHD_Result rc;
    const char *inm;
    char *owned = NULL, detail[400];
    int answered = 0;

    if (!c->r->authed)
        authenticate(c->r, c->conn, KEYS_WRITE);
    if (refuse(c, &rc))
        goto log;
    if (c->r->busy) {
        rc = problem(c, 429, "too many writes in progress; retry shortly");
        goto log;
    }
    if (c->r->body_too_big) {
        rc = problem(c, 413, "the body is larger than the 8 MiB limit (articles: 4 MiB)");
        goto log;
    }
    pr.id = c->m.id;
    pr.if_match = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "If-Match");
    inm = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "If-None-Match");
    pr.if_none_match_star = inm && !strcmp(inm, "*");
    if (c->mbit == ROUTER_DELETE) {
        res = publish_delete(&pr, &o);
    } else if (c->mbit == ROUTER_PATCH) {
        const char *ct = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Content-Type");

        if (!ct ||
            (!media_is(ct, "application/merge-patch+json") && !media_is(ct, "application/json"))) {
            rc = problem(c, 415, "send the metadata patch as application/merge-patch+json");
            goto log;
        }
        pr.meta = c->r->body.data ? c->r->body.data : "";
        pr.meta_len = c->r->body.len;
        res = publish_patch(&pr, &o);
    } else {
        if (write_body(c, &pr, &owned, &rc))
            goto log;
        if (pr.len > PARSE_MAX_BYTES) {
            rc = problem(c, 413, "the article is larger than the 4 MiB limit");
            free((char *)pr.meta);
            goto log;
        }
        if (!pr.len) {
            rc = problem(c, 422,
                         "the article is empty: send a title line, a blank line and "
                         "paragraphs");
            free((char *)pr.meta);
            goto log;
        }
        res = publish_put(&pr, &o);
        free((char *)pr.meta);
    }
    answered = 1;
    switch (res) {
    case PUBLISH_OK:
        rc = send_written(c, o.snap, 200);
        o.snap = NULL;
        break;
    case PUBLISH_CREATED:
        rc = send_written(c, o.snap, 201);
        o.snap = NULL;
        break;
    case PUBLISH_DELETED: {
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);

        if (resp)
            MHD_add_response_header(resp, "Cache-Control", "no-store");
        rc = queue(c, 204, resp);
        break;
    }
    case PUBLISH_NOT_FOUND:
        rc = not_found(c);
        break;
    case PUBLISH_PRECONDITION:
        rc = problem(c, 412,
                     pr.if_none_match_star
                         ? "the article exists (If-None-Match: *)"
                         : "the article's ETag no longer matches If-Match (or it does not exist)");
        break;
    case PUBLISH_NO_PRECONDITION:
        rc = problem(c, 428, "PATCH needs If-Match with the article's current ETag");
        break;
    case PUBLISH_BAD_REQUEST:
        snprintf(detail, sizeof detail, "%s", o.msg);
        rc = problem(c, 400, detail);
        break;
    case PUBLISH_INVALID:
        snprintf(detail, sizeof detail, "the article does not validate: %s", o.msg);
        rc = problem(c, 422, detail);
        break;
    case PUBLISH_UNAVAILABLE:
    case PUBLISH_READ_ONLY:
        rc = problem(c, 503, o.msg);
        break;
    case PUBLISH_ERROR:
        rc = problem(c, 500, o.msg[0] ? o.msg : "the write failed; nothing was published");
        break;
    }
    store_release(o.snap);
log:
    free(owned);
    {
        char st[8];
        char id[72];

        snprintf(st, sizeof st, "%u", c->r->status);
        log_event("info", "write", "request_id", c->r->rid, "method", c->method, "key",
                  c->r->key.id[0] ? c->r->key.id : NULL, "article",
                  clip(id, sizeof id, c->m.id, 64), "status", st, "outcome",
                  answered                ? outcome_name(res)
                  : c->r->auth != KEYS_OK ? "unauthorized"
                                          : "refused",
                  NULL);
    }
    return rc;
}

/* Routes whose bodies carry start/end offsets (or hold resources that do), which
 * take ?offsets=codepoints|utf16. */
static int has_offsets(enum router_route r)
{
    switch (r) {
    case ROUTE_ARTICLE:
    case ROUTE_SECTIONS:
    case ROUTE_SECTION:
    case ROUTE_QUOTES:
    case ROUTE_QUOTE:
    case ROUTE_SPEAKER:
    case ROUTE_SEARCH:
    case ROUTE_ALL_SPEAKER:
        return 1;
    default:
        return 0;
    }
}

static enum MHD_Result dispatch(struct ctx *c)
{
    const struct store_body *b;
    const char *pretty;
    unsigned allowed;

    int perr = parse_target(c, c->r->uri);

    if (perr) {
        /* Report the raw path: the decoded one may be cut short. */
        snprintf(c->path, sizeof c->path, "%.*s", (int)strcspn(c->r->uri, "?"), c->r->uri);
        if (perr == -2)
            return problem(c, 400, "too many query parameters (at most 32)");
        if (perr == -3)
            return problem(c, 414, "the path or a query parameter is too long");
        return problem(c, 400,
                       "the request target has malformed percent-encoding, a NUL byte "
                       "or invalid UTF-8");
    }
    router_match(c->path, &c->m);
    c->r->route = c->m.route;
    if (c->m.route == ROUTE_NONE)
        return problem(c, 404, "no such endpoint; start at / for a list of links");
    allowed = router_allowed(c->m.route);
    if (c->mbit == ROUTER_OPTIONS) {
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);

        if (!resp)
            return MHD_NO;
        MHD_add_response_header(resp, "Allow", router_allow_header(c->m.route));
        MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                                router_allow_header(c->m.route));
        MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                "Authorization, Content-Type, If-Match, If-None-Match, "
                                "X-Request-Id, Accept, Accept-Encoding");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "86400");
        MHD_add_response_header(resp, "Cache-Control", "no-store");
        return queue(c, MHD_HTTP_NO_CONTENT, resp);
    }
    if (!(allowed & c->mbit)) {
        char detail[128], method[24];

        snprintf(detail, sizeof detail, "%s is not allowed here; allowed: %s",
                 clip(method, sizeof method, c->method, 16), router_allow_header(c->m.route));
        return problem_param(c, 405, detail, NULL, NULL, router_allow_header(c->m.route));
    }
    if (c->mbit & (ROUTER_PUT | ROUTER_PATCH | ROUTER_DELETE))
        return write_route(c);
    if (needs_read_key(c->m.route) && !c->r->authed) {
        enum MHD_Result rc;

        if (check_key(c, KEYS_READ, &rc))
            return rc;
    }
    /* A browser asking for / gets the HTML index; assets go to any Accept. */
    if (c->m.route == ROUTE_INDEX && accept_names(c, "text/html") &&
        !accept_names(c, "application/json"))
        c->html = 1;
    /* /v1/quotes and /v1/search also answer CSV and NDJSON (exports). */
    if ((c->m.route == ROUTE_SEARCH || c->m.route == ROUTE_TEXT_SEARCH) && export_format(c) != -1)
        c->exporting = 1;
    if (!c->html && !c->exporting && c->m.route != ROUTE_ASSET &&
        !acceptable(c, route_type(c->m.route))) {
        char detail[64];

        snprintf(detail, sizeof detail, "this resource is %s", route_type(c->m.route));
        return problem(c, 406, detail);
    }
    pretty = param(c, "pretty");
    if (pretty) {
        if (!strcmp(pretty, "1") || !strcmp(pretty, "true") || !*pretty)
            c->pretty = 1;
        else if (strcmp(pretty, "0") && strcmp(pretty, "false"))
            return problem_param(c, 400, "pretty must be 1, 0, true or false", "pretty",
                                 "one of: 1, 0, true, false", NULL);
    }
    if (has_offsets(c->m.route) && param(c, "offsets")) {
        const char *o = param(c, "offsets");

        if (strcmp(o, "codepoints") && strcmp(o, "utf16"))
            return problem_param(c, 400, "offsets must be codepoints or utf16", "offsets",
                                 "one of: codepoints, utf16", NULL);
        c->utf16 = !strcmp(o, "utf16");
    }
    switch (c->m.route) {
    case ROUTE_HEALTHZ:
    case ROUTE_LIVEZ:
        return health(c, 0);
    case ROUTE_READYZ:
        return health(c, 1);
    case ROUTE_METRICS:
        return metrics(c);
    case ROUTE_ANNOTATE:
        return annotate(c);
    default:
        break;
    }
    if (!c->r->snap)
        return problem(c, 503, "articles are not loaded yet");
    /* An empty list or a 404 from a replica that never reached its database would be
     * false answers; a 503 also lets nginx retry the other replica. */
    if (c->m.route != ROUTE_INDEX && c->m.route != ROUTE_OPENAPI_YAML &&
        c->m.route != ROUTE_OPENAPI_JSON && c->m.route != ROUTE_ASSET &&
        c->m.route != ROUTE_ANNOTATE_PAGE && !publish_loaded())
        return problem(c, 503, "articles are not loaded yet: the database has not been reached");
    /* Pages assembled per request (filters, offsets, fields, pretty) are made
     * once per snapshot: the next request for the same target is a lookup. */
    if ((c->mbit == ROUTER_GET || c->mbit == ROUTER_HEAD) && !c->exporting &&
        strchr(c->r->uri, '?')) {
        b = store_cache_get(c->r->snap, c->r->uri);
        if (b)
            return send_static(c, b, b->total, b->link);
        c->cache = 1;
    }
    switch (c->m.route) {
    case ROUTE_ARTICLES:
        if (!param(c, "limit") && !param(c, "offset") && !param(c, "speaker") &&
            !param(c, "section") && !param(c, "source") && !param(c, "from") && !param(c, "to") &&
            !param(c, "sort"))
            break;
        return articles(c);
    case ROUTE_INDEX:
        if (!c->html)
            break;
        b = store_get(c->r->snap, STORE_PAGE_INDEX);
        return b ? send_static(c, b, NULL, NULL) : not_found(c);
    case ROUTE_READ:
        if (!store_has_article(c->r->snap, c->m.id))
            return not_found(c);
        break;
    case ROUTE_ARTICLE:
        if (!store_has_article(c->r->snap, c->m.id))
            return not_found(c);
        if (param(c, "fields"))
            return article_fields(c, param(c, "fields"));
        /* Made from the fields' texts: a tree of the whole article would be 30x its size. */
        if (c->utf16)
            return article_text(c, (1u << RENDER_NFIELDS) - 1);
        break;
    case ROUTE_QUOTES:
        if (!store_has_article(c->r->snap, c->m.id))
            return not_found(c);
        if (!param(c, "limit") && !param(c, "offset") && !param(c, "speaker") &&
            !param(c, "section") && !param(c, "kind") && !param(c, "offsets"))
            break;
        return quotes(c, c->m.id);
    case ROUTE_SEARCH:
        if (!param(c, "limit") && !param(c, "offset") && !param(c, "speaker") && !param(c, "q") &&
            !param(c, "kind") && !param(c, "offsets") && !param(c, "section") &&
            !param(c, "source") && !param(c, "from") && !param(c, "to") && !param(c, "sort") &&
            !c->exporting)
            break;
        return quotes(c, NULL);
    case ROUTE_TEXT_SEARCH:
        return text_search(c);
    case ROUTE_ALL_SPEAKERS:
        if (!param(c, "limit") && !param(c, "offset"))
            break;
        return all_speakers(c);
    case ROUTE_SPEAKERS:
        if (!store_has_article(c->r->snap, c->m.id))
            return not_found(c);
        if (!param(c, "limit") && !param(c, "offset"))
            break;
        return speakers(c);
    default:
        break;
    }
    b = store_get(c->r->snap, c->path);
    if (!b) {
        /* The path as routed (trailing slash dropped) may be the key. */
        char canon[ROUTER_PATH_MAX];
        size_t n = strlen(c->path);

        if (n > 1 && c->path[n - 1] == '/') {
            memcpy(canon, c->path, n - 1);
            canon[n - 1] = '\0';
            b = store_get(c->r->snap, canon);
        }
    }
    if (!b)
        return not_found(c);
    if (c->utf16)
        return send_utf16(c, b);
    return send_json(c, b, b->total, b->link);
}

/* What one pass over the request headers found. */
struct head {
    size_t n, bytes;
    unsigned cl, te, host;
    const char *cl_value, *te_value;
    int cl_differ, bad_name, nul;
};

static enum MHD_Result head_scan(void *cls, enum MHD_ValueKind kind, const char *key,
                                 size_t key_size, const char *value, size_t value_size)
{
    struct head *h = cls;

    (void)kind;
    h->n++;
    h->bytes += key_size + value_size + 4;
    /* A name with white space or a control (as in "Transfer-Encoding : chunked")
     * is not a token: proxies disagree on it. */
    for (size_t i = 0; i < key_size; i++)
        if ((unsigned char)key[i] <= ' ' || key[i] == 0x7f || strchr("\"(),/:;<=>?@[\\]{}", key[i]))
            h->bad_name = 1;
    if (!key_size)
        h->bad_name = 1;
    if (value && strlen(value) != value_size)
        h->nul = 1;
    if (!strcasecmp(key, "Content-Length")) {
        if (h->cl && strcmp(h->cl_value, value ? value : ""))
            h->cl_differ = 1;
        h->cl++;
        h->cl_value = value ? value : "";
    } else if (!strcasecmp(key, "Transfer-Encoding")) {
        h->te++;
        h->te_value = value ? value : "";
    } else if (!strcasecmp(key, "Host")) {
        h->host++;
    }
    return MHD_YES;
}

/* Check the head as RFC 9112 asks, before any body is read. Returns 0, or the
 * status to answer (with the connection closed) and its detail in *why. */
static unsigned head_check(struct MHD_Connection *conn, const struct req *r, const char *version,
                           const char **why)
{
    struct head h;

    memset(&h, 0, sizeof h);
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, head_scan, &h);
    if (strcmp(version, "HTTP/1.1") && strcmp(version, "HTTP/1.0")) {
        *why = "only HTTP/1.0 and HTTP/1.1 are served";
        return 505;
    }
    if (strlen(r->uri) > MAX_TARGET) {
        *why = "the request target is longer than 8 KiB";
        return 414;
    }
    if (h.n > MAX_HEADERS || h.bytes > MAX_HEAD) {
        *why = "the request has more than 100 header fields or more than 16 KiB of them";
        return 431;
    }
    if (h.bad_name) {
        *why = "a header field name is not a token (white space before the colon?)";
        return 400;
    }
    if (h.nul) {
        *why = "a header field value holds a NUL byte";
        return 400;
    }
    if (!strcmp(version, "HTTP/1.1") && h.host != 1) {
        *why = h.host ? "more than one Host header" : "an HTTP/1.1 request needs a Host header";
        return 400;
    }
    if (h.host > 1) {
        *why = "more than one Host header";
        return 400;
    }
    if (h.te && h.cl) {
        *why = "both Content-Length and Transfer-Encoding: the framing is ambiguous";
        return 400;
    }
    if (h.cl_differ) {
        *why = "Content-Length is given twice with different values";
        return 400;
    }
    if (h.te > 1 || (h.te && strcasecmp(h.te_value, "chunked"))) {
        *why = "only the chunked transfer coding is implemented";
        return 501;
    }
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct req *r = *con_cls;
    struct ctx cx, *c;
    enum MHD_Result rc;

    (void)cls;
    (void)url;
    if (!r)
        return MHD_NO;
    if (!r->seen) {
        /* First call: headers only. Queueing now would cost keep-alive (MHD 0.9.75). */
        r->seen = 1;
        guard_head_done(r->g);
        snprintf(r->method, sizeof r->method, "%s", method);
        r->reject = head_check(conn, r, version, &r->why);
        if (r->reject) {
            r->close = 1;
        } else if (router_method(method) & (ROUTER_PUT | ROUTER_PATCH | ROUTER_DELETE)) {
            write_first_call(r, conn);
        } else if (router_method(method) == ROUTER_POST) {
            const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
            struct router_match m;
            char path[ROUTER_PATH_MAX];

            if (cl && parse_uint(cl, HTTP_MAX_BODY) < 0)
                r->body_too_big = 1;
            /* Route on the decoded path, as dispatch will: %61nnotate is annotate too. */
            if (!pct_decode(r->uri, strcspn(r->uri, "?"), path, sizeof path, 0) &&
                router_match(path, &m) == ROUTE_ANNOTATE)
                r->annotate = 1;
        }
        /* A request we will refuse is answered before its body is read (no
         * 100 Continue); an undeclared oversized body is read, capped, and discarded. */
        if (!r->body_too_big && !r->reject && !r->busy && (!r->authed || r->auth == KEYS_OK))
            return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;

        guard_body(r->g, n);
        /* Only an annotation or a write keeps its body; any other upload is read and
         * dropped. Bodies buffered by all clients together are capped: past it, 429. */
        if ((r->annotate || r->write_slot) && !r->body_too_big && !r->busy) {
            if (atomic_fetch_add(&buffered, n) + n > MAX_BUFFERED) {
                atomic_fetch_sub(&buffered, n);
                r->busy = 1;
            } else {
                r->buffered += n;
                if (buf_add(&r->body, upload_data, n))
                    r->body_too_big = 1;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    guard_busy(r->g);
    /* A slot is taken only once the whole body is in: slow uploads hold none. */
    if (r->annotate && !r->annotate_slot && !r->busy && !r->body_too_big && !r->reject) {
        if (atomic_fetch_add(&annotating, 1) < MAX_ANNOTATE)
            r->annotate_slot = 1;
        else
            atomic_fetch_sub(&annotating, 1);
        r->busy = !r->annotate_slot;
    }
    /* On the stack and not cleared: its buffers are kilobytes that every request
     * would zero; parse_target and router_match fill what they use. */
    c = &cx;
    c->conn = conn;
    c->path[0] = '\0';
    c->nparams = 0;
    c->pretty = 0;
    c->cache = 0;
    c->html = 0;
    c->exporting = 0;
    c->utf16 = 0;
    c->m.route = ROUTE_NONE;
    c->m.id = c->m.key = NULL;
    c->r = r;
    c->method = method;
    c->mbit = router_method(method);
    set_request_id(c);
    if (!r->snap)
        r->snap = store_current();
    if (r->reject) {
        snprintf(c->path, sizeof c->path, "%.*s", (int)strcspn(r->uri, "?"), r->uri);
        rc = problem(c, r->reject, r->why);
    } else {
        rc = dispatch(c);
    }
    free_params(c);
    return rc;
}

/* Admission before the library takes a connection: its own limit is never reached. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)cls;
    return guard_admit(addr, addrlen) ? MHD_YES : MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

        *socket_context = fd ? guard_opened(fd->connect_fd, ad ? ad->client_addr : NULL) : NULL;
    } else {
        guard_closed(*socket_context);
        *socket_context = NULL;
    }
}

/* fmt is microhttpd's own format: the attribute tells -Wformat-nonliteral so. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    size_t n;

    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    log_event("warn", "microhttpd", "message", msg, NULL);
}

struct http_server *http_start(const struct config *cfg, char *err, size_t errlen)
{
    struct http_server *s = calloc(1, sizeof *s);
    struct sockaddr_in6 a6;
    struct sockaddr_in a4;
    struct sockaddr *sa;
    /* TURBO: read, write and accept before asking epoll (sockets are non-blocking):
     * a pre-rendered section 1.27x -> 1.52-1.55x nginx's requests/s (tests/bench/vs-nginx.sh). */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO |
                     MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    struct guard_limits gl = {cfg->max_connections, cfg->max_per_client, cfg->timeout};
    /* The library's own limit stalls every connection for --timeout once reached
     * (0.9.75, epoll): on_accept refuses first, so it is set where it is never hit,
     * also on a pool whose threads each get a share of it. */
    unsigned lib_limit = cfg->max_connections * (cfg->threads > 1 ? cfg->threads : 1) + 64;
    struct timespec now;
    const union MHD_DaemonInfo *info;

    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, cfg->host, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)cfg->port);
        sa = (struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, cfg->host, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)cfg->port);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else if (!strcmp(cfg->host, "localhost")) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)cfg->port);
        a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sa = (struct sockaddr *)&a4;
    } else {
        snprintf(err, errlen, "--host: '%.64s' is not an IPv4 or IPv6 address", cfg->host);
        free(s);
        return NULL;
    }
    clock_gettime(CLOCK_REALTIME, &now);
    started = (double)now.tv_sec;
    metrics_set_start_time((double)now.tv_sec + (double)now.tv_nsec / 1e9);
    rid_seed =
        (unsigned long long)now.tv_nsec * 6364136223846793005ULL ^ (unsigned long long)getpid();
    /* The logger goes first so that MHD reports option problems through it. */
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, NULL},
        {MHD_OPTION_SOCK_ADDR, 0, sa},
        {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)cfg->timeout, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)lib_limit, NULL},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, (intptr_t)cfg->backlog, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, LIB_POOL, NULL},
        /* A pool only when asked for: one epoll thread serves memory fastest. */
        {cfg->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (intptr_t)cfg->threads,
         NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    if (guard_start(&gl) || work_start(ANNOTATE_WORKERS, MAX_ANNOTATE)) {
        snprintf(err, errlen, "cannot start the connection reaper or the annotation workers");
        guard_stop();
        free(s);
        return NULL;
    }
    s->d = MHD_start_daemon(flags, (uint16_t)cfg->port, on_accept, NULL, on_request, NULL,
                            MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
    if (!s->d) {
        work_stop();
        guard_stop();
        snprintf(err, errlen, "cannot listen on %s:%u (in use, or not permitted)", cfg->host,
                 cfg->port);
        free(s);
        return NULL;
    }
    info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    return s;
}

unsigned http_port(const struct http_server *s)
{
    return s->port;
}

void http_stop(struct http_server *s, unsigned grace_ms)
{
    const struct timespec tick = {0, 10 * 1000 * 1000};
    MHD_socket lfd;

    if (!s)
        return;
    http_set_ready(0);
    /* Stop accepting; the listening socket is ours now: close it so no new
     * handshakes queue up. Then give in-flight requests time to finish. */
    lfd = MHD_quiesce_daemon(s->d);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);
    for (unsigned waited = 0; waited < grace_ms; waited += 10) {
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

        /* Idle keep-alive connections have nothing in flight: close them now,
         * and each busy one as soon as it has been answered. */
        if (!info || !info->num_connections || !guard_close_idle())
            break;
        nanosleep(&tick, NULL);
    }
    /* Suspended connections must be resumed before the library stops. */
    work_stop();
    MHD_stop_daemon(s->d);
    guard_stop();
    free(s);
}
