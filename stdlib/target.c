/*
 * target.c — target encoding (as scikit-learn 1.3's TargetEncoder): each
 * category replaced by a smoothed mean of the target over the rows that
 * have it.
 *
 *   smoothing = m (a number): (sum of y + m * mean(y)) / (count + m)
 *   smoothing = "auto": lambda * mean_c + (1 - lambda) * mean(y), with
 *     lambda = var(y) n_c / (var(y) n_c + var_c)  (Micci-Barreca eq. 5-6;
 *     variances with ddof=0; a category with no rows, or lambda NaN,
 *     gets mean(y)).
 *
 * Invariant (no leakage): on the training frame itself (target_encode, or
 * the step inside fit_pipeline) every row's value comes from the other
 * folds only — k shuffled folds as scikit-learn's KFold(shuffle=True):
 * the rows in a seeded random order cut into k runs, the first n % k one
 * longer. New frames (transform) get the encodings fitted on all rows.
 * A binary target is encoded as the share of its second class (sorted
 * order, scikit-learn's classes_[1]); a multiclass target gives one column
 * per class (column_class). Rows with NA target are left out of every
 * statistic; NA in the column stays NA.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/mem.h"
#include "lang/show.h"
#include "stdlib/encode.h"
#include "stdlib/modules.h"
#include "stdlib/transform.h"

#define TARGET_PARAMS(P)                                                                        \
    P(df, "frame") P(columns, "=null") P(target, "str") P(smoothing, "=\"auto\"") P(folds, "=5")   \
    P(seed, "int|null=null") P(target_type, "str=\"auto\"")

enum { TT_CONTINUOUS, TT_BINARY, TT_MULTICLASS, TT_AUTO };
static const char *const type_names[] = {"continuous", "binary", "multiclass", "auto"};

typedef struct TargetEnc {
    Cats *cats;              /* one per input column */
    int n;
    int type, nout;          /* nout: 1, or the number of classes */
    Cats classes;            /* binary/multiclass: the target's classes */
    double **enc;            /* per input: enc[cat * nout + o] */
    double *oof;             /* [(k * nout + o) * ntrain + i] */
    int64_t ntrain;
    double *fold;            /* fold of each training row */
    double smooth;           /* < 0: auto */
} TargetEnc;

static void target_free(void *state)
{
    TargetEnc *e = state;
    for (int k = 0; k < e->n; k++) {
        cats_free(&e->cats[k]);
        mem_free(e->enc ? e->enc[k] : NULL);
    }
    cats_free(&e->classes);
    mem_free(e->cats);
    mem_free(e->enc);
    mem_free(e->oof);
    mem_free(e->fold);
    mem_free(e);
}

/* ---- the encoding arithmetic ----------------------------------------------------- */

/* One (column, output) encoding over the rows whose fold is not skip
 * (skip < 0: all rows). y[i] is NaN where the target is NA. enc and the
 * three work arrays have ncat entries. Returns mean(y) over those rows. */
typedef struct EncArgs {
    const int32_t *code;
    const double *y;
    const double *fold;
    int64_t n;
    int32_t ncat;
    double smooth;
} EncArgs;

static bool in_fit(const EncArgs *a, int64_t i, int skip)
{
    return !isnan(a->y[i]) && (skip < 0 || a->fold[i] != skip);
}

static double encode(const EncArgs *a, int skip, double *enc, double *sum, double *cnt, double *ssd)
{
    double ysum = 0, ysq = 0;
    int64_t yn = 0;
    for (int64_t i = 0; i < a->n; i++)
        if (in_fit(a, i, skip)) {
            ysum += a->y[i];
            yn++;
        }
    double ymean = yn ? ysum / (double)yn : NAN;
    for (int64_t i = 0; i < a->n; i++)
        if (in_fit(a, i, skip))
            ysq += (a->y[i] - ymean) * (a->y[i] - ymean);
    double yvar = yn ? ysq / (double)yn : NAN;
    bool autos = a->smooth < 0;
    for (int32_t c = 0; c < a->ncat; c++) {
        sum[c] = autos ? 0 : a->smooth * ymean;
        cnt[c] = autos ? 0 : a->smooth;
        ssd[c] = 0;
    }
    for (int64_t i = 0; i < a->n; i++)
        if (a->code[i] >= 0 && in_fit(a, i, skip)) {
            sum[a->code[i]] += a->y[i];
            cnt[a->code[i]] += 1;
        }
    if (!autos) {
        for (int32_t c = 0; c < a->ncat; c++)
            enc[c] = cnt[c] == 0 ? ymean : sum[c] / cnt[c];
        return ymean;
    }
    for (int32_t c = 0; c < a->ncat; c++)
        sum[c] /= cnt[c];                       /* the category means */
    for (int64_t i = 0; i < a->n; i++)
        if (a->code[i] >= 0 && in_fit(a, i, skip)) {
            double d = a->y[i] - sum[a->code[i]];
            ssd[a->code[i]] += d * d;
        }
    for (int32_t c = 0; c < a->ncat; c++) {
        double lambda = yvar * cnt[c] / (yvar * cnt[c] + ssd[c] / cnt[c]);
        enc[c] = isnan(lambda) ? ymean : lambda * sum[c] + (1 - lambda) * ymean;
    }
    return ymean;
}

/* ---- applying ---------------------------------------------------------------------------- */

/* Output names for input k: the column itself, or column_class. */
static char *out_name(const TargetEnc *e, const char *col, int o)
{
    SBuf b = {0};
    if (e->type == TT_MULTICLASS)
        sb_printf(&b, "%s_%s", col, e->classes.labels[o]);
    else
        sb_puts(&b, col);
    return sb_take(&b);
}

/* Encode input k of cur (train: the out-of-fold values) and splice. */
static Status target_column(Interp *I, const Transform *t, int k, bool train, Frame **cur)
{
    const TargetEnc *e = t->state;
    const char *col = t->inputs[k]->s;
    const Vec *v = frame_col_borrow(*cur, col);
    int64_t n = v->len, unseen;
    int32_t *idx = mem_try_alloc(sizeof(int32_t) * (size_t)(n + 1));
    if (!idx)
        return err_oom(I);
    if (cats_index(I, &e->cats[k], col, v, idx, &unseen) != ST_OK) {
        mem_free(idx);
        return ST_ERR;
    }
    if (!train)
        cats_report_unseen(I, "target_encode", col, unseen, "encoded with the target mean");
    Vec **cols = mem_calloc(sizeof(Vec *) * (size_t)e->nout);
    char **names = mem_calloc(sizeof(char *) * (size_t)e->nout);
    Status st = ST_OK;
    for (int o = 0; o < e->nout && st == ST_OK; o++) {
        names[o] = out_name(e, col, o);
        if (!(cols[o] = vec_new_len(VEC_NUM, n))) {
            st = err_oom(I);
            break;
        }
        const double *enc = e->enc[k], *oof = e->oof + ((int64_t)k * e->nout + o) * e->ntrain;
        double prior = enc[e->cats[k].n * e->nout + o];   /* the mean, stored after the categories */
        for (int64_t i = 0; i < n; i++) {
            if (idx[i] == CAT_NA) {
                cols[o]->d.num[i] = 0;
                if (!vec_set_na(cols[o], i))
                    st = err_oom(I);
            } else {
                cols[o]->d.num[i] = train ? oof[i] : idx[i] < 0 ? prior : enc[idx[i] * e->nout + o];
            }
        }
    }
    mem_free(idx);
    Frame *next = NULL;
    if (st == ST_OK) {
        st = tf_splice(I, *cur, &t->inputs[k], 1, (const char *const *)names, cols, e->nout, &next);
    } else {
        for (int o = 0; o < e->nout; o++)
            if (cols[o])
                obj_unref(cols[o]);
    }
    for (int o = 0; o < e->nout; o++)
        mem_free(names[o]);
    mem_free(names);
    mem_free(cols);
    if (st == ST_OK) {
        obj_unref(*cur);
        *cur = next;
    }
    return st;
}

static Status target_run(Interp *I, const Transform *t, const Frame *in, bool train, Frame **out)
{
    Frame *cur = (Frame *)in;
    obj_ref(cur);
    for (int k = 0; k < t->ninputs; k++)
        if (target_column(I, t, k, train, &cur) != ST_OK) {
            obj_unref(cur);
            return ST_ERR;
        }
    *out = cur;
    return ST_OK;
}

static Status target_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    return target_run(I, t, in, false, out);
}

static Status target_apply_train(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    return target_run(I, t, in, true, out);
}

static bool target_member(Interp *I, const Transform *t, const char *name, Value *out)
{
    const TargetEnc *e = t->state;
    if (strcmp(name, "folds") != 0)
        return false;
    Vec *v = tf_num_vec(e->fold, e->ntrain);
    if (!v)
        return false;
    *out = val_obj_take(v);
    return true;
}

static const TransformKind target_kind = {.name = "target_encoder", .apply = target_apply, .free = target_free, .member = target_member, .apply_train = target_apply_train};

/* ---- fitting ------------------------------------------------------------------------------ */

/* Fold of each of n rows: given (a vector of whole numbers 0..k-1), or k
 * shuffled runs from the seed (or the session generator). */
static Status make_folds(Interp *I, Value folds, int fargno, Value seed, int sargno, int64_t n, double *fold,
                         int *nfold)
{
    if (folds.t == T_VEC || folds.t == T_LIST) {
        Vec *v;
        if (arg_vec(I, folds, fargno, &v) != ST_OK)
            return ST_ERR;
        Status st = ST_OK;
        int max = 0;
        if (v->len != n || v->kind != VEC_NUM || v->nnull)
            st = err_raise(I, ERR_VALUE, "%s: folds must be a num vector of %lld fold numbers, one per row",
                           builtin_current(I), (long long)n);
        for (int64_t i = 0; st == ST_OK && i < n; i++) {
            double f = v->d.num[i];
            if (!(f >= 0 && f < 1000 && f == floor(f)))
                st = err_raise(I, ERR_VALUE, "%s: folds[%lld] is %g, not a fold number 0..999", builtin_current(I),
                               (long long)i, f);
            else
                fold[i] = f, max = f > max ? (int)f : max;
        }
        obj_unref(v);
        *nfold = max + 1;
        return st;
    }
    int64_t k;
    if (arg_int(I, folds, fargno, 2, 1000, &k) != ST_OK)
        return ST_ERR;
    if (k > n)
        return err_raise(I, ERR_VALUE, "%s: %lld folds need at least %lld rows, the frame has %lld",
                         builtin_current(I), (long long)k, (long long)k, (long long)n);
    Rng local, *r = &I->rng;
    if (arg_given(seed)) {
        int64_t s;
        if (arg_int(I, seed, sargno, 0, INT64_MAX, &s) != ST_OK)
            return ST_ERR;
        rng_seed(&local, (uint64_t)s);
        r = &local;
    }
    int64_t *perm = mem_try_alloc(sizeof(int64_t) * (size_t)(n + 1));
    if (!perm)
        return err_oom(I);
    for (int64_t i = 0; i < n; i++)
        perm[i] = i;
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = (int64_t)rng_below(r, (uint64_t)i + 1), tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
    }
    int64_t pos = 0;
    for (int64_t f = 0; f < k; f++) {
        int64_t size = n / k + (f < n % k);
        for (int64_t j = 0; j < size; j++)
            fold[perm[pos++]] = (double)f;
    }
    mem_free(perm);
    *nfold = (int)k;
    return ST_OK;
}

/* The target as nout columns of doubles y[o * n + i] (NaN where NA), and
 * its type. */
static Status target_values(Interp *I, TargetEnc *e, const char *name, const Vec *y, int type, double **out)
{
    int64_t n = y->len;
    if (type == TT_AUTO) {
        if (y->kind == VEC_NUM) {
            Cats c;
            if (cats_learn(I, name, y, 3, &c) != ST_OK) {
                err_clear(I);
                type = TT_CONTINUOUS;
            } else {
                type = c.n == 2 ? TT_BINARY : TT_CONTINUOUS;
                cats_free(&c);
            }
        } else {
            type = TT_MULTICLASS;   /* settled below by the class count */
        }
    }
    if (type == TT_CONTINUOUS && y->kind == VEC_STR)
        return err_raise(I, ERR_TYPE, "%s: target '%s' is text; a continuous target needs numbers",
                         builtin_current(I), name);
    e->type = type;
    e->nout = 1;
    if (type != TT_CONTINUOUS) {
        if (cats_learn(I, name, y, 10000, &e->classes) != ST_OK)
            return ST_ERR;
        if (e->classes.n < 2)
            return err_raise(I, ERR_VALUE, "%s: target '%s' has %d class%s; it needs two or more",
                             builtin_current(I), name, e->classes.n, e->classes.n == 1 ? "" : "es");
        if (type == TT_BINARY && e->classes.n > 2)
            return err_raise(I, ERR_VALUE, "%s: target '%s' has %d classes, not 2 (use target_type=\"multiclass\")",
                             builtin_current(I), name, e->classes.n);
        e->type = type = e->classes.n == 2 ? TT_BINARY : TT_MULTICLASS;
        e->nout = type == TT_BINARY ? 1 : e->classes.n;
    }
    double *yy = mem_try_alloc(sizeof(double) * (size_t)(n * e->nout + 1));
    int32_t *idx = type != TT_CONTINUOUS ? mem_try_alloc(sizeof(int32_t) * (size_t)(n + 1)) : NULL;
    int64_t unseen;
    if (!yy || (type != TT_CONTINUOUS && !idx)) {
        mem_free(yy);
        mem_free(idx);
        return err_oom(I);
    }
    if (idx)
        cats_index(I, &e->classes, name, y, idx, &unseen);
    for (int o = 0; o < e->nout; o++)
        for (int64_t i = 0; i < n; i++) {
            double *d = &yy[o * n + i];
            if (!vec_is_valid(y, i))
                *d = NAN;
            else if (type == TT_CONTINUOUS)
                *d = y->kind == VEC_NUM ? y->d.num[i] : y->d.b[i];
            else
                *d = idx[i] == (type == TT_BINARY ? 1 : o);
        }
    mem_free(idx);
    *out = yy;
    return ST_OK;
}

/* Fit encodings (all rows) and out-of-fold values for every input. */
static Status fit_encodings(Interp *I, TargetEnc *e, const Frame *df, const char **names, const double *y,
                            int nfold)
{
    int64_t n = df->nrow;
    e->enc = mem_calloc(sizeof(double *) * (size_t)e->n);
    e->oof = mem_try_alloc(sizeof(double) * (size_t)(n * e->n * e->nout + 1));
    int32_t *code = mem_try_alloc(sizeof(int32_t) * (size_t)(n + 1));
    Status st = e->oof && code ? ST_OK : err_oom(I);
    for (int k = 0; k < e->n && st == ST_OK; k++) {
        int64_t unseen;
        int32_t nc = e->cats[k].n;
        cats_index(I, &e->cats[k], names[k], frame_col_borrow(df, names[k]), code, &unseen);
        e->enc[k] = mem_alloc(sizeof(double) * (size_t)((nc + 1) * e->nout));
        double *tmp = mem_alloc(sizeof(double) * (size_t)(4 * nc + 4));
        for (int o = 0; o < e->nout; o++) {
            EncArgs a = {code, y + o * n, e->fold, n, nc, e->smooth};
            double *oof = e->oof + ((int64_t)k * e->nout + o) * n;
            double mean = encode(&a, -1, tmp, tmp + nc, tmp + 2 * nc, tmp + 3 * nc);
            for (int32_t c = 0; c < nc; c++)
                e->enc[k][c * e->nout + o] = tmp[c];
            e->enc[k][nc * e->nout + o] = mean;
            for (int f = 0; f < nfold; f++) {
                double fmean = encode(&a, f, tmp, tmp + nc, tmp + 2 * nc, tmp + 3 * nc);
                for (int64_t i = 0; i < n; i++)
                    if (e->fold[i] == f)
                        oof[i] = code[i] >= 0 ? tmp[code[i]] : fmean;
            }
        }
        mem_free(tmp);
        if (interp_interrupted(I))
            st = err_interrupted(I);
    }
    mem_free(code);
    return st;
}

/* The learned table: column, category, [class], encoding, n. */
static Status target_table(Interp *I, Transform *t, const TargetEnc *e, const Frame *df)
{
    int64_t rows = 0;
    for (int k = 0; k < e->n; k++)
        rows += (int64_t)e->cats[k].n * (e->type == TT_MULTICLASS ? e->nout : 1);
    const char **col = mem_alloc(sizeof(char *) * (size_t)(rows + 1)), **cat = mem_alloc(sizeof(char *) * (size_t)(rows + 1));
    const char **cls = mem_alloc(sizeof(char *) * (size_t)(rows + 1));
    double *enc = mem_alloc(sizeof(double) * (size_t)(rows + 1)), *cnt = mem_alloc(sizeof(double) * (size_t)(rows + 1));
    int32_t *code = mem_alloc(sizeof(int32_t) * (size_t)(df->nrow + 1));
    int64_t r = 0;
    for (int k = 0; k < e->n; k++) {
        int64_t unseen;
        const Vec *v = frame_col_borrow(df, t->inputs[k]->s);
        cats_index(I, &e->cats[k], t->inputs[k]->s, v, code, &unseen);
        double *per = mem_calloc(sizeof(double) * (size_t)(e->cats[k].n + 1));
        for (int64_t i = 0; i < df->nrow; i++)
            if (code[i] >= 0)
                per[code[i]]++;
        for (int32_t c = 0; c < e->cats[k].n; c++)
            for (int o = 0; o < e->nout; o++, r++) {
                col[r] = t->inputs[k]->s;
                cat[r] = e->cats[k].labels[c];
                cls[r] = e->type == TT_MULTICLASS ? e->classes.labels[o] : NULL;
                enc[r] = e->enc[k][c * e->nout + o];
                cnt[r] = per[c];
            }
        mem_free(per);
    }
    Vec *cols[5] = {tf_str_vec(col, rows), tf_str_vec(cat, rows), e->type == TT_MULTICLASS ? tf_str_vec(cls, rows) : NULL,
                    tf_num_vec(enc, rows), tf_num_vec(cnt, rows)};
    static const char *const names[5] = {"column", "category", "class", "encoding", "n"};
    t->learned = frame_new(5);
    for (int i = 0; i < 5; i++)
        if (cols[i]) {
            frame_set(t->learned, names[i], cols[i]);
            obj_unref(cols[i]);
        }
    t->learned->nrow = rows;
    mem_free(col);
    mem_free(cat);
    mem_free(cls);
    mem_free(enc);
    mem_free(cnt);
    mem_free(code);
    return ST_OK;
}

static Status smoothing_arg(Interp *I, Value s, double *out)
{
    if (s.t == T_STR && strcmp(s.u.s->s, "auto") == 0) {
        *out = -1;
        return ST_OK;
    }
    if (s.t == T_NUM && s.u.n >= 0 && isfinite(s.u.n)) {
        *out = s.u.n;
        return ST_OK;
    }
    return err_raise(I, ERR_VALUE, "%s: smoothing must be \"auto\" or a number >= 0", builtin_current(I));
}

/* Every str column but the target. */
static Status default_columns(Interp *I, const Frame *df, const char *target, Value columns, int argno,
                              const char ***names, int *n)
{
    if (arg_given(columns))
        return tf_columns(I, df, columns, argno, false, names, n);
    *names = mem_alloc(sizeof(char *) * (size_t)(df->ncol + 1));
    *n = 0;
    for (int c = 0; c < df->ncol; c++)
        if (df->cols[c]->kind == VEC_STR && strcmp(df->names[c]->s, target) != 0)
            (*names)[(*n)++] = df->names[c]->s;
    if (*n == 0) {
        mem_free(*names);
        *names = NULL;
        return err_raise(I, ERR_VALUE, "%s: no str column to encode besides the target (name the columns)",
                         builtin_current(I));
    }
    return ST_OK;
}

static Status target_fit(Interp *I, Value *a, Transform **out)
{
    BUILTIN_ARGS(TARGET_PARAMS);
    const Frame *df = ARG(df).u.f;
    const char *target = ARG(target).u.s->s;
    int tt, nfold = 0;
    TargetEnc *e = mem_calloc(sizeof *e);
    const char **names = NULL;
    double *y = NULL;
    Status st = tf_choice(I, "target_type", ARG(target_type).u.s->s, type_names, 4, &tt);
    if (st == ST_OK)
        st = smoothing_arg(I, ARG(smoothing), &e->smooth);
    if (st == ST_OK && frame_find(df, target) < 0)
        st = err_raise(I, ERR_NAME, "%s: no column named '%s' (the target)", builtin_current(I), target);
    if (st == ST_OK)
        st = default_columns(I, df, target, ARG(columns), ARGNO(columns), &names, &e->n);
    for (int k = 0; st == ST_OK && k < e->n; k++)
        if (strcmp(names[k], target) == 0)
            st = err_raise(I, ERR_VALUE, "%s: '%s' is the target; it cannot also be encoded", builtin_current(I),
                           target);
    if (st == ST_OK) {
        e->cats = mem_calloc(sizeof(Cats) * (size_t)e->n);
        for (int k = 0; k < e->n && st == ST_OK; k++)
            st = cats_learn(I, names[k], frame_col_borrow(df, names[k]), INT32_MAX, &e->cats[k]);
    }
    if (st == ST_OK)
        st = target_values(I, e, target, frame_col_borrow(df, target), tt, &y);
    if (st == ST_OK) {
        e->ntrain = df->nrow;
        e->fold = mem_try_alloc(sizeof(double) * (size_t)(df->nrow + 1));
        st = e->fold ? make_folds(I, ARG(folds), ARGNO(folds), ARG(seed), ARGNO(seed), df->nrow, e->fold, &nfold) : err_oom(I);
    }
    if (st == ST_OK)
        st = fit_encodings(I, e, df, names, y, nfold);
    mem_free(y);
    if (st != ST_OK) {
        mem_free(names);
        target_free(e);
        return st;
    }
    char title[200];
    snprintf(title, sizeof title, "target_encoder (%s target '%s')", type_names[e->type], target);
    Transform *t = transform_new(&target_kind, e, title);
    transform_set_inputs(t, names, e->n);
    t->nfit = df->nrow;
    t->one_to_one = e->type != TT_MULTICLASS;
    if (e->type == TT_BINARY)
        transform_note(t, "encodes the share of class '%s'", e->classes.labels[1]);
    if (e->smooth < 0)
        transform_note(t, "smoothing auto (empirical Bayes); training rows get out-of-fold values from %d folds",
                       nfold);
    else
        transform_note(t, "smoothing %g; training rows get out-of-fold values from %d folds", e->smooth, nfold);
    target_table(I, t, e, df);
    mem_free(names);
    *out = t;
    return ST_OK;
}

static Status tb_fit_target(Interp *I, Value *a, Value *out)
{
    Transform *t;
    if (target_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status tb_target_encode(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(TARGET_PARAMS);
    Transform *t;
    if (target_fit(I, a, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(df), out);
}

#define TARGET_DOC                                                                                      \
    "columns: a name or a list (default: every str column but the target). smoothing is \"auto\"\n"       \
    "(empirical Bayes, as scikit-learn) or m >= 0: (sum + m * mean) / (count + m). The training rows\n"  \
    "are encoded out of fold: folds=k shuffled folds (seed= for the shuffle, else the session\n"          \
    "generator) or a vector giving each row's fold number; t.folds shows them. target_type \"auto\"\n"  \
    "takes a str or bool target, or a num one with two values, as classes (binary: the share of the\n"  \
    "second class in sorted order; more classes: one column per class, column_class), any other num\n" \
    "target as continuous. New data gets the encodings from all training rows; an unseen category\n"    \
    "gets the target mean (reported on stderr); NA stays NA.\n"

static const BuiltinReg target_lib[] = {
    {"fit_target_encoder", tb_fit_target, BUILTIN_SIG(TARGET_PARAMS),
     "Learn a target encoding of categorical columns; apply to new data with transform(t, df).\n"
     TARGET_DOC
     "For the training frame itself use target_encode (out-of-fold) or fit_pipeline, never\n"
     "transform(t, train): that would leak each row's own target into its feature.\n"
     "Example:\n"
     "train = frame(c=[\"a\", \"a\", \"b\", \"b\"], y=[1, 3, 10, 20])\n"
     "t = fit_target_encoder(train, target=\"y\", smoothing=0, folds=2)\n"
     "print(transform(t, frame(c=[\"b\", \"z\"])).c)  # → [15, 8.5]"},
    {"target_encode", tb_target_encode, BUILTIN_SIG(TARGET_PARAMS),
     "Categories replaced by a smoothed mean of the target, out of fold (as scikit-learn's\n"
     "TargetEncoder.fit_transform): each row is encoded from the other folds only.\n" TARGET_DOC
     "Example:\n"
     "train = frame(c=[\"a\", \"a\", \"b\", \"b\"], y=[1, 3, 10, 20])\n"
     "print(target_encode(train, target=\"y\", smoothing=0, folds=[0, 1, 0, 1]).c)  # → [3, 1, 20, 10]"},
    {0},
};

void target_open(Interp *I)
{
    builtin_module(I, "target", "Target encoding of categories, out of fold on the training rows.", target_lib);
}
