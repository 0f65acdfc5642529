/*
 * power.c — power transforms with a fitted lambda: Box-Cox and
 * Yeo-Johnson (fit_boxcox / boxcox, fit_yeojohnson / yeojohnson), as
 * scipy.stats.boxcox / yeojohnson and scikit-learn's PowerTransformer.
 *
 * lambda maximises the profile log-likelihood (scipy's boxcox_llf and
 * yeojohnson_llf) by Brent's method started from the bracket (-2, 2),
 * the same search scipy.optimize.brent does (downhill bracket expansion
 * by the golden ratio, then parabolic/golden steps to a relative
 * tolerance of 1.48e-8), with the likelihood in long double (see
 * lik_value): lambda is within ~1e-7 of the true optimum, and agrees with
 * scipy's to the precision of scipy's own (double) likelihood, 1e-6 to 1e-5.
 *
 * Invariant: lambda (and with standardize=true the mean and scale of the
 * transformed training column) come from the fitting frame only; NA is
 * left out of the fit and stays NA.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/mem.h"
#include "stdlib/modules.h"
#include "stdlib/transform.h"

enum { PW_BOXCOX, PW_YEOJOHNSON };

#define POWER_PARAMS(P)                                                                        \
    P(x, "frame|vec|list") P(columns, "=null") P(lmbda, "num|null=null") P(standardize, "bool=false")

/* ---- the transforms and their log-likelihoods ------------------------------------- */

static double boxcox_1(double x, double l)
{
    return fabs(l) < 1e-19 ? log(x) : expm1(l * log(x)) / l;
}

static double yeojohnson_1(double x, double l)
{
    const double eps = 2.220446049250313e-16;
    if (x >= 0)
        return fabs(l) < eps ? log1p(x) : (pow(x + 1, l) - 1) / l;
    return fabs(l - 2) > eps ? -(pow(-x + 1, 2 - l) - 1) / (2 - l) : -log1p(-x);
}

typedef double (*PowFn)(double x, double l);

/* The likelihood in long double. It is a difference of terms of order
 * n log x (thousands) whose curvature in lambda is small, so at double
 * precision its rounding noise moves the optimum by ~1e-6 (scipy's own
 * lambdas are off by that much, by up to 1e-5 on penguins' flipper
 * length); 64-bit mantissas make that noise ~2000 times smaller. The
 * transformed values use expm1/log1p, so no digits are lost forming them. */
static long double lik_value(int kind, bool nonneg, double x, double l)
{
    /* Without the constant -1/l where every value shares it (Box-Cox, and
     * Yeo-Johnson of data >= 0): the variance does not change and the
     * values keep their digits (x^-2 / -2 against 0.5 - x^-2 / 2). */
    if (kind == PW_BOXCOX)
        return fabs(l) < 1e-19 ? logl(x) : powl(x, l) / l;
    if (nonneg)
        return fabs(l) < 2.220446049250313e-16 ? log1pl(x) : powl(1.0L + x, l) / l;
    if (x >= 0)
        return fabs(l) < 2.220446049250313e-16 ? log1pl(x) : expm1l(l * log1pl(x)) / l;
    return fabs(l - 2) > 2.220446049250313e-16 ? -expm1l((2 - l) * log1pl(-x)) / (2 - l) : -log1pl(-x);
}

/* What Brent minimises: minus the log-likelihood at lambda l. */
typedef struct Llf {
    int kind;
    const double *x;
    int64_t n;
    long double sumlog;      /* boxcox: sum log x; yeo-johnson: sum sign(x) log1p|x| */
    bool nonneg;             /* every x >= 0 */
} Llf;

static long double neg_llf(const Llf *f, double l)
{
    long double s = 0, q = 0, dn = (long double)f->n;
    for (int64_t i = 0; i < f->n; i++)
        s += lik_value(f->kind, f->nonneg, f->x[i], l);
    long double m = s / dn;
    for (int64_t i = 0; i < f->n; i++) {
        long double d = lik_value(f->kind, f->nonneg, f->x[i], l) - m;
        q += d * d;
    }
    long double var = q / dn;
    if (f->kind == PW_YEOJOHNSON && var < 2.2250738585072014e-308L)   /* scipy rejects a zero variance */
        return INFINITY;
    return -((l - 1) * f->sumlog - dn / 2 * logl(var));
}

/* ---- Brent's method, as scipy.optimize.brent(func, brack=(-2, 2)) ---------------- */

typedef struct Bracket {
    double a, b, c;
    long double fa, fb, fc;
} Bracket;

/* Grow (xa, xb) downhill until f(b) is below f(a) and f(c). */
static void bracket(const Llf *f, double xa, double xb, Bracket *r)
{
    const double gold = 1.618034, tiny = 1e-21, grow = 110.0;
    long double fa = neg_llf(f, xa), fb = neg_llf(f, xb);
    if (fa < fb) {
        double t = xa;
        xa = xb, xb = t;
        long double ft = fa;
        fa = fb, fb = ft;
    }
    double xc = xb + gold * (xb - xa);
    long double fc = neg_llf(f, xc);
    for (int iter = 0; fc < fb && iter <= 1000; iter++) {
        double t1 = (double)((xb - xa) * (fb - fc)), t2 = (double)((xb - xc) * (fb - fa)), val = t2 - t1;
        double denom = fabs(val) < tiny ? 2 * tiny : 2 * val;
        double w = xb - ((xb - xc) * t2 - (xb - xa) * t1) / denom, wlim = xb + grow * (xc - xb);
        long double fw;
        if ((w - xc) * (xb - w) > 0) {          /* parabolic point between b and c */
            fw = neg_llf(f, w);
            if (fw < fc) {
                *r = (Bracket){xb, w, xc, fb, fw, fc};
                return;
            }
            if (fw > fb) {
                *r = (Bracket){xa, xb, w, fa, fb, fw};
                return;
            }
            w = xc + gold * (xc - xb);
            fw = neg_llf(f, w);
        } else if ((w - wlim) * (wlim - xc) >= 0) {   /* past the growth limit */
            w = wlim;
            fw = neg_llf(f, w);
        } else if ((w - wlim) * (xc - w) > 0) {       /* between c and the limit */
            fw = neg_llf(f, w);
            if (fw < fc) {
                xb = xc, fb = fc;
                xc = w, fc = fw;
                w = xc + gold * (xc - xb);
                fw = neg_llf(f, w);
            }
        } else {
            w = xc + gold * (xc - xb);
            fw = neg_llf(f, w);
        }
        xa = xb, fa = fb;
        xb = xc, fb = fc;
        xc = w, fc = fw;
    }
    *r = (Bracket){xa, xb, xc, fa, fb, fc};
}

/* The minimiser of neg_llf: Brent (1973), parabolic interpolation with
 * golden-section fallback, tolerance 1.48e-8 * |x| + 1e-11, 500 steps. */
static double brent_min(const Llf *f)
{
    const double tol = 1.48e-8, mintol = 1e-11, cg = 0.3819660;
    Bracket br;
    bracket(f, -2.0, 2.0, &br);
    double x = br.b, w = br.b, v = br.b;
    long double fx = br.fb, fw = br.fb, fv = br.fb;
    double a = br.a < br.c ? br.a : br.c, b = br.a < br.c ? br.c : br.a;
    double step = 0, rat = 0;
    for (int iter = 0; iter < 500; iter++) {
        double tol1 = tol * fabs(x) + mintol, tol2 = 2 * tol1, mid = 0.5 * (a + b);
        if (fabs(x - mid) < tol2 - 0.5 * (b - a))
            break;
        bool golden = fabs(step) <= tol1;
        if (!golden) {
            double t1 = (double)((x - w) * (fx - fv)), t2 = (double)((x - v) * (fx - fw));
            double p = (x - v) * t2 - (x - w) * t1, q = 2 * (t2 - t1);
            if (q > 0)
                p = -p;
            q = fabs(q);
            double prev = step;
            step = rat;
            if (p > q * (a - x) && p < q * (b - x) && fabs(p) < fabs(0.5 * q * prev)) {
                rat = p / q;
                double u = x + rat;
                if (u - a < tol2 || b - u < tol2)
                    rat = mid - x >= 0 ? tol1 : -tol1;
            } else {
                golden = true;
            }
        }
        if (golden) {
            step = x >= mid ? a - x : b - x;
            rat = cg * step;
        }
        double u = fabs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
        long double fu = neg_llf(f, u);
        if (fu > fx) {
            if (u < x)
                a = u;
            else
                b = u;
            if (fu <= fw || w == x) {
                v = w, fv = fw;
                w = u, fw = fu;
            } else if (fu <= fv || v == x || v == w) {
                v = u, fv = fu;
            }
        } else {
            if (u >= x)
                a = x;
            else
                b = x;
            v = w, fv = fw;
            w = x, fw = fx;
            x = u, fx = fu;
        }
    }
    return x;
}

/* ---- the transform ----------------------------------------------------------------- */

typedef struct Power {
    int kind;
    double *lambda, *mean, *scale;   /* mean/scale NULL unless standardize */
} Power;

static void power_free(void *state)
{
    Power *p = state;
    mem_free(p->lambda);
    mem_free(p->mean);
    mem_free(p->scale);
    mem_free(p);
}

static Vec *power_column(const Power *p, int k, const Vec *x)
{
    Vec *r = vec_copy(x);
    if (!r)
        return NULL;
    PowFn f = p->kind == PW_BOXCOX ? boxcox_1 : yeojohnson_1;
    double l = p->lambda[k];
    for (int64_t i = 0; i < r->len; i++) {
        double y = f(r->d.num[i], l);
        r->d.num[i] = p->mean ? (y - p->mean[k]) / p->scale[k] : y;
    }
    return r;
}

static Status power_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    const Power *p = t->state;
    obj_ref((void *)in);
    Frame *f = frame_unique((Frame *)in);
    for (int k = 0; k < t->ninputs; k++) {
        Vec *x, *r;
        if (tf_num_column(I, f, t->inputs[k]->s, &x) != ST_OK) {
            obj_unref(f);
            return ST_ERR;
        }
        r = power_column(p, k, x);
        obj_unref(x);
        if (!r) {
            obj_unref(f);
            return err_oom(I);
        }
        frame_set_take(f, t->inputs[k]->s, r);
    }
    *out = f;
    return ST_OK;
}

static const TransformKind power_kind = {.name = "power", .apply = power_apply, .free = power_free};

/* The present values of x (NaN too) into a new array; *n their count. */
static double *present(const Vec *x, int64_t *n)
{
    double *v = mem_try_alloc(sizeof(double) * (size_t)(x->len + 1));
    if (!v)
        return NULL;
    int64_t m = 0;
    for (int64_t i = 0; i < x->len; i++)
        if (vec_is_valid(x, i))
            v[m++] = x->d.num[i];
    *n = m;
    return v;
}

/* Fit lambda (or take the given one) and, with standardize, the mean and
 * scale of the transformed column. */
static Status fit_one(Interp *I, Power *p, int k, const char *col, const Vec *x, Value lmbda)
{
    int64_t n;
    double *v = present(x, &n);
    if (!v)
        return err_oom(I);
    Status st = ST_OK;
    bool constant = true;
    for (int64_t i = 0; i < n; i++) {
        if (p->kind == PW_BOXCOX && !(v[i] > 0)) {
            st = err_raise(I, ERR_VALUE, "%s: column '%s' has %g; Box-Cox needs positive values (use yeojohnson, "
                                         "or add a constant)", builtin_current(I), col, v[i]);
            break;
        }
        if (isnan(v[i]) && p->kind == PW_YEOJOHNSON) {
            st = err_raise(I, ERR_VALUE, "%s: column '%s' has NaN", builtin_current(I), col);
            break;
        }
        constant = constant && v[i] == v[0];
    }
    if (st == ST_OK && lmbda.t == T_NUM) {
        p->lambda[k] = lmbda.u.n;
    } else if (st == ST_OK && (n < 2 || constant)) {
        st = err_raise(I, ERR_VALUE, "%s: column '%s' is constant (or has fewer than 2 values); lambda cannot be "
                                     "fitted", builtin_current(I), col);
    } else if (st == ST_OK) {
        Llf f = {p->kind, v, n, 0, true};
        for (int64_t i = 0; i < n; i++)
            f.nonneg = f.nonneg && v[i] >= 0;
        for (int64_t i = 0; i < n; i++)
            f.sumlog += p->kind == PW_BOXCOX ? logl(v[i]) : copysignl(log1pl(fabsl(v[i])), v[i]);
        p->lambda[k] = brent_min(&f);
    }
    if (st == ST_OK && p->mean) {
        PowFn fn = p->kind == PW_BOXCOX ? boxcox_1 : yeojohnson_1;
        double s = 0, q = 0;
        for (int64_t i = 0; i < n; i++)
            s += fn(v[i], p->lambda[k]);
        p->mean[k] = n ? s / (double)n : NAN;
        for (int64_t i = 0; i < n; i++)
            q += (fn(v[i], p->lambda[k]) - p->mean[k]) * (fn(v[i], p->lambda[k]) - p->mean[k]);
        p->scale[k] = n && q > 0 ? sqrt(q / (double)n) : 1;
    }
    mem_free(v);
    return st;
}

static Status power_table(Interp *I, Transform *t, const Power *p, const double *counts)
{
    int n = t->ninputs;
    const char **names = mem_alloc(sizeof(char *) * (size_t)(n + 1));
    for (int k = 0; k < n; k++)
        names[k] = t->inputs[k]->s;
    Vec *cols[5] = {tf_str_vec(names, n), tf_num_vec(p->lambda, n), p->mean ? tf_num_vec(p->mean, n) : NULL,
                    p->mean ? tf_num_vec(p->scale, n) : NULL, tf_num_vec(counts, n)};
    static const char *const cn[5] = {"column", "lambda", "mean", "scale", "n"};
    mem_free(names);
    t->learned = frame_new(5);
    for (int i = 0; i < 5; i++)
        if (cols[i]) {
            frame_set(t->learned, cn[i], cols[i]);
            obj_unref(cols[i]);
        }
    t->learned->nrow = n;
    return ST_OK;
}

static Status power_fit(Interp *I, int kind, Value *a, Transform **out)
{
    BUILTIN_ARGS(POWER_PARAMS);
    Value x = ARG(x), columns = ARG(columns), lmbda = ARG(lmbda), standardize = ARG(standardize);
    Frame *df;
    bool was_vec;
    const char **names = NULL;
    int n = 0;
    if (tf_frame_arg(I, x, ARGNO(x), &df, &was_vec) != ST_OK)
        return ST_ERR;
    if (tf_columns(I, df, columns, ARGNO(columns), true, &names, &n) != ST_OK) {
        obj_unref(df);
        return ST_ERR;
    }
    Power *p = mem_calloc(sizeof *p);
    p->kind = kind;
    p->lambda = mem_alloc(sizeof(double) * (size_t)n);
    if (standardize.u.b) {
        p->mean = mem_alloc(sizeof(double) * (size_t)n);
        p->scale = mem_alloc(sizeof(double) * (size_t)n);
    }
    Transform *t = transform_new(&power_kind, p, kind == PW_BOXCOX ? "power (Box-Cox)" : "power (Yeo-Johnson)");
    transform_set_inputs(t, names, n);
    t->nfit = df->nrow;
    t->vector_in = was_vec;
    t->one_to_one = true;
    double *counts = mem_alloc(sizeof(double) * (size_t)n);
    Status st = ST_OK;
    for (int k = 0; k < n && st == ST_OK; k++) {
        Vec *col;
        if ((st = tf_num_column(I, df, names[k], &col)) != ST_OK)
            break;
        counts[k] = (double)(col->len - col->nnull);
        st = fit_one(I, p, k, names[k], col, lmbda);
        obj_unref(col);
    }
    if (st == ST_OK) {
        power_table(I, t, p, counts);
        if (lmbda.t == T_NUM)
            transform_note(t, "lambda given, not fitted");
        *out = t;
    } else {
        transform_free(t);
    }
    mem_free(counts);
    mem_free(names);
    obj_unref(df);
    return st;
}

static Status pb_fit_boxcox(Interp *I, Value *a, Value *out)
{
    Transform *t;
    if (power_fit(I, PW_BOXCOX, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status pb_boxcox(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(POWER_PARAMS);
    Transform *t;
    if (power_fit(I, PW_BOXCOX, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

static Status pb_fit_yeojohnson(Interp *I, Value *a, Value *out)
{
    Transform *t;
    if (power_fit(I, PW_YEOJOHNSON, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status pb_yeojohnson(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(POWER_PARAMS);
    Transform *t;
    if (power_fit(I, PW_YEOJOHNSON, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

#define POWER_DOC                                                                                        \
    "lambda is fitted per column by maximum likelihood, as scipy (lmbda= fixes it instead).\n"            \
    "columns= picks columns (default: every num and bool column). standardize=true also centres and\n"   \
    "scales the result to mean 0 and std 1 (ddof=0) with the training statistics, as scikit-learn's\n"   \
    "PowerTransformer. NA is left out of the fit and stays NA. t.lambda holds the lambdas.\n"

static const BuiltinReg power_lib[] = {
    {"fit_boxcox", pb_fit_boxcox, BUILTIN_SIG(POWER_PARAMS),
     "Fit a Box-Cox transform, (x^lambda - 1) / lambda (log x at 0), to positive columns.\n" POWER_DOC
     "A column with zero or negative values is an error (yeojohnson takes any sign).\n"
     "Example:\n"
     "t = fit_boxcox([1, 2, 3, 4, 5, 10, 20])\n"
     "print(round(t.lambda, 6))  # → [-0.093367]"},
    {"boxcox", pb_boxcox, BUILTIN_SIG(POWER_PARAMS),
     "Box-Cox transform of a vector or of a frame's columns, lambda fitted on x (scipy.stats.boxcox).\n"
     POWER_DOC
     "Example:\n"
     "print(boxcox([1, 2, 4], lmbda=0))  # → [0, 0.6931471805599453, 1.3862943611198906]"},
    {"fit_yeojohnson", pb_fit_yeojohnson, BUILTIN_SIG(POWER_PARAMS),
     "Fit a Yeo-Johnson transform (Box-Cox extended to zero and negative values).\n" POWER_DOC
     "Example:\n"
     "t = fit_yeojohnson([-2, -1, 0, 1, 3, 8, 20])\n"
     "print(round(t.lambda, 6))  # → [0.305594]"},
    {"yeojohnson", pb_yeojohnson, BUILTIN_SIG(POWER_PARAMS),
     "Yeo-Johnson transform of a vector or of a frame's columns, lambda fitted on x\n"
     "(scipy.stats.yeojohnson).\n" POWER_DOC
     "Example:\n"
     "print(yeojohnson([0, 1, 3], lmbda=1))  # → [0, 1, 3]"},
    {0},
};

void power_open(Interp *I)
{
    builtin_module(I, "power", "Power transforms with a fitted lambda: Box-Cox and Yeo-Johnson.", power_lib);
}
