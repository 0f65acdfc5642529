/*
 * main.c — the `sift` program: reads the command line and hands over to
 * the REPL (repl.c), the script runner (runner.c) or the report writer
 * (report.c). It does no work of its own before the prompt, so start-up
 * stays in the low milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/sift.h"
#include "repl/repl.h"
#include "repl/report.h"
#include "repl/runner.h"
#include "repl/term.h"

static const char usage[] =
    "usage: sift [FILE.sift | - | -e CODE]\n"
    "       sift report FILE.sift [-o OUT.html]\n"
    "       sift --version | --help | --reference\n"
    "\n"
    "With no arguments, sift starts an interactive prompt (or, when stdin is\n"
    "not a terminal, runs the program read from it).\n"
    "\n"
    "  FILE.sift        run a script; errors go to stderr, exit status 1\n"
    "  -                run the script read from stdin\n"
    "  -e CODE          run CODE and print the value of its last expression\n"
    "  report FILE      run FILE and write an HTML report of code and output\n"
    "  --reference      print the Markdown reference of every built-in\n"
    "  --version        print the version\n"
    "  --help           print this help\n"
    "\n"
    "Environment: SIFT_HISTORY (history file, default ~/.sift_history),\n"
    "SIFT_PLOT_DIR (also save every plot there as PNG), NO_COLOR.\n"
    "At the prompt: ?name shows help, Tab completes, Ctrl-C interrupts,\n"
    "Ctrl-D leaves.\n";

static int print_reference(void)
{
    Interp *I = runner_open(term_host());
    char *md = sift_reference_markdown(I);
    int status = 0;
    if (md) {
        fputs(md, stdout);
        free(md);
    } else {
        fputs("sift: could not build the reference\n", stderr);
        status = 1;
    }
    runner_close(I);
    return status;
}

static int bad_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "sift: %s%s\nTry 'sift --help'.\n", msg, arg);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return isatty(STDIN_FILENO) ? repl_main() : runner_file("-");
    const char *a = argv[1];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
        printf("sift %s\n", sift_version());
        return 0;
    }
    if (strcmp(a, "--reference") == 0)
        return argc == 2 ? print_reference() : bad_usage("unexpected argument: ", argv[2]);
    if (strcmp(a, "report") == 0)
        return report_main(argc - 2, argv + 2);
    if (strcmp(a, "-e") == 0) {
        if (argc != 3)
            return bad_usage(argc < 3 ? "-e needs CODE" : "unexpected argument: ",
                             argc < 3 ? "" : argv[3]);
        return runner_code(argv[2]);
    }
    if (a[0] == '-' && a[1] != '\0')
        return bad_usage("unknown option: ", a);
    if (argc > 2)
        return bad_usage("unexpected argument: ", argv[2]);
    return runner_file(a);
}
