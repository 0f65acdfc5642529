/*
 * basics.c — printing, display and the session: print, warn, show,
 * display, update_display, clear_output, input, set_seed, set_option,
 * and conversions between types (str, num, bool).
 *
 * These are the only built-ins that reach the host, and they do it through
 * interp_write / show_display / interp_input: none of them knows whether
 * a terminal, a notebook or a report is on the other side.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/format.h"
#include "lang/mem.h"
#include "lang/show.h"
#include "stdlib/modules.h"

#define PRINT_PARAMS(P) P(values, "*") P(sep, "str=\" \"") P(end, "str=\"\\n\"")

static Status write_values(Interp *I, int stream, Value *a)
{
    BUILTIN_ARGS(PRINT_PARAMS);
    List *args = ARG(values).u.l;
    SBuf b = {0};
    const char *sep = ARG(sep).u.s->s;
    for (int64_t i = 0; i < args->len; i++) {
        if (i)
            sb_puts(&b, sep);
        show_value(I, &b, args->items[i], false);
    }
    sb_puts(&b, ARG(end).u.s->s);
    interp_write(I, stream, b.s, b.len);
    mem_free(b.s);
    return ST_OK;
}

static Status basics_print(Interp *I, Value *a, Value *out) { return write_values(I, SIFT_STDOUT, a); }
static Status basics_warn(Interp *I, Value *a, Value *out) { return write_values(I, SIFT_STDERR, a); }

#define SHOW_PARAMS(P) P(values, "*")

static Status basics_show(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SHOW_PARAMS);
    const List *values = ARG(values).u.l;
    for (int64_t i = 0; i < values->len; i++)
        if (show_display(I, values->items[i], NULL, false) != ST_OK)
            return ST_ERR;
    return ST_OK;
}

#define DISPLAY_PARAMS(P) P(x, "") P(id, "str|null=null")

static Status basics_display(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(DISPLAY_PARAMS);
    return show_display(I, ARG(x), ARG(id).t == T_STR ? ARG(id).u.s->s : NULL, false);
}

#define UPDATE_DISPLAY_PARAMS(P) P(id, "str") P(x, "")

static Status basics_update_display(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(UPDATE_DISPLAY_PARAMS);
    return show_display(I, ARG(x), ARG(id).u.s->s, true);
}

#define CLEAR_OUTPUT_PARAMS(P) P(wait, "bool=false")

static Status basics_clear_output(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(CLEAR_OUTPUT_PARAMS);
    interp_clear_output(I, ARG(wait).u.b);
    return ST_OK;
}

#define INPUT_PARAMS(P) P(prompt, "str=\"\"")

static Status basics_input(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(INPUT_PARAMS);
    if (!I->host.input)
        return err_raise(I, ERR_IO, "input: this front end cannot read input");
    char *line = interp_input(I, ARG(prompt).u.s->s);
    if (!line)
        return I->interrupted ? err_interrupted(I) : err_raise(I, ERR_IO, "input: no input available");
    *out = val_str(line);
    free(line);
    return ST_OK;
}

#define SET_SEED_PARAMS(P) P(seed, "int")

static Status basics_set_seed(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SET_SEED_PARAMS);
    int64_t seed;
    if (arg_int(I, ARG(seed), ARGNO(seed), 0, INT64_MAX, &seed) != ST_OK)
        return ST_ERR;
    rng_seed(&I->rng, (uint64_t)seed);
    return ST_OK;
}

#define SET_OPTION_PARAMS(P) P(name, "str") P(value, "")

static Status basics_set_option(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SET_OPTION_PARAMS);
    const char *name = ARG(name).u.s->s;
    if (strcmp(name, "display.width") == 0) {
        int64_t w;
        if (arg_int(I, ARG(value), ARGNO(value), 20, 10000, &w) != ST_OK)
            return ST_ERR;
        I->width = (int)w;
    }
    record_set(I->options, name, ARG(value));
    return ST_OK;
}

#define GET_OPTION_PARAMS(P) P(name, "str")

static Status basics_get_option(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(GET_OPTION_PARAMS);
    Value *v = interp_option_borrow(I, ARG(name).u.s->s);
    *out = v ? val_ref(*v) : val_null();
    return ST_OK;
}

/* ---- conversions ----------------------------------------------------------- */

#define X_PARAMS(P) P(x, "")

static Status basics_str(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(X_PARAMS);
    if (ARG(x).t == T_VEC) {
        Vec *v = vec_cast(ARG(x).u.v, VEC_STR);
        if (!v)
            return err_oom(I);
        *out = val_obj_take(v);
        return ST_OK;
    }
    char *s = show_plain(I, ARG(x), false);
    *out = val_str(s);
    mem_free(s);
    return ST_OK;
}

/* Parse text as a number; false when it is not one. */
static bool parse_num(const char *s, double *x)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return false;
    if (strcmp(s, "NaN") == 0 || strcmp(s, "nan") == 0) {
        *x = NAN;
        return true;
    }
    if (strcmp(s, "Inf") == 0 || strcmp(s, "inf") == 0 || strcmp(s, "-Inf") == 0 || strcmp(s, "-inf") == 0) {
        *x = s[0] == '-' ? -INFINITY : INFINITY;
        return true;
    }
    char *end;
    *x = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    return *end == 0;
}

static Status num_of_vec(Interp *I, const Vec *v, Value *out)
{
    if (v->kind != VEC_STR) {
        Vec *r = vec_cast(v, VEC_NUM);
        if (!r)
            return err_oom(I);
        *out = val_obj_take(r);
        return ST_OK;
    }
    /* Convert each dictionary entry once; unparsable text becomes NA. */
    double *vals = mem_alloc(sizeof(double) * (size_t)(v->dict->n + 1));
    uint8_t *ok = mem_alloc((size_t)v->dict->n + 1);
    for (int32_t c = 0; c < v->dict->n; c++)
        ok[c] = parse_num(v->dict->strs[c]->s, &vals[c]);
    Vec *r = vec_new_len(VEC_NUM, v->len);
    for (int64_t i = 0; r && i < v->len; i++) {
        int32_t c = v->d.code[i];
        r->d.num[i] = vec_is_valid(v, i) && ok[c] ? vals[c] : 0;
        if ((!vec_is_valid(v, i) || !ok[c]) && !vec_set_na(r, i)) {
            obj_unref(r);
            r = NULL;
        }
    }
    mem_free(vals);
    mem_free(ok);
    if (!r)
        return err_oom(I);
    *out = val_obj_take(r);
    return ST_OK;
}

static Status basics_num(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(X_PARAMS);
    Value x = ARG(x);
    double d;
    switch (x.t) {
    case T_NUM: case T_NA: *out = x; return ST_OK;
    case T_BOOL: *out = val_num(x.u.b); return ST_OK;
    case T_STR:
        if (!parse_num(x.u.s->s, &d))
            return err_raise(I, ERR_VALUE, "num: cannot read \"%s\" as a number", x.u.s->s);
        *out = val_num(d);
        return ST_OK;
    case T_VEC: return num_of_vec(I, x.u.v, out);
    default: return err_arg(I, ARGNO(x), "a str, bool, number or vector", x);
    }
}

static Status basics_bool(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(X_PARAMS);
    Value x = ARG(x);
    if (x.t == T_BOOL || x.t == T_NA) {
        *out = x;
        return ST_OK;
    }
    if (x.t == T_NUM) {
        *out = val_bool(x.u.n != 0);
        return ST_OK;
    }
    if (x.t == T_STR) {
        const char *s = x.u.s->s;
        if (!strcmp(s, "true") || !strcmp(s, "TRUE") || !strcmp(s, "True"))
            *out = val_bool(true);
        else if (!strcmp(s, "false") || !strcmp(s, "FALSE") || !strcmp(s, "False"))
            *out = val_bool(false);
        else
            return err_raise(I, ERR_VALUE, "bool: cannot read \"%s\" as a bool", s);
        return ST_OK;
    }
    return err_arg(I, ARGNO(x), "a str, number or bool", x);
}

static Status basics_is_na(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(X_PARAMS);
    if (ARG(x).t != T_VEC) {
        *out = val_bool(ARG(x).t == T_NA);
        return ST_OK;
    }
    const Vec *v = ARG(x).u.v;
    Vec *r = vec_new_len(VEC_BOOL, v->len);
    if (!r)
        return err_oom(I);
    for (int64_t i = 0; i < v->len; i++)
        r->d.b[i] = !vec_is_valid(v, i);
    *out = val_obj_take(r);
    return ST_OK;
}

static const BuiltinReg basics_lib[] = {
    {"print", basics_print, BUILTIN_SIG(PRINT_PARAMS),
     "Write the values to standard output, separated by sep and followed by end.\n"
     "Strings print without quotes; frames print as tables."},
    {"warn", basics_warn, BUILTIN_SIG(PRINT_PARAMS),
     "Like print, but to standard error (a notebook shows it in red)."},
    {"show", basics_show, BUILTIN_SIG(SHOW_PARAMS),
     "Display each value as the last value of a cell would be (tables as HTML in a notebook,\n"
     "plots as images), without waiting for the end of the cell."},
    {"display", basics_display, BUILTIN_SIG(DISPLAY_PARAMS),
     "Display x; with id= the output can later be replaced by update_display(id, x)."},
    {"update_display", basics_update_display, BUILTIN_SIG(UPDATE_DISPLAY_PARAMS),
     "Replace the output shown by display(..., id=id) with x (for progress and live results)."},
    {"clear_output", basics_clear_output, BUILTIN_SIG(CLEAR_OUTPUT_PARAMS),
     "Clear the cell's output; with wait=true, only when new output arrives."},
    {"input", basics_input, BUILTIN_SIG(INPUT_PARAMS), "Ask the user for a line of text and return it as a str."},
    {"set_seed", basics_set_seed, BUILTIN_SIG(SET_SEED_PARAMS),
     "Reset the random generator (xoshiro256**) so sampling is reproducible. The default seed is 42."},
    {"set_option", basics_set_option, BUILTIN_SIG(SET_OPTION_PARAMS),
     "Set a display option: \"display.width\" (columns), \"plot.format\" (\"png\" or \"svg\")."},
    {"get_option", basics_get_option, BUILTIN_SIG(GET_OPTION_PARAMS), "The value of an option set with set_option, or null."},
    {"str", basics_str, BUILTIN_SIG(X_PARAMS), "x as text: a str, or a str vector from a vector (NA stays NA)."},
    {"num", basics_num, BUILTIN_SIG(X_PARAMS),
     "x as a number: from a str (\"2.5\", \"NaN\", \"Inf\"), a bool (1/0), or element-wise from a vector\n"
     "(text that is not a number becomes NA)."},
    {"bool", basics_bool, BUILTIN_SIG(X_PARAMS), "x as a bool: from \"true\"/\"false\" or a number (non-zero is true)."},
    {"is_na", basics_is_na, BUILTIN_SIG(X_PARAMS), "true where x is NA (element-wise for vectors). NaN is not NA."},
    {0},
};

void basics_open(Interp *I)
{
    builtin_module(I, "basics", "Printing, display, input, options and conversions.", basics_lib);
}
