/*
 * test_json.c — unit tests for stdlib/jsonread.c: the fast record scanner
 * against Jansson (the same frame whichever path reads a record), its
 * number reader against strtod on many random JSON numbers, error
 * positions, and interrupts.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/mem.h"
#include "lang/sift.h"
#include "stdlib/json.h"
#include "stdlib/stdlib.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int rnd_int(int n) { return (int)(rnd() % (uint64_t)n); }

static Interp *new_interp(void)
{
    Interp *I = sift_new(NULL);
    sift_open_stdlib(I);
    return I;
}

static Frame *read_ok(Interp *I, const SBuf *b, int lines)
{
    Frame *f = NULL;
    Status st = jsonread_frame(I, "t.json", b->s, b->len, lines, NULL, &f);
    ck_assert_msg(st == ST_OK, "unexpected error: %s", I->err.msg);
    return f;
}

/* A random number in JSON's grammar: sign, integer part, fraction, exponent. */
static void random_number(SBuf *b)
{
    if (rnd_int(3) == 0)
        sb_putn(b, "-", 1);
    int nint = rnd_int(4) == 0 ? 1 : 1 + rnd_int(20);
    if (nint == 1 && rnd_int(3) == 0)
        sb_putn(b, "0", 1);
    else
        for (int i = 0; i < nint; i++)
            sb_printf(b, "%d", i == 0 ? 1 + rnd_int(9) : rnd_int(10));
    if (rnd_int(2)) {
        sb_putn(b, ".", 1);
        int nfrac = 1 + rnd_int(rnd_int(4) == 0 ? 30 : 8);
        for (int i = 0; i < nfrac; i++)
            sb_printf(b, "%d", rnd_int(10));
    }
    if (rnd_int(5) == 0)
        sb_printf(b, "%c%s%d", rnd_int(2) ? 'e' : 'E', rnd_int(2) ? "-" : rnd_int(2) ? "+" : "", rnd_int(280));
}

START_TEST(numbers_agree_with_strtod)
{
    Interp *I = new_interp();
    enum { N = 20000 };
    SBuf text = {0};
    char **nums = malloc(sizeof(char *) * N);
    for (int i = 0; i < N; i++) {
        SBuf n = {0};
        random_number(&n);
        nums[i] = sb_take(&n);
        sb_printf(&text, "{\"x\":%s}\n", nums[i]);
    }
    Frame *f = read_ok(I, &text, 1);
    ck_assert_int_eq(f->nrow, N);
    const Vec *x = f->cols[0];
    ck_assert_int_eq(x->kind, VEC_NUM);
    for (int i = 0; i < N; i++) {
        double want = strtod(nums[i], NULL), got = x->d.num[i];
        ck_assert_msg(memcmp(&want, &got, sizeof want) == 0, "%s read as %.17g, strtod gives %.17g", nums[i], got,
                      want);
        mem_free(nums[i]);
    }
    free(nums);
    mem_free(text.s);
    obj_unref(f);
    sift_free(I);
}
END_TEST

/* A random flat record over the keys k0..k5 (some missing, some null),
 * with an extra key whose name holds an escape when slow, which sends the
 * record to Jansson. */
static void random_record(SBuf *b, bool slow)
{
    static const char *const strs[] = {"plain", "Zürich", "東京", "", "with space", "a/b"};
    sb_putn(b, "{", 1);
    bool first = true;
    if (slow) {
        sb_puts(b, "\"\\u005f\":0");
        first = false;
    }
    for (int k = 0; k < 6; k++) {
        if (rnd_int(5) == 0)
            continue;
        sb_printf(b, "%s \"k%d\" : ", first ? "" : ",", k);
        first = false;
        int what = rnd_int(10) == 0 ? 4 : k % 4;
        if (what == 0)
            random_number(b);
        else if (what == 1)
            sb_puts(b, rnd_int(2) ? "true" : "false");
        else if (what == 2)
            sb_printf(b, "\"%s\"", strs[rnd_int(6)]);
        else if (what == 3)
            sb_printf(b, "%d", rnd_int(100));
        else
            sb_puts(b, "null");
    }
    sb_putn(b, "}", 1);
}

START_TEST(fast_path_and_jansson_agree)
{
    Interp *I = new_interp();
    enum { N = 3000 };
    uint64_t seed = rng_state;
    for (int layout = 0; layout < 2; layout++) {
        SBuf fast = {0}, slow = {0};
        for (int pass = 0; pass < 2; pass++) {
            rng_state = seed;
            SBuf *b = pass ? &slow : &fast;
            sb_puts(b, layout ? "[\n" : "");
            for (int i = 0; i < N; i++) {
                random_record(b, pass == 1);
                sb_puts(b, layout ? (i + 1 < N ? ",\n" : "\n]\n") : "\n");
            }
        }
        Frame *a = read_ok(I, &fast, -1), *b = read_ok(I, &slow, -1);
        ck_assert_int_eq(a->nrow, N);
        ck_assert_int_eq(b->nrow, N);
        ck_assert_int_eq(b->ncol, a->ncol + 1);
        ck_assert_str_eq(b->names[0]->s, "_");
        for (int c = 0; c < a->ncol; c++) {
            ck_assert_str_eq(a->names[c]->s, b->names[c + 1]->s);
            Value va = val_obj_take(a->cols[c]), vb = val_obj_take(b->cols[c + 1]);
            ck_assert_msg(val_equal(va, vb), "column %s differs between the two paths", a->names[c]->s);
        }
        obj_unref(a);
        obj_unref(b);
        mem_free(fast.s);
        mem_free(slow.s);
    }
    sift_free(I);
}
END_TEST

static void expect_error(Interp *I, const char *text, int lines, const char *msg)
{
    Frame *f = NULL;
    Status st = jsonread_frame(I, "t.json", text, strlen(text), lines, NULL, &f);
    ck_assert_int_eq(st, ST_ERR);
    ck_assert_msg(strstr(I->err.msg, msg) != NULL, "got '%s', want '%s'", I->err.msg, msg);
    err_clear(I);
}

START_TEST(error_positions)
{
    Interp *I = new_interp();
    expect_error(I, "{\"a\": 1}\n{\"a\": 2,\n \"b\": [1, }\n", 1, "'t.json' line 3, column 11: ");
    expect_error(I, "{\"é\": \"ü\", \"b\": 01}", 1, "line 1, column 17: ");   /* characters, not bytes */
    expect_error(I, "{\"a\": 1e999}", 1, "line 1, column 11: real number overflow");
    expect_error(I, "[{\"a\": 1} {\"a\": 2}]", 0, "line 1, column 11: expected ',' or ']' after a record");
    expect_error(I, "{\"a\": 1}\n\"text\"\n", 1, "line 2, column 1: record 2 is a string, not an object");
    expect_error(I, "{\"a\": tru}", 1, "invalid token near 'tru'");
    expect_error(I, "[{\"a\": 1},", 0, "line 1, column 10: ");
    expect_error(I, "{\"a\": \"\xff\"}", 1, "line 1, column ");
    sift_free(I);
}
END_TEST

START_TEST(interrupt_stops_the_read)
{
    Interp *I = new_interp();
    SBuf b = {0};
    for (int i = 0; i < 10000; i++)
        sb_printf(&b, "{\"i\": %d}\n", i);
    I->interrupted = 1;
    Frame *f = NULL;
    ck_assert_int_eq(jsonread_frame(I, "t.json", b.s, b.len, 1, NULL, &f), ST_ERR);
    ck_assert_int_eq(I->err.kind, ERR_INTERRUPT);
    err_clear(I);
    mem_free(b.s);
    sift_free(I);
}
END_TEST

static Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *t = tcase_create("core");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, numbers_agree_with_strtod);
    tcase_add_test(t, fast_path_and_jansson_agree);
    tcase_add_test(t, error_positions);
    tcase_add_test(t, interrupt_stops_the_read);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(json_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
