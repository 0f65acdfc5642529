/*
 * lex.h — the sift lexer: source text to a token array.
 *
 * The whole source is tokenised up front (cells are small; the parser
 * gets free lookahead). Newlines are tokens: the parser decides where
 * they end statements. A token is a byte span of the source; string
 * tokens are unescaped by lex_string_value.
 */
#ifndef SIFT_LEX_H
#define SIFT_LEX_H

#include <stddef.h>
#include <stdint.h>

#define TOKEN_KINDS(X)                                                   \
    X(TK_EOF, "end of input") X(TK_NEWLINE, "newline")                   \
    X(TK_NUM, "number") X(TK_STR, "string") X(TK_NAME, "name")           \
    X(TK_LPAREN, "'('") X(TK_RPAREN, "')'") X(TK_LBRACKET, "'['")        \
    X(TK_RBRACKET, "']'") X(TK_LBRACE, "'{'") X(TK_RBRACE, "'}'")        \
    X(TK_COMMA, "','") X(TK_DOT, "'.'") X(TK_COLON, "':'")               \
    X(TK_SEMI, "';'") X(TK_ASSIGN, "'='") X(TK_PIPE, "'|>'")             \
    X(TK_PLUS, "'+'") X(TK_MINUS, "'-'") X(TK_STAR, "'*'")               \
    X(TK_SLASH, "'/'") X(TK_PERCENT, "'%'") X(TK_CARET, "'^'")           \
    X(TK_EQ, "'=='") X(TK_NE, "'!='") X(TK_LT, "'<'") X(TK_LE, "'<='")   \
    X(TK_GT, "'>'") X(TK_GE, "'>='") X(TK_QUESTION, "'?'")               \
    X(TK_FN, "'fn'") X(TK_IF, "'if'") X(TK_ELSE, "'else'")               \
    X(TK_FOR, "'for'") X(TK_IN, "'in'") X(TK_WHILE, "'while'")           \
    X(TK_RETURN, "'return'") X(TK_BREAK, "'break'")                      \
    X(TK_CONTINUE, "'continue'") X(TK_AND, "'and'") X(TK_OR, "'or'")     \
    X(TK_NOT, "'not'") X(TK_TRUE, "'true'") X(TK_FALSE, "'false'")       \
    X(TK_NA, "'NA'") X(TK_NULL, "'null'")

typedef enum TokKind {
#define X(k, s) k,
    TOKEN_KINDS(X)
#undef X
} TokKind;

typedef struct Token {
    uint8_t kind;
    uint32_t off, len;       /* byte span in the source */
} Token;

typedef enum LexStatus { LEX_OK, LEX_ERROR, LEX_INCOMPLETE } LexStatus;

typedef struct LexResult {
    LexStatus status;
    Token *toks;             /* mem_alloc'd; always ends with TK_EOF */
    int n;
    uint32_t err_off;        /* where the error is */
    char msg[160];
} LexResult;

/* Tokenise src[0..n). The caller frees r->toks with mem_free. */
LexResult lex_source(const char *src, size_t n);
const char *lex_kind_name(TokKind k);
/* The keyword list, NULL-terminated (for completion). */
extern const char *const lex_keywords[];
/* Unescape the string token t into a mem_alloc'd buffer (length in *len). */
char *lex_string_value(const char *src, const Token *t, size_t *len);

/* Decode the UTF-8 sequence at s (n > 0 bytes available): its code point,
 * with its length in *len, or -1 when it is not well-formed (overlong,
 * surrogate, above U+10FFFF, truncated). */
long lex_utf8_decode(const unsigned char *s, size_t n, size_t *len);

#endif
