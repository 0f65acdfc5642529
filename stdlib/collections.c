/*
 * collections.c — building and taking apart lists, vectors and records:
 * append, reverse, keys, values, list.
 *
 * `+` on two vectors adds element-wise, so growing a vector needs its own
 * function: append(v, x) returns a new vector (the old one is unchanged,
 * as everywhere in sift; when v is not shared, the buffer is reused).
 */
#include <string.h>

#include "lang/builtin.h"
#include "lang/mem.h"
#include "stdlib/modules.h"

static bool is_scalar(Value v) { return v.t == T_NUM || v.t == T_BOOL || v.t == T_STR || v.t == T_NA; }

/* Append one scalar to a vector, unifying kinds (num+str → str). */
static Status vec_append(Interp *I, Vec **vp, Value x)
{
    Vec *v = *vp;
    int64_t i = v->len;
    if (!vec_push_na(v))
        return err_oom(I);
    if (x.t == T_NA)
        return ST_OK;
    if (!vec_set(vp, i, x))
        return err_raise(I, ERR_TYPE, "append: cannot put a %s into a vector", val_type_name(x));
    return ST_OK;
}

#define APPEND_PARAMS(P) P(x, "") P(values, "*")

static Status coll_append(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(APPEND_PARAMS);
    Value x = ARG(x);
    List *items = ARG(values).u.l;
    if (x.t == T_LIST) {
        List *l = list_new(x.u.l->len + items->len);
        for (int64_t i = 0; i < x.u.l->len; i++)
            list_push(l, x.u.l->items[i]);
        for (int64_t i = 0; i < items->len; i++)
            list_push(l, items->items[i]);
        *out = val_obj_take(l);
        return ST_OK;
    }
    if (x.t != T_VEC)
        return err_arg(I, ARGNO(x), "a vector or a list", x);
    Vec *v = vec_copy(x.u.v);
    if (!v)
        return err_oom(I);
    for (int64_t i = 0; i < items->len; i++) {
        Value it = items->items[i];
        Status st = ST_OK;
        if (it.t == T_VEC) {
            for (int64_t k = 0; k < it.u.v->len && st == ST_OK; k++) {
                Value e = vec_get(it.u.v, k);
                st = vec_append(I, &v, e);
                val_unref(e);
            }
        } else if (is_scalar(it)) {
            st = vec_append(I, &v, it);
        } else {
            st = err_raise(I, ERR_TYPE, "append: cannot put a %s into a vector (use a list)", val_type_name(it));
        }
        if (st != ST_OK) {
            obj_unref(v);
            return st;
        }
    }
    *out = val_obj_take(v);
    return ST_OK;
}

#define ONE_PARAMS(P) P(x, "")

static Status coll_reverse(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ONE_PARAMS);
    Value x = ARG(x);
    int64_t n = x.t == T_VEC ? x.u.v->len : x.t == T_LIST ? x.u.l->len : -1;
    if (n < 0)
        return err_arg(I, ARGNO(x), "a vector or a list", x);
    if (x.t == T_LIST) {
        List *l = list_new(n);
        for (int64_t i = n - 1; i >= 0; i--)
            list_push(l, x.u.l->items[i]);
        *out = val_obj_take(l);
        return ST_OK;
    }
    int64_t *idx = mem_alloc(sizeof(int64_t) * (size_t)(n + 1));
    for (int64_t i = 0; i < n; i++)
        idx[i] = n - 1 - i;
    Vec *v = vec_take(x.u.v, idx, n);
    mem_free(idx);
    if (!v)
        return err_oom(I);
    *out = val_obj_take(v);
    return ST_OK;
}

#define KEYS_PARAMS(P) P(x, "record|frame")

static Status coll_keys(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(KEYS_PARAMS);
    Value x = ARG(x);
    Vec *v = vec_new(VEC_STR, 8);
    if (!v)
        return err_oom(I);
    int n = x.t == T_RECORD ? x.u.r->len : x.u.f->ncol;
    for (int i = 0; i < n; i++) {
        const Str *k = x.t == T_RECORD ? x.u.r->keys[i] : x.u.f->names[i];
        vec_push_str(v, k->s, k->len);
    }
    *out = val_obj_take(v);
    return ST_OK;
}

#define VALUES_PARAMS(P) P(x, "record")

static Status coll_values(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(VALUES_PARAMS);
    Record *r = ARG(x).u.r;
    List *l = list_new(r->len);
    for (int i = 0; i < r->len; i++)
        list_push(l, r->vals[i]);
    *out = val_obj_take(l);
    return ST_OK;
}

static Status coll_list(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ONE_PARAMS);
    Value x = ARG(x);
    if (x.t == T_LIST) {
        *out = val_ref(x);
        return ST_OK;
    }
    if (x.t != T_VEC)
        return err_arg(I, ARGNO(x), "a vector or a list", x);
    List *l = list_new(x.u.v->len);
    for (int64_t i = 0; i < x.u.v->len; i++)
        list_push_take(l, vec_get(x.u.v, i));
    *out = val_obj_take(l);
    return ST_OK;
}

static const BuiltinReg collections_lib[] = {
    {"append", coll_append, BUILTIN_SIG(APPEND_PARAMS),
     "A new vector or list: x followed by the values (vectors are spliced in).\n"
     "append([1, 2], 3) is [1, 2, 3]; a str appended to a num vector makes a str vector.\nExample:\nprint(append([1, 2], 3, [4, 5]))  # → [1, 2, 3, 4, 5]"},
    {"reverse", coll_reverse, BUILTIN_SIG(ONE_PARAMS), "The elements of a vector or list in reverse order."},
    {"keys", coll_keys, BUILTIN_SIG(KEYS_PARAMS), "The field names of a record (or column names of a frame) as a str vector."},
    {"values", coll_values, BUILTIN_SIG(VALUES_PARAMS), "The field values of a record, as a list."},
    {"list", coll_list, BUILTIN_SIG(ONE_PARAMS), "A vector's elements as a list (lists are returned as they are)."},
    {0},
};

void collections_open(Interp *I)
{
    builtin_module(I, "collections", "Building and taking apart vectors, lists and records.", collections_lib);
}
