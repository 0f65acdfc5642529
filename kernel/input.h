/*
 * input.h — input() over the stdin channel.
 */
#ifndef KERNEL_INPUT_H
#define KERNEL_INPUT_H

#include "kernel/kernel.h"

/* How often the wait for an input_reply looks at the interrupt and
 * shutdown flags. */
#define INPUT_POLL_MS 10

/* Ask the frontend of the current execute_request for a line. Returns a
 * malloc'd line (caller frees), or NULL when the request has
 * allow_stdin false (a note is written to stderr), the user sent EOF
 * ("\x04"), or an interrupt or shutdown arrived while waiting. Main
 * thread only. */
char *input_request(Kernel *K, const char *prompt, bool password);

#endif
