/*
 * regex.c — regular expressions on text through PCRE2: matches, extract,
 * count_matches, findall, and the regex form of replace (regex.h).
 *
 * Every built-in compiles its pattern once per call (JIT-compiled when
 * the platform allows; the interpreter otherwise, with the same results)
 * and runs it element-wise. On a str vector the pattern runs once per
 * distinct dictionary string that the vector uses, never once per row:
 * a result is computed the first time a code is met and looked up after
 * that, so a million-row column with five distinct values costs five
 * matches. NA in gives NA out; matching never fails on bad UTF-8 (PCRE2's
 * MATCH_INVALID_UTF: such bytes simply match nothing).
 *
 * Patterns are Perl-compatible, Unicode-aware (\d, \w and . work on code
 * points, as in Python 3's re); replacements use PCRE2's $1, ${name}, $0.
 * A bad pattern is a ValueError with PCRE2's message and the offset.
 * All PCRE2 allocations go through lang/mem.h (a general context).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string.h>

#include "lang/builtin.h"
#include "lang/mem.h"
#include "stdlib/modules.h"
#include "stdlib/regex.h"

/* Distinct strings matched between two interrupt checks. */
#define RX_CHECK_EVERY 1024

typedef struct Rx {
    pcre2_general_context *gc;
    pcre2_code *code;
    pcre2_match_data *md;
    uint32_t ngroups;        /* capture groups in the pattern */
    uint32_t group;          /* the group extract/findall return */
    const Str *pattern, *repl;
    char *buf;               /* replace's output buffer, reused */
    size_t bufcap;
} Rx;

static void *rx_alloc(PCRE2_SIZE n, void *ud)
{
    (void)ud;
    return mem_try_alloc(n);
}

static void rx_dealloc(void *p, void *ud)
{
    (void)ud;
    mem_free(p);
}

static void rx_free(Rx *rx)
{
    pcre2_match_data_free(rx->md);
    pcre2_code_free(rx->code);
    pcre2_general_context_free(rx->gc);
    mem_free(rx->buf);
}

/* Compile pattern into rx (zeroed first). On failure rx holds nothing. */
static Status rx_compile(Interp *I, const Str *pattern, Rx *rx)
{
    memset(rx, 0, sizeof *rx);
    rx->pattern = pattern;
    rx->gc = pcre2_general_context_create(rx_alloc, rx_dealloc, NULL);
    pcre2_compile_context *cc = rx->gc ? pcre2_compile_context_create(rx->gc) : NULL;
    if (!cc) {
        rx_free(rx);
        return err_oom(I);
    }
    int code;
    PCRE2_SIZE off;
    rx->code = pcre2_compile((PCRE2_SPTR)pattern->s, pattern->len, PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF,
                             &code, &off, cc);
    pcre2_compile_context_free(cc);
    if (!rx->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        rx_free(rx);
        return err_raise(I, ERR_VALUE, "%s: bad pattern \"%s\": %s at offset %zu", builtin_current(I), pattern->s,
                         (const char *)msg, (size_t)off);
    }
    (void)pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE);  /* not available: the interpreter runs it */
    pcre2_pattern_info(rx->code, PCRE2_INFO_CAPTURECOUNT, &rx->ngroups);
    rx->md = pcre2_match_data_create_from_pattern(rx->code, rx->gc);
    if (!rx->md) {
        rx_free(rx);
        return err_oom(I);
    }
    return ST_OK;
}

/* A failure while matching or substituting (never "no match"): what is
 * "pattern" or "replacement", text the one at fault. */
static Status rx_fail(Interp *I, int rc, const char *what, const char *text)
{
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof msg);
    return err_raise(I, ERR_VALUE, "%s: %s \"%s\": %s", builtin_current(I), what, text, (const char *)msg);
}

/* Whether rc is one of the resource limits a match can hit. */
static bool rx_limit(int rc)
{
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
           rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_NOMEMORY;
}

/* Search s from byte start; *hit says whether it matched (the match is
 * then in rx->md). */
static Status rx_search(Interp *I, Rx *rx, const Str *s, size_t start, uint32_t opts, bool *hit)
{
    int rc = pcre2_match(rx->code, (PCRE2_SPTR)s->s, s->len, start, opts, rx->md, NULL);
    *hit = rc >= 0;
    if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)
        return ST_OK;
    return rx_fail(I, rc, "pattern", rx->pattern->s);
}

/* Calls each(rx, s, ovector, ctx) for every non-overlapping match, left to
 * right. After an empty match the next one may not be empty at the same
 * place (Perl's and Python's rule: "a*" in "baa" matches "", "aa", ""). */
typedef void (*RxEach)(const Rx *rx, const Str *s, const PCRE2_SIZE *ov, void *ctx);

static Status rx_each(Interp *I, Rx *rx, const Str *s, RxEach each, void *ctx)
{
    size_t start = 0;
    uint32_t opts = 0;
    for (;;) {
        bool hit;
        if (rx_search(I, rx, s, start, opts, &hit) != ST_OK)
            return ST_ERR;
        if (!hit) {
            if (opts == 0 || start >= s->len)
                return ST_OK;
            start++;                 /* step over one character */
            while (start < s->len && ((unsigned char)s->s[start] & 0xC0) == 0x80)
                start++;
            opts = 0;
            continue;
        }
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rx->md);
        each(rx, s, ov, ctx);
        start = ov[1];
        opts = ov[0] == ov[1] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    }
}

/* ---- one string → one value ----------------------------------------------------- */

/* What a built-in computes for one str: a new reference in *out. */
typedef Status (*RxOne)(Interp *I, Rx *rx, const Str *s, Value *out);

static Status one_matches(Interp *I, Rx *rx, const Str *s, Value *out)
{
    bool hit;
    if (rx_search(I, rx, s, 0, 0, &hit) != ST_OK)
        return ST_ERR;
    *out = val_bool(hit);
    return ST_OK;
}

static void count_one(const Rx *rx, const Str *s, const PCRE2_SIZE *ov, void *ctx) { ++*(double *)ctx; }

static Status one_count(Interp *I, Rx *rx, const Str *s, Value *out)
{
    double n = 0;
    if (rx_each(I, rx, s, count_one, &n) != ST_OK)
        return ST_ERR;
    *out = val_num(n);
    return ST_OK;
}

/* Group rx->group of the match in ov as a str value, NA when the group
 * took no part in the match. */
static Value group_text(const Rx *rx, const Str *s, const PCRE2_SIZE *ov)
{
    PCRE2_SIZE a = ov[2 * rx->group], b = ov[2 * rx->group + 1];
    if (a == PCRE2_UNSET)
        return val_na();
    if (a == 0 && b == s->len)
        return val_ref(val_obj_take((Str *)s));
    return val_strn(s->s + a, b - a);
}

static Status one_extract(Interp *I, Rx *rx, const Str *s, Value *out)
{
    bool hit;
    if (rx_search(I, rx, s, 0, 0, &hit) != ST_OK)
        return ST_ERR;
    *out = hit ? group_text(rx, s, pcre2_get_ovector_pointer(rx->md)) : val_na();
    return ST_OK;
}

static void push_group(const Rx *rx, const Str *s, const PCRE2_SIZE *ov, void *ctx)
{
    Value t = group_text(rx, s, ov);
    if (t.t == T_NA)
        vec_push_na(ctx);
    else
        vec_push_str(ctx, t.u.s->s, t.u.s->len);
    val_unref(t);
}

static Status one_findall(Interp *I, Rx *rx, const Str *s, Value *out)
{
    Vec *r = vec_new(VEC_STR, 4);
    if (!r)
        return err_oom(I);
    if (rx_each(I, rx, s, push_group, r) != ST_OK) {
        obj_unref(r);
        return ST_ERR;
    }
    *out = val_obj_take(r);
    return ST_OK;
}

static Status one_replace(Interp *I, Rx *rx, const Str *s, Value *out)
{
    const uint32_t opts = PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | PCRE2_SUBSTITUTE_UNSET_EMPTY;
    for (;;) {
        PCRE2_SIZE n = rx->bufcap;
        int rc = pcre2_substitute(rx->code, (PCRE2_SPTR)s->s, s->len, 0, opts, rx->md, NULL,
                                  (PCRE2_SPTR)rx->repl->s, rx->repl->len, (PCRE2_UCHAR *)rx->buf, &n);
        if (rc == 0) {               /* no match: the text itself */
            *out = val_ref(val_obj_take((Str *)s));
            return ST_OK;
        }
        if (rc > 0) {
            *out = val_strn(rx->buf, n);
            return ST_OK;
        }
        if (rc != PCRE2_ERROR_NOMEMORY || n <= rx->bufcap)
            return rx_limit(rc) ? rx_fail(I, rc, "pattern", rx->pattern->s) : rx_fail(I, rc, "replacement", rx->repl->s);
        char *b = mem_try_realloc(rx->buf, n + 1);
        if (!b)
            return err_oom(I);
        rx->buf = b;
        rx->bufcap = n + 1;
    }
}

/* ---- element-wise over str values ------------------------------------------------ */

/* The results memo[c] (for each code c used by v) as a vector of kind,
 * or as a list when as_list. */
static Status memo_result(Interp *I, const Vec *v, const Value *memo, int kind, bool as_list, Value *out)
{
    if (as_list) {
        List *l = list_new(v->len);
        for (int64_t i = 0; i < v->len; i++)
            list_push(l, vec_is_valid(v, i) ? memo[v->d.code[i]] : val_na());
        *out = val_obj_take(l);
        return ST_OK;
    }
    Vec *r = vec_new_len((VecKind)kind, v->len);
    int32_t *codes = kind == VEC_STR ? mem_try_alloc(sizeof(int32_t) * (size_t)(v->dict->n + 1)) : NULL;
    if (!r || (kind == VEC_STR && !codes))
        goto oom;
    for (int32_t c = 0; codes && c < v->dict->n; c++)
        if (memo[c].t == T_STR && (codes[c] = dict_intern(r->dict, memo[c].u.s->s, memo[c].u.s->len)) < 0)
            goto oom;
    for (int64_t i = 0; i < v->len; i++) {
        Value m = vec_is_valid(v, i) ? memo[v->d.code[i]] : val_na();
        if (kind == VEC_STR)
            r->d.code[i] = m.t == T_STR ? codes[v->d.code[i]] : 0;
        else if (kind == VEC_NUM)
            r->d.num[i] = m.t == T_NUM ? m.u.n : 0;
        else
            r->d.b[i] = m.t == T_BOOL && m.u.b;
        if (m.t == T_NA && !vec_set_na(r, i))
            goto oom;
    }
    mem_free(codes);
    *out = val_obj_take(r);
    return ST_OK;
oom:
    mem_free(codes);
    if (r)
        obj_unref(r);
    return err_oom(I);
}

static Status not_text(Interp *I, Value x)
{
    static const char *const kinds[] = {"num vector", "bool vector", "str vector"};
    return err_raise(I, ERR_TYPE, "%s: argument 1 (x) must be a str or a str vector, got %s", builtin_current(I),
                     x.t == T_VEC ? kinds[x.u.v->kind] : val_type_name(x));
}

/* f over x: a str gives f's value, NA gives NA, a str vector a vector of
 * kind (a list when as_list) with f run once per distinct string used. */
static Status rx_map(Interp *I, Rx *rx, Value x, RxOne f, int kind, bool as_list, Value *out)
{
    if (x.t == T_STR)
        return f(I, rx, x.u.s, out);
    if (x.t == T_NA) {
        *out = val_na();
        return ST_OK;
    }
    if (x.t != T_VEC || x.u.v->kind != VEC_STR)
        return not_text(I, x);
    const Vec *v = x.u.v;
    Value *memo = mem_try_calloc(sizeof(Value) * (size_t)(v->dict->n + 1));   /* all T_UNDEF */
    if (!memo)
        return err_oom(I);
    Status st = ST_OK;
    int64_t done = 0;
    for (int64_t i = 0; i < v->len && st == ST_OK; i++) {
        if (!vec_is_valid(v, i) || memo[v->d.code[i]].t != T_UNDEF)
            continue;
        st = f(I, rx, vec_str_unsafe(v, i), &memo[v->d.code[i]]);
        if (st == ST_OK && ++done % RX_CHECK_EVERY == 0 && interp_interrupted(I))
            st = err_interrupted(I);
    }
    if (st == ST_OK)
        st = memo_result(I, v, memo, kind, as_list, out);
    for (int32_t c = 0; c < v->dict->n; c++)
        val_unref(memo[c]);
    mem_free(memo);
    return st;
}

/* Compile pattern, run f over x, release the pattern. */
static Status rx_run(Interp *I, Rx *rx, Value x, RxOne f, int kind, bool as_list, Value *out)
{
    Status st = rx_map(I, rx, x, f, kind, as_list, out);
    rx_free(rx);
    return st;
}

Status regex_replace(Interp *I, Value x, const Str *pattern, const Str *repl, Value *out)
{
    Rx rx;
    if (rx_compile(I, pattern, &rx) != ST_OK)
        return ST_ERR;
    rx.repl = repl;
    return rx_run(I, &rx, x, one_replace, VEC_STR, false, out);
}

/* ---- built-ins ------------------------------------------------------------------- */

/* The group= argument: null means group 1 when the pattern has groups,
 * else the whole match (0); a number or a group name otherwise. */
static Status group_arg(Interp *I, Rx *rx, Value g, int argno)
{
    if (!arg_given(g)) {
        rx->group = rx->ngroups > 0;
        return ST_OK;
    }
    if (g.t == T_STR) {
        int n = pcre2_substring_number_from_name(rx->code, (PCRE2_SPTR)g.u.s->s);
        if (n < 0)
            return err_raise(I, ERR_VALUE, "%s: the pattern \"%s\" has no group named '%s'", builtin_current(I),
                             rx->pattern->s, g.u.s->s);
        rx->group = (uint32_t)n;
        return ST_OK;
    }
    int64_t n;
    if (arg_int(I, g, argno, 0, INT32_MAX, &n) != ST_OK)
        return ST_ERR;
    if (n > rx->ngroups)
        return err_raise(I, ERR_VALUE, "%s: group %lld asked, but the pattern \"%s\" has %u group%s",
                         builtin_current(I), (long long)n, rx->pattern->s, rx->ngroups, rx->ngroups == 1 ? "" : "s");
    rx->group = (uint32_t)n;
    return ST_OK;
}

#define TEST_PARAMS(P) P(x, "") P(pattern, "str")
#define GROUP_PARAMS(P) P(x, "") P(pattern, "str") P(group, "int|str|null=null")

/* matches and count_matches: one bool or num per text. */
static Status rx_tests(Interp *I, Value *a, Value *out, RxOne f, VecKind kind)
{
    BUILTIN_ARGS(TEST_PARAMS);
    Rx rx;
    if (rx_compile(I, ARG(pattern).u.s, &rx) != ST_OK)
        return ST_ERR;
    return rx_run(I, &rx, ARG(x), f, kind, false, out);
}

static Status rx_matches(Interp *I, Value *a, Value *out) { return rx_tests(I, a, out, one_matches, VEC_BOOL); }
static Status rx_count(Interp *I, Value *a, Value *out) { return rx_tests(I, a, out, one_count, VEC_NUM); }

/* extract and findall: the group's text of the first match, or of each. */
static Status rx_groups(Interp *I, Value *a, Value *out, bool all)
{
    BUILTIN_ARGS(GROUP_PARAMS);
    Rx rx;
    if (rx_compile(I, ARG(pattern).u.s, &rx) != ST_OK)
        return ST_ERR;
    if (group_arg(I, &rx, ARG(group), ARGNO(group)) != ST_OK) {
        rx_free(&rx);
        return ST_ERR;
    }
    return all ? rx_run(I, &rx, ARG(x), one_findall, 0, true, out)
               : rx_run(I, &rx, ARG(x), one_extract, VEC_STR, false, out);
}

static Status rx_extract(Interp *I, Value *a, Value *out) { return rx_groups(I, a, out, false); }
static Status rx_findall(Interp *I, Value *a, Value *out) { return rx_groups(I, a, out, true); }

static const BuiltinReg regex_lib[] = {
    {"matches", rx_matches, BUILTIN_SIG(TEST_PARAMS),
     "true where the regular expression pattern matches somewhere in the text (as pandas str.contains and R's\n"
     "grepl; anchor with ^ and $ for a whole match). Element-wise on str vectors; NA stays NA.\n"
     "Patterns are PCRE2 (Perl-compatible, Unicode-aware); a bad pattern is a ValueError.\n"
     "Example:\nprint(matches([\"a1\", \"b\", NA], \"\\\\d\"))   # → [true, false, NA]"},
    {"extract", rx_extract, BUILTIN_SIG(GROUP_PARAMS),
     "The text of a group of the first match of pattern, NA where there is no match (pandas str.extract).\n"
     "group: a number (0 is the whole match) or a group name; by default group 1 when the pattern has\n"
     "groups, else the whole match. Element-wise on str vectors.\n"
     "Example:\nprint(extract([\"id-12\", \"id-7\", \"none\"], \"id-(\\\\d+)\"))   # → [\"12\", \"7\", NA]\n"
     "print(extract(\"2024-05-06\", \"(?<year>\\\\d+)-(?<month>\\\\d+)\", group=\"month\"))   # → 05"},
    {"count_matches", rx_count, BUILTIN_SIG(TEST_PARAMS),
     "How many non-overlapping matches of pattern the text holds (pandas str.count). Element-wise.\n"
     "Example:\nprint(count_matches([\"banana\", \"kiwi\"], \"an\"))   # → [2, 0]"},
    {"findall", rx_findall, BUILTIN_SIG(GROUP_PARAMS),
     "Every non-overlapping match of pattern, as a str vector (of group 1 when the pattern has groups,\n"
     "else the whole match; or of the group named by group=). On a str vector: a list with one str\n"
     "vector per element (NA for NA).\n"
     "Example:\nprint(findall(\"a1b22c333\", \"\\\\d+\"))   # → [\"1\", \"22\", \"333\"]"},
    {0},
};

void regex_open(Interp *I)
{
    builtin_module(I, "regex", "Regular expressions (PCRE2) on text, element-wise on str vectors.", regex_lib);
}
