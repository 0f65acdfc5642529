/*
 * csv.c — the CSV reader: tokenizer, number parser, type inference and the
 * parallel parse (see csv.h for the outline).
 *
 * Invariants the code keeps:
 *   - The text is followed by a NUL byte (text[size] == 0), so scanners
 *     stop at a delimiter without bounds checks: a field ends at the
 *     separator, a line end or the NUL (which is the end only when it
 *     sits at text + size; an inner NUL is an error).
 *   - A line end is "\n", "\r\n" or a lone "\r" (old Mac files), in any
 *     mix, as pandas and Python's csv module read them; inside quotes it
 *     is data. Line numbers in messages count these line ends.
 *   - Chunk k owns rows [row0, row0 + cap) of every column buffer; the
 *     buffers hold 8-byte slots (a double, a bool in the low byte or a
 *     local dictionary code), so two chunks never write the same bytes
 *     whatever kinds their columns end up with. Every row of every
 *     column is written exactly once (an NA writes 0 and sets its bit in
 *     the chunk's NA bitmap).
 *   - Worker threads never call mem_* (its byte counter is single-
 *     threaded): everything they write was allocated by the calling thread
 *     beforehand, and their own scratch (local dictionaries, unescaped
 *     strings) comes from malloc and is freed before csv_read_* returns.
 *   - The frame is a function of the text alone: dictionaries are built in
 *     order of first appearance, kinds are merged the same way for one
 *     chunk or eight, so any thread count gives the same result.
 */
#include "stdlib/csv.h"
#include "stdlib/csvint.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "compute/compute.h"
#include "lang/mem.h"

/* Column kinds while parsing: EMPTY has seen only NA so far. */
enum { K_EMPTY = 0, K_NUM, K_BOOL, K_STR };
static const char *const kind_names[] = {"empty", "num", "bool", "str"};

/* Below this many bytes of body one thread does it all. */
#define PARALLEL_MIN_BYTES (1u << 20)
/* Bytes of text between interrupt polls while parsing (a few hundred
 * microseconds of work; counted in bytes, not rows, so a 100k-column
 * record cannot stretch the interval). */
#define POLL_BYTES (256u << 10)
/* Parsed text is released from the page tables in steps of this size. */
#define DROP_STEP (8u << 20)

/* ---- numbers, bools, UTF-8 ---------------------------------------------- */

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static void c_locale_init(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

static const double pow10_exact[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static inline bool is_digit(char c) { return (unsigned char)(c - '0') < 10; }

static const char *match_word(const char *p, const char *w)
{
    for (; *w; p++, w++)
        if ((*p | 0x20) != *w)
            return NULL;
    return p;
}

/*
 * Scan a number at p; the text must be followed by a byte that cannot
 * continue a number (a delimiter, quote or NUL). Returns the end of the
 * number (after trailing spaces when sp) or NULL when p does not start a
 * number. words: accept inf/infinity/nan.
 *
 * Clinger's fast path: with at most 19 significant digits the digits fit a
 * uint64; if that integer is at most 2^53 and the power of ten at most
 * 10^22, both are exact doubles and one IEEE multiply or divide rounds
 * correctly. Anything else goes to strtod_l (C locale), which is correct
 * but about ten times slower.
 */
static const char *scan_number_slow(const char *p, double *out, bool sp, bool words);

static const uint64_t pow10_u64[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

/* The run of up to 8 decimal digits at p: its value in *v, its length
 * returned. Loads 8 bytes (the text is padded). SWAR: a byte is a digit
 * when its high nibble is 3 and adding 6 does not carry out of the low
 * nibble; the digits are then combined pairwise with three multiplies. */
static inline int digits8(const char *p, uint64_t *v)
{
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t bad = ((x & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull) |
                   (((x + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull);
    int n = bad ? __builtin_ctzll(bad) >> 3 : 8;
    if (n == 0) {
        *v = 0;
        return 0;
    }
    x = (x & 0x0F0F0F0F0F0F0F0Full) << (8 * (8 - n));
    x = (x * 2561) >> 8;
    x = ((x & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
    *v = ((x & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32;
    return n;
}

/* Digits, a point, digits: at most 19 digits in all, no exponent. The
 * shape of nearly every number in real files, parsed 8 digits at a time;
 * anything else goes to scan_number_slow. */
static inline const char *scan_number(const char *p, double *out, bool sp, bool words)
{
    const char *s = p;
    bool neg = *p == '-';
    p += neg;
    uint64_t w = 0, v;
    int nint = 0, nfrac = 0, k;
    do {
        k = digits8(p, &v);
        w = w * pow10_u64[k] + v;
        nint += k;
        p += k;
    } while (k == 8 && nint < 19);
    if (*p == '.') {
        p++;
        do {
            k = digits8(p, &v);
            w = w * pow10_u64[k] + v;
            nfrac += k;
            p += k;
        } while (k == 8 && nint + nfrac < 19);
    }
    if (nint + nfrac == 0 || nint + nfrac > 19 || nfrac > 22 || w > (1ull << 53) || is_digit(*p) ||
        (*p | 0x20) == 'e' || (sp && (*p == ' ' || *s == ' ')) || *s == '+')
        return scan_number_slow(s, out, sp, words);
    double d = nfrac ? (double)w / pow10_exact[nfrac] : (double)w;
    *out = neg ? -d : d;
    return p;
}

static const char *scan_number_slow(const char *p, double *out, bool sp, bool words)
{
    if (sp)
        while (*p == ' ')
            p++;
    const char *start = p;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    } else if (*p == '+') {
        p++;
    }
    uint64_t w = 0;
    int64_t nd = 0, dexp = 0;
    bool any = false, trunc = false;
    while (*p == '0') {
        p++;
        any = true;
    }
    for (; is_digit(*p); p++, nd++) {
        any = true;
        if (nd < 19)
            w = w * 10 + (uint64_t)(*p - '0');
        else {
            dexp++;
            trunc |= *p != '0';
        }
    }
    if (*p == '.') {
        p++;
        if (nd == 0)
            for (; *p == '0'; p++) {
                dexp--;
                any = true;
            }
        for (; is_digit(*p); p++, nd++) {
            any = true;
            if (nd < 19) {
                w = w * 10 + (uint64_t)(*p - '0');
                dexp--;
            } else {
                trunc |= *p != '0';
            }
        }
    }
    if (!any) {
        if (!words)
            return NULL;
        const char *q;
        double d;
        if ((q = match_word(p, "infinity")) || (q = match_word(p, "inf")))
            d = neg ? -HUGE_VAL : HUGE_VAL;
        else if ((q = match_word(p, "nan")))
            d = __builtin_nan("");
        else
            return NULL;
        if (sp)
            while (*q == ' ')
                q++;
        *out = d;
        return q;
    }
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        bool eneg = false;
        if (*q == '-') {
            eneg = true;
            q++;
        } else if (*q == '+') {
            q++;
        }
        if (is_digit(*q)) {
            int64_t e = 0;
            for (; is_digit(*q); q++)
                if (e < 1000000)
                    e = e * 10 + (*q - '0');
            dexp += eneg ? -e : e;
            p = q;
        }
    }
    const char *end = p;
    if (sp)
        while (*end == ' ')
            end++;
    double d;
    if (w == 0) {
        d = 0.0;
    } else if (!trunc && w <= (1ull << 53) && dexp >= -22 && dexp <= 22) {
        d = dexp < 0 ? (double)w / pow10_exact[-dexp] : (double)w * pow10_exact[dexp];
    } else if (!trunc && w <= (1ull << 53) && dexp > 22 && dexp <= 22 + 15) {
        int64_t e = dexp - 22;
        while (e > 0 && w <= (1ull << 53) / 10) {
            w *= 10;
            e--;
        }
        if (e == 0)
            d = (double)w * 1e22;
        else
            goto slow;
    } else {
    slow:
        pthread_once(&c_locale_once, c_locale_init);
        *out = strtod_l(start, NULL, c_locale);
        return end;
    }
    *out = neg ? -d : d;
    return end;
}

bool csv_parse_number(const char *s, size_t n, double *out)
{
    char small[128];
    char *buf = n + TEXT_PAD < sizeof small ? small : malloc(n + TEXT_PAD);
    if (!buf)
        return false;
    memcpy(buf, s, n);
    memset(buf + n, 0, TEXT_PAD);
    const char *e = scan_number(buf, out, true, true);
    bool ok = e && e == buf + n && n > 0;
    if (buf != small)
        free(buf);
    return ok;
}

bool csv_parse_bool(const char *s, size_t n, bool *out)
{
    if (n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "TRUE", 4) || !memcmp(s, "True", 4))) {
        *out = true;
        return true;
    }
    if (n == 5 && (!memcmp(s, "false", 5) || !memcmp(s, "FALSE", 5) || !memcmp(s, "False", 5))) {
        *out = false;
        return true;
    }
    return false;
}

bool csv_utf8_valid(const char *str, size_t n, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        int len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;
            if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
        } else {
            *bad = i;
            return false;
        }
        if (i + (size_t)len > n || s[i + 1] < lo || s[i + 1] > hi) {
            *bad = i;
            return false;
        }
        for (int k = 2; k < len; k++)
            if ((s[i + (size_t)k] & 0xC0) != 0x80) {
                *bad = i;
                return false;
            }
        i += (size_t)len;
    }
    return true;
}

/* ---- reader state ------------------------------------------------------- */

typedef struct Reader {
    const char *name;
    const char *text;
    size_t size;
    bool mapped;
    size_t maplen;
    char sep;
    bool skip_space;                 /* numbers may have spaces around */
    uint8_t delim[256];              /* sep, '\n', '\r', NUL */
    const char *na[CSV_MAX_NA];
    size_t nalen[CSV_MAX_NA];
    int nna;
    bool na_numeric;                 /* some marker parses as a number */
    int ncol;
    char **names;                    /* mem_* strings */
    uint8_t *forced;                 /* CsvKind per column */
    uint64_t **data;                 /* per column, stride 8, total_cap rows */
    int64_t total_cap;
    volatile sig_atomic_t *intr;
    void (*progress)(void *ud, double fraction);
    void *progress_ud;
    const char *first_beg;           /* the calling thread's chunk (reports progress) */
} Reader;

typedef struct ColState {
    uint8_t kind;
    uint8_t first_kind;
    bool pending;                    /* rows [0, conv_row) to re-read as str */
    int64_t conv_row;
    int64_t nna;
    uint64_t *na;                    /* NA bits, chunk-local rows */
    LDict dict;
    int64_t first_line, bad_line;    /* 0: none */
    char first[48], bad[48];
    uint8_t bad_kind;
} ColState;

typedef struct Chunk {
    Reader *R;
    const char *beg, *end, *stop;
    int64_t row0, cap, nrows, line0;
    ColState *cols;
    ArenaBlock *arena;
    const char *dropped;             /* text released up to here */
    CsvStatus status;
    char msg[400];
} Chunk;

static void chunk_err(Chunk *k, CsvStatus st, int64_t line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void chunk_err(Chunk *k, CsvStatus st, int64_t line, int col, const char *fmt, ...)
{
    if (k->status != CSV_OK)
        return;
    k->status = st;
    int n;
    if (col >= 0 && k->R->names)
        n = snprintf(k->msg, sizeof k->msg, "%s, line %lld, column %d (%s): ", k->R->name, (long long)line,
                     col + 1, k->R->names[col]);
    else if (col >= 0)
        n = snprintf(k->msg, sizeof k->msg, "%s, line %lld, column %d: ", k->R->name, (long long)line, col + 1);
    else
        n = snprintf(k->msg, sizeof k->msg, "%s, line %lld: ", k->R->name, (long long)line);
    if (n < 0 || (size_t)n >= sizeof k->msg)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->msg + n, sizeof k->msg - (size_t)n, fmt, ap);
    va_end(ap);
}

static inline bool at_text_end(const Reader *R, const char *p) { return p >= R->text + R->size; }

/* Copy s[0..n) into a fixed buffer for messages, with a trailing "...". */
static void snip(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap) {
        size_t k = cap - 4;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;                       /* do not cut a UTF-8 sequence */
        memcpy(dst, s, k);
        memcpy(dst + k, "...", 4);
    } else {
        memcpy(dst, s, n);
        dst[n] = 0;
    }
}

/* ---- the tokenizer ------------------------------------------------------ */

/* Bytes of the line end at p: 2 for "\r\n", 1 for '\n' or a lone '\r',
 * 0 when p is not at a line end. */
static inline int line_end_len(const char *p)
{
    return *p == '\n' ? 1 : *p == '\r' ? 1 + (p[1] == '\n') : 0;
}

/* Line ends in [p, e) ("\r\n" is one). */
static int64_t count_line_ends(const char *p, const char *e)
{
    int64_t n = 0;
    for (; p < e; p++)
        n += *p == '\n' || (*p == '\r' && p[1] != '\n');
    return n;
}

/* End of an unquoted field starting at p: the separator, a line end or
 * the NUL. */
static inline const char *scan_unquoted(const Reader *R, const char *p)
{
    while (!R->delim[(unsigned char)*p])
        p++;
    return p;
}

static inline bool field_end(const Reader *R, const char *q)
{
    char c = *q;
    return c == R->sep || c == '\n' || c == '\r' || c == 0;
}

/*
 * Read one field at p into [*s, *s + *n). A quoted field is unescaped
 * ("" → ") into the chunk's arena when needed; embedded newlines advance
 * *line. Returns the terminator (separator, newline or NUL), or NULL with
 * the chunk's error set.
 */
static const char *next_field(Chunk *k, const char *p, int col, int64_t *line, const char **s, size_t *n,
                              bool *quoted)
{
    const Reader *R = k->R;
    if (*p != '"') {
        const char *e = scan_unquoted(R, p);
        *s = p;
        *n = (size_t)(e - p);
        *quoted = false;
        return e;
    }
    int64_t open_line = *line;
    const char *b = p + 1, *q = b, *tend = R->text + R->size;
    bool esc = false;
    for (;;) {
        q = memchr(q, '"', (size_t)(tend - q));
        if (!q) {
            chunk_err(k, CSV_EVALUE, open_line, col, "unterminated quoted field");
            return NULL;
        }
        if (q[1] != '"')
            break;
        esc = true;
        q += 2;
    }
    *line += count_line_ends(b, q);
    const char *after = q + 1;
    if (!field_end(R, after) || (*after == 0 && !at_text_end(R, after))) {
        if (*after == 0)
            chunk_err(k, CSV_EVALUE, *line, col, "NUL byte in the data");
        else
            chunk_err(k, CSV_EVALUE, *line, col, "unexpected character '%c' after a closing quote"
                      " (a quote inside a quoted field is written \"\")",
                      *after >= 0x20 && *after < 0x7f ? *after : '?');
        return NULL;
    }
    *quoted = true;
    if (!esc) {
        *s = b;
        *n = (size_t)(q - b);
        return after;
    }
    char *d = csv_arena_alloc(&k->arena, (size_t)(q - b));
    if (!d) {
        chunk_err(k, CSV_ENOMEM, *line, -1, "out of memory");
        return NULL;
    }
    size_t m = 0;
    for (const char *x = b; x < q; x++) {
        d[m++] = *x;
        if (*x == '"')
            x++;
    }
    d[m] = 0;
    *s = d;
    *n = m;
    return after;
}

/* ---- values into columns ---------------------------------------------- */

static inline void set_na(ColState *cs, uint64_t *slot, int64_t row)
{
    *slot = 0;
    cs->na[row >> 6] |= 1ull << (row & 63);
    cs->nna++;
}

static bool is_na_marker(const Reader *R, const char *s, size_t n)
{
    for (int i = 0; i < R->nna; i++)
        if (R->nalen[i] == n && memcmp(R->na[i], s, n) == 0)
            return true;
    return false;
}

/* Intern s as a str value of column col (chunk-local code into *slot). */
static bool put_str(Chunk *k, ColState *cs, int col, uint64_t *slot, const char *s, size_t n, int64_t line)
{
    bool added;
    int32_t c = csv_ldict_intern(&cs->dict, s, n, &added);
    if (c < 0) {
        chunk_err(k, CSV_ENOMEM, line, -1, "out of memory");
        return false;
    }
    size_t bad;
    if (added && !csv_utf8_valid(s, n, &bad)) {
        chunk_err(k, CSV_EVALUE, line, col, "invalid UTF-8 (byte 0x%02x at offset %zu of the field)",
                  (unsigned char)s[bad], bad);
        return false;
    }
    *slot = (uint64_t)c;
    return true;
}

/* The first value of a column in this chunk, or the first that does not
 * fit the first one's kind: remembered for the "read as str" note. */
static void note_value(ColState *cs, uint8_t vkind, const char *s, size_t n, int64_t line)
{
    if (cs->first_kind == K_EMPTY) {
        cs->first_kind = vkind;
        cs->first_line = line;
        snip(cs->first, sizeof cs->first, s, n);
    } else if (vkind != cs->first_kind && cs->bad_line == 0) {
        cs->bad_line = line;
        cs->bad_kind = vkind;
        snip(cs->bad, sizeof cs->bad, s, n);
    }
}

/* A value that is not num and not bool (or mixes the two) arrives. */
static bool become_str(Chunk *k, ColState *cs, int col, int64_t row, uint64_t *slot, const char *s, size_t n,
                       uint8_t vkind, int64_t line)
{
    note_value(cs, vkind, s, n, line);
    if (cs->kind == K_NUM || cs->kind == K_BOOL) {
        cs->pending = true;
        cs->conv_row = row;
    }
    cs->kind = K_STR;
    return put_str(k, cs, col, slot, s, n, line);
}

/* Classify and store one field's text (the slow path: anything that did
 * not go straight through the number scanner). */
static bool put_field(Chunk *k, int col, int64_t row, const char *s, size_t n, bool quoted, int64_t line)
{
    Reader *R = k->R;
    ColState *cs = &k->cols[col];
    uint64_t *slot = &R->data[col][k->row0 + row];
    if (n == 0 || (!quoted && is_na_marker(R, s, n))) {
        set_na(cs, slot, row);
        return true;
    }
    double d;
    bool b;
    const char *e;
    switch (R->forced[col]) {
    case CSV_STR:
        return put_str(k, cs, col, slot, s, n, line);
    case CSV_NUM:
        if ((e = scan_number(s, &d, R->skip_space, true)) && e == s + n) {
            memcpy(slot, &d, 8);
            return true;
        }
        break;
    case CSV_BOOL:
        if (csv_parse_bool(s, n, &b)) {
            *slot = b;
            return true;
        }
        break;
    default:
        if (cs->kind == K_STR)
            return put_str(k, cs, col, slot, s, n, line);
        if ((e = scan_number(s, &d, R->skip_space, true)) && e == s + n) {
            if (cs->kind == K_BOOL)
                return become_str(k, cs, col, row, slot, s, n, K_NUM, line);
            if (cs->kind == K_EMPTY) {
                cs->kind = K_NUM;
                note_value(cs, K_NUM, s, n, line);
            }
            memcpy(slot, &d, 8);
            return true;
        }
        if (csv_parse_bool(s, n, &b)) {
            if (cs->kind == K_NUM)
                return become_str(k, cs, col, row, slot, s, n, K_BOOL, line);
            if (cs->kind == K_EMPTY) {
                cs->kind = K_BOOL;
                note_value(cs, K_BOOL, s, n, line);
            }
            *slot = b;
            return true;
        }
        return become_str(k, cs, col, row, slot, s, n, K_STR, line);
    }
    char v[48];
    snip(v, sizeof v, s, n);
    chunk_err(k, CSV_EVALUE, line, col, "expected %s, found '%s'", R->forced[col] == CSV_NUM ? "a number" : "a bool",
              v);
    return false;
}

/* Count the fields left in a record whose end was expected (for the
 * "expected N fields, found M" message). p is at a separator. */
static int count_rest(Chunk *k, const char *p, int found, int64_t line)
{
    while (*p == k->R->sep) {
        const char *s;
        size_t n;
        bool q;
        p = next_field(k, p + 1, -1, &line, &s, &n, &q);
        if (!p)
            return found + 1;
        found++;
    }
    return found;
}

/* Release parsed text from the page tables so the peak resident size is
 * the frame, not the frame plus the file (the pages stay in the page cache
 * and fault back in if a rescan needs them). */
static void drop_text(Chunk *k, const char *upto)
{
    const Reader *R = k->R;
    if (!R->mapped || upto - k->dropped < (ptrdiff_t)DROP_STEP)
        return;
    uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)k->dropped + pg - 1) & ~(pg - 1), b = (uintptr_t)upto & ~(pg - 1);
    if (b > a)
        madvise((void *)a, b - a, MADV_DONTNEED);
    k->dropped = upto;
}

/* Parse the chunk's records into the column buffers. */
static void chunk_parse(Chunk *k)
{
    Reader *R = k->R;
    const char *p = k->beg, *end = k->end;
    const int ncol = R->ncol;
    const char sep = R->sep;
    const bool sp = R->skip_space, fast_ok = !R->na_numeric;
    int64_t line = k->line0, row = 0;
    const char *next_poll = p;
    k->dropped = k->beg;
    while (p < end) {
        int le = line_end_len(p);
        if (le) {                         /* a blank line */
            p += le;
            line++;
            continue;
        }
        if (p >= next_poll) {
            if (R->intr && *R->intr) {
                k->status = CSV_EINTR;
                break;
            }
            if (R->progress && k->beg == R->first_beg && end > k->beg)
                R->progress(R->progress_ud, (double)(p - k->beg) / (double)(end - k->beg));
            drop_text(k, p);
            next_poll = p + POLL_BYTES;
        }
        if (row >= k->cap)                /* ran past its end: a mispredicted split */
            break;
        const int64_t rec_line = line;
        for (int c = 0; c < ncol; c++) {
            ColState *cs = &k->cols[c];
            if (fast_ok && cs->kind <= K_NUM && R->forced[c] != CSV_STR && R->forced[c] != CSV_BOOL &&
                *p != '"') {
                double d;
                const char *q = scan_number(p, &d, sp, false);
                if (q && field_end(R, q)) {
                    if (cs->kind == K_EMPTY) {
                        cs->kind = K_NUM;
                        note_value(cs, K_NUM, p, (size_t)(q - p), line);
                    }
                    memcpy(&R->data[c][k->row0 + row], &d, 8);
                    p = q;
                    goto sep;
                }
            }
            {
                const char *s;
                size_t n;
                bool quoted;
                p = next_field(k, p, c, &line, &s, &n, &quoted);
                if (!p || !put_field(k, c, row, s, n, quoted, line))
                    goto fail;
            }
        sep:
            if (c + 1 < ncol) {
                if (*p == sep) {
                    p++;
                    if ((c & 1023) == 1023 && p >= next_poll && R->intr && *R->intr) {
                        k->status = CSV_EINTR;          /* a very wide record */
                        goto fail;
                    }
                    continue;
                }
                if (*p == 0 && !at_text_end(R, p))
                    chunk_err(k, CSV_EVALUE, line, c, "NUL byte in the data");
                else
                    chunk_err(k, CSV_EVALUE, rec_line, -1, "expected %d field%s, found %d", ncol,
                              ncol == 1 ? "" : "s", c + 1);
                goto fail;
            }
            if (*p == sep) {
                int found = count_rest(k, p, ncol, line);
                k->status = CSV_OK;
                chunk_err(k, CSV_EVALUE, rec_line, -1, "expected %d field%s, found %d", ncol, ncol == 1 ? "" : "s",
                          found);
                goto fail;
            }
        }
        if (*p == '\n' || *p == '\r') {
            p += line_end_len(p);
            line++;
        } else if (!at_text_end(R, p)) {
            chunk_err(k, CSV_EVALUE, line, -1, "NUL byte in the data");
            goto fail;
        }
        row++;
    }
    k->stop = p;
    k->nrows = row;
    return;
fail:
    k->stop = NULL;
    k->nrows = row;
}

/* Re-read the fields of pending columns (rows [0, conv_row)) as str. */
static void chunk_rescan(Chunk *k)
{
    Reader *R = k->R;
    int64_t upto = 0;
    for (int c = 0; c < R->ncol; c++)
        if (k->cols[c].pending && k->cols[c].conv_row > upto)
            upto = k->cols[c].conv_row;
    const char *p = k->beg, *next_poll = p;
    int64_t line = k->line0;
    for (int64_t row = 0; row < upto; row++) {
        for (int le; (le = line_end_len(p)) != 0; p += le)
            line++;
        if (p >= next_poll) {
            if (R->intr && *R->intr) {
                chunk_err(k, CSV_EINTR, line, -1, "interrupted");
                return;
            }
            next_poll = p + POLL_BYTES;
        }
        for (int c = 0; c < R->ncol; c++) {
            const char *s;
            size_t n;
            bool quoted;
            p = next_field(k, p, c, &line, &s, &n, &quoted);
            if (!p)
                return;
            ColState *cs = &k->cols[c];
            if (cs->pending && row < cs->conv_row && !(cs->na[row >> 6] >> (row & 63) & 1) &&
                !put_str(k, cs, c, &R->data[c][k->row0 + row], s, n, line))
                return;
            p += *p == R->sep ? 1 : line_end_len(p);     /* the separator or line end */
        }
        line++;
    }
    for (int c = 0; c < R->ncol; c++)
        k->cols[c].pending = false;
}

/* ---- counting newlines and quotes (phase 1) ------------------------------ */

/* Line ends (nl: '\n' and lone '\r') and quotes in [a, b). */
typedef struct Count {
    const char *a, *b;
    int64_t nl, quotes;
    volatile sig_atomic_t *intr;     /* stop early when set */
} Count;

static void count_range(Count *c)
{
    const char *p = c->a, *e = c->b;
    int64_t nl = 0, qt = 0;
#ifdef __SSE2__
    /* Byte-wise counters (cmpeq gives -1 per match), summed with SAD every
     * 255 blocks before they can wrap. A '\r' is a line end unless the
     * next byte is '\n' (loaded from p + 1: the text is padded). */
    const __m128i vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r'), vq = _mm_set1_epi8('"');
    const __m128i zero = _mm_setzero_si128();
    while (e - p >= 16) {
        if (c->intr && *c->intr)
            return;
        __m128i an = zero, aq = zero;
        for (int i = 0; i < 255 && e - p >= 16; i++, p += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)p), y = _mm_loadu_si128((const __m128i *)(p + 1));
            __m128i lone_cr = _mm_andnot_si128(_mm_cmpeq_epi8(y, vn), _mm_cmpeq_epi8(x, vr));
            an = _mm_sub_epi8(an, _mm_or_si128(_mm_cmpeq_epi8(x, vn), lone_cr));
            aq = _mm_sub_epi8(aq, _mm_cmpeq_epi8(x, vq));
        }
        __m128i sn = _mm_sad_epu8(an, zero), sq = _mm_sad_epu8(aq, zero);
        nl += _mm_cvtsi128_si64(sn) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sn, sn));
        qt += _mm_cvtsi128_si64(sq) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sq, sq));
    }
#endif
    for (; p < e; p++) {
        nl += *p == '\n' || (*p == '\r' && p[1] != '\n');
        qt += *p == '"';
    }
    c->nl = nl;
    c->quotes = qt;
}

static void count_job(void *c) { count_range(c); }
static void parse_job(void *k) { chunk_parse(k); }
static void rescan_job(void *k) { chunk_rescan(k); }

/* ---- the driver --------------------------------------------------------- */

void csv_default_options(CsvOptions *o)
{
    static const char *const na[] = {"", "NA", "NaN", "null", "?"};
    memset(o, 0, sizeof *o);
    o->sep = ',';
    o->header = true;
    o->na = na;
    o->nna = 5;
}

void csv_result_free(CsvResult *r)
{
    mem_free(r->notes);
    r->notes = NULL;
    r->nnotes = 0;
}

static CsvStatus fail(CsvResult *r, CsvStatus st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static CsvStatus fail(CsvResult *r, CsvStatus st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    va_end(ap);
    r->status = st;
    return st;
}

static void free_chunks(Reader *R, Chunk *ks, int n)
{
    for (int i = 0; i < n; i++) {
        if (ks[i].cols)
            for (int c = 0; c < R->ncol; c++) {
                mem_free(ks[i].cols[c].na);
                csv_ldict_free(&ks[i].cols[c].dict);
            }
        mem_free(ks[i].cols);
        csv_arena_free(&ks[i].arena);
    }
}

/*
 * Rename repeated names in place: the second "x" becomes "x.1", the next
 * "x.2", skipping any suffix that is already a name (among the originals
 * or the renamed ones), as pandas does. Linear: a dictionary of every name
 * taken so far, and per name the next suffix to try (the taken set only
 * grows, so a suffix once taken stays taken). False when out of memory.
 */
static bool dedupe_names(char **names, int n)
{
    Dict *taken = dict_new(n * 2);
    int32_t *next = NULL;
    uint8_t *seen = NULL;
    bool ok = false;
    for (int i = 0; i < n; i++)
        if (dict_intern(taken, names[i], strlen(names[i])) < 0)
            goto done;
    next = mem_try_calloc(sizeof(int32_t) * (size_t)taken->n);
    seen = mem_try_calloc((size_t)taken->n);
    if (!next || !seen)
        goto done;
    for (int i = 0; i < n; i++) {
        int32_t c = dict_find(taken, names[i], strlen(names[i]));
        if (!seen[c]) {
            seen[c] = 1;
            continue;
        }
        size_t len = strlen(names[i]) + 24;
        char *nm = mem_alloc(len);
        do
            snprintf(nm, len, "%s.%d", names[i], ++next[c]);
        while (dict_find(taken, nm, strlen(nm)) >= 0);
        if (dict_intern(taken, nm, strlen(nm)) < 0) {
            mem_free(nm);
            goto done;
        }
        mem_free(names[i]);
        names[i] = nm;
    }
    ok = true;
done:
    mem_free(next);
    mem_free(seen);
    obj_unref(taken);
    return ok;
}

/* Read the header (or the first record, to count columns) at *pp. */
static CsvStatus read_header(Reader *R, const CsvOptions *o, const char **pp, int64_t *linep, CsvResult *r)
{
    Chunk k = {.R = R};
    int64_t line_v = *linep, *line = &line_v;
    const char *p = *pp;
    int cap = 16, n = 0;
    char **names = mem_alloc(sizeof(char *) * (size_t)cap);
    for (;;) {
        const char *s;
        size_t len;
        bool quoted;
        size_t bad;
        p = next_field(&k, p, n, line, &s, &len, &quoted);
        if (p && o->header && !csv_utf8_valid(s, len, &bad))
            chunk_err(&k, CSV_EVALUE, *line, n, "invalid UTF-8 in the header (byte 0x%02x)", (unsigned char)s[bad]);
        if (!p || k.status) {
            for (int i = 0; i < n; i++)
                mem_free(names[i]);
            mem_free(names);
            csv_arena_free(&k.arena);
            return fail(r, k.status, "%s", k.msg);
        }
        if (n == cap)
            names = mem_realloc(names, sizeof(char *) * (size_t)(cap *= 2));
        names[n++] = o->header ? mem_strndup(s, len) : NULL;
        if (n > CSV_MAX_COLS) {
            for (int i = 0; i < n; i++)
                mem_free(names[i]);
            mem_free(names);
            csv_arena_free(&k.arena);
            return fail(r, CSV_EVALUE, "%s, line %lld: more than %d columns", R->name, (long long)*line,
                        CSV_MAX_COLS);
        }
        if (*p == R->sep) {
            p++;
            continue;
        }
        break;
    }
    csv_arena_free(&k.arena);
    if (line_end_len(p)) {
        p += line_end_len(p);
        (*line)++;
    } else if (!at_text_end(R, p)) {
        for (int i = 0; i < n; i++)
            mem_free(names[i]);
        mem_free(names);
        return fail(r, CSV_EVALUE, "%s, line %lld: NUL byte in the data", R->name, (long long)*line);
    }
    /* Names: empty → V<i>; duplicates → name.1, name.2 (as pandas). */
    for (int i = 0; i < n; i++) {
        if (!names[i] || !names[i][0]) {
            mem_free(names[i]);
            char buf[32];
            snprintf(buf, sizeof buf, "V%d", i + 1);
            names[i] = mem_strdup(buf);
        }
    }
    if (!dedupe_names(names, n)) {
        for (int i = 0; i < n; i++)
            mem_free(names[i]);
        mem_free(names);
        return fail(r, CSV_ENOMEM, "%s: out of memory", R->name);
    }
    R->names = names;
    R->ncol = n;
    if (o->header) {
        *pp = p;
        *linep = line_v;
    }
    return CSV_OK;
}

/* Cut the body into nk chunks at newlines outside quotes. */
static void plan_chunks(Reader *R, const char *body, int64_t body_line, Chunk *ks, int nk)
{
    const char *end = R->text + R->size;
    size_t len = (size_t)(end - body);
    const char *t[MAX_THREADS + 1];
    Count cnt[MAX_THREADS];
    for (int i = 0; i <= nk; i++)
        t[i] = body + len * (size_t)i / (size_t)nk;
    for (int i = 0; i < nk; i++)
        cnt[i] = (Count){t[i], t[i + 1], 0, 0, R->intr};
    csv_run_jobs(count_job, cnt, sizeof cnt[0], nk, NULL);
    const char *split[MAX_THREADS + 1];
    int64_t nl_at[MAX_THREADS + 1];        /* newlines in [body, split[i]) */
    split[0] = body;
    nl_at[0] = 0;
    int64_t nl_prefix = 0, q_prefix = 0;
    for (int i = 1; i < nk; i++) {
        nl_prefix += cnt[i - 1].nl;
        q_prefix += cnt[i - 1].quotes;
        const char *q = t[i];
        int64_t nl = nl_prefix;
        int par = (int)(q_prefix & 1);
        while (q < end) {
            char c = *q++;
            if (c == '"')
                par ^= 1;
            else if (c == '\n' || (c == '\r' && *q != '\n')) {
                nl++;
                if (!par)
                    break;
            }
        }
        if (q < split[i - 1]) {           /* cannot happen; stay monotone */
            q = split[i - 1];
            nl = nl_at[i - 1];
        }
        split[i] = q;
        nl_at[i] = nl;
    }
    split[nk] = end;
    nl_at[nk] = nl_prefix + cnt[nk - 1].nl;
    int64_t row0 = 0;
    for (int i = 0; i < nk; i++) {
        memset(&ks[i], 0, sizeof ks[i]);
        ks[i].R = R;
        ks[i].beg = split[i];
        ks[i].end = split[i + 1];
        ks[i].line0 = body_line + nl_at[i];
        /* Every record of a chunk but the last ends at one of its
         * newlines, so its newline count bounds its rows exactly and the
         * chunks' rows meet without a gap (no compaction needed). */
        ks[i].cap = nl_at[i + 1] - nl_at[i] + (i == nk - 1);
        ks[i].row0 = row0;
        row0 += ks[i].cap;
    }
    R->total_cap = row0;
}

/* Per-chunk column state: NA bitmaps and the starting kinds. */
static bool init_chunks(Reader *R, Chunk *ks, int nk)
{
    for (int i = 0; i < nk; i++) {
        ks[i].cols = mem_try_calloc(sizeof(ColState) * (size_t)R->ncol);
        if (!ks[i].cols)
            return false;
        for (int c = 0; c < R->ncol; c++) {
            ColState *cs = &ks[i].cols[c];
            cs->na = mem_try_calloc(sizeof(uint64_t) * bitmap_words(ks[i].cap));
            if (!cs->na)
                return false;
            static const uint8_t start[] = {K_EMPTY, K_NUM, K_BOOL, K_STR};
            cs->kind = start[R->forced[c]];
        }
    }
    return true;
}

/* Move the chunks' rows of column c together and build its vector. */
static Vec *assemble(Reader *R, Chunk *ks, int nk, int c, uint8_t kind, int64_t nrows, CsvStatus *st)
{
    uint64_t *buf = R->data[c];
    VecKind vk = kind == K_STR ? VEC_STR : kind == K_BOOL ? VEC_BOOL : VEC_NUM;
    Dict *dict = NULL;
    int64_t dst = 0, nna = 0;
    for (int i = 0; i < nk; i++) {
        const Chunk *k = &ks[i];
        const ColState *cs = &k->cols[c];
        nna += cs->nna;
        if (vk == VEC_NUM) {
            if (dst != k->row0)
                memmove(buf + dst, buf + k->row0, sizeof(uint64_t) * (size_t)k->nrows);
        } else if (vk == VEC_BOOL) {
            uint8_t *out = (uint8_t *)buf;
            for (int64_t r = 0; r < k->nrows; r++)
                out[dst + r] = (uint8_t)buf[k->row0 + r];
        } else {
            if (!dict)
                dict = dict_new(cs->dict.n > 8 ? cs->dict.n : 8);
            int32_t *remap = mem_try_alloc(sizeof(int32_t) * (size_t)(cs->dict.n + 1));
            if (!remap) {
                obj_unref(dict);
                *st = CSV_ENOMEM;
                return NULL;
            }
            for (int32_t j = 0; j < cs->dict.n; j++)
                remap[j] = -1;
            int32_t *out = (int32_t *)(void *)buf;
            for (int64_t r = 0; r < k->nrows; r++) {
                int64_t src = k->row0 + r;
                if (cs->na[r >> 6] >> (r & 63) & 1) {
                    out[dst + r] = 0;
                    continue;
                }
                int32_t lc = (int32_t)buf[src];
                if (remap[lc] < 0) {
                    const LEntry *e = &cs->dict.e[lc];
                    remap[lc] = dict_intern(dict, e->s, e->len);
                }
                out[dst + r] = remap[lc];
            }
            mem_free(remap);
        }
        dst += k->nrows;
    }
    Vec *v = vec_new(vk, 0);
    if (!v) {
        obj_unref(dict);
        *st = CSV_ENOMEM;
        return NULL;
    }
    if (vk == VEC_STR) {
        obj_unref(v->dict);
        v->dict = dict ? dict : dict_new(8);
    }
    if (nrows > 0) {
        size_t esz = vk == VEC_NUM ? 8 : vk == VEC_BOOL ? 1 : 4;
        void *shrunk = mem_try_realloc(buf, esz * (size_t)nrows);
        mem_free(v->d.raw);
        v->d.raw = shrunk ? shrunk : buf;
        v->cap = nrows;
        R->data[c] = NULL;
    }
    v->len = nrows;
    if (nna > 0) {
        size_t words = bitmap_words(v->cap);
        uint64_t *valid = mem_try_alloc(sizeof(uint64_t) * words);
        if (!valid) {
            obj_unref(v);
            *st = CSV_ENOMEM;
            return NULL;
        }
        memset(valid, 0xFF, sizeof(uint64_t) * words);
        if (nrows & 63)
            valid[nrows >> 6] &= (1ull << (nrows & 63)) - 1;
        int64_t base = 0;
        for (int i = 0; i < nk; i++) {
            const ColState *cs = &ks[i].cols[c];
            if (cs->nna)
                for (size_t w = 0; w < bitmap_words(ks[i].nrows); w++)
                    for (uint64_t bits = cs->na[w]; bits; bits &= bits - 1) {
                        int64_t r = base + (int64_t)w * 64 + __builtin_ctzll(bits);
                        valid[r >> 6] &= ~(1ull << (r & 63));
                    }
            base += ks[i].nrows;
        }
        v->valid = valid;
        v->nnull = nna;
    }
    return v;
}

/* The "read as str" note of column c, if its first value was num or bool
 * and a later one was not. Chunk order makes it thread-count independent. */
static bool make_note(Chunk *ks, int nk, int c, CsvNote *note)
{
    uint8_t first = K_EMPTY;
    for (int i = 0; i < nk && first == K_EMPTY; i++)
        first = ks[i].cols[c].first_kind;
    if (first != K_NUM && first != K_BOOL)
        return false;
    for (int i = 0; i < nk; i++) {
        const ColState *cs = &ks[i].cols[c];
        const char *v = NULL;
        int64_t line = 0;
        if (cs->first_kind == K_EMPTY)
            continue;
        if (cs->first_kind != first) {
            v = cs->first;
            line = cs->first_line;
        } else if (cs->bad_line) {
            v = cs->bad;
            line = cs->bad_line;
        }
        if (v) {
            note->col = c;
            note->line = line;
            snprintf(note->value, sizeof note->value, "%s", v);
            snprintf(note->first_kind, sizeof note->first_kind, "%s", kind_names[first]);
            return true;
        }
    }
    return false;
}

/* compute/'s thread count: cores, or SIFT_THREADS / cp_set_threads. */
static int default_threads(void)
{
    int n = cp_default_threads();
    return n > MAX_THREADS ? MAX_THREADS : n;
}

/* Parse the body with nk chunks. Returns CSV_OK, an error (r->msg set), or
 * -1 when a chunk boundary turned out to be inside a quoted field. */
static int parse_body(Reader *R, const char *body, int64_t body_line, Chunk *ks, int nk, CsvResult *r)
{
    plan_chunks(R, body, body_line, ks, nk);
    if (R->intr && *R->intr)
        return fail(r, CSV_EINTR, "interrupted");
    if (!init_chunks(R, ks, nk))
        return fail(r, CSV_ENOMEM, "%s: out of memory", R->name);
    if (!R->data) {
        R->data = mem_try_calloc(sizeof(uint64_t *) * (size_t)R->ncol);
        if (!R->data)
            return fail(r, CSV_ENOMEM, "%s: out of memory", R->name);
        for (int c = 0; c < R->ncol; c++)
            if (!(R->data[c] = mem_try_alloc(sizeof(uint64_t) * (size_t)R->total_cap)))
                return fail(r, CSV_ENOMEM, "%s: out of memory (%lld rows x %d columns)", R->name,
                            (long long)R->total_cap, R->ncol);
    }
    R->first_beg = ks[0].beg;                /* run_jobs runs item 0 on this thread */
    csv_run_jobs(parse_job, ks, sizeof ks[0], nk, NULL);
    for (int i = 0; i < nk; i++) {
        if (ks[i].status == CSV_EINTR)
            return fail(r, CSV_EINTR, "interrupted");
        if (ks[i].status != CSV_OK)
            return fail(r, ks[i].status, "%s", ks[i].msg);
        if (ks[i].stop != ks[i].end)
            return -1;
    }
    return CSV_OK;
}

static CsvStatus read_text(Reader *R, const CsvOptions *o, CsvResult *r)
{
    const char *p = R->text;
    if (R->size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int64_t line = 1;
    for (int le; (le = line_end_len(p)) != 0; p += le)      /* leading blank lines */
        line++;
    if (at_text_end(R, p)) {             /* no header: the empty frame's CSV */
        r->frame = frame_new(0);
        r->empty = true;
        return CSV_OK;
    }
    if (R->size >= 2 && ((uint8_t)p[0] == 0xFF || (uint8_t)p[0] == 0xFE) && (uint8_t)(p[0] ^ p[1]) == 0x01)
        return fail(r, CSV_EVALUE, "%s: the file is UTF-16 (it starts with a byte-order mark); save it as UTF-8",
                    R->name);
    CsvStatus st = read_header(R, o, &p, &line, r);
    if (st)
        return st;
    R->forced = mem_calloc((size_t)R->ncol);
    for (int i = 0; i < o->nforce; i++) {
        int c = 0;
        while (c < R->ncol && strcmp(R->names[c], o->force_names[i]) != 0)
            c++;
        if (c == R->ncol)
            return fail(r, CSV_EVALUE, "%s: types names a column that is not there: '%s'", R->name,
                        o->force_names[i]);
        R->forced[c] = (uint8_t)o->force_kinds[i];
    }
    int nk = o->nthreads > 0 ? o->nthreads : default_threads();
    if (nk > MAX_THREADS)
        nk = MAX_THREADS;
    if (o->nthreads <= 0 && (size_t)(R->text + R->size - p) < PARALLEL_MIN_BYTES)
        nk = 1;
    Chunk ks[MAX_THREADS];
    memset(ks, 0, sizeof ks);
    int rc = parse_body(R, p, line, ks, nk, r);
    if (rc == -1) {                      /* mispredicted split: do it serially */
        free_chunks(R, ks, nk);
        memset(ks, 0, sizeof ks);
        nk = 1;
        rc = parse_body(R, p, line, ks, nk, r);
    }
    if (rc != CSV_OK) {
        free_chunks(R, ks, nk);
        return (CsvStatus)rc;
    }
    /* Merge kinds; re-read as str what some chunk read otherwise. */
    uint8_t *kinds = mem_alloc((size_t)R->ncol);
    bool want[MAX_THREADS] = {0}, any = false;
    for (int c = 0; c < R->ncol; c++) {
        uint8_t k = K_EMPTY;
        for (int i = 0; i < nk; i++) {
            uint8_t ki = ks[i].cols[c].kind;
            k = k == K_EMPTY ? ki : ki == K_EMPTY || ki == k ? k : K_STR;
        }
        kinds[c] = k;
        for (int i = 0; i < nk; i++) {
            ColState *cs = &ks[i].cols[c];
            if (k == K_STR && (cs->kind == K_NUM || cs->kind == K_BOOL)) {
                cs->pending = true;
                cs->conv_row = ks[i].nrows;
            }
            if (cs->pending && cs->conv_row > 0)
                want[i] = any = true;
        }
    }
    if (any) {
        csv_run_jobs(rescan_job, ks, sizeof ks[0], nk, want);
        for (int i = 0; i < nk; i++)
            if (ks[i].status != CSV_OK) {
                mem_free(kinds);
                free_chunks(R, ks, nk);
                return fail(r, ks[i].status, "%s", ks[i].msg);
            }
    }
    int64_t nrows = 0;
    for (int i = 0; i < nk; i++)
        nrows += ks[i].nrows;
    Frame *f = frame_new(R->ncol);
    CsvNote *notes = NULL;
    int nnotes = 0, capnotes = 0;
    st = CSV_OK;
    for (int c = 0; c < R->ncol && st == CSV_OK; c++) {
        if (R->intr && *R->intr) {
            st = CSV_EINTR;
            break;
        }
        Vec *v = assemble(R, ks, nk, c, kinds[c] == K_EMPTY ? K_NUM : kinds[c], nrows, &st);
        if (!v)
            break;
        frame_set_take(f, R->names[c], v);
        CsvNote note;
        if (kinds[c] == K_STR && make_note(ks, nk, c, &note)) {
            if (nnotes == capnotes)
                notes = mem_realloc(notes, sizeof(CsvNote) * (size_t)(capnotes = capnotes ? capnotes * 2 : 8));
            notes[nnotes++] = note;
        }
    }
    f->nrow = nrows;
    mem_free(kinds);
    free_chunks(R, ks, nk);
    if (st != CSV_OK) {
        obj_unref(f);
        mem_free(notes);
        return st == CSV_EINTR ? fail(r, st, "interrupted") : fail(r, st, "%s: out of memory", R->name);
    }
    r->frame = f;
    r->notes = notes;
    r->nnotes = nnotes;
    return CSV_OK;
}

static CsvStatus setup(Reader *R, const CsvOptions *o, CsvResult *r)
{
    if (o->sep == '"' || o->sep == '\n' || o->sep == '\r' || o->sep == 0)
        return fail(r, CSV_EVALUE, "sep must be one character other than a quote or a newline");
    R->sep = o->sep;
    R->skip_space = o->sep != ' ';
    R->delim[(unsigned char)o->sep] = R->delim['\n'] = R->delim['\r'] = R->delim[0] = 1;
    if (o->nna > CSV_MAX_NA)
        return fail(r, CSV_EVALUE, "at most %d NA markers", CSV_MAX_NA);
    for (int i = 0; i < o->nna; i++) {
        R->na[R->nna] = o->na[i];
        R->nalen[R->nna] = strlen(o->na[i]);
        double d;
        /* A marker like -999 would be taken by the fast number path before
         * the markers are looked at; words (nan, inf) never are. */
        if (csv_parse_number(o->na[i], R->nalen[R->nna], &d) && strpbrk(o->na[i], "0123456789"))
            R->na_numeric = true;
        R->nna++;
    }
    R->intr = o->interrupted;
    R->progress = o->progress;
    R->progress_ud = o->progress_ud;
    return CSV_OK;
}

static void reader_free(Reader *R)
{
    if (R->names)
        for (int c = 0; c < R->ncol; c++)
            mem_free(R->names[c]);
    mem_free(R->names);
    mem_free(R->forced);
    if (R->data)
        for (int c = 0; c < R->ncol; c++)
            mem_free(R->data[c]);
    mem_free(R->data);
}

static CsvStatus run(Reader *R, const CsvOptions *o, CsvResult *r)
{
    CsvStatus st = setup(R, o, r);
    if (st == CSV_OK)
        st = read_text(R, o, r);
    reader_free(R);
    r->status = st;
    return st;
}

CsvStatus csv_read_mem(const char *name, const char *text, size_t n, const CsvOptions *o, CsvResult *r)
{
    memset(r, 0, sizeof *r);
    Reader R = {.name = name, .size = n};
    char *buf = mem_try_alloc(n + TEXT_PAD);
    if (!buf)
        return fail(r, CSV_ENOMEM, "%s: out of memory", name);
    memcpy(buf, text, n);
    memset(buf + n, 0, TEXT_PAD);
    R.text = buf;
    CsvStatus st = run(&R, o, r);
    mem_free(buf);
    return st;
}

CsvStatus csv_read_file(const char *path, const char *name, const CsvOptions *o, CsvResult *r)
{
    memset(r, 0, sizeof *r);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(r, CSV_EIO, "cannot open '%s': %s", name, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return fail(r, CSV_EIO, "cannot read '%s': %s", name, strerror(e));
    }
    if (S_ISDIR(sb.st_mode)) {
        close(fd);
        return fail(r, CSV_EIO, "cannot read '%s': it is a directory", name);
    }
    Reader R = {.name = name};
    char *owned = NULL;
    if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
        /* Map the file over an anonymous reservation TEXT_PAD bytes
         * longer, so the bytes after the end read as NUL even when the
         * size is a multiple of the page size. */
        size_t size = (size_t)sb.st_size, pg = (size_t)sysconf(_SC_PAGESIZE);
        size_t maplen = (size + TEXT_PAD + pg - 1) / pg * pg;
        void *base = mmap(NULL, maplen, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base != MAP_FAILED &&
            mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) != MAP_FAILED) {
            madvise(base, size, MADV_SEQUENTIAL);
            R.text = base;
            R.size = size;
            R.mapped = true;
            R.maplen = maplen;
        } else if (base != MAP_FAILED) {
            munmap(base, maplen);
        }
    }
    if (!R.mapped) {                     /* a pipe, a special file, or mmap failed */
        size_t cap = 1 << 16, len = 0;
        owned = mem_try_alloc(cap);
        for (ssize_t got; owned; len += (size_t)got) {
            if (cap - len < TEXT_PAD + 1) {
                char *b = mem_try_realloc(owned, cap * 2);
                if (!b) {
                    mem_free(owned);
                    owned = NULL;
                    break;
                }
                owned = b;
                cap *= 2;
            }
            got = read(fd, owned + len, cap - len - TEXT_PAD);
            if (got < 0 && errno == EINTR)
                got = 0;
            else if (got < 0) {
                int e = errno;
                close(fd);
                mem_free(owned);
                return fail(r, CSV_EIO, "cannot read '%s': %s", name, strerror(e));
            } else if (got == 0)
                break;
        }
        if (!owned) {
            close(fd);
            return fail(r, CSV_ENOMEM, "%s: out of memory", name);
        }
        memset(owned + len, 0, TEXT_PAD);
        R.text = owned;
        R.size = len;
    }
    close(fd);
    CsvStatus st = run(&R, o, r);
    if (R.mapped)
        munmap((void *)R.text, R.maplen);
    mem_free(owned);
    return st;
}
