/*
 * sort.h — the sort kernel behind sort(): a stable, multi-key ordering of
 * row positions, computed once and applied with one vec_take/frame_take.
 *
 * Each key column is turned into unsigned 64-bit keys that compare as the
 * values do (doubles by their order-preserving bit pattern, bools as 0/1,
 * strings by the byte-order rank of their dictionary entry, computed once
 * per dictionary), with NaN and then NA above every value in both
 * directions. Keys are sorted by an LSD radix sort (11-bit digits, digits
 * that are the same in every key skipped), last key first, so the whole
 * order is stable.
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
