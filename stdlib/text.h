/*
 * text.h — words from text, as scikit-learn's CountVectorizer finds them:
 * lowercase (Python's str.lower), then every run of two or more word
 * characters (the default token_pattern (?u)\b\w\w+\b, \w being Python's
 * str.isalnum() or "_"). Shared by the text built-ins (text.c) and the
 * vectorisers (vectorize.c).
 *
 * Terms are kept back to back in one byte buffer (TermBuf): term k is
 * buf[start[k] .. start[k] + len[k]). Invalid UTF-8 bytes count as
 * separators.
 */
#ifndef SIFT_TEXT_H
#define SIFT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct TermBuf {
    char *buf;
    size_t blen, bcap;
    size_t *start;
    uint32_t *len;
    int64_t n, cap;
} TermBuf;

/* Forget the terms, keep the memory. */
void termbuf_clear(TermBuf *t);
void termbuf_free(TermBuf *t);
/* Append a term (copied). */
void termbuf_push(TermBuf *t, const char *s, size_t n);

/* Append the tokens of s[0..n) to out (lowercased when lower). */
void text_tokenize(const char *s, size_t n, bool lower, TermBuf *out);
/* Append to out the word n-grams of tokens for every n in [lo, hi]
 * (joined by one space; n = 1 is the tokens themselves), in
 * scikit-learn's order. */
void text_ngrams(const TermBuf *tokens, int lo, int hi, TermBuf *out);
/* Append the orthogonal sparse bigrams of tokens: each token paired
 * with each of the next window - 1, the skipped positions shown as "_"
 * ("a b", "a _ c", "a _ _ d" for window 4). */
void text_osb(const TermBuf *tokens, int window, TermBuf *out);

/* Unicode tables (unitab.c, generated from Python's database). */
bool uni_is_word(uint32_t cp);
uint32_t uni_lower(uint32_t cp);

#endif
