/*
 * stats.h — numeric kernels shared by the statistics built-ins and the
 * modules that will build on them (describe, imputation, scaling, models).
 */
#ifndef SIFT_STATS_H
#define SIFT_STATS_H

#include "lang/vec.h"

/* Pairwise (numpy-exact) sum of the non-NA values and their count.
 * false when out of memory. Works for num and bool vectors. */
bool stats_sum_count(const Vec *v, double *sum, int64_t *count);
/* Mean (pairwise, as pandas' mean) and sample variance (ddof=1, NaN when
 * count < 2; two-pass with sequential sums, as pandas' var/std) of the
 * non-NA values; mean may be NULL. false when out of memory. */
bool stats_moments(const Vec *v, double *mean, double *var, int64_t *count);
/* Sorted non-NA values (NaN last), mem_alloc'd; NULL when out of memory. */
double *stats_sorted(const Vec *v, int64_t *n);

#endif
