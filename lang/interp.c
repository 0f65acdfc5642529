/*
 * interp.c — the interpreter object: globals, host services, rendering,
 * and the public entry points of sift.h (run a cell, is-complete,
 * interrupt).
 *
 * Invariant: between cells, I->frame is NULL, I->depth is 0 and no error
 * is set; every global bound before a failing cell keeps its value (a
 * cell's statements run one by one and assignment happens only when its
 * right side succeeded).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/error.h"
#include "lang/interp.h"
#include "lang/mem.h"
#include "lang/parse.h"
#include "lang/show.h"

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

/* ---- lifetime -------------------------------------------------------------- */

Interp *sift_new(const SiftHost *host)
{
    mem_tune();
    Interp *I = mem_calloc(sizeof(Interp));
    if (host)
        I->host = *host;
    I->width = 80;
    I->ret = val_null();
    I->options = record_new(8);
    rng_seed(&I->rng, 42);
    core_open(I);
    return I;
}

void sift_free(Interp *I)
{
    if (!I)
        return;
    for (int i = 0; i < I->g.n; i++) {
        val_unref(I->g.vals[i]);
        obj_unref(I->g.names[i]);
    }
    mem_free(I->g.names);
    mem_free(I->g.vals);
    mem_free(I->g.builtin);
    mem_free(I->g.index);
    for (int i = 0; i < I->nbuiltins; i++)
        builtin_free(I->builtins[i]);
    mem_free(I->builtins);
    mem_free(I->modules);
    err_clear(I);
    mem_free(I->err.trace);
    obj_unref(I->options);
    mem_free(I);
}

void sift_interrupt(Interp *I) { I->interrupted = 1; }
void sift_set_width(Interp *I, int columns) { I->width = columns > 20 ? columns : 20; }
const char *sift_version(void) { return SIFT_VERSION; }

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
    if (!I->host.input) {
        err_raise(I, ERR_IO, "input: this front end cannot read input");
        return NULL;
    }
    char *line = I->host.input(I->host.ud, prompt, false);
    if (!line) {
        if (I->interrupted)
            err_interrupted(I);
        else
            err_raise(I, ERR_IO, "input: no input available");
    }
    return line;
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

/* Bundle data is plain malloc so front ends can free it without lang/. */
static char *to_malloc(char *s_mem)
{
    size_t n = strlen(s_mem);
    char *r = malloc(n + 1);
    if (r)
        memcpy(r, s_mem, n + 1);
    mem_free(s_mem);
    return r;
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

Status interp_render(Interp *I, Value v, SiftBundle *b)
{
    memset(b, 0, sizeof *b);
    if (v.t == T_FOREIGN && v.u.fo->cls->render) {
        if (!v.u.fo->cls->render(I, v.u.fo->data, b)) {
            sift_bundle_free(b);
            return I->err.set ? ST_ERR : err_raise(I, ERR_VALUE, "cannot display this %s", v.u.fo->cls->name);
        }
        return ST_OK;
    }
    char *text = to_malloc(show_plain(I, v, true));
    bundle_add(b, "text/plain", text, strlen(text));
    if (v.t == T_FRAME) {
        char *html = to_malloc(show_frame_html(v.u.f));
        bundle_add(b, "text/html", html, strlen(html));
    }
    return ST_OK;
}

Status interp_display(Interp *I, Value v, const char *id, bool update)
{
    SiftBundle b;
    if (interp_render(I, v, &b) != ST_OK)
        return ST_ERR;
    if (I->host.display)
        I->host.display(I->host.ud, &b, id, update);
    sift_bundle_free(&b);
    return ST_OK;
}

/* ---- running cells ---------------------------------------------------------------- */

static char *dup_malloc(const char *s)
{
    char *r = malloc(strlen(s) + 1);
    if (r)
        strcpy(r, s);
    return r;
}

static void fill_error(Interp *I, SiftResult *r)
{
    r->status = SIFT_ERROR;
    r->ename = dup_malloc(err_kind_name(I->err.kind));
    r->evalue = dup_malloc(I->err.msg);
    char *rep = err_report(I);
    r->traceback = to_malloc(rep);
    err_clear(I);
}

/* Parse and run src as chunk `name`; the last value goes to *last. */
static Status run_source(Interp *I, const char *name, const char *src, Value *last, bool *has_last)
{
    Chunk *c = chunk_new(name, src, strlen(src));
    ParseResult pr = parse_chunk(I, c);
    Status st;
    *has_last = false;
    *last = val_null();
    if (pr.status != PARSE_OK) {
        st = err_raise(I, ERR_SYNTAX, "%s", pr.msg[0] ? pr.msg : "incomplete input");
        if (pr.status == PARSE_INCOMPLETE && !pr.msg[0])
            snprintf(I->err.msg, sizeof I->err.msg, "unexpected end of input");
        err_mark_offset(I, c, pr.err_off, pr.err_len);
    } else {
        Chunk *saved = I->chunk;
        I->chunk = c;
        I->interrupted = 0;
        st = eval_chunk(I, pr.root, last, has_last);
        I->chunk = saved;
        I->frame = NULL;
        I->depth = 0;
    }
    chunk_release(c);
    return st;
}

SiftResult sift_run(Interp *I, const char *name, const char *src)
{
    SiftResult r;
    memset(&r, 0, sizeof r);
    Value last;
    bool has;
    if (run_source(I, name, src, &last, &has) != ST_OK) {
        fill_error(I, &r);
        return r;
    }
    if (has) {
        if (interp_render(I, last, &r.value) != ST_OK)
            fill_error(I, &r);
        else
            r.has_value = true;
    }
    val_unref(last);
    return r;
}

SiftResult sift_eval_render(Interp *I, const char *src) { return sift_run(I, "<expression>", src); }

void sift_result_free(SiftResult *r)
{
    sift_bundle_free(&r->value);
    free(r->ename);
    free(r->evalue);
    free(r->traceback);
    memset(r, 0, sizeof *r);
}

Status interp_eval_source(Interp *I, const char *name, const char *src, Value *out)
{
    bool has;
    Status st = run_source(I, name, src, out, &has);
    if (st != ST_OK)
        err_clear(I);
    return st;
}

SiftCompleteness sift_is_complete(Interp *I, const char *src, char **indent)
{
    Chunk *c = chunk_new("<input>", src, strlen(src));
    ParseResult pr = parse_chunk(NULL, c);
    chunk_release(c);
    if (indent)
        *indent = NULL;
    if (pr.status == PARSE_OK)
        return SIFT_COMPLETE;
    if (pr.status == PARSE_ERROR)
        return SIFT_INVALID;
    if (indent) {
        int n = pr.depth * 4;
        *indent = malloc((size_t)n + 1);
        if (*indent) {
            memset(*indent, ' ', (size_t)n);
            (*indent)[n] = 0;
        }
    }
    return SIFT_INCOMPLETE;
}
