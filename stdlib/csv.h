/*
 * csv.h — the CSV reader behind read_csv: tokenizer, number parser, type
 * inference and the parallel parse. Knows frames and vectors, not the
 * interpreter: errors come back as a kind and a message, so the unit tests
 * drive it without an Interp and io.c turns the result into a sift error.
 *
 * How a file is read (details in csv.c):
 *   1. The file is mapped (or read whole) with a NUL byte after its end.
 *   2. The header record gives the column count and names.
 *   3. The body is cut into one chunk per thread at row boundaries
 *      (a newline outside quotes, found from quote parity) and every chunk
 *      is parsed straight into stride-8 column buffers sized from its
 *      newline count; each column starts optimistic (number) and turns str
 *      when a word arrives, its earlier fields re-read once.
 *   4. The chunks' per-column kinds are merged, dictionaries combined in
 *      order of first appearance, the buffers compacted to their final
 *      width. The result is identical whatever the number of threads.
 */
#ifndef SIFT_CSV_H
#define SIFT_CSV_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/frame.h"

/* Column kinds a caller may force with types=. */
typedef enum CsvKind { CSV_AUTO = 0, CSV_NUM, CSV_BOOL, CSV_STR } CsvKind;

/* Most NA markers read_csv takes (the na= list). */
#define CSV_MAX_NA 64
/* Most columns: a record of this many fields is already unusual; the
 * limit keeps the per-column state of every chunk in a few megabytes. */
#define CSV_MAX_COLS 100000

typedef struct CsvOptions {
    char sep;                    /* one byte, not '"', '\n' or '\r' */
    bool header;                 /* first record holds the names */
    const char *const *na;       /* NA markers (exact, unquoted text) */
    int nna;
    const char *const *force_names; /* types=: column → kind */
    const CsvKind *force_kinds;
    int nforce;
    int nthreads;                /* 0: one per core, at most 8 */
    volatile sig_atomic_t *interrupted; /* polled every few thousand rows */
    /* Called now and then from the calling thread with the fraction of the
     * file parsed so far (may be NULL). */
    void (*progress)(void *ud, double fraction);
    void *progress_ud;
} CsvOptions;

/* Default options: sep ',', header, the markers "", NA, NaN, null, ?. */
void csv_default_options(CsvOptions *o);

typedef enum CsvStatus {
    CSV_OK = 0,
    CSV_EIO,                     /* the file cannot be opened or read */
    CSV_EVALUE,                  /* malformed content */
    CSV_ENOMEM,
    CSV_EINTR,                   /* *interrupted was set */
} CsvStatus;

/* A column read as str although it started as num or bool. */
typedef struct CsvNote {
    int col;
    int64_t line;                /* physical line of the first offender */
    char value[48];              /* its text, truncated */
    char first_kind[8];          /* "num" or "bool" */
} CsvNote;

typedef struct CsvResult {
    CsvStatus status;
    char msg[512];               /* "data.csv, line 7: expected 5 fields, found 6" */
    Frame *frame;                /* new reference when status == CSV_OK */
    CsvNote *notes;              /* malloc'd through mem_*, free with csv_result_free */
    int nnotes;
    bool empty;                  /* no header at all (empty or blank file): a 0 x 0 frame */
} CsvResult;

/* Read the CSV file at path. A file with no header (empty, or only blank
 * lines and a byte-order mark) is the CSV of the empty frame: r->frame has
 * no columns and r->empty is set. On success r->frame is a new reference; on
 * failure r->status and r->msg say why (the message names the file as
 * `name`, the line and, where it applies, the column). Always call
 * csv_result_free afterwards (it releases the notes, not the frame). */
CsvStatus csv_read_file(const char *path, const char *name, const CsvOptions *o, CsvResult *r);
/* Same over text[0..n) (copied; used by tests). */
CsvStatus csv_read_mem(const char *name, const char *text, size_t n, const CsvOptions *o, CsvResult *r);
void csv_result_free(CsvResult *r);

/* Parse the whole of s[0..n) as a number the way the reader does: optional
 * spaces and sign, decimal digits with an optional point and exponent, or
 * inf/infinity/nan (any case). Correctly rounded (Clinger's fast path,
 * strtod for the hard cases). Returns false when s is not a number. */
bool csv_parse_number(const char *s, size_t n, double *out);

/* True when s[0..n) is one of the bool spellings true/false/TRUE/FALSE/
 * True/False; *out gets the value. */
bool csv_parse_bool(const char *s, size_t n, bool *out);

/* Whether s[0..n) is valid UTF-8 (no overlongs, surrogates or values
 * past U+10FFFF). On failure *bad is the offset of the first bad byte. */
bool csv_utf8_valid(const char *s, size_t n, size_t *bad);

#endif
