/*
 * matrix.c — charts of a matrix: heat map, correlation plot and
 * confusion matrix. All three are one L_HEAT layer on two categorical
 * axes (row 0 on top) with a colour bar; they differ in colour map, range
 * and annotation format.
 *
 * Invariant: the heat layer owns a rows×cols copy of the values and its
 * colour range is finite with vmin < vmax (a constant matrix gets a unit
 * range around its value).
 */
#include "plot/plotint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIDE 500     /* beyond this a heat map is a blur of sub-pixel cells */

static int auto_decimals(const double *z, size_t n, double lo, double hi)
{
    int ints = 1;
    for (size_t i = 0; i < n; i++)
        if (isfinite(z[i]) && z[i] != floor(z[i])) ints = 0;
    if (ints) return 0;
    double m = fmax(fabs(lo), fabs(hi));
    return m < 10 ? 2 : m < 1000 ? 1 : 0;
}

int plot_heatmap(PlotFigure *f, const double *z, size_t rows, size_t cols,
                 const char *const *row_labels, const char *const *col_labels,
                 const PlotHeatOptions *o, char *err)
{
    PlotHeatOptions d = { .decimals = -1 };
    if (!o) o = &d;
    if (rows == 0 || cols == 0) { pl_err(err, "heatmap: the matrix is empty (%zu×%zu)", rows, cols); return -1; }
    if (rows > MAX_SIDE || cols > MAX_SIDE) {
        pl_err(err, "heatmap: %zu×%zu is too large (at most %d per side)", rows, cols, MAX_SIDE);
        return -1;
    }
    double lo = INFINITY, hi = -INFINITY;
    size_t nonfin = 0;
    for (size_t i = 0; i < rows * cols; i++) {
        if (!isfinite(z[i])) { nonfin++; continue; }
        lo = fmin(lo, z[i]);
        hi = fmax(hi, z[i]);
    }
    if (nonfin == rows * cols) { pl_err(err, "heatmap: no finite values in the matrix"); return -1; }
    if (o->vmin < o->vmax) { lo = o->vmin; hi = o->vmax; }
    if (lo == hi) { lo -= 0.5; hi += 0.5; }
    Panel *p = pl_panel(f);
    if (!p) { pl_err(err, "heatmap: out of memory"); return -1; }
    if (p->nlayers) { pl_err(err, "heatmap: the figure already has a chart"); return -1; }
    Layer *l = pl_layer(p, L_HEAT, 0, 0);
    if (!l || !(l->z = malloc(rows * cols * sizeof(double))) || pl_axis_cats(&p->x, col_labels, cols) ||
        pl_axis_cats(&p->y, row_labels, rows) || (o->cbar_label && !(p->cbar_label = pl_strdup(o->cbar_label)))) {
        pl_rollback(p, 0, p->nlegend);
        pl_err(err, "heatmap: out of memory");
        return -1;
    }
    for (size_t i = 0; i < rows * cols; i++) l->z[i] = isfinite(z[i]) ? z[i] : NAN;
    l->rows = rows;
    l->cols = cols;
    l->vmin = lo;
    l->vmax = hi;
    l->cmap = o->cmap;
    l->annotate = o->annotate;
    l->decimals = o->decimals >= 0 ? o->decimals : auto_decimals(z, rows * cols, lo, hi);
    p->invert_y = 1;
    p->no_grid = 1;
    p->colorbar = 1;
    p->cbar_cmap = o->cmap;
    p->cbar_lo = lo;
    p->cbar_hi = hi;
    f->skipped += nonfin;
    return 0;
}

int plot_corrplot(PlotFigure *f, const double *r, size_t k, const char *const *labels, char *err)
{
    for (size_t i = 0; i < k * k; i++)
        if (isfinite(r[i]) && fabs(r[i]) > 1 + 1e-9) {
            pl_err(err, "corrplot: value %g at [%zu, %zu] is outside -1..1", r[i], i / k, i % k);
            return -1;
        }
    PlotHeatOptions o = { PLOT_CMAP_RDBU, 1, 2, -1, 1, "correlation" };
    return plot_heatmap(f, r, k, k, labels, labels, &o, err);
}

int plot_confusion(PlotFigure *f, const double *counts, size_t k, const char *const *labels, char *err)
{
    double hi = 0;
    for (size_t i = 0; i < k * k; i++) {
        if (!isfinite(counts[i]) || counts[i] < 0) {
            pl_err(err, "confusion: count %g at [%zu, %zu] must be finite and >= 0", counts[i], i / k, i % k);
            return -1;
        }
        hi = fmax(hi, counts[i]);
    }
    PlotHeatOptions o = { PLOT_CMAP_BLUES, 1, -1, 0, hi > 0 ? hi : 1, "count" };
    if (plot_heatmap(f, counts, k, k, labels, labels, &o, err)) return -1;
    Panel *p = pl_panel(f);
    if ((!p->x.label && !(p->x.label = pl_strdup("predicted"))) ||
        (!p->y.label && !(p->y.label = pl_strdup("true")))) {
        pl_err(err, "confusion: out of memory");
        return -1;
    }
    return 0;
}
