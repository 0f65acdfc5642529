/*
 * vectorize.c — text to a frame of term columns, fitted once: bag_of_words
 * (as scikit-learn's CountVectorizer) and tfidf (as TfidfVectorizer, with
 * its defaults: raw counts, smooth idf = ln((1 + n) / (1 + df)) + 1, rows
 * scaled to unit l2 norm).
 *
 * Invariant: the vocabulary (sorted by code point, as scikit-learn sorts
 * it) and the idf weights come from the fitting texts only; new texts are
 * counted against that vocabulary, and words it lacks are ignored. The
 * result is dense — one num column per term — and is refused above
 * max_cells cells (rows × terms; 10^8 by default, 800 MB) with a message
 * that says how to shrink the vocabulary.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/mem.h"
#include "stdlib/modules.h"
#include "stdlib/text.h"
#include "stdlib/transform.h"

#define BOW_PARAMS(P)                                                                              \
    P(x, "frame|vec|list") P(column, "str|null=null") P(min_count, "int=1") P(max_features, "int|null=null") \
    P(ngram_range, "vec|list=[1, 1]") P(lowercase, "bool=true") P(binary, "bool=false") P(prefix, "str=\"\"") \
    P(max_cells, "num=1e8")
#define TFIDF_PARAMS(P)                                                                            \
    BOW_PARAMS(P) P(norm, "str|null=\"l2\"") P(smooth_idf, "bool=true") P(sublinear_tf, "bool=false")

enum { NORM_NONE, NORM_L1, NORM_L2 };

typedef struct Vectorizer {
    bool tfidf, lower, binary, sublinear;
    int norm, nlo, nhi;
    Dict *vocab;             /* term -> column, codes in sorted order */
    double *idf;             /* tfidf only */
    char *prefix;
    double max_cells;
} Vectorizer;

static void vectorizer_free(void *state)
{
    Vectorizer *v = state;
    if (v->vocab)
        obj_unref(v->vocab);
    mem_free(v->idf);
    mem_free(v->prefix);
    mem_free(v);
}

/* The terms of one text into terms (tok is scratch). */
static void doc_terms(const Vectorizer *v, const Str *s, TermBuf *tok, TermBuf *terms)
{
    termbuf_clear(tok);
    termbuf_clear(terms);
    text_tokenize(s->s, s->len, v->lower, tok);
    text_ngrams(tok, v->nlo, v->nhi, terms);
}

/* ---- applying -------------------------------------------------------------------------- */

/* Row i of the output: the counts of the row's terms (ids[0..k)), as
 * counts or tf-idf, normalised. */
static void write_row(const Vectorizer *v, Vec **cols, int64_t i, const int32_t *ids, int64_t k, double *cnt)
{
    for (int64_t j = 0; j < k; j++)
        cnt[ids[j]] += 1;
    double norm = 0;
    for (int64_t j = 0; j < k; j++) {
        int32_t t = ids[j];
        if (cnt[t] <= 0)
            continue;            /* already written (a repeated term) */
        double x = v->binary ? 1 : v->sublinear ? 1 + log(cnt[t]) : cnt[t];
        if (v->tfidf)
            x *= v->idf[t];
        cols[t]->d.num[i] = x;
        norm += v->norm == NORM_L2 ? x * x : fabs(x);
        cnt[t] = -1;
    }
    if (v->norm != NORM_NONE && norm > 0) {
        norm = v->norm == NORM_L2 ? sqrt(norm) : norm;
        for (int64_t j = 0; j < k; j++)
            if (cnt[ids[j]] == -1) {
                cols[ids[j]]->d.num[i] /= norm;
                cnt[ids[j]] = -2;
            }
    }
    for (int64_t j = 0; j < k; j++)
        cnt[ids[j]] = 0;
}

static Status fill_columns(Interp *I, const Vectorizer *v, const Vec *text, Vec **cols)
{
    int32_t nt = v->vocab->n;
    double *cnt = mem_try_calloc(sizeof(double) * (size_t)(nt + 1));
    TermBuf tok = {0}, terms = {0};
    int32_t *ids = NULL;
    int64_t idcap = 0;
    Status st = cnt ? ST_OK : err_oom(I);
    for (int64_t i = 0; i < text->len && st == ST_OK; i++) {
        if (!vec_is_valid(text, i)) {
            for (int32_t t = 0; t < nt && st == ST_OK; t++)
                if (!vec_set_na(cols[t], i))
                    st = err_oom(I);
            continue;
        }
        doc_terms(v, vec_str_unsafe(text, i), &tok, &terms);
        if (terms.n > idcap) {
            idcap = terms.n * 2;
            ids = mem_realloc(ids, sizeof(int32_t) * (size_t)idcap);
        }
        int64_t k = 0;
        for (int64_t j = 0; j < terms.n; j++) {
            int32_t id = dict_find(v->vocab, terms.buf + terms.start[j], terms.len[j]);
            if (id >= 0)
                ids[k++] = id;
        }
        write_row(v, cols, i, ids, k, cnt);
        if ((i & 4095) == 4095 && interp_interrupted(I))
            st = err_interrupted(I);
    }
    termbuf_free(&tok);
    termbuf_free(&terms);
    mem_free(ids);
    mem_free(cnt);
    return st;
}

static Status vectorizer_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    const Vectorizer *v = t->state;
    const char *col = t->inputs[0]->s;
    const Vec *text = frame_col_borrow(in, col);
    int32_t nt = v->vocab->n;
    if (text->kind != VEC_STR)
        return err_raise(I, ERR_TYPE, "%s: column '%s' must be text (str), got %s", builtin_current(I), col,
                         vec_kind_name(text->kind));
    if ((double)text->len * nt > v->max_cells)
        return err_raise(I, ERR_VALUE, "%s: %lld rows x %d terms is %.3g cells, above the dense limit max_cells=%.3g "
                                       "(8 bytes each); fit with a smaller max_features= or a larger min_count=",
                         builtin_current(I), (long long)text->len, nt, (double)text->len * nt, v->max_cells);
    Vec **cols = mem_calloc(sizeof(Vec *) * (size_t)(nt + 1));
    char **names = mem_alloc(sizeof(char *) * (size_t)(nt + 1));
    Status st = ST_OK;
    for (int32_t j = 0; j < nt; j++) {
        names[j] = mem_alloc(strlen(v->prefix) + v->vocab->strs[j]->len + 1);
        sprintf(names[j], "%s%s", v->prefix, v->vocab->strs[j]->s);
        if (st == ST_OK && !(cols[j] = vec_new_len(VEC_NUM, text->len)))
            st = err_oom(I);
        else if (st == ST_OK)
            memset(cols[j]->d.num, 0, sizeof(double) * (size_t)text->len);
    }
    if (st == ST_OK)
        st = fill_columns(I, v, text, cols);
    if (st == ST_OK) {
        st = tf_splice(I, in, t->inputs, 1, (const char *const *)names, cols, nt, out);
    } else {
        for (int32_t j = 0; j < nt; j++)
            if (cols[j])
                obj_unref(cols[j]);
    }
    for (int32_t j = 0; j < nt; j++)
        mem_free(names[j]);
    mem_free(names);
    mem_free(cols);
    return st;
}

static const TransformKind vectorizer_kind = {.name = "vectorizer", .apply = vectorizer_apply,
                                              .free = vectorizer_free};

/* ---- fitting ----------------------------------------------------------------------------- */

typedef struct Counts {
    Dict *all;               /* every term seen */
    int64_t *df, *tf, *last; /* per term: documents, occurrences, last document seen */
    int64_t cap, ndocs;
} Counts;

static void counts_free(Counts *c)
{
    if (c->all)
        obj_unref(c->all);
    mem_free(c->df);
    mem_free(c->tf);
    mem_free(c->last);
}

static Status count_terms(Interp *I, const Vectorizer *v, const Vec *text, Counts *c)
{
    TermBuf tok = {0}, terms = {0};
    c->all = dict_new(1024);
    Status st = ST_OK;
    for (int64_t i = 0; i < text->len && st == ST_OK; i++) {
        if (!vec_is_valid(text, i))
            continue;
        c->ndocs++;
        doc_terms(v, vec_str_unsafe(text, i), &tok, &terms);
        for (int64_t j = 0; j < terms.n; j++) {
            int32_t before = c->all->n;
            int32_t id = dict_intern(c->all, terms.buf + terms.start[j], terms.len[j]);
            if (id < 0) {
                st = err_oom(I);
                break;
            }
            if (id == before) {          /* a new term */
                if (id >= c->cap) {
                    c->cap = c->cap ? 2 * c->cap : 1024;
                    c->df = mem_realloc(c->df, sizeof(int64_t) * (size_t)c->cap);
                    c->tf = mem_realloc(c->tf, sizeof(int64_t) * (size_t)c->cap);
                    c->last = mem_realloc(c->last, sizeof(int64_t) * (size_t)c->cap);
                }
                c->df[id] = c->tf[id] = 0;
                c->last[id] = -1;
            }
            c->tf[id]++;
            if (c->last[id] != i) {
                c->last[id] = i;
                c->df[id]++;
            }
        }
        if ((i & 4095) == 4095 && interp_interrupted(I))
            st = err_interrupted(I);
    }
    termbuf_free(&tok);
    termbuf_free(&terms);
    return st;
}

/* Ordering of candidate terms for max_features: more occurrences first,
 * ties by the term's bytes. */
static int cmp_by_tf(const void *a, const void *b, void *ctx)
{
    const Counts *c = ctx;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    if (c->tf[x] != c->tf[y])
        return c->tf[x] > c->tf[y] ? -1 : 1;
    return strcmp(c->all->strs[x]->s, c->all->strs[y]->s);
}

static int cmp_by_term(const void *a, const void *b, void *ctx)
{
    const Counts *c = ctx;
    return strcmp(c->all->strs[*(const int32_t *)a]->s, c->all->strs[*(const int32_t *)b]->s);
}

/* The kept terms (min_count, then the max_features most frequent),
 * sorted, as the vocabulary; their df into *df (mem_alloc'd). */
static void choose_vocabulary(Vectorizer *v, const Counts *c, int64_t min_count, int64_t max_features, double **df)
{
    int32_t n = c->all->n, k = 0;
    int32_t *keep = mem_alloc(sizeof(int32_t) * (size_t)(n + 1));
    for (int32_t t = 0; t < n; t++)
        if (c->df[t] >= min_count)
            keep[k++] = t;
    if (max_features >= 0 && k > max_features) {
        qsort_r(keep, (size_t)k, sizeof(int32_t), cmp_by_tf, (void *)c);
        k = (int32_t)max_features;
    }
    qsort_r(keep, (size_t)k, sizeof(int32_t), cmp_by_term, (void *)c);
    v->vocab = dict_new(k);
    *df = mem_alloc(sizeof(double) * (size_t)(k + 1));
    for (int32_t j = 0; j < k; j++) {
        const Str *s = c->all->strs[keep[j]];
        dict_intern(v->vocab, s->s, s->len);
        (*df)[j] = (double)c->df[keep[j]];
    }
    mem_free(keep);
}

/* The learned table: term, df (and idf). */
static void vocabulary_table(Transform *t, const Vectorizer *v, const double *df)
{
    int32_t k = v->vocab->n;
    const char **terms = mem_alloc(sizeof(char *) * (size_t)(k + 1));
    for (int32_t j = 0; j < k; j++)
        terms[j] = v->vocab->strs[j]->s;
    t->learned = frame_new(3);
    frame_set_take(t->learned, "term", tf_str_vec(terms, k));
    frame_set_take(t->learned, "df", tf_num_vec(df, k));
    if (v->tfidf)
        frame_set_take(t->learned, "idf", tf_num_vec(v->idf, k));
    t->learned->nrow = k;
    mem_free(terms);
}

/* The text column of x: a str vector, or column= of a frame (by default
 * its only str column). *name is the input column's name. */
static Status text_column(Interp *I, const Frame *df, bool was_vec, Value column, int argno, const char **name)
{
    if (was_vec || !arg_given(column)) {
        int found = -1, count = 0;
        for (int c = 0; c < df->ncol; c++)
            if (df->cols[c]->kind == VEC_STR)
                found = c, count++;
        if (count != 1)
            return was_vec ? err_raise(I, ERR_TYPE, "%s: the texts must be a str vector", builtin_current(I))
                           : err_raise(I, ERR_VALUE, "%s: the frame has %d str columns; name the text with column=",
                                       builtin_current(I), count);
        *name = df->names[found]->s;
        return ST_OK;
    }
    const Vec *c = frame_col_borrow(df, column.u.s->s);
    if (!c)
        return err_raise(I, ERR_NAME, "%s: no column named '%s'", builtin_current(I), column.u.s->s);
    if (c->kind != VEC_STR)
        return arg_error(I, ERR_TYPE, argno, "must name a text (str) column; '%s' is %s", column.u.s->s,
                         vec_kind_name(c->kind));
    *name = column.u.s->s;
    return ST_OK;
}

/* The arguments of one call, read by name in the built-in (both lists
 * share the bag-of-words parameters). */
typedef struct VecArgs {
    Value x, column, min_count, max_features, ngram_range, max_cells;
    int ax, acolumn, amin, amax, angram, acells;
    bool lower, binary, tfidf, smooth, sublinear;
    Value norm;
    const char *prefix;
} VecArgs;

#define VEC_ARGS(o)                                                                                  \
    do {                                                                                             \
        (o).x = ARG(x), (o).ax = ARGNO(x), (o).column = ARG(column), (o).acolumn = ARGNO(column);    \
        (o).min_count = ARG(min_count), (o).amin = ARGNO(min_count);                                 \
        (o).max_features = ARG(max_features), (o).amax = ARGNO(max_features);                        \
        (o).ngram_range = ARG(ngram_range), (o).angram = ARGNO(ngram_range);                         \
        (o).max_cells = ARG(max_cells), (o).acells = ARGNO(max_cells);                               \
        (o).lower = ARG(lowercase).u.b, (o).binary = ARG(binary).u.b, (o).prefix = ARG(prefix).u.s->s; \
        (o).norm = val_null();                                                                       \
    } while (0)

static Status check_options(Interp *I, const VecArgs *o, Vectorizer *v, int64_t *min_count, int64_t *max_features)
{
    Vec *r;
    if (arg_int(I, o->min_count, o->amin, 1, INT64_MAX, min_count) != ST_OK)
        return ST_ERR;
    *max_features = -1;
    if (arg_given(o->max_features) && arg_int(I, o->max_features, o->amax, 1, INT32_MAX, max_features) != ST_OK)
        return ST_ERR;
    if (arg_vec(I, o->ngram_range, o->angram, &r) != ST_OK)
        return ST_ERR;
    bool ok = r->kind == VEC_NUM && r->len == 2 && !r->nnull && r->d.num[0] >= 1 && r->d.num[0] <= r->d.num[1] &&
              r->d.num[1] <= 20 && r->d.num[0] == floor(r->d.num[0]) && r->d.num[1] == floor(r->d.num[1]);
    if (ok) {
        v->nlo = (int)r->d.num[0];
        v->nhi = (int)r->d.num[1];
    }
    obj_unref(r);
    if (!ok)
        return arg_error(I, ERR_VALUE, o->angram, "must be [lo, hi] with 1 <= lo <= hi <= 20");
    if (!(o->max_cells.u.n >= 1))
        return arg_error(I, ERR_VALUE, o->acells, "must be at least 1");
    v->lower = o->lower;
    v->binary = o->binary;
    v->prefix = mem_strdup(o->prefix);
    v->max_cells = o->max_cells.u.n;
    v->tfidf = o->tfidf;
    v->sublinear = o->sublinear;
    v->norm = NORM_NONE;
    if (o->norm.t == T_STR) {
        static const char *const norms[] = {"l1", "l2"};
        int k;
        if (tf_choice(I, "norm", o->norm.u.s->s, norms, 2, &k) != ST_OK)
            return ST_ERR;
        v->norm = k == 0 ? NORM_L1 : NORM_L2;
    }
    return ST_OK;
}

static Status vectorizer_fit(Interp *I, const VecArgs *o, Transform **out)
{
    bool tfidf = o->tfidf;
    Vectorizer *v = mem_calloc(sizeof *v);
    int64_t min_count, max_features;
    Frame *df = NULL;
    bool was_vec;
    const char *col;
    Counts c = {0};
    double *dfs = NULL;
    Status st = check_options(I, o, v, &min_count, &max_features);
    if (st == ST_OK)
        st = tf_frame_arg(I, o->x, o->ax, &df, &was_vec);
    if (st == ST_OK)
        st = text_column(I, df, was_vec, o->column, o->acolumn, &col);
    if (st == ST_OK)
        st = count_terms(I, v, frame_col_borrow(df, col), &c);
    if (st != ST_OK) {
        counts_free(&c);
        vectorizer_free(v);
        if (df)
            obj_unref(df);
        return st;
    }
    choose_vocabulary(v, &c, min_count, max_features, &dfs);
    if (tfidf) {
        bool smooth = o->smooth;
        v->idf = mem_alloc(sizeof(double) * (size_t)(v->vocab->n + 1));
        double n = (double)c.ndocs;
        for (int32_t j = 0; j < v->vocab->n; j++)
            v->idf[j] = smooth ? log((1 + n) / (1 + dfs[j])) + 1 : log(n / dfs[j]) + 1;
    }
    char title[120];
    snprintf(title, sizeof title, "%s (%d terms)", tfidf ? "tfidf" : "bag_of_words", v->vocab->n);
    Transform *t = transform_new(&vectorizer_kind, v, title);
    transform_set_inputs(t, &col, 1);
    t->nfit = df->nrow;
    t->vector_in = was_vec;
    if (c.all->n > v->vocab->n)
        transform_note(t, "%d of %d distinct terms kept (min_count=%lld%s)", v->vocab->n, c.all->n,
                       (long long)min_count, max_features >= 0 ? ", max_features" : "");
    vocabulary_table(t, v, dfs);
    counts_free(&c);
    mem_free(dfs);
    obj_unref(df);
    *out = t;
    return ST_OK;
}

static Status vb_fit_bag_of_words(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(BOW_PARAMS);
    VecArgs o;
    VEC_ARGS(o);
    o.tfidf = o.smooth = o.sublinear = false;
    Transform *t;
    if (vectorizer_fit(I, &o, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status vb_bag_of_words(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(BOW_PARAMS);
    VecArgs o;
    VEC_ARGS(o);
    o.tfidf = o.smooth = o.sublinear = false;
    Transform *t;
    if (vectorizer_fit(I, &o, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, ARG(x), out);
}

static void tfidf_args(Interp *I, Value *a, VecArgs *o)
{
    BUILTIN_ARGS(TFIDF_PARAMS);
    VEC_ARGS(*o);
    o->tfidf = true;
    o->norm = ARG(norm);
    o->smooth = ARG(smooth_idf).u.b;
    o->sublinear = ARG(sublinear_tf).u.b;
}

static Status vb_fit_tfidf(Interp *I, Value *a, Value *out)
{
    VecArgs o;
    tfidf_args(I, a, &o);
    Transform *t;
    if (vectorizer_fit(I, &o, &t) != ST_OK)
        return ST_ERR;
    *out = transform_value_take(t);
    return ST_OK;
}

static Status vb_tfidf(Interp *I, Value *a, Value *out)
{
    VecArgs o;
    tfidf_args(I, a, &o);
    Transform *t;
    if (vectorizer_fit(I, &o, &t) != ST_OK)
        return ST_ERR;
    return transform_fit_apply_take(I, t, o.x, out);
}

#define VEC_DOC                                                                                          \
    "x is a str vector of texts, or a frame whose text column (column=, or its only str column) is\n"       \
    "replaced by the term columns. Words as tokens() finds them (lowercase=, scikit-learn's default\n"     \
    "pattern); ngram_range=[1, 2] adds word pairs. The vocabulary, sorted, is the terms in at least\n"    \
    "min_count texts (scikit-learn's min_df as a count), cut to the max_features most frequent (ties\n"   \
    "by term). One num column per term, named prefix + term. New text is counted against the fitted\n"   \
    "vocabulary (unknown words ignored); NA text gives an NA row. The result is dense: above\n"          \
    "max_cells cells (rows x terms) it is an error that says how to shrink the vocabulary.\n"

static const BuiltinReg vectorize_lib[] = {
    {"fit_bag_of_words", vb_fit_bag_of_words, BUILTIN_SIG(BOW_PARAMS),
     "Learn a vocabulary for word counts (as scikit-learn's CountVectorizer); apply with transform.\n"
     VEC_DOC "binary=true counts presence (0/1).\n"
     "Example:\n"
     "t = fit_bag_of_words([\"the cat sat\", \"the dog\"])\n"
     "print(t.term)  # → [\"cat\", \"dog\", \"sat\", \"the\"]\n"
     "print(transform(t, [\"the the bird\"]).the)  # → [2]"},
    {"bag_of_words", vb_bag_of_words, BUILTIN_SIG(BOW_PARAMS),
     "Word counts per text, one column per vocabulary term: fit_bag_of_words applied to x.\n" VEC_DOC
     "Example:\n"
     "print(bag_of_words([\"a rose is a rose\", \"is it\"]))\n"
     "# →    is  it  rose\n"
     "# → 0   1   0     2\n"
     "# → 1   1   1     0\n"
     "# → [2 rows x 3 columns]"},
    {"fit_tfidf", vb_fit_tfidf, BUILTIN_SIG(TFIDF_PARAMS),
     "Learn a vocabulary and idf weights (as scikit-learn's TfidfVectorizer, with its defaults).\n"
     VEC_DOC
     "A cell is count x idf, idf = ln((1 + n) / (1 + df)) + 1 (smooth_idf=false: ln(n / df) + 1),\n"
     "then each row is scaled to unit norm (norm=\"l2\", \"l1\" or null). sublinear_tf=true uses\n"
     "1 + ln(count). n and df come from the fitting texts.\n"
     "Example:\n"
     "t = fit_tfidf([\"good movie\", \"bad movie\"])\n"
     "print(t.idf)  # → [1.4054651081081644, 1.4054651081081644, 1]"},
    {"tfidf", vb_tfidf, BUILTIN_SIG(TFIDF_PARAMS),
     "Tf-idf features of texts, one column per vocabulary term: fit_tfidf applied to x.\n" VEC_DOC
     "Example:\n"
     "print(tfidf([\"good movie\", \"bad movie\"]).movie)  # → [0.5797386715376657, 0.5797386715376657]"},
    {0},
};

void vectorize_open(Interp *I)
{
    builtin_module(I, "vectorize", "Text to term columns: word counts and tf-idf, with a fitted vocabulary.",
                   vectorize_lib);
}
