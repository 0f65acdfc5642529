/*
 * term.c — terminal output for the sift program.
 *
 * Everything the interpreter says reaches the user through here: stream
 * writes, display bundles (text, or an inline image when the terminal can
 * draw one) and error reports. Colour is decided once at start-up and is
 * only ever used when stdout is a terminal and NO_COLOR is not set. The
 * module remembers whether stdout last ended a line, so the REPL can put
 * its prompt on a fresh line.
 */
#include "repl/term.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "repl/image.h"

static bool colour_on;
static bool colour_err;         /* colour_on, and stderr is a terminal too */
static bool images_on;
static bool at_line_start = true;
static int plot_seq;

void term_init(void)
{
    const char *nc = getenv("NO_COLOR");
    const char *t = getenv("TERM");
    bool tty = isatty(STDOUT_FILENO);
    bool dumb = t && strcmp(t, "dumb") == 0;
    colour_on = tty && !(nc && *nc) && !dumb;
    colour_err = colour_on && isatty(STDERR_FILENO);
    images_on = tty && !dumb;
}

bool term_colour(void)
{
    return colour_on;
}

int term_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    int n = c ? atoi(c) : 0;
    return n > 0 ? n : 80;
}

void term_write(int stream, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (stream == SIFT_STDERR) {
        fflush(stdout);
        fwrite(s, 1, n, stderr);
        fflush(stderr);
        return;
    }
    fwrite(s, 1, n, stdout);
    fflush(stdout);
    at_line_start = s[n - 1] == '\n';
}

void term_puts(int stream, const char *s)
{
    term_write(stream, s, strlen(s));
}

void term_fresh_line(void)
{
    if (!at_line_start)
        term_write(SIFT_STDOUT, "\n", 1);
}

/* Write text to stderr, wrapped in red when colour is on. */
static void write_red(const char *s)
{
    size_t n = strlen(s);
    if (colour_err)
        term_puts(SIFT_STDERR, "\033[31m");
    term_write(SIFT_STDERR, s, n);
    if (colour_err)
        term_puts(SIFT_STDERR, "\033[0m");
    if (n == 0 || s[n - 1] != '\n')
        term_write(SIFT_STDERR, "\n", 1);
}

void term_error(const SiftResult *r)
{
    term_fresh_line();
    if (r->traceback && *r->traceback) {
        write_red(r->traceback);
        return;
    }
    char buf[1024];
    snprintf(buf, sizeof buf, "%s: %s", r->ename ? r->ename : "Error",
             r->evalue ? r->evalue : "");
    write_red(buf);
}

/* Write a PNG into $SIFT_PLOT_DIR under the first free name
 * plot-N.png and print the path. Failures are reported, not fatal. */
static void save_plot(const char *dir, const SiftMime *png)
{
    char path[4096];
    int fd = -1;
    for (int tries = 0; tries < 10000 && fd < 0; tries++) {
        snprintf(path, sizeof path, "%s/plot-%d.png", dir, ++plot_seq);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        fprintf(stderr, "sift: cannot write plot to %s: %s\n", dir, strerror(errno));
        return;
    }
    ssize_t w = write(fd, png->data, png->len);
    close(fd);
    if (w != (ssize_t)png->len) {
        fprintf(stderr, "sift: short write to %s\n", path);
        return;
    }
    char line[4200];
    snprintf(line, sizeof line, "plot saved: %s\n", path);
    term_puts(SIFT_STDOUT, line);
}

/* Draw an image inline if the terminal can; true when it did. */
static bool show_image(const SiftMime *png)
{
    if (!images_on)
        return false;
    char *esc = image_render(png->data, png->len, term_width());
    if (!esc)
        return false;
    term_fresh_line();
    term_puts(SIFT_STDOUT, esc);
    term_fresh_line();
    free(esc);
    return true;
}

void term_show(const SiftBundle *b)
{
    const SiftMime *png = sift_bundle_get(b, "image/png");
    const char *dir = getenv("SIFT_PLOT_DIR");
    if (png && dir && *dir)
        save_plot(dir, png);
    if (png && show_image(png))
        return;
    const SiftMime *txt = sift_bundle_get(b, "text/plain");
    if (!txt || txt->len == 0)
        return;
    term_fresh_line();
    term_write(SIFT_STDOUT, txt->data, txt->len);
    term_fresh_line();
}

static void host_write(void *ud, int stream, const char *s, size_t n)
{
    (void)ud;
    term_write(stream, s, n);
}

/* A long built-in's progress (lang/progress.h): one bar on stderr,
 * redrawn in place, finished with a newline when the final state (with
 * its elapsed time) arrives. Nothing when stderr is not a terminal. */
static void show_progress(const SiftBundle *b)
{
    const SiftMime *txt = sift_bundle_get(b, "text/plain");
    if (!txt || !isatty(STDERR_FILENO))
        return;
    bool final = txt->len > 3 && strcmp(txt->data + txt->len - 3, " s)") == 0;
    fprintf(stderr, "\r%s\033[K%s", txt->data, final ? "\n" : "");
    fflush(stderr);
}

static void host_display(void *ud, const SiftBundle *b, const char *id, bool update)
{
    (void)ud; (void)update;
    if (id && strncmp(id, "sift-progress-", 14) == 0)
        show_progress(b);
    else
        term_show(b);
}

SiftHost term_host(void)
{
    SiftHost h = {0};
    h.write = host_write;
    h.display = host_display;
    return h;
}
