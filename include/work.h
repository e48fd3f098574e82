/* work.h - a small fixed pool of threads for jobs too slow for the network thread. */
#ifndef ARTICLED_WORK_H
#define ARTICLED_WORK_H

#include <stddef.h>

typedef void (*work_fn)(void *arg);

/* Start n threads with a queue of at most cap jobs. Returns 0, or -1 (nothing started). */
int work_start(unsigned n, size_t cap);

/* Queue fn(arg) to run on a pool thread. Returns 0, or -1 when the queue is
 * full or the pool is not running (fn is then not called). */
int work_submit(work_fn fn, void *arg);

/* Run every queued job, then stop and join the threads. */
void work_stop(void);

#endif /* ARTICLED_WORK_H */
