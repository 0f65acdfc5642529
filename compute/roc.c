/*
 * roc.c — ROC curves and the area under them, step for step as
 * scikit-learn's roc_curve and roc_auc_score compute them.
 *
 * Rows are ordered by score, highest first (one stable radix sort); each
 * distinct score is one threshold, so tied scores move the curve
 * diagonally. Cumulative true and false positives at the thresholds give
 * the points; sklearn's drop_intermediate keeps a point only where the
 * second difference of fps or tps is nonzero; (0,0) at +inf comes first.
 * The AUC is the trapezoid rule over the dropped curve (what
 * roc_auc_score does), summed pairwise as numpy does.
 */
#include <math.h>

#include "compute/cpint.h"

static inline double y_at(const CpCol *y, int64_t i)
{
    return y->type == CP_BOOL ? ((const uint8_t *)y->data)[i] : ((const double *)y->data)[i];
}

void cp_roc_free(CpCtx *cx, CpRoc *r)
{
    cp_free(cx, r->fpr);
    cp_free(cx, r->tpr);
    cp_free(cx, r->thresholds);
    r->fpr = r->tpr = r->thresholds = NULL;
    r->n = 0;
}

/* The rows that count, in order of descending score; *k their number. */
static CpStatus ordered_rows(CpCtx *cx, const CpCol *y, const CpCol *score, int64_t **rows, int64_t *k,
                             int64_t *npos)
{
    const double *s = score->data;
    int64_t n = score->len, m = 0, pos = 0;
    for (int64_t i = 0; i < n; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx))
            return cp_stop(cx, CP_EINTR);
        if (!cp_valid(y->valid, i) || !cp_valid(score->valid, i) || !isfinite(s[i]))
            continue;
        double v = y_at(y, i);
        if (v != 0 && v != 1)
            return cp_fail(cx, CP_EINVAL, "roc: y_true must be 0 or 1, got %g at index %lld", v, (long long)i);
        m++;
        pos += v == 1;
    }
    int64_t *perm = cp_alloc(cx, sizeof(int64_t) * (size_t)(n + 1));
    if (!perm)
        return cp_stop(cx, CP_ENOMEM);
    CpSortKey key = {*score, true};
    CpStatus st = cp_sort(cx, &key, 1, n, perm);
    if (st != CP_OK) {
        cp_free(cx, perm);
        return st;
    }
    int64_t j = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t r = perm[i];
        if (cp_valid(y->valid, r) && cp_valid(score->valid, r) && isfinite(s[r]))
            perm[j++] = r;
    }
    *rows = perm;
    *k = m;
    *npos = pos;
    return CP_OK;
}

/* sklearn's drop_intermediate over the t threshold points: keep[i]. */
static int64_t keep_points(const double *tp, const double *fp, int64_t t, uint8_t *keep)
{
    int64_t n = 0;
    for (int64_t i = 0; i < t; i++) {
        keep[i] = t <= 2 || i == 0 || i == t - 1 || fp[i + 1] - 2 * fp[i] + fp[i - 1] != 0 ||
                  tp[i + 1] - 2 * tp[i] + tp[i - 1] != 0;
        n += keep[i];
    }
    return n;
}

/* The curve from the t threshold points into out, and the AUC over the
 * kept points (terms: scratch of t + 1). */
static CpStatus curve(CpCtx *cx, const double *tp, const double *fp, const double *th, int64_t t, bool drop,
                      double *terms, CpRoc *out)
{
    uint8_t *keep = cp_alloc(cx, (size_t)t);
    if (!keep)
        return cp_stop(cx, CP_ENOMEM);
    int64_t nk = keep_points(tp, fp, t, keep), n = (drop ? nk : t) + 1;
    double P = tp[t - 1], N = fp[t - 1];
    out->fpr = cp_alloc(cx, sizeof(double) * (size_t)n);
    out->tpr = cp_alloc(cx, sizeof(double) * (size_t)n);
    out->thresholds = cp_alloc(cx, sizeof(double) * (size_t)n);
    if (!out->fpr || !out->tpr || !out->thresholds) {
        cp_free(cx, keep);
        cp_roc_free(cx, out);
        return cp_stop(cx, CP_ENOMEM);
    }
    out->fpr[0] = out->tpr[0] = 0;
    out->thresholds[0] = INFINITY;
    double px = 0, py = 0;
    for (int64_t i = 0, j = 1, a = 0; i < t; i++) {
        double x = fp[i] / N, y = tp[i] / P;
        if (keep[i]) {
            terms[a++] = (x - px) * (y + py) / 2.0;      /* numpy.trapz */
            px = x;
            py = y;
        }
        if (keep[i] || !drop) {
            out->fpr[j] = x;
            out->tpr[j] = y;
            out->thresholds[j++] = th[i];
        }
    }
    out->n = n;
    out->auc = cp_sum_pairwise(terms, nk);
    out->npos = (int64_t)P;
    out->nneg = (int64_t)N;
    cp_free(cx, keep);
    return CP_OK;
}

CpStatus cp_roc(CpCtx *cx, const CpCol *y, const CpCol *score, bool drop_intermediate, CpRoc *out)
{
    memset(out, 0, sizeof *out);
    if (score->type != CP_F64 || (y->type != CP_F64 && y->type != CP_BOOL) || y->len != score->len)
        return cp_fail(cx, CP_EINVAL, "roc: needs 0/1 labels and double scores of the same length");
    int64_t *rows = NULL, k = 0, P = 0;
    CpStatus st = ordered_rows(cx, y, score, &rows, &k, &P);
    if (st != CP_OK)
        return st;
    if (P == 0 || P == k) {
        cp_free(cx, rows);
        return cp_fail(cx, CP_EINVAL, "roc: need both classes in y_true, got %lld positive and %lld negative",
                       (long long)P, (long long)(k - P));
    }
    const double *s = score->data;
    double *tp = cp_alloc(cx, sizeof(double) * (size_t)(k + 1)), *fp = cp_alloc(cx, sizeof(double) * (size_t)(k + 1));
    double *th = cp_alloc(cx, sizeof(double) * (size_t)(k + 1));
    double *terms = cp_alloc(cx, sizeof(double) * (size_t)(k + 1));
    if (!tp || !fp || !th || !terms) {
        st = cp_stop(cx, CP_ENOMEM);
        goto done;
    }
    /* thresholds: the last row of each run of equal scores */
    int64_t t = 0;
    double cum = 0;
    for (int64_t i = 0; i < k; i++) {
        if ((i & (CP_CHUNK - 1)) == 0 && cp_interrupted(cx)) {
            st = cp_stop(cx, CP_EINTR);
            goto done;
        }
        cum += y_at(y, rows[i]);
        if (i + 1 < k && s[rows[i + 1]] == s[rows[i]])
            continue;
        tp[t] = cum;
        fp[t] = (double)(i + 1) - cum;
        th[t++] = s[rows[i]];
    }
    st = curve(cx, tp, fp, th, t, drop_intermediate, terms, out);
done:
    cp_free(cx, rows);
    cp_free(cx, tp);
    cp_free(cx, fp);
    cp_free(cx, th);
    cp_free(cx, terms);
    return st;
}
