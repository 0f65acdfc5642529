/*
 * draw.c — paints a figure with cairo: background, title, panels (grid
 * lines, layers, axes, ticks, labels, legend, colour bar), pie charts and
 * the caption. The same code paints PNG (image surface), SVG and PDF
 * (vector surfaces); the only branch is for scatter markers, which on an
 * image surface are blended straight into the pixels (raster.c).
 *
 * Style: white background, light grid at the major ticks, left and bottom
 * spines only, ticks outward, DejaVu Sans, Unicode minus in tick labels.
 * Invariant: drawing never changes the figure (it is const throughout).
 */
#include "plot/plotint.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INK_HEX 0x262626
#define GRID_HEX 0xe6e6e6
#define SPINE_HEX 0x555555

static PlotColor ink(void) { return pl_rgb(INK_HEX); }

static void set_rgba(cairo_t *cr, PlotColor c, double a)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

/* Replaces a leading '-' by U+2212 MINUS SIGN (typographic minus). */
static void nice_minus(const char *in, char *out, size_t len)
{
    if (in[0] == '-' && len > 4) snprintf(out, len, "\xE2\x88\x92%s", in + 1);
    else snprintf(out, len, "%s", in);
}

static double clampd(double v) { return v < -1e5 ? -1e5 : v > 1e5 ? 1e5 : v; }

/* ---- layers ------------------------------------------------------------ */

static void draw_line(cairo_t *cr, const Layer *l, const Layout *L)
{
    int pen = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (!isfinite(l->x[i]) || !isfinite(l->y[i])) { pen = 0; continue; }
        double X = clampd(pl_map(&L->mx, l->x[i])), Y = clampd(pl_map(&L->my, l->y[i]));
        if (pen) cairo_line_to(cr, X, Y);
        else cairo_move_to(cr, X, Y);
        pen = 1;
    }
    double dash[2] = { 5, 4 };
    cairo_set_dash(cr, dash, l->dash ? 2 : 0, 0);
    cairo_set_line_width(cr, l->lw);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    set_rgba(cr, l->color, l->alpha);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_segments(cairo_t *cr, const Layer *l, const Layout *L)
{
    for (size_t i = 0; i < l->n; i++) {
        cairo_move_to(cr, clampd(pl_map(&L->mx, l->x[i])), clampd(pl_map(&L->my, l->y[i])));
        cairo_line_to(cr, clampd(pl_map(&L->mx, l->x2[i])), clampd(pl_map(&L->my, l->y2[i])));
    }
    double dash[2] = { 5, 4 };
    cairo_set_dash(cr, dash, l->dash ? 2 : 0, 0);
    cairo_set_line_width(cr, l->lw);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    set_rgba(cr, l->color, l->alpha);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_rects(cairo_t *cr, const Layer *l, const Layout *L)
{
    for (size_t i = 0; i < l->n; i++) {
        double x0 = clampd(pl_map(&L->mx, l->x[i])), x1 = clampd(pl_map(&L->mx, l->x2[i]));
        double y0 = clampd(pl_map(&L->my, l->y[i])), y1 = clampd(pl_map(&L->my, l->y2[i]));
        cairo_rectangle(cr, fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0));
        PlotColor c = l->group ? plot_palette(l->group[i]) : l->color;
        set_rgba(cr, c, l->alpha);
        if (!l->has_edge) { cairo_fill(cr); continue; }
        cairo_fill_preserve(cr);
        set_rgba(cr, l->edge, 1);
        cairo_set_line_width(cr, l->lw);
        cairo_stroke(cr);
    }
}

static void draw_poly(cairo_t *cr, const Layer *l, const Layout *L)
{
    for (size_t i = 0; i < l->n; i++) {
        double X = clampd(pl_map(&L->mx, l->x[i])), Y = clampd(pl_map(&L->my, l->y[i]));
        if (i) cairo_line_to(cr, X, Y);
        else cairo_move_to(cr, X, Y);
    }
    cairo_close_path(cr);
    set_rgba(cr, l->color, l->alpha);
    cairo_fill_preserve(cr);
    set_rgba(cr, l->has_edge ? l->edge : l->color, 1);
    cairo_set_line_width(cr, l->lw);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
}

/* Vector output of `once` layers (box-plot outliers): markers repeating
 * an earlier one's CSS pixel and colour are left out, as raster.c does,
 * so an SVG holds hundreds of circles, not tens of thousands. An open-
 * addressing set of (x px, y px, colour) keys; without memory, all are
 * drawn. */
typedef struct Seen { uint64_t *key; size_t cap; } Seen;

static void seen_init(Seen *s, size_t n)
{
    s->cap = 64;
    while (s->cap < 2 * n) s->cap *= 2;
    s->key = calloc(s->cap, sizeof *s->key);
}

static int seen_before(Seen *s, double X, double Y, int group)
{
    if (!(fabs(X) < 1e6 && fabs(Y) < 1e6)) return 0;
    uint64_t k = ((uint64_t)(int64_t)floor(X) & 0xffffff) << 32 | ((uint64_t)(int64_t)floor(Y) & 0xffffff) << 8
                 | (uint64_t)(group & 0xff) | 1ull << 63;       /* never 0, the empty slot */
    size_t i = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (s->cap - 1);
    for (; s->key[i]; i = (i + 1) & (s->cap - 1))
        if (s->key[i] == k) return 1;
    s->key[i] = k;
    return 0;
}

static double auto_radius(size_t n) { return n <= 300 ? 3.5 : n <= 3000 ? 3 : n <= 30000 ? 2.2 : 1.6; }
static double auto_alpha(size_t n) { return n <= 300 ? 0.9 : n <= 3000 ? 0.75 : n <= 30000 ? 0.5 : 0.35; }

static void draw_points(Ctx *c, const Layer *l, const Layout *L)
{
    double r = l->radius > 0 ? fmin(l->radius, PL_MAX_RADIUS) : auto_radius(l->n);
    double a = l->alpha > 0 && l->alpha <= 1 ? l->alpha : auto_alpha(l->n);
    if (c->raster) {
        double *px = malloc((l->n ? l->n : 1) * sizeof *px), *py = malloc((l->n ? l->n : 1) * sizeof *py);
        PlotColor pal[PLOT_PALETTE_SIZE];
        for (int i = 0; i < PLOT_PALETTE_SIZE; i++) pal[i] = plot_palette(i);
        if (px && py) {
            for (size_t i = 0; i < l->n; i++) {
                px[i] = pl_map(&L->mx, l->x[i]);
                py[i] = pl_map(&L->my, l->y[i]);
            }
            double clip[4] = { L->x, L->y, L->w, L->h };
            pl_raster_points(c, px, py, l->size, l->group ? pal : &l->color, l->group, l->n, r, a, l->once, clip);
        }
        free(px);
        free(py);
        return;
    }
    cairo_t *cr = c->cr;
    Seen seen = { NULL, 0 };
    if (l->once && !l->size) seen_init(&seen, l->n);
    for (size_t i = 0; i < l->n; i++) {
        double X = pl_map(&L->mx, l->x[i]), Y = pl_map(&L->my, l->y[i]);
        double rr = l->size ? l->size[i] : r;
        if (seen.key && seen_before(&seen, X, Y, l->group ? l->group[i] : 0)) continue;
        cairo_new_sub_path(cr);
        cairo_arc(cr, X, Y, rr, 0, 2 * M_PI);
        if (l->group) {
            set_rgba(cr, plot_palette(l->group[i]), a);
            cairo_fill(cr);
        }
    }
    if (!l->group) {
        set_rgba(cr, l->color, a);
        cairo_fill(cr);
    }
    free(seen.key);
}

static void draw_heat(Ctx *c, const Layer *l, const Layout *L)
{
    cairo_t *cr = c->cr;
    double cw = fabs(pl_map(&L->mx, 1) - pl_map(&L->mx, 0));
    double ch = fabs(pl_map(&L->my, 1) - pl_map(&L->my, 0));
    for (size_t i = 0; i < l->rows; i++)
        for (size_t j = 0; j < l->cols; j++) {
            double v = l->z[i * l->cols + j];
            if (isnan(v)) continue;
            PlotColor col = plot_cmap(l->cmap, l->vmax > l->vmin ? pl_unit(v, l->vmin, l->vmax) : 0.5);
            double X = pl_map(&L->mx, (double)j) - cw / 2, Y = pl_map(&L->my, (double)i) - ch / 2;
            cairo_rectangle(cr, X, Y, cw + 0.3, ch + 0.3);    /* overlap hides seams */
            set_rgba(cr, col, 1);
            cairo_fill(cr);
            if (!l->annotate) continue;
            char buf[64], nb[72];
            snprintf(buf, sizeof buf, "%.*f", l->decimals, v);
            if (strcmp(buf, "-0") == 0 || strcmp(buf, "-0.0") == 0 || strcmp(buf, "-0.00") == 0) memmove(buf, buf + 1, strlen(buf));
            nice_minus(buf, nb, sizeof nb);
            double tw;
            pl_text_extent(c, FONT_ANNOT, nb, &tw, NULL);
            if (tw > cw - 3 || ch < 12) continue;
            PlotColor tc = pl_luminance(col) > 0.36 ? ink() : pl_rgb(0xffffff);
            pl_text(c, FONT_ANNOT, nb, X + cw / 2, Y + ch / 2, 0.5, 0.5, 0, tc);
        }
}

static void draw_layer(Ctx *c, const Layer *l, const Layout *L)
{
    switch (l->kind) {
    case L_LINE: draw_line(c->cr, l, L); break;
    case L_SEGMENTS: draw_segments(c->cr, l, L); break;
    case L_RECTS: draw_rects(c->cr, l, L); break;
    case L_POLY: draw_poly(c->cr, l, L); break;
    case L_POINTS: draw_points(c, l, L); break;
    case L_HEAT: draw_heat(c, l, L); break;
    case L_WEDGES: break;
    }
}

/* ---- axes -------------------------------------------------------------- */

static int is_heat(const Panel *p)
{
    return p->nlayers && p->layers[0].kind == L_HEAT;
}

static void draw_grid(cairo_t *cr, const Panel *p, const Layout *L)
{
    if (p->no_grid || is_heat(p)) return;
    set_rgba(cr, pl_rgb(GRID_HEX), 1);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < L->nyt && p->y.kind != AX_CAT; i++) {
        double Y = round(pl_map(&L->my, L->yt[i])) + 0.5;
        cairo_move_to(cr, L->x, Y);
        cairo_line_to(cr, L->x + L->w, Y);
    }
    for (int i = 0; i < L->nxt && p->x.kind != AX_CAT; i++) {
        double X = round(pl_map(&L->mx, L->xt[i])) + 0.5;
        cairo_move_to(cr, X, L->y);
        cairo_line_to(cr, X, L->y + L->h);
    }
    cairo_stroke(cr);
}

/* Grid cells (pairplot) sit side by side: a tick label ending within 6 px
 * of the right edge of a cell that has a neighbour would read as one with
 * the neighbour's first label ("8 2"), so it is left out. */
static int crowds_neighbour(Ctx *c, const Panel *p, const Layout *L, int last_col, const char *s, double X)
{
    if (!p->compact || last_col || L->xrot != 0) return 0;
    double w;
    pl_text_extent(c, FONT_TICK, s, &w, NULL);
    return X + w / 2 > L->x + L->w - 6;
}

static void draw_x_ticks(Ctx *c, const Panel *p, const Layout *L, int last_col)
{
    cairo_t *cr = c->cr;
    double base = L->y + L->h;
    char buf[128], nb[140], fit[160];
    for (int i = 0; i < L->nxt; i++) {
        double X = pl_map(&L->mx, L->xt[i]);
        cairo_move_to(cr, round(X) + 0.5, base);
        cairo_line_to(cr, round(X) + 0.5, base + 4);
        if (!L->show_xt) continue;
        pl_format_axis_tick(&p->x, L->xt[i], L->xstep, buf, sizeof buf);
        nice_minus(buf, nb, sizeof nb);
        if (crowds_neighbour(c, p, L, last_col, nb, X)) continue;
        if (L->xrot == 0) {
            pl_text(c, FONT_TICK, nb, X, base + 7, 0.5, 0, 0, ink());
        } else {
            pl_fit_text(c, FONT_TICK, nb, 150, fit, sizeof fit);
            pl_text(c, FONT_TICK, fit, X + (L->xrot == 90 ? 0.5 * pl_font_size(FONT_TICK) * 0.7 : 3),
                    base + 7, 1, L->xrot == 90 ? 0.5 : 0, L->xrot, ink());
        }
    }
    set_rgba(cr, pl_rgb(SPINE_HEX), 1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
}

static void draw_y_ticks(Ctx *c, const Panel *p, const Layout *L)
{
    cairo_t *cr = c->cr;
    char buf[128], nb[140], fit[160];
    for (int i = 0; i < L->nyt; i++) {
        double Y = pl_map(&L->my, L->yt[i]);
        cairo_move_to(cr, L->x, round(Y) + 0.5);
        cairo_line_to(cr, L->x - 4, round(Y) + 0.5);
        if (!L->show_yt) continue;
        pl_format_axis_tick(&p->y, L->yt[i], L->ystep, buf, sizeof buf);
        nice_minus(buf, nb, sizeof nb);
        pl_fit_text(c, FONT_TICK, nb, 160, fit, sizeof fit);
        pl_text(c, FONT_TICK, fit, L->x - 7, Y, 1, 0.5, 0, ink());
    }
    set_rgba(cr, pl_rgb(SPINE_HEX), 1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
}

static void draw_spines(cairo_t *cr, const Panel *p, const Layout *L)
{
    if (is_heat(p)) return;
    set_rgba(cr, pl_rgb(SPINE_HEX), 1);
    cairo_set_line_width(cr, 1);
    double x = round(L->x) + 0.5, y = round(L->y + L->h) + 0.5;
    cairo_move_to(cr, x, round(L->y));
    cairo_line_to(cr, x, y);
    cairo_line_to(cr, round(L->x + L->w), y);
    cairo_stroke(cr);
}

static void draw_axis_labels(Ctx *c, const PlotFigure *f, const Panel *p, const Layout *L,
                             const double o[4])
{
    const char *xl = f->npanels == 1 && f->xlabel ? f->xlabel : p->x.label;
    const char *yl = f->npanels == 1 && f->ylabel ? f->ylabel : p->y.label;
    char fit[512];
    if (L->show_xlabel && xl && *xl) {
        pl_fit_text(c, FONT_LABEL, xl, L->w + 40, fit, sizeof fit);
        double y = p->compact ? L->y + L->h + 24 : o[1] + o[3] - 8;
        pl_text(c, FONT_LABEL, fit, L->x + L->w / 2, y, 0.5, p->compact ? 0 : 1, 0, ink());
    }
    if (L->show_ylabel && yl && *yl) {
        pl_fit_text(c, FONT_LABEL, yl, L->h + 20, fit, sizeof fit);
        double x = p->compact ? L->x - 44 : o[0] + 8;
        pl_text(c, FONT_LABEL, fit, x, L->y + L->h / 2, 0.5, 0, 90, ink());
    }
}

/* ---- legend and colour bar --------------------------------------------- */

static void draw_legend(Ctx *c, const Panel *p, double x, double y, double w, double h)
{
    cairo_t *cr = c->cr;
    cairo_rectangle(cr, x + 0.5, y + 0.5, w, h);
    set_rgba(cr, pl_rgb(0xffffff), 0.9);
    cairo_fill_preserve(cr);
    set_rgba(cr, pl_rgb(0xcccccc), 1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    char fit[300];
    for (size_t i = 0; i < p->nlegend; i++) {
        const LegendEntry *e = &p->legend[i];
        double cy = y + 8 + 18 * i + 9, sx = x + 10;
        set_rgba(cr, e->color, 1);
        if (e->kind == LEG_PATCH) {
            cairo_rectangle(cr, sx + 3, cy - 6, 16, 12);
            cairo_fill(cr);
        } else if (e->kind == LEG_MARKER) {
            cairo_arc(cr, sx + 11, cy, 4, 0, 2 * M_PI);
            cairo_fill(cr);
        } else {
            double dash[2] = { 5, 3 };
            cairo_set_dash(cr, dash, e->dash ? 2 : 0, 0);
            cairo_move_to(cr, sx, cy);
            cairo_line_to(cr, sx + 22, cy);
            cairo_set_line_width(cr, 2);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
        }
        pl_fit_text(c, FONT_TICK, e->label, 220, fit, sizeof fit);
        pl_text(c, FONT_TICK, fit, sx + 28, cy, 0, 0.5, 0, ink());
    }
}

static void draw_colorbar(Ctx *c, const Panel *p, const Layout *L)
{
    cairo_t *cr = c->cr;
    cairo_pattern_t *g = cairo_pattern_create_linear(0, L->cb_y + L->cb_h, 0, L->cb_y);
    for (int i = 0; i <= 32; i++) {
        PlotColor col = plot_cmap(p->cbar_cmap, i / 32.0);
        cairo_pattern_add_color_stop_rgb(g, i / 32.0, col.r, col.g, col.b);
    }
    cairo_rectangle(cr, L->cb_x, L->cb_y, L->cb_w, L->cb_h);
    cairo_set_source(cr, g);
    cairo_fill(cr);
    cairo_pattern_destroy(g);
    double t[PL_MAXTICKS], step;
    int n = plot_nice_ticks(p->cbar_lo, p->cbar_hi, (int)(L->cb_h / 50) + 1, t, PL_MAXTICKS, &step);
    double x = L->cb_x + L->cb_w, mw = 0;
    for (int i = 0; i < n && p->cbar_hi > p->cbar_lo; i++) {
        double Y = L->cb_y + L->cb_h - pl_unit(t[i], p->cbar_lo, p->cbar_hi) * L->cb_h;
        char buf[64], nb[72];
        double w;
        cairo_move_to(cr, x, round(Y) + 0.5);
        cairo_line_to(cr, x + 4, round(Y) + 0.5);
        plot_format_tick(t[i], step, buf, sizeof buf);
        nice_minus(buf, nb, sizeof nb);
        pl_text_extent(c, FONT_TICK, nb, &w, NULL);
        if (w > mw) mw = w;
        pl_text(c, FONT_TICK, nb, x + 7, Y, 0, 0.5, 0, ink());
    }
    set_rgba(cr, pl_rgb(SPINE_HEX), 1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    if (p->cbar_label)
        pl_text(c, FONT_LABEL, p->cbar_label, x + 7 + mw + 6, L->cb_y + L->cb_h / 2, 0.5, 0, 90, ink());
}

/* ---- panels ------------------------------------------------------------- */

static void draw_axes_panel(Ctx *c, const PlotFigure *f, const Panel *p, const double o[4])
{
    cairo_t *cr = c->cr;
    Layout L;
    pl_layout_panel(c, f, p, o, &L);
    draw_grid(cr, p, &L);
    cairo_save(cr);
    cairo_rectangle(cr, L.x, L.y - 1, L.w + 1, L.h + 2);
    cairo_clip(cr);
    for (size_t i = 0; i < p->nlayers; i++) draw_layer(c, &p->layers[i], &L);
    cairo_restore(cr);
    draw_spines(cr, p, &L);
    draw_x_ticks(c, p, &L, p->col == f->grid_cols - 1);
    draw_y_ticks(c, p, &L);
    draw_axis_labels(c, f, p, &L, o);
    if (L.cb_w > 0) draw_colorbar(c, p, &L);
    if (L.leg_w > 0) draw_legend(c, p, L.leg_x, L.leg_y, L.leg_w, L.leg_h);
}

static void draw_pie_panel(Ctx *c, const Panel *p, const double o[4])
{
    cairo_t *cr = c->cr;
    const Layer *l = p->nlayers ? &p->layers[0] : NULL;
    if (!l) return;
    double lw, lh;
    pl_legend_size(c, p, &lw, &lh);
    double aw = o[2] - lw - 30, ah = o[3] - 20;
    double r = fmin(aw, ah) / 2 - 4, cx = o[0] + 10 + aw / 2, cy = o[1] + 10 + ah / 2;
    if (r < 10) r = 10;
    double total = 0, a = -M_PI / 2;
    for (size_t i = 0; i < l->n; i++) total += l->x[i];
    for (size_t i = 0; i < l->n; i++) {
        double da = l->x[i] / total * 2 * M_PI;
        cairo_move_to(cr, cx, cy);
        cairo_arc(cr, cx, cy, r, a, a + da);
        cairo_close_path(cr);
        PlotColor col = plot_palette((int)i);
        set_rgba(cr, col, 1);
        cairo_fill_preserve(cr);
        set_rgba(cr, pl_rgb(0xffffff), 1);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
        double share = l->x[i] / total;
        if (share >= 0.035) {
            char buf[32];
            snprintf(buf, sizeof buf, "%.1f%%", 100 * share);
            double m = a + da / 2, rr = r * (share > 0.5 ? 0.5 : 0.68);
            PlotColor tc = pl_luminance(col) > 0.36 ? ink() : pl_rgb(0xffffff);
            pl_text(c, FONT_ANNOT, buf, cx + rr * cos(m), cy + rr * sin(m), 0.5, 0.5, 0, tc);
        }
        a += da;
    }
    if (lw > 0) draw_legend(c, p, o[0] + o[2] - lw - 10, cy - lh / 2, lw, lh);
}

/* ---- figure ------------------------------------------------------------- */

static int caption_lines(const PlotFigure *f, char lines[2][512])
{
    int n = 0;
    if (f->note) snprintf(lines[n++], 512, "%s", f->note);
    if (f->caption) snprintf(lines[n++], 512, "%s", f->caption);
    else if (f->skipped)
        snprintf(lines[n++], 512, "%zu non-finite value%s skipped", f->skipped, f->skipped == 1 ? "" : "s");
    return n;
}

/* Pairplot-style grids: shared outer margins, legend at the right. */
static void draw_grid_panels(Ctx *c, const PlotFigure *f, double x, double y, double w, double h)
{
    const Panel *p0 = &f->panels[0];
    double lw = 0, lh = 0;
    pl_legend_size(c, p0, &lw, &lh);
    double ml = 62, mb = 46, gap = 6, room = lw > 0 ? lw + 16 : 8;
    double cw = (w - ml - room) / f->grid_cols, ch = (h - mb - 4) / f->grid_rows;
    for (size_t i = 0; i < f->npanels; i++) {
        const Panel *p = &f->panels[i];
        double o[4] = { x + ml + p->col * cw + gap / 2, y + 4 + p->row * ch + gap / 2, cw - gap, ch - gap };
        draw_axes_panel(c, f, p, o);
    }
    if (lw > 0) draw_legend(c, p0, x + w - lw - 8, y + 4, lw, lh);
}

void pl_draw_figure(Ctx *c, const PlotFigure *f, double width, double height)
{
    cairo_t *cr = c->cr;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double top = 0, bottom = height;
    if (f->title) {
        char fit[512];
        pl_fit_text(c, FONT_TITLE, f->title, width - 20, fit, sizeof fit);
        pl_text(c, FONT_TITLE, fit, width / 2, 12, 0.5, 0, 0, ink());
        top = 12 + pl_font_size(FONT_TITLE) + 4;
    }
    char lines[2][512];
    int nl = caption_lines(f, lines);
    for (int i = nl - 1; i >= 0; i--) {
        pl_text(c, FONT_SMALL, lines[i], 10, bottom - 6, 0, 1, 0, pl_rgb(0x666666));
        bottom -= pl_font_size(FONT_SMALL) + 5;
    }
    if (nl) bottom -= 2;
    if (f->npanels > 1) {
        draw_grid_panels(c, f, 0, top, width, bottom - top);
        return;
    }
    if (!f->npanels) return;
    double o[4] = { 0, top, width, bottom - top };
    if (f->panels[0].kind == P_PIE) draw_pie_panel(c, &f->panels[0], o);
    else draw_axes_panel(c, f, &f->panels[0], o);
}
