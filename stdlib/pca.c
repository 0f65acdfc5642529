/*
 * pca.c — principal component analysis as a fitted transform (fit_pca /
 * pca), as scikit-learn's PCA: the columns centred (not scaled) with the
 * training means, the components from an SVD through LAPACK (compute/),
 * explained variance S^2 / (n - 1) and its ratio to the total, the sign
 * of each component fixed as scikit-learn's svd_flip does (the score of
 * largest magnitude is positive).
 *
 * Invariant: the means, components and variances come from the fitting
 * frame only. Fitting refuses NA (impute first); applying gives NA rows
 * for rows with NA in any input column.
 *
 * Two solvers, one answer: up to SVD_MAX_CELLS cells the centred matrix
 * itself goes to LAPACK's dgesdd (scikit-learn's "full" solver); above,
 * the p x p cross-product matrix X'X goes to dsyevd (its eigenvectors are
 * the right singular vectors, its eigenvalues the squared singular
 * values), which reads the data once and needs no n x p copy of U. The
 * cross-product squares the condition number, so components of tiny
 * variance lose digits there: solver="svd" forces the first.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compute/compute.h"
#include "lang/mem.h"
#include "stdlib/modules.h"
#include "stdlib/transform.h"

/* 4M cells (32 MB, e.g. 500k rows x 8) and below: SVD of the data. */
#define SVD_MAX_CELLS 4000000

#define PCA_PARAMS(P)                                                                           \
    P(x, "frame") P(k, "int|null=null") P(variance, "num|null=null") P(columns, "=null")         \
    P(whiten, "bool=false") P(solver, "str=\"auto\"")

typedef struct Pca {
    int p, k;
    double *mean;            /* p */
    double *comp;            /* k x p, row-major: comp[j * p + c] */
    double *var;             /* k explained variances */
    bool whiten;
} Pca;

static void pca_free(void *state)
{
    Pca *s = state;
    mem_free(s->mean);
    mem_free(s->comp);
    mem_free(s->var);
    mem_free(s);
}

/* The input columns of in as an n x p matrix (NA as NaN), after checking
 * they are numeric. */
static Status input_matrix(Interp *I, CpCtx *cx, const Frame *in, Str *const *names, int p, CpMat *m)
{
    CpCol *cols = mem_alloc(sizeof(CpCol) * (size_t)p);
    Vec **held = mem_calloc(sizeof(Vec *) * (size_t)p);
    Status st = ST_OK;
    for (int c = 0; c < p && st == ST_OK; c++) {
        if ((st = tf_num_column(I, in, names[c]->s, &held[c])) == ST_OK)
            cols[c] = cp_col_f64(held[c]->d.num, held[c]->valid, held[c]->len);
    }
    if (st == ST_OK) {
        CpStatus cs = cp_mat_from_cols(cx, cols, p, NULL, CP_NA_NAN, m, NULL, NULL);
        if (cs != CP_OK)
            st = tf_cx_error(I, cx, cs);
    }
    for (int c = 0; c < p; c++)
        if (held[c])
            obj_unref(held[c]);
    mem_free(held);
    mem_free(cols);
    return st;
}

/* ---- applying ----------------------------------------------------------------------- */

static Status pca_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    const Pca *s = t->state;
    CpCtx cx;
    tf_cx(I, &cx);
    CpMat x = {0}, w = {0}, scores = {0};
    int64_t n = in->nrow;
    Status st = input_matrix(I, &cx, in, t->inputs, s->p, &x);
    CpStatus cs = CP_OK;
    if (st == ST_OK) {
        for (int c = 0; c < s->p; c++)
            for (int64_t i = 0; i < n; i++)
                x.a[i + c * n] -= s->mean[c];
        if ((cs = cp_mat_new(&cx, s->p, s->k, &w)) == CP_OK) {
            for (int j = 0; j < s->k; j++)
                for (int c = 0; c < s->p; c++)
                    w.a[c + j * s->p] = s->comp[j * s->p + c] / (s->whiten ? sqrt(s->var[j]) : 1);
            if ((cs = cp_mat_new(&cx, n, s->k, &scores)) == CP_OK)
                cs = cp_mat_mul(&cx, false, &x, false, &w, 1, 0, &scores);
        }
        if (cs != CP_OK)
            st = tf_cx_error(I, &cx, cs);
    }
    Vec **cols = mem_calloc(sizeof(Vec *) * (size_t)(s->k + 1));
    char **names = mem_calloc(sizeof(char *) * (size_t)(s->k + 1));
    for (int j = 0; j < s->k && st == ST_OK; j++) {
        names[j] = mem_alloc(16);
        snprintf(names[j], 16, "PC%d", j + 1);
        if (!(cols[j] = tf_num_vec(scores.a + (size_t)j * (size_t)n, n))) {
            st = err_oom(I);
            break;
        }
        for (int64_t i = 0; i < n; i++)      /* NA in a row's inputs made its scores NaN */
            if (isnan(scores.a[i + (size_t)j * (size_t)n])) {
                bool na = false;
                for (int c = 0; c < s->p && !na; c++)
                    na = !vec_is_valid(frame_col_borrow(in, t->inputs[c]->s), i);
                if (na && !vec_set_na(cols[j], i))
                    st = err_oom(I);
            }
    }
    if (st == ST_OK) {
        st = tf_splice(I, in, t->inputs, t->ninputs, (const char *const *)names, cols, s->k, out);
    } else {
        for (int j = 0; j < s->k; j++)
            if (cols[j])
                obj_unref(cols[j]);
    }
    for (int j = 0; j < s->k; j++)
        mem_free(names[j]);
    mem_free(names);
    mem_free(cols);
    cp_mat_free(&cx, &x);
    cp_mat_free(&cx, &w);
    cp_mat_free(&cx, &scores);
    return st;
}

static bool pca_member(Interp *I, const Transform *t, const char *name, Value *out)
{
    const Pca *s = t->state;
    if (strcmp(name, "mean") != 0)
        return false;
    Vec *v = tf_num_vec(s->mean, s->p);
    if (!v)
        return false;
    *out = val_obj_take(v);
    return true;
}

static const TransformKind pca_kind = {.name = "pca", .apply = pca_apply, .free = pca_free, .member = pca_member};

/* ---- fitting ---------------------------------------------------------------------------- */

/* Singular values sv (descending) and right singular vectors vt (p x p,
 * row j = component j, row-major) of the centred x (n x p). */
static CpStatus decompose(CpCtx *cx, const CpMat *x, bool svd, double *sv, double *vt, CpMat *u)
{
    int64_t p = x->cols;
    CpMat s = {0}, v = {0}, g = {0}, w = {0};
    CpStatus cs;
    if (svd) {
        if ((cs = cp_svd(cx, x, &s, u, &v)) == CP_OK)
            for (int64_t j = 0; j < s.rows; j++) {
                sv[j] = s.a[j];
                for (int64_t c = 0; c < p; c++)
                    vt[j * p + c] = v.a[j + c * v.rows];
            }
    } else {
        if ((cs = cp_mat_new(cx, p, p, &g)) == CP_OK && (cs = cp_mat_mul(cx, true, x, false, x, 1, 0, &g)) == CP_OK &&
            (cs = cp_eigh(cx, &g, &w, &v)) == CP_OK)
            for (int64_t j = 0; j < p; j++) {       /* eigenvalues ascending: reverse */
                int64_t e = p - 1 - j;
                sv[j] = sqrt(w.a[e] > 0 ? w.a[e] : 0);
                for (int64_t c = 0; c < p; c++)
                    vt[j * p + c] = v.a[c + e * p];
            }
    }
    cp_mat_free(cx, &s);
    cp_mat_free(cx, &v);
    cp_mat_free(cx, &g);
    cp_mat_free(cx, &w);
    return cs;
}

/* svd_flip with scikit-learn's default (u-based) decision: make the
 * largest-magnitude score of each component positive (the first such
 * row when several tie). u is the left singular vectors or, for the
 * cross-product solver, empty (the scores are computed). */
static CpStatus flip_signs(CpCtx *cx, const CpMat *x, const CpMat *u, int k, double *vt)
{
    int64_t n = x->rows, p = x->cols;
    for (int j = 0; j < k; j++) {
        double best = -1, sign = 1;
        for (int64_t i = 0; i < n; i++) {
            double sc;
            if (u->a) {
                sc = u->a[i + j * n];
            } else {
                sc = 0;
                for (int64_t c = 0; c < p; c++)
                    sc += x->a[i + c * n] * vt[j * p + c];
            }
            if (fabs(sc) > best) {
                best = fabs(sc);
                sign = sc < 0 ? -1 : 1;
            }
        }
        for (int64_t c = 0; c < p; c++)
            vt[j * p + c] *= sign;
        if (cp_interrupted(cx))
            return CP_EINTR;
    }
    return CP_OK;
}

/* The number of components: k=, or the fewest whose ratios add up to
 * more than variance= (scikit-learn: searchsorted(cumsum, v, "right") + 1),
 * or all. */
static Status choose_k(Interp *I, Value kv, int kno, Value vv, int vno, const double *ratio, int kmax, int *k)
{
    if (arg_given(kv) && arg_given(vv))
        return err_raise(I, ERR_VALUE, "%s: give k= or variance=, not both", builtin_current(I));
    if (arg_given(kv)) {
        int64_t kk;
        if (arg_int(I, kv, kno, 1, kmax, &kk) != ST_OK)
            return ST_ERR;
        *k = (int)kk;
        return ST_OK;
    }
    if (arg_given(vv)) {
        double v = vv.u.n, cum = 0;
        if (!(v > 0 && v < 1))
            return arg_error(I, ERR_VALUE, vno, "must be between 0 and 1 (a share of the variance), got %g", v);
        int j = 0;
        while (j < kmax && cum + ratio[j] <= v)
            cum += ratio[j++];
        *k = j + 1 > kmax ? kmax : j + 1;
        return ST_OK;
    }
    *k = kmax;
    return ST_OK;
}

static void pca_table(Transform *t, const Pca *s, const double *ratio)
{
    char **names = mem_alloc(sizeof(char *) * (size_t)s->k);
    for (int j = 0; j < s->k; j++) {
        names[j] = mem_alloc(16);
        snprintf(names[j], 16, "PC%d", j + 1);
    }
    Frame *f = frame_new(3 + s->p);
    frame_set_take(f, "component", tf_str_vec((const char *const *)names, s->k));
    frame_set_take(f, "explained_variance", tf_num_vec(s->var, s->k));
    frame_set_take(f, "explained_variance_ratio", tf_num_vec(ratio, s->k));
    double *col = mem_alloc(sizeof(double) * (size_t)s->k);
    for (int c = 0; c < s->p; c++) {
        for (int j = 0; j < s->k; j++)
            col[j] = s->comp[j * s->p + c];
        frame_set_take(f, t->inputs[c]->s, tf_num_vec(col, s->k));
    }
    f->nrow = s->k;
    t->learned = f;
    mem_free(col);
    for (int j = 0; j < s->k; j++)
        mem_free(names[j]);
    mem_free(names);
}

/* Fit on the centred matrix x (changed: centred in place). */
static Status fit_matrix(Interp *I, CpCtx *cx, Pca *s, CpMat *x, bool svd, Value *a, double **ratio)
{
    BUILTIN_ARGS(PCA_PARAMS);
    int64_t n = x->rows;
    int p = s->p, kmax = (int)(n < p ? n : p);
    for (int c = 0; c < p; c++) {
        s->mean[c] = cp_sum_pairwise(x->a + (size_t)c * (size_t)n, n) / (double)n;
        for (int64_t i = 0; i < n; i++)
            x->a[i + c * n] -= s->mean[c];
    }
    double *sv = mem_alloc(sizeof(double) * (size_t)p), *vt = mem_alloc(sizeof(double) * (size_t)p * (size_t)p);
    CpMat u = {0};
    CpStatus cs = decompose(cx, x, svd, sv, vt, svd ? &u : NULL);
    Status st = cs == CP_OK ? ST_OK : tf_cx_error(I, cx, cs);
    double total = 0;
    *ratio = mem_alloc(sizeof(double) * (size_t)p);
    for (int j = 0; st == ST_OK && j < kmax; j++)
        total += sv[j] * sv[j] / (double)(n - 1);
    for (int j = 0; st == ST_OK && j < kmax; j++)
        (*ratio)[j] = sv[j] * sv[j] / (double)(n - 1) / total;
    if (st == ST_OK)
        st = choose_k(I, ARG(k), ARGNO(k), ARG(variance), ARGNO(variance), *ratio, kmax, &s->k);
    if (st == ST_OK && (cs = flip_signs(cx, x, &u, s->k, vt)) != CP_OK)
        st = tf_cx_error(I, cx, cs);
    if (st == ST_OK) {
        s->comp = mem_alloc(sizeof(double) * (size_t)s->k * (size_t)p);
        memcpy(s->comp, vt, sizeof(double) * (size_t)s->k * (size_t)p);
        s->var = mem_alloc(sizeof(double) * (size_t)s->k);
        for (int j = 0; j < s->k; j++)
            s->var[j] = sv[j] * sv[j] / (double)(n - 1);
    }
    cp_mat_free(cx, &u);
    mem_free(sv);
    mem_free(vt);
    return st;
}

/* NA is refused at fitting, naming the column. */
static Status no_na(Interp *I, const Frame *df, const char *const *names, int p)
{
    for (int c = 0; c < p; c++) {
        const Vec *v = frame_col_borrow(df, names[c]);
        if (v->nnull)
            return err_raise(I, ERR_VALUE, "%s: column '%s' has %lld NA; impute or drop them before fitting",
                             builtin_current(I), names[c], (long long)v->nnull);
    }
    return ST_OK;
}

static Status pca_fit(Interp *I, Value *a, Transform **out)
{
    BUILTIN_ARGS(PCA_PARAMS);
    static const char *const solvers[] = {"auto", "svd", "covariance"};
    int solver;
    if (tf_choice(I, "solver", ARG(solver).u.s->s, solvers, 3, &solver) != ST_OK)
        return ST_ERR;
    const Frame *df = ARG(x).u.f;
    const char **names = NULL;
    int p = 0;
    if (tf_columns(I, df, ARG(columns), ARGNO(columns), true, &names, &p) != ST_OK)
        return ST_ERR;
    Status st = no_na(I, df, names, p);
    if (st == ST_OK && df->nrow < 2)
        st = err_raise(I, ERR_VALUE, "%s: PCA needs at least 2 rows, the frame has %lld", builtin_current(I),
                       (long long)df->nrow);
    if (st != ST_OK) {
        mem_free(names);
        return st;
    }
    Pca *s = mem_calloc(sizeof *s);
    s->p = p;
    s->whiten = ARG(whiten).u.b;
    s->mean = mem_alloc(sizeof(double) * (size_t)p);
    Transform *t = transform_new(&pca_kind, s, "pca");
    transform_set_inputs(t, names, p);
    t->nfit = df->nrow;
    mem_free(names);
    bool svd = solver == 1 || (solver == 0 && (double)df->nrow * p <= SVD_MAX_CELLS);
    CpCtx cx;
    tf_cx(I, &cx);
    CpMat x = {0};
    double *ratio = NULL;
    st = input_matrix(I, &cx, df, t->inputs, p, &x);
    if (st == ST_OK)
        st = fit_matrix(I, &cx, s, &x, svd, a, &ratio);
    cp_mat_free(&cx, &x);
    if (st != ST_OK) {
        mem_free(ratio);
        transform_free(t);
        return st;
    }
    char title[80];
    snprintf(title, sizeof title, "pca (%d component%s%s)", s->k, s->k == 1 ? "" : "s", s->whiten ? ", whitened" : "");
    mem_free(t->title);
    t->title = mem_strdup(title);
    double kept = 0;
    for (int j = 0; j < s->k; j++)
        kept += ratio[j];
    transform_note(t, "%.4g%% of the variance kept; columns centred, not scaled (scale first when units differ); "
                      "solver: %s", 100 * kept, svd ? "SVD" : "eigen-decomposition of X'X");
    pca_table(t, s, ratio);
    mem_free(ratio);
    *out = t;
    return ST_OK;
}

static Status pb_fit_pca(Interp *I, Value *a, Value *out)
{
    Transform *t;
    if (pca_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status pb_pca(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(PCA_PARAMS);
    Transform *t;
    if (pca_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

#define PCA_DOC                                                                                          \
    "columns (default: every num and bool column) are centred with the training means and replaced by\n"   \
    "the scores PC1, PC2, ... k= keeps that many components; variance= (between 0 and 1) the fewest\n"    \
    "that explain more than that share; neither keeps all. Components come from LAPACK's SVD, signs as\n" \
    "scikit-learn's svd_flip (each component's largest score is positive); explained_variance is\n"      \
    "S^2 / (n - 1). whiten=true divides the scores by their standard deviation. Columns are not\n"        \
    "scaled: use fit_scaler first when their units differ. NA is refused when fitting; applied to new\n"  \
    "rows, NA in any input gives an NA row. solver=\"svd\" or \"covariance\" (eigen-decomposition of\n"     \
    "X'X, used by \"auto\" above 4M cells) picks the method.\n"

static const BuiltinReg pca_lib[] = {
    {"fit_pca", pb_fit_pca, BUILTIN_SIG(PCA_PARAMS),
     "Fit principal components (as scikit-learn's PCA); apply with transform(t, df).\n" PCA_DOC
     "The transform shows the explained variance and the loadings (t.explained_variance_ratio,\n"
     "t.learned, t.mean).\n"
     "Example:\n"
     "t = fit_pca(frame(a=[1, 2, 3, 4], b=[2, 4, 6, 8.5]), k=1)\n"
     "print(round(t.explained_variance_ratio, 6))  # → [0.999528]"},
    {"pca", pb_pca, BUILTIN_SIG(PCA_PARAMS),
     "Principal component scores of x's columns: fit_pca applied to x.\n" PCA_DOC
     "Example:\n"
     "print(columns(pca(frame(a=[1, 2, 3], b=[3, 1, 2], y=[\"u\", \"v\", \"w\"]), variance=0.9)))  # → [\"PC1\", \"PC2\", \"y\"]"},
    {0},
};

void pca_open(Interp *I)
{
    builtin_module(I, "pca", "Principal component analysis through LAPACK, fitted once.", pca_lib);
}
