/* guard.c - admission (global and per client) and request deadlines, enforced by a reaper. */
#include "guard.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum guard_phase { GUARD_WAIT, GUARD_HEAD, GUARD_BODY, GUARD_BUSY };

struct guard_conn {
    int fd;
    unsigned char addr[16]; /* IPv4 mapped into IPv6 form, so one comparison serves both */
    enum guard_phase phase;
    double since; /* when the phase began (monotonic seconds) */
    size_t body;  /* body bytes received in GUARD_BODY */
    int reaped;
    struct guard_conn *prev, *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t reaper;
static int running, stopping;
static struct guard_conn *conns;
static size_t nconns;
static struct guard_limits limits;
static atomic_ullong refused, reaped;

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void addr_key(const struct sockaddr *sa, unsigned char key[16])
{
    memset(key, 0, 16);
    if (!sa)
        return;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)sa;

        key[10] = key[11] = 0xff;
        memcpy(key + 12, &a->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)sa;

        memcpy(key, &a->sin6_addr, 16);
    }
}

/* Caller holds lock. */
static void reap(struct guard_conn *g)
{
    if (g->reaped)
        return;
    /* The library still owns the descriptor: shutting it down makes it see
     * end of stream and close the connection itself. The record is freed
     * (under lock) before the descriptor is closed, so fd is never stale. */
    shutdown(g->fd, SHUT_RDWR);
    g->reaped = 1;
    atomic_fetch_add(&reaped, 1);
}

static int overdue(const struct guard_conn *g, double now)
{
    double age = now - g->since;

    switch (g->phase) {
    case GUARD_WAIT:
        /* Counted from the end of the last answer, not the last byte: a request
         * line dribbled a byte at a time cannot hold the connection. */
        return age > (double)limits.idle_seconds;
    case GUARD_HEAD:
        return age > GUARD_HEAD_SECONDS;
    case GUARD_BODY:
        return age > GUARD_BODY_GRACE && (double)g->body / age < GUARD_MIN_RATE;
    case GUARD_BUSY:
        return 0;
    }
    return 0;
}

static void *reaper_main(void *arg)
{
    struct timespec until;

    (void)arg;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        double now = now_s();

        for (struct guard_conn *g = conns; g; g = g->next)
            if (overdue(g, now))
                reap(g);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000 * 1000;
        if (until.tv_nsec >= 1000 * 1000 * 1000) {
            until.tv_sec++;
            until.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&wake, &lock, &until);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int guard_start(const struct guard_limits *l)
{
    limits = *l;
    stopping = 0;
    if (pthread_create(&reaper, NULL, reaper_main, NULL))
        return -1;
    running = 1;
    return 0;
}

void guard_stop(void)
{
    if (!running)
        return;
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(reaper, NULL);
    running = 0;
}

int guard_admit(const struct sockaddr *addr, socklen_t len)
{
    unsigned char key[16];
    unsigned same = 0;
    int ok;

    (void)len;
    addr_key(addr, key);
    pthread_mutex_lock(&lock);
    ok = nconns < limits.max_connections;
    for (struct guard_conn *g = conns; ok && g; g = g->next)
        if (!memcmp(g->addr, key, 16) && ++same >= limits.per_client)
            ok = 0;
    pthread_mutex_unlock(&lock);
    if (!ok)
        atomic_fetch_add(&refused, 1);
    return ok;
}

struct guard_conn *guard_opened(int fd, const struct sockaddr *addr)
{
    struct guard_conn *g = calloc(1, sizeof *g);

    if (!g)
        return NULL;
    g->fd = fd;
    addr_key(addr, g->addr);
    g->phase = GUARD_WAIT;
    g->since = now_s();
    pthread_mutex_lock(&lock);
    g->next = conns;
    if (conns)
        conns->prev = g;
    conns = g;
    nconns++;
    pthread_mutex_unlock(&lock);
    return g;
}

void guard_closed(struct guard_conn *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&lock);
    if (g->prev)
        g->prev->next = g->next;
    else
        conns = g->next;
    if (g->next)
        g->next->prev = g->prev;
    nconns--;
    pthread_mutex_unlock(&lock);
    free(g);
}

static void set_phase(struct guard_conn *g, enum guard_phase p)
{
    if (!g)
        return;
    pthread_mutex_lock(&lock);
    g->phase = p;
    g->since = now_s();
    g->body = 0;
    pthread_mutex_unlock(&lock);
}

void guard_head_begun(struct guard_conn *g)
{
    set_phase(g, GUARD_HEAD);
}

void guard_head_done(struct guard_conn *g)
{
    set_phase(g, GUARD_BODY);
}

void guard_body(struct guard_conn *g, size_t n)
{
    if (!g)
        return;
    pthread_mutex_lock(&lock);
    g->body += n;
    pthread_mutex_unlock(&lock);
}

void guard_busy(struct guard_conn *g)
{
    set_phase(g, GUARD_BUSY);
}

void guard_idle(struct guard_conn *g)
{
    set_phase(g, GUARD_WAIT);
}

size_t guard_close_idle(void)
{
    size_t busy = 0;

    pthread_mutex_lock(&lock);
    for (struct guard_conn *g = conns; g; g = g->next) {
        if (g->phase == GUARD_WAIT)
            reap(g);
        else
            busy++;
    }
    pthread_mutex_unlock(&lock);
    return busy;
}

void guard_counts(unsigned long long *r, unsigned long long *d)
{
    *r = atomic_load(&refused);
    *d = atomic_load(&reaped);
}
