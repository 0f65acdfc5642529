/*
 * json.h — JSON inside the standard library, shared by json.c (the
 * built-ins and the encoder) and jsonread.c (records into a frame).
 *
 * Decoding is Jansson's; encoding writes sift values directly so that
 * numbers come out as the shortest text that reads back to the same
 * double (Jansson prints %.17g), with Jansson escaping the strings.
 */
#ifndef SIFT_JSON_H
#define SIFT_JSON_H

#include <jansson.h>

#include "lang/frame.h"
#include "lang/interp.h"
#include "lang/progress.h"
#include "lang/show.h"

/* Jansson decoding flags used everywhere: any value at the top level,
 * integers as doubles (sift numbers are doubles; no "too big integer"). */
#define JSONR_FLAGS (JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL)

/* ---- jsonread.c ---------------------------------------------------------- */

/* Records in buf[0..len) (a file's bytes, named path in messages) as a
 * new frame in *out: an array of objects, or JSON Lines (one object per
 * line; any white space between objects). lines: 1 JSON Lines, 0 an
 * array, -1 decided by the first character ('[' an array). Columns come
 * in first-seen order; null and missing keys are NA; a column mixing
 * kinds is str (a note on stderr says so once); arrays and objects are
 * kept as their JSON text in a str column (noted too). Malformed input
 * raises a ValueError naming path, line and column; prog (may be NULL)
 * is updated as the bytes are consumed; interrupts are honoured. */
Status jsonread_frame(Interp *I, const char *path, const char *buf, size_t len, int lines, Progress *prog,
                      Frame **out);

/* A JSON value as a sift value (new reference in *out): objects become
 * records, arrays lists, null null, numbers num. Only fails out of
 * memory. */
Status json_to_value(Interp *I, json_t *j, Value *out);

/* ---- json.c -------------------------------------------------------------- */

/* Append v as JSON text to b: NA, null, NaN and ±Inf as null, vectors and
 * lists as arrays, records as objects, a frame as an array of records.
 * Raises a TypeError for values JSON cannot hold (functions, models) and a
 * ValueError for text that is not UTF-8; b then holds a partial text. */
Status jsonenc_value(Interp *I, SBuf *b, Value v);

#endif
