/*
 * lex.c — turns sift source into tokens.
 *
 * The source must be UTF-8 without NUL bytes; a byte-order mark at the
 * very start is skipped. Anything else is a SyntaxError at the offending
 * byte, before any token is made (check_text).
 *
 * Numbers: 12, 2.5, .5, 1e-3, 0x1F, of any length, converted exactly
 * (correctly rounded, as strtod does) by the parser; a literal beyond the
 * largest double is an error, not infinity. Strings: "..." or '...' with
 * escapes \n \t \r \\ \" \' , \u followed by four hex digits and \U
 * followed by eight (a code point, not a surrogate); they may span lines.
 * A string cannot hold NUL (strings are C strings throughout sift), so
 * \0 and \u0000 are errors. An unknown escape such as \q stands for the
 * character itself. Comments run from # to the end of the line. An
 * unterminated string is "incomplete" (the REPL asks for more), any
 * other bad character is an error.
 */
#include "lang/lex.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lang/mem.h"

static const char *const kind_names[] = {
#define X(k, s) s,
    TOKEN_KINDS(X)
#undef X
};

const char *lex_kind_name(TokKind k) { return kind_names[k]; }

static const struct { const char *word; TokKind kind; } keywords[] = {
    {"fn", TK_FN}, {"if", TK_IF}, {"else", TK_ELSE}, {"for", TK_FOR},
    {"in", TK_IN}, {"while", TK_WHILE}, {"return", TK_RETURN},
    {"break", TK_BREAK}, {"continue", TK_CONTINUE}, {"and", TK_AND},
    {"or", TK_OR}, {"not", TK_NOT}, {"true", TK_TRUE}, {"false", TK_FALSE},
    {"NA", TK_NA}, {"null", TK_NULL},
};

const char *const lex_keywords[] = {
    "fn", "if", "else", "for", "in", "while", "return", "break", "continue",
    "and", "or", "not", "true", "false", "NA", "null", NULL,
};

static int is_name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static TokKind keyword_kind(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i].word) == n && memcmp(keywords[i].word, s, n) == 0)
            return keywords[i].kind;
    return TK_NAME;
}

/* Length of the number starting at s (0 if malformed after a digit). */
static size_t scan_number(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        i = 2;
        while (i < n && ((s[i] >= '0' && s[i] <= '9') || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'f')))
            i++;
        return i > 2 ? i : 0;                /* "0x" alone is malformed */
    }
    while (i < n && is_digit(s[i]))
        i++;
    if (i < n && s[i] == '.' && i + 1 < n && is_digit(s[i + 1])) {
        i++;
        while (i < n && is_digit(s[i]))
            i++;
    } else if (i < n && s[i] == '.' && !(i + 1 < n && (s[i + 1] == '.' || is_name_start(s[i + 1])))) {
        i++;                                 /* "2." */
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < n && is_digit(s[j])) {
            while (j < n && is_digit(s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

/* Two-character and one-character operators. */
static int scan_operator(const char *s, size_t n, TokKind *k)
{
    static const struct { const char *op; TokKind kind; } ops[] = {
        {"|>", TK_PIPE}, {"==", TK_EQ}, {"!=", TK_NE}, {"<=", TK_LE}, {">=", TK_GE},
        {"(", TK_LPAREN}, {")", TK_RPAREN}, {"[", TK_LBRACKET}, {"]", TK_RBRACKET},
        {"{", TK_LBRACE}, {"}", TK_RBRACE}, {",", TK_COMMA}, {".", TK_DOT},
        {":", TK_COLON}, {";", TK_SEMI}, {"=", TK_ASSIGN}, {"+", TK_PLUS},
        {"-", TK_MINUS}, {"*", TK_STAR}, {"/", TK_SLASH}, {"%", TK_PERCENT},
        {"^", TK_CARET}, {"<", TK_LT}, {">", TK_GT}, {"?", TK_QUESTION},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t len = strlen(ops[i].op);
        if (len <= n && memcmp(ops[i].op, s, len) == 0) {
            *k = ops[i].kind;
            return (int)len;
        }
    }
    return 0;
}

typedef struct Lexer {
    const char *src;
    size_t n, pos;
    Token *toks;
    int ntok, cap;
} Lexer;

static void emit(Lexer *L, TokKind k, size_t off, size_t len)
{
    if (L->ntok == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 64;
        L->toks = mem_realloc(L->toks, sizeof(Token) * (size_t)L->cap);
    }
    L->toks[L->ntok++] = (Token){(uint8_t)k, (uint32_t)off, (uint32_t)len};
}

static LexStatus fail(LexResult *r, size_t off, LexStatus st, const char *msg)
{
    r->status = st;
    r->err_off = (uint32_t)off;
    snprintf(r->msg, sizeof r->msg, "%s", msg);
    return st;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 32) >= 'a' && (c | 32) <= 'f') return (c | 32) - 'a' + 10;
    return -1;
}

/* The code point of the \u or \U escape whose letter is at s[0]
 * (ndig hex digits follow), or -1 when malformed. */
static long escape_code_point(const char *s, size_t n)
{
    int ndig = s[0] == 'u' ? 4 : 8;
    if ((size_t)ndig >= n)
        return -1;
    long cp = 0;
    for (int k = 1; k <= ndig; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return -1;
        cp = cp * 16 + h;
    }
    return cp;
}

/* Scan a string literal at L->pos; returns its length, or 0 if it is
 * open (r untouched) or has a bad escape (r set to the error). */
static size_t scan_string(Lexer *L, LexResult *r)
{
    char q = L->src[L->pos];
    size_t i = L->pos + 1;
    while (i < L->n && L->src[i] != q) {
        if (L->src[i] == '\\' && i + 1 < L->n) {
            char e = L->src[i + 1];
            if (e == '0') {
                fail(r, i, LEX_ERROR, "a string cannot contain NUL (\\0): sift strings are text");
                return 0;
            }
            if (e == 'u' || e == 'U') {
                long cp = escape_code_point(L->src + i + 1, L->n - i - 1);
                const char *msg = NULL;
                if (cp < 0)
                    msg = e == 'u' ? "invalid \\u escape: expected four hex digits (\\u00e9)"
                                   : "invalid \\U escape: expected eight hex digits (\\U0001F600)";
                else if (cp == 0)
                    msg = "a string cannot contain NUL (\\u0000): sift strings are text";
                else if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
                    msg = "invalid escape: not a Unicode code point (a surrogate or above U+10FFFF)";
                if (msg) {
                    fail(r, i, LEX_ERROR, msg);
                    return 0;
                }
            }
            i++;
        }
        i++;
    }
    return i < L->n ? i + 1 - L->pos : 0;
}

static LexStatus lex_one(Lexer *L, LexResult *r)
{
    const char *s = L->src + L->pos;
    size_t rest = L->n - L->pos;
    unsigned char c = (unsigned char)*s;
    TokKind k;
    int oplen;
    if (c == '"' || c == '\'') {
        size_t len = scan_string(L, r);
        if (r->status != LEX_OK)
            return r->status;
        if (!len)
            return fail(r, L->pos, LEX_INCOMPLETE, "unterminated string");
        emit(L, TK_STR, L->pos, len);
        L->pos += len;
    } else if (is_digit(c) || (c == '.' && rest > 1 && is_digit((unsigned char)s[1]))) {
        size_t len = scan_number(s, rest);
        if (len == 0 || (len < rest && (is_name_start((unsigned char)s[len]) || is_digit((unsigned char)s[len]))))
            return fail(r, L->pos, LEX_ERROR, "malformed number");
        emit(L, TK_NUM, L->pos, len);
        L->pos += len;
    } else if (is_name_start(c)) {
        size_t len = 1;
        while (len < rest && (is_name_start((unsigned char)s[len]) || is_digit((unsigned char)s[len])))
            len++;
        emit(L, keyword_kind(s, len), L->pos, len);
        L->pos += len;
    } else if ((oplen = scan_operator(s, rest, &k)) > 0) {
        emit(L, k, L->pos, (size_t)oplen);
        L->pos += (size_t)oplen;
    } else {
        char msg[64];
        if (c >= 32 && c < 127)
            snprintf(msg, sizeof msg, "unexpected character '%c'", c);
        else
            snprintf(msg, sizeof msg, "unexpected byte 0x%02x", c);
        return fail(r, L->pos, LEX_ERROR, msg);
    }
    return LEX_OK;
}

long lex_utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned char c = s[0];
    int k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
    if (k < 0 || (size_t)k >= n + (k == 0))
        return -1;
    long cp = k == 0 ? c : c & (0x3F >> k);
    for (int i = 1; i <= k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    static const long min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *len = (size_t)k + 1;
    return cp;
}

/* Spaces that look like a plain one (pasted from a web page or a word
 * processor) and would otherwise end up inside a name. */
static bool is_lookalike_space(long cp)
{
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* Check the whole text before tokenising: UTF-8, no NUL, no look-alike
 * space outside strings and comments. Returns false with r set. */
static bool check_text(const char *src, size_t n, size_t from, LexResult *r)
{
    const unsigned char *s = (const unsigned char *)src;
    char quote = 0;
    bool comment = false;
    for (size_t i = from; i < n;) {
        unsigned char c = s[i];
        if (c == 0) {
            fail(r, i, LEX_ERROR, "NUL byte in the source (is this a binary file?)");
            return false;
        }
        if (c < 0x80) {
            if (quote && c == '\\' && i + 1 < n && s[i + 1] < 0x80 && s[i + 1] != 0)
                i++;
            else if (quote ? c == (unsigned char)quote : !comment && (c == '"' || c == '\''))
                quote = quote ? 0 : (char)c;
            else if (!quote)
                comment = c == '\n' ? false : comment || c == '#';
            i++;
            continue;
        }
        size_t len;
        long cp = lex_utf8_decode(s + i, n - i, &len);
        char msg[120];
        if (cp < 0) {
            snprintf(msg, sizeof msg, "invalid UTF-8 (byte 0x%02x): sift source must be UTF-8 text", c);
            fail(r, i, LEX_ERROR, msg);
            return false;
        }
        if (!quote && !comment && is_lookalike_space(cp)) {
            snprintf(msg, sizeof msg, "unexpected U+%04lX (a space that is not a plain space; type ' ')", cp);
            fail(r, i, LEX_ERROR, msg);
            return false;
        }
        i += len;
    }
    return true;
}

#define UTF8_BOM "\xEF\xBB\xBF"

LexResult lex_source(const char *src, size_t n)
{
    LexResult r;
    memset(&r, 0, sizeof r);
    Lexer L = {src, n, 0, NULL, 0, 0};
    if (n >= 3 && memcmp(src, UTF8_BOM, 3) == 0)
        L.pos = 3;                               /* a byte-order mark is not code */
    if (n >= INT32_MAX) {
        fail(&r, 0, LEX_ERROR, "the source is too large (2 GiB at most)");
        L.pos = n;
    } else if (!check_text(src, n, L.pos, &r)) {
        L.pos = n;
    }
    while (L.pos < n) {
        char c = src[L.pos];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            L.pos++;
        } else if (c == '\\' && L.pos + 1 < n && src[L.pos + 1] == '\n') {
            L.pos += 2;                          /* line continuation */
        } else if (c == '#') {
            while (L.pos < n && src[L.pos] != '\n')
                L.pos++;
        } else if (c == '\n') {
            emit(&L, TK_NEWLINE, L.pos, 1);
            L.pos++;
        } else if (lex_one(&L, &r) != LEX_OK) {
            break;
        }
    }
    emit(&L, TK_EOF, n, 0);
    r.toks = L.toks;
    r.n = L.ntok;
    return r;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 63));
        o[2] = (char)(0x80 | (cp & 63));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 63));
    o[2] = (char)(0x80 | ((cp >> 6) & 63));
    o[3] = (char)(0x80 | (cp & 63));
    return 4;
}

/* The token was checked by scan_string: every escape here is valid, and
 * an escape never produces more bytes than it takes (\U: 10 -> 4). */
char *lex_string_value(const char *src, const Token *t, size_t *len)
{
    const char *s = src + t->off + 1;
    size_t n = t->len - 2, j = 0;
    char *out = mem_alloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\' || i + 1 >= n) {
            out[j++] = s[i];
            continue;
        }
        char e = s[++i];
        switch (e) {
        case 'n': out[j++] = '\n'; break;
        case 't': out[j++] = '\t'; break;
        case 'r': out[j++] = '\r'; break;
        case 'u': case 'U':
            j += put_utf8(out + j, (unsigned long)escape_code_point(s + i, n - i));
            i += e == 'u' ? 4 : 8;
            break;
        default: out[j++] = e; break;      /* \\ \" \' and unknown */
        }
    }
    out[j] = 0;
    *len = j;
    return out;
}
