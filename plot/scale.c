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
 * read 2007.25). Data reach any finite range: limits too narrow to tick
 * (pl_singular) are widened as equal values are, widths that overflow a
 * double are computed halved, and tick indexes stay below 1e15, so the
 * tick loop always ends. Invariant: every tick returned is finite, lies
 * inside the limits, in strictly increasing order; every pixel position is
 * finite for finite data.
 */
#include "plot/plotint.h"

#include <float.h>
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

int pl_singular(double lo, double hi)
{
    double mag = fmax(fabs(lo), fabs(hi));
    /* halves: hi - lo itself may overflow */
    return !(hi > lo) || !(mag >= PL_TINY) || hi * 0.5 - lo * 0.5 < mag * (0.5 * PL_RESOLUTION);
}

double pl_unit(double v, double lo, double hi)
{
    double d = hi - lo;
    if (isfinite(d)) return (v - lo) / d;
    return (v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5);
}

/* The tick values for step m·10^k inside [lo, hi]; returns the count
 * (also when larger than max, for comparison), or -1 when the step is not
 * a finite double. Tick indexes stay below 1e15 in magnitude, so i0 + c
 * is exact and every tick is a distinct double. */
static int ticks_for(double lo, double hi, double m, int k, double *out, int max)
{
    double p = pow10i(k < 0 ? -k : k), step = m * pow10i(k);
    if (!(step > 0) || !isfinite(step)) return -1;
    double i0 = ceil(lo / step - 1e-9), i1 = floor(hi / step + 1e-9);
    if (!(i1 - i0 <= 10000) || !(fabs(i0) < 1e15 && fabs(i1) < 1e15)) return 10001;
    int cnt = 0;
    for (int c = 0; c <= (int)(i1 - i0); c++) {
        double i = i0 + c, v = k >= 0 ? i * m * p : i * m / p;
        if (!isfinite(v)) continue;            /* rounded past ±DBL_MAX */
        if (cnt < max) out[cnt] = v == 0 ? 0 : v;    /* no -0 */
        cnt++;
    }
    return cnt;
}

/* log10 of hi - lo, also when the difference overflows. */
static double log10_width(double lo, double hi)
{
    double w = hi - lo;
    return isfinite(w) ? log10(w) : log10(hi * 0.5 - lo * 0.5) + log10(2.0);
}

/* plot_nice_ticks; with `integral`, only whole-number steps (1, 2, 5,
 * 10, 20, 25, 50, …), for axes whose data are all integers (years, counts).
 * A range too narrow to tick distinctly (pl_singular) gets one tick in
 * its middle. */
static int nice_ticks(double lo, double hi, int target, double *out, int max, double *step, int integral)
{
    if (!isfinite(lo) || !isfinite(hi) || max <= 0) return 0;
    if (pl_singular(lo, hi)) {
        out[0] = hi > lo ? lo * 0.5 + hi * 0.5 : lo;
        if (step) *step = 1;
        return 1;
    }
    if (target < 2) target = 2;
    static const double ms[] = { 1, 2, 2.5, 5 };
    /* finite: a non-singular range is wider than 1e-302 and below 2·DBL_MAX */
    int k0 = (int)floor(log10_width(lo, hi) - log10((double)target)), k1 = k0 + 1;
    if (integral && k1 < 0) k1 = 0;
    double best_m = 1, tmp[64];
    int best_k = integral && k0 - 1 < 0 ? 0 : k0 - 1;
    double best_score = 1e300;
    for (int k = k0 - 1; k <= k1; k++)
        for (int j = 0; j < 4; j++) {
            if (integral && (k < 0 || (k == 0 && j == 2))) continue;
            int cnt = ticks_for(lo, hi, ms[j], k, tmp, 64);
            if (cnt < 0) continue;
            if (cnt < 2 && !(hi - lo <= ms[j] * pow10i(k))) continue;     /* also when hi - lo overflows */
            /* distance from the target; 2.5 only when clearly better */
            double score = abs(cnt - target) + (j == 2 ? 0.6 : 0) + (cnt < 2 ? 5 : 0);
            if (score < best_score) {
                best_score = score; best_m = ms[j]; best_k = k;
            }
        }
    if (step) *step = best_m * pow10i(best_k);
    int cnt = ticks_for(lo, hi, best_m, best_k, out, max);
    return cnt < 0 ? 0 : cnt < max ? cnt : max;
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

/* v / 10^e, also for subnormal v (10^-324 is 0 as a double). */
static double mantissa(double v, int e)
{
    return e < -300 ? v * 1e300 / pow(10, e + 300) : v / pow(10, e);
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
        snprintf(m, sizeof m, "%.*f", d, mantissa(v, e));
        if (fabs(atof(m)) >= 10) {           /* rounding carried: 9.99 → 10.0 */
            e++;
            snprintf(m, sizeof m, "%.*f", d, mantissa(v, e));
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

/* Clamps to the finite doubles (padding may round past DBL_MAX). */
static double finite_clamp(double v) { return v < -DBL_MAX ? -DBL_MAX : v > DBL_MAX ? DBL_MAX : v; }

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
    if (pl_singular(l, h)) {               /* equal values, or equal to 16 digits */
        double mid = h > l ? l * 0.5 + h * 0.5 : l;
        double d = fabs(mid) < PL_TINY ? 0.5 : fabs(mid) * 0.1;
        l = finite_clamp(mid - d); h = finite_clamp(mid + d);
    }
    double w = h - l, pad = isfinite(w) ? w * 0.05 : h * 0.05 - l * 0.05;
    if (!(a->zero && l == 0 && a->scale != PLOT_LOG)) l -= pad;
    if (!(a->zero && h == 0 && a->scale != PLOT_LOG)) h += pad;
    *lo = finite_clamp(l); *hi = finite_clamp(h);
}

double pl_map(const Mapper *m, double v)
{
    if (m->scale == PLOT_LOG) v = v > 0 ? log10(v) : -1e300;
    double p = m->p0 + pl_unit(v, m->lo, m->hi) * (m->p1 - m->p0);
    if (p != p) return v != v ? v : m->p0;      /* NaN only from NaN data */
    return p < -PL_MAX_PX ? -PL_MAX_PX : p > PL_MAX_PX ? PL_MAX_PX : p;
}

/* Decade ticks; exponents are kept within the normal doubles (10^-307 ..
 * 10^308), so no tick is 0 or infinite. */
static int log_ticks(double lo, double hi, double target, double *ticks, int max, double *step)
{
    lo = fmax(lo, -307);
    hi = fmin(hi, 308);
    if (!(hi >= lo)) hi = lo;
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
    double q = pixels / spacing;
    int target = q >= 11 ? 12 : q > -1000 ? (int)q + 1 : 1;      /* NaN: 1 */
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
        double r = floor(v + 0.5);
        snprintf(buf, len, "%s", r >= 0 && r < (double)a->ncats ? a->cats[(size_t)r] : "");
        return;
    }
    if (a->scale == PLOT_LOG) {
        double e = floor(log10(v) + 1e-9);
        plot_format_tick(v, pow(10, e), buf, len);
        return;
    }
    plot_format_tick(v, step, buf, len);
}
