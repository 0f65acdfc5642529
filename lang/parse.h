/*
 * parse.h — the sift parser: tokens to a resolved syntax tree.
 *
 * A recursive-descent parser with precedence climbing. It distinguishes
 * input that is wrong (PARSE_ERROR) from input that merely ends too early
 * (PARSE_INCOMPLETE: an open bracket, a dangling operator, an unfinished
 * string), which is what the REPL's continuation prompt and the kernel's
 * is_complete_reply need.
 */
#ifndef SIFT_PARSE_H
#define SIFT_PARSE_H

#include "lang/ast.h"

typedef enum ParseStatus { PARSE_OK, PARSE_ERROR, PARSE_INCOMPLETE } ParseStatus;

typedef struct ParseResult {
    ParseStatus status;
    Node *root;              /* N_BLOCK of the cell's statements (when OK) */
    uint32_t err_off, err_len;
    int depth;               /* open-brace depth at the end (for indent) */
    char msg[200];
} ParseResult;

/* Parse the chunk's source. When I is not NULL names are resolved and
 * global names interned in I; with I == NULL only the syntax is checked.
 * All nodes live in the chunk. */
ParseResult parse_chunk(Interp *I, Chunk *c);

/* Maximum nesting of brackets/blocks/operators: deeper input is a
 * SyntaxError instead of a C stack overflow. */
#define PARSE_MAX_DEPTH 200

#endif
