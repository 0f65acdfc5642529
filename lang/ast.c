/*
 * ast.c — chunks: the arena and source text a cell's syntax tree lives in.
 * Invariant: a chunk is freed exactly when the last function defined in
 * it is gone and the cell has finished running (refcount 0).
 */
#include "lang/ast.h"

#include <string.h>

#include "lang/mem.h"

static const char *const op_names[] = {
#define X(k, s) s,
    BINARY_OPS(X)
#undef X
};

static const char *const kind_names[] = {
#define X(k) #k,
    NODE_KINDS(X)
#undef X
};

const char *ast_op_name(BinOp op) { return op_names[op]; }
const char *ast_kind_name(NodeKind k) { return kind_names[k]; }

#define BLOCK_SIZE 16384

Chunk *chunk_new(const char *name, const char *src, size_t len)
{
    Chunk *c = mem_calloc(sizeof(Chunk));
    c->o.rc = 1;
    c->name = mem_strdup(name);
    c->src = mem_strndup(src, len);
    c->srclen = len;
    return c;
}

void chunk_release(Chunk *c)
{
    if (!c || --c->o.rc > 0)
        return;
    for (int i = 0; i < c->nblocks; i++)
        mem_free(c->blocks[i]);
    for (int i = 0; i < c->nstrs; i++)
        obj_unref(c->strs[i]);
    mem_free(c->blocks);
    mem_free(c->strs);
    mem_free(c->name);
    mem_free(c->src);
    mem_free(c);
}

void *chunk_alloc(Chunk *c, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n > c->avail) {
        size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
        c->blocks = mem_realloc(c->blocks, sizeof(void *) * (size_t)(c->nblocks + 1));
        c->blocks[c->nblocks++] = mem_alloc(size);
        c->used = 0;
        c->avail = size;
    }
    char *p = (char *)c->blocks[c->nblocks - 1] + c->used;
    c->used += n;
    c->avail -= n;
    memset(p, 0, n);
    return p;
}

Str *chunk_str(Chunk *c, const char *s, size_t n)
{
    if (c->nstrs == c->capstrs) {
        c->capstrs = c->capstrs ? c->capstrs * 2 : 32;
        c->strs = mem_realloc(c->strs, sizeof(Str *) * (size_t)c->capstrs);
    }
    Str *r = str_new(s, n);
    c->strs[c->nstrs++] = r;
    return r;
}

void chunk_position(const Chunk *c, uint32_t off, int *line, int *col)
{
    int l = 1, k = 1;
    for (uint32_t i = 0; i < off && i < c->srclen; i++) {
        if (c->src[i] == '\n') {
            l++;
            k = 1;
        } else if (((unsigned char)c->src[i] & 0xC0) != 0x80) {
            k++;
        }
    }
    *line = l;
    *col = k;
}
