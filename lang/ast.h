/*
 * ast.h — the syntax tree of a cell, and the chunk that owns it.
 *
 * Every node of a cell lives in the cell's Chunk (an arena plus the
 * source text). Functions defined in the cell keep the chunk alive by
 * reference, so a function from cell 1 can run in cell 9 while a cell
 * that defines nothing is freed as soon as it has run.
 *
 * Names are resolved after parsing (parse.c, resolve pass): a name is a
 * local slot of the enclosing function, a captured value of a closure, or
 * a global slot (which falls back to a built-in of the same name).
 */
#ifndef SIFT_AST_H
#define SIFT_AST_H

#include "lang/value.h"

#define NODE_KINDS(X)                                                    \
    X(N_NUM) X(N_STR) X(N_TRUE) X(N_FALSE) X(N_NULL) X(N_NA)             \
    X(N_NAME) X(N_LIST) X(N_RECORD) X(N_FN) X(N_CALL) X(N_INDEX)         \
    X(N_SLICE) X(N_MEMBER) X(N_NEG) X(N_NOT) X(N_BINARY) X(N_AND)        \
    X(N_OR) X(N_ASSIGN) X(N_MULTI_ASSIGN) X(N_IF) X(N_WHILE) X(N_FOR)    \
    X(N_RETURN) X(N_BREAK) X(N_CONTINUE) X(N_BLOCK) X(N_FNDEF)           \
    X(N_HELP)

typedef enum NodeKind {
#define X(k) k,
    NODE_KINDS(X)
#undef X
} NodeKind;

/* Binary operators (N_BINARY.op). */
#define BINARY_OPS(X)                                                     \
    X(OP_ADD, "+") X(OP_SUB, "-") X(OP_MUL, "*") X(OP_DIV, "/")           \
    X(OP_MOD, "%") X(OP_POW, "^") X(OP_EQ, "==") X(OP_NE, "!=")           \
    X(OP_LT, "<") X(OP_LE, "<=") X(OP_GT, ">") X(OP_GE, ">=")             \
    X(OP_IN, "in")

typedef enum BinOp {
#define X(k, s) k,
    BINARY_OPS(X)
#undef X
} BinOp;

const char *ast_op_name(BinOp op);
const char *ast_kind_name(NodeKind k);

/* Where a name lives. */
typedef enum Scope { SC_GLOBAL, SC_LOCAL, SC_CAPTURE, SC_SELF } Scope;

typedef struct Chunk Chunk;
typedef struct FnProto FnProto;
typedef struct Node Node;

struct Node {
    uint8_t kind;
    uint8_t op;              /* BinOp for N_BINARY */
    uint8_t scope;           /* N_NAME, N_FOR: Scope */
    uint8_t quiet;           /* N_BLOCK: last statement ended with ';' */
    int32_t slot;            /* N_NAME, N_FOR: local/capture/global index */
    uint32_t off, len;       /* source span for error carets */
    Node *a, *b, *c;
    Node **items;            /* N_LIST, N_RECORD, N_CALL args, N_BLOCK, targets */
    Str **names;             /* N_RECORD keys, N_CALL arg names (NULL = positional) */
    int n;
    double num;              /* N_NUM */
    Str *str;                /* N_STR value, N_NAME / N_MEMBER / N_FOR name */
    FnProto *fn;             /* N_FN, N_FNDEF */
};

/* How a closure fills capture i when it is created. */
typedef struct Capture {
    Str *name;
    uint8_t from;            /* SC_LOCAL or SC_CAPTURE of the enclosing fn */
    int32_t slot;
} Capture;

struct FnProto {
    Str *name;               /* NULL for anonymous functions */
    int nparams;
    Str **params;
    Node **defaults;         /* NULL entry = required */
    Node *body;              /* N_BLOCK */
    int nlocals;             /* params come first */
    Str **locals;
    int ncaps;
    Capture *caps;
    Chunk *chunk;            /* not a reference: the Func holds that */
    uint32_t off, len;       /* span of the definition */
};

struct Chunk {
    Obj o;                   /* refcounted like a value object */
    char *name;              /* "cell 3", "script.sift" */
    char *src;
    size_t srclen;
    void **blocks;           /* arena blocks */
    int nblocks;
    size_t used, avail;
    Str **strs;              /* interned strings to release */
    int nstrs, capstrs;
};

Chunk *chunk_new(const char *name, const char *src, size_t len);
void chunk_release(Chunk *c);
void *chunk_alloc(Chunk *c, size_t n);      /* zeroed, lives with the chunk */
/* A string owned by the chunk (borrowed by nodes). */
Str *chunk_str(Chunk *c, const char *s, size_t n);

/* ---- depth --------------------------------------------------------------
 *
 * Every pass over a tree (resolution, evaluation, the depth check) is
 * recursive except along two kinds of link, which it follows in a loop:
 * the left operand of an operator (N_BINARY, N_AND, N_OR: `1+1+...+1` is a
 * left-leaning chain as long as the expression) and the else branch of an
 * if (N_IF.c: an else-if chain). The depth of a tree counts every other
 * link; parse_chunk rejects a tree deeper than AST_MAX_DEPTH, so no pass
 * needs more than AST_MAX_DEPTH levels of C stack however long a chain is.
 * 1000 levels cost at most about 1 MiB of C stack in the evaluator under
 * the sanitizers, and no hand-written program comes near (a pipe of 1000
 * steps, or 1000 suffixes like x[0][0]...). */
#define AST_MAX_DEPTH 1000

static inline bool ast_is_chain(const Node *n)
{
    return n->kind == N_BINARY || n->kind == N_AND || n->kind == N_OR;
}

/* The child a walk follows in a loop: else branch of an if, else ->a. */
static inline Node *ast_tail(const Node *n) { return n->kind == N_IF ? n->c : n->a; }

/* Line (1-based) and column (1-based, in code points) of byte offset. */
void chunk_position(const Chunk *c, uint32_t off, int *line, int *col);

#endif
