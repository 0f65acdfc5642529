/*
 * bin.c — binning numbers into intervals as a fitted transform (fit_bin /
 * bin), as scikit-learn's KBinsDiscretizer(encode="ordinal"): edges of
 * equal width between the training min and max (method="width", numpy's
 * linspace) or at the training quantiles (method="quantile", numpy's
 * percentile; edges closer than 1e-8 merged), or given (edges=).
 *
 * A value gets the number of its bin, 0 .. k-1, or labels[bin]. Bins are
 * [lo, hi) except the last, [lo, hi]. With fitted edges a value beyond
 * them goes to the first or last bin (scikit-learn); with given edges it
 * is NA (it is in none of the bins asked for). NA stays NA. A constant
 * column has one bin.
 *
 * Invariant: the edges come from the fitting frame (or the call) only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/format.h"
#include "lang/mem.h"
#include "stdlib/modules.h"
#include "stdlib/transform.h"

#define BIN_PARAMS(P)                                                                           \
    P(x, "frame|vec|list") P(bins, "int=5") P(edges, "vec|list|null=null") P(labels, "vec|list|null=null") \
    P(method, "str=\"width\"") P(columns, "=null")

enum { BIN_WIDTH, BIN_QUANTILE, BIN_GIVEN };

typedef struct Bins {
    int ncol;
    int *nb;                 /* bins per column */
    double **edges;          /* nb + 1 edges per column */
    bool given;              /* edges= : outside values are NA */
    char **labels;           /* NULL or nlabels labels (all columns) */
    int nlabels;
} Bins;

static void bins_free(void *state)
{
    Bins *b = state;
    for (int c = 0; c < b->ncol; c++)
        mem_free(b->edges[c]);
    for (int i = 0; i < b->nlabels; i++)
        mem_free(b->labels[i]);
    mem_free(b->labels);
    mem_free(b->edges);
    mem_free(b->nb);
    mem_free(b);
}

/* The bin of x among the edges e[0..nb]: numpy's searchsorted of the
 * inner edges, side="right"; -1 when outside given edges. */
static int bin_of(const Bins *b, const double *e, int nb, double x)
{
    if (b->given && !(x >= e[0] && x <= e[nb]))
        return -1;
    int lo = 0, hi = nb - 1;     /* inner edges e[1..nb-1] */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (e[mid + 1] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static Vec *bin_column(const Bins *b, int c, const Vec *x)
{
    int64_t n = x->len;
    Vec *r = b->labels ? vec_new(VEC_STR, n) : vec_new_len(VEC_NUM, n);
    for (int64_t i = 0; r && i < n; i++) {
        int k = vec_is_valid(x, i) && !isnan(x->d.num[i]) ? bin_of(b, b->edges[c], b->nb[c], x->d.num[i]) : -1;
        bool ok;
        if (b->labels)
            ok = k < 0 ? vec_push_na(r) : vec_push_str(r, b->labels[k], strlen(b->labels[k]));
        else if (k < 0)
            ok = (r->d.num[i] = 0, vec_set_na(r, i));
        else
            ok = (r->d.num[i] = k, true);
        if (!ok) {
            obj_unref(r);
            return NULL;
        }
    }
    return r;
}

static Status bins_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    const Bins *b = t->state;
    obj_ref((void *)in);
    Frame *f = frame_unique((Frame *)in);
    for (int c = 0; c < t->ninputs; c++) {
        Vec *x, *r;
        if (tf_num_column(I, f, t->inputs[c]->s, &x) != ST_OK) {
            obj_unref(f);
            return ST_ERR;
        }
        r = bin_column(b, c, x);
        obj_unref(x);
        if (!r) {
            obj_unref(f);
            return err_oom(I);
        }
        frame_set_take(f, t->inputs[c]->s, r);
    }
    *out = f;
    return ST_OK;
}

static const TransformKind bins_kind = {.name = "bins", .apply = bins_apply, .free = bins_free};

/* ---- fitting ------------------------------------------------------------------------------ */

static Status fit_width(Interp *I, const Vec *x, int nb, double **edges, int *nout)
{
    double lo = INFINITY, hi = -INFINITY;
    int64_t m = 0;
    for (int64_t i = 0; i < x->len; i++)
        if (vec_is_valid(x, i) && !isnan(x->d.num[i])) {
            lo = fmin(lo, x->d.num[i]);
            hi = fmax(hi, x->d.num[i]);
            m++;
        }
    if (m == 0)
        return err_raise(I, ERR_VALUE, "%s: a column has no values to bin", builtin_current(I));
    *edges = mem_alloc(sizeof(double) * (size_t)(nb + 2));
    if (lo == hi) {                               /* constant: one bin, as scikit-learn */
        (*edges)[0] = -INFINITY;
        (*edges)[1] = INFINITY;
        *nout = 1;
        return ST_OK;
    }
    double step = (hi - lo) / nb;                 /* numpy's linspace */
    for (int i = 0; i < nb; i++)
        (*edges)[i] = i * step + lo;
    (*edges)[nb] = hi;
    *nout = nb;
    return ST_OK;
}

static Status fit_quantile(Interp *I, const Vec *x, int nb, double **edges, int *nout)
{
    CpCtx cx;
    tf_cx(I, &cx);
    double *qs = mem_alloc(sizeof(double) * (size_t)(nb + 1)), *e = mem_alloc(sizeof(double) * (size_t)(nb + 2));
    for (int i = 0; i < nb; i++)
        qs[i] = i * (100.0 / nb) / 100;           /* np.percentile(x, np.linspace(0, 100, nb + 1)) */
    qs[nb] = 1;
    CpCol col = cp_col_f64(x->d.num, x->valid, x->len);
    int64_t used;
    CpStatus cs = cp_quantiles(&cx, &col, CP_SKIP_NONFINITE, qs, nb + 1, e, &used);
    mem_free(qs);
    if (cs != CP_OK || used == 0) {
        mem_free(e);
        return cs != CP_OK ? tf_cx_error(I, &cx, cs)
                           : err_raise(I, ERR_VALUE, "%s: a column has no values to bin", builtin_current(I));
    }
    if (e[0] == e[nb]) {
        e[0] = -INFINITY;
        e[1] = INFINITY;
        *nout = 1;
    } else {                                      /* drop bins of width <= 1e-8 */
        int k = 1;
        for (int i = 1; i <= nb; i++)
            if (e[i] - e[k - 1] > 1e-8)
                e[k++] = e[i];
        *nout = k - 1;
    }
    *edges = e;
    return ST_OK;
}

static Status given_edges(Interp *I, Value v, int argno, double **edges, int *nout)
{
    Vec *e;
    if (arg_vec(I, v, argno, &e) != ST_OK)
        return ST_ERR;
    bool ok = e->kind == VEC_NUM && e->len >= 2 && !e->nnull;
    for (int64_t i = 1; ok && i < e->len; i++)
        ok = e->d.num[i] > e->d.num[i - 1];
    if (ok) {
        *edges = mem_alloc(sizeof(double) * (size_t)e->len);
        memcpy(*edges, e->d.num, sizeof(double) * (size_t)e->len);
        *nout = (int)e->len - 1;
    }
    obj_unref(e);
    return ok ? ST_OK : arg_error(I, ERR_VALUE, argno, "must be at least 2 increasing numbers");
}

static Status take_labels(Interp *I, Value v, int argno, Bins *b)
{
    Vec *l;
    if (arg_vec(I, v, argno, &l) != ST_OK)
        return ST_ERR;
    Status st = ST_OK;
    if (l->kind != VEC_STR || l->nnull)
        st = arg_error(I, ERR_TYPE, argno, "must be a list of str (one per bin)");
    b->labels = mem_calloc(sizeof(char *) * (size_t)(l->len + 1));
    for (int64_t i = 0; st == ST_OK && i < l->len; i++)
        b->labels[b->nlabels++] = mem_strdup(vec_str_unsafe(l, i)->s);
    obj_unref(l);
    return st;
}

/* The learned table: column, bin, lo, hi (and label). */
static void bins_table(Transform *t, const Bins *b)
{
    int64_t rows = 0;
    for (int c = 0; c < b->ncol; c++)
        rows += b->nb[c];
    const char **col = mem_alloc(sizeof(char *) * (size_t)(rows + 1)), **lab = mem_alloc(sizeof(char *) * (size_t)(rows + 1));
    double *no = mem_alloc(sizeof(double) * (size_t)(rows + 1)), *lo = mem_alloc(sizeof(double) * (size_t)(rows + 1));
    double *hi = mem_alloc(sizeof(double) * (size_t)(rows + 1));
    int64_t r = 0;
    for (int c = 0; c < b->ncol; c++)
        for (int k = 0; k < b->nb[c]; k++, r++) {
            col[r] = t->inputs[c]->s;
            no[r] = k;
            lo[r] = b->edges[c][k];
            hi[r] = b->edges[c][k + 1];
            lab[r] = b->labels && k < b->nlabels ? b->labels[k] : NULL;
        }
    t->learned = frame_new(5);
    frame_set_take(t->learned, "column", tf_str_vec(col, rows));
    frame_set_take(t->learned, "bin", tf_num_vec(no, rows));
    frame_set_take(t->learned, "lo", tf_num_vec(lo, rows));
    frame_set_take(t->learned, "hi", tf_num_vec(hi, rows));
    if (b->labels)
        frame_set_take(t->learned, "label", tf_str_vec(lab, rows));
    t->learned->nrow = rows;
    mem_free(col);
    mem_free(lab);
    mem_free(no);
    mem_free(lo);
    mem_free(hi);
}

static Status bins_fit(Interp *I, Value *a, Transform **out)
{
    BUILTIN_ARGS(BIN_PARAMS);
    static const char *const methods[] = {"width", "quantile"};
    int method;
    int64_t nbins;
    if (tf_choice(I, "method", ARG(method).u.s->s, methods, 2, &method) != ST_OK ||
        arg_int(I, ARG(bins), ARGNO(bins), 1, 100000, &nbins) != ST_OK)
        return ST_ERR;
    if (arg_given(ARG(edges)))
        method = BIN_GIVEN;
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
    Bins *b = mem_calloc(sizeof *b);
    b->given = method == BIN_GIVEN;
    b->nb = mem_calloc(sizeof(int) * (size_t)n);
    b->edges = mem_calloc(sizeof(double *) * (size_t)n);
    Transform *t = transform_new(&bins_kind, b, method == BIN_WIDTH ? "bins (equal width)"
                                                : method == BIN_QUANTILE ? "bins (quantiles)" : "bins (given edges)");
    transform_set_inputs(t, names, n);
    t->nfit = df->nrow;
    t->vector_in = was_vec;
    t->one_to_one = true;
    Status st = arg_given(ARG(labels)) ? take_labels(I, ARG(labels), ARGNO(labels), b) : ST_OK;
    for (int c = 0; c < n && st == ST_OK; c++) {
        Vec *x;
        if ((st = tf_num_column(I, df, names[c], &x)) != ST_OK)
            break;
        b->ncol = c + 1;
        st = method == BIN_WIDTH      ? fit_width(I, x, (int)nbins, &b->edges[c], &b->nb[c])
             : method == BIN_QUANTILE ? fit_quantile(I, x, (int)nbins, &b->edges[c], &b->nb[c])
                                      : given_edges(I, ARG(edges), ARGNO(edges), &b->edges[c], &b->nb[c]);
        obj_unref(x);
        if (st == ST_OK && b->labels && b->nlabels != b->nb[c])
            st = arg_error(I, ERR_VALUE, ARGNO(labels), "has %d labels, column '%s' has %d bins", b->nlabels,
                           names[c], b->nb[c]);
        if (st == ST_OK && b->nb[c] < nbins && method != BIN_GIVEN)
            transform_note(t, "column %s: %d bin%s (%s)", names[c], b->nb[c], b->nb[c] == 1 ? "" : "s",
                           b->nb[c] == 1 ? "constant" : "quantiles closer than 1e-8 merged");
    }
    mem_free(names);
    obj_unref(df);
    if (st != ST_OK) {
        transform_free(t);
        return st;
    }
    bins_table(t, b);
    *out = t;
    return ST_OK;
}

static Status bb_fit_bin(Interp *I, Value *a, Value *out)
{
    Transform *t;
    if (bins_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status bb_bin(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(BIN_PARAMS);
    Transform *t;
    if (bins_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

#define BIN_DOC                                                                                            \
    "method=\"width\": bins equal-width edges between the training min and max; \"quantile\": edges at\n"    \
    "the training quantiles (equal counts; edges closer than 1e-8 merged, as scikit-learn); edges=\n"      \
    "gives them. A value gets its bin number 0 .. k-1 (or labels[bin]: one str per bin). Bins are\n"       \
    "[lo, hi), the last [lo, hi]. Fitted edges: values beyond them go to the end bins (scikit-learn);\n"  \
    "given edges: values outside are NA. NA stays NA. columns= picks columns (default: every num and\n"   \
    "bool column). t.lo and t.hi hold the edges.\n"

static const BuiltinReg bin_lib[] = {
    {"fit_bin", bb_fit_bin, BUILTIN_SIG(BIN_PARAMS),
     "Learn bin edges (as scikit-learn's KBinsDiscretizer, ordinal); apply with transform(t, x).\n" BIN_DOC
     "Example:\n"
     "t = fit_bin([0, 10], bins=4)\n"
     "print(t.lo, transform(t, [-5, 2.5, 7, 10, 99]))  # → [0, 2.5, 5, 7.5] [0, 1, 2, 3, 3]"},
    {"bin", bb_bin, BUILTIN_SIG(BIN_PARAMS),
     "Bin numbers into intervals: fit_bin applied to x.\n" BIN_DOC
     "Example:\n"
     "print(bin([1, 5, 12, 30], edges=[0, 10, 20], labels=[\"low\", \"mid\"]))  # → [\"low\", \"low\", \"mid\", NA]"},
    {0},
};

void bin_open(Interp *I)
{
    builtin_module(I, "bin", "Binning numbers into intervals, with edges fitted once.", bin_lib);
}
