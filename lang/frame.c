/*
 * frame.c — data frames; see frame.h. Column subsets share vectors by
 * reference; row subsets build new vectors (one typed gather per column).
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

int frame_find(const Frame *f, const char *name)
{
    for (int i = 0; i < f->ncol; i++)
        if (strcmp(f->names[i]->s, name) == 0)
            return i;
    return -1;
}

Vec *frame_col_borrow(const Frame *f, const char *name)
{
    int i = frame_find(f, name);
    return i < 0 ? NULL : f->cols[i];
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
    if (f->ncol == f->cap) {
        f->cap *= 2;
        f->names = mem_realloc(f->names, sizeof(Str *) * (size_t)f->cap);
        f->cols = mem_realloc(f->cols, sizeof(Vec *) * (size_t)f->cap);
    }
    if (f->ncol == 0)
        f->nrow = v->len;
    f->names[f->ncol] = str_cstr(name);
    f->cols[f->ncol++] = v;
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
}

Frame *frame_unique(Frame *f)
{
    if (f->o.rc == 1)
        return f;
    Frame *c = frame_new(f->ncol);
    for (int i = 0; i < f->ncol; i++)
        frame_set(c, f->names[i]->s, f->cols[i]);
    c->nrow = f->nrow;
    obj_unref(f);
    return c;
}

/* A frame with f's names and the given new columns (consumed). */
static Frame *frame_like(const Frame *f, Vec **cols, int64_t nrow)
{
    Frame *c = frame_new(f->ncol);
    for (int i = 0; i < f->ncol; i++)
        frame_set_take(c, f->names[i]->s, cols[i]);
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
