/*
 * stdlib.h — the opener of sift's standard library.
 *
 * Front ends call sift_open_stdlib once after sift_new to register every
 * built-in module (I/O, frames, statistics, strings, plots, ...). Each
 * module keeps its own registration table; stdlib/init.c lists them.
 */
#ifndef SIFT_STDLIB_H
#define SIFT_STDLIB_H

#include "lang/sift.h"

/* Register all standard modules in I. Returns false (with nothing
 * registered half-way that could crash) only when out of memory. */
bool sift_open_stdlib(Interp *I);

#endif
