/*
 * sort.c — the stable multi-key sort kernel; see sort.h.
 */
#include "stdlib/sort.h"

#include <stdlib.h>
#include <string.h>

#include "lang/mem.h"

#define NAN_KEY (UINT64_MAX - 1)
#define NA_KEY UINT64_MAX
#define DIGIT_BITS 11
#define NDIGITS 6                     /* 6 * 11 >= 64 */
#define RADIX (1 << DIGIT_BITS)
#define SMALL 48                      /* insertion sort below this */

/* ---- keys ---------------------------------------------------------------------- */

/* An order-preserving image of a double: flip every bit of a negative,
 * only the sign bit of a positive. -0 is folded into +0 first so the two
 * compare equal (and keep their order). */
static inline uint64_t num_key(double x, bool desc)
{
    if (x != x)
        return NAN_KEY;
    x += 0.0;
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    u = (u >> 63) ? ~u : u | (1ULL << 63);
    return desc ? ~u : u;        /* both stay within [~key(+inf), key(+inf)] */
}

typedef struct StrEntry {
    const Str *s;
    int32_t code;
} StrEntry;

static int cmp_entry(const void *a, const void *b)
{
    const Str *x = ((const StrEntry *)a)->s, *y = ((const StrEntry *)b)->s;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Ranks of the entries of d marked in `used` (all when used is NULL);
 * the other entries' ranks are left unset. */
static int32_t *ranks_of(const Dict *d, const uint8_t *used)
{
    StrEntry *e = mem_try_alloc(sizeof(StrEntry) * (size_t)(d->n + 1));
    int32_t *rank = mem_try_alloc(sizeof(int32_t) * (size_t)(d->n + 1)), m = 0;
    if (!e || !rank) {
        mem_free(e);
        mem_free(rank);
        return NULL;
    }
    for (int32_t i = 0; i < d->n; i++)
        if (!used || used[i])
            e[m++] = (StrEntry){d->strs[i], i};
    qsort(e, (size_t)m, sizeof *e, cmp_entry);
    for (int32_t i = 0; i < m; i++)
        rank[e[i].code] = i;
    mem_free(e);
    return rank;
}

int32_t *sort_dict_ranks(const Dict *d) { return ranks_of(d, NULL); }

/* Ranks for the codes of v. A dictionary much larger than the column
 * (a few rows filtered from a big one) has only its used entries sorted. */
static int32_t *vec_ranks(const Vec *v)
{
    if (v->dict->n <= v->len)
        return ranks_of(v->dict, NULL);
    uint8_t *used = mem_try_calloc((size_t)v->dict->n);
    if (!used)
        return NULL;
    for (int64_t i = 0; i < v->len; i++)
        used[v->d.code[i]] = 1;
    int32_t *rank = ranks_of(v->dict, used);
    mem_free(used);
    return rank;
}

/* keys[i] = the key of row perm[i] of column v. */
static void fill_keys(const Vec *v, bool desc, const int32_t *rank, const int64_t *perm, int64_t n,
                      uint64_t *keys)
{
    if (v->kind == VEC_NUM) {
        for (int64_t i = 0; i < n; i++)
            keys[i] = num_key(v->d.num[perm[i]], desc);
    } else if (v->kind == VEC_BOOL) {
        for (int64_t i = 0; i < n; i++)
            keys[i] = (uint64_t)(v->d.b[perm[i]] != desc);
    } else if (v->dict->n == 0) {
        for (int64_t i = 0; i < n; i++)
            keys[i] = NA_KEY;           /* no strings: every cell is NA */
        return;
    } else {
        uint64_t top = (uint64_t)v->dict->n - 1;
        for (int64_t i = 0; i < n; i++) {
            uint64_t r = (uint64_t)rank[v->d.code[perm[i]]];
            keys[i] = desc ? top - r : r;
        }
    }
    if (v->valid)
        for (int64_t i = 0; i < n; i++)
            if (!vec_is_valid(v, perm[i]))
                keys[i] = NA_KEY;
}

/* ---- sorting (key, position) pairs ---------------------------------------------- */

static void insertion_sort(uint64_t *k, int64_t *ix, int64_t n)
{
    for (int64_t i = 1; i < n; i++) {
        uint64_t key = k[i];
        int64_t pos = ix[i], j = i;
        for (; j > 0 && k[j - 1] > key; j--) {
            k[j] = k[j - 1];
            ix[j] = ix[j - 1];
        }
        k[j] = key;
        ix[j] = pos;
    }
}

/* Stable LSD radix sort of k/ix (n pairs) using k2/ix2 as scratch. The
 * result is left in k/ix. */
static Status radix_sort(Interp *I, uint64_t *k, int64_t *ix, uint64_t *k2, int64_t *ix2, int64_t n)
{
    if (n < SMALL) {
        insertion_sort(k, ix, n);
        return ST_OK;
    }
    int64_t *count = mem_try_calloc(sizeof(int64_t) * NDIGITS * RADIX);
    if (!count)
        return err_oom(I);
    for (int64_t i = 0; i < n; i++)
        for (int d = 0; d < NDIGITS; d++)
            count[d * RADIX + ((k[i] >> (d * DIGIT_BITS)) & (RADIX - 1))]++;
    uint64_t *sk = k, *dk = k2;
    int64_t *si = ix, *di = ix2;
    for (int d = 0; d < NDIGITS; d++) {
        int64_t *c = count + d * RADIX;
        int shift = d * DIGIT_BITS;
        if (c[(sk[0] >> shift) & (RADIX - 1)] == n)
            continue;                   /* every key has this digit */
        if (interp_interrupted(I)) {
            mem_free(count);
            return err_interrupted(I);
        }
        int64_t sum = 0;
        for (int j = 0; j < RADIX; j++) {
            int64_t t = c[j];
            c[j] = sum;
            sum += t;
        }
        for (int64_t i = 0; i < n; i++) {
            int64_t p = c[(sk[i] >> shift) & (RADIX - 1)]++;
            dk[p] = sk[i];
            di[p] = si[i];
        }
        uint64_t *tk = sk; sk = dk; dk = tk;
        int64_t *ti = si; si = di; di = ti;
    }
    mem_free(count);
    if (sk != k) {
        memcpy(k, sk, sizeof(uint64_t) * (size_t)n);
        memcpy(ix, si, sizeof(int64_t) * (size_t)n);
    }
    return ST_OK;
}

Status sort_order(Interp *I, const SortKey *keys, int nkeys, int64_t n, int64_t **out)
{
    size_t m = (size_t)(n + 1);
    int64_t *perm = mem_try_alloc(sizeof(int64_t) * m), *ix2 = mem_try_alloc(sizeof(int64_t) * m);
    uint64_t *k = mem_try_alloc(sizeof(uint64_t) * m), *k2 = mem_try_alloc(sizeof(uint64_t) * m);
    Status st = ST_OK;
    if (!perm || !ix2 || !k || !k2) {
        st = err_oom(I);
        goto done;
    }
    for (int64_t i = 0; i < n; i++)
        perm[i] = i;
    for (int j = nkeys - 1; j >= 0 && st == ST_OK; j--) {
        const Vec *v = keys[j].v;
        int32_t *rank = NULL;
        if (v->kind == VEC_STR && !(rank = vec_ranks(v))) {
            st = err_oom(I);
            break;
        }
        fill_keys(v, keys[j].desc, rank, perm, n, k);
        mem_free(rank);
        st = radix_sort(I, k, perm, k2, ix2, n);
    }
done:
    mem_free(ix2);
    mem_free(k);
    mem_free(k2);
    if (st != ST_OK) {
        mem_free(perm);
        return st;
    }
    *out = perm;
    return ST_OK;
}
