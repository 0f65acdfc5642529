/*
 * repl.c — the interactive sift prompt: readline, history, completion,
 * continuation lines and Ctrl-C.
 *
 * Lines are read with readline's callback interface inside a pselect loop,
 * so a signal never has to longjmp out of readline: SIGINT and SIGWINCH
 * are blocked except while pselect waits, and their handlers only set
 * flags (and, while a cell runs, call sift_interrupt). Readline keeps its
 * own handlers for the rest (Ctrl-Z, SIGTERM, ...), which put the terminal
 * back in order before the signal takes effect. Ctrl-C at the
 * prompt therefore drops the line being typed, and Ctrl-C in a running
 * cell makes it fail with Interrupted, with every variable kept.
 *
 * Lines accumulate in `pending` until sift_is_complete says the input is
 * complete (or invalid, so the error is shown); meanwhile the continuation
 * prompt is shown with the suggested indent typed in for the user.
 *
 * Start-up to the prompt is kept short by showing the prompt first and only
 * then creating the interpreter and reading the history file, while the
 * user is still reading the prompt.
 */
#include "repl/repl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "repl/buf.h"
#include "repl/term.h"
#include "stdlib/stdlib.h"

#define HISTORY_MAX 10000       /* lines kept in the history file */

static Interp *interp;          /* NULL until the first prompt is up */
static Interp *volatile sig_interp;
static volatile sig_atomic_t got_sigint, got_winch, running;
static Buf pending;             /* the lines of an unfinished cell */
static char *history_path;
static int cell_no;
static bool caret_shown;        /* cancel_line already wrote "^C\n" */

/* ---- signals ---------------------------------------------------------- */

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
    if (running && sig_interp)
        sift_interrupt(sig_interp);
}

static void on_winch(int sig)
{
    (void)sig;
    got_winch = 1;
}

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = fn;             /* no SA_RESTART: wake pselect */
    sigaction(sig, &sa, NULL);
}

static void install_signals(void)
{
    set_handler(SIGINT, on_sigint);
    set_handler(SIGWINCH, on_winch);
}

static void apply_resize(void)
{
    got_winch = 0;
    rl_resize_terminal();
    if (interp)
        sift_set_width(interp, term_width());
}

/* ---- history ---------------------------------------------------------- */

static void history_open(void)
{
    const char *env = getenv("SIFT_HISTORY");
    const char *home = getenv("HOME");
    Buf p = {0};
    if (env && *env)
        buf_puts(&p, env);
    else
        buf_printf(&p, "%s/.sift_history", home && *home ? home : ".");
    history_path = p.s;
    history_comment_char = '#';     /* timestamp lines "#<seconds>" separate */
    history_write_timestamps = 1;   /* entries, so a multi-line cell comes */
    history_multiline_entries = 1;  /* back as one entry */
    read_history(history_path);     /* a missing file is an empty history */
    using_history();                /* readline set the offset before the load */
}

/* Add an entry (a line, or a whole multi-line cell) to the history and
 * append it to the file at once, so history survives even a killed
 * session. Blank entries and repeats of the previous one are skipped. */
static void history_remember(const char *line)
{
    if (line[strspn(line, " \t\n")] == '\0')
        return;
    HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
    if (last && strcmp(last->line, line) == 0)
        return;
    add_history(line);
    int fd = open(history_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
        close(fd);
        append_history(1, history_path);
    }
}

static void history_close(void)
{
    if (history_path)
        history_truncate_file(history_path, HISTORY_MAX);
    clear_history();
    free(history_path);
    history_path = NULL;
}

/* ---- completion ------------------------------------------------------- */

static char **match_list;           /* for the rl_completion_matches generator */
static int match_next;

static char *next_match(const char *text, int state)
{
    (void)text;
    if (state == 0)
        match_next = 0;
    return match_list && match_list[match_next] ? strdup(match_list[match_next++]) : NULL;
}

/* Turn sift's completions (which replace src[c->start, c->end)) into
 * readline matches (which replace the line from `start`), by keeping the
 * text between the two starts. `off` is where the current line begins in
 * src. Returns a NULL-terminated malloc'd array of malloc'd strings. */
static char **to_matches(const SiftCompletions *c, size_t off, int start)
{
    char **m = calloc((size_t)c->n + 1, sizeof *m);
    int k = 0;
    size_t rl_start = off + (size_t)start;
    const char *src = buf_str(&pending);
    for (int i = 0; i < c->n; i++) {
        Buf b = {0};
        if (c->start >= rl_start) {
            buf_add(&b, src + rl_start, c->start - rl_start);
            buf_puts(&b, c->items[i]);
        } else {
            size_t skip = rl_start - c->start;
            if (strlen(c->items[i]) < skip || strncmp(c->items[i], src + c->start, skip) != 0)
                continue;
            buf_puts(&b, c->items[i] + skip);
        }
        m[k++] = b.s ? b.s : strdup("");
    }
    return m;
}

/* Whether byte n of the line lies inside a string literal (so Tab should
 * complete a file name, as for read_csv("notebooks/da<Tab>). */
static bool in_string(const char *s, int n)
{
    char quote = 0;
    for (int i = 0; i < n; i++) {
        if (quote && s[i] == '\\' && i + 1 < n)
            i++;
        else if (quote && s[i] == quote)
            quote = 0;
        else if (!quote && (s[i] == '"' || s[i] == '\''))
            quote = s[i];
        else if (!quote && s[i] == '#')
            return false;
    }
    return quote != 0;
}

/* Inside a string only blanks and quotes end the word, so a path such as
 * notebooks/data/iris.csv completes as a whole. */
static char *word_breaks(void)
{
    return in_string(rl_line_buffer, rl_point) ? (char *)" \t\n\"'" : NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;   /* no file names outside strings */
    rl_completion_append_character = '\0';
    if (in_string(rl_line_buffer, start))
        return rl_completion_matches(text, rl_filename_completion_function);
    if (!interp)
        return NULL;
    size_t off = pending.n;
    buf_puts(&pending, rl_line_buffer);
    SiftCompletions c = sift_complete(interp, buf_str(&pending), off + (size_t)rl_point);
    match_list = to_matches(&c, off, start);
    pending.n = off;
    if (pending.s)
        pending.s[off] = '\0';
    sift_completions_free(&c);
    char **res = match_list[0] ? rl_completion_matches(text, next_match) : NULL;
    for (int i = 0; match_list[i]; i++)
        free(match_list[i]);
    free(match_list);
    match_list = NULL;
    return res;
}

/* ---- reading a line --------------------------------------------------- */

typedef enum { READ_LINE, READ_EOF, READ_INTERRUPT } ReadStatus;

static char *line_in;
static bool line_done;
static const char *prefill;

static void on_line(char *line)
{
    line_in = line;
    line_done = true;
    rl_callback_handler_remove();
}

static int startup_hook(void)
{
    if (prefill && *prefill)
        rl_insert_text(prefill);
    return 0;
}

/* A closing bracket typed into the pre-typed indent of a continuation
 * line takes one level of indent back. */
static int close_bracket(int count, int key)
{
    if (rl_point > 0 && (size_t)rl_point == strspn(rl_line_buffer, " ")) {
        int drop = rl_point >= 4 ? 4 : rl_point;
        rl_delete_text(rl_point - drop, rl_point);
        rl_point -= drop;
    }
    return rl_insert(count, key);
}

/* Abandon the line being edited after Ctrl-C. */
static void cancel_line(void)
{
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_callback_handler_remove();
    fputs("^C\n", stdout);
    fflush(stdout);
    caret_shown = true;
}

/* Wait for input while SIGINT/SIGWINCH are blocked except inside pselect,
 * so no signal slips in between the flag test and the wait. */
static ReadStatus read_loop(sigset_t *unblocked)
{
    while (!line_done) {
        if (got_sigint) {
            cancel_line();
            return READ_INTERRUPT;
        }
        if (got_winch)
            apply_resize();
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        int r = pselect(STDIN_FILENO + 1, &fds, NULL, NULL, NULL, unblocked);
        if (r < 0 && errno == EINTR) {
            rl_check_signals();     /* readline's: Ctrl-Z, SIGTERM, ... */
            continue;
        }
        if (r < 0) {
            rl_callback_handler_remove();
            return READ_EOF;
        }
        rl_callback_read_char();
    }
    return line_in ? READ_LINE : READ_EOF;
}

/* Show `prompt` (with `indent` already typed) and read one line into
 * *out (malloc'd). `ready`, when not NULL, runs once the prompt is on the
 * screen. */
static ReadStatus read_line(const char *prompt, const char *indent, char **out,
                            void (*ready)(void))
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGWINCH);
    sigprocmask(SIG_BLOCK, &block, &old);
    got_sigint = 0;
    line_in = NULL;
    line_done = false;
    prefill = indent;
    rl_callback_handler_install(prompt, on_line);
    set_handler(SIGINT, on_sigint);     /* ours, not readline's */
    prefill = NULL;
    if (ready)
        ready();
    ReadStatus st = read_loop(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    *out = line_in;
    line_in = NULL;
    return st;
}

/* ---- the host's input callback --------------------------------------- */

static void no_redisplay(void)
{
}

static char *host_input(void *ud, const char *prompt, bool password)
{
    (void)ud;
    char *line = NULL;
    rl_voidfunc_t *saved = rl_redisplay_function;
    if (password) {
        term_puts(SIFT_STDOUT, prompt);
        rl_redisplay_function = no_redisplay;
    }
    ReadStatus st = read_line(password ? "" : prompt, NULL, &line, NULL);
    rl_redisplay_function = saved;
    if (password)
        term_puts(SIFT_STDOUT, "\n");
    if (st == READ_INTERRUPT && sig_interp)
        sift_interrupt(sig_interp);
    return st == READ_LINE ? line : NULL;
}

/* ---- running cells ---------------------------------------------------- */

/* Create the interpreter and load the history: done once the first
 * prompt is on the screen. */
static void late_init(void)
{
    SiftHost h = term_host();
    h.input = host_input;
    interp = sift_new(&h);
    if (!interp || !sift_open_stdlib(interp)) {
        fputs("sift: out of memory\n", stderr);
        exit(1);
    }
    sift_set_width(interp, term_width());
    sig_interp = interp;
    history_open();
}

static void run_cell(const char *src)
{
    char name[32];
    snprintf(name, sizeof name, "cell %d", ++cell_no);
    if (got_winch)
        apply_resize();
    got_sigint = 0;
    caret_shown = false;
    running = 1;
    SiftResult r = sift_run(interp, name, src);
    running = 0;
    if (got_sigint && !caret_shown && isatty(STDOUT_FILENO))
        term_puts(SIFT_STDOUT, "\n");     /* after the terminal's echoed ^C */
    if (r.status == SIFT_ERROR)
        term_error(&r);
    else if (r.has_value)
        term_show(&r.value);
    sift_result_free(&r);
    term_fresh_line();
}

/* `?name` shows the help of name (a trailing comment is ignored). */
static void show_help(const char *what)
{
    what += strspn(what, " \t");
    size_t n = strcspn(what, "#");
    while (n > 0 && (what[n - 1] == ' ' || what[n - 1] == '\t'))
        n--;
    char *name = strndup(what, n);
    char *text = sift_inspect(interp, name, n);
    if (text) {
        term_puts(SIFT_STDOUT, text);
        term_fresh_line();
        free(text);
    } else {
        Buf b = {0};
        buf_printf(&b, "no help for '%s'\n", name);
        term_puts(SIFT_STDERR, b.s);
        buf_free(&b);
    }
    free(name);
}

/* Handle one typed line; returns the indent to pre-type on the next
 * (malloc'd) or NULL. */
static char *take_line(char *line)
{
    if (pending.n == 0 && line[strspn(line, " \t")] == '?') {
        history_remember(line);
        show_help(line + strspn(line, " \t") + 1);
        return NULL;
    }
    if (pending.n == 0 && line[strspn(line, " \t")] == '\0')
        return NULL;
    buf_puts(&pending, line);
    buf_puts(&pending, "\n");
    char *indent = NULL;
    if (sift_is_complete(interp, buf_str(&pending), &indent) == SIFT_INCOMPLETE)
        return indent ? indent : strdup("");
    free(indent);
    pending.s[--pending.n] = '\0';     /* the cell is one history entry */
    history_remember(pending.s);
    pending.s[pending.n++] = '\n';
    run_cell(buf_str(&pending));
    buf_clear(&pending);
    return NULL;
}

/* ---- the loop --------------------------------------------------------- */

static void setup_readline(void)
{
    rl_readline_name = "sift";
    rl_catch_signals = 1;               /* readline restores the terminal on */
    rl_persistent_signal_handlers = 1;  /* Ctrl-Z or SIGTERM at the prompt; */
    rl_catch_sigwinch = 0;              /* SIGINT and SIGWINCH stay ours */
    rl_attempted_completion_function = complete;
    rl_completion_word_break_hook = word_breaks;
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{}()[],+-*/%^!:";
    rl_startup_hook = startup_hook;
    rl_bind_key('}', close_bracket);
    rl_bind_key(']', close_bracket);
    rl_bind_key(')', close_bracket);
}

int repl_main(void)
{
    term_init();
    setup_readline();
    install_signals();
    bool c = term_colour();
    const char *main_prompt = c ? "\001\033[1;32m\002sift>\001\033[0m\002 " : "sift> ";
    const char *cont_prompt = c ? "\001\033[2m\002  ...\001\033[0m\002 " : "  ... ";
    char *indent = NULL;
    for (;;) {
        char *line = NULL;
        ReadStatus st = read_line(pending.n ? cont_prompt : main_prompt, indent, &line,
                                  interp ? NULL : late_init);
        free(indent);
        indent = NULL;
        if (st == READ_INTERRUPT) {
            buf_clear(&pending);
            continue;
        }
        if (st == READ_EOF) {
            term_puts(SIFT_STDOUT, "\n");
            if (pending.n == 0)
                break;
            buf_clear(&pending);        /* Ctrl-D abandons an unfinished cell */
            continue;
        }
        indent = take_line(line);
        free(line);
    }
    buf_free(&pending);
    history_close();
    sig_interp = NULL;
    sift_free(interp);
    interp = NULL;
    return 0;
}
