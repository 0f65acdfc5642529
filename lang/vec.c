/*
 * vec.c — typed columns, validity bitmaps and string dictionaries.
 * See vec.h for the layout and its invariants.
 */
#include "lang/vec.h"

#include <math.h>
#include <string.h>

#include "lang/format.h"
#include "lang/mem.h"

static size_t elem_size(VecKind k)
{
    return k == VEC_NUM ? sizeof(double) : k == VEC_BOOL ? sizeof(uint8_t) : sizeof(int32_t);
}

const char *vec_kind_name(VecKind k)
{
    return k == VEC_NUM ? "num" : k == VEC_BOOL ? "bool" : "str";
}

size_t bitmap_words(int64_t len) { return (size_t)((len + 63) >> 6); }

int64_t bitmap_count_zeros(const uint64_t *bits, int64_t len)
{
    int64_t ones = 0, full = len >> 6;
    for (int64_t w = 0; w < full; w++)
        ones += __builtin_popcountll(bits[w]);
    if (len & 63)
        ones += __builtin_popcountll(bits[full] & ((1ULL << (len & 63)) - 1));
    return len - ones;
}

/* ---- dictionaries ------------------------------------------------------ */

static void dict_clear(Obj *o)
{
    Dict *d = (Dict *)o;
    for (int32_t i = 0; i < d->n; i++)
        obj_unref(d->strs[i]);
    mem_free(d->strs);
    mem_free(d->slots);
}

/* A Dict is never a Value: its tag is T_UNDEF. */
static const ObjType dict_type = {T_UNDEF, dict_clear, NULL, NULL};

Dict *dict_new(int32_t cap)
{
    Dict *d = obj_new(sizeof(Dict), &dict_type);
    d->cap = cap > 4 ? cap : 4;
    d->strs = mem_alloc(sizeof(Str *) * (size_t)d->cap);
    uint32_t slots = 8;
    while (slots < (uint32_t)d->cap * 2)
        slots <<= 1;
    d->slots = mem_calloc(sizeof(int32_t) * slots);
    d->mask = slots - 1;
    return d;
}

static void dict_rehash(Dict *d)
{
    uint32_t slots = (d->mask + 1) * 2;
    mem_free(d->slots);
    d->slots = mem_calloc(sizeof(int32_t) * slots);
    d->mask = slots - 1;
    for (int32_t i = 0; i < d->n; i++) {
        uint32_t h = d->strs[i]->hash & d->mask;
        while (d->slots[h])
            h = (h + 1) & d->mask;
        d->slots[h] = i + 1;
    }
}

static int32_t probe(const Dict *d, const char *s, size_t n, uint32_t hash, uint32_t *slot)
{
    uint32_t h = hash & d->mask;
    for (;;) {
        int32_t c = d->slots[h];
        if (!c) {
            *slot = h;
            return -1;
        }
        const Str *x = d->strs[c - 1];
        if (x->hash == hash && x->len == n && memcmp(x->s, s, n) == 0)
            return c - 1;
        h = (h + 1) & d->mask;
    }
}

int32_t dict_find(const Dict *d, const char *s, size_t n)
{
    uint32_t slot = 0;
    return probe(d, s, n, str_hash(s, n), &slot);
}

int32_t dict_intern(Dict *d, const char *s, size_t n)
{
    uint32_t hash = str_hash(s, n), slot = 0;
    int32_t c = probe(d, s, n, hash, &slot);
    if (c >= 0)
        return c;
    if (d->n == INT32_MAX - 1)
        return -1;
    if (d->n == d->cap) {
        d->cap = d->cap * 2;
        d->strs = mem_realloc(d->strs, sizeof(Str *) * (size_t)d->cap);
    }
    d->strs[d->n] = str_new(s, n);
    d->slots[slot] = d->n + 1;
    if ((uint32_t)(++d->n) * 2 > d->mask)
        dict_rehash(d);
    return d->n - 1;
}

Dict *dict_unique(Dict *d)
{
    if (d->o.rc == 1)
        return d;
    Dict *c = dict_new(d->n);
    for (int32_t i = 0; i < d->n; i++)
        dict_intern(c, d->strs[i]->s, d->strs[i]->len);
    obj_unref(d);
    return c;
}

/* ---- the vector type ------------------------------------------------------ */

static void vec_clear(Obj *o)
{
    Vec *v = (Vec *)o;
    mem_free(v->d.raw);
    mem_free(v->valid);
    obj_unref(v->dict);
}

bool vec_equal(const Vec *a, const Vec *b)
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

static bool vec_equal_slot(const Obj *a, const Obj *b, int depth)
{
    return vec_equal((const Vec *)a, (const Vec *)b);
}

static const char *vec_describe(const Obj *o)
{
    static const char *const names[] = {"num vector", "bool vector", "str vector"};
    return names[((const Vec *)o)->kind];
}

static const ObjType vec_type = {T_VEC, vec_clear, vec_equal_slot, vec_describe};

/* ---- construction ------------------------------------------------------ */

Vec *vec_new(VecKind kind, int64_t cap)
{
    if (cap < 8)
        cap = 8;
    void *data = mem_try_alloc(elem_size(kind) * (size_t)cap);
    if (!data)
        return NULL;
    Vec *v = obj_new(sizeof(Vec), &vec_type);
    v->kind = (uint8_t)kind;
    v->cap = cap;
    v->d.raw = data;
    if (kind == VEC_STR)
        v->dict = dict_new(8);
    return v;
}

Vec *vec_new_zero(VecKind kind, int64_t len)
{
    int64_t cap = len < 8 ? 8 : len;
    void *data = mem_try_calloc(elem_size(kind) * (size_t)cap);
    if (!data)
        return NULL;
    Vec *v = obj_new(sizeof(Vec), &vec_type);
    v->kind = (uint8_t)kind;
    v->cap = cap;
    v->len = len;
    v->d.raw = data;
    if (kind == VEC_STR)
        v->dict = dict_new(8);
    return v;
}

Vec *vec_new_len(VecKind kind, int64_t len)
{
    Vec *v = vec_new(kind, len);
    if (v)
        v->len = len;
    return v;
}

bool vec_reserve(Vec *v, int64_t cap)
{
    if (cap <= v->cap)
        return true;
    int64_t ncap = v->cap * 2 > cap ? v->cap * 2 : cap;
    void *d = mem_try_realloc(v->d.raw, elem_size((VecKind)v->kind) * (size_t)ncap);
    if (!d)
        return false;
    v->d.raw = d;
    if (v->valid) {
        size_t old = bitmap_words(v->cap), now = bitmap_words(ncap);
        uint64_t *b = mem_try_realloc(v->valid, sizeof(uint64_t) * now);
        if (!b)
            return false;
        memset(b + old, 0, sizeof(uint64_t) * (now - old));
        v->valid = b;
    }
    v->cap = ncap;
    return true;
}

static inline bool grow1(Vec *v) { return v->len < v->cap || vec_reserve(v, v->len + 1); }

bool vec_set_na(Vec *v, int64_t i)
{
    if (!v->valid) {
        size_t words = bitmap_words(v->cap);
        v->valid = mem_try_alloc(sizeof(uint64_t) * words);
        if (!v->valid)
            return false;
        memset(v->valid, 0xFF, sizeof(uint64_t) * words);
    }
    uint64_t bit = 1ULL << (i & 63);
    if (v->valid[i >> 6] & bit) {
        v->valid[i >> 6] &= ~bit;
        v->nnull++;
    }
    return true;
}

void vec_set_valid(Vec *v, int64_t i)
{
    uint64_t bit = 1ULL << (i & 63);
    if (v->valid && !(v->valid[i >> 6] & bit)) {
        v->valid[i >> 6] |= bit;
        v->nnull--;
    }
}

/* Zero the bitmap bits at and past len (the invariant in vec.h). */
static void clear_tail(Vec *v)
{
    if (!v->valid)
        return;
    size_t words = bitmap_words(v->cap);
    int64_t w = v->len >> 6;
    if (v->len & 63)
        v->valid[w++] &= (1ULL << (v->len & 63)) - 1;
    for (size_t i = (size_t)w; i < words; i++)
        v->valid[i] = 0;
}

void vec_recount(Vec *v)
{
    if (!v->valid)
        return;
    clear_tail(v);
    v->nnull = bitmap_count_zeros(v->valid, v->len);
    if (v->nnull == 0) {
        mem_free(v->valid);
        v->valid = NULL;
    }
}

/* A pushed present value must read as valid whatever the tail bits held. */
static inline void mark_pushed(Vec *v)
{
    if (v->valid)
        v->valid[(v->len - 1) >> 6] |= 1ULL << ((v->len - 1) & 63);
}

bool vec_push_num(Vec *v, double x)
{
    if (!grow1(v))
        return false;
    v->d.num[v->len++] = x;
    mark_pushed(v);
    return true;
}

bool vec_push_bool(Vec *v, bool x)
{
    if (!grow1(v))
        return false;
    v->d.b[v->len++] = x;
    mark_pushed(v);
    return true;
}

bool vec_push_code(Vec *v, int32_t code)
{
    if (!grow1(v))
        return false;
    v->d.code[v->len++] = code;
    mark_pushed(v);
    return true;
}

bool vec_push_str(Vec *v, const char *s, size_t n)
{
    v->dict = dict_unique(v->dict);
    int32_t c = dict_intern(v->dict, s, n);
    return c >= 0 && vec_push_code(v, c);
}

bool vec_push_na(Vec *v)
{
    if (!grow1(v))
        return false;
    int64_t i = v->len++;
    if (v->kind == VEC_NUM)
        v->d.num[i] = 0;
    else if (v->kind == VEC_BOOL)
        v->d.b[i] = 0;
    else
        v->d.code[i] = 0;
    /* Set the bit first so vec_set_na counts the new NA whatever the
     * tail bits held. */
    if (v->valid)
        v->valid[i >> 6] |= 1ULL << (i & 63);
    return vec_set_na(v, i);
}

bool vec_push_from(Vec *v, const Vec *src, int64_t i)
{
    if (!vec_is_valid(src, i))
        return vec_push_na(v);
    switch (src->kind) {
    case VEC_NUM: return vec_push_num(v, src->d.num[i]);
    case VEC_BOOL: return vec_push_bool(v, src->d.b[i]);
    default: {
        const Str *s = vec_str_unsafe(src, i);
        return vec_push_str(v, s->s, s->len);
    }
    }
}

Vec *vec_copy(const Vec *v)
{
    Vec *c = vec_new((VecKind)v->kind, v->len);
    if (!c)
        return NULL;
    memcpy(c->d.raw, v->d.raw, elem_size((VecKind)v->kind) * (size_t)v->len);
    c->len = v->len;
    if (v->valid) {
        size_t words = bitmap_words(v->len);
        c->valid = mem_try_calloc(sizeof(uint64_t) * bitmap_words(c->cap));
        if (!c->valid) {
            obj_unref(c);
            return NULL;
        }
        memcpy(c->valid, v->valid, sizeof(uint64_t) * words);
        c->nnull = v->nnull;
    }
    if (v->dict) {
        obj_unref(c->dict);
        c->dict = v->dict;
        obj_ref(c->dict);
    }
    return c;
}

Vec *vec_unique(Vec *v)
{
    if (v->o.rc == 1)
        return v;
    Vec *c = vec_copy(v);
    if (c)
        obj_unref(v);
    return c;
}

/* ---- element access ---------------------------------------------------- */

Value vec_get(const Vec *v, int64_t i)
{
    if (!vec_is_valid(v, i))
        return val_na();
    switch (v->kind) {
    case VEC_NUM: return val_num(v->d.num[i]);
    case VEC_BOOL: return val_bool(v->d.b[i]);
    default: {
        Str *s = v->dict->strs[v->d.code[i]];
        obj_ref(s);
        return val_obj_take(s);
    }
    }
}

bool vec_set(Vec **vp, int64_t i, Value x)
{
    Vec *v = *vp;
    if (x.t == T_NA)
        return vec_set_na(v, i);
    VecKind want = x.t == T_NUM ? VEC_NUM : x.t == T_BOOL ? VEC_BOOL : x.t == T_STR ? VEC_STR : 99;
    if (want == 99)
        return false;
    if (want != v->kind) {
        VecKind to = (v->kind == VEC_STR || want == VEC_STR) ? VEC_STR : VEC_NUM;
        if (to != v->kind) {
            Vec *c = vec_cast(v, to);
            if (!c)
                return false;
            obj_unref(v);
            *vp = v = c;
        }
    }
    if (v->kind == VEC_STR) {
        if (x.t != T_STR) {
            Str *s = str_fmt("%s", x.t == T_BOOL ? (x.u.b ? "true" : "false") : "");
            if (x.t == T_NUM) {
                obj_unref(s);
                s = str_fmt("%.17g", x.u.n);
            }
            v->dict = dict_unique(v->dict);
            v->d.code[i] = dict_intern(v->dict, s->s, s->len);
            obj_unref(s);
        } else {
            v->dict = dict_unique(v->dict);
            v->d.code[i] = dict_intern(v->dict, x.u.s->s, x.u.s->len);
        }
    } else if (v->kind == VEC_NUM) {
        v->d.num[i] = x.t == T_BOOL ? (double)x.u.b : x.u.n;
    } else {
        v->d.b[i] = x.u.b;
    }
    vec_set_valid(v, i);
    return true;
}

Vec *vec_take(const Vec *v, const int64_t *idx, int64_t n)
{
    Vec *c = vec_new((VecKind)v->kind, n);
    if (!c)
        return NULL;
    c->len = n;
    if (v->kind == VEC_NUM)
        for (int64_t i = 0; i < n; i++)
            c->d.num[i] = v->d.num[idx[i]];
    else if (v->kind == VEC_BOOL)
        for (int64_t i = 0; i < n; i++)
            c->d.b[i] = v->d.b[idx[i]];
    else
        for (int64_t i = 0; i < n; i++)
            c->d.code[i] = v->d.code[idx[i]];
    if (v->dict) {
        obj_unref(c->dict);
        c->dict = v->dict;
        obj_ref(c->dict);
    }
    if (v->valid)
        for (int64_t i = 0; i < n; i++)
            if (!vec_is_valid(v, idx[i]) && !vec_set_na(c, i)) {
                obj_unref(c);
                return NULL;
            }
    return c;
}

Vec *vec_slice(const Vec *v, int64_t lo, int64_t hi)
{
    int64_t n = hi > lo ? hi - lo : 0;
    Vec *c = vec_new((VecKind)v->kind, n);
    if (!c)
        return NULL;
    c->len = n;
    size_t es = elem_size((VecKind)v->kind);
    memcpy(c->d.raw, (char *)v->d.raw + es * (size_t)lo, es * (size_t)n);
    if (v->dict) {
        obj_unref(c->dict);
        c->dict = v->dict;
        obj_ref(c->dict);
    }
    if (v->valid)
        for (int64_t i = 0; i < n; i++)
            if (!vec_is_valid(v, lo + i) && !vec_set_na(c, i)) {
                obj_unref(c);
                return NULL;
            }
    return c;
}

/* Shortest text for a number (as print shows it); see format.c. */

Vec *vec_cast(const Vec *v, VecKind kind)
{
    if (kind == v->kind)
        return vec_copy(v);
    Vec *c = vec_new(kind, v->len);
    if (!c)
        return NULL;
    for (int64_t i = 0; i < v->len; i++) {
        bool ok;
        if (!vec_is_valid(v, i))
            ok = vec_push_na(c);
        else if (kind == VEC_NUM && v->kind == VEC_BOOL)
            ok = vec_push_num(c, v->d.b[i]);
        else if (kind == VEC_STR && v->kind == VEC_BOOL)
            ok = vec_push_str(c, v->d.b[i] ? "true" : "false", v->d.b[i] ? 4 : 5);
        else if (kind == VEC_STR && v->kind == VEC_NUM) {
            char buf[40];
            size_t len = fmt_num_shortest(v->d.num[i], buf, sizeof buf);
            ok = vec_push_str(c, buf, len);
        } else {
            obj_unref(c);
            return NULL;
        }
        if (!ok) {
            obj_unref(c);
            return NULL;
        }
    }
    return c;
}

static int scalar_kind(Value x)
{
    return x.t == T_NUM ? VEC_NUM : x.t == T_BOOL ? VEC_BOOL : x.t == T_STR ? VEC_STR : x.t == T_NA ? -1 : -2;
}

static bool push_scalar(Vec *v, Value x)
{
    switch (x.t) {
    case T_NA: return vec_push_na(v);
    case T_NUM: return vec_push_num(v, x.u.n);
    case T_BOOL: return v->kind == VEC_NUM ? vec_push_num(v, x.u.b) : vec_push_bool(v, x.u.b);
    default: return vec_push_str(v, x.u.s->s, x.u.s->len);
    }
}

Value vec_or_list_take(List *l)
{
    bool scalars = l->len > 0, num = false, str = false;
    for (int64_t i = 0; i < l->len; i++) {
        uint8_t t = l->items[i].t;
        scalars &= t == T_NUM || t == T_BOOL || t == T_STR || t == T_NA;
        num |= t == T_NUM || t == T_BOOL;
        str |= t == T_STR;
    }
    int64_t bad;
    Vec *v = scalars && !(num && str) ? vec_from_list(l, &bad) : NULL;
    if (!v)
        return val_obj_take(l);
    obj_unref(l);
    return val_obj_take(v);
}

Vec *vec_from_list(const List *l, int64_t *bad)
{
    int kind = VEC_BOOL;
    bool any_str = false, any_num = false;
    for (int64_t i = 0; i < l->len; i++) {
        int k = scalar_kind(l->items[i]);
        if (k == -2) {
            *bad = i;
            return NULL;
        }
        any_str |= k == VEC_STR;
        any_num |= k == VEC_NUM;
    }
    if (any_str)
        kind = VEC_STR;
    else if (any_num)
        kind = VEC_NUM;
    Vec *v = vec_new((VecKind)kind, l->len);
    if (!v) {
        *bad = -1;
        return NULL;
    }
    for (int64_t i = 0; i < l->len; i++) {
        Value x = l->items[i];
        bool ok;
        if (kind == VEC_STR && x.t != T_STR && x.t != T_NA) {
            char buf[40];
            size_t n = x.t == T_NUM ? fmt_num_shortest(x.u.n, buf, sizeof buf)
                                    : (size_t)(x.u.b ? 4 : 5);
            if (x.t == T_BOOL)
                memcpy(buf, x.u.b ? "true" : "false", n);
            ok = vec_push_str(v, buf, n);
        } else {
            ok = push_scalar(v, x);
        }
        if (!ok) {
            obj_unref(v);
            *bad = -1;
            return NULL;
        }
    }
    return v;
}

Vec *vec_fill(Value x, int64_t n)
{
    int k = scalar_kind(x);
    if (k == -2)
        return NULL;
    Vec *v = vec_new(k < 0 ? VEC_NUM : (VecKind)k, n);
    if (!v)
        return NULL;
    if (k == VEC_STR) {
        int32_t c = dict_intern(v->dict, x.u.s->s, x.u.s->len);
        for (int64_t i = 0; i < n; i++)
            v->d.code[i] = c;
    } else if (k == VEC_BOOL) {
        memset(v->d.b, x.u.b, (size_t)n);
    } else {
        double d = k < 0 ? 0 : x.u.n;
        for (int64_t i = 0; i < n; i++)
            v->d.num[i] = d;
    }
    v->len = n;
    if (k < 0 && n > 0) {
        if (!vec_set_na(v, 0)) {
            obj_unref(v);
            return NULL;
        }
        memset(v->valid, 0, sizeof(uint64_t) * bitmap_words(v->cap));
        v->nnull = n;
    }
    return v;
}

size_t vec_bytes(const Vec *v)
{
    size_t b = mem_block_size(v->d.raw) + mem_block_size(v->valid) + sizeof(Vec);
    if (v->dict)
        for (int32_t i = 0; i < v->dict->n; i++)
            b += sizeof(Str) + v->dict->strs[i]->len + 1;
    return b;
}
