/*
 * plotint.h — the retained figure description shared by the files of plot/ (not a
 * public header: only plot/ includes it).
 *
 * A figure is a grid of panels; a panel has axes (or is a pie), a list of
 * layers in drawing order and a legend. Layers are drawing primitives in
 * data coordinates (lines, points, rectangles, polygons, segments, heat
 * cells, wedges, text); charts are built from them, and every renderer
 * (cairo for PNG/SVG/PDF, the braille canvas for text) walks the same
 * layers. Invariant: every pointer in a figure is owned by it, and every
 * array holds exactly the count stored beside it.
 */
#ifndef PLOTINT_H
#define PLOTINT_H

#include "plot/plot.h"
#include <cairo.h>

#define PL_NEW(T) ((T *)calloc(1, sizeof(T)))

typedef enum {
    L_LINE,       /* polyline x[i],y[i]; NaN breaks it */
    L_POINTS,     /* markers at x[i],y[i]; group/size optional */
    L_RECTS,      /* x[i]..x2[i] × y[i]..y2[i]; group optional */
    L_POLY,       /* one closed filled polygon */
    L_SEGMENTS,   /* x[i],y[i] → x2[i],y2[i] */
    L_HEAT,       /* rows×cols cells centred on integer positions */
    L_WEDGES,     /* pie slices: x[i] values, texts[i] labels */
} LayerKind;

typedef struct Layer {
    LayerKind kind;
    size_t n;
    double *x, *y, *x2, *y2;
    double *size;           /* L_POINTS: per-point radius or NULL */
    int *group;             /* L_POINTS/L_RECTS: colour index or NULL */
    PlotColor color, edge;
    int has_edge;
    double alpha, lw, radius;
    int dash;               /* L_LINE/L_SEGMENTS: dashed */
    int once;               /* L_POINTS: repeats on one pixel drawn once */
    /* L_HEAT */
    size_t rows, cols;
    double *z, vmin, vmax;
    PlotCmap cmap;
    int annotate, decimals;
    char **texts;           /* L_WEDGES: n labels */
} Layer;

typedef enum { LEG_PATCH, LEG_LINE, LEG_MARKER } LegendKind;

typedef struct LegendEntry {
    char *label;
    PlotColor color;
    LegendKind kind;
    int dash;
} LegendEntry;

typedef enum { AX_NUM, AX_CAT } AxisKind;

typedef struct Axis {
    AxisKind kind;
    PlotScale scale;
    char **cats;            /* AX_CAT: labels for positions 0..ncats-1 */
    size_t ncats;
    double lo, hi;          /* data range seen (lo > hi: none yet) */
    int fixed;              /* lo/hi are the limits, no padding */
    int zero;               /* range must include 0 with no pad below it */
    int integral;           /* every value seen so far is a whole number */
    char *label;
} Axis;

typedef enum { P_AXES, P_PIE } PanelKind;

typedef struct Panel {
    PanelKind kind;
    Axis x, y;
    int invert_y;           /* heat maps: row 0 at the top */
    int equal;              /* square data aspect (roc) */
    int no_grid;
    int compact;            /* pairplot cell: ticks/labels only on outer edges */
    int row, col;           /* grid position */
    Layer *layers;
    size_t nlayers;
    LegendEntry *legend;
    size_t nlegend;
    int colorbar;           /* draw a colour bar for cbar_cmap */
    PlotCmap cbar_cmap;
    double cbar_lo, cbar_hi;
    char *cbar_label;
} Panel;

struct PlotFigure {
    char *title, *caption, *note;   /* note: library's own ("showing 60 of ...") */
    int width, height;
    PlotScale xscale, yscale;
    char *xlabel, *ylabel;
    int grid_rows, grid_cols;
    Panel *panels;
    size_t npanels;
    size_t skipped;
    int ncolors;            /* next palette index for overlaid series */
};

/* ---- figure.c --------------------------------------------------------- */
char *pl_strdup(const char *s);
void pl_err(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The figure's single panel (created on first use); NULL on OOM. */
Panel *pl_panel(PlotFigure *f);
/* Appends a zeroed layer of `kind` with n points; allocates x,y (and
 * x2,y2 when two_ends). NULL on OOM (nothing appended). */
Layer *pl_layer(Panel *p, LayerKind kind, size_t n, int two_ends);
/* Removes layers/legend entries added after the given counts (rollback). */
void pl_rollback(Panel *p, size_t nlayers, size_t nlegend);
int pl_legend(Panel *p, const char *label, PlotColor c, LegendKind k, int dash);
void pl_axis_see(Axis *a, double v);
void pl_axis_see_all(Axis *a, const double *v, size_t n);
int pl_axis_cats(Axis *a, const char *const *labels, size_t n);
void pl_layer_free(Layer *l);
/* Replaces the figure's panels by an empty rows×cols grid. */
int pl_grid(PlotFigure *f, int rows, int cols);
void pl_panel_free(Panel *p);

/* ---- scale.c ---------------------------------------------------------- */
/* Numbers from data reach ranges no axis can tick: a span of one ulp
 * (0.1 + 0.2 against 0.3), subnormals, or ±DBL_MAX whose difference
 * overflows. These limits, applied in one place, keep every tick, bin and
 * pixel finite and distinct (matplotlib's nonsingular() rule, with our
 * tick formatter's 15 digits in place of its offset text). */
#define PL_RESOLUTION 1e-12  /* a span below this share of its magnitude is one value */
#define PL_TINY 1e-290       /* magnitudes below this are 0 (10^k ticks stay finite) */
#define PL_MAX_PX 1e6        /* pixel coordinates are clamped to ±this */
#define PL_MAX_RADIUS 50.0   /* marker radius cap in CSS px (cairo's arcs get slow, then hang, with huge radii) */
/* Whether [lo, hi] cannot be ticked distinctly: not lo < hi (also NaN),
 * narrower than PL_RESOLUTION of its magnitude, or all within PL_TINY of 0. */
int pl_singular(double lo, double hi);
/* (v - lo) / (hi - lo) for any finite lo < hi, without overflow. */
double pl_unit(double v, double lo, double hi);
/* floor(p) clamped into 0..n-1, NaN giving 0 (n > 0): the way plot/ turns
 * a computed position into an array index — a bare cast of NaN or of an
 * out-of-range double is undefined behaviour. */
static inline size_t pl_index(double p, size_t n)
{
    return p >= 0 ? (p < (double)(n - 1) ? (size_t)p : n - 1) : 0;
}

/* A resolved axis: data limits and the mapping to pixels. */
typedef struct Mapper {
    double lo, hi;          /* data limits (log10 of them for PLOT_LOG) */
    double p0, p1;          /* pixel positions of lo and hi */
    PlotScale scale;
} Mapper;
/* Pixel position of v: finite for finite v (clamped to ±PL_MAX_PX), NaN
 * only for NaN. */
double pl_map(const Mapper *m, double v);
/* Limits with padding; never singular and always finite (lo < hi). */
void pl_axis_limits(const Axis *a, double *lo, double *hi);
/* Ticks for an axis with limits [lo,hi] of `pixels` length; returns count. */
int pl_axis_ticks(const Axis *a, double lo, double hi, double pixels, double spacing,
                  double *ticks, int max, double *step);
void pl_format_axis_tick(const Axis *a, double v, double step, char *buf, size_t len);

/* ---- text.c ----------------------------------------------------------- */
typedef struct TextSink TextSink;   /* SVG <text> collector; NULL: cairo glyphs */
typedef struct Ctx {
    cairo_t *cr;
    TextSink *sink;
    int raster;             /* markers go straight into the image surface */
    cairo_surface_t *img;
    double scale;           /* device px per CSS px (raster) */
    size_t npoints;         /* raster markers drawn (picks the PNG filter) */
} Ctx;
enum { FONT_TICK, FONT_LABEL, FONT_TITLE, FONT_ANNOT, FONT_SMALL };
double pl_font_size(int font);
/* Width/height of s in CSS px for `font`. */
void pl_text_extent(Ctx *c, int font, const char *s, double *w, double *h);
/* Draws s anchored at (x,y): ax 0=left .5=centre 1=right; ay 0=top
 * .5=middle 1=baseline-ish bottom; rot in degrees (counter-clockwise). */
void pl_text(Ctx *c, int font, const char *s, double x, double y, double ax, double ay,
             double rot, PlotColor col);
TextSink *pl_sink_new(void);
void pl_sink_free(TextSink *s);
/* Appends the collected <text> elements; returns 0, -1 on OOM. */
char *pl_sink_svg(const TextSink *s);

/* ---- color.c ---------------------------------------------------------- */
PlotColor pl_rgb(unsigned hex);
double pl_luminance(PlotColor c);
PlotColor pl_mix(PlotColor a, PlotColor b, double t);

/* ---- layout.c --------------------------------------------------------- */
#define PL_MAXTICKS 64
/* Where a panel's parts go, in CSS px. */
typedef struct Layout {
    double x, y, w, h;              /* the plot area */
    Mapper mx, my;
    double xt[PL_MAXTICKS], yt[PL_MAXTICKS], xstep, ystep;
    int nxt, nyt;
    double xrot;                    /* x tick label rotation (0, 45 or 90) */
    double xslot_max;               /* > 0: categorical x labels get at most this */
    int show_xt, show_yt;           /* draw tick labels */
    int show_xlabel, show_ylabel;
    double leg_x, leg_y, leg_w, leg_h;  /* legend box (leg_w 0: none) */
    double cb_x, cb_y, cb_w, cb_h;      /* colour bar (cb_w 0: none) */
} Layout;
/* The rectangle a panel may use, then its layout inside it. `outer` is
 * {x, y, w, h}. leg_outside_w: room already reserved at the right. */
void pl_layout_panel(Ctx *c, const PlotFigure *f, const Panel *p, const double outer[4], Layout *L);
/* Legend box size for p's entries. */
void pl_legend_size(Ctx *c, const Panel *p, double *w, double *h);
/* Fits a string to max_w px, ending with an ellipsis; out gets the result. */
void pl_fit_text(Ctx *c, int font, const char *s, double max_w, char *out, size_t len);

/* ---- draw.c ----------------------------------------------------------- */
/* Draws the whole figure on c (cairo context sized width×height CSS px). */
void pl_draw_figure(Ctx *c, const PlotFigure *f, double width, double height);

/* ---- raster.c --------------------------------------------------------- */
/* Blends n anti-aliased discs into the image surface of c, clipped to the
 * CSS-px rectangle clip[4] = {x, y, w, h}. px/py are CSS px; each disc is
 * centred on its pixel's centre. once: a disc repeating the previous one
 * drawn on the same pixel (same colour; needs radius == NULL) is skipped. */
void pl_raster_points(Ctx *c, const double *px, const double *py, const double *radius,
                      const PlotColor *colors, const int *color_idx, size_t n,
                      double r_default, double alpha, int once, const double clip[4]);

/* ---- stats.c ---------------------------------------------------------- */
/* The three quartiles of x (finite values; compute/'s O(n) selection);
 * *m the count of finite values. -1 when out of memory. */
int pl_quartiles(const double *x, size_t n, double q[3], size_t *m);

#endif
