/* http.h - the HTTP layer: libmicrohttpd, routing, conventions, errors.
 *
 * Serves whatever snapshot store_current() returns; knows nothing of parsing
 * or rendering articles beyond asking the store and the model's builder.
 */
#ifndef ARTICLED_HTTP_H
#define ARTICLED_HTTP_H

#include <stddef.h>

#include "config.h"

/* Largest POST /v1/annotate body. */
#define HTTP_MAX_BODY (1024u * 1024u)

struct http_server;

/* Start listening as c says. Returns a new server, stopped and freed with
 * http_stop(), or NULL with a message in err. */
struct http_server *http_start(const struct config *c, char *err, size_t errlen);

/* /readyz answers 200 only while ready (articles loaded, not shutting down). */
void http_set_ready(int ready);

/* Stop accepting, let in-flight requests finish (at most grace_ms), stop. */
void http_stop(struct http_server *s, unsigned grace_ms);

/* The port actually bound (useful with port 0). */
unsigned http_port(const struct http_server *s);

#endif /* ARTICLED_HTTP_H */
