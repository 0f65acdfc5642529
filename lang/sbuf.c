/*
 * sbuf.c — a growable NUL-terminated string, the builder every renderer,
 * help text and message in lang/ and stdlib/ writes into. See sbuf.h.
 */
#include "lang/sbuf.h"

#include <stdio.h>
#include <string.h>

#include "lang/mem.h"

void sb_putn(SBuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = mem_realloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void sb_puts(SBuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

void sb_printf(SBuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < (int)sizeof tmp) {
        sb_putn(b, tmp, (size_t)n);
        return;
    }
    char *big = mem_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_putn(b, big, (size_t)n);
    mem_free(big);
}

char *sb_take(SBuf *b)
{
    if (!b->s)
        sb_putn(b, "", 0);
    char *s = b->s;
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void sb_html_escape(SBuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '&': sb_puts(b, "&amp;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        default: sb_putn(b, s, 1);
        }
    }
}
