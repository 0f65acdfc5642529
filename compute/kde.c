/*
 * kde.c — Gaussian kernel density estimates as scipy.stats.gaussian_kde
 * computes them for one variable (Scott's or Silverman's factor times the
 * ddof=1 standard deviation).
 *
 * The finite, non-NA values are copied once; the density at each grid
 * point is then an independent sum, so grid points are split over the
 * job runner in fixed blocks and the result does not depend on the
 * thread count. Above KDE_EXACT_WORK kernel evaluations the values are
 * first linearly binned onto KDE_GRID points (the approximation named in
 * compute.h).
 */
#include <math.h>

#include "compute/cpint.h"

#define KDE_EXACT_WORK 20000000.0
#define KDE_GRID 4096
#define GRID_BLOCK 8                /* grid points per task */

static inline bool kde_used(const CpCol *c, int64_t i)
{
    return cp_valid(c->valid, i) && isfinite(((const double *)c->data)[i]);
}

/* Values beyond 2^+-500 are scaled by a power of two (exact) so the sum
 * and the squares neither overflow (1e308) nor underflow (1e-170). */
double cp_kde_bw(const CpCol *col, CpBw rule)
{
    if (col->type != CP_F64)
        return NAN;
    const double *x = col->data;
    double mean = 0, ss = 0, mag = 0;
    int64_t m = 0;
    for (int64_t i = 0; i < col->len; i++)
        if (kde_used(col, i)) {
            m++;
            mag = fmax(mag, fabs(x[i]));
        }
    if (m < 2)
        return NAN;
    int e = 0;
    if (mag > 0x1p500 || (mag > 0 && mag < 0x1p-500))
        frexp(mag, &e);
    for (int64_t i = 0; i < col->len; i++)
        if (kde_used(col, i))
            mean += e ? ldexp(x[i], -e) : x[i];
    mean /= (double)m;
    for (int64_t i = 0; i < col->len; i++)
        if (kde_used(col, i)) {
            double d = (e ? ldexp(x[i], -e) : x[i]) - mean;
            ss += d * d;
        }
    double sd = sqrt(ss / (double)(m - 1));
    double f = rule == CP_BW_SILVERMAN ? pow((double)m * 3.0 / 4.0, -1.0 / 5.0) : pow((double)m, -1.0 / 5.0);
    return ldexp(sd * f, e);
}

typedef struct Kde {
    const double *pts, *w;          /* w: bin weights (binned) or NULL */
    int64_t npts;
    double lo, step, bw, norm;
    const double *grid;
    int64_t m;
    double *out;
} Kde;

static CpStatus kde_block(void *arg, int64_t b, const CpCtx *cx)
{
    Kde *K = arg;
    int64_t lo = b * GRID_BLOCK, hi = lo + GRID_BLOCK < K->m ? lo + GRID_BLOCK : K->m;
    for (int64_t j = lo; j < hi; j++) {
        double s = 0, g = K->grid[j];
        for (int64_t i = 0; i < K->npts; i++) {
            if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx))
                return CP_EINTR;
            if (K->w) {
                double d = (g - (K->lo + (double)i * K->step)) / K->bw;
                if (K->w[i] != 0 && d * d < 100)
                    s += K->w[i] * exp(-0.5 * d * d);
            } else {
                double d = (g - K->pts[i]) / K->bw;
                s += exp(-0.5 * d * d);
            }
        }
        K->out[j] = s * K->norm;
    }
    return CP_OK;
}

/* Linear binning of the m values x onto KDE_GRID weights from lo by step. */
static void bin_values(const double *x, int64_t m, double lo, double step, double *w)
{
    for (int64_t i = 0; i < m; i++) {
        double p = (x[i] - lo) / step;
        int64_t k = p >= KDE_GRID - 1 ? KDE_GRID - 1 : p > 0 ? (int64_t)p : 0;
        if (k >= KDE_GRID - 1 || !(p >= 0)) {
            w[k] += 1;
            continue;
        }
        w[k] += 1 - (p - (double)k);
        w[k + 1] += p - (double)k;
    }
}

CpStatus cp_kde(CpCtx *cx, const CpCol *col, double bw, const double *grid, int64_t m, double *out)
{
    for (int64_t j = 0; j < m; j++)
        out[j] = NAN;
    if (col->type != CP_F64)
        return cp_fail(cx, CP_EINVAL, "kde: needs a column of doubles");
    const double *x = col->data;
    int64_t n = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (int64_t i = 0; i < col->len; i++)
        if (kde_used(col, i)) {
            n++;
            lo = x[i] < lo ? x[i] : lo;
            hi = x[i] > hi ? x[i] : hi;
        }
    if (n == 0 || !(bw > 0) || m <= 0)
        return CP_OK;
    double *pts = cp_alloc(cx, sizeof(double) * (size_t)n), *w = NULL;
    if (!pts)
        return cp_stop(cx, CP_ENOMEM);
    for (int64_t i = 0, k = 0; i < col->len; i++)
        if (kde_used(col, i))
            pts[k++] = x[i];
    Kde K = {pts, NULL, n, lo, 0, bw, 1.0 / ((double)n * bw * sqrt(2 * M_PI)), grid, m, out};
    if ((double)n * (double)m > KDE_EXACT_WORK) {
        if (!(w = cp_calloc(cx, sizeof(double) * KDE_GRID))) {
            cp_free(cx, pts);
            return cp_stop(cx, CP_ENOMEM);
        }
        K.step = (hi - lo) / (KDE_GRID - 1);
        if (!(K.step > 0))
            K.step = bw / 100;
        bin_values(pts, n, lo, K.step, w);
        K.w = w;
        K.npts = KDE_GRID;
    }
    CpStatus st = cp_run(cx, (m + GRID_BLOCK - 1) / GRID_BLOCK, kde_block, &K);
    cp_free(cx, pts);
    cp_free(cx, w);
    return st == CP_OK ? CP_OK : cp_stop(cx, st);
}
