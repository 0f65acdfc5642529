/*
 * eval.h — inside lang/ only: running a parsed cell (eval.c). Built-ins
 * call sift functions with interp_call (interp.h); the entry points in
 * api.c run whole cells with eval_chunk.
 */
#ifndef SIFT_EVAL_H
#define SIFT_EVAL_H

#include "lang/interp.h"

/* Run the statements of root (an N_BLOCK of a resolved chunk) one by one.
 * *last receives the value of the last statement when it is an
 * expression not ended by ';' (*has_last true; a new reference), else
 * null. On ST_ERR the error is set and positioned; globals assigned by
 * the statements that ran keep their values. */
Status eval_chunk(Interp *I, Node *root, Value *last, bool *has_last);

#endif
