/*
 * cstack.h — how much C stack the current thread has left.
 *
 * The evaluator recurses on the C stack: once per sift call (plus a few
 * frames per level of the syntax tree, which the parser bounds with
 * AST_MAX_DEPTH). Counting calls alone cannot keep that inside the stack,
 * because a call's frames grow with the expression it runs and with the
 * sanitizers. So calls also compare the stack pointer with a floor set a
 * safety margin above the end of the thread's stack (as SpiderMonkey's
 * and CPython 3.12's recursion checks do): past the floor the call raises
 * RecursionError instead of overflowing.
 */
#ifndef SIFT_CSTACK_H
#define SIFT_CSTACK_H

#include <stdbool.h>
#include <stdint.h>

/* Lowest address the current thread's stack may reach before calls
 * refuse to nest further; 0 until cstack_init has run on this thread. */
extern _Thread_local uintptr_t cstack_floor;

/* Find the current thread's stack bounds (once per thread; cheap after). */
void cstack_init(void);

/* True when less than the margin is left below the caller's frame. */
static inline bool cstack_low(void)
{
    return (uintptr_t)__builtin_frame_address(0) < cstack_floor;
}

#endif
