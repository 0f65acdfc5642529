/*
 * jobs.c — the one job runner: a parallel loop over numbered tasks on up
 * to cp_threads() threads, the calling thread being one of them.
 *
 * Tasks are handed out in increasing order from one atomic counter, so a
 * started task implies every lower-numbered one has started too; once a
 * task fails (or the interrupt flag is seen) no new task starts, and the
 * lowest-numbered failure is reported. Which thread runs a task never
 * changes its result: determinism comes from the caller giving each task
 * fixed input and combining task results in task order.
 *
 * Threads are created per call (tens of microseconds): a call that is not
 * worth that runs inline, which is always the case with one task or one
 * thread.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "compute/cpint.h"

#define MAX_THREADS 64

static atomic_int default_override;      /* cp_set_threads; 0: automatic */

int cp_default_threads(void)
{
    const char *e = getenv("SIFT_THREADS");
    if (e && *e) {
        int n = atoi(e);
        if (n >= 1 && n <= MAX_THREADS)
            return n;
    }
    int o = atomic_load(&default_override);
    if (o > 0)
        return o;
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : c > 8 ? 8 : (int)c;
}

void cp_set_threads(int n)
{
    atomic_store(&default_override, n > 0 && n <= MAX_THREADS ? n : 0);
}

int cp_threads(const CpCtx *cx)
{
    int n = cx->nthreads > 0 ? cx->nthreads : cp_default_threads();
    return n > MAX_THREADS ? MAX_THREADS : n;
}

typedef struct Run {
    const CpCtx *cx;
    CpTaskFn fn;
    void *arg;
    int64_t ntasks;
    atomic_int_fast64_t next;
    atomic_int stop;
    pthread_mutex_t lock;
    int64_t fail_task;                   /* lowest failed task, ntasks: none */
    CpStatus fail_st;
} Run;

static void record(Run *r, int64_t task, CpStatus st)
{
    atomic_store(&r->stop, 1);
    pthread_mutex_lock(&r->lock);
    if (task < r->fail_task) {
        r->fail_task = task;
        r->fail_st = st;
    }
    pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
    Run *r = arg;
    while (!atomic_load(&r->stop)) {
        if (cp_interrupted(r->cx)) {
            atomic_store(&r->stop, 1);
            break;
        }
        int64_t t = atomic_fetch_add(&r->next, 1);
        if (t >= r->ntasks)
            break;
        CpStatus st = r->fn(r->arg, t, r->cx);
        if (st != CP_OK)
            record(r, t, st);
    }
    return NULL;
}

CpStatus cp_run(const CpCtx *cx, int64_t ntasks, CpTaskFn fn, void *arg)
{
    if (ntasks <= 0)
        return cp_interrupted(cx) ? CP_EINTR : CP_OK;
    int nt = cp_threads(cx);
    if (nt > ntasks)
        nt = (int)ntasks;
    if (nt <= 1) {
        for (int64_t t = 0; t < ntasks; t++) {
            if (cp_interrupted(cx))
                return CP_EINTR;
            CpStatus st = fn(arg, t, cx);
            if (st != CP_OK)
                return st;
        }
        return CP_OK;
    }
    Run r = {.cx = cx, .fn = fn, .arg = arg, .ntasks = ntasks, .fail_task = ntasks, .fail_st = CP_OK};
    atomic_init(&r.next, 0);
    atomic_init(&r.stop, 0);
    pthread_mutex_init(&r.lock, NULL);
    pthread_t tid[MAX_THREADS];
    int started = 0;
    while (started < nt - 1 && pthread_create(&tid[started], NULL, worker, &r) == 0)
        started++;
    worker(&r);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&r.lock);
    if (r.fail_task < ntasks)
        return r.fail_st;
    /* Tasks left unstarted: the interrupt flag stopped the loop. */
    return atomic_load(&r.next) < ntasks ? CP_EINTR : CP_OK;
}
