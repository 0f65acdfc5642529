/*
 * test_limits.c — Check tests for the interpreter's limits: programs far
 * deeper or longer than anyone writes by hand (generated here, so the
 * repository does not carry megabyte scripts), number and string
 * literals at their edges, and source text that is not clean UTF-8.
 * Every case must end in a value or a clean error, and the session must
 * work afterwards.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/sift.h"
#include "stdlib/stdlib.h"

/* ---- helpers -------------------------------------------------------- */

/* A growing string for generated programs. */
typedef struct Src {
    char *s;
    size_t n, cap;
} Src;

static void src_add(Src *b, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        b->cap = (b->n + k + 1) * 2;
        b->s = realloc(b->s, b->cap);
        ck_assert_ptr_nonnull(b->s);
    }
    memcpy(b->s + b->n, s, k + 1);
    b->n += k;
}

static void src_repeat(Src *b, const char *s, int times)
{
    for (int i = 0; i < times; i++)
        src_add(b, s);
}

static Interp *open_interp(void)
{
    Interp *I = sift_new(NULL);
    sift_open_stdlib(I);
    return I;
}

/* Run src; when want_error is NULL it must succeed with text/plain equal
 * to want; else it must fail with ename want_error and a message that
 * contains want. Afterwards the session must still compute. */
static void expect_run(Interp *I, const char *src, size_t len, const char *want_error, const char *want)
{
    SiftResult r = sift_run_n(I, "gen", src, len);
    if (!want_error) {
        ck_assert_msg(r.status == SIFT_OK, "unexpected error: %s", r.traceback ? r.traceback : "");
        ck_assert(r.has_value);
        ck_assert_str_eq(sift_bundle_get(&r.value, "text/plain")->data, want);
    } else {
        ck_assert_int_eq(r.status, SIFT_ERROR);
        ck_assert_str_eq(r.ename, want_error);
        ck_assert_msg(strstr(r.evalue, want) != NULL, "message '%s' lacks '%s'", r.evalue, want);
    }
    sift_result_free(&r);
    r = sift_run(I, "after", "kept + 1");
    ck_assert_int_eq(r.status, SIFT_OK);
    ck_assert_str_eq(sift_bundle_get(&r.value, "text/plain")->data, "42");
    sift_result_free(&r);
}

static void check_src(Src *b, const char *want_error, const char *want)
{
    Interp *I = open_interp();
    SiftResult r = sift_run(I, "setup", "kept = 41");
    sift_result_free(&r);
    expect_run(I, b->s, b->n, want_error, want);
    sift_free(I);
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* ---- depth ---------------------------------------------------------- */

START_TEST(long_sum_evaluates)
{
    Src b = {0};
    src_add(&b, "1");
    src_repeat(&b, "+1", 199999);
    check_src(&b, NULL, "200000");
    src_add(&b, "x = 10\n(x");                /* mixed operators, newlines after them */
    src_repeat(&b, " * 1 -\n 0", 100000);
    src_add(&b, ") == 10");
    check_src(&b, NULL, "true");
}
END_TEST

START_TEST(long_logic_chain_evaluates)
{
    Src b = {0};
    src_add(&b, "true");
    src_repeat(&b, " and true", 100000);
    src_add(&b, " and false");
    src_repeat(&b, " or 1 < 2", 100000);
    check_src(&b, NULL, "true");
    src_add(&b, "true");                      /* an error deep in the chain has its position */
    src_repeat(&b, " and true", 50000);
    src_add(&b, " and 3");
    check_src(&b, "TypeError", "'and' expects bool operands, got num");
}
END_TEST

START_TEST(long_else_if_chain_evaluates)
{
    Src b = {0};
    src_add(&b, "x = 99998\ny = 0\nif x == 0 { y = 0 }");
    char line[64];
    for (int i = 1; i < 100000; i++) {
        snprintf(line, sizeof line, " else if x == %d { y = %d }", i, i * 2);
        src_add(&b, line);
    }
    src_add(&b, " else { y = -1 }\ny");
    check_src(&b, NULL, "199996");
}
END_TEST

START_TEST(long_chains_are_syntax_errors)
{
    static const struct { const char *head, *step; } cases[] = {
        {"x = -3\nx", " |> abs()"}, {"x = [0]\nx", "[0]"}, {"f = fn() { f }\nf", "()"},
        {"r = {a: 1}\nr", ".a"}, {"x = 1\nx", "|>abs"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Src b = {0};
        src_add(&b, cases[i].head);
        src_repeat(&b, cases[i].step, i == 0 ? 40000 : 100000);
        check_src(&b, "SyntaxError", "nested too deeply (more than 1000 levels");
    }
    /* a chain a little under the limit still runs */
    Src b = {0};
    src_add(&b, "x = -3\nx");
    src_repeat(&b, " |> abs()", 900);
    check_src(&b, NULL, "3");
}
END_TEST

START_TEST(deep_nesting_is_a_syntax_error)
{
    static const struct { const char *open, *mid, *close; } cases[] = {
        {"- ", "1", ""}, {"not ", "true", ""}, {"fn() { ", "1", " }"}, {"(", "1", ")"},
        {"[", "1", "]"}, {"{a: ", "1", "}"}, {"f(", "1", ")"}, {"2^", "2", ""},
        {"if true { ", "1", " }"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Src b = {0};
        src_repeat(&b, cases[i].open, 100000);
        src_add(&b, cases[i].mid);
        src_repeat(&b, cases[i].close, 100000);
        check_src(&b, "SyntaxError", "nesting too deep (more than 200 levels)");
    }
}
END_TEST

START_TEST(deep_recursion_with_deep_expressions)
{
    /* Each call evaluates a 150-deep expression: the C stack runs out
     * long before 2000 calls unless calls watch it. */
    Src b = {0};
    src_add(&b, "fn f(n) { if n == 0 { 0 } else { f(");
    src_repeat(&b, "abs(", 150);
    src_add(&b, "n");
    src_repeat(&b, ")", 150);
    src_add(&b, " - 1) } }\nf(100000)");
    check_src(&b, "RecursionError", "too many nested calls");
    src_add(&b, "fn g(n) { g(n + 1) }\ng(0)");
    check_src(&b, "RecursionError", "too many nested calls");
    src_add(&b, "l = [1]\nfor i in range(100000) { l = [l] }\nlen(str(l)) > 0");   /* show is bounded */
    check_src(&b, NULL, "true");
}
END_TEST

START_TEST(long_lines_in_errors_are_windowed)
{
    Src b = {0};
    src_add(&b, "x = 1");
    src_repeat(&b, " + 1", 10000);
    src_add(&b, " + \"a\"");
    Interp *I = open_interp();
    SiftResult r = sift_run_n(I, "gen", b.s, b.n);
    ck_assert_int_eq(r.status, SIFT_ERROR);
    ck_assert_ptr_nonnull(strstr(r.traceback, "gen, line 1, column 5: TypeError"));
    ck_assert_uint_lt(strlen(r.traceback), 1000);
    ck_assert_ptr_nonnull(strstr(r.traceback, "+ 1 + \"a\"\n"));
    sift_result_free(&r);
    sift_free(I);
    free(b.s);
}
END_TEST

/* ---- literals -------------------------------------------------------- */

START_TEST(number_literals_exact)
{
    Src b = {0};
    src_add(&b, "1");
    src_repeat(&b, "0", 70);
    src_add(&b, " == 1e70");
    check_src(&b, NULL, "true");
    src_add(&b, "9007199254740993.");          /* 2^53 + 1 + tiny: only the 80th digit */
    src_repeat(&b, "0", 60);                   /* says round up, not to even */
    src_add(&b, "1 == 9007199254740994");
    check_src(&b, NULL, "true");
    src_add(&b, "[0x10000000000000001 == 2^64, 0xFFFFFFFFFFFFFFFFFFFF == 2^80 - 1, 0x1F == 31]");
    check_src(&b, NULL, "[true, true, true]");
    src_add(&b, "0x");
    check_src(&b, "SyntaxError", "malformed number");
    src_add(&b, "0x ");
    check_src(&b, "SyntaxError", "malformed number");
    src_add(&b, "1e400");
    check_src(&b, "SyntaxError", "number '1e400' is too large");
    src_add(&b, "0x");
    src_repeat(&b, "F", 300);
    check_src(&b, "SyntaxError", "is too large");
    src_add(&b, "1e-400 == 0");
    check_src(&b, NULL, "true");
}
END_TEST

START_TEST(source_text_checked)
{
    Src b = {0};
    static const char nul[] = "kept = 0\n# a\0b\n";
    Interp *I = open_interp();
    SiftResult r = sift_run(I, "setup", "kept = 41");
    sift_result_free(&r);
    expect_run(I, nul, sizeof nul - 1, "SyntaxError", "NUL byte in the source");
    expect_run(I, "\xEF\xBB\xBFkept2 = 5\nkept2", 18, NULL, "5");          /* BOM skipped */
    expect_run(I, "x = \"\xff\"", 7, "SyntaxError", "invalid UTF-8 (byte 0xff)");
    expect_run(I, "x\xC0\x80 = 1", 7, "SyntaxError", "invalid UTF-8 (byte 0xc0)");   /* overlong */
    expect_run(I, "x\xED\xA0\x80 = 1", 8, "SyntaxError", "invalid UTF-8 (byte 0xed)"); /* surrogate */
    expect_run(I, "x\xC2\xA0= 1", 6, "SyntaxError", "unexpected U+00A0");
    expect_run(I, "\"caf\xC3\xA9\"", 7, NULL, "\"café\"");
    expect_run(I, "\"\\u0000\"", 8, "SyntaxError", "a string cannot contain NUL");
    expect_run(I, "\"a\\0\"", 5, "SyntaxError", "a string cannot contain NUL");
    expect_run(I, "\"\\u12\"", 6, "SyntaxError", "invalid \\u escape");
    expect_run(I, "\"\\uD800\"", 8, "SyntaxError", "not a Unicode code point");
    expect_run(I, "\"\\u00e9\\U0001F600\"", 18, NULL, "\"é😀\"");
    sift_free(I);
    free(b.s);
}
END_TEST

static Suite *limits_suite(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("limits");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, long_sum_evaluates);
    tcase_add_test(tc, long_logic_chain_evaluates);
    tcase_add_test(tc, long_else_if_chain_evaluates);
    tcase_add_test(tc, long_chains_are_syntax_errors);
    tcase_add_test(tc, deep_nesting_is_a_syntax_error);
    tcase_add_test(tc, deep_recursion_with_deep_expressions);
    tcase_add_test(tc, long_lines_in_errors_are_windowed);
    tcase_add_test(tc, number_literals_exact);
    tcase_add_test(tc, source_text_checked);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(limits_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
