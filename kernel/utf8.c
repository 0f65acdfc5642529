/*
 * utf8.c — UTF-8 validation, repair and offset conversion.
 *
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2+),
 * the interpreter in bytes, and Jansson rejects invalid UTF-8 by returning
 * NULL. Everything the kernel sends therefore passes through
 * utf8_sanitize, and every cursor crosses the API through the two
 * conversions here. Invariant: an invalid byte is always treated as one
 * code point, both when sanitising and when counting, so offsets computed
 * on raw text agree with offsets in the sanitised text sent to clients.
 */
#include "kernel/utf8.h"

#include <stdlib.h>
#include <string.h>

size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    if (n == 0) return 0;
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) return 1;
    else if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    unsigned cp = c & (0x3F >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

char *utf8_sanitize(const char *s, size_t n, size_t *outlen)
{
    /* Worst case every byte becomes the 3-byte U+FFFD. */
    char *out = malloc(n * 3 + 1);
    if (!out) return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        size_t k = utf8_seq_len(p + i, n - i);
        if (k) {
            memcpy(out + o, p + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += 1;
        }
    }
    out[o] = '\0';
    if (outlen) *outlen = o;
    return out;
}

size_t utf8_complete_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    /* Look back at most 3 bytes for the start of a truncated sequence. */
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned c = p[n - back];
        if ((c & 0xC0) == 0x80) continue;          /* continuation byte */
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
        if (need > back) {
            /* Truncated: it may still become valid with the next write,
             * so keep it back (the bytes after the lead are all
             * continuation bytes, or we would have stopped at them). */
            return n - back;
        }
        return n;
    }
    return n;
}

size_t utf8_cp_to_byte(const char *s, size_t cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    while (cp > 0 && i < n) {
        size_t k = utf8_seq_len(p + i, n - i);
        i += k ? k : 1;
        cp--;
    }
    return i;
}

size_t utf8_byte_to_cp(const char *s, size_t byte)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, cp = 0;
    if (byte > n) byte = n;
    while (i < byte) {
        size_t k = utf8_seq_len(p + i, n - i);
        i += k ? k : 1;
        cp++;
    }
    return cp;
}
