/*
 * error.h — inside lang/ only: placing an error in the source and
 * building its report (error.c). Built-ins raise errors with err_raise
 * and friends (interp.h) and never see these: the evaluator marks where
 * an error happened and the call sites it passed through; the entry
 * points turn the finished error into the traceback text.
 *
 * Invariant: the first mark wins (the innermost position); each later
 * err_push_call appends one call site, so a trace reads innermost first.
 */
#ifndef SIFT_ERROR_H
#define SIFT_ERROR_H

#include "lang/interp.h"

/* Record node n (in the chunk running now) as the position of the error
 * being raised, unless one is recorded already. No-op when no error is
 * set. */
void err_mark(Interp *I, Node *n);
/* Append the call site `site` (in the chunk running now) to the trace of
 * the error passing through it. */
void err_push_call(Interp *I, Node *site);
/* Position the error at bytes [off, off+len) of chunk c (syntax errors,
 * found before any node exists). */
void err_mark_offset(Interp *I, Chunk *c, uint32_t off, uint32_t len);
/* The report: "cell 2, line 3, in f: Kind: message", the line and a
 * caret, then each call site. mem_alloc'd (the caller frees it); the
 * error stays set. */
char *err_report(Interp *I);

#endif
