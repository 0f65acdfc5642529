/*
 * plot.h — sift's rendering library: charts from plain C arrays, drawn
 * with cairo into PNG, SVG and PDF, or into Unicode text for terminals.
 *
 * The library knows nothing of the language. A PlotFigure is a retained
 * description: every chart call COPIES the data it is given, so a figure
 * can be rendered later, many times, to any format and size. Build one
 * with plot_figure_new, add one chart (or several layers) to it, render,
 * and release it with plot_figure_free.
 *
 *     char err[PLOT_ERRLEN];
 *     PlotFigure *f = plot_figure_new(&(PlotOptions){ .title = "Ages" });
 *     if (plot_hist(f, ages, n, &(PlotHistOptions){ .bins = 20 }, err) < 0) ...
 *     unsigned char *png; size_t len;
 *     if (plot_render_png(f, 800, 600, 1.0, &png, &len, err) < 0) ...
 *     free(png); plot_figure_free(f);
 *
 * Conventions, everywhere in this header:
 *  - Arguments are borrowed; the library copies what it keeps.
 *  - Results handed back (PNG/SVG/PDF bytes, text) are malloc'd and owned
 *    by the caller, who releases them with free().
 *  - Failure: functions return -1 (or NULL) and write a one-line message
 *    into the caller's `char err[PLOT_ERRLEN]` (err may be NULL). They
 *    never print, never abort, never exit. A chart call that fails leaves
 *    the figure as it was before the call.
 *  - Non-finite values (NaN, ±inf; the caller maps NA to NaN) are skipped
 *    and counted; the count is shown in a caption unless the caller gave
 *    its own caption (PlotOptions.caption).
 *  - Sizes are in CSS pixels; `scale` multiplies them for HiDPI output
 *    (scale 2 gives a 1600×1200 PNG for an 800×600 figure).
 */
#ifndef PLOT_H
#define PLOT_H

#include <stddef.h>

#define PLOT_ERRLEN 256
/* bar(): at most this many bars are drawn; more categories keep the
 * largest values and say so in the caption (a readable chart has to end
 * somewhere, and 60 labels already need rotated text at 800 px). */
#define PLOT_MAX_BARS 60
/* Categorical colour groups beyond this share colours (cycled). */
#define PLOT_PALETTE_SIZE 8

typedef struct PlotFigure PlotFigure;

/* An sRGB colour, components 0..1. */
typedef struct PlotColor { double r, g, b; } PlotColor;

typedef enum PlotScale { PLOT_LINEAR = 0, PLOT_LOG = 1 } PlotScale;
typedef enum PlotCmap { PLOT_CMAP_VIRIDIS = 0, PLOT_CMAP_RDBU = 1, PLOT_CMAP_BLUES = 2 } PlotCmap;

/* Figure-wide options; every field may be left zero/NULL. */
typedef struct PlotOptions {
    const char *title, *xlabel, *ylabel;
    const char *caption;     /* one line under the plot, e.g. "3 NA values skipped" */
    int width, height;       /* default render size (CSS px); 0 → 800×600 */
    PlotScale xscale, yscale;
} PlotOptions;

/* Returns a new empty figure (NULL only when out of memory). Strings are
 * copied. Release with plot_figure_free. */
PlotFigure *plot_figure_new(const PlotOptions *o);
/* Releases f and everything it owns; NULL is a no-op. */
void plot_figure_free(PlotFigure *f);
/* The default render size given at creation (800×600 when unset). */
void plot_figure_size(const PlotFigure *f, int *width, int *height);
/* Replaces the caption (copied; NULL removes it). Returns 0, -1 on OOM. */
int plot_figure_set_caption(PlotFigure *f, const char *caption);
/* Number of non-finite values the chart calls skipped so far. */
size_t plot_figure_skipped(const PlotFigure *f);

/* ---- chart kinds ------------------------------------------------------
 * Each adds to the figure's (single) panel. Returns 0, or -1 with err set.
 * labels arrays hold n NUL-terminated strings (borrowed, copied). */

typedef struct PlotHistOptions {
    int bins;                /* > 0: that many equal bins over the data range */
    const char *rule;        /* when bins == 0: "auto" (default), "fd", "sturges" */
    int density;             /* scale so the area is 1 (numpy density=True) */
    const char *label;       /* legend label (several hist calls overlay) */
} PlotHistOptions;
/* Histogram of x[0..n). Fails on no finite values. */
int plot_hist(PlotFigure *f, const double *x, size_t n, const PlotHistOptions *o, char *err);
/* Histogram from precomputed edges[0..nbins] (increasing) and counts[0..nbins). */
int plot_hist_counts(PlotFigure *f, const double *edges, const double *counts, size_t nbins,
                     const char *label, char *err);

/* Gaussian KDE curve of x (Scott's rule when bw <= 0; otherwise bw is the
 * kernel standard deviation). Fails on < 2 finite values or zero variance
 * with bw <= 0. label may be NULL. */
int plot_density(PlotFigure *f, const double *x, size_t n, double bw, const char *label, char *err);

/* Box plot of ngroups columns: data[g][0..lens[g]), names[g]. 1.5·IQR
 * whiskers (to the furthest point inside), outliers as points, quantiles
 * by linear interpolation (type 7). */
int plot_box(PlotFigure *f, const double *const *data, const size_t *lens, const char *const *names,
             size_t ngroups, char *err);
/* Violin plot (KDE outline, Scott's rule) with median and quartile marks. */
int plot_violin(PlotFigure *f, const double *const *data, const size_t *lens, const char *const *names,
                size_t ngroups, char *err);

typedef struct PlotScatterOptions {
    const int *group;              /* per-point group code 0..ngroups-1, or NULL */
    const char *const *group_names;/* ngroups legend labels (required with group) */
    size_t ngroups;
    const double *size;            /* per-point marker radius in px, or NULL */
    double radius;                 /* marker radius px; <= 0: chosen from n */
    double alpha;                  /* 0..1; <= 0: chosen from n */
} PlotScatterOptions;
/* Scatter of (x[i], y[i]); pairs with a non-finite coordinate are skipped. */
int plot_scatter(PlotFigure *f, const double *x, const double *y, size_t n,
                 const PlotScatterOptions *o, char *err);

/* Scatter matrix of k columns cols[j][0..n) named names[j]: histograms on
 * the diagonal, scatters elsewhere; group/group_names/ngroups as scatter
 * (may be NULL/0). The figure must be empty. k is 1..8. */
int plot_pairplot(PlotFigure *f, const double *const *cols, const char *const *names, size_t k,
                  size_t n, const int *group, const char *const *group_names, size_t ngroups,
                  char *err);

typedef struct PlotHeatOptions {
    PlotCmap cmap;
    int annotate;            /* write each value in its cell */
    int decimals;            /* annotation decimals; < 0 → chosen */
    double vmin, vmax;       /* colour range; vmin == vmax → data range */
    const char *cbar_label;  /* colour bar caption, may be NULL */
} PlotHeatOptions;
/* Heat map of z[r*cols + c] (row 0 drawn on top), with row/column labels
 * (NULL → indices). NaN cells are left blank. */
int plot_heatmap(PlotFigure *f, const double *z, size_t rows, size_t cols,
                 const char *const *row_labels, const char *const *col_labels,
                 const PlotHeatOptions *o, char *err);
/* Correlation matrix k×k (diverging RdBu, fixed −1..1, annotated). */
int plot_corrplot(PlotFigure *f, const double *r, size_t k, const char *const *labels, char *err);
/* Confusion matrix counts[true*k + pred], annotated, with class labels. */
int plot_confusion(PlotFigure *f, const double *counts, size_t k, const char *const *labels, char *err);

/* Bars of values[i] named labels[i]; horizontal when horizontal != 0.
 * More than PLOT_MAX_BARS: the largest are kept and the caption says so. */
int plot_bar(PlotFigure *f, const double *values, const char *const *labels, size_t n,
             int horizontal, char *err);
/* Pie of non-negative values with percentages. Fails on a negative value
 * or an all-zero sum. */
int plot_pie(PlotFigure *f, const double *values, const char *const *labels, size_t n, char *err);

/* One line series; x may be NULL (0, 1, 2, ...). Call again to add series;
 * labelled series appear in the legend. Points with a non-finite
 * coordinate break the line. */
int plot_line(PlotFigure *f, const double *x, const double *y, size_t n, const char *label, char *err);

/* ROC curve of scores against y_true (0/1; non-finite scores skipped),
 * with the chance diagonal and the AUC in the legend. *auc_out may be NULL. */
int plot_roc(PlotFigure *f, const double *y_true, const double *score, size_t n,
             const char *label, double *auc_out, char *err);

/* ---- statistics helpers (exported for the stdlib and the tests) ------ */

/* numpy.histogram_bin_edges(x, bins=rule or nbins): writes a malloc'd
 * array of *nedges edges into *edges. rule is "auto", "fd", "sturges" or
 * NULL with nbins > 0. Non-finite values are ignored. -1 on error. */
int plot_bin_edges(const double *x, size_t n, const char *rule, int nbins,
                   double **edges, size_t *nedges, char *err);
/* numpy.histogram counts for the given edges (right edge of the last bin
 * inclusive); counts[nedges-1] is written. Returns the number counted. */
size_t plot_bin_counts(const double *x, size_t n, const double *edges, size_t nedges, double *counts);
/* Quantiles, KDE and ROC points are compute/'s (compute/compute.h). */

/* ---- scales, ticks, colours (exported for the tests) ----------------- */

/* "Nice" ticks covering [lo, hi]: steps 1, 2, 2.5, 5 × 10^k, about
 * `target` of them, all inside [lo, hi]. Writes at most max ticks into
 * out, returns the count; *step gets the spacing. Any finite lo <= hi
 * works, ±DBL_MAX included; a range too narrow to tick distinctly (equal
 * to 12 digits, or within 1e-290 of 0) gets one tick in its middle.
 * Non-finite lo or hi: 0 ticks. */
int plot_nice_ticks(double lo, double hi, int target, double *out, int max, double *step);
/* Formats a tick value so that all ticks with spacing `step` read
 * distinctly and without noise ("0.25", "1,000" is NOT used: "1000",
 * "2.5e6" for large/small magnitudes). ASCII '-' for negatives. */
void plot_format_tick(double v, double step, char *buf, size_t len);
/* Categorical colour i (Okabe–Ito order, cycled). */
PlotColor plot_palette(int i);
/* Colour map at t in [0,1] (clamped; NaN gives light grey). */
PlotColor plot_cmap(PlotCmap m, double t);

/* ---- rendering ------------------------------------------------------- */

/* PNG of the figure at width×height CSS px times scale (the PNG is
 * round(width·scale) × round(height·scale) pixels). *out is malloc'd.
 * width/height <= 0 use the figure's default size; scale <= 0 means 1. */
int plot_render_png(const PlotFigure *f, int width, int height, double scale,
                    unsigned char **out, size_t *len, char *err);
/* SVG document (text kept as <text> elements); *out is malloc'd and
 * NUL-terminated (len excludes the NUL). */
int plot_render_svg(const PlotFigure *f, int width, int height,
                    unsigned char **out, size_t *len, char *err);
/* One-page PDF document; *out is malloc'd. */
int plot_render_pdf(const PlotFigure *f, int width, int height,
                    unsigned char **out, size_t *len, char *err);
/* Unicode rendering for a terminal, cols×rows characters (braille dots
 * for data, box drawing for axes, tick labels, title, legend). Lines end
 * in '\n'. Deterministic for a given figure and size. Returns a malloc'd
 * string or NULL (err set). cols >= 30 and rows >= 8. */
char *plot_render_text(const PlotFigure *f, int cols, int rows, char *err);

#endif
