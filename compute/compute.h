/*
 * compute.h — sift's compute layer: plain C kernels over typed arrays and
 * validity bitmaps, with no interpreter values (the one public header of
 * compute/; see compute/README.md for the design and conventions).
 *
 * lang/, stdlib/ and plot/ call these; compute/ calls none of them.
 *
 * Conventions, once for every function here:
 *   - A column is a CpCol: a typed buffer plus an optional LSB-first
 *     validity bitmap (bit i set = row i present; NULL = no NA), as Arrow
 *     and lang/vec.h lay them out. NA is never an in-band value; a NaN in
 *     an F64 column is a value (it is not NA), and each kernel says what
 *     it does with it.
 *   - Every call takes a CpCtx: the interrupt flag it polls (every
 *     CP_CHUNK rows of work, i.e. well under 10 ms), the allocator it uses
 *     for scratch and results, the thread count, and a message buffer.
 *   - Status returns (CpStatus); on failure nothing is leaked, outputs the
 *     caller allocated may be partly written, outputs the function would
 *     allocate are left NULL, and cx->msg says what was wrong.
 *   - Ownership: inputs are borrowed. Output arrays are either the
 *     caller's (sizes stated at the function) or, for results whose size
 *     is not known in advance (joins, ROC points), allocated with the
 *     context's allocator and released by the caller with cp_free.
 *   - Results never depend on the thread count: parallel loops split the
 *     input into fixed blocks and combine block results in block order.
 *   - Row counts and indices are int64_t; an index of -1 means "no row"
 *     (gather makes it NA).
 */
#ifndef SIFT_COMPUTE_H
#define SIFT_COMPUTE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ==== context, status, columns ========================================== */

typedef enum CpStatus {
    CP_OK = 0,
    CP_ENOMEM,          /* allocation failed */
    CP_EINTR,           /* the interrupt flag was set */
    CP_EINVAL,          /* bad input; cx->msg says which and why */
    CP_ESINGULAR,       /* a matrix is singular / rank-deficient */
    CP_ELAPACK,         /* LAPACK reported a failure (e.g. no convergence) */
} CpStatus;

/* Allocator: Lua-style. realloc(ud, p, n) with n > 0 returns a block of n
 * bytes (p NULL: a new one) or NULL; with n == 0 frees p and returns NULL.
 * Called only from the thread that called into compute/, never from
 * worker threads. */
typedef void *(*CpReallocFn)(void *ud, void *p, size_t n);

typedef struct CpCtx {
    /* Polled by every loop; nonzero stops the call with CP_EINTR (the
     * flag is left as it is: clearing it is the caller's business).
     * NULL: never interrupted. */
    const volatile sig_atomic_t *interrupt;
    CpReallocFn realloc;        /* NULL: the C library's */
    void *ud;
    int nthreads;               /* 0: cp_default_threads() */
    char msg[200];              /* why the last call failed */
} CpCtx;

/* A context with the C allocator, no interrupt flag, default threads. */
void cp_ctx_init(CpCtx *cx);
/* Allocation through cx (NULL when it fails; n == 0 allocates 1 byte). */
void *cp_alloc(CpCtx *cx, size_t n);
void *cp_calloc(CpCtx *cx, size_t n);
void cp_free(CpCtx *cx, void *p);
/* A fixed English text for st ("out of memory", ...). */
const char *cp_status_text(CpStatus st);

static inline bool cp_interrupted(const CpCtx *cx)
{
    return cx->interrupt && *cx->interrupt;
}

/* Rows of work between interrupt polls (and the parallel block size). */
#define CP_CHUNK 65536

typedef enum CpType {
    CP_F64,             /* double */
    CP_BOOL,            /* uint8_t, 0 or 1 */
    CP_I32,             /* int32_t: string dictionary codes (or small ints) */
    CP_I64,             /* int64_t: datetimes, counts */
} CpType;

typedef struct CpCol {
    CpType type;
    const void *data;
    const uint64_t *valid;      /* LSB-first; NULL: no NA */
    int64_t len;
    /* CP_I32 as dictionary codes: every valid code is in [0, ncodes).
     * ncodes lets group ids use a direct table instead of a hash (0:
     * unknown, a hash is used). rank[code] (optional) is the code's place
     * in the sort order of the strings (cp_str_ranks); sorting needs it,
     * NULL sorts by code. */
    int32_t ncodes;
    const int32_t *rank;
} CpCol;

/* Column views (valid may be NULL). */
CpCol cp_col_f64(const double *x, const uint64_t *valid, int64_t n);
CpCol cp_col_bool(const uint8_t *x, const uint64_t *valid, int64_t n);
CpCol cp_col_codes(const int32_t *codes, const uint64_t *valid, int64_t n, int32_t ncodes);
CpCol cp_col_i64(const int64_t *x, const uint64_t *valid, int64_t n);

static inline bool cp_valid(const uint64_t *valid, int64_t i)
{
    return !valid || (valid[i >> 6] >> (i & 63)) & 1;
}
/* 64-bit words in a bitmap of n bits. */
static inline size_t cp_bitmap_words(int64_t n) { return (size_t)((n + 63) / 64); }
/* Element size of a type in bytes. */
size_t cp_type_size(CpType t);

/* ==== the job runner ==================================================== */

/* Threads used when a context says 0: the SIFT_THREADS environment
 * variable if set (1..64), else cp_set_threads' value if set, else the
 * online cores (at most 8). */
int cp_default_threads(void);
/* Process-wide default thread count; n <= 0 restores the automatic one. */
void cp_set_threads(int n);
/* The count a call with cx would use (>= 1). */
int cp_threads(const CpCtx *cx);

/* One task of a parallel loop: task in [0, ntasks). Runs on any thread;
 * must not allocate through cx (use memory set up before the loop) and
 * should poll cp_interrupted(cx) every CP_CHUNK rows of work. Returns
 * CP_OK or an error (written to its own result slot if it needs a
 * message: cx->msg is not written by tasks). */
typedef CpStatus (*CpTaskFn)(void *arg, int64_t task, const CpCtx *cx);

/* Runs fn for every task in [0, ntasks) on up to cp_threads(cx) threads
 * (the calling thread is one of them; threads that cannot be started are
 * simply not used). Tasks are handed out in order; once one fails or the
 * interrupt flag is seen, no new task starts. Returns CP_OK, or the
 * status of the lowest-numbered failed task, or CP_EINTR. Deterministic
 * use: make each task's result depend only on its task number, and
 * combine the results in task order after the call. */
CpStatus cp_run(const CpCtx *cx, int64_t ntasks, CpTaskFn fn, void *arg);

/* Fixed blocks over n rows: the count, and the bounds of block b. The
 * block size (CP_CHUNK) never depends on the thread count. */
static inline int64_t cp_nblocks(int64_t n) { return (n + CP_CHUNK - 1) / CP_CHUNK; }
static inline void cp_block(int64_t b, int64_t n, int64_t *lo, int64_t *hi)
{
    *lo = b * CP_CHUNK;
    *hi = *lo + CP_CHUNK < n ? *lo + CP_CHUNK : n;
}

/* ==== group ids ========================================================= */

/* Dense group ids for the rows of nkeys key columns (all of length n):
 * ids[i] (caller's array of n) is the group of row i, groups numbered
 * 0, 1, ... in order of first appearance; *ngroups their count.
 * Key equality: F64 by value with -0 == +0 and every NaN one value (NaN
 * is its own group, distinct from NA); BOOL, I32, I64 by value. NA is
 * one group per key column (a row's NA key matches other rows' NA).
 * n == 0 gives 0 groups. */
CpStatus cp_group_ids(CpCtx *cx, const CpCol *keys, int nkeys, int64_t n, int64_t *ids, int64_t *ngroups);

/* first[g] = the first row of group g (caller's array of ngroups). */
void cp_group_firsts(const int64_t *ids, int64_t n, int64_t ngroups, int64_t *first);
/* count[g] = rows in group g (caller's array of ngroups). */
void cp_group_sizes(const int64_t *ids, int64_t n, int64_t ngroups, int64_t *count);

/* ==== grouped reductions ================================================ */

typedef enum CpAgg {
    CP_AGG_COUNT,       /* non-NA values (all rows when !skip_na) */
    CP_AGG_SUM,         /* Kahan-compensated in row order, as pandas */
    CP_AGG_MEAN,        /* Kahan sum / count, as pandas */
    CP_AGG_MIN,
    CP_AGG_MAX,
    CP_AGG_VAR,         /* Welford, ddof (default 1), as pandas */
    CP_AGG_STD,
    CP_AGG_MEDIAN,      /* middle value, or (a + b) / 2 */
    CP_AGG_QUANTILE,    /* type 7 at opt->q, numpy's interpolation */
    CP_AGG_NUNIQUE,     /* distinct non-NA values (NA one more when !skip_na) */
} CpAgg;

typedef struct CpAggOpt {
    bool keep_na;       /* false (default): skip NA; true: a group with an NA gives NA */
    double q;           /* CP_AGG_QUANTILE: in [0, 1] */
    int ddof;           /* CP_AGG_VAR/STD: 1 by default (set via cp_agg_opt) */
} CpAggOpt;

/* The default options: skip NA, ddof 1, q 0.5. */
CpAggOpt cp_agg_opt(void);

/* out[g] (caller's array of ngroups doubles) = op over the values of
 * group g; out_valid (caller's bitmap of ngroups bits, may be NULL) gets
 * bit g cleared where the result is NA: a group with no values (too few
 * for VAR/STD: count <= ddof) for MEAN, MIN, MAX, VAR, STD, MEDIAN,
 * QUANTILE (out[g] is then NaN; COUNT, NUNIQUE and SUM give 0, as
 * pandas), or a group holding an NA when keep_na. col may be F64, BOOL (as 0/1) or I64; COUNT and NUNIQUE take
 * any type. A NaN value is a value: it makes sums, means, variances NaN,
 * and min/max/median/quantile of a group holding one NaN are NaN (as
 * numpy without the nan- prefix). ids come from cp_group_ids (or any
 * array with every id in [0, ngroups)); an id of -1 skips the row. */
CpStatus cp_group_agg(CpCtx *cx, CpAgg op, const CpCol *col, const int64_t *ids, int64_t ngroups,
                      const CpAggOpt *opt, double *out, uint64_t *out_valid);

typedef enum CpPick {
    CP_PICK_FIRST,      /* first row of the group with a non-NA value */
    CP_PICK_LAST,
    CP_PICK_MIN,        /* row of the smallest value (first of ties); I32 by rank */
    CP_PICK_MAX,
} CpPick;

/* rows[g] (caller's array of ngroups) = the row picked in group g, or -1
 * when the group has no non-NA value (with keep_na, FIRST/LAST take the
 * first/last row whatever it holds). Gather with rows to get the values
 * in the column's own type (strings included). NaN in F64: MIN/MAX pick
 * the first NaN (NaN propagates, as in CP_AGG_MIN). */
CpStatus cp_group_pick(CpCtx *cx, CpPick op, const CpCol *col, const int64_t *ids, int64_t ngroups,
                       bool keep_na, int64_t *rows);

/* ==== gather and joins ================================================== */

/* out[i] = src[idx[i]] for i in [0, n), and -1 gives NA (out zeroed
 * there). out_data is the caller's buffer of n elements of src->type;
 * out_valid the caller's bitmap of cp_bitmap_words(n) words, fully
 * written (may be NULL only when no idx is -1 and src has no NA).
 * *nnull (may be NULL) = NA count in the result. Every idx must be -1 or
 * in [0, src->len) (not checked). */
CpStatus cp_gather(CpCtx *cx, const CpCol *src, const int64_t *idx, int64_t n, void *out_data,
                   uint64_t *out_valid, int64_t *nnull);

typedef enum CpJoinHow { CP_JOIN_INNER, CP_JOIN_LEFT, CP_JOIN_RIGHT, CP_JOIN_OUTER } CpJoinHow;

typedef struct CpJoin {
    int64_t *left, *right;      /* n row pairs; -1 = no row on that side */
    int64_t n;
} CpJoin;

/* Hash join of nkeys key columns (left[k] against right[k], same type;
 * I32 string codes must be coded against one dictionary: equal strings,
 * equal codes). Matching rows give one pair each (many-to-many makes the
 * product). Order, deterministic:
 *   inner, left: left rows in order; each one's matches in right order
 *     (left also keeps unmatched left rows, with -1);
 *   right: right rows in order; each one's matches in left order;
 *   outer: as left, then the unmatched right rows in right order.
 * NA keys: na_match true (pandas) makes NA equal NA; false (SQL) makes a
 * row with an NA key match nothing. out->left/right are allocated with
 * cx's allocator (cp_free them); on failure both are NULL. */
CpStatus cp_join(CpCtx *cx, const CpCol *left, const CpCol *right, int nkeys, CpJoinHow how,
                 bool na_match, CpJoin *out);
void cp_join_free(CpCtx *cx, CpJoin *j);

/* ==== sorting and ranks ================================================= */

typedef struct CpSortKey {
    CpCol col;
    bool desc;
} CpSortKey;

/* perm (caller's array of n) = the row positions in stable sorted order
 * by keys[0], ties by keys[1], ... Doubles by value (-0 == +0), bools
 * false < true, I32 by col.rank[code] (by code without rank), I64 by
 * value. In both directions NaN sorts after every number and NA after
 * everything (NA last). LSD radix sort. */
CpStatus cp_sort(CpCtx *cx, const CpSortKey *keys, int nkeys, int64_t n, int64_t *perm);

/* rank[i] (caller's array of n) = the place of string i in byte order
 * (0 = smallest), for the strings s[i] of lengths len[i], i in [0, n).
 * Entries with used[i] == 0 are skipped (rank left unset; used may be
 * NULL). Equal strings get distinct ranks in index order. */
CpStatus cp_str_ranks(CpCtx *cx, const char *const *s, const size_t *len, int32_t n, const uint8_t *used,
                      int32_t *rank);

typedef enum CpTies {
    CP_TIES_AVERAGE,    /* pandas/scipy "average" (default) */
    CP_TIES_MIN,
    CP_TIES_MAX,
    CP_TIES_DENSE,
    CP_TIES_FIRST,      /* order of appearance */
} CpTies;

/* out[i] (caller's n doubles) = 1-based rank of col's row i among the
 * non-NA values, ascending (descending when desc). NA rows and NaN values
 * get NaN and are cleared in out_valid (caller's bitmap, may be NULL).
 * col is F64, BOOL, I32 (by rank) or I64. */
CpStatus cp_rank(CpCtx *cx, const CpCol *col, CpTies ties, bool desc, double *out, uint64_t *out_valid);

/* ==== sums ============================================================== */

/* numpy's sum of a[0..n): pairwise summation (blocks of 128 with 8
 * accumulators) within buffers of 8192 values, the buffers added in
 * order — what np.sum and pandas' sum give, to the last digit. */
double cp_sum_pairwise(const double *a, int64_t n);

/* ==== quantiles ========================================================= */

/* Quantile q in [0, 1] of sorted[0..n) (ascending, no NaN), linear
 * interpolation (R type 7; numpy's default: position (n-1)q, numpy's
 * rounding of the interpolation, so results equal np.percentile's).
 * NaN when n == 0 or q is outside [0, 1]. */
double cp_quantile_sorted(const double *sorted, int64_t n, double q);

/* Which values a quantile/KDE kernel reads. */
typedef enum CpSkip {
    CP_SKIP_NA,         /* NA rows only: a NaN value makes the result NaN */
    CP_SKIP_NONFINITE,  /* NA rows, NaN and +-inf (plots) */
} CpSkip;

/* out[j] = the type-7 quantile qs[j] (each in [0, 1]) of the F64 column,
 * for j in [0, nq); *used (may be NULL) = values used. With no values
 * every out[j] is NaN. Selection, not a full sort: a few linear passes. */
CpStatus cp_quantiles(CpCtx *cx, const CpCol *col, CpSkip skip, const double *qs, int nq, double *out,
                      int64_t *used);
/* The median (numpy's: the middle value or the mean of the two). */
CpStatus cp_median(CpCtx *cx, const CpCol *col, CpSkip skip, double *out, int64_t *used);

/* ==== kernel density ==================================================== */

typedef enum CpBw { CP_BW_SCOTT, CP_BW_SILVERMAN } CpBw;

/* The Gaussian KDE bandwidth (kernel standard deviation) of the finite
 * values of col by Scott's rule std * n^(-1/5) or Silverman's
 * std * (3n/4)^(-1/5) (scipy.stats.gaussian_kde's factors, std with
 * ddof=1). NaN with fewer than 2 values; 0 when they are all equal. */
double cp_kde_bw(const CpCol *col, CpBw rule);
/* out[j] = Gaussian KDE of the finite non-NA values of col with bandwidth
 * bw at grid[j], j in [0, m). Exact sum when values * m <= 2e7, else
 * linear binning onto 4096 points (relative error ~1e-4). All NaN when
 * no value or bw <= 0. Parallel over the grid. */
CpStatus cp_kde(CpCtx *cx, const CpCol *col, double bw, const double *grid, int64_t m, double *out);

/* ==== ROC =============================================================== */

typedef struct CpRoc {
    double *fpr, *tpr, *thresholds;  /* n points, from (0,0) at +inf */
    int64_t n;
    double auc;                      /* trapezoid over the points */
    int64_t npos, nneg;
} CpRoc;

/* ROC curve of score against y (0/1 as F64 or BOOL), as scikit-learn's
 * roc_curve + roc_auc_score: one point per distinct score (tied scores
 * move diagonally), the first at (0,0) with threshold +inf; with
 * drop_intermediate, collinear points are dropped as sklearn does (the
 * AUC is always over the dropped curve, as roc_auc_score computes it). Rows where either is NA or the score
 * is not finite are skipped. CP_EINVAL when a y is not 0/1 or a class is
 * missing. Arrays are cx-allocated: cp_roc_free. */
CpStatus cp_roc(CpCtx *cx, const CpCol *y, const CpCol *score, bool drop_intermediate, CpRoc *out);
void cp_roc_free(CpCtx *cx, CpRoc *r);

/* ==== dense matrices (BLAS/LAPACK) ====================================== */

/* Column-major doubles: element (i, j) is a[i + j * rows]. Owned by the
 * context's allocator; ld is rows. */
typedef struct CpMat {
    int64_t rows, cols;
    double *a;
} CpMat;

typedef enum CpNaPolicy {
    CP_NA_ERROR,        /* any NA: CP_EINVAL naming the column and row */
    CP_NA_DROP,         /* drop rows with an NA in any column */
    CP_NA_NAN,          /* NA becomes NaN */
} CpNaPolicy;

/* A new rows x cols matrix of zeros (m->a NULL when rows*cols == 0). */
CpStatus cp_mat_new(CpCtx *cx, int64_t rows, int64_t cols, CpMat *m);
void cp_mat_free(CpCtx *cx, CpMat *m);
/* Fill a matrix from ncols columns (F64, BOOL, I64; all of length n),
 * column j from cols[j]. names (may be NULL) name columns in errors.
 * With CP_NA_DROP, *kept (may be NULL; cx-allocated, cp_free) gets the
 * kept row numbers and *nkept their count. */
CpStatus cp_mat_from_cols(CpCtx *cx, const CpCol *cols, int ncols, const char *const *names, CpNaPolicy na,
                          CpMat *m, int64_t **kept, int64_t *nkept);

/* C = alpha * op(A) * op(B) + beta * C (dgemm); op transposes when tA/tB.
 * C must already have the right shape. */
CpStatus cp_mat_mul(CpCtx *cx, bool tA, const CpMat *A, bool tB, const CpMat *B, double alpha, double beta,
                    CpMat *C);
/* Least squares min ||A X - B|| by QR (dgels), A rows >= cols, full
 * column rank; X (new, cols x B->cols) is the solution. A and B are not
 * changed. CP_ESINGULAR (msg names the column) when A is rank-deficient:
 * a diagonal entry of R below max|R_ii| * max(rows, cols) * eps. */
CpStatus cp_lstsq(CpCtx *cx, const CpMat *A, const CpMat *B, CpMat *X);
/* Solve S X = B for symmetric positive definite S (Cholesky, dposv);
 * X new. CP_ESINGULAR when S is not positive definite. */
CpStatus cp_solve_spd(CpCtx *cx, const CpMat *S, const CpMat *B, CpMat *X);
/* Eigen-decomposition of symmetric S (dsyevd; upper triangle read):
 * w (new, n x 1) ascending eigenvalues, V (new, n x n, may be NULL to
 * skip vectors) the eigenvectors in columns. */
CpStatus cp_eigh(CpCtx *cx, const CpMat *S, CpMat *w, CpMat *V);
/* Thin SVD A = U diag(s) Vt (dgesdd): with k = min(rows, cols), s (new,
 * k x 1) descending, U (new, rows x k) and Vt (new, k x cols); U and Vt
 * may both be NULL for values only. */
CpStatus cp_svd(CpCtx *cx, const CpMat *A, CpMat *s, CpMat *U, CpMat *Vt);

#endif
