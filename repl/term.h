/*
 * term.h — the terminal side of the sift program: colour, width, and the
 * host callbacks that turn interpreter output into bytes on stdout/stderr.
 *
 * There is one terminal per process, so the state lives in term.c.
 */
#ifndef REPL_TERM_H
#define REPL_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/sift.h"

/* Decide once whether to use colour (stdout is a terminal, NO_COLOR unset
 * or empty, TERM is not "dumb") and whether plots may be drawn inline
 * (stdout is a terminal that is not "dumb"; image.c asks chafa the rest). */
void term_init(void);

/* Whether colour escapes may be written. */
bool term_colour(void);

/* Columns of the terminal on stdout (or $COLUMNS, or 80). */
int term_width(void);

/* Write n bytes to SIFT_STDOUT or SIFT_STDERR. stdout is flushed before
 * anything goes to stderr so the two stay in order. */
void term_write(int stream, const char *s, size_t n);
void term_puts(int stream, const char *s);

/* Start a new line on stdout unless the cursor is already at the start of
 * one (so a prompt never sits behind "print" output without a newline). */
void term_fresh_line(void);

/* Print an error result: its traceback (or "ename: evalue") to stderr,
 * in red when colour is on. */
void term_error(const SiftResult *r);

/* Show a display bundle: an inline image when the terminal can draw one,
 * else text/plain. With $SIFT_PLOT_DIR set, PNGs are also written there
 * and the path printed. */
void term_show(const SiftBundle *b);

/* A SiftHost whose write/display go to the terminal. input is NULL; the
 * REPL and the runner fill it in. */
SiftHost term_host(void);

#endif
