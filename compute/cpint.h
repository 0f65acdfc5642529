/*
 * cpint.h — what the files of compute/ share and nobody else sees: error
 * setting, the 64-bit key image of a column cell, the hash mixer and the
 * dense-id table over 64-bit keys.
 *
 * Invariant: a key image is equal for two cells exactly when the cells
 * are equal under compute.h's key equality (so -0 and +0 share an image,
 * every NaN shares one, and NA has none: callers test validity first).
 */
#ifndef SIFT_CPINT_H
#define SIFT_CPINT_H

#include <string.h>

#include "compute/compute.h"

/* Writes the message into cx->msg and returns st. */
CpStatus cp_fail(CpCtx *cx, CpStatus st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* cx->msg = the status text, returns st (for ENOMEM/EINTR). */
CpStatus cp_stop(CpCtx *cx, CpStatus st);

static inline uint64_t cp_mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

static inline uint64_t cp_f64_key(double x)
{
    uint64_t u;
    x += 0.0;                        /* -0 -> +0 */
    if (x != x)
        return 0x7ff8000000000000ULL; /* every NaN one value */
    memcpy(&u, &x, sizeof u);
    return u;
}

/* The key image of a valid cell i of c. */
static inline uint64_t cp_key(const CpCol *c, int64_t i)
{
    switch (c->type) {
    case CP_F64: return cp_f64_key(((const double *)c->data)[i]);
    case CP_BOOL: return ((const uint8_t *)c->data)[i];
    case CP_I32: return (uint64_t)(uint32_t)((const int32_t *)c->data)[i];
    default: return (uint64_t)((const int64_t *)c->data)[i];
    }
}

/* A growing open-addressing table from 64-bit keys to dense ids, key and
 * id side by side in one slot (one cache line visit per probe). */
typedef struct IdSlot {
    uint64_t key;
    int64_t id;                       /* -1: empty slot */
} IdSlot;

typedef struct IdTable {
    IdSlot *s;
    uint64_t mask;
    int64_t n;
} IdTable;

/* A table for about `expect` keys (it grows beyond). */
CpStatus cp_idt_init(CpCtx *cx, IdTable *t, int64_t expect);
void cp_idt_free(CpCtx *cx, IdTable *t);
/* Doubles the table. CP_ENOMEM (table unchanged) when it cannot. */
CpStatus cp_idt_grow(CpCtx *cx, IdTable *t);
/* Grows the table (if needed) to hold `expect` keys at load <= 1/2. */
CpStatus cp_idt_reserve(CpCtx *cx, IdTable *t, int64_t expect);
/* The id of key, or -1 with *slot the empty slot where it would go. */
static inline int64_t cp_idt_find(const IdTable *t, uint64_t key, uint64_t *slot)
{
    uint64_t h = cp_mix64(key) & t->mask;
    for (;;) {
        const IdSlot *e = &t->s[h];
        if (e->id < 0 || e->key == key) {
            *slot = h;
            return e->id;
        }
        h = (h + 1) & t->mask;
    }
}
/* The id of key or -1 (lookup only). */
static inline int64_t cp_idt_get(const IdTable *t, uint64_t key)
{
    uint64_t s;
    return cp_idt_find(t, key, &s);
}
/* Puts key with id at the empty slot cp_idt_find returned. */
static inline void cp_idt_put(IdTable *t, uint64_t slot, uint64_t key, int64_t id)
{
    t->s[slot].key = key;
    t->s[slot].id = id;
    t->n++;
}
/* The id of key, inserting it as t->n when new (*added set). The caller
 * calls cp_idt_grow first whenever cp_idt_full. */
static inline int64_t cp_idt_intern(IdTable *t, uint64_t key, bool *added)
{
    uint64_t s;
    int64_t id = cp_idt_find(t, key, &s);
    *added = id < 0;
    if (id >= 0)
        return id;
    id = t->n;
    cp_idt_put(t, s, key, id);
    return id;
}
static inline bool cp_idt_full(const IdTable *t) { return (uint64_t)(t->n + 1) * 2 > t->mask + 1; }

/* The key index of one column: its distinct values numbered in order of
 * first appearance (NA included, as na_id), kept for looking up the
 * values of another column of the same type (joins). */
typedef struct ColIndex {
    CpType type;
    int64_t *map;                     /* direct: value -> id (BOOL, I32 with ncodes) */
    int64_t size;                     /* direct map entries */
    IdTable t;                        /* otherwise */
    int64_t ng, na_id;
} ColIndex;

/* ids[0..n) = dense ids of c's rows, and the index behind them. */
CpStatus cp_index_build(CpCtx *cx, const CpCol *c, int64_t n, int64_t *ids, ColIndex *ix);
/* ids[0..n) = the ids of c's rows in ix (c of ix's type), -1 for a value
 * ix does not hold; NA rows get ix->na_id when na_match, else -1. */
CpStatus cp_index_probe(const CpCtx *cx, const ColIndex *ix, const CpCol *c, int64_t n, bool na_match, int64_t *ids);
void cp_index_free(CpCtx *cx, ColIndex *ix);

/* Dense ids of one column (NA one group, in order of first appearance)
 * into ids[0..n); *ng the count; *na_id the NA group's id or -1. */
CpStatus cp_col_ids(CpCtx *cx, const CpCol *c, int64_t n, int64_t *ids, int64_t *ng, int64_t *na_id);

/* Dense ids on the job runner when every block of CP_CHUNK rows holds
 * few distinct keys (few.c); keys from column c, or when c is NULL the
 * pairs acc[i] * nc + col[i]. *done false (ids untouched) when the keys
 * are too many or there is one thread or one block: use the sequential
 * path then. ids may alias acc. */
CpStatus cp_few_ids(CpCtx *cx, const CpCol *c, const int64_t *acc, const int64_t *col, int64_t nc, int64_t n,
                    int64_t *ids, int64_t *ng, int64_t *na_id, bool *done);

/* acc[i] = dense id (first-appearance order) of the pair (acc[i],
 * col[i]), with acc in [0, na) and col in [0, nc); *ng the count. */
CpStatus cp_fold_ids(CpCtx *cx, int64_t *acc, int64_t na, const int64_t *col, int64_t nc, int64_t n,
                     int64_t *ng);

/* Rearranges a[0..n) (no NaN) so a[k] is the k-th smallest, smaller
 * ones before it. */
void cp_select_k(double *a, int64_t n, int64_t k);
/* The pair index behind a fold, kept to look up another side's pairs. */
typedef struct PairIndex {
    int64_t *map, size;               /* direct: acc * nc + col -> id */
    IdTable t;                        /* otherwise */
    int64_t nc;
} PairIndex;

/* cp_fold_ids that keeps its index in *px (may be NULL: not kept). */
CpStatus cp_pair_build(CpCtx *cx, int64_t *acc, int64_t na, const int64_t *col, int64_t nc, int64_t n,
                       int64_t *ng, PairIndex *px);
/* acc[i] = the id of the pair (acc[i], col[i]) in px, -1 when either is
 * -1 or the pair is absent. */
CpStatus cp_pair_probe(const CpCtx *cx, const PairIndex *px, int64_t *acc, const int64_t *col, int64_t n);
void cp_pair_free(CpCtx *cx, PairIndex *px);

/* The type-7 quantile q of a[0..n) (n > 0, no NaN; a is reordered), or
 * numpy's median (middle value or mean of the two) when median. */
double cp_select_quantile(double *a, int64_t n, double q, bool median);

#endif
