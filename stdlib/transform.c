/*
 * transform.c — the "transform" value (a fitted transform), the generic
 * built-ins over it (transform, pipeline, fit_pipeline) and the helpers
 * every kind shares (which columns to fit, numeric columns, splicing the
 * output into the frame).
 *
 * Invariant: a wrapped Transform is never changed again (apply is read
 * only), so values may share it; the learned table is the single record
 * of what was learned — it is what the value displays and what its
 * members read (t.mean is column "mean" of that table).
 */
#include "stdlib/transform.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang/mem.h"
#include "lang/show.h"
#include "stdlib/modules.h"

/* ---- the struct -------------------------------------------------------------------- */

Transform *transform_new(const TransformKind *kind, void *state, const char *title)
{
    Transform *t = mem_calloc(sizeof *t);
    t->kind = kind;
    t->state = state;
    t->title = mem_strdup(title);
    t->nfit = -1;
    return t;
}

void transform_free(Transform *t)
{
    if (!t)
        return;
    if (t->kind->free && t->state)
        t->kind->free(t->state);
    for (int i = 0; i < t->ninputs; i++)
        obj_unref(t->inputs[i]);
    mem_free(t->inputs);
    if (t->learned)
        obj_unref(t->learned);
    mem_free(t->title);
    mem_free(t->note);
    mem_free(t);
}

void transform_set_inputs(Transform *t, const char *const *names, int n)
{
    for (int i = 0; i < t->ninputs; i++)
        obj_unref(t->inputs[i]);
    mem_free(t->inputs);
    t->inputs = mem_alloc(sizeof(Str *) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        t->inputs[i] = str_cstr(names[i]);
    t->ninputs = n;
}

void transform_note(Transform *t, const char *fmt, ...)
{
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    SBuf b = {0};
    if (t->note) {
        sb_puts(&b, t->note);
        sb_puts(&b, "\n");
        mem_free(t->note);
    }
    sb_puts(&b, line);
    t->note = sb_take(&b);
}

/* ---- the value ---------------------------------------------------------------------- */

static void tv_free(void *data) { transform_free(data); }

/* "fitted on 150 rows" / "4 columns": the line under the title. */
static void tv_headline(const Transform *t, bool rows, SBuf *b)
{
    sb_printf(b, "%s", t->title);
    if (t->ninputs > 0)
        sb_printf(b, " on %d column%s", t->ninputs, t->ninputs == 1 ? "" : "s");
    if (rows && t->nfit >= 0)
        sb_printf(b, ", fitted on %lld row%s", (long long)t->nfit, t->nfit == 1 ? "" : "s");
}

static bool tv_render(Interp *I, void *data, SiftBundle *b)
{
    const Transform *t = data;
    SBuf text = {0}, html = {0};
    sb_puts(&text, "transform: ");
    tv_headline(t, true, &text);
    sb_puts(&html, "<div class=\"sift-transform\"><p><b>transform</b>: ");
    SBuf head = {0};
    tv_headline(t, true, &head);
    sb_html_escape(&html, head.s);
    mem_free(head.s);
    sb_puts(&html, "</p>\n");
    if (t->note) {
        sb_printf(&text, "\n%s", t->note);
        sb_puts(&html, "<pre>");
        sb_html_escape(&html, t->note);
        sb_puts(&html, "</pre>\n");
    }
    if (t->learned && t->learned->ncol > 0) {
        SBuf tab = {0};
        show_frame_text(I, &tab, t->learned);
        /* drop the "[n rows x m columns]" line: the headline says it */
        char *last = tab.s ? strrchr(tab.s, '\n') : NULL;
        if (last)
            *last = 0;
        sb_printf(&text, "\n%s", tab.s ? tab.s : "");
        mem_free(tab.s);
        char *h = show_frame_html(t->learned);
        sb_puts(&html, h);
        mem_free(h);
    }
    sb_puts(&html, "</div>\n");
    bundle_add(b, "text/plain", text.s, text.len);
    bundle_add(b, "text/html", html.s, html.len);
    return true;
}

static Vec *inputs_vec(const Transform *t)
{
    const char **names = mem_alloc(sizeof(char *) * (size_t)(t->ninputs + 1));
    for (int i = 0; i < t->ninputs; i++)
        names[i] = t->inputs[i]->s;
    Vec *v = tf_str_vec(names, t->ninputs);
    mem_free(names);
    return v;
}

/* t.kind, t.title, t.columns, t.rows, t.learned, t.note, the kind's own
 * members, then the learned table's columns (t.mean, t.category, ...). */
static bool tv_member(Interp *I, void *data, const char *name, Value *out)
{
    const Transform *t = data;
    if (strcmp(name, "kind") == 0) {
        *out = val_str(t->kind->name);
        return true;
    }
    if (strcmp(name, "title") == 0) {
        *out = val_str(t->title);
        return true;
    }
    if (strcmp(name, "note") == 0) {
        *out = t->note ? val_str(t->note) : val_null();
        return true;
    }
    if (strcmp(name, "rows") == 0) {
        *out = t->nfit >= 0 ? val_num((double)t->nfit) : val_na();
        return true;
    }
    if (strcmp(name, "columns") == 0) {
        Vec *v = inputs_vec(t);
        if (!v)
            return false;
        *out = val_obj_take(v);
        return true;
    }
    if (strcmp(name, "learned") == 0 && t->learned) {
        obj_ref(t->learned);
        *out = val_obj_take(t->learned);
        return true;
    }
    if (t->kind->member && t->kind->member(I, t, name, out))
        return true;
    Vec *c = t->learned ? frame_col_borrow(t->learned, name) : NULL;
    if (!c)
        return false;
    obj_ref(c);
    *out = val_obj_take(c);
    return true;
}

static const ForeignClass transform_class = {"transform", tv_free, tv_render, tv_member};

Value transform_value_take(Transform *t) { return val_foreign(&transform_class, t); }

const Transform *transform_of(Value v)
{
    if (v.t != T_FOREIGN || v.u.fo->cls != &transform_class)
        return NULL;
    return v.u.fo->data;
}

/* ---- applying ------------------------------------------------------------------------ */

static Status check_inputs(Interp *I, const Transform *t, const Frame *f)
{
    for (int i = 0; i < t->ninputs; i++)
        if (frame_find(f, t->inputs[i]->s) < 0) {
            SBuf b = {0};
            for (int k = 0; k < t->ninputs && k < 8; k++)
                sb_printf(&b, "%s%s", k ? ", " : "", t->inputs[k]->s);
            if (t->ninputs > 8)
                sb_puts(&b, ", ...");
            Status st = err_raise(I, ERR_NAME, "%s: the frame has no column '%s' (the %s was fitted on %s)",
                                  builtin_current(I), t->inputs[i]->s, t->kind->name, b.s);
            mem_free(b.s);
            return st;
        }
    return ST_OK;
}

static Status apply_with(Interp *I, const Transform *t, Value x, bool train, Value *out)
{
    Frame *in = NULL, *res = NULL;
    bool was_vec = x.t == T_VEC || x.t == T_LIST;
    if (was_vec) {
        if (t->ninputs != 1)
            return err_raise(I, ERR_TYPE, "%s: this %s was fitted on %d columns; give it a frame, not a vector",
                             builtin_current(I), t->kind->name, t->ninputs);
        Vec *v;
        if (arg_vec(I, x, 2, &v) != ST_OK)
            return ST_ERR;
        in = frame_new(1);
        frame_set_take(in, t->inputs[0]->s, v);
        in->nrow = v->len;
    } else if (x.t == T_FRAME) {
        in = x.u.f;
        obj_ref(in);
    } else {
        return err_raise(I, ERR_TYPE, "%s: the data must be a frame or a vector, got %s", builtin_current(I),
                         val_type_name(x));
    }
    Status st = check_inputs(I, t, in);
    if (st == ST_OK && train && t->kind->apply_train && t->nfit >= 0 && in->nrow != t->nfit)
        st = err_raise(I, ERR_VALUE, "%s: the frame has %lld rows, the %s was fitted on %lld", builtin_current(I),
                       (long long)in->nrow, t->kind->name, (long long)t->nfit);
    if (st == ST_OK)
        st = (train && t->kind->apply_train ? t->kind->apply_train : t->kind->apply)(I, t, in, &res);
    obj_unref(in);
    if (st != ST_OK)
        return st;
    if (was_vec && t->one_to_one && res->ncol == 1) {
        Vec *v = res->cols[0];
        obj_ref(v);
        obj_unref(res);
        *out = val_obj_take(v);
    } else {
        *out = val_obj_take(res);
    }
    return ST_OK;
}

Status transform_apply(Interp *I, const Transform *t, Value x, Value *out)
{
    return apply_with(I, t, x, false, out);
}

Status transform_apply_train(Interp *I, const Transform *t, Value x, Value *out)
{
    return apply_with(I, t, x, true, out);
}

Status transform_fit_apply_take(Interp *I, Transform *t, Value x, Value *out)
{
    Status st = transform_apply_train(I, t, x, out);
    transform_free(t);
    return st;
}

/* ---- helpers for the kinds ---------------------------------------------------------- */

Status tf_frame_arg(Interp *I, Value x, int argno, Frame **df, bool *was_vec)
{
    if (x.t == T_FRAME) {
        obj_ref(x.u.f);
        *df = x.u.f;
        *was_vec = false;
        return ST_OK;
    }
    if (x.t != T_VEC && x.t != T_LIST)
        return err_arg(I, argno, "a frame or a vector", x);
    Vec *v;
    if (arg_vec(I, x, argno, &v) != ST_OK)
        return ST_ERR;
    Frame *f = frame_new(1);
    frame_set_take(f, "x", v);
    f->nrow = v->len;
    *df = f;
    *was_vec = true;
    return ST_OK;
}

static Status text_column_error(Interp *I, const char *name)
{
    return err_raise(I, ERR_TYPE, "%s: column '%s' is text (str); this transform needs numbers (encode it first, "
                                  "e.g. with one_hot or ordinal)", builtin_current(I), name);
}

Status tf_columns(Interp *I, const Frame *df, Value columns, int argno, bool numeric, const char ***names, int *n)
{
    if (arg_given(columns)) {
        if (arg_columns(I, df, columns, argno, names, n) != ST_OK)
            return ST_ERR;
        for (int i = 0; numeric && i < *n; i++)
            if (frame_col_borrow(df, (*names)[i])->kind == VEC_STR) {
                Status st = text_column_error(I, (*names)[i]);
                mem_free(*names);
                *names = NULL;
                return st;
            }
    } else {
        *names = mem_alloc(sizeof(char *) * (size_t)(df->ncol + 1));
        *n = 0;
        for (int c = 0; c < df->ncol; c++)
            if (!numeric || df->cols[c]->kind != VEC_STR)
                (*names)[(*n)++] = df->names[c]->s;
    }
    if (*n == 0) {
        mem_free(*names);
        *names = NULL;
        return err_raise(I, ERR_VALUE, "%s: no %scolumns to fit%s", builtin_current(I), numeric ? "numeric " : "",
                         arg_given(columns) ? "" : " (give columns=)");
    }
    return ST_OK;
}

Status tf_num_column(Interp *I, const Frame *in, const char *name, Vec **out)
{
    Vec *c = frame_col_borrow(in, name);
    if (c->kind == VEC_STR)
        return text_column_error(I, name);
    if (c->kind == VEC_NUM) {
        obj_ref(c);
        *out = c;
        return ST_OK;
    }
    if (!(*out = vec_cast(c, VEC_NUM)))
        return err_oom(I);
    return ST_OK;
}

static bool is_input(Str *const *inputs, int nin, const char *name)
{
    for (int i = 0; i < nin; i++)
        if (strcmp(inputs[i]->s, name) == 0)
            return true;
    return false;
}

Status tf_splice(Interp *I, const Frame *in, Str *const *inputs, int nin, const char *const *names, Vec **cols,
                 int nout, Frame **out)
{
    Frame *f = frame_new(in->ncol + nout);
    Status st = ST_OK;
    bool placed = false;
    int at = nin > 0 ? frame_find(in, inputs[0]->s) : in->ncol;
    for (int c = 0; c <= in->ncol && st == ST_OK; c++) {
        if ((c == at || (c == in->ncol && !placed)) && !placed) {
            placed = true;
            for (int k = 0; k < nout; k++) {
                if (frame_find(f, names[k]) >= 0 ||
                    (frame_find(in, names[k]) >= 0 && !is_input(inputs, nin, names[k]))) {
                    st = err_raise(I, ERR_VALUE, "%s: output column '%s' is already a column of the frame "
                                                 "(rename it first)", builtin_current(I), names[k]);
                    break;
                }
                frame_set(f, names[k], cols[k]);
            }
        }
        if (c < in->ncol && st == ST_OK && !is_input(inputs, nin, in->names[c]->s)) {
            if (frame_find(f, in->names[c]->s) >= 0) {
                st = err_raise(I, ERR_VALUE, "%s: output column '%s' is already a column of the frame "
                                             "(rename it first)", builtin_current(I), in->names[c]->s);
                break;
            }
            frame_set(f, in->names[c]->s, in->cols[c]);
        }
    }
    f->nrow = in->nrow;
    for (int k = 0; k < nout; k++)
        obj_unref(cols[k]);
    if (st != ST_OK) {
        obj_unref(f);
        return st;
    }
    *out = f;
    return ST_OK;
}

Vec *tf_str_vec(const char *const *s, int64_t n)
{
    Vec *v = vec_new(VEC_STR, n);
    if (!v)
        return NULL;
    for (int64_t i = 0; i < n; i++)
        if (!(s[i] ? vec_push_str(v, s[i], strlen(s[i])) : vec_push_na(v))) {
            obj_unref(v);
            return NULL;
        }
    return v;
}

Vec *tf_num_vec(const double *x, int64_t n)
{
    Vec *v = vec_new_len(VEC_NUM, n);
    if (v && n)
        memcpy(v->d.num, x, sizeof(double) * (size_t)n);
    return v;
}

static void *tf_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    if (n == 0) {
        mem_free(p);
        return NULL;
    }
    return mem_try_realloc(p, n);
}

void tf_cx(Interp *I, CpCtx *cx)
{
    cp_ctx_init(cx);
    cx->interrupt = &I->interrupted;
    cx->realloc = tf_realloc;
}

Status tf_cx_error(Interp *I, const CpCtx *cx, CpStatus st)
{
    if (st == CP_ENOMEM)
        return err_oom(I);
    if (st == CP_EINTR)
        return err_interrupted(I);
    return err_raise(I, ERR_VALUE, "%s: %s", builtin_current(I), cx->msg[0] ? cx->msg : cp_status_text(st));
}

Status tf_choice(Interp *I, const char *what, const char *s, const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return ST_OK;
        }
    SBuf b = {0};
    for (int i = 0; i < n; i++)
        sb_printf(&b, "%s\"%s\"", i ? (i == n - 1 ? " or " : ", ") : "", names[i]);
    Status st = err_raise(I, ERR_VALUE, "%s: unknown %s \"%s\"; valid: %s", builtin_current(I), what, s, b.s);
    mem_free(b.s);
    return st;
}

/* ---- pipelines ------------------------------------------------------------------------ */

/* The steps: each a transform value or a function frame -> frame. */
typedef struct Steps {
    Value *v;
    int n;
} Steps;

static void steps_free(void *state)
{
    Steps *s = state;
    for (int i = 0; i < s->n; i++)
        val_unref(s->v[i]);
    mem_free(s->v);
    mem_free(s);
}

static Status step_apply(Interp *I, Value step, int k, Frame *in, bool train, Frame **out)
{
    Value r = val_null(), x = val_obj_take(in);
    const Transform *t = transform_of(step);
    Status st = !t ? interp_call(I, step, 1, &x, &r)
                : train ? transform_apply_train(I, t, x, &r) : transform_apply(I, t, x, &r);
    if (st != ST_OK)
        return st;
    if (r.t != T_FRAME) {
        val_unref(r);
        return err_raise(I, ERR_TYPE, "%s: step %d returned %s, not a frame", builtin_current(I), k + 1,
                         val_type_name(r));
    }
    *out = r.u.f;
    return ST_OK;
}

static Status pipeline_run(Interp *I, const Transform *t, const Frame *in, bool train, Frame **out)
{
    const Steps *s = t->state;
    Frame *cur = (Frame *)in;
    obj_ref(cur);
    for (int k = 0; k < s->n; k++) {
        Frame *next;
        Status st = step_apply(I, s->v[k], k, cur, train, &next);
        obj_unref(cur);
        if (st != ST_OK)
            return st;
        cur = next;
    }
    *out = cur;
    return ST_OK;
}

static Status pipeline_apply(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    return pipeline_run(I, t, in, false, out);
}

static Status pipeline_apply_train(Interp *I, const Transform *t, const Frame *in, Frame **out)
{
    return pipeline_run(I, t, in, true, out);
}

static bool pipeline_member(Interp *I, const Transform *t, const char *name, Value *out)
{
    if (strcmp(name, "steps") != 0)
        return false;
    const Steps *s = t->state;
    List *l = list_new(s->n);
    for (int k = 0; k < s->n; k++)
        list_push(l, s->v[k]);
    *out = val_obj_take(l);
    return true;
}

static const TransformKind pipeline_kind = {.name = "pipeline", .apply = pipeline_apply, .free = steps_free, .member = pipeline_member, .apply_train = pipeline_apply_train};

/* Build the pipeline transform around steps (taken). */
static Status pipeline_make(Interp *I, Steps *s, int64_t nfit, Value *out)
{
    Transform *t = transform_new(&pipeline_kind, s, "pipeline");
    const char **kind = mem_alloc(sizeof(char *) * (size_t)s->n), **what = mem_alloc(sizeof(char *) * (size_t)s->n);
    double *no = mem_alloc(sizeof(double) * (size_t)s->n);
    SBuf *desc = mem_calloc(sizeof(SBuf) * (size_t)s->n);
    for (int k = 0; k < s->n; k++) {
        const Transform *st = transform_of(s->v[k]);
        no[k] = k + 1;
        kind[k] = st ? st->kind->name : "function";
        if (st)
            tv_headline(st, false, &desc[k]);
        else
            sb_puts(&desc[k], "applied as is");
        what[k] = desc[k].s;
    }
    const Transform *first = transform_of(s->v[0]);
    if (first) {
        const char **names = mem_alloc(sizeof(char *) * (size_t)(first->ninputs + 1));
        for (int i = 0; i < first->ninputs; i++)
            names[i] = first->inputs[i]->s;
        transform_set_inputs(t, names, first->ninputs);
        t->vector_in = first->vector_in;
        t->one_to_one = true;
        for (int k = 0; k < s->n; k++)
            t->one_to_one = t->one_to_one && transform_of(s->v[k]) && transform_of(s->v[k])->one_to_one;
        mem_free(names);
    }
    t->nfit = nfit;
    Vec *cs = tf_num_vec(no, s->n), *ck = tf_str_vec(kind, s->n), *cw = tf_str_vec(what, s->n);
    Status st = ST_OK;
    if (cs && ck && cw) {
        t->learned = frame_new(3);
        frame_set(t->learned, "step", cs);
        frame_set(t->learned, "kind", ck);
        frame_set(t->learned, "detail", cw);
        t->learned->nrow = s->n;
        *out = transform_value_take(t);
    } else {
        st = err_oom(I);
        transform_free(t);
    }
    obj_unref(cs);
    obj_unref(ck);
    obj_unref(cw);
    for (int k = 0; k < s->n; k++)
        mem_free(desc[k].s);
    mem_free(desc);
    mem_free(kind);
    mem_free(what);
    mem_free(no);
    return st;
}

static bool is_fn(Value v) { return v.t == T_FUNC || v.t == T_BUILTIN; }

/* The steps given as *steps (a list value), flattened one level so
 * pipeline([a, b]) works like pipeline(a, b). */
static Status collect_steps(Interp *I, const List *args, bool fitted, Steps **out)
{
    const List *l = args;
    if (l->len == 1 && l->items[0].t == T_LIST)
        l = l->items[0].u.l;
    if (l->len == 0)
        return err_raise(I, ERR_VALUE, "%s: give at least one step", builtin_current(I));
    Steps *s = mem_calloc(sizeof *s);
    s->v = mem_alloc(sizeof(Value) * (size_t)l->len);
    for (int64_t k = 0; k < l->len; k++) {
        Value v = l->items[k];
        if (!(fitted ? transform_of(v) != NULL || is_fn(v) : is_fn(v))) {
            steps_free(s);
            return err_raise(I, ERR_TYPE, "%s: step %lld must be %s, got %s", builtin_current(I), (long long)k + 1,
                             fitted ? "a transform or a function" : "a function that fits a transform (fn(d) "
                                                                    "{ fit_scaler(d) }) or a frame function",
                             val_type_name(v));
        }
        s->v[s->n++] = val_ref(v);
    }
    *out = s;
    return ST_OK;
}

#define PIPELINE_PARAMS(P) P(steps, "*")

static Status tb_pipeline(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(PIPELINE_PARAMS);
    Steps *s;
    if (collect_steps(I, ARG(steps).u.l, true, &s) != ST_OK)
        return ST_ERR;
    return pipeline_make(I, s, -1, out);
}

/* Fit each step on the output of the previous one: a step function
 * returning a transform is that fitted step; one returning a frame is a
 * stateless step kept as it is. */
#define FIT_PIPELINE_PARAMS(P) P(df, "frame") P(steps, "*")

static Status tb_fit_pipeline(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(FIT_PIPELINE_PARAMS);
    Steps *s;
    if (collect_steps(I, ARG(steps).u.l, false, &s) != ST_OK)
        return ST_ERR;
    Frame *cur = ARG(df).u.f;
    obj_ref(cur);
    Status st = ST_OK;
    for (int k = 0; k < s->n && st == ST_OK; k++) {
        Value r = val_null(), x = val_obj_take(cur);
        if ((st = interp_call(I, s->v[k], 1, &x, &r)) != ST_OK)
            break;
        if (transform_of(r)) {
            val_unref(s->v[k]);
            s->v[k] = r;
            Frame *next;
            if ((st = step_apply(I, r, k, cur, true, &next)) == ST_OK) {
                obj_unref(cur);
                cur = next;
            }
        } else if (r.t == T_FRAME) {
            obj_unref(cur);
            cur = r.u.f;             /* the reference moves from r */
        } else {
            st = err_raise(I, ERR_TYPE, "%s: step %d returned %s; a step returns a transform or a frame",
                           builtin_current(I), k + 1, val_type_name(r));
            val_unref(r);
        }
    }
    obj_unref(cur);
    if (st != ST_OK) {
        steps_free(s);
        return st;
    }
    return pipeline_make(I, s, ARG(df).u.f->nrow, out);
}

#define TRANSFORM_PARAMS(P) P(t, "") P(x, "frame|vec|list")

static Status tb_transform(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(TRANSFORM_PARAMS);
    const Transform *t = transform_of(ARG(t));
    if (!t)
        return err_arg(I, ARGNO(t), "a transform (from fit_scaler, fit_one_hot, ...)", ARG(t));
    return transform_apply(I, t, ARG(x), out);
}

static const BuiltinReg transform_lib[] = {
    {"transform", tb_transform, BUILTIN_SIG(TRANSFORM_PARAMS),
     "Apply a fitted transform to new data, with the statistics it learned when it was fitted.\n"
     "x is a frame holding the columns t was fitted on (other columns pass through unchanged),\n"
     "or a vector when t was fitted on one column. A test set is never scaled with its own\n"
     "statistics this way.\n"
     "Example:\n"
     "train = frame(x=[1, 2, 3])\n"
     "t = fit_scaler(train)\n"
     "print(transform(t, frame(x=[2, 5])).x)  # → [0, 3.6742346141747673]"},
    {"pipeline", tb_pipeline, BUILTIN_SIG(PIPELINE_PARAMS),
     "Several fitted transforms (or functions of a frame) applied in order, as one transform.\n"
     "Each step sees the output of the one before. To fit the steps in sequence on training\n"
     "data, use fit_pipeline.\n"
     "Example:\n"
     "df = frame(x=[1, 2, 3, 4])\n"
     "p = pipeline(fit_scaler(df, method=\"minmax\"), fn(d) { mutate(d, y=d.x * 10) })\n"
     "print(transform(p, df).y)  # → [0, 3.333333333333333, 6.666666666666668, 10]"},
    {"fit_pipeline", tb_fit_pipeline, BUILTIN_SIG(FIT_PIPELINE_PARAMS),
     "Fit a pipeline step by step, each on the output of the previous ones (as scikit-learn's\n"
     "Pipeline.fit). Each step is a function of a frame: one that returns a transform\n"
     "(fn(d) { fit_pca(d, k=2) }, or fit_scaler itself) is fitted and kept; one that returns\n"
     "a frame is kept as a stateless step.\n"
     "Example:\n"
     "train = frame(x=[1, 2, 3, 4], y=[2, 4, 5, 9])\n"
     "p = fit_pipeline(train, fit_scaler, fn(d) { fit_scaler(d, method=\"maxabs\") })\n"
     "print(p.kind, len(p.steps))  # → pipeline 2"},
    {0},
};

void transform_open(Interp *I)
{
    builtin_module(I, "transform", "Fitted transforms: applying them to new data, and pipelines of them.",
                   transform_lib);
}
