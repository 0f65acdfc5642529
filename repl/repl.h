/*
 * repl.h — the interactive read-eval-print loop of the sift program.
 */
#ifndef REPL_REPL_H
#define REPL_REPL_H

/* Run the REPL on the terminal until Ctrl-D. Returns the exit status
 * (0 on a normal exit). History goes to $SIFT_HISTORY, else
 * ~/.sift_history. */
int repl_main(void);

#endif
