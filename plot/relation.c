/*
 * relation.c — charts of relations between variables: scatter (optionally
 * coloured by group), the scatter matrix (pairplot), line series and the
 * ROC curve.
 *
 * Invariant: only finite pairs are copied into a figure; group codes are
 * validated against the number of groups before anything is appended.
 */
#include "plot/plotint.h"

#include "compute/compute.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_groups(const char *who, const int *group, size_t n, size_t ngroups,
                        const char *const *names, char *err)
{
    if (!group) return 0;
    if (ngroups == 0 || !names) {
        pl_err(err, "%s: group codes given without group names", who);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (group[i] < 0 || (size_t)group[i] >= ngroups) {
            pl_err(err, "%s: group code %d at index %zu is outside 0..%zu", who, group[i], i, ngroups - 1);
            return -1;
        }
    return 0;
}

static int group_legend(Panel *p, const char *const *names, size_t ngroups)
{
    for (size_t g = 0; g < ngroups; g++)
        if (pl_legend(p, names[g] ? names[g] : "?", plot_palette((int)g), LEG_MARKER, 0)) return -1;
    return 0;
}

/* Appends the finite (x, y) pairs as a points layer; *kept gets their count. */
static Layer *add_points(Panel *p, const double *x, const double *y, size_t n, const PlotScatterOptions *o,
                         size_t *kept)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += isfinite(x[i]) && isfinite(y[i]) && (!o->size || isfinite(o->size[i]));
    Layer *l = pl_layer(p, L_POINTS, m, 0);
    if (!l) return NULL;
    if ((o->group && !(l->group = malloc((m ? m : 1) * sizeof(int)))) ||
        (o->size && !(l->size = malloc((m ? m : 1) * sizeof(double))))) {
        pl_rollback(p, p->nlayers - 1, p->nlegend);
        return NULL;
    }
    for (size_t i = 0, k = 0; i < n; i++) {
        if (!(isfinite(x[i]) && isfinite(y[i]) && (!o->size || isfinite(o->size[i])))) continue;
        l->x[k] = x[i];
        l->y[k] = y[i];
        if (o->group) l->group[k] = o->group[i];
        if (o->size) l->size[k] = fmin(fabs(o->size[i]), PL_MAX_RADIUS);
        k++;
    }
    pl_axis_see_all(&p->x, l->x, m);
    pl_axis_see_all(&p->y, l->y, m);
    l->color = plot_palette(0);
    l->radius = o->radius;
    l->alpha = o->alpha;
    *kept = m;
    return l;
}

int plot_scatter(PlotFigure *f, const double *x, const double *y, size_t n,
                 const PlotScatterOptions *o, char *err)
{
    PlotScatterOptions z = {0};
    if (!o) o = &z;
    if (check_groups("scatter", o->group, n, o->ngroups, o->group_names, err)) return -1;
    Panel *p = pl_panel(f);
    if (!p) { pl_err(err, "scatter: out of memory"); return -1; }
    size_t nl = p->nlayers, ng = p->nlegend, kept;
    Layer *l = add_points(p, x, y, n, o, &kept);
    if (!l || (o->group && group_legend(p, o->group_names, o->ngroups))) {
        pl_rollback(p, nl, ng);
        pl_err(err, "scatter: out of memory");
        return -1;
    }
    if (kept == 0) {
        pl_rollback(p, nl, ng);
        pl_err(err, "scatter: no point has both coordinates finite (%zu given)", n);
        return -1;
    }
    l->color = plot_palette(f->ncolors++);
    f->skipped += n - kept;
    return 0;
}

/* ---- pairplot ------------------------------------------------------------- */

static int pair_diag(Panel *p, const double *x, size_t n, const int *group, size_t ngroups, char *err)
{
    double *e, *cnt;
    size_t ne;
    if (plot_bin_edges(x, n, "auto", 0, &e, &ne, err)) return -1;
    if (ne > 31) {                 /* small cells: at most 30 bins */
        free(e);
        if (plot_bin_edges(x, n, NULL, 30, &e, &ne, err)) return -1;
    }
    size_t nb = ne - 1, ng = group ? ngroups : 1;
    cnt = calloc(nb * ng, sizeof *cnt);
    double *sub = malloc((n ? n : 1) * sizeof *sub), top = 0;
    int rc = cnt && sub ? 0 : -1;
    for (size_t g = 0; g < ng && rc == 0; g++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!group || group[i] == (int)g) sub[m++] = x[i];
        plot_bin_counts(sub, m, e, ne, cnt + g * nb);
    }
    for (size_t i = 0; i < nb * ng && rc == 0; i++) top = fmax(top, cnt[i]);
    /* The bars are scaled into the variable's own range, so the y ticks of
     * a diagonal cell read like the rest of its row (as seaborn does). */
    for (size_t i = 0; i < n; i++) pl_axis_see(&p->y, x[i]);
    double lo, hi;
    pl_axis_limits(&p->y, &lo, &hi);
    for (size_t g = 0; g < ng && rc == 0; g++) {
        Layer *l = pl_layer(p, L_RECTS, nb, 1);
        if (!l) { rc = -1; break; }
        l->color = plot_palette((int)g);
        l->alpha = group ? 0.5 : 0.9;
        l->has_edge = !group && nb <= 40;
        l->edge = pl_rgb(0xffffff);
        l->lw = 0.5;
        for (size_t i = 0; i < nb; i++) {
            l->x[i] = e[i]; l->x2[i] = e[i + 1]; l->y[i] = lo;
            l->y2[i] = lo + (top > 0 ? cnt[g * nb + i] / top : 0) * (hi - lo) * 0.92;
        }
    }
    for (size_t i = 0; i <= nb; i++) pl_axis_see(&p->x, e[i]);   /* all: integral or not */
    free(e); free(cnt); free(sub);
    if (rc) pl_err(err, "pairplot: out of memory");
    return rc;
}

static int pair_cell(PlotFigure *f, Panel *p, const double *const *cols, const char *const *names,
                     size_t n, const int *group, size_t ngroups, char *err)
{
    size_t r = (size_t)p->row, c = (size_t)p->col;
    p->compact = 1;
    if (!(p->x.label = pl_strdup(names[c])) || !(p->y.label = pl_strdup(names[r]))) {
        pl_err(err, "pairplot: out of memory");
        return -1;
    }
    if (r == c) return pair_diag(p, cols[c], n, group, ngroups, err);
    PlotScatterOptions o = { .group = group, .group_names = NULL, .ngroups = ngroups,
                             .radius = n > 2000 ? 1.2 : 2, .alpha = n > 2000 ? 0.4 : 0.8 };
    size_t kept;
    if (!add_points(p, cols[c], cols[r], n, &o, &kept)) {
        pl_err(err, "pairplot: out of memory");
        return -1;
    }
    (void)f;
    return 0;
}

int plot_pairplot(PlotFigure *f, const double *const *cols, const char *const *names, size_t k,
                  size_t n, const int *group, const char *const *group_names, size_t ngroups,
                  char *err)
{
    if (k < 1 || k > 8) { pl_err(err, "pairplot: needs 1 to 8 columns, got %zu", k); return -1; }
    if (f->npanels) { pl_err(err, "pairplot: the figure already has a chart"); return -1; }
    if (check_groups("pairplot", group, n, ngroups, group_names, err)) return -1;
    for (size_t j = 0; j < k; j++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) m += isfinite(cols[j][i]) != 0;
        if (!m) { pl_err(err, "pairplot: column \"%s\" has no finite values", names[j]); return -1; }
    }
    if (pl_grid(f, (int)k, (int)k)) { pl_err(err, "pairplot: out of memory"); return -1; }
    for (size_t i = 0; i < k * k; i++)
        if (pair_cell(f, &f->panels[i], cols, names, n, group, ngroups, err)) goto fail;
    if (group && group_legend(&f->panels[0], group_names, ngroups)) {
        pl_err(err, "pairplot: out of memory");
        goto fail;
    }
    return 0;
fail:
    for (size_t i = 0; i < f->npanels; i++) pl_panel_free(&f->panels[i]);
    free(f->panels);
    f->panels = NULL;
    f->npanels = 0;
    f->grid_rows = f->grid_cols = 1;
    return -1;
}

/* ---- line and ROC --------------------------------------------------------- */

int plot_line(PlotFigure *f, const double *x, const double *y, size_t n, const char *label, char *err)
{
    size_t fin = 0;
    for (size_t i = 0; i < n; i++) fin += isfinite(y[i]) && (!x || isfinite(x[i]));
    if (fin == 0) { pl_err(err, "line: no finite points (%zu given)", n); return -1; }
    Panel *p = pl_panel(f);
    if (!p) { pl_err(err, "line: out of memory"); return -1; }
    size_t nl = p->nlayers, ng = p->nlegend;
    Layer *l = pl_layer(p, L_LINE, n, 0);
    PlotColor c = plot_palette(f->ncolors);
    if (!l || pl_legend(p, label, c, LEG_LINE, 0)) {
        pl_rollback(p, nl, ng);
        pl_err(err, "line: out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        l->x[i] = x ? x[i] : (double)i;
        l->y[i] = y[i];
        if (isfinite(l->x[i]) && isfinite(l->y[i])) {
            pl_axis_see(&p->x, l->x[i]);
            pl_axis_see(&p->y, l->y[i]);
        }
    }
    l->color = c;
    l->lw = 2;
    f->ncolors++;
    f->skipped += n - fin;
    return 0;
}

int plot_roc(PlotFigure *f, const double *y_true, const double *score, size_t n,
             const char *label, double *auc_out, char *err)
{
    /* compute/'s ROC (sklearn's curve); a non-finite label skips the row */
    uint64_t *yv = calloc(cp_bitmap_words((int64_t)n) + 1, sizeof(uint64_t));
    if (!yv) { pl_err(err, "roc: out of memory"); return -1; }
    for (size_t i = 0; i < n; i++) yv[i >> 6] |= (uint64_t)(isfinite(y_true[i]) != 0) << (i & 63);
    CpCtx cx;
    cp_ctx_init(&cx);
    CpCol cy = cp_col_f64(y_true, yv, (int64_t)n), cs = cp_col_f64(score, NULL, (int64_t)n);
    CpRoc roc;
    CpStatus st = cp_roc(&cx, &cy, &cs, true, &roc);
    free(yv);
    if (st != CP_OK) { pl_err(err, "%s", st == CP_ENOMEM ? "roc: out of memory" : cx.msg); return -1; }
    double *fpr = roc.fpr, *tpr = roc.tpr, auc = roc.auc;
    size_t m = (size_t)roc.n;
    Panel *p = pl_panel(f);
    size_t nl = p ? p->nlayers : 0, ng = p ? p->nlegend : 0;
    char leg[300];
    snprintf(leg, sizeof leg, "%s (AUC = %.3f)", label ? label : "ROC", auc);
    Layer *diag = p && !nl ? pl_layer(p, L_SEGMENTS, 1, 1) : NULL;
    if (diag) {
        diag->x[0] = diag->y[0] = 0;
        diag->x2[0] = diag->y2[0] = 1;
        diag->color = pl_rgb(0x888888);
        diag->dash = 1;
        diag->lw = 1.2;
    }
    Layer *l = p && (diag || nl) ? pl_layer(p, L_LINE, m, 0) : NULL;
    PlotColor c = plot_palette(f->ncolors);
    if (!l || pl_legend(p, leg, c, LEG_LINE, 0) || (diag && pl_legend(p, "chance", pl_rgb(0x888888), LEG_LINE, 1)) ||
        (!p->x.label && !(p->x.label = pl_strdup("false positive rate"))) ||
        (!p->y.label && !(p->y.label = pl_strdup("true positive rate")))) {
        if (p) pl_rollback(p, nl, ng);
        cp_roc_free(&cx, &roc);
        pl_err(err, "roc: out of memory");
        return -1;
    }
    memcpy(l->x, fpr, m * sizeof *fpr);
    memcpy(l->y, tpr, m * sizeof *tpr);
    cp_roc_free(&cx, &roc);
    l->color = c;
    l->lw = 2.2;
    p->x.lo = p->y.lo = -0.02;
    p->x.hi = p->y.hi = 1.02;
    p->x.fixed = p->y.fixed = 1;
    f->ncolors++;
    for (size_t i = 0; i < n; i++) f->skipped += !isfinite(score[i]) || !isfinite(y_true[i]);
    if (auc_out) *auc_out = auc;
    return 0;
}
