/*
 * frame.c — the frame built-ins: frame, select, drop, rename, sort, filter,
 * mutate, concat, sample, unique, value_counts.
 *
 * Conventions (see docs/frames.md): results never alias a mutable input —
 * column subsets share vectors by reference and copy-on-write keeps them
 * apart; row subsets compute one index array and gather every column once
 * (frame_take). NA sorts last in both directions; unique and value_counts
 * treat NA as a value of its own and keep first-seen order, as pandas does.
 *
 * C functions are fb_* (frame built-in) because lang/frame.c owns frame_*.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/cx.h"
#include "lang/mem.h"
#include "lang/ops.h"
#include "stdlib/modules.h"
#include "stdlib/sort.h"

/* ---- small helpers -------------------------------------------------------------- */

static bool is_scalar(Value v)
{
    return v.t == T_NUM || v.t == T_BOOL || v.t == T_STR || v.t == T_NA;
}

static bool is_fn(Value v) { return v.t == T_FUNC || v.t == T_BUILTIN; }

static Status ret_frame(Frame *f, Value *out)
{
    *out = val_obj_take(f);
    return ST_OK;
}

/* A vector from a vector, a list of scalars or a scalar (for x:vec|list
 * arguments), with the argument's number in the message. */
static Status want_vec(Interp *I, Value v, int argno, Vec **out)
{
    if (v.t == T_VEC || v.t == T_LIST)
        return arg_vec(I, v, argno, out);
    return err_arg(I, argno, "a frame or a vector", v);
}

/* Rows of x (a frame or a vector) at idx[0..n), as a new value. */
static Status take_rows(Interp *I, Value x, const Vec *xv, const int64_t *idx, int64_t n, Value *out)
{
    void *r = x.t == T_FRAME ? (void *)frame_take(x.u.f, idx, n) : (void *)vec_take(xv, idx, n);
    if (!r)
        return err_oom(I);
    *out = val_obj_take(r);
    return ST_OK;
}

/* ---- building columns: frame(), mutate() ----------------------------------------- */

/* A column named `name` from v: a vector, a list of scalars, or a scalar
 * (broadcast to nrow; nrow < 0 means "not known yet" and a scalar then
 * makes one row). `against` names what the length is checked against
 * ("column 'a'" or "the frame") for the message. */
static Status make_column(Interp *I, const char *name, Value v, int64_t nrow, const char *against, Vec **out)
{
    const char *fname = builtin_current(I);
    Vec *c = NULL;
    int64_t bad;
    if (v.t == T_VEC) {
        c = v.u.v;
        obj_ref(c);
    } else if (v.t == T_LIST) {
        if (!(c = vec_from_list(v.u.l, &bad)))
            return bad < 0 ? err_oom(I)
                           : err_raise(I, ERR_TYPE, "%s: column '%s': element %lld is a %s, not a scalar", fname,
                                       name, (long long)bad, val_type_name(v.u.l->items[bad]));
    } else if (is_scalar(v)) {
        if (!(c = vec_fill(v, nrow < 0 ? 1 : nrow)))
            return err_oom(I);
    } else {
        return err_raise(I, ERR_TYPE, "%s: column '%s' must be a vector, a list or a scalar, got %s", fname, name,
                         val_type_name(v));
    }
    if (nrow >= 0 && c->len != nrow) {
        bool frame = strcmp(against, "the frame") == 0;
        Status st = err_raise(I, ERR_VALUE, "%s: column '%s' has %lld value%s, %s has %lld%s", fname, name,
                              (long long)c->len, c->len == 1 ? "" : "s", against, (long long)nrow,
                              frame ? (nrow == 1 ? " row" : " rows") : "");
        obj_unref(c);
        return st;
    }
    *out = c;
    return ST_OK;
}

/* Add the columns (names[i], vals[i]) to f (unique). The first
 * vector-like column fixes the length when f has no columns yet;
 * scalars broadcast. */
static Status add_columns(Interp *I, Frame *f, int n, Str *const *names, const Value *vals)
{
    char against[300] = "the frame";
    int64_t nrow = f->ncol || f->nrow ? f->nrow : -1;
    if (nrow < 0)
        for (int i = 0; i < n; i++)
            if (vals[i].t == T_VEC || vals[i].t == T_LIST) {
                Vec *c;
                if (make_column(I, names[i]->s, vals[i], -1, "", &c) != ST_OK)
                    return ST_ERR;
                nrow = c->len;
                obj_unref(c);
                snprintf(against, sizeof against, "column '%s'", names[i]->s);
                break;
            }
    if (nrow < 0)
        nrow = n > 0 ? 1 : 0;        /* only scalars: one row (pandas refuses) */
    for (int i = 0; i < n; i++) {
        Vec *c = NULL;
        if (make_column(I, names[i]->s, vals[i], nrow, against, &c) != ST_OK)
            return ST_ERR;
        frame_set_take(f, names[i]->s, c);
    }
    f->nrow = nrow;
    return ST_OK;
}

/* frame(list_of_records): one row per record, columns in first-seen order
 * of the field names, a missing field NA. */
static Status frame_from_rows(Interp *I, const List *rows, Frame **out)
{
    Record *cols = record_new(8);      /* name → list of cells */
    Status st = ST_OK;
    for (int64_t r = 0; r < rows->len && st == ST_OK; r++) {
        Value row = rows->items[r];
        if (row.t != T_RECORD) {
            st = err_raise(I, ERR_TYPE, "frame: row %lld is a %s, not a record", (long long)r, val_type_name(row));
            break;
        }
        for (int k = 0; k < row.u.r->len; k++) {
            const char *key = row.u.r->keys[k]->s;
            Value cell = row.u.r->vals[k];
            if (!is_scalar(cell)) {
                st = err_raise(I, ERR_TYPE, "frame: row %lld, field '%s' is a %s, not a scalar", (long long)r, key,
                               val_type_name(cell));
                break;
            }
            Value *col = record_get_borrow(cols, key);
            if (!col) {
                List *l = list_new(rows->len);
                for (int64_t j = 0; j < r; j++)
                    list_push_take(l, val_na());
                record_set_take(cols, key, val_obj_take(l));
                col = record_get_borrow(cols, key);
            }
            list_push(col->u.l, cell);
        }
        for (int k = 0; k < cols->len; k++)     /* fields this row lacks */
            if (cols->vals[k].u.l->len == r)
                list_push_take(cols->vals[k].u.l, val_na());
    }
    Frame *f = frame_new(cols->len);
    if (st == ST_OK)
        st = add_columns(I, f, cols->len, cols->keys, cols->vals);
    f->nrow = rows->len;
    obj_unref(cols);
    if (st != ST_OK) {
        obj_unref(f);
        return st;
    }
    *out = f;
    return ST_OK;
}

#define FRAME_PARAMS(P) P(data, "=null") P(columns, "**")

static Status fb_frame(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(FRAME_PARAMS);
    Value data = ARG(data);
    Record *kw = ARG(columns).u.r;
    Frame *f = NULL;
    if (data.t == T_FRAME) {
        obj_ref(data.u.f);
        f = frame_unique(data.u.f);
    } else if (data.t == T_RECORD) {
        f = frame_new(data.u.r->len + kw->len);
        if (add_columns(I, f, data.u.r->len, data.u.r->keys, data.u.r->vals) != ST_OK)
            goto fail;
    } else if (data.t == T_LIST) {
        if (frame_from_rows(I, data.u.l, &f) != ST_OK)
            return ST_ERR;
    } else if (data.t == T_VEC && data.u.v->len == 0) {
        f = frame_new(kw->len);      /* frame([]) */
    } else if (data.t == T_NULL) {
        f = frame_new(kw->len);
    } else {
        return err_arg(I, ARGNO(data), "a record, a list of records or a frame", data);
    }
    f = frame_unique(f);
    if (add_columns(I, f, kw->len, kw->keys, kw->vals) != ST_OK)
        goto fail;
    return ret_frame(f, out);
fail:
    obj_unref(f);
    return ST_ERR;
}

/* ---- select, drop, rename ---------------------------------------------------------- */

/* The column names listed by the *cols arguments (each a name or a list of
 * names; the first is argument argno), checked to exist. *names is
 * mem_alloc'd, entries borrowed. */
static Status listed_columns(Interp *I, const Frame *f, const List *args, int argno, const char ***names, int *n)
{
    int cap = 8;
    *names = mem_alloc(sizeof(char *) * (size_t)cap);
    *n = 0;
    for (int64_t i = 0; i < args->len; i++) {
        const char **part;
        int np;
        if (arg_columns(I, f, args->items[i], argno + (int)i, &part, &np) != ST_OK) {
            mem_free(*names);
            return ST_ERR;
        }
        if (*n + np > cap) {
            cap = (*n + np) * 2;
            *names = mem_realloc(*names, sizeof(char *) * (size_t)cap);
        }
        memcpy(*names + *n, part, sizeof(char *) * (size_t)np);
        *n += np;
        mem_free(part);
    }
    return ST_OK;
}

#define COLUMNS_PARAMS(P) P(df, "frame") P(columns, "*")

static Status fb_select(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(COLUMNS_PARAMS);
    const Frame *f = ARG(df).u.f;
    const char **names;
    int n;
    if (listed_columns(I, f, ARG(columns).u.l, ARGNO(columns), &names, &n) != ST_OK)
        return ST_ERR;
    Frame *r = frame_new(n);
    r->nrow = f->nrow;
    for (int i = 0; i < n; i++) {
        if (frame_find(r, names[i]) >= 0) {
            err_raise(I, ERR_VALUE, "select: column '%s' is selected twice", names[i]);
            mem_free(names);
            obj_unref(r);
            return ST_ERR;
        }
        frame_set(r, names[i], frame_col_borrow(f, names[i]));
    }
    mem_free(names);
    return ret_frame(r, out);
}

static Status fb_drop(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(COLUMNS_PARAMS);
    const Frame *f = ARG(df).u.f;
    const char **names;
    int n;
    if (listed_columns(I, f, ARG(columns).u.l, ARGNO(columns), &names, &n) != ST_OK)
        return ST_ERR;
    Frame *r = frame_new(f->ncol);
    r->nrow = f->nrow;
    for (int c = 0; c < f->ncol; c++) {
        bool dropped = false;
        for (int i = 0; i < n && !dropped; i++)
            dropped = strcmp(names[i], f->names[c]->s) == 0;
        if (!dropped)
            frame_set(r, f->names[c]->s, f->cols[c]);
    }
    mem_free(names);
    return ret_frame(r, out);
}

/* The new name of column `old` under the mapping, or NULL to keep it. */
static Status new_name(Interp *I, const Record *m, const char *old, const char **to)
{
    *to = NULL;
    for (int k = 0; m && k < m->len; k++)
        if (strcmp(m->keys[k]->s, old) == 0) {
            if (m->vals[k].t != T_STR)
                return err_raise(I, ERR_TYPE, "rename: the new name for '%s' must be a str, got %s", old,
                                 val_type_name(m->vals[k]));
            *to = m->vals[k].u.s->s;
        }
    return ST_OK;
}

#define RENAME_PARAMS(P) P(df, "frame") P(mapping, "record|null=null") P(names, "**")

static Status fb_rename(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(RENAME_PARAMS);
    const Frame *f = ARG(df).u.f;
    const Record *maps[2] = {ARG(mapping).t == T_RECORD ? ARG(mapping).u.r : NULL, ARG(names).u.r};
    for (int m = 0; m < 2; m++)
        for (int k = 0; maps[m] && k < maps[m]->len; k++)
            if (frame_find(f, maps[m]->keys[k]->s) < 0)
                return err_raise(I, ERR_NAME, "rename: no column named '%s'", maps[m]->keys[k]->s);
    Frame *r = frame_new(f->ncol);
    r->nrow = f->nrow;
    for (int c = 0; c < f->ncol; c++) {
        const char *old = f->names[c]->s, *to = NULL, *t2 = NULL;
        if (new_name(I, maps[0], old, &to) != ST_OK || new_name(I, maps[1], old, &t2) != ST_OK)
            goto fail;
        to = t2 ? t2 : to ? to : old;
        if (frame_find(r, to) >= 0) {
            err_raise(I, ERR_VALUE, "rename: two columns would be named '%s'", to);
            goto fail;
        }
        frame_set(r, to, f->cols[c]);
    }
    return ret_frame(r, out);
fail:
    obj_unref(r);
    return ST_ERR;
}

/* ---- sort --------------------------------------------------------------------- */

/* desc (argument argno) as given: one bool for every key, or one per key. */
static Status desc_flags(Interp *I, Value d, int argno, SortKey *keys, int n)
{
    if (d.t == T_BOOL) {
        for (int i = 0; i < n; i++)
            keys[i].desc = d.u.b;
        return ST_OK;
    }
    Vec *v;
    if (arg_vec(I, d, argno, &v) != ST_OK)
        return ST_ERR;
    Status st = ST_OK;
    if (v->kind != VEC_BOOL || v->nnull)
        st = err_raise(I, ERR_TYPE, "sort: desc must be a bool or a list of bools, got %s",
                       v->kind == VEC_BOOL ? "NA in the list" : val_type_name(d));
    else if (v->len != n)
        st = err_raise(I, ERR_VALUE, "sort: desc has %lld value%s for %d sort key%s", (long long)v->len,
                       v->len == 1 ? "" : "s", n, n == 1 ? "" : "s");
    else
        for (int i = 0; i < n; i++)
            keys[i].desc = v->d.b[i];
    obj_unref(v);
    return st;
}

#define SORT_PARAMS(P) P(x, "frame|vec|list") P(by, "=null") P(desc, "bool|vec|list=false")

static Status fb_sort(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SORT_PARAMS);
    Value x = ARG(x);
    Vec *xv = NULL;
    SortKey *keys = NULL;
    const char **names = NULL;
    int nkeys = 1;
    int64_t *perm = NULL, n;
    Status st = ST_ERR;
    if (x.t == T_FRAME) {
        if (!arg_given(ARG(by)))
            return err_raise(I, ERR_TYPE, "sort: by is required to sort a frame (a column name or a list of names)");
        if (arg_columns(I, x.u.f, ARG(by), ARGNO(by), &names, &nkeys) != ST_OK)
            return ST_ERR;
        keys = mem_alloc(sizeof(SortKey) * (size_t)(nkeys + 1));
        for (int i = 0; i < nkeys; i++)
            keys[i].v = frame_col_borrow(x.u.f, names[i]);
        n = x.u.f->nrow;
    } else {
        if (want_vec(I, x, ARGNO(x), &xv) != ST_OK)
            return ST_ERR;
        if (arg_given(ARG(by))) {
            obj_unref(xv);
            return err_raise(I, ERR_TYPE, "sort: by applies only to frames (sort a vector with sort(v))");
        }
        keys = mem_alloc(sizeof(SortKey));
        keys[0].v = xv;
        n = xv->len;
    }
    if (desc_flags(I, ARG(desc), ARGNO(desc), keys, nkeys) == ST_OK && sort_order(I, keys, nkeys, n, &perm) == ST_OK)
        st = take_rows(I, x, xv, perm, n, out);
    mem_free(perm);
    mem_free(keys);
    mem_free(names);
    if (xv)
        obj_unref(xv);
    return st;
}

/* ---- filter, mutate ------------------------------------------------------------- */

#define FILTER_PARAMS(P) P(x, "frame|vec|list") P(mask, "")

static Status fb_filter(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(FILTER_PARAMS);
    Value x = ARG(x), m = ARG(mask), got = val_undef();
    Vec *xv = NULL, *mask = NULL;
    Status st = ST_ERR;
    if (x.t != T_FRAME && want_vec(I, x, ARGNO(x), &xv) != ST_OK)
        return ST_ERR;
    int64_t n = xv ? xv->len : x.u.f->nrow;
    const char *what = xv ? "the vector has" : "the frame has";
    if (is_fn(m)) {
        Value arg = xv ? val_obj_take(xv) : x;     /* borrowed */
        st = interp_call(I, m, 1, &arg, &got);
        if (st != ST_OK)
            goto done;
        st = ST_ERR;
        if (got.t != T_VEC || got.u.v->kind != VEC_BOOL) {
            err_raise(I, ERR_TYPE, "filter: the function must return a bool vector, got %s", val_type_name(got));
            goto done;
        }
        mask = got.u.v;
        obj_ref(mask);
    } else if (m.t == T_VEC || m.t == T_LIST) {
        if (arg_vec(I, m, ARGNO(mask), &mask) != ST_OK)
            goto done;
        if (mask->kind != VEC_BOOL) {
            err_raise(I, ERR_TYPE, "filter: the mask must be a bool vector, got %s", val_type_name(m));
            goto done;
        }
    } else {
        err_arg(I, ARGNO(mask), "a bool vector or a function", m);
        goto done;
    }
    if (mask->len != n) {
        err_raise(I, ERR_VALUE, "filter: the mask has %lld values, %s %lld %s", (long long)mask->len, what,
                  (long long)n, xv ? "values" : "rows");
        goto done;
    }
    int64_t *idx = mem_try_alloc(sizeof(int64_t) * (size_t)(n + 1)), k = 0;
    if (!idx) {
        err_oom(I);
        goto done;
    }
    for (int64_t i = 0; i < n; i++)
        if (mask->d.b[i] && vec_is_valid(mask, i))
            idx[k++] = i;
    st = take_rows(I, x, xv, idx, k, out);
    mem_free(idx);
done:
    val_unref(got);
    if (mask)
        obj_unref(mask);
    if (xv)
        obj_unref(xv);
    return st;
}

#define MUTATE_PARAMS(P) P(df, "frame") P(columns, "**")

static Status fb_mutate(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(MUTATE_PARAMS);
    Record *kw = ARG(columns).u.r;
    Frame *f = ARG(df).u.f;
    obj_ref(f);
    for (int k = 0; k < kw->len; k++) {
        const char *name = kw->keys[k]->s;
        Value v = kw->vals[k], got = val_undef();
        if (is_fn(v)) {
            Value df = val_obj_take(f);
            if (interp_call(I, v, 1, &df, &got) != ST_OK)
                goto fail;
            v = got;
        }
        Vec *c;
        Status st = make_column(I, name, v, f->ncol || f->nrow ? f->nrow : -1, "the frame", &c);
        val_unref(got);
        if (st != ST_OK)
            goto fail;
        f = frame_unique(f);         /* a function may have kept the frame */
        frame_set_take(f, name, c);
    }
    return ret_frame(f, out);
fail:
    obj_unref(f);
    return ST_ERR;
}

/* ---- concat ---------------------------------------------------------------------- */

static VecKind unify(VecKind a, VecKind b)
{
    if (a == b)
        return a;
    return a == VEC_STR || b == VEC_STR ? VEC_STR : VEC_NUM;
}

/* Append src (NULL: len missing cells) to out at offset off. out has
 * the unified kind; src is cast to it when needed. */
static bool append_piece(Vec *out, const Vec *src, int64_t len, int64_t off)
{
    if (!src) {
        for (int64_t i = 0; i < len; i++) {
            if (out->kind == VEC_NUM) out->d.num[off + i] = 0;
            else if (out->kind == VEC_BOOL) out->d.b[off + i] = 0;
            else out->d.code[off + i] = 0;
            if (!vec_set_na(out, off + i))
                return false;
        }
        return true;
    }
    Vec *cast = NULL;
    if (src->kind != out->kind && !(src = cast = vec_cast(src, (VecKind)out->kind)))
        return false;
    bool ok = true;
    if (out->kind == VEC_NUM) {
        memcpy(out->d.num + off, src->d.num, sizeof(double) * (size_t)len);
    } else if (out->kind == VEC_BOOL) {
        memcpy(out->d.b + off, src->d.b, (size_t)len);
    } else {
        int32_t *map = mem_try_alloc(sizeof(int32_t) * (size_t)(src->dict->n + 1));
        if (!(ok = map != NULL))
            goto done;
        for (int32_t c = 0; c < src->dict->n; c++)
            map[c] = -1;
        for (int64_t i = 0; i < len && ok; i++) {
            int32_t c = src->d.code[i];
            if (!vec_is_valid(src, i)) {
                out->d.code[off + i] = 0;
                continue;
            }
            if (map[c] < 0)
                map[c] = dict_intern(out->dict, src->dict->strs[c]->s, src->dict->strs[c]->len);
            ok = map[c] >= 0;
            out->d.code[off + i] = map[c];
        }
        mem_free(map);
    }
    for (int64_t i = 0; ok && src->valid && i < len; i++)
        if (!vec_is_valid(src, i))
            ok = vec_set_na(out, off + i);
done:
    if (cast)
        obj_unref(cast);
    return ok;
}

/* One vector from pieces[0..n) (NULL pieces are lens[i] missing cells). */
static Vec *concat_vecs(Vec *const *pieces, const int64_t *lens, int n)
{
    int kind = -1;
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        total += lens[i];
        if (pieces[i])
            kind = kind < 0 ? pieces[i]->kind : unify((VecKind)kind, (VecKind)pieces[i]->kind);
    }
    Vec *out = vec_new_len(kind < 0 ? VEC_NUM : (VecKind)kind, total);
    if (!out)
        return NULL;
    int64_t off = 0;
    for (int i = 0; i < n; i++) {
        if (!append_piece(out, pieces[i], lens[i], off)) {
            obj_unref(out);
            return NULL;
        }
        off += lens[i];
    }
    return out;
}

/* The items to concatenate: the arguments, or the one list argument. */
static const List *concat_items(const List *args)
{
    if (args->len == 1 && args->items[0].t == T_LIST)
        return args->items[0].u.l;
    return args;
}

static Status concat_frames(Interp *I, const List *items, Value *out)
{
    int n = (int)items->len, nnames = 0, cap = 8;
    Vec **pieces = mem_alloc(sizeof(Vec *) * (size_t)n);
    int64_t *lens = mem_alloc(sizeof(int64_t) * (size_t)n), total = 0;
    const char **names = mem_alloc(sizeof(char *) * (size_t)cap);   /* borrowed, first-seen order */
    for (int i = 0; i < n; i++) {
        const Frame *f = items->items[i].u.f;
        lens[i] = f->nrow;
        total += f->nrow;
        for (int c = 0; c < f->ncol; c++) {
            int k = 0;
            while (k < nnames && strcmp(names[k], f->names[c]->s) != 0)
                k++;
            if (k < nnames)
                continue;
            if (nnames == cap)
                names = mem_realloc(names, sizeof(char *) * (size_t)(cap *= 2));
            names[nnames++] = f->names[c]->s;
        }
    }
    Frame *r = frame_new(nnames);
    Status st = ST_OK;
    for (int c = 0; c < nnames; c++) {
        for (int i = 0; i < n; i++)
            pieces[i] = frame_col_borrow(items->items[i].u.f, names[c]);
        Vec *v = concat_vecs(pieces, lens, n);
        if (!v) {
            st = err_oom(I);
            break;
        }
        frame_set_take(r, names[c], v);
    }
    r->nrow = total;
    mem_free(pieces);
    mem_free(lens);
    mem_free(names);
    if (st != ST_OK) {
        obj_unref(r);
        return st;
    }
    return ret_frame(r, out);
}

#define CONCAT_PARAMS(P) P(items, "*")

static Status fb_concat(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(CONCAT_PARAMS);
    const List *items = concat_items(ARG(items).u.l);
    if (items->len == 0)
        return err_raise(I, ERR_VALUE, "concat: nothing to concatenate");
    bool frames = items->items[0].t == T_FRAME;
    for (int64_t i = 0; i < items->len; i++) {
        Value v = items->items[i];
        if (frames ? v.t != T_FRAME : v.t != T_VEC)
            return err_raise(I, ERR_TYPE, "concat: item %lld is a %s; concat takes all frames or all vectors",
                             (long long)i, val_type_name(v));
    }
    if (frames)
        return concat_frames(I, items, out);
    int n = (int)items->len;
    Vec **pieces = mem_alloc(sizeof(Vec *) * (size_t)n);
    int64_t *lens = mem_alloc(sizeof(int64_t) * (size_t)n);
    for (int i = 0; i < n; i++) {
        pieces[i] = items->items[i].u.v;
        lens[i] = pieces[i]->len;
    }
    Vec *v = concat_vecs(pieces, lens, n);
    mem_free(pieces);
    mem_free(lens);
    if (!v)
        return err_oom(I);
    *out = val_obj_take(v);
    return ST_OK;
}

/* ---- sample ---------------------------------------------------------------------- */

#define SAMPLE_PARAMS(P)                                                                         \
    P(x, "frame|vec|list") P(n, "int|null=null") P(frac, "num|null=null") P(replace, "bool=false")   \
    P(seed, "int|null=null")

static Status fb_sample(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SAMPLE_PARAMS);
    Value x = ARG(x);
    Vec *xv = NULL;
    if (x.t != T_FRAME && want_vec(I, x, ARGNO(x), &xv) != ST_OK)
        return ST_ERR;
    int64_t rows = xv ? xv->len : x.u.f->nrow, n = 1, seed = 0;
    bool replace = ARG(replace).u.b;
    Status st = ST_ERR;
    if (arg_given(ARG(n)) && arg_given(ARG(frac))) {
        err_raise(I, ERR_VALUE, "sample: give n or frac, not both");
        goto done;
    }
    if (arg_given(ARG(n)) && arg_int(I, ARG(n), ARGNO(n), 0, INT64_MAX / 2, &n) != ST_OK)
        goto done;
    if (arg_given(ARG(frac))) {
        double fr = ARG(frac).u.n;
        if (!(fr >= 0 && (fr <= 1 || replace))) {
            err_raise(I, ERR_VALUE, "sample: frac must be between 0 and 1, got %g", fr);
            goto done;
        }
        n = (int64_t)llround(fr * (double)rows);
    }
    if (n > rows && !replace) {
        err_raise(I, ERR_VALUE, "sample: n=%lld is more than the %lld %s (use replace=true to draw with replacement)",
                  (long long)n, (long long)rows, xv ? "values" : "rows");
        goto done;
    }
    if (arg_given(ARG(seed))) {
        if (!(ARG(seed).u.n >= 0 && ARG(seed).u.n < 9e18)) {
            err_raise(I, ERR_VALUE, "sample: seed must be a whole number >= 0, got %.17g", ARG(seed).u.n);
            goto done;
        }
        seed = (int64_t)ARG(seed).u.n;
    }
    if (replace && n > 0 && rows == 0) {
        err_raise(I, ERR_VALUE, "sample: cannot draw %lld from nothing", (long long)n);
        goto done;
    }
    Rng local, *rng = &I->rng;
    if (arg_given(ARG(seed))) {
        rng_seed(&local, (uint64_t)seed);
        rng = &local;
    }
    int64_t *idx = mem_try_alloc(sizeof(int64_t) * (size_t)((replace ? n : rows) + 1));
    if (!idx) {
        err_oom(I);
        goto done;
    }
    for (int64_t i = 0; replace && i < n; i++)
        idx[i] = (int64_t)rng_below(rng, (uint64_t)rows);
    for (int64_t i = 0; !replace && i < rows; i++)
        idx[i] = i;
    for (int64_t i = 0; !replace && i < n; i++) {    /* partial Fisher–Yates */
        int64_t j = i + (int64_t)rng_below(rng, (uint64_t)(rows - i)), t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
    st = take_rows(I, x, xv, idx, n, out);
    mem_free(idx);
done:
    if (xv)
        obj_unref(xv);
    return st;
}

/* ---- grouping: unique, value_counts --------------------------------------------- */

/* Group ids (compute/'s cp_group_ids) of the cells of v, or of the rows
 * of f when v is NULL: first-seen order, NA one value, every NaN one
 * value, -0 equal to 0. */
static Status row_groups(Interp *I, const Vec *v, const Frame *f, int64_t *gid, int64_t *ng)
{
    int nk = v ? 1 : f->ncol;
    CpCol *keys = mem_try_alloc(sizeof(CpCol) * (size_t)(nk + 1));
    if (!keys)
        return err_oom(I);
    for (int k = 0; k < nk; k++)
        keys[k] = cx_col(v ? v : f->cols[k]);
    CpCtx cx;
    cx_init(I, &cx);
    CpStatus st = cp_group_ids(&cx, keys, nk, v ? v->len : f->nrow, gid, ng);
    mem_free(keys);
    return st == CP_OK ? ST_OK : cx_raise(I, &cx, st);
}

#define UNIQUE_PARAMS(P) P(x, "frame|vec|list")

static Status fb_unique(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(UNIQUE_PARAMS);
    Value x = ARG(x);
    Vec *xv = NULL;
    if (x.t != T_FRAME && want_vec(I, x, ARGNO(x), &xv) != ST_OK)
        return ST_ERR;
    int64_t n = xv ? xv->len : x.u.f->nrow;
    int64_t *gid = mem_try_alloc(sizeof(int64_t) * (size_t)(n + 1));
    int64_t *first = mem_try_alloc(sizeof(int64_t) * (size_t)(n + 1)), ng = 0;
    Status st = gid && first ? row_groups(I, xv, x.t == T_FRAME ? x.u.f : NULL, gid, &ng) : err_oom(I);
    if (st == ST_OK) {
        cp_group_firsts(gid, n, ng, first);
        st = take_rows(I, x, xv, first, ng, out);
    }
    mem_free(gid);
    mem_free(first);
    if (xv)
        obj_unref(xv);
    return st;
}

/* The value_counts result from per-group counts and first rows. */
static Status counts_frame(Interp *I, const Vec *v, int64_t ng, const int64_t *first, const double *count,
                           bool sort, bool normalize, Value *out)
{
    Vec *cv = vec_new_len(VEC_NUM, ng), *vals = NULL, *prop = NULL;
    int64_t *order = NULL, *rows = mem_try_alloc(sizeof(int64_t) * (size_t)(ng + 1));
    Status st = ST_OK;
    if (!cv || !rows) {
        st = err_oom(I);
        goto done;
    }
    memcpy(cv->d.num, count, sizeof(double) * (size_t)ng);
    if (sort) {
        SortKey k = {cv, true};             /* stable: ties keep first-seen order */
        if ((st = sort_order(I, &k, 1, ng, &order)) != ST_OK)
            goto done;
        Vec *sorted = vec_take(cv, order, ng);
        obj_unref(cv);
        if (!(cv = sorted)) {
            st = err_oom(I);
            goto done;
        }
    }
    for (int64_t g = 0; g < ng; g++)
        rows[g] = first[order ? order[g] : g];
    if (!(vals = vec_take(v, rows, ng)) || (normalize && !(prop = vec_new_len(VEC_NUM, ng)))) {
        st = err_oom(I);
        goto done;
    }
    for (int64_t g = 0; prop && g < ng; g++)
        prop->d.num[g] = cv->d.num[g] / (double)v->len;
    Frame *f = frame_new(3);
    frame_set(f, "value", vals);
    frame_set(f, "count", cv);
    if (prop)
        frame_set(f, "proportion", prop);
    f->nrow = ng;
    *out = val_obj_take(f);
done:
    if (cv)
        obj_unref(cv);
    if (vals)
        obj_unref(vals);
    if (prop)
        obj_unref(prop);
    mem_free(order);
    mem_free(rows);
    return st;
}

#define VALUE_COUNTS_PARAMS(P) P(x, "vec|list") P(sort, "bool=true") P(normalize, "bool=false")

static Status fb_value_counts(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(VALUE_COUNTS_PARAMS);
    Vec *v;
    if (arg_vec(I, ARG(x), ARGNO(x), &v) != ST_OK)
        return ST_ERR;
    int64_t n = v->len, ng = 0;
    int64_t *gid = mem_try_alloc(sizeof(int64_t) * (size_t)(n + 1));
    int64_t *first = mem_try_alloc(sizeof(int64_t) * (size_t)(n + 1));
    double *count = mem_try_calloc(sizeof(double) * (size_t)(n + 1));
    Status st = gid && first && count ? row_groups(I, v, NULL, gid, &ng) : err_oom(I);
    if (st == ST_OK) {
        for (int64_t i = 0; i < n; i++)
            count[gid[i]]++;
        cp_group_firsts(gid, n, ng, first);
        st = counts_frame(I, v, ng, first, count, ARG(sort).u.b, ARG(normalize).u.b, out);
    }
    mem_free(gid);
    mem_free(first);
    mem_free(count);
    obj_unref(v);
    return st;
}

/* ---- the table -------------------------------------------------------------------- */

static const BuiltinReg frame_lib[] = {
    {"frame", fb_frame, BUILTIN_SIG(FRAME_PARAMS),
     "Build a frame from columns: frame(a=[1, 2], b=[\"x\", \"y\"]).\n"
     "Each column is a vector, a list of scalars, or a scalar (broadcast to the\n"
     "length of the vector columns; only scalars make one row). All vector\n"
     "columns must have the same length. data may instead be a record of columns,\n"
     "a list of records (one row each; a missing field is NA; columns in the order\n"
     "fields are first seen) or a frame; named columns are then added to it.\n"
     "A vector passed as data=[...] is an error: name the column instead."},
    {"select", fb_select, BUILTIN_SIG(COLUMNS_PARAMS),
     "The frame with only the given columns, in the order given.\n"
     "Each argument is a column name or a list of names. The result shares the\n"
     "columns' storage; changing one frame never shows in the other."},
    {"drop", fb_drop, BUILTIN_SIG(COLUMNS_PARAMS),
     "The frame without the given columns (names or lists of names).\n"
     "A name that is not a column is an error."},
    {"rename", fb_rename, BUILTIN_SIG(RENAME_PARAMS),
     "Rename columns: rename(df, old=\"new\") or rename(df, {old: \"new\"}).\n"
     "Columns keep their order; an unknown old name or two columns ending up with\n"
     "the same name is an error."},
    {"sort", fb_sort, BUILTIN_SIG(SORT_PARAMS),
     "Sort a frame's rows by one or more columns, or sort a vector.\n"
     "by is a column name or a list of names (the first decides, later ones break\n"
     "ties); desc is one bool or one per key. The sort is stable: equal rows keep\n"
     "their order. NA sorts last in both directions (NaN just before NA); strings\n"
     "compare by bytes (\"B\" < \"a\"); false < true. Radix sort: 1M rows in tens of ms."},
    {"filter", fb_filter, BUILTIN_SIG(FILTER_PARAMS),
     "Keep the rows (or elements) where mask is true.\n"
     "mask is a bool vector as long as x, or a function that takes x and returns\n"
     "one: filter(df, fn(d) { d.age > 30 }). NA in the mask drops the row."},
    {"mutate", fb_mutate, BUILTIN_SIG(MUTATE_PARAMS),
     "The frame with columns added or replaced: mutate(df, ratio=df.a / df.b).\n"
     "Each value is a vector, a list, a scalar (broadcast), or a function of the frame\n"
     "evaluated in order, so later columns see earlier ones:\n"
     "mutate(df, c=fn(d) { d.a * 2 }, e=fn(d) { d.c + 1 }). df itself is unchanged."},
    {"concat", fb_concat, BUILTIN_SIG(CONCAT_PARAMS),
     "Stack frames by rows (or vectors end to end): concat(a, b) or concat([a, b]).\n"
     "Columns are matched by name, in first-seen order; a column a frame lacks is NA\n"
     "there. Kinds unify: num with bool gives num, anything with str gives str."},
    {"sample", fb_sample, BUILTIN_SIG(SAMPLE_PARAMS),
     "Random rows (or elements), in random order; without replacement unless replace=true.\n"
     "Give n (a count) or frac (a share, rounded; above 1 only with replace); neither\n"
     "means one row. With seed\n"
     "the draw is reproducible and leaves the session generator alone; without it\n"
     "the session generator (set_seed) is used."},
    {"unique", fb_unique, BUILTIN_SIG(UNIQUE_PARAMS),
     "Distinct values of a vector, or distinct rows of a frame, in first-seen order.\n"
     "NA counts as one value (kept once); so does NaN; -0 equals 0."},
    {"value_counts", fb_value_counts, BUILTIN_SIG(VALUE_COUNTS_PARAMS),
     "How often each value occurs: a frame with columns value and count\n"
     "(and proportion = count / len(x) when normalize=true).\n"
     "NA is counted as its own row. sort=true orders by count, largest first, ties\n"
     "in order of first appearance (as pandas); sort=false keeps first appearance."},
    {0},
};

void frame_open(Interp *I)
{
    builtin_module(I, "frame", "Building and reshaping frames: select, sort, filter, mutate, concat, sampling.",
                   frame_lib);
}
