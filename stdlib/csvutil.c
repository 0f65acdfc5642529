/*
 * csvutil.c — the CSV reader's worker-side scratch: per-thread string
 * dictionaries (merged into the column's Dict by the calling thread), text
 * arenas, and running one job per thread. Workers use plain malloc here:
 * lang/mem's counter belongs to the interpreter's thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "stdlib/csvint.h"

/* ---- worker-side scratch: local dictionaries and an arena ---------------- */

uint32_t csv_lhash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return (uint32_t)h;
}

void csv_ldict_free(LDict *d)
{
    free(d->e);
    free(d->slots);
    memset(d, 0, sizeof *d);
}

/* Code of s in d, adding it when new (*added set). -1: out of memory. */
int32_t csv_ldict_intern(LDict *d, const char *s, size_t n, bool *added)
{
    *added = false;
    if (!d->slots) {
        d->mask = 63;
        d->slots = calloc(64, sizeof(int32_t));
        d->cap = 32;
        d->e = malloc(sizeof(LEntry) * 32);
        if (!d->slots || !d->e)
            return -1;
    }
    uint32_t h = csv_lhash(s, n), i = h & d->mask;
    for (int32_t c; (c = d->slots[i]) != 0; i = (i + 1) & d->mask) {
        const LEntry *e = &d->e[c - 1];
        if (e->hash == h && e->len == n && memcmp(e->s, s, n) == 0)
            return c - 1;
    }
    if (d->n == d->cap) {
        LEntry *e = realloc(d->e, sizeof(LEntry) * (size_t)d->cap * 2);
        if (!e)
            return -1;
        d->e = e;
        d->cap *= 2;
    }
    d->e[d->n] = (LEntry){s, (uint32_t)n, h};
    d->slots[i] = ++d->n;
    *added = true;
    if ((uint32_t)d->n * 2 > d->mask) {
        uint32_t mask = d->mask * 2 + 1;
        int32_t *slots = calloc((size_t)mask + 1, sizeof(int32_t));
        if (!slots)
            return -1;
        for (int32_t c = 0; c < d->n; c++) {
            uint32_t j = d->e[c].hash & mask;
            while (slots[j])
                j = (j + 1) & mask;
            slots[j] = c + 1;
        }
        free(d->slots);
        d->slots = slots;
        d->mask = mask;
    }
    return d->n - 1;
}

/* Room for n bytes + NUL in the arena list, with TEXT_PAD readable bytes
 * after them (the number scanner reads ahead), or NULL. */
char *csv_arena_alloc(ArenaBlock **a, size_t n)
{
    ArenaBlock *b = *a;
    if (!b || b->cap - b->used < n + TEXT_PAD) {
        size_t cap = n + TEXT_PAD > 65536 ? n + TEXT_PAD : 65536;
        b = malloc(sizeof(ArenaBlock) + cap);
        if (!b)
            return NULL;
        b->next = *a;
        b->used = 0;
        b->cap = cap;
        *a = b;
    }
    char *p = b->data + b->used;
    b->used += n + 1;
    memset(p + n, 0, TEXT_PAD);         /* within the block: see the check above */
    return p;
}

void csv_arena_free(ArenaBlock **a)
{
    while (*a) {
        ArenaBlock *n = (*a)->next;
        free(*a);
        *a = n;
    }
}

/* ---- running jobs on threads ------------------------------------------- */

static void *job_main(void *arg)
{
    Job *j = arg;
    j->fn(j->arg);
    return NULL;
}

/* Run fn over items[0..n) (each `size` bytes; those with want[i], or all
 * when want is NULL), one thread each; the calling thread takes the first.
 * If a thread cannot be started its item runs on the calling thread. */
void csv_run_jobs(JobFn fn, void *items, size_t size, int n, const bool *want)
{
    pthread_t tid[MAX_THREADS];
    Job jobs[MAX_THREADS];
    bool started[MAX_THREADS] = {0};
    int first = -1;
    for (int i = 0; i < n; i++) {
        if (want && !want[i])
            continue;
        void *arg = (char *)items + size * (size_t)i;
        if (first < 0) {
            first = i;
            continue;
        }
        jobs[i] = (Job){fn, arg};
        started[i] = pthread_create(&tid[i], NULL, job_main, &jobs[i]) == 0;
        if (!started[i])
            fn(arg);
    }
    if (first >= 0)
        fn((char *)items + size * (size_t)first);
    for (int i = 0; i < n; i++)
        if (started[i])
            pthread_join(tid[i], NULL);
}

