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
    t->keys = cp_alloc(cx, sizeof(uint64_t) * size);
    t->ids = cp_alloc(cx, sizeof(int64_t) * size);
    if (!t->keys || !t->ids) {
        cp_free(cx, t->keys);
        cp_free(cx, t->ids);
        t->keys = NULL;
        t->ids = NULL;
        return CP_ENOMEM;
    }
    memset(t->ids, 0xFF, sizeof(int64_t) * size);
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
    cp_free(cx, t->keys);
    cp_free(cx, t->ids);
    t->keys = NULL;
    t->ids = NULL;
}

CpStatus cp_idt_grow(CpCtx *cx, IdTable *t)
{
    IdTable o = *t;
    if (idt_alloc(cx, t, (o.mask + 1) * 2) != CP_OK) {
        *t = o;
        return CP_ENOMEM;
    }
    t->n = o.n;
    for (uint64_t s = 0; s <= o.mask; s++) {
        if (o.ids[s] < 0)
            continue;
        uint64_t h = cp_mix64(o.keys[s]) & t->mask;
        while (t->ids[h] >= 0)
            h = (h + 1) & t->mask;
        t->keys[h] = o.keys[s];
        t->ids[h] = o.ids[s];
    }
    cp_idt_free(cx, &o);
    return CP_OK;
}

/* ---- one column ----------------------------------------------------------------- */

/* Ids through a direct table of `size` slots indexed by the cell value. */
static CpStatus direct_ids(CpCtx *cx, const CpCol *c, int64_t n, int64_t size, int64_t *ids, int64_t *ng,
                           int64_t *na_id)
{
    int64_t *map = cp_alloc(cx, sizeof(int64_t) * (size_t)(size + 1));   /* last: NA */
    if (!map)
        return cp_stop(cx, CP_ENOMEM);
    memset(map, 0xFF, sizeof(int64_t) * (size_t)(size + 1));
    int64_t next = 0;
    for (int64_t lo = 0; lo < n; lo += CP_CHUNK) {
        if (cp_interrupted(cx)) {
            cp_free(cx, map);
            return cp_stop(cx, CP_EINTR);
        }
        int64_t hi = lo + CP_CHUNK < n ? lo + CP_CHUNK : n;
        for (int64_t i = lo; i < hi; i++) {
            int64_t k = !cp_valid(c->valid, i) ? size
                        : c->type == CP_BOOL ? ((const uint8_t *)c->data)[i]
                                             : ((const int32_t *)c->data)[i];
            if (map[k] < 0)
                map[k] = next++;
            ids[i] = map[k];
        }
    }
    *na_id = map[size];
    *ng = next;
    cp_free(cx, map);
    return CP_OK;
}

/* The hash path, for any column type: the table maps a key image to
 * its group id; NA takes the next id when first seen. */
static CpStatus hash_ids(CpCtx *cx, const CpCol *c, int64_t n, int64_t *ids, int64_t *ng, int64_t *na_id)
{
    IdTable t;
    if (cp_idt_init(cx, &t, 512) != CP_OK)
        return cp_stop(cx, CP_ENOMEM);
    int64_t na = -1, next = 0;
    CpStatus st = CP_OK;
    for (int64_t lo = 0; lo < n && st == CP_OK; lo += CP_CHUNK) {
        if (cp_interrupted(cx)) {
            st = cp_stop(cx, CP_EINTR);
            break;
        }
        int64_t hi = lo + CP_CHUNK < n ? lo + CP_CHUNK : n;
        for (int64_t i = lo; i < hi; i++) {
            if (!cp_valid(c->valid, i)) {
                if (na < 0)
                    na = next++;
                ids[i] = na;
                continue;
            }
            if (cp_idt_full(&t) && cp_idt_grow(cx, &t) != CP_OK) {
                st = cp_stop(cx, CP_ENOMEM);
                break;
            }
            uint64_t key = cp_key(c, i), s;
            int64_t id = cp_idt_find(&t, key, &s);
            if (id < 0)
                cp_idt_put(&t, s, key, id = next++);
            ids[i] = id;
        }
    }
    cp_idt_free(cx, &t);
    *ng = next;
    *na_id = na;
    return st;
}

CpStatus cp_col_ids(CpCtx *cx, const CpCol *c, int64_t n, int64_t *ids, int64_t *ng, int64_t *na_id)
{
    if (c->type == CP_BOOL)
        return direct_ids(cx, c, n, 2, ids, ng, na_id);
    if (c->type == CP_I32 && c->ncodes > 0 && c->ncodes <= 4 * n + 1024)
        return direct_ids(cx, c, n, c->ncodes, ids, ng, na_id);
    return hash_ids(cx, c, n, ids, ng, na_id);
}

/* ---- several columns ------------------------------------------------------------- */

CpStatus cp_fold_ids(CpCtx *cx, int64_t *acc, int64_t na, const int64_t *col, int64_t nc, int64_t n,
                     int64_t *ng)
{
    int64_t next = 0;
    if (na <= (int64_t)((uint64_t)(4 * n + 65536) / (uint64_t)(nc ? nc : 1))) {
        int64_t size = na * nc;
        int64_t *map = cp_alloc(cx, sizeof(int64_t) * (size_t)(size + 1));
        if (!map)
            return cp_stop(cx, CP_ENOMEM);
        memset(map, 0xFF, sizeof(int64_t) * (size_t)(size + 1));
        for (int64_t i = 0; i < n; i++) {
            if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx)) {
                cp_free(cx, map);
                return cp_stop(cx, CP_EINTR);
            }
            int64_t k = acc[i] * nc + col[i];
            if (map[k] < 0)
                map[k] = next++;
            acc[i] = map[k];
        }
        cp_free(cx, map);
        *ng = next;
        return CP_OK;
    }
    IdTable t;
    if (cp_idt_init(cx, &t, 512) != CP_OK)
        return cp_stop(cx, CP_ENOMEM);
    for (int64_t i = 0; i < n; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx)) {
            cp_idt_free(cx, &t);
            return cp_stop(cx, CP_EINTR);
        }
        if (cp_idt_full(&t) && cp_idt_grow(cx, &t) != CP_OK) {
            cp_idt_free(cx, &t);
            return cp_stop(cx, CP_ENOMEM);
        }
        bool added;
        acc[i] = cp_idt_intern(&t, (uint64_t)acc[i] * (uint64_t)nc + (uint64_t)col[i], &added);
    }
    *ng = t.n;
    cp_idt_free(cx, &t);
    return CP_OK;
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
