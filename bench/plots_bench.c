/*
 * plots_bench.c — sift side of bench_plots.sh: the four benchmark plots
 * drawn with plot/ and encoded to PNG in memory, 800×600. The data are the
 * columns of plots_data.py (splitmix64 + Box–Muller), generated here with
 * the same integer arithmetic. Prints: task median_ms png_bytes.
 * Usage: plots_bench [REPS [TASK]] — TASK runs one of hist scatter box corr.
 */
#include "plot/plot.h"

#include <math.h>
#include <pthread.h>
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

/* Pearson correlation of the 9 columns in one pass over the data, the way
 * numpy's corrcoef is one BLAS call: each thread takes half of the rows in
 * blocks of BLK (9 × 16 KB, in L2); per block the columns are centred on
 * the block means and the 45 cross products summed, and blocks are merged
 * with Chan et al.'s pairwise update, which keeps the accuracy of two
 * passes. Fixed split and order: the result does not vary between runs. */
#define BLK 2048

typedef double v2 __attribute__((vector_size(16)));

typedef struct Moments { double n, mean[K], m[K * K]; const double *const *x; size_t lo, hi; } Moments;

static double dot(const double *a, const double *b, size_t n)
{
    v2 s0 = { 0, 0 }, s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        v2 a0, a1, a2, a3, b0, b1, b2, b3;
        memcpy(&a0, a + i, 16); memcpy(&a1, a + i + 2, 16); memcpy(&a2, a + i + 4, 16); memcpy(&a3, a + i + 6, 16);
        memcpy(&b0, b + i, 16); memcpy(&b1, b + i + 2, 16); memcpy(&b2, b + i + 4, 16); memcpy(&b3, b + i + 6, 16);
        s0 += a0 * b0; s1 += a1 * b1; s2 += a2 * b2; s3 += a3 * b3;
    }
    v2 s = (s0 + s1) + (s2 + s3);
    double t = s[0] + s[1];
    for (; i < n; i++) t += a[i] * b[i];
    return t;
}

/* Copies n values to d and returns their sum (four running sums). */
static double copy_sum(double *d, const double *x, size_t n)
{
    v2 s0 = { 0, 0 }, s1 = s0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        v2 a, b;
        memcpy(&a, x + i, 16); memcpy(&b, x + i + 2, 16);
        memcpy(d + i, &a, 16); memcpy(d + i + 2, &b, 16);
        s0 += a; s1 += b;
    }
    v2 s = s0 + s1;
    double t = s[0] + s[1];
    for (; i < n; i++) t += (d[i] = x[i]);
    return t;
}

/* Merges the moments of nb values (means bm, centred sums bc) into M. */
static void merge(Moments *M, double nb, const double *bm, const double *bc)
{
    double n = M->n + nb, d[K];
    for (int c = 0; c < K; c++) d[c] = bm[c] - M->mean[c];
    for (int a = 0; a < K; a++)
        for (int b = a; b < K; b++) M->m[a * K + b] += bc[a * K + b] + d[a] * d[b] * M->n * nb / n;
    for (int c = 0; c < K; c++) M->mean[c] += d[c] * nb / n;
    M->n = n;
}

static void *moments(void *arg)
{
    Moments *M = arg;
    static __thread double d[K][BLK];
    for (size_t i0 = M->lo; i0 < M->hi; i0 += BLK) {
        size_t nb = M->hi - i0 < BLK ? M->hi - i0 : BLK;
        double bm[K], bc[K * K];
        for (int c = 0; c < K; c++) {
            const double *x = M->x[c] + i0;
            bm[c] = copy_sum(d[c], x, nb) / nb;
            for (size_t j = 0; j < nb; j++) d[c][j] -= bm[c];
        }
        for (int a = 0; a < K; a++)
            for (int b = a; b < K; b++) bc[a * K + b] = dot(d[a], d[b], nb);
        merge(M, (double)nb, bm, bc);
    }
    return NULL;
}

static PlotFigure *corr(void)
{
    Moments half[2];
    for (int t = 0; t < 2; t++) {
        memset(&half[t], 0, sizeof half[t]);
        half[t].x = (const double *const *)cols;
        half[t].lo = t ? N / 2 : 0;
        half[t].hi = t ? N : N / 2;
    }
    pthread_t tid;
    int threaded = pthread_create(&tid, NULL, moments, &half[1]) == 0;
    moments(&half[0]);
    if (threaded) pthread_join(tid, NULL);
    else moments(&half[1]);
    merge(&half[0], half[1].n, half[1].mean, half[1].m);
    double *s = half[0].m, r[K * K];
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
