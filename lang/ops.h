/*
 * ops.h — the operators on values: vectorised arithmetic, comparison and
 * logic with scalar broadcasting and NA propagation, indexing, slicing and
 * member access. The evaluator calls these; so may built-ins.
 *
 * All take borrowed operands and write a new reference to *out.
 */
#ifndef SIFT_OPS_H
#define SIFT_OPS_H

#include "lang/ast.h"
#include "lang/interp.h"

Status ops_binary(Interp *I, BinOp op, Value a, Value b, Value *out);
Status ops_neg(Interp *I, Value a, Value *out);
Status ops_not(Interp *I, Value a, Value *out);
/* Element-wise three-valued and/or for vectors (scalars are handled with
 * short-circuiting by the evaluator). */
Status ops_logic(Interp *I, bool is_and, Value a, Value b, Value *out);
/* The truth of a condition: a bool scalar (NA and vectors are errors). */
Status ops_truth(Interp *I, Value v, const char *what, bool *out);

/* x[i] where i is a number, a slice, a bool mask, a list/vector of
 * positions, or a column name / list of names for frames. lo/hi are
 * T_UNDEF when a slice bound is omitted. */
Status ops_index(Interp *I, Value x, Value i, Value *out);
Status ops_slice(Interp *I, Value x, Value lo, Value hi, Value *out);
/* x.name: a frame column, a record field, or a member of an object. */
Status ops_member(Interp *I, Value x, const char *name, Value *out);

/* Set x[key] = v or x.key = v (is_member) on a container that the caller
 * has made unique; *x may be replaced (a vector may change kind). */
Status ops_set_index(Interp *I, Value *x, Value key, Value v);
Status ops_set_member(Interp *I, Value *x, const char *name, Value v);

/* A column for frame f from v: a vector of length nrow, a scalar
 * (broadcast), or a list of scalars. New reference. */
Status ops_column_for(Interp *I, const Frame *f, const char *name, Value v, Vec **out);

/* Normalise a possibly negative index into [0, len); IndexError if out
 * of range. */
Status ops_position(Interp *I, double i, int64_t len, const char *what, int64_t *out);

#endif
