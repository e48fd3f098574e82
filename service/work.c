/* work.c - fixed thread pool with a bounded FIFO of jobs. */
#include "work.h"

#include <pthread.h>
#include <stdlib.h>

struct job {
    work_fn fn;
    void *arg;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static pthread_t *threads;
static unsigned nthreads;
static struct job *queue;
static size_t cap, head, count;
static int stopping;

static void *worker(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        struct job j;

        while (!count && !stopping)
            pthread_cond_wait(&ready, &lock);
        if (!count)
            break;
        j = queue[head];
        head = (head + 1) % cap;
        count--;
        pthread_mutex_unlock(&lock);
        j.fn(j.arg);
        pthread_mutex_lock(&lock);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int work_start(unsigned n, size_t qcap)
{
    if (!n || !qcap)
        return -1;
    queue = calloc(qcap, sizeof *queue);
    threads = calloc(n, sizeof *threads);
    if (!queue || !threads)
        goto fail;
    cap = qcap;
    head = count = 0;
    stopping = 0;
    for (nthreads = 0; nthreads < n; nthreads++)
        if (pthread_create(&threads[nthreads], NULL, worker, NULL))
            break;
    if (nthreads)
        return 0;
fail:
    free(queue);
    free(threads);
    queue = NULL;
    threads = NULL;
    return -1;
}

int work_submit(work_fn fn, void *arg)
{
    int rc = -1;

    pthread_mutex_lock(&lock);
    if (queue && !stopping && count < cap) {
        queue[(head + count) % cap] = (struct job){fn, arg};
        count++;
        pthread_cond_signal(&ready);
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

void work_stop(void)
{
    if (!threads)
        return;
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_broadcast(&ready);
    pthread_mutex_unlock(&lock);
    for (unsigned i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    free(queue);
    threads = NULL;
    queue = NULL;
    nthreads = 0;
}
