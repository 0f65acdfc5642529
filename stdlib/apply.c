/*
 * apply.c — functions over data: map (element-wise), apply (per row or
 * per column of a frame) and where (keep what a predicate accepts).
 *
 * Each calls a sift function (or built-in) through interp_call once per
 * element, row or column, in order, so a function with side effects sees
 * them in order and an error stops at the element that raised it. The
 * results are gathered as values and then shaped: scalars become a
 * vector (kind inferred as for a list literal), records a frame, anything
 * else a list. Long runs check for interrupts every APPLY_CHECK_EVERY
 * calls (a sift function checks on its own; a built-in does not).
 *
 * filter(df, fn) in frame.c calls fn once with the whole frame (fast,
 * vectorised); where(df, fn) calls it once per row with a record (any
 * logic, slower). Both exist on purpose; docs/frames.md says which to use.
 */
#include <string.h>

#include "lang/builtin.h"
#include "lang/mem.h"
#include "stdlib/modules.h"

/* Calls between two interrupt checks. */
#define APPLY_CHECK_EVERY 1024

static bool is_scalar(Value v) { return v.t == T_NUM || v.t == T_BOOL || v.t == T_STR || v.t == T_NA; }

static Status call1(Interp *I, Value fn, Value arg, int64_t i, Value *out)
{
    if (i % APPLY_CHECK_EVERY == APPLY_CHECK_EVERY - 1 && interp_interrupted(I))
        return err_interrupted(I);
    return interp_call(I, fn, 1, &arg, out);
}

/* l (consumed) as a vector when every item is a scalar (an empty list: an
 * empty vector of kind `empty`), else l itself. */
static Status shape_list(Interp *I, List *l, VecKind empty, Value *out)
{
    bool scalars = true;
    for (int64_t i = 0; i < l->len && scalars; i++)
        scalars = is_scalar(l->items[i]);
    if (!scalars) {
        *out = val_obj_take(l);
        return ST_OK;
    }
    int64_t bad;
    Vec *v = l->len ? vec_from_list(l, &bad) : vec_new(empty, 0);
    obj_unref(l);
    if (!v)
        return err_oom(I);
    *out = val_obj_take(v);
    return ST_OK;
}

/* A record of the row i of f: keys shared with the frame's names. reuse
 * is the previous row's record, refilled when no one kept it. */
static Record *row_record(const Frame *f, int64_t i, Record *reuse)
{
    Record *r = reuse;
    if (r && r->o.rc == 1) {
        for (int c = 0; c < r->len; c++)
            val_unref(r->vals[c]);
    } else {
        if (r)
            obj_unref(r);
        r = record_new(f->ncol);
        for (int c = 0; c < f->ncol; c++) {
            obj_ref(f->names[c]);
            r->keys[c] = f->names[c];
        }
        r->len = f->ncol;
    }
    for (int c = 0; c < f->ncol; c++)
        r->vals[c] = vec_get(f->cols[c], i);
    return r;
}

/* fn over the rows of f (each a record), results in a new list. */
static Status over_rows(Interp *I, const Frame *f, Value fn, List **out)
{
    List *l = list_new(f->nrow);
    Record *row = NULL;
    for (int64_t i = 0; i < f->nrow; i++) {
        row = row_record(f, i, row);
        Value got;
        if (call1(I, fn, val_obj_take(row), i, &got) != ST_OK) {
            obj_unref(row);
            obj_unref(l);
            return ST_ERR;
        }
        list_push_take(l, got);
    }
    if (row)
        obj_unref(row);
    *out = l;
    return ST_OK;
}

/* fn over the elements of v (NA passed as NA unless skip_na), results in a new list. */
static Status over_vec(Interp *I, const Vec *v, Value fn, bool skip_na, List **out)
{
    List *l = list_new(v->len);
    for (int64_t i = 0; i < v->len; i++) {
        Value x = vec_get(v, i), got = val_na();
        Status st = skip_na && x.t == T_NA ? ST_OK : call1(I, fn, x, i, &got);
        val_unref(x);
        if (st != ST_OK) {
            obj_unref(l);
            return ST_ERR;
        }
        list_push_take(l, got);
    }
    *out = l;
    return ST_OK;
}

/* fn over items[0..n) (NA kept without a call when skip_na), results in a new list. */
static Status over_values(Interp *I, const Value *items, int64_t n, Value fn, bool skip_na, List **out)
{
    List *l = list_new(n);
    for (int64_t i = 0; i < n; i++) {
        Value got = val_na();
        if (!(skip_na && items[i].t == T_NA) && call1(I, fn, items[i], i, &got) != ST_OK) {
            obj_unref(l);
            return ST_ERR;
        }
        list_push_take(l, got);
    }
    *out = l;
    return ST_OK;
}

/* ---- map ----------------------------------------------------------------------------- */

static Status map_record(Interp *I, const Record *x, Value fn, bool skip_na, Value *out)
{
    List *l;
    if (over_values(I, x->vals, x->len, fn, skip_na, &l) != ST_OK)
        return ST_ERR;
    Record *r = record_new(x->len);
    for (int i = 0; i < x->len; i++) {
        obj_ref(x->keys[i]);
        r->keys[i] = x->keys[i];
        r->vals[i] = val_ref(l->items[i]);
    }
    r->len = x->len;
    obj_unref(l);
    *out = val_obj_take(r);
    return ST_OK;
}

/* Every cell of f through fn; each column's results must be scalars. */
static Status map_frame(Interp *I, const Frame *f, Value fn, bool skip_na, Value *out)
{
    Frame *r = frame_new(f->ncol);
    for (int c = 0; c < f->ncol; c++) {
        List *l;
        Value col;
        if (over_vec(I, f->cols[c], fn, skip_na, &l) != ST_OK || shape_list(I, l, f->cols[c]->kind, &col) != ST_OK) {
            obj_unref(r);
            return ST_ERR;
        }
        if (col.t != T_VEC) {
            for (int64_t i = 0; i < col.u.l->len; i++)
                if (!is_scalar(col.u.l->items[i])) {
                    err_raise(I, ERR_TYPE, "map: on a frame the function must return scalars; column '%s', row "
                              "%lld gave a %s", f->names[c]->s, (long long)i, val_type_name(col.u.l->items[i]));
                    break;
                }
            val_unref(col);
            obj_unref(r);
            return ST_ERR;
        }
        frame_set_take(r, f->names[c]->s, col.u.v);
    }
    r->nrow = f->nrow;
    *out = val_obj_take(r);
    return ST_OK;
}

#define MAP_PARAMS(P) P(x, "") P(fn, "fn") P(skip_na, "bool=false")

static Status ap_map(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(MAP_PARAMS);
    Value x = ARG(x), fn = ARG(fn);
    bool skip_na = ARG(skip_na).u.b;
    switch (x.t) {
    case T_VEC: {
        List *l;
        if (over_vec(I, x.u.v, fn, skip_na, &l) != ST_OK)
            return ST_ERR;
        return shape_list(I, l, x.u.v->kind, out);
    }
    case T_LIST: {
        List *l;
        if (over_values(I, x.u.l->items, x.u.l->len, fn, skip_na, &l) != ST_OK)
            return ST_ERR;
        *out = val_obj_take(l);
        return ST_OK;
    }
    case T_RECORD: return map_record(I, x.u.r, fn, skip_na, out);
    case T_FRAME: return map_frame(I, x.u.f, fn, skip_na, out);
    default:
        if (skip_na && x.t == T_NA) {
            *out = val_na();
            return ST_OK;
        }
        return interp_call(I, fn, 1, &x, out);
    }
}

/* ---- apply ---------------------------------------------------------------------------- */

/* Per-row results: all scalars → a vector, all records → a frame (through
 * frame(), one row per record), else the list. Consumes l. */
static Status shape_rows(Interp *I, List *l, Value *out)
{
    bool records = l->len > 0;
    for (int64_t i = 0; i < l->len && records; i++)
        records = l->items[i].t == T_RECORD;
    if (!records)
        return shape_list(I, l, VEC_NUM, out);
    Value arg = val_obj_take(l);
    Status st = builtin_call(I, builtin_find(I, "frame"), 1, &arg, NULL, out);
    val_unref(arg);
    return st;
}

/* Per-column results r[c]: all scalars → a one-row frame, all vectors (or
 * lists of scalars) of one length → a frame, else a record by column. */
static Status shape_columns(Interp *I, const Frame *f, Value *r, Value *out)
{
    bool scalars = true, vectors = true;
    int64_t len = -1;
    for (int c = 0; c < f->ncol; c++) {
        scalars &= is_scalar(r[c]);
        int64_t n = r[c].t == T_VEC ? r[c].u.v->len : r[c].t == T_LIST ? r[c].u.l->len : -1;
        vectors &= n >= 0 && (len < 0 || n == len);
        len = n;
    }
    if (f->ncol > 0 && (scalars || vectors)) {
        Frame *g = frame_new(f->ncol);
        for (int c = 0; c < f->ncol; c++) {
            int64_t bad;
            Vec *v = r[c].t == T_VEC ? (obj_ref(r[c].u.v), r[c].u.v)
                   : r[c].t == T_LIST ? vec_from_list(r[c].u.l, &bad) : vec_fill(r[c], 1);
            if (!v) {                /* a list holding non-scalars: keep the record */
                obj_unref(g);
                goto as_record;
            }
            frame_set_take(g, f->names[c]->s, v);
        }
        g->nrow = scalars ? 1 : len;
        *out = val_obj_take(g);
        return ST_OK;
    }
as_record:;
    Record *rec = record_new(f->ncol);
    for (int c = 0; c < f->ncol; c++) {
        obj_ref(f->names[c]);
        rec->keys[rec->len] = f->names[c];
        rec->vals[rec->len++] = val_ref(r[c]);
    }
    *out = val_obj_take(rec);
    return ST_OK;
}

static Status apply_columns(Interp *I, const Frame *f, Value fn, Value *out)
{
    Value *r = mem_calloc(sizeof(Value) * (size_t)(f->ncol + 1));
    Status st = ST_OK;
    for (int c = 0; c < f->ncol && st == ST_OK; c++)
        st = call1(I, fn, val_obj_take(f->cols[c]), c, &r[c]);
    if (st == ST_OK)
        st = shape_columns(I, f, r, out);
    for (int c = 0; c < f->ncol; c++)
        val_unref(r[c]);
    mem_free(r);
    return st;
}

#define APPLY_PARAMS(P) P(df, "frame") P(fn, "fn") P(axis, "str=\"rows\"")

static Status ap_apply(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(APPLY_PARAMS);
    const Frame *f = ARG(df).u.f;
    const char *axis = ARG(axis).u.s->s;
    if (strcmp(axis, "columns") == 0)
        return apply_columns(I, f, ARG(fn), out);
    if (strcmp(axis, "rows") != 0)
        return err_raise(I, ERR_VALUE, "apply: axis must be \"rows\" or \"columns\", got \"%s\"", axis);
    List *l;
    if (over_rows(I, f, ARG(fn), &l) != ST_OK)
        return ST_ERR;
    return shape_rows(I, l, out);
}

/* ---- where ------------------------------------------------------------------------------ */

#define WHERE_PARAMS(P) P(x, "frame|vec|list") P(fn, "fn")

static Status ap_where(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(WHERE_PARAMS);
    Value x = ARG(x), fn = ARG(fn);
    List *got;
    Status st;
    if (x.t == T_FRAME)
        st = over_rows(I, x.u.f, fn, &got);
    else if (x.t == T_VEC)
        st = over_vec(I, x.u.v, fn, false, &got);
    else
        st = over_values(I, x.u.l->items, x.u.l->len, fn, false, &got);
    if (st != ST_OK)
        return ST_ERR;
    int64_t *idx = mem_try_alloc(sizeof(int64_t) * (size_t)(got->len + 1)), k = 0;
    for (int64_t i = 0; idx && i < got->len; i++) {
        Value r = got->items[i];
        if (r.t != T_BOOL && r.t != T_NA) {
            st = err_raise(I, ERR_TYPE, "where: the function must return true or false, got %s for %s %lld",
                           val_type_name(r), x.t == T_FRAME ? "row" : "element", (long long)i);
            break;
        }
        if (r.t == T_BOOL && r.u.b)
            idx[k++] = i;
    }
    obj_unref(got);
    if (!idx || st != ST_OK) {
        mem_free(idx);
        return idx ? st : err_oom(I);
    }
    void *r = NULL;
    if (x.t == T_FRAME)
        r = frame_take(x.u.f, idx, k);
    else if (x.t == T_VEC)
        r = vec_take(x.u.v, idx, k);
    else {
        List *l = list_new(k);
        for (int64_t i = 0; i < k; i++)
            list_push(l, x.u.l->items[idx[i]]);
        r = l;
    }
    mem_free(idx);
    if (!r)
        return err_oom(I);
    *out = val_obj_take(r);
    return ST_OK;
}

static const BuiltinReg apply_lib[] = {
    {"map", ap_map, BUILTIN_SIG(MAP_PARAMS),
     "fn applied to each element of x, in order. A vector gives a vector when every result is a scalar\n"
     "(else a list); a list gives a list; a record a record with the same keys; a frame a frame of the\n"
     "same shape (every cell through fn); a scalar fn(x). skip_na=true keeps NA as NA without calling fn.\n"
     "Example:\nprint(map([1, 2, 3], fn(v) { v * 10 }))   # → [10, 20, 30]\n"
     "print(map([\"a\", NA], fn(s) { upper(s) }, skip_na=true))   # → [\"A\", NA]"},
    {"apply", ap_apply, BUILTIN_SIG(APPLY_PARAMS),
     "fn applied to each row of df (axis=\"rows\": fn gets a record {column: value}) or to each column\n"
     "(axis=\"columns\": fn gets the column vector). Rows: scalar results give a vector, record results a\n"
     "frame, others a list. Columns: scalar results give a one-row frame, vectors of one length a frame,\n"
     "others a record by column name. (pandas df.apply(f, axis=1) is axis=\"rows\" here: the axis names what\n"
     "fn receives.)\n"
     "Example:\ndf = frame(a=[1, 2], b=[10, 20])\nprint(apply(df, fn(r) { r.a + r.b }))   # → [11, 22]"},
    {"where", ap_where, BUILTIN_SIG(WHERE_PARAMS),
     "The rows of a frame (fn gets each row as a record), or the elements of a vector or list, for which\n"
     "fn returns true; NA counts as false. filter(df, fn) instead calls fn once with the whole frame.\n"
     "Example:\ndf = frame(a=[1, 5, 3], b=[\"x\", \"y\", \"z\"])\n"
     "print(where(df, fn(r) { r.a > 2 and r.b != \"z\" }).b)   # → [\"y\"]"},
    {0},
};

void apply_open(Interp *I)
{
    builtin_module(I, "apply", "Functions over data: map, apply, where.", apply_lib);
}
