/*
 * interact.c — features built from several columns: poly (polynomial and
 * interaction terms, as scikit-learn's PolynomialFeatures, as a fitted
 * transform so it can stand in a pipeline) and cross (a categorical
 * cross of two columns, as a "cartesian" feature column).
 *
 * Invariant: poly's output columns come in scikit-learn's order (by
 * degree, then lexicographic combinations with repetition) and each term
 * is multiplied out in scikit-learn's order (the first factor times the
 * product of the rest), so the numbers agree with it to the last bit; NA
 * in any factor gives NA.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/format.h"
#include "lang/mem.h"
#include "lang/show.h"
#include "stdlib/modules.h"
#include "stdlib/transform.h"

/* More output columns than this is refused: degree 3 over 40 columns is
 * already 12,340 terms, rarely what anyone meant. */
#define MAX_TERMS 10000

#define POLY_PARAMS(P)                                                                         \
    P(x, "frame|vec|list") P(degree, "int=2") P(columns, "=null") P(interaction_only, "bool=false") \
    P(include_bias, "bool=false")
#define CROSS_PARAMS(P)                                                                        \
    P(df, "frame") P(a, "str") P(b, "str") P(name, "str|null=null") P(sep, "str=\"_\"")

/* ---- the terms ------------------------------------------------------------------------- */

typedef struct Poly {
    int nterms, degree;
    int *len;                /* factors of term t */
    int *fac;                /* term t's factors: fac[t * degree .. + len[t]) (input indices) */
} Poly;

static void poly_free(void *state)
{
    Poly *p = state;
    mem_free(p->len);
    mem_free(p->fac);
    mem_free(p);
}

/* Number of combinations of d from n (with repetition unless distinct);
 * -1 when above MAX_TERMS. */
static int64_t count_terms(int n, int d, bool distinct)
{
    double c = 1;
    for (int i = 1; i <= d; i++)
        c = c * (distinct ? n - d + i : n + i - 1) / i;
    return c > MAX_TERMS ? -1 : (int64_t)llround(c);
}

/* Append every combination of d indices from n in lexicographic order. */
static void add_terms(Poly *p, int n, int d, bool distinct)
{
    int idx[64];
    for (int i = 0; i < d; i++)
        idx[i] = distinct ? i : 0;
    if (distinct && d > n)
        return;
    for (;;) {
        p->len[p->nterms] = d;
        memcpy(&p->fac[p->nterms * p->degree], idx, sizeof(int) * (size_t)d);
        p->nterms++;
        int i = d - 1;
        while (i >= 0 && idx[i] == (distinct ? n - d + i : n - 1))
            i--;
        if (i < 0)
            return;
        idx[i]++;
        for (int j = i + 1; j < d; j++)
            idx[j] = distinct ? idx[j - 1] + 1 : idx[i];
    }
}

static char *term_name(const Transform *t, const Poly *p, int k)
{
    SBuf b = {0};
    const int *f = &p->fac[k * p->degree];
    if (p->len[k] == 0)
        sb_puts(&b, "1");
    for (int i = 0; i < p->len[k];) {
        int j = i;
        while (j < p->len[k] && f[j] == f[i])
            j++;
        sb_printf(&b, "%s%s", i ? "*" : "", t->inputs[f[i]]->s);
        if (j - i > 1)
            sb_printf(&b, "^%d", j - i);
        i = j;
    }
    return sb_take(&b);
}

static Status poly_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    const Poly *p = t->state;
    int64_t n = in->nrow;
    Vec **x = mem_calloc(sizeof(Vec *) * (size_t)t->ninputs);
    Vec **cols = mem_calloc(sizeof(Vec *) * (size_t)p->nterms);
    char **names = mem_calloc(sizeof(char *) * (size_t)p->nterms);
    Status st = ST_OK;
    for (int j = 0; j < t->ninputs && st == ST_OK; j++)
        st = tf_num_column(I, in, t->inputs[j]->s, &x[j]);
    for (int k = 0; k < p->nterms && st == ST_OK; k++) {
        const int *f = &p->fac[k * p->degree];
        int len = p->len[k];
        names[k] = term_name(t, p, k);
        if (!(cols[k] = vec_new_len(VEC_NUM, n))) {
            st = err_oom(I);
            break;
        }
        double *d = cols[k]->d.num;
        for (int64_t i = 0; i < n; i++)
            d[i] = len ? x[f[len - 1]]->d.num[i] : 1;
        for (int q = len - 2; q >= 0; q--) {
            const double *xf = x[f[q]]->d.num;
            for (int64_t i = 0; i < n; i++)
                d[i] = xf[i] * d[i];
        }
        for (int q = 0; q < len && st == ST_OK; q++)
            if (x[f[q]]->valid)
                for (int64_t i = 0; i < n; i++)
                    if (!vec_is_valid(x[f[q]], i) && !vec_set_na(cols[k], i)) {
                        st = err_oom(I);
                        break;
                    }
        if (interp_interrupted(I))
            st = err_interrupted(I);
    }
    for (int j = 0; j < t->ninputs; j++)
        if (x[j])
            obj_unref(x[j]);
    mem_free(x);
    if (st == ST_OK) {
        st = tf_splice(I, in, t->inputs, t->ninputs, (const char *const *)names, cols, p->nterms, out);
    } else {
        for (int k = 0; k < p->nterms; k++)
            if (cols[k])
                obj_unref(cols[k]);
    }
    for (int k = 0; k < p->nterms; k++)
        mem_free(names[k]);
    mem_free(names);
    mem_free(cols);
    return st;
}

static const TransformKind poly_kind = {.name = "poly", .apply = poly_apply, .free = poly_free};

static Status poly_fit(Interp *I, Value *a, Transform **out)
{
    BUILTIN_ARGS(POLY_PARAMS);
    Value x = ARG(x), degree = ARG(degree), columns = ARG(columns), inter = ARG(interaction_only);
    Value bias = ARG(include_bias);
    int64_t d;
    if (arg_int(I, degree, ARGNO(degree), 1, 32, &d) != ST_OK)
        return ST_ERR;
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
    int64_t total = bias.u.b ? 1 : 0;
    for (int k = 1; k <= d && total >= 0; k++) {
        int64_t c = count_terms(n, k, inter.u.b);
        total = c < 0 ? -1 : total + c;
    }
    int64_t nrow = df->nrow;
    obj_unref(df);
    if (total < 0 || total > MAX_TERMS) {
        mem_free(names);
        return err_raise(I, ERR_VALUE, "%s: degree %lld over %d columns gives more than %d terms; choose fewer "
                                       "columns or a lower degree", builtin_current(I), (long long)d, n, MAX_TERMS);
    }
    Poly *p = mem_calloc(sizeof *p);
    p->degree = (int)d;
    p->len = mem_alloc(sizeof(int) * (size_t)(total + 1));
    p->fac = mem_alloc(sizeof(int) * (size_t)((total + 1) * d));
    if (bias.u.b)
        add_terms(p, n, 0, false);
    for (int k = 1; k <= d; k++)
        add_terms(p, n, k, inter.u.b);
    char title[80];
    snprintf(title, sizeof title, "poly (degree %lld%s)", (long long)d, inter.u.b ? ", interactions only" : "");
    Transform *t = transform_new(&poly_kind, p, title);
    transform_set_inputs(t, names, n);
    t->nfit = nrow;
    t->vector_in = was_vec;
    char **tn = mem_alloc(sizeof(char *) * (size_t)p->nterms);
    double *deg = mem_alloc(sizeof(double) * (size_t)p->nterms);
    for (int k = 0; k < p->nterms; k++) {
        tn[k] = term_name(t, p, k);
        deg[k] = p->len[k];
    }
    Vec *vt = tf_str_vec((const char *const *)tn, p->nterms), *vd = tf_num_vec(deg, p->nterms);
    t->learned = frame_new(2);
    frame_set_take(t->learned, "output", vt);
    frame_set_take(t->learned, "degree", vd);
    t->learned->nrow = p->nterms;
    for (int k = 0; k < p->nterms; k++)
        mem_free(tn[k]);
    mem_free(tn);
    mem_free(deg);
    mem_free(names);
    *out = t;
    return ST_OK;
}

static Status ib_fit_poly(Interp *I, Value *a, Value *out)
{
    Transform *t;
    if (poly_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status ib_poly(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(POLY_PARAMS);
    Transform *t;
    if (poly_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

/* ---- cross ---------------------------------------------------------------------------- */

/* Text of element i of v (a number in shortest form). */
static void cell_text(const Vec *v, int64_t i, SBuf *b)
{
    char buf[64];
    if (v->kind == VEC_STR) {
        sb_puts(b, vec_str_unsafe(v, i)->s);
    } else if (v->kind == VEC_BOOL) {
        sb_puts(b, v->d.b[i] ? "true" : "false");
    } else {
        fmt_num_shortest(v->d.num[i], buf, sizeof buf);
        sb_puts(b, buf);
    }
}

static Status ib_cross(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(CROSS_PARAMS);
    const Frame *df = ARG(df).u.f;
    const char *ca = ARG(a).u.s->s, *cb = ARG(b).u.s->s, *sep = ARG(sep).u.s->s;
    const Vec *va = frame_col_borrow(df, ca), *vb = frame_col_borrow(df, cb);
    if (!va || !vb)
        return err_raise(I, ERR_NAME, "%s: no column named '%s'", builtin_current(I), va ? cb : ca);
    SBuf name = {0};
    if (ARG(name).t == T_STR)
        sb_puts(&name, ARG(name).u.s->s);
    else
        sb_printf(&name, "%s%s%s", ca, sep, cb);
    Vec *r = vec_new(VEC_STR, df->nrow);
    Status st = r ? ST_OK : err_oom(I);
    SBuf cell = {0};
    for (int64_t i = 0; i < df->nrow && st == ST_OK; i++) {
        bool ok;
        if (!vec_is_valid(va, i) || !vec_is_valid(vb, i)) {
            ok = vec_push_na(r);
        } else {
            cell.len = 0;
            cell_text(va, i, &cell);
            sb_puts(&cell, sep);
            cell_text(vb, i, &cell);
            ok = vec_push_str(r, cell.s, cell.len);
        }
        if (!ok)
            st = err_oom(I);
    }
    mem_free(cell.s);
    if (st == ST_OK) {
        obj_ref((void *)df);
        Frame *f = frame_unique((Frame *)df);
        frame_set_take(f, name.s, r);
        *out = val_obj_take(f);
    } else if (r) {
        obj_unref(r);
    }
    mem_free(name.s);
    return st;
}

#define POLY_DOC                                                                                          \
    "columns (default: every num and bool column) are replaced, where the first stood, by every product\n" \
    "of up to degree of them, in scikit-learn's order: a, b, a^2, a*b, b^2, ... interaction_only=true\n"   \
    "keeps products of distinct columns; include_bias=true adds the constant column \"1\" first (off by\n"  \
    "default, unlike scikit-learn: models add their own intercept). NA in a factor gives NA.\n"

static const BuiltinReg interact_lib[] = {
    {"fit_poly", ib_fit_poly, BUILTIN_SIG(POLY_PARAMS),
     "Polynomial and interaction features as a transform (as scikit-learn's PolynomialFeatures).\n" POLY_DOC
     "Example:\n"
     "t = fit_poly(frame(a=[1], b=[2]))\n"
     "print(t.output)  # → [\"a\", \"b\", \"a^2\", \"a*b\", \"b^2\"]"},
    {"poly", ib_poly, BUILTIN_SIG(POLY_PARAMS),
     "Polynomial and interaction features of x's columns: fit_poly applied to x.\n" POLY_DOC
     "Example:\n"
     "print(poly(frame(a=[2, 3], b=[5, 7], y=[0, 1]), interaction_only=true, columns=[\"a\", \"b\"]))\n"
     "# →    a  b  a*b  y\n"
     "# → 0  2  5   10  0\n"
     "# → 1  3  7   21  1\n"
     "# → [2 rows x 4 columns]"},
    {"cross", ib_cross, BUILTIN_SIG(CROSS_PARAMS),
     "Add a crossed (cartesian) feature: the values of columns a and b joined by sep, as a str column\n"
     "named a_b (or name=), one category per pair that occurs; NA in either gives NA. Encode it next\n"
     "with one_hot or target_encode.\n"
     "Example:\n"
     "print(cross(frame(s=[\"m\", \"f\"], k=[1, 2]), \"s\", \"k\").s_k)  # → [\"m_1\", \"f_2\"]"},
    {0},
};

void interact_open(Interp *I)
{
    builtin_module(I, "interact", "Features from several columns: polynomial terms and crossed categories.",
                   interact_lib);
}
