/*
 * join.c — the hash join index builder: from key columns of two tables,
 * the pairs of matching rows (left row, right row; -1 for a missing side).
 *
 * Both sides' keys are numbered together: each key column of left and
 * right is viewed as one column of nl + nr rows and given dense ids, and
 * the columns' ids are folded into one id per row (group.c). Rows with
 * equal ids match. The right rows (or the left rows, for a right join) are
 * then listed per id in row order (a counting sort), and the other side is
 * walked in row order, emitting each row's matches: that walk fixes the
 * deterministic output order documented in compute.h. Sizes are counted
 * before anything is written, so the outputs are allocated once.
 */
#include "compute/cpint.h"

/* One column of a.len + b.len rows: a's rows then b's (new buffers). */
static CpStatus concat_col(CpCtx *cx, const CpCol *a, const CpCol *b, CpCol *out, void **data, uint64_t **valid)
{
    size_t es = cp_type_size(a->type);
    int64_t n = a->len + b->len;
    *valid = NULL;
    *data = cp_alloc(cx, es * (size_t)n);
    if (!*data)
        return cp_stop(cx, CP_ENOMEM);
    memcpy(*data, a->data, es * (size_t)a->len);
    memcpy((char *)*data + es * (size_t)a->len, b->data, es * (size_t)b->len);
    *out = *a;
    out->data = *data;
    out->len = n;
    out->valid = NULL;
    out->ncodes = a->ncodes > b->ncodes ? a->ncodes : b->ncodes;
    if (!a->valid && !b->valid)
        return CP_OK;
    if (!(*valid = cp_calloc(cx, sizeof(uint64_t) * cp_bitmap_words(n)))) {
        cp_free(cx, *data);
        return cp_stop(cx, CP_ENOMEM);
    }
    for (int64_t i = 0; i < n; i++) {
        bool v = i < a->len ? cp_valid(a->valid, i) : cp_valid(b->valid, i - a->len);
        (*valid)[i >> 6] |= (uint64_t)v << (i & 63);
    }
    out->valid = *valid;
    return CP_OK;
}

/* ids[0..nl+nr) = joint key ids of the rows (left rows first); with
 * !na_match a row with an NA key gets -1. */
static CpStatus joint_ids(CpCtx *cx, const CpCol *left, const CpCol *right, int nkeys, bool na_match,
                          int64_t *ids, int64_t *ng)
{
    int64_t n = left[0].len + right[0].len, nc, na_id;
    int64_t *col = nkeys > 1 ? cp_alloc(cx, sizeof(int64_t) * (size_t)n) : NULL;
    uint8_t *dead = !na_match ? cp_calloc(cx, (size_t)n) : NULL;
    CpStatus st = (nkeys > 1 && !col) || (!na_match && !dead) ? cp_stop(cx, CP_ENOMEM) : CP_OK;
    for (int k = 0; k < nkeys && st == CP_OK; k++) {
        if (left[k].type != right[k].type) {
            st = cp_fail(cx, CP_EINVAL, "join: key %d has different types on the two sides", k + 1);
            break;
        }
        CpCol both;
        void *data;
        uint64_t *valid;
        if ((st = concat_col(cx, &left[k], &right[k], &both, &data, &valid)) != CP_OK)
            break;
        int64_t *dst = k == 0 ? ids : col;
        st = cp_col_ids(cx, &both, n, dst, k == 0 ? ng : &nc, &na_id);
        if (st == CP_OK && dead && na_id >= 0)
            for (int64_t i = 0; i < n; i++)
                dead[i] |= dst[i] == na_id;
        if (st == CP_OK && k > 0 && nc > 1)
            st = cp_fold_ids(cx, ids, *ng, col, nc, n, ng);
        cp_free(cx, data);
        cp_free(cx, valid);
    }
    for (int64_t i = 0; dead && st == CP_OK && i < n; i++)
        if (dead[i])
            ids[i] = -1;
    cp_free(cx, col);
    cp_free(cx, dead);
    return st;
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
