/*
 * report.h — `sift report FILE.sift -o out.html`: run a script and write
 * one self-contained HTML page with each statement's code and output.
 */
#ifndef REPL_REPORT_H
#define REPL_REPORT_H

/* Handle `sift report ARGS...` (argv after "report"). Returns the exit
 * status: 0, 1 when the script failed or a file could not be read or
 * written (the report is still written up to and including the error),
 * 2 on bad usage. */
int report_main(int argc, char **argv);

#endif
