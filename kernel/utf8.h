/*
 * utf8.h — UTF-8 helpers for the kernel: sanitising interpreter output and
 * converting between Jupyter's code-point cursor offsets and byte offsets.
 */
#ifndef KERNEL_UTF8_H
#define KERNEL_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence starting at s[0] (1..4), or 0 when
 * the bytes there are not a valid, complete sequence within n bytes. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

/* A malloc'd, NUL-terminated copy of s[0..n) in which every invalid byte
 * is replaced by U+FFFD. *outlen (if not NULL) receives its length.
 * NUL bytes are kept (Jansson's json_stringn accepts them). Never NULL
 * except when out of memory. */
char *utf8_sanitize(const char *s, size_t n, size_t *outlen);

/* Length of the longest prefix of s[0..n) that does not end inside a
 * possibly incomplete multi-byte sequence (so a stream can be split
 * there). Invalid bytes count as whole characters. */
size_t utf8_complete_prefix(const char *s, size_t n);

/* Byte offset of code point `cp` in the NUL-terminated string s (clamped
 * to strlen(s)). Invalid bytes count as one code point each. */
size_t utf8_cp_to_byte(const char *s, size_t cp);

/* Number of code points in the first `byte` bytes of s (clamped). */
size_t utf8_byte_to_cp(const char *s, size_t byte);

#endif
