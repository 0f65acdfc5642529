/*
 * complete.c — completion and inspection at a cursor, for the REPL's tab
 * key and the kernel's complete/inspect requests.
 *
 * The word before the cursor is completed against keywords, globals and
 * built-ins; after `x.` it is completed against x's columns (a frame) or
 * fields (a record), where x is a global. Nothing here runs user code.
 */
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/interp.h"
#include "lang/lex.h"
#include "lang/mem.h"
#include "lang/show.h"

static int is_word(unsigned char c) { return c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

typedef struct Cands {
    char **items;
    int n, cap;
} Cands;

static void cand_add(Cands *c, const char *s, size_t plen, const char *prefix)
{
    if (strncmp(s, prefix, plen) != 0)
        return;
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->items[i], s) == 0)
            return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->items = realloc(c->items, sizeof(char *) * (size_t)c->cap);
    }
    c->items[c->n++] = strdup(s);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The global value named by src[start..end), or NULL. Borrowed. */
static Value *global_named(Interp *I, const char *src, size_t start, size_t end)
{
    char *name = mem_strndup(src + start, end - start);
    Value *v = interp_lookup_borrow(I, name);
    mem_free(name);
    return v;
}

static void member_candidates(Interp *I, Value *x, Cands *c, const char *prefix, size_t plen)
{
    if (x->t == T_FRAME)
        for (int i = 0; i < x->u.f->ncol; i++)
            cand_add(c, x->u.f->names[i]->s, plen, prefix);
    else if (x->t == T_RECORD)
        for (int i = 0; i < x->u.r->len; i++)
            cand_add(c, x->u.r->keys[i]->s, plen, prefix);
}

SiftCompletions sift_complete(Interp *I, const char *src, size_t cursor)
{
    SiftCompletions out = {0, NULL, cursor, cursor};
    size_t len = strlen(src);
    if (cursor > len)
        cursor = len;
    size_t start = cursor;
    while (start > 0 && is_word((unsigned char)src[start - 1]))
        start--;
    char *prefix = mem_strndup(src + start, cursor - start);
    size_t plen = cursor - start;
    Cands c = {0};
    if (start > 0 && src[start - 1] == '.') {
        size_t oend = start - 1, ostart = oend;
        while (ostart > 0 && is_word((unsigned char)src[ostart - 1]))
            ostart--;
        Value *x = ostart < oend ? global_named(I, src, ostart, oend) : NULL;
        if (x)
            member_candidates(I, x, &c, prefix, plen);
    } else if (start > 0 && (src[start - 1] == '"' || src[start - 1] == '\'')) {
        /* df["col  → column names inside a string index */
        size_t b = start - 1, oend = b > 0 && src[b - 1] == '[' ? b - 1 : b, ostart = oend;
        while (ostart > 0 && is_word((unsigned char)src[ostart - 1]))
            ostart--;
        Value *x = oend < b && ostart < oend ? global_named(I, src, ostart, oend) : NULL;
        if (x)
            member_candidates(I, x, &c, prefix, plen);
    } else {
        for (int i = 0; lex_keywords[i]; i++)
            cand_add(&c, lex_keywords[i], plen, prefix);
        for (int i = 0; i < I->g.n; i++)
            if (I->g.vals[i].t != T_UNDEF || I->g.builtin[i])
                cand_add(&c, I->g.names[i]->s, plen, prefix);
    }
    mem_free(prefix);
    qsort(c.items, (size_t)c.n, sizeof(char *), cmp_str);
    out.n = c.n;
    out.items = c.items;
    out.start = start;
    out.end = cursor;
    return out;
}

void sift_completions_free(SiftCompletions *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->items[i]);
    free(c->items);
    c->items = NULL;
    c->n = 0;
}

static char *describe_value(Interp *I, const char *name, Value v)
{
    SBuf b = {0};
    if (v.t == T_BUILTIN) {
        char *h = builtin_help(v.u.bi);
        sb_puts(&b, h);
        mem_free(h);
    } else {
        sb_printf(&b, "%s: %s\n", name, val_type_name(v));
        if (v.t == T_FRAME)
            sb_printf(&b, "%lld rows x %d columns\n", (long long)v.u.f->nrow, v.u.f->ncol);
        char *s = show_plain(I, v, true);
        sb_puts(&b, s);
        sb_puts(&b, "\n");
        mem_free(s);
    }
    char *m = sb_take(&b);
    char *r = strdup(m);
    mem_free(m);
    return r;
}

char *sift_inspect(Interp *I, const char *src, size_t cursor)
{
    size_t len = strlen(src);
    if (cursor > len)
        cursor = len;
    size_t start = cursor, end = cursor;
    while (start > 0 && is_word((unsigned char)src[start - 1]))
        start--;
    while (end < len && is_word((unsigned char)src[end]))
        end++;
    if (start == end && start > 0 && src[start - 1] == '(') {
        /* f(|  → inspect f */
        end = --start;
        while (start > 0 && is_word((unsigned char)src[start - 1]))
            start--;
    }
    if (start == end)
        return NULL;
    char *name = mem_strndup(src + start, end - start);
    Value *v = interp_lookup_borrow(I, name);
    char *r = v ? describe_value(I, name, *v) : NULL;
    mem_free(name);
    return r;
}
