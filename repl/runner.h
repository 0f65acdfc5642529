/*
 * runner.h — running sift code without a prompt: script files, stdin,
 * and `sift -e CODE`.
 */
#ifndef REPL_RUNNER_H
#define REPL_RUNNER_H

#include <stdbool.h>

#include "lang/sift.h"

/* Run the script at `path` ("-" reads stdin) as one cell. Output goes to
 * stdout, an error's traceback to stderr. The value of a bare last
 * expression is not printed. Returns the exit status: 0, or 1 on an
 * error or an unreadable file. */
int runner_file(const char *path);

/* Run `code` (sift -e) and print the value of its last expression, as
 * `R -e` does. Returns 0, or 1 on an error. */
int runner_code(const char *code);

/* A fresh interpreter with the standard library, talking to the terminal
 * (writes, displays, and input() read from stdin), with SIGINT turned into
 * sift_interrupt. The caller frees it with runner_close. Exits the program
 * when out of memory. */
Interp *runner_open(SiftHost host);
void runner_close(Interp *I);

#endif
