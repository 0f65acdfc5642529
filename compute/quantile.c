/*
 * quantile.c — quantiles by linear interpolation (R type 7, numpy's
 * default "linear", with numpy's rounding) without sorting.
 *
 * Order statistics by bucketing: one pass for the range, one to count
 * values per bucket, one to gather just the buckets that hold the wanted
 * ranks; those few values are then selected exactly. Three linear passes
 * without moving the data, instead of a sort (a qsort of 1M doubles is
 * ~100 ms). Skewed data only make the gathered set larger, never the
 * answer wrong. Infinite values (when they count) take the copy-and-select
 * path, as the buckets need a finite range.
 */
#include <math.h>

#include "compute/cpint.h"

#define QBUCKETS 8192    /* 64 KB of counts: stays in L2 */

/* Rearranges a[0..n) so a[k] is the k-th smallest (no NaN in a). */
void cp_select_k(double *a, int64_t n, int64_t k)
{
    int64_t lo = 0, hi = n;
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2, last = hi - 1, med;
        double x = a[lo], y = a[mid], z = a[last], t;
        if ((x <= y && y <= z) || (z <= y && y <= x))
            med = mid;
        else if ((y <= x && x <= z) || (z <= x && x <= y))
            med = lo;
        else
            med = last;
        t = a[lo]; a[lo] = a[med]; a[med] = t;
        double p = a[lo];
        int64_t i = lo - 1, j = hi;
        for (;;) {
            do i++; while (a[i] < p);
            do j--; while (a[j] > p);
            if (i >= j)
                break;
            t = a[i]; a[i] = a[j]; a[j] = t;
        }
        if (k <= j)
            hi = j + 1;
        else
            lo = j + 1;
    }
}

/* numpy's _lerp: a + (b-a)t, computed from the b side when t >= 0.5;
 * weighted when b - a overflows (a = -1e308, b = 1e308). */
static inline double lerp(double a, double b, double t)
{
    double d = b - a;
    if (!isfinite(d))
        return a * (1 - t) + b * t;
    return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

double cp_select_quantile(double *a, int64_t n, double q, bool median)
{
    if (median) {
        int64_t k = n / 2;
        cp_select_k(a, n, k);
        if (n % 2)
            return a[k];
        double lo = a[0];
        for (int64_t i = 1; i < k; i++)
            lo = a[i] > lo ? a[i] : lo;
        return (lo + a[k]) / 2;
    }
    double h = (double)(n - 1) * q;
    if (h <= 0) {
        cp_select_k(a, n, 0);
        return a[0];
    }
    if (h >= n - 1) {
        cp_select_k(a, n, n - 1);
        return a[n - 1];
    }
    int64_t lo = (int64_t)floor(h);
    cp_select_k(a, n, lo);
    double b = a[lo + 1];
    for (int64_t i = lo + 2; i < n; i++)
        b = a[i] < b ? a[i] : b;
    return lerp(a[lo], b, h - (double)lo);
}

double cp_quantile_sorted(const double *s, int64_t n, double q)
{
    if (n == 0 || !(q >= 0 && q <= 1))
        return NAN;
    double h = (double)(n - 1) * q;          /* numpy's virtual index */
    if (h <= 0)
        return s[0];
    if (h >= n - 1)
        return s[n - 1];
    int64_t lo = (int64_t)floor(h);
    return lerp(s[lo], s[lo + 1], h - (double)lo);
}

static inline bool used_at(const CpCol *c, CpSkip skip, int64_t i)
{
    if (!cp_valid(c->valid, i))
        return false;
    return skip != CP_SKIP_NONFINITE || isfinite(((const double *)c->data)[i]);
}

typedef struct Scan {
    int64_t m;                    /* values used */
    double lo, hi;                /* finite range */
    bool nan, inf;
} Scan;

static CpStatus scan(const CpCtx *cx, const CpCol *c, CpSkip skip, Scan *s)
{
    const double *x = c->data;
    *s = (Scan){0, INFINITY, -INFINITY, false, false};
    for (int64_t i = 0; i < c->len; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx))
            return CP_EINTR;
        if (!used_at(c, skip, i))
            continue;
        double v = x[i];
        s->m++;
        if (v != v)
            s->nan = true;
        else if (isinf(v))
            s->inf = true;
        else {
            s->lo = v < s->lo ? v : s->lo;
            s->hi = v > s->hi ? v : s->hi;
        }
    }
    return CP_OK;
}

/* Monotone in x; the halves keep x - lo from overflowing (+-1e308 data),
 * and the clamp covers what rounding leaves outside [0, QBUCKETS). */
static inline int64_t bucket_of(double x, double lo, double scale)
{
    double b = (x * 0.5 - lo * 0.5) * scale;
    return b >= QBUCKETS - 1 ? QBUCKETS - 1 : b > 0 ? (int64_t)b : 0;
}

/* val[j] = the rank[j]-th smallest used value (ranks in [0, m)), for the
 * nr ranks, by bucketing (finite values only). */
static CpStatus select_ranks(CpCtx *cx, const CpCol *c, CpSkip skip, const Scan *S, const int64_t *rank, int nr,
                             double *val)
{
    const double *x = c->data;
    int64_t *cnt = cp_calloc(cx, sizeof(int64_t) * QBUCKETS);
    int32_t *slot = cp_alloc(cx, sizeof(int32_t) * QBUCKETS);
    int32_t *slot_of = cp_alloc(cx, sizeof(int32_t) * (size_t)nr);
    int64_t *bk = cp_alloc(cx, sizeof(int64_t) * (size_t)nr), *below = cp_alloc(cx, sizeof(int64_t) * (size_t)nr);
    int64_t *fill = cp_calloc(cx, sizeof(int64_t) * (size_t)nr);
    double **g = cp_calloc(cx, sizeof(double *) * (size_t)nr);
    CpStatus st = cnt && slot && slot_of && bk && below && fill && g ? CP_OK : CP_ENOMEM;
    int nb = 0;
    /* a range too narrow for the buckets (subnormal) puts all in one */
    double scale = S->hi > S->lo ? QBUCKETS / (S->hi * 0.5 - S->lo * 0.5) : 0;
    if (!isfinite(scale))
        scale = 0;
    for (int64_t i = 0; st == CP_OK && i < c->len; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx))
            st = CP_EINTR;
        else if (used_at(c, skip, i))
            cnt[bucket_of(x[i], S->lo, scale)]++;
    }
    if (st == CP_OK) {
        for (int b = 0; b < QBUCKETS; b++)
            slot[b] = -1;
        /* each rank finds its bucket on its own: ranks need not be sorted */
        for (int j = 0; j < nr; j++) {
            int64_t b = 0, cum = 0;
            while (b < QBUCKETS - 1 && rank[j] >= cum + cnt[b])
                cum += cnt[b++];
            if (slot[b] < 0) {
                slot[b] = nb;
                bk[nb] = b;
                below[nb++] = cum;
            }
            slot_of[j] = slot[b];
        }
        for (int s = 0; s < nb && st == CP_OK; s++)
            if (!(g[s] = cp_alloc(cx, sizeof(double) * (size_t)(cnt[bk[s]] + 1))))
                st = CP_ENOMEM;
    }
    for (int64_t i = 0; st == CP_OK && i < c->len; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx))
            st = CP_EINTR;
        else if (used_at(c, skip, i)) {
            int32_t s = slot[bucket_of(x[i], S->lo, scale)];
            if (s >= 0)
                g[s][fill[s]++] = x[i];
        }
    }
    for (int j = 0; st == CP_OK && j < nr; j++) {
        int s = slot_of[j];
        int64_t r = rank[j] - below[s];
        cp_select_k(g[s], fill[s], r);
        val[j] = g[s][r];
    }
    for (int s = 0; g && s < nb; s++)
        cp_free(cx, g[s]);
    cp_free(cx, g);
    cp_free(cx, cnt);
    cp_free(cx, slot);
    cp_free(cx, slot_of);
    cp_free(cx, bk);
    cp_free(cx, below);
    cp_free(cx, fill);
    return st == CP_OK ? CP_OK : cp_stop(cx, st);
}

/* Copy of the used values (the path for infinities). */
static CpStatus used_copy(CpCtx *cx, const CpCol *c, CpSkip skip, int64_t m, double **out)
{
    const double *x = c->data;
    double *a = cp_alloc(cx, sizeof(double) * (size_t)(m + 1));
    if (!a)
        return cp_stop(cx, CP_ENOMEM);
    int64_t k = 0;
    for (int64_t i = 0; i < c->len; i++)
        if (used_at(c, skip, i))
            a[k++] = x[i];
    *out = a;
    return CP_OK;
}

/* The two ranks around each quantile's virtual index, and its fraction. */
static void quantile_ranks(int64_t m, const double *qs, int nq, int64_t *rank, double *frac)
{
    for (int j = 0; j < nq; j++) {
        double h = (double)(m - 1) * qs[j];        /* numpy 1.24's linear method */
        int64_t lo = h <= 0 ? 0 : h >= m - 1 ? m - 1 : (int64_t)floor(h);
        rank[2 * j] = lo;
        rank[2 * j + 1] = lo + 1 < m ? lo + 1 : m - 1;
        frac[j] = h <= 0 || h >= m - 1 ? 0 : h - (double)lo;
    }
}

CpStatus cp_quantiles(CpCtx *cx, const CpCol *col, CpSkip skip, const double *qs, int nq, double *out,
                      int64_t *used)
{
    if (col->type != CP_F64)
        return cp_fail(cx, CP_EINVAL, "quantile: needs a column of doubles");
    for (int j = 0; j < nq; j++)
        if (!(qs[j] >= 0 && qs[j] <= 1))
            return cp_fail(cx, CP_EINVAL, "quantile: q must be between 0 and 1, got %g", qs[j]);
    Scan S;
    if (scan(cx, col, skip, &S) != CP_OK)
        return cp_stop(cx, CP_EINTR);
    if (used)
        *used = S.m;
    for (int j = 0; j < nq; j++)
        out[j] = NAN;
    if (S.m == 0 || S.nan || nq <= 0)
        return CP_OK;                 /* a NaN among the values: NaN, as numpy */
    int64_t *rank = cp_alloc(cx, sizeof(int64_t) * 2 * (size_t)nq);
    double *frac = cp_alloc(cx, sizeof(double) * (size_t)nq), *val = cp_alloc(cx, sizeof(double) * 2 * (size_t)nq);
    double *copy = NULL;
    CpStatus st = rank && frac && val ? CP_OK : cp_stop(cx, CP_ENOMEM);
    if (st == CP_OK) {
        quantile_ranks(S.m, qs, nq, rank, frac);
        if (!S.inf) {
            st = select_ranks(cx, col, skip, &S, rank, 2 * nq, val);
        } else if ((st = used_copy(cx, col, skip, S.m, &copy)) == CP_OK) {
            for (int j = 0; j < 2 * nq; j++) {
                cp_select_k(copy, S.m, rank[j]);
                val[j] = copy[rank[j]];
            }
        }
    }
    for (int j = 0; st == CP_OK && j < nq; j++)
        out[j] = frac[j] == 0 ? val[2 * j] : lerp(val[2 * j], val[2 * j + 1], frac[j]);
    cp_free(cx, rank);
    cp_free(cx, frac);
    cp_free(cx, val);
    cp_free(cx, copy);
    return st;
}

CpStatus cp_median(CpCtx *cx, const CpCol *col, CpSkip skip, double *out, int64_t *used)
{
    *out = NAN;
    if (col->type != CP_F64)
        return cp_fail(cx, CP_EINVAL, "median: needs a column of doubles");
    Scan S;
    if (scan(cx, col, skip, &S) != CP_OK)
        return cp_stop(cx, CP_EINTR);
    if (used)
        *used = S.m;
    if (S.m == 0 || S.nan)
        return CP_OK;
    /* numpy's median: the middle value, or the mean of the two middle ones */
    int64_t rank[2] = {(S.m - 1) / 2, S.m / 2};
    double v[2];
    CpStatus st;
    if (!S.inf) {
        st = select_ranks(cx, col, skip, &S, rank, 2, v);
    } else {
        double *copy;
        if ((st = used_copy(cx, col, skip, S.m, &copy)) != CP_OK)
            return st;
        for (int j = 0; j < 2; j++) {
            cp_select_k(copy, S.m, rank[j]);
            v[j] = copy[rank[j]];
        }
        cp_free(cx, copy);
    }
    if (st == CP_OK)
        *out = rank[0] == rank[1] ? v[0] : (v[0] + v[1]) / 2;
    return st;
}
