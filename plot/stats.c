/*
 * stats.c — the statistics behind the histograms: bin edges and counts
 * (numpy's histogram_bin_edges / histogram semantics), and the quartiles
 * box plots and the Freedman-Diaconis rule need. Quantiles, KDE and ROC
 * themselves live in compute/ (compute/compute.h); this file adapts them
 * to plot/'s convention that non-finite inputs are ignored everywhere.
 *
 * Bin edges mirror numpy's arithmetic step by step so the golden tests can
 * compare to ~1e-12.
 */
#include "plot/plotint.h"

#include "compute/compute.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int pl_quartiles(const double *x, size_t n, double q[3], size_t *m)
{
    static const double qs[3] = {0.25, 0.5, 0.75};
    CpCtx cx;
    cp_ctx_init(&cx);
    CpCol c = cp_col_f64(x, NULL, (int64_t)n);
    int64_t used = 0;
    CpStatus st = cp_quantiles(&cx, &c, CP_SKIP_NONFINITE, qs, 3, q, &used);
    *m = (size_t)used;
    return st == CP_OK ? 0 : -1;
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

#define BIN_TASKS 4

typedef struct BinJob {
    const double *x, *e;
    size_t n, nb, parts;          /* x is counted in `parts` equal slices */
    double *cnt[BIN_TASKS];       /* task 0 counts into the caller's array */
    size_t total[BIN_TASKS];
} BinJob;

/* With few bins, consecutive values often land in the same bin; four
 * interleaved tallies keep those increments from waiting on each other. */
#define BIN_STRIPES 4
#define BIN_STRIPED_MAX 1024

/* Counts slice `task` of x into its bins (zeroed by the caller). The first
 * guess uses a multiplication where numpy divides; the edge comparisons
 * after it settle every value in its true bin, so the counts agree. */
static CpStatus count_bins(void *arg, int64_t task, const CpCtx *cx)
{
    BinJob *J = arg;
    const double *e = J->e;
    size_t nb = J->nb, total = 0, stripes = nb <= BIN_STRIPED_MAX ? BIN_STRIPES : 1;
    size_t lo = J->n * (size_t)task / J->parts, hi = J->n * (size_t)(task + 1) / J->parts;
    double *cnt = J->cnt[task];
    uint64_t local[BIN_STRIPES * BIN_STRIPED_MAX] = { 0 };
    /* Halves: last - first may overflow. A scale that is not finite
     * (edges a few subnormals apart) leaves the guess to the walk below. */
    double first = e[0], last = e[nb], half = first * 0.5, scale = (double)nb / (last * 0.5 - half);
    if (!isfinite(scale)) scale = 0;
    for (size_t i = lo; i < hi; i++) {
        double v = J->x[i];
        if (!(v >= first && v <= last)) continue;    /* also drops NaN */
        size_t k = pl_index((v * 0.5 - half) * scale, nb);
        while (k > 0 && v < e[k]) k--;
        while (k < nb - 1 && v >= e[k + 1]) k++;
        if (stripes > 1) local[(i & (BIN_STRIPES - 1)) * BIN_STRIPED_MAX + k]++;
        else cnt[k] += 1;
        total++;
    }
    if (stripes > 1)
        for (size_t k = 0; k < nb; k++)
            cnt[k] += (double)(local[k] + local[BIN_STRIPED_MAX + k] + local[2 * BIN_STRIPED_MAX + k] +
                                  local[3 * BIN_STRIPED_MAX + k]);
    J->total[task] = total;
    return CP_OK;
}

/* Above this many values the data are counted in BIN_TASKS fixed slices,
 * each into its own bins, on the job runner; the counts are whole numbers,
 * so the sum is the same on any thread count. */
#define BIN_THREAD_MIN 400000

size_t plot_bin_counts(const double *x, size_t n, const double *e, size_t ne, double *counts)
{
    if (ne < 2) return 0;
    size_t nb = ne - 1;
    memset(counts, 0, nb * sizeof *counts);
    BinJob J = { .x = x, .e = e, .n = n, .nb = nb, .parts = n >= BIN_THREAD_MIN ? BIN_TASKS : 1,
                 .cnt = { counts } };
    for (size_t t = 1; t < J.parts; t++)
        if (!(J.cnt[t] = calloc(nb, sizeof(double)))) J.parts = 1;   /* then one slice */
    CpCtx cx;
    cp_ctx_init(&cx);
    cp_run(&cx, (int64_t)J.parts, count_bins, &J);      /* no interrupt flag: cannot fail */
    size_t total = 0;
    for (size_t t = 0; t < J.parts; t++) total += J.total[t];
    for (size_t t = 1; t < BIN_TASKS; t++) {
        for (size_t k = 0; J.parts > 1 && J.cnt[t] && k < nb; k++) counts[k] += J.cnt[t][k];
        free(J.cnt[t]);
    }
    return total;
}
