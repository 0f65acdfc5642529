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

static void push_entry(Interp *I, Node *n, Chunk *c, const char *fname)
{
    Error *e = &I->err;
    if (!c)
        return;
    if (e->ntrace == e->captrace) {
        e->captrace = e->captrace ? e->captrace * 2 : 8;
        e->trace = mem_realloc(e->trace, sizeof(TraceEntry) * (size_t)e->captrace);
    }
    int line, col;
    chunk_position(c, n->off, &line, &col);
    const char *start = c->src + n->off;
    while (start > c->src && start[-1] != '\n')
        start--;
    const char *end = strchr(start, '\n');
    size_t linelen = end ? (size_t)(end - start) : strlen(start);
    TraceEntry *t = &e->trace[e->ntrace++];
    char where[300];
    snprintf(where, sizeof where, "%s, line %d", c->name, line);
    t->where = mem_strdup(where);
    t->fname = fname ? mem_strdup(fname) : NULL;
    t->line = mem_strndup(start, linelen);
    t->col = (int)(c->src + n->off - start);
    size_t width = n->len ? n->len : 1;
    if (t->col + width > linelen)
        width = linelen > (size_t)t->col ? linelen - (size_t)t->col : 1;
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
