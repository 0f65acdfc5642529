/*
 * rank.c — ranks with ties resolved as pandas' Series.rank /
 * scipy.stats.rankdata (average, min, max, dense, first).
 *
 * One stable sort of the rows (sort.c), then one walk over runs of equal
 * values. NA rows and NaN values are left out (rank NaN, and NA in the
 * result bitmap), as pandas does with na_option="keep".
 */
#include <math.h>

#include "compute/cpint.h"

static inline bool same(const CpCol *c, int64_t i, int64_t j)
{
    switch (c->type) {
    case CP_F64: return ((const double *)c->data)[i] == ((const double *)c->data)[j];
    case CP_BOOL: return ((const uint8_t *)c->data)[i] == ((const uint8_t *)c->data)[j];
    case CP_I32: return ((const int32_t *)c->data)[i] == ((const int32_t *)c->data)[j];
    default: return ((const int64_t *)c->data)[i] == ((const int64_t *)c->data)[j];
    }
}

static inline bool rankable(const CpCol *c, int64_t i)
{
    if (!cp_valid(c->valid, i))
        return false;
    if (c->type != CP_F64)
        return true;
    double x = ((const double *)c->data)[i];
    return x == x;
}

CpStatus cp_rank(CpCtx *cx, const CpCol *col, CpTies ties, bool desc, double *out, uint64_t *out_valid)
{
    int64_t n = col->len;
    int64_t *perm = cp_alloc(cx, sizeof(int64_t) * (size_t)(n + 1));
    if (!perm)
        return cp_stop(cx, CP_ENOMEM);
    CpSortKey key = {*col, desc};
    CpStatus st = cp_sort(cx, &key, 1, n, perm);
    if (st != CP_OK) {
        cp_free(cx, perm);
        return st;
    }
    if (out_valid)
        memset(out_valid, 0xFF, sizeof(uint64_t) * cp_bitmap_words(n));
    int64_t m = 0;                    /* rankable rows come first in perm */
    while (m < n && rankable(col, perm[m]))
        m++;
    double dense = 0;
    for (int64_t a = 0, polled = 0; a < m;) {
        if (a - polled >= CP_CHUNK) {
            if (cp_interrupted(cx)) {
                cp_free(cx, perm);
                return cp_stop(cx, CP_EINTR);
            }
            polled = a;
        }
        int64_t b = a + 1;
        while (b < m && same(col, perm[a], perm[b]))
            b++;
        dense += 1;
        for (int64_t k = a; k < b; k++) {
            double r;
            switch (ties) {
            case CP_TIES_MIN: r = (double)a + 1; break;
            case CP_TIES_MAX: r = (double)b; break;
            case CP_TIES_DENSE: r = dense; break;
            case CP_TIES_FIRST: r = (double)k + 1; break;
            default: r = ((double)a + 1 + (double)b) / 2; break;
            }
            out[perm[k]] = r;
        }
        a = b;
    }
    for (int64_t k = m; k < n; k++) {
        out[perm[k]] = NAN;
        if (out_valid)
            out_valid[perm[k] >> 6] &= ~(1ULL << (perm[k] & 63));
    }
    cp_free(cx, perm);
    return CP_OK;
}
