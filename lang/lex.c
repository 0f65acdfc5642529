/*
 * lex.c — turns sift source into tokens.
 *
 * Numbers: 12, 2.5, .5, 1e-3, 0x1F. Strings: "..." or '...' with escapes
 * \n \t \r \\ \" \' \0 and \u followed by four hex digits; they may span lines. Comments run from # to
 * the end of the line. An unterminated string is "incomplete" (the REPL
 * asks for more), any other bad character is an error.
 */
#include "lang/lex.h"

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
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        i = 2;
        while (i < n && ((s[i] >= '0' && s[i] <= '9') || ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'f')))
            i++;
        return i;
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

/* Scan a string literal at L->pos; returns its length or 0 if open. */
static size_t scan_string(Lexer *L)
{
    char q = L->src[L->pos];
    size_t i = L->pos + 1;
    while (i < L->n && L->src[i] != q) {
        if (L->src[i] == '\\' && i + 1 < L->n)
            i++;
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
        size_t len = scan_string(L);
        if (!len)
            return fail(r, L->pos, LEX_INCOMPLETE, "unterminated string");
        emit(L, TK_STR, L->pos, len);
        L->pos += len;
    } else if (is_digit(c) || (c == '.' && rest > 1 && is_digit((unsigned char)s[1]))) {
        size_t len = scan_number(s, rest);
        if (len < rest && is_name_start((unsigned char)s[len]))
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

LexResult lex_source(const char *src, size_t n)
{
    LexResult r;
    memset(&r, 0, sizeof r);
    Lexer L = {src, n, 0, NULL, 0, 0};
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

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 32) >= 'a' && (c | 32) <= 'f') return (c | 32) - 'a' + 10;
    return -1;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
    o[0] = (char)(0xE0 | cp >> 12);
    o[1] = (char)(0x80 | ((cp >> 6) & 63));
    o[2] = (char)(0x80 | (cp & 63));
    return 3;
}

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
        case '0': out[j++] = ' '; break;  /* NUL is not allowed in strings */
        case 'u': {
            int h[4], ok = i + 4 < n;
            unsigned cp = 0;
            for (int k = 0; ok && k < 4; k++)
                ok = (h[k] = hexval(s[i + 1 + k])) >= 0, cp = cp * 16 + (unsigned)h[k];
            if (ok && cp && (cp < 0xD800 || cp > 0xDFFF)) {
                j += put_utf8(out + j, cp);
                i += 4;
            } else {
                out[j++] = '\\';
                out[j++] = 'u';
            }
            break;
        }
        default: out[j++] = e; break;      /* \\ \" \' and unknown */
        }
    }
    out[j] = 0;
    *len = j;
    return out;
}
