/*
 * text.c — fonts, text measurement and text drawing.
 *
 * All text is DejaVu Sans (Debian fonts-dejavu-core) through cairo's font
 * selection. Anchoring uses a fixed box of one em per line: the top is
 * the cap line (0.76 em above the baseline), the bottom the descender
 * line, and "middle" centres capitals and digits, so tick labels line up
 * with their ticks whatever glyphs they contain.
 *
 * For SVG the text is not drawn as glyph outlines (cairo's way) but
 * collected into a TextSink and written as real <text> elements: the file
 * stays small, searchable and selectable. Invariant: whichever way text
 * goes, it is measured with the same cairo font, so layout is identical
 * in PNG, PDF and SVG.
 */
#include "plot/plotint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT_FAMILY "DejaVu Sans"

struct TextSink {
    char *buf;
    size_t len, cap;
    int oom;
};

double pl_font_size(int font)
{
    switch (font) {
    case FONT_TITLE: return 15.5;
    case FONT_LABEL: return 13;
    case FONT_ANNOT: return 11;
    case FONT_SMALL: return 10.5;
    default: return 11.5;
    }
}

static void set_font(cairo_t *cr, int font)
{
    cairo_select_font_face(cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
                           font == FONT_TITLE ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, pl_font_size(font));
}

void pl_text_extent(Ctx *c, int font, const char *s, double *w, double *h)
{
    cairo_text_extents_t te;
    set_font(c->cr, font);
    cairo_text_extents(c->cr, s, &te);
    if (w) *w = te.x_advance;
    if (h) *h = pl_font_size(font);
}

static void sink_put(TextSink *k, const char *s, size_t n)
{
    if (k->oom) return;
    if (k->len + n + 1 > k->cap) {
        size_t cap = (k->cap ? k->cap * 2 : 4096) + n;
        char *b = realloc(k->buf, cap);
        if (!b) { k->oom = 1; return; }
        k->buf = b;
        k->cap = cap;
    }
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    k->buf[k->len] = 0;
}

static void sink_escaped(TextSink *k, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': sink_put(k, "&lt;", 4); break;
        case '>': sink_put(k, "&gt;", 4); break;
        case '&': sink_put(k, "&amp;", 5); break;
        case '"': sink_put(k, "&quot;", 6); break;
        default: sink_put(k, s, 1);
        }
    }
}

static void sink_text(TextSink *k, int font, const char *s, double x, double y, double ax,
                      double rot, PlotColor col)
{
    char head[400];
    const char *anchor = ax < 0.25 ? "start" : ax > 0.75 ? "end" : "middle";
    int n = snprintf(head, sizeof head,
                     "<text x=\"%.2f\" y=\"%.2f\" font-family=\"DejaVu Sans, Verdana, sans-serif\" "
                     "font-size=\"%.1f\"%s fill=\"#%02x%02x%02x\" text-anchor=\"%s\"",
                     x, y, pl_font_size(font), font == FONT_TITLE ? " font-weight=\"bold\"" : "",
                     (int)lround(col.r * 255), (int)lround(col.g * 255), (int)lround(col.b * 255), anchor);
    sink_put(k, head, (size_t)n);
    if (rot != 0) {
        n = snprintf(head, sizeof head, " transform=\"rotate(%.1f %.2f %.2f)\"", -rot, x, y);
        sink_put(k, head, (size_t)n);
    }
    sink_put(k, ">", 1);
    sink_escaped(k, s);
    sink_put(k, "</text>\n", 8);
}

void pl_text(Ctx *c, int font, const char *s, double x, double y, double ax, double ay,
             double rot, PlotColor col)
{
    if (!s || !*s) return;
    double w, size = pl_font_size(font);
    pl_text_extent(c, font, s, &w, NULL);
    /* baseline offset from the anchor point, in the text's own frame */
    double by = ay == 0.5 ? 0.365 * size : ay < 0.5 ? 0.76 * size : -0.24 * size;
    if (c->sink) {
        double a = -rot * M_PI / 180;
        double bx = x - sin(a) * by, byy = y + cos(a) * by;
        sink_text(c->sink, font, s, bx, byy, ax, rot, col);
        return;
    }
    cairo_t *cr = c->cr;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (rot != 0) cairo_rotate(cr, -rot * M_PI / 180);
    cairo_move_to(cr, -w * ax, by);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_show_text(cr, s);
    cairo_new_path(cr);
    cairo_restore(cr);
}

TextSink *pl_sink_new(void) { return PL_NEW(TextSink); }

void pl_sink_free(TextSink *s)
{
    if (!s) return;
    free(s->buf);
    free(s);
}

char *pl_sink_svg(const TextSink *s)
{
    if (s->oom) return NULL;
    return pl_strdup(s->buf ? s->buf : "");
}
