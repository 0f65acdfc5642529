/*
 * frame.h — data frames: ordered, uniquely named columns of equal length.
 *
 * A frame holds references to its column vectors, so a column subset
 * (select, df[["a","b"]]) shares storage with the frame it came from;
 * mutation goes through frame_unique / vec_unique (copy-on-write).
 * Invariant: every column has length nrow, names are unique.
 */
#ifndef SIFT_FRAME_H
#define SIFT_FRAME_H

#include "lang/vec.h"

struct Frame {
    Obj o;
    int ncol, cap;
    int64_t nrow;
    Str **names;
    Vec **cols;
    /* Name → column index for wide frames (NULL below FRAME_INDEX_MIN
     * columns): open addressing on the name's hash, slot holds i + 1, 0
     * empty; mask + 1 slots, at least twice ncol. Kept by frame.c only, so
     * finding a column and adding one stay O(1) at 100k columns. */
    int32_t *index;
    uint32_t mask;
};

/* Frames with fewer columns look names up by a linear scan. */
#define FRAME_INDEX_MIN 16

Frame *frame_new(int cap);
/* Index of column name or -1. O(1) on wide frames (hash index). */
int frame_find(const Frame *f, const char *name);
/* Borrowed column, or NULL. */
Vec *frame_col_borrow(const Frame *f, const char *name);
/* Add or replace column `name` with v (a new reference is taken; v is
 * borrowed). f must be unique. The first column fixes nrow; later ones
 * must match (checked by the caller; asserted here). */
void frame_set(Frame *f, const char *name, Vec *v);
/* Same, but consumes the caller's reference to v. */
void frame_set_take(Frame *f, const char *name, Vec *v);
/* Remove column i. f must be unique. */
void frame_remove(Frame *f, int i);
/* f when unique, else a shallow copy sharing the columns. */
Frame *frame_unique(Frame *f);
/* Rows idx[0..n) of every column. NULL when out of memory. */
Frame *frame_take(const Frame *f, const int64_t *idx, int64_t n);
/* Rows [lo, hi). */
Frame *frame_slice(const Frame *f, int64_t lo, int64_t hi);
/* Rows where mask is true (NA counts as false). mask->len == nrow. */
Frame *frame_filter(const Frame *f, const Vec *mask);
/* Bytes held by the frame's column buffers. */
size_t frame_bytes(const Frame *f);

#endif
