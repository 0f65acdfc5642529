/*
 * sort.c — the stable multi-key sort permutation and string ranks.
 *
 * Each key column becomes unsigned 64-bit keys that compare as the values
 * do (doubles by their order-preserving bit pattern with -0 folded into
 * +0 and NaN above +inf, bools as 0/1, dictionary codes by their rank,
 * int64 with the sign bit flipped; descending keys are complemented).
 * Keys are sorted by an LSD radix sort (11-bit digits; a digit equal in
 * every key is skipped), last key first, so the whole order is stable.
 * NA rows never get a key: each pass moves them, in their current order,
 * after the sorted valid rows, which puts NA last in both directions.
 */
#include <stdlib.h>

#include "compute/cpint.h"

#define DIGIT_BITS 11
#define NDIGITS 6                     /* 6 * 11 >= 64 */
#define RADIX (1 << DIGIT_BITS)
#define SMALL 48                      /* insertion sort below this */

static inline uint64_t num_key(double x, bool desc)
{
    uint64_t u;
    if (x != x) {
        u = UINT64_MAX;               /* NaN after every number, both ways */
        return u;
    }
    x += 0.0;
    memcpy(&u, &x, sizeof u);
    u = (u >> 63) ? ~u : u | (1ULL << 63);
    return desc ? ~u : u;           /* both stay below UINT64_MAX */
}

/* keys[k] = key of row rows[k] of c, for the nv valid rows. */
static void fill_keys(const CpCol *c, bool desc, const int64_t *rows, int64_t nv, uint64_t *keys)
{
    switch (c->type) {
    case CP_F64: {
        const double *x = c->data;
        for (int64_t k = 0; k < nv; k++)
            keys[k] = num_key(x[rows[k]], desc);
        break;
    }
    case CP_BOOL: {
        const uint8_t *x = c->data;
        for (int64_t k = 0; k < nv; k++)
            keys[k] = (uint64_t)((x[rows[k]] != 0) != desc);
        break;
    }
    case CP_I32: {
        const int32_t *x = c->data;
        for (int64_t k = 0; k < nv; k++) {
            uint64_t r = (uint32_t)(c->rank ? c->rank[x[rows[k]]] : x[rows[k]]);
            keys[k] = desc ? UINT32_MAX - r : r;
        }
        break;
    }
    case CP_I64: {
        const int64_t *x = c->data;
        for (int64_t k = 0; k < nv; k++) {
            uint64_t u = (uint64_t)x[rows[k]] ^ (1ULL << 63);
            keys[k] = desc ? ~u : u;
        }
        break;
    }
    }
}

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

/* Stable LSD radix sort of k/ix (n pairs) with k2/ix2 as scratch and
 * count (NDIGITS * RADIX) for the histograms; the result ends in k/ix. */
static CpStatus radix_sort(const CpCtx *cx, uint64_t *k, int64_t *ix, uint64_t *k2, int64_t *ix2, int64_t n,
                           int64_t *count)
{
    if (n < SMALL) {
        insertion_sort(k, ix, n);
        return CP_OK;
    }
    memset(count, 0, sizeof(int64_t) * NDIGITS * RADIX);
    for (int64_t i = 0; i < n; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx))
            return CP_EINTR;
        for (int d = 0; d < NDIGITS; d++)
            count[d * RADIX + ((k[i] >> (d * DIGIT_BITS)) & (RADIX - 1))]++;
    }
    uint64_t *sk = k, *dk = k2;
    int64_t *si = ix, *di = ix2;
    for (int d = 0; d < NDIGITS; d++) {
        int64_t *c = count + d * RADIX;
        int shift = d * DIGIT_BITS;
        if (c[(sk[0] >> shift) & (RADIX - 1)] == n)
            continue;                   /* every key has this digit */
        if (cp_interrupted(cx))
            return CP_EINTR;
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
    if (sk != k) {
        memcpy(k, sk, sizeof(uint64_t) * (size_t)n);
        memcpy(ix, si, sizeof(int64_t) * (size_t)n);
    }
    return CP_OK;
}

/* One stable pass of perm by key c: valid rows sorted, then NA rows. */
static CpStatus sort_pass(const CpCtx *cx, const CpSortKey *key, int64_t *perm, int64_t n, uint64_t *k,
                          uint64_t *k2, int64_t *ix2, int64_t *na, int64_t *count)
{
    int64_t nv = 0, nn = 0;
    const uint64_t *valid = key->col.valid;
    for (int64_t i = 0; i < n; i++) {
        if (valid && !cp_valid(valid, perm[i]))
            na[nn++] = perm[i];
        else
            perm[nv++] = perm[i];
    }
    fill_keys(&key->col, key->desc, perm, nv, k);
    CpStatus st = radix_sort(cx, k, perm, k2, ix2, nv, count);
    memcpy(perm + nv, na, sizeof(int64_t) * (size_t)nn);
    return st;
}

CpStatus cp_sort(CpCtx *cx, const CpSortKey *keys, int nkeys, int64_t n, int64_t *perm)
{
    for (int64_t i = 0; i < n; i++)
        perm[i] = i;
    for (int j = 0; j < nkeys; j++)
        if (keys[j].col.len < n)
            return cp_fail(cx, CP_EINVAL, "sort: key %d has %lld rows, expected %lld", j + 1,
                           (long long)keys[j].col.len, (long long)n);
    if (n < 2 || nkeys <= 0)
        return CP_OK;
    size_t m = (size_t)n + 1;
    int64_t *ix2 = cp_alloc(cx, sizeof(int64_t) * m), *na = cp_alloc(cx, sizeof(int64_t) * m);
    uint64_t *k = cp_alloc(cx, sizeof(uint64_t) * m), *k2 = cp_alloc(cx, sizeof(uint64_t) * m);
    int64_t *count = cp_alloc(cx, sizeof(int64_t) * NDIGITS * RADIX);
    CpStatus st = ix2 && na && k && k2 && count ? CP_OK : CP_ENOMEM;
    for (int j = nkeys - 1; j >= 0 && st == CP_OK; j--)
        st = sort_pass(cx, &keys[j], perm, n, k, k2, ix2, na, count);
    cp_free(cx, ix2);
    cp_free(cx, na);
    cp_free(cx, k);
    cp_free(cx, k2);
    cp_free(cx, count);
    return st == CP_OK ? CP_OK : cp_stop(cx, st);
}

/* ---- string ranks ------------------------------------------------------------------ */

typedef struct StrEntry {
    const char *s;
    size_t len;
    int32_t i;
} StrEntry;

static int cmp_entry(const void *a, const void *b)
{
    const StrEntry *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c)
        return c;
    if (x->len != y->len)
        return (x->len > y->len) - (x->len < y->len);
    return (x->i > y->i) - (x->i < y->i);
}

CpStatus cp_str_ranks(CpCtx *cx, const char *const *s, const size_t *len, int32_t n, const uint8_t *used,
                      int32_t *rank)
{
    StrEntry *e = cp_alloc(cx, sizeof(StrEntry) * (size_t)(n + 1));
    if (!e)
        return cp_stop(cx, CP_ENOMEM);
    int32_t m = 0;
    for (int32_t i = 0; i < n; i++)
        if (!used || used[i])
            e[m++] = (StrEntry){s[i], len[i], i};
    qsort(e, (size_t)m, sizeof *e, cmp_entry);
    for (int32_t i = 0; i < m; i++)
        rank[e[i].i] = i;
    cp_free(cx, e);
    return CP_OK;
}
