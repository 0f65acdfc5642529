/*
 * runner.c — scripts and snippets: `sift FILE.sift`, `sift -` and
 * `sift -e CODE`.
 *
 * A script runs as one cell named after its file, so error positions are
 * file lines. Nothing is auto-printed for a script (as with python FILE);
 * `-e` prints its last value (as R -e does), because a one-liner's point
 * is usually its value. SIGINT interrupts the running code, which then
 * fails with Interrupted like any other error: exit status 1.
 */
#include "repl/runner.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repl/buf.h"
#include "repl/term.h"
#include "stdlib/stdlib.h"

static Interp *volatile running_interp;

static void on_sigint(int sig)
{
    (void)sig;
    if (running_interp)
        sift_interrupt(running_interp);
}

/* input(prompt) for scripts: the prompt to stdout, a line from stdin. */
static char *stdin_input(void *ud, const char *prompt, bool password)
{
    (void)ud; (void)password;
    term_puts(SIFT_STDOUT, prompt);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    if (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    return line;
}

Interp *runner_open(SiftHost host)
{
    if (!host.input)
        host.input = stdin_input;
    Interp *I = sift_new(&host);
    if (!I || !sift_open_stdlib(I)) {
        fputs("sift: out of memory\n", stderr);
        exit(1);
    }
    sift_set_width(I, term_width());
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    running_interp = I;
    return I;
}

void runner_close(Interp *I)
{
    running_interp = NULL;
    sift_free(I);
}

/* Run src as one cell; print the error, or the value when print_value. */
static int run(const char *name, const char *src, size_t len, bool print_value)
{
    term_init();
    Interp *I = runner_open(term_host());
    SiftResult r = sift_run_n(I, name, src, len);
    int status = r.status == SIFT_OK ? 0 : 1;
    if (r.status != SIFT_OK)
        term_error(&r);
    else if (print_value && r.has_value)
        term_show(&r.value);
    sift_result_free(&r);
    runner_close(I);
    fflush(stdout);
    return status;
}

int runner_file(const char *path)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "sift: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    Buf src = {0};
    int rc = buf_read_file(&src, f);
    int err = errno;
    if (!is_stdin)
        fclose(f);
    if (rc != 0) {
        fprintf(stderr, "sift: cannot read %s: %s\n", path, strerror(err));
        buf_free(&src);
        return 1;
    }
    int status = run(is_stdin ? "<stdin>" : path, buf_str(&src), src.n, false);
    buf_free(&src);
    return status;
}

int runner_code(const char *code)
{
    return run("-e", code, strlen(code), true);
}
