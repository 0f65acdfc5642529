/*
 * frame.c — data frames; see frame.h. Column subsets share vectors by
 * reference; row subsets build new vectors (one typed gather per column).
 * Every change to names[] goes through this file, which keeps the name
 * index (frame.h) in step: an index exists exactly when ncol >=
 * FRAME_INDEX_MIN, and it maps every name to its current position.
 */
#include "lang/frame.h"

#include <assert.h>
#include <string.h>

#include "lang/mem.h"

static void frame_clear(Obj *o)
{
    Frame *f = (Frame *)o;
    for (int i = 0; i < f->ncol; i++) {
        obj_unref(f->names[i]);
        obj_unref(f->cols[i]);
    }
    mem_free(f->names);
    mem_free(f->cols);
    mem_free(f->index);
}

static bool frame_equal(const Obj *a, const Obj *b, int depth)
{
    const Frame *x = (const Frame *)a, *y = (const Frame *)b;
    if (x->ncol != y->ncol || x->nrow != y->nrow)
        return false;
    for (int i = 0; i < x->ncol; i++)
        if (!str_eq(x->names[i], y->names[i]) || !vec_equal(x->cols[i], y->cols[i]))
            return false;
    return true;
}

static const ObjType frame_type = {T_FRAME, frame_clear, frame_equal, NULL};

Frame *frame_new(int cap)
{
    Frame *f = obj_new(sizeof(Frame), &frame_type);
    f->cap = cap > 4 ? cap : 4;
    f->names = mem_alloc(sizeof(Str *) * (size_t)f->cap);
    f->cols = mem_alloc(sizeof(Vec *) * (size_t)f->cap);
    return f;
}

/* ---- the name index ------------------------------------------------------ */

/* Put column i's name into the index (which has a free slot). */
static void index_put(Frame *f, int i)
{
    uint32_t h = f->names[i]->hash & f->mask;
    while (f->index[h])
        h = (h + 1) & f->mask;
    f->index[h] = i + 1;
}

/* (Re)build the index for the current columns, sized for cap of them; no
 * index below FRAME_INDEX_MIN columns. */
static void index_rebuild(Frame *f)
{
    mem_free(f->index);
    f->index = NULL;
    if (f->ncol < FRAME_INDEX_MIN)
        return;
    uint32_t slots = 32;
    while (slots < (uint32_t)f->cap * 2)
        slots <<= 1;
    f->index = mem_calloc(sizeof(int32_t) * slots);
    f->mask = slots - 1;
    for (int i = 0; i < f->ncol; i++)
        index_put(f, i);
}

int frame_find(const Frame *f, const char *name)
{
    if (!f->index) {
        for (int i = 0; i < f->ncol; i++)
            if (strcmp(f->names[i]->s, name) == 0)
                return i;
        return -1;
    }
    size_t n = strlen(name);
    uint32_t hash = str_hash(name, n);
    for (uint32_t h = hash & f->mask; f->index[h]; h = (h + 1) & f->mask) {
        const Str *s = f->names[f->index[h] - 1];
        if (s->hash == hash && s->len == n && memcmp(s->s, name, n) == 0)
            return f->index[h] - 1;
    }
    return -1;
}

Vec *frame_col_borrow(const Frame *f, const char *name)
{
    int i = frame_find(f, name);
    return i < 0 ? NULL : f->cols[i];
}

/* Append column (name, v), both references consumed; name is not there. */
static void append_take(Frame *f, Str *name, Vec *v)
{
    if (f->ncol == f->cap) {
        f->cap *= 2;
        f->names = mem_realloc(f->names, sizeof(Str *) * (size_t)f->cap);
        f->cols = mem_realloc(f->cols, sizeof(Vec *) * (size_t)f->cap);
    }
    if (f->ncol == 0)
        f->nrow = v->len;
    f->names[f->ncol] = name;
    f->cols[f->ncol++] = v;
    if (!f->index || (uint32_t)f->ncol * 2 > f->mask)
        index_rebuild(f);             /* first time, or grown: doubles */
    else
        index_put(f, f->ncol - 1);
}

void frame_set_take(Frame *f, const char *name, Vec *v)
{
    assert(f->o.rc == 1);
    assert(f->ncol == 0 || v->len == f->nrow);
    int i = frame_find(f, name);
    if (i >= 0) {
        obj_unref(f->cols[i]);
        f->cols[i] = v;
        return;
    }
    append_take(f, str_cstr(name), v);
}

void frame_set(Frame *f, const char *name, Vec *v)
{
    obj_ref(v);
    frame_set_take(f, name, v);
}

void frame_remove(Frame *f, int i)
{
    obj_unref(f->names[i]);
    obj_unref(f->cols[i]);
    memmove(f->names + i, f->names + i + 1, sizeof(Str *) * (size_t)(f->ncol - i - 1));
    memmove(f->cols + i, f->cols + i + 1, sizeof(Vec *) * (size_t)(f->ncol - i - 1));
    f->ncol--;
    if (f->index)
        index_rebuild(f);             /* the later columns moved down */
}

Frame *frame_unique(Frame *f)
{
    if (f->o.rc == 1)
        return f;
    Frame *c = frame_new(f->ncol);
    for (int i = 0; i < f->ncol; i++) {
        obj_ref(f->names[i]);
        obj_ref(f->cols[i]);
        append_take(c, f->names[i], f->cols[i]);
    }
    c->nrow = f->nrow;
    obj_unref(f);
    return c;
}

/* A frame with f's names and the given new columns (consumed). */
static Frame *frame_like(const Frame *f, Vec **cols, int64_t nrow)
{
    Frame *c = frame_new(f->ncol);
    for (int i = 0; i < f->ncol; i++) {
        obj_ref(f->names[i]);
        append_take(c, f->names[i], cols[i]);
    }
    c->nrow = nrow;
    return c;
}

static Frame *gather(const Frame *f, const int64_t *idx, int64_t n, int64_t lo, int64_t hi)
{
    Vec **cols = mem_alloc(sizeof(Vec *) * (size_t)(f->ncol + 1));
    for (int i = 0; i < f->ncol; i++) {
        cols[i] = idx ? vec_take(f->cols[i], idx, n) : vec_slice(f->cols[i], lo, hi);
        if (!cols[i]) {
            while (i--)
                obj_unref(cols[i]);
            mem_free(cols);
            return NULL;
        }
    }
    Frame *c = frame_like(f, cols, idx ? n : (hi > lo ? hi - lo : 0));
    mem_free(cols);
    return c;
}

Frame *frame_take(const Frame *f, const int64_t *idx, int64_t n) { return gather(f, idx, n, 0, 0); }
Frame *frame_slice(const Frame *f, int64_t lo, int64_t hi) { return gather(f, NULL, 0, lo, hi); }

Frame *frame_filter(const Frame *f, const Vec *mask)
{
    int64_t *idx = mem_try_alloc(sizeof(int64_t) * (size_t)(mask->len + 1)), n = 0;
    if (!idx)
        return NULL;
    for (int64_t i = 0; i < mask->len; i++)
        if (mask->d.b[i] && vec_is_valid(mask, i))
            idx[n++] = i;
    Frame *c = frame_take(f, idx, n);
    mem_free(idx);
    return c;
}

size_t frame_bytes(const Frame *f)
{
    size_t b = sizeof(Frame);
    for (int i = 0; i < f->ncol; i++)
        b += vec_bytes(f->cols[i]);
    return b;
}
