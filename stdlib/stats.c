/*
 * stats.c — NA-aware aggregations: sum, mean, min, max, count, median,
 * var, std.
 *
 * Each scan is a typed loop over the column buffer with the validity
 * bitmap read a word at a time. Sums use numpy's pairwise summation over
 * the whole column with NA slots counted as 0 — exactly what pandas does
 * (it fills NA with 0 and calls numpy's sum) — so results match pandas to
 * the last digit. var/std use ddof=1 and the two-pass formula with
 * sequential sums that pandas uses through bottleneck.
 *
 * Given a frame, an aggregation returns a record of one value per numeric
 * column (as pandas returns a Series indexed by column name).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/compute.h"
#include "lang/builtin.h"
#include "lang/mem.h"
#include "stdlib/modules.h"
#include "stdlib/stats.h"

/* ---- kernels --------------------------------------------------------------- */

/* numpy's reduction buffer size (NPY_BUFSIZE). */
#define NUMPY_BUFSIZE 8192

/* Elements [lo, lo+n) of v as doubles with 0 in NA slots (and bools as
 * 0/1), into buf — what pandas sums after putmask(values, mask, 0). */
__attribute__((optimize("O3"))) static void zeroed_block(const Vec *v, int64_t lo, int64_t n, double *buf)
{
    for (int64_t k = 0; k < n; k++) {
        int64_t i = lo + k;
        double x = v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i];
        buf[k] = vec_is_valid(v, i) ? x : 0.0;
    }
}

bool stats_sum_count(const Vec *v, double *sum, int64_t *count)
{
    /* numpy reduces in buffers of 8192 elements: a pairwise sum per
     * buffer, the buffers added in order. A column with NA is summed
     * through one buffer-sized scratch block that stays in cache. */
    double buf[NUMPY_BUFSIZE];            /* 64 KB, in cache */
    bool dense = v->kind == VEC_NUM && !v->valid;
    double acc = 0;
    for (int64_t i = 0; i < v->len; i += NUMPY_BUFSIZE) {
        int64_t n = v->len - i < NUMPY_BUFSIZE ? v->len - i : NUMPY_BUFSIZE;
        if (dense) {
            acc += cp_sum_pairwise(v->d.num + i, n);     /* n <= one buffer */
        } else {
            zeroed_block(v, i, n, buf);
            acc += cp_sum_pairwise(buf, n);
        }
    }
    *sum = acc;
    *count = v->len - v->nnull;
    return true;
}

bool stats_moments(const Vec *v, double *mean, double *var, int64_t *count)
{
    /* pandas computes var/std with bottleneck when it is installed (it is
     * on Debian, and in most distributions of pandas): a two-pass formula
     * with plain sequential sums over the present values. Doing exactly the
     * same keeps every digit equal to pandas'. */
    double sum = 0;
    int64_t n = 0;
    for (int64_t i = 0; i < v->len; i++)
        if (vec_is_valid(v, i)) {
            sum += v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i];
            n++;
        }
    *count = n;
    double m = n ? sum / (double)n : NAN;
    double sq = 0;
    for (int64_t i = 0; i < v->len; i++)
        if (vec_is_valid(v, i)) {
            double d = (v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i]) - m;
            sq += d * d;
        }
    *var = n > 1 ? sq / (double)(n - 1) : NAN;
    /* The mean itself is pandas' nanmean: numpy's pairwise sum / count. */
    if (mean) {
        double psum;
        int64_t pn;
        if (!stats_sum_count(v, &psum, &pn))
            return false;
        *mean = pn ? psum / (double)pn : NAN;
    }
    return true;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted non-NA values (NaN sorted last). *n receives the count. */
double *stats_sorted(const Vec *v, int64_t *n)
{
    double *d = mem_try_alloc(sizeof(double) * (size_t)(v->len + 1));
    if (!d)
        return NULL;
    int64_t k = 0, nan = 0;
    for (int64_t i = 0; i < v->len; i++) {
        if (!vec_is_valid(v, i))
            continue;
        double x = v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i];
        if (isnan(x))
            nan++;
        else
            d[k++] = x;
    }
    qsort(d, (size_t)k, sizeof(double), cmp_double);
    for (int64_t i = 0; i < nan; i++)
        d[k++] = NAN;
    *n = k;
    return d;
}

/* ---- dispatch over vectors, lists and frames -------------------------------------- */

typedef enum Agg { AGG_SUM, AGG_MEAN, AGG_MIN, AGG_MAX, AGG_COUNT, AGG_MEDIAN, AGG_VAR, AGG_STD } Agg;

static const char *const agg_names[] = {"sum", "mean", "min", "max", "count", "median", "var", "std"};

static Value minmax_str(const Vec *v, bool want_max)
{
    const Str *best = NULL;
    for (int64_t i = 0; i < v->len; i++) {
        if (!vec_is_valid(v, i))
            continue;
        const Str *s = vec_str_unsafe(v, i);
        if (!best || (strcmp(s->s, best->s) > 0) == want_max)
            best = s;
    }
    if (!best)
        return val_na();
    obj_ref((void *)best);
    return val_obj_take((void *)best);
}

static Value minmax_num(const Vec *v, bool want_max)
{
    bool any = false;
    double best = 0;
    for (int64_t i = 0; i < v->len; i++) {
        if (!vec_is_valid(v, i))
            continue;
        double x = v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i];
        if (isnan(x))
            return val_num(NAN);             /* numpy propagates NaN */
        if (!any || (want_max ? x > best : x < best))
            best = x;
        any = true;
    }
    return any ? val_num(best) : val_na();
}

static Status agg_vec(Interp *I, Agg agg, const Vec *v, bool skip_na, Value *out)
{
    if (agg == AGG_COUNT) {
        *out = val_num((double)(v->len - v->nnull));
        return ST_OK;
    }
    if (v->kind == VEC_STR) {
        if (agg == AGG_MIN || agg == AGG_MAX) {
            *out = (!skip_na && v->nnull) ? val_na() : minmax_str(v, agg == AGG_MAX);
            return ST_OK;
        }
        return err_raise(I, ERR_TYPE, "%s: needs numbers, got a %s", agg_names[agg], obj_type_name(v));
    }
    if (!skip_na && v->nnull) {
        *out = val_na();
        return ST_OK;
    }
    double sum, var;
    int64_t n;
    switch (agg) {
    case AGG_SUM:
    case AGG_MEAN:
        if (!stats_sum_count(v, &sum, &n))
            return err_oom(I);
        if (agg == AGG_SUM)
            *out = val_num(sum);
        else
            *out = n ? val_num(sum / (double)n) : val_na();
        return ST_OK;
    case AGG_MIN: case AGG_MAX:
        *out = minmax_num(v, agg == AGG_MAX);
        return ST_OK;
    case AGG_MEDIAN: {
        double *d = stats_sorted(v, &n);
        if (!d)
            return err_oom(I);
        *out = n == 0 ? val_na() : val_num(n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2);
        mem_free(d);
        return ST_OK;
    }
    default:
        if (!stats_moments(v, NULL, &var, &n))
            return err_oom(I);
        *out = n < 2 ? val_na() : val_num(agg == AGG_VAR ? var : sqrt(var));
        return ST_OK;
    }
}

/* agg of x (argument argno): a vector, list, scalar or frame. */
static Status agg_value(Interp *I, Agg agg, Value x, int argno, bool skip_na, Value *out)
{
    if (x.t == T_FRAME) {
        Record *r = record_new(x.u.f->ncol);
        for (int c = 0; c < x.u.f->ncol; c++) {
            const Vec *v = x.u.f->cols[c];
            if (v->kind == VEC_STR && agg != AGG_COUNT)
                continue;
            Value e;
            if (agg_vec(I, agg, v, skip_na, &e) != ST_OK) {
                obj_unref(r);
                return ST_ERR;
            }
            record_set_take(r, x.u.f->names[c]->s, e);
        }
        *out = val_obj_take(r);
        return ST_OK;
    }
    Vec *v;
    if (x.t == T_NUM || x.t == T_BOOL || x.t == T_NA || x.t == T_STR || x.t == T_VEC || x.t == T_LIST) {
        if (arg_vec(I, x, argno, &v) != ST_OK)
            return ST_ERR;
        Status st = agg_vec(I, agg, v, skip_na, out);
        obj_unref(v);
        return st;
    }
    return err_arg(I, argno, "a vector or a frame", x);
}

#define AGG_PARAMS(P) P(x, "") P(skip_na, "bool=true")

#define AGG_FN(name, agg)                                                   \
    static Status stats_##name(Interp *I, Value *a, Value *out)             \
    {                                                                       \
        BUILTIN_ARGS(AGG_PARAMS);                                           \
        return agg_value(I, agg, ARG(x), ARGNO(x), ARG(skip_na).u.b, out);  \
    }

AGG_FN(sum, AGG_SUM)
AGG_FN(mean, AGG_MEAN)
AGG_FN(min, AGG_MIN)
AGG_FN(max, AGG_MAX)
AGG_FN(count, AGG_COUNT)
AGG_FN(median, AGG_MEDIAN)
AGG_FN(var, AGG_VAR)
AGG_FN(std, AGG_STD)

static const BuiltinReg stats_lib[] = {
    {"sum", stats_sum, BUILTIN_SIG(AGG_PARAMS),
     "Sum of the values (bools count 1/0). NA is skipped unless skip_na=false, which makes the result NA.\n"
     "Pairwise summation, as numpy/pandas, so results agree to the last digit. Of a frame: a record of\n"
     "per-column sums of the numeric columns.\nExample:\nprint(sum([0.1, 0.2, 0.3]))        # → 0.6000000000000001"},
    {"mean", stats_mean, BUILTIN_SIG(AGG_PARAMS),
     "Arithmetic mean of the non-NA values (NA if there are none). Of a frame: per numeric column.\nExample:\nprint(mean([1, 2, NA, 4]))       # → 2.3333333333333335\nprint(mean([1, NA], skip_na=false))  # → NA"},
    {"min", stats_min, BUILTIN_SIG(AGG_PARAMS), "Smallest value (numbers, or strs by byte order); NA if none."},
    {"max", stats_max, BUILTIN_SIG(AGG_PARAMS), "Largest value (numbers, or strs by byte order); NA if none."},
    {"count", stats_count, BUILTIN_SIG(AGG_PARAMS), "Number of values that are not NA."},
    {"median", stats_median, BUILTIN_SIG(AGG_PARAMS), "Middle value of the non-NA values (mean of the middle two)."},
    {"var", stats_var, BUILTIN_SIG(AGG_PARAMS), "Sample variance (ddof=1, as pandas and R) of the non-NA values."},
    {"std", stats_std, BUILTIN_SIG(AGG_PARAMS), "Sample standard deviation (ddof=1, as pandas and R).\nExample:\nprint(std([2, 4, 4, 4, 5, 5, 7, 9]))  # → 2.138089935299395"},
    {0},
};

void stats_open(Interp *I)
{
    builtin_module(I, "stats", "Descriptive statistics that skip NA by default.", stats_lib);
}
