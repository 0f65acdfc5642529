/*
 * builtin.h — built-ins are data: one registration table per stdlib
 * module, and one generic argument binder.
 *
 * A module is an array of BuiltinReg rows ending with {0}:
 *
 *   static const BuiltinReg stats_lib[] = {
 *       {"mean", stats_mean, "x:vec|frame, skip_na:bool=true",
 *        "Arithmetic mean, ignoring NA unless skip_na=false."},
 *       {0}
 *   };
 *   builtin_module(I, "stats", "Descriptive statistics.", stats_lib);
 *
 * The signature string lists parameters in order: `name[:type][=default]`
 * with types any num int bool str vec frame list record fn null NA,
 * unions with `|` (e.g. "str|list"), defaults as sift literals. `*name`
 * collects extra positional arguments into a list; `**name` collects
 * extra named arguments into a record. A type check failure gives the
 * uniform message "sort: argument 2 (by) must be str or list, got num".
 *
 * The C function receives the bound arguments in parameter order as
 * borrowed values (a[0], a[1], ...), an omitted optional parameter with
 * no default as T_UNDEF, and writes a new reference to *out.
 *
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
 * not parse is a programming error: it aborts with a message at start-up
 * (so no broken built-in ever ships). Later registrations of the same
 * name replace earlier ones. */
void builtin_module(Interp *I, const char *module, const char *doc, const BuiltinReg *regs);

/* Find a built-in by name, or NULL. */
Builtin *builtin_find(Interp *I, const char *name);

/* Bind call arguments to b's parameters and call it. args are borrowed;
 * names[i] is NULL for a positional argument. */
Status builtin_call(Interp *I, Builtin *b, int n, const Value *args, Str *const *names, Value *out);

/* Help text: signature, then the docstring. malloc'd. */
char *builtin_help(const Builtin *b);

/* ---- argument helpers for built-ins ------------------------------------ */
/* The name of the built-in being called (for messages). */
const char *builtin_current(Interp *I);
/* Whether an optional argument was given (not T_UNDEF / null). */
static inline bool arg_given(Value v) { return v.t != T_UNDEF && v.t != T_NULL; }
/* Integer argument in [lo, hi], or an error naming the argument. */
Status arg_int(Interp *I, Value v, int argno, int64_t lo, int64_t hi, int64_t *out);
/* A vector from a vec, a list of scalars or a scalar (new reference). */
Status arg_vec(Interp *I, Value v, int argno, Vec **out);
/* A list of column names from a str or a list of str, each checked to be
 * a column of f. *names is mem_alloc'd (free with mem_free), entries
 * borrowed from the argument or the frame. */
Status arg_columns(Interp *I, const Frame *f, Value v, int argno, const char ***names, int *n);

#endif
