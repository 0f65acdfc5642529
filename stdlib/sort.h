/*
 * sort.h — the sort kernel behind sort(): a stable, multi-key ordering of
 * row positions, computed once and applied with one vec_take/frame_take.
 *
 * The kernel itself is compute/'s cp_sort (a stable LSD radix sort over
 * order-preserving 64-bit keys; NaN after every number and NA last in both
 * directions); this wrapper turns vectors into key columns and a string
 * column's dictionary into byte-order ranks, computed once per sort.
 */
#ifndef SIFT_SORT_H
#define SIFT_SORT_H

#include "lang/builtin.h"

typedef struct SortKey {
    const Vec *v;
    bool desc;
} SortKey;

/* A new array (mem_free it) of the n row positions in sorted order.
 * Every keys[i].v has n elements. ST_ERR with the error set when out of
 * memory or interrupted. */
Status sort_order(Interp *I, const SortKey *keys, int nkeys, int64_t n, int64_t **perm);

/* rank[code] for every entry of d, in byte order of the strings (0 is
 * the smallest). A new array (mem_free it), or NULL when out of memory. */
int32_t *sort_dict_ranks(const Dict *d);

#endif
