/*
 * vec.h — typed columns (vectors) with a validity bitmap, and the string
 * dictionaries that string columns are coded against.
 *
 * Layout follows Apache Arrow / nanoarrow: one contiguous typed buffer
 * (double for num, uint8_t 0/1 for bool, int32_t dictionary codes for
 * str) and an LSB-first validity bitmap (bit i set = element i present)
 * that is allocated only when the first NA arrives. NA is never an
 * in-band value: a NaN in a num column is a NaN, not a missing cell.
 * The cached null count `nnull` is exact at all times.
 *
 * Invariants:
 *   - valid == NULL  <=>  nnull == 0 (a bitmap is dropped again when an
 *     operation knows no NA remains; code must accept either way).
 *   - bits at and past len are unspecified: readers mask them (see
 *     bitmap_count_zeros), writers of new elements set them.
 *   - for VEC_STR, every valid code is in [0, dict->n); NA slots hold 0.
 *   - a Dict shared by several vectors is never appended to: dict_unique
 *     first (copy-on-write, like vectors).
 *
 * Builders: vec_new(kind, cap) then vec_push_* (or write the buffer
 * directly after vec_resize) then use. A scan over a column is a typed loop
 * over d.num/d.b/d.code reading the bitmap a word at a time via
 * vec_valid_word.
 */
#ifndef SIFT_VEC_H
#define SIFT_VEC_H

#include "lang/value.h"

typedef enum VecKind { VEC_NUM, VEC_BOOL, VEC_STR } VecKind;

/* A set of unique strings; code i is strs[i]. */
typedef struct Dict {
    Obj o;
    int32_t n, cap;
    Str **strs;
    int32_t *slots;          /* open addressing: code+1, 0 = empty */
    uint32_t mask;           /* slots has mask+1 entries */
} Dict;

struct Vec {
    Obj o;
    uint8_t kind;
    int64_t len, cap;
    union {
        double *num;
        uint8_t *b;
        int32_t *code;
        void *raw;
    } d;
    uint64_t *valid;         /* NULL: no NA */
    int64_t nnull;
    Dict *dict;              /* VEC_STR only; owned reference */
};

/* ---- dictionaries ---------------------------------------------------- */
Dict *dict_new(int32_t cap);
/* Code of s, adding it if absent. d must be unique (rc == 1). Returns -1
 * only when out of memory. */
int32_t dict_intern(Dict *d, const char *s, size_t n);
/* Code of s or -1 if absent. */
int32_t dict_find(const Dict *d, const char *s, size_t n);
/* d itself when unique, else a copy (releases the old reference). */
Dict *dict_unique(Dict *d);

/* ---- construction ---------------------------------------------------- */
/* New empty vector with room for cap elements, or NULL when the buffer
 * cannot be allocated (caller raises the out-of-memory error). */
Vec *vec_new(VecKind kind, int64_t cap);
/* New vector of len elements, contents uninitialised but all valid. */
Vec *vec_new_len(VecKind kind, int64_t len);
/* New vector of len elements, all 0 (false; for str, code 0 of an empty
 * dictionary, so fill it before use) and valid. The buffer comes zeroed
 * from calloc, so a large one costs no write pass. NULL when out of memory. */
Vec *vec_new_zero(VecKind kind, int64_t len);
/* Grow capacity to at least cap. Returns false when out of memory. */
bool vec_reserve(Vec *v, int64_t cap);
bool vec_push_num(Vec *v, double x);
bool vec_push_bool(Vec *v, bool x);
bool vec_push_str(Vec *v, const char *s, size_t n);
bool vec_push_code(Vec *v, int32_t code);
bool vec_push_na(Vec *v);
/* Append element i of src (same kind; for str, re-coded into v's dict). */
bool vec_push_from(Vec *v, const Vec *src, int64_t i);

/* v itself when unique, else a deep copy (releases the old reference).
 * NULL when out of memory (the old reference is kept then). */
Vec *vec_unique(Vec *v);
/* New vector: a copy of v. */
Vec *vec_copy(const Vec *v);

/* ---- validity ------------------------------------------------------- */
static inline bool vec_is_valid(const Vec *v, int64_t i)
{
    return !v->valid || (v->valid[i >> 6] >> (i & 63)) & 1;
}
/* 64 validity bits starting at element 64*w (all ones without bitmap). */
static inline uint64_t vec_valid_word(const Vec *v, int64_t w)
{
    return v->valid ? v->valid[w] : ~(uint64_t)0;
}
/* Mark element i missing / present (allocates the bitmap on first NA). */
bool vec_set_na(Vec *v, int64_t i);
void vec_set_valid(Vec *v, int64_t i);
/* Recount nnull from the bitmap, and drop the bitmap when no NA is left. */
void vec_recount(Vec *v);
size_t bitmap_words(int64_t len);
int64_t bitmap_count_zeros(const uint64_t *bits, int64_t len);

/* ---- element access --------------------------------------------------- */
/* Element i as a scalar value (num, bool, str or NA). New reference. */
Value vec_get(const Vec *v, int64_t i);
/* Borrowed string of element i of a str vector (must be valid). */
static inline const Str *vec_str_unsafe(const Vec *v, int64_t i)
{
    return v->dict->strs[v->d.code[i]];
}
/* Set element i from a scalar, converting the vector's kind if needed
 * (num into a bool vector makes it num; anything into str makes str).
 * v must be unique. Returns false when the value cannot go in a vector
 * (the caller raises the TypeError). */
bool vec_set(Vec **v, int64_t i, Value x);

/* Elements idx[0..n) of v (negative or out-of-range indices must have
 * been checked). NULL when out of memory. */
Vec *vec_take(const Vec *v, const int64_t *idx, int64_t n);
/* Elements [lo, hi) of v. */
Vec *vec_slice(const Vec *v, int64_t lo, int64_t hi);
/* Convert to another kind: bool→num, num/bool→str. NULL if unsupported. */
Vec *vec_cast(const Vec *v, VecKind kind);
/* A vector from a list of scalars, inferring the kind (num if all
 * num/bool/NA with at least one num, bool if all bool/NA, str if any str).
 * Returns NULL and writes *bad (the index of an element that cannot be in
 * a vector) when the list holds lists, frames etc. */
Vec *vec_from_list(const List *l, int64_t *bad);
/* The value of a list literal [a, b, ...] whose items are in l (consumed):
 * a vector when every item is a scalar (num, bool, str, NA) and num/bool
 * do not mix with str, else the list itself. */
Value vec_or_list_take(List *l);
/* A vector of n copies of the scalar x. NULL if x is not a scalar. */
Vec *vec_fill(Value x, int64_t n);

/* Element-wise equality (NA equals NA, as val_equal). */
bool vec_equal(const Vec *a, const Vec *b);

const char *vec_kind_name(VecKind k);
/* Bytes held by v's buffers (for info()). */
size_t vec_bytes(const Vec *v);

#endif
