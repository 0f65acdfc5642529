/*
 * encode.h — the categories of a column, learned once and looked up in
 * new data; shared by the categorical encoders (encode.c: one_hot,
 * ordinal; target.c: target encoding).
 *
 * Categories are the distinct present values of the fitted column, sorted
 * as scikit-learn sorts them: strings by code point (UTF-8 byte order),
 * numbers numerically (NaN last), false before true. NA is never a
 * category.
 */
#ifndef SIFT_ENCODE_H
#define SIFT_ENCODE_H

#include "lang/builtin.h"

typedef struct Cats {
    uint8_t kind;            /* VecKind of the fitted column */
    int32_t n;
    char **labels;           /* n labels (numbers as shortest text), mem_alloc'd */
    double *nums;            /* num and bool columns: the n values */
    int32_t *perm;           /* positions in sorted order (the identity unless an order was given) */
} Cats;

/* Index of an NA row and of a value not among the categories. */
#define CAT_NA (-2)
#define CAT_UNSEEN (-1)

/* Make c's categories the n given ones in that order (labels copied;
 * nums for num/bool columns). Every category c had must be among them,
 * else a ValueError naming col and the missing value. */
Status cats_reorder(Interp *I, const char *col, Cats *c, const char *const *labels, const double *nums, int32_t n);
/* Learn the categories of v (column `col`, for messages). More than
 * max_levels categories is a ValueError suggesting what to do. */
Status cats_learn(Interp *I, const char *col, const Vec *v, int64_t max_levels, Cats *c);
void cats_free(Cats *c);
/* idx[i] = category of v[i], CAT_NA or CAT_UNSEEN; *unseen counts the
 * latter. A str column where numbers were fitted (or the reverse) is a
 * TypeError naming col. idx has v->len entries. */
Status cats_index(Interp *I, const Cats *c, const char *col, const Vec *v, int32_t *idx, int64_t *unseen);
/* The categories as a vector of the fitted kind (new reference, NULL when
 * out of memory). */
Vec *cats_vec(const Cats *c);
/* Say on stderr that `n` values of col were not seen in fitting and
 * what they became. */
void cats_report_unseen(Interp *I, const char *kind, const char *col, int64_t n, const char *became);

#endif
