/*
 * buf.h — a growable byte string for the sift program (pending REPL
 * input, script text, report HTML).
 *
 * Invariant: when b->s is not NULL it is NUL-terminated at b->n. A zeroed
 * Buf is empty and valid. Out of memory aborts the program: the front end
 * has nothing sensible to fall back to.
 */
#ifndef REPL_BUF_H
#define REPL_BUF_H

#include <stddef.h>

typedef struct Buf {
    char *s;
    size_t n, cap;
} Buf;

void buf_add(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text so far, "" when empty. Borrowed: valid until the next call. */
const char *buf_str(const Buf *b);
/* Empty the buffer, keeping its storage. */
void buf_clear(Buf *b);
/* Release the storage; b is empty afterwards. */
void buf_free(Buf *b);
/* Read a whole stream into b. Returns 0, or -1 on a read error. */
int buf_read_file(Buf *b, void *file);

#endif
