/*
 * value.c — heap objects shared by every layer: strings, lists, records,
 * foreign objects, and the one place objects are freed (obj_free, a switch
 * standing in for a per-type table).
 */
#include "lang/value.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang/frame.h"
#include "lang/interp.h"
#include "lang/mem.h"

static const char *const type_names[] = {
#define X(t, name) name,
    VALUE_TYPES(X)
#undef X
};

const char *vtype_name(VType t) { return type_names[t]; }

const char *val_type_name(Value v)
{
    if (v.t == T_FOREIGN)
        return v.u.fo->cls->name;
    if (v.t == T_BUILTIN)
        return "function";
    return type_names[v.t];
}

static void *obj_new(size_t size, VType t)
{
    Obj *o = mem_calloc(size);
    o->rc = 1;
    o->type = (uint8_t)t;
    return o;
}

/* ---- strings ---------------------------------------------------------- */

uint32_t str_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;                /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

Str *str_new(const char *s, size_t n)
{
    Str *r = mem_alloc(sizeof(Str) + n + 1);
    r->o.rc = 1;
    r->o.type = T_STR;
    r->len = (uint32_t)n;
    r->hash = str_hash(s, n);
    memcpy(r->s, s, n);
    r->s[n] = 0;
    return r;
}

Str *str_cstr(const char *s) { return str_new(s, strlen(s)); }

Str *str_fmt(const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < (int)sizeof small)
        return str_new(small, (size_t)n);
    char *big = mem_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    Str *r = str_new(big, (size_t)n);
    mem_free(big);
    return r;
}

Value val_str(const char *s) { return val_obj_take(str_cstr(s)); }
Value val_strn(const char *s, size_t n) { return val_obj_take(str_new(s, n)); }

bool str_eq(const Str *a, const Str *b)
{
    return a == b || (a->len == b->len && a->hash == b->hash && memcmp(a->s, b->s, a->len) == 0);
}

/* ---- lists ------------------------------------------------------------ */

List *list_new(int64_t cap)
{
    List *l = obj_new(sizeof(List), T_LIST);
    l->cap = cap > 0 ? cap : 4;
    l->items = mem_alloc(sizeof(Value) * (size_t)l->cap);
    return l;
}

void list_push_take(List *l, Value v)
{
    if (l->len == l->cap) {
        l->cap *= 2;
        l->items = mem_realloc(l->items, sizeof(Value) * (size_t)l->cap);
    }
    l->items[l->len++] = v;
}

void list_push(List *l, Value v) { list_push_take(l, val_ref(v)); }

List *list_unique(List *l)
{
    if (l->o.rc == 1)
        return l;
    List *c = list_new(l->len);
    for (int64_t i = 0; i < l->len; i++)
        list_push(c, l->items[i]);
    obj_unref(l);
    return c;
}

/* ---- records ------------------------------------------------------------ */

Record *record_new(int cap)
{
    Record *r = obj_new(sizeof(Record), T_RECORD);
    r->cap = cap > 0 ? cap : 4;
    r->keys = mem_alloc(sizeof(Str *) * (size_t)r->cap);
    r->vals = mem_alloc(sizeof(Value) * (size_t)r->cap);
    return r;
}

Value *record_get_borrow(Record *r, const char *key)
{
    for (int i = 0; i < r->len; i++)
        if (strcmp(r->keys[i]->s, key) == 0)
            return &r->vals[i];
    return NULL;
}

void record_set_take(Record *r, const char *key, Value v)
{
    Value *slot = record_get_borrow(r, key);
    if (slot) {
        val_unref(*slot);
        *slot = v;
        return;
    }
    if (r->len == r->cap) {
        r->cap *= 2;
        r->keys = mem_realloc(r->keys, sizeof(Str *) * (size_t)r->cap);
        r->vals = mem_realloc(r->vals, sizeof(Value) * (size_t)r->cap);
    }
    r->keys[r->len] = str_cstr(key);
    r->vals[r->len++] = v;
}

void record_set(Record *r, const char *key, Value v) { record_set_take(r, key, val_ref(v)); }

Record *record_unique(Record *r)
{
    if (r->o.rc == 1)
        return r;
    Record *c = record_new(r->len);
    for (int i = 0; i < r->len; i++)
        record_set(c, r->keys[i]->s, r->vals[i]);
    obj_unref(r);
    return c;
}

/* ---- foreign ------------------------------------------------------------ */

Value val_foreign(const ForeignClass *cls, void *data)
{
    Foreign *f = obj_new(sizeof(Foreign), T_FOREIGN);
    f->cls = cls;
    f->data = data;
    return val_obj_take(f);
}

/* ---- freeing ------------------------------------------------------------ */

static void free_vec(Vec *v)
{
    mem_free(v->d.raw);
    mem_free(v->valid);
    obj_unref(v->dict);
}

static void free_dict(Dict *d)
{
    for (int32_t i = 0; i < d->n; i++)
        obj_unref(d->strs[i]);
    mem_free(d->strs);
    mem_free(d->slots);
}

static void free_frame(Frame *f)
{
    for (int i = 0; i < f->ncol; i++) {
        obj_unref(f->names[i]);
        obj_unref(f->cols[i]);
    }
    mem_free(f->names);
    mem_free(f->cols);
}

/* Free one object; its children are released with val_unref, which comes
 * back to obj_free and only queues them (see below). */
static void free_one(Obj *o)
{
    switch (o->type) {
    case T_STR: break;
    case T_VEC: free_vec((Vec *)o); break;
    case T_FRAME: free_frame((Frame *)o); break;
    case T_LIST: {
        List *l = (List *)o;
        for (int64_t i = 0; i < l->len; i++)
            val_unref(l->items[i]);
        mem_free(l->items);
        break;
    }
    case T_RECORD: {
        Record *r = (Record *)o;
        for (int i = 0; i < r->len; i++) {
            obj_unref(r->keys[i]);
            val_unref(r->vals[i]);
        }
        mem_free(r->keys);
        mem_free(r->vals);
        break;
    }
    case T_FUNC: func_free((Func *)o); break;
    case T_FOREIGN: {
        Foreign *f = (Foreign *)o;
        if (f->cls->free)
            f->cls->free(f->data);
        break;
    }
    default:                      /* T_UNDEF marks a Dict (see vec.c) */
        free_dict((Dict *)o);
        break;
    }
    mem_free(o);
}

/* Freeing is iterative: a list nested 200,000 deep must not overflow the
 * C stack. The first obj_free drains a work list; nested calls only add
 * to it. (Objects are freed from the interpreter's thread only.) */
static Obj **pending;
static size_t npending, cappending;
static bool draining;

void obj_free(Obj *o)
{
    if (npending == cappending) {
        cappending = cappending ? cappending * 2 : 64;
        pending = mem_realloc(pending, sizeof(Obj *) * cappending);
    }
    pending[npending++] = o;
    if (draining)
        return;
    draining = true;
    while (npending)
        free_one(pending[--npending]);
    draining = false;
}

/* ---- equality ------------------------------------------------------------ */

static bool vec_equal(const Vec *a, const Vec *b)
{
    if (a->len != b->len)
        return false;
    for (int64_t i = 0; i < a->len; i++) {
        Value x = vec_get(a, i), y = vec_get(b, i);
        bool eq = val_equal(x, y);
        val_unref(x);
        val_unref(y);
        if (!eq)
            return false;
    }
    return true;
}

static bool frame_equal(const Frame *a, const Frame *b)
{
    if (a->ncol != b->ncol || a->nrow != b->nrow)
        return false;
    for (int i = 0; i < a->ncol; i++)
        if (!str_eq(a->names[i], b->names[i]) || !vec_equal(a->cols[i], b->cols[i]))
            return false;
    return true;
}

static bool equal_depth(Value a, Value b, int depth);

bool val_equal(Value a, Value b) { return equal_depth(a, b, 0); }

/* Containers nested deeper than this compare by identity. */
#define MAX_EQUAL_DEPTH 1000

static bool equal_depth(Value a, Value b, int depth)
{
    if (a.t == T_NUM && b.t == T_NUM)
        return a.u.n == b.u.n || (a.u.n != a.u.n && b.u.n != b.u.n);
    if (a.t != b.t)
        return false;
    if (depth > MAX_EQUAL_DEPTH)
        return a.u.o == b.u.o;
    switch (a.t) {
    case T_NULL: case T_NA: case T_UNDEF: return true;
    case T_BOOL: return a.u.b == b.u.b;
    case T_STR: return str_eq(a.u.s, b.u.s);
    case T_VEC: return vec_equal(a.u.v, b.u.v);
    case T_FRAME: return frame_equal(a.u.f, b.u.f);
    case T_LIST:
        if (a.u.l->len != b.u.l->len)
            return false;
        for (int64_t i = 0; i < a.u.l->len; i++)
            if (!equal_depth(a.u.l->items[i], b.u.l->items[i], depth + 1))
                return false;
        return true;
    case T_RECORD:
        if (a.u.r->len != b.u.r->len)
            return false;
        for (int i = 0; i < a.u.r->len; i++)
            if (!str_eq(a.u.r->keys[i], b.u.r->keys[i]) ||
                !equal_depth(a.u.r->vals[i], b.u.r->vals[i], depth + 1))
                return false;
        return true;
    default:
        return a.u.o == b.u.o;
    }
}
