/*
 * builtin.c — registration tables, the generic argument binder, help text
 * and the generated reference. See builtin.h for the table format.
 *
 * Invariant: every Builtin in I->builtins has a parsed signature; its
 * defaults are read once at registration and held for the life of the
 * interpreter. Defaults are literals, read from their parse tree without
 * running the evaluator: the evaluator calls built-ins, so this file sits
 * below it and never calls up.
 */
#include "lang/builtin.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/mem.h"
#include "lang/parse.h"
#include "lang/sbuf.h"

#define MAX_PARAMS 32

static const struct { const char *name; unsigned bit; const char *text; } type_table[] = {
    {"any", PT_ANY, "anything"}, {"num", PT_NUM, "a number"}, {"int", PT_INT, "a whole number"},
    {"bool", PT_BOOL, "a bool"}, {"str", PT_STR, "a str"}, {"vec", PT_VEC, "a vector"},
    {"frame", PT_FRAME, "a frame"}, {"list", PT_LIST, "a list"}, {"record", PT_RECORD, "a record"},
    {"fn", PT_FN, "a function"}, {"null", PT_NULL, "null"}, {"NA", PT_NA, "NA"},
    {"object", PT_OBJECT, "an object"},
};

static void die(const char *name, const char *why)
{
    fprintf(stderr, "sift: bad built-in registration for '%s': %s\n", name, why);
    abort();
}

static unsigned parse_types(const char *name, const char *s, size_t n, char **text)
{
    unsigned bits = 0;
    SBuf b = {0};
    while (n > 0) {
        size_t k = 0;
        while (k < n && s[k] != '|')
            k++;
        size_t t = 0;
        for (; t < sizeof type_table / sizeof type_table[0]; t++)
            if (strlen(type_table[t].name) == k && memcmp(type_table[t].name, s, k) == 0)
                break;
        if (t == sizeof type_table / sizeof type_table[0])
            die(name, "unknown parameter type");
        bits |= type_table[t].bit;
        if (b.len)
            sb_puts(&b, " or ");
        sb_puts(&b, type_table[t].text);
        s += k + (k < n);
        n -= k + (k < n);
    }
    *text = sb_take(&b);
    return bits;
}

/* End of a default value: the next comma outside brackets and quotes. */
static const char *default_end(const char *s)
{
    int depth = 0;
    char q = 0;
    for (; *s; s++) {
        if (q) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == q)
                q = 0;
        } else if (*s == '"' || *s == '\'') {
            q = *s;
        } else if (*s == '[' || *s == '(' || *s == '{') {
            depth++;
        } else if (*s == ']' || *s == ')' || *s == '}') {
            depth--;
        } else if (*s == ',' && depth == 0) {
            break;
        }
    }
    return s;
}

static const char *skip_space(const char *s)
{
    while (*s == ' ')
        s++;
    return s;
}

/* The value of literal node n (a number, str, true/false, null, NA, a
 * negated number, or a list of these) in *out (a new reference); false
 * for anything else. */
static bool literal(const Node *n, Value *out)
{
    switch (n->kind) {
    case N_NUM: *out = val_num(n->num); return true;
    case N_STR: *out = val_strn(n->str->s, n->str->len); return true;
    case N_TRUE: case N_FALSE: *out = val_bool(n->kind == N_TRUE); return true;
    case N_NULL: *out = val_null(); return true;
    case N_NA: *out = val_na(); return true;
    case N_NEG:
        if (n->a->kind != N_NUM)
            return false;
        *out = val_num(-n->a->num);
        return true;
    case N_LIST: {
        List *l = list_new(n->n);
        for (int i = 0; i < n->n; i++) {
            Value v;
            if (!literal(n->items[i], &v)) {
                obj_unref(l);
                return false;
            }
            list_push_take(l, v);
        }
        *out = vec_or_list_take(l);
        return true;
    }
    default: return false;
    }
}

/* The default written as src[0..n): one literal expression. */
static bool read_default(const char *src, size_t n, Value *out)
{
    Chunk *c = chunk_new("<default>", src, n);
    ParseResult pr = parse_chunk(NULL, c);
    bool ok = pr.status == PARSE_OK && pr.root->n == 1 && literal(pr.root->items[0], out);
    chunk_release(c);
    return ok;
}

/* One parameter: `name[:[*|**][types][=default]]`, or the older `*name`. */
static void parse_param(Interp *I, Builtin *b, const char **sp)
{
    const char *s = skip_space(*sp), *name = b->reg->name;
    Param *p = &b->params[b->nparams++];
    memset(p, 0, sizeof *p);
    while (*s == '*')
        p->rest++, s++;
    const char *start = s;
    while (isalnum((unsigned char)*s) || *s == '_')
        s++;
    if (s == start)
        die(name, "expected a parameter name");
    p->name = str_new(start, (size_t)(s - start));
    p->types = PT_ANY;
    p->def = val_undef();
    if (*s == ':') {
        s++;
        while (*s == '*' && !p->rest)
            p->rest = (uint8_t)(s[1] == '*' ? 2 : 1), s += p->rest;
        const char *t = s;
        while (isalnum((unsigned char)*s) || *s == '|' || *s == '_')
            s++;
        if (s > t)
            p->types = parse_types(name, t, (size_t)(s - t), &p->type_text);
    }
    if (!p->type_text)
        p->type_text = mem_strndup("anything", 8);
    p->required = !p->rest;
    if (*s == '=') {
        const char *e = default_end(++s);
        if (!read_default(s, (size_t)(e - s), &p->def))
            die(name, "a default must be a literal (number, str, bool, null, NA or a list of them)");
        p->def_text = mem_strndup(s, (size_t)(e - s));
        p->required = false;
        s = e;
    }
    s = skip_space(s);
    if (*s == ',')
        s++;
    else if (*s)
        die(name, "expected ',' between parameters");
    *sp = s;
}

static char *make_signature(const Builtin *b)
{
    SBuf sb = {0};
    sb_printf(&sb, "%s(", b->reg->name);
    for (int i = 0; i < b->nparams; i++) {
        const Param *p = &b->params[i];
        if (i)
            sb_puts(&sb, ", ");
        sb_printf(&sb, "%s%s", p->rest == 1 ? "..." : p->rest == 2 ? "**" : "", p->name->s);
        if (p->def_text)
            sb_printf(&sb, "=%s", p->def_text);
    }
    sb_puts(&sb, ")");
    return sb_take(&sb);
}

static void add_builtin(Interp *I, const char *module, const BuiltinReg *reg)
{
    Str *name = str_cstr(reg->name);
    int slot = interp_global_slot(I, name);
    obj_unref(name);
    const Builtin *old = I->g.builtin[slot];
    if (old) {
        char why[160];
        snprintf(why, sizeof why, "the name is registered twice (modules '%s' and '%s')", old->module, module);
        die(reg->name, why);
    }
    Builtin *b = mem_calloc(sizeof(Builtin));
    b->reg = reg;
    b->module = module;
    b->params = mem_calloc(sizeof(Param) * MAX_PARAMS);
    const char *s = reg->params ? reg->params : "";
    while (*skip_space(s)) {
        if (b->nparams == MAX_PARAMS)
            die(reg->name, "too many parameters");
        parse_param(I, b, &s);
    }
    b->signature = make_signature(b);
    if (I->nbuiltins == I->capbuiltins) {
        I->capbuiltins = I->capbuiltins ? I->capbuiltins * 2 : 128;
        I->builtins = mem_realloc(I->builtins, sizeof(Builtin *) * (size_t)I->capbuiltins);
    }
    I->builtins[I->nbuiltins++] = b;
    I->g.builtin[slot] = b;
}

void builtin_module(Interp *I, const char *module, const char *doc, const BuiltinReg *regs)
{
    if (I->nmodules == I->capmodules) {
        I->capmodules = I->capmodules ? I->capmodules * 2 : 16;
        I->modules = mem_realloc(I->modules, sizeof(BuiltinModuleInfo) * (size_t)I->capmodules);
    }
    I->modules[I->nmodules++] = (BuiltinModuleInfo){module, doc, regs};
    for (const BuiltinReg *r = regs; r->name; r++)
        add_builtin(I, module, r);
}

Builtin *builtin_find(Interp *I, const char *name)
{
    for (int i = I->nbuiltins - 1; i >= 0; i--)
        if (strcmp(I->builtins[i]->reg->name, name) == 0)
            return I->builtins[i];
    return NULL;
}

void builtin_free(Builtin *b)
{
    for (int i = 0; i < b->nparams; i++) {
        obj_unref(b->params[i].name);
        val_unref(b->params[i].def);
        mem_free(b->params[i].type_text);
        mem_free(b->params[i].def_text);
    }
    mem_free(b->params);
    mem_free(b->signature);
    mem_free(b);
}

void builtin_args_mismatch(Interp *I, const char *sig)
{
    const Builtin *b = I->cur_builtin;
    const char *params = b && b->reg->params ? b->reg->params : "";
    if (sig && b && strcmp(params, sig) == 0) {
        I->args_named = true;    /* the same list, spelt in another unit */
        return;
    }
    if (sig)
        fprintf(stderr, "sift: built-in '%s' reads its arguments with parameter list \"%s\" but is registered "
                        "with \"%s\"\n", b ? b->reg->name : "?", sig, params);
    else
        fprintf(stderr, "sift: built-in '%s' returned without reading its arguments through BUILTIN_ARGS "
                        "(see docs/builtins.md)\n", b ? b->reg->name : "?");
    abort();
}

const char *builtin_signature(const Builtin *b) { return b->signature; }
const char *builtin_current(Interp *I) { return I->cur_builtin ? I->cur_builtin->reg->name : "?"; }

/* ---- binding ---------------------------------------------------------------- */

/* Whether d is a whole number an int64_t holds: the range is checked
 * before any cast (casting NaN or 1e300 is undefined behaviour). */
static bool whole_int64(double d)
{
    return d >= -0x1p63 && d < 0x1p63 && d == floor(d);
}

static bool type_ok(unsigned types, Value v)
{
    if (types == PT_ANY)
        return true;
    switch (v.t) {
    case T_NULL: return types & PT_NULL;
    case T_BOOL: return types & PT_BOOL;
    case T_NUM: return (types & PT_NUM) || ((types & PT_INT) && whole_int64(v.u.n));
    case T_NA: return types & PT_NA;
    case T_STR: return types & PT_STR;
    case T_VEC: return types & PT_VEC;
    case T_FRAME: return types & PT_FRAME;
    case T_LIST: return types & PT_LIST;
    case T_RECORD: return types & PT_RECORD;
    case T_FUNC: case T_BUILTIN: return types & PT_FN;
    case T_FOREIGN: return types & PT_OBJECT;
    default: return false;
    }
}

static int find_param(const Builtin *b, const Str *name)
{
    for (int k = 0; k < b->nparams; k++)
        if (!b->params[k].rest && str_eq(b->params[k].name, name))
            return k;
    return -1;
}

static int rest_index(const Builtin *b, int kind)
{
    for (int k = 0; k < b->nparams; k++)
        if (b->params[k].rest == kind)
            return k;
    return -1;
}

static Status bind(Interp *I, Builtin *b, int n, const Value *args, Str *const *names, Value *bound)
{
    const char *fname = b->reg->name;
    int star = rest_index(b, 1), dstar = rest_index(b, 2);
    int npos = star >= 0 ? star : (dstar >= 0 ? dstar : b->nparams);
    List *rest = star >= 0 ? list_new(4) : NULL;
    Record *kw = dstar >= 0 ? record_new(4) : NULL;
    if (star >= 0)
        bound[star] = val_obj_take(rest);
    if (dstar >= 0)
        bound[dstar] = val_obj_take(kw);
    int pos = 0;
    for (int i = 0; i < n; i++) {
        if (names && names[i]) {
            int k = find_param(b, names[i]);
            if (k < 0 && kw) {
                record_set(kw, names[i]->s, args[i]);
                continue;
            }
            if (k < 0)
                return err_raise(I, ERR_TYPE, "%s() has no parameter '%s' (see help(%s))", fname, names[i]->s, fname);
            if (bound[k].t != T_UNDEF)
                return err_raise(I, ERR_TYPE, "%s() got two values for '%s'", fname, names[i]->s);
            bound[k] = val_ref(args[i]);
        } else if (pos < npos) {
            bound[pos++] = val_ref(args[i]);
        } else if (rest) {
            list_push(rest, args[i]);
        } else {
            return err_raise(I, ERR_TYPE, "%s() takes at most %d argument%s, got %d", fname, npos,
                             npos == 1 ? "" : "s", n);
        }
    }
    for (int k = 0; k < b->nparams; k++) {
        Param *p = &b->params[k];
        if (bound[k].t == T_UNDEF) {
            if (p->required)
                return err_raise(I, ERR_TYPE, "%s() missing argument '%s'", fname, p->name->s);
            bound[k] = val_ref(p->def);
        } else if (!p->rest && !type_ok(p->types, bound[k]) && !(bound[k].t == T_NULL && p->def.t == T_NULL)) {
            return err_arg(I, k + 1, p->type_text, bound[k]);
        }
    }
    return ST_OK;
}

Status builtin_call(Interp *I, Builtin *b, int n, const Value *args, Str *const *names, Value *out)
{
    Value bound[MAX_PARAMS];
    for (int k = 0; k < b->nparams; k++)
        bound[k] = val_undef();
    Builtin *saved = I->cur_builtin;
    bool saved_named = I->args_named;
    I->cur_builtin = b;
    Status st = bind(I, b, n, args, names, bound);
    if (st == ST_OK) {
        *out = val_null();
        I->args_named = false;
        st = b->reg->fn(I, bound, out);
        I->cur_builtin = b;
        if (!I->args_named)
            builtin_args_mismatch(I, NULL);
        if (st != ST_OK && !I->err.set)
            st = err_raise(I, ERR_VALUE, "%s failed", b->reg->name);
    }
    I->cur_builtin = saved;
    I->args_named = saved_named;
    for (int k = 0; k < b->nparams; k++)
        val_unref(bound[k]);
    return st;
}

/* ---- help and reference -------------------------------------------------------- */

char *builtin_help(const Builtin *b)
{
    SBuf sb = {0};
    sb_printf(&sb, "%s\n", b->signature);
    const char *d = b->reg->doc ? b->reg->doc : "";
    while (*d) {
        const char *e = strchr(d, '\n');
        size_t n = e ? (size_t)(e - d) : strlen(d);
        sb_puts(&sb, "    ");
        sb_putn(&sb, d, n);
        sb_puts(&sb, "\n");
        d += n + (e != NULL);
    }
    return sb_take(&sb);
}

/* A docstring as Markdown: the lines after a line "Example:" become a
 * ```sift block, which `make check-docs` runs (its "# →" comments are
 * the expected output). */
static void doc_markdown(SBuf *sb, const char *doc)
{
    const char *ex = strstr(doc, "\nExample:\n");
    if (!ex) {
        sb_printf(sb, "%s\n\n", doc);
        return;
    }
    sb_putn(sb, doc, (size_t)(ex - doc));
    sb_puts(sb, "\n\nExample:\n\n```sift\n");
    sb_puts(sb, ex + strlen("\nExample:\n"));
    sb_puts(sb, "\n```\n\n");
}

char *sift_reference_markdown(Interp *I)
{
    SBuf sb = {0};
    sb_puts(&sb, "# sift built-in reference\n\n"
                 "Generated from the registration tables by `make docs`; do not edit by hand.\n"
                 "Arguments are positional or named; `...name` collects extra positional arguments.\n\n");
    for (int m = 0; m < I->nmodules; m++) {
        const BuiltinModuleInfo *mod = &I->modules[m];
        sb_printf(&sb, "## %s\n\n%s\n\n", mod->name, mod->doc);
        for (const BuiltinReg *r = mod->regs; r->name; r++) {
            Builtin *b = builtin_find(I, r->name);
            if (!b || b->reg != r)
                continue;
            sb_printf(&sb, "### `%s`\n\n", b->signature);
            doc_markdown(&sb, r->doc ? r->doc : "");
        }
    }
    char *s = sb_take(&sb);
    char *out = malloc(strlen(s) + 1);
    if (out)
        strcpy(out, s);
    mem_free(s);
    return out;
}

int sift_builtin_count(Interp *I) { return I->nbuiltins; }
const char *sift_builtin_name(Interp *I, int i) { return I->builtins[i]->reg->name; }

/* ---- argument helpers ---------------------------------------------------------------- */

Status err_arg(Interp *I, int argno, const char *expected, Value got)
{
    char label[96];
    arg_label(I, argno, label, sizeof label);
    return err_raise(I, ERR_TYPE, "%s: %s must be %s, got %s", builtin_current(I), label, expected,
                     val_type_name(got));
}

void arg_label(Interp *I, int argno, char *buf, size_t n)
{
    const Builtin *b = I->cur_builtin;
    if (b && argno >= 1 && argno <= b->nparams)
        snprintf(buf, n, "argument %d (%s)", argno, b->params[argno - 1].name->s);
    else
        snprintf(buf, n, "argument %d", argno);
}

Status arg_error(Interp *I, ErrKind kind, int argno, const char *fmt, ...)
{
    char label[96], what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    arg_label(I, argno, label, sizeof label);
    return err_raise(I, kind, "%s: %s %s", builtin_current(I), label, what);
}

Status arg_int(Interp *I, Value v, int argno, int64_t lo, int64_t hi, int64_t *out)
{
    if (v.t != T_NUM || !isfinite(v.u.n) || v.u.n != floor(v.u.n))
        return err_arg(I, argno, "a whole number", v);
    if (!(v.u.n >= (double)lo && v.u.n <= (double)hi))      /* before the cast: 1e300 is whole */
        return arg_error(I, ERR_VALUE, argno, "must be between %lld and %lld, got %.15g", (long long)lo,
                         (long long)hi, v.u.n);
    *out = (int64_t)v.u.n;
    return ST_OK;
}

Status arg_vec(Interp *I, Value v, int argno, Vec **out)
{
    int64_t bad;
    if (v.t == T_VEC) {
        obj_ref(v.u.v);
        *out = v.u.v;
        return ST_OK;
    }
    if (v.t == T_LIST) {
        if ((*out = vec_from_list(v.u.l, &bad)))
            return ST_OK;
        if (bad < 0)
            return err_oom(I);
        return arg_error(I, ERR_TYPE, argno, "must hold scalars, element %lld is a %s", (long long)bad,
                         val_type_name(v.u.l->items[bad]));
    }
    if ((*out = vec_fill(v, 1)))
        return ST_OK;
    return err_arg(I, argno, "a vector", v);
}

Status arg_columns(Interp *I, const Frame *f, Value v, int argno, const char ***names, int *n)
{
    int64_t count = v.t == T_STR ? 1 : v.t == T_LIST ? v.u.l->len : v.t == T_VEC ? v.u.v->len : -1;
    if (count < 0 || (v.t == T_VEC && v.u.v->kind != VEC_STR))
        return err_arg(I, argno, "a column name or a list of names", v);
    *names = mem_alloc(sizeof(char *) * (size_t)(count + 1));
    *n = 0;
    for (int64_t i = 0; i < count; i++) {
        const char *name = NULL;
        if (v.t == T_STR)
            name = v.u.s->s;
        else if (v.t == T_VEC && vec_is_valid(v.u.v, i))
            name = vec_str_unsafe(v.u.v, i)->s;
        else if (v.t == T_LIST && v.u.l->items[i].t == T_STR)
            name = v.u.l->items[i].u.s->s;
        if (!name || frame_find(f, name) < 0) {
            mem_free(*names);
            *names = NULL;
            if (!name)
                return arg_error(I, ERR_TYPE, argno, "must list column names (str)");
            return err_raise(I, ERR_NAME, "%s: no column named '%s'", builtin_current(I), name);
        }
        (*names)[(*n)++] = name;
    }
    return ST_OK;
}
