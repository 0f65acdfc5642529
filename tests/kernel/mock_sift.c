/*
 * mock_sift.c — a toy implementation of lang/sift.h and stdlib/stdlib.h
 * for exercising the kernel's transport, wire and dispatch layers before
 * (or without) the real interpreter. It understands one statement per
 * line from a tiny fixed repertoire: print/warn/show/display/
 * update_display/clear_output/input calls, `while true {}`, `a + b` on
 * integers, `x = ...` assignments and `?`-free names. Build it with
 * tests/kernel/build_mock.sh; never linked into the real kernel.
 */
#include "lang/sift.h"
#include "stdlib/stdlib.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Interp {
    SiftHost host;
    volatile sig_atomic_t stop;
    int nvars;
    char names[64][32];
    long vals[64];
};

static long *var(Interp *I, const char *name, size_t n, bool create)
{
    for (int i = 0; i < I->nvars; i++)
        if (strlen(I->names[i]) == n && strncmp(I->names[i], name, n) == 0) return &I->vals[i];
    if (!create || I->nvars == 64 || n >= 32) return NULL;
    memcpy(I->names[I->nvars], name, n);
    I->names[I->nvars][n] = 0;
    return &I->vals[I->nvars++];
}

/* An integer literal or a known variable. */
static bool operand(Interp *I, const char **s, long *out)
{
    while (**s == ' ') (*s)++;
    if (isdigit((unsigned char)**s)) { *out = strtol(*s, (char **)s, 10); return true; }
    const char *a = *s;
    while (isalnum((unsigned char)**s) || **s == '_') (*s)++;
    long *v = var(I, a, (size_t)(*s - a), false);
    if (!v) return false;
    *out = *v;
    return true;
}

static const char *BUILTINS[] = { "print", "warn", "show", "display", "update_display",
                                  "clear_output", "input", "frame", "help", "mean" };
#define NB (int)(sizeof BUILTINS / sizeof *BUILTINS)

Interp *sift_new(const SiftHost *host)
{
    Interp *I = calloc(1, sizeof *I);
    if (I) I->host = *host;
    return I;
}
void sift_free(Interp *I) { free(I); }
bool sift_open_stdlib(Interp *I) { return I != NULL; }
void sift_interrupt(Interp *I) { I->stop = 1; }
void sift_set_width(Interp *I, int c) {}
int sift_builtin_count(Interp *I) { return NB; }
const char *sift_builtin_name(Interp *I, int i) { return BUILTINS[i]; }
char *sift_reference_markdown(Interp *I) { return strdup("# reference\n"); }
const char *sift_version(void) { return "0.1.0-mock"; }

void sift_bundle_free(SiftBundle *b)
{
    for (int i = 0; i < b->n; i++) { free(b->items[i].mime); free(b->items[i].data); }
    b->n = 0;
}
const SiftMime *sift_bundle_get(const SiftBundle *b, const char *mime)
{
    for (int i = 0; i < b->n; i++) if (strcmp(b->items[i].mime, mime) == 0) return &b->items[i];
    return NULL;
}
static void add(SiftBundle *b, const char *mime, const char *text)
{
    b->items[b->n].mime = strdup(mime);
    b->items[b->n].data = strdup(text);
    b->items[b->n].len = strlen(text);
    b->n++;
}
void sift_result_free(SiftResult *r)
{
    sift_bundle_free(&r->value);
    free(r->ename); free(r->evalue); free(r->traceback);
}

static SiftResult fail(const char *kind, const char *msg, const char *line)
{
    SiftResult r = { SIFT_ERROR, 0, { 0 }, strdup(kind), strdup(msg), NULL };
    char tb[1024];
    snprintf(tb, sizeof tb, "cell, line 1:\n  %s\n  ^\n%s: %s", line, kind, msg);
    r.traceback = strdup(tb);
    return r;
}

/* The text between the first pair of double quotes after `from`. */
static char *quoted(const char *from)
{
    const char *a = strchr(from, '"');
    const char *b = a ? strchr(a + 1, '"') : NULL;
    return b ? strndup(a + 1, (size_t)(b - a - 1)) : strdup("");
}

static void show_frame(Interp *I, const char *id, bool update)
{
    SiftBundle b = { 0 };
    add(&b, "text/plain", "   a\n0  1\n1  2\n");
    add(&b, "text/html", "<table class=\"sift-frame\"><thead><tr><th></th><th>a</th></tr></thead>"
        "<tbody><tr><th>0</th><td>1</td></tr><tr><th>1</th><td>2</td></tr></tbody></table>"
        "<p>2 rows × 1 column</p>");
    if (I->host.display) I->host.display(I->host.ud, &b, id, update);
    sift_bundle_free(&b);
}

static SiftResult stmt(Interp *I, const char *s, bool last)
{
    SiftResult ok = { 0 };
    size_t n = strlen(s);
    if (strncmp(s, "print(input(", 12) == 0) {
        char *p = quoted(s);
        char *line = I->host.input ? I->host.input(I->host.ud, p, false) : NULL;
        free(p);
        if (!line) return I->stop ? fail("Interrupted", "interrupted", s)
                                  : fail("IOError", "input: no input available", s);
        I->host.write(I->host.ud, SIFT_STDOUT, line, strlen(line));
        I->host.write(I->host.ud, SIFT_STDOUT, "\n", 1);
        free(line);
    } else if (strncmp(s, "print(", 6) == 0 || strncmp(s, "warn(", 5) == 0) {
        char *p = quoted(s);
        int st = s[0] == 'w' ? SIFT_STDERR : SIFT_STDOUT;
        I->host.write(I->host.ud, st, p, strlen(p));
        I->host.write(I->host.ud, st, "\n", 1);
        free(p);
    } else if (strncmp(s, "show(", 5) == 0) {
        show_frame(I, NULL, false);
    } else if (strncmp(s, "display(", 8) == 0 || strncmp(s, "update_display(", 15) == 0) {
        char *id = quoted(s);
        show_frame(I, id, s[0] == 'u');
        free(id);
    } else if (strncmp(s, "clear_output(", 13) == 0) {
        I->host.clear_output(I->host.ud, strstr(s, "wait=true") != NULL);
    } else if (strncmp(s, "while true", 10) == 0) {
        while (!I->stop) {}
        return fail("Interrupted", "interrupted by the user", s);
    } else if (strncmp(s, "sleep", 5) == 0 || strncmp(s, "while i", 7) == 0) {
        struct timespec ts = { 0, 300 * 1000000L };
        nanosleep(&ts, NULL);
    } else if (n && s[n - 1] == '+') {
        return fail("SyntaxError", "expected an expression after '+', found end of input", s);
    } else if (strchr(s, '=') || (n && s[n - 1] == ';')) {
        /* assignment (of an integer: remembered) or silenced */
        const char *eq = strchr(s, '='), *e = s;
        while (isalnum((unsigned char)*e) || *e == '_') e++;
        long v = 0;
        const char *rhs = eq ? eq + 1 : s;
        if (eq && e > s && operand(I, &rhs, &v)) *var(I, s, (size_t)(e - s), true) = v;
        else if (eq && e > s) var(I, s, (size_t)(e - s), true);
    } else if (isdigit((unsigned char)s[0]) || var(I, s, strcspn(s, " +"), false)) {
        long a = 0, b = 0;
        char buf[64];
        const char *p = s;
        if (!operand(I, &p, &a)) return fail("SyntaxError", "bad number", s);
        while (*p == ' ') p++;
        if (*p == '+') { p++; if (!operand(I, &p, &b)) return fail("NameError", "bad operand", s); }
        snprintf(buf, sizeof buf, "%ld", a + b);
        if (last) { ok.has_value = true; add(&ok.value, "text/plain", buf); }
    } else if (n) {
        char msg[256];
        snprintf(msg, sizeof msg, "'%.200s' is not defined", s);
        return fail("NameError", msg, s);
    }
    return ok;
}

SiftResult sift_run(Interp *I, const char *name, const char *src)
{
    I->stop = 0;
    SiftResult r = { 0 };
    char *copy = strdup(src), *save = NULL;
    char *lines[256];
    int nl = 0;
    for (char *l = strtok_r(copy, "\n", &save); l && nl < 256; l = strtok_r(NULL, "\n", &save)) {
        while (isspace((unsigned char)*l)) l++;
        if (*l) lines[nl++] = l;
    }
    for (int i = 0; i < nl; i++) {
        sift_result_free(&r);
        r = stmt(I, lines[i], i == nl - 1);
        if (r.status != SIFT_OK) break;
    }
    free(copy);
    return r;
}

SiftResult sift_eval_render(Interp *I, const char *src) { return stmt(I, src, true); }

SiftCompleteness sift_is_complete(Interp *I, const char *src, char **indent)
{
    int depth = 0;
    for (const char *p = src; *p; p++) {
        if (*p == '{' || *p == '(' || *p == '[') depth++;
        if (*p == '}' || *p == ')' || *p == ']') if (--depth < 0) return SIFT_INVALID;
    }
    if (depth > 0) { if (indent) *indent = strdup("    "); return SIFT_INCOMPLETE; }
    return SIFT_COMPLETE;
}

static bool word_char(char c) { return isalnum((unsigned char)c) || c == '_' || (c & 0x80); }

SiftCompletions sift_complete(Interp *I, const char *src, size_t cursor)
{
    SiftCompletions c = { 0 };
    size_t start = cursor;
    while (start > 0 && word_char(src[start - 1])) start--;
    c.start = start;
    c.end = cursor;
    c.items = calloc(NB + 4, sizeof *c.items);
    size_t plen = cursor - start;
    if (start > 0 && src[start - 1] == '.') {
        static const char *cols[] = { "petal_length", "petal_width", "species" };
        for (int i = 0; i < 3; i++)
            if (strncmp(cols[i], src + start, plen) == 0) c.items[c.n++] = strdup(cols[i]);
        return c;
    }
    c.items = realloc(c.items, (NB + 68) * sizeof *c.items);
    for (int i = 0; i < NB; i++)
        if (strncmp(BUILTINS[i], src + start, plen) == 0) c.items[c.n++] = strdup(BUILTINS[i]);
    for (int i = 0; i < I->nvars; i++)
        if (strncmp(I->names[i], src + start, plen) == 0) c.items[c.n++] = strdup(I->names[i]);
    return c;
}

void sift_completions_free(SiftCompletions *c)
{
    for (int i = 0; i < c->n; i++) free(c->items[i]);
    free(c->items);
}

char *sift_inspect(Interp *I, const char *src, size_t cursor)
{
    size_t a = cursor, b = cursor, n = strlen(src);
    while (a > 0 && word_char(src[a - 1])) a--;
    while (b < n && word_char(src[b])) b++;
    for (int i = 0; i < NB; i++)
        if (strlen(BUILTINS[i]) == b - a && strncmp(BUILTINS[i], src + a, b - a) == 0) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s(x, ...)\n\nBuilt-in %s.", BUILTINS[i], BUILTINS[i]);
            return strdup(buf);
        }
    return NULL;
}
