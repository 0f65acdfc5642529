/*
 * group.c — dense group ids over one or more key columns.
 *
 * One column: bools and dictionary codes with a known dictionary size map
 * through a direct table; other columns hash the 64-bit key image of each
 * cell (cpint.h) into a growing open-addressing table. NA never reaches
 * the table: it gets its own id when first seen. Several columns fold
 * pairwise: the ids so far (ng of them) and the next column's ids (nc)
 * make the key acc * nc + col, through a direct table when ng * nc is
 * small and the hash table otherwise. Ids are handed out in order of
 * first appearance at every step, so the final ids are too.
 */
#include <stdlib.h>

#include "compute/cpint.h"

/* ---- the id table ------------------------------------------------------------- */

static CpStatus idt_alloc(CpCtx *cx, IdTable *t, uint64_t size)
{
    if (!(t->s = cp_alloc(cx, sizeof(IdSlot) * size)))
        return CP_ENOMEM;
    for (uint64_t i = 0; i < size; i++)
        t->s[i].id = -1;
    t->mask = size - 1;
    return CP_OK;
}

CpStatus cp_idt_init(CpCtx *cx, IdTable *t, int64_t expect)
{
    uint64_t size = 64;
    while (size < (uint64_t)expect * 2)
        size <<= 1;
    t->n = 0;
    return idt_alloc(cx, t, size);
}

void cp_idt_free(CpCtx *cx, IdTable *t)
{
    cp_free(cx, t->s);
    t->s = NULL;
}

CpStatus cp_idt_grow(CpCtx *cx, IdTable *t)
{
    return cp_idt_reserve(cx, t, (int64_t)(t->mask + 1));
}

CpStatus cp_idt_reserve(CpCtx *cx, IdTable *t, int64_t expect)
{
    uint64_t size = t->mask + 1;
    while (size < (uint64_t)expect * 2)
        size <<= 1;
    if (size == t->mask + 1)
        return CP_OK;
    IdTable o = *t;
    if (idt_alloc(cx, t, size) != CP_OK) {
        *t = o;
        return CP_ENOMEM;
    }
    t->n = o.n;
    for (uint64_t i = 0; i <= o.mask; i++) {
        if (o.s[i].id < 0)
            continue;
        uint64_t h = cp_mix64(o.s[i].key) & t->mask;
        while (t->s[h].id >= 0)
            h = (h + 1) & t->mask;
        t->s[h] = o.s[i];
    }
    cp_idt_free(cx, &o);
    return CP_OK;
}

/* ---- one column: the key index ------------------------------------------------------ */

static bool direct(const CpCol *c, int64_t n)
{
    return c->type == CP_BOOL || (c->type == CP_I32 && c->ncodes > 0 && c->ncodes <= 4 * n + 1024);
}

/* Builds through a direct table indexed by the cell value. */
static CpStatus direct_build(CpCtx *cx, const CpCol *c, int64_t n, int64_t *ids, ColIndex *ix)
{
    int64_t size = c->type == CP_BOOL ? 2 : c->ncodes;
    int64_t *map = cp_alloc(cx, sizeof(int64_t) * (size_t)(size + 1));   /* last: NA */
    if (!map)
        return cp_stop(cx, CP_ENOMEM);
    memset(map, 0xFF, sizeof(int64_t) * (size_t)(size + 1));
    int64_t next = 0;
    const uint8_t *b = c->data;
    const int32_t *code = c->data;
    for (int64_t lo = 0; lo < n; lo += CP_CHUNK) {
        if (cp_interrupted(cx)) {
            cp_free(cx, map);
            return cp_stop(cx, CP_EINTR);
        }
        int64_t hi = lo + CP_CHUNK < n ? lo + CP_CHUNK : n;
        for (int64_t i = lo; i < hi; i++) {
            int64_t k = !cp_valid(c->valid, i) ? size : c->type == CP_BOOL ? b[i] : code[i];
            if (map[k] < 0)
                map[k] = next++;
            ids[i] = map[k];
        }
    }
    ix->map = map;
    ix->size = size;
    ix->na_id = map[size];
    ix->ng = next;
    return CP_OK;
}

/* Rows [lo, hi) into the table, in row order, by batches: the keys'
 * slots are prefetched first so the cache misses of a batch overlap. */
#define BUILD_BATCH 16

static CpStatus hash_rows(CpCtx *cx, const CpCol *c, int64_t lo, int64_t hi, IdTable *t, int64_t *ids,
                          int64_t *next, int64_t *na)
{
    uint64_t key[BUILD_BATCH], hash[BUILD_BATCH];
    for (int64_t i0 = lo; i0 < hi; i0 += BUILD_BATCH) {
        int m = hi - i0 < BUILD_BATCH ? (int)(hi - i0) : BUILD_BATCH;
        for (int k = 0; k < m; k++) {
            key[k] = cp_valid(c->valid, i0 + k) ? cp_key(c, i0 + k) : 0;
            hash[k] = cp_mix64(key[k]);
            __builtin_prefetch(&t->s[hash[k] & t->mask]);
        }
        for (int k = 0; k < m; k++) {
            int64_t i = i0 + k;
            if (!cp_valid(c->valid, i)) {
                if (*na < 0)
                    *na = (*next)++;
                ids[i] = *na;
                continue;
            }
            if (cp_idt_full(t) && cp_idt_grow(cx, t) != CP_OK)
                return CP_ENOMEM;
            uint64_t j = hash[k] & t->mask;
            while (t->s[j].id >= 0 && t->s[j].key != key[k])
                j = (j + 1) & t->mask;
            if (t->s[j].id < 0)
                cp_idt_put(t, j, key[k], (*next)++);
            ids[i] = t->s[j].id;
        }
    }
    return CP_OK;
}

/* The hash path, for any column type: the table maps a key image to its
 * group id; NA takes the next id when first seen. */
static CpStatus hash_build(CpCtx *cx, const CpCol *c, int64_t n, int64_t *ids, ColIndex *ix)
{
    IdTable *t = &ix->t;
    if (cp_idt_init(cx, t, 512) != CP_OK)
        return cp_stop(cx, CP_ENOMEM);
    int64_t na = -1, next = 0;
    for (int64_t lo = 0; lo < n; lo += CP_CHUNK) {
        if (cp_interrupted(cx))
            return cp_stop(cx, CP_EINTR);
        /* Keys nearly all distinct so far (ids, timestamps): size the
         * table for all rows now instead of doubling it a dozen times. */
        if (lo == CP_CHUNK && next * 10 > CP_CHUNK * 9 && cp_idt_reserve(cx, t, n) != CP_OK)
            return cp_stop(cx, CP_ENOMEM);
        if (hash_rows(cx, c, lo, lo + CP_CHUNK < n ? lo + CP_CHUNK : n, t, ids, &next, &na) != CP_OK)
            return cp_stop(cx, CP_ENOMEM);
    }
    ix->na_id = na;
    ix->ng = next;
    return CP_OK;
}

CpStatus cp_index_build(CpCtx *cx, const CpCol *c, int64_t n, int64_t *ids, ColIndex *ix)
{
    memset(ix, 0, sizeof *ix);
    ix->type = c->type;
    ix->na_id = -1;
    CpStatus st = direct(c, n) ? direct_build(cx, c, n, ids, ix) : hash_build(cx, c, n, ids, ix);
    if (st != CP_OK)
        cp_index_free(cx, ix);
    return st;
}

void cp_index_free(CpCtx *cx, ColIndex *ix)
{
    cp_free(cx, ix->map);
    cp_idt_free(cx, &ix->t);
    ix->map = NULL;
}

typedef struct Probe {
    const ColIndex *ix;
    const CpCol *c;
    int64_t n, na;
    int64_t *ids;
} Probe;

/* Hash lookups of rows [lo, hi) in batches: the slots of a batch are
 * prefetched before any is read, so their cache misses overlap (a big
 * table is a cache miss per row). */
#define PROBE_BATCH 16

static CpStatus probe_hashed(const Probe *P, int64_t lo, int64_t hi)
{
    const IdTable *t = &P->ix->t;
    const CpCol *c = P->c;
    uint64_t key[PROBE_BATCH], h[PROBE_BATCH];
    for (int64_t i0 = lo; i0 < hi; i0 += PROBE_BATCH) {
        int m = hi - i0 < PROBE_BATCH ? (int)(hi - i0) : PROBE_BATCH;
        for (int k = 0; k < m; k++) {
            key[k] = cp_valid(c->valid, i0 + k) ? cp_key(c, i0 + k) : 0;
            h[k] = cp_mix64(key[k]) & t->mask;
            __builtin_prefetch(&t->s[h[k]]);
        }
        for (int k = 0; k < m; k++) {
            int64_t i = i0 + k;
            if (!cp_valid(c->valid, i)) {
                P->ids[i] = P->na;
                continue;
            }
            uint64_t j = h[k];
            while (t->s[j].id >= 0 && t->s[j].key != key[k])
                j = (j + 1) & t->mask;
            P->ids[i] = t->s[j].id;
        }
    }
    return CP_OK;
}

/* Looks up block b's rows (the index is only read: blocks run in parallel). */
static CpStatus probe_block(void *arg, int64_t b, const CpCtx *cx)
{
    const Probe *P = arg;
    const ColIndex *ix = P->ix;
    const CpCol *c = P->c;
    int64_t lo, hi;
    cp_block(b, P->n, &lo, &hi);
    if (!ix->map)
        return probe_hashed(P, lo, hi);
    for (int64_t i = lo; i < hi; i++) {
        if (!cp_valid(c->valid, i)) {
            P->ids[i] = P->na;
            continue;
        }
        int64_t k = c->type == CP_BOOL ? ((const uint8_t *)c->data)[i] : ((const int32_t *)c->data)[i];
        P->ids[i] = k >= 0 && k < ix->size ? ix->map[k] : -1;
    }
    return CP_OK;
}

CpStatus cp_index_probe(const CpCtx *cx, const ColIndex *ix, const CpCol *c, int64_t n, bool na_match, int64_t *ids)
{
    Probe P = {ix, c, n, na_match ? ix->na_id : -1, ids};
    return cp_run(cx, cp_nblocks(n), probe_block, &P);
}

CpStatus cp_col_ids(CpCtx *cx, const CpCol *c, int64_t n, int64_t *ids, int64_t *ng, int64_t *na_id)
{
    bool done = false;
    CpStatus st0 = direct(c, n) ? CP_OK : cp_few_ids(cx, c, NULL, NULL, 0, n, ids, ng, na_id, &done);
    if (st0 != CP_OK || done)
        return st0;
    ColIndex ix;
    CpStatus st = cp_index_build(cx, c, n, ids, &ix);
    *ng = st == CP_OK ? ix.ng : 0;
    *na_id = st == CP_OK ? ix.na_id : -1;
    if (st == CP_OK)
        cp_index_free(cx, &ix);
    return st;
}

/* ---- several columns ------------------------------------------------------------- */

static bool pair_direct(int64_t na, int64_t nc, int64_t n)
{
    return na <= (int64_t)((uint64_t)(4 * n + 65536) / (uint64_t)(nc ? nc : 1));
}

CpStatus cp_pair_build(CpCtx *cx, int64_t *acc, int64_t na, const int64_t *col, int64_t nc, int64_t n,
                       int64_t *ng, PairIndex *px)
{
    PairIndex p = {.nc = nc};
    int64_t next = 0;
    if (pair_direct(na, nc, n)) {
        p.size = na * nc;
        if (!(p.map = cp_alloc(cx, sizeof(int64_t) * (size_t)(p.size + 1))))
            return cp_stop(cx, CP_ENOMEM);
        memset(p.map, 0xFF, sizeof(int64_t) * (size_t)(p.size + 1));
    } else if (cp_idt_init(cx, &p.t, 512) != CP_OK) {
        return cp_stop(cx, CP_ENOMEM);
    }
    for (int64_t i = 0; i < n; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx)) {
            cp_pair_free(cx, &p);
            return cp_stop(cx, CP_EINTR);
        }
        uint64_t k = (uint64_t)acc[i] * (uint64_t)nc + (uint64_t)col[i];
        if (p.map) {
            if (p.map[k] < 0)
                p.map[k] = next++;
            acc[i] = p.map[k];
            continue;
        }
        if (cp_idt_full(&p.t) && cp_idt_grow(cx, &p.t) != CP_OK) {
            cp_pair_free(cx, &p);
            return cp_stop(cx, CP_ENOMEM);
        }
        uint64_t s;
        int64_t id = cp_idt_find(&p.t, k, &s);
        if (id < 0)
            cp_idt_put(&p.t, s, k, id = next++);
        acc[i] = id;
    }
    *ng = next;
    if (px)
        *px = p;
    else
        cp_pair_free(cx, &p);
    return CP_OK;
}

CpStatus cp_pair_probe(const CpCtx *cx, const PairIndex *px, int64_t *acc, const int64_t *col, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx))
            return CP_EINTR;
        if (acc[i] < 0 || col[i] < 0) {
            acc[i] = -1;
            continue;
        }
        uint64_t k = (uint64_t)acc[i] * (uint64_t)px->nc + (uint64_t)col[i];
        acc[i] = px->map ? (k < (uint64_t)px->size ? px->map[k] : -1) : cp_idt_get(&px->t, k);
    }
    return CP_OK;
}

void cp_pair_free(CpCtx *cx, PairIndex *px)
{
    cp_free(cx, px->map);
    cp_idt_free(cx, &px->t);
    px->map = NULL;
}

CpStatus cp_fold_ids(CpCtx *cx, int64_t *acc, int64_t na, const int64_t *col, int64_t nc, int64_t n, int64_t *ng)
{
    bool done = false;
    int64_t na_id;
    CpStatus st = pair_direct(na, nc, n) ? CP_OK : cp_few_ids(cx, NULL, acc, col, nc, n, acc, ng, &na_id, &done);
    return st != CP_OK || done ? st : cp_pair_build(cx, acc, na, col, nc, n, ng, NULL);
}

CpStatus cp_group_ids(CpCtx *cx, const CpCol *keys, int nkeys, int64_t n, int64_t *ids, int64_t *ngroups)
{
    *ngroups = 0;
    if (n == 0)
        return CP_OK;
    if (nkeys <= 0) {
        for (int64_t i = 0; i < n; i++)
            ids[i] = 0;
        *ngroups = 1;
        return CP_OK;
    }
    for (int k = 0; k < nkeys; k++)
        if (keys[k].len < n)
            return cp_fail(cx, CP_EINVAL, "group ids: key column %d has %lld rows, expected %lld", k + 1,
                           (long long)keys[k].len, (long long)n);
    int64_t ng, na_id;
    CpStatus st = cp_col_ids(cx, &keys[0], n, ids, &ng, &na_id);
    if (st != CP_OK || nkeys == 1) {
        *ngroups = st == CP_OK ? ng : 0;
        return st;
    }
    int64_t *col = cp_alloc(cx, sizeof(int64_t) * (size_t)n);
    if (!col)
        return cp_stop(cx, CP_ENOMEM);
    for (int k = 1; k < nkeys && st == CP_OK; k++) {
        int64_t nc;
        st = cp_col_ids(cx, &keys[k], n, col, &nc, &na_id);
        if (st == CP_OK && nc > 1)
            st = cp_fold_ids(cx, ids, ng, col, nc, n, &ng);
    }
    cp_free(cx, col);
    *ngroups = st == CP_OK ? ng : 0;
    return st;
}

void cp_group_firsts(const int64_t *ids, int64_t n, int64_t ngroups, int64_t *first)
{
    int64_t next = 0;
    for (int64_t i = 0; i < n && next < ngroups; i++)
        if (ids[i] == next)
            first[next++] = i;
}

void cp_group_sizes(const int64_t *ids, int64_t n, int64_t ngroups, int64_t *count)
{
    memset(count, 0, sizeof(int64_t) * (size_t)ngroups);
    for (int64_t i = 0; i < n; i++)
        if (ids[i] >= 0)
            count[ids[i]]++;
}
