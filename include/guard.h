/* guard.h - connection admission and deadlines that libmicrohttpd 0.9.75 does not enforce.
 *
 * The HTTP layer reports each connection's phase; a reaper thread shuts down
 * the socket of a connection that overstays it (the library then closes it as
 * if the peer had gone). Admission is decided before the library takes a
 * connection, so its own limit, which stalls the whole server when reached,
 * is never hit. All functions are thread-safe.
 */
#ifndef ARTICLED_GUARD_H
#define ARTICLED_GUARD_H

#include <stddef.h>
#include <sys/socket.h>

/* A request head must be complete this many seconds after its request line. */
#define GUARD_HEAD_SECONDS 10
/* A body must arrive at this average rate (bytes/s) once GUARD_BODY_GRACE seconds have passed. */
#define GUARD_MIN_RATE 1024
#define GUARD_BODY_GRACE 5

struct guard_conn;

struct guard_limits {
    unsigned max_connections; /* all clients together */
    unsigned per_client;      /* connections from one IP address */
    unsigned idle_seconds;    /* a connection waiting for a request head */
};

/* Start the reaper. Returns 0, or -1 when the thread cannot start. */
int guard_start(const struct guard_limits *l);

/* Stop the reaper; connections still open are forgotten. */
void guard_stop(void);

/* May a connection from addr be taken? 1 yes, 0 refuse (over a limit). */
int guard_admit(const struct sockaddr *addr, socklen_t len);

/* A connection was taken (fd is its socket): returns its record, or NULL when
 * out of memory (the connection is then not watched). Freed by guard_closed(). */
struct guard_conn *guard_opened(int fd, const struct sockaddr *addr);
void guard_closed(struct guard_conn *g);

/* Phases of one request on g (NULL is ignored). */
void guard_head_begun(struct guard_conn *g); /* the request line is in */
void guard_head_done(struct guard_conn *g);  /* every header is in; a body may follow */
void guard_body(struct guard_conn *g, size_t n);
void guard_busy(struct guard_conn *g); /* the request is whole: no deadline */
void guard_idle(struct guard_conn *g); /* answered; waiting for the next request */

/* Shut down every connection that waits for a request (shutdown: close idle ones at once).
 * Returns how many connections are still busy with a request. */
size_t guard_close_idle(void);

/* Connections refused and closed so far, for /metrics. */
void guard_counts(unsigned long long *refused, unsigned long long *reaped);

#endif /* ARTICLED_GUARD_H */
