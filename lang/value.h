/*
 * value.h — sift values: a small tagged struct, scalars unboxed, everything
 * else a refcounted heap object.
 *
 * THE OWNERSHIP RULE (one rule, everywhere): arguments are borrowed,
 * results are new references. A function that consumes an argument says
 * so with `_take` in its name; one that returns a borrowed reference says
 * so with `_borrow`. To keep a borrowed value, call val_ref; to drop an
 * owned one, val_unref.
 *
 * Value semantics come from copy-on-write: a heap object whose refcount
 * is 1 may be mutated in place; otherwise it is copied first (see the
 * *_unique functions). No change through one name ever shows through
 * another.
 */
#ifndef SIFT_VALUE_H
#define SIFT_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Interp Interp;

/* Value types. The order matters: types from T_STR on are heap objects. */
#define VALUE_TYPES(X)        \
    X(T_UNDEF, "undefined")   \
    X(T_NULL, "null")         \
    X(T_BOOL, "bool")         \
    X(T_NUM, "num")           \
    X(T_NA, "NA")             \
    X(T_BUILTIN, "builtin")   \
    X(T_STR, "str")           \
    X(T_VEC, "vector")        \
    X(T_FRAME, "frame")       \
    X(T_LIST, "list")         \
    X(T_RECORD, "record")     \
    X(T_FUNC, "function")     \
    X(T_FOREIGN, "object")

typedef enum VType {
#define X(t, name) t,
    VALUE_TYPES(X)
#undef X
} VType;

#define T_FIRST_OBJ T_STR

typedef struct Obj Obj;

/* What a heap object's type does, as CPython's type slots: every object
 * points at its type, so freeing, equality and naming dispatch through
 * these and value.c knows no vector, frame or function. Each module that
 * defines an object type defines one static ObjType and passes it to
 * obj_new. */
typedef struct ObjType {
    VType tag;               /* the Value tag of objects of this type */
    /* Release what o owns (children with val_unref/obj_unref, buffers
     * with mem_free), not the block itself. NULL: o owns nothing. */
    void (*clear)(Obj *o);
    /* Structural equality of two objects of this type (val_equal's
     * meaning); depth counts container nesting for equal_depth limits.
     * NULL: identity. */
    bool (*equal)(const Obj *a, const Obj *b, int depth);
    /* The name messages and typeof() use for o when finer than the tag's
     * ("num vector", a foreign class's "plot"). NULL: vtype_name(tag). */
    const char *(*describe)(const Obj *o);
} ObjType;

/* Header shared by all heap objects. */
struct Obj {
    const ObjType *type;     /* NULL only for a Chunk (ast.h frees its own) */
    uint32_t rc;
    uint8_t tag;             /* == type->tag, kept here for val_obj_take */
};

typedef struct Str Str;
typedef struct Vec Vec;
typedef struct Frame Frame;
typedef struct List List;
typedef struct Record Record;
typedef struct Func Func;
typedef struct Builtin Builtin;
typedef struct Foreign Foreign;

typedef struct Value {
    uint8_t t;
    union {
        bool b;
        double n;
        Obj *o;
        Str *s;
        Vec *v;
        Frame *f;
        List *l;
        Record *r;
        Func *fn;
        Builtin *bi;     /* not refcounted: owned by the interpreter */
        Foreign *fo;
    } u;
} Value;

/* ---- constructors for scalars (no allocation) ----------------------- */
static inline Value val_null(void) { Value v; v.t = T_NULL; v.u.o = NULL; return v; }
static inline Value val_undef(void) { Value v; v.t = T_UNDEF; v.u.o = NULL; return v; }
static inline Value val_na(void) { Value v; v.t = T_NA; v.u.o = NULL; return v; }
static inline Value val_bool(bool b) { Value v; v.t = T_BOOL; v.u.o = NULL; v.u.b = b; return v; }
static inline Value val_num(double n) { Value v; v.t = T_NUM; v.u.n = n; return v; }
/* Wrap an object whose reference the caller owns (the reference moves
 * into the value). */
static inline Value val_obj_take(void *obj)
{
    Value v;
    v.t = ((const Obj *)obj)->tag;
    v.u.o = obj;
    return v;
}

static inline bool val_is_obj(Value v) { return v.t >= T_FIRST_OBJ; }

/* ---- objects and refcounting ---------------------------------------- */
/* A new zeroed object of `size` bytes (at least sizeof(Obj)) of type t,
 * with refcount 1: the caller owns the reference. Never NULL. */
void *obj_new(size_t size, const ObjType *t);
static inline Value val_ref(Value v)
{
    if (v.t >= T_FIRST_OBJ)
        v.u.o->rc++;
    return v;
}
/* Free o (its refcount reached 0): its type's clear, then the block.
 * Children released by clear are queued, not freed recursively. */
void obj_free(Obj *o);
static inline void val_unref(Value v)
{
    if (v.t >= T_FIRST_OBJ && --v.u.o->rc == 0)
        obj_free(v.u.o);
}
static inline void obj_ref(void *o) { ((Obj *)o)->rc++; }
static inline void obj_unref(void *o)
{
    if (o && --((Obj *)o)->rc == 0)
        obj_free((Obj *)o);
}

/* THE name of v's type in messages and typeof(): "num", "str", "bool",
 * "NA", "null", "num vector", "str vector", "bool vector", "frame",
 * "list", "record", "function", or a foreign class's name ("plot").
 * Every error message that names a type spells it with this. Borrowed,
 * static storage. */
const char *val_type_name(Value v);
/* The same for a heap object (o is any object header). */
const char *obj_type_name(const void *o);
/* The name of a tag alone ("vector" for T_VEC: no kind known). */
const char *vtype_name(VType t);

/* ---- strings -------------------------------------------------------- */
struct Str {
    Obj o;
    uint32_t len;
    uint32_t hash;
    char s[];            /* NUL-terminated, UTF-8, may not contain NUL */
};

Str *str_new(const char *s, size_t n);     /* new reference */
Str *str_cstr(const char *s);
Str *str_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
Value val_str(const char *s);               /* new str value */
Value val_strn(const char *s, size_t n);
uint32_t str_hash(const char *s, size_t n);
bool str_eq(const Str *a, const Str *b);

/* ---- lists ---------------------------------------------------------- */
struct List {
    Obj o;
    int64_t len, cap;
    Value *items;
};

List *list_new(int64_t cap);                /* new, empty */
void list_push_take(List *l, Value v);      /* consumes v; l must be unique */
void list_push(List *l, Value v);           /* borrows v */
/* The list itself if its refcount is 1, else a shallow copy (the old
 * reference is released). Returns the list to mutate. */
List *list_unique(List *l);

/* ---- records (ordered name → value) --------------------------------- */
struct Record {
    Obj o;
    int len, cap;
    Str **keys;
    Value *vals;
};

Record *record_new(int cap);
/* Borrowed pointer to the value of key, or NULL. */
Value *record_get_borrow(Record *r, const char *key);
/* Set key to v (borrowed); r must be unique. */
void record_set(Record *r, const char *key, Value v);
void record_set_take(Record *r, const char *key, Value v);
Record *record_unique(Record *r);

/* ---- foreign objects (models, plots, result tables) ----------------- */
typedef struct SiftBundle SiftBundle;

/* A class of values that lang/ knows only through these callbacks, so
 * stdlib/ can add plots and models without lang/ knowing them. */
typedef struct ForeignClass {
    const char *name;                       /* typeof() of the value */
    void (*free)(void *data);
    /* Render into b (text/plain first). Returns false with an error set. */
    bool (*render)(Interp *I, void *data, SiftBundle *b);
    /* Optional: the value of x.name, new reference in *out; return false
     * (without error) when there is no such member. */
    bool (*member)(Interp *I, void *data, const char *name, Value *out);
} ForeignClass;

struct Foreign {
    Obj o;
    const ForeignClass *cls;
    void *data;
};

/* Takes ownership of data (freed with cls->free). */
Value val_foreign(const ForeignClass *cls, void *data);

/* ---- comparison ----------------------------------------------------- */
/* Deep equality as `==` on scalars and structural equality for objects
 * (used by tests, `in`, unique). NA equals NA here. */
bool val_equal(Value a, Value b);
/* The same, for an ObjType's equal slot: depth is the nesting so far
 * (containers nested deeper than a limit compare by identity). */
bool val_equal_depth(Value a, Value b, int depth);

#endif
