/*
 * sum.c — numpy's floating-point summation, reproduced exactly: within
 * each reduction buffer of NUMPY_BUFSIZE values a pairwise sum (blocks of
 * 128 with 8 accumulators, as umath's pairwise_sum), the buffers added in
 * order. Exactness against numpy/pandas is the invariant: change nothing
 * here without the golden tests.
 */
#include "compute/cpint.h"

/* numpy's reduction buffer size (NPY_BUFSIZE). */
#define NUMPY_BUFSIZE 8192

__attribute__((optimize("O3"))) static double pairwise(const double *a, int64_t n)
{
    if (n < 8) {
        double r = 0.;
        for (int64_t i = 0; i < n; i++)
            r += a[i];
        return r;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; j++)
            r[j] = a[j];
        int64_t i;
        for (i = 8; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++)
                r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++)
            res += a[i];
        return res;
    }
    int64_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise(a, n2) + pairwise(a + n2, n - n2);
}

double cp_sum_pairwise(const double *a, int64_t n)
{
    double acc = 0;
    for (int64_t i = 0; i < n; i += NUMPY_BUFSIZE)
        acc += pairwise(a + i, n - i < NUMPY_BUFSIZE ? n - i : NUMPY_BUFSIZE);
    return acc;
}
