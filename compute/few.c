/*
 * few.c — group ids on both cores when keys are few: the common case of
 * grouping by a category, a flag or a handful of codes.
 *
 * Three steps. (1) In parallel, each fixed block of CP_CHUNK rows numbers
 * its own distinct keys in order of first appearance in a small table of
 * its own (at most FEW_KEYS; a block that sees more gives up, and so does
 * the whole call: the caller then takes the sequential path, having lost
 * little, since every block stops at its FEW_KEYS+1st key). (2) On the
 * calling thread, the blocks' keys are numbered globally, block by block
 * in order, each block's in its local order: exactly the order of first
 * appearance over all rows. (3) In parallel, each row's local id becomes
 * the global one. The result equals the sequential path's on any thread
 * count.
 */
#include <stdatomic.h>

#include "compute/cpint.h"

#define FEW_KEYS 1024                 /* distinct keys per block, at most */
#define FEW_SLOTS (2 * FEW_KEYS)      /* open addressing, load <= 1/2 */

typedef struct FewBlock {
    IdSlot slot[FEW_SLOTS];
    uint64_t key[FEW_KEYS];           /* in local first-appearance order */
    int32_t nkeys;
    int32_t na;                       /* local id of NA, or -1 */
    int64_t global[FEW_KEYS + 1];     /* local id -> global id (step 2) */
} FewBlock;

typedef struct Few {
    const CpCol *c;                   /* keys from a column, or ... */
    const int64_t *acc, *col;         /* ... pairs acc * nc + col */
    int64_t nc, n;
    FewBlock *b;
    uint16_t *local;                  /* n local ids */
    int64_t *ids;
    atomic_int over;                  /* a block gave up */
} Few;

/* Step 1 for block bi. */
static CpStatus few_local(void *arg, int64_t bi, const CpCtx *cx)
{
    Few *F = arg;
    FewBlock *B = &F->b[bi];
    int64_t lo, hi;
    cp_block(bi, F->n, &lo, &hi);
    B->nkeys = 0;
    B->na = -1;
    for (int i = 0; i < FEW_SLOTS; i++)
        B->slot[i].id = -1;
    const uint64_t *valid = F->c ? F->c->valid : NULL;
    for (int64_t i = lo; i < hi; i++) {
        if (valid && !cp_valid(valid, i)) {
            if (B->na < 0)
                B->na = B->nkeys++;   /* NA takes a local id but no key */
            F->local[i] = (uint16_t)B->na;
            continue;
        }
        uint64_t key = F->c ? cp_key(F->c, i) : (uint64_t)F->acc[i] * (uint64_t)F->nc + (uint64_t)F->col[i];
        uint64_t h = cp_mix64(key) & (FEW_SLOTS - 1);
        while (B->slot[h].id >= 0 && B->slot[h].key != key)
            h = (h + 1) & (FEW_SLOTS - 1);
        if (B->slot[h].id < 0) {
            if (B->nkeys >= FEW_KEYS || atomic_load_explicit(&F->over, memory_order_relaxed)) {
                atomic_store(&F->over, 1);
                return CP_OK;
            }
            B->slot[h].key = key;
            B->slot[h].id = B->nkeys;
            B->key[B->nkeys++] = key;
        }
        F->local[i] = (uint16_t)B->slot[h].id;
    }
    return CP_OK;
}

/* Step 3 for block bi. */
static CpStatus few_remap(void *arg, int64_t bi, const CpCtx *cx)
{
    Few *F = arg;
    const int64_t *g = F->b[bi].global;
    int64_t lo, hi;
    cp_block(bi, F->n, &lo, &hi);
    for (int64_t i = lo; i < hi; i++)
        F->ids[i] = g[F->local[i]];
    return CP_OK;
}

/* Step 2: global ids in block order. */
static CpStatus few_merge(CpCtx *cx, Few *F, int64_t nb, int64_t *ng, int64_t *na_id)
{
    IdTable t;
    if (cp_idt_init(cx, &t, 256) != CP_OK)
        return CP_ENOMEM;
    int64_t next = 0, na = -1;
    for (int64_t bi = 0; bi < nb; bi++) {
        FewBlock *B = &F->b[bi];
        for (int32_t k = 0; k < B->nkeys; k++) {
            if (k == B->na) {
                if (na < 0)
                    na = next++;
                B->global[k] = na;
                continue;
            }
            if (cp_idt_full(&t) && cp_idt_grow(cx, &t) != CP_OK) {
                cp_idt_free(cx, &t);
                return CP_ENOMEM;
            }
            uint64_t s, key = B->key[k];
            int64_t id = cp_idt_find(&t, key, &s);
            if (id < 0)
                cp_idt_put(&t, s, key, id = next++);
            B->global[k] = id;
        }
    }
    cp_idt_free(cx, &t);
    *ng = next;
    *na_id = na;
    return CP_OK;
}

CpStatus cp_few_ids(CpCtx *cx, const CpCol *c, const int64_t *acc, const int64_t *col, int64_t nc, int64_t n,
                    int64_t *ids, int64_t *ng, int64_t *na_id, bool *done)
{
    *done = false;
    int64_t nb = cp_nblocks(n);
    if (nb < 2 || cp_threads(cx) < 2)
        return CP_OK;                 /* nothing to share: the sequential path */
    Few F = {.c = c, .acc = acc, .col = col, .nc = nc, .n = n, .ids = ids};
    atomic_init(&F.over, 0);
    F.b = cp_alloc(cx, sizeof(FewBlock) * (size_t)nb);
    F.local = cp_alloc(cx, sizeof(uint16_t) * (size_t)n);
    CpStatus st = F.b && F.local ? CP_OK : CP_ENOMEM;
    if (st == CP_OK)
        st = cp_run(cx, nb, few_local, &F);
    if (st == CP_OK && !atomic_load(&F.over) && (st = few_merge(cx, &F, nb, ng, na_id)) == CP_OK &&
        (st = cp_run(cx, nb, few_remap, &F)) == CP_OK)
        *done = true;
    cp_free(cx, F.b);
    cp_free(cx, F.local);
    return st == CP_OK ? CP_OK : cp_stop(cx, st);
}
