/*
 * core.c — the few built-ins the language itself leans on: range (which
 * for-loops iterate lazily), len, typeof and help. Everything else lives
 * in stdlib/.
 */
#include <math.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/mem.h"
#include "lang/show.h"

#define RANGE_PARAMS(P) P(start, "num") P(stop, "num|null=null") P(step, "num|null=null")

static Status core_range(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(RANGE_PARAMS);
    double start = 0, stop = ARG(start).u.n, step = 1;
    if (arg_given(ARG(stop))) {
        start = ARG(start).u.n;
        stop = ARG(stop).u.n;
    }
    if (arg_given(ARG(step)))
        step = ARG(step).u.n;
    if (step == 0 || !isfinite(step) || !isfinite(start) || !isfinite(stop))
        return err_raise(I, ERR_VALUE, "range: step must be a finite non-zero number and bounds finite");
    double count = ceil((stop - start) / step);
    if (count < 0)
        count = 0;
    if (count > 1e9)
        return err_raise(I, ERR_VALUE, "range: %.0f values is too many to build (use it in a for loop instead)", count);
    Vec *v = vec_new_len(VEC_NUM, (int64_t)count);
    if (!v)
        return err_oom(I);
    for (int64_t i = 0; i < v->len; i++)
        v->d.num[i] = start + (double)i * step;
    *out = val_obj_take(v);
    return ST_OK;
}

#define ONE_PARAMS(P) P(x, "")

static Status core_len(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ONE_PARAMS);
    Value x = ARG(x);
    switch (x.t) {
    case T_VEC: *out = val_num((double)x.u.v->len); return ST_OK;
    case T_LIST: *out = val_num((double)x.u.l->len); return ST_OK;
    case T_RECORD: *out = val_num(x.u.r->len); return ST_OK;
    case T_FRAME: *out = val_num((double)x.u.f->nrow); return ST_OK;
    case T_STR: {
        int64_t n = 0;
        for (const char *p = x.u.s->s; *p; p++)
            n += ((unsigned char)*p & 0xC0) != 0x80;
        *out = val_num((double)n);
        return ST_OK;
    }
    default:
        return err_arg(I, ARGNO(x), "a vector, list, record, frame or str", x);
    }
}

static Status core_typeof(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ONE_PARAMS);
    *out = val_str(val_type_name(ARG(x)));
    return ST_OK;
}

static void help_modules(Interp *I)
{
    SBuf b = {0};
    sb_puts(&b, "sift built-in modules (help(f) for one function):\n");
    for (int m = 0; m < I->nmodules; m++) {
        sb_printf(&b, "\n  %s — %s\n   ", I->modules[m].name, I->modules[m].doc);
        int col = 3;
        for (const BuiltinReg *r = I->modules[m].regs; r->name; r++) {
            int w = (int)strlen(r->name) + 1;
            if (col + w > 76) {
                sb_puts(&b, "\n   ");
                col = 3;
            }
            sb_printf(&b, " %s", r->name);
            col += w;
        }
        sb_puts(&b, "\n");
    }
    interp_write(I, SIFT_STDOUT, b.s, b.len);
    mem_free(b.s);
}

#define HELP_PARAMS(P) P(x, "=null")

static Status core_help(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(HELP_PARAMS);
    Value x = ARG(x);
    char *text = NULL;
    if (x.t == T_NULL || x.t == T_UNDEF) {
        help_modules(I);
        return ST_OK;
    }
    if (x.t == T_STR) {
        Value *v = interp_lookup_borrow(I, x.u.s->s);
        if (!v)
            return err_raise(I, ERR_NAME, "help: no built-in or variable named '%s'", x.u.s->s);
        x = *v;
    }
    if (x.t == T_BUILTIN) {
        text = builtin_help(x.u.bi);
    } else {
        SBuf b = {0};
        char *s = show_plain(I, x, true);
        sb_printf(&b, "%s: %s\n", val_type_name(x), s);
        mem_free(s);
        text = sb_take(&b);
    }
    interp_write(I, SIFT_STDOUT, text, strlen(text));
    mem_free(text);
    return ST_OK;
}

static const BuiltinReg core_lib[] = {
    {"range", core_range, BUILTIN_SIG(RANGE_PARAMS),
     "Numbers from start up to (not including) stop, by step.\n"
     "range(5) is [0, 1, 2, 3, 4]; range(2, 10, 3) is [2, 5, 8]. A for loop over range()\n"
     "never builds the vector.\nExample:\nprint(range(2, 10, 3))            # → [2, 5, 8]"},
    {"len", core_len, BUILTIN_SIG(ONE_PARAMS), "Number of elements of a vector or list, fields of a record, rows of a frame, or\n"
                           "characters of a str."},
    {"typeof", core_typeof, BUILTIN_SIG(ONE_PARAMS), "The type of x as a str: \"num\", \"str\", \"bool\", \"NA\", \"null\",\n"
                                 "\"num vector\", \"str vector\", \"bool vector\", \"list\", \"record\", \"frame\",\n"
                                 "\"function\" or an object's class."},
    {"help", core_help, BUILTIN_SIG(HELP_PARAMS), "Show the signature and documentation of a built-in (help(mean)), or the\n"
                                  "list of modules (help()). ?name at the start of a line does the same."},
    {0},
};

void core_open(Interp *I)
{
    builtin_module(I, "core", "The language's own built-ins.", core_lib);
    I->range_builtin = builtin_find(I, "range");
}
