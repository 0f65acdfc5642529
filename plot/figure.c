/*
 * figure.c — the retained figure description: creation, release, and the
 * small helpers charts use to append panels, layers and legend entries.
 *
 * Invariant: a figure owns every byte it points to; a chart that fails
 * half-way calls pl_rollback so the figure is exactly as before the call.
 */
#include "plot/plotint.h"

#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

char *pl_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

void pl_err(char *err, const char *fmt, ...)
{
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, PLOT_ERRLEN, fmt, ap);
    va_end(ap);
}

PlotFigure *plot_figure_new(const PlotOptions *o)
{
    PlotFigure *f = PL_NEW(PlotFigure);
    if (!f) return NULL;
    PlotOptions z = {0};
    if (!o) o = &z;
    f->width = o->width > 0 ? o->width : 800;
    f->height = o->height > 0 ? o->height : 600;
    f->xscale = o->xscale;
    f->yscale = o->yscale;
    f->title = pl_strdup(o->title);
    f->caption = pl_strdup(o->caption);
    f->xlabel = pl_strdup(o->xlabel);
    f->ylabel = pl_strdup(o->ylabel);
    f->grid_rows = f->grid_cols = 1;
    if ((o->title && !f->title) || (o->caption && !f->caption) || (o->xlabel && !f->xlabel) ||
        (o->ylabel && !f->ylabel)) {
        plot_figure_free(f);
        return NULL;
    }
    return f;
}

void pl_layer_free(Layer *l)
{
    free(l->x); free(l->y); free(l->x2); free(l->y2);
    free(l->size); free(l->group); free(l->z);
    if (l->texts)
        for (size_t i = 0; i < l->n; i++) free(l->texts[i]);
    free(l->texts);
}

static void axis_free(Axis *a)
{
    for (size_t i = 0; i < a->ncats; i++) free(a->cats[i]);
    free(a->cats);
    free(a->label);
}

void pl_panel_free(Panel *p)
{
    for (size_t i = 0; i < p->nlayers; i++) pl_layer_free(&p->layers[i]);
    free(p->layers);
    for (size_t i = 0; i < p->nlegend; i++) free(p->legend[i].label);
    free(p->legend);
    axis_free(&p->x);
    axis_free(&p->y);
    free(p->cbar_label);
}

void plot_figure_free(PlotFigure *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->npanels; i++) pl_panel_free(&f->panels[i]);
    free(f->panels);
    free(f->title); free(f->caption); free(f->note);
    free(f->xlabel); free(f->ylabel);
    free(f);
}

void plot_figure_size(const PlotFigure *f, int *width, int *height)
{
    if (width) *width = f->width;
    if (height) *height = f->height;
}

int plot_figure_set_caption(PlotFigure *f, const char *caption)
{
    char *c = pl_strdup(caption);
    if (caption && !c) return -1;
    free(f->caption);
    f->caption = c;
    return 0;
}

size_t plot_figure_skipped(const PlotFigure *f) { return f->skipped; }

static void panel_init(PlotFigure *f, Panel *p)
{
    memset(p, 0, sizeof *p);
    p->x.lo = p->y.lo = 1;
    p->x.hi = p->y.hi = 0;
    p->x.scale = f->xscale;
    p->y.scale = f->yscale;
}

Panel *pl_panel(PlotFigure *f)
{
    if (f->npanels) return &f->panels[f->npanels - 1];
    f->panels = PL_NEW(Panel);
    if (!f->panels) return NULL;
    f->npanels = 1;
    panel_init(f, f->panels);
    return f->panels;
}

/* Used by plot_pairplot: replaces the panels by an r×c grid. */
int pl_grid(PlotFigure *f, int rows, int cols)
{
    Panel *ps = calloc((size_t)rows * cols, sizeof *ps);
    if (!ps) return -1;
    for (size_t i = 0; i < f->npanels; i++) pl_panel_free(&f->panels[i]);
    free(f->panels);
    f->panels = ps;
    f->npanels = (size_t)rows * cols;
    f->grid_rows = rows;
    f->grid_cols = cols;
    for (int i = 0; i < rows * cols; i++) {
        panel_init(f, &ps[i]);
        ps[i].row = i / cols;
        ps[i].col = i % cols;
    }
    return 0;
}

Layer *pl_layer(Panel *p, LayerKind kind, size_t n, int two_ends)
{
    Layer *ls = realloc(p->layers, (p->nlayers + 1) * sizeof *ls);
    if (!ls) return NULL;
    p->layers = ls;
    Layer *l = &ls[p->nlayers];
    memset(l, 0, sizeof *l);
    l->kind = kind;
    l->n = n;
    l->alpha = 1;
    l->lw = 1.5;
    size_t sz = (n ? n : 1) * sizeof(double);
    l->x = malloc(sz);
    l->y = malloc(sz);
    if (two_ends) {
        l->x2 = malloc(sz);
        l->y2 = malloc(sz);
    }
    if (!l->x || !l->y || (two_ends && (!l->x2 || !l->y2))) {
        pl_layer_free(l);
        return NULL;
    }
    p->nlayers++;
    return l;
}

void pl_rollback(Panel *p, size_t nlayers, size_t nlegend)
{
    while (p->nlayers > nlayers) pl_layer_free(&p->layers[--p->nlayers]);
    while (p->nlegend > nlegend) free(p->legend[--p->nlegend].label);
}

int pl_legend(Panel *p, const char *label, PlotColor c, LegendKind k, int dash)
{
    if (!label) return 0;
    LegendEntry *e = realloc(p->legend, (p->nlegend + 1) * sizeof *e);
    if (!e) return -1;
    p->legend = e;
    char *s = pl_strdup(label);
    if (!s) return -1;
    e[p->nlegend++] = (LegendEntry){ s, c, k, dash };
    return 0;
}

void pl_axis_see(Axis *a, double v)
{
    if (!(v == v) || v - v != 0) return;   /* NaN or inf */
    if (a->scale == PLOT_LOG && v <= 0) return;
    if (a->lo > a->hi) {
        a->lo = a->hi = v;
        a->integral = v == floor(v);
        return;
    }
    if (a->integral && v != floor(v)) a->integral = 0;   /* floor only until the first fraction */
    if (v < a->lo) a->lo = v;
    if (v > a->hi) a->hi = v;
}

void pl_axis_see_all(Axis *a, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) pl_axis_see(a, v[i]);
}

int pl_axis_cats(Axis *a, const char *const *labels, size_t n)
{
    char **c = calloc(n ? n : 1, sizeof *c);
    if (!c) return -1;
    for (size_t i = 0; i < n; i++) {
        char tmp[32];
        const char *s = labels && labels[i] ? labels[i] : (snprintf(tmp, sizeof tmp, "%zu", i), tmp);
        if (!(c[i] = pl_strdup(s))) {
            while (i--) free(c[i]);
            free(c);
            return -1;
        }
    }
    for (size_t i = 0; i < a->ncats; i++) free(a->cats[i]);
    free(a->cats);
    a->cats = c;
    a->ncats = n;
    a->kind = AX_CAT;
    a->scale = PLOT_LINEAR;
    a->lo = -0.5;
    a->hi = n - 0.5;
    a->fixed = 1;
    return 0;
}
