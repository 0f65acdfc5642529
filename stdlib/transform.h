/*
 * transform.h — fitted transforms: what a transform learned on one frame,
 * kept as a value and applied to other frames with those statistics.
 *
 * A Transform is the C side of the "transform" value (a foreign object).
 * Every kind (scaler, one-hot encoder, PCA, tf-idf, imputer, ...) fills
 * the same struct: a kind table with its apply and free functions, a
 * title, the table of what it learned (shown when the value is displayed,
 * and read back as members: t.mean is the learned table's column "mean"),
 * the input columns it needs, and its private state.
 *
 * Invariants:
 *   - a Transform is immutable once wrapped as a value (transform_value_take);
 *     apply never changes it, so one transform may be shared freely;
 *   - inputs[] are the columns transform_apply requires (checked before
 *     kind->apply is called, so apply may assume they exist);
 *   - every kind's output keeps the input's other columns in place: 1:1
 *     kinds replace each input column where it stands, others put their
 *     output columns where the first input column was (tf_splice).
 */
#ifndef SIFT_TRANSFORM_H
#define SIFT_TRANSFORM_H

#include "compute/compute.h"
#include "lang/builtin.h"

typedef struct Transform Transform;

typedef struct TransformKind {
    const char *name;        /* "scaler", "one_hot", ...: t.kind */
    /* Apply t to in (borrowed; holds every column in t->inputs). Writes
     * a new frame to *out, or returns ST_ERR with the error set. */
    Status (*apply)(Interp *I, const Transform *t, const Frame *in, Frame **out);
    void (*free)(void *state);   /* may be NULL */
    /* Optional extra members beyond the learned table's columns: new
     * reference in *out, or false (no error) when there is none. */
    bool (*member)(Interp *I, const Transform *t, const char *name, Value *out);
    /* Optional: the output for the training frame itself when it must
     * differ from apply (target encoding gives out-of-fold values there,
     * so a row's own target never leaks into its feature). Used by the
     * one-shot built-ins and fit_pipeline; in has t->nfit rows. */
    Status (*apply_train)(Interp *I, const Transform *t, const Frame *in, Frame **out);
} TransformKind;

struct Transform {
    const TransformKind *kind;
    char *title;             /* "scaler (standard)", mem_alloc'd */
    char *note;              /* NULL or lines shown under the title (constant columns, ...) */
    Frame *learned;          /* owned reference, or NULL */
    Str **inputs;            /* owned references */
    int ninputs;
    int64_t nfit;            /* rows it was fitted on (-1: not fitted on rows) */
    bool vector_in;          /* fitted on a vector */
    bool one_to_one;         /* each input column becomes one output column of the same name:
                              * applied to a vector, the result is a vector */
    void *state;
};

/* A new transform of kind owning state (released through kind->free on
 * every path, also when a later step fails). title is copied. */
Transform *transform_new(const TransformKind *kind, void *state, const char *title);
void transform_free(Transform *t);
/* Record the input columns (copied). */
void transform_set_inputs(Transform *t, const char *const *names, int n);
/* Append a line to t->note. */
void transform_note(Transform *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The value wrapping t; the value owns t from here on. */
Value transform_value_take(Transform *t);
/* The Transform inside v, or NULL when v is not a transform (borrowed). */
const Transform *transform_of(Value v);

/* Apply t to x: a frame, or a vector (put in t's single input column;
 * the result is a vector when t is one_to_one, else a frame). New reference
 * in *out. `fname` names the built-in for messages. */
Status transform_apply(Interp *I, const Transform *t, Value x, Value *out);

/* Apply t to the frame or vector x it was fitted on: kind->apply_train
 * when the kind has one, else as transform_apply. */
Status transform_apply_train(Interp *I, const Transform *t, Value x, Value *out);

/* Fit-or-apply front door shared by the one-shot built-ins (scale,
 * one_hot, ...): t is a new transform already fitted on x; apply it to x
 * (transform_apply_train) and release t. */
Status transform_fit_apply_take(Interp *I, Transform *t, Value x, Value *out);

/* ---- helpers for the kinds ------------------------------------------------- */

/* The frame a fit_* built-in works on: x itself when it is a frame, or
 * a one-column frame "x" when it is a vector or a list of scalars. New
 * reference in *df; *was_vec tells which. */
Status tf_frame_arg(Interp *I, Value x, int argno, Frame **df, bool *was_vec);

/* Columns to fit: the names in `columns` (a str or list of str; each
 * must be a column of df), or, when columns is not given, every num and
 * bool column of df. With numeric=true a named str column is an error
 * naming it. *names is mem_alloc'd (entries borrowed from df). No usable
 * column at all is an error. */
Status tf_columns(Interp *I, const Frame *df, Value columns, int argno, bool numeric, const char ***names,
                  int *n);

/* Column `name` of in as doubles for a numeric transform: a new num
 * vector (bool becomes 0/1), or a TypeError naming the column when it is
 * text. */
Status tf_num_column(Interp *I, const Frame *in, const char *name, Vec **out);

/* A new frame: `in` with the columns inputs[0..nin) removed and the
 * columns (names[k], cols[k]) put where inputs[0] stood. Consumes the
 * references in cols[] (also on error). An output name equal to a column
 * that stays is a ValueError. */
Status tf_splice(Interp *I, const Frame *in, Str *const *inputs, int nin, const char *const *names, Vec **cols,
                 int nout, Frame **out);

/* A new str vector from n C strings. NULL when out of memory. */
Vec *tf_str_vec(const char *const *s, int64_t n);
/* A new num vector from n doubles (NaN stays NaN). NULL when out of memory. */
Vec *tf_num_vec(const double *x, int64_t n);

/* A compute/ context for I: its interrupt flag, lang/mem's allocator.
 * tf_cx_error raises the sift error for a failed compute call (naming
 * the built-in). */
void tf_cx(Interp *I, CpCtx *cx);
Status tf_cx_error(Interp *I, const CpCtx *cx, CpStatus st);

/* "standard", "minmax": the index of s in names[0..n), or a ValueError
 * listing the valid names. */
Status tf_choice(Interp *I, const char *what, const char *s, const char *const *names, int n, int *out);

#endif
