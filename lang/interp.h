/*
 * interp.h — the interpreter's state and the services lang/ offers to
 * built-ins: errors, output through the host, calling back into sift,
 * interrupts, options and the random generator.
 *
 * Errors are status returns, never longjmp: a function that fails sets the
 * interpreter's error (err_raise and friends) and returns ST_ERR; callers
 * release what they own and pass ST_ERR up. The evaluator adds the source
 * position and the call stack on the way out.
 */
#ifndef SIFT_INTERP_H
#define SIFT_INTERP_H

#include <signal.h>

#include "lang/ast.h"
#include "lang/rng.h"
#include "lang/sift.h"
#include "lang/value.h"

typedef enum Status { ST_OK, ST_ERR, ST_BREAK, ST_CONTINUE, ST_RETURN } Status;

#define ERROR_KINDS(X)                                      \
    X(ERR_SYNTAX, "SyntaxError") X(ERR_NAME, "NameError")   \
    X(ERR_TYPE, "TypeError") X(ERR_VALUE, "ValueError")     \
    X(ERR_INDEX, "IndexError") X(ERR_IO, "IOError")         \
    X(ERR_INTERRUPT, "Interrupted")                         \
    X(ERR_MEMORY, "MemoryError")                            \
    X(ERR_RECURSION, "RecursionError")

typedef enum ErrKind {
#define X(k, s) k,
    ERROR_KINDS(X)
#undef X
} ErrKind;

/* Deepest sift call nesting before a RecursionError. Each sift call uses
 * a few C frames of the evaluator; 2000 keeps well inside an 8 MiB stack
 * even with sanitizers. */
#define MAX_CALL_DEPTH 2000

typedef struct TraceEntry {
    char *where;             /* "cell 2, line 3" */
    char *fname;             /* function name or NULL for the top level */
    char *line;              /* the source line */
    int col, width;          /* caret column (0-based, bytes) and width */
} TraceEntry;

typedef struct Error {
    bool set;
    bool positioned;         /* innermost position recorded */
    ErrKind kind;
    char msg[512];
    TraceEntry *trace;       /* innermost first */
    int ntrace, captrace;
} Error;

typedef struct Builtin Builtin;

/* The globals: a name → slot table. A slot whose value is T_UNDEF falls
 * back to the built-in of the same name (cached in `builtin`). */
typedef struct Globals {
    Str **names;
    Value *vals;
    Builtin **builtin;
    int n, cap;
    int32_t *index;          /* open addressing: slot+1, 0 empty */
    uint32_t mask;
} Globals;

/* One sift function call in progress (lives on the C stack). */
typedef struct CallFrame {
    Value *locals;
    struct Func *fn;
    struct CallFrame *prev;
} CallFrame;

struct Interp {
    SiftHost host;
    Globals g;
    Builtin **builtins;      /* registration order */
    int nbuiltins, capbuiltins;
    struct BuiltinModuleInfo *modules;
    int nmodules, capmodules;
    Error err;
    Value ret;               /* value carried by ST_RETURN */
    CallFrame *frame;        /* innermost sift call, NULL at top level */
    int depth;
    volatile sig_atomic_t interrupted;
    Rng rng;
    Record *options;
    int width;               /* display width in columns */
    Chunk *chunk;            /* the chunk being run */
    int cell_seq;
    Builtin *cur_builtin;    /* for argument error messages */
    bool args_named;         /* cur_builtin has passed its BUILTIN_ARGS */
    Builtin *range_builtin;  /* for-loops iterate range() lazily */
};

/* ---- errors (error.c) ------------------------------------------------- */
Status err_raise(Interp *I, ErrKind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
Status err_oom(Interp *I);
/* Raise Interrupted and clear the flag. */
Status err_interrupted(Interp *I);
void err_clear(Interp *I);
const char *err_kind_name(ErrKind k);

/* Long built-ins call this every few thousand rows. */
static inline bool interp_interrupted(Interp *I) { return I->interrupted != 0; }
#define CHECK_INTERRUPT(I) \
    do { if (interp_interrupted(I)) return err_interrupted(I); } while (0)

/* ---- globals (interp.c) ------------------------------------------------ */
int interp_global_slot(Interp *I, Str *name);
/* Borrowed value of a global or built-in named `name`, or NULL. */
Value *interp_lookup_borrow(Interp *I, const char *name);

/* ---- host services (interp.c) ------------------------------------------ */
void interp_write(Interp *I, int stream, const char *s, size_t n);
void interp_printf(Interp *I, int stream, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void interp_clear_output(Interp *I, bool wait);
/* A line the host read (malloc'd, the caller frees it), or NULL without
 * an error set: the front end cannot read input (host.input is NULL),
 * or no line came (I->interrupted tells an interrupt). The caller raises. */
char *interp_input(Interp *I, const char *prompt);
/* Add data_take (malloc'd; the bundle owns it) as mime to b. */
void bundle_add(SiftBundle *b, const char *mime, char *data_take, size_t len);

/* ---- calling sift functions from C (eval.c) ---------------------------- */
/* Call fn (a function or built-in) with positional args (borrowed).
 * *out receives a new reference. */
Status interp_call(Interp *I, Value fn, int nargs, const Value *args, Value *out);

/* ---- options (interp.c) ------------------------------------------------ */
Value *interp_option_borrow(Interp *I, const char *name);

/* A sift function value: a prototype from a chunk and its captures. */
struct Func {
    Obj o;
    FnProto *proto;
    Chunk *chunk;            /* owned reference */
    Value *caps;             /* proto->ncaps captured values */
};

#endif
