/*
 * test_plot.c — unit tests for plot/: tick placement and formatting,
 * colour maps, histogram binning against numpy golden numbers
 * (tests/golden/plot/golden.h, made by make_golden.py beside it; the
 * quantile, KDE and ROC numbers there are checked by test_compute.c, as
 * those kernels are compute/'s),
 * every chart kind rendered to PNG/SVG/PDF/text with real properties
 * checked, and bad input giving clear errors.
 *
 * Run from the repository root (the expected text renderings are read
 * from tests/golden/plot/). PLOT_GOLDEN_UPDATE=1 rewrites them.
 */
#include "plot/plot.h"
#include "plot/plotint.h"      /* axis limits, pixel mapping, pl_index */
#include "tests/golden/plot/golden.h"

#include <cairo.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fontconfig keeps its caches until exit on purpose; not our leak. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static char err[PLOT_ERRLEN];

static double det(int i, int k) { return sin(i * 0.7 + k) * 3 + cos(i * 0.13) * 2 + ((i % 7) * (i % 7)) / 10.0; }

static void fill(double *x, int n, int k)
{
    for (int i = 0; i < n; i++) x[i] = det(i, k);
}

/* ---- ticks, formatting, colours ------------------------------------------------ */

START_TEST(ticks_basic)
{
    double t[64], step;
    int n = plot_nice_ticks(0, 10, 6, t, 64, &step);
    ck_assert_int_eq(n, 6);
    ck_assert(step == 2 && t[0] == 0 && t[5] == 10);
    n = plot_nice_ticks(-3.2, 7.9, 5, t, 64, &step);
    ck_assert(step == 2 || step == 2.5);
    for (int i = 0; i < n; i++) ck_assert(t[i] >= -3.2 && t[i] <= 7.9);
    n = plot_nice_ticks(0.1, 0.4, 4, t, 64, &step);
    char buf[32];
    for (int i = 0; i < n; i++) {
        plot_format_tick(t[i], step, buf, sizeof buf);
        ck_assert_msg(strlen(buf) <= 4, "noisy tick label %s", buf);
    }
    n = plot_nice_ticks(1e6, 5e6, 5, t, 64, &step);
    ck_assert(n >= 3 && step == 1e6);
    n = plot_nice_ticks(5, 5, 5, t, 64, &step);     /* degenerate range */
    ck_assert_int_eq(n, 1);
}
END_TEST

START_TEST(format_ticks)
{
    struct { double v, step; const char *want; } c[] = {
        { 0, 1, "0" }, { 2.5, 2.5, "2.5" }, { 1000, 500, "1000" }, { 2500000, 500000, "2.5e6" },
        { 0.00015, 0.00005, "0.00015" }, { 0.00002, 0.00001, "2e-5" }, { -0.5, 0.5, "-0.5" }, { 1.25, 0.25, "1.25" },
        { 0.3, 0.1, "0.3" }, { 12, 2, "12" }, { -20, 10, "-20" }, { 1e6, 1e6, "1e6" },
    };
    char buf[64];
    for (size_t i = 0; i < N_OF(c); i++) {
        plot_format_tick(c[i].v, c[i].step, buf, sizeof buf);
        ck_assert_str_eq(buf, c[i].want);
    }
}
END_TEST

static int near(PlotColor c, double r, double g, double b, double tol)
{
    return fabs(c.r - r) < tol && fabs(c.g - g) < tol && fabs(c.b - b) < tol;
}

START_TEST(colour_maps)
{
    ck_assert(near(plot_cmap(PLOT_CMAP_VIRIDIS, 0), 0.267, 0.005, 0.329, 0.002));
    ck_assert(near(plot_cmap(PLOT_CMAP_VIRIDIS, 1), 0.993, 0.906, 0.144, 0.002));
    ck_assert(near(plot_cmap(PLOT_CMAP_VIRIDIS, 0.5), 0.128, 0.567, 0.551, 0.002));
    ck_assert(near(plot_cmap(PLOT_CMAP_RDBU, 0.5), 0xf7 / 255.0, 0xf7 / 255.0, 0xf7 / 255.0, 0.002));
    PlotColor lo = plot_cmap(PLOT_CMAP_RDBU, 0), hi = plot_cmap(PLOT_CMAP_RDBU, 1);
    ck_assert(lo.b > lo.r && hi.r > hi.b);                  /* blue → red */
    ck_assert(near(plot_cmap(PLOT_CMAP_VIRIDIS, -3), 0.267, 0.005, 0.329, 0.002));   /* clamped */
    ck_assert(near(plot_cmap(PLOT_CMAP_BLUES, NAN), 0xdd / 255.0, 0xdd / 255.0, 0xdd / 255.0, 0.002));
    /* viridis luminance increases monotonically (sequential map) */
    double prev = -1;
    for (int i = 0; i <= 20; i++) {
        PlotColor c = plot_cmap(PLOT_CMAP_VIRIDIS, i / 20.0);
        double l = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
        ck_assert(l > prev);
        prev = l;
    }
    ck_assert(near(plot_palette(0), 0, 0x72 / 255.0, 0xb2 / 255.0, 0.002));     /* Okabe–Ito blue */
    for (int i = 0; i < PLOT_PALETTE_SIZE; i++)
        for (int j = 0; j < i; j++) {
            PlotColor a = plot_palette(i), b = plot_palette(j);
            ck_assert(fabs(a.r - b.r) + fabs(a.g - b.g) + fabs(a.b - b.b) > 0.2);
        }
}
END_TEST

/* ---- golden numbers ---------------------------------------------------------------- */

static void check_edges(const char *rule, int nbins, const double *want_e, size_t ne,
                        const double *want_c)
{
    double x[500], *e, c[1000];
    size_t n;
    fill(x, 500, 0);
    ck_assert_msg(plot_bin_edges(x, 500, rule, nbins, &e, &n, err) == 0, "%s", err);
    ck_assert_uint_eq(n, ne);
    for (size_t i = 0; i < n; i++) ck_assert_msg(fabs(e[i] - want_e[i]) < 1e-12, "edge %zu", i);
    ck_assert_uint_eq(plot_bin_counts(x, 500, e, n, c), 500);
    for (size_t i = 0; i + 1 < n; i++) ck_assert_msg(c[i] == want_c[i], "count %zu: %g vs %g", i, c[i], want_c[i]);
    free(e);
}

START_TEST(golden_bins)
{
    check_edges("auto", 0, edges_auto, N_OF(edges_auto), counts_auto);
    check_edges("fd", 0, edges_fd, N_OF(edges_fd), counts_fd);
    check_edges("sturges", 0, edges_sturges, N_OF(edges_sturges), counts_sturges);
    check_edges(NULL, 13, edges_13, N_OF(edges_13), counts_13);
    double w = edges_13[1] - edges_13[0];
    for (size_t i = 0; i < N_OF(counts_13); i++)
        ck_assert(fabs(counts_13[i] / (500 * w) - density_13[i]) < 1e-12);
}
END_TEST

/* Two and three values: the quartile ranks repeat out of order, which once
 * sent the bucketed selection out of bounds. Edges from numpy 1.24:
 * np.histogram_bin_edges(x, "auto" | "fd"). */
START_TEST(bins_of_tiny_inputs)
{
    struct { double x[3]; size_t n; const char *rule; double e[4]; size_t ne; } cases[] = {
        {{1, 2}, 2, "auto", {1.0, 1.5, 2.0}, 3},
        {{1, 2}, 2, "fd", {1.0, 1.5, 2.0}, 3},
        {{3, 1, 2}, 3, "auto", {1.0, 1.6666666666666665, 2.333333333333333, 3.0}, 4},
        {{3, 1, 2}, 3, "fd", {1.0, 2.0, 3.0}, 3},
    };
    for (size_t k = 0; k < N_OF(cases); k++) {
        double *e;
        size_t n;
        ck_assert_msg(plot_bin_edges(cases[k].x, cases[k].n, cases[k].rule, 0, &e, &n, err) == 0, "%s", err);
        ck_assert_uint_eq(n, cases[k].ne);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(fabs(e[i] - cases[k].e[i]) < 1e-12, "case %zu edge %zu: %g", k, i, e[i]);
        free(e);
    }
}
END_TEST

/* ---- rendering --------------------------------------------------------------------- */

typedef struct Img { cairo_surface_t *s; int w, h; } Img;
typedef struct Rd { const unsigned char *p; size_t len, off; } Rd;

static cairo_status_t rd(void *c, unsigned char *d, unsigned int n)
{
    Rd *r = c;
    if (r->off + n > r->len) return CAIRO_STATUS_READ_ERROR;
    memcpy(d, r->p + r->off, n);
    r->off += n;
    return CAIRO_STATUS_SUCCESS;
}

static unsigned be32(const unsigned char *p) { return (unsigned)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

/* Renders f to PNG and checks signature and size; returns the decoded image. */
static Img png_of(PlotFigure *f, int w, int h, double scale)
{
    unsigned char *b;
    size_t n;
    ck_assert_msg(plot_render_png(f, w, h, scale, &b, &n, err) == 0, "%s", err);
    ck_assert(n > 100 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0);
    ck_assert_uint_eq(be32(b + 16), (unsigned)(w * scale + 0.5));
    ck_assert_uint_eq(be32(b + 20), (unsigned)(h * scale + 0.5));
    Rd r = { b, n, 0 };
    Img im = { cairo_image_surface_create_from_png_stream(rd, &r), 0, 0 };
    ck_assert(cairo_surface_status(im.s) == CAIRO_STATUS_SUCCESS);
    im.w = cairo_image_surface_get_width(im.s);
    im.h = cairo_image_surface_get_height(im.s);
    free(b);
    return im;
}

static unsigned px(const Img *im, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(im->s);
    return ((const unsigned *)(d + (size_t)y * cairo_image_surface_get_stride(im->s)))[x] & 0xffffff;
}

/* Share of non-white pixels in the middle half of the image (the plot area). */
static double ink_share(const Img *im)
{
    long ink = 0, all = 0;
    for (int y = im->h / 4; y < 3 * im->h / 4; y++)
        for (int x = im->w / 4; x < 3 * im->w / 4; x++, all++) ink += px(im, x, y) != 0xffffff;
    return (double)ink / all;
}

/* Is colour c present (±3 per channel) anywhere? Legend swatches are opaque. */
static int has_colour(const Img *im, PlotColor c)
{
    int r = (int)lround(c.r * 255), g = (int)lround(c.g * 255), b = (int)lround(c.b * 255);
    for (int y = 0; y < im->h; y++)
        for (int x = 0; x < im->w; x++) {
            unsigned v = px(im, x, y);
            if (abs((int)(v >> 16) - r) <= 3 && abs((int)((v >> 8) & 255) - g) <= 3 && abs((int)(v & 255) - b) <= 3)
                return 1;
        }
    return 0;
}

static void check_svg(PlotFigure *f, const char *const *needles)
{
    unsigned char *b;
    size_t n;
    ck_assert_msg(plot_render_svg(f, 640, 480, &b, &n, err) == 0, "%s", err);
    ck_assert(strstr((char *)b, "<svg") != NULL);
    for (; *needles; needles++) ck_assert_msg(strstr((char *)b, *needles) != NULL, "SVG lacks %s", *needles);
    free(b);
}

static void check_pdf(PlotFigure *f)
{
    unsigned char *b;
    size_t n, pages = 0;
    ck_assert_msg(plot_render_pdf(f, 640, 480, &b, &n, err) == 0, "%s", err);
    ck_assert(n > 200 && memcmp(b, "%PDF-", 5) == 0);
    for (size_t i = 0; i + 11 < n; i++)
        if (memcmp(b + i, "/Type /Page", 11) == 0 && b[i + 11] != 's') pages++;
    ck_assert_uint_eq(pages, 1);
    free(b);
}

static void check_text(PlotFigure *f, const char *name)
{
    char path[256], *t = plot_render_text(f, 60, 16, err), *t2 = plot_render_text(f, 60, 16, err);
    ck_assert_msg(t && t2, "%s", err);
    ck_assert_str_eq(t, t2);
    snprintf(path, sizeof path, "tests/golden/plot/text_%s.txt", name);
    if (getenv("PLOT_GOLDEN_UPDATE")) {
        FILE *fp = fopen(path, "w");
        ck_assert(fp != NULL);
        fputs(t, fp);
        fclose(fp);
    }
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "missing %s (run with PLOT_GOLDEN_UPDATE=1 from the repo root)", path);
    static char want[65536];
    size_t n = fread(want, 1, sizeof want - 1, fp);
    want[n] = 0;
    fclose(fp);
    ck_assert_msg(strcmp(t, want) == 0, "text rendering differs from %s:\n%s", path, t);
    free(t);
    free(t2);
}

/* All checks for one figure; colours: legend colours expected in the PNG. */
static void check_all(PlotFigure *f, const char *name, const char *const *svg_needles,
                      const PlotColor *colours, int ncolours)
{
    Img im = png_of(f, 800, 600, 1);
    ck_assert_msg(ink_share(&im) > 0.02, "%s: plot area is blank", name);
    for (int i = 0; i < ncolours; i++) ck_assert_msg(has_colour(&im, colours[i]), "%s: colour %d missing", name, i);
    cairo_surface_destroy(im.s);
    check_svg(f, svg_needles);
    check_pdf(f);
    check_text(f, name);
    plot_figure_free(f);
}

static PlotFigure *fig(const char *title, const char *xl, const char *yl)
{
    PlotFigure *f = plot_figure_new(&(PlotOptions){ .title = title, .xlabel = xl, .ylabel = yl });
    ck_assert(f != NULL);
    return f;
}

#define NEEDLES(...) ((const char *const[]){ __VA_ARGS__, NULL })

START_TEST(chart_hist)
{
    double x[300];
    fill(x, 300, 0);
    x[7] = NAN;
    PlotFigure *f = fig("Hist title", "value axis", NULL);
    ck_assert_msg(plot_hist(f, x, 300, &(PlotHistOptions){ .bins = 12 }, err) == 0, "%s", err);
    ck_assert_uint_eq(plot_figure_skipped(f), 1);
    PlotColor c[] = { plot_palette(0) };
    check_all(f, "hist", NEEDLES("Hist title", "value axis", "count", ">0<", "1 non-finite value skipped"), c, 1);
}
END_TEST

START_TEST(chart_density)
{
    double x[300], y[300];
    fill(x, 300, 0);
    fill(y, 300, 2);
    for (int i = 0; i < 300; i++) y[i] = y[i] * 0.5 + 4;
    PlotFigure *f = fig("Density title", "v", NULL);
    ck_assert(plot_density(f, x, 300, 0, "first", err) == 0);
    ck_assert(plot_density(f, y, 300, 0, "second", err) == 0);
    PlotColor c[] = { plot_palette(0), plot_palette(1) };
    check_all(f, "density", NEEDLES("Density title", "density", "first", "second"), c, 2);
}
END_TEST

START_TEST(chart_box_violin)
{
    double a[200], b[200], c3[150];
    fill(a, 200, 0); fill(b, 200, 1); fill(c3, 150, 2);
    b[3] = 40;                                   /* an outlier */
    const double *cols[] = { a, b, c3 };
    size_t lens[] = { 200, 200, 150 };
    const char *names[] = { "alpha", "beta", "gamma" };
    PlotFigure *f = fig("Box title", NULL, "y label");
    ck_assert(plot_box(f, cols, lens, names, 3, err) == 0);
    check_all(f, "box", NEEDLES("Box title", "alpha", "beta", "gamma", "y label"), NULL, 0);
    f = fig("Violin title", NULL, NULL);
    ck_assert(plot_violin(f, cols, lens, names, 3, err) == 0);
    check_all(f, "violin", NEEDLES("Violin title", "alpha", "gamma"), NULL, 0);
}
END_TEST

START_TEST(chart_scatter)
{
    double x[600], y[600];
    int g[600];
    for (int i = 0; i < 600; i++) {
        g[i] = i % 3;
        x[i] = det(i, 0) + 4 * g[i];
        y[i] = det(i, 3) - 2 * g[i];
    }
    const char *names[] = { "setosa", "versicolor", "virginica" };
    PlotFigure *f = fig("Scatter title", "petal length", "petal width");
    PlotScatterOptions o = { .group = g, .group_names = names, .ngroups = 3 };
    ck_assert_msg(plot_scatter(f, x, y, 600, &o, err) == 0, "%s", err);
    PlotColor c[] = { plot_palette(0), plot_palette(1), plot_palette(2) };
    check_all(f, "scatter", NEEDLES("Scatter title", "petal length", "petal width", "setosa", "virginica"), c, 3);
}
END_TEST

START_TEST(chart_pairplot)
{
    double a[300], b[300], c3[300];
    int g[300];
    for (int i = 0; i < 300; i++) { g[i] = i % 2; a[i] = det(i, 0) + g[i]; b[i] = det(i, 1); c3[i] = a[i] * 0.5 + b[i]; }
    const double *cols[] = { a, b, c3 };
    const char *names[] = { "aa", "bb", "cc" }, *gn[] = { "no", "yes" };
    PlotFigure *f = fig("Pairs title", NULL, NULL);
    ck_assert_msg(plot_pairplot(f, cols, names, 3, 300, g, gn, 2, err) == 0, "%s", err);
    PlotColor c[] = { plot_palette(0), plot_palette(1) };
    check_all(f, "pairplot", NEEDLES("Pairs title", "aa", "bb", "cc", "yes"), c, 2);
}
END_TEST

START_TEST(chart_heat_corr_confusion)
{
    double z[12];
    for (int i = 0; i < 12; i++) z[i] = i * 1.5 - 3;
    const char *rl[] = { "r0", "r1", "r2" }, *cl[] = { "c0", "c1", "c2", "c3" };
    PlotFigure *f = fig("Heat title", NULL, NULL);
    PlotHeatOptions ho = { PLOT_CMAP_VIRIDIS, 1, -1, 0, 0, "level" };
    ck_assert(plot_heatmap(f, z, 3, 4, rl, cl, &ho, err) == 0);
    PlotColor hc[] = { plot_cmap(PLOT_CMAP_VIRIDIS, 0), plot_cmap(PLOT_CMAP_VIRIDIS, 1) };
    check_all(f, "heatmap", NEEDLES("Heat title", "r2", "c3", "13.5", "level"), hc, 2);
    double r[9] = { 1, 0.5, -0.8, 0.5, 1, 0.1, -0.8, 0.1, 1 };
    const char *lab[] = { "sepal", "petal", "width" };
    f = fig("Corr title", NULL, NULL);
    ck_assert(plot_corrplot(f, r, 3, lab, err) == 0);
    PlotColor cc[] = { plot_cmap(PLOT_CMAP_RDBU, 1) };
    check_all(f, "corrplot", NEEDLES("Corr title", "sepal", "0.50", "correlation"), cc, 1);
    double m[4] = { 50, 3, 7, 40 };
    const char *cls[] = { "cat", "dog" };
    f = fig("Confusion title", NULL, NULL);
    ck_assert(plot_confusion(f, m, 2, cls, err) == 0);
    check_all(f, "confusion", NEEDLES("Confusion title", "predicted", "true", ">50<", ">3<", "dog"), NULL, 0);
}
END_TEST

START_TEST(chart_bar_pie)
{
    double v[] = { 50, 30, 12, 8 };
    const char *lab[] = { "red", "green", "blue", "other" };
    PlotFigure *f = fig("Bar title", NULL, "count");
    ck_assert(plot_bar(f, v, lab, 4, 0, err) == 0);
    PlotColor c[] = { plot_palette(0) };
    check_all(f, "bar", NEEDLES("Bar title", "red", "other", "count"), c, 1);
    f = fig("Barh title", NULL, NULL);
    ck_assert(plot_bar(f, v, lab, 4, 1, err) == 0);
    check_all(f, "barh", NEEDLES("Barh title", "green"), c, 1);
    f = fig("Pie title", NULL, NULL);
    ck_assert(plot_pie(f, v, lab, 4, err) == 0);
    PlotColor pc[] = { plot_palette(0), plot_palette(1), plot_palette(2), plot_palette(3) };
    check_all(f, "pie", NEEDLES("Pie title", "50.0%", "red (50.0%)", "other (8.0%)"), pc, 4);
}
END_TEST

START_TEST(chart_line_roc)
{
    double x[50], y1[50], y2[50];
    for (int i = 0; i < 50; i++) { x[i] = i * 0.2; y1[i] = sin(x[i]); y2[i] = cos(x[i]) / 2; }
    PlotFigure *f = fig("Line title", "time", "signal");
    ck_assert(plot_line(f, x, y1, 50, "sin", err) == 0);
    ck_assert(plot_line(f, x, y2, 50, "cos", err) == 0);
    PlotColor c[] = { plot_palette(0), plot_palette(1) };
    check_all(f, "line", NEEDLES("Line title", "time", "signal", "sin", "cos"), c, 2);
    double yt[200], sc[200], auc;
    for (int i = 0; i < 200; i++) { yt[i] = i % 3 == 0; sc[i] = det(i, 1) + yt[i] * 2; }
    f = fig("ROC title", NULL, NULL);
    ck_assert(plot_roc(f, yt, sc, 200, "model", &auc, err) == 0);
    char leg[64];
    snprintf(leg, sizeof leg, "model (AUC = %.3f)", auc);
    check_all(f, "roc", NEEDLES("ROC title", "false positive rate", "true positive rate", leg, "chance"), c, 1);
}
END_TEST

START_TEST(hidpi_and_determinism)
{
    double x[100];
    fill(x, 100, 0);
    PlotFigure *f = fig("HiDPI", NULL, NULL);
    ck_assert(plot_hist(f, x, 100, NULL, err) == 0);
    Img im = png_of(f, 400, 300, 2);
    ck_assert_int_eq(im.w, 800);
    ck_assert_int_eq(im.h, 600);
    cairo_surface_destroy(im.s);
    unsigned char *a, *b;
    size_t na, nb;
    ck_assert(plot_render_png(f, 0, 0, 1, &a, &na, err) == 0);
    ck_assert(plot_render_png(f, 0, 0, 1, &b, &nb, err) == 0);
    ck_assert(na == nb && memcmp(a, b, na) == 0);
    free(a);
    free(b);
    plot_figure_free(f);
}
END_TEST

/* ---- this round: whole-number ticks, threads, outliers drawn once ------------------------ */

static char *svg_of(PlotFigure *f)
{
    unsigned char *b;
    size_t n;
    ck_assert_msg(plot_render_svg(f, 640, 480, &b, &n, err) == 0, "%s", err);
    return (char *)b;
}

START_TEST(integral_ticks)
{
    double year[] = { 2007, 2008, 2009, 2007, 2009 }, mass[] = { 3.1, 4.2, 5.3, 3.3, 4.9 };
    PlotFigure *f = fig("Years", "year", "mass");
    ck_assert(plot_scatter(f, year, mass, 5, NULL, err) == 0);
    char *svg = svg_of(f);
    ck_assert_msg(strstr(svg, ">2008<") != NULL, "no whole-year tick");
    ck_assert_msg(strstr(svg, ">2007.") == NULL && strstr(svg, ">2008.") == NULL, "fractional year tick");
    ck_assert_msg(strstr(svg, ">3.5") != NULL || strstr(svg, ">4.5") != NULL, "fractional y ticks lost");
    free(svg);
    plot_figure_free(f);
    /* fractional data spanning whole numbers keep fractional ticks */
    double u[] = { 0, 0.25, 0.5, 1 };
    f = fig("Unit", NULL, NULL);
    ck_assert(plot_line(f, u, u, 4, NULL, err) == 0);
    svg = svg_of(f);
    ck_assert_msg(strstr(svg, ">0.5") != NULL, "0..1 lost its fractional ticks");
    free(svg);
    plot_figure_free(f);
}
END_TEST

START_TEST(threaded_stats_agree)
{
    size_t n = 600000;                        /* above the thresholds for threads */
    double *x = malloc(n * sizeof *x);
    ck_assert(x != NULL);
    for (size_t i = 0; i < n; i++) x[i] = det((int)i, 1) + (i % 1000 == 0 ? 60.0 : 0);
    double *e;
    size_t ne;
    ck_assert(plot_bin_edges(x, n, NULL, 30, &e, &ne, err) == 0);
    double all[30], part[30], sum[30] = { 0 };
    ck_assert_uint_eq(plot_bin_counts(x, n, e, ne, all), n);
    for (size_t at = 0; at < n; at += 100000) {   /* small pieces: one thread each */
        plot_bin_counts(x + at, 100000, e, ne, part);
        for (int k = 0; k < 30; k++) sum[k] += part[k];
    }
    for (int k = 0; k < 30; k++) ck_assert_double_eq(all[k], sum[k]);
    free(e);
    /* a box plot of 4 large columns (one per thread) renders the same twice */
    const double *cols[] = { x, x + 1, x + 2, x + 3 };
    size_t lens[] = { n - 3, n - 3, n - 3, n - 3 };
    const char *names[] = { "a", "b", "c", "d" };
    unsigned char *p1 = NULL, *p2 = NULL;
    size_t n1 = 0, n2 = 0;
    for (int r = 0; r < 2; r++) {
        PlotFigure *f = fig("Box", NULL, NULL);
        ck_assert(plot_box(f, cols, lens, names, 4, err) == 0);
        ck_assert(plot_render_png(f, 0, 0, 1, r ? &p2 : &p1, r ? &n2 : &n1, err) == 0);
        plot_figure_free(f);
    }
    ck_assert(n1 == n2 && memcmp(p1, p2, n1) == 0);
    free(p1);
    free(p2);
    free(x);
}
END_TEST

START_TEST(box_outliers_once)
{
    double x[1050];
    fill(x, 1000, 0);
    for (int i = 1000; i < 1050; i++) x[i] = 100;   /* 50 outliers on one pixel */
    const double *cols[] = { x };
    size_t lens[] = { 1050 };
    const char *names[] = { "x" };
    PlotFigure *f = fig("Outliers", NULL, NULL);
    ck_assert(plot_box(f, cols, lens, names, 1, err) == 0);
    Img im = png_of(f, 400, 300, 1);
    /* one blend at alpha 0.8 over white at the marker's centre; fifty
     * would have reached the palette colour itself */
    PlotColor c = plot_palette(0), once;
    double ch[3] = { c.r, c.g, c.b }, o[3];
    for (int k = 0; k < 3; k++) {
        int s = (int)lround(ch[k] * 255), a = (205 * 255) >> 8;
        o[k] = (255 + (((s - 255) * a) >> 8)) / 255.0;
    }
    once = (PlotColor){ o[0], o[1], o[2] };
    ck_assert_msg(has_colour(&im, once), "the outlier marker is missing");
    ck_assert_msg(!has_colour(&im, c), "outliers on one pixel were drawn more than once");
    cairo_surface_destroy(im.s);
    /* in SVG too: as many shapes as with a single outlier */
    size_t paths[2];
    for (int k = 0; k < 2; k++) {
        PlotFigure *g = fig("Outliers", NULL, NULL);
        lens[0] = k ? 1001 : 1050;
        ck_assert(plot_box(g, cols, lens, names, 1, err) == 0);
        char *svg = svg_of(g);
        paths[k] = 0;
        for (const char *p = svg; (p = strstr(p, "<path")) != NULL; p++) paths[k]++;
        free(svg);
        plot_figure_free(g);
    }
    ck_assert_uint_eq(paths[0], paths[1]);
    plot_figure_free(f);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------------ */

#define EXPECT_ERR(call, substr)                                                           \
    do {                                                                                   \
        err[0] = 0;                                                                        \
        ck_assert_int_eq((call), -1);                                                      \
        ck_assert_msg(strstr(err, substr) != NULL, "error \"%s\" lacks \"%s\"", err, substr); \
    } while (0)

START_TEST(bad_input)
{
    double nan3[3] = { NAN, INFINITY, NAN }, same[4] = { 2, 2, 2, 2 }, neg[4] = { 1, 2, -3, 4 };
    PlotFigure *f = fig(NULL, NULL, NULL);
    EXPECT_ERR(plot_hist(f, nan3, 0, NULL, err), "no finite values");
    EXPECT_ERR(plot_hist(f, nan3, 3, NULL, err), "no finite values");
    EXPECT_ERR(plot_hist(f, same, 4, &(PlotHistOptions){ .rule = "magic" }, err), "unknown bin rule");
    EXPECT_ERR(plot_density(f, same, 4, 0, NULL, err), "zero variance");
    EXPECT_ERR(plot_density(f, nan3, 3, 0, NULL, err), "at least 2 finite");
    EXPECT_ERR(plot_pie(f, neg, NULL, 4, err), "negative value -3 at index 2");
    EXPECT_ERR(plot_pie(f, (double[]){ 0, 0 }, NULL, 2, err), "sum to 0");
    EXPECT_ERR(plot_bar(f, nan3, NULL, 3, 0, err), "no finite values");
    EXPECT_ERR(plot_roc(f, (double[]){ 1, 1 }, (double[]){ 0.2, 0.4 }, 2, NULL, NULL, err), "both classes");
    EXPECT_ERR(plot_roc(f, (double[]){ 1, 2 }, (double[]){ 0.2, 0.4 }, 2, NULL, NULL, err), "must be 0 or 1");
    EXPECT_ERR(plot_heatmap(f, same, 0, 0, NULL, NULL, NULL, err), "empty");
    EXPECT_ERR(plot_heatmap(f, nan3, 1, 3, NULL, NULL, NULL, err), "no finite values");
    EXPECT_ERR(plot_corrplot(f, (double[]){ 1, 1.7, 1.7, 1 }, 2, NULL, err), "outside -1..1");
    EXPECT_ERR(plot_confusion(f, (double[]){ 1, -1, 0, 1 }, 2, NULL, err), ">= 0");
    EXPECT_ERR(plot_box(f, NULL, NULL, NULL, 0, err), "no columns");
    const double *cols[] = { nan3 };
    size_t lens[] = { 3 };
    EXPECT_ERR(plot_box(f, cols, lens, NULL, 1, err), "no finite values");
    EXPECT_ERR(plot_scatter(f, nan3, nan3, 3, NULL, err), "no point");
    EXPECT_ERR(plot_scatter(f, same, same, 4, &(PlotScatterOptions){ .group = (int[]){ 0, 1, 5, 0 }, .group_names = (const char *[]){ "a", "b" }, .ngroups = 2 }, err), "outside 0..1");
    EXPECT_ERR(plot_pairplot(f, NULL, NULL, 0, 0, NULL, NULL, 0, err), "1 to 8 columns");
    EXPECT_ERR(plot_line(f, NULL, nan3, 3, NULL, err), "no finite points");
    /* the figure is still empty and renders (a blank frame) after all that */
    unsigned char *b;
    size_t n;
    ck_assert(plot_render_png(f, 200, 150, 1, &b, &n, err) == 0);
    free(b);
    EXPECT_ERR(plot_render_png(f, 10, 10, 1, &b, &n, err), "outside 50..20000");
    ck_assert(plot_render_text(f, 5, 2, err) == NULL);
    plot_figure_free(f);
    /* zero variance is fine for a histogram: one bin of width 1, as numpy */
    f = fig(NULL, NULL, NULL);
    ck_assert(plot_hist(f, same, 4, NULL, err) == 0);
    plot_figure_free(f);
}
END_TEST

START_TEST(bar_million_categories)
{
    size_t n = 1000000;
    double *v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = (double)((i * 7919) % 1000003);
    PlotFigure *f = fig("Many", NULL, NULL);
    ck_assert(plot_bar(f, v, NULL, n, 0, err) == 0);
    free(v);
    unsigned char *b;
    size_t len;
    ck_assert(plot_render_svg(f, 800, 600, &b, &len, err) == 0);
    ck_assert(strstr((char *)b, "showing the 60 largest of 1000000 categories") != NULL);
    free(b);
    char *t = plot_render_text(f, 80, 20, err);
    ck_assert(t && strstr(t, "showing the 60 largest") != NULL);
    free(t);
    plot_figure_free(f);
}
END_TEST

/* ---- adversarial ranges (issue 10: data values must never crash a plot) ------ */

#define DMAX 1.7976931348623157e308
/* Ranges ordinary and hostile data produce: one ulp, 1e-14 wide, subnormal,
 * zero wide, overflowing hi - lo, ±DBL_MAX, and 1e-300 scale. */
static const double adversarial[][2] = {
    { 0.3, 0.30000000000000004 }, { 1, 1 + 1e-14 }, { 0, 1e-320 }, { 5e-324, 1e-323 }, { 0, 5e-324 },
    { 7, 7 }, { 0, 0 }, { -1e308, 1e308 }, { -DMAX, DMAX }, { DMAX / 2, DMAX }, { -DMAX, -DMAX / 2 },
    { 1e-300, 2e-300 }, { 1e15, 1e15 + 1 }, { -1, 1e308 }, { 1e300, 1.000000000001e300 }, { -1e-310, 1e-310 },
    { 9007199254740992.0, 9007199254740994.0 }, { 0, 1 },
};

START_TEST(ticks_adversarial)
{
    double t[64], step;
    for (size_t c = 0; c < N_OF(adversarial); c++) {
        double lo = adversarial[c][0], hi = adversarial[c][1];
        for (int target = -3; target <= 14; target++)
            for (int max = 1; max <= 64; max += 63) {
                step = NAN;
                int n = plot_nice_ticks(lo, hi, target, t, max, &step);
                ck_assert_msg(n >= 1 && n <= max, "[%g, %g] target %d: %d ticks", lo, hi, target, n);
                ck_assert_msg(isfinite(step) && step > 0, "[%g, %g]: step %g", lo, hi, step);
                double tol = fmax(fabs(lo), fabs(hi)) * 1e-9;
                for (int i = 0; i < n; i++) {
                    ck_assert_msg(isfinite(t[i]) && t[i] >= lo - tol && t[i] <= hi + tol, "[%g, %g]: tick %g", lo,
                                  hi, t[i]);
                    ck_assert_msg(i == 0 || t[i] > t[i - 1], "[%g, %g]: ticks not increasing", lo, hi);
                    char buf[64];
                    plot_format_tick(t[i], step, buf, sizeof buf);
                    ck_assert_msg(strlen(buf) > 0 && strlen(buf) < 40 && !strstr(buf, "inf") && !strstr(buf, "nan"),
                                  "[%g, %g]: label \"%s\" of %g", lo, hi, buf, t[i]);
                }
            }
    }
    ck_assert_int_eq(plot_nice_ticks(NAN, 1, 5, t, 64, &step), 0);
    ck_assert_int_eq(plot_nice_ticks(0, INFINITY, 5, t, 64, &step), 0);
    ck_assert_int_eq(plot_nice_ticks(-INFINITY, INFINITY, 5, t, 64, &step), 0);
}
END_TEST

/* Axis limits and the pixel mapping: limits finite and wide enough to
 * tick, every mapped data value a finite pixel. */
START_TEST(axis_limits_adversarial)
{
    for (size_t c = 0; c < N_OF(adversarial); c++)
        for (int zero = 0; zero < 2; zero++) {
            Axis a = { .lo = adversarial[c][0], .hi = adversarial[c][1], .zero = zero };
            double lo, hi;
            pl_axis_limits(&a, &lo, &hi);
            ck_assert_msg(isfinite(lo) && isfinite(hi) && !pl_singular(lo, hi), "[%g, %g] -> [%g, %g]", a.lo, a.hi,
                          lo, hi);
            ck_assert(lo <= a.lo && hi >= a.hi);
            double t[PL_MAXTICKS], step;
            int n = pl_axis_ticks(&a, lo, hi, 600, 50, t, PL_MAXTICKS, &step);
            ck_assert_msg(n >= 2 && n <= 24, "[%g, %g]: %d ticks", lo, hi, n);
            Mapper m = { lo, hi, 100, 700, PLOT_LINEAR };
            for (int i = 0; i < 2; i++) {
                double px = pl_map(&m, adversarial[c][i]);
                ck_assert_msg(px >= 100 - 1e-6 && px <= 700 + 1e-6, "%g -> %g px", adversarial[c][i], px);
            }
            ck_assert(fabs(pl_map(&m, DMAX)) <= PL_MAX_PX && fabs(pl_map(&m, -DMAX)) <= PL_MAX_PX);
            ck_assert(isnan(pl_map(&m, NAN)));
        }
    ck_assert(pl_index(NAN, 10) == 0 && pl_index(-1e300, 10) == 0 && pl_index(1e300, 10) == 9);
    ck_assert(pl_index(INFINITY, 10) == 9 && pl_index(3.7, 10) == 3 && pl_index(0.5, 1) == 0);
}
END_TEST

/* Bin edges and counts for data whose range is one ulp, subnormal or
 * overflowing: edges finite and strictly increasing, every finite value
 * counted once. */
START_TEST(bins_adversarial)
{
    static const double sets[][4] = {
        { 0.30000000000000004, 0.3, 0.3, 0.3 }, { 1e308, -1e308, 0, 1e308 }, { 5e-324, 1e-323, 0, 0 },
        { DMAX, -DMAX, DMAX, -DMAX }, { 1e20, 1e20, 1e20, 1e20 }, { DMAX, DMAX, DMAX, DMAX },
        { -DMAX, 0, NAN, INFINITY }, { 1e-300, 2e-300, 3e-300, 0 }, { 1, 1 + 1e-14, 1, 1 },
    };
    const char *rules[] = { "auto", "fd", "sturges", NULL, NULL, NULL };
    int nbins[] = { 0, 0, 0, 1, 10, 100000 };
    for (size_t c = 0; c < N_OF(sets); c++)
        for (size_t r = 0; r < N_OF(rules); r++) {
            double *e, counts[100001];
            size_t ne, fin = 0;
            for (int i = 0; i < 4; i++) fin += isfinite(sets[c][i]) != 0;
            ck_assert_msg(plot_bin_edges(sets[c], 4, rules[r], nbins[r], &e, &ne, err) == 0, "%s", err);
            ck_assert(ne >= 2 && ne <= 100001);
            for (size_t i = 0; i < ne; i++) {
                ck_assert_msg(isfinite(e[i]), "set %zu rule %zu: edge %zu is %g", c, r, i, e[i]);
                ck_assert_msg(i == 0 || e[i] > e[i - 1], "set %zu rule %zu: edge %zu not increasing", c, r, i);
            }
            ck_assert_uint_eq(plot_bin_counts(sets[c], 4, e, ne, counts), fin);
            double sum = 0;
            for (size_t i = 0; i + 1 < ne; i++) sum += counts[i];
            ck_assert(sum == (double)fin);
            free(e);
        }
    /* edges given by the caller may span the doubles or a few subnormals */
    double wide[] = { -DMAX, 0, DMAX }, tiny[] = { 0, 5e-324, 1e-323 }, cnt[2];
    double xs[] = { -DMAX, -1, 0, 1, DMAX, 5e-324, NAN };
    ck_assert_uint_eq(plot_bin_counts(xs, 7, wide, 3, cnt), 6);
    ck_assert(cnt[0] == 2 && cnt[1] == 4);
    ck_assert_uint_eq(plot_bin_counts(xs, 7, tiny, 3, cnt), 2);
    ck_assert(cnt[0] == 1 && cnt[1] == 1);
    /* quantiles and bandwidths of such data: compute/ (test_compute.c, extreme_values) */
}
END_TEST

/* Renders f in every format; the chart call's result was rc. */
static void render_all(PlotFigure *f, const char *what)
{
    unsigned char *b;
    size_t n;
    ck_assert_msg(plot_render_png(f, 320, 240, 1, &b, &n, err) == 0, "%s: %s", what, err);
    free(b);
    ck_assert_msg(plot_render_svg(f, 320, 240, &b, &n, err) == 0, "%s: %s", what, err);
    ck_assert_msg(!strstr((char *)b, "nan") && !strstr((char *)b, "inf"), "%s: NaN in the SVG", what);
    free(b);
    char *t = plot_render_text(f, 60, 16, err);
    ck_assert_msg(t != NULL, "%s: %s", what, err);
    free(t);
}

/* Every chart kind over every adversarial pair of values (and one value,
 * all-NaN and empty): draws, or fails with a message; never crashes. */
START_TEST(charts_adversarial)
{
    const char *names[] = { "a", "b" };
    for (size_t c = 0; c < N_OF(adversarial) + 3; c++) {
        double v[4] = { NAN, NAN, NAN, NAN };
        size_t n = c < N_OF(adversarial) ? 4 : c == N_OF(adversarial) ? 1 : c == N_OF(adversarial) + 1 ? 4 : 0;
        if (c < N_OF(adversarial)) {
            v[0] = adversarial[c][0], v[1] = adversarial[c][1], v[2] = adversarial[c][1], v[3] = adversarial[c][0];
        } else if (n == 1) {
            v[0] = 42;
        }
        double y[4] = { 1, 2, 3, 4 }, m4[4] = { v[0], NAN, INFINITY, v[1] };
        const double *cols[2] = { v, y };
        size_t lens[2] = { n, n };
        char what[96];
        for (int kind = 0; kind < 12; kind++) {
            snprintf(what, sizeof what, "kind %d, case %zu [%g, %g] n %zu", kind, c, v[0], v[1], n);
            PlotFigure *f = fig("t", NULL, NULL);
            int rc;
            switch (kind) {
            case 0: rc = plot_hist(f, v, n, NULL, err); break;
            case 1: rc = plot_hist(f, v, n, &(PlotHistOptions){ .bins = 1000, .density = 1 }, err); break;
            case 2: rc = plot_density(f, v, n, 0, NULL, err); break;
            case 3: rc = plot_box(f, cols, lens, names, 2, err); break;
            case 4: rc = plot_violin(f, cols, lens, names, 2, err); break;
            case 5: rc = plot_scatter(f, v, y, n, &(PlotScatterOptions){ .size = v }, err); break;
            case 6: rc = plot_line(f, v, y, n, NULL, err) || plot_line(f, NULL, v, n, "b", err); break;
            case 7: rc = plot_bar(f, v, NULL, n, c % 2, err); break;
            case 8: rc = plot_pie(f, v, NULL, n, err); break;
            case 9: rc = plot_heatmap(f, m4, 2, 2, NULL, NULL, &(PlotHeatOptions){ .annotate = 1, .decimals = -1 }, err); break;
            case 10: rc = plot_pairplot(f, cols, names, 2, n, NULL, NULL, 0, err); break;
            default: rc = plot_scatter(f, y, v, n, &(PlotScatterOptions){ .radius = INFINITY }, err); break;
            }
            ck_assert_msg(rc == 0 || strlen(err) > 5, "%s: failed without a message", what);
            render_all(f, what);
            plot_figure_free(f);
        }
    }
}
END_TEST

static Suite *plot_suite(void)
{
    Suite *s = suite_create("plot");
    TCase *t = tcase_create("core");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, ticks_basic);
    tcase_add_test(t, format_ticks);
    tcase_add_test(t, colour_maps);
    tcase_add_test(t, golden_bins);
    tcase_add_test(t, bins_of_tiny_inputs);
    tcase_add_test(t, chart_hist);
    tcase_add_test(t, chart_density);
    tcase_add_test(t, chart_box_violin);
    tcase_add_test(t, chart_scatter);
    tcase_add_test(t, chart_pairplot);
    tcase_add_test(t, chart_heat_corr_confusion);
    tcase_add_test(t, chart_bar_pie);
    tcase_add_test(t, chart_line_roc);
    tcase_add_test(t, hidpi_and_determinism);
    tcase_add_test(t, integral_ticks);
    tcase_add_test(t, threaded_stats_agree);
    tcase_add_test(t, box_outliers_once);
    tcase_add_test(t, bad_input);
    tcase_add_test(t, bar_million_categories);
    tcase_add_test(t, ticks_adversarial);
    tcase_add_test(t, axis_limits_adversarial);
    tcase_add_test(t, bins_adversarial);
    tcase_add_test(t, charts_adversarial);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(plot_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    cairo_debug_reset_static_data();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
