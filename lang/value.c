/*
 * value.c — the bottom of the value layer: the object header and its type
 * slots, the one place objects are freed (obj_free), equality and type
 * names dispatched through the slots, and the heap objects every layer
 * shares: strings, lists, records and foreign objects.
 *
 * Invariant: this file knows no type defined above it. Vectors, frames
 * and functions bring their own ObjType (vec.c, frame.c, eval.c); a new
 * object type adds a table, never a case here.
 */
#include "lang/value.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang/mem.h"

static const char *const type_names[] = {
#define X(t, name) name,
    VALUE_TYPES(X)
#undef X
};

const char *vtype_name(VType t) { return type_names[t]; }

const char *obj_type_name(const void *obj)
{
    const Obj *o = obj;
    return o->type->describe ? o->type->describe(o) : type_names[o->tag];
}

const char *val_type_name(Value v)
{
    if (v.t == T_BUILTIN)
        return "function";
    return val_is_obj(v) ? obj_type_name(v.u.o) : type_names[v.t];
}

void *obj_new(size_t size, const ObjType *t)
{
    Obj *o = mem_calloc(size);
    o->type = t;
    o->rc = 1;
    o->tag = (uint8_t)t->tag;
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

static bool str_equal_slot(const Obj *a, const Obj *b, int depth)
{
    return str_eq((const Str *)a, (const Str *)b);
}

static const ObjType str_type = {T_STR, NULL, str_equal_slot, NULL};

Str *str_new(const char *s, size_t n)
{
    Str *r = mem_alloc(sizeof(Str) + n + 1);
    r->o.type = &str_type;
    r->o.rc = 1;
    r->o.tag = T_STR;
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

static void list_clear(Obj *o)
{
    List *l = (List *)o;
    for (int64_t i = 0; i < l->len; i++)
        val_unref(l->items[i]);
    mem_free(l->items);
}

static bool list_equal(const Obj *a, const Obj *b, int depth)
{
    const List *x = (const List *)a, *y = (const List *)b;
    if (x->len != y->len)
        return false;
    for (int64_t i = 0; i < x->len; i++)
        if (!val_equal_depth(x->items[i], y->items[i], depth + 1))
            return false;
    return true;
}

static const ObjType list_type = {T_LIST, list_clear, list_equal, NULL};

List *list_new(int64_t cap)
{
    List *l = obj_new(sizeof(List), &list_type);
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

static void record_clear(Obj *o)
{
    Record *r = (Record *)o;
    for (int i = 0; i < r->len; i++) {
        obj_unref(r->keys[i]);
        val_unref(r->vals[i]);
    }
    mem_free(r->keys);
    mem_free(r->vals);
}

static bool record_equal(const Obj *a, const Obj *b, int depth)
{
    const Record *x = (const Record *)a, *y = (const Record *)b;
    if (x->len != y->len)
        return false;
    for (int i = 0; i < x->len; i++)
        if (!str_eq(x->keys[i], y->keys[i]) || !val_equal_depth(x->vals[i], y->vals[i], depth + 1))
            return false;
    return true;
}

static const ObjType record_type = {T_RECORD, record_clear, record_equal, NULL};

Record *record_new(int cap)
{
    Record *r = obj_new(sizeof(Record), &record_type);
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

static void foreign_clear(Obj *o)
{
    Foreign *f = (Foreign *)o;
    if (f->cls->free)
        f->cls->free(f->data);
}

static const char *foreign_describe(const Obj *o) { return ((const Foreign *)o)->cls->name; }

static const ObjType foreign_type = {T_FOREIGN, foreign_clear, NULL, foreign_describe};

Value val_foreign(const ForeignClass *cls, void *data)
{
    Foreign *f = obj_new(sizeof(Foreign), &foreign_type);
    f->cls = cls;
    f->data = data;
    return val_obj_take(f);
}

/* ---- freeing ------------------------------------------------------------ */

/* Freeing is iterative: a list nested 200,000 deep must not overflow the
 * C stack. The first obj_free drains a work list; the val_unref calls of
 * a type's clear come back here and only add to it. (Objects are freed
 * from the interpreter's thread only.) */
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
    while (npending) {
        Obj *x = pending[--npending];
        if (x->type->clear)
            x->type->clear(x);
        mem_free(x);
    }
    draining = false;
}

/* ---- equality ------------------------------------------------------------ */

bool val_equal(Value a, Value b) { return val_equal_depth(a, b, 0); }

/* Containers nested deeper than this compare by identity. */
#define MAX_EQUAL_DEPTH 1000

bool val_equal_depth(Value a, Value b, int depth)
{
    if (a.t == T_NUM && b.t == T_NUM)
        return a.u.n == b.u.n || (a.u.n != a.u.n && b.u.n != b.u.n);
    if (a.t != b.t)
        return false;
    switch (a.t) {
    case T_NULL: case T_NA: case T_UNDEF: return true;
    case T_BOOL: return a.u.b == b.u.b;
    case T_BUILTIN: return a.u.bi == b.u.bi;
    default:
        if (a.u.o == b.u.o)
            return true;
        if (depth > MAX_EQUAL_DEPTH || !a.u.o->type->equal)
            return false;
        return a.u.o->type->equal(a.u.o, b.u.o, depth);
    }
}
