/*
 * image.c — draw a PNG inline in the terminal with libchafa.
 *
 * The PNG is decoded with cairo (which the plot layer links anyway) and
 * handed to a chafa canvas in a pixel mode — kitty, iTerm2 or sixel —
 * chosen from chafa's terminal database for this environment. A terminal
 * that supports none of them gets NULL, and the caller prints the plot's
 * Unicode text instead.
 *
 * libchafa is opened with dlopen on first use and its few entry points
 * looked up by name, so the program neither needs chafa's (glib-laden)
 * headers to build nor the library to run. The enum values below are
 * chafa's stable ABI (chafa-common.h, chafa-canvas-config.h,
 * chafa-term-seq-def.h, unchanged since 1.8).
 */
#include "repl/image.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<cairo.h>)
#include <cairo.h>
#define HAVE_CAIRO 1
#endif
#endif

extern char **environ;

enum {
    PIXEL_BGRA8_PREMULTIPLIED = 1,              /* ChafaPixelType */
    MODE_SIXELS = 1, MODE_KITTY = 2, MODE_ITERM2 = 3,   /* ChafaPixelMode */
    SEQ_BEGIN_SIXELS = 40, SEQ_BEGIN_KITTY = 43, SEQ_BEGIN_ITERM2 = 47,
};

typedef struct { char *str; size_t len, allocated; } GStringABI;

/* The chafa (and one glib) entry points we use. */
static struct {
    int tried, ok;
    void *(*db_get_default)(void);
    void *(*db_detect)(void *db, char **envp);
    int (*have_seq)(const void *ti, int seq);
    void (*ti_unref)(void *ti);
    void *(*config_new)(void);
    void (*config_unref)(void *c);
    void (*set_geometry)(void *c, int w, int h);
    void (*set_cell_geometry)(void *c, int w, int h);
    void (*set_pixel_mode)(void *c, int mode);
    void (*calc_geometry)(int sw, int sh, int *w, int *h, float ratio, int zoom, int stretch);
    void *(*canvas_new)(const void *c);
    void (*canvas_unref)(void *cv);
    void (*draw)(void *cv, int type, const unsigned char *px, int w, int h, int stride);
    GStringABI *(*print)(void *cv, void *ti);
    char *(*gstring_free)(GStringABI *s, int free_segment);
} cf;

#define SYM(field, name) \
    (*(void **)&cf.field = dlsym(h, name)) != NULL

static int load_chafa(void)
{
    if (cf.tried)
        return cf.ok;
    cf.tried = 1;
    void *h = dlopen("libchafa.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return 0;
    cf.ok = SYM(db_get_default, "chafa_term_db_get_default")
        && SYM(db_detect, "chafa_term_db_detect")
        && SYM(have_seq, "chafa_term_info_have_seq")
        && SYM(ti_unref, "chafa_term_info_unref")
        && SYM(config_new, "chafa_canvas_config_new")
        && SYM(config_unref, "chafa_canvas_config_unref")
        && SYM(set_geometry, "chafa_canvas_config_set_geometry")
        && SYM(set_cell_geometry, "chafa_canvas_config_set_cell_geometry")
        && SYM(set_pixel_mode, "chafa_canvas_config_set_pixel_mode")
        && SYM(calc_geometry, "chafa_calc_canvas_geometry")
        && SYM(canvas_new, "chafa_canvas_new")
        && SYM(canvas_unref, "chafa_canvas_unref")
        && SYM(draw, "chafa_canvas_draw_all_pixels")
        && SYM(print, "chafa_canvas_print")
        && SYM(gstring_free, "g_string_free");
    return cf.ok;   /* the handle stays open for the life of the process */
}

/* The pixel mode this terminal supports, or 0 for none. */
static int detect_mode(void **ti_out)
{
    void *ti = cf.db_detect(cf.db_get_default(), environ);
    int mode = 0;
    if (cf.have_seq(ti, SEQ_BEGIN_KITTY))
        mode = MODE_KITTY;
    else if (cf.have_seq(ti, SEQ_BEGIN_ITERM2))
        mode = MODE_ITERM2;
    else if (cf.have_seq(ti, SEQ_BEGIN_SIXELS))
        mode = MODE_SIXELS;
    if (!mode)
        cf.ti_unref(ti);
    else
        *ti_out = ti;
    return mode;
}

#ifdef HAVE_CAIRO
typedef struct { const unsigned char *p; size_t left; } PngReader;

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int n)
{
    PngReader *r = closure;
    if (n > r->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p, n);
    r->p += n;
    r->left -= n;
    return CAIRO_STATUS_SUCCESS;
}

/* Decode to premultiplied BGRA (cairo's ARGB32 on little-endian hosts;
 * RGB24 gets its unused byte set opaque). NULL when it does not decode. */
static cairo_surface_t *decode_png(const char *png, size_t len)
{
    PngReader r = { (const unsigned char *)png, len };
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &r);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    if (cairo_image_surface_get_format(s) == CAIRO_FORMAT_RGB24) {
        unsigned char *d = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        for (int y = 0; y < cairo_image_surface_get_height(s); y++)
            for (int x = 0; x < cairo_image_surface_get_width(s); x++)
                d[y * stride + x * 4 + 3] = 0xff;
    }
    return s;
}

/* Cell size in pixels from the terminal, or a common 10x20 guess. */
static void cell_size(int *cw, int *ch, int *rows)
{
    struct winsize ws;
    *cw = 10, *ch = 20, *rows = 24;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
        return;
    if (ws.ws_row > 0)
        *rows = ws.ws_row;
    if (ws.ws_col > 0 && ws.ws_row > 0 && ws.ws_xpixel > 0 && ws.ws_ypixel > 0) {
        *cw = ws.ws_xpixel / ws.ws_col;
        *ch = ws.ws_ypixel / ws.ws_row;
    }
}

static char *render(cairo_surface_t *s, int mode, void *ti, int cols)
{
    int iw = cairo_image_surface_get_width(s), ih = cairo_image_surface_get_height(s);
    int cw, ch, rows;
    cell_size(&cw, &ch, &rows);
    int w = cols > 2 ? cols - 1 : cols, h = rows > 4 ? rows - 2 : rows;
    if (w > iw / cw && iw / cw > 0)
        w = iw / cw;            /* never blow a small plot up */
    cf.calc_geometry(iw, ih, &w, &h, (float)cw / (float)ch, 0, 0);
    void *cfg = cf.config_new();
    cf.set_geometry(cfg, w, h);
    cf.set_cell_geometry(cfg, cw, ch);
    cf.set_pixel_mode(cfg, mode);
    void *cv = cf.canvas_new(cfg);
    cf.draw(cv, PIXEL_BGRA8_PREMULTIPLIED, cairo_image_surface_get_data(s), iw, ih,
            cairo_image_surface_get_stride(s));
    GStringABI *g = cf.print(cv, ti);
    char *out = g ? strndup(g->str, g->len) : NULL;
    if (g)
        cf.gstring_free(g, 1);
    cf.canvas_unref(cv);
    cf.config_unref(cfg);
    return out;
}
#endif

char *image_render(const char *png, size_t len, int cols)
{
#ifdef HAVE_CAIRO
    if (!load_chafa())
        return NULL;
    void *ti = NULL;
    int mode = detect_mode(&ti);
    if (!mode)
        return NULL;
    char *out = NULL;
    cairo_surface_t *s = decode_png(png, len);
    if (s) {
        out = render(s, mode, ti, cols);
        cairo_surface_destroy(s);
    }
    cf.ti_unref(ti);
    return out;
#else
    (void)png; (void)len; (void)cols;
    return NULL;
#endif
}
