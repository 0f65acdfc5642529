/*
 * strings.c — text helpers: upper, lower, strip, replace, contains,
 * starts_with, ends_with, str_split, fmt. (The string splitter is
 * str_split so that `split` stays free for the train/test split.)
 *
 * On a str vector a transformation runs once per dictionary entry, not
 * once per row, and the codes are reused: upper() of a million-row column
 * with five distinct values does five conversions.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/format.h"
#include "lang/mem.h"
#include "lang/show.h"
#include "stdlib/modules.h"

/* A text → text transformation with two optional str parameters. */
typedef Str *(*TextFn)(const Str *s, const Str *p, const Str *q);

/* f applied to x (argument argno: a str, NA or a str vector). */
static Status map_text(Interp *I, Value x, int argno, TextFn f, const Str *p, const Str *q, Value *out)
{
    if (x.t == T_STR) {
        *out = val_obj_take(f(x.u.s, p, q));
        return ST_OK;
    }
    if (x.t == T_NA) {
        *out = val_na();
        return ST_OK;
    }
    if (x.t != T_VEC || x.u.v->kind != VEC_STR)
        return err_arg(I, argno, "a str or a str vector", x);
    const Vec *v = x.u.v;
    Vec *r = vec_new_len(VEC_STR, v->len);
    if (!r)
        return err_oom(I);
    int32_t *map = mem_alloc(sizeof(int32_t) * (size_t)(v->dict->n + 1));
    for (int32_t c = 0; c < v->dict->n; c++) {
        Str *t = f(v->dict->strs[c], p, q);
        map[c] = dict_intern(r->dict, t->s, t->len);
        obj_unref(t);
    }
    for (int64_t i = 0; i < v->len; i++)
        r->d.code[i] = vec_is_valid(v, i) ? map[v->d.code[i]] : 0;
    mem_free(map);
    if (v->valid) {
        r->valid = mem_alloc(sizeof(uint64_t) * bitmap_words(r->cap));
        memset(r->valid, 0, sizeof(uint64_t) * bitmap_words(r->cap));
        memcpy(r->valid, v->valid, sizeof(uint64_t) * bitmap_words(v->len));
        r->nnull = v->nnull;
    }
    *out = val_obj_take(r);
    return ST_OK;
}

static Str *case_map(const Str *s, int (*f)(int))
{
    Str *r = str_new(s->s, s->len);
    for (uint32_t i = 0; i < r->len; i++)
        r->s[i] = (char)f((unsigned char)r->s[i]);
    r->hash = str_hash(r->s, r->len);
    return r;
}

static Str *to_upper(const Str *s, const Str *p, const Str *q) { return case_map(s, toupper); }
static Str *to_lower(const Str *s, const Str *p, const Str *q) { return case_map(s, tolower); }

static Str *do_strip(const Str *s, const Str *p, const Str *q)
{
    const char *a = s->s, *b = s->s + s->len;
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && isspace((unsigned char)b[-1]))
        b--;
    return str_new(a, (size_t)(b - a));
}

static Str *do_replace(const Str *s, const Str *old, const Str *new)
{
    if (old->len == 0)
        return str_new(s->s, s->len);
    SBuf b = {0};
    const char *p = s->s, *hit;
    while ((hit = strstr(p, old->s))) {
        sb_putn(&b, p, (size_t)(hit - p));
        sb_putn(&b, new->s, new->len);
        p = hit + old->len;
    }
    sb_puts(&b, p);
    Str *r = str_new(b.s, b.len);
    mem_free(b.s);
    return r;
}

#define TEXT_PARAMS(P) P(s, "")

#define TEXT_FN(name, f)                                                    \
    static Status str_##name(Interp *I, Value *a, Value *out)               \
    {                                                                       \
        BUILTIN_ARGS(TEXT_PARAMS);                                          \
        return map_text(I, ARG(s), ARGNO(s), f, NULL, NULL, out);           \
    }
TEXT_FN(upper, to_upper)
TEXT_FN(lower, to_lower)
TEXT_FN(strip, do_strip)

#define REPLACE_PARAMS(P) P(s, "") P(old, "str") P(new, "str")

static Status str_replace(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(REPLACE_PARAMS);
    return map_text(I, ARG(s), ARGNO(s), do_replace, ARG(old).u.s, ARG(new).u.s, out);
}

/* ---- predicates ------------------------------------------------------------------ */

typedef bool (*TextTest)(const Str *s, const Str *p);

static bool t_contains(const Str *s, const Str *p) { return strstr(s->s, p->s) != NULL; }
static bool t_starts(const Str *s, const Str *p) { return strncmp(s->s, p->s, p->len) == 0; }
static bool t_ends(const Str *s, const Str *p)
{
    return s->len >= p->len && memcmp(s->s + s->len - p->len, p->s, p->len) == 0;
}

/* f(x, p) for x (argument argno: a str, NA or a str vector). */
static Status test_text(Interp *I, Value x, int argno, TextTest f, const Str *p, Value *out)
{
    if (x.t == T_STR) {
        *out = val_bool(f(x.u.s, p));
        return ST_OK;
    }
    if (x.t == T_NA) {
        *out = val_na();
        return ST_OK;
    }
    if (x.t != T_VEC || x.u.v->kind != VEC_STR)
        return err_arg(I, argno, "a str or a str vector", x);
    const Vec *v = x.u.v;
    uint8_t *hit = mem_alloc((size_t)v->dict->n + 1);
    for (int32_t c = 0; c < v->dict->n; c++)
        hit[c] = f(v->dict->strs[c], p);
    Vec *r = vec_new_len(VEC_BOOL, v->len);
    if (!r) {
        mem_free(hit);
        return err_oom(I);
    }
    for (int64_t i = 0; i < v->len; i++) {
        r->d.b[i] = vec_is_valid(v, i) && hit[v->d.code[i]];
        if (!vec_is_valid(v, i))
            vec_set_na(r, i);
    }
    mem_free(hit);
    *out = val_obj_take(r);
    return ST_OK;
}

#define CONTAINS_PARAMS(P) P(s, "") P(pattern, "str")
#define STARTS_PARAMS(P) P(s, "") P(prefix, "str")
#define ENDS_PARAMS(P) P(s, "") P(suffix, "str")

static Status str_contains(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(CONTAINS_PARAMS);
    return test_text(I, ARG(s), ARGNO(s), t_contains, ARG(pattern).u.s, out);
}

static Status str_starts(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(STARTS_PARAMS);
    return test_text(I, ARG(s), ARGNO(s), t_starts, ARG(prefix).u.s, out);
}

static Status str_ends(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(ENDS_PARAMS);
    return test_text(I, ARG(s), ARGNO(s), t_ends, ARG(suffix).u.s, out);
}

#define SPLIT_PARAMS(P) P(s, "str") P(sep, "str|null=null")

static Status str_split(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SPLIT_PARAMS);
    const Str *s = ARG(s).u.s, *sep = ARG(sep).t == T_STR ? ARG(sep).u.s : NULL;
    Vec *r = vec_new(VEC_STR, 8);
    if (!r)
        return err_oom(I);
    const char *p = s->s, *end = s->s + s->len;
    if (!sep) {                                  /* split on runs of whitespace */
        while (p < end) {
            while (p < end && isspace((unsigned char)*p))
                p++;
            const char *w = p;
            while (p < end && !isspace((unsigned char)*p))
                p++;
            if (p > w)
                vec_push_str(r, w, (size_t)(p - w));
        }
    } else if (sep->len == 0) {
        obj_unref(r);
        return err_raise(I, ERR_VALUE, "str_split: the separator is empty");
    } else {
        const char *hit;
        while ((hit = strstr(p, sep->s))) {
            vec_push_str(r, p, (size_t)(hit - p));
            p = hit + sep->len;
        }
        vec_push_str(r, p, (size_t)(end - p));
    }
    *out = val_obj_take(r);
    return ST_OK;
}

/* fmt("{} has {:.2f}", a, b): {} takes the next argument; {:.Nf} formats
 * a number with N decimals; {{ and }} are literal braces. */
#define FMT_PARAMS(P) P(template, "str") P(values, "*")

static Status str_format(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(FMT_PARAMS);
    const char *t = ARG(template).u.s->s;
    List *args = ARG(values).u.l;
    int64_t next = 0;
    SBuf b = {0};
    for (; *t; t++) {
        if ((*t == '{' && t[1] == '{') || (*t == '}' && t[1] == '}')) {
            sb_putn(&b, t++, 1);
            continue;
        }
        if (*t != '{') {
            sb_putn(&b, t, 1);
            continue;
        }
        const char *close = strchr(t, '}');
        if (!close || next >= args->len) {
            mem_free(b.s);
            return err_raise(I, ERR_VALUE, close ? "fmt: more {} than arguments (%lld)" : "fmt: unclosed '{'%.0lld",
                             (long long)args->len);
        }
        Value v = args->items[next++];
        int decimals = -1;
        if (t[1] == ':' && t[2] == '.' && close[-1] == 'f')
            decimals = atoi(t + 3);
        if (decimals >= 0 && decimals <= 20 && v.t == T_NUM)
            sb_printf(&b, "%.*f", decimals, v.u.n);
        else
            show_value(I, &b, v, false);
        t = close;
    }
    *out = val_strn(b.s ? b.s : "", b.len);
    mem_free(b.s);
    return ST_OK;
}

static const BuiltinReg strings_lib[] = {
    {"upper", str_upper, BUILTIN_SIG(TEXT_PARAMS), "Upper-case text (ASCII letters), element-wise on str vectors.\nExample:\nprint(upper([\"setosa\", NA]))     # → [\"SETOSA\", NA]"},
    {"lower", str_lower, BUILTIN_SIG(TEXT_PARAMS), "Lower-case text (ASCII letters), element-wise on str vectors."},
    {"strip", str_strip, BUILTIN_SIG(TEXT_PARAMS), "Text without leading and trailing white space."},
    {"replace", str_replace, BUILTIN_SIG(REPLACE_PARAMS), "Text with every occurrence of old replaced by new."},
    {"contains", str_contains, BUILTIN_SIG(CONTAINS_PARAMS), "true where the text contains pattern (a plain substring)."},
    {"starts_with", str_starts, BUILTIN_SIG(STARTS_PARAMS), "true where the text starts with prefix."},
    {"ends_with", str_ends, BUILTIN_SIG(ENDS_PARAMS), "true where the text ends with suffix."},
    {"str_split", str_split, BUILTIN_SIG(SPLIT_PARAMS),
     "The parts of s between occurrences of sep, as a str vector; without sep, the words.\n"
     "(Named str_split: the name split is kept for splitting a frame into train and test sets.)\nExample:\n"
     "print(str_split(\"a,b,,c\", \",\"))    # → [\"a\", \"b\", \"\", \"c\"]\n"
     "print(str_split(\"  two  words \"))   # → [\"two\", \"words\"]"},
    {"fmt", str_format, BUILTIN_SIG(FMT_PARAMS),
     "Fill the {} in template with the values in order; {:.2f} shows a number with 2 decimals.\n"
     "fmt(\"{} rows, mean {:.1f}\", 150, 5.843) is \"150 rows, mean 5.8\".\nExample:\nprint(fmt(\"{} rows, mean {:.1f}\", 150, 5.843))  # → 150 rows, mean 5.8"},
    {0},
};

void strings_open(Interp *I)
{
    builtin_module(I, "strings", "Text helpers, element-wise on str vectors.", strings_lib);
}
