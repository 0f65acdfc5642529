/*
 * builtin.h — built-ins are data: one registration table per stdlib
 * module, and one generic argument binder.
 *
 * A built-in's parameters are listed ONCE, as an X-macro; the signature
 * string of its table row and the names its C function reads the bound
 * arguments by are both generated from that list, so they cannot drift:
 *
 *   #define MEAN_PARAMS(P) P(x, "vec|frame") P(skip_na, "bool=true")
 *
 *   static Status stats_mean(Interp *I, Value *a, Value *out)
 *   {
 *       BUILTIN_ARGS(MEAN_PARAMS);            // enum { ARG_x, ARG_skip_na }
 *       bool skip = ARG(skip_na).u.b;         // a[ARG_skip_na]
 *       ... err_arg(I, ARGNO(x), "a vector", ARG(x)) ...
 *   }
 *
 *   static const BuiltinReg stats_lib[] = {
 *       {"mean", stats_mean, BUILTIN_SIG(MEAN_PARAMS), "Arithmetic mean ..."},
 *       {0}
 *   };
 *   builtin_module(I, "stats", "Descriptive statistics.", stats_lib);
 *
 * Each P(name, spec) is one parameter; name is a C identifier, spec a
 * string "[*|**][types][=default]": types from any num int bool str vec
 * frame list record fn null NA object, unions with `|` ("str|list"), none
 * meaning any; a default is a sift literal ("bool=true", "=null"); "*"
 * collects extra positional arguments into a list, "**" extra named
 * arguments into a record. A list may splice in a shared list (the plots
 * append PLOT_COMMON_PARAMS). docs/builtins.md is the guide for writers.
 *
 * Binding is generic: a type check failure gives the uniform message
 * "sort: argument 2 (by) must be str or list, got num". The C function
 * receives the bound arguments as borrowed values in parameter order, an
 * omitted optional parameter with no default as T_UNDEF, and writes a new
 * reference to *out. It reads them only through ARG(name); argument
 * numbers in messages come from ARGNO(name), never a literal.
 *
 * Every name is registered once: a second registration of a name (in any
 * module) aborts at start-up, like a signature that does not parse.
 * help(f), completion, kernel inspect and docs/reference.md all read
 * these tables; there is no second list.
 */
#ifndef SIFT_BUILTIN_H
#define SIFT_BUILTIN_H

#include "lang/frame.h"
#include "lang/interp.h"

typedef Status (*BuiltinFn)(Interp *I, Value *a, Value *out);

typedef struct BuiltinReg {
    const char *name;
    BuiltinFn fn;
    const char *params;
    const char *doc;         /* first line: summary; then details */
} BuiltinReg;

/* Parameter type bits. */
enum {
    PT_NULL = 1 << 0, PT_BOOL = 1 << 1, PT_NUM = 1 << 2, PT_NA = 1 << 3,
    PT_STR = 1 << 4, PT_VEC = 1 << 5, PT_FRAME = 1 << 6, PT_LIST = 1 << 7,
    PT_RECORD = 1 << 8, PT_FN = 1 << 9, PT_INT = 1 << 10, PT_OBJECT = 1 << 11,
    PT_ANY = 0xFFFF,
};

typedef struct Param {
    Str *name;
    unsigned types;
    Value def;               /* T_UNDEF: required (or omitted → T_UNDEF) */
    bool required;
    uint8_t rest;            /* 1: *args, 2: **kwargs */
    char *type_text;         /* "str or list" for messages */
    char *def_text;          /* the default as the table writes it, or NULL */
} Param;

struct Builtin {
    const BuiltinReg *reg;
    const char *module;
    Param *params;
    int nparams;
    char *signature;         /* "sort(df, by, desc=false)" */
};

typedef struct BuiltinModuleInfo {
    const char *name;
    const char *doc;
    const BuiltinReg *regs;
} BuiltinModuleInfo;

/* Register every row of regs under `module`. A row whose signature does
 * not parse, or whose name is already registered (by this or another
 * module), is a programming error: it aborts with a message on stderr at
 * start-up, so no broken or shadowed built-in ever ships. */
void builtin_module(Interp *I, const char *module, const char *doc, const BuiltinReg *regs);

/* Find a built-in by name, or NULL. */
Builtin *builtin_find(Interp *I, const char *name);

/* Bind call arguments to b's parameters and call it. args are borrowed;
 * names[i] is NULL for a positional argument. */
Status builtin_call(Interp *I, Builtin *b, int n, const Value *args, Str *const *names, Value *out);

/* "mean(x, skip_na=true)": b's signature, borrowed for b's life. */
const char *builtin_signature(const Builtin *b);

/* Help text: signature, then the docstring. malloc'd. */
char *builtin_help(const Builtin *b);

/* ---- parameter lists ----------------------------------------------------- */

/* The signature string of a parameter list: "x:vec|frame, skip_na:bool=true, ". */
#define BUILTIN_SIG(LIST) "" LIST(BUILTIN_SIG_ITEM_)
#define BUILTIN_SIG_ITEM_(name, spec) #name ":" spec ", "

/* Inside a built-in (or a helper it passes `a` to): the enum ARG_<name>
 * of the list's parameters, in order, and ARG_COUNT_. It also checks, at
 * the cost of one pointer comparison, that the built-in being called was
 * registered with this same list. A mismatch, or a built-in that returns
 * without having passed a BUILTIN_ARGS, aborts: a programming error that
 * the first test calling the built-in reveals. */
#define BUILTIN_ARGS(LIST)                                                 \
    enum { LIST(BUILTIN_ENUM_ITEM_) ARG_COUNT_ };                          \
    builtin_args_check(I, BUILTIN_SIG(LIST))
#define BUILTIN_ENUM_ITEM_(name, spec) ARG_##name,

/* The bound argument `name` (borrowed), and its 1-based number for
 * messages and the arg_* helpers. */
#define ARG(name) (a[ARG_##name])
#define ARGNO(name) (ARG_##name + 1)

/* Aborts with a message unless sig equals the current built-in's list
 * (sig NULL: the built-in never named its arguments). */
void builtin_args_mismatch(Interp *I, const char *sig);
static inline void builtin_args_check(Interp *I, const char *sig)
{
    if (I->cur_builtin && I->cur_builtin->reg->params == sig)
        I->args_named = true;
    else
        builtin_args_mismatch(I, sig);
}

/* ---- inside lang/ only ---------------------------------------------------- */
/* Register the core built-ins (core.c): help, typeof, len, range... */
void core_open(Interp *I);
/* Free b and what it owns (parameters, defaults); sift_free calls it. */
void builtin_free(Builtin *b);

/* ---- argument helpers for built-ins ------------------------------------ */
/* Raise "NAME: argument N (param) must be EXPECTED, got TYPE" (TYPE as
 * val_type_name spells it) for the built-in being called. */
Status err_arg(Interp *I, int argno, const char *expected, Value got);
/* The name of the built-in being called (for messages). */
const char *builtin_current(Interp *I);
/* Whether an optional argument was given (not T_UNDEF / null). */
static inline bool arg_given(Value v) { return v.t != T_UNDEF && v.t != T_NULL; }
/* "argument 2 (by)": argument argno of the built-in being called, as
 * error messages name it (without the name past the last parameter). */
void arg_label(Interp *I, int argno, char *buf, size_t n);
/* Raise kind with the message "f: argument 2 (by) <fmt...>", e.g.
 * arg_error(I, ERR_VALUE, ARGNO(q), "must be between 0 and 1, got %g", q).
 * Returns ST_ERR. */
Status arg_error(Interp *I, ErrKind kind, int argno, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Integer argument in [lo, hi], or an error naming the argument. */
Status arg_int(Interp *I, Value v, int argno, int64_t lo, int64_t hi, int64_t *out);
/* A vector from a vec, a list of scalars or a scalar (new reference). */
Status arg_vec(Interp *I, Value v, int argno, Vec **out);
/* A list of column names from a str or a list of str, each checked to be
 * a column of f. *names is mem_alloc'd (free with mem_free), entries
 * borrowed from the argument or the frame. */
Status arg_columns(Interp *I, const Frame *f, Value v, int argno, const char ***names, int *n);

#endif
