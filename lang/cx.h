/*
 * cx.h — the bridge from the interpreter to compute/ (compute/compute.h):
 * a compute context that polls the interpreter's interrupt flag and
 * allocates through lang/mem, column views of vectors, and the
 * translation of a failed compute call into a sift error.
 *
 * Use from a built-in:
 *     CpCtx cx;
 *     cx_init(I, &cx);
 *     CpCol c = cx_col(v);
 *     CpStatus st = cp_group_ids(&cx, &c, 1, v->len, ids, &ng);
 *     if (st != CP_OK) return cx_raise(I, &cx, st);
 * Buffers compute/ returns (joins, ROC points, matrices) come from
 * lang/mem and are released with cp_free(&cx, p) or mem_free(p).
 */
#ifndef SIFT_CX_H
#define SIFT_CX_H

#include "compute/compute.h"
#include "lang/interp.h"
#include "lang/vec.h"

/* A context for I: its interrupt flag, lang/mem's allocator, default threads. */
void cx_init(Interp *I, CpCtx *cx);

/* A borrowed view of v (valid while v lives and is not changed): num as
 * F64, bool as BOOL, str as I32 codes with ncodes = the dictionary size
 * (rank NULL: set it for sorting by string, see sort_dict_ranks). */
CpCol cx_col(const Vec *v);

/* Raise the error for a failed compute call: MemoryError, Interrupted
 * (the flag is cleared), or ValueError with cx->msg. Returns ST_ERR. */
Status cx_raise(Interp *I, const CpCtx *cx, CpStatus st);

#endif
