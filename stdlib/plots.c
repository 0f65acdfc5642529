/*
 * plots.c — chart built-ins: hist, density, box, violin, scatter, pairplot,
 * heatmap, corrplot, bar, pie, line, roc_plot, confusion_plot, and save.
 *
 * This module only turns sift values into the plain arrays plot/ draws
 * from; everything about drawing lives in plot/. A chart built-in returns
 * a "plot" value (a foreign object owning a PlotFigure). The figure keeps
 * copies of its data, so a plot value renders again at any size and in
 * any format: its display bundle is text/plain (a Unicode rendering sized
 * to the display width) plus image/png, and image/svg+xml ahead of the PNG
 * when get_option("plot.format") is "svg"; save() renders PNG/SVG/PDF files.
 *
 * The shared machinery (arguments, groups, the plot value) is in
 * plotargs.c. Invariant: a chart built-in either returns a complete plot or raises an
 * error and frees everything it built (all scratch memory goes through a
 * Tmp, released on every path). NA is mapped to NaN only at the hand-over
 * to plot/, and counted separately, so the caption can say
 * "3 NA values skipped" apart from non-finite ones.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang/mem.h"
#include "stdlib/modules.h"
#include "stdlib/plots.h"

/* ---- hist, density ------------------------------------------------------------------ */

#define HIST_PARAMS(P)                                                                                   \
    P(x, "vec|list|frame") P(column, "str|null=null") P(bins, "int|str|null=null")                       \
    P(edges, "vec|list|null=null") P(density, "bool=false") P(by, "=null") PLOT_COMMON_PARAMS(P)

/* Bin edges for hist: edges= (increasing vector), bins= (count or rule
 * name) or the "auto" rule, over the finite values of s. */
static Status hist_edges(Interp *I, Tmp *t, const Series *s, Value *a, double **e, size_t *ne)
{
    BUILTIN_ARGS(HIST_PARAMS);
    Value bins = ARG(bins), edges = ARG(edges);
    char err[PLOT_ERRLEN];
    if (arg_given(edges)) {
        Series es;
        Vec *v;
        char what[160];
        const char *name;
        if (pa_pick_vec(I, t, val_null(), edges, ARGNO(edges), &v, what, sizeof what, &name) != ST_OK ||
            pa_series_of(I, t, v, what, &es) != ST_OK)
            return ST_ERR;
        for (int64_t i = 0; i < es.n; i++)
            if (!isfinite(es.x[i]) || (i && es.x[i] <= es.x[i - 1]))
                return err_raise(I, ERR_VALUE, "hist: edges must be finite and increasing");
        if (es.n < 2)
            return err_raise(I, ERR_VALUE, "hist: edges needs at least 2 values, got %lld", (long long)es.n);
        *e = es.x;
        *ne = (size_t)es.n;
        return ST_OK;
    }
    int64_t nb = 0;
    const char *rule = "auto";
    if (bins.t == T_STR)
        rule = bins.u.s->s;
    else if (arg_given(bins) && arg_int(I, bins, ARGNO(bins), 1, 100000, &nb) != ST_OK)
        return ST_ERR;
    if (plot_bin_edges(s->x, (size_t)s->n, nb ? NULL : rule, (int)nb, e, ne, err) < 0)
        return pa_lib_error(I, err);
    double *keep = pa_tmp_alloc(t, sizeof(double) * *ne);
    if (keep)
        memcpy(keep, *e, sizeof(double) * *ne);
    free(*e);
    *e = keep;
    return keep ? ST_OK : err_oom(I);
}

/* One histogram per group, all on the same edges. */
static Status hist_groups(Interp *I, Tmp *t, PlotFigure *f, const Series *s, const Groups *g, const double *e,
                          size_t ne, bool density)
{
    double **data;
    size_t *lens;
    char err[PLOT_ERRLEN];
    double *counts = pa_tmp_alloc(t, sizeof(double) * ne);
    if (!counts || pa_split_groups(I, t, s, g, &data, &lens) != ST_OK)
        return counts ? ST_ERR : err_oom(I);
    for (int k = 0; k < g->ng; k++) {
        size_t total = plot_bin_counts(data[k], lens[k], e, ne, counts);
        for (size_t b = 0; density && total && b + 1 < ne; b++)
            counts[b] /= (double)total * (e[b + 1] - e[b]);
        if (plot_hist_counts(f, e, counts, ne - 1, g->names[k], err) < 0)
            return pa_lib_error(I, err);
    }
    return ST_OK;
}

static Status plots_hist(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(HIST_PARAMS);
    Tmp t = {0};
    Series s;
    Groups g;
    const char *name;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    Value x = ARG(x), bins = ARG(bins);
    bool frame = x.t == T_FRAME, density = ARG(density).u.b, by = arg_given(ARG(by));
    Status st = pa_pick_series(I, &t, x, frame ? ARG(column) : x, frame ? ARGNO(column) : ARGNO(x), &s, &name);
    if (st == ST_OK && frame && !arg_given(ARG(column)))
        st = err_raise(I, ERR_VALUE, "hist: name the column to plot: hist(df, \"column\")");
    if (st == ST_OK && by)
        st = pa_pick_groups(I, &t, x, ARG(by), ARGNO(by), s.n, &g);
    if (st == ST_OK)
        st = pa_new_figure(I, &ARG(title), ARGNO(title), name, density ? "density" : "count", &f);
    if (st != ST_OK)
        goto done;
    if (by || arg_given(ARG(edges))) {
        double *e;
        size_t ne;
        if ((st = hist_edges(I, &t, &s, a, &e, &ne)) != ST_OK)
            goto done;
        if (by) {
            st = hist_groups(I, &t, f, &s, &g, e, ne, density);
        } else {
            double *counts = pa_tmp_alloc(&t, sizeof(double) * ne);
            size_t total = counts ? plot_bin_counts(s.x, (size_t)s.n, e, ne, counts) : 0;
            for (size_t b = 0; density && total && b + 1 < ne; b++)
                counts[b] /= (double)total * (e[b + 1] - e[b]);
            if (!counts)
                st = err_oom(I);
            else if (plot_hist_counts(f, e, counts, ne - 1, NULL, err) < 0)
                st = pa_lib_error(I, err);
        }
    } else {
        PlotHistOptions o = {.rule = "auto", .density = density};
        int64_t nb = 0;
        if (bins.t == T_STR)
            o.rule = bins.u.s->s;
        else if (arg_given(bins) && (st = arg_int(I, bins, ARGNO(bins), 1, 100000, &nb)) != ST_OK)
            goto done;
        o.bins = (int)nb;
        if (plot_hist(f, s.x, (size_t)s.n, &o, err) < 0)
            st = pa_lib_error(I, err);
    }
    if (st == ST_OK) {
        st = pa_finish(I, f, "hist", s.na + (by ? g.na : 0), out);
        f = NULL;
    }
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

#define DENSITY_PARAMS(P)                                                                               \
    P(x, "vec|list|frame") P(column, "str|null=null") P(bw, "num|null=null") P(by, "=null")             \
    PLOT_COMMON_PARAMS(P)

static Status plots_density(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(DENSITY_PARAMS);
    Tmp t = {0};
    Series s;
    Groups g;
    const char *name;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    Value x = ARG(x);
    bool frame = x.t == T_FRAME, by = arg_given(ARG(by));
    double bw = arg_given(ARG(bw)) ? ARG(bw).u.n : 0;
    Status st = pa_pick_series(I, &t, x, frame ? ARG(column) : x, frame ? ARGNO(column) : ARGNO(x), &s, &name);
    if (st == ST_OK && arg_given(ARG(bw)) && !(bw > 0 && isfinite(bw)))
        st = err_raise(I, ERR_VALUE, "density: bw must be a positive number, got %g", bw);
    if (st == ST_OK && by)
        st = pa_pick_groups(I, &t, x, ARG(by), ARGNO(by), s.n, &g);
    if (st == ST_OK)
        st = pa_new_figure(I, &ARG(title), ARGNO(title), name, "density", &f);
    if (st != ST_OK)
        goto done;
    if (!by) {
        if (plot_density(f, s.x, (size_t)s.n, bw, NULL, err) < 0)
            st = pa_lib_error(I, err);
    } else {
        double **data;
        size_t *lens;
        if ((st = pa_split_groups(I, &t, &s, &g, &data, &lens)) != ST_OK)
            goto done;
        for (int k = 0; k < g.ng && st == ST_OK; k++)
            if (plot_density(f, data[k], lens[k], bw, g.names[k], err) < 0)
                st = pa_lib_error(I, err), snprintf(I->err.msg + strlen(I->err.msg), sizeof I->err.msg - strlen(I->err.msg), " (group '%s')", g.names[k]);
    }
    if (st == ST_OK) {
        st = pa_finish(I, f, "density", s.na + (by ? g.na : 0), out);
        f = NULL;
    }
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

/* ---- box, violin ----------------------------------------------------------------------- */

/* The columns a box/violin plot draws: by groups of one series, the named
 * columns of a frame, every numeric column of a frame, or one vector. */
typedef struct Boxes {
    double **data;
    size_t *lens;
    const char **names;
    size_t n;
    int64_t na;
    const char *label;       /* axis label for the values, or NULL */
    const char *group;       /* axis label for the groups (by= column), or NULL */
} Boxes;

#define BOX_PARAMS(P) P(x, "vec|list|frame") P(column, "=null") P(by, "=null") PLOT_COMMON_PARAMS(P)

/* The named columns (argument colno) of df, or every numeric one. */
static Status boxes_of_frame(Interp *I, Tmp *t, const Frame *df, Value column, int colno, Boxes *bx)
{
    const char **names = NULL;
    int nn = 0;
    if (arg_given(column)) {
        if (arg_columns(I, df, column, colno, &names, &nn) != ST_OK)
            return ST_ERR;
    } else {
        names = mem_alloc(sizeof(char *) * (size_t)(df->ncol + 1));
        for (int j = 0; j < df->ncol; j++)
            if (df->cols[j]->kind != VEC_STR)
                names[nn++] = df->names[j]->s;
        if (nn == 0) {
            mem_free(names);
            return err_raise(I, ERR_VALUE, "%s: the frame has no numeric columns", builtin_current(I));
        }
    }
    bx->data = pa_tmp_alloc(t, sizeof(double *) * (size_t)nn);
    bx->lens = pa_tmp_alloc(t, sizeof(size_t) * (size_t)nn);
    bx->names = pa_tmp_alloc(t, sizeof(char *) * (size_t)nn);
    Status st = bx->data && bx->lens && bx->names ? ST_OK : err_oom(I);
    for (int j = 0; j < nn && st == ST_OK; j++) {
        char what[160];
        Series s;
        snprintf(what, sizeof what, "column '%s'", names[j]);
        if ((st = pa_series_of(I, t, frame_col_borrow(df, names[j]), what, &s)) != ST_OK)
            break;
        bx->data[j] = s.x;
        bx->lens[j] = (size_t)s.n;
        bx->names[j] = pa_tmp_strdup(t, names[j]);
        bx->na += s.na;
    }
    bx->n = (size_t)nn;
    if (nn == 1)
        bx->label = bx->names[0];
    mem_free(names);
    return st;
}

static Status boxes_of(Interp *I, Tmp *t, Value *a, Boxes *bx)
{
    BUILTIN_ARGS(BOX_PARAMS);
    Value x = ARG(x), column = ARG(column), by = ARG(by);
    memset(bx, 0, sizeof *bx);
    bool one = x.t != T_FRAME || (column.t == T_STR);
    if (!one) {
        if (arg_given(by))
            return err_raise(I, ERR_VALUE, "%s: by= needs one column: %s(df, \"column\", by=\"group\")",
                             builtin_current(I), builtin_current(I));
        return boxes_of_frame(I, t, x.u.f, column, ARGNO(column), bx);
    }
    Series s;
    const char *name;
    bool frame = x.t == T_FRAME;
    if (pa_pick_series(I, t, x, frame ? column : x, frame ? ARGNO(column) : ARGNO(x), &s, &name) != ST_OK)
        return ST_ERR;
    bx->label = name;
    bx->na = s.na;
    if (!arg_given(by)) {
        bx->data = pa_tmp_alloc(t, sizeof(double *));
        bx->lens = pa_tmp_alloc(t, sizeof(size_t));
        bx->names = pa_tmp_alloc(t, sizeof(char *));
        if (!bx->data || !bx->lens || !bx->names)
            return err_oom(I);
        bx->data[0] = s.x;
        bx->lens[0] = (size_t)s.n;
        bx->names[0] = name ? name : "";
        bx->n = 1;
        return ST_OK;
    }
    Groups g;
    if (pa_pick_groups(I, t, x, by, ARGNO(by), s.n, &g) != ST_OK || pa_split_groups(I, t, &s, &g, &bx->data, &bx->lens) != ST_OK)
        return ST_ERR;
    bx->names = (const char **)g.names;
    bx->n = (size_t)g.ng;
    bx->group = by.t == T_STR ? by.u.s->s : NULL;
    bx->na += g.na;
    return ST_OK;
}

static Status box_or_violin(Interp *I, Value *a, Value *out, bool violin)
{
    BUILTIN_ARGS(BOX_PARAMS);
    Tmp t = {0};
    Boxes bx;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    Status st = boxes_of(I, &t, a, &bx);
    if (st == ST_OK)
        st = pa_new_figure(I, &ARG(title), ARGNO(title), bx.group, bx.label, &f);
    if (st == ST_OK) {
        int rc = violin ? plot_violin(f, (const double *const *)bx.data, bx.lens, bx.names, bx.n, err)
                        : plot_box(f, (const double *const *)bx.data, bx.lens, bx.names, bx.n, err);
        if (rc < 0)
            st = pa_lib_error(I, err);
    }
    if (st == ST_OK) {
        st = pa_finish(I, f, violin ? "violin" : "box", bx.na, out);
        f = NULL;
    }
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

static Status plots_box(Interp *I, Value *a, Value *out) { return box_or_violin(I, a, out, false); }
static Status plots_violin(Interp *I, Value *a, Value *out) { return box_or_violin(I, a, out, true); }

/* ---- scatter, pairplot ----------------------------------------------------------------- */

/* Marker radii 2..9 px from a size column: area grows with the value. */
static Status scatter_sizes(Interp *I, Tmp *t, const Series *sz, double **radius)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int64_t i = 0; i < sz->n; i++)
        if (isfinite(sz->x[i])) {
            lo = fmin(lo, sz->x[i]);
            hi = fmax(hi, sz->x[i]);
        }
    if (!(*radius = pa_tmp_alloc(t, sizeof(double) * (size_t)sz->n)))
        return err_oom(I);
    for (int64_t i = 0; i < sz->n; i++) {
        /* halves: hi - lo overflows for a column holding ±1e308 */
        double u = isfinite(sz->x[i]) && hi > lo ? (sz->x[i] * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5) : 0.5;
        (*radius)[i] = 2 + 7 * sqrt(u);
    }
    return ST_OK;
}

#define SCATTER_PARAMS(P)                                                                               \
    P(data, "=null") P(x, "=null") P(y, "=null") P(color, "=null") P(size, "=null") P(alpha, "num|null=null") \
    PLOT_COMMON_PARAMS(P)

static Status plots_scatter(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SCATTER_PARAMS);
    Tmp t = {0};
    Series xs, ys;
    Groups g = {0};
    const char *xn = NULL, *yn = NULL;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    Value data = ARG(data), xv = ARG(x), yv = ARG(y), color = ARG(color), size = ARG(size);
    int xno = ARGNO(x), yno = ARGNO(y);
    Status st = ST_OK;
    if (data.t == T_VEC || data.t == T_LIST) {        /* scatter(xs, ys) */
        yv = arg_given(yv) ? yv : xv;
        yno = arg_given(ARG(y)) ? ARGNO(y) : ARGNO(x);
        xv = data;
        xno = ARGNO(data);
        data = val_null();
    } else if (arg_given(data) && data.t != T_FRAME) {
        st = pa_arg_type_error(I, ARGNO(data), "a frame or a vector", data);
    }
    if (st == ST_OK && (!arg_given(xv) || !arg_given(yv)))
        st = err_raise(I, ERR_VALUE, "scatter: give x and y: scatter(df, x=\"a\", y=\"b\") or scatter(xs, ys)");
    if (st == ST_OK)
        st = pa_pick_series(I, &t, data, xv, xno, &xs, &xn);
    if (st == ST_OK)
        st = pa_pick_series(I, &t, data, yv, yno, &ys, &yn);
    if (st == ST_OK)
        st = pa_check_len(I, ys.n, xs.n, "y");
    PlotScatterOptions o = {0};
    if (st == ST_OK && arg_given(color) && (st = pa_pick_groups(I, &t, data, color, ARGNO(color), xs.n, &g)) == ST_OK) {
        o.group = g.gid;
        o.group_names = (const char *const *)g.names;
        o.ngroups = (size_t)g.ng;
    }
    if (st == ST_OK && size.t == T_NUM) {
        o.radius = size.u.n;
        if (!(o.radius > 0 && isfinite(o.radius)))
            st = err_raise(I, ERR_VALUE, "scatter: size must be a positive marker radius in pixels, got %g",
                           isnan(o.radius) ? fabs(o.radius) : o.radius);
    } else if (st == ST_OK && arg_given(size)) {
        Series sz;
        const char *sn;
        double *radius;
        if ((st = pa_pick_series(I, &t, data, size, ARGNO(size), &sz, &sn)) == ST_OK &&
            (st = pa_check_len(I, sz.n, xs.n, "size")) == ST_OK && (st = scatter_sizes(I, &t, &sz, &radius)) == ST_OK)
            o.size = radius;
    }
    if (st == ST_OK && arg_given(ARG(alpha))) {
        o.alpha = ARG(alpha).u.n;
        if (!(o.alpha > 0 && o.alpha <= 1))
            st = err_raise(I, ERR_VALUE, "scatter: alpha must be in (0, 1], got %g", o.alpha);
    }
    if (st == ST_OK)
        st = pa_new_figure(I, &ARG(title), ARGNO(title), xn, yn, &f);
    if (st != ST_OK)
        goto done;
    /* A row whose colour group is NA is skipped, like one with an NA coordinate. */
    int64_t na = 0;
    for (int64_t i = 0; i < xs.n; i++) {
        bool gna = o.group && g.gid[i] < 0;
        if (gna)
            xs.x[i] = NAN, g.gid[i] = 0;
        na += gna || !vec_is_valid(xs.v, i) || !vec_is_valid(ys.v, i);
    }
    if (plot_scatter(f, xs.x, ys.x, (size_t)xs.n, &o, err) < 0) {
        st = pa_lib_error(I, err);
        goto done;
    }
    st = pa_finish(I, f, "scatter", na, out);
    f = NULL;
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

/* Numeric (num or bool) columns of df, minus `skip`, at most max of them,
 * or the ones named by columns (argument colno) if given; *total counts
 * all candidates. */
static Status numeric_columns(Interp *I, Tmp *t, const Frame *df, Value columns, int colno, const char *skip,
                              int max, Series **cols, const char ***names, int *k, int *total)
{
    const char **want = NULL;
    int nw = 0;
    if (arg_given(columns) && arg_columns(I, df, columns, colno, &want, &nw) != ST_OK)
        return ST_ERR;
    *cols = pa_tmp_alloc(t, sizeof(Series) * (size_t)(df->ncol + 1));
    *names = pa_tmp_alloc(t, sizeof(char *) * (size_t)(df->ncol + 1));
    Status st = *cols && *names ? ST_OK : err_oom(I);
    *k = *total = 0;
    int n = want ? nw : df->ncol;
    for (int j = 0; j < n && st == ST_OK; j++) {
        const char *name = want ? want[j] : df->names[j]->s;
        Vec *v = frame_col_borrow(df, name);
        if ((skip && strcmp(name, skip) == 0) || (!want && v->kind == VEC_STR))
            continue;
        if (++*total > max)
            continue;
        char what[160];
        snprintf(what, sizeof what, "column '%s'", name);
        if ((st = pa_series_of(I, t, v, what, &(*cols)[*k])) == ST_OK)
            (*names)[(*k)++] = name;
    }
    mem_free(want);
    if (st == ST_OK && *k == 0)
        st = err_raise(I, ERR_VALUE, "%s: the frame has no numeric columns", builtin_current(I));
    return st;
}

#define PAIRPLOT_PARAMS(P) P(df, "frame") P(color, "=null") P(columns, "=null") PLOT_COMMON_PARAMS(P)

static Status plots_pairplot(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(PAIRPLOT_PARAMS);
    Tmp t = {0};
    Series *cols;
    const char **names;
    int k, total;
    Groups g = {0};
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    const Frame *df = ARG(df).u.f;
    Value color = ARG(color);
    const char *skip = color.t == T_STR ? color.u.s->s : NULL;
    Status st = numeric_columns(I, &t, df, ARG(columns), ARGNO(columns), skip, 8, &cols, &names, &k, &total);
    if (st == ST_OK && arg_given(color))
        st = pa_pick_groups(I, &t, ARG(df), color, ARGNO(color), df->nrow, &g);
    if (st == ST_OK)
        st = pa_new_figure(I, &ARG(title), ARGNO(title), NULL, NULL, &f);
    if (st != ST_OK)
        goto done;
    const double **data = pa_tmp_alloc(&t, sizeof(double *) * (size_t)k);
    int64_t na = 0;
    for (int j = 0; data && j < k; j++) {
        data[j] = cols[j].x;
        na += cols[j].na;
    }
    if (!data)
        st = err_oom(I);
    else if (plot_pairplot(f, data, names, (size_t)k, (size_t)df->nrow, g.gid, (const char *const *)g.names,
                           (size_t)g.ng, err) < 0)
        st = pa_lib_error(I, err);
    if (st == ST_OK && total > k) {
        char cap[96];
        snprintf(cap, sizeof cap, "showing the first %d of %d numeric columns", k, total);
        if (plot_figure_set_caption(f, cap) < 0)
            st = err_oom(I);
        na = 0;
    }
    if (st == ST_OK) {
        st = pa_finish(I, f, "pairplot", na, out);
        f = NULL;
    }
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

/* ---- heatmap, corrplot, confusion ------------------------------------------------------- */

#define HEATMAP_PARAMS(P) P(m, "frame") P(annotate, "bool=true") P(cmap, "str=\"viridis\"") PLOT_COMMON_PARAMS(P)

static Status plots_heatmap(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(HEATMAP_PARAMS);
    Tmp t = {0};
    const Frame *df = ARG(m).u.f;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    Status st = ST_OK;
    PlotHeatOptions o = {.annotate = ARG(annotate).u.b, .decimals = -1};
    const char *cm = ARG(cmap).u.s->s;
    if (strcmp(cm, "viridis") == 0)
        o.cmap = PLOT_CMAP_VIRIDIS;
    else if (strcmp(cm, "rdbu") == 0 || strcmp(cm, "RdBu") == 0)
        o.cmap = PLOT_CMAP_RDBU;
    else if (strcmp(cm, "blues") == 0 || strcmp(cm, "Blues") == 0)
        o.cmap = PLOT_CMAP_BLUES;
    else
        return err_raise(I, ERR_VALUE, "heatmap: cmap must be \"viridis\", \"rdbu\" or \"blues\", got \"%s\"", cm);
    /* The first str column labels the rows; the numeric columns are the matrix. */
    int lab = -1, nc = 0;
    for (int j = 0; j < df->ncol; j++) {
        if (df->cols[j]->kind == VEC_STR && lab < 0)
            lab = j;
        else if (df->cols[j]->kind != VEC_STR)
            nc++;
    }
    int64_t nr = df->nrow;
    if (nc == 0 || nr == 0)
        return err_raise(I, ERR_VALUE, "heatmap: the frame has no numeric cells");
    double *z = pa_tmp_alloc(&t, sizeof(double) * (size_t)(nr * nc));
    const char **cl = pa_tmp_alloc(&t, sizeof(char *) * (size_t)nc);
    const char **rl = pa_tmp_alloc(&t, sizeof(char *) * (size_t)nr);
    if (!z || !cl || !rl) {
        st = err_oom(I);
        goto done;
    }
    int c = 0;
    for (int j = 0; j < df->ncol; j++) {
        const Vec *v = df->cols[j];
        if (v->kind == VEC_STR)
            continue;
        cl[c] = df->names[j]->s;
        for (int64_t r = 0; r < nr; r++)
            z[r * nc + c] = !vec_is_valid(v, r) ? NAN : v->kind == VEC_NUM ? v->d.num[r] : v->d.b[r];
        c++;
    }
    for (int64_t r = 0; r < nr; r++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)r);
        rl[r] = lab >= 0 && vec_is_valid(df->cols[lab], r) ? vec_str_unsafe(df->cols[lab], r)->s
                : lab >= 0                                 ? "NA"
                                                           : pa_tmp_strdup(&t, buf);
    }
    if ((st = pa_new_figure(I, &ARG(title), ARGNO(title), NULL, NULL, &f)) != ST_OK)
        goto done;
    if (plot_heatmap(f, z, (size_t)nr, (size_t)nc, rl, cl, &o, err) < 0) {
        st = pa_lib_error(I, err);
        goto done;
    }
    st = pa_finish(I, f, "heatmap", 0, out);
    f = NULL;
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}


static int cmp_idx(const void *a, const void *b, void *ctx)
{
    const double *x = ctx;
    double u = x[*(const int64_t *)a], v = x[*(const int64_t *)b];
    return (u > v) - (u < v);
}

/* Average ranks (1-based; tied values share the mean of their ranks) of
 * x[0..n) into r; idx is scratch for n indices. */
static void average_ranks(const double *x, int64_t n, int64_t *idx, double *r)
{
    for (int64_t i = 0; i < n; i++)
        idx[i] = i;
    qsort_r(idx, (size_t)n, sizeof(int64_t), cmp_idx, (void *)x);
    for (int64_t i = 0; i < n;) {
        int64_t j = i;
        while (j + 1 < n && x[idx[j + 1]] == x[idx[i]])
            j++;
        double rank = (double)(i + j) / 2 + 1;
        for (int64_t k = i; k <= j; k++)
            r[idx[k]] = rank;
        i = j + 1;
    }
}

/* Pearson r of x and y over n complete pairs (NaN when n < 2 or a
 * variance is 0), centred two-pass as pandas' nancorr, clipped to ±1. */
static double pearson(const double *x, const double *y, int64_t n)
{
    if (n < 2)
        return NAN;
    double mx = 0, my = 0;
    for (int64_t i = 0; i < n; i++)
        mx += x[i], my += y[i];
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0, syy = 0, sxy = 0;
    for (int64_t i = 0; i < n; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx, syy += dy * dy, sxy += dx * dy;
    }
    if (sxx == 0 || syy == 0)
        return NAN;
    double r = sxy / sqrt(sxx * syy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
}

/* The k×k correlation matrix of cols into r: each pair over the rows
 * where both are present and finite (pairwise-complete); Spearman ranks
 * each pair's complete rows with average ranks (pandas, R). */
static Status corr_matrix(Interp *I, Tmp *t, const Series *cols, int k, bool spearman, double *r)
{
    int64_t n = cols[0].n;
    double *x = pa_tmp_alloc(t, sizeof(double) * (size_t)n), *y = pa_tmp_alloc(t, sizeof(double) * (size_t)n);
    double *rx = pa_tmp_alloc(t, sizeof(double) * (size_t)n), *ry = pa_tmp_alloc(t, sizeof(double) * (size_t)n);
    int64_t *idx = pa_tmp_alloc(t, sizeof(int64_t) * (size_t)n);
    if (!x || !y || !rx || !ry || !idx)
        return err_oom(I);
    for (int i = 0; i < k; i++)
        for (int j = i; j < k; j++) {
            CHECK_INTERRUPT(I);
            int64_t m = 0;
            for (int64_t row = 0; row < n; row++) {
                double u = cols[i].x[row], v = cols[j].x[row];
                if (isfinite(u) && isfinite(v))
                    x[m] = u, y[m] = v, m++;
            }
            double c;
            if (spearman) {
                average_ranks(x, m, idx, rx);
                average_ranks(y, m, idx, ry);
                c = pearson(rx, ry, m);
            } else {
                c = pearson(x, y, m);
            }
            if (i == j && !isnan(c))
                c = 1;
            r[i * k + j] = r[j * k + i] = c;
        }
    return ST_OK;
}

#define CORRPLOT_PARAMS(P) P(df, "frame") P(method, "str=\"pearson\"") PLOT_COMMON_PARAMS(P)

static Status plots_corrplot(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(CORRPLOT_PARAMS);
    Tmp t = {0};
    Series *cols;
    const char **names;
    int k, total;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    const char *method = ARG(method).u.s->s;
    bool spearman = strcmp(method, "spearman") == 0;
    Status st = ST_OK;
    if (!spearman && strcmp(method, "pearson") != 0)
        return err_raise(I, ERR_VALUE, "corrplot: method must be \"pearson\" or \"spearman\", got \"%s\"", method);
    if ((st = numeric_columns(I, &t, ARG(df).u.f, val_null(), 0, NULL, 500, &cols, &names, &k, &total)) != ST_OK)
        goto done;
    if (k < 2) {
        st = err_raise(I, ERR_VALUE, "corrplot: need at least 2 numeric columns, got %d", k);
        goto done;
    }
    double *r = pa_tmp_alloc(&t, sizeof(double) * (size_t)(k * k));
    if (!r) {
        st = err_oom(I);
        goto done;
    }
    if ((st = corr_matrix(I, &t, cols, k, spearman, r)) != ST_OK ||
        (st = pa_new_figure_titled(I, &ARG(title), ARGNO(title), spearman ? "Spearman correlation" : "Pearson correlation", NULL, NULL,
                                &f)) != ST_OK)
        goto done;
    if (plot_corrplot(f, r, (size_t)k, names, err) < 0) {
        st = pa_lib_error(I, err);
        goto done;
    }
    char cap[200] = "";
    for (int i = 0; i < k; i++)
        if (isnan(r[i * k + i]) && strlen(cap) + strlen(names[i]) + 40 < sizeof cap)
            snprintf(cap + strlen(cap), sizeof cap - strlen(cap), "%s%s", cap[0] ? ", " : "constant: ", names[i]);
    if (cap[0] && plot_figure_set_caption(f, cap) < 0) {
        st = err_oom(I);
        goto done;
    }
    st = pa_finish(I, f, "corrplot", 0, out);
    f = NULL;
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

/* Sort class labels: numerically when every label is a number. */
static bool all_numeric(char **names, int n)
{
    for (int i = 0; i < n; i++) {
        char *end;
        strtod(names[i], &end);
        if (end == names[i] || *end)
            return false;
    }
    return true;
}

static int cmp_numstr(const void *a, const void *b)
{
    double x = strtod(*(char *const *)a, NULL), y = strtod(*(char *const *)b, NULL);
    return (x > y) - (x < y);
}

static int find_label(char **names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

/* The sorted union of the class labels of two groupings, or the order
 * given in `labels` (argument argno: a list/vector of names or values). */
static Status class_union(Interp *I, Tmp *t, const Groups *a, const Groups *b, Value labels, int argno, char ***out,
                          int *n)
{
    char **u = pa_tmp_alloc(t, sizeof(char *) * (size_t)(a->ng + b->ng + 1));
    if (!u)
        return err_oom(I);
    int m = 0;
    if (arg_given(labels)) {
        Vec *lv;
        if (arg_vec(I, labels, argno, &lv) != ST_OK)
            return ST_ERR;
        pa_tmp_keep(t, lv);
        Groups lg = {0};
        if (!(lg.gid = pa_tmp_alloc(t, sizeof(int) * (size_t)(lv->len + 1))) ||
            !(u = pa_tmp_alloc(t, sizeof(char *) * (size_t)(lv->len + 1))))
            return err_oom(I);
        for (int64_t i = 0; i < lv->len; i++) {
            Value e = vec_get(lv, i);
            char buf[40];
            const char *s = e.t == T_STR ? e.u.s->s : e.t == T_BOOL ? (e.u.b ? "true" : "false") : "NA";
            if (e.t == T_NUM)
                pa_num_label(e.u.n, buf, sizeof buf), s = buf;
            if (find_label(u, m, s) < 0 && !(u[m++] = pa_tmp_strdup(t, s)))
                return val_unref(e), err_oom(I);
            val_unref(e);
        }
    } else {
        for (int i = 0; i < a->ng; i++)
            u[m++] = a->names[i];
        for (int i = 0; i < b->ng; i++)
            if (find_label(u, m, b->names[i]) < 0)
                u[m++] = b->names[i];
        qsort(u, (size_t)m, sizeof(char *), all_numeric(u, m) ? cmp_numstr : pa_cmp_str);
    }
    if (m > MAX_CLASSES)
        return err_raise(I, ERR_VALUE, "confusion_plot: %d classes; at most %d fit a readable matrix", m,
                         MAX_CLASSES);
    *out = u;
    *n = m;
    return ST_OK;
}

static Status class_groups(Interp *I, Tmp *t, Value v, int argno, Groups *g)
{
    Vec *vec;
    char what[160];
    const char *name;
    if (pa_pick_vec(I, t, val_null(), v, argno, &vec, what, sizeof what, &name) != ST_OK)
        return ST_ERR;
    if (vec->kind == VEC_BOOL) {
        if (!(vec = vec_cast(vec, VEC_NUM)))
            return err_oom(I);
        pa_tmp_keep(t, vec);
    }
    if (vec->len == 0)
        return err_raise(I, ERR_VALUE, "%s: %s is empty", builtin_current(I), what);
    return pa_groups_of(I, t, vec, what, 100000, g);
}

#define CONFUSION_PARAMS(P) P(y_true, "") P(y_pred, "") P(labels, "=null") PLOT_COMMON_PARAMS(P)

static Status plots_confusion(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(CONFUSION_PARAMS);
    Tmp t = {0};
    Groups gt, gp;
    char **cls = NULL;
    int k = 0;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    char what[96];
    arg_label(I, ARGNO(y_pred), what, sizeof what);
    Status st = class_groups(I, &t, ARG(y_true), ARGNO(y_true), &gt);
    if (st == ST_OK)
        st = class_groups(I, &t, ARG(y_pred), ARGNO(y_pred), &gp);
    if (st == ST_OK)
        st = pa_check_len(I, gp.n, gt.n, what);
    if (st == ST_OK)
        st = class_union(I, &t, &gt, &gp, ARG(labels), ARGNO(labels), &cls, &k);
    if (st != ST_OK)
        goto done;
    int *mt = pa_tmp_alloc(&t, sizeof(int) * (size_t)(gt.ng + 1)), *mp = pa_tmp_alloc(&t, sizeof(int) * (size_t)(gp.ng + 1));
    double *counts = pa_tmp_alloc(&t, sizeof(double) * (size_t)(k * k + 1));
    if (!mt || !mp || !counts) {
        st = err_oom(I);
        goto done;
    }
    for (int i = 0; i < gt.ng; i++)
        mt[i] = find_label(cls, k, gt.names[i]);
    for (int i = 0; i < gp.ng; i++)
        mp[i] = find_label(cls, k, gp.names[i]);
    int64_t skipped = 0, outside = 0;
    for (int64_t i = 0; i < gt.n; i++) {
        if (gt.gid[i] < 0 || gp.gid[i] < 0) {
            skipped++;
            continue;
        }
        int r = mt[gt.gid[i]], c = mp[gp.gid[i]];
        if (r < 0 || c < 0)
            outside++;
        else
            counts[r * k + c]++;
    }
    if ((st = pa_new_figure(I, &ARG(title), ARGNO(title), "predicted", "true", &f)) != ST_OK)
        goto done;
    if (plot_confusion(f, counts, (size_t)k, (const char *const *)cls, err) < 0) {
        st = pa_lib_error(I, err);
        goto done;
    }
    if (outside) {
        char cap[96];
        snprintf(cap, sizeof cap, "%lld rows with a class not in labels left out", (long long)outside);
        if (plot_figure_set_caption(f, cap) < 0) {
            st = err_oom(I);
            goto done;
        }
    }
    st = pa_finish(I, f, "confusion", skipped, out);
    f = NULL;
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

/* ---- bar, pie ------------------------------------------------------------------------- */

typedef struct Counts {
    double *val;
    const char **lab;
    size_t n;
    int64_t na;
    const char *vname, *cname;   /* axis names when known */
} Counts;

typedef struct CatCount { double count; int64_t first; int32_t code; } CatCount;

static int cmp_catcount(const void *a, const void *b)
{
    const CatCount *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Counts per category of a str or bool vector, largest first, ties in
 * order of first appearance (as value_counts); NA is skipped and counted. */
static Status count_categories(Interp *I, Tmp *t, const Vec *v, Counts *c)
{
    Vec *s = (Vec *)v;
    if (v->kind == VEC_BOOL) {
        if (!(s = vec_cast(v, VEC_STR)))
            return err_oom(I);
        pa_tmp_keep(t, s);
    }
    int32_t nd = s->dict->n;
    CatCount *cc = pa_tmp_alloc(t, sizeof(CatCount) * (size_t)(nd + 1));
    if (!cc)
        return err_oom(I);
    for (int32_t k = 0; k < nd; k++)
        cc[k] = (CatCount){0, INT64_MAX, k};
    for (int64_t i = 0; i < s->len; i++) {
        if (!vec_is_valid(s, i)) {
            c->na++;
            continue;
        }
        CatCount *e = &cc[s->d.code[i]];
        if (e->count++ == 0)
            e->first = i;
    }
    qsort(cc, (size_t)nd, sizeof(CatCount), cmp_catcount);
    c->val = pa_tmp_alloc(t, sizeof(double) * (size_t)(nd + 1));
    c->lab = pa_tmp_alloc(t, sizeof(char *) * (size_t)(nd + 1));
    if (!c->val || !c->lab)
        return err_oom(I);
    for (int32_t k = 0; k < nd && cc[k].count > 0; k++) {
        c->val[c->n] = cc[k].count;
        c->lab[c->n++] = s->dict->strs[cc[k].code]->s;
    }
    if (c->n == 0)
        return err_raise(I, ERR_VALUE, "%s: no values to count (%lld NA)", builtin_current(I), (long long)c->na);
    c->cname = "count";
    return ST_OK;
}

/* Labels from any vector (str as is, numbers formatted, NA as "NA"). */
static Status labels_of(Interp *I, Tmp *t, const Vec *v, const char ***out)
{
    if (!(*out = pa_tmp_alloc(t, sizeof(char *) * (size_t)(v->len + 1))))
        return err_oom(I);
    for (int64_t i = 0; i < v->len; i++) {
        char buf[40];
        if (!vec_is_valid(v, i))
            snprintf(buf, sizeof buf, "NA");
        else if (v->kind == VEC_STR)
            snprintf(buf, sizeof buf, "%.39s", vec_str_unsafe(v, i)->s);
        else if (v->kind == VEC_BOOL)
            snprintf(buf, sizeof buf, "%s", v->d.b[i] ? "true" : "false");
        else
            pa_num_label(v->d.num[i], buf, sizeof buf);
        if (v->kind == VEC_STR && vec_is_valid(v, i))
            (*out)[i] = vec_str_unsafe(v, i)->s;
        else if (!((*out)[i] = pa_tmp_strdup(t, buf)))
            return err_oom(I);
    }
    return ST_OK;
}

/* Values (and labels) for bar/pie from: a str/bool vector (counted), a num
 * vector (one bar per element), a record {label: value}, a frame from
 * value_counts (value, count), a frame with one label column and one
 * numeric column, or a frame and a column name. */
static Status counts_of(Interp *I, Tmp *t, Value x, int xno, Value column, int colno, Counts *c)
{
    memset(c, 0, sizeof *c);
    Vec *v, *lv = NULL;
    char what[160];
    const char *name;
    if (x.t == T_RECORD) {
        Record *r = x.u.r;
        c->val = pa_tmp_alloc(t, sizeof(double) * (size_t)(r->len + 1));
        c->lab = pa_tmp_alloc(t, sizeof(char *) * (size_t)(r->len + 1));
        if (!c->val || !c->lab)
            return err_oom(I);
        for (int i = 0; i < r->len; i++) {
            if (r->vals[i].t != T_NUM)
                return err_raise(I, ERR_TYPE, "%s: field '%s' must be a num, got %s", builtin_current(I),
                                 r->keys[i]->s, val_type_name(r->vals[i]));
            c->val[i] = r->vals[i].u.n;
            c->lab[i] = r->keys[i]->s;
        }
        c->n = (size_t)r->len;
        if (c->n == 0)
            return arg_error(I, ERR_VALUE, xno, "is empty");
        return ST_OK;
    }
    if (x.t == T_FRAME && !arg_given(column)) {
        const Frame *f = x.u.f;
        Vec *cv = frame_col_borrow(f, "count");
        if (frame_find(f, "value") >= 0 && cv) {
            lv = frame_col_borrow(f, "value");
            v = cv;
            name = "count";
        } else if (f->ncol == 2 && f->cols[0]->kind == VEC_STR && f->cols[1]->kind != VEC_STR) {
            lv = f->cols[0], v = f->cols[1], name = f->names[1]->s, c->vname = f->names[0]->s;
        } else {
            return err_raise(I, ERR_VALUE, "%s: name the column: %s(df, \"column\") (or pass value_counts(...))",
                             builtin_current(I), builtin_current(I));
        }
        snprintf(what, sizeof what, "column '%s'", name);
    } else if (pa_pick_vec(I, t, x, x.t == T_FRAME ? column : x, x.t == T_FRAME ? colno : xno, &v, what,
                           sizeof what, &name) != ST_OK) {
        return ST_ERR;
    }
    if (!lv && v->kind != VEC_NUM) {
        c->vname = name;
        return count_categories(I, t, v, c);
    }
    Series s;
    if (pa_series_of(I, t, v, what, &s) != ST_OK)
        return ST_ERR;
    c->cname = name;
    if (lv) {
        if (labels_of(I, t, lv, &c->lab) != ST_OK)
            return ST_ERR;
    } else if (!(c->lab = pa_tmp_alloc(t, sizeof(char *) * (size_t)(s.n + 1)))) {
        return err_oom(I);
    } else {
        for (int64_t i = 0; i < s.n; i++) {
            char buf[24];
            snprintf(buf, sizeof buf, "%lld", (long long)i);
            if (!(c->lab[i] = pa_tmp_strdup(t, buf)))
                return err_oom(I);
        }
    }
    c->val = s.x;
    c->n = (size_t)s.n;
    c->na = s.na;
    return ST_OK;
}

#define BAR_PARAMS(P)                                                                                    \
    P(x, "vec|list|frame|record") P(column, "=null") P(horizontal, "bool=false") PLOT_COMMON_PARAMS(P)

static Status plots_bar(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(BAR_PARAMS);
    Tmp t = {0};
    Counts c;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    bool horiz = ARG(horizontal).u.b;
    Status st = counts_of(I, &t, ARG(x), ARGNO(x), ARG(column), ARGNO(column), &c);
    if (st == ST_OK)
        st = pa_new_figure(I, &ARG(title), ARGNO(title), horiz ? c.cname : c.vname, horiz ? c.vname : c.cname, &f);
    if (st == ST_OK && plot_bar(f, c.val, c.lab, c.n, horiz, err) < 0)
        st = pa_lib_error(I, err);
    if (st == ST_OK) {
        st = pa_finish(I, f, "bar", c.na, out);
        f = NULL;
    }
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

#define PIE_PARAMS(P) P(x, "vec|list|frame|record") P(column, "=null") PLOT_COMMON_PARAMS(P)

static Status plots_pie(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(PIE_PARAMS);
    Tmp t = {0};
    Counts c;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    Status st = counts_of(I, &t, ARG(x), ARGNO(x), ARG(column), ARGNO(column), &c);
    if (st == ST_OK)
        st = pa_new_figure(I, &ARG(title), ARGNO(title), NULL, NULL, &f);
    if (st == ST_OK && plot_pie(f, c.val, c.lab, c.n, err) < 0)
        st = pa_lib_error(I, err);
    if (st == ST_OK) {
        st = pa_finish(I, f, "pie", c.na, out);
        f = NULL;
    }
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

/* ---- line, roc ---------------------------------------------------------------------------- */

#define LINE_PARAMS(P)                                                                                   \
    P(data, "") P(series, "*") P(x, "str|null=null") P(y, "=null") P(labels, "=null") PLOT_COMMON_PARAMS(P)

/* The y series of line(): y= column names of a frame (default: every
 * numeric column but x), or the extra positional vectors. */
static Status line_series(Interp *I, Tmp *t, Value *a, const char *xname, Series **ys, const char ***names, int *k)
{
    BUILTIN_ARGS(LINE_PARAMS);
    List *rest = ARG(series).u.l;
    if (ARG(data).t == T_FRAME) {
        int total;
        if (rest->len)
            return err_raise(I, ERR_VALUE, "line: with a frame, name the columns: line(df, x=\"t\", y=[\"a\", \"b\"])");
        return numeric_columns(I, t, ARG(data).u.f, ARG(y), ARGNO(y), xname, 64, ys, names, k, &total);
    }
    int n = rest->len ? (int)rest->len : 1;
    *ys = pa_tmp_alloc(t, sizeof(Series) * (size_t)n);
    *names = pa_tmp_alloc(t, sizeof(char *) * (size_t)n);
    if (!*ys || !*names)
        return err_oom(I);
    for (int j = 0; j < n; j++) {
        Value v = rest->len ? rest->items[j] : ARG(data);
        Vec *vec;
        char what[160];
        snprintf(what, sizeof what, "series %d", j + 1);
        if (v.t != T_VEC && v.t != T_LIST)
            return pa_type_error(I, what, "a vector", val_type_name(v));
        if (arg_vec(I, v, rest->len ? ARGNO(series) + j : ARGNO(data), &vec) != ST_OK)
            return ST_ERR;
        pa_tmp_keep(t, vec);
        if (pa_series_of(I, t, vec, what, &(*ys)[j]) != ST_OK)
            return ST_ERR;
        (*names)[j] = NULL;
    }
    *k = n;
    return ST_OK;
}

static Status plots_line(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(LINE_PARAMS);
    Tmp t = {0};
    Series xs = {0}, *ys;
    const char **names, *xname = NULL;
    int k;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    Status st = ST_OK;
    Value data = ARG(data);
    bool frame = data.t == T_FRAME;
    if (frame && arg_given(ARG(x)))
        st = pa_pick_series(I, &t, data, ARG(x), ARGNO(x), &xs, &xname);
    else if (!frame && ARG(series).u.l->len) {
        Vec *vec;
        char what[160];
        if ((st = pa_pick_vec(I, &t, val_null(), data, ARGNO(data), &vec, what, sizeof what, &xname)) == ST_OK)
            st = pa_series_of(I, &t, vec, what, &xs);
    } else if (!frame && data.t != T_VEC && data.t != T_LIST)
        st = pa_arg_type_error(I, ARGNO(data), "a vector or a frame", data);
    if (st == ST_OK)
        st = line_series(I, &t, a, xname, &ys, &names, &k);
    if (st != ST_OK)
        goto done;
    Value labels = ARG(labels);
    if (arg_given(labels)) {
        if (labels.t != T_LIST && !(labels.t == T_VEC && labels.u.v->kind == VEC_STR)) {
            st = pa_type_error(I, "labels", "a list of str", val_type_name(labels));
            goto done;
        }
        int64_t nl = labels.t == T_LIST ? labels.u.l->len : labels.u.v->len;
        for (int j = 0; j < k && j < nl; j++) {
            Value e = labels.t == T_LIST ? val_ref(labels.u.l->items[j]) : vec_get(labels.u.v, j);
            names[j] = e.t == T_STR ? pa_tmp_strdup(&t, e.u.s->s) : names[j];
            val_unref(e);
        }
    }
    const char *ylab = k == 1 && frame ? names[0] : NULL;
    if ((st = pa_new_figure(I, &ARG(title), ARGNO(title), xname, ylab, &f)) != ST_OK)
        goto done;
    int64_t na = xs.na;
    for (int j = 0; j < k; j++) {
        if (xs.x && ys[j].n != xs.n) {
            st = err_raise(I, ERR_VALUE, "line: series %d has length %lld, x has %lld", j + 1,
                           (long long)ys[j].n, (long long)xs.n);
            goto done;
        }
        na += ys[j].na;
        if (plot_line(f, xs.x, ys[j].x, (size_t)ys[j].n, k > 1 || arg_given(labels) ? names[j] : NULL, err) < 0) {
            st = pa_lib_error(I, err);
            goto done;
        }
    }
    st = pa_finish(I, f, "line", na, out);
    f = NULL;
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

/* y_true (argument yno) as 0/1: bools, numbers 0/1, or equality with pos_label. */
static Status roc_truth(Interp *I, Tmp *t, Value y, int yno, Value pos, double **out, int64_t *n)
{
    Vec *v;
    char what[160];
    const char *name;
    if (pa_pick_vec(I, t, val_null(), y, yno, &v, what, sizeof what, &name) != ST_OK)
        return ST_ERR;
    if (v->len == 0)
        return err_raise(I, ERR_VALUE, "roc_plot: %s is empty", what);
    if (!(*out = pa_tmp_alloc(t, sizeof(double) * (size_t)v->len)))
        return err_oom(I);
    *n = v->len;
    if (v->kind == VEC_STR && !arg_given(pos))
        return err_raise(I, ERR_VALUE, "roc_plot: y_true holds str classes; say which is positive with pos_label=");
    for (int64_t i = 0; i < v->len; i++) {
        Value e = vec_get(v, i);
        double y01 = NAN;
        if (e.t == T_NA)
            y01 = NAN;
        else if (arg_given(pos))
            y01 = val_equal(e, pos);
        else if (e.t == T_BOOL)
            y01 = e.u.b;
        else if (e.u.n == 0 || e.u.n == 1)
            y01 = e.u.n;
        else if (!isnan(e.u.n)) {
            double bad = e.u.n;
            val_unref(e);
            return err_raise(I, ERR_VALUE, "roc_plot: y_true must hold 0/1 or bool values, found %g (or give pos_label=)",
                             bad);
        }
        val_unref(e);
        (*out)[i] = y01;
    }
    return ST_OK;
}

#define ROC_PARAMS(P)                                                                                    \
    P(y_true, "") P(score, "") P(pos_label, "=null") P(label, "str|null=null") PLOT_COMMON_PARAMS(P)

static Status plots_roc(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ROC_PARAMS);
    Tmp t = {0};
    double *y = NULL;
    int64_t n = 0;
    Series s;
    const char *name;
    PlotFigure *f = NULL;
    char err[PLOT_ERRLEN];
    double auc = NAN;
    char what[96];
    arg_label(I, ARGNO(score), what, sizeof what);
    Status st = roc_truth(I, &t, ARG(y_true), ARGNO(y_true), ARG(pos_label), &y, &n);
    if (st == ST_OK)
        st = pa_pick_series(I, &t, val_null(), ARG(score), ARGNO(score), &s, &name);
    if (st == ST_OK)
        st = pa_check_len(I, s.n, n, what);
    if (st == ST_OK)
        st = pa_new_figure(I, &ARG(title), ARGNO(title), NULL, NULL, &f);
    if (st != ST_OK)
        goto done;
    int64_t na = 0;
    for (int64_t i = 0; i < n; i++)
        if (isnan(y[i]) || !vec_is_valid(s.v, i)) {
            na++;
            s.x[i] = NAN;
        }
    if (plot_roc(f, y, s.x, (size_t)n, arg_given(ARG(label)) ? ARG(label).u.s->s : NULL, &auc, err) < 0) {
        st = pa_lib_error(I, err);
        goto done;
    }
    if ((st = pa_finish(I, f, "roc", na, out)) == ST_OK)
        ((Plot *)out->u.fo->data)->auc = auc;
    f = NULL;
done:
    plot_figure_free(f);
    pa_tmp_free(&t);
    return st;
}

/* ---- save ---------------------------------------------------------------------------------- */

#define SAVE_PARAMS(P) P(plot, "") P(path, "str") P(width, "int|null=null") P(height, "int|null=null") P(dpi, "num=96")

static Status plots_save(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SAVE_PARAMS);
    if (ARG(plot).t != T_FOREIGN || ARG(plot).u.fo->cls != &pa_plot_class)
        return pa_arg_type_error(I, ARGNO(plot), "a plot", ARG(plot));
    const Plot *p = ARG(plot).u.fo->data;
    const char *path = ARG(path).u.s->s, *dot = strrchr(path, '.');
    int w, h;
    int64_t wi, hi;
    plot_figure_size(p->fig, &w, &h);
    if ((arg_given(ARG(width)) && arg_int(I, ARG(width), ARGNO(width), 50, 20000, &wi) != ST_OK) ||
        (arg_given(ARG(height)) && arg_int(I, ARG(height), ARGNO(height), 50, 20000, &hi) != ST_OK))
        return ST_ERR;
    w = arg_given(ARG(width)) ? (int)wi : w;
    h = arg_given(ARG(height)) ? (int)hi : h;
    double dpi = ARG(dpi).u.n;
    if (!(dpi >= 10 && dpi <= 1200))
        return err_raise(I, ERR_VALUE, "save: dpi must be between 10 and 1200, got %g", dpi);
    unsigned char *data;
    size_t len;
    char err[PLOT_ERRLEN];
    int rc;
    if (dot && strcasecmp(dot, ".png") == 0)
        rc = plot_render_png(p->fig, w, h, dpi / 96, &data, &len, err);
    else if (dot && strcasecmp(dot, ".svg") == 0)
        rc = plot_render_svg(p->fig, w, h, &data, &len, err);
    else if (dot && strcasecmp(dot, ".pdf") == 0)
        rc = plot_render_pdf(p->fig, w, h, &data, &len, err);
    else
        return err_raise(I, ERR_VALUE, "save: cannot tell the format of '%s': use .png, .svg or .pdf", path);
    if (rc < 0)
        return err_raise(I, ERR_VALUE, "save: %s", err);
    FILE *fp = fopen(path, "wb");
    bool ok = fp && fwrite(data, 1, len, fp) == len;
    int e = errno;
    if (fp && fclose(fp) != 0 && ok)
        ok = false, e = errno;
    free(data);
    if (!ok)
        return err_raise(I, ERR_IO, "save: cannot write '%s': %s", path, strerror(e));
    *out = val_null();
    return ST_OK;
}

/* ---- the table ------------------------------------------------------------------------------ */

static const BuiltinReg plots_lib[] = {
    {"hist", plots_hist, BUILTIN_SIG(HIST_PARAMS),
     "Histogram of a vector, or of a frame's column: hist(v) or hist(df, \"col\", by=\"group\").\n"
     "Bins: edges= gives them exactly; bins=N makes N equal bins over the data range;\n"
     "otherwise numpy's \"auto\" rule (the larger bin count of Sturges and\n"
     "Freedman-Diaconis); bins may also name a rule: \"auto\", \"fd\", \"sturges\".\n"
     "density=true scales each histogram to area 1. by= (a column name or a vector)\n"
     "overlays one histogram per group on the same bins, in a legend." COMMON_DOC},
    {"density", plots_density, BUILTIN_SIG(DENSITY_PARAMS),
     "Kernel density estimate (Gaussian) of a vector or a frame's column.\n"
     "bw is the kernel's standard deviation; by default Scott's rule (std · n^(-1/5),\n"
     "as scipy.stats.gaussian_kde). by= draws one curve per group. Zero variance with\n"
     "no bw is an error." COMMON_DOC},
    {"box", plots_box, BUILTIN_SIG(BOX_PARAMS),
     "Box plot: of a vector, of a frame's column(s) (default: every numeric column),\n"
     "or of one column split by= groups. Boxes span the quartiles (linear\n"
     "interpolation, as pandas); whiskers reach the furthest point within 1.5 IQR;\n"
     "points beyond are drawn one by one." COMMON_DOC},
    {"violin", plots_violin, BUILTIN_SIG(BOX_PARAMS),
     "Violin plot: the Gaussian KDE outline (Scott's rule) of each group with its\n"
     "median and quartiles marked. Arguments as box()." COMMON_DOC},
    {"scatter", plots_scatter, BUILTIN_SIG(SCATTER_PARAMS),
     "Scatter plot: scatter(df, x=\"a\", y=\"b\", color=\"group\") or scatter(xs, ys).\n"
     "color groups points by a column (or vector) and draws a legend; size is a\n"
     "marker radius in pixels, or a column mapped to radii 2..9 px by area; alpha in\n"
     "(0, 1] (default chosen from the number of points)." COMMON_DOC},
    {"pairplot", plots_pairplot, BUILTIN_SIG(PAIRPLOT_PARAMS),
     "Scatter matrix of the numeric columns (at most 8; columns= picks them):\n"
     "histograms on the diagonal, scatter plots elsewhere, coloured by color=." COMMON_DOC},
    {"heatmap", plots_heatmap, BUILTIN_SIG(HEATMAP_PARAMS),
     "Heat map of a frame's numeric cells: one row per frame row, one column per\n"
     "numeric column; the first str column (if any) labels the rows. annotate writes\n"
     "each value in its cell; cmap is \"viridis\", \"rdbu\" or \"blues\". NA cells are blank." COMMON_DOC},
    {"corrplot", plots_corrplot, BUILTIN_SIG(CORRPLOT_PARAMS),
     "Annotated correlation heat map of the numeric columns on a diverging -1..1\n"
     "scale. Each pair uses the rows where both values are present (pairwise-\n"
     "complete, as pandas); \"spearman\" ranks each pair's complete rows with average\n"
     "ranks for ties. A constant column has no correlation (blank cells)." COMMON_DOC},
    {"bar", plots_bar, BUILTIN_SIG(BAR_PARAMS),
     "Bar chart. A str or bool vector (or column) is counted per category, largest\n"
     "first; a num vector gives one bar per element; a record maps labels to values;\n"
     "a frame from value_counts uses its value and count columns. More than 60\n"
     "categories: the 60 largest are drawn and the caption says so." COMMON_DOC},
    {"pie", plots_pie, BUILTIN_SIG(PIE_PARAMS),
     "Pie chart with percentages; input as bar(). Values must be non-negative; at\n"
     "most 9 slices, the rest merged into \"other\"." COMMON_DOC},
    {"line", plots_line, BUILTIN_SIG(LINE_PARAMS),
     "Line chart: line(ys), line(xs, ys), line(xs, ys1, ys2, labels=[\"a\", \"b\"]), or\n"
     "line(df, x=\"t\", y=[\"a\", \"b\"]) (default y: every other numeric column).\n"
     "Several series share the axes and get a legend; NA breaks a line." COMMON_DOC},
    {"roc_plot", plots_roc, BUILTIN_SIG(ROC_PARAMS),
     "ROC curve of score against the true classes, with the chance diagonal and the\n"
     "AUC in the legend (also p.auc). y_true holds 0/1 or bools, or any classes with\n"
     "pos_label= naming the positive one." COMMON_DOC},
    {"confusion_plot", plots_confusion, BUILTIN_SIG(CONFUSION_PARAMS),
     "Confusion matrix as an annotated heat map: rows are true classes, columns\n"
     "predicted ones, in sorted order (numbers numerically) or the order of labels=." COMMON_DOC},
    {"save", plots_save, BUILTIN_SIG(SAVE_PARAMS),
     "Write a plot to a file; the format comes from the extension: .png, .svg or .pdf.\n"
     "width and height (pixels) default to the plot's own size; for PNG, dpi scales\n"
     "the pixels (dpi=192 doubles them, for print or HiDPI screens). Returns null.\n"
     "A plot value also has p.kind, p.width, p.height, p.skipped and p.text."},
    {0},
};

void plots_open(Interp *I)
{
    builtin_module(I, "plots", "Charts drawn with cairo: shown inline, saved as PNG/SVG/PDF, or as text.",
                   plots_lib);
}
