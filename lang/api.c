/*
 * api.c — the public entry points of sift.h: creating and freeing an
 * interpreter, running a cell, rendering its result, is-complete and
 * interrupt. The top of lang/: it ties the parser, the evaluator, the
 * core built-ins and the renderers together, and nothing in lang/ calls
 * back into it.
 *
 * Invariant: between cells, I->frame is NULL, I->depth is 0 and no error
 * is set; every global bound before a failing cell keeps its value (a
 * cell's statements run one by one and assignment happens only when its
 * right side succeeded).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/cstack.h"
#include "lang/error.h"
#include "lang/eval.h"
#include "lang/interp.h"
#include "lang/mem.h"
#include "lang/parse.h"
#include "lang/show.h"

/* ---- lifetime -------------------------------------------------------------- */

Interp *sift_new(const SiftHost *host)
{
    mem_tune();
    cstack_init();
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
    r->traceback = mem_to_malloc(rep);
    err_clear(I);
}

/* Parse and run src as chunk `name`; the last value goes to *last. */
static Status run_source(Interp *I, const char *name, const char *src, size_t len, Value *last,
                         bool *has_last)
{
    Chunk *c = chunk_new(name, src, len);
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
        cstack_init();                           /* once per thread */
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
    return sift_run_n(I, name, src, strlen(src));
}

SiftResult sift_run_n(Interp *I, const char *name, const char *src, size_t len)
{
    SiftResult r;
    memset(&r, 0, sizeof r);
    Value last;
    bool has;
    if (run_source(I, name, src, len, &last, &has) != ST_OK) {
        fill_error(I, &r);
        return r;
    }
    if (has) {
        if (show_render(I, last, &r.value) != ST_OK)
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
