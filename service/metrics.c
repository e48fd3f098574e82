/* metrics.c - Prometheus counters kept in fixed arrays of atomics. */
#include "metrics.h"

#include <stdatomic.h>

/* 0 is a request that got no response (client gone, timeout): labelled "aborted". */
static const unsigned statuses[] = {0,   200, 204, 304, 400, 404, 405, 406, 413,
                                    414, 415, 422, 429, 431, 500, 501, 503, 505};
#define NSTATUS (sizeof statuses / sizeof statuses[0] + 1) /* the last slot: any other */

/* Upper bounds of the latency buckets, in microseconds. */
static const long long buckets_us[] = {100,  250,   500,   1000,   2500,
                                       5000, 10000, 50000, 250000, 1000000};
#define NBUCKET (sizeof buckets_us / sizeof buckets_us[0])

static atomic_ullong requests[ROUTER_NROUTES][NSTATUS];
static atomic_ullong latency[ROUTER_NROUTES][NBUCKET + 1];
static atomic_ullong latency_sum_us[ROUTER_NROUTES];
static atomic_llong inflight;
static atomic_ullong loaded_articles, loaded_quotes, loaded_speakers;
static _Atomic double start_time;
static atomic_ullong reloads_ok, reloads_failed, loads_stale;
static atomic_int last_load_ok = 1;
static _Atomic double last_load_time;
static atomic_ullong conns_refused, conns_reaped;

static size_t status_slot(unsigned status)
{
    for (size_t i = 0; i < NSTATUS - 1; i++)
        if (statuses[i] == status)
            return i;
    return NSTATUS - 1;
}

void metrics_observe(enum router_route route, unsigned status, long long duration_us)
{
    size_t b = 0;

    if (route >= ROUTER_NROUTES)
        route = ROUTE_NONE;
    while (b < NBUCKET && duration_us > buckets_us[b])
        b++;
    atomic_fetch_add(&requests[route][status_slot(status)], 1);
    atomic_fetch_add(&latency[route][b], 1);
    atomic_fetch_add(&latency_sum_us[route],
                     (unsigned long long)(duration_us > 0 ? duration_us : 0));
}

void metrics_inflight(int delta)
{
    atomic_fetch_add(&inflight, delta);
}

void metrics_set_loaded(size_t articles, size_t quotes, size_t speakers)
{
    atomic_store(&loaded_articles, articles);
    atomic_store(&loaded_quotes, quotes);
    atomic_store(&loaded_speakers, speakers);
}

void metrics_set_start_time(double unix_seconds)
{
    atomic_store(&start_time, unix_seconds);
}

void metrics_set_load(int ok, int reload, size_t stale, double unix_seconds)
{
    if (reload)
        atomic_fetch_add(ok ? &reloads_ok : &reloads_failed, 1);
    atomic_store(&last_load_ok, ok);
    atomic_store(&last_load_time, unix_seconds);
    if (ok)
        atomic_store(&loads_stale, stale);
}

void metrics_load_state(int *last_ok, unsigned long long *failures)
{
    *last_ok = atomic_load(&last_load_ok);
    *failures = atomic_load(&reloads_failed);
}

void metrics_set_connections(unsigned long long refused, unsigned long long reaped)
{
    atomic_store(&conns_refused, refused);
    atomic_store(&conns_reaped, reaped);
}

int metrics_render(struct buf *out)
{
    unsigned rc = 0;

    rc |= (unsigned)buf_adds(
        out, "# HELP articled_requests_total HTTP requests by route template and status.\n"
             "# TYPE articled_requests_total counter\n");
    for (size_t r = 0; r < ROUTER_NROUTES; r++) {
        for (size_t s = 0; s < NSTATUS; s++) {
            unsigned long long n = atomic_load(&requests[r][s]);

            if (!n)
                continue;
            if (s == 0)
                rc |= (unsigned)buf_addf(
                    out, "articled_requests_total{route=\"%s\",status=\"aborted\"} %llu\n",
                    router_template((enum router_route)r), n);
            else if (s < NSTATUS - 1)
                rc |= (unsigned)buf_addf(
                    out, "articled_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
                    router_template((enum router_route)r), statuses[s], n);
            else
                rc |= (unsigned)buf_addf(
                    out, "articled_requests_total{route=\"%s\",status=\"other\"} %llu\n",
                    router_template((enum router_route)r), n);
        }
    }
    rc |= (unsigned)buf_adds(out,
                             "# HELP articled_request_duration_seconds Time to answer a request.\n"
                             "# TYPE articled_request_duration_seconds histogram\n");
    for (size_t r = 0; r < ROUTER_NROUTES; r++) {
        unsigned long long cum = 0;
        const char *t = router_template((enum router_route)r);

        for (size_t b = 0; b <= NBUCKET; b++)
            cum += atomic_load(&latency[r][b]);
        if (!cum)
            continue;
        cum = 0;
        for (size_t b = 0; b < NBUCKET; b++) {
            cum += atomic_load(&latency[r][b]);
            rc |= (unsigned)buf_addf(
                out, "articled_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", t,
                (double)buckets_us[b] / 1e6, cum);
        }
        cum += atomic_load(&latency[r][NBUCKET]);
        rc |= (unsigned)buf_addf(
            out, "articled_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", t,
            cum);
        rc |= (unsigned)buf_addf(out, "articled_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
                                 t, (double)atomic_load(&latency_sum_us[r]) / 1e6);
        rc |= (unsigned)buf_addf(
            out, "articled_request_duration_seconds_count{route=\"%s\"} %llu\n", t, cum);
    }
    rc |= (unsigned)buf_addf(out,
                             "# HELP articled_requests_in_flight Requests being answered now.\n"
                             "# TYPE articled_requests_in_flight gauge\n"
                             "articled_requests_in_flight %lld\n",
                             (long long)atomic_load(&inflight));
    rc |=
        (unsigned)buf_addf(out,
                           "# HELP articled_articles_loaded Articles in the served snapshot.\n"
                           "# TYPE articled_articles_loaded gauge\narticled_articles_loaded %llu\n",
                           atomic_load(&loaded_articles));
    rc |= (unsigned)buf_addf(out,
                             "# HELP articled_quotes_loaded Quotes in the served snapshot.\n"
                             "# TYPE articled_quotes_loaded gauge\narticled_quotes_loaded %llu\n",
                             atomic_load(&loaded_quotes));
    rc |=
        (unsigned)buf_addf(out,
                           "# HELP articled_speakers_loaded Speakers in the served snapshot.\n"
                           "# TYPE articled_speakers_loaded gauge\narticled_speakers_loaded %llu\n",
                           atomic_load(&loaded_speakers));
    rc |= (unsigned)buf_addf(
        out,
        "# HELP articled_build_info Build information.\n"
        "# TYPE articled_build_info gauge\narticled_build_info{version=\"%s\"} 1\n",
        ARTICLED_VERSION);
    rc |= (unsigned)buf_addf(
        out,
        "# HELP articled_reloads_total Reloads (SIGHUP) by outcome.\n"
        "# TYPE articled_reloads_total counter\n"
        "articled_reloads_total{result=\"ok\"} %llu\narticled_reloads_total{result=\"failed\"} "
        "%llu\n"
        "# HELP articled_last_load_success 1 when the last load or reload succeeded.\n"
        "# TYPE articled_last_load_success gauge\narticled_last_load_success %d\n"
        "# HELP articled_last_load_time_seconds When the last load or reload ended.\n"
        "# TYPE articled_last_load_time_seconds gauge\narticled_last_load_time_seconds %.3f\n"
        "# HELP articled_articles_stale Articles served from their last good version.\n"
        "# TYPE articled_articles_stale gauge\narticled_articles_stale %llu\n"
        "# HELP articled_connections_refused_total Connections refused over a limit.\n"
        "# TYPE articled_connections_refused_total counter\n"
        "articled_connections_refused_total %llu\n"
        "# HELP articled_connections_reaped_total Connections closed for a missed deadline.\n"
        "# TYPE articled_connections_reaped_total counter\n"
        "articled_connections_reaped_total %llu\n",
        atomic_load(&reloads_ok), atomic_load(&reloads_failed), atomic_load(&last_load_ok),
        atomic_load(&last_load_time), atomic_load(&loads_stale), atomic_load(&conns_refused),
        atomic_load(&conns_reaped));
    rc |= (unsigned)buf_addf(
        out,
        "# HELP articled_start_time_seconds Start time of the process since the epoch.\n"
        "# TYPE articled_start_time_seconds gauge\narticled_start_time_seconds %.3f\n",
        atomic_load(&start_time));
    return rc ? -1 : 0;
}
