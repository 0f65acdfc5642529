/*
 * parts.c — charts of parts and amounts: bar charts (vertical or
 * horizontal) and pie charts with percentages.
 *
 * Both cap the number of categories so the chart stays readable: bars keep
 * the PLOT_MAX_BARS largest values, pies the PIE_MAX - 1 largest slices
 * plus an "other" slice; the figure's note says what was left out.
 * Invariant: kept categories appear in their original order.
 */
#include "plot/plotint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIE_MAX 10

typedef struct { double v; size_t i; } Item;

static int cmp_item_desc(const void *a, const void *b)
{
    const Item *x = a, *y = b;
    if (x->v != y->v) return (x->v < y->v) - (x->v > y->v);
    return (x->i > y->i) - (x->i < y->i);
}

static int cmp_item_index(const void *a, const void *b)
{
    const Item *x = a, *y = b;
    return (x->i > y->i) - (x->i < y->i);
}

/* The finite items; when more than cap, the cap largest (by |v| when
 * by_abs), back in input order. *nfin gets the finite count. */
static Item *top_items(const double *v, size_t n, size_t cap, int by_abs, size_t *kept, size_t *nfin)
{
    Item *it = malloc((n ? n : 1) * sizeof *it);
    if (!it) return NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) it[m++] = (Item){ by_abs ? fabs(v[i]) : v[i], i };
    *nfin = m;
    if (m > cap) {
        qsort(it, m, sizeof *it, cmp_item_desc);
        m = cap;
        qsort(it, m, sizeof *it, cmp_item_index);
    }
    *kept = m;
    return it;
}

static int set_note(PlotFigure *f, const char *s)
{
    char *d = pl_strdup(s);
    if (!d) return -1;
    free(f->note);
    f->note = d;
    return 0;
}

static const char *label_of(const char *const *labels, size_t i, char *tmp, size_t len)
{
    if (labels && labels[i]) return labels[i];
    snprintf(tmp, len, "%zu", i);
    return tmp;
}

int plot_bar(PlotFigure *f, const double *values, const char *const *labels, size_t n,
             int horizontal, char *err)
{
    size_t m, nfin;
    Item *it = top_items(values, n, PLOT_MAX_BARS, 1, &m, &nfin);
    if (!it) { pl_err(err, "bar: out of memory"); return -1; }
    if (m == 0) { free(it); pl_err(err, "bar: no finite values (%zu given)", n); return -1; }
    Panel *p = pl_panel(f);
    if (!p || p->nlayers) {
        free(it);
        pl_err(err, p ? "bar: the figure already has a chart" : "bar: out of memory");
        return -1;
    }
    char **lab = calloc(m, sizeof *lab), tmp[32];
    Layer *l = lab ? pl_layer(p, L_RECTS, m, 1) : NULL;
    int bad = !l;
    for (size_t k = 0; k < m && !bad; k++) bad = !(lab[k] = pl_strdup(label_of(labels, it[k].i, tmp, sizeof tmp)));
    Axis *cat = horizontal ? &p->y : &p->x, *num = horizontal ? &p->x : &p->y;
    if (!bad) bad = pl_axis_cats(cat, (const char *const *)lab, m);
    if (!bad && nfin > m) {
        char note[160];
        snprintf(note, sizeof note, "showing the %zu largest of %zu categories", m, nfin);
        bad = set_note(f, note);
    }
    for (size_t k = 0; k < m && lab; k++) free(lab[k]);
    free(lab);
    if (bad) {
        free(it);
        pl_rollback(p, 0, p->nlegend);
        pl_err(err, "bar: out of memory");
        return -1;
    }
    for (size_t k = 0; k < m; k++) {
        double v = values[it[k].i];
        double *c0 = horizontal ? l->y : l->x, *c1 = horizontal ? l->y2 : l->x2;
        double *v0 = horizontal ? l->x : l->y, *v1 = horizontal ? l->x2 : l->y2;
        c0[k] = k - 0.4; c1[k] = k + 0.4;
        v0[k] = 0; v1[k] = v;
        pl_axis_see(num, v);
    }
    l->color = plot_palette(0);
    l->alpha = 1;
    num->zero = 1;
    p->invert_y = horizontal;
    f->skipped += n - nfin;
    free(it);
    return 0;
}

/* Checks the values; *top gets the largest, by which the slices are
 * divided (shares are unchanged, and a sum of 1e308s cannot overflow). */
static int check_pie(const double *values, size_t n, size_t *nfin, double *top, char *err)
{
    *nfin = 0;
    *top = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i])) continue;
        if (values[i] < 0) {
            pl_err(err, "pie: negative value %g at index %zu (slices must be >= 0)", values[i], i);
            return -1;
        }
        *top = fmax(*top, values[i]);
        (*nfin)++;
    }
    if (!(*top > 0)) {
        pl_err(err, "pie: the values sum to 0, so there are no shares to draw");
        return -1;
    }
    return 0;
}

int plot_pie(PlotFigure *f, const double *values, const char *const *labels, size_t n, char *err)
{
    size_t nfin, m;
    double top;
    if (check_pie(values, n, &nfin, &top, err)) return -1;
    Item *it = top_items(values, n, nfin > PIE_MAX ? PIE_MAX - 1 : PIE_MAX, 0, &m, &nfin);
    Panel *p = it ? pl_panel(f) : NULL;
    if (!p || p->nlayers) {
        free(it);
        pl_err(err, p ? "pie: the figure already has a chart" : "pie: out of memory");
        return -1;
    }
    double rest = 0, total = 0;
    for (size_t i = 0; i < n; i++) if (isfinite(values[i])) total += values[i] / top;
    size_t ns = m + (nfin > m);
    Layer *l = pl_layer(p, L_WEDGES, ns, 0);
    if (!l || !(l->texts = calloc(ns, sizeof(char *)))) goto oom;
    char tmp[32], leg[300];
    for (size_t k = 0; k < m; k++) {
        l->x[k] = values[it[k].i] / top;
        rest += l->x[k];
        if (!(l->texts[k] = pl_strdup(label_of(labels, it[k].i, tmp, sizeof tmp)))) goto oom;
    }
    if (ns > m) {
        l->x[m] = fmax(0, total - rest);     /* rounding must not make it negative */
        snprintf(tmp, sizeof tmp, "other (%zu)", nfin - m);
        if (!(l->texts[m] = pl_strdup(tmp))) goto oom;
    }
    for (size_t k = 0; k < ns; k++) {
        snprintf(leg, sizeof leg, "%s (%.1f%%)", l->texts[k], 100 * l->x[k] / total);
        if (pl_legend(p, leg, plot_palette((int)k), LEG_PATCH, 0)) goto oom;
    }
    p->kind = P_PIE;
    f->skipped += n - nfin;
    free(it);
    return 0;
oom:
    free(it);
    pl_rollback(p, 0, 0);
    pl_err(err, "pie: out of memory");
    return -1;
}
