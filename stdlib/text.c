/*
 * text.c — the tokenizer (see text.h) and the built-ins that show its
 * work: tokens, ngrams, osb.
 *
 * Invariant: a token is a maximal run of word characters of at least two
 * code points, taken after lowercasing, so "Don't" gives ["don"] and "a"
 * gives nothing — exactly scikit-learn's default analyzer, whose results
 * the vectorisers must reproduce term for term.
 */
#include "stdlib/text.h"

#include <string.h>

#include "lang/builtin.h"
#include "lang/mem.h"
#include "stdlib/modules.h"

/* ---- the term buffer ------------------------------------------------------------ */

void termbuf_clear(TermBuf *t)
{
    t->blen = 0;
    t->n = 0;
}

void termbuf_free(TermBuf *t)
{
    mem_free(t->buf);
    mem_free(t->start);
    mem_free(t->len);
    memset(t, 0, sizeof *t);
}

static void reserve_bytes(TermBuf *t, size_t more)
{
    if (t->blen + more > t->bcap) {
        t->bcap = (t->blen + more) * 2 + 64;
        t->buf = mem_realloc(t->buf, t->bcap);
    }
}

/* Record buf[from .. blen) as a term. */
static void commit(TermBuf *t, size_t from)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->start = mem_realloc(t->start, sizeof(size_t) * (size_t)t->cap);
        t->len = mem_realloc(t->len, sizeof(uint32_t) * (size_t)t->cap);
    }
    t->start[t->n] = from;
    t->len[t->n] = (uint32_t)(t->blen - from);
    t->n++;
}

void termbuf_push(TermBuf *t, const char *s, size_t n)
{
    reserve_bytes(t, n);
    size_t from = t->blen;
    memcpy(t->buf + t->blen, s, n);
    t->blen += n;
    commit(t, from);
}

/* ---- tokenizing ----------------------------------------------------------------------- */

/* Decode one code point at s[*i] (advancing *i); invalid bytes give
 * U+FFFD, which is not a word character. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *i)
{
    unsigned char c = s[*i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || *i + (size_t)len > n) {
        (*i)++;
        return 0xFFFD;
    }
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len; k++) {
        if ((s[*i + (size_t)k] & 0xC0) != 0x80) {
            (*i)++;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[*i + (size_t)k] & 0x3F);
    }
    *i += (size_t)len;
    return cp;
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Word characters among ASCII: [0-9A-Za-z_]. */
static bool ascii_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* The run being built: its first byte in out->buf and its length in code points. */
typedef struct Run {
    size_t from;
    int64_t cps;
} Run;

static void end_run(TermBuf *out, Run *r)
{
    if (r->cps >= 2)
        commit(out, r->from);
    else
        out->blen = r->from;
    r->from = out->blen;
    r->cps = 0;
}

void text_tokenize(const char *s, size_t n, bool lower, TermBuf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    reserve_bytes(out, n * 2 + 8);   /* lowering at most doubles a code point's bytes (2 -> 3) */
    Run r = {out->blen, 0};
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            if (ascii_word(c)) {
                out->buf[out->blen++] = (char)(lower && c >= 'A' && c <= 'Z' ? c + 32 : c);
                r.cps++;
            } else {
                end_run(out, &r);
            }
            continue;
        }
        uint32_t cp = next_cp(u, n, &i);
        if (lower && cp == 0x130) {          /* İ lowers to i + U+0307, which ends the word */
            out->buf[out->blen++] = 'i';
            r.cps++;
            end_run(out, &r);
            continue;
        }
        if (lower)
            cp = uni_lower(cp);
        if (uni_is_word(cp)) {
            out->blen += put_utf8(out->buf + out->blen, cp);
            r.cps++;
        } else {
            end_run(out, &r);
        }
    }
    end_run(out, &r);
}

void text_ngrams(const TermBuf *tok, int lo, int hi, TermBuf *out)
{
    for (int g = lo; g <= hi && g <= tok->n; g++)
        for (int64_t i = 0; i + g <= tok->n; i++) {
            size_t bytes = (size_t)g;
            for (int k = 0; k < g; k++)
                bytes += tok->len[i + k];
            reserve_bytes(out, bytes);
            size_t from = out->blen;
            for (int k = 0; k < g; k++) {
                if (k)
                    out->buf[out->blen++] = ' ';
                memcpy(out->buf + out->blen, tok->buf + tok->start[i + k], tok->len[i + k]);
                out->blen += tok->len[i + k];
            }
            commit(out, from);
        }
}

void text_osb(const TermBuf *tok, int window, TermBuf *out)
{
    for (int64_t i = 0; i < tok->n; i++)
        for (int d = 1; d < window && i + d < tok->n; d++) {
            size_t a = tok->len[i], b = tok->len[i + d];
            reserve_bytes(out, a + b + 2 * (size_t)d);
            size_t from = out->blen;
            memcpy(out->buf + out->blen, tok->buf + tok->start[i], a);
            out->blen += a;
            for (int k = 1; k < d; k++) {
                memcpy(out->buf + out->blen, " _", 2);
                out->blen += 2;
            }
            out->buf[out->blen++] = ' ';
            memcpy(out->buf + out->blen, tok->buf + tok->start[i + d], b);
            out->blen += b;
            commit(out, from);
        }
}

/* ---- built-ins -------------------------------------------------------------------------- */

enum { MODE_TOKENS, MODE_NGRAMS, MODE_OSB };

/* The terms of one text as a str vector (new reference, NULL when out of memory). */
static Vec *terms_of(const char *s, size_t n, int mode, int k, bool lower, TermBuf *tok, TermBuf *terms)
{
    termbuf_clear(tok);
    termbuf_clear(terms);
    text_tokenize(s, n, lower, tok);
    const TermBuf *src = tok;
    if (mode == MODE_NGRAMS) {
        text_ngrams(tok, k, k, terms);
        src = terms;
    } else if (mode == MODE_OSB) {
        text_osb(tok, k, terms);
        src = terms;
    }
    Vec *v = vec_new(VEC_STR, src->n);
    for (int64_t i = 0; v && i < src->n; i++)
        if (!vec_push_str(v, src->buf + src->start[i], src->len[i])) {
            obj_unref(v);
            return NULL;
        }
    return v;
}

/* tokens/ngrams/osb of a str (a str vector) or of each text of a str
 * vector (a list of them; NA stays NA). */
static Status text_terms(Interp *I, Value text, int argno, int mode, int k, bool lower, Value *out)
{
    TermBuf tok = {0}, terms = {0};
    Status st = ST_OK;
    if (text.t == T_STR) {
        Vec *v = terms_of(text.u.s->s, text.u.s->len, mode, k, lower, &tok, &terms);
        if (v)
            *out = val_obj_take(v);
        else
            st = err_oom(I);
    } else if (text.t == T_VEC && text.u.v->kind == VEC_STR) {
        const Vec *x = text.u.v;
        List *l = list_new(x->len);
        for (int64_t i = 0; i < x->len && st == ST_OK; i++) {
            if (!vec_is_valid(x, i)) {
                list_push_take(l, val_na());
                continue;
            }
            const Str *s = vec_str_unsafe(x, i);
            Vec *v = terms_of(s->s, s->len, mode, k, lower, &tok, &terms);
            if (!v)
                st = err_oom(I);
            else
                list_push_take(l, val_obj_take(v));
            if ((i & 4095) == 4095 && interp_interrupted(I))
                st = err_interrupted(I);
        }
        if (st == ST_OK)
            *out = val_obj_take(l);
        else
            obj_unref(l);
    } else {
        st = err_arg(I, argno, "a str or a str vector", text);
    }
    termbuf_free(&tok);
    termbuf_free(&terms);
    return st;
}

#define TOKENS_PARAMS(P) P(text, "str|vec") P(lowercase, "bool=true")
#define NGRAMS_PARAMS(P) P(text, "str|vec") P(n, "int=2") P(lowercase, "bool=true")
#define OSB_PARAMS(P) P(text, "str|vec") P(window, "int=5") P(lowercase, "bool=true")

static Status xb_tokens(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(TOKENS_PARAMS);
    return text_terms(I, ARG(text), ARGNO(text), MODE_TOKENS, 1, ARG(lowercase).u.b, out);
}

static Status xb_ngrams(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(NGRAMS_PARAMS);
    int64_t n;
    if (arg_int(I, ARG(n), ARGNO(n), 1, 100, &n) != ST_OK)
        return ST_ERR;
    return text_terms(I, ARG(text), ARGNO(text), MODE_NGRAMS, (int)n, ARG(lowercase).u.b, out);
}

static Status xb_osb(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(OSB_PARAMS);
    int64_t w;
    if (arg_int(I, ARG(window), ARGNO(window), 2, 100, &w) != ST_OK)
        return ST_ERR;
    return text_terms(I, ARG(text), ARGNO(text), MODE_OSB, (int)w, ARG(lowercase).u.b, out);
}

#define TOKEN_RULE                                                                                    \
    "Words are found as scikit-learn's CountVectorizer finds them: the text lowercased (Python's\n"   \
    "str.lower) unless lowercase=false, then every run of two or more word characters (letters,\n"   \
    "digits and _ of any script; the default token_pattern (?u)\\b\\w\\w+\\b). One-letter words and\n"   \
    "punctuation are dropped. Given a str vector, the result is a list with one entry per text (NA\n" \
    "stays NA).\n"

static const BuiltinReg text_lib[] = {
    {"tokens", xb_tokens, BUILTIN_SIG(TOKENS_PARAMS),
     "The words of a text, as a str vector.\n" TOKEN_RULE
     "Example:\n"
     "print(tokens(\"Don't panic: 42 towels, a TOWEL!\"))  # → [\"don\", \"panic\", \"42\", \"towels\", \"towel\"]"},
    {"ngrams", xb_ngrams, BUILTIN_SIG(NGRAMS_PARAMS),
     "Word n-grams of a text: each run of n consecutive words, joined by a space.\n" TOKEN_RULE
     "Example:\n"
     "print(ngrams(\"the quick brown fox\", 2))  # → [\"the quick\", \"quick brown\", \"brown fox\"]"},
    {"osb", xb_osb, BUILTIN_SIG(OSB_PARAMS),
     "Orthogonal sparse bigrams (Siefkes et al., 2004): each word paired with each of the next\n"
     "window - 1 words, a skipped word shown as _ (\"a _ c\"). window=2 gives plain bigrams.\n"
     TOKEN_RULE
     "Example:\n"
     "print(osb(\"aa bb cc dd\", window=3))  # → [\"aa bb\", \"aa _ cc\", \"bb cc\", \"bb _ dd\", \"cc dd\"]"},
    {0},
};

void tokens_open(Interp *I)
{
    builtin_module(I, "text", "Words from text: tokens, n-grams and orthogonal sparse bigrams.", text_lib);
}
