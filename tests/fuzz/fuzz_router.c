/* fuzz_router.c - libFuzzer target: router_match() on any path, and render_pretty() on any
 * JSON Jansson accepts (the pretty text must parse back to the same value). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "render.h"
#include "router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_route(const uint8_t *data, size_t size)
{
    struct router_match m;
    char *path = malloc(size + 1);
    enum router_route r;

    if (!path)
        return;
    memcpy(path, data, size);
    path[size] = '\0';
    r = router_match(path, &m);
    if (r != m.route || (unsigned)r >= ROUTER_NROUTES || !router_template(r))
        abort();
    if (r != ROUTE_NONE && (!router_allowed(r) || !router_allow_header(r)))
        abort();
    if (r >= ROUTE_ARTICLE && r <= ROUTE_SPEAKER && (!m.id || !*m.id))
        abort();
    if ((r == ROUTE_SECTION || r == ROUTE_QUOTE || r == ROUTE_SPEAKER) && (!m.key || !*m.key))
        abort();
    (void)router_method(path);
    free(path);
}

static void check_pretty(const uint8_t *data, size_t size)
{
    json_t *v = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    json_t *back;
    struct buf out;
    char *compact;
    size_t len = 0;

    if (!v)
        return;
    compact = render_dump(v, &len);
    if (!compact) {
        json_decref(v);
        return;
    }
    buf_init(&out, 64u << 20);
    if (render_pretty(compact, len, &out))
        abort();
    back = json_loadb(out.data, out.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (!back || !json_equal(v, back))
        abort();
    json_decref(back);
    buf_free(&out);
    free(compact);
    json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_route(data, size);
    check_pretty(data, size);
    return 0;
}
