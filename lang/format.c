/*
 * format.c — numbers as text.
 *
 * A number on its own uses the shortest text that reads back to the same
 * double (as Python's repr): 0.1 prints as 0.1, 1/3 as 0.3333333333333333,
 * 3.0 as 3. NaN, Inf and -Inf are spelled so. In tables, a column's
 * numbers share one format with at most 6 significant digits, so the
 * decimal points line up (pandas does the same).
 */
#include "lang/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t fmt_num_shortest(double x, char *buf, size_t n)
{
    if (isnan(x))
        return (size_t)snprintf(buf, n, "NaN");
    if (isinf(x))
        return (size_t)snprintf(buf, n, x > 0 ? "Inf" : "-Inf");
    if (x == floor(x) && fabs(x) < 1e16)
        return (size_t)snprintf(buf, n, "%.0f", x == 0 ? 0.0 : x);
    for (int prec = 15; prec <= 17; prec++) {
        int len = snprintf(buf, n, "%.*g", prec, x);
        if (prec == 17 || strtod(buf, NULL) == x)
            return (size_t)len;
    }
    return strlen(buf);
}

/* Decimals %.6g would show for x (0 when it would use an exponent). */
static int decimals_6g(double x, int *sci)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.6g", x);
    if (strchr(buf, 'e')) {
        *sci = 1;
        return 0;
    }
    const char *dot = strchr(buf, '.');
    return dot ? (int)strlen(dot + 1) : 0;
}

void fmt_column_spec(const double *x, const uint64_t *valid, const int64_t *rows, int64_t n, FmtSpec *spec)
{
    spec->decimals = 0;
    spec->sci = 0;
    spec->integral = 1;
    double maxabs = 0;
    for (int64_t k = 0; k < n; k++) {
        int64_t i = rows ? rows[k] : k;
        if (valid && !((valid[i >> 6] >> (i & 63)) & 1))
            continue;
        double v = x[i];
        if (!isfinite(v))
            continue;
        if (fabs(v) > maxabs)
            maxabs = fabs(v);
        if (v != floor(v))
            spec->integral = 0;
        int d = decimals_6g(v, &spec->sci);
        if (d > spec->decimals)
            spec->decimals = d;
    }
    if (maxabs >= 1e15)
        spec->sci = 1, spec->integral = 0;
    if (spec->integral)
        spec->sci = 0;
}

size_t fmt_num_spec(double x, const FmtSpec *spec, char *buf, size_t n)
{
    if (!isfinite(x))
        return fmt_num_shortest(x, buf, n);
    if (spec->integral)
        return (size_t)snprintf(buf, n, "%.0f", x == 0 ? 0.0 : x);
    if (spec->sci)
        return (size_t)snprintf(buf, n, "%.5e", x);
    return (size_t)snprintf(buf, n, "%.*f", spec->decimals, x);
}
