/*
 * join.c — the hash join index builder: from key columns of two tables,
 * the pairs of matching rows (left row, right row; -1 for a missing side).
 *
 * The right side's keys are indexed (group.c: each key column's values
 * numbered, the columns folded pairwise into one id per row) and the left
 * side's keys looked up in that index, so the tables are sized by the
 * right side's distinct keys and the left side only probes. Rows with
 * equal ids match. The right rows (or the left rows, for a right join) are
 * then listed per id in row order (a counting sort), and the other side is
 * walked in row order, emitting each row's matches: that walk fixes the
 * deterministic output order documented in compute.h. Sizes are counted
 * before anything is written, so the outputs are allocated once.
 */
#include "compute/cpint.h"

/* ids[0..nl) and ids[nl..nl+nr) = key ids of the left and right rows:
 * each right key column is indexed (its values numbered, NA included),
 * the left column's values are looked up in that index, and the columns'
 * ids are folded the same way (pairs numbered on the right, looked up on
 * the left). A left row whose key the right side lacks gets -1; with
 * !na_match so does every row with an NA key (the right side's after the
 * folding, which needs every right row numbered). *ng: ids in use. */
static CpStatus joint_ids(CpCtx *cx, const CpCol *left, const CpCol *right, int nkeys, bool na_match,
                          int64_t *ids, int64_t *ng)
{
    int64_t nl = left[0].len, nr = right[0].len;
    int64_t *lid = ids, *rid = ids + nl;
    int64_t *lcol = nkeys > 1 ? cp_alloc(cx, sizeof(int64_t) * (size_t)(nl + nr + 1)) : NULL;
    int64_t *rcol = lcol ? lcol + nl : NULL;
    uint8_t *rdead = !na_match ? cp_calloc(cx, (size_t)nr + 1) : NULL;
    CpStatus st = (nkeys > 1 && !lcol) || (!na_match && !rdead) ? CP_ENOMEM : CP_OK;
    for (int k = 0; k < nkeys && st == CP_OK; k++) {
        if (left[k].type != right[k].type) {
            st = cp_fail(cx, CP_EINVAL, "join: key %d has different types on the two sides", k + 1);
            break;
        }
        ColIndex ix;
        int64_t *rdst = k == 0 ? rid : rcol, *ldst = k == 0 ? lid : lcol, nc;
        if ((st = cp_index_build(cx, &right[k], nr, rdst, &ix)) != CP_OK)
            break;
        st = cp_index_probe(cx, &ix, &left[k], nl, na_match, ldst);
        for (int64_t j = 0; rdead && ix.na_id >= 0 && j < nr; j++)
            rdead[j] |= rdst[j] == ix.na_id;
        nc = ix.ng;
        cp_index_free(cx, &ix);
        if (st != CP_OK || k == 0) {
            *ng = nc;
            continue;
        }
        PairIndex px;
        if ((st = cp_pair_build(cx, rid, *ng, rcol, nc, nr, ng, &px)) == CP_OK) {
            st = cp_pair_probe(cx, &px, lid, lcol, nl);
            cp_pair_free(cx, &px);
        }
    }
    for (int64_t j = 0; st == CP_OK && rdead && j < nr; j++)
        if (rdead[j])
            rid[j] = -1;
    cp_free(cx, lcol);
    cp_free(cx, rdead);
    return st == CP_OK || st == CP_EINVAL ? st : cp_stop(cx, st);
}

/* start[g]..start[g+1] index rows[] = the rows of side (ids + off, len n)
 * with id g, in row order (rows numbered from 0 on that side). */
static CpStatus list_by_id(CpCtx *cx, const int64_t *ids, int64_t n, int64_t ng, int64_t **start,
                           int64_t **rows)
{
    int64_t *s = cp_calloc(cx, sizeof(int64_t) * (size_t)(ng + 2));
    int64_t *r = cp_alloc(cx, sizeof(int64_t) * (size_t)(n + 1));
    if (!s || !r) {
        cp_free(cx, s);
        cp_free(cx, r);
        return cp_stop(cx, CP_ENOMEM);
    }
    for (int64_t i = 0; i < n; i++)
        if (ids[i] >= 0)
            s[ids[i] + 2]++;
    for (int64_t g = 0; g < ng; g++)
        s[g + 2] += s[g + 1];
    for (int64_t i = 0; i < n; i++)
        if (ids[i] >= 0)
            r[s[ids[i] + 1]++] = i;       /* s[g+1] ends as g's end = start of g+1 */
    *start = s;
    *rows = r;
    return CP_OK;
}

/* Walks the `outer` side (ids a, na rows) emitting its matches among the
 * listed side (start/rows); keep: also rows without a match. With
 * out == NULL only counts. Pairs go to (oa, ob) = (outer row, inner row).
 * -1 when interrupted. */
static int64_t walk(const CpCtx *cx, const int64_t *a, int64_t na, const int64_t *start, const int64_t *rows,
                    bool keep, int64_t *oa, int64_t *ob)
{
    int64_t k = 0, polled = 0;
    for (int64_t i = 0; i < na; i++) {
        if (k - polled >= CP_CHUNK || (i & (CP_CHUNK - 1)) == 0) {
            if (cp_interrupted(cx))
                return -1;
            polled = k;
        }
        int64_t g = a[i], lo = g >= 0 ? start[g] : 0, hi = g >= 0 ? start[g + 1] : 0;
        if (lo == hi) {
            if (keep) {
                if (oa) {
                    oa[k] = i;
                    ob[k] = -1;
                }
                k++;
            }
            continue;
        }
        if (oa)
            for (int64_t j = lo; j < hi; j++) {
                oa[k + j - lo] = i;
                ob[k + j - lo] = rows[j];
            }
        k += hi - lo;
    }
    return k;
}

void cp_join_free(CpCtx *cx, CpJoin *j)
{
    cp_free(cx, j->left);
    cp_free(cx, j->right);
    j->left = j->right = NULL;
    j->n = 0;
}

CpStatus cp_join(CpCtx *cx, const CpCol *left, const CpCol *right, int nkeys, CpJoinHow how, bool na_match,
                 CpJoin *out)
{
    memset(out, 0, sizeof *out);
    if (nkeys <= 0)
        return cp_fail(cx, CP_EINVAL, "join: no key columns");
    for (int k = 1; k < nkeys; k++)
        if (left[k].len != left[0].len || right[k].len != right[0].len)
            return cp_fail(cx, CP_EINVAL, "join: key columns of one side differ in length");
    int64_t nl = left[0].len, nr = right[0].len, ng = 0;
    int64_t *ids = cp_alloc(cx, sizeof(int64_t) * (size_t)(nl + nr + 1)), *start = NULL, *rows = NULL;
    if (!ids)
        return cp_stop(cx, CP_ENOMEM);
    CpStatus st = joint_ids(cx, left, right, nkeys, na_match, ids, &ng);
    bool rj = how == CP_JOIN_RIGHT;
    /* list the inner side by id: right rows, or left rows for a right join */
    if (st == CP_OK)
        st = rj ? list_by_id(cx, ids, nl, ng, &start, &rows) : list_by_id(cx, ids + nl, nr, ng, &start, &rows);
    if (st == CP_OK && cp_interrupted(cx))
        st = cp_stop(cx, CP_EINTR);
    if (st != CP_OK)
        goto done;
    const int64_t *oids = rj ? ids + nl : ids;
    int64_t no = rj ? nr : nl, extra = 0;
    bool keep = how != CP_JOIN_INNER;
    int64_t n = walk(cx, oids, no, start, rows, keep, NULL, NULL);
    uint8_t *hit = NULL;
    if (n < 0) {
        st = cp_stop(cx, CP_EINTR);
        goto done;
    }
    if (how == CP_JOIN_OUTER) {
        /* right rows whose id no left row has */
        if (!(hit = cp_calloc(cx, (size_t)(ng + 1)))) {
            st = cp_stop(cx, CP_ENOMEM);
            goto done;
        }
        for (int64_t i = 0; i < nl; i++)
            if (ids[i] >= 0)
                hit[ids[i]] = 1;
        for (int64_t j = 0; j < nr; j++)
            extra += ids[nl + j] < 0 || !hit[ids[nl + j]];
    }
    out->left = cp_alloc(cx, sizeof(int64_t) * (size_t)(n + extra));
    out->right = cp_alloc(cx, sizeof(int64_t) * (size_t)(n + extra));
    if (!out->left || !out->right) {
        cp_join_free(cx, out);
        cp_free(cx, hit);
        st = cp_stop(cx, CP_ENOMEM);
        goto done;
    }
    if ((rj ? walk(cx, oids, no, start, rows, keep, out->right, out->left)
            : walk(cx, oids, no, start, rows, keep, out->left, out->right)) < 0) {
        cp_join_free(cx, out);
        cp_free(cx, hit);
        st = cp_stop(cx, CP_EINTR);
        goto done;
    }
    for (int64_t j = 0, k = n; hit && j < nr; j++)
        if (ids[nl + j] < 0 || !hit[ids[nl + j]]) {
            out->left[k] = -1;
            out->right[k++] = j;
        }
    out->n = n + extra;
    cp_free(cx, hit);
done:
    cp_free(cx, ids);
    cp_free(cx, start);
    cp_free(cx, rows);
    return st;
}
