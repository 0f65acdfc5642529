/*
 * regex.h — regular expressions (PCRE2) over str values, for other stdlib
 * modules that offer a regex form of a text built-in (strings.c's replace).
 */
#ifndef SIFT_REGEX_H
#define SIFT_REGEX_H

#include "lang/interp.h"

/* Every match of pattern in x (a str, NA or a str vector) replaced by
 * repl, where $1, ${name} and $0 stand for groups. NA stays NA. *out is a
 * new reference of x's shape. A bad pattern or replacement raises a
 * ValueError naming the built-in being called and PCRE2's message; any
 * other x raises a TypeError. */
Status regex_replace(Interp *I, Value x, const Str *pattern, const Str *repl, Value *out);

#endif
