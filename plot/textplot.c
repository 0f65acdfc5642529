/*
 * textplot.c — a figure rendered as Unicode text for terminals and for a
 * plot's text/plain.
 *
 * Data go onto a braille canvas (each character cell is 2×4 dots, U+2800
 * plus a bit per dot); axes use box-drawing characters, with tick labels,
 * the title, axis labels, a legend and the caption as plain text. Heat
 * maps print their values as a table, pies as labelled bars. The output
 * has no colour and no terminal escapes, and depends only on the figure
 * and the size: it is what golden tests compare.
 * Invariant: every line has at most `cols` characters (code points).
 */
#include "plot/plotint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Grid {
    int cols, rows;
    unsigned *cell;         /* code points, rows×cols */
} Grid;

static void put_str(Grid *g, int x, int y, const char *s, int max)
{
    if (y < 0 || y >= g->rows) return;
    const unsigned char *u = (const unsigned char *)s;
    for (int n = 0; *u && n < max; n++, x++) {
        unsigned cp = *u++;
        if (cp >= 0xC0) {
            int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
            cp &= 0x3F >> extra;
            for (int k = 0; k < extra && (*u & 0xC0) == 0x80; k++) cp = cp << 6 | (*u++ & 0x3F);
        }
        if (x >= 0 && x < g->cols) g->cell[y * g->cols + x] = cp;
    }
}

static int u8len(const char *s)
{
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void put_cp(Grid *g, int x, int y, unsigned cp)
{
    if (x >= 0 && x < g->cols && y >= 0 && y < g->rows) g->cell[y * g->cols + x] = cp;
}

/* ---- braille canvas ------------------------------------------------------- */

typedef struct Canvas {
    Grid *g;
    int x0, y0, w, h;       /* character cells */
    unsigned char *bits;    /* w×h braille bit masks */
    Mapper mx, my;          /* data → dot coordinates */
} Canvas;

static void dot(Canvas *c, double X, double Y)
{
    if (!(X >= 0 && Y >= 0 && X < 2 * c->w && Y < 4 * c->h)) return;    /* before the casts */
    int x = (int)X, y = (int)Y;
    static const unsigned char bit[4][2] = { { 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 } };
    c->bits[(y / 4) * c->w + x / 2] |= bit[y % 4][x % 2];
}

static void seg(Canvas *c, double x0, double y0, double x1, double y1)
{
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1)) return;
    double d = fmax(fabs(x1 - x0), fabs(y1 - y0));
    if (d > 4000) d = 4000;
    int steps = (int)ceil(d);
    for (int i = 0; i <= steps; i++) {
        double t = steps ? (double)i / steps : 0;
        dot(c, x0 + (x1 - x0) * t + 0.5, y0 + (y1 - y0) * t + 0.5);
    }
}

static double MX(Canvas *c, double v) { return pl_map(&c->mx, v); }
static double MY(Canvas *c, double v) { return pl_map(&c->my, v); }

static void canvas_layer(Canvas *c, const Layer *l)
{
    for (size_t i = 0; i < l->n; i++) {
        switch (l->kind) {
        case L_POINTS: dot(c, MX(c, l->x[i]) + 0.5, MY(c, l->y[i]) + 0.5); break;
        case L_LINE:
            if (i + 1 < l->n) seg(c, MX(c, l->x[i]), MY(c, l->y[i]), MX(c, l->x[i + 1]), MY(c, l->y[i + 1]));
            break;
        case L_POLY: {
            size_t j = (i + 1) % l->n;
            seg(c, MX(c, l->x[i]), MY(c, l->y[i]), MX(c, l->x[j]), MY(c, l->y[j]));
            break;
        }
        case L_SEGMENTS: seg(c, MX(c, l->x[i]), MY(c, l->y[i]), MX(c, l->x2[i]), MY(c, l->y2[i])); break;
        case L_RECTS: {
            double ax = MX(c, l->x[i]), bx = MX(c, l->x2[i]), ay = MY(c, l->y[i]), by = MY(c, l->y2[i]);
            double x0 = fmax(0, fmin(ax, bx)), x1 = fmin(2 * c->w, fmax(ax, bx));
            double y0 = fmax(0, fmin(ay, by)), y1 = fmin(4 * c->h, fmax(ay, by));
            for (double y = floor(y0 + 0.5); y < y1; y++)
                for (double x = floor(x0 + 0.5); x < x1 - 0.5; x++) dot(c, x, y);
            break;
        }
        default: break;
        }
    }
}

static void canvas_flush(Canvas *c)
{
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++) {
            unsigned b = c->bits[y * c->w + x];
            if (b) put_cp(c->g, c->x0 + x, c->y0 + y, 0x2800 + b);
        }
}

/* ---- axes panels ------------------------------------------------------------ */

static int label_width(const Axis *a, const double *t, int n, double step)
{
    int mw = 0;
    for (int i = 0; i < n; i++) {
        char buf[64];
        pl_format_axis_tick(a, t[i], step, buf, sizeof buf);
        int w = u8len(buf);
        if (w > mw) mw = w;
    }
    return mw > 14 ? 14 : mw;
}

/* Draws an axes panel with ticks into the rectangle (x, y, w, h). */
static void text_axes(Grid *g, const Panel *p, int x, int y, int w, int h, int ticks)
{
    double xl, xh, yl, yh, yt[PL_MAXTICKS], xt[PL_MAXTICKS], ys, xs;
    pl_axis_limits(&p->x, &xl, &xh);
    pl_axis_limits(&p->y, &yl, &yh);
    int ny = ticks ? pl_axis_ticks(&p->y, yl, yh, h * 14.0, 42, yt, PL_MAXTICKS, &ys) : 0;
    int lw = ticks ? label_width(&p->y, yt, ny, ys) : 0;
    int px = x + lw + (ticks ? 2 : 1), pw = w - (px - x), ph = h - (ticks ? 2 : 1);
    if (pw < 4 || ph < 2) return;
    int nx = ticks ? pl_axis_ticks(&p->x, xl, xh, pw * 8.0, 90, xt, PL_MAXTICKS, &xs) : 0;
    Canvas c = { g, px, y, pw, ph, calloc((size_t)pw * ph, 1),
                 { xl, xh, 0, 2.0 * pw - 1, p->x.scale },
                 p->invert_y ? (Mapper){ yl, yh, 0, 4.0 * ph - 1, p->y.scale }
                             : (Mapper){ yl, yh, 4.0 * ph - 1, 0, p->y.scale } };
    if (!c.bits) return;
    for (size_t i = 0; i < p->nlayers; i++) canvas_layer(&c, &p->layers[i]);
    canvas_flush(&c);
    free(c.bits);
    for (int r = 0; r < ph; r++) put_cp(g, px - 1, y + r, 0x2502);          /* │ */
    for (int k = 0; k < pw; k++) put_cp(g, px + k, y + ph, 0x2500);         /* ─ */
    put_cp(g, px - 1, y + ph, 0x2514);                                       /* └ */
    char buf[64];
    for (int i = 0; i < ny; i++) {
        int r = (int)floor(pl_map(&c.my, yt[i]) / 4);
        if (r < 0 || r >= ph) continue;
        put_cp(g, px - 1, y + r, 0x2524);                                    /* ┤ */
        pl_format_axis_tick(&p->y, yt[i], ys, buf, sizeof buf);
        int bl = u8len(buf) > lw ? lw : u8len(buf);
        put_str(g, px - 2 - bl, y + r, buf, lw);
    }
    int last_end = -1;
    for (int i = 0; i < nx; i++) {
        int col = (int)floor(pl_map(&c.mx, xt[i]) / 2);
        if (col < 0 || col >= pw) continue;
        put_cp(g, px + col, y + ph, 0x252C);                                 /* ┬ */
        pl_format_axis_tick(&p->x, xt[i], xs, buf, sizeof buf);
        int bl = u8len(buf), s = px + col - bl / 2;
        if (s + bl > x + w) s = x + w - bl;
        if (s <= last_end) continue;
        put_str(g, s, y + ph + 1, buf, bl);
        last_end = s + bl;
    }
}

/* ---- heat maps and pies ----------------------------------------------------- */

static void text_heat(Grid *g, const Panel *p, int x, int y, int w, int h)
{
    const Layer *l = &p->layers[0];
    int lw = 0;
    for (size_t i = 0; i < l->rows; i++) {
        int n = u8len(p->y.cats[i]);
        if (n > lw) lw = n;
    }
    if (lw > 12) lw = 12;
    int cw = 7, ncol = (w - lw - 1) / cw, nrow = h - 1;
    if (ncol < 1) return;
    char buf[64];
    for (size_t j = 0; j < l->cols && (int)j < ncol; j++) {
        snprintf(buf, sizeof buf, "%6.6s", p->x.cats[j]);
        put_str(g, x + lw + 1 + (int)j * cw, y, buf, cw - 1);
    }
    for (size_t i = 0; i < l->rows && (int)i < nrow; i++) {
        put_str(g, x, y + 1 + (int)i, p->y.cats[i], lw);
        for (size_t j = 0; j < l->cols && (int)j < ncol; j++) {
            double v = l->z[i * l->cols + j];
            if (isnan(v)) snprintf(buf, sizeof buf, "%6s", "");
            else snprintf(buf, sizeof buf, "%6.*f", l->decimals, v);
            put_str(g, x + lw + 1 + (int)j * cw, y + 1 + (int)i, buf, cw - 1);
        }
    }
}

static void text_pie(Grid *g, const Panel *p, int x, int y, int w, int h)
{
    const Layer *l = &p->layers[0];
    double total = 0;
    for (size_t i = 0; i < l->n; i++) total += l->x[i];
    int lw = 0;
    for (size_t i = 0; i < l->n; i++) lw = u8len(l->texts[i]) > lw ? u8len(l->texts[i]) : lw;
    if (lw > 16) lw = 16;
    int bw = w - lw - 10;
    for (size_t i = 0; i < l->n && (int)i < h; i++) {
        char buf[32];
        double share = l->x[i] / total;
        put_str(g, x, y + (int)i, l->texts[i], lw);
        int n = bw > 0 && share >= 0 && share <= 1 ? (int)lround(share * bw) : 0;
        for (int k = 0; k < n; k++) put_cp(g, x + lw + 1 + k, y + (int)i, 0x2588);   /* █ */
        snprintf(buf, sizeof buf, "%5.1f%%", 100 * share);
        put_str(g, x + lw + 2 + n, y + (int)i, buf, 8);
    }
}

/* ---- the figure --------------------------------------------------------------- */

static int legend_lines(const PlotFigure *f, Grid *g, int y, int draw)
{
    if (!f->npanels || f->panels[0].kind == P_PIE) return 0;
    const Panel *p = &f->panels[0];
    int x = 0, lines = p->nlegend ? 1 : 0;
    for (size_t i = 0; i < p->nlegend; i++) {
        const LegendEntry *e = &p->legend[i];
        int n = u8len(e->label) + 4;
        if (x && x + n > g->cols) { x = 0; lines++; }
        if (draw) {
            unsigned sym = e->kind == LEG_PATCH ? 0x2588 : e->kind == LEG_MARKER ? 0x25CF : 0x2501;
            put_cp(g, x, y + lines - 1, sym);
            put_str(g, x + 2, y + lines - 1, e->label, g->cols - x - 2);
        }
        x += n;
    }
    return lines;
}

static void text_grid(Grid *g, const PlotFigure *f, int y, int h)
{
    int k = f->grid_cols, cw = g->cols / k, ch = h / f->grid_rows;
    for (size_t i = 0; i < f->npanels; i++) {
        const Panel *p = &f->panels[i];
        text_axes(g, p, p->col * cw, y + p->row * ch, cw, ch, 0);
        if (p->row == p->col) put_str(g, p->col * cw + 2, y + p->row * ch, p->x.label, cw - 3);
    }
}

/* UTF-8 of the grid, trailing spaces trimmed; runs of blank lines (heat
 * maps and pies are shorter than the grid) collapse to one, and trailing
 * blank lines go. */
static char *grid_utf8(const Grid *g)
{
    char *out = malloc((size_t)g->rows * (g->cols * 4 + 1) + 1), *o = out;
    if (!out) return NULL;
    int blank_run = 0;
    for (int y = 0; y < g->rows; y++) {
        int end = g->cols;
        while (end > 0 && g->cell[y * g->cols + end - 1] == ' ') end--;
        if (end == 0 && (blank_run++ || y == 0)) continue;
        if (end) blank_run = 0;
        for (int x = 0; x < end; x++) {
            unsigned cp = g->cell[y * g->cols + x];
            if (cp < 0x80) *o++ = (char)cp;
            else if (cp < 0x800) { *o++ = (char)(0xC0 | cp >> 6); *o++ = (char)(0x80 | (cp & 0x3F)); }
            else {
                *o++ = (char)(0xE0 | cp >> 12);
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
        }
        *o++ = '\n';
    }
    while (o - out >= 2 && o[-1] == '\n' && o[-2] == '\n') o--;
    *o = 0;
    return out;
}

static void text_body(Grid *g, const PlotFigure *f, int y, int h)
{
    const Panel *p = &f->panels[0];
    const char *xl = f->xlabel ? f->xlabel : p->x.label, *yl = f->ylabel ? f->ylabel : p->y.label;
    if (f->npanels > 1) { text_grid(g, f, y, h); return; }
    if (p->kind == P_PIE) { text_pie(g, p, 0, y, g->cols, h); return; }
    if (p->nlayers && p->layers[0].kind == L_HEAT) { text_heat(g, p, 0, y, g->cols, h); return; }
    if (yl && *yl) { put_str(g, 0, y, yl, g->cols); y++; h--; }
    if (xl && *xl) {
        int n = u8len(xl);
        put_str(g, n < g->cols ? (g->cols - n) / 2 : 0, y + h - 1, xl, g->cols);
        h--;
    }
    text_axes(g, p, 0, y, g->cols, h, 1);
}

char *plot_render_text(const PlotFigure *f, int cols, int rows, char *err)
{
    if (cols < 30 || rows < 8 || cols > 1000 || rows > 1000) {
        pl_err(err, "text: size %d×%d is outside 30..1000 columns and 8..1000 rows", cols, rows);
        return NULL;
    }
    Grid g = { cols, rows, malloc((size_t)cols * rows * sizeof(unsigned)) };
    if (!g.cell) { pl_err(err, "text: out of memory"); return NULL; }
    for (int i = 0; i < cols * rows; i++) g.cell[i] = ' ';
    int y = 0, h = rows;
    if (f->title) {
        int n = u8len(f->title);
        put_str(&g, n < cols ? (cols - n) / 2 : 0, 0, f->title, cols);
        y++; h--;
    }
    char cap[2][300];
    int nc = 0;
    if (f->note) snprintf(cap[nc++], 300, "%s", f->note);
    if (f->caption) snprintf(cap[nc++], 300, "%s", f->caption);
    else if (f->skipped) snprintf(cap[nc++], 300, "%zu non-finite value%s skipped", f->skipped, f->skipped == 1 ? "" : "s");
    for (int i = 0; i < nc; i++) put_str(&g, 0, rows - nc + i, cap[i], cols);
    h -= nc;
    int nl = legend_lines(f, &g, 0, 0);
    if (nl && nl < h / 3) { legend_lines(f, &g, y + h - nl, 1); h -= nl; }
    if (f->npanels) text_body(&g, f, y, h);
    char *s = grid_utf8(&g);
    free(g.cell);
    if (!s) pl_err(err, "text: out of memory");
    return s;
}
