/*
 * format.h — numbers as text (shortest round-trip, and per-column table
 * formats). See format.c.
 */
#ifndef SIFT_FORMAT_H
#define SIFT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Shortest text that reads back to x. Returns the length written. */
size_t fmt_num_shortest(double x, char *buf, size_t n);

typedef struct FmtSpec {
    int decimals;            /* fixed decimals when !sci && !integral */
    int sci;                 /* scientific notation */
    int integral;            /* every shown value is a whole number */
} FmtSpec;

/* Choose one format for the values x[rows[k]] (all of x when rows is
 * NULL), skipping NA (per the validity bitmap, may be NULL). */
void fmt_column_spec(const double *x, const uint64_t *valid, const int64_t *rows, int64_t n, FmtSpec *spec);
size_t fmt_num_spec(double x, const FmtSpec *spec, char *buf, size_t n);

#endif
