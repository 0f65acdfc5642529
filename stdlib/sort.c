/*
 * sort.c — sort() and value_counts' ordering on top of compute/'s sort
 * kernel (compute/sort.c): this file only turns vectors into key columns
 * and string dictionaries into byte-order ranks; see sort.h.
 */
#include "stdlib/sort.h"

#include <stdlib.h>
#include <string.h>

#include "lang/cx.h"
#include "lang/mem.h"

/* Ranks of the entries of d marked in `used` (all when used is NULL);
 * the other entries' ranks are left unset. */
static int32_t *ranks_of(const Dict *d, const uint8_t *used)
{
    size_t n = (size_t)d->n + 1;
    const char **s = mem_try_alloc(sizeof(char *) * n);
    size_t *len = mem_try_alloc(sizeof(size_t) * n);
    int32_t *rank = mem_try_alloc(sizeof(int32_t) * n);
    CpCtx cx;
    cp_ctx_init(&cx);
    if (s && len && rank) {
        for (int32_t i = 0; i < d->n; i++) {
            s[i] = d->strs[i]->s;
            len[i] = d->strs[i]->len;
        }
    }
    if (!s || !len || !rank || cp_str_ranks(&cx, s, len, d->n, used, rank) != CP_OK) {
        mem_free(rank);
        rank = NULL;
    }
    mem_free(s);
    mem_free(len);
    return rank;
}

int32_t *sort_dict_ranks(const Dict *d) { return ranks_of(d, NULL); }

/* Ranks for the codes of v. A dictionary much larger than the column
 * (a few rows filtered from a big one) has only its used entries sorted. */
static int32_t *vec_ranks(const Vec *v)
{
    if (v->dict->n <= v->len)
        return ranks_of(v->dict, NULL);
    uint8_t *used = mem_try_calloc((size_t)v->dict->n);
    if (!used)
        return NULL;
    for (int64_t i = 0; i < v->len; i++)
        used[v->d.code[i]] = 1;
    int32_t *rank = ranks_of(v->dict, used);
    mem_free(used);
    return rank;
}

Status sort_order(Interp *I, const SortKey *keys, int nkeys, int64_t n, int64_t **out)
{
    CpCtx cx;
    cx_init(I, &cx);
    CpSortKey *ck = mem_try_calloc(sizeof(CpSortKey) * (size_t)(nkeys + 1));
    int32_t **ranks = mem_try_calloc(sizeof(int32_t *) * (size_t)(nkeys + 1));
    int64_t *perm = mem_try_alloc(sizeof(int64_t) * (size_t)(n + 1));
    Status st = ST_OK;
    if (!ck || !ranks || !perm)
        st = err_oom(I);
    for (int j = 0; j < nkeys && st == ST_OK; j++) {
        const Vec *v = keys[j].v;
        ck[j].col = cx_col(v);
        ck[j].desc = keys[j].desc;
        if (v->kind == VEC_STR && v->dict->n > 0 && !(ranks[j] = vec_ranks(v)))
            st = err_oom(I);
        ck[j].col.rank = ranks[j];
    }
    CpStatus cs = st == ST_OK ? cp_sort(&cx, ck, nkeys, n, perm) : CP_OK;
    if (cs != CP_OK)
        st = cx_raise(I, &cx, cs);
    for (int j = 0; ranks && j < nkeys; j++)
        mem_free(ranks[j]);
    mem_free(ranks);
    mem_free(ck);
    if (st != ST_OK) {
        mem_free(perm);
        return st;
    }
    *out = perm;
    return ST_OK;
}
