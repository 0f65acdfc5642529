/*
 * layout.c — where a panel's plot area, ticks, legend and colour bar go.
 *
 * Margins are measured, not guessed: the left margin is the widest y tick
 * label plus the y axis label, the bottom one the x tick labels (rotated
 * when categories would collide) plus the x label. Because the ticks
 * depend on the plot size and the plot size on the tick labels, the
 * layout runs twice. The legend goes in the inside corner that covers no
 * data; when every corner covers some, it moves outside, right of the
 * plot. Invariant: the plot area, tick labels, legend and colour bar stay
 * inside the panel's outer rectangle and do not overlap each other.
 */
#include "plot/plotint.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PAD 8.0
#define TICK_LEN 4.0
#define TICK_GAP 3.0
#define LEG_SWATCH 22.0
#define LEG_ROW 18.0

void pl_fit_text(Ctx *c, int font, const char *s, double max_w, char *out, size_t len)
{
    double w;
    snprintf(out, len, "%s", s);
    pl_text_extent(c, font, out, &w, NULL);
    size_t n = strlen(out);
    while (w > max_w && n > 1) {
        n--;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80) n--;   /* UTF-8 boundary */
        if (n + 4 > len) continue;
        memcpy(out + n, "\xE2\x80\xA6", 4);                         /* … */
        pl_text_extent(c, font, out, &w, NULL);
    }
}

void pl_legend_size(Ctx *c, const Panel *p, double *w, double *h)
{
    double mw = 0;
    for (size_t i = 0; i < p->nlegend; i++) {
        double tw;
        pl_text_extent(c, FONT_TICK, p->legend[i].label, &tw, NULL);
        if (tw > mw) mw = tw;
    }
    if (mw > 220) mw = 220;
    *w = p->nlegend ? 10 + LEG_SWATCH + 6 + mw + 10 : 0;
    *h = p->nlegend ? 8 + LEG_ROW * p->nlegend + 4 : 0;
}

static const char *axis_label(const PlotFigure *f, const Axis *a, int is_x)
{
    if (f->npanels == 1) {
        const char *fl = is_x ? f->xlabel : f->ylabel;
        if (fl) return *fl ? fl : NULL;
    }
    return a->label && *a->label ? a->label : NULL;
}

static double max_label_width(Ctx *c, const Axis *a, const double *t, int n, double step)
{
    double mw = 0;
    for (int i = 0; i < n; i++) {
        char buf[128];
        double w;
        pl_format_axis_tick(a, t[i], step, buf, sizeof buf);
        pl_text_extent(c, FONT_TICK, buf, &w, NULL);
        if (w > mw) mw = w;
    }
    return mw;
}

/* Whether two neighbouring categorical x labels, centred slot px apart,
 * would come closer than 6 px. */
static int x_crowded(Ctx *c, const Panel *p, const Layout *L, double slot)
{
    double prev = 0;
    for (int i = 0; i < L->nxt; i++) {
        char buf[128];
        double w;
        pl_format_axis_tick(&p->x, L->xt[i], 0, buf, sizeof buf);
        pl_text_extent(c, FONT_TICK, buf, &w, NULL);
        if (i && (prev + w) / 2 + 6 > slot) return 1;
        prev = w;
    }
    return 0;
}

/* x ticks for width w: fewer ticks until numeric labels do not collide;
 * categorical labels rotate instead. Sets L->nxt, xt, xstep, xrot. */
static void x_ticks(Ctx *c, const Panel *p, Layout *L, double lo, double hi, double w)
{
    double spacing = 80;
    for (int tries = 0; tries < 6; tries++, spacing *= 1.4) {
        L->nxt = pl_axis_ticks(&p->x, lo, hi, w, spacing, L->xt, PL_MAXTICKS, &L->xstep);
        if (p->x.kind == AX_CAT || L->nxt < 2) break;
        double mw = max_label_width(c, &p->x, L->xt, L->nxt, L->xstep);
        double gap = w * fabs(L->xt[1] - L->xt[0]) / (hi - lo);
        if (p->x.scale == PLOT_LOG)
            gap = w * fabs(log10(L->xt[1]) - log10(L->xt[0])) / (hi - lo);
        if (mw + 12 < gap) break;
    }
    L->xrot = 0;
    if (p->x.kind == AX_CAT && L->nxt > 0) {
        double slot = w / (hi - lo) * (L->nxt > 1 ? L->xt[1] - L->xt[0] : 1);
        if (L->xslot_max > 0 && slot > L->xslot_max) slot = L->xslot_max;
        if (x_crowded(c, p, L, slot)) L->xrot = slot < 16 ? 90 : 45;
    }
}

static double x_tick_band(Ctx *c, const Panel *p, const Layout *L)
{
    double th = pl_font_size(FONT_TICK);
    if (!L->show_xt) return TICK_LEN;
    if (L->xrot == 0) return TICK_LEN + TICK_GAP + th;
    double mw = max_label_width(c, &p->x, L->xt, L->nxt, L->xstep);
    if (mw > 150) mw = 150;
    double s = sin(L->xrot * M_PI / 180), co = cos(L->xrot * M_PI / 180);
    return TICK_LEN + TICK_GAP + mw * s + th * co + 2;
}

static void colorbar_room(Ctx *c, const Panel *p, double h, double *room)
{
    *room = 0;
    if (!p->colorbar) return;
    double t[PL_MAXTICKS], step, mw = 0;
    int n = plot_nice_ticks(p->cbar_lo, p->cbar_hi, (int)(h / 50) + 1, t, PL_MAXTICKS, &step);
    for (int i = 0; i < n; i++) {
        char buf[64];
        double w;
        plot_format_tick(t[i], step, buf, sizeof buf);
        pl_text_extent(c, FONT_TICK, buf, &w, NULL);
        if (w > mw) mw = w;
    }
    *room = 14 + 16 + TICK_LEN + TICK_GAP + mw + (p->cbar_label ? 8 + pl_font_size(FONT_LABEL) : 0) + 4;
}

/* One pass of the margin computation for a given legend room at right. */
static void fit_margins(Ctx *c, const PlotFigure *f, const Panel *p, const double o[4], Layout *L,
                        double leg_room)
{
    double xl, xh, yl, yh, cb_room;
    pl_axis_limits(&p->x, &xl, &xh);
    pl_axis_limits(&p->y, &yl, &yh);
    const char *xlab = axis_label(f, &p->x, 1), *ylab = axis_label(f, &p->y, 0);
    double lh = pl_font_size(FONT_LABEL);
    double top = o[1] + PAD, left = o[0] + PAD, right = o[0] + o[2] - PAD, bottom = o[1] + o[3] - PAD;
    if (ylab) left += lh + 6;
    if (xlab) bottom -= lh + 6;
    colorbar_room(c, p, bottom - top, &cb_room);
    right -= cb_room + leg_room;
    double w = right - left, h = bottom - top - 30;
    for (int pass = 0; pass < 2; pass++) {
        L->nyt = pl_axis_ticks(&p->y, yl, yh, h, 50, L->yt, PL_MAXTICKS, &L->ystep);
        double yw = max_label_width(c, &p->y, L->yt, L->nyt, L->ystep);
        if (yw > 160) yw = 160;
        w = right - (left + yw + TICK_LEN + TICK_GAP);
        if (p->x.kind != AX_CAT) w -= 8;        /* half of the last x label */
        x_ticks(c, p, L, xl, xh, w);
        h = bottom - x_tick_band(c, p, L) - top;
        L->x = right - w - (p->x.kind != AX_CAT ? 8 : 0);
    }
    L->y = top;
    L->w = w;
    L->h = h;
    L->mx = (Mapper){ xl, xh, L->x, L->x + w, p->x.scale };
    L->my = p->invert_y ? (Mapper){ yl, yh, top, top + h, p->y.scale }
                        : (Mapper){ yl, yh, top + h, top, p->y.scale };
    L->show_xlabel = xlab != NULL;
    L->show_ylabel = ylab != NULL;
    if (p->colorbar) {
        L->cb_x = L->x + L->w + 14;
        L->cb_y = top;
        L->cb_w = 16;
        L->cb_h = h;
    }
}

/* How much data a box would hide: points count 1, line samples 3, bars
 * and filled areas 50. */
static double box_cost(const Panel *p, const Layout *L, double bx, double by, double bw, double bh)
{
    double cost = 0;
#define INBOX(X, Y) ((X) >= bx - 3 && (X) <= bx + bw + 3 && (Y) >= by - 3 && (Y) <= by + bh + 3)
    for (size_t i = 0; i < p->nlayers; i++) {
        const Layer *l = &p->layers[i];
        size_t stride = l->n > 4000 ? l->n / 4000 : 1;
        for (size_t j = 0; j < l->n; j += stride) {
            double X = pl_map(&L->mx, l->x[j]), Y = pl_map(&L->my, l->y[j]);
            if (l->kind == L_POINTS) { cost += INBOX(X, Y); continue; }
            if (l->kind == L_RECTS) {
                double X2 = pl_map(&L->mx, l->x2[j]), Y2 = pl_map(&L->my, l->y2[j]);
                if (fmin(X, X2) < bx + bw && fmax(X, X2) > bx && fmin(Y, Y2) < by + bh && fmax(Y, Y2) > by)
                    cost += 50;
                continue;
            }
            if (l->kind == L_LINE || l->kind == L_POLY || l->kind == L_SEGMENTS) {
                size_t k = l->kind == L_SEGMENTS ? j : j + stride;
                if (l->kind != L_SEGMENTS && k >= l->n) k = l->kind == L_POLY ? 0 : j;
                double X2 = l->kind == L_SEGMENTS ? pl_map(&L->mx, l->x2[j]) : pl_map(&L->mx, l->x[k]);
                double Y2 = l->kind == L_SEGMENTS ? pl_map(&L->my, l->y2[j]) : pl_map(&L->my, l->y[k]);
                for (int s = 0; s <= 8; s++) {
                    double t = s / 8.0;
                    cost += 3 * INBOX(X + (X2 - X) * t, Y + (Y2 - Y) * t);
                }
            }
        }
        if (l->kind == L_POLY) {   /* a filled area under the box */
            double cx = bx + bw / 2, cy = by + bh / 2;
            int in = 0;
            for (size_t j = 0, k = l->n - 1; j < l->n; k = j++) {
                double xj = pl_map(&L->mx, l->x[j]), yj = pl_map(&L->my, l->y[j]);
                double xk = pl_map(&L->mx, l->x[k]), yk = pl_map(&L->my, l->y[k]);
                if ((yj > cy) != (yk > cy) && cx < (xk - xj) * (cy - yj) / (yk - yj) + xj) in = !in;
            }
            cost += 50 * in;
        }
    }
#undef INBOX
    return cost;
}

/* Best inside corner for the legend; returns its cost. */
static double place_inside(const Panel *p, Layout *L, double lw, double lh)
{
    double in = 8, best = 1e300;
    double xs[4] = { L->x + L->w - in - lw, L->x + in, L->x + L->w - in - lw, L->x + in };
    double ys[4] = { L->y + in, L->y + in, L->y + L->h - in - lh, L->y + L->h - in - lh };
    for (int k = 0; k < 4; k++) {
        double cst = box_cost(p, L, xs[k], ys[k], lw, lh);
        if (cst < best) {
            best = cst;
            L->leg_x = xs[k];
            L->leg_y = ys[k];
        }
    }
    return best;
}

/* Heat maps get square cells (as matplotlib's imshow): the plot area
 * shrinks along the longer side (centred horizontally, kept at the top). */
static void square_cells(const Panel *p, Layout *L)
{
    const Layer *l = &p->layers[0];
    double cell = fmin(L->w / l->cols, L->h / l->rows), w = cell * l->cols, h = cell * l->rows;
    L->x += (L->w - w) / 2;
    L->w = w;
    L->h = h;
    L->mx.p0 = L->x;
    L->mx.p1 = L->x + w;
    L->my.p0 = L->y;
    L->my.p1 = L->y + h;
    if (p->colorbar) {
        L->cb_x = L->x + L->w + 14;
        L->cb_h = h;
    }
}

void pl_layout_panel(Ctx *c, const PlotFigure *f, const Panel *p, const double o[4], Layout *L)
{
    memset(L, 0, sizeof *L);
    L->show_xt = L->show_yt = 1;
    if (p->compact) {
        double xl, xh, yl, yh;
        pl_axis_limits(&p->x, &xl, &xh);
        pl_axis_limits(&p->y, &yl, &yh);
        L->x = o[0]; L->y = o[1]; L->w = o[2]; L->h = o[3];
        L->nxt = pl_axis_ticks(&p->x, xl, xh, o[2], 55, L->xt, PL_MAXTICKS, &L->xstep);
        L->nyt = pl_axis_ticks(&p->y, yl, yh, o[3], 40, L->yt, PL_MAXTICKS, &L->ystep);
        L->mx = (Mapper){ xl, xh, o[0], o[0] + o[2], p->x.scale };
        L->my = (Mapper){ yl, yh, o[1] + o[3], o[1], p->y.scale };
        L->show_xt = p->row == f->grid_rows - 1;
        L->show_yt = p->col == 0;
        L->show_xlabel = L->show_xt;
        L->show_ylabel = L->show_yt;
        return;
    }
    double lw, lh;
    pl_legend_size(c, p, &lw, &lh);
    fit_margins(c, f, p, o, L, 0);
    if (p->nlayers && p->layers[0].kind == L_HEAT && p->invert_y) {
        /* Squaring narrows the columns the x labels were measured for:
         * if they no longer fit, lay out again with rotated labels. */
        square_cells(p, L);
        double cell = L->w / p->layers[0].cols;
        if (p->x.kind == AX_CAT && L->xrot == 0 && L->nxt > 0 && x_crowded(c, p, L, cell)) {
            L->xslot_max = cell;
            fit_margins(c, f, p, o, L, 0);
            square_cells(p, L);
        }
    }
    if (lw <= 0) return;
    L->leg_w = lw;
    L->leg_h = lh;
    if (lw < L->w * 0.45 && lh < L->h * 0.6 && place_inside(p, L, lw, lh) == 0) return;
    fit_margins(c, f, p, o, L, lw + 10);
    L->leg_x = L->x + L->w + 10 + (p->colorbar ? L->cb_w + 60 : 0);
    L->leg_y = L->y;
}
