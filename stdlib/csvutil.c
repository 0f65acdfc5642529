/*
 * csvutil.c — the CSV reader's worker-side scratch: per-thread string
 * dictionaries (merged into the column's Dict by the calling thread), text
 * arenas, and running one job per thread on compute/'s job runner.
 * Workers use plain malloc here: lang/mem's counter belongs to the
 * interpreter's thread.
 */
#include <stdlib.h>
#include <string.h>

#include "compute/compute.h"
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

typedef struct Jobs {
    JobFn fn;
    char *items;
    size_t size;
    const bool *want;
} Jobs;

static CpStatus job_task(void *arg, int64_t i, const CpCtx *cx)
{
    Jobs *J = arg;
    if (!J->want || J->want[i])
        J->fn(J->items + J->size * (size_t)i);
    return CP_OK;
}

/* Run fn over items[0..n) (each `size` bytes; those with want[i], or all
 * when want is NULL) on compute/'s job runner, one thread per item (the
 * calling thread is one of them; a thread that cannot be started leaves
 * its items to the others). Each item's result depends only on the item,
 * so the thread count never changes the frame. */
void csv_run_jobs(JobFn fn, void *items, size_t size, int n, const bool *want)
{
    Jobs J = {fn, items, size, want};
    CpCtx cx;
    cp_ctx_init(&cx);
    cx.nthreads = n;
    cp_run(&cx, n, job_task, &J);      /* no interrupt flag, tasks cannot fail */
}
