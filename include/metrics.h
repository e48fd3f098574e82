/* metrics.h - request counters and latency histogram, in Prometheus text format. */
#ifndef ARTICLED_METRICS_H
#define ARTICLED_METRICS_H

#include <stddef.h>

#include "buf.h"
#include "router.h"

/* Count one finished request. Lock-free; safe from any thread. */
void metrics_observe(enum router_route route, unsigned status, long long duration_us);

void metrics_inflight(int delta);

/* Snapshot gauges set by whoever loads articles. */
void metrics_set_loaded(size_t articles, size_t quotes, size_t speakers);
void metrics_set_start_time(double unix_seconds);

/* The outcome of a load (reload != 0: a SIGHUP reload), with how many articles
 * are served from their last good version, and when it ended. */
void metrics_set_load(int ok, int reload, size_t stale, double unix_seconds);
void metrics_load_state(int *last_ok, unsigned long long *failures);

/* Connection counters kept by the HTTP layer, copied in before rendering. */
void metrics_set_connections(unsigned long long refused, unsigned long long reaped);

/* Append the exposition text. Returns 0, or -1 when out is full. */
int metrics_render(struct buf *out);

#endif /* ARTICLED_METRICS_H */
