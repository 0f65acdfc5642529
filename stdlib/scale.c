/*
 * scale.c — column scalers and row normalisers as fitted transforms:
 * fit_scaler / scale (standard, minmax, maxabs, robust, as scikit-learn's
 * StandardScaler, MinMaxScaler, MaxAbsScaler, RobustScaler) and
 * fit_normalizer / normalize (rows to unit l1, l2 or max norm, as
 * scikit-learn's Normalizer).
 *
 * Invariant: a scaler's statistics come only from the frame it was fitted
 * on; applying it computes nothing from the new data. NA cells are left
 * out of the statistics and stay NA in the output. A column whose scale
 * would be zero (constant, one value, or a spread within rounding of
 * zero, by scikit-learn's own test) gets scale 1, so it comes out as 0
 * (standard, robust) or as x - min (minmax) — never a division by zero;
 * the transform's note names such columns.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/mem.h"
#include "lang/show.h"
#include "stdlib/modules.h"
#include "stdlib/transform.h"

enum { SC_STANDARD, SC_MINMAX, SC_MAXABS, SC_ROBUST, SC_NMETHODS };
static const char *const method_names[] = {"standard", "minmax", "maxabs", "robust"};

#define SCALER_PARAMS(P)                                                                 \
    P(x, "frame|vec|list") P(method, "str=\"standard\"") P(columns, "=null")                \
    P(quantile_range, "vec|list|null=null")
#define NORM_PARAMS(P) P(x, "frame|vec|list") P(norm, "str=\"l2\"") P(columns, "=null")

typedef struct Scaler {
    int method;
    double *center;          /* subtracted first (minmax: added last) */
    double *scale;           /* divided by (minmax: multiplied by) */
} Scaler;

static void scaler_free(void *state)
{
    Scaler *s = state;
    mem_free(s->center);
    mem_free(s->scale);
    mem_free(s);
}

/* The output column for x under (center, scale). NA stays NA. */
static Vec *scale_column(const Vec *x, int method, double c, double s)
{
    Vec *r = vec_copy(x);
    if (!r)
        return NULL;
    double *d = r->d.num;
    int64_t n = r->len;
    switch (method) {
    case SC_MINMAX:
        for (int64_t i = 0; i < n; i++)
            d[i] = d[i] * s + c;
        break;
    case SC_MAXABS:
        for (int64_t i = 0; i < n; i++)
            d[i] = d[i] / s;
        break;
    default:
        for (int64_t i = 0; i < n; i++)
            d[i] = (d[i] - c) / s;
    }
    return r;
}

static Status scaler_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    const Scaler *s = t->state;
    obj_ref((void *)in);
    Frame *f = frame_unique((Frame *)in);
    for (int k = 0; k < t->ninputs; k++) {
        Vec *x, *r;
        if (tf_num_column(I, f, t->inputs[k]->s, &x) != ST_OK) {
            obj_unref(f);
            return ST_ERR;
        }
        r = scale_column(x, s->method, s->center[k], s->scale[k]);
        obj_unref(x);
        if (!r) {
            obj_unref(f);
            return err_oom(I);
        }
        frame_set_take(f, t->inputs[k]->s, r);
        CHECK_INTERRUPT(I);
    }
    *out = f;
    return ST_OK;
}

static const TransformKind scaler_kind = {.name = "scaler", .apply = scaler_apply, .free = scaler_free};

/* ---- fitting -------------------------------------------------------------------------- */

/* Present, non-NaN values of x: min, max, max |x|, mean and variance
 * (ddof=0, two passes), count. */
typedef struct ColStats {
    double min, max, maxabs, mean, var;
    int64_t n;
} ColStats;

static void col_stats(const Vec *x, ColStats *cs)
{
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    int64_t n = 0;
    const double *d = x->d.num;
    for (int64_t i = 0; i < x->len; i++)
        if (vec_is_valid(x, i) && !isnan(d[i])) {
            sum += d[i];
            lo = d[i] < lo ? d[i] : lo;
            hi = d[i] > hi ? d[i] : hi;
            n++;
        }
    double m = n ? sum / (double)n : NAN, sq = 0, corr = 0;
    for (int64_t i = 0; i < x->len; i++)
        if (vec_is_valid(x, i) && !isnan(d[i])) {
            double e = d[i] - m;
            corr += e;
            sq += e * e;
        }
    cs->n = n;
    cs->min = n ? lo : NAN;
    cs->max = n ? hi : NAN;
    cs->maxabs = n ? fmax(fabs(lo), fabs(hi)) : NAN;
    cs->mean = m;
    /* corrected two-pass (Chan, Golub & LeVeque), as scikit-learn */
    cs->var = n ? (sq - corr * corr / (double)n) / (double)n : NAN;
}

/* scikit-learn's _is_constant_feature: a variance within rounding of 0. */
static bool near_constant(double var, double mean, int64_t n)
{
    double eps = 2.220446049250313e-16, dn = (double)n;
    return var <= dn * eps * var + (dn * mean * eps) * (dn * mean * eps);
}

typedef struct FitCtx {
    Interp *I;
    int method;
    double qlo, qhi;         /* robust: the quantile range, as fractions */
    Vec *name, *n, *a, *b, *c;   /* learned table columns */
    SBuf constant;           /* names of the columns given scale 1 */
    int nconstant;
    SBuf empty;              /* names of the columns with no value */
    int nempty;
} FitCtx;

/* Fit column k (x) into s and the learned table. false with the error
 * raised (out of memory, interrupted). */
static bool fit_column(FitCtx *fc, Scaler *s, int k, const char *name, const Vec *x)
{
    ColStats cs;
    col_stats(x, &cs);
    if (cs.n == 0)
        sb_printf(&fc->empty, "%s%s", fc->nempty++ ? ", " : "", name);
    double center = 0, scale = 1, a = NAN, b = NAN, c = NAN;
    bool zero = false;
    switch (fc->method) {
    case SC_STANDARD:
        center = a = cs.mean;
        scale = b = sqrt(cs.var);
        zero = cs.n > 0 && near_constant(cs.var, cs.mean, cs.n);
        break;
    case SC_MINMAX:
        a = cs.min;
        b = cs.max;
        zero = cs.n > 0 && cs.max - cs.min < 10 * 2.220446049250313e-16;
        scale = 1 / (zero ? 1 : cs.max - cs.min);
        center = -cs.min * scale;
        break;
    case SC_MAXABS:
        scale = a = cs.maxabs;
        zero = cs.n > 0 && cs.maxabs < 10 * 2.220446049250313e-16;
        break;
    case SC_ROBUST: {
        /* median and quantiles by compute/ (type 7, numpy's); NaN makes them NaN */
        CpCtx cx;
        tf_cx(fc->I, &cx);
        CpCol col = cp_col_f64(x->d.num, x->valid, x->len);
        double qs[3] = {0.5, fc->qlo, fc->qhi}, q[3];
        int64_t used;
        CpStatus st = cp_quantiles(&cx, &col, CP_SKIP_NA, qs, 3, q, &used);
        if (st != CP_OK) {
            tf_cx_error(fc->I, &cx, st);
            return false;
        }
        if (used > 0) {
            center = a = q[0];
            b = q[1];
            c = q[2];
            scale = c - b;
            zero = scale < 10 * 2.220446049250313e-16;
        }
        break;
    }
    }
    if (zero) {
        scale = 1;
        if (fc->method == SC_MINMAX)
            center = -cs.min;
        sb_printf(&fc->constant, "%s%s", fc->nconstant++ ? ", " : "", name);
    }
    if (fc->method == SC_STANDARD && zero)
        b = 1;
    s->center[k] = center;
    s->scale[k] = scale;
    if (vec_push_str(fc->name, name, strlen(name)) && vec_push_num(fc->n, (double)cs.n) && vec_push_num(fc->a, a) &&
        (!fc->b || vec_push_num(fc->b, b)) && (!fc->c || vec_push_num(fc->c, c)))
        return true;
    err_oom(fc->I);
    return false;
}

/* The learned table: column, then the method's statistics, then n. */
static void learned_table(Transform *t, FitCtx *fc)
{
    static const char *const stat_names[][3] = {
        {"mean", "scale", NULL}, {"min", "max", NULL}, {"max_abs", NULL, NULL}, {"median", "q_lo", "q_hi"}};
    const char *const *sn = stat_names[fc->method];
    Frame *f = frame_new(5);
    frame_set(f, "column", fc->name);
    frame_set(f, sn[0], fc->a);
    if (fc->b)
        frame_set(f, sn[1], fc->b);
    if (fc->c)
        frame_set(f, sn[2], fc->c);
    frame_set(f, "n", fc->n);
    f->nrow = fc->name->len;
    t->learned = f;
}

static void fitctx_free(FitCtx *fc)
{
    Vec *v[] = {fc->name, fc->n, fc->a, fc->b, fc->c};
    for (int i = 0; i < 5; i++)
        if (v[i])
            obj_unref(v[i]);
    mem_free(fc->constant.s);
    mem_free(fc->empty.s);
}

/* A scaler fitted on columns of df (columns= or every numeric one). */
/* The quantile range [lo, hi] in percent, as fractions. */
static Status quantile_range(Interp *I, Value v, int argno, double *lo, double *hi)
{
    Vec *r;
    if (arg_vec(I, v, argno, &r) != ST_OK)
        return ST_ERR;
    bool ok = r->kind == VEC_NUM && r->len == 2 && !r->nnull && r->d.num[0] >= 0 && r->d.num[0] < r->d.num[1] &&
              r->d.num[1] <= 100;
    if (ok) {
        *lo = r->d.num[0] / 100;
        *hi = r->d.num[1] / 100;
    }
    obj_unref(r);
    return ok ? ST_OK : arg_error(I, ERR_VALUE, argno, "must be [lo, hi] with 0 <= lo < hi <= 100");
}

/* A scaler fitted on columns of x (columns= or every numeric one). */
static Status scaler_fit(Interp *I, Value *a, Transform **out)
{
    BUILTIN_ARGS(SCALER_PARAMS);
    int m;
    if (tf_choice(I, "method", ARG(method).u.s->s, method_names, SC_NMETHODS, &m) != ST_OK)
        return ST_ERR;
    FitCtx fc = {.I = I, .method = m, .qlo = 0.25, .qhi = 0.75};
    if (m == SC_ROBUST && arg_given(ARG(quantile_range)) &&
        quantile_range(I, ARG(quantile_range), ARGNO(quantile_range), &fc.qlo, &fc.qhi) != ST_OK)
        return ST_ERR;
    Frame *df;
    bool was_vec;
    const char **names = NULL;
    int n = 0;
    if (tf_frame_arg(I, ARG(x), ARGNO(x), &df, &was_vec) != ST_OK)
        return ST_ERR;
    if (tf_columns(I, df, ARG(columns), ARGNO(columns), true, &names, &n) != ST_OK) {
        obj_unref(df);
        return ST_ERR;
    }
    char title[64];
    snprintf(title, sizeof title, "scaler (%s)", method_names[m]);
    Scaler *s = mem_calloc(sizeof *s);
    s->method = m;
    s->center = mem_alloc(sizeof(double) * (size_t)n);
    s->scale = mem_alloc(sizeof(double) * (size_t)n);
    Transform *t = transform_new(&scaler_kind, s, title);
    transform_set_inputs(t, names, n);
    t->nfit = df->nrow;
    t->vector_in = was_vec;
    t->one_to_one = true;
    fc.name = vec_new(VEC_STR, n);
    fc.n = vec_new(VEC_NUM, n);
    fc.a = vec_new(VEC_NUM, n);
    fc.b = m != SC_MAXABS ? vec_new(VEC_NUM, n) : NULL;
    fc.c = m == SC_ROBUST ? vec_new(VEC_NUM, n) : NULL;
    Status st = ST_OK;
    for (int k = 0; k < n && st == ST_OK; k++) {
        Vec *col;
        if ((st = tf_num_column(I, df, names[k], &col)) != ST_OK)
            break;
        if (!fit_column(&fc, s, k, names[k], col))
            st = ST_ERR;
        obj_unref(col);
    }
    if (st == ST_OK) {
        if (fc.nconstant)
            transform_note(t, "constant column%s %s: scale set to 1 (output %s)", fc.nconstant == 1 ? "" : "s",
                           fc.constant.s, m == SC_MAXABS ? "unchanged" : "0");
        if (fc.nempty)
            transform_note(t, "no values in column%s %s: the output stays NA", fc.nempty == 1 ? "" : "s", fc.empty.s);
        learned_table(t, &fc);
        *out = t;
    } else {
        transform_free(t);
    }
    fitctx_free(&fc);
    mem_free(names);
    obj_unref(df);
    return st;
}

static Status sb_fit_scaler(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SCALER_PARAMS);
    Transform *t;
    if (scaler_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status sb_scale(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SCALER_PARAMS);
    Transform *t;
    if (scaler_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

/* ---- row normalisers ---------------------------------------------------------------- */

enum { NORM_L1, NORM_L2, NORM_MAX, NORM_N };
static const char *const norm_names[] = {"l1", "l2", "max"};

typedef struct Normalizer {
    int norm;
} Normalizer;

static void normalizer_free(void *s) { mem_free(s); }

/* Row norms over the columns x[0..k); a row with NA in any column gets
 * NaN (and is made NA by the caller). */
static void row_norms(Vec *const *x, int k, int norm, int64_t n, double *out)
{
    for (int64_t i = 0; i < n; i++)
        out[i] = 0;
    for (int j = 0; j < k; j++) {
        const double *d = x[j]->d.num;
        for (int64_t i = 0; i < n; i++) {
            double v = fabs(d[i]);
            if (norm == NORM_L1)
                out[i] += v;
            else if (norm == NORM_L2)
                out[i] += v * v;
            else if (v > out[i])
                out[i] = v;
        }
    }
    if (norm == NORM_L2)
        for (int64_t i = 0; i < n; i++)
            out[i] = sqrt(out[i]);
}

static Status normalizer_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    const Normalizer *nz = t->state;
    int k = t->ninputs;
    int64_t n = in->nrow;
    Vec **x = mem_calloc(sizeof(Vec *) * (size_t)k);
    double *norm = mem_try_alloc(sizeof(double) * (size_t)(n ? n : 1));
    Status st = norm ? ST_OK : err_oom(I);
    for (int j = 0; j < k && st == ST_OK; j++)
        st = tf_num_column(I, in, t->inputs[j]->s, &x[j]);
    Frame *f = NULL;
    if (st == ST_OK) {
        row_norms(x, k, nz->norm, n, norm);
        obj_ref((void *)in);
        f = frame_unique((Frame *)in);
    }
    for (int j = 0; j < k && st == ST_OK; j++) {
        Vec *r = vec_copy(x[j]);
        if (!r) {
            st = err_oom(I);
            break;
        }
        for (int64_t i = 0; i < n; i++)
            if (norm[i] != 0)   /* a zero row stays as it is (scikit-learn) */
                r->d.num[i] /= norm[i];
        for (int j2 = 0; j2 < k; j2++)   /* NA anywhere in the row: NA */
            if (x[j2]->valid)
                for (int64_t i = 0; i < n; i++)
                    if (!vec_is_valid(x[j2], i) && !vec_set_na(r, i)) {
                        st = err_oom(I);
                        break;
                    }
        frame_set_take(f, t->inputs[j]->s, r);
    }
    for (int j = 0; j < k; j++)
        if (x[j])
            obj_unref(x[j]);
    mem_free(x);
    mem_free(norm);
    if (st != ST_OK) {
        if (f)
            obj_unref(f);
        return st;
    }
    *out = f;
    return ST_OK;
}

static const TransformKind normalizer_kind = {.name = "normalizer", .apply = normalizer_apply, .free = normalizer_free};

static Status normalizer_fit(Interp *I, Value *a, Transform **out)
{
    BUILTIN_ARGS(NORM_PARAMS);
    int norm;
    if (tf_choice(I, "norm", ARG(norm).u.s->s, norm_names, NORM_N, &norm) != ST_OK)
        return ST_ERR;
    Frame *df;
    bool was_vec;
    const char **names = NULL;
    int n = 0;
    if (tf_frame_arg(I, ARG(x), ARGNO(x), &df, &was_vec) != ST_OK)
        return ST_ERR;
    if (tf_columns(I, df, ARG(columns), ARGNO(columns), true, &names, &n) != ST_OK) {
        obj_unref(df);
        return ST_ERR;
    }
    char title[64];
    snprintf(title, sizeof title, "normalizer (%s rows)", norm_names[norm]);
    Normalizer *nz = mem_calloc(sizeof *nz);
    nz->norm = norm;
    Transform *t = transform_new(&normalizer_kind, nz, title);
    transform_set_inputs(t, names, n);
    t->vector_in = was_vec;
    t->one_to_one = true;
    transform_note(t, "stateless: each row is divided by its own %s norm over these columns; a zero row stays "
                      "as it is, a row with NA becomes NA", norm_names[norm]);
    *out = t;
    mem_free(names);
    obj_unref(df);
    return ST_OK;
}

static Status sb_fit_normalizer(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(NORM_PARAMS);
    Transform *t;
    if (normalizer_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status sb_normalize(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(NORM_PARAMS);
    Transform *t;
    if (normalizer_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

#define SCALER_DOC                                                                                          \
    "method is \"standard\" ((x - mean) / std, std with ddof=0 as scikit-learn), \"minmax\" (to [0, 1]),\n"   \
    "\"maxabs\" (x / max |x|) or \"robust\" ((x - median) / IQR; quantile_range=[25, 75] in percent,\n"       \
    "quantiles by linear interpolation). columns= picks columns (default: every num and bool column;\n"      \
    "a str column named there is an error). NA is left out of the statistics and stays NA. A\n"             \
    "constant column gets scale 1 (so it comes out 0; minmax: x - min), and the transform's note\n"         \
    "says so.\n"

static const BuiltinReg scale_lib[] = {
    {"fit_scaler", sb_fit_scaler, BUILTIN_SIG(SCALER_PARAMS),
     "Learn per-column centre and scale on x (a frame or a vector); apply with transform(t, df).\n" SCALER_DOC
     "The transform shows what it learned (t.mean, t.scale, t.min, ... are its columns).\n"
     "Example:\n"
     "train = frame(a=[1, 2, 3, 4], b=[10, 10, 10, 10])\n"
     "t = fit_scaler(train)\n"
     "print(t.mean, t.scale)  # → [2.5, 10] [1.118033988749895, 1]\n"
     "print(transform(t, frame(a=[2.5, 5], b=[10, 12])).b)  # → [0, 2]"},
    {"scale", sb_scale, BUILTIN_SIG(SCALER_PARAMS),
     "Scale columns with statistics of x itself: fit_scaler(x, ...) applied to x, in one step.\n" SCALER_DOC
     "To scale a test set with the training statistics, use fit_scaler and transform.\n"
     "Example:\n"
     "print(scale([1, 2, 3, 4], method=\"minmax\"))  # → [0, 0.3333333333333333, 0.6666666666666667, 1]"},
    {"fit_normalizer", sb_fit_normalizer, BUILTIN_SIG(NORM_PARAMS),
     "A row normaliser (as scikit-learn's Normalizer): each row divided by its l1, l2 or max norm\n"
     "over the chosen columns (default: every num and bool column). It learns nothing; it is a\n"
     "transform so that it can stand in a pipeline. A zero row stays as it is; a row with NA in any\n"
     "of the columns becomes NA in all of them.\n"
     "Example:\n"
     "t = fit_normalizer(frame(a=[3], b=[4]))\n"
     "print(transform(t, frame(a=[3, 0], b=[4, 0])).a)  # → [0.6, 0]"},
    {"normalize", sb_normalize, BUILTIN_SIG(NORM_PARAMS),
     "Rows scaled to unit norm: norm is \"l1\" (sum of |x|), \"l2\" (Euclidean) or \"max\".\n"
     "See fit_normalizer for the rules (zero rows, NA).\n"
     "Example:\n"
     "print(normalize(frame(a=[1, 3], b=[1, -1]), norm=\"l1\").b)  # → [0.5, -0.25]"},
    {0},
};

void scale_open(Interp *I)
{
    builtin_module(I, "scale", "Scaling columns and normalising rows, fitted on one frame and applied to others.",
                   scale_lib);
}
