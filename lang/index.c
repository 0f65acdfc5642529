/*
 * index.c — reading and writing parts of values: x[i], x[a:b], x[mask],
 * x[[...]], x.name, and their assignment forms.
 *
 * Indices are 0-based; negative ones count from the end; slices are
 * half-open and clamp like Python's. A bool vector selects where true (NA
 * counts as false); a num vector or list of numbers selects positions; a
 * str or list of str selects frame columns.
 */
#include <math.h>
#include <string.h>

#include "lang/frame.h"
#include "lang/mem.h"
#include "lang/ops.h"

Status ops_position(Interp *I, double d, int64_t len, const char *what, int64_t *out)
{
    if (d != floor(d) || !isfinite(d))
        return err_raise(I, ERR_INDEX, "%s index must be a whole number, got %g", what, d);
    int64_t i = (int64_t)d;
    if (i < 0)
        i += len;
    if (i < 0 || i >= len)
        return err_raise(I, ERR_INDEX, "%s index %lld out of range (length %lld)", what, (long long)d,
                         (long long)len);
    *out = i;
    return ST_OK;
}

static int64_t clamp_bound(Value v, int64_t len, int64_t dflt)
{
    if (v.t != T_NUM)
        return dflt;
    double d = floor(v.u.n);
    if (d < 0)
        d += (double)len;
    if (d < 0)
        return 0;
    return d > (double)len ? len : (int64_t)d;
}

static int64_t length_of(Value x)
{
    switch (x.t) {
    case T_VEC: return x.u.v->len;
    case T_LIST: return x.u.l->len;
    case T_FRAME: return x.u.f->nrow;
    default: return -1;
    }
}

/* Positions selected by a bool mask or a list/vector of numbers. *idx is
 * mem_alloc'd. */
static Status positions(Interp *I, Value sel, int64_t len, const char *what, int64_t **idx, int64_t *n)
{
    Vec *v = NULL;
    int64_t bad = 0;
    if (sel.t == T_VEC)
        v = sel.u.v, obj_ref(v);
    else if (sel.t == T_LIST && !(v = vec_from_list(sel.u.l, &bad)))
        return err_raise(I, ERR_TYPE, "%s index list must hold numbers or bools", what);
    Status st = ST_OK;
    *idx = mem_alloc(sizeof(int64_t) * (size_t)(v->len + 1));
    *n = 0;
    if (v->kind == VEC_BOOL) {
        if (v->len != len)
            st = err_raise(I, ERR_INDEX, "bool mask has length %lld, %s has length %lld", (long long)v->len, what,
                           (long long)len);
        for (int64_t i = 0; st == ST_OK && i < v->len; i++)
            if (v->d.b[i] && vec_is_valid(v, i))
                (*idx)[(*n)++] = i;
    } else if (v->kind == VEC_NUM) {
        for (int64_t i = 0; st == ST_OK && i < v->len; i++) {
            if (!vec_is_valid(v, i))
                st = err_raise(I, ERR_INDEX, "%s index %lld is NA", what, (long long)i);
            else
                st = ops_position(I, v->d.num[i], len, what, &(*idx)[(*n)++]);
        }
    } else {
        st = err_raise(I, ERR_TYPE, "cannot index a %s with a str vector", what);
    }
    obj_unref(v);
    if (st != ST_OK) {
        mem_free(*idx);
        *idx = NULL;
    }
    return st;
}

static Status select_columns(Interp *I, const Frame *f, Value names, Value *out)
{
    Frame *r = frame_new(f->ncol);
    r->nrow = f->nrow;
    int64_t n = names.t == T_LIST ? names.u.l->len : names.u.v->len;
    for (int64_t i = 0; i < n; i++) {
        Value nm = names.t == T_LIST ? val_ref(names.u.l->items[i]) : vec_get(names.u.v, i);
        Vec *c = nm.t == T_STR ? frame_col_borrow(f, nm.u.s->s) : NULL;
        if (!c) {
            Status st = nm.t == T_STR ? err_raise(I, ERR_INDEX, "no column named '%s'", nm.u.s->s)
                                      : err_raise(I, ERR_TYPE, "column names must be str, got %s", val_type_name(nm));
            val_unref(nm);
            obj_unref(r);
            return st;
        }
        if (frame_find(r, nm.u.s->s) >= 0) {       /* frames have unique names */
            err_raise(I, ERR_VALUE, "column '%s' is selected twice (a frame's column names are unique)",
                      nm.u.s->s);
            val_unref(nm);
            obj_unref(r);
            return ST_ERR;
        }
        frame_set(r, nm.u.s->s, c);
        val_unref(nm);
    }
    *out = val_obj_take(r);
    return ST_OK;
}

static bool is_name_list(Value v)
{
    if (v.t == T_VEC)
        return v.u.v->kind == VEC_STR;
    return v.t == T_LIST && v.u.l->len > 0 && v.u.l->items[0].t == T_STR;
}

static Status take_rows(Interp *I, Value x, const int64_t *idx, int64_t n, Value *out)
{
    if (x.t == T_FRAME) {
        Frame *f = frame_take(x.u.f, idx, n);
        if (!f)
            return err_oom(I);
        *out = val_obj_take(f);
    } else if (x.t == T_VEC) {
        Vec *v = vec_take(x.u.v, idx, n);
        if (!v)
            return err_oom(I);
        *out = val_obj_take(v);
    } else {
        List *l = list_new(n);
        for (int64_t i = 0; i < n; i++)
            list_push(l, x.u.l->items[idx[i]]);
        *out = val_obj_take(l);
    }
    return ST_OK;
}

static Status frame_row(Interp *I, const Frame *f, int64_t i, Value *out)
{
    Record *r = record_new(f->ncol);
    for (int c = 0; c < f->ncol; c++)
        record_set_take(r, f->names[c]->s, vec_get(f->cols[c], i));
    *out = val_obj_take(r);
    return ST_OK;
}

static Status index_str(Interp *I, Value x, Value i, Value *out)
{
    const char *s = x.u.s->s;
    int64_t n = 0;
    for (const char *p = s; *p; p++)
        n += ((unsigned char)*p & 0xC0) != 0x80;
    int64_t k = 0;
    if (ops_position(I, i.u.n, n, "str", &k) != ST_OK)
        return ST_ERR;
    const char *p = s;
    for (int64_t c = 0; c < k; c++) {
        p++;
        while (((unsigned char)*p & 0xC0) == 0x80)
            p++;
    }
    const char *e = p + 1;
    while (*e && ((unsigned char)*e & 0xC0) == 0x80)
        e++;
    *out = val_strn(p, (size_t)(e - p));
    return ST_OK;
}

Status ops_index(Interp *I, Value x, Value i, Value *out)
{
    const char *what = val_type_name(x);
    if (i.t == T_STR) {
        if (x.t == T_FRAME || x.t == T_RECORD || x.t == T_FOREIGN)
            return ops_member(I, x, i.u.s->s, out);
        return err_raise(I, ERR_TYPE, "cannot index a %s with a str", what);
    }
    if (x.t == T_FRAME && is_name_list(i))
        return select_columns(I, x.u.f, i, out);
    int64_t len = length_of(x);
    if (i.t == T_NUM) {
        int64_t k = 0;
        if (x.t == T_STR)
            return index_str(I, x, i, out);
        if (len < 0)
            return err_raise(I, ERR_TYPE, "cannot index a %s", what);
        if (ops_position(I, i.u.n, len, x.t == T_FRAME ? "row" : what, &k) != ST_OK)
            return ST_ERR;
        if (x.t == T_VEC)
            *out = vec_get(x.u.v, k);
        else if (x.t == T_LIST)
            *out = val_ref(x.u.l->items[k]);
        else
            return frame_row(I, x.u.f, k, out);
        return ST_OK;
    }
    if ((i.t == T_VEC || i.t == T_LIST) && len >= 0) {
        int64_t *idx, n;
        if (positions(I, i, len, x.t == T_FRAME ? "frame" : what, &idx, &n) != ST_OK)
            return ST_ERR;
        Status st = take_rows(I, x, idx, n, out);
        mem_free(idx);
        return st;
    }
    if (len < 0 && x.t != T_STR)
        return err_raise(I, ERR_TYPE, "cannot index a %s", what);
    return err_raise(I, ERR_TYPE, "a %s index must be a number, a slice or a mask, got %s", what, val_type_name(i));
}

Status ops_slice(Interp *I, Value x, Value lo, Value hi, Value *out)
{
    for (int k = 0; k < 2; k++) {
        Value b = k ? hi : lo;
        if (b.t != T_UNDEF && b.t != T_NUM && b.t != T_NULL)
            return err_raise(I, ERR_TYPE, "slice bounds must be numbers, got %s", val_type_name(b));
    }
    if (x.t == T_STR) {
        int64_t len = x.u.s->len;             /* byte slice of ASCII-safe text */
        int64_t a = clamp_bound(lo, len, 0), b = clamp_bound(hi, len, len);
        *out = val_strn(x.u.s->s + a, b > a ? (size_t)(b - a) : 0);
        return ST_OK;
    }
    int64_t len = length_of(x);
    if (len < 0)
        return err_raise(I, ERR_TYPE, "cannot slice a %s", val_type_name(x));
    int64_t a = clamp_bound(lo, len, 0), b = clamp_bound(hi, len, len);
    if (b < a)
        b = a;
    if (x.t == T_FRAME) {
        Frame *f = frame_slice(x.u.f, a, b);
        if (!f)
            return err_oom(I);
        *out = val_obj_take(f);
    } else if (x.t == T_VEC) {
        Vec *v = vec_slice(x.u.v, a, b);
        if (!v)
            return err_oom(I);
        *out = val_obj_take(v);
    } else {
        List *l = list_new(b - a);
        for (int64_t k = a; k < b; k++)
            list_push(l, x.u.l->items[k]);
        *out = val_obj_take(l);
    }
    return ST_OK;
}

Status ops_member(Interp *I, Value x, const char *name, Value *out)
{
    if (x.t == T_FRAME) {
        Vec *c = frame_col_borrow(x.u.f, name);
        if (!c)
            return err_raise(I, ERR_NAME, "frame has no column '%s'", name);
        obj_ref(c);
        *out = val_obj_take(c);
        return ST_OK;
    }
    if (x.t == T_RECORD) {
        Value *v = record_get_borrow(x.u.r, name);
        if (!v)
            return err_raise(I, ERR_NAME, "record has no field '%s'", name);
        *out = val_ref(*v);
        return ST_OK;
    }
    if (x.t == T_FOREIGN && x.u.fo->cls->member) {
        I->err.set = false;
        if (x.u.fo->cls->member(I, x.u.fo->data, name, out))
            return ST_OK;
        if (I->err.set)
            return ST_ERR;
    }
    return err_raise(I, ERR_TYPE, "a %s has no member '%s'", val_type_name(x), name);
}

/* ---- assignment --------------------------------------------------------- */

Status ops_column_for(Interp *I, const Frame *f, const char *name, Value v, Vec **out)
{
    int64_t n = f->ncol ? f->nrow : (v.t == T_VEC ? v.u.v->len : v.t == T_LIST ? v.u.l->len : 1);
    Vec *c = NULL;
    int64_t bad = 0;
    if (v.t == T_VEC) {
        c = v.u.v;
        obj_ref(c);
    } else if (v.t == T_LIST) {
        if (!(c = vec_from_list(v.u.l, &bad)))
            return bad < 0 ? err_oom(I)
                           : err_raise(I, ERR_TYPE, "column '%s': element %lld is a %s, not a scalar", name,
                                       (long long)bad, val_type_name(v.u.l->items[bad]));
    } else if (!(c = vec_fill(v, n))) {
        return err_raise(I, ERR_TYPE, "column '%s' must be a vector or a scalar, got %s", name, val_type_name(v));
    }
    if (c->len != n) {
        Status st = err_raise(I, ERR_VALUE, "column '%s' has %lld values, the frame has %lld rows", name,
                              (long long)c->len, (long long)n);
        obj_unref(c);
        return st;
    }
    *out = c;
    return ST_OK;
}

Status ops_set_member(Interp *I, Value *x, const char *name, Value v)
{
    if (x->t == T_FRAME) {
        Vec *c;
        if (ops_column_for(I, x->u.f, name, v, &c) != ST_OK)
            return ST_ERR;
        frame_set_take(x->u.f, name, c);
        return ST_OK;
    }
    if (x->t == T_RECORD) {
        record_set(x->u.r, name, v);
        return ST_OK;
    }
    return err_raise(I, ERR_TYPE, "cannot set member '%s' of a %s", name, val_type_name(*x));
}

static Status set_vec_elements(Interp *I, Value *x, Value key, Value v)
{
    int64_t *idx, n;
    if (key.t == T_NUM) {
        int64_t k = 0;
        if (ops_position(I, key.u.n, x->u.v->len, "vector", &k) != ST_OK)
            return ST_ERR;
        if (!vec_set(&x->u.v, k, v))
            return err_raise(I, ERR_TYPE, "cannot put a %s into a vector", val_type_name(v));
        return ST_OK;
    }
    if (key.t != T_VEC && key.t != T_LIST)
        return err_raise(I, ERR_TYPE, "a vector index must be a number or a mask, got %s", val_type_name(key));
    if (positions(I, key, x->u.v->len, "vector", &idx, &n) != ST_OK)
        return ST_ERR;
    Status st = ST_OK;
    if (v.t == T_VEC && v.u.v->len != n)
        st = err_raise(I, ERR_VALUE, "assigning %lld values to %lld selected elements", (long long)v.u.v->len,
                       (long long)n);
    for (int64_t i = 0; st == ST_OK && i < n; i++) {
        Value e = v.t == T_VEC ? vec_get(v.u.v, i) : val_ref(v);
        if (!vec_set(&x->u.v, idx[i], e))
            st = err_raise(I, ERR_TYPE, "cannot put a %s into a vector", val_type_name(e));
        val_unref(e);
    }
    mem_free(idx);
    return st;
}

Status ops_set_index(Interp *I, Value *x, Value key, Value v)
{
    if (key.t == T_STR && (x->t == T_FRAME || x->t == T_RECORD))
        return ops_set_member(I, x, key.u.s->s, v);
    if (x->t == T_VEC)
        return set_vec_elements(I, x, key, v);
    if (x->t == T_LIST && key.t == T_NUM) {
        int64_t k = 0;
        if (ops_position(I, key.u.n, x->u.l->len, "list", &k) != ST_OK)
            return ST_ERR;
        val_unref(x->u.l->items[k]);
        x->u.l->items[k] = val_ref(v);
        return ST_OK;
    }
    return err_raise(I, ERR_TYPE, "cannot assign to an element of a %s with a %s index", val_type_name(*x),
                     val_type_name(key));
}
