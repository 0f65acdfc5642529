/*
 * report.c — `sift report FILE.sift -o out.html`.
 *
 * The script is cut into top-level statements and run one statement at a
 * time in one interpreter, like notebook cells. Each statement's code is
 * written to the page followed by what it produced, in order: stream text
 * (stdout, stderr), displays and the value of a bare expression, using
 * text/html when a bundle has it (tables), image/png as a base64 data URI
 * (plots), and text/plain otherwise. The result is one self-contained
 * HTML file with no external references and no timestamp, so the same
 * script and data give the same bytes.
 *
 * Splitting: lines are added to a statement until sift_is_complete calls
 * the accumulated text complete (or invalid: the error then belongs to
 * that statement). Blank and comment-only lines join the next statement,
 * and a line starting with `else` continues the previous `if`. Each
 * statement is run with as many leading newlines as it has lines before
 * it, so error positions are lines of the file.
 *
 * The first error ends the run: its traceback goes into the page and to
 * stderr, the page is still written, and the exit status is 1.
 */
#include "repl/report.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repl/buf.h"
#include "repl/runner.h"
#include "repl/term.h"

#define REPORT_WIDTH 100        /* text/plain width in the page, columns */

/* What the host collects while one statement runs. */
typedef struct Collector {
    Buf html;                   /* output of the current statement */
    Buf stream;                 /* open run of stream text */
    int stream_kind;            /* 0, SIFT_STDOUT or SIFT_STDERR */
} Collector;

/* ---- HTML helpers ----------------------------------------------------- */

static void put_escaped(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '&': buf_puts(b, "&amp;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        default: buf_add(b, s + i, 1);
        }
    }
}

static void put_base64(Buf *b, const unsigned char *p, size_t n)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n) v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n) v |= p[i + 2];
        char q[4] = { tab[v >> 18 & 63], tab[v >> 12 & 63],
                      i + 1 < n ? tab[v >> 6 & 63] : '=', i + 2 < n ? tab[v & 63] : '=' };
        buf_add(b, q, 4);
    }
}

static void put_pre(Buf *b, const char *cls, const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == '\n')
        n--;
    buf_printf(b, "<pre class=\"%s\">", cls);
    put_escaped(b, s, n);
    buf_puts(b, "</pre>\n");
}

/* ---- the host --------------------------------------------------------- */

static void close_stream(Collector *c)
{
    if (c->stream_kind && c->stream.n)
        put_pre(&c->html, c->stream_kind == SIFT_STDERR ? "stderr" : "stdout",
                c->stream.s, c->stream.n);
    buf_clear(&c->stream);
    c->stream_kind = 0;
}

static void put_bundle(Collector *c, const SiftBundle *b)
{
    const SiftMime *png = sift_bundle_get(b, "image/png");
    const SiftMime *html = sift_bundle_get(b, "text/html");
    const SiftMime *txt = sift_bundle_get(b, "text/plain");
    close_stream(c);
    if (png) {
        buf_puts(&c->html, "<div class=\"plot\"><img alt=\"plot\"");
        if (b->width > 0 && b->height > 0)
            buf_printf(&c->html, " width=\"%d\" height=\"%d\"", b->width, b->height);
        buf_puts(&c->html, " src=\"data:image/png;base64,");
        put_base64(&c->html, (const unsigned char *)png->data, png->len);
        buf_puts(&c->html, "\"></div>\n");
    } else if (html) {
        buf_puts(&c->html, "<div class=\"html\">");
        buf_add(&c->html, html->data, html->len);
        buf_puts(&c->html, "</div>\n");
    } else if (txt && txt->len) {
        put_pre(&c->html, "value", txt->data, txt->len);
    }
}

static void host_write(void *ud, int stream, const char *s, size_t n)
{
    Collector *c = ud;
    if (c->stream_kind != stream)
        close_stream(c);
    c->stream_kind = stream;
    buf_add(&c->stream, s, n);
}

static void host_display(void *ud, const SiftBundle *b, const char *id, bool update)
{
    (void)update;
    if (id && strncmp(id, "sift-progress-", 14) == 0)
        return;                      /* progress bars are not part of a report */
    put_bundle(ud, b);
}

static void host_clear(void *ud, bool wait)
{
    Collector *c = ud;
    (void)wait;
    buf_clear(&c->stream);
    c->stream_kind = 0;
    buf_clear(&c->html);
}

/* ---- splitting the script --------------------------------------------- */

/* Whether the line holds only blanks or a comment. */
static bool is_blank_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    return i == n || s[i] == '#';
}

/* Whether the first non-blank line from p starts with the word `else`. */
static bool next_is_else(const char *p)
{
    while (*p) {
        const char *e = strchrnul(p, '\n');
        if (!is_blank_line(p, (size_t)(e - p))) {
            p += strspn(p, " \t");
            return strncmp(p, "else", 4) == 0 && !isalnum((unsigned char)p[4]) && p[4] != '_';
        }
        p = *e ? e + 1 : e;
    }
    return false;
}

/* ---- the report ------------------------------------------------------- */

static const char style[] =
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;color:#222}\n"
    "h1{font-size:1.4rem}\n"
    "pre{margin:0;padding:.5rem .75rem;overflow-x:auto;white-space:pre-wrap}\n"
    "pre.code{background:#f4f4f8;border-left:3px solid #7a7ab8;margin-top:1.25rem}\n"
    "pre.stderr{background:#fff6e0}\n"
    "pre.error{background:#fdecea;color:#a00}\n"
    ".out{margin:.25rem 0}\n"
    "table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}\n"
    "th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}\n"
    "img{max-width:100%;height:auto}\n";

static void page_open(Buf *page, const char *title)
{
    buf_puts(page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"generator\" content=\"sift ");
    put_escaped(page, sift_version(), strlen(sift_version()));
    buf_puts(page, "\">\n<title>");
    put_escaped(page, title, strlen(title));
    buf_printf(page, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
    put_escaped(page, title, strlen(title));
    buf_puts(page, "</h1>\n");
}

/* Run one statement (lines from `line`) and append its section. Returns
 * false when it raised an error. */
static bool run_statement(Interp *I, Collector *c, Buf *page, const char *name,
                          const char *code, int line)
{
    Buf src = {0};
    for (int i = 1; i < line; i++)
        buf_add(&src, "\n", 1);
    buf_puts(&src, code);
    SiftResult r = sift_run(I, name, buf_str(&src));
    buf_free(&src);
    if (r.status != SIFT_OK) {
        close_stream(c);
        const char *tb = r.traceback ? r.traceback : (r.evalue ? r.evalue : "error");
        put_pre(&c->html, "error", tb, strlen(tb));
        term_error(&r);
    } else if (r.has_value) {
        put_bundle(c, &r.value);
    }
    close_stream(c);
    bool ok = r.status == SIFT_OK;
    sift_result_free(&r);
    buf_puts(page, "<section>\n");
    put_pre(page, "code", code, strlen(code));
    if (c->html.n) {
        buf_puts(page, "<div class=\"out\">\n");
        buf_add(page, buf_str(&c->html), c->html.n);
        buf_puts(page, "</div>\n");
    }
    buf_puts(page, "</section>\n");
    buf_clear(&c->html);
    return ok;
}

/* Cut src into statements and run them in order; false at the first
 * error. */
static bool run_all(Interp *I, Collector *c, Buf *page, const char *name, const char *src)
{
    Buf stmt = {0};
    int first = 1, lineno = 0;
    bool ok = true, only_blank = true;
    const char *p = src;
    while (ok && *p) {
        const char *e = strchrnul(p, '\n');
        size_t len = (size_t)(e - p);
        lineno++;
        if (stmt.n == 0 && strspn(p, " \t\r") == len) {
            first = lineno + 1;             /* empty lines between statements */
            p = *e ? e + 1 : e;
            continue;
        }
        buf_add(&stmt, p, len + (*e ? 1 : 0));
        only_blank = only_blank && is_blank_line(p, len);
        p = *e ? e + 1 : e;
        if (only_blank || sift_is_complete(I, buf_str(&stmt), NULL) == SIFT_INCOMPLETE || next_is_else(p))
            continue;
        ok = run_statement(I, c, page, name, buf_str(&stmt), first);
        buf_clear(&stmt);
        first = lineno + 1;
        only_blank = true;
    }
    if (ok && stmt.n && !only_blank)
        ok = run_statement(I, c, page, name, buf_str(&stmt), first);
    buf_free(&stmt);
    return ok;
}

static int write_file(const char *path, const Buf *page)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buf_str(page), 1, page->n, f) != page->n || fclose(f) != 0) {
        fprintf(stderr, "sift: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

static int read_script(const char *path, Buf *src)
{
    FILE *f = fopen(path, "rb");
    if (!f || buf_read_file(src, f) != 0) {
        fprintf(stderr, "sift: cannot read %s: %s\n", path, strerror(errno));
        if (f)
            fclose(f);
        return 1;
    }
    fclose(f);
    return 0;
}

/* FILE.sift → FILE.html */
static char *default_output(const char *in)
{
    Buf b = {0};
    size_t n = strlen(in);
    if (n > 5 && strcmp(in + n - 5, ".sift") == 0)
        n -= 5;
    buf_add(&b, in, n);
    buf_puts(&b, ".html");
    return b.s;
}

static int make_report(const char *in, const char *out)
{
    Buf src = {0}, page = {0};
    if (read_script(in, &src) != 0)
        return 1;
    term_init();
    Collector c = {0};
    SiftHost h = { .ud = &c, .write = host_write, .display = host_display,
                   .clear_output = host_clear };
    Interp *I = runner_open(h);
    sift_set_width(I, REPORT_WIDTH);
    if (memchr(src.s, 0, src.n)) {
        /* A NUL byte would cut the script short: let the interpreter
         * report it (it rejects the source before running any of it). */
        SiftResult r = sift_run_n(I, in, src.s, src.n);
        term_error(&r);
        sift_result_free(&r);
        runner_close(I);
        buf_free(&src);
        return 1;
    }
    const char *base = strrchr(in, '/') ? strrchr(in, '/') + 1 : in;
    page_open(&page, base);
    bool ok = run_all(I, &c, &page, in, buf_str(&src));
    buf_puts(&page, "</body>\n</html>\n");
    runner_close(I);
    int status = write_file(out, &page);
    if (status == 0)
        fprintf(stderr, "sift: wrote %s\n", out);
    buf_free(&src);
    buf_free(&page);
    buf_free(&c.html);
    buf_free(&c.stream);
    return status ? status : (ok ? 0 : 1);
}

int report_main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] != '-' && !in)
            in = argv[i];
        else {
            fprintf(stderr, "sift: bad report argument: %s\n"
                            "usage: sift report FILE.sift [-o OUT.html]\n", argv[i]);
            return 2;
        }
    }
    if (!in) {
        fputs("usage: sift report FILE.sift [-o OUT.html]\n", stderr);
        return 2;
    }
    char *def = out ? NULL : default_output(in);
    int status = make_report(in, out ? out : def);
    free(def);
    return status;
}
