/*
 * parse.c — recursive descent over the token array, then name resolution.
 *
 * Newlines end statements except inside ( ) and [ ] and record literals;
 * a block { } inside parentheses (an anonymous function as an argument)
 * makes them significant again. `nl_skip` is that switch: > 0 means the
 * parser looks through newlines. A line may also continue after a binary
 * operator, and a line that starts with |> continues the previous one.
 *
 * Binding, loosest first: |>, or, and, not, in, comparisons, + -, * / %,
 * unary -, ^ (right-assoc), postfix (call, index, member).
 *
 * Resolution (resolve_*): each function's locals are its parameters plus
 * every name it assigns (Python's rule); other names are captured from an
 * enclosing function by value when the closure is created, or global.
 */
#include "lang/parse.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/interp.h"
#include "lang/lex.h"
#include "lang/mem.h"

typedef struct Parser {
    Chunk *c;
    const char *src;
    Token *t;
    int n, pos;
    int nl_skip;
    int depth, brace_depth;
    ParseResult *r;
} Parser;

/* ---- token helpers -------------------------------------------------- */

static void skip_newlines(Parser *P)
{
    while (P->t[P->pos].kind == TK_NEWLINE)
        P->pos++;
}

static Token *peek(Parser *P)
{
    if (P->nl_skip > 0)
        skip_newlines(P);
    return &P->t[P->pos];
}

static int at(Parser *P, TokKind k) { return peek(P)->kind == k; }

static Token *advance(Parser *P)
{
    Token *t = peek(P);
    if (t->kind != TK_EOF)
        P->pos++;
    return t;
}

/* Report an error at token t (first error wins). At end of input the
 * program is incomplete rather than wrong. */
static Node *error_at(Parser *P, Token *t, const char *fmt, ...)
{
    ParseResult *r = P->r;
    if (r->status != PARSE_OK)
        return NULL;
    r->status = t->kind == TK_EOF ? PARSE_INCOMPLETE : PARSE_ERROR;
    r->err_off = t->off;
    r->err_len = t->len ? t->len : 1;
    r->depth = P->brace_depth;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    va_end(ap);
    return NULL;
}

static const char *tok_desc(Parser *P, Token *t, char *buf, size_t n)
{
    if (t->kind == TK_NAME || t->kind == TK_NUM)
        snprintf(buf, n, "'%.*s'", (int)(t->len > 30 ? 30 : t->len), P->src + t->off);
    else
        snprintf(buf, n, "%s", lex_kind_name(t->kind));
    return buf;
}

static int expect(Parser *P, TokKind k, const char *where)
{
    if (at(P, k)) {
        advance(P);
        return 1;
    }
    char buf[48];
    error_at(P, peek(P), "expected %s %s, found %s", lex_kind_name(k), where,
             tok_desc(P, peek(P), buf, sizeof buf));
    return 0;
}

static Node *new_node(Parser *P, NodeKind k, Token *t)
{
    Node *n = chunk_alloc(P->c, sizeof(Node));
    n->kind = (uint8_t)k;
    n->off = t->off;
    n->len = t->len;
    return n;
}

/* Extend n's span to cover everything up to the previous token. */
static Node *finish(Parser *P, Node *n)
{
    if (!n || P->pos == 0)
        return n;
    Token *last = &P->t[P->pos - 1];
    if (last->off + last->len > n->off)
        n->len = last->off + last->len - n->off;
    return n;
}

/* A growable array of node pointers, copied into the chunk at the end. */
typedef struct NodeBuf {
    Node **items;
    Str **names;
    int n, cap;
} NodeBuf;

static void nb_push(NodeBuf *b, Node *n, Str *name)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->items = mem_realloc(b->items, sizeof(Node *) * (size_t)b->cap);
        b->names = mem_realloc(b->names, sizeof(Str *) * (size_t)b->cap);
    }
    b->items[b->n] = n;
    b->names[b->n++] = name;
}

static void nb_finish(Parser *P, NodeBuf *b, Node *into, int with_names)
{
    into->n = b->n;
    if (b->n) {
        into->items = chunk_alloc(P->c, sizeof(Node *) * (size_t)b->n);
        memcpy(into->items, b->items, sizeof(Node *) * (size_t)b->n);
        if (with_names) {
            into->names = chunk_alloc(P->c, sizeof(Str *) * (size_t)b->n);
            memcpy(into->names, b->names, sizeof(Str *) * (size_t)b->n);
        }
    }
    mem_free(b->items);
    mem_free(b->names);
}

static Str *tok_str(Parser *P, Token *t) { return chunk_str(P->c, P->src + t->off, t->len); }

static int enter(Parser *P)
{
    if (++P->depth > PARSE_MAX_DEPTH) {
        error_at(P, peek(P), "nesting too deep (more than %d levels)", PARSE_MAX_DEPTH);
        return 0;
    }
    return 1;
}

static Node *leave(Parser *P, Node *n)
{
    P->depth--;
    return n;
}

static Node *expression(Parser *P);
static Node *statement(Parser *P, int *quiet);
static Node *block(Parser *P);

/* ---- primary expressions -------------------------------------------- */

/* A number literal of any length, correctly rounded (strtod reads both
 * decimal and 0x forms exactly); one beyond the largest double is an
 * error rather than infinity. */
static Node *number(Parser *P)
{
    Token *t = advance(P);
    char small[64];
    char *buf = t->len < sizeof small ? small : mem_alloc(t->len + 1);
    memcpy(buf, P->src + t->off, t->len);
    buf[t->len] = 0;
    double x = strtod(buf, NULL);
    if (buf != small)
        mem_free(buf);
    if (isinf(x)) {
        char d[48];
        return error_at(P, t, "number %s is too large (the largest is about 1.8e308)", tok_desc(P, t, d, sizeof d));
    }
    Node *n = new_node(P, N_NUM, t);
    n->num = x;
    return n;
}

static Node *string(Parser *P)
{
    Token *t = advance(P);
    size_t len;
    char *s = lex_string_value(P->src, t, &len);
    Node *n = new_node(P, N_STR, t);
    n->str = chunk_str(P->c, s, len);
    mem_free(s);
    return n;
}

/* Items up to `close`, separated by commas, newlines ignored. */
static Node *list_literal(Parser *P)
{
    Node *n = new_node(P, N_LIST, advance(P));
    NodeBuf b = {0};
    P->nl_skip++;
    while (!at(P, TK_RBRACKET) && P->r->status == PARSE_OK) {
        Node *e = expression(P);
        if (!e)
            break;
        nb_push(&b, e, NULL);
        if (!at(P, TK_COMMA))
            break;
        advance(P);
    }
    P->nl_skip--;
    nb_finish(P, &b, n, 0);
    if (P->r->status == PARSE_OK) {
        P->nl_skip++;
        expect(P, TK_RBRACKET, "to close the list");
        P->nl_skip--;
    }
    return finish(P, n);
}

static Node *record_literal(Parser *P)
{
    Node *n = new_node(P, N_RECORD, advance(P));
    NodeBuf b = {0};
    P->nl_skip++;
    while (!at(P, TK_RBRACE) && P->r->status == PARSE_OK) {
        Token *k = peek(P);
        Str *key;
        if (k->kind == TK_NAME) {
            key = tok_str(P, advance(P));
        } else if (k->kind == TK_STR) {
            key = string(P)->str;
        } else {
            char buf[48];
            error_at(P, k, "expected a field name in the record, found %s", tok_desc(P, k, buf, sizeof buf));
            break;
        }
        if (!expect(P, TK_COLON, "after the field name"))
            break;
        Node *e = expression(P);
        if (!e)
            break;
        nb_push(&b, e, key);
        if (!at(P, TK_COMMA))
            break;
        advance(P);
    }
    nb_finish(P, &b, n, 1);
    if (P->r->status == PARSE_OK)
        expect(P, TK_RBRACE, "to close the record");
    P->nl_skip--;
    return finish(P, n);
}

/* (params) { body } after `fn` [NAME]. */
static FnProto *function_rest(Parser *P, Str *name, Token *start)
{
    FnProto *f = chunk_alloc(P->c, sizeof(FnProto));
    f->name = name;
    f->chunk = P->c;
    f->off = start->off;
    if (!expect(P, TK_LPAREN, "to start the parameter list"))
        return NULL;
    NodeBuf b = {0};
    P->nl_skip++;
    while (!at(P, TK_RPAREN) && P->r->status == PARSE_OK) {
        Token *t = peek(P);
        if (t->kind != TK_NAME) {
            char buf[48];
            error_at(P, t, "expected a parameter name, found %s", tok_desc(P, t, buf, sizeof buf));
            break;
        }
        Str *pname = tok_str(P, advance(P));
        for (int i = 0; i < b.n; i++)
            if (str_eq(b.names[i], pname))
                error_at(P, t, "duplicate parameter '%s'", pname->s);
        Node *def = NULL;
        if (at(P, TK_ASSIGN)) {
            advance(P);
            def = expression(P);
        } else if (b.n && b.items[b.n - 1]) {
            error_at(P, t, "parameter '%s' without a default follows one with a default", pname->s);
        }
        nb_push(&b, def, pname);
        if (!at(P, TK_COMMA))
            break;
        advance(P);
    }
    if (P->r->status == PARSE_OK)
        expect(P, TK_RPAREN, "to close the parameter list");
    P->nl_skip--;
    f->nparams = b.n;
    if (b.n) {
        f->params = chunk_alloc(P->c, sizeof(Str *) * (size_t)b.n);
        f->defaults = chunk_alloc(P->c, sizeof(Node *) * (size_t)b.n);
        memcpy(f->params, b.names, sizeof(Str *) * (size_t)b.n);
        memcpy(f->defaults, b.items, sizeof(Node *) * (size_t)b.n);
    }
    mem_free(b.items);
    mem_free(b.names);
    if (P->r->status != PARSE_OK)
        return NULL;
    f->body = block(P);
    Token *last = &P->t[P->pos - 1];
    f->len = last->off + last->len - f->off;
    return f->body ? f : NULL;
}

static Node *primary(Parser *P)
{
    Token *t = peek(P);
    char buf[48];
    Node *n;
    switch (t->kind) {
    case TK_NUM: return number(P);
    case TK_STR: return string(P);
    case TK_TRUE: return new_node(P, N_TRUE, advance(P));
    case TK_FALSE: return new_node(P, N_FALSE, advance(P));
    case TK_NULL: return new_node(P, N_NULL, advance(P));
    case TK_NA: return new_node(P, N_NA, advance(P));
    case TK_NAME:
        n = new_node(P, N_NAME, advance(P));
        n->str = tok_str(P, t);
        return n;
    case TK_LPAREN:
        advance(P);
        P->nl_skip++;
        n = expression(P);
        if (n)
            expect(P, TK_RPAREN, "to close '('");
        P->nl_skip--;
        return n;
    case TK_LBRACKET: return list_literal(P);
    case TK_LBRACE: return record_literal(P);
    case TK_FN:
        n = new_node(P, N_FN, advance(P));
        if (at(P, TK_NAME))
            return error_at(P, peek(P), "a named function is a statement; use fn(...) { ... } in an expression");
        n->fn = function_rest(P, NULL, t);
        return n->fn ? finish(P, n) : NULL;
    default:
        return error_at(P, t, "expected an expression, found %s", tok_desc(P, t, buf, sizeof buf));
    }
}

/* ---- postfix: calls, indexing, members ------------------------------ */

static Node *call_args(Parser *P, Node *callee)
{
    Node *n = new_node(P, N_CALL, advance(P));
    n->off = callee->off;
    n->a = callee;
    NodeBuf b = {0};
    P->nl_skip++;
    int named_seen = 0;
    while (!at(P, TK_RPAREN) && P->r->status == PARSE_OK) {
        Str *name = NULL;
        Token *t = peek(P);
        if (t->kind == TK_NAME && P->t[P->pos + 1].kind == TK_ASSIGN) {
            name = tok_str(P, advance(P));
            advance(P);
            for (int i = 0; i < b.n; i++)
                if (b.names[i] && str_eq(b.names[i], name))
                    error_at(P, t, "argument '%s' given twice", name->s);
            named_seen = 1;
        } else if (named_seen) {
            error_at(P, t, "positional argument after a named one");
            break;
        }
        Node *e = expression(P);
        if (!e)
            break;
        nb_push(&b, e, name);
        if (!at(P, TK_COMMA))
            break;
        advance(P);
    }
    nb_finish(P, &b, n, 1);
    if (P->r->status == PARSE_OK)
        expect(P, TK_RPAREN, "to close the argument list");
    P->nl_skip--;
    return finish(P, n);
}

static Node *index_or_slice(Parser *P, Node *target)
{
    Node *n = new_node(P, N_INDEX, advance(P));
    n->off = target->off;
    n->a = target;
    P->nl_skip++;
    Node *lo = NULL;
    if (!at(P, TK_COLON))
        lo = expression(P);
    if (P->r->status == PARSE_OK && at(P, TK_COLON)) {
        Node *s = new_node(P, N_SLICE, advance(P));
        s->a = lo;
        if (!at(P, TK_RBRACKET))
            s->b = expression(P);
        lo = s;
    }
    n->b = lo;
    if (P->r->status == PARSE_OK)
        expect(P, TK_RBRACKET, "to close the index");
    P->nl_skip--;
    return finish(P, n);
}

static Node *postfix(Parser *P)
{
    Node *n = primary(P);
    while (n && P->r->status == PARSE_OK) {
        Token *t = peek(P);
        if (t->kind == TK_LPAREN) {
            n = call_args(P, n);
        } else if (t->kind == TK_LBRACKET) {
            n = index_or_slice(P, n);
        } else if (t->kind == TK_DOT) {
            advance(P);
            Token *name = peek(P);
            if (name->kind != TK_NAME) {
                char buf[48];
                return error_at(P, name, "expected a name after '.', found %s", tok_desc(P, name, buf, sizeof buf));
            }
            advance(P);
            Node *m = new_node(P, N_MEMBER, name);
            m->off = n->off;
            m->a = n;
            m->str = tok_str(P, name);
            n = finish(P, m);
        } else {
            break;
        }
    }
    return P->r->status == PARSE_OK ? n : NULL;
}

/* ---- operators -------------------------------------------------------- */

static Node *binary(Parser *P, Node *a, Token *op, BinOp bop, Node *b)
{
    if (!a || !b)
        return NULL;
    Node *n = new_node(P, N_BINARY, op);
    n->op = (uint8_t)bop;
    n->a = a;
    n->b = b;
    n->off = a->off;
    return finish(P, n);
}

/* The right operand of a binary operator may start on the next line. */
static Node *operand(Parser *P, Node *(*next)(Parser *))
{
    skip_newlines(P);
    return next(P);
}

static Node *power(Parser *P);

static Node *unary(Parser *P)
{
    if (at(P, TK_MINUS) || at(P, TK_PLUS)) {
        Token *t = advance(P);
        if (!enter(P))
            return NULL;
        Node *e = leave(P, unary(P));
        if (!e || t->kind == TK_PLUS)
            return e;
        if (e->kind == N_NUM && e->off == t->off + 1) {
            e->num = -e->num;
            e->off = t->off;
            e->len++;
            return e;
        }
        Node *n = new_node(P, N_NEG, t);
        n->a = e;
        return finish(P, n);
    }
    return power(P);
}

static Node *power(Parser *P)
{
    Node *a = postfix(P);
    if (a && at(P, TK_CARET)) {
        Token *op = advance(P);
        if (!enter(P))
            return NULL;
        Node *b = leave(P, operand(P, unary));   /* right-associative */
        return binary(P, a, op, OP_POW, b);
    }
    return a;
}

static int binop_of(TokKind k, int level, BinOp *op)
{
    static const struct { TokKind k; int level; BinOp op; } table[] = {
        {TK_STAR, 3, OP_MUL}, {TK_SLASH, 3, OP_DIV}, {TK_PERCENT, 3, OP_MOD},
        {TK_PLUS, 2, OP_ADD}, {TK_MINUS, 2, OP_SUB},
        {TK_EQ, 1, OP_EQ}, {TK_NE, 1, OP_NE}, {TK_LT, 1, OP_LT},
        {TK_LE, 1, OP_LE}, {TK_GT, 1, OP_GT}, {TK_GE, 1, OP_GE},
        {TK_IN, 0, OP_IN},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].k == k && table[i].level == level) {
            *op = table[i].op;
            return 1;
        }
    return 0;
}

/* Left-associative binary levels 0 (in) .. 3 (* / %). */
static Node *binary_level(Parser *P, int level)
{
    if (level > 3)
        return unary(P);
    Node *a = binary_level(P, level + 1);
    BinOp op;
    while (a && binop_of((TokKind)peek(P)->kind, level, &op)) {
        Token *t = advance(P);
        skip_newlines(P);
        a = binary(P, a, t, op, binary_level(P, level + 1));
    }
    return a;
}

static Node *not_expr(Parser *P)
{
    if (at(P, TK_NOT)) {
        Token *t = advance(P);
        if (!enter(P))
            return NULL;
        Node *e = leave(P, not_expr(P));
        if (!e)
            return NULL;
        Node *n = new_node(P, N_NOT, t);
        n->a = e;
        return finish(P, n);
    }
    return binary_level(P, 0);
}

static Node *logic(Parser *P, TokKind tk, NodeKind nk, Node *(*next)(Parser *))
{
    Node *a = next(P);
    while (a && at(P, tk)) {
        Token *t = advance(P);
        Node *b = operand(P, next);
        if (!b)
            return NULL;
        Node *n = new_node(P, nk, t);
        n->a = a;
        n->b = b;
        n->off = a->off;
        a = finish(P, n);
    }
    return a;
}

static Node *and_expr(Parser *P) { return logic(P, TK_AND, N_AND, not_expr); }
static Node *or_expr(Parser *P) { return logic(P, TK_OR, N_OR, and_expr); }

/* Is the next significant token a |> (so the statement continues on the
 * next line)? */
static int pipe_follows(Parser *P)
{
    int i = P->pos;
    while (P->t[i].kind == TK_NEWLINE)
        i++;
    if (P->t[i].kind != TK_PIPE)
        return 0;
    P->pos = i;
    return 1;
}

/* x |> f(a, b) is f(x, a, b); x |> f is f(x). */
static Node *pipe_expr(Parser *P)
{
    Node *x = or_expr(P);
    while (x && (at(P, TK_PIPE) || pipe_follows(P))) {
        Token *t = advance(P);
        skip_newlines(P);
        Node *f = or_expr(P);
        if (!f)
            return NULL;
        Node *call;
        if (f->kind == N_CALL) {
            call = f;
            Node **items = chunk_alloc(P->c, sizeof(Node *) * (size_t)(f->n + 1));
            Str **names = chunk_alloc(P->c, sizeof(Str *) * (size_t)(f->n + 1));
            items[0] = x;
            for (int i = 0; i < f->n; i++) {
                items[i + 1] = f->items[i];
                names[i + 1] = f->names ? f->names[i] : NULL;
            }
            call->items = items;
            call->names = names;
            call->n++;
        } else {
            call = new_node(P, N_CALL, t);
            call->a = f;
            call->items = chunk_alloc(P->c, sizeof(Node *));
            call->names = chunk_alloc(P->c, sizeof(Str *));
            call->items[0] = x;
            call->n = 1;
        }
        call->off = x->off;
        x = finish(P, call);
    }
    return x;
}

static Node *expression(Parser *P)
{
    if (!enter(P))
        return NULL;
    return leave(P, pipe_expr(P));
}

/* ---- statements ------------------------------------------------------- */

/* { statements } with newlines significant inside. */
static Node *block(Parser *P)
{
    Token *open = peek(P);
    if (!expect(P, TK_LBRACE, "to start a block"))
        return NULL;
    if (!enter(P))
        return NULL;
    int saved = P->nl_skip;
    P->nl_skip = 0;
    P->brace_depth++;
    Node *n = new_node(P, N_BLOCK, open);
    NodeBuf b = {0};
    int quiet = 0;
    for (;;) {
        while (at(P, TK_NEWLINE) || at(P, TK_SEMI))
            advance(P);
        if (at(P, TK_RBRACE) || at(P, TK_EOF) || P->r->status != PARSE_OK)
            break;
        Node *s = statement(P, &quiet);
        if (!s)
            break;
        nb_push(&b, s, NULL);
    }
    nb_finish(P, &b, n, 0);
    n->quiet = (uint8_t)quiet;
    if (P->r->status == PARSE_OK)
        expect(P, TK_RBRACE, "to close the block");
    P->brace_depth--;
    P->nl_skip = saved;
    return leave(P, finish(P, n));
}

/* if c { } else if c { } ... else { }: a loop, not recursion, so a long
 * else-if chain costs no C stack (the tree links it through ->c, which
 * the evaluator and the walkers follow iteratively). */
static Node *if_stmt(Parser *P)
{
    Node *first = NULL, *last = NULL;
    for (;;) {
        Node *n = new_node(P, N_IF, advance(P));
        n->a = expression(P);
        if (!n->a || !(n->b = block(P)))
            return NULL;
        if (last)
            last->c = n;
        else
            first = n;
        last = n;
        /* `else` may follow on the next line after the closing brace. */
        int save = P->pos;
        skip_newlines(P);
        if (P->t[P->pos].kind != TK_ELSE) {
            P->pos = save;
            break;
        }
        advance(P);
        if (!at(P, TK_IF)) {
            if (!(n->c = block(P)))
                return NULL;
            break;
        }
    }
    /* Each if of the chain spans to the end of the chain. */
    for (Node *n = first; n; n = n->c && n->c->kind == N_IF ? n->c : NULL)
        finish(P, n);
    return first;
}

static Node *for_stmt(Parser *P)
{
    Node *n = new_node(P, N_FOR, advance(P));
    Token *name = peek(P);
    if (name->kind != TK_NAME) {
        char buf[48];
        return error_at(P, name, "expected a loop variable after 'for', found %s", tok_desc(P, name, buf, sizeof buf));
    }
    advance(P);
    n->str = tok_str(P, name);
    if (!expect(P, TK_IN, "after the loop variable"))
        return NULL;
    n->a = expression(P);
    if (!n->a || !(n->b = block(P)))
        return NULL;
    return finish(P, n);
}

static int ends_statement(TokKind k)
{
    return k == TK_NEWLINE || k == TK_SEMI || k == TK_EOF || k == TK_RBRACE;
}

/* A name, or x.f / x[i] on a target. */
static int is_target(Node *n)
{
    while (n->kind == N_MEMBER || (n->kind == N_INDEX && n->b->kind != N_SLICE))
        n = n->a;
    return n->kind == N_NAME;
}

/* expr, or target = expr, or a, b = expr. */
static Node *simple_statement(Parser *P)
{
    Node *e = expression(P);
    if (!e)
        return NULL;
    if (at(P, TK_COMMA)) {
        Node *n = new_node(P, N_MULTI_ASSIGN, peek(P));
        n->off = e->off;
        NodeBuf b = {0};
        nb_push(&b, e, NULL);
        while (at(P, TK_COMMA) && P->r->status == PARSE_OK) {
            advance(P);
            Node *t = postfix(P);
            if (t)
                nb_push(&b, t, NULL);
        }
        nb_finish(P, &b, n, 0);
        for (int i = 0; i < n->n && P->r->status == PARSE_OK; i++)
            if (n->items[i]->kind != N_NAME)
                error_at(P, &P->t[P->pos - 1], "only names can be assigned together (a, b = ...)");
        if (P->r->status != PARSE_OK || !expect(P, TK_ASSIGN, "after the names to assign"))
            return NULL;
        skip_newlines(P);
        n->b = expression(P);
        return n->b ? finish(P, n) : NULL;
    }
    if (at(P, TK_ASSIGN)) {
        Token *t = advance(P);
        if (!is_target(e))
            return error_at(P, t, "cannot assign to this expression (expected a name, x.field or x[index])");
        Node *n = new_node(P, N_ASSIGN, t);
        n->off = e->off;
        n->a = e;
        skip_newlines(P);
        n->b = expression(P);
        return n->b ? finish(P, n) : NULL;
    }
    return e;
}

static Node *help_stmt(Parser *P)
{
    Node *n = new_node(P, N_HELP, advance(P));
    if (!at(P, TK_NAME)) {
        char buf[48];
        return error_at(P, peek(P), "expected a name after '?', found %s", tok_desc(P, peek(P), buf, sizeof buf));
    }
    n->a = postfix(P);
    return n->a ? finish(P, n) : NULL;
}

static Node *keyword_statement(Parser *P, Token *t)
{
    Node *n;
    switch (t->kind) {
    case TK_IF: return if_stmt(P);
    case TK_FOR: return for_stmt(P);
    case TK_WHILE:
        n = new_node(P, N_WHILE, advance(P));
        if (!(n->a = expression(P)) || !(n->b = block(P)))
            return NULL;
        return finish(P, n);
    case TK_RETURN:
        n = new_node(P, N_RETURN, advance(P));
        if (!ends_statement((TokKind)P->t[P->pos].kind) && !(n->a = expression(P)))
            return NULL;
        return finish(P, n);
    case TK_BREAK: return new_node(P, N_BREAK, advance(P));
    case TK_CONTINUE: return new_node(P, N_CONTINUE, advance(P));
    case TK_QUESTION: return help_stmt(P);
    default: return NULL;
    }
}

static Node *statement(Parser *P, int *quiet)
{
    Token *t = peek(P);
    Node *n = NULL;
    if (t->kind == TK_FN && P->t[P->pos + 1].kind == TK_NAME) {
        advance(P);
        Token *name = advance(P);
        n = new_node(P, N_FNDEF, t);
        n->str = tok_str(P, name);
        n->fn = function_rest(P, n->str, t);
        n = n->fn ? finish(P, n) : NULL;
    } else if (t->kind == TK_IF || t->kind == TK_FOR || t->kind == TK_WHILE || t->kind == TK_RETURN ||
               t->kind == TK_BREAK || t->kind == TK_CONTINUE || t->kind == TK_QUESTION) {
        n = keyword_statement(P, t);
    } else {
        n = simple_statement(P);
    }
    if (!n)
        return NULL;
    Token *end = &P->t[P->pos];
    if (!ends_statement((TokKind)end->kind)) {
        char buf[48];
        return error_at(P, end, "expected the end of the statement, found %s", tok_desc(P, end, buf, sizeof buf));
    }
    *quiet = end->kind == TK_SEMI;
    return n;
}

/* ---- depth check ------------------------------------------------------- */

typedef struct DepthItem {
    Node *n;
    int depth;
} DepthItem;

typedef struct DepthStack {
    DepthItem *items;
    size_t n, cap;
} DepthStack;

static void depth_push(DepthStack *st, Node *n, int depth)
{
    if (!n)
        return;
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 64;
        st->items = mem_realloc(st->items, sizeof(DepthItem) * st->cap);
    }
    st->items[st->n++] = (DepthItem){n, depth};
}

/* Reject a tree deeper than AST_MAX_DEPTH (see ast.h), without recursion:
 * the links every later pass recurses on add one level, the chain links
 * (ast_is_chain's left operand, an if's else branch) add none. */
static void check_depth(Parser *P, Node *root)
{
    DepthStack st = {0};
    depth_push(&st, root, 0);
    while (st.n && P->r->status == PARSE_OK) {
        DepthItem it = st.items[--st.n];
        Node *n = it.n;
        if (it.depth > AST_MAX_DEPTH) {
            /* The end of the node: the suffix or step that went too deep. */
            Token t = {TK_NAME, n->len ? n->off + n->len - 1 : n->off, 1};
            error_at(P, &t, "expression nested too deeply (more than %d levels: split it into steps "
                     "with variables)", AST_MAX_DEPTH);
            break;
        }
        int d = it.depth + 1;
        depth_push(&st, n->a, ast_is_chain(n) ? it.depth : d);
        depth_push(&st, n->b, d);
        depth_push(&st, n->c, n->kind == N_IF ? it.depth : d);
        for (int i = 0; i < n->n; i++)
            depth_push(&st, n->items[i], d);
        if ((n->kind == N_FN || n->kind == N_FNDEF) && n->fn) {
            for (int i = 0; i < n->fn->nparams; i++)
                depth_push(&st, n->fn->defaults[i], d);
            depth_push(&st, n->fn->body, d);
        }
    }
    mem_free(st.items);
}

/* ---- name resolution -------------------------------------------------- */

typedef struct Scope_ {
    struct Scope_ *up;       /* enclosing function; NULL at top level */
    FnProto *fn;
    Chunk *c;
    /* growable lists built during resolution */
    Str **locals;
    int nlocals, caplocals;
    Capture *caps;
    int ncaps, capcaps;
} ScopeInfo;

static int find_local(ScopeInfo *s, Str *name)
{
    for (int i = 0; i < s->nlocals; i++)
        if (str_eq(s->locals[i], name))
            return i;
    return -1;
}

static void add_local(ScopeInfo *s, Str *name)
{
    if (find_local(s, name) >= 0)
        return;
    if (s->nlocals == s->caplocals) {
        s->caplocals = s->caplocals ? s->caplocals * 2 : 8;
        s->locals = mem_realloc(s->locals, sizeof(Str *) * (size_t)s->caplocals);
    }
    s->locals[s->nlocals++] = name;
}

/* Collect the names a function assigns (not descending into nested
 * functions, whose names are their own). Loops along ast_tail, recurses
 * on the other children (see AST_MAX_DEPTH). */
static void collect_assigned(ScopeInfo *s, Node *n)
{
    for (; n; n = ast_tail(n)) {
        switch (n->kind) {
        case N_ASSIGN: {
            /* x = e, x.f = e and x[i] = e all make x local: a function
             * changes its own copy, never the caller's (value semantics). */
            Node *base = n->a;
            while (base->kind != N_NAME)
                base = base->a;
            add_local(s, base->str);
            break;
        }
        case N_MULTI_ASSIGN:
            for (int i = 0; i < n->n; i++)
                add_local(s, n->items[i]->str);
            collect_assigned(s, n->b);
            return;
        case N_FOR:
            add_local(s, n->str);
            break;
        case N_FNDEF:
            add_local(s, n->str);
            return;
        case N_FN:
            return;
        default:
            break;
        }
        if (n->kind == N_IF)
            collect_assigned(s, n->a);
        collect_assigned(s, n->b);
        if (n->kind != N_IF)
            collect_assigned(s, n->c);
        for (int i = 0; i < n->n; i++)
            collect_assigned(s, n->items[i]);
    }
}

/* Index of the capture of `name` in s, adding one if an enclosing
 * function has it; -1 if the name is global. */
static int capture_of(ScopeInfo *s, Str *name)
{
    if (!s->up)
        return -1;
    for (int i = 0; i < s->ncaps; i++)
        if (str_eq(s->caps[i].name, name))
            return i;
    Capture cap = {name, SC_LOCAL, find_local(s->up, name)};
    if (cap.slot < 0) {
        cap.from = SC_CAPTURE;
        cap.slot = capture_of(s->up, name);
        if (cap.slot < 0)
            return -1;
    }
    if (s->ncaps == s->capcaps) {
        s->capcaps = s->capcaps ? s->capcaps * 2 : 4;
        s->caps = mem_realloc(s->caps, sizeof(Capture) * (size_t)s->capcaps);
    }
    s->caps[s->ncaps] = cap;
    return s->ncaps++;
}

static void resolve_name(Interp *I, ScopeInfo *s, Node *n, Str *name)
{
    if (s->fn) {
        int slot = find_local(s, name);
        if (slot >= 0) {
            n->scope = SC_LOCAL;
            n->slot = slot;
            return;
        }
        if (s->fn->name && str_eq(s->fn->name, name)) {
            n->scope = SC_SELF;
            return;
        }
        slot = capture_of(s, name);
        if (slot >= 0) {
            n->scope = SC_CAPTURE;
            n->slot = slot;
            return;
        }
    }
    n->scope = SC_GLOBAL;
    n->slot = interp_global_slot(I, name);
}

static void resolve_fn(Interp *I, ScopeInfo *up, FnProto *f);

/* Loops along ast_tail, recurses on the other children. */
static void resolve(Interp *I, ScopeInfo *s, Node *n)
{
    for (; n; n = ast_tail(n)) {
        switch (n->kind) {
        case N_NAME:
            resolve_name(I, s, n, n->str);
            return;
        case N_FOR:
            resolve_name(I, s, n, n->str);
            break;
        case N_FNDEF:
            resolve_fn(I, s, n->fn);
            resolve_name(I, s, n, n->str);
            return;
        case N_FN:
            resolve_fn(I, s, n->fn);
            return;
        default:
            break;
        }
        if (n->kind == N_IF)
            resolve(I, s, n->a);
        resolve(I, s, n->b);
        if (n->kind != N_IF)
            resolve(I, s, n->c);
        for (int i = 0; i < n->n; i++)
            resolve(I, s, n->items[i]);
    }
}

static void resolve_fn(Interp *I, ScopeInfo *up, FnProto *f)
{
    ScopeInfo s = {0};
    s.up = up->fn ? up : NULL;
    s.fn = f;
    s.c = f->chunk;
    for (int i = 0; i < f->nparams; i++)
        add_local(&s, f->params[i]);
    collect_assigned(&s, f->body);
    for (int i = 0; i < f->nparams; i++)
        resolve(I, &s, f->defaults[i]);
    resolve(I, &s, f->body);
    f->nlocals = s.nlocals;
    f->locals = chunk_alloc(f->chunk, sizeof(Str *) * (size_t)(s.nlocals + 1));
    if (s.nlocals)
        memcpy(f->locals, s.locals, sizeof(Str *) * (size_t)s.nlocals);
    f->ncaps = s.ncaps;
    f->caps = chunk_alloc(f->chunk, sizeof(Capture) * (size_t)(s.ncaps + 1));
    if (s.ncaps)
        memcpy(f->caps, s.caps, sizeof(Capture) * (size_t)s.ncaps);
    mem_free(s.locals);
    mem_free(s.caps);
}

/* ---- entry point ------------------------------------------------------ */

ParseResult parse_chunk(Interp *I, Chunk *c)
{
    ParseResult r;
    memset(&r, 0, sizeof r);
    LexResult lx = lex_source(c->src, c->srclen);
    Parser P = {c, c->src, lx.toks, lx.n, 0, 0, 0, 0, &r};
    Node *root = new_node(&P, N_BLOCK, &lx.toks[0]);
    NodeBuf b = {0};
    int quiet = 0;
    for (;;) {
        while (at(&P, TK_NEWLINE) || at(&P, TK_SEMI))
            advance(&P);
        if (at(&P, TK_EOF) || r.status != PARSE_OK)
            break;
        if (at(&P, TK_RBRACE)) {
            error_at(&P, peek(&P), "unexpected '}' (no block is open)");
            break;
        }
        Node *s = statement(&P, &quiet);
        if (!s)
            break;
        nb_push(&b, s, NULL);
    }
    nb_finish(&P, &b, root, 0);
    root->quiet = (uint8_t)quiet;
    /* A lexer error is only reported if the parser got that far. */
    if (lx.status != LEX_OK && (r.status == PARSE_OK || r.err_off >= lx.err_off)) {
        r.status = lx.status == LEX_INCOMPLETE ? PARSE_INCOMPLETE : PARSE_ERROR;
        r.err_off = lx.err_off;
        r.err_len = 1;
        snprintf(r.msg, sizeof r.msg, "%s", lx.msg);
    }
    if (r.status == PARSE_INCOMPLETE && lx.status == LEX_INCOMPLETE)
        r.depth = P.brace_depth;
    if (r.status == PARSE_OK)
        check_depth(&P, root);
    mem_free(lx.toks);
    if (r.status == PARSE_OK) {
        if (I) {
            ScopeInfo top = {0};
            top.c = c;
            resolve(I, &top, root);
        }
        r.root = root;
    }
    return r;
}
