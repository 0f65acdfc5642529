/*
 * agg.c — grouped reductions over (column, group ids, group count).
 *
 * Each reduction is one pass in row order with per-group accumulators,
 * doing pandas' arithmetic step by step (groupby sum/mean: Kahan
 * compensation; var/std: Welford), so results match pandas to the last
 * digit where pandas skips the same values. Median and quantiles gather
 * each group's values together (a counting sort by group) and select the
 * needed order statistics. Invariant: a row whose id is negative is
 * ignored by every reduction.
 */
#include <math.h>
#include <stdlib.h>

#include "compute/cpint.h"

CpAggOpt cp_agg_opt(void)
{
    return (CpAggOpt){.keep_na = false, .q = 0.5, .ddof = 1};
}

static inline double num_at(const CpCol *c, int64_t i)
{
    switch (c->type) {
    case CP_F64: return ((const double *)c->data)[i];
    case CP_BOOL: return ((const uint8_t *)c->data)[i];
    case CP_I32: return ((const int32_t *)c->data)[i];
    default: return (double)((const int64_t *)c->data)[i];
    }
}

/* Set bit g of bits. */
static inline void bit_set(uint64_t *bits, int64_t g) { bits[g >> 6] |= 1ULL << (g & 63); }
static inline void bit_clear(uint64_t *bits, int64_t g) { bits[g >> 6] &= ~(1ULL << (g & 63)); }

#define POLL(cx, i)                                                   \
    do {                                                              \
        if (((i) & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx))        \
            goto interrupted;                                         \
    } while (0)

/* hasna[g] = 1 when group g holds an NA row (keep_na). */
static CpStatus groups_with_na(CpCtx *cx, const CpCol *c, const int64_t *ids, int64_t ng, uint8_t **out)
{
    uint8_t *h = cp_calloc(cx, (size_t)ng);
    if (!h)
        return cp_stop(cx, CP_ENOMEM);
    for (int64_t i = 0; c->valid && i < c->len; i++) {
        POLL(cx, i);
        if (ids[i] >= 0 && !cp_valid(c->valid, i))
            h[ids[i]] = 1;
    }
    *out = h;
    return CP_OK;
interrupted:
    cp_free(cx, h);
    return cp_stop(cx, CP_EINTR);
}

/* ---- one-pass reductions ----------------------------------------------------------- */

/* count, sum, mean, var, std: cnt[g] and the accumulators a/b. */
static CpStatus moments(CpCtx *cx, CpAgg op, const CpCol *c, const int64_t *ids, int64_t ng, double *cnt,
                        double *a, double *b)
{
    memset(cnt, 0, sizeof(double) * (size_t)ng);
    memset(a, 0, sizeof(double) * (size_t)ng);
    memset(b, 0, sizeof(double) * (size_t)ng);
    for (int64_t i = 0; i < c->len; i++) {
        POLL(cx, i);
        int64_t g = ids[i];
        if (g < 0 || !cp_valid(c->valid, i))
            continue;
        cnt[g] += 1;
        if (op == CP_AGG_COUNT)
            continue;
        double v = num_at(c, i);
        if (op == CP_AGG_SUM || op == CP_AGG_MEAN) {
            /* pandas group_sum/group_mean: a = sum, b = compensation */
            double y = v - b[g], t = a[g] + y;
            b[g] = isfinite(t) ? t - a[g] - y : 0;
            a[g] = t;
        } else {
            /* pandas group_var (Welford): a = mean, b = sum of squares */
            double old = a[g];
            a[g] += (v - old) / cnt[g];
            b[g] += (v - a[g]) * (v - old);
        }
    }
    return CP_OK;
interrupted:
    return cp_stop(cx, CP_EINTR);
}

static CpStatus agg_moments(CpCtx *cx, CpAgg op, const CpCol *c, const int64_t *ids, int64_t ng,
                            const CpAggOpt *o, double *out, uint64_t *ov)
{
    double *a = cp_alloc(cx, sizeof(double) * (size_t)(ng + 1));
    double *b = cp_alloc(cx, sizeof(double) * (size_t)(ng + 1));
    CpStatus st = a && b ? moments(cx, op, c, ids, ng, out, a, b) : cp_stop(cx, CP_ENOMEM);
    for (int64_t g = 0; st == CP_OK && g < ng; g++) {
        double n = out[g];
        bool ok = true;
        switch (op) {
        case CP_AGG_COUNT: break;
        case CP_AGG_SUM: out[g] = a[g]; break;
        case CP_AGG_MEAN: ok = n > 0; out[g] = ok ? a[g] / n : NAN; break;
        default:
            ok = n > o->ddof;
            out[g] = ok ? b[g] / (n - o->ddof) : NAN;
            if (op == CP_AGG_STD)
                out[g] = sqrt(out[g]);
        }
        if (ov && !ok)
            bit_clear(ov, g);
    }
    cp_free(cx, a);
    cp_free(cx, b);
    return st;
}

static CpStatus agg_minmax(CpCtx *cx, bool max, const CpCol *c, const int64_t *ids, int64_t ng, double *out,
                           uint64_t *ov)
{
    uint8_t *seen = cp_calloc(cx, (size_t)ng);
    if (!seen)
        return cp_stop(cx, CP_ENOMEM);
    for (int64_t i = 0; i < c->len; i++) {
        POLL(cx, i);
        int64_t g = ids[i];
        if (g < 0 || !cp_valid(c->valid, i))
            continue;
        double v = num_at(c, i), cur = out[g];
        if (!seen[g] || (cur == cur && (v != v || (max ? v > cur : v < cur))))
            out[g] = v;                      /* a NaN, once in, stays */
        seen[g] = 1;
    }
    for (int64_t g = 0; g < ng; g++)
        if (!seen[g]) {
            out[g] = NAN;
            if (ov)
                bit_clear(ov, g);
        }
    cp_free(cx, seen);
    return CP_OK;
interrupted:
    cp_free(cx, seen);
    return cp_stop(cx, CP_EINTR);
}

/* ---- order statistics per group ------------------------------------------------------ */

static CpStatus agg_order(CpCtx *cx, CpAgg op, const CpCol *c, const int64_t *ids, int64_t ng,
                          const CpAggOpt *o, double *out, uint64_t *ov)
{
    int64_t *start = cp_calloc(cx, sizeof(int64_t) * (size_t)(ng + 1));
    uint8_t *nan = cp_calloc(cx, (size_t)ng);
    double *vals = NULL;
    if (!start || !nan)
        goto oom;
    for (int64_t i = 0; i < c->len; i++) {
        POLL(cx, i);
        if (ids[i] >= 0 && cp_valid(c->valid, i)) {
            double v = num_at(c, i);
            if (v != v)
                nan[ids[i]] = 1;
            else
                start[ids[i] + 1]++;
        }
    }
    for (int64_t g = 0; g < ng; g++)
        start[g + 1] += start[g];
    if (!(vals = cp_alloc(cx, sizeof(double) * (size_t)(start[ng] + 1))))
        goto oom;
    for (int64_t i = 0; i < c->len; i++) {
        POLL(cx, i);
        if (ids[i] >= 0 && cp_valid(c->valid, i)) {
            double v = num_at(c, i);
            if (v == v)
                vals[start[ids[i]]++] = v;      /* start[g] ends at g's end */
        }
    }
    for (int64_t g = ng; g > 0; g--)
        start[g] = start[g - 1];
    start[0] = 0;
    for (int64_t g = 0; g < ng; g++) {
        int64_t n = start[g + 1] - start[g];
        if (nan[g] || n == 0) {
            out[g] = NAN;
            if (ov && !nan[g])
                bit_clear(ov, g);
            continue;
        }
        if (cp_interrupted(cx))
            goto interrupted;
        out[g] = cp_select_quantile(vals + start[g], n, o->q, op == CP_AGG_MEDIAN);
    }
    cp_free(cx, start);
    cp_free(cx, nan);
    cp_free(cx, vals);
    return CP_OK;
oom:
    cp_free(cx, start);
    cp_free(cx, nan);
    return cp_stop(cx, CP_ENOMEM);
interrupted:
    cp_free(cx, start);
    cp_free(cx, nan);
    cp_free(cx, vals);
    return cp_stop(cx, CP_EINTR);
}

/* Distinct values per group: dense ids of the values, then of the pairs. */
static CpStatus agg_nunique(CpCtx *cx, const CpCol *c, const int64_t *ids, int64_t ng, bool keep_na,
                            double *out)
{
    int64_t n = c->len, nv, na_id;
    int64_t *vid = cp_alloc(cx, sizeof(int64_t) * (size_t)(n + 1));
    if (!vid)
        return cp_stop(cx, CP_ENOMEM);
    CpStatus st = cp_col_ids(cx, c, n, vid, &nv, &na_id);
    IdTable t = {0};
    if (st == CP_OK && cp_idt_init(cx, &t, 512) != CP_OK)
        st = cp_stop(cx, CP_ENOMEM);
    memset(out, 0, sizeof(double) * (size_t)ng);
    for (int64_t i = 0; i < n && st == CP_OK; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx)) {
            st = cp_stop(cx, CP_EINTR);
            break;
        }
        if (ids[i] < 0 || (!keep_na && vid[i] == na_id))
            continue;
        if (cp_idt_full(&t) && cp_idt_grow(cx, &t) != CP_OK) {
            st = cp_stop(cx, CP_ENOMEM);
            break;
        }
        bool added;
        cp_idt_intern(&t, (uint64_t)ids[i] * (uint64_t)nv + (uint64_t)vid[i], &added);
        out[ids[i]] += added;
    }
    cp_idt_free(cx, &t);
    cp_free(cx, vid);
    return st;
}

CpStatus cp_group_agg(CpCtx *cx, CpAgg op, const CpCol *col, const int64_t *ids, int64_t ngroups,
                      const CpAggOpt *opt, double *out, uint64_t *out_valid)
{
    CpAggOpt d = cp_agg_opt();
    const CpAggOpt *o = opt ? opt : &d;
    if (ngroups <= 0)
        return CP_OK;
    if (out_valid)
        memset(out_valid, 0xFF, sizeof(uint64_t) * cp_bitmap_words(ngroups));
    if (op == CP_AGG_QUANTILE && !(o->q >= 0 && o->q <= 1))
        return cp_fail(cx, CP_EINVAL, "quantile: q must be between 0 and 1, got %g", o->q);
    if (col->type == CP_I32 && op != CP_AGG_COUNT && op != CP_AGG_NUNIQUE)
        return cp_fail(cx, CP_EINVAL, "grouped reduction: dictionary codes can only be counted "
                                      "(pick min/max/first/last with cp_group_pick)");
    CpStatus st;
    if (op == CP_AGG_COUNT && o->keep_na) {
        for (int64_t g = 0; g < ngroups; g++)
            out[g] = 0;
        for (int64_t i = 0; i < col->len; i++)
            if (ids[i] >= 0)
                out[ids[i]]++;
        return CP_OK;
    }
    switch (op) {
    case CP_AGG_NUNIQUE: return agg_nunique(cx, col, ids, ngroups, o->keep_na, out);
    case CP_AGG_MIN:
    case CP_AGG_MAX: st = agg_minmax(cx, op == CP_AGG_MAX, col, ids, ngroups, out, out_valid); break;
    case CP_AGG_MEDIAN:
    case CP_AGG_QUANTILE: st = agg_order(cx, op, col, ids, ngroups, o, out, out_valid); break;
    default: st = agg_moments(cx, op, col, ids, ngroups, o, out, out_valid);
    }
    if (st != CP_OK || !o->keep_na || !col->valid || op == CP_AGG_COUNT)
        return st;
    uint8_t *hasna;
    if ((st = groups_with_na(cx, col, ids, ngroups, &hasna)) != CP_OK)
        return st;
    for (int64_t g = 0; g < ngroups; g++)
        if (hasna[g]) {
            out[g] = NAN;
            if (out_valid)
                bit_clear(out_valid, g);
        }
    cp_free(cx, hasna);
    return CP_OK;
}

/* ---- picks ---------------------------------------------------------------------------- */

/* a < b for the pick's comparison; NaN counts as smallest for MIN and
 * largest for MAX so that it wins (NaN propagates). */
static inline bool better(const CpCol *c, int64_t i, int64_t j, bool max)
{
    if (c->type == CP_I32) {
        int32_t a = ((const int32_t *)c->data)[i], b = ((const int32_t *)c->data)[j];
        if (c->rank) {
            a = c->rank[a];
            b = c->rank[b];
        }
        return max ? a > b : a < b;
    }
    if (c->type == CP_I64) {
        int64_t a = ((const int64_t *)c->data)[i], b = ((const int64_t *)c->data)[j];
        return max ? a > b : a < b;
    }
    double a = num_at(c, i), b = num_at(c, j);
    if (b != b)
        return false;
    if (a != a)
        return true;
    return max ? a > b : a < b;
}

CpStatus cp_group_pick(CpCtx *cx, CpPick op, const CpCol *col, const int64_t *ids, int64_t ngroups,
                       bool keep_na, int64_t *rows)
{
    for (int64_t g = 0; g < ngroups; g++)
        rows[g] = -1;
    bool any = keep_na && (op == CP_PICK_FIRST || op == CP_PICK_LAST);
    for (int64_t i = 0; i < col->len; i++) {
        POLL(cx, i);
        int64_t g = ids[i];
        if (g < 0 || (!any && !cp_valid(col->valid, i)))
            continue;
        int64_t r = rows[g];
        if (r < 0 || op == CP_PICK_LAST || (op != CP_PICK_FIRST && better(col, i, r, op == CP_PICK_MAX)))
            rows[g] = i;
    }
    if (!keep_na || op == CP_PICK_FIRST || op == CP_PICK_LAST || !col->valid)
        return CP_OK;
    /* MIN/MAX with keep_na: a group holding an NA gives no row */
    uint8_t *hasna;
    CpStatus st = groups_with_na(cx, col, ids, ngroups, &hasna);
    if (st != CP_OK)
        return st;
    for (int64_t g = 0; g < ngroups; g++)
        if (hasna[g])
            rows[g] = -1;
    cp_free(cx, hasna);
    return CP_OK;
interrupted:
    return cp_stop(cx, CP_EINTR);
}
