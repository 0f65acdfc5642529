/*
 * test_csv.c — unit tests for stdlib/csv.c: the number parser against
 * strtod on many random inputs, bools and UTF-8, the tokenizer's edge
 * cases (quotes, CRLF, BOM, blank lines, names), type inference and its
 * notes, NA bitmaps, exact error messages, interrupts, out-of-memory
 * paths, and the same frame for every thread count.
 */
#include "stdlib/csv.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/mem.h"
#include "lang/show.h"

/* ---- helpers ------------------------------------------------------------ */

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int rnd_int(int n) { return (int)(rnd() % (uint64_t)n); }

static Frame *read_opts(const char *text, const CsvOptions *o, CsvResult *r)
{
    csv_read_mem("t.csv", text, strlen(text), o, r);
    return r->frame;
}

static Frame *read_ok(const char *text)
{
    CsvOptions o;
    csv_default_options(&o);
    CsvResult r;
    Frame *f = read_opts(text, &o, &r);
    ck_assert_msg(r.status == CSV_OK, "unexpected error: %s", r.msg);
    csv_result_free(&r);
    return f;
}

static const char *read_err(const char *text, CsvStatus want)
{
    static char msg[512];
    CsvOptions o;
    csv_default_options(&o);
    CsvResult r;
    csv_read_mem("t.csv", text, strlen(text), &o, &r);
    ck_assert_int_eq(r.status, want);
    ck_assert_ptr_null(r.frame);
    snprintf(msg, sizeof msg, "%s", r.msg);
    csv_result_free(&r);
    return msg;
}

static const char *cell_str(const Frame *f, int c, int64_t i)
{
    const Vec *v = f->cols[c];
    ck_assert_int_eq(v->kind, VEC_STR);
    ck_assert(vec_is_valid(v, i));
    return vec_str_unsafe(v, i)->s;
}

static double cell_num(const Frame *f, int c, int64_t i)
{
    const Vec *v = f->cols[c];
    ck_assert_int_eq(v->kind, VEC_NUM);
    ck_assert(vec_is_valid(v, i));
    return v->d.num[i];
}

/* Exact equality: kinds, validity, values bit for bit, dictionaries in the
 * same order. */
static void assert_same_frame(const Frame *a, const Frame *b)
{
    ck_assert_int_eq(a->ncol, b->ncol);
    ck_assert_int_eq(a->nrow, b->nrow);
    for (int c = 0; c < a->ncol; c++) {
        ck_assert_str_eq(a->names[c]->s, b->names[c]->s);
        const Vec *x = a->cols[c], *y = b->cols[c];
        ck_assert_int_eq(x->kind, y->kind);
        ck_assert_int_eq(x->len, a->nrow);
        ck_assert_int_eq(y->len, b->nrow);
        ck_assert_int_eq(x->nnull, y->nnull);
        ck_assert_int_eq(x->nnull, x->valid ? bitmap_count_zeros(x->valid, x->len) : 0);
        for (int64_t i = 0; i < x->len; i++) {
            ck_assert_int_eq(vec_is_valid(x, i), vec_is_valid(y, i));
            if (!vec_is_valid(x, i))
                continue;
            if (x->kind == VEC_NUM)
                ck_assert(memcmp(&x->d.num[i], &y->d.num[i], 8) == 0);
            else if (x->kind == VEC_BOOL)
                ck_assert_int_eq(x->d.b[i], y->d.b[i]);
            else
                ck_assert_int_eq(x->d.code[i], y->d.code[i]);
        }
        if (x->kind == VEC_STR) {
            ck_assert_int_eq(x->dict->n, y->dict->n);
            for (int32_t k = 0; k < x->dict->n; k++)
                ck_assert_str_eq(x->dict->strs[k]->s, y->dict->strs[k]->s);
        }
    }
}

/* ---- numbers ------------------------------------------------------------ */

static void check_number(const char *s)
{
    double want = strtod(s, NULL), got;
    ck_assert_msg(csv_parse_number(s, strlen(s), &got), "not parsed: %s", s);
    ck_assert_msg(memcmp(&want, &got, 8) == 0 || (isnan(want) && isnan(got)), "%s: got %.17g want %.17g", s, got,
                  want);
}

START_TEST(number_fixed_cases)
{
    static const char *const ok[] = {
        "0", "-0", "1", "-1", "+7", "3.14159", ".5", "5.", "-.5", "1e10", "1E-10", "1e+3", "2.5e-3",
        "9007199254740992", "9007199254740993", "18446744073709551615", "18446744073709551616",
        "0.1", "0.2", "0.3", "123456789012345678901234567890", "1e308", "1.7976931348623157e308",
        "1e309", "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400",
        "0.000000000000000000000000000001", "1234567890.0987654321", "  42  ", "007", "1.0000000000000002",
        "9999999999999999999", "99999999999999999999e-5", "1e22", "1e23", "123e20", "8.98846567431158e307",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "0.1e1", "100000000000000000000000",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        check_number(ok[i]);
    double d;
    ck_assert(csv_parse_number("inf", 3, &d) && isinf(d) && d > 0);
    ck_assert(csv_parse_number("-Infinity", 9, &d) && isinf(d) && d < 0);
    ck_assert(csv_parse_number("NaN", 3, &d) && isnan(d));
    static const char *const bad[] = {"", " ", ".", "-", "+", "e5", "1e", "1e+", "1.2.3", "0x10", "1,5",
                                      "12abc", "- 1", "1 2", "infx", "--1", "1e5e5", "١"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!csv_parse_number(bad[i], strlen(bad[i]), &d), "parsed: '%s'", bad[i]);
}
END_TEST

START_TEST(number_random_vs_strtod)
{
    char buf[96];
    for (int iter = 0; iter < 300000; iter++) {
        int k = 0;
        if (rnd_int(4) == 0)
            buf[k++] = '-';
        int nint = rnd_int(iter % 3 == 0 ? 25 : 10), nfrac = rnd_int(iter % 5 == 0 ? 25 : 8);
        if (nint + nfrac == 0)
            nint = 1;
        for (int i = 0; i < nint; i++)
            buf[k++] = (char)('0' + rnd_int(10));
        if (nfrac || rnd_int(2)) {
            buf[k++] = '.';
            for (int i = 0; i < nfrac; i++)
                buf[k++] = (char)('0' + rnd_int(10));
        }
        if (rnd_int(3) == 0)
            k += sprintf(buf + k, "e%d", rnd_int(700) - 350);
        buf[k] = 0;
        check_number(buf);
    }
    /* Shortest round-trip text of random doubles must come back exactly. */
    for (int iter = 0; iter < 100000; iter++) {
        uint64_t bits = rnd();
        double x;
        memcpy(&x, &bits, 8);
        if (!isfinite(x))
            continue;
        snprintf(buf, sizeof buf, "%.17g", x);
        check_number(buf);
        snprintf(buf, sizeof buf, "%.*g", 1 + rnd_int(17), x);
        check_number(buf);
    }
}
END_TEST

START_TEST(bools_and_utf8)
{
    bool b;
    ck_assert(csv_parse_bool("true", 4, &b) && b);
    ck_assert(csv_parse_bool("FALSE", 5, &b) && !b);
    ck_assert(csv_parse_bool("True", 4, &b) && b);
    ck_assert(!csv_parse_bool("tRUE", 4, &b));
    ck_assert(!csv_parse_bool("yes", 3, &b));
    ck_assert(!csv_parse_bool("1", 1, &b));
    size_t bad;
    ck_assert(csv_utf8_valid("héllo wörld €𝄞", strlen("héllo wörld €𝄞"), &bad));
    ck_assert(!csv_utf8_valid("ab\xff", 3, &bad) && bad == 2);
    ck_assert(!csv_utf8_valid("\xc0\xaf", 2, &bad) && bad == 0);       /* overlong */
    ck_assert(!csv_utf8_valid("\xed\xa0\x80", 3, &bad));               /* surrogate */
    ck_assert(!csv_utf8_valid("\xf4\x90\x80\x80", 4, &bad));           /* > U+10FFFF */
    ck_assert(!csv_utf8_valid("a\xe2\x82", 3, &bad) && bad == 1);      /* truncated */
}
END_TEST

/* ---- tokenizer ---------------------------------------------------------- */

START_TEST(quoted_fields)
{
    Frame *f = read_ok("name,text\n"
                       "a,\"x,y\"\n"
                       "b,\"she said \"\"hi\"\"\"\n"
                       "c,\"line1\nline2\"\n"
                       "\"d\",\"\"\"\"\n");
    ck_assert_int_eq(f->nrow, 4);
    ck_assert_str_eq(cell_str(f, 1, 0), "x,y");
    ck_assert_str_eq(cell_str(f, 1, 1), "she said \"hi\"");
    ck_assert_str_eq(cell_str(f, 1, 2), "line1\nline2");
    ck_assert_str_eq(cell_str(f, 0, 3), "d");
    ck_assert_str_eq(cell_str(f, 1, 3), "\"");
    obj_unref(f);
}
END_TEST

/* Quoted numbers are numbers; an escaped quote makes a str (read from the
 * arena copy, which must keep the scanner's read-ahead pad). */
START_TEST(quoted_numbers)
{
    SBuf b = {0};
    sb_puts(&b, "a,b\n");
    for (int i = 0; i < 5000; i++)
        sb_printf(&b, "\"%d.5\",\"%d\"\"%d\"\n", i, i, i);
    Frame *f = read_ok(b.s);
    ck_assert_int_eq(f->cols[0]->kind, VEC_NUM);
    ck_assert_double_eq(cell_num(f, 0, 4999), 4999.5);
    ck_assert_str_eq(cell_str(f, 1, 12), "12\"12");
    obj_unref(f);
    mem_free(b.s);
}
END_TEST

START_TEST(crlf_bom_blank_lines)
{
    Frame *f = read_ok("\xEF\xBB\xBF" "a,b\r\n1,x\r\n\r\n2,\"y\r\nz\"\r\n\n3,w");
    ck_assert_int_eq(f->nrow, 3);
    ck_assert_str_eq(f->names[0]->s, "a");
    ck_assert_double_eq(cell_num(f, 0, 2), 3);
    ck_assert_str_eq(cell_str(f, 1, 0), "x");
    ck_assert_str_eq(cell_str(f, 1, 1), "y\r\nz");
    ck_assert_str_eq(cell_str(f, 1, 2), "w");
    obj_unref(f);
}
END_TEST

/* Old Mac files end lines with a lone CR; it is a line end anywhere
 * outside quotes, mixed with LF and CRLF in any order (as pandas). */
START_TEST(cr_line_ends)
{
    Frame *f = read_ok("a,b\r1,x\r2,y\r");
    ck_assert_int_eq(f->ncol, 2);
    ck_assert_int_eq(f->nrow, 2);
    ck_assert_str_eq(f->names[1]->s, "b");
    ck_assert_double_eq(cell_num(f, 0, 1), 2);
    ck_assert_str_eq(cell_str(f, 1, 1), "y");
    obj_unref(f);
    /* mixed, blank lines of each kind, no final line end, a BOM */
    f = read_ok("\xEF\xBB\xBF" "a,b\r\n1,x\n\r2,\"p\rq\"\r\r\n\n3,z");
    ck_assert_int_eq(f->nrow, 3);
    ck_assert_str_eq(f->names[0]->s, "a");
    ck_assert_str_eq(cell_str(f, 1, 1), "p\rq");       /* quoted: data */
    ck_assert_double_eq(cell_num(f, 0, 2), 3);
    ck_assert_str_eq(cell_str(f, 1, 2), "z");
    obj_unref(f);
    /* a lone CR ends a record: this one is short, on line 3 */
    ck_assert_str_eq(read_err("a,b\r1,x\ry\r", CSV_EVALUE), "t.csv, line 3: expected 2 fields, found 1");
    /* line numbers count CR line ends, inside quotes too */
    ck_assert_str_eq(read_err("a,b\r1,\"x\ry\"\r2,x,3\r", CSV_EVALUE),
                     "t.csv, line 4: expected 2 fields, found 3");
    /* CR-only text in parallel: every thread count gives the same frame,
     * equal to the LF version's */
    SBuf b = {0};
    sb_puts(&b, "id,text\r");
    for (int i = 0; i < 20000; i++)
        sb_printf(&b, i % 9 ? "%d,w%d\r" : "%d,\"two\rlines %d\"\r", i, i % 13);
    CsvOptions o;
    csv_default_options(&o);
    o.nthreads = 1;
    CsvResult r1;
    Frame *ref = read_opts(b.s, &o, &r1);
    ck_assert_msg(r1.status == CSV_OK, "%s", r1.msg);
    ck_assert_int_eq(ref->nrow, 20000);
    ck_assert_str_eq(cell_str(ref, 1, 9), "two\rlines 9");
    ck_assert_double_eq(cell_num(ref, 0, 19999), 19999);
    for (int t = 2; t <= 8; t++) {
        o.nthreads = t;
        CsvResult r;
        Frame *g = read_opts(b.s, &o, &r);
        ck_assert_msg(r.status == CSV_OK, "%s", r.msg);
        assert_same_frame(ref, g);
        csv_result_free(&r);
        obj_unref(g);
    }
    csv_result_free(&r1);
    obj_unref(ref);
    mem_free(b.s);
}
END_TEST

/* No header at all is the CSV of the empty frame; a header alone gives
 * columns with no rows. */
START_TEST(empty_and_header_only)
{
    static const char *const empties[] = {"", "\n", "\r\n\r\n", "\r\r", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n\n"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        CsvOptions o;
        csv_default_options(&o);
        CsvResult r;
        Frame *f = read_opts(empties[i], &o, &r);
        ck_assert_int_eq(r.status, CSV_OK);
        ck_assert(r.empty);
        ck_assert_int_eq(f->ncol, 0);
        ck_assert_int_eq(f->nrow, 0);
        csv_result_free(&r);
        obj_unref(f);
    }
    static const char *const headers[] = {"a,b", "a,b\n", "a,b\r", "a,b\r\n\r\n"};
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        Frame *f = read_ok(headers[i]);
        ck_assert_int_eq(f->ncol, 2);
        ck_assert_int_eq(f->nrow, 0);
        ck_assert_str_eq(f->names[1]->s, "b");
        obj_unref(f);
    }
}
END_TEST

START_TEST(names_and_header)
{
    Frame *f = read_ok("a,,a,b,a\n1,2,3,4,5\n");
    ck_assert_str_eq(f->names[0]->s, "a");
    ck_assert_str_eq(f->names[1]->s, "V2");
    ck_assert_str_eq(f->names[2]->s, "a.1");
    ck_assert_str_eq(f->names[3]->s, "b");
    ck_assert_str_eq(f->names[4]->s, "a.2");
    obj_unref(f);
    CsvOptions o;
    csv_default_options(&o);
    o.header = false;
    CsvResult r;
    f = read_opts("1,x\n2,y\n", &o, &r);
    ck_assert_int_eq(r.status, CSV_OK);
    ck_assert_int_eq(f->nrow, 2);
    ck_assert_str_eq(f->names[0]->s, "V1");
    ck_assert_str_eq(f->names[1]->s, "V2");
    csv_result_free(&r);
    obj_unref(f);
    f = read_ok("x,y\n");                     /* header only */
    ck_assert_int_eq(f->nrow, 0);
    ck_assert_int_eq(f->ncol, 2);
    ck_assert_int_eq(f->cols[0]->kind, VEC_NUM);
    obj_unref(f);
    o.header = true;
    o.sep = ';';
    f = read_opts("a;b\n1,5;x\n", &o, &r);
    ck_assert_str_eq(cell_str(f, 0, 0), "1,5");
    csv_result_free(&r);
    obj_unref(f);
}
END_TEST

/* 100k columns: repeated names are renamed in one pass and the frame is
 * built in linear time (it was quadratic: 28 s), including the awkward
 * "x" x 100k where every name needs a suffix; a suffix already taken by a
 * real column is skipped. */
START_TEST(wide_names_linear)
{
    Frame *f = read_ok("a,a,a.1,a.1\n1,2,3,4\n");
    ck_assert_str_eq(f->names[1]->s, "a.2");
    ck_assert_str_eq(f->names[2]->s, "a.1");
    ck_assert_str_eq(f->names[3]->s, "a.1.1");
    obj_unref(f);
    clock_t t0 = clock();
    for (int distinct = 0; distinct < 2; distinct++) {
        SBuf b = {0};
        for (int c = 0; c < CSV_MAX_COLS; c++)
            sb_printf(&b, distinct ? "%sc%d" : "%sx", c ? "," : "", c);
        sb_puts(&b, "\n");
        for (int row = 0; row < 2; row++)
            for (int c = 0; c < CSV_MAX_COLS; c++)
                sb_printf(&b, "%d%s", c + row, c + 1 < CSV_MAX_COLS ? "," : "\n");
        f = read_ok(b.s);
        ck_assert_int_eq(f->ncol, CSV_MAX_COLS);
        ck_assert_int_eq(f->nrow, 2);
        ck_assert_str_eq(f->names[CSV_MAX_COLS - 1]->s, distinct ? "c99999" : "x.99999");
        ck_assert_double_eq(cell_num(f, CSV_MAX_COLS - 1, 1), CSV_MAX_COLS);
        obj_unref(f);
        mem_free(b.s);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_msg(secs < 5, "two 100k-column reads took %.1f s", secs);
}
END_TEST

/* The interrupt is polled inside a record too: one data record of 100k
 * fields (~600 KB) stops part-way. The progress callback (called at the
 * first poll, before any field) raises the flag. */
static void raise_flag(void *ud, double fraction)
{
    (void)fraction;
    *(volatile sig_atomic_t *)ud = 1;
}

START_TEST(wide_record_interrupt)
{
    SBuf b = {0};
    for (int c = 0; c < CSV_MAX_COLS; c++)
        sb_printf(&b, "%sc%d", c ? "," : "", c);
    sb_puts(&b, "\n");
    for (int c = 0; c < CSV_MAX_COLS; c++)
        sb_printf(&b, "%d.25%s", c, c + 1 < CSV_MAX_COLS ? "," : "\n");
    volatile sig_atomic_t flag = 0;
    CsvOptions o;
    csv_default_options(&o);
    o.nthreads = 1;
    o.interrupted = &flag;
    o.progress = raise_flag;
    o.progress_ud = (void *)&flag;
    CsvResult r;
    csv_read_mem("t.csv", b.s, b.len, &o, &r);
    ck_assert_int_eq(r.status, CSV_EINTR);
    ck_assert_ptr_null(r.frame);
    csv_result_free(&r);
    mem_free(b.s);
}
END_TEST

START_TEST(many_columns_long_fields)
{
    SBuf b = {0};
    for (int c = 0; c < 3000; c++)
        sb_printf(&b, "%sc%d", c ? "," : "", c);
    sb_puts(&b, "\n");
    for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3000; c++)
            sb_printf(&b, "%s%d", c ? "," : "", r * c);
        sb_puts(&b, "\n");
    }
    Frame *f = read_ok(b.s);
    ck_assert_int_eq(f->ncol, 3000);
    ck_assert_double_eq(cell_num(f, 2999, 2), 2 * 2999);
    obj_unref(f);
    mem_free(b.s);
    size_t n = 5 << 20;
    char *big = mem_alloc(n + 32);
    memcpy(big, "a,b\n1,\"", 7);
    memset(big + 7, 'z', n);
    memcpy(big + 7 + n, "\"\n", 3);
    f = read_ok(big);
    ck_assert_int_eq(f->cols[1]->dict->strs[0]->len, n);
    obj_unref(f);
    mem_free(big);
}
END_TEST

/* ---- type inference and NA ---------------------------------------------- */

START_TEST(inference)
{
    CsvOptions o;
    csv_default_options(&o);
    CsvResult r;
    Frame *f = read_opts("n,b,s,mix,allna,numbool,z\n"
                         "1,true,x,1,,1,007\n"
                         "2.5,FALSE,y,2,NA,true,1.50\n"
                         "NaN,,null,abc,?,,x\n"
                         "-3e2,True,\"z\",4,null,0,\n",
                         &o, &r);
    ck_assert_int_eq(r.status, CSV_OK);
    ck_assert_int_eq(f->cols[0]->kind, VEC_NUM);
    ck_assert_int_eq(f->cols[1]->kind, VEC_BOOL);
    ck_assert_int_eq(f->cols[2]->kind, VEC_STR);
    ck_assert_int_eq(f->cols[3]->kind, VEC_STR);
    ck_assert_int_eq(f->cols[4]->kind, VEC_NUM);
    ck_assert_int_eq(f->cols[5]->kind, VEC_STR);
    ck_assert_int_eq(f->cols[6]->kind, VEC_STR);
    ck_assert_double_eq(cell_num(f, 0, 3), -300);
    ck_assert(!vec_is_valid(f->cols[0], 2));
    ck_assert_int_eq(f->cols[1]->d.b[2 - 1], 0);
    ck_assert(!vec_is_valid(f->cols[1], 2));
    ck_assert_int_eq(f->cols[4]->nnull, 4);
    /* Re-read as text: the numbers keep their spelling. */
    ck_assert_str_eq(cell_str(f, 3, 0), "1");
    ck_assert_str_eq(cell_str(f, 3, 2), "abc");
    ck_assert_str_eq(cell_str(f, 6, 0), "007");
    ck_assert_str_eq(cell_str(f, 6, 1), "1.50");
    /* Dictionary in order of first appearance. */
    ck_assert_str_eq(f->cols[3]->dict->strs[0]->s, "1");
    ck_assert_str_eq(f->cols[3]->dict->strs[2]->s, "abc");
    ck_assert_int_eq(r.nnotes, 3);
    ck_assert_int_eq(r.notes[0].col, 3);
    ck_assert_int_eq(r.notes[0].line, 4);
    ck_assert_str_eq(r.notes[0].value, "abc");
    ck_assert_str_eq(r.notes[0].first_kind, "num");
    ck_assert_int_eq(r.notes[1].col, 5);
    ck_assert_str_eq(r.notes[1].value, "true");
    ck_assert_int_eq(r.notes[2].col, 6);
    ck_assert_str_eq(r.notes[2].value, "x");
    csv_result_free(&r);
    obj_unref(f);
}
END_TEST

START_TEST(na_markers_and_quotes)
{
    static const char *const na[] = {"-999", "missing"};
    CsvOptions o;
    csv_default_options(&o);
    o.na = na;
    o.nna = 2;
    CsvResult r;
    Frame *f = read_opts("a,b\n1,missing\n-999,x\n,\"missing\"\n", &o, &r);
    ck_assert_int_eq(r.status, CSV_OK);
    ck_assert_int_eq(f->cols[0]->kind, VEC_NUM);
    ck_assert(!vec_is_valid(f->cols[0], 1));
    ck_assert(!vec_is_valid(f->cols[0], 2));      /* empty is always NA */
    ck_assert(!vec_is_valid(f->cols[1], 0));
    ck_assert_str_eq(cell_str(f, 1, 2), "missing"); /* quoted: a value */
    csv_result_free(&r);
    obj_unref(f);
    f = read_ok("a,b\n\"NA\",\"\"\n1,2\n");
    ck_assert_str_eq(cell_str(f, 0, 0), "NA");
    ck_assert(!vec_is_valid(f->cols[1], 0));
    obj_unref(f);
}
END_TEST

START_TEST(forced_types)
{
    static const char *const names[] = {"id", "flag"};
    static const CsvKind kinds[] = {CSV_STR, CSV_NUM};
    CsvOptions o;
    csv_default_options(&o);
    o.force_names = names;
    o.force_kinds = kinds;
    o.nforce = 2;
    CsvResult r;
    Frame *f = read_opts("id,flag\n001,1\n002,NA\n", &o, &r);
    ck_assert_int_eq(r.status, CSV_OK);
    ck_assert_str_eq(cell_str(f, 0, 0), "001");
    ck_assert_int_eq(f->cols[1]->kind, VEC_NUM);
    csv_result_free(&r);
    obj_unref(f);
    f = read_opts("id,flag\n001,yes\n", &o, &r);
    ck_assert_int_eq(r.status, CSV_EVALUE);
    ck_assert_str_eq(r.msg, "t.csv, line 2, column 2 (flag): expected a number, found 'yes'");
    csv_result_free(&r);
    static const char *const nope[] = {"zz"};
    o.force_names = nope;
    o.nforce = 1;
    f = read_opts("id,flag\n1,2\n", &o, &r);
    ck_assert_str_eq(r.msg, "t.csv: types names a column that is not there: 'zz'");
    csv_result_free(&r);
}
END_TEST

START_TEST(na_bitmap_exact)
{
    SBuf b = {0};
    sb_puts(&b, "x,s\n");
    enum { N = 20000 };
    static bool na[N];
    for (int i = 0; i < N; i++) {
        na[i] = rnd_int(7) == 0;
        if (na[i])
            sb_puts(&b, ",\n");
        else
            sb_printf(&b, "%d,s%d\n", i, i % 3);
    }
    for (int threads = 1; threads <= 4; threads++) {
        CsvOptions o;
        csv_default_options(&o);
        o.nthreads = threads;
        CsvResult r;
        Frame *f = read_opts(b.s, &o, &r);
        ck_assert_int_eq(r.status, CSV_OK);
        int64_t nn = 0;
        for (int i = 0; i < N; i++) {
            nn += na[i];
            ck_assert_int_eq(vec_is_valid(f->cols[0], i), !na[i]);
            ck_assert_int_eq(vec_is_valid(f->cols[1], i), !na[i]);
            if (!na[i])
                ck_assert_double_eq(f->cols[0]->d.num[i], i);
            else
                ck_assert_int_eq(f->cols[1]->d.code[i], 0);
        }
        ck_assert_int_eq(f->cols[0]->nnull, nn);
        ck_assert_int_eq(bitmap_count_zeros(f->cols[0]->valid, N), nn);
        /* bits past len are zero */
        if (N & 63)
            ck_assert_int_eq(f->cols[0]->valid[N >> 6] >> (N & 63), 0);
        csv_result_free(&r);
        obj_unref(f);
    }
    mem_free(b.s);
}
END_TEST

/* ---- errors --------------------------------------------------------------- */

START_TEST(error_messages)
{
    ck_assert_str_eq(read_err("a,b,c\n1,2,3\n4,5\n", CSV_EVALUE), "t.csv, line 3: expected 3 fields, found 2");
    ck_assert_str_eq(read_err("a,b\n1,2\n3,4,5,6\n", CSV_EVALUE), "t.csv, line 3: expected 2 fields, found 4");
    ck_assert_str_eq(read_err("a,b\n1,\"x\ny\"\n3,4,5\n", CSV_EVALUE), "t.csv, line 4: expected 2 fields, found 3");
    ck_assert_str_eq(read_err("a,b\n1,\"abc\n2,3\n", CSV_EVALUE), "t.csv, line 2, column 2 (b): unterminated quoted field");
    ck_assert_str_eq(read_err("a,b\n1,\"abc\"x\n", CSV_EVALUE),
                     "t.csv, line 2, column 2 (b): unexpected character 'x' after a closing quote (a quote inside a quoted field is written \"\")");
    ck_assert_str_eq(read_err("a,b\n1,caf\xe9\n", CSV_EVALUE),
                     "t.csv, line 2, column 2 (b): invalid UTF-8 (byte 0xe9 at offset 3 of the field)");
    ck_assert_str_eq(read_err("a,\xff\n", CSV_EVALUE), "t.csv, line 1, column 2: invalid UTF-8 in the header (byte 0xff)");
    const char nul[] = "a,b\n1,x\0y\n";
    CsvOptions o;
    csv_default_options(&o);
    CsvResult r;
    csv_read_mem("t.csv", nul, sizeof nul - 1, &o, &r);
    ck_assert_int_eq(r.status, CSV_EVALUE);
    ck_assert_str_eq(r.msg, "t.csv, line 2: NUL byte in the data");
    csv_result_free(&r);
    csv_read_file("/nonexistent/x.csv", "x.csv", &o, &r);
    ck_assert_int_eq(r.status, CSV_EIO);
    ck_assert_str_eq(r.msg, "cannot open 'x.csv': No such file or directory");
    csv_result_free(&r);
    csv_read_file("/tmp", "/tmp", &o, &r);
    ck_assert_str_eq(r.msg, "cannot read '/tmp': it is a directory");
    csv_result_free(&r);
}
END_TEST

START_TEST(interrupt_and_oom)
{
    SBuf b = {0};
    sb_puts(&b, "a,b\n");
    for (int i = 0; i < 10000; i++)
        sb_printf(&b, "%d,w%d\n", i, i % 50);
    volatile sig_atomic_t flag = 1;
    CsvOptions o;
    csv_default_options(&o);
    o.interrupted = &flag;
    CsvResult r;
    csv_read_mem("t.csv", b.s, b.len, &o, &r);
    ck_assert_int_eq(r.status, CSV_EINTR);
    csv_result_free(&r);
    o.interrupted = NULL;
    size_t live = mem_live_bytes();
    for (long k = 1; k < 40; k++) {
        mem_fail_after(k);
        csv_read_mem("t.csv", b.s, b.len, &o, &r);
        mem_fail_after(0);
        ck_assert(r.status == CSV_OK || r.status == CSV_ENOMEM);
        if (r.frame)
            obj_unref(r.frame);
        csv_result_free(&r);
    }
    ck_assert_int_eq(mem_live_bytes(), live);
    mem_free(b.s);
}
END_TEST

/* Every file in tests/bad_input/csv/ gives the error EXPECTED pins, with
 * one thread and with four. (Run from the repository root.) */
START_TEST(bad_input_catalogue)
{
    FILE *fp = fopen("tests/bad_input/csv/EXPECTED", "r");
    ck_assert_ptr_nonnull(fp);
    char line[1024], path[1100];
    int n = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        ck_assert_ptr_nonnull(tab);
        *tab = 0;
        const char *want = strstr(tab + 1, "read_csv: ");
        ck_assert_ptr_nonnull(want);
        want += strlen("read_csv: ");
        snprintf(path, sizeof path, "tests/bad_input/csv/%s", line);
        for (int t = 1; t <= 4; t += 3) {
            CsvOptions o;
            csv_default_options(&o);
            o.nthreads = t;
            CsvResult r;
            csv_read_file(path, path, &o, &r);
            ck_assert_msg(r.status == CSV_EVALUE, "%s: status %d", line, r.status);
            ck_assert_str_eq(r.msg, want);
            csv_result_free(&r);
        }
        n++;
    }
    fclose(fp);
    ck_assert_int_ge(n, 20);
}
END_TEST

/* ---- threads give the same frame ----------------------------------------- */

static void random_csv(SBuf *b, int rows, bool quotes)
{
    static const char *const words[] = {"apple", "pear", "fig", "kiwi", "plum", "lime"};
    sb_puts(b, "id,num,mixed,flag,word,late\n");
    for (int i = 0; i < rows; i++) {
        sb_printf(b, "%d,", i);
        if (rnd_int(10) == 0)
            sb_puts(b, ",");
        else
            sb_printf(b, "%.*f,", rnd_int(8), (double)(int64_t)(rnd() % 2000000) / 997.0 - 1000);
        if (rnd_int(200) == 0)
            sb_puts(b, "oops,");
        else
            sb_printf(b, "%d,", rnd_int(100));
        sb_puts(b, rnd_int(5) == 0 ? "," : rnd_int(2) ? "true," : "False,");
        const char *w = words[rnd_int(6)];
        if (quotes && rnd_int(4) == 0)
            sb_printf(b, "\"%s, \"\"%d\"\"\n%s\",", w, rnd_int(3), w);
        else
            sb_printf(b, "%s,", w);
        sb_puts(b, i == rows - 7 ? "late word\n" : "12\n");
        if (rnd_int(50) == 0)
            sb_puts(b, rnd_int(2) ? "\n" : "\r\n");
    }
}

START_TEST(threads_identical)
{
    for (int round = 0; round < 4; round++) {
        SBuf b = {0};
        random_csv(&b, 3000 + round * 5000, round % 2 == 1);
        CsvOptions o;
        csv_default_options(&o);
        o.nthreads = 1;
        CsvResult r1;
        Frame *ref = read_opts(b.s, &o, &r1);
        ck_assert_msg(r1.status == CSV_OK, "%s", r1.msg);
        ck_assert_int_eq(ref->cols[2]->kind, VEC_STR);
        ck_assert_int_eq(ref->cols[3]->kind, VEC_BOOL);
        ck_assert_int_eq(ref->cols[5]->kind, VEC_STR);
        for (int t = 2; t <= 8; t++) {
            o.nthreads = t;
            CsvResult r;
            Frame *f = read_opts(b.s, &o, &r);
            ck_assert_msg(r.status == CSV_OK, "%s", r.msg);
            assert_same_frame(ref, f);
            ck_assert_int_eq(r.nnotes, r1.nnotes);
            for (int k = 0; k < r.nnotes; k++) {
                ck_assert_int_eq(r.notes[k].line, r1.notes[k].line);
                ck_assert_str_eq(r.notes[k].value, r1.notes[k].value);
            }
            csv_result_free(&r);
            obj_unref(f);
        }
        csv_result_free(&r1);
        obj_unref(ref);
        mem_free(b.s);
    }
}
END_TEST

/* A quote inside an unquoted field is data, which throws the quote parity
 * used to cut chunks off by one: chunk boundaries then fall inside quoted
 * fields, the parse notices and starts again on one thread. */
START_TEST(stray_quotes_fallback)
{
    SBuf b = {0};
    sb_puts(&b, "id,height,text\n0,5'11\",plain\n");
    for (int i = 1; i < 6000; i++)
        sb_printf(&b, "%d,%d,\"multi\nline %d\"\n", i, i % 7, i);
    CsvOptions o;
    csv_default_options(&o);
    o.nthreads = 1;
    CsvResult r1;
    Frame *ref = read_opts(b.s, &o, &r1);
    ck_assert_msg(r1.status == CSV_OK, "%s", r1.msg);
    ck_assert_int_eq(ref->nrow, 6000);
    ck_assert_str_eq(cell_str(ref, 1, 0), "5'11\"");
    ck_assert_str_eq(cell_str(ref, 2, 5999), "multi\nline 5999");
    for (int t = 2; t <= 8; t++) {
        o.nthreads = t;
        CsvResult r;
        Frame *f = read_opts(b.s, &o, &r);
        ck_assert_msg(r.status == CSV_OK, "%s", r.msg);
        assert_same_frame(ref, f);
        csv_result_free(&r);
        obj_unref(f);
    }
    csv_result_free(&r1);
    obj_unref(ref);
    mem_free(b.s);
}
END_TEST

START_TEST(threads_same_errors)
{
    SBuf b = {0};
    random_csv(&b, 5000, true);
    sb_puts(&b, "1,2,3\n");
    random_csv(&b, 100, false);
    const char *want = NULL;
    char first[512];
    for (int t = 1; t <= 6; t++) {
        CsvOptions o;
        csv_default_options(&o);
        o.nthreads = t;
        CsvResult r;
        csv_read_mem("t.csv", b.s, b.len, &o, &r);
        ck_assert_int_eq(r.status, CSV_EVALUE);
        if (!want) {
            snprintf(first, sizeof first, "%s", r.msg);
            want = first;
            ck_assert_msg(strstr(want, "expected 6 fields, found 3"), "%s", want);
        }
        ck_assert_str_eq(r.msg, want);
        csv_result_free(&r);
    }
    mem_free(b.s);
}
END_TEST

static Suite *csv_suite(void)
{
    Suite *s = suite_create("csv");
    TCase *t = tcase_create("core");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, number_fixed_cases);
    tcase_add_test(t, number_random_vs_strtod);
    tcase_add_test(t, bools_and_utf8);
    tcase_add_test(t, quoted_fields);
    tcase_add_test(t, quoted_numbers);
    tcase_add_test(t, crlf_bom_blank_lines);
    tcase_add_test(t, cr_line_ends);
    tcase_add_test(t, empty_and_header_only);
    tcase_add_test(t, wide_names_linear);
    tcase_add_test(t, wide_record_interrupt);
    tcase_add_test(t, names_and_header);
    tcase_add_test(t, many_columns_long_fields);
    tcase_add_test(t, inference);
    tcase_add_test(t, na_markers_and_quotes);
    tcase_add_test(t, forced_types);
    tcase_add_test(t, na_bitmap_exact);
    tcase_add_test(t, error_messages);
    tcase_add_test(t, interrupt_and_oom);
    tcase_add_test(t, bad_input_catalogue);
    tcase_add_test(t, threads_identical);
    tcase_add_test(t, threads_same_errors);
    tcase_add_test(t, stray_quotes_fallback);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(csv_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
