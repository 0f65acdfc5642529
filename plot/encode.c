/*
 * encode.c — figure → PNG, SVG or PDF bytes in memory.
 *
 * All three run the same drawing code (draw.c) on a different cairo
 * surface. PNG: an RGB24 image surface (plots are opaque), written
 * through libpng directly — about 5× faster than cairo_surface_write_to_png
 * and smaller, because plots are mostly flat colour (MEASURED.md). Flat
 * charts: filter UP at level 4; dense scatters: filter NONE at level 2 (UP
 * and SUB are ~35% larger there; level 3 is 8% smaller but takes 2 ms
 * more on the 100k-point benchmark, level 4 is larger and slower still).
 * zlib's default strategy, not the Z_FILTERED libpng picks for filtered
 * rows: 2–5% smaller on plots.
 * SVG: cairo's SVG surface for shapes, with text spliced in as <text>
 * elements (text.c). PDF: cairo's PDF surface, one page, 0.75 pt per CSS
 * px (96 dpi).
 * Invariant: on failure nothing is returned and nothing leaks.
 */
#include "plot/plotint.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <png.h>
#include <zlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DENSE_POINTS 20000   /* raster markers beyond which NONE wins */

typedef struct Buf {
    unsigned char *p;
    size_t len, cap;
    int oom;
} Buf;

static int buf_put(Buf *b, const unsigned char *s, size_t n)
{
    if (b->oom) return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 65536) + n;
        unsigned char *q = realloc(b->p, cap);
        if (!q) { b->oom = 1; return -1; }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return 0;
}

static cairo_status_t cairo_sink(void *closure, const unsigned char *data, unsigned int n)
{
    return buf_put(closure, data, n) ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

static void png_sink(png_structp png, png_bytep data, png_size_t n)
{
    if (buf_put(png_get_io_ptr(png), data, n)) png_error(png, "out of memory");
}

static void png_flush_noop(png_structp png) { (void)png; }

static void png_err_fn(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

/* RGB24 surface → PNG bytes. libpng reports errors by longjmp; only
 * png-owned memory and `row` live across it, both released below. */
static int write_png(cairo_surface_t *s, Buf *out, int dense)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_err_fn, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile row = malloc((size_t)w * 3);
    if (!png || !info || !row || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return -1;
    }
    png_set_write_fn(png, out, png_sink, png_flush_noop);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, dense ? 2 : 4);
    png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
    png_set_filter(png, 0, dense ? PNG_FILTER_NONE : PNG_FILTER_UP);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(data + (size_t)y * stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = src[x];
            row[3 * x] = (unsigned char)(v >> 16);
            row[3 * x + 1] = (unsigned char)(v >> 8);
            row[3 * x + 2] = (unsigned char)v;
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    return 0;
}

static void size_defaults(const PlotFigure *f, int *w, int *h)
{
    if (*w <= 0) *w = f->width;
    if (*h <= 0) *h = f->height;
}

static int check_size(int w, int h, char *err)
{
    if (w < 50 || h < 50 || w > 20000 || h > 20000) {
        pl_err(err, "render: size %d×%d is outside 50..20000 pixels", w, h);
        return -1;
    }
    return 0;
}

int plot_render_png(const PlotFigure *f, int width, int height, double scale,
                    unsigned char **out, size_t *len, char *err)
{
    size_defaults(f, &width, &height);
    if (!(scale > 0)) scale = 1;
    if (check_size(width, height, err)) return -1;
    double Wd = width * scale + 0.5, Hd = height * scale + 0.5;
    if (!(Wd < 20001 && Hd < 20001)) {          /* before the casts; also inf */
        pl_err(err, "render: %d×%d at scale %g is over 20000 pixels a side", width, height, scale);
        return -1;
    }
    int W = (int)Wd, H = (int)Hd;
    if (check_size(W, H, err)) return -1;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    if (cairo_surface_status(s)) {
        cairo_surface_destroy(s);
        pl_err(err, "render: cannot allocate a %d×%d image", W, H);
        return -1;
    }
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    Ctx c = { cr, NULL, 1, s, scale, 0 };
    pl_draw_figure(&c, f, width, height);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    Buf b = {0};
    int rc = write_png(s, &b, c.npoints > DENSE_POINTS);
    cairo_surface_destroy(s);
    if (rc) {
        free(b.p);
        pl_err(err, "render: PNG encoding failed (out of memory)");
        return -1;
    }
    *out = b.p;
    *len = b.len;
    return 0;
}

/* Inserts the collected <text> elements before the closing </svg>. */
static int splice_text(Buf *b, const char *text)
{
    const char *end = "</svg>";
    unsigned char *at = NULL;
    for (size_t i = b->len; i >= 6; i--)
        if (memcmp(b->p + i - 6, end, 6) == 0) { at = b->p + i - 6; break; }
    if (!at) return -1;
    size_t head = (size_t)(at - b->p), tl = strlen(text);
    unsigned char *q = malloc(b->len + tl + 1);
    if (!q) return -1;
    memcpy(q, b->p, head);
    memcpy(q + head, text, tl);
    memcpy(q + head + tl, b->p + head, b->len - head);
    q[b->len + tl] = 0;
    free(b->p);
    b->p = q;
    b->len += tl;
    return 0;
}

int plot_render_svg(const PlotFigure *f, int width, int height,
                    unsigned char **out, size_t *len, char *err)
{
    size_defaults(f, &width, &height);
    if (check_size(width, height, err)) return -1;
    Buf b = {0};
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(cairo_sink, &b, width, height);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
    cairo_t *cr = cairo_create(s);
    TextSink *sink = pl_sink_new();
    Ctx c = { cr, sink, 0, NULL, 1, 0 };
    if (sink) pl_draw_figure(&c, f, width, height);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || b.oom || !sink;
    cairo_surface_destroy(s);
    char *text = bad ? NULL : pl_sink_svg(sink);
    pl_sink_free(sink);
    if (bad || !text || splice_text(&b, text)) {
        free(text);
        free(b.p);
        pl_err(err, "render: SVG encoding failed");
        return -1;
    }
    free(text);
    *out = b.p;
    *len = b.len;
    return 0;
}

int plot_render_pdf(const PlotFigure *f, int width, int height,
                    unsigned char **out, size_t *len, char *err)
{
    size_defaults(f, &width, &height);
    if (check_size(width, height, err)) return -1;
    Buf b = {0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(cairo_sink, &b, width * 0.75, height * 0.75);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, 0.75, 0.75);
    Ctx c = { cr, NULL, 0, NULL, 1, 0 };
    pl_draw_figure(&c, f, width, height);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || b.oom;
    cairo_surface_destroy(s);
    if (bad) {
        free(b.p);
        pl_err(err, "render: PDF encoding failed");
        return -1;
    }
    *out = b.p;
    *len = b.len;
    return 0;
}
