/*
 * scale.c — axis limits, data→pixel mapping, "nice" tick placement and
 * tick-label formatting.
 *
 * Ticks follow Heckbert's nice-number idea: the step is m·10^k with m in
 * {1, 2, 2.5, 5}, chosen so the count of ticks inside the limits is
 * closest to a target derived from the axis length. Tick values are built
 * as integer multiples of m scaled by a power of ten, so they print
 * without binary noise (0.30000000000000004 never shows). An axis whose
 * data are all whole numbers gets whole-number steps only (years never
 * read 2007.25). Invariant: every
 * tick returned lies inside the limits, in increasing order.
 */
#include "plot/plotint.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static double pow10i(int k)
{
    double r = 1;
    for (int i = 0; i < (k < 0 ? -k : k); i++) r *= 10;
    return k < 0 ? 1 / r : r;
}

/* The tick values for step m·10^k inside [lo, hi]; returns the count
 * (also when larger than max, for comparison). */
static int ticks_for(double lo, double hi, double m, int k, double *out, int max)
{
    double step = m * pow10i(k);
    double i0 = ceil(lo / step - 1e-9), i1 = floor(hi / step + 1e-9);
    if (i1 - i0 > 10000) return 10001;
    int cnt = 0;
    for (double i = i0; i <= i1; i++, cnt++) {
        if (cnt >= max) continue;
        double v = k >= 0 ? i * m * pow10i(k) : i * m / pow10i(-k);
        out[cnt] = v == 0 ? 0 : v;    /* no -0 */
    }
    return cnt;
}

/* plot_nice_ticks; with `integral`, only whole-number steps (1, 2, 5,
 * 10, 20, 25, 50, …), for axes whose data are all integers (years, counts). */
static int nice_ticks(double lo, double hi, int target, double *out, int max, double *step, int integral)
{
    if (!(hi > lo) || !isfinite(lo) || !isfinite(hi) || max <= 0) {
        if (max > 0 && isfinite(lo)) { out[0] = lo; if (step) *step = 1; return 1; }
        return 0;
    }
    if (target < 2) target = 2;
    static const double ms[] = { 1, 2, 2.5, 5 };
    int k0 = (int)floor(log10((hi - lo) / target)), k1 = k0 + 1;
    if (integral && k1 < 0) k1 = 0;
    double best_m = 1, tmp[64];
    int best_k = integral && k0 - 1 < 0 ? 0 : k0 - 1;
    double best_score = 1e300;
    for (int k = k0 - 1; k <= k1; k++)
        for (int j = 0; j < 4; j++) {
            if (integral && (k < 0 || (k == 0 && j == 2))) continue;
            int cnt = ticks_for(lo, hi, ms[j], k, tmp, 64);
            if (cnt < 2 && (hi - lo) > ms[j] * pow10i(k)) continue;
            /* distance from the target; 2.5 only when clearly better */
            double score = abs(cnt - target) + (j == 2 ? 0.6 : 0) + (cnt < 2 ? 5 : 0);
            if (score < best_score) {
                best_score = score; best_m = ms[j]; best_k = k;
            }
        }
    if (step) *step = best_m * pow10i(best_k);
    int cnt = ticks_for(lo, hi, best_m, best_k, out, max);
    return cnt < max ? cnt : max;
}

int plot_nice_ticks(double lo, double hi, int target, double *out, int max, double *step)
{
    return nice_ticks(lo, hi, target, out, max, step, 0);
}

/* Strips trailing zeros (and a trailing '.') from a fixed mantissa. */
static void strip_zeros(char *s)
{
    if (!strchr(s, '.')) return;
    size_t n = strlen(s);
    while (n && s[n - 1] == '0') s[--n] = 0;
    if (n && s[n - 1] == '.') s[--n] = 0;
}

void plot_format_tick(double v, double step, char *buf, size_t len)
{
    if (!isfinite(v)) { snprintf(buf, len, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf"); return; }
    if (v == 0) { snprintf(buf, len, "0"); return; }
    if (!(step > 0) || !isfinite(step)) step = fabs(v);
    double ls = floor(log10(step) + 1e-9);
    double mant = step / pow(10, ls);
    int extra = fabs(mant - 2.5) < 1e-6 ? 1 : 0;
    double av = fabs(v);
    if (av >= 1e6 || av < 1e-4 || step < 1e-5) {
        int e = (int)floor(log10(av) + 1e-12);
        int d = (int)(e - ls) + extra;
        if (d < 0) d = 0;
        if (d > 15) d = 15;
        char m[48];
        snprintf(m, sizeof m, "%.*f", d, v / pow(10, e));
        if (fabs(atof(m)) >= 10) {           /* rounding carried: 9.99 → 10.0 */
            e++;
            snprintf(m, sizeof m, "%.*f", d, v / pow(10, e));
        }
        strip_zeros(m);
        snprintf(buf, len, "%se%d", m, e);
        return;
    }
    int d = ls < 0 ? (int)-ls + extra : (extra && ls == 0 ? 1 : 0);
    if (d > 15) d = 15;
    snprintf(buf, len, "%.*f", d, v);
    if (strcmp(buf, "-0") == 0) snprintf(buf, len, "0");
}

void pl_axis_limits(const Axis *a, double *lo, double *hi)
{
    double l = a->lo, h = a->hi;
    if (l > h) { l = a->scale == PLOT_LOG ? 1 : 0; h = a->scale == PLOT_LOG ? 10 : 1; }
    if (a->fixed) { *lo = l; *hi = h; return; }
    if (a->scale == PLOT_LOG) { l = log10(l); h = log10(h); }
    if (a->zero && a->scale != PLOT_LOG) {
        if (l > 0) l = 0;
        if (h < 0) h = 0;
    }
    if (h == l) {
        double d = l == 0 ? 0.5 : fabs(l) * 0.1;
        l -= d; h += d;
    }
    double pad = (h - l) * 0.05;
    if (!(a->zero && l == 0 && a->scale != PLOT_LOG)) l -= pad;
    if (!(a->zero && h == 0 && a->scale != PLOT_LOG)) h += pad;
    *lo = l; *hi = h;
}

double pl_map(const Mapper *m, double v)
{
    if (m->scale == PLOT_LOG) v = v > 0 ? log10(v) : -1e300;
    double t = (v - m->lo) / (m->hi - m->lo);
    return m->p0 + t * (m->p1 - m->p0);
}

static int log_ticks(double lo, double hi, double target, double *ticks, int max, double *step)
{
    int e0 = (int)ceil(lo - 1e-9), e1 = (int)floor(hi + 1e-9), cnt = 0;
    int every = 1;
    while ((e1 - e0) / every + 1 > target && every < 1000) every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
    if (e1 - e0 < 1) {                      /* under a decade: 1, 2, 5 multiples */
        for (int e = (int)floor(lo) ; e <= (int)ceil(hi); e++)
            for (int m = 1; m <= 5; m += (m == 1 ? 1 : 3)) {
                double v = log10(m) + e;
                if (v >= lo - 1e-9 && v <= hi + 1e-9 && cnt < max) ticks[cnt++] = m * pow10i(e);
            }
        if (step) *step = 0;
        return cnt;
    }
    for (int e = e0; e <= e1 && cnt < max; e++)
        if ((e - e0) % every == 0) ticks[cnt++] = pow10i(e);
    if (step) *step = 0;
    return cnt;
}

int pl_axis_ticks(const Axis *a, double lo, double hi, double pixels, double spacing,
                  double *ticks, int max, double *step)
{
    int target = (int)(pixels / spacing) + 1;
    if (target > 12) target = 12;
    if (a->kind == AX_CAT) {
        int n = (int)a->ncats, every = 1, cnt = 0;
        while (n / every > pixels / 14 && every < n) every++;
        for (int i = 0; i < n && cnt < max; i += every) ticks[cnt++] = i;
        if (step) *step = every;
        return cnt;
    }
    if (a->scale == PLOT_LOG) return log_ticks(lo, hi, target, ticks, max, step);
    return nice_ticks(lo, hi, target, ticks, max, step, a->integral && a->lo <= a->hi);
}

void pl_format_axis_tick(const Axis *a, double v, double step, char *buf, size_t len)
{
    if (a->kind == AX_CAT) {
        size_t i = (size_t)(v + 0.5);
        snprintf(buf, len, "%s", i < a->ncats ? a->cats[i] : "");
        return;
    }
    if (a->scale == PLOT_LOG) {
        double e = floor(log10(v) + 1e-9);
        plot_format_tick(v, pow(10, e), buf, len);
        return;
    }
    plot_format_tick(v, step, buf, len);
}
