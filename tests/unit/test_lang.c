/*
 * test_lang.c — Check unit tests for lang/ internals: validity bitmaps,
 * column builders, dictionary encoding, number formatting, copy-on-write,
 * the parser's complete/incomplete/invalid verdicts, and the interpreter
 * API (run, errors that keep variables, completion, inspection).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/format.h"
#include "lang/frame.h"
#include "lang/interp.h"
#include "lang/mem.h"
#include "lang/progress.h"
#include "lang/sift.h"
#include "stdlib/stdlib.h"

START_TEST(bitmap_first_na_allocates)
{
    Vec *v = vec_new(VEC_NUM, 4);
    for (int i = 0; i < 100; i++)
        ck_assert(vec_push_num(v, i));
    ck_assert_ptr_null(v->valid);
    ck_assert_int_eq(v->nnull, 0);
    ck_assert(vec_push_na(v));
    ck_assert_ptr_nonnull(v->valid);
    ck_assert_int_eq(v->nnull, 1);
    ck_assert(!vec_is_valid(v, 100));
    ck_assert(vec_is_valid(v, 99));
    ck_assert_int_eq(vec_valid_word(v, 1) >> (100 - 64) & 1, 0);
    vec_set_valid(v, 100);
    vec_recount(v);
    ck_assert_ptr_null(v->valid);
    ck_assert_int_eq(v->nnull, 0);
    obj_unref(v);
}
END_TEST

START_TEST(bitmap_count_zeros_tail)
{
    uint64_t bits[2] = {~0ULL, 0x5};       /* 64 ones, then 1,0,1 */
    ck_assert_int_eq(bitmap_count_zeros(bits, 67), 1);
    ck_assert_int_eq(bitmap_count_zeros(bits, 64), 0);
}
END_TEST

START_TEST(builders_grow_and_keep_na)
{
    Vec *v = vec_new(VEC_BOOL, 1);
    for (int i = 0; i < 1000; i++)
        ck_assert(i % 7 == 0 ? vec_push_na(v) : vec_push_bool(v, i % 2));
    ck_assert_int_eq(v->len, 1000);
    ck_assert_int_eq(v->nnull, 143);
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(vec_is_valid(v, i), i % 7 != 0);
    Vec *s = vec_slice(v, 7, 15);
    ck_assert_int_eq(s->len, 8);
    ck_assert_int_eq(s->nnull, 2);
    ck_assert(!vec_is_valid(s, 0) && !vec_is_valid(s, 7) && vec_is_valid(s, 1));
    obj_unref(s);
    obj_unref(v);
}
END_TEST

START_TEST(dictionary_codes)
{
    Vec *v = vec_new(VEC_STR, 2);
    const char *words[] = {"setosa", "versicolor", "setosa", "virginica", "versicolor"};
    for (int i = 0; i < 5; i++)
        ck_assert(vec_push_str(v, words[i], strlen(words[i])));
    ck_assert_int_eq(v->dict->n, 3);
    ck_assert_int_eq(v->d.code[0], v->d.code[2]);
    ck_assert_int_eq(v->d.code[1], v->d.code[4]);
    ck_assert_str_eq(vec_str_unsafe(v, 3)->s, "virginica");
    ck_assert_int_eq(dict_find(v->dict, "setosa", 6), v->d.code[0]);
    ck_assert_int_eq(dict_find(v->dict, "rose", 4), -1);
    /* Many entries force rehashing; every code still maps back. */
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "w%d", i);
        ck_assert(vec_push_str(v, buf, strlen(buf)));
    }
    ck_assert_int_eq(v->dict->n, 5003);
    ck_assert_str_eq(vec_str_unsafe(v, 5 + 4321)->s, "w4321");
    obj_unref(v);
}
END_TEST

START_TEST(dictionary_copy_on_write)
{
    Vec *a = vec_new(VEC_STR, 2);
    vec_push_str(a, "x", 1);
    Vec *b = vec_slice(a, 0, 1);           /* shares the dictionary */
    ck_assert_ptr_eq(a->dict, b->dict);
    vec_push_str(b, "y", 1);               /* must copy before adding */
    ck_assert_ptr_ne(a->dict, b->dict);
    ck_assert_int_eq(a->dict->n, 1);
    ck_assert_int_eq(b->dict->n, 2);
    obj_unref(a);
    obj_unref(b);
}
END_TEST

START_TEST(vector_copy_on_write)
{
    Vec *a = vec_new(VEC_NUM, 2);
    vec_push_num(a, 1);
    obj_ref(a);                            /* a second owner */
    Vec *b = vec_unique(a);                /* must copy */
    ck_assert_ptr_ne(a, b);
    b->d.num[0] = 2;
    ck_assert(a->d.num[0] == 1);
    Vec *c = vec_unique(b);                /* sole owner: same object */
    ck_assert_ptr_eq(b, c);
    obj_unref(a);
    obj_unref(c);
}
END_TEST

START_TEST(frame_shares_columns)
{
    Frame *f = frame_new(2);
    Vec *v = vec_new(VEC_NUM, 2);
    vec_push_num(v, 1);
    frame_set(f, "a", v);
    ck_assert_int_eq(v->o.rc, 2);
    obj_ref(f);
    Frame *g = frame_unique(f);            /* shallow copy */
    ck_assert_ptr_ne(f, g);
    ck_assert_ptr_eq(f->cols[0], g->cols[0]);
    ck_assert_int_eq(v->o.rc, 3);
    obj_unref(g);
    obj_unref(f);
    ck_assert_int_eq(v->o.rc, 1);
    obj_unref(v);
}
END_TEST

/* A wide frame keeps its name index in step through appends, replacing,
 * removing and copying (frame_find must agree with a linear scan), and
 * building one column by column is linear (100k columns well under a
 * second; the old linear lookup took tens of seconds). */
static int scan_find(const Frame *f, const char *name)
{
    for (int i = 0; i < f->ncol; i++)
        if (strcmp(f->names[i]->s, name) == 0)
            return i;
    return -1;
}

START_TEST(frame_name_index)
{
    Vec *v = vec_new(VEC_NUM, 1);
    vec_push_num(v, 1);
    Frame *f = frame_new(1);
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "c%d", i);
        frame_set(f, name, v);
        ck_assert_int_eq(frame_find(f, name), i);
    }
    ck_assert_ptr_nonnull(f->index);
    frame_set(f, "c500", v);                 /* replace: no new column */
    ck_assert_int_eq(f->ncol, 1000);
    for (int i = 999; i >= 0; i -= 3)
        frame_remove(f, i);
    obj_ref(f);
    Frame *g = frame_unique(f);
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "c%d", i);
        ck_assert_int_eq(frame_find(f, name), scan_find(f, name));
        ck_assert_int_eq(frame_find(g, name), scan_find(f, name));
    }
    ck_assert_int_eq(frame_find(f, "nope"), -1);
    while (f->ncol > 3)                      /* below FRAME_INDEX_MIN: linear again */
        frame_remove(f, 0);
    ck_assert_ptr_null(f->index);
    ck_assert_int_eq(frame_find(f, f->names[2]->s), 2);
    obj_unref(g);
    obj_unref(f);

    clock_t t0 = clock();
    f = frame_new(1);
    for (int i = 0; i < 100000; i++) {
        snprintf(name, sizeof name, "wide%d", i);
        frame_set(f, name, v);
    }
    for (int i = 0; i < 100000; i++) {
        snprintf(name, sizeof name, "wide%d", i);
        ck_assert_int_eq(frame_find(f, name), i);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_msg(secs < 3, "100k columns took %.1f s", secs);
    obj_unref(f);
    obj_unref(v);
}
END_TEST

static const char *shortest(double x)
{
    static char buf[64];
    fmt_num_shortest(x, buf, sizeof buf);
    return buf;
}

START_TEST(number_formatting)
{
    ck_assert_str_eq(shortest(0.1), "0.1");
    ck_assert_str_eq(shortest(1.0 / 3), "0.3333333333333333");
    ck_assert_str_eq(shortest(0.1 + 0.2), "0.30000000000000004");
    ck_assert_str_eq(shortest(3), "3");
    ck_assert_str_eq(shortest(-0.0), "0");
    ck_assert_str_eq(shortest(1e20), "1e+20");
    ck_assert_str_eq(shortest(1e-7), "1e-07");
    ck_assert_str_eq(shortest(NAN), "NaN");
    ck_assert_str_eq(shortest(-INFINITY), "-Inf");
    ck_assert_str_eq(shortest(123456.789), "123456.789");
    /* Round trip on awkward values. */
    double xs[] = {5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 0.1 * 3, 1234567.0001};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
        ck_assert(strtod(shortest(xs[i]), NULL) == xs[i]);
}
END_TEST

START_TEST(column_format_aligns)
{
    double x[] = {1.5, 2.25, 10};
    FmtSpec spec;
    fmt_column_spec(x, NULL, NULL, 3, &spec);
    char buf[32];
    fmt_num_spec(x[2], &spec, buf, sizeof buf);
    ck_assert_str_eq(buf, "10.00");
    double ints[] = {1, 2, 300};
    fmt_column_spec(ints, NULL, NULL, 3, &spec);
    fmt_num_spec(ints[2], &spec, buf, sizeof buf);
    ck_assert_str_eq(buf, "300");
}
END_TEST

START_TEST(completeness)
{
    Interp *I = sift_new(NULL);
    char *indent = NULL;
    ck_assert_int_eq(sift_is_complete(I, "x = 1", NULL), SIFT_COMPLETE);
    ck_assert_int_eq(sift_is_complete(I, "fn f() {", &indent), SIFT_INCOMPLETE);
    ck_assert_str_eq(indent, "    ");
    free(indent);
    ck_assert_int_eq(sift_is_complete(I, "x = [1,\n2", NULL), SIFT_INCOMPLETE);
    ck_assert_int_eq(sift_is_complete(I, "x = \"abc", NULL), SIFT_INCOMPLETE);
    ck_assert_int_eq(sift_is_complete(I, "x = 1 +", NULL), SIFT_INCOMPLETE);
    ck_assert_int_eq(sift_is_complete(I, "x = )", NULL), SIFT_INVALID);
    sift_free(I);
}
END_TEST

static char out_buf[4096];
static void capture(void *ud, int stream, const char *s, size_t n)
{
    size_t len = strlen(out_buf);
    if (len + n < sizeof out_buf)
        memcpy(out_buf + len, s, n), out_buf[len + n] = 0;
}

START_TEST(api_errors_keep_variables)
{
    SiftHost host = {0};
    host.write = capture;
    Interp *I = sift_new(&host);
    sift_open_stdlib(I);
    SiftResult r = sift_run(I, "cell 1", "x = 41");
    ck_assert_int_eq(r.status, SIFT_OK);
    ck_assert(!r.has_value);
    sift_result_free(&r);
    r = sift_run(I, "cell 2", "y = 1\nx = x + undefined_thing");
    ck_assert_int_eq(r.status, SIFT_ERROR);
    ck_assert_str_eq(r.ename, "NameError");
    ck_assert_ptr_nonnull(strstr(r.traceback, "cell 2, line 2: NameError"));
    ck_assert_ptr_nonnull(strstr(r.traceback, "    x = x + undefined_thing\n            ^^^^^^^^^^^^^^^"));
    sift_result_free(&r);
    r = sift_run(I, "cell 3", "x + y");
    ck_assert_int_eq(r.status, SIFT_OK);
    ck_assert(r.has_value);
    ck_assert_str_eq(sift_bundle_get(&r.value, "text/plain")->data, "42");
    sift_result_free(&r);
    r = sift_run(I, "cell 4", "x + y;");
    ck_assert(!r.has_value);
    sift_result_free(&r);
    out_buf[0] = 0;
    r = sift_run(I, "cell 5", "print(\"hi\", x)");
    ck_assert_str_eq(out_buf, "hi 41\n");
    sift_result_free(&r);
    sift_free(I);
}
END_TEST

START_TEST(api_completion_and_inspect)
{
    Interp *I = sift_new(NULL);
    sift_open_stdlib(I);
    SiftResult r = sift_run(I, "cell 1", "df = {alpha: 1, beta: 2}\nmy_value = 3");
    sift_result_free(&r);
    SiftCompletions c = sift_complete(I, "df.al", 5);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.items[0], "alpha");
    ck_assert_int_eq(c.start, 3);
    sift_completions_free(&c);
    c = sift_complete(I, "x = my_v", 8);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.items[0], "my_value");
    sift_completions_free(&c);
    c = sift_complete(I, "whi", 3);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.items[0], "while");
    sift_completions_free(&c);
    char *h = sift_inspect(I, "mean(", 5);
    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_nonnull(strstr(h, "mean(x, skip_na=true)"));
    free(h);
    ck_assert_ptr_null(sift_inspect(I, "nothing_here", 3));
    sift_free(I);
}
END_TEST

START_TEST(interrupt_stops_loop)
{
    Interp *I = sift_new(NULL);
    sift_interrupt(I);                     /* a stale flag is cleared by run */
    SiftResult r = sift_run(I, "cell 1", "x = 1");
    ck_assert_int_eq(r.status, SIFT_OK);
    sift_result_free(&r);
    sift_free(I);
}
END_TEST

static int ndisplays, nupdates;
static char last_id[64], last_text[256];
static void record_display(void *ud, const SiftBundle *b, const char *id, bool update)
{
    ndisplays++;
    nupdates += update;
    snprintf(last_id, sizeof last_id, "%s", id ? id : "");
    snprintf(last_text, sizeof last_text, "%s", sift_bundle_get(b, "text/plain")->data);
}

START_TEST(progress_is_delayed_then_updates_in_place)
{
    SiftHost host = {0};
    host.display = record_display;
    Interp *I = sift_new(&host);
    Progress p;
    progress_begin(I, &p, "work");
    progress_update(I, &p, 0.1);
    ck_assert_int_eq(ndisplays, 0);          /* too early to show */
    struct timespec ts = {0, 600 * 1000 * 1000};
    nanosleep(&ts, NULL);
    progress_update(I, &p, 0.5);
    ck_assert_int_eq(ndisplays, 1);
    ck_assert_int_eq(nupdates, 0);
    ck_assert_ptr_nonnull(strstr(last_id, "sift-progress-"));
    ck_assert_ptr_nonnull(strstr(last_text, " 50%"));
    progress_update(I, &p, 0.6);             /* throttled */
    ck_assert_int_eq(ndisplays, 1);
    progress_end(I, &p);
    ck_assert_int_eq(ndisplays, 2);
    ck_assert_int_eq(nupdates, 1);
    ck_assert_ptr_nonnull(strstr(last_text, "100%"));
    sift_free(I);
}
END_TEST

/* A type defined outside value.c: freeing, equality and its name go
 * through its ObjType, so value.c needs no case for it. */
typedef struct Probe {
    Obj o;
    int key;
    Value child;
} Probe;

static int probes_cleared;

static void probe_clear(Obj *o)
{
    probes_cleared++;
    val_unref(((Probe *)o)->child);
}

static bool probe_equal(const Obj *a, const Obj *b, int depth)
{
    return ((const Probe *)a)->key == ((const Probe *)b)->key;
}

static const char *probe_describe(const Obj *o) { return "probe"; }

static const ObjType probe_type = {T_FOREIGN, probe_clear, probe_equal, probe_describe};

START_TEST(object_types_dispatch_free_equal_name)
{
    probes_cleared = 0;
    Probe *a = obj_new(sizeof(Probe), &probe_type), *b = obj_new(sizeof(Probe), &probe_type);
    a->key = b->key = 7;
    a->child = val_obj_take(list_new(1));
    b->child = val_null();
    Value va = val_obj_take(a), vb = val_obj_take(b);
    ck_assert(val_equal(va, vb));
    ck_assert_str_eq(val_type_name(va), "probe");
    b->key = 8;
    ck_assert(!val_equal(va, vb));
    val_unref(va);
    val_unref(vb);
    ck_assert_int_eq(probes_cleared, 2);

    /* the lang types through the same table */
    Vec *x = vec_new(VEC_STR, 2), *y = vec_new(VEC_STR, 2);
    vec_push_str(x, "a", 1);
    vec_push_na(x);
    vec_push_str(y, "a", 1);
    vec_push_na(y);
    ck_assert_str_eq(obj_type_name(x), "str vector");
    ck_assert(val_equal(val_obj_take(x), val_obj_take(y)));
    Frame *f = frame_new(1), *g = frame_new(1);
    frame_set(f, "c", x);
    frame_set(g, "c", y);
    ck_assert_str_eq(obj_type_name(f), "frame");
    ck_assert(val_equal(val_obj_take(f), val_obj_take(g)));
    obj_unref(y);
    frame_set_take(g, "c", vec_fill(val_num(1), 2));
    ck_assert(!val_equal(val_obj_take(f), val_obj_take(g)));
    obj_unref(x);
    obj_unref(f);
    obj_unref(g);
}
END_TEST

Suite *lang_suite(void)
{
    Suite *s = suite_create("lang");
    TCase *t = tcase_create("core");
    tcase_add_test(t, bitmap_first_na_allocates);
    tcase_add_test(t, bitmap_count_zeros_tail);
    tcase_add_test(t, builders_grow_and_keep_na);
    tcase_add_test(t, dictionary_codes);
    tcase_add_test(t, dictionary_copy_on_write);
    tcase_add_test(t, vector_copy_on_write);
    tcase_add_test(t, frame_shares_columns);
    tcase_add_test(t, object_types_dispatch_free_equal_name);
    tcase_add_test(t, frame_name_index);
    tcase_add_test(t, number_formatting);
    tcase_add_test(t, column_format_aligns);
    tcase_add_test(t, completeness);
    tcase_add_test(t, api_errors_keep_variables);
    tcase_add_test(t, api_completion_and_inspect);
    tcase_add_test(t, interrupt_stops_loop);
    tcase_add_test(t, progress_is_delayed_then_updates_in_place);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lang_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
