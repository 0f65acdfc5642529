/*
 * error.c — raising errors and building their report.
 *
 * An error has a kind, a message, and a trace of positions, innermost
 * first: where it happened, then each call site it passed through. The
 * report reads:
 *
 *   cell 2, line 3, in f: ValueError: lengths differ (3 vs 4)
 *       y = a + b
 *           ^^^^^
 *   called from cell 4, line 1:
 *       f([1, 2, 3])
 *       ^^^^^^^^^^^^
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang/error.h"
#include "lang/lex.h"

#include "lang/mem.h"

static const char *const kind_names[] = {
#define X(k, s) s,
    ERROR_KINDS(X)
#undef X
};

const char *err_kind_name(ErrKind k) { return kind_names[k]; }

void err_clear(Interp *I)
{
    Error *e = &I->err;
    for (int i = 0; i < e->ntrace; i++) {
        mem_free(e->trace[i].where);
        mem_free(e->trace[i].fname);
        mem_free(e->trace[i].line);
    }
    e->ntrace = 0;
    e->set = false;
    e->positioned = false;
    e->msg[0] = 0;
}

Status err_raise(Interp *I, ErrKind kind, const char *fmt, ...)
{
    err_clear(I);
    I->err.set = true;
    I->err.kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(I->err.msg, sizeof I->err.msg, fmt, ap);
    va_end(ap);
    return ST_ERR;
}

Status err_oom(Interp *I) { return err_raise(I, ERR_MEMORY, "out of memory"); }

Status err_interrupted(Interp *I)
{
    I->interrupted = 0;
    return err_raise(I, ERR_INTERRUPT, "interrupted by the user");
}

/* Lines longer than this are shown as a window around the caret. */
#define MAX_SHOWN_LINE 160

static size_t utf8_start(const char *s, size_t i, size_t n)
{
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* Replace bytes that are not UTF-8 by '?' (a report is text: the kernel
 * sends it as JSON). */
static char *utf8_clean(char *s)
{
    size_t n = strlen(s), len;
    for (size_t i = 0; i < n; i += len)
        if ((unsigned char)s[i] >= 0x80 && lex_utf8_decode((const unsigned char *)s + i, n - i, &len) < 0) {
            s[i] = '?';
            len = 1;
        } else if ((unsigned char)s[i] < 0x80) {
            len = 1;
        }
    return s;
}

/* A copy of the source line (mem_alloc'd); a long one is cut to a window
 * around the caret with "..." on the cut sides, and *col, *width are
 * moved to match. */
static char *line_window(const char *line, size_t len, size_t *col, size_t *width)
{
    if (len <= MAX_SHOWN_LINE)
        return utf8_clean(mem_strndup(line, len));
    /* Centre on the caret; a caret wider than the window shows its end
     * (the operator of a long chain, the last step of a pipe). */
    size_t focus = *width > MAX_SHOWN_LINE / 2 ? *col + *width - MAX_SHOWN_LINE / 4 : *col;
    size_t from = focus > MAX_SHOWN_LINE / 2 ? focus - MAX_SHOWN_LINE / 2 : 0;
    from = utf8_start(line, from, len);
    size_t to = utf8_start(line, from + MAX_SHOWN_LINE < len ? from + MAX_SHOWN_LINE : len, len);
    bool left = from > 0, right = to < len;
    char *out = mem_alloc(to - from + 7);
    size_t k = 0;
    if (left) {
        memcpy(out, "...", 3);
        k = 3;
    }
    memcpy(out + k, line + from, to - from);
    k += to - from;
    if (right) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = 0;
    utf8_clean(out);
    size_t end = *col + *width;
    *col = *col >= from ? *col - from + (left ? 3 : 0) : (left ? 3 : 0);
    if (end > from)
        *width = end - from + (left ? 3 : 0) - *col;
    if (*col + *width > k)
        *width = k > *col ? k - *col : 1;
    return out;
}

static void push_entry(Interp *I, Node *n, Chunk *c, const char *fname)
{
    Error *e = &I->err;
    if (!c)
        return;
    if (e->ntrace == e->captrace) {
        e->captrace = e->captrace ? e->captrace * 2 : 8;
        e->trace = mem_realloc(e->trace, sizeof(TraceEntry) * (size_t)e->captrace);
    }
    int line, cpcol;
    chunk_position(c, n->off, &line, &cpcol);
    const char *start = c->src + n->off;
    while (start > c->src && start[-1] != '\n')
        start--;
    const char *end = strchr(start, '\n');
    size_t linelen = end ? (size_t)(end - start) : strlen(start);
    size_t col = (size_t)(c->src + n->off - start);
    size_t width = n->len ? n->len : 1;
    if (col + width > linelen)
        width = linelen > col ? linelen - col : 1;
    TraceEntry *t = &e->trace[e->ntrace++];
    char where[300];
    if (linelen > MAX_SHOWN_LINE)            /* the caret alone no longer tells where */
        snprintf(where, sizeof where, "%s, line %d, column %d", c->name, line, cpcol);
    else
        snprintf(where, sizeof where, "%s, line %d", c->name, line);
    t->where = mem_strdup(where);
    t->fname = fname ? mem_strdup(fname) : NULL;
    t->line = line_window(start, linelen, &col, &width);
    t->col = (int)col;
    t->width = (int)width;
}

/* The name of the sift function running now, or NULL at the top level. */
static const char *current_fname(Interp *I)
{
    if (!I->frame)
        return NULL;
    Str *n = I->frame->fn->proto->name;
    return n ? n->s : "fn";
}

/* The chunk code is running in: the current function's, or the cell's. */
static Chunk *current_chunk(Interp *I) { return I->frame ? I->frame->fn->chunk : I->chunk; }

void err_mark(Interp *I, Node *n)
{
    if (!I->err.set || I->err.positioned)
        return;
    I->err.positioned = true;
    push_entry(I, n, current_chunk(I), current_fname(I));
}

void err_push_call(Interp *I, Node *site)
{
    push_entry(I, site, current_chunk(I), current_fname(I));
}

void err_mark_offset(Interp *I, Chunk *c, uint32_t off, uint32_t len)
{
    Node n;
    memset(&n, 0, sizeof n);
    n.off = off;
    n.len = len;
    I->err.positioned = true;
    push_entry(I, &n, c, NULL);
}

/* Append the caret line for entry t to buf. */
static void caret_lines(char **buf, size_t *len, size_t *cap, const TraceEntry *t);
static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = mem_realloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = 0;
}

static void appendf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    append(buf, len, cap, tmp, (size_t)(n < (int)sizeof tmp ? n : (int)sizeof tmp - 1));
}

static void caret_lines(char **buf, size_t *len, size_t *cap, const TraceEntry *t)
{
    append(buf, len, cap, "    ", 4);
    append(buf, len, cap, t->line, strlen(t->line));
    append(buf, len, cap, "\n    ", 5);
    for (int i = 0; i < t->col; i++)
        append(buf, len, cap, t->line[i] == '\t' ? "\t" : " ", 1);
    for (int i = 0; i < t->width && i < 200; i++)
        append(buf, len, cap, "^", 1);
    append(buf, len, cap, "\n", 1);
}

static bool same_place(const TraceEntry *a, const TraceEntry *b)
{
    return a->col == b->col && strcmp(a->where, b->where) == 0 &&
           ((!a->fname && !b->fname) || (a->fname && b->fname && strcmp(a->fname, b->fname) == 0));
}

char *err_report(Interp *I)
{
    Error *e = &I->err;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    append(&buf, &len, &cap, "", 0);
    if (e->ntrace == 0) {
        appendf(&buf, &len, &cap, "%s: %s\n", err_kind_name(e->kind), e->msg);
        return buf;
    }
    for (int i = 0; i < e->ntrace; i++) {
        const TraceEntry *t = &e->trace[i];
        int same = 0;
        while (i > 0 && i + same < e->ntrace && same_place(&e->trace[i + same], &e->trace[i - 1]))
            same++;
        if (same > 0) {
            appendf(&buf, &len, &cap, "  [the call above repeated %d more time%s]\n", same, same == 1 ? "" : "s");
            i += same - 1;
            continue;
        }
        const char *lead = i == 0 ? "" : "called from ";
        if (t->fname)
            appendf(&buf, &len, &cap, "%s%s, in %s", lead, t->where, t->fname);
        else
            appendf(&buf, &len, &cap, "%s%s", lead, t->where);
        if (i == 0)
            appendf(&buf, &len, &cap, ": %s: %s", err_kind_name(e->kind), e->msg);
        append(&buf, &len, &cap, i == 0 ? "\n" : ":\n", i == 0 ? 1 : 2);
        caret_lines(&buf, &len, &cap, t);
    }
    return buf;
}
