/*
 * compute_bench.c — sift's side of bench/bench_compute.sh: the compute/
 * kernels on the 1M-row benchmark file, each workload the same work its
 * peers do (bench/compute_bench.py). The file is read once with sift's
 * CSV reader (not timed); each workload is timed REPS times and the
 * medians printed as "name wall_ms cpu_ms" (CPU time of all threads: on a
 * loaded machine the wall time also counts waiting for a CPU).
 *
 *   group_str     group ids of `group` (5 strings) + mean of x1 per group
 *   group_2keys   group ids of (group, label) + mean of x1 (10 groups)
 *   group_float   group ids of x2 (~60k distinct doubles) + mean of x1
 *   join_id       inner join of (id, x2) with the even-id rows' (id, x1):
 *                 index pairs + the three output columns gathered
 *   join_dim      left join of (id, group, x1) with a 5-row table
 *                 (group, w): pairs + the four output columns gathered
 *
 * usage: compute_bench FILE.csv [REPS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compute/compute.h"
#include "lang/frame.h"
#include "lang/mem.h"
#include "lang/vec.h"
#include "stdlib/csv.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static CpCol col_of(const Frame *f, const char *name)
{
    Vec *v = frame_col_borrow(f, name);
    if (!v) {
        fprintf(stderr, "compute_bench: no column %s\n", name);
        exit(1);
    }
    if (v->kind == VEC_NUM)
        return cp_col_f64(v->d.num, v->valid, v->len);
    if (v->kind == VEC_BOOL)
        return cp_col_bool(v->d.b, v->valid, v->len);
    return cp_col_codes(v->d.code, v->valid, v->len, v->dict->n);
}

static void check(CpStatus st, const CpCtx *cx)
{
    if (st != CP_OK) {
        fprintf(stderr, "compute_bench: %s\n", cx->msg);
        exit(1);
    }
}

/* ---- workloads: each returns a checksum so nothing is optimised away ---- */

typedef struct Data {
    CpCol id, x1, x2, group, label;
    int64_t n;
    CpCol rid, rx1;                 /* the even-id rows */
    CpCol dgroup, dw;               /* the 5-row table */
} Data;

static double group_mean(CpCtx *cx, const CpCol *keys, int nk, const CpCol *val, int64_t n)
{
    int64_t *ids = malloc(sizeof(int64_t) * (size_t)n), ng;
    check(cp_group_ids(cx, keys, nk, n, ids, &ng), cx);
    double *mean = malloc(sizeof(double) * (size_t)ng), sum = 0;
    uint64_t *valid = malloc(cp_bitmap_words(ng) * 8);
    check(cp_group_agg(cx, CP_AGG_MEAN, val, ids, ng, NULL, mean, valid), cx);
    for (int64_t g = 0; g < ng; g++)
        sum += mean[g];
    free(ids);
    free(mean);
    free(valid);
    return sum + (double)ng;
}

static double gather_col(CpCtx *cx, const CpCol *src, const int64_t *idx, int64_t n)
{
    void *out = malloc(cp_type_size(src->type) * (size_t)n + 8);
    uint64_t *valid = malloc(cp_bitmap_words(n) * 8 + 8);
    int64_t nn;
    check(cp_gather(cx, src, idx, n, out, valid, &nn), cx);
    double r = (double)nn + (n ? (double)((unsigned char *)out)[0] : 0);
    free(out);
    free(valid);
    return r;
}

static double w_group_str(CpCtx *cx, Data *d) { return group_mean(cx, &d->group, 1, &d->x1, d->n); }

static double w_group_2keys(CpCtx *cx, Data *d)
{
    CpCol k[2] = {d->group, d->label};
    return group_mean(cx, k, 2, &d->x1, d->n);
}

static double w_group_float(CpCtx *cx, Data *d) { return group_mean(cx, &d->x2, 1, &d->x1, d->n); }

static double w_join_id(CpCtx *cx, Data *d)
{
    CpJoin j;
    check(cp_join(cx, &d->id, &d->rid, 1, CP_JOIN_INNER, true, &j), cx);
    double r = (double)j.n + gather_col(cx, &d->id, j.left, j.n) + gather_col(cx, &d->x2, j.left, j.n) +
               gather_col(cx, &d->rx1, j.right, j.n);
    cp_join_free(cx, &j);
    return r;
}

static double w_join_dim(CpCtx *cx, Data *d)
{
    CpJoin j;
    check(cp_join(cx, &d->group, &d->dgroup, 1, CP_JOIN_LEFT, true, &j), cx);
    double r = (double)j.n + gather_col(cx, &d->id, j.left, j.n) + gather_col(cx, &d->group, j.left, j.n) +
               gather_col(cx, &d->x1, j.left, j.n) + gather_col(cx, &d->dw, j.right, j.n);
    cp_join_free(cx, &j);
    return r;
}

/* ---- set-up ---------------------------------------------------------------- */

/* The even-id rows' id and x1, and the 5-row table coded against the
 * file's `group` dictionary. Buffers live until exit. */
static void side_tables(const Frame *f, Data *d)
{
    const double *id = d->id.data, *x1 = d->x1.data;
    int64_t m = 0;
    double *rid = malloc(sizeof(double) * (size_t)d->n), *rx = malloc(sizeof(double) * (size_t)d->n);
    uint64_t *rv = calloc(cp_bitmap_words(d->n) + 1, 8);
    for (int64_t i = 0; i < d->n; i++)
        if ((int64_t)id[i] % 2 == 0) {
            rid[m] = id[i];
            rx[m] = x1[i];
            if (cp_valid(d->x1.valid, i))
                rv[m >> 6] |= 1ULL << (m & 63);
            m++;
        }
    d->rid = cp_col_f64(rid, NULL, m);
    d->rx1 = cp_col_f64(rx, rv, m);
    static const char *names[] = {"alpha", "beta", "gamma", "delta", "epsilon"};
    static int32_t codes[5];
    static double w[5] = {1.5, 2.5, 3.5, 4.5, 5.5};
    const Dict *dict = frame_col_borrow(f, "group")->dict;
    for (int k = 0; k < 5; k++)
        codes[k] = dict_find(dict, names[k], strlen(names[k]));
    d->dgroup = cp_col_codes(codes, NULL, 5, dict->n);
    d->dw = cp_col_f64(w, NULL, 5);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: compute_bench FILE.csv [REPS]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 7;
    mem_tune();                 /* as sift_new does: big temporaries reuse the heap */
    CsvOptions o;
    csv_default_options(&o);
    CsvResult res;
    if (csv_read_file(argv[1], "bench", &o, &res) != CSV_OK) {
        fprintf(stderr, "compute_bench: %s\n", res.msg);
        return 1;
    }
    Frame *f = res.frame;
    Data d = {.id = col_of(f, "id"), .x1 = col_of(f, "x1"), .x2 = col_of(f, "x2"), .group = col_of(f, "group"),
              .label = col_of(f, "label"), .n = f->nrow};
    side_tables(f, &d);
    struct { const char *name; double (*fn)(CpCtx *, Data *); } w[] = {
        {"group_str", w_group_str}, {"group_2keys", w_group_2keys}, {"group_float", w_group_float},
        {"join_id", w_join_id}, {"join_dim", w_join_dim},
    };
    CpCtx cx;
    cp_ctx_init(&cx);
    double sink = 0, *t = malloc(sizeof(double) * (size_t)reps), *c = malloc(sizeof(double) * (size_t)reps);
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++) {
        sink += w[k].fn(&cx, &d);                  /* warm-up */
        for (int r = 0; r < reps; r++) {
            double t0 = now_ms(), c0 = cpu_ms();
            sink += w[k].fn(&cx, &d);
            t[r] = now_ms() - t0;
            c[r] = cpu_ms() - c0;
        }
        qsort(t, (size_t)reps, sizeof *t, cmp_d);
        qsort(c, (size_t)reps, sizeof *c, cmp_d);
        printf("%s %.3f %.3f\n", w[k].name, t[reps / 2], c[reps / 2]);
    }
    fprintf(stderr, "checksum %g, threads %d\n", sink, cp_threads(&cx));
    free(t);
    free(c);
    return 0;
}
