/*
 * sift.h — the public interface of the sift interpreter.
 *
 * Front ends (the REPL, the Jupyter kernel, the report writer) include this
 * header and stdlib/stdlib.h, nothing else. The interpreter never prints:
 * everything it wants to show goes through the SiftHost callbacks, so the
 * same interpreter runs behind a terminal, a ZeroMQ socket or an HTML file.
 *
 * Ownership: strings passed in are borrowed. Strings and bundles handed
 * back are owned by the caller and released with the matching _free call,
 * unless a comment says "borrowed, valid until the next call".
 */
#ifndef SIFT_H
#define SIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Interp Interp;

/* ---- display bundles ------------------------------------------------- */

/* One rendering of a value: a MIME type and its data. Binary types
 * (image/png) carry raw bytes; the kernel base64-encodes them. */
typedef struct SiftMime {
    char *mime;             /* "text/plain", "text/html", "image/png", ... */
    char *data;             /* owned; NUL-terminated for text types */
    size_t len;             /* byte length of data */
} SiftMime;

/* A value rendered to several MIME types. text/plain is always first.
 * width/height (pixels, 0 when not an image) go into the display
 * metadata of image types. */
typedef struct SiftBundle {
    int n;
    SiftMime items[6];
    int width, height;
} SiftBundle;

/* Release what a bundle owns (not the struct itself). */
void sift_bundle_free(SiftBundle *b);
/* The data of `mime` in b, or NULL. Borrowed. */
const SiftMime *sift_bundle_get(const SiftBundle *b, const char *mime);

/* ---- the host -------------------------------------------------------- */

enum { SIFT_STDOUT = 1, SIFT_STDERR = 2 };

/* What the interpreter calls to reach the outside world. Any callback may
 * be NULL: writes and displays are then dropped, input fails with an
 * IOError. All strings are borrowed for the duration of the call. */
typedef struct SiftHost {
    void *ud;
    void (*write)(void *ud, int stream, const char *s, size_t n);
    /* display_id is NULL for a plain display; update is true for
     * update_display(id, x). */
    void (*display)(void *ud, const SiftBundle *b, const char *display_id, bool update);
    void (*clear_output)(void *ud, bool wait);
    /* Returns a malloc'd line without the newline, or NULL when input is
     * unavailable or was interrupted. */
    char *(*input)(void *ud, const char *prompt, bool password);
} SiftHost;

/* ---- lifetime ------------------------------------------------------- */

/* A new interpreter with the core built-ins only; call
 * sift_open_stdlib (stdlib/stdlib.h) to add the standard library.
 * host is copied. Returns NULL only when out of memory. */
Interp *sift_new(const SiftHost *host);
void sift_free(Interp *I);

/* ---- running code --------------------------------------------------- */

typedef enum SiftStatus {
    SIFT_OK = 0,
    SIFT_ERROR,             /* an error was raised; see sift_last_error */
} SiftStatus;

/* The result of running a cell. */
typedef struct SiftResult {
    SiftStatus status;
    bool has_value;         /* last statement was an expression without ';'
                               and its value is not null */
    SiftBundle value;       /* rendered last value when has_value */
    /* when status == SIFT_ERROR: */
    char *ename;            /* "ValueError" ... */
    char *evalue;           /* the message */
    char *traceback;        /* full multi-line report, plain text */
} SiftResult;

/* Run `src` as one cell named `name` (e.g. "cell 3" or "script.sift").
 * Never prints; output goes to the host. Variables bound before an error
 * survive it. An interrupt requested before the call is discarded on
 * entry: only sift_interrupt during the run stops it. The result is the caller's to release with
 * sift_result_free. */
SiftResult sift_run(Interp *I, const char *name, const char *src);
/* The same for src[0..len), which may contain NUL bytes (a file read as
 * is): a NUL is a SyntaxError at its position instead of the end. */
SiftResult sift_run_n(Interp *I, const char *name, const char *src, size_t len);
void sift_result_free(SiftResult *r);

/* Evaluate an expression and render its value (used by the kernel's
 * user_expressions). Same ownership as sift_run. */
SiftResult sift_eval_render(Interp *I, const char *src);

/* ---- is-complete, completion, inspection ---------------------------- */

typedef enum SiftCompleteness {
    SIFT_COMPLETE,
    SIFT_INCOMPLETE,
    SIFT_INVALID,
} SiftCompleteness;

/* Whether src is a complete program. When incomplete and indent is not
 * NULL, *indent receives a malloc'd suggested indentation for the next
 * line (caller frees). */
SiftCompleteness sift_is_complete(Interp *I, const char *src, char **indent);

typedef struct SiftCompletions {
    int n;
    char **items;            /* owned, sorted, unique */
    size_t start, end;       /* byte offsets of the replaced text */
} SiftCompletions;

/* Complete the word before byte offset `cursor` in src: variables,
 * built-ins, keywords, and column names / record fields after `x.`. */
SiftCompletions sift_complete(Interp *I, const char *src, size_t cursor);
void sift_completions_free(SiftCompletions *c);

/* Help text for the name at or before byte offset `cursor` (signature and
 * docstring of a built-in or function, or a short description of a value).
 * Returns malloc'd text or NULL when nothing is found. */
char *sift_inspect(Interp *I, const char *src, size_t cursor);

/* ---- interrupts ----------------------------------------------------- */

/* Ask the running cell to stop with an Interrupted error. Async-signal-
 * safe and thread-safe: it only sets a flag that the evaluator polls at
 * loop back-edges and calls, and long built-ins every few thousand rows. */
void sift_interrupt(Interp *I);

/* ---- options -------------------------------------------------------- */

/* Set the display width in columns used by text/plain rendering
 * (the REPL passes the terminal width). */
void sift_set_width(Interp *I, int columns);

/* ---- built-in listing (help, completion, reference) ----------------- */

/* Names of all built-ins in registration order: borrowed. */
int sift_builtin_count(Interp *I);
const char *sift_builtin_name(Interp *I, int i);

/* Write the Markdown reference of every registered built-in, generated
 * from the registration tables. Returns malloc'd text. */
char *sift_reference_markdown(Interp *I);

/* Version string, e.g. "0.1.0". */
const char *sift_version(void);

#endif
