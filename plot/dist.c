/*
 * dist.c — charts of one variable's distribution: histogram, density
 * (Gaussian KDE), box plot and violin plot.
 *
 * Each chart turns its data into layers (stats.c does the numbers) and
 * copies only what it draws: a histogram keeps its edges and counts, a
 * box plot its five numbers and outliers, never the raw million values.
 * Invariant: on error the figure is rolled back to its state before the
 * call (pl_rollback), and the skipped-value count is only added on success.
 */
#include "plot/plotint.h"

#include "compute/compute.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t count_nonfinite(const double *x, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += !isfinite(x[i]);
    return k;
}

static int set_label(Axis *a, const char *s)
{
    if (a->label || !s) return 0;
    return (a->label = pl_strdup(s)) ? 0 : -1;
}

static int oom(Panel *p, size_t nl, size_t ng, char *err, const char *who)
{
    pl_rollback(p, nl, ng);
    pl_err(err, "%s: out of memory", who);
    return -1;
}

/* Bars for edges/counts, drawn in colour c (alpha for overlays). */
static int add_bars(PlotFigure *f, Panel *p, const double *e, const double *cnt, size_t nb,
                    const char *label, char *err)
{
    size_t nl = p->nlayers, ng = p->nlegend;
    Layer *l = pl_layer(p, L_RECTS, nb, 1);
    if (!l) return oom(p, nl, ng, err, "hist");
    int ci = f->ncolors;
    l->color = plot_palette(ci);
    l->alpha = ci ? 0.6 : 1;
    l->has_edge = nb <= 80;
    l->edge = pl_rgb(0xffffff);
    l->lw = 0.7;
    for (size_t i = 0; i < nb; i++) {
        l->x[i] = e[i]; l->x2[i] = e[i + 1];
        l->y[i] = 0; l->y2[i] = cnt[i];
        pl_axis_see(&p->y, cnt[i]);
    }
    for (size_t i = 0; i <= nb; i++) pl_axis_see(&p->x, e[i]);   /* all: integral or not */
    p->y.zero = 1;
    if (pl_legend(p, label, l->color, LEG_PATCH, 0)) return oom(p, nl, ng, err, "hist");
    f->ncolors++;
    return 0;
}

int plot_hist_counts(PlotFigure *f, const double *edges, const double *counts, size_t nbins,
                     const char *label, char *err)
{
    if (nbins == 0) { pl_err(err, "hist: no bins given"); return -1; }
    for (size_t i = 0; i < nbins; i++) {
        if (!(edges[i + 1] > edges[i])) {
            pl_err(err, "hist: edges must increase, but edge %zu (%g) <= edge %zu (%g)", i + 1,
                   edges[i + 1], i, edges[i]);
            return -1;
        }
        if (!isfinite(counts[i]) || counts[i] < 0) {
            pl_err(err, "hist: count %zu is %g (must be finite and >= 0)", i, counts[i]);
            return -1;
        }
    }
    Panel *p = pl_panel(f);
    if (!p) { pl_err(err, "hist: out of memory"); return -1; }
    if (set_label(&p->y, "count")) return oom(p, p->nlayers, p->nlegend, err, "hist");
    return add_bars(f, p, edges, counts, nbins, label, err);
}

int plot_hist(PlotFigure *f, const double *x, size_t n, const PlotHistOptions *o, char *err)
{
    PlotHistOptions z = {0};
    if (!o) o = &z;
    double *e = NULL, *cnt = NULL;
    size_t ne;
    const char *rule = o->bins > 0 ? NULL : o->rule ? o->rule : "auto";
    if (plot_bin_edges(x, n, rule, o->bins, &e, &ne, err)) return -1;
    cnt = malloc((ne - 1) * sizeof *cnt);
    if (!cnt) { free(e); pl_err(err, "hist: out of memory"); return -1; }
    size_t total = plot_bin_counts(x, n, e, ne, cnt);
    if (o->density)
        for (size_t i = 0; i + 1 < ne; i++) cnt[i] /= total * (e[i + 1] - e[i]);
    Panel *p = pl_panel(f);
    int rc = -1;
    if (!p) pl_err(err, "hist: out of memory");
    else if (set_label(&p->y, o->density ? "density" : "count")) pl_err(err, "hist: out of memory");
    else rc = add_bars(f, p, e, cnt, ne - 1, o->label, err);
    if (rc == 0) f->skipped += n - total;    /* the edges span every finite value */
    free(e);
    free(cnt);
    return rc;
}

/* ---- density --------------------------------------------------------------- */

#define KDE_POINTS 256

/* The KDE of x over [lo, hi] at KDE_POINTS points into gx, gy. */
static void kde_curve(const double *x, size_t n, double bw, double lo, double hi, double *gx, double *gy)
{
    double w = hi - lo;
    for (int i = 0; i < KDE_POINTS; i++) {
        double t = (double)i / (KDE_POINTS - 1);
        gx[i] = isfinite(w) ? lo + w * i / (KDE_POINTS - 1) : lo * (1 - t) + hi * t;
    }
    CpCtx cx;
    cp_ctx_init(&cx);
    CpCol c = cp_col_f64(x, NULL, (int64_t)n);
    if (cp_kde(&cx, &c, bw, gx, KDE_POINTS, gy) != CP_OK)
        for (int i = 0; i < KDE_POINTS; i++) gy[i] = NAN;      /* out of memory: nothing drawn */
}

/* Scott's-rule bandwidth of the finite values of x (NaN below 2 values). */
static double scott_bw(const double *x, size_t n)
{
    CpCol c = cp_col_f64(x, NULL, (int64_t)n);
    return cp_kde_bw(&c, CP_BW_SCOTT);
}

/* Whether a KDE with bandwidth bw over [lo - pad·bw, hi + pad·bw] is
 * representable: the grid finite and the density's scale 1/(n·bw) too. */
static int kde_fits(double lo, double hi, double bw, double pad, size_t n)
{
    return bw > 0 && isfinite(lo - pad * bw) && isfinite(hi + pad * bw) && isfinite(1 / (n * bw * 2.5066282746310002));
}

static int finite_range(const double *x, size_t n, double *lo, double *hi)
{
    size_t m = 0;
    *lo = INFINITY; *hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) { m++; *lo = x[i] < *lo ? x[i] : *lo; *hi = x[i] > *hi ? x[i] : *hi; }
    return (int)(m > 2 ? 2 : m);
}

int plot_density(PlotFigure *f, const double *x, size_t n, double bw, const char *label, char *err)
{
    double lo, hi;
    if (finite_range(x, n, &lo, &hi) < 2) {
        pl_err(err, "density: need at least 2 finite values, got %zu", n - count_nonfinite(x, n));
        return -1;
    }
    if (!isfinite(bw)) {
        pl_err(err, "density: the bandwidth must be finite, got %g", bw);
        return -1;
    }
    if (!(bw > 0)) bw = scott_bw(x, n);
    if (!(bw > 0)) {
        pl_err(err, "density: all values are equal (zero variance), so Scott's rule gives no "
                    "bandwidth; pass bw > 0");
        return -1;
    }
    size_t m = n - count_nonfinite(x, n);
    if (!kde_fits(lo, hi, bw, 3, m)) {
        pl_err(err, "density: cannot draw values from %g to %g with bandwidth %g: the curve's x range "
                    "or height overflows a double", lo, hi, bw);
        return -1;
    }
    Panel *p = pl_panel(f);
    if (!p) { pl_err(err, "density: out of memory"); return -1; }
    size_t nl = p->nlayers, ng = p->nlegend;
    Layer *fill = pl_layer(p, L_POLY, KDE_POINTS + 2, 0);
    Layer *line = fill ? pl_layer(p, L_LINE, KDE_POINTS, 0) : NULL;
    if (!line || set_label(&p->y, "density")) return oom(p, nl, ng, err, "density");
    fill = &p->layers[nl];
    kde_curve(x, n, bw, lo - 3 * bw, hi + 3 * bw, line->x, line->y);
    PlotColor c = plot_palette(f->ncolors);
    line->color = c;
    line->lw = 2;
    fill->color = c;
    fill->alpha = 0.22;
    fill->lw = 0;
    memcpy(fill->x, line->x, KDE_POINTS * sizeof(double));
    memcpy(fill->y, line->y, KDE_POINTS * sizeof(double));
    fill->x[KDE_POINTS] = line->x[KDE_POINTS - 1];
    fill->x[KDE_POINTS + 1] = line->x[0];
    fill->y[KDE_POINTS] = fill->y[KDE_POINTS + 1] = 0;
    for (int i = 0; i < KDE_POINTS; i++) {
        pl_axis_see(&p->x, line->x[i]);
        pl_axis_see(&p->y, line->y[i]);
    }
    p->y.zero = 1;
    if (pl_legend(p, label, c, LEG_LINE, 0)) return oom(p, nl, ng, err, "density");
    f->ncolors++;
    f->skipped += count_nonfinite(x, n);
    return 0;
}

/* ---- box and violin ---------------------------------------------------------- */

typedef struct Five { double q[3], lo, hi; size_t m, nout; double *out; } Five;

/* Quartiles, whiskers (furthest points within 1.5 IQR) and outliers: the
 * quartile selection's three passes, then one for whiskers and outliers. */
static int five_numbers(const double *x, size_t n, Five *s)
{
    memset(s, 0, sizeof *s);
    if (pl_quartiles(x, n, s->q, &s->m)) return -1;
    if (!s->m) return 0;
    double iqr = s->q[2] - s->q[0], flo = s->q[0] - 1.5 * iqr, fhi = s->q[2] + 1.5 * iqr;
    double lo = s->q[0], hi = s->q[2];
    flo = fmax(flo, -DBL_MAX);          /* ±inf never lands inside the fences */
    fhi = fmin(fhi, DBL_MAX);
    size_t cap = 64, k = 0;
    double *out = malloc(cap * sizeof *out);
    if (!out) return -1;
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        if (v >= flo && v <= fhi) {
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        } else if (isfinite(v)) {
            if (k == cap) {
                double *q = realloc(out, 2 * cap * sizeof *q);
                if (!q) { free(out); return -1; }
                out = q;
                cap *= 2;
            }
            out[k++] = v;
        }
    }
    s->lo = lo; s->hi = hi; s->out = out; s->nout = k;
    return 0;
}

/* The columns' five numbers, one column per task on the job runner when
 * there is enough data to pay for threads. Each column is computed exactly
 * as on one thread, so the result does not depend on the thread count. */
#define FIVE_MIN_WORK 200000     /* values; below this threads cost more */

typedef struct FiveJobs {
    const double *const *data;
    const size_t *lens;
    Five *s;
} FiveJobs;

static CpStatus five_task(void *arg, int64_t g, const CpCtx *cx)
{
    FiveJobs *J = arg;
    return five_numbers(J->data[g], J->lens[g], &J->s[g]) ? CP_ENOMEM : CP_OK;
}

static int all_fives(const double *const *data, const size_t *lens, size_t ng, Five *s)
{
    FiveJobs J = { data, lens, s };
    size_t work = 0;
    for (size_t g = 0; g < ng; g++) work += lens[g];
    CpCtx cx;
    cp_ctx_init(&cx);
    if (work < FIVE_MIN_WORK) cx.nthreads = 1;
    return cp_run(&cx, (int64_t)ng, five_task, &J) == CP_OK ? 0 : -1;
}

static void free_fives(Five *s, size_t n)
{
    for (size_t g = 0; g < n && s; g++) free(s[g].out);
    free(s);
}

/* Whisker and median segments of group g into seg starting at *k. */
static void box_segments(Layer *seg, size_t *k, double g, const Five *s, double half)
{
    double xs[5][4] = {
        { g, s->q[2], g, s->hi }, { g, s->q[0], g, s->lo },
        { g - half / 2, s->hi, g + half / 2, s->hi }, { g - half / 2, s->lo, g + half / 2, s->lo },
        { g - half, s->q[1], g + half, s->q[1] },
    };
    for (int i = 0; i < 5; i++, (*k)++) {
        seg->x[*k] = xs[i][0]; seg->y[*k] = xs[i][1];
        seg->x2[*k] = xs[i][2]; seg->y2[*k] = xs[i][3];
    }
}

static int box_outliers(Panel *p, Five *s, size_t ng)
{
    size_t tot = 0;
    for (size_t g = 0; g < ng; g++) tot += s[g].nout;
    if (!tot) return 0;
    Layer *pts = pl_layer(p, L_POINTS, tot, 0);
    if (!pts || !(pts->group = malloc(tot * sizeof(int)))) return -1;
    pts->radius = 2.3;
    pts->alpha = 0.8;
    pts->once = 1;              /* outliers mark values, not density */
    for (size_t g = 0, k = 0; g < ng; g++)
        for (size_t i = 0; i < s[g].nout; i++, k++) {
            pts->x[k] = (double)g;
            pts->y[k] = s[g].out[i];
            pts->group[k] = (int)g;
        }
    return 0;
}

static int check_groups(const char *who, size_t ngroups, const size_t *lens, char *err)
{
    if (ngroups == 0) { pl_err(err, "%s: no columns given", who); return -1; }
    if (ngroups > 200) { pl_err(err, "%s: %zu groups is too many (at most 200)", who, ngroups); return -1; }
    (void)lens;
    return 0;
}

int plot_box(PlotFigure *f, const double *const *data, const size_t *lens, const char *const *names,
             size_t ngroups, char *err)
{
    if (check_groups("box", ngroups, lens, err)) return -1;
    Panel *p = pl_panel(f);
    Five *s = calloc(ngroups, sizeof *s);
    if (!p || !s) { free(s); pl_err(err, "box: out of memory"); return -1; }
    size_t nl = p->nlayers, nleg = p->nlegend, have = 0, skipped = 0;
    if (all_fives(data, lens, ngroups, s)) { free_fives(s, ngroups); return oom(p, nl, nleg, err, "box"); }
    for (size_t g = 0; g < ngroups; g++) {
        have += s[g].m > 0;
        skipped += lens[g] - s[g].m;
    }
    if (!have) {
        free_fives(s, ngroups);
        pl_err(err, "box: no finite values in any column");
        return -1;
    }
    Layer *rect = pl_layer(p, L_RECTS, have, 1);
    Layer *seg = rect ? pl_layer(p, L_SEGMENTS, 5 * have, 1) : NULL;
    if (!seg || pl_axis_cats(&p->x, names, ngroups)) { free_fives(s, ngroups); return oom(p, nl, nleg, err, "box"); }
    rect = &p->layers[nl];
    rect->group = malloc(have * sizeof(int));
    if (!rect->group) { free_fives(s, ngroups); return oom(p, nl, nleg, err, "box"); }
    rect->alpha = 0.75; rect->has_edge = 1; rect->edge = pl_rgb(0x333333); rect->lw = 1.2;
    seg->color = pl_rgb(0x333333); seg->lw = 1.4;
    for (size_t g = 0, r = 0, k = 0; g < ngroups; g++) {
        if (!s[g].m) continue;
        rect->x[r] = g - 0.3; rect->x2[r] = g + 0.3;
        rect->y[r] = s[g].q[0]; rect->y2[r] = s[g].q[2];
        rect->group[r++] = (int)g;
        box_segments(seg, &k, (double)g, &s[g], 0.3);
        pl_axis_see(&p->y, s[g].lo); pl_axis_see(&p->y, s[g].hi);
        for (size_t i = 0; i < s[g].nout; i++) pl_axis_see(&p->y, s[g].out[i]);
    }
    if (box_outliers(p, s, ngroups)) { free_fives(s, ngroups); return oom(p, nl, nleg, err, "box"); }
    free_fives(s, ngroups);
    f->skipped += skipped;
    return 0;
}

/* The violin's KDE outline (its shape only matters). Data whose curve
 * is not representable (kde_fits: ±1e308, subnormals) are scaled by a
 * power of two first and the grid scaled back, clamped to the doubles. */
static int violin_kde(const double *x, size_t n, double bw, double lo, double hi, double *gx, double *gy)
{
    size_t m = n - count_nonfinite(x, n);
    if (kde_fits(lo, hi, bw, 2, m)) {
        kde_curve(x, n, bw, lo - 2 * bw, hi + 2 * bw, gx, gy);
        return 0;
    }
    int e;
    frexp(fmax(fabs(lo), fabs(hi)), &e);
    double *xs = malloc((n ? n : 1) * sizeof *xs);
    if (!xs) return -1;
    for (size_t i = 0; i < n; i++) xs[i] = ldexp(x[i], -e);
    double b = ldexp(bw, -e), l = ldexp(lo, -e), h = ldexp(hi, -e);
    kde_curve(xs, n, b, l - 2 * b, h + 2 * b, gx, gy);
    for (int i = 0; i < KDE_POINTS; i++) gx[i] = fmax(-DBL_MAX, fmin(DBL_MAX, ldexp(gx[i], e)));
    free(xs);
    return 0;
}

/* One violin outline around position g, max half-width 0.4. */
static int violin_one(Panel *p, const double *x, size_t n, double g, int color, const Five *s)
{
    double lo, hi, bw = scott_bw(x, n);
    finite_range(x, n, &lo, &hi);
    if (!(bw > 0) || !isfinite(bw)) bw = 0;
    Layer *l = pl_layer(p, L_POLY, 2 * KDE_POINTS, 0);
    if (!l) return -1;
    double gx[KDE_POINTS], gy[KDE_POINTS], mx = 0;
    if (bw > 0) {
        if (violin_kde(x, n, bw, lo, hi, gx, gy)) return -1;     /* the caller rolls back */
    } else {
        for (int i = 0; i < KDE_POINTS; i++) { gx[i] = lo; gy[i] = 1; }
    }
    for (int i = 0; i < KDE_POINTS; i++) mx = isfinite(gy[i]) ? fmax(mx, gy[i]) : mx;
    for (int i = 0; i < KDE_POINTS; i++) {
        double w = mx > 0 && isfinite(gy[i]) ? 0.4 * gy[i] / mx : 0;
        l->x[i] = g + w;                   l->y[i] = gx[i];
        l->x[2 * KDE_POINTS - 1 - i] = g - w; l->y[2 * KDE_POINTS - 1 - i] = gx[i];
        pl_axis_see(&p->y, gx[i]);
    }
    l->color = plot_palette(color);
    l->alpha = 0.7;
    l->has_edge = 1;
    l->edge = pl_rgb(0x333333);
    l->lw = 1;
    (void)s;
    return 0;
}

int plot_violin(PlotFigure *f, const double *const *data, const size_t *lens, const char *const *names,
                size_t ngroups, char *err)
{
    if (check_groups("violin", ngroups, lens, err)) return -1;
    Panel *p = pl_panel(f);
    Five *s = calloc(ngroups, sizeof *s);
    if (!p || !s) { free(s); pl_err(err, "violin: out of memory"); return -1; }
    size_t nl = p->nlayers, nleg = p->nlegend, skipped = 0, have = 0;
    if (pl_axis_cats(&p->x, names, ngroups)) { free(s); return oom(p, nl, nleg, err, "violin"); }
    if (all_fives(data, lens, ngroups, s)) { free_fives(s, ngroups); return oom(p, nl, nleg, err, "violin"); }
    for (size_t g = 0; g < ngroups; g++) {
        skipped += lens[g] - s[g].m;
        if (!s[g].m) continue;
        have++;
        if (violin_one(p, data[g], lens[g], (double)g, (int)g, &s[g])) { free_fives(s, ngroups); return oom(p, nl, nleg, err, "violin"); }
    }
    Layer *iqr = have ? pl_layer(p, L_SEGMENTS, have, 1) : NULL;
    Layer *med = iqr ? pl_layer(p, L_POINTS, have, 0) : NULL;
    if (!have || !med) {
        free_fives(s, ngroups);
        pl_rollback(p, nl, nleg);
        pl_err(err, have ? "violin: out of memory" : "violin: no finite values in any column");
        return -1;
    }
    iqr = med - 1;
    iqr->color = pl_rgb(0x333333);
    iqr->lw = 5;
    med->color = pl_rgb(0xffffff);
    med->radius = 3;
    med->alpha = 1;
    for (size_t g = 0, k = 0; g < ngroups; g++) {
        if (!s[g].m) continue;
        iqr->x[k] = iqr->x2[k] = (double)g; iqr->y[k] = s[g].q[0]; iqr->y2[k] = s[g].q[2];
        med->x[k] = (double)g; med->y[k] = s[g].q[1];
        k++;
    }
    free_fives(s, ngroups);
    f->skipped += skipped;
    return 0;
}
