/*
 * sbuf.h — a growable NUL-terminated string (the builder of renderers,
 * help text and reports). Zero-initialise an SBuf, append, then sb_take
 * hands the buffer to the caller. Invariant: once anything was appended,
 * s[len] == 0 and len < cap. Growth aborts only when the C heap is
 * exhausted (mem_realloc).
 */
#ifndef SIFT_SBUF_H
#define SIFT_SBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct SBuf {
    char *s;
    size_t len, cap;
} SBuf;

void sb_putn(SBuf *b, const char *s, size_t n);
void sb_puts(SBuf *b, const char *s);
void sb_printf(SBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s with < > & " escaped for HTML. */
void sb_html_escape(SBuf *b, const char *s);
/* The text (mem_alloc'd, "" when nothing was appended); the caller frees
 * it with mem_free and b is empty again. */
char *sb_take(SBuf *b);

#endif
