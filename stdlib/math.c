/*
 * math.c — element-wise math: abs, round, floor, ceil, exp, log, log1p,
 * sqrt, cbrt, pow; and any/all over bools.
 *
 * Each function maps a number to a number or a num vector to a num vector
 * (bool counts as 0/1); NA stays NA and invalid inputs give NaN, as in
 * numpy (log(-1) is NaN, not an error).
 */
#include <math.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/mem.h"
#include "stdlib/modules.h"

/* f(x, p): p carries a parameter (digits, base, exponent). */
typedef double (*UnaryFn)(double x, double p);

/* Apply f element-wise to a number or a numeric vector x (argument argno). */
static Status map_num(Interp *I, Value x, int argno, UnaryFn f, double p, Value *out)
{
    if (x.t == T_NUM || x.t == T_BOOL) {
        *out = val_num(f(x.t == T_NUM ? x.u.n : x.u.b, p));
        return ST_OK;
    }
    if (x.t == T_NA) {
        *out = val_na();
        return ST_OK;
    }
    if (x.t != T_VEC || x.u.v->kind == VEC_STR)
        return err_arg(I, argno, "a number or a num vector", x);
    const Vec *v = x.u.v;
    Vec *r = v->kind == VEC_NUM ? vec_copy(v) : vec_cast(v, VEC_NUM);
    if (!r)
        return err_oom(I);
    double *d = r->d.num;
    for (int64_t i = 0; i < r->len; i++)
        d[i] = f(d[i], p);
    *out = val_obj_take(r);
    return ST_OK;
}

#define X_PARAMS(P) P(x, "")

#define UNARY(name, expr)  /* p unused */                                  \
    static double name##_1(double x, double p) { return expr; }            \
    static Status math_##name(Interp *I, Value *a, Value *out)             \
    {                                                                      \
        BUILTIN_ARGS(X_PARAMS);                                            \
        return map_num(I, ARG(x), ARGNO(x), name##_1, 0, out);             \
    }

UNARY(abs, fabs(x))
UNARY(floor, floor(x))
UNARY(ceil, ceil(x))
UNARY(exp, exp(x))
UNARY(log1p, log1p(x))
UNARY(sqrt, sqrt(x))
UNARY(cbrt, cbrt(x))

/* Round half to even at `digits` decimals, as numpy and R do. */
static double round_1(double x, double scale)
{
    if (scale == 1)
        return nearbyint(x);
    double y = nearbyint(x * scale) / scale;
    return isfinite(y) ? y : x;
}

#define ROUND_PARAMS(P) P(x, "") P(digits, "int=0")

static Status math_round(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ROUND_PARAMS);
    int64_t digits;
    if (arg_int(I, ARG(digits), ARGNO(digits), -15, 15, &digits) != ST_OK)
        return ST_ERR;
    return map_num(I, ARG(x), ARGNO(x), round_1, pow(10.0, (double)digits), out);
}

static double log_1(double x, double base) { return base == 0 ? log(x) : log(x) / log(base); }

#define LOG_PARAMS(P) P(x, "") P(base, "num|null=null")

static Status math_log(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(LOG_PARAMS);
    return map_num(I, ARG(x), ARGNO(x), log_1, ARG(base).t == T_NUM ? ARG(base).u.n : 0, out);
}

static double pow_1(double x, double y) { return pow(x, y); }

#define POW_PARAMS(P) P(x, "") P(y, "num")

static Status math_pow(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(POW_PARAMS);
    return map_num(I, ARG(x), ARGNO(x), pow_1, ARG(y).u.n, out);
}

/* any / all over a bool, a bool vector or a list of bools; NA is skipped. */
static Status any_all(Interp *I, Value x, int argno, bool want_any, Value *out)
{
    if (x.t == T_BOOL) {
        *out = x;
        return ST_OK;
    }
    if (x.t != T_VEC || x.u.v->kind != VEC_BOOL)
        return err_arg(I, argno, "a bool vector", x);
    const Vec *v = x.u.v;
    for (int64_t i = 0; i < v->len; i++)
        if (vec_is_valid(v, i) && (v->d.b[i] != 0) == want_any) {
            *out = val_bool(want_any);
            return ST_OK;
        }
    *out = val_bool(!want_any);
    return ST_OK;
}

static Status math_any(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(X_PARAMS);
    return any_all(I, ARG(x), ARGNO(x), true, out);
}

static Status math_all(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(X_PARAMS);
    return any_all(I, ARG(x), ARGNO(x), false, out);
}

static const BuiltinReg math_lib[] = {
    {"abs", math_abs, BUILTIN_SIG(X_PARAMS), "Absolute value, element-wise."},
    {"round", math_round, BUILTIN_SIG(ROUND_PARAMS),
     "Round to `digits` decimals, halves to even (as numpy and R): round(2.5) is 2, round(0.125, 2) is 0.12.\nExample:\nprint(round([0.5, 1.5, 2.675], 0), round(2.675, 2))  # → [0, 2, 3] 2.68"},
    {"floor", math_floor, BUILTIN_SIG(X_PARAMS), "Largest whole number not above x, element-wise."},
    {"ceil", math_ceil, BUILTIN_SIG(X_PARAMS), "Smallest whole number not below x, element-wise."},
    {"exp", math_exp, BUILTIN_SIG(X_PARAMS), "e raised to x, element-wise."},
    {"log", math_log, BUILTIN_SIG(LOG_PARAMS),
     "Natural logarithm (or to `base`), element-wise. log(0) is -Inf, log of a negative is NaN."},
    {"log1p", math_log1p, BUILTIN_SIG(X_PARAMS), "log(1 + x), accurate for small x."},
    {"sqrt", math_sqrt, BUILTIN_SIG(X_PARAMS), "Square root, element-wise (NaN for negatives)."},
    {"cbrt", math_cbrt, BUILTIN_SIG(X_PARAMS), "Cube root, element-wise."},
    {"pow", math_pow, BUILTIN_SIG(POW_PARAMS), "x raised to the power y, element-wise (same as x ^ y)."},
    {"any", math_any, BUILTIN_SIG(X_PARAMS), "true if any element of a bool vector is true (NA skipped)."},
    {"all", math_all, BUILTIN_SIG(X_PARAMS), "true if every element of a bool vector is true (NA skipped)."},
    {0},
};

void math_open(Interp *I)
{
    builtin_module(I, "math", "Element-wise mathematics.", math_lib);
}
