/*
 * gather.c — out[i] = src[idx[i]], with -1 giving NA: the primitive under
 * joins, sorting, sampling and filtering.
 *
 * Typed loops per element size; the validity bitmap of the result is
 * built a word (64 rows) at a time. Parallel in fixed blocks of
 * CP_CHUNK rows, which are whole bitmap words, so blocks never share a
 * word and the result is the same on any thread count.
 */
#include "compute/cpint.h"

typedef struct Gather {
    const CpCol *src;
    const int64_t *idx;
    int64_t n;
    void *out;
    uint64_t *valid;
    int64_t *nnull;                  /* per block */
} Gather;

#define COPY_LOOP(T)                                                          \
    do {                                                                      \
        const T *s = (const T *)G->src->data;                                 \
        T *o = (T *)G->out;                                                   \
        for (int64_t i = lo; i < hi; i++) {                                   \
            int64_t j = G->idx[i];                                            \
            o[i] = j >= 0 ? s[j] : (T)0;                                      \
        }                                                                     \
    } while (0)

static CpStatus gather_block(void *arg, int64_t b, const CpCtx *cx)
{
    Gather *G = arg;
    int64_t lo, hi;
    cp_block(b, G->n, &lo, &hi);
    switch (G->src->type) {
    case CP_F64: COPY_LOOP(double); break;
    case CP_BOOL: COPY_LOOP(uint8_t); break;
    case CP_I32: COPY_LOOP(int32_t); break;
    case CP_I64: COPY_LOOP(int64_t); break;
    }
    int64_t nulls = 0;
    const uint64_t *sv = G->src->valid;
    for (int64_t w = lo / 64; w * 64 < hi; w++) {
        uint64_t word = 0;
        int64_t end = (w + 1) * 64 < hi ? (w + 1) * 64 : hi;
        for (int64_t i = w * 64; i < end; i++) {
            int64_t j = G->idx[i];
            uint64_t bit = j >= 0 && cp_valid(sv, j);
            word |= bit << (i & 63);
            nulls += !bit;
        }
        if (G->valid)
            G->valid[w] = word;
    }
    G->nnull[b] = nulls;
    return CP_OK;
}

CpStatus cp_gather(CpCtx *cx, const CpCol *src, const int64_t *idx, int64_t n, void *out_data,
                   uint64_t *out_valid, int64_t *nnull)
{
    int64_t nb = cp_nblocks(n);
    int64_t *per = cp_calloc(cx, sizeof(int64_t) * (size_t)(nb + 1));
    if (!per)
        return cp_stop(cx, CP_ENOMEM);
    Gather G = {src, idx, n, out_data, out_valid, per};
    CpStatus st = cp_run(cx, nb, gather_block, &G);
    int64_t total = 0;
    for (int64_t b = 0; b < nb; b++)
        total += per[b];
    cp_free(cx, per);
    if (st != CP_OK)
        return cp_stop(cx, st);
    if (nnull)
        *nnull = total;
    return CP_OK;
}
