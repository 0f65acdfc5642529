/*
 * encode.c — categorical encoders as fitted transforms: one_hot (as
 * scikit-learn's OneHotEncoder / pandas' get_dummies) and ordinal (as
 * OrdinalEncoder), with the category tables they share (encode.h).
 *
 * Invariant: the categories, their order and so the output columns are
 * fixed at fitting; new data never adds a column. A value not seen in
 * fitting is handled as handle_unknown says, and the count of such rows
 * is reported on stderr (never silently); NA stays NA in every output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/format.h"
#include "lang/mem.h"
#include "lang/show.h"
#include "stdlib/encode.h"
#include "stdlib/modules.h"
#include "stdlib/transform.h"

#define ONE_HOT_PARAMS(P)                                                                      \
    P(x, "frame|vec|list") P(columns, "=null") P(drop_first, "bool=false")                    \
    P(handle_unknown, "str=\"ignore\"") P(dtype, "str=\"bool\"") P(max_levels, "int=1000")
#define ORDINAL_PARAMS(P)                                                                      \
    P(x, "frame|vec|list") P(columns, "=null") P(order, "list|vec|record|null=null")          \
    P(handle_unknown, "str=\"error\"")

/* ---- categories ---------------------------------------------------------------- */

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int cmp_num(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x) || isnan(y))
        return isnan(x) - isnan(y);
    return (x > y) - (x < y);
}

static Status too_many(Interp *I, const char *col, int64_t max)
{
    return err_raise(I, ERR_VALUE, "%s: column '%s' has more than %lld distinct values; raise max_levels=, or use "
                                   "target_encode or bin for a column like this", builtin_current(I), col,
                     (long long)max);
}

static Status learn_str(Interp *I, const char *col, const Vec *v, int64_t max, Cats *c)
{
    int32_t nd = v->dict->n;
    uint8_t *seen = mem_calloc((size_t)nd + 1);
    int32_t k = 0;
    for (int64_t i = 0; i < v->len; i++)
        if (vec_is_valid(v, i) && !seen[v->d.code[i]]) {
            seen[v->d.code[i]] = 1;
            k++;
        }
    if (k > max) {
        mem_free(seen);
        return too_many(I, col, max);
    }
    c->labels = mem_alloc(sizeof(char *) * (size_t)(k + 1));
    for (int32_t d = 0; d < nd; d++)
        if (seen[d])
            c->labels[c->n++] = mem_strdup(v->dict->strs[d]->s);
    mem_free(seen);
    qsort(c->labels, (size_t)c->n, sizeof(char *), cmp_cstr);
    return ST_OK;
}

static Status learn_num(Interp *I, const char *col, const Vec *v, int64_t max, Cats *c)
{
    double *x = mem_try_alloc(sizeof(double) * (size_t)(v->len + 1));
    if (!x)
        return err_oom(I);
    int64_t m = 0;
    for (int64_t i = 0; i < v->len; i++)
        if (vec_is_valid(v, i))
            x[m++] = v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i];
    qsort(x, (size_t)m, sizeof(double), cmp_num);
    int64_t k = 0;
    for (int64_t i = 0; i < m; i++)
        if (k == 0 || cmp_num(&x[i], &x[k - 1]) != 0) {
            if (k == max) {
                mem_free(x);
                return too_many(I, col, max);
            }
            x[k++] = x[i];
        }
    c->n = (int32_t)k;
    c->nums = mem_alloc(sizeof(double) * (size_t)(k + 1));
    memcpy(c->nums, x, sizeof(double) * (size_t)k);
    mem_free(x);
    c->labels = mem_alloc(sizeof(char *) * (size_t)(k + 1));
    for (int64_t i = 0; i < k; i++) {
        char buf[64];
        if (v->kind == VEC_BOOL)
            snprintf(buf, sizeof buf, "%s", c->nums[i] != 0 ? "true" : "false");
        else
            fmt_num_shortest(c->nums[i], buf, sizeof buf);
        c->labels[i] = mem_strdup(buf);
    }
    return ST_OK;
}

static void identity_perm(Cats *c)
{
    c->perm = mem_alloc(sizeof(int32_t) * (size_t)(c->n + 1));
    for (int32_t i = 0; i < c->n; i++)
        c->perm[i] = i;
}

Status cats_learn(Interp *I, const char *col, const Vec *v, int64_t max_levels, Cats *c)
{
    memset(c, 0, sizeof *c);
    c->kind = v->kind;
    Status st = v->kind == VEC_STR ? learn_str(I, col, v, max_levels, c) : learn_num(I, col, v, max_levels, c);
    if (st == ST_OK)
        identity_perm(c);
    return st;
}

void cats_free(Cats *c)
{
    for (int32_t i = 0; c->labels && i < c->n; i++)
        mem_free(c->labels[i]);
    mem_free(c->labels);
    mem_free(c->nums);
    mem_free(c->perm);
    memset(c, 0, sizeof *c);
}

/* Binary search over the sorted positions (labels or numbers). */
static int32_t find_label(const Cats *c, const char *s)
{
    int32_t lo = 0, hi = c->n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2, r = strcmp(c->labels[c->perm[mid]], s);
        if (r == 0)
            return c->perm[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return CAT_UNSEEN;
}

static int32_t find_num(const Cats *c, double x)
{
    int32_t lo = 0, hi = c->n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2, r = cmp_num(&c->nums[c->perm[mid]], &x);
        if (r == 0)
            return c->perm[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return CAT_UNSEEN;
}

/* Order positions by the categories' values (qsort_r comparator). */
static int cmp_pos(const void *a, const void *b, void *ctx)
{
    const Cats *c = ctx;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return c->kind == VEC_STR ? strcmp(c->labels[x], c->labels[y]) : cmp_num(&c->nums[x], &c->nums[y]);
}

Status cats_reorder(Interp *I, const char *col, Cats *c, const char *const *labels, const double *nums, int32_t n)
{
    Cats o = {.kind = c->kind, .n = n};
    o.labels = mem_alloc(sizeof(char *) * (size_t)(n + 1));
    o.nums = c->kind != VEC_STR ? mem_alloc(sizeof(double) * (size_t)(n + 1)) : NULL;
    for (int32_t i = 0; i < n; i++) {
        o.labels[i] = mem_strdup(labels[i]);
        if (o.nums)
            o.nums[i] = nums[i];
    }
    identity_perm(&o);
    qsort_r(o.perm, (size_t)n, sizeof(int32_t), cmp_pos, &o);
    for (int32_t j = 0; j < c->n; j++) {
        int32_t hit = c->kind == VEC_STR ? find_label(&o, c->labels[j]) : find_num(&o, c->nums[j]);
        if (hit < 0) {
            Status st = err_raise(I, ERR_VALUE, "%s: column '%s' has the value \"%s\", which the order does not list",
                                  builtin_current(I), col, c->labels[j]);
            cats_free(&o);
            return st;
        }
    }
    cats_free(c);
    *c = o;
    return ST_OK;
}

Status cats_index(Interp *I, const Cats *c, const char *col, const Vec *v, int32_t *idx, int64_t *unseen)
{
    bool fitted_str = c->kind == VEC_STR, now_str = v->kind == VEC_STR;
    if (fitted_str != now_str)
        return err_raise(I, ERR_TYPE, "%s: column '%s' held %s when the encoder was fitted, now %s",
                         builtin_current(I), col, fitted_str ? "text" : "numbers", vec_kind_name(v->kind));
    int64_t u = 0;
    if (now_str) {
        int32_t *map = mem_alloc(sizeof(int32_t) * (size_t)(v->dict->n + 1));
        for (int32_t d = 0; d < v->dict->n; d++)
            map[d] = find_label(c, v->dict->strs[d]->s);
        for (int64_t i = 0; i < v->len; i++)
            idx[i] = vec_is_valid(v, i) ? map[v->d.code[i]] : CAT_NA;
        mem_free(map);
    } else {
        for (int64_t i = 0; i < v->len; i++)
            idx[i] = !vec_is_valid(v, i) ? CAT_NA
                     : v->kind == VEC_NUM ? find_num(c, v->d.num[i])
                                          : find_num(c, v->d.b[i]);
    }
    for (int64_t i = 0; i < v->len; i++)
        u += idx[i] == CAT_UNSEEN;
    *unseen = u;
    return ST_OK;
}

Vec *cats_vec(const Cats *c)
{
    if (c->kind == VEC_STR)
        return tf_str_vec((const char *const *)c->labels, c->n);
    Vec *v = tf_num_vec(c->nums, c->n);
    if (v && c->kind == VEC_BOOL) {
        Vec *b = vec_new_len(VEC_BOOL, c->n);
        for (int32_t i = 0; b && i < c->n; i++)
            b->d.b[i] = c->nums[i] != 0;
        obj_unref(v);
        v = b;
    }
    return v;
}

void cats_report_unseen(Interp *I, const char *kind, const char *col, int64_t n, const char *became)
{
    if (n > 0)
        interp_printf(I, SIFT_STDERR, "%s: column '%s': %lld value%s not seen in fitting, %s\n", kind, col,
                      (long long)n, n == 1 ? "" : "s", became);
}

/* ---- shared by the encoders -------------------------------------------------------- */

typedef struct Encoder {
    Cats *cats;              /* one per input column */
    int n;
    bool drop_first;         /* one_hot */
    bool error_unknown;      /* handle_unknown="error" */
    bool as_num;             /* one_hot dtype="num" */
    bool bare;               /* one_hot of a vector: columns named by category alone */
} Encoder;

static void encoder_free(void *state)
{
    Encoder *e = state;
    for (int i = 0; i < e->n; i++)
        cats_free(&e->cats[i]);
    mem_free(e->cats);
    mem_free(e);
}

/* Category indices of input column k of in; errors on unseen values when
 * the encoder says so. idx is mem_alloc'd (mem_free it). */
static Status encoder_index(Interp *I, const Transform *t, const Frame *in, int k, int32_t **idx, int64_t *unseen)
{
    const Encoder *e = t->state;
    const char *col = t->inputs[k]->s;
    const Vec *v = frame_col_borrow(in, col);
    *idx = mem_try_alloc(sizeof(int32_t) * (size_t)(v->len + 1));
    if (!*idx)
        return err_oom(I);
    Status st = cats_index(I, &e->cats[k], col, v, *idx, unseen);
    if (st == ST_OK && *unseen > 0 && e->error_unknown) {
        int64_t i = 0;
        while ((*idx)[i] != CAT_UNSEEN)
            i++;
        Value x = vec_get(v, i);
        char *s = show_plain(I, x, true);
        val_unref(x);
        bool oh = strcmp(t->kind->name, "one_hot") == 0;
        st = err_raise(I, ERR_VALUE, "%s: column '%s' has %s (row %lld), not seen when the %s was fitted "
                                     "(handle_unknown=\"%s\" would encode it as %s)", builtin_current(I), col,
                       s, (long long)i, t->kind->name, oh ? "ignore" : "na", oh ? "all zeros" : "NA");
        mem_free(s);
    }
    if (st != ST_OK) {
        mem_free(*idx);
        *idx = NULL;
    }
    return st;
}

/* Fit categories for every column of names into a new Encoder. */
static Status encoder_fit(Interp *I, const Frame *df, const char **names, int n, int64_t max, Encoder **out)
{
    Encoder *e = mem_calloc(sizeof *e);
    e->cats = mem_calloc(sizeof(Cats) * (size_t)n);
    for (int k = 0; k < n; k++) {
        if (cats_learn(I, names[k], frame_col_borrow(df, names[k]), max, &e->cats[k]) != ST_OK) {
            e->n = k + 1;
            encoder_free(e);
            return ST_ERR;
        }
        e->n = k + 1;
    }
    *out = e;
    return ST_OK;
}

/* Default columns for the encoders: every str column. */
static Status text_columns(Interp *I, const Frame *df, Value columns, int argno, const char ***names, int *n)
{
    if (arg_given(columns))
        return tf_columns(I, df, columns, argno, false, names, n);
    *names = mem_alloc(sizeof(char *) * (size_t)(df->ncol + 1));
    *n = 0;
    for (int c = 0; c < df->ncol; c++)
        if (df->cols[c]->kind == VEC_STR)
            (*names)[(*n)++] = df->names[c]->s;
    if (*n == 0) {
        mem_free(*names);
        *names = NULL;
        return err_raise(I, ERR_VALUE, "%s: the frame has no str column to encode (name the columns)",
                         builtin_current(I));
    }
    return ST_OK;
}

/* The columns an encoder fits: "x" for a vector, else columns= or every
 * str column. */
static Status fit_columns(Interp *I, const Frame *df, bool was_vec, Value columns, const char ***names, int *n)
{
    if (!was_vec)
        return text_columns(I, df, columns, 2, names, n);
    *names = mem_alloc(sizeof(char *));
    (*names)[0] = "x";
    *n = 1;
    return ST_OK;
}

/* The learned table: one row per (column, category). */
static Status categories_table(Interp *I, Transform *t, const Encoder *e, bool with_output)
{
    int64_t rows = 0;
    for (int k = 0; k < e->n; k++)
        rows += e->cats[k].n;
    const char **col = mem_alloc(sizeof(char *) * (size_t)(rows + 1));
    const char **cat = mem_alloc(sizeof(char *) * (size_t)(rows + 1));
    char **outn = mem_calloc(sizeof(char *) * (size_t)(rows + 1));
    double *code = mem_alloc(sizeof(double) * (size_t)(rows + 1));
    int64_t r = 0;
    for (int k = 0; k < e->n; k++)
        for (int32_t j = 0; j < e->cats[k].n; j++, r++) {
            col[r] = t->inputs[k]->s;
            cat[r] = e->cats[k].labels[j];
            code[r] = j;
            if (with_output) {
                SBuf b = {0};
                if (j == 0 && e->drop_first)
                    sb_puts(&b, "(dropped)");
                else if (e->bare)
                    sb_puts(&b, cat[r]);
                else
                    sb_printf(&b, "%s_%s", col[r], cat[r]);
                outn[r] = sb_take(&b);
            }
        }
    Vec *vc = tf_str_vec(col, rows), *vk = tf_str_vec(cat, rows);
    Vec *vo = with_output ? tf_str_vec((const char *const *)outn, rows) : tf_num_vec(code, rows);
    Status st = vc && vk && vo ? ST_OK : err_oom(I);
    if (st == ST_OK) {
        t->learned = frame_new(3);
        frame_set(t->learned, "column", vc);
        frame_set(t->learned, "category", vk);
        frame_set(t->learned, with_output ? "output" : "code", vo);
        t->learned->nrow = rows;
    }
    if (vc)
        obj_unref(vc);
    if (vk)
        obj_unref(vk);
    if (vo)
        obj_unref(vo);
    for (int64_t i = 0; i < rows; i++)
        mem_free(outn[i]);
    mem_free(outn);
    mem_free(col);
    mem_free(cat);
    mem_free(code);
    return st;
}

/* ---- one-hot ---------------------------------------------------------------------- */

/* Writing the 1s column by column: the rows of each category, grouped
 * by a counting sort (in row order), are written into that category's
 * column only. Row by row, each write would land on another column's
 * page; on a 1,000-level one-hot that is a TLB miss per row and ten
 * times slower. Columns are tasks on the compute/ job runner (disjoint
 * memory, so the page faults of a large one-hot are taken on every core). */
typedef struct Scatter {
    const int64_t *rows;     /* rows grouped by category */
    const int64_t *start;    /* category c's rows: rows[start[c] .. start[c + 1]) */
    int first;               /* 1 with drop_first */
    uint8_t **b;             /* bool columns, or */
    double **d;              /* num columns */
} Scatter;

static CpStatus scatter_column(void *arg, int64_t j, const CpCtx *cx)
{
    const Scatter *s = arg;
    int64_t c = j + s->first;
    for (int64_t r = s->start[c]; r < s->start[c + 1]; r++) {
        if (s->b)
            s->b[j][s->rows[r]] = 1;
        else
            s->d[j][s->rows[r]] = 1;
    }
    return cp_interrupted(cx) ? CP_EINTR : CP_OK;
}

/* rows grouped by category (idx[i] >= 0 only), and the group starts. */
static Status group_rows(Interp *I, const int32_t *idx, int64_t n, int32_t ncat, int64_t **rows, int64_t **start)
{
    *rows = mem_try_alloc(sizeof(int64_t) * (size_t)(n + 1));
    *start = mem_try_calloc(sizeof(int64_t) * (size_t)(ncat + 2));
    if (!*rows || !*start) {
        mem_free(*rows);
        mem_free(*start);
        return err_oom(I);
    }
    for (int64_t i = 0; i < n; i++)
        if (idx[i] >= 0)
            (*start)[idx[i] + 2]++;
    for (int32_t c = 0; c < ncat; c++)
        (*start)[c + 2] += (*start)[c + 1];
    for (int64_t i = 0; i < n; i++)      /* start[c + 1] is the next free slot of c */
        if (idx[i] >= 0)
            (*rows)[(*start)[idx[i] + 1]++] = i;
    return ST_OK;
}

/* The indicator columns of input k, spliced in place of it. */
static Status one_hot_column(Interp *I, const Transform *t, int k, Frame **cur)
{
    const Encoder *e = t->state;
    const Cats *c = &e->cats[k];
    const char *col = t->inputs[k]->s;
    int32_t *idx;
    int64_t unseen, n = (*cur)->nrow;
    if (encoder_index(I, t, *cur, k, &idx, &unseen) != ST_OK)
        return ST_ERR;
    cats_report_unseen(I, "one_hot", col, unseen, "encoded as all zeros");
    int first = e->drop_first ? 1 : 0, nout = c->n - first;
    Vec **cols = mem_calloc(sizeof(Vec *) * (size_t)(nout + 1));
    char **names = mem_calloc(sizeof(char *) * (size_t)(nout + 1));
    Scatter sc = {NULL, NULL, first, NULL, NULL};
    int64_t *rows = NULL, *start = NULL;
    if (e->as_num)
        sc.d = mem_alloc(sizeof(double *) * (size_t)(nout + 1));
    else
        sc.b = mem_alloc(sizeof(uint8_t *) * (size_t)(nout + 1));
    Status st = ST_OK;
    for (int j = 0; j < nout && st == ST_OK; j++) {
        SBuf b = {0};
        if (e->bare)
            sb_puts(&b, c->labels[j + first]);
        else
            sb_printf(&b, "%s_%s", col, c->labels[j + first]);
        names[j] = sb_take(&b);
        if (!(cols[j] = vec_new_zero(e->as_num ? VEC_NUM : VEC_BOOL, n)))
            st = err_oom(I);
        else if (e->as_num)
            sc.d[j] = cols[j]->d.num;
        else
            sc.b[j] = cols[j]->d.b;
    }
    for (int64_t i = 0; i < n && st == ST_OK; i++)      /* NA rows (allocates the bitmaps) */
        if (idx[i] == CAT_NA)
            for (int q = 0; q < nout; q++)
                if (!vec_set_na(cols[q], i))
                    st = err_oom(I);
    if (st == ST_OK && (st = group_rows(I, idx, n, c->n, &rows, &start)) == ST_OK) {
        CpCtx cx;
        tf_cx(I, &cx);
        sc.rows = rows;
        sc.start = start;
        CpStatus cs = cp_run(&cx, nout, scatter_column, &sc);
        if (cs != CP_OK)
            st = tf_cx_error(I, &cx, cs);
    }
    mem_free(rows);
    mem_free(start);
    mem_free(idx);
    mem_free(sc.b);
    mem_free(sc.d);
    Frame *next = NULL;
    if (st == ST_OK) {
        st = tf_splice(I, *cur, &t->inputs[k], 1, (const char *const *)names, cols, nout, &next);
    } else {
        for (int j = 0; j < nout; j++)
            if (cols[j])
                obj_unref(cols[j]);
    }
    for (int j = 0; j < nout; j++)
        mem_free(names[j]);
    mem_free(names);
    mem_free(cols);
    if (st == ST_OK) {
        obj_unref(*cur);
        *cur = next;
    }
    return st;
}

static Status one_hot_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    Frame *cur = (Frame *)in;
    obj_ref(cur);
    for (int k = 0; k < t->ninputs; k++)
        if (one_hot_column(I, t, k, &cur) != ST_OK) {
            obj_unref(cur);
            return ST_ERR;
        }
    *out = cur;
    return ST_OK;
}

static const TransformKind one_hot_kind = {.name = "one_hot", .apply = one_hot_apply, .free = encoder_free};

static const char *const unknown_names[] = {"ignore", "error"};
static const char *const dtype_names[] = {"bool", "num"};

static Status one_hot_fit(Interp *I, Value *a, Transform **out)
{
    BUILTIN_ARGS(ONE_HOT_PARAMS);
    Value x = ARG(x), columns = ARG(columns), drop_first = ARG(drop_first), unknown = ARG(handle_unknown);
    Value dtype = ARG(dtype), maxl = ARG(max_levels);
    int hu, dt;
    int64_t max;
    if (tf_choice(I, "handle_unknown", unknown.u.s->s, unknown_names, 2, &hu) != ST_OK ||
        tf_choice(I, "dtype", dtype.u.s->s, dtype_names, 2, &dt) != ST_OK ||
        arg_int(I, maxl, ARGNO(max_levels), 1, 1000000, &max) != ST_OK)
        return ST_ERR;
    Frame *df;
    bool was_vec;
    const char **names = NULL;
    int n = 0;
    if (tf_frame_arg(I, x, ARGNO(x), &df, &was_vec) != ST_OK)
        return ST_ERR;
    Encoder *e = NULL;
    Status st = fit_columns(I, df, was_vec, columns, &names, &n);
    if (st == ST_OK)
        st = encoder_fit(I, df, names, n, max, &e);
    if (st == ST_OK) {
        e->n = n;
        e->drop_first = drop_first.u.b;
        e->error_unknown = hu == 1;
        e->as_num = dt == 1;
        e->bare = was_vec;
        Transform *t = transform_new(&one_hot_kind, e, "one_hot");
        transform_set_inputs(t, names, n);
        t->nfit = df->nrow;
        t->vector_in = was_vec;
        if ((st = categories_table(I, t, e, true)) == ST_OK)
            *out = t;
        else
            transform_free(t);
    }
    mem_free(names);
    obj_unref(df);
    return st;
}

static Status eb_fit_one_hot(Interp *I, Value *a, Value *out)
{
    Transform *t;
    if (one_hot_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status eb_one_hot(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ONE_HOT_PARAMS);
    Transform *t;
    if (one_hot_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

/* ---- ordinal ------------------------------------------------------------------------ */

static Status ordinal_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    obj_ref((void *)in);
    Frame *f = frame_unique((Frame *)in);
    for (int k = 0; k < t->ninputs; k++) {
        int32_t *idx;
        int64_t unseen;
        if (encoder_index(I, t, f, k, &idx, &unseen) != ST_OK) {
            obj_unref(f);
            return ST_ERR;
        }
        cats_report_unseen(I, "ordinal", t->inputs[k]->s, unseen, "encoded as NA");
        Vec *r = vec_new_len(VEC_NUM, f->nrow);
        bool ok = r != NULL;
        for (int64_t i = 0; ok && i < f->nrow; i++) {
            r->d.num[i] = idx[i] >= 0 ? idx[i] : 0;
            if (idx[i] < 0)
                ok = vec_set_na(r, i);
        }
        mem_free(idx);
        if (!ok) {
            if (r)
                obj_unref(r);
            obj_unref(f);
            return err_oom(I);
        }
        frame_set_take(f, t->inputs[k]->s, r);
    }
    *out = f;
    return ST_OK;
}

static const TransformKind ordinal_kind = {.name = "ordinal", .apply = ordinal_apply, .free = encoder_free};

static bool is_seq(Value v) { return v.t == T_LIST || v.t == T_VEC; }

/* The order given for column `col`: order itself (a list or vector, for
 * one column) or its field `col` (a record). null when none was given. */
static Value order_for(Value order, const char *col, int ncols)
{
    if (is_seq(order) && ncols == 1)
        return order;
    if (order.t == T_RECORD) {
        Value *v = record_get_borrow(order.u.r, col);
        if (v && is_seq(*v))
            return *v;
    }
    return val_null();
}

/* Replace the learned categories of c by the given order. */
static Status apply_order(Interp *I, const char *col, Value seq, Cats *c)
{
    int64_t len = seq.t == T_LIST ? seq.u.l->len : seq.u.v->len;
    const char **labels = mem_alloc(sizeof(char *) * (size_t)(len + 1));
    char **own = mem_calloc(sizeof(char *) * (size_t)(len + 1));
    double *nums = mem_alloc(sizeof(double) * (size_t)(len + 1));
    Value *items = mem_calloc(sizeof(Value) * (size_t)(len + 1));
    Status st = ST_OK;
    for (int64_t i = 0; i < len; i++)
        items[i] = seq.t == T_LIST ? val_ref(seq.u.l->items[i]) : vec_get(seq.u.v, i);
    for (int64_t i = 0; i < len && st == ST_OK; i++) {
        Value v = items[i];
        bool want_str = c->kind == VEC_STR;
        if (want_str ? v.t != T_STR : v.t != T_NUM && v.t != T_BOOL) {
            st = err_raise(I, ERR_TYPE, "%s: order for column '%s' must list %s, element %lld is %s",
                           builtin_current(I), col, want_str ? "strings" : "numbers", (long long)i, val_type_name(v));
        } else if (want_str) {
            labels[i] = v.u.s->s;
        } else {
            char buf[64];
            nums[i] = v.t == T_NUM ? v.u.n : v.u.b;
            fmt_num_shortest(nums[i], buf, sizeof buf);
            labels[i] = own[i] = mem_strdup(buf);
        }
    }
    if (st == ST_OK)
        st = cats_reorder(I, col, c, labels, nums, (int32_t)len);
    for (int64_t i = 0; i < len; i++) {
        mem_free(own[i]);
        val_unref(items[i]);
    }
    mem_free(items);
    mem_free(own);
    mem_free(labels);
    mem_free(nums);
    return st;
}

static Status ordinal_fit(Interp *I, Value *a, Transform **out)
{
    BUILTIN_ARGS(ORDINAL_PARAMS);
    Value x = ARG(x), columns = ARG(columns), order = ARG(order), unknown = ARG(handle_unknown);
    int hu;
    static const char *const ord_unknown[] = {"error", "na"};
    if (tf_choice(I, "handle_unknown", unknown.u.s->s, ord_unknown, 2, &hu) != ST_OK)
        return ST_ERR;
    Frame *df;
    bool was_vec;
    const char **names = NULL;
    int n = 0;
    if (tf_frame_arg(I, x, ARGNO(x), &df, &was_vec) != ST_OK)
        return ST_ERR;
    Encoder *e = NULL;
    Status st = fit_columns(I, df, was_vec, columns, &names, &n);
    if (st == ST_OK)
        st = encoder_fit(I, df, names, n, INT32_MAX, &e);
    for (int k = 0; st == ST_OK && k < n; k++) {
        Value o = order_for(order, names[k], n);
        if (o.t != T_NULL)
            st = apply_order(I, names[k], o, &e->cats[k]);
        else if (arg_given(order) && order.t != T_RECORD)
            st = err_raise(I, ERR_TYPE, "%s: with several columns, order must be a record {column: [...]}",
                           builtin_current(I));
    }
    if (st == ST_OK) {
        e->error_unknown = hu == 0;
        Transform *t = transform_new(&ordinal_kind, e, "ordinal");
        e = NULL;
        transform_set_inputs(t, names, n);
        t->nfit = df->nrow;
        t->vector_in = was_vec;
        t->one_to_one = true;
        if ((st = categories_table(I, t, t->state, false)) == ST_OK)
            *out = t;
        else
            transform_free(t);
    }
    if (e)
        encoder_free(e);
    mem_free(names);
    obj_unref(df);
    return st;
}

static Status eb_fit_ordinal(Interp *I, Value *a, Value *out)
{
    Transform *t;
    if (ordinal_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status eb_ordinal(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ORDINAL_PARAMS);
    Transform *t;
    if (ordinal_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

#define ONE_HOT_DOC                                                                                          \
    "columns: a name or a list (default: every str column). Each column is replaced, where it stands, by\n"   \
    "one column per category named column_category (x a vector: the category alone), categories sorted (as scikit-learn and\n"              \
    "pandas): true where the row has that category. dtype=\"num\" gives 0/1 numbers instead of bools.\n"    \
    "drop_first=true leaves out the first category. NA gives NA in every indicator. A value not seen in\n"  \
    "fitting gives all false with handle_unknown=\"ignore\" (the count is reported on stderr), an error\n"  \
    "with \"error\". More than max_levels categories is an error.\n"
#define ORDINAL_DOC                                                                                          \
    "columns: a name or a list (default: every str column); each is replaced by the position of its\n"      \
    "value among the categories (0, 1, ...), sorted unless order= gives them: a list for one column,\n"     \
    "a record {column: [...]} for several. Every value seen in fitting must be in order. NA stays NA;\n"   \
    "an unseen value is an error with handle_unknown=\"error\", NA with \"na\" (and reported on stderr).\n"

static const BuiltinReg encode_lib[] = {
    {"fit_one_hot", eb_fit_one_hot, BUILTIN_SIG(ONE_HOT_PARAMS),
     "Learn the categories of columns for one-hot encoding; apply with transform(t, df).\n" ONE_HOT_DOC
     "Example:\n"
     "t = fit_one_hot(frame(c=[\"b\", \"a\", \"b\"]))\n"
     "print(t.output)  # → [\"c_a\", \"c_b\"]\n"
     "print(transform(t, frame(c=[\"b\", \"z\"])).c_b)  # → [true, false]"},
    {"one_hot", eb_one_hot, BUILTIN_SIG(ONE_HOT_PARAMS),
     "One indicator column per category (as pandas' get_dummies): fit_one_hot applied to x itself.\n"
     ONE_HOT_DOC
     "Example:\n"
     "print(one_hot(frame(c=[\"b\", \"a\"], y=[1, 2]), \"c\", dtype=\"num\"))\n"
     "# →    c_a  c_b  y\n"
     "# → 0    0    1  1\n"
     "# → 1    1    0  2\n"
     "# → [2 rows x 3 columns]"},
    {"fit_ordinal", eb_fit_ordinal, BUILTIN_SIG(ORDINAL_PARAMS),
     "Learn the categories of columns for ordinal codes; apply with transform(t, df).\n" ORDINAL_DOC
     "Example:\n"
     "t = fit_ordinal(frame(size=[\"S\", \"L\", \"M\"]), order=[\"S\", \"M\", \"L\"])\n"
     "print(transform(t, frame(size=[\"L\", \"S\"])).size)  # → [2, 0]"},
    {"ordinal", eb_ordinal, BUILTIN_SIG(ORDINAL_PARAMS),
     "Categories as codes 0, 1, ... (as scikit-learn's OrdinalEncoder): fit_ordinal applied to x itself.\n"
     ORDINAL_DOC
     "Example:\n"
     "print(ordinal([\"b\", \"a\", \"c\", \"a\"]))  # → [1, 0, 2, 0]"},
    {0},
};

void encode_open(Interp *I)
{
    builtin_module(I, "encode", "Encoding categories as numbers: one-hot and ordinal codes, fitted once.",
                   encode_lib);
}
