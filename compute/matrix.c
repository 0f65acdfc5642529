/*
 * matrix.c — the dense matrix (column-major doubles, leading dimension =
 * rows) and thin wrappers over BLAS (dgemm) and LAPACK (dgels, dposv,
 * dsyevd, dgesdd) through CBLAS/LAPACKE.
 *
 * Wrappers never change their inputs: LAPACK overwrites its arguments, so
 * each call works on copies it allocates through the context. Sizes are
 * checked against LAPACK's 32-bit integers. OpenBLAS runs its own threads
 * inside these calls; its results do not depend on our thread count.
 */
#include <cblas.h>
#include <lapacke.h>
#include <float.h>
#include <limits.h>
#include <math.h>

#include "compute/cpint.h"

CpStatus cp_mat_new(CpCtx *cx, int64_t rows, int64_t cols, CpMat *m)
{
    m->rows = rows;
    m->cols = cols;
    m->a = NULL;
    if (rows < 0 || cols < 0 || rows > INT_MAX || cols > INT_MAX)
        return cp_fail(cx, CP_EINVAL, "matrix: %lld x %lld is beyond LAPACK's limits", (long long)rows,
                       (long long)cols);
    if (rows * cols == 0)
        return CP_OK;
    if (!(m->a = cp_calloc(cx, sizeof(double) * (size_t)rows * (size_t)cols)))
        return cp_stop(cx, CP_ENOMEM);
    return CP_OK;
}

void cp_mat_free(CpCtx *cx, CpMat *m)
{
    if (!m)
        return;
    cp_free(cx, m->a);
    m->a = NULL;
    m->rows = m->cols = 0;
}

static CpStatus mat_copy(CpCtx *cx, const CpMat *src, CpMat *dst)
{
    CpStatus st = cp_mat_new(cx, src->rows, src->cols, dst);
    if (st == CP_OK && dst->a)
        memcpy(dst->a, src->a, sizeof(double) * (size_t)(src->rows * src->cols));
    return st;
}

static inline double cell(const CpCol *c, int64_t i)
{
    switch (c->type) {
    case CP_F64: return ((const double *)c->data)[i];
    case CP_BOOL: return ((const uint8_t *)c->data)[i];
    case CP_I32: return ((const int32_t *)c->data)[i];
    default: return (double)((const int64_t *)c->data)[i];
    }
}

CpStatus cp_mat_from_cols(CpCtx *cx, const CpCol *cols, int ncols, const char *const *names, CpNaPolicy na,
                          CpMat *m, int64_t **kept, int64_t *nkept)
{
    memset(m, 0, sizeof *m);
    if (kept)
        *kept = NULL;
    int64_t n = ncols > 0 ? cols[0].len : 0, nk = 0;
    uint8_t *ok = cp_alloc(cx, (size_t)n + 1);
    if (!ok)
        return cp_stop(cx, CP_ENOMEM);
    memset(ok, 1, (size_t)n + 1);
    for (int j = 0; j < ncols; j++) {
        if (cols[j].len != n || cols[j].type == CP_I32) {
            cp_free(cx, ok);
            return cp_fail(cx, CP_EINVAL, "matrix: column %s%s%d is %s",
                           names ? names[j] : "", names ? " (" : "", j + 1,
                           cols[j].type == CP_I32 ? "not numeric" : "of a different length");
        }
        for (int64_t i = 0; cols[j].valid && i < n; i++)
            if (!cp_valid(cols[j].valid, i)) {
                if (na == CP_NA_ERROR) {
                    cp_free(cx, ok);
                    return cp_fail(cx, CP_EINVAL, "matrix: column %s has NA at row %lld",
                                   names ? names[j] : "?", (long long)i);
                }
                if (na == CP_NA_DROP)
                    ok[i] = 0;
            }
    }
    for (int64_t i = 0; i < n; i++)
        nk += ok[i];
    CpStatus st = cp_mat_new(cx, nk, ncols, m);
    int64_t *rows = st == CP_OK && kept ? cp_alloc(cx, sizeof(int64_t) * (size_t)(nk + 1)) : NULL;
    if (st == CP_OK && kept && !rows) {
        cp_mat_free(cx, m);
        st = cp_stop(cx, CP_ENOMEM);
    }
    for (int j = 0; st == CP_OK && j < ncols; j++) {
        if (cp_interrupted(cx)) {
            cp_mat_free(cx, m);
            st = cp_stop(cx, CP_EINTR);
            break;
        }
        double *dst = m->a + (size_t)j * (size_t)nk;
        for (int64_t i = 0, r = 0; i < n; i++) {
            if ((i & (CP_CHUNK - 1)) == 0 && i && cp_interrupted(cx))
                break;                /* caught below */
            if (ok[i])
                dst[r++] = cp_valid(cols[j].valid, i) ? cell(&cols[j], i) : NAN;
        }
    }
    if (st == CP_OK && cp_interrupted(cx)) {     /* seen inside the last column */
        cp_mat_free(cx, m);
        cp_free(cx, rows);
        rows = NULL;
        st = cp_stop(cx, CP_EINTR);
    }
    for (int64_t i = 0, r = 0; st == CP_OK && rows && i < n; i++)
        if (ok[i])
            rows[r++] = i;
    if (st != CP_OK)
        cp_free(cx, rows);
    else if (kept)
        *kept = rows;
    if (nkept)
        *nkept = st == CP_OK ? nk : 0;
    cp_free(cx, ok);
    return st;
}

CpStatus cp_mat_mul(CpCtx *cx, bool tA, const CpMat *A, bool tB, const CpMat *B, double alpha, double beta,
                    CpMat *C)
{
    int64_t m = tA ? A->cols : A->rows, k = tA ? A->rows : A->cols;
    int64_t kb = tB ? B->cols : B->rows, n = tB ? B->rows : B->cols;
    if (k != kb || C->rows != m || C->cols != n)
        return cp_fail(cx, CP_EINVAL, "matmul: shapes do not fit: (%lld x %lld) times (%lld x %lld) into %lld x %lld",
                       (long long)m, (long long)k, (long long)kb, (long long)n, (long long)C->rows,
                       (long long)C->cols);
    if (m == 0 || n == 0)
        return CP_OK;
    if (k == 0) {
        for (int64_t i = 0; i < m * n; i++)
            C->a[i] *= beta;
        return CP_OK;
    }
    cblas_dgemm(CblasColMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, (int)m, (int)n,
                (int)k, alpha, A->a, (int)(A->rows ? A->rows : 1), B->a, (int)(B->rows ? B->rows : 1), beta, C->a,
                (int)m);
    return CP_OK;
}

/* 1 + the first column whose diagonal entry of R (the QR factor dgels
 * leaves in the upper triangle) is negligible next to the largest, as
 * numpy's matrix_rank tolerance: max|R_ii| * max(m, n) * eps; 0 if none. */
static lapack_int rank_gap(const CpMat *qr)
{
    int64_t n = qr->cols, m = qr->rows;
    double big = 0;
    for (int64_t i = 0; i < n; i++)
        big = fmax(big, fabs(qr->a[i + i * m]));
    double tol = big * (double)(m > n ? m : n) * DBL_EPSILON;
    for (int64_t i = 0; i < n; i++)
        if (!(fabs(qr->a[i + i * m]) > tol))
            return (lapack_int)(i + 1);
    return 0;
}

CpStatus cp_lstsq(CpCtx *cx, const CpMat *A, const CpMat *B, CpMat *X)
{
    memset(X, 0, sizeof *X);
    int64_t m = A->rows, n = A->cols, nrhs = B->cols;
    if (B->rows != m)
        return cp_fail(cx, CP_EINVAL, "lstsq: A has %lld rows but B has %lld", (long long)m, (long long)B->rows);
    if (m < n || n == 0)
        return cp_fail(cx, CP_EINVAL, "lstsq: need at least as many rows as columns (and one column), got %lld x %lld",
                       (long long)m, (long long)n);
    CpMat a, b;
    CpStatus st = mat_copy(cx, A, &a);
    if (st != CP_OK)
        return st;
    if ((st = mat_copy(cx, B, &b)) != CP_OK) {
        cp_mat_free(cx, &a);
        return st;
    }
    lapack_int info = nrhs == 0 ? 0
                                : LAPACKE_dgels(LAPACK_COL_MAJOR, 'N', (lapack_int)m, (lapack_int)n,
                                                (lapack_int)nrhs, a.a, (lapack_int)m, b.a, (lapack_int)m);
    if (info == 0)
        info = rank_gap(&a);
    if (info > 0)
        st = cp_fail(cx, CP_ESINGULAR, "lstsq: the matrix is rank-deficient (column %d depends on the others)",
                     (int)info);
    else if (info < 0)
        st = cp_fail(cx, CP_ELAPACK, "lstsq: dgels rejected argument %d", (int)-info);
    else if ((st = cp_mat_new(cx, n, nrhs, X)) == CP_OK)
        for (int64_t j = 0; j < nrhs; j++)
            memcpy(X->a + j * n, b.a + j * m, sizeof(double) * (size_t)n);
    cp_mat_free(cx, &a);
    cp_mat_free(cx, &b);
    return st;
}

CpStatus cp_solve_spd(CpCtx *cx, const CpMat *S, const CpMat *B, CpMat *X)
{
    memset(X, 0, sizeof *X);
    int64_t n = S->rows;
    if (S->cols != n || B->rows != n)
        return cp_fail(cx, CP_EINVAL, "solve: need a square matrix and a right side with as many rows");
    CpMat s;
    CpStatus st = mat_copy(cx, S, &s);
    if (st != CP_OK || (st = mat_copy(cx, B, X)) != CP_OK) {
        cp_mat_free(cx, &s);
        return st;
    }
    lapack_int info = n == 0 || B->cols == 0 ? 0
                      : LAPACKE_dposv(LAPACK_COL_MAJOR, 'U', (lapack_int)n, (lapack_int)B->cols, s.a,
                                      (lapack_int)n, X->a, (lapack_int)n);
    cp_mat_free(cx, &s);
    if (info == 0)
        return CP_OK;
    cp_mat_free(cx, X);
    if (info > 0)
        return cp_fail(cx, CP_ESINGULAR, "solve: the matrix is not positive definite (leading minor %d)", (int)info);
    return cp_fail(cx, CP_ELAPACK, "solve: dposv rejected argument %d", (int)-info);
}

CpStatus cp_eigh(CpCtx *cx, const CpMat *S, CpMat *w, CpMat *V)
{
    int64_t n = S->rows;
    memset(w, 0, sizeof *w);
    if (V)
        memset(V, 0, sizeof *V);
    if (S->cols != n || n == 0)
        return cp_fail(cx, CP_EINVAL, "eigh: need a non-empty square matrix, got %lld x %lld", (long long)n,
                       (long long)S->cols);
    CpMat a;
    CpStatus st = mat_copy(cx, S, &a);
    if (st != CP_OK || (st = cp_mat_new(cx, n, 1, w)) != CP_OK) {
        cp_mat_free(cx, &a);
        return st;
    }
    lapack_int info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, V ? 'V' : 'N', 'U', (lapack_int)n, a.a, (lapack_int)n, w->a);
    if (info != 0) {
        cp_mat_free(cx, &a);
        cp_mat_free(cx, w);
        return info > 0 ? cp_fail(cx, CP_ELAPACK, "eigh: dsyevd did not converge (%d)", (int)info)
                        : cp_fail(cx, CP_ELAPACK, "eigh: dsyevd rejected argument %d", (int)-info);
    }
    if (V)
        *V = a;
    else
        cp_mat_free(cx, &a);
    return CP_OK;
}

CpStatus cp_svd(CpCtx *cx, const CpMat *A, CpMat *s, CpMat *U, CpMat *Vt)
{
    int64_t m = A->rows, n = A->cols, k = m < n ? m : n;
    bool vec = U && Vt;
    memset(s, 0, sizeof *s);
    if (U)
        memset(U, 0, sizeof *U);
    if (Vt)
        memset(Vt, 0, sizeof *Vt);
    if (k == 0)
        return cp_fail(cx, CP_EINVAL, "svd: the matrix is empty (%lld x %lld)", (long long)m, (long long)n);
    CpMat a;
    CpStatus st = mat_copy(cx, A, &a);
    if (st == CP_OK)
        st = cp_mat_new(cx, k, 1, s);
    if (st == CP_OK && vec && (st = cp_mat_new(cx, m, k, U)) == CP_OK)
        st = cp_mat_new(cx, k, n, Vt);
    lapack_int info = 0;
    if (st == CP_OK)
        info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, vec ? 'S' : 'N', (lapack_int)m, (lapack_int)n, a.a, (lapack_int)m,
                              s->a, vec ? U->a : NULL, (lapack_int)m, vec ? Vt->a : NULL, (lapack_int)k);
    cp_mat_free(cx, &a);
    if (st == CP_OK && info != 0)
        st = info > 0 ? cp_fail(cx, CP_ELAPACK, "svd: dgesdd did not converge (%d)", (int)info)
                      : cp_fail(cx, CP_ELAPACK, "svd: dgesdd rejected argument %d", (int)-info);
    if (st != CP_OK) {
        cp_mat_free(cx, s);
        cp_mat_free(cx, U);
        cp_mat_free(cx, Vt);
    }
    return st;
}
