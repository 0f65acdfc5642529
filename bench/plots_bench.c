/*
 * plots_bench.c — sift side of bench_plots.sh: the four benchmark plots
 * drawn with plot/ and encoded to PNG in memory, 800×600. The data are the
 * columns of plots_data.py (splitmix64 + Box–Muller), generated here with
 * the same integer arithmetic. Prints: task median_ms png_bytes.
 * Usage: plots_bench [REPS [TASK]] — TASK runs one of hist scatter box corr.
 */
#include "plot/plot.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N 1000000
#define K 9

static uint64_t splitmix(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double *cols[K];

static void make_columns(void)
{
    for (int c = 0; c < K; c++) {
        cols[c] = malloc(N * sizeof(double));
        for (uint64_t i = 0; i < N; i++) {
            uint64_t a = splitmix(i * 2 * K + 2 * c), b = splitmix(i * 2 * K + 2 * c + 1);
            double u = ((double)(a >> 11) + 1) * 0x1p-53, v = (double)(b >> 11) * 0x1p-53;
            double x = sqrt(-2 * log(u)) * cos(2 * M_PI * v);
            cols[c][i] = c ? x + 0.5 * cols[c - 1][i] : x;
        }
    }
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static char err[PLOT_ERRLEN];

static PlotFigure *hist(void)
{
    PlotFigure *f = plot_figure_new(&(PlotOptions){ .title = "hist", .xlabel = "c0" });
    if (plot_hist(f, cols[0], N, &(PlotHistOptions){ .bins = 30 }, err)) fprintf(stderr, "%s\n", err);
    return f;
}

static PlotFigure *scatter(void)
{
    PlotFigure *f = plot_figure_new(&(PlotOptions){ .title = "scatter", .xlabel = "c0", .ylabel = "c1" });
    if (plot_scatter(f, cols[0], cols[1], 100000, NULL, err)) fprintf(stderr, "%s\n", err);
    return f;
}

static PlotFigure *box(void)
{
    const double *c[8];
    size_t lens[8];
    const char *names[8] = { "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7" };
    for (int k = 0; k < 8; k++) { c[k] = cols[k]; lens[k] = N; }
    PlotFigure *f = plot_figure_new(&(PlotOptions){ .title = "box" });
    if (plot_box(f, c, lens, names, 8, err)) fprintf(stderr, "%s\n", err);
    return f;
}

/* Pearson correlation of the 9 columns (two passes: means, then sums). */
static PlotFigure *corr(void)
{
    double mean[K] = { 0 }, r[K * K], s[K * K] = { 0 };
    for (int c = 0; c < K; c++) {
        for (int i = 0; i < N; i++) mean[c] += cols[c][i];
        mean[c] /= N;
    }
    for (int i = 0; i < N; i++) {
        double d[K];
        for (int c = 0; c < K; c++) d[c] = cols[c][i] - mean[c];
        for (int a = 0; a < K; a++)
            for (int b = a; b < K; b++) s[a * K + b] += d[a] * d[b];
    }
    for (int a = 0; a < K; a++)
        for (int b = 0; b < K; b++) {
            int lo = a < b ? a : b, hi = a < b ? b : a;
            r[a * K + b] = s[lo * K + hi] / sqrt(s[lo * K + lo] * s[hi * K + hi]);
        }
    const char *names[K] = { "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8" };
    PlotFigure *f = plot_figure_new(&(PlotOptions){ .title = "corr" });
    if (plot_corrplot(f, r, K, names, err)) fprintf(stderr, "%s\n", err);
    return f;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 5;
    if (reps < 1) reps = 1;
    if (reps > 64) reps = 64;
    make_columns();
    struct { const char *name; PlotFigure *(*make)(void); } tasks[] = {
        { "hist", hist }, { "scatter", scatter }, { "box", box }, { "corr", corr },
    };
    for (size_t t = 0; t < 4; t++) {
        if (argc > 2 && strcmp(argv[2], tasks[t].name)) continue;
        double ms[64];
        size_t len = 0;
        for (int r = 0; r < reps && r < 64; r++) {
            double t0 = now_ms();
            PlotFigure *f = tasks[t].make();
            unsigned char *png;
            if (plot_render_png(f, 800, 600, 1, &png, &len, err)) { fprintf(stderr, "%s\n", err); return 1; }
            plot_figure_free(f);
            ms[r] = now_ms() - t0;
            if (r == 0) {
                char path[128];
                snprintf(path, sizeof path, "/tmp/bench_plots_sift_%s.png", tasks[t].name);
                FILE *fp = fopen(path, "wb");
                if (fp) { fwrite(png, 1, len, fp); fclose(fp); }
            }
            free(png);
        }
        qsort(ms, (size_t)reps, sizeof *ms, cmp);
        printf("%s %.1f %zu\n", tasks[t].name, ms[reps / 2], len);
    }
    for (int c = 0; c < K; c++) free(cols[c]);
    return 0;
}
