/* router.h - map a request path to a route template and its parameters.
 *
 * Pure and allocation-free: parameters point into a copy of the path the
 * caller keeps alive. Route templates (not raw paths) label metrics and logs.
 */
#ifndef ARTICLED_ROUTER_H
#define ARTICLED_ROUTER_H

#include <stddef.h>

#define ROUTER_PATH_MAX 1024

enum router_route {
    ROUTE_NONE = 0,
    ROUTE_INDEX,
    ROUTE_OPENAPI_YAML,
    ROUTE_OPENAPI_JSON,
    ROUTE_HEALTHZ,
    ROUTE_LIVEZ,
    ROUTE_READYZ,
    ROUTE_METRICS,
    ROUTE_ARTICLES,
    ROUTE_ARTICLE,
    ROUTE_SECTIONS,
    ROUTE_SECTION,
    ROUTE_QUOTES,
    ROUTE_QUOTE,
    ROUTE_SPEAKERS,
    ROUTE_SPEAKER,
    ROUTE_SEARCH,
    ROUTE_ANNOTATE,
    ROUTE_READ,          /* /read/{id}: the reader page */
    ROUTE_ANNOTATE_PAGE, /* /annotate: the annotate page */
    ROUTE_ASSET,         /* /assets/{file}: the pages' CSS and JS */
    ROUTE_TEXT_SEARCH,   /* /v1/search: full-text search of every article */
    ROUTE_ALL_SPEAKERS,  /* /v1/speakers: speakers across articles */
    ROUTE_ALL_SPEAKER,   /* /v1/speakers/{id} (key) */
    ROUTER_NROUTES
};

/* Methods as bits, for Allow headers and checks. */
enum router_method {
    ROUTER_GET = 1,
    ROUTER_HEAD = 2,
    ROUTER_POST = 4,
    ROUTER_OPTIONS = 8,
    ROUTER_OTHER = 16,
    ROUTER_PUT = 32, /* writes: /v1/articles/{id} only */
    ROUTER_PATCH = 64,
    ROUTER_DELETE = 128
};

struct router_match {
    enum router_route route;
    char buf[ROUTER_PATH_MAX]; /* the path, split in place */
    const char *id;            /* article id (also of /read/{id}), or NULL */
    const char *key;           /* section, quote or speaker key, or NULL */
};

/* Match an already percent-decoded path. A trailing slash is ignored. Paths
 * longer than ROUTER_PATH_MAX or with empty segments match nothing. */
enum router_route router_match(const char *path, struct router_match *m);

/* "/v1/articles/{id}" etc.; "unmatched" for ROUTE_NONE. */
const char *router_template(enum router_route r);

/* Methods the route allows (GET routes allow HEAD; all allow OPTIONS). */
unsigned router_allowed(enum router_route r);

/* "GET, HEAD, OPTIONS" for an Allow header. */
const char *router_allow_header(enum router_route r);

/* The method bit of a method name. */
enum router_method router_method(const char *name);

#endif /* ARTICLED_ROUTER_H */
