/*
 * buf.c — growable byte strings (see buf.h). Capacity doubles, so
 * appending is amortised O(1); the text is always NUL-terminated.
 */
#include "repl/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(Buf *b, size_t need)
{
    if (b->n + need + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + need + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        fputs("sift: out of memory\n", stderr);
        abort();
    }
    b->s = s;
    b->cap = cap;
}

void buf_add(Buf *b, const char *s, size_t n)
{
    grow(b, n);
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    char probe[1];
    va_start(ap, fmt);
    int n = vsnprintf(probe, sizeof probe, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

const char *buf_str(const Buf *b)
{
    return b->s ? b->s : "";
}

void buf_clear(Buf *b)
{
    b->n = 0;
    if (b->s)
        b->s[0] = '\0';
}

void buf_free(Buf *b)
{
    free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
}

int buf_read_file(Buf *b, void *file)
{
    FILE *f = file;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(b, chunk, got);
    grow(b, 0);
    b->s[b->n] = '\0';
    return ferror(f) ? -1 : 0;
}
