/*
 * stats.c — the statistics behind the charts: histogram bin edges and
 * counts (numpy's histogram_bin_edges / histogram semantics), type-7
 * quantiles (numpy's default "linear"), Gaussian KDE with Scott's rule
 * (scipy.stats.gaussian_kde) and ROC points with the trapezoid AUC.
 *
 * These mirror the reference implementations' arithmetic step by step so
 * the golden tests can compare to ~1e-12; where an exact computation would
 * be too slow (KDE of a million points) the approximation is named at the
 * function. Invariant: non-finite inputs are ignored everywhere.
 */
#include "plot/plotint.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int pl_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double *pl_finite_sorted(const double *x, size_t n, size_t *m)
{
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) s[k++] = x[i];
    qsort(s, k, sizeof *s, pl_cmp_double);
    *m = k;
    return s;
}

/* numpy's _lerp: a + (b-a)t, computed from the b side when t >= 0.5;
 * weighted when b - a overflows (a = -1e308, b = 1e308). */
static double lerp(double a, double b, double t)
{
    double d = b - a;
    if (!isfinite(d)) return a * (1 - t) + b * t;
    return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

double plot_quantile_sorted(const double *s, size_t n, double q)
{
    if (n == 0 || !(q >= 0 && q <= 1)) return NAN;
    double h = n * q + (1 - q) - 1;          /* numpy's virtual index */
    if (h <= 0) return s[0];
    if (h >= n - 1) return s[n - 1];
    size_t lo = (size_t)floor(h);
    return lerp(s[lo], s[lo + 1], h - lo);
}

/* Rearranges a[lo..hi) so a[k] is the k-th smallest, smaller ones before
 * (Hoare partition around the median of three, moved to a[lo], which
 * guarantees both sides shrink). */
static void select_k(double *a, size_t lo, size_t hi, size_t k)
{
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, last = hi - 1, med;
        double x = a[lo], y = a[mid], z = a[last], t;
        if ((x <= y && y <= z) || (z <= y && y <= x)) med = mid;
        else if ((y <= x && x <= z) || (z <= x && x <= y)) med = lo;
        else med = last;
        t = a[lo]; a[lo] = a[med]; a[med] = t;
        double p = a[lo];
        long i = (long)lo - 1, j = (long)hi;
        for (;;) {
            do i++; while (a[i] < p);
            do j--; while (a[j] > p);
            if (i >= j) break;
            t = a[i]; a[i] = a[j]; a[j] = t;
        }
        if (k <= (size_t)j) hi = (size_t)j + 1;
        else lo = (size_t)j + 1;
    }
}


/* Order statistics by bucketing: one pass for the range, one to count
 * values per bucket, one to gather just the buckets that hold the wanted
 * ranks; those few values are then selected exactly. Three linear passes
 * without moving the data, instead of a sort (MEASURED: a qsort of 1M
 * doubles is ~100 ms). Skewed data only make the gathered set larger,
 * never the answer wrong. */
#define QBUCKETS 8192    /* 32 KB of counts: stays in L1/L2 */

typedef struct Ranks { size_t r[6]; double v[6]; int n; } Ranks;

/* Monotone in x; the halves keep x - lo from overflowing (±1e308 data). */
static int bucket_of(double x, double lo, double scale)
{
    return (int)pl_index((x * 0.5 - lo * 0.5) * scale, QBUCKETS);
}

static int select_ranks(const double *x, size_t n, double lo, double hi, Ranks *R)
{
    uint32_t *cnt = calloc(QBUCKETS, sizeof *cnt);
    signed char *slot = malloc(QBUCKETS);
    if (!cnt || !slot) { free(cnt); free(slot); return -1; }
    /* A range too narrow for the buckets (subnormal) puts all in one. */
    double scale = hi > lo ? QBUCKETS / (hi * 0.5 - lo * 0.5) : 0;
    if (!isfinite(scale)) scale = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) cnt[bucket_of(x[i], lo, scale)]++;
    /* the bucket of each wanted rank, and how many values lie below it */
    int bk[6], nb = 0, slot_of[6];
    size_t below[6], cum = 0;
    memset(slot, -1, QBUCKETS);
    /* Each rank finds its bucket on its own: the ranks need not be sorted
     * (with 2 or 3 values the quartile ranks repeat out of order). */
    for (int j = 0; j < R->n; j++) {
        int b = 0;
        cum = 0;
        while (b < QBUCKETS - 1 && R->r[j] >= cum + cnt[b])
            cum += cnt[b++];
        if (slot[b] < 0) { slot[b] = (signed char)nb; bk[nb] = b; below[nb++] = cum; }
        slot_of[j] = slot[b];
    }
    double *g[6] = { 0 };
    size_t fill[6] = { 0 };
    int bad = 0;
    for (int s = 0; s < nb; s++) bad |= !(g[s] = malloc((cnt[bk[s]] ? cnt[bk[s]] : 1) * sizeof(double)));
    for (size_t i = 0; i < n && !bad; i++)
        if (isfinite(x[i])) {
            int s = slot[bucket_of(x[i], lo, scale)];
            if (s >= 0) g[s][fill[s]++] = x[i];
        }
    for (int j = 0; j < R->n && !bad; j++) {
        int s = slot_of[j];
        size_t r = R->r[j] - below[s];
        select_k(g[s], 0, fill[s], r);
        R->v[j] = g[s][r];
    }
    for (int s = 0; s < nb; s++) free(g[s]);
    free(cnt);
    free(slot);
    return bad ? -1 : 0;
}

int pl_quartiles(const double *x, size_t n, double q[3], size_t *m)
{
    double lo = INFINITY, hi = -INFINITY;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) { k++; lo = x[i] < lo ? x[i] : lo; hi = x[i] > hi ? x[i] : hi; }
    *m = k;
    if (!k) return 0;
    Ranks R = { .n = 6 };
    double h[3];
    for (int j = 0; j < 3; j++) {
        double p = (j + 1) * 0.25;
        h[j] = k * p + (1 - p) - 1;
        size_t r = h[j] <= 0 ? 0 : (size_t)floor(h[j]);
        R.r[2 * j] = r < k ? r : k - 1;
        R.r[2 * j + 1] = R.r[2 * j] + 1 < k ? R.r[2 * j] + 1 : k - 1;
    }
    if (select_ranks(x, n, lo, hi, &R)) return -1;
    for (int j = 0; j < 3; j++)
        q[j] = lerp(R.v[2 * j], R.v[2 * j + 1], h[j] - floor(h[j] < 0 ? 0 : h[j]));
    return 0;
}

/* ---- histograms --------------------------------------------------------- */

/* The rule's bin width into *w, times `k` (1, or 0.5 when the data range
 * overflows a double: every length is then computed halved). -1 on OOM. */
static int bin_width(const double *x, size_t n, size_t m, double ptp, const char *rule, double k, double *w)
{
    double sturges = ptp / (log2((double)m) + 1.0);
    *w = sturges;
    if (strcmp(rule, "sturges") == 0) return 0;
    double q[3];
    size_t cnt;
    if (pl_quartiles(x, n, q, &cnt)) return -1;
    double fd = 2.0 * (q[2] * k - q[0] * k) * pow((double)m, -1.0 / 3.0);
    *w = strcmp(rule, "fd") == 0 ? fd : fd != 0 ? fmin(fd, sturges) : sturges;    /* "auto" */
    return 0;
}

/* numpy widens equal values by ±0.5; so do we for a range too narrow to
 * bin (pl_singular), and by ±5% of large values (±0.5 around 1e11 would
 * again be too narrow for an axis). */
static void widen_singular(double *first, double *last)
{
    double mid = *last > *first ? *first * 0.5 + *last * 0.5 : *first;
    double d = fabs(mid) < 1e11 ? 0.5 : fabs(mid) * 0.05;
    *first = fmax(mid - d, -DBL_MAX);
    *last = fmin(mid + d, DBL_MAX);
}

/* At most this many bins fit in [first, last] with edges 4 ulps apart,
 * so every edge is distinct and every bin can hold a value. */
static double max_bins(double first, double last)
{
    double mag = fmax(fabs(first), fabs(last)), ulp = mag - nextafter(mag, 0);
    return (last * 0.5 - first * 0.5) / (2 * ulp);
}

int plot_bin_edges(const double *x, size_t n, const char *rule, int nbins,
                   double **edges, size_t *nedges, char *err)
{
    if (rule && strcmp(rule, "auto") && strcmp(rule, "fd") && strcmp(rule, "sturges")) {
        pl_err(err, "hist: unknown bin rule \"%s\" (expected \"auto\", \"fd\" or \"sturges\")", rule);
        return -1;
    }
    if (!rule && nbins <= 0) {
        pl_err(err, "hist: bins must be positive, got %d", nbins);
        return -1;
    }
    if (nbins > 100000) {
        pl_err(err, "hist: %d bins is too many (at most 100000)", nbins);
        return -1;
    }
    double first = INFINITY, last = -INFINITY;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) { m++; first = x[i] < first ? x[i] : first; last = x[i] > last ? x[i] : last; }
    if (m == 0) {
        pl_err(err, "hist: no finite values to bin (%zu given)", n);
        return -1;
    }
    double ptp = last - first, k = isfinite(ptp) ? 1 : 0.5;
    if (k != 1) ptp = last * k - first * k;
    if (pl_singular(first, last)) { ptp = 0; widen_singular(&first, &last); }
    size_t nb = (size_t)nbins;
    if (rule) {
        double w = 0;
        if (ptp > 0 && bin_width(x, n, m, ptp, rule, k, &w)) { pl_err(err, "hist: out of memory"); return -1; }
        double q = w > 0 ? ceil((last * k - first * k) / w) : 1;
        nb = q >= 1 ? (q > 100000 ? 100000 : (size_t)q) : 1;    /* also NaN */
    }
    double fit = max_bins(first, last);
    if (nb > 1 && fit < (double)nb) nb = fit >= 1 ? (size_t)fit : 1;
    double *e = malloc((nb + 1) * sizeof *e);
    if (!e) { pl_err(err, "hist: out of memory"); return -1; }
    double step = (last - first) / nb;
    if (isfinite(step))
        for (size_t i = 0; i <= nb; i++) e[i] = (double)i * step + first;    /* numpy's linspace */
    else
        for (size_t i = 0; i <= nb; i++) e[i] = ((double)i * ((last * 0.5 - first * 0.5) / nb) + first * 0.5) * 2;
    e[nb] = last;
    *edges = e;
    *nedges = nb + 1;
    return 0;
}

/* Counts x[lo..hi) into cnt (nb bins, zeroed by the caller). The first
 * guess uses a multiplication where numpy divides; the edge comparisons
 * after it settle every value in its true bin, so the counts agree. */
typedef struct BinJob {
    const double *x, *e;
    size_t lo, hi, nb, total;
    double *cnt;
} BinJob;

/* With few bins, consecutive values often land in the same bin; four
 * interleaved tallies keep those increments from waiting on each other. */
#define BIN_STRIPES 4
#define BIN_STRIPED_MAX 1024

static void *count_bins(void *arg)
{
    BinJob *J = arg;
    const double *e = J->e;
    size_t nb = J->nb, total = 0, stripes = nb <= BIN_STRIPED_MAX ? BIN_STRIPES : 1;
    uint64_t local[BIN_STRIPES * BIN_STRIPED_MAX] = { 0 };
    /* Halves: last - first may overflow. A scale that is not finite
     * (edges a few subnormals apart) leaves the guess to the walk below. */
    double first = e[0], last = e[nb], half = first * 0.5, scale = (double)nb / (last * 0.5 - half);
    if (!isfinite(scale)) scale = 0;
    for (size_t i = J->lo; i < J->hi; i++) {
        double v = J->x[i];
        if (!(v >= first && v <= last)) continue;    /* also drops NaN */
        size_t k = pl_index((v * 0.5 - half) * scale, nb);
        while (k > 0 && v < e[k]) k--;
        while (k < nb - 1 && v >= e[k + 1]) k++;
        if (stripes > 1) local[(i & (BIN_STRIPES - 1)) * BIN_STRIPED_MAX + k]++;
        else J->cnt[k] += 1;
        total++;
    }
    if (stripes > 1)
        for (size_t k = 0; k < nb; k++)
            J->cnt[k] += (double)(local[k] + local[BIN_STRIPED_MAX + k] + local[2 * BIN_STRIPED_MAX + k] +
                                  local[3 * BIN_STRIPED_MAX + k]);
    J->total = total;
    return NULL;
}

/* Above this many values a second thread counts the upper half into its
 * own bins (whole-number sums: the result is the same). */
#define BIN_THREAD_MIN 400000

size_t plot_bin_counts(const double *x, size_t n, const double *e, size_t ne, double *counts)
{
    if (ne < 2) return 0;
    size_t nb = ne - 1;
    memset(counts, 0, nb * sizeof *counts);
    BinJob J[2] = { { x, e, 0, n, nb, 0, counts }, { x, e, n / 2, n, nb, 0, NULL } };
    pthread_t tid;
    int two = n >= BIN_THREAD_MIN && (J[1].cnt = calloc(nb, sizeof(double))) != NULL;
    if (two) {
        J[0].hi = n / 2;
        if (pthread_create(&tid, NULL, count_bins, &J[1]) != 0) { J[0].hi = n; free(J[1].cnt); two = 0; }
    }
    count_bins(&J[0]);
    if (!two) return J[0].total;
    pthread_join(tid, NULL);
    for (size_t k = 0; k < nb; k++) counts[k] += J[1].cnt[k];
    free(J[1].cnt);
    return J[0].total + J[1].total;
}

/* ---- kernel density ----------------------------------------------------- */

/* Values beyond 2^±500 are scaled by a power of two (exact) so the sum
 * and the squares neither overflow (1e308) nor underflow (1e-170). */
double plot_scott_bw(const double *x, size_t n)
{
    double mean = 0, ss = 0, mag = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) { m++; mag = fmax(mag, fabs(x[i])); }
    if (m < 2) return NAN;
    int e = 0;
    if (mag > 0x1p500 || (mag > 0 && mag < 0x1p-500)) frexp(mag, &e);
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) mean += e ? ldexp(x[i], -e) : x[i];
    mean /= m;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            double d = (e ? ldexp(x[i], -e) : x[i]) - mean;
            ss += d * d;
        }
    return ldexp(sqrt(ss / (m - 1)) * pow((double)m, -1.0 / 5.0), e);
}

/* Exact sum over the data, for n·m up to this; above it the data are
 * linearly binned onto a grid of KDE_GRID points spanning ±5 bandwidths
 * past the data (relative error ~1e-4 for these grid sizes). */
#define KDE_EXACT_WORK 20000000.0
#define KDE_GRID 4096

static void kde_binned(const double *x, size_t n, size_t m_fin, double bw, const double *grid, size_t m,
                       double *out)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) { lo = x[i] < lo ? x[i] : lo; hi = x[i] > hi ? x[i] : hi; }
    double *w = calloc(KDE_GRID, sizeof *w);
    if (!w) { for (size_t j = 0; j < m; j++) out[j] = NAN; return; }
    double step = (hi - lo) / (KDE_GRID - 1);
    if (!(step > 0)) step = bw / 100;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) continue;
        double p = (x[i] - lo) / step;
        size_t k = pl_index(p, KDE_GRID);
        if (k >= KDE_GRID - 1 || !(p >= 0)) { w[k] += 1; continue; }
        w[k] += 1 - (p - k);
        w[k + 1] += p - k;
    }
    double norm = 1.0 / (m_fin * bw * sqrt(2 * M_PI));
    for (size_t j = 0; j < m; j++) {
        double s = 0;
        for (size_t k = 0; k < KDE_GRID; k++) {
            double d = (grid[j] - (lo + k * step)) / bw;
            if (w[k] != 0 && d * d < 100) s += w[k] * exp(-0.5 * d * d);
        }
        out[j] = s * norm;
    }
    free(w);
}

void plot_kde_eval(const double *x, size_t n, double bw, const double *grid, size_t m, double *out)
{
    size_t m_fin = 0;
    for (size_t i = 0; i < n; i++) m_fin += isfinite(x[i]) != 0;
    if (m_fin == 0 || !(bw > 0)) {
        for (size_t j = 0; j < m; j++) out[j] = NAN;
        return;
    }
    if ((double)m_fin * m > KDE_EXACT_WORK) {
        kde_binned(x, n, m_fin, bw, grid, m, out);
        return;
    }
    double norm = 1.0 / (m_fin * bw * sqrt(2 * M_PI));
    for (size_t j = 0; j < m; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(x[i])) continue;
            double d = (grid[j] - x[i]) / bw;
            s += exp(-0.5 * d * d);
        }
        out[j] = s * norm;
    }
}

/* ---- ROC ------------------------------------------------------------------ */

typedef struct { double s, y; } Pair;

static int cmp_pair_desc(const void *a, const void *b)
{
    double x = ((const Pair *)a)->s, y = ((const Pair *)b)->s;
    return (x < y) - (x > y);
}

double plot_roc_points(const double *y_true, const double *score, size_t n,
                       double **fpr, double **tpr, size_t *npts, char *err)
{
    Pair *p = malloc((n ? n : 1) * sizeof *p);
    if (!p) { pl_err(err, "roc: out of memory"); return -1; }
    size_t k = 0;
    double P = 0, N = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(score[i]) || !isfinite(y_true[i])) continue;
        if (y_true[i] != 0 && y_true[i] != 1) {
            free(p);
            pl_err(err, "roc: y_true must be 0 or 1, got %g at index %zu", y_true[i], i);
            return -1;
        }
        p[k++] = (Pair){ score[i], y_true[i] };
        P += y_true[i];
    }
    N = k - P;
    if (P == 0 || N == 0) {
        free(p);
        pl_err(err, "roc: need both classes in y_true, got %.0f positive and %.0f negative", P, N);
        return -1;
    }
    qsort(p, k, sizeof *p, cmp_pair_desc);
    double *f = malloc((k + 1) * sizeof *f), *t = malloc((k + 1) * sizeof *t);
    if (!f || !t) {
        free(p); free(f); free(t);
        pl_err(err, "roc: out of memory");
        return -1;
    }
    size_t m = 1;
    double tp = 0, fp = 0, auc = 0;
    f[0] = t[0] = 0;
    for (size_t i = 0; i < k; i++) {
        tp += p[i].y;
        fp += 1 - p[i].y;
        if (i + 1 < k && p[i + 1].s == p[i].s) continue;   /* ties: one threshold */
        f[m] = fp / N;
        t[m] = tp / P;
        auc += (f[m] - f[m - 1]) * (t[m] + t[m - 1]) / 2;
        m++;
    }
    free(p);
    *fpr = f;
    *tpr = t;
    *npts = m;
    return auc;
}
