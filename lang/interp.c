/*
 * interp.c — the interpreter's state and the services every layer of
 * lang/ and stdlib/ uses: the globals table, options, output through the
 * host, and display bundles. The entry points of sift.h are in api.c.
 *
 * Invariant: this file calls nothing above it (no parser, evaluator,
 * renderer or error raising), so any file of lang/ may use it. Globals:
 * a slot, once made for a name, keeps its index for the interpreter's
 * life (the parser resolves names to slots).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/interp.h"
#include "lang/mem.h"

/* ---- globals ------------------------------------------------------------ */

static void globals_grow(Globals *g)
{
    int cap = g->cap ? g->cap * 2 : 256;
    g->names = mem_realloc(g->names, sizeof(Str *) * (size_t)cap);
    g->vals = mem_realloc(g->vals, sizeof(Value) * (size_t)cap);
    g->builtin = mem_realloc(g->builtin, sizeof(Builtin *) * (size_t)cap);
    g->cap = cap;
    uint32_t slots = (uint32_t)cap * 2;
    mem_free(g->index);
    g->index = mem_calloc(sizeof(int32_t) * slots);
    g->mask = slots - 1;
    for (int i = 0; i < g->n; i++) {
        uint32_t h = g->names[i]->hash & g->mask;
        while (g->index[h])
            h = (h + 1) & g->mask;
        g->index[h] = i + 1;
    }
}

int interp_global_slot(Interp *I, Str *name)
{
    Globals *g = &I->g;
    if (g->n == g->cap)
        globals_grow(g);
    uint32_t h = name->hash & g->mask;
    while (g->index[h]) {
        int i = g->index[h] - 1;
        if (str_eq(g->names[i], name))
            return i;
        h = (h + 1) & g->mask;
    }
    obj_ref(name);
    g->names[g->n] = name;
    g->vals[g->n] = val_undef();
    g->builtin[g->n] = NULL;
    g->index[h] = g->n + 1;
    return g->n++;
}

Value *interp_lookup_borrow(Interp *I, const char *name)
{
    static Value tmp;
    Str *s = str_cstr(name);
    int slot = interp_global_slot(I, s);
    obj_unref(s);
    if (I->g.vals[slot].t != T_UNDEF)
        return &I->g.vals[slot];
    if (!I->g.builtin[slot])
        return NULL;
    tmp.t = T_BUILTIN;
    tmp.u.bi = I->g.builtin[slot];
    return &tmp;
}

Value *interp_option_borrow(Interp *I, const char *name) { return record_get_borrow(I->options, name); }

/* ---- host services --------------------------------------------------------- */

void interp_write(Interp *I, int stream, const char *s, size_t n)
{
    if (I->host.write && n)
        I->host.write(I->host.ud, stream, s, n);
}

void interp_printf(Interp *I, int stream, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    interp_write(I, stream, buf, (size_t)(n < (int)sizeof buf ? n : (int)sizeof buf - 1));
}

void interp_clear_output(Interp *I, bool wait)
{
    if (I->host.clear_output)
        I->host.clear_output(I->host.ud, wait);
}

char *interp_input(Interp *I, const char *prompt)
{
    return I->host.input ? I->host.input(I->host.ud, prompt, false) : NULL;
}

/* ---- bundles ------------------------------------------------------------------ */

void bundle_add(SiftBundle *b, const char *mime, char *data_take, size_t len)
{
    if (b->n == (int)(sizeof b->items / sizeof b->items[0])) {
        free(data_take);
        return;
    }
    SiftMime *m = &b->items[b->n++];
    m->mime = strdup(mime);
    m->data = data_take;
    m->len = len;
}

void sift_bundle_free(SiftBundle *b)
{
    for (int i = 0; i < b->n; i++) {
        free(b->items[i].mime);
        free(b->items[i].data);
    }
    b->n = 0;
}

const SiftMime *sift_bundle_get(const SiftBundle *b, const char *mime)
{
    for (int i = 0; i < b->n; i++)
        if (strcmp(b->items[i].mime, mime) == 0)
            return &b->items[i];
    return NULL;
}

