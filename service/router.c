/* router.c - request path to route template. */
#include "router.h"

#include <string.h>

static const char *const templates[ROUTER_NROUTES] = {
    [ROUTE_NONE] = "unmatched",
    [ROUTE_INDEX] = "/",
    [ROUTE_OPENAPI_YAML] = "/openapi.yaml",
    [ROUTE_OPENAPI_JSON] = "/openapi.json",
    [ROUTE_HEALTHZ] = "/healthz",
    [ROUTE_LIVEZ] = "/livez",
    [ROUTE_READYZ] = "/readyz",
    [ROUTE_METRICS] = "/metrics",
    [ROUTE_ARTICLES] = "/v1/articles",
    [ROUTE_ARTICLE] = "/v1/articles/{id}",
    [ROUTE_SECTIONS] = "/v1/articles/{id}/sections",
    [ROUTE_SECTION] = "/v1/articles/{id}/sections/{section}",
    [ROUTE_QUOTES] = "/v1/articles/{id}/quotes",
    [ROUTE_QUOTE] = "/v1/articles/{id}/quotes/{quote}",
    [ROUTE_SPEAKERS] = "/v1/articles/{id}/speakers",
    [ROUTE_SPEAKER] = "/v1/articles/{id}/speakers/{speaker}",
    [ROUTE_SEARCH] = "/v1/quotes",
    [ROUTE_ANNOTATE] = "/v1/annotate",
    [ROUTE_READ] = "/read/{id}",
    [ROUTE_ANNOTATE_PAGE] = "/annotate",
    [ROUTE_ASSET] = "/assets/{file}",
    [ROUTE_TEXT_SEARCH] = "/v1/search",
    [ROUTE_ALL_SPEAKERS] = "/v1/speakers",
    [ROUTE_ALL_SPEAKER] = "/v1/speakers/{id}",
};

/* Fixed paths with no parameters. */
static const struct {
    const char *path;
    enum router_route route;
} fixed[] = {
    {"/", ROUTE_INDEX},
    {"/openapi.yaml", ROUTE_OPENAPI_YAML},
    {"/openapi.json", ROUTE_OPENAPI_JSON},
    {"/healthz", ROUTE_HEALTHZ},
    {"/livez", ROUTE_LIVEZ},
    {"/readyz", ROUTE_READYZ},
    {"/metrics", ROUTE_METRICS},
    {"/v1/articles", ROUTE_ARTICLES},
    {"/v1/quotes", ROUTE_SEARCH},
    {"/v1/search", ROUTE_TEXT_SEARCH},
    {"/v1/speakers", ROUTE_ALL_SPEAKERS},
    {"/v1/annotate", ROUTE_ANNOTATE},
    {"/annotate", ROUTE_ANNOTATE_PAGE},
};

const char *router_template(enum router_route r)
{
    return r < ROUTER_NROUTES ? templates[r] : templates[ROUTE_NONE];
}

unsigned router_allowed(enum router_route r)
{
    if (r == ROUTE_NONE)
        return 0;
    if (r == ROUTE_ANNOTATE)
        return ROUTER_POST | ROUTER_OPTIONS;
    if (r == ROUTE_ARTICLE)
        return ROUTER_GET | ROUTER_HEAD | ROUTER_PUT | ROUTER_PATCH | ROUTER_DELETE |
               ROUTER_OPTIONS;
    return ROUTER_GET | ROUTER_HEAD | ROUTER_OPTIONS;
}

const char *router_allow_header(enum router_route r)
{
    if (r == ROUTE_ANNOTATE)
        return "POST, OPTIONS";
    if (r == ROUTE_ARTICLE)
        return "GET, HEAD, PUT, PATCH, DELETE, OPTIONS";
    return "GET, HEAD, OPTIONS";
}

enum router_method router_method(const char *name)
{
    if (!strcmp(name, "GET"))
        return ROUTER_GET;
    if (!strcmp(name, "HEAD"))
        return ROUTER_HEAD;
    if (!strcmp(name, "POST"))
        return ROUTER_POST;
    if (!strcmp(name, "OPTIONS"))
        return ROUTER_OPTIONS;
    if (!strcmp(name, "PUT"))
        return ROUTER_PUT;
    if (!strcmp(name, "PATCH"))
        return ROUTER_PATCH;
    if (!strcmp(name, "DELETE"))
        return ROUTER_DELETE;
    return ROUTER_OTHER;
}

enum router_route router_match(const char *path, struct router_match *m)
{
    size_t len = strlen(path);
    char *seg[6];
    size_t nseg = 0;
    char *p;

    memset(m, 0, sizeof *m);
    if (!len || path[0] != '/' || len >= sizeof m->buf)
        return ROUTE_NONE;
    if (strstr(path, "//"))
        return ROUTE_NONE;
    memcpy(m->buf, path, len + 1);
    if (len > 1 && m->buf[len - 1] == '/')
        m->buf[--len] = '\0';
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!strcmp(m->buf, fixed[i].path))
            return m->route = fixed[i].route;
    /* /v1/articles/{id}[/{sub}[/{key}]] */
    for (p = m->buf + 1; nseg < sizeof seg / sizeof seg[0];) {
        char *slash = strchr(p, '/');

        seg[nseg++] = p;
        if (!slash)
            break;
        *slash = '\0';
        p = slash + 1;
    }
    for (size_t i = 0; i < nseg; i++)
        if (!*seg[i] || strchr(seg[i], '/'))
            return ROUTE_NONE;
    /* The pages: /read/{id} and /assets/{file}. */
    if (nseg == 2 && !strcmp(seg[0], "read")) {
        m->id = seg[1];
        return m->route = ROUTE_READ;
    }
    if (nseg == 2 && !strcmp(seg[0], "assets"))
        return m->route = ROUTE_ASSET;
    if (nseg == 3 && !strcmp(seg[0], "v1") && !strcmp(seg[1], "speakers")) {
        m->key = seg[2];
        return m->route = ROUTE_ALL_SPEAKER;
    }
    if (nseg < 3 || nseg > 5 || strcmp(seg[0], "v1") || strcmp(seg[1], "articles"))
        return ROUTE_NONE;
    if (nseg > 3 && strcmp(seg[3], "sections") && strcmp(seg[3], "quotes") &&
        strcmp(seg[3], "speakers"))
        return ROUTE_NONE;
    m->id = seg[2];
    if (nseg == 3)
        return m->route = ROUTE_ARTICLE;
    if (!strcmp(seg[3], "sections"))
        m->route = nseg == 4 ? ROUTE_SECTIONS : ROUTE_SECTION;
    else if (!strcmp(seg[3], "quotes"))
        m->route = nseg == 4 ? ROUTE_QUOTES : ROUTE_QUOTE;
    else if (!strcmp(seg[3], "speakers"))
        m->route = nseg == 4 ? ROUTE_SPEAKERS : ROUTE_SPEAKER;
    else
        return ROUTE_NONE;
    m->key = nseg == 5 ? seg[4] : NULL;
    return m->route;
}
