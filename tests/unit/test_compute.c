/*
 * test_compute.c — unit tests for compute/: group ids (NA and NaN groups,
 * several keys, the direct and hashed paths), grouped reductions against
 * pandas (tests/golden/compute/golden.h, made by make_golden.py beside it)
 * and hand-computed cases, gather, joins of every kind (many-to-many, NA
 * keys), the sort permutation, ranks, quantiles, KDE and ROC (golden
 * numbers shared with plot/), the dense matrix and its LAPACK wrappers,
 * and the job runner: same results on 1 and 2 threads, interrupts,
 * allocation failures without leaks. Empty input and one row throughout.
 */
#include "compute/compute.h"
#include "tests/golden/compute/golden.h"
#include "tests/golden/plot/golden.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static CpCtx cx;

static void setup(void) { cp_ctx_init(&cx); }

/* A bitmap with the rows listed in na[] (terminated by -1) cleared. */
static uint64_t *na_bits(int64_t n, const int64_t *na)
{
    uint64_t *b = malloc(cp_bitmap_words(n) * 8 + 8);
    memset(b, 0xFF, cp_bitmap_words(n) * 8 + 8);
    for (; *na >= 0; na++)
        b[*na >> 6] &= ~(1ULL << (*na & 63));
    return b;
}

static void assert_ids(const int64_t *got, const int64_t *want, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        ck_assert_msg(got[i] == want[i], "row %lld: id %lld, want %lld", (long long)i, (long long)got[i],
                      (long long)want[i]);
}

/* ---- group ids ------------------------------------------------------------------ */

START_TEST(group_ids_num_na_nan)
{
    double x[] = {1, 2, NAN, 1, 0, -0.0, 0.0, -NAN, 0, 2};
    int64_t na[] = {4, 8, -1}, ids[10], ng;
    uint64_t *v = na_bits(10, na);
    CpCol c = cp_col_f64(x, v, 10);
    ck_assert_int_eq(cp_group_ids(&cx, &c, 1, 10, ids, &ng), CP_OK);
    int64_t want[] = {0, 1, 2, 0, 3, 4, 4, 2, 3, 1};
    ck_assert_int_eq(ng, 5);
    assert_ids(ids, want, 10);
    int64_t first[5], size[5];
    cp_group_firsts(ids, 10, ng, first);
    cp_group_sizes(ids, 10, ng, size);
    int64_t wf[] = {0, 1, 2, 4, 5}, ws[] = {2, 2, 2, 2, 2};
    assert_ids(first, wf, 5);
    assert_ids(size, ws, 5);
    free(v);
}
END_TEST

START_TEST(group_ids_codes_bool_i64)
{
    int32_t codes[] = {2, 0, 2, 1, 0, 1};
    int64_t na[] = {4, -1}, ids[6], ng;
    uint64_t *v = na_bits(6, na);
    int64_t want[] = {0, 1, 0, 2, 3, 2};
    CpCol c = cp_col_codes(codes, v, 6, 3);              /* direct table */
    ck_assert_int_eq(cp_group_ids(&cx, &c, 1, 6, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 4);
    assert_ids(ids, want, 6);
    c.ncodes = 0;                                          /* hashed */
    ck_assert_int_eq(cp_group_ids(&cx, &c, 1, 6, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 4);
    assert_ids(ids, want, 6);
    uint8_t b[] = {1, 1, 0, 0, 1, 0};
    CpCol cb = cp_col_bool(b, v, 6);
    int64_t wb[] = {0, 0, 1, 1, 2, 1};
    ck_assert_int_eq(cp_group_ids(&cx, &cb, 1, 6, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 3);
    assert_ids(ids, wb, 6);
    int64_t big[] = {INT64_MIN, 5, INT64_MAX, 5, -1, INT64_MIN};
    CpCol ci = cp_col_i64(big, NULL, 6);
    int64_t wi[] = {0, 1, 2, 1, 3, 0};
    ck_assert_int_eq(cp_group_ids(&cx, &ci, 1, 6, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 4);
    assert_ids(ids, wi, 6);
    free(v);
}
END_TEST

START_TEST(group_ids_several_keys)
{
    int32_t k1[] = {0, 0, 1, 1, 0};
    double k2[] = {1, 2, 1, 1, 1};
    CpCol keys[2] = {cp_col_codes(k1, NULL, 5, 2), cp_col_f64(k2, NULL, 5)};
    int64_t ids[5], ng, want[] = {0, 1, 2, 2, 0};
    ck_assert_int_eq(cp_group_ids(&cx, keys, 2, 5, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 3);
    assert_ids(ids, want, 5);
    /* NA in the second key is its own value within the first key's groups */
    int64_t na[] = {1, 4, -1};
    uint64_t *v = na_bits(5, na);
    keys[1].valid = v;
    int64_t want2[] = {0, 1, 2, 2, 1};
    ck_assert_int_eq(cp_group_ids(&cx, keys, 2, 5, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 3);
    assert_ids(ids, want2, 5);
    free(v);
}
END_TEST

/* Pairs (i % 1000, i % 997) are all distinct below 997000: the fold of
 * two large id sets goes through the hash table. (i % 10, i % 7) repeat
 * every 70 rows: the direct table. */
START_TEST(group_ids_fold_paths)
{
    int64_t n = 100000;
    double *a = malloc(sizeof(double) * n);
    int64_t *b = malloc(sizeof(int64_t) * n), *ids = malloc(sizeof(int64_t) * n), ng;
    for (int64_t i = 0; i < n; i++) {
        a[i] = (double)(i % 1000);
        b[i] = i % 997;
    }
    CpCol keys[2] = {cp_col_f64(a, NULL, n), cp_col_i64(b, NULL, n)};
    ck_assert_int_eq(cp_group_ids(&cx, keys, 2, n, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, n);
    for (int64_t i = 0; i < n; i++)
        ck_assert_int_eq(ids[i], i);
    for (int64_t i = 0; i < n; i++) {
        a[i] = (double)(i % 10);
        b[i] = i % 7;
    }
    ck_assert_int_eq(cp_group_ids(&cx, keys, 2, n, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 70);
    for (int64_t i = 0; i < n; i++)
        ck_assert_int_eq(ids[i], i % 70);
    free(a);
    free(b);
    free(ids);
}
END_TEST

START_TEST(group_ids_empty_and_one_row)
{
    double x[] = {42};
    int64_t ids[1] = {7}, ng = 9;
    CpCol c = cp_col_f64(x, NULL, 0);
    ck_assert_int_eq(cp_group_ids(&cx, &c, 1, 0, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 0);
    c.len = 1;
    ck_assert_int_eq(cp_group_ids(&cx, &c, 1, 1, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 1);
    ck_assert_int_eq(ids[0], 0);
    double out[1];
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_VAR, &c, ids, 1, NULL, out, NULL), CP_OK);
    ck_assert(isnan(out[0]));                   /* one value: no variance */
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_MEDIAN, &c, ids, 1, NULL, out, NULL), CP_OK);
    ck_assert(out[0] == 42);
}
END_TEST

/* ---- grouped reductions ------------------------------------------------------------ */

/* The golden data: key i % 7 (NA when i % 13 == 5), x (NA when i % 11 == 3). */
#define GN 1000
static double gx[GN], gkey[GN];
static uint64_t *gx_valid, *gkey_valid;

static void golden_data(void)
{
    int64_t xna[GN], kna[GN], nx = 0, nk = 0;
    for (int i = 0; i < GN; i++) {
        gx[i] = sin(i * 0.37) * 100 + i / 7.0;
        gkey[i] = i % 7;
        if (i % 11 == 3)
            xna[nx++] = i;
        if (i % 13 == 5)
            kna[nk++] = i;
    }
    xna[nx] = kna[nk] = -1;
    gx_valid = na_bits(GN, xna);
    gkey_valid = na_bits(GN, kna);
}

/* The group id of each golden slot (keys 0..6, then NA). */
static void golden_slots(const int64_t *ids, int64_t *slot_gid)
{
    for (int i = 0; i < GN; i++)
        slot_gid[cp_valid(gkey_valid, i) ? (int)gkey[i] : 7] = ids[i];
}

START_TEST(agg_matches_pandas)
{
    golden_data();
    CpCol key = cp_col_f64(gkey, gkey_valid, GN), x = cp_col_f64(gx, gx_valid, GN);
    int64_t ids[GN], ng, slot[8];
    ck_assert_int_eq(cp_group_ids(&cx, &key, 1, GN, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 8);
    golden_slots(ids, slot);
    struct { CpAgg op; const double *want; const char *name; } cases[] = {
        {CP_AGG_COUNT, g_count, "count"}, {CP_AGG_SUM, g_sum, "sum"}, {CP_AGG_MEAN, g_mean, "mean"},
        {CP_AGG_VAR, g_var, "var"}, {CP_AGG_STD, g_std, "std"}, {CP_AGG_MIN, g_min, "min"},
        {CP_AGG_MAX, g_max, "max"}, {CP_AGG_MEDIAN, g_median, "median"}, {CP_AGG_NUNIQUE, g_nunique, "nunique"},
        {CP_AGG_QUANTILE, g_q30, "quantile 0.3"},
    };
    CpAggOpt o = cp_agg_opt();
    o.q = 0.3;
    for (size_t k = 0; k < N_OF(cases); k++) {
        double out[8];
        uint64_t ov[1];
        ck_assert_int_eq(cp_group_agg(&cx, cases[k].op, &x, ids, ng, &o, out, ov), CP_OK);
        for (int s = 0; s < 8; s++)
            ck_assert_msg(out[slot[s]] == cases[k].want[s], "%s, key %d: %.17g, pandas %.17g", cases[k].name, s,
                          out[slot[s]], cases[k].want[s]);
        ck_assert_uint_eq(ov[0] & 0xFF, 0xFF);
    }
    free(gx_valid);
    free(gkey_valid);
}
END_TEST

START_TEST(agg_hand_cases)
{
    /* groups: 0 = {1, 3, NA}, 1 = {10, NA, 30}, 2 = {5, 7}, 3 = no rows */
    double x[] = {1, 10, 3, 0, 5, 0, 7, 30};
    int64_t ids[] = {0, 1, 0, 1, 2, 0, 2, 1}, na[] = {3, 5, -1};
    uint64_t *v = na_bits(8, na);
    CpCol c = cp_col_f64(x, v, 8);
    struct { CpAgg op; double want[4]; uint64_t valid; } cases[] = {
        {CP_AGG_COUNT, {2, 2, 2, 0}, 0xF}, {CP_AGG_SUM, {4, 40, 12, 0}, 0xF},
        {CP_AGG_MEAN, {2, 20, 6, NAN}, 0x7}, {CP_AGG_MIN, {1, 10, 5, NAN}, 0x7},
        {CP_AGG_MAX, {3, 30, 7, NAN}, 0x7}, {CP_AGG_VAR, {2, 200, 2, NAN}, 0x7},
        {CP_AGG_MEDIAN, {2, 20, 6, NAN}, 0x7}, {CP_AGG_QUANTILE, {1.5, 15, 5.5, NAN}, 0x7},
        {CP_AGG_NUNIQUE, {2, 2, 2, 0}, 0xF},
    };
    CpAggOpt o = cp_agg_opt();
    o.q = 0.25;
    for (size_t k = 0; k < N_OF(cases); k++) {
        double out[4];
        uint64_t ov[1];
        ck_assert_int_eq(cp_group_agg(&cx, cases[k].op, &c, ids, 4, &o, out, ov), CP_OK);
        ck_assert_msg((ov[0] & 0xF) == cases[k].valid, "op %d validity %llx", (int)cases[k].op,
                      (unsigned long long)ov[0]);
        for (int g = 0; g < 4; g++)
            ck_assert_msg(out[g] == cases[k].want[g] || (isnan(out[g]) && isnan(cases[k].want[g])),
                          "op %d group %d: %g", (int)cases[k].op, g, out[g]);
    }
    /* keep_na: the groups holding an NA give NA; count counts every row */
    o.keep_na = true;
    double out[4];
    uint64_t ov[1];
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_SUM, &c, ids, 4, &o, out, ov), CP_OK);
    ck_assert_uint_eq(ov[0] & 0xF, 0xC);
    ck_assert(out[2] == 12 && out[3] == 0);
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_COUNT, &c, ids, 4, &o, out, ov), CP_OK);
    ck_assert(out[0] == 3 && out[1] == 3 && out[2] == 2 && out[3] == 0);
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_NUNIQUE, &c, ids, 4, &o, out, ov), CP_OK);
    ck_assert(out[0] == 3 && out[1] == 3 && out[2] == 2);
    free(v);
}
END_TEST

START_TEST(agg_nan_ties_kahan)
{
    /* NaN is a value: it propagates through every numeric reduction */
    double x[] = {1, NAN, 3, 4, 1, 4};
    int64_t ids[] = {0, 0, 0, 1, 1, 1};
    CpCol c = cp_col_f64(x, NULL, 6);
    CpAgg ops[] = {CP_AGG_SUM, CP_AGG_MEAN, CP_AGG_MIN, CP_AGG_MAX, CP_AGG_VAR, CP_AGG_MEDIAN, CP_AGG_QUANTILE};
    for (size_t k = 0; k < N_OF(ops); k++) {
        double out[2];
        ck_assert_int_eq(cp_group_agg(&cx, ops[k], &c, ids, 2, NULL, out, NULL), CP_OK);
        ck_assert_msg(isnan(out[0]) && !isnan(out[1]), "op %d", (int)ops[k]);
    }
    double out[2];
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_MEDIAN, &c, ids, 2, NULL, out, NULL), CP_OK);
    ck_assert(out[1] == 4);                      /* ties {1, 4, 4} */
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_NUNIQUE, &c, ids, 2, NULL, out, NULL), CP_OK);
    ck_assert(out[0] == 3 && out[1] == 2);
    /* ten times 0.1: a plain sum gives 0.9999999999999999, pandas' Kahan 1 */
    double t[10];
    int64_t z[10] = {0};
    for (int i = 0; i < 10; i++)
        t[i] = 0.1;
    CpCol ct = cp_col_f64(t, NULL, 10);
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_SUM, &ct, z, 1, NULL, out, NULL), CP_OK);
    ck_assert(out[0] == 1.0);
    /* rows with id -1 are left out */
    int64_t skip[] = {0, -1, 0, 1, -1, 1};
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_SUM, &c, skip, 2, NULL, out, NULL), CP_OK);
    ck_assert(out[0] == 4 && out[1] == 8);
}
END_TEST

START_TEST(pick_rows)
{
    /* strings by rank: codes 0="b", 1="a", 2="c"; rank b=1, a=0, c=2 */
    int32_t codes[] = {0, 1, 2, 0, 2, 1};
    int32_t rank[] = {1, 0, 2};
    int64_t ids[] = {0, 0, 0, 1, 1, 2}, na[] = {5, -1}, rows[3];
    uint64_t *v = na_bits(6, na);
    CpCol c = cp_col_codes(codes, v, 6, 3);
    c.rank = rank;
    ck_assert_int_eq(cp_group_pick(&cx, CP_PICK_MIN, &c, ids, 3, false, rows), CP_OK);
    ck_assert(rows[0] == 1 && rows[1] == 3 && rows[2] == -1);
    ck_assert_int_eq(cp_group_pick(&cx, CP_PICK_MAX, &c, ids, 3, false, rows), CP_OK);
    ck_assert(rows[0] == 2 && rows[1] == 4 && rows[2] == -1);
    ck_assert_int_eq(cp_group_pick(&cx, CP_PICK_FIRST, &c, ids, 3, false, rows), CP_OK);
    ck_assert(rows[0] == 0 && rows[1] == 3 && rows[2] == -1);
    ck_assert_int_eq(cp_group_pick(&cx, CP_PICK_LAST, &c, ids, 3, true, rows), CP_OK);
    ck_assert(rows[0] == 2 && rows[1] == 4 && rows[2] == 5);
    /* first of ties wins */
    double x[] = {2, 1, 1, 2};
    int64_t z[] = {0, 0, 0, 0};
    CpCol cx2 = cp_col_f64(x, NULL, 4);
    ck_assert_int_eq(cp_group_pick(&cx, CP_PICK_MIN, &cx2, z, 1, false, rows), CP_OK);
    ck_assert_int_eq(rows[0], 1);
    ck_assert_int_eq(cp_group_pick(&cx, CP_PICK_MAX, &cx2, z, 1, false, rows), CP_OK);
    ck_assert_int_eq(rows[0], 0);
    free(v);
}
END_TEST

/* ---- gather and joins ---------------------------------------------------------------- */

START_TEST(gather_types)
{
    double x[] = {1.5, 2.5, 3.5};
    int64_t na[] = {1, -1}, idx[] = {2, -1, 1, 0, 2};
    uint64_t *v = na_bits(3, na);
    CpCol c = cp_col_f64(x, v, 3);
    double out[5];
    uint64_t ov[1];
    int64_t nn;
    ck_assert_int_eq(cp_gather(&cx, &c, idx, 5, out, ov, &nn), CP_OK);
    ck_assert_int_eq(nn, 2);
    ck_assert_uint_eq(ov[0], 0x19);               /* rows 0, 3, 4 present */
    ck_assert(out[0] == 3.5 && out[1] == 0 && out[3] == 1.5 && out[4] == 3.5);
    int32_t codes[] = {7, 8, 9}, oc[5];
    CpCol cc = cp_col_codes(codes, NULL, 3, 10);
    ck_assert_int_eq(cp_gather(&cx, &cc, idx, 5, oc, ov, &nn), CP_OK);
    ck_assert_int_eq(nn, 1);
    ck_assert(oc[0] == 9 && oc[1] == 0 && oc[2] == 8 && oc[3] == 7);
    uint8_t b[] = {1, 0, 1}, ob[5];
    CpCol cb = cp_col_bool(b, NULL, 3);
    ck_assert_int_eq(cp_gather(&cx, &cb, idx, 5, ob, ov, &nn), CP_OK);
    ck_assert(ob[0] == 1 && ob[2] == 0 && ob[3] == 1);
    int64_t i64[] = {-5, 6, 7}, oi[5];
    CpCol ci = cp_col_i64(i64, NULL, 3);
    ck_assert_int_eq(cp_gather(&cx, &ci, idx, 5, oi, ov, &nn), CP_OK);
    ck_assert(oi[0] == 7 && oi[1] == 0 && oi[3] == -5);
    ck_assert_int_eq(cp_gather(&cx, &ci, idx, 0, oi, ov, &nn), CP_OK);   /* empty */
    ck_assert_int_eq(nn, 0);
    free(v);
}
END_TEST

static void assert_pairs(const CpJoin *j, const int64_t (*want)[2], int64_t n)
{
    ck_assert_int_eq(j->n, n);
    for (int64_t k = 0; k < n; k++)
        ck_assert_msg(j->left[k] == want[k][0] && j->right[k] == want[k][1], "pair %lld: (%lld, %lld), want (%lld, %lld)",
                      (long long)k, (long long)j->left[k], (long long)j->right[k], (long long)want[k][0],
                      (long long)want[k][1]);
}

/* left k = a b a c NA, right k = b a a d NA (a=0 b=1 c=2 d=3): the
 * orders are pandas' for left and right joins (pandas 1.5 groups inner
 * and outer rows by key; we keep left row order, as pandas 2.2 does). */
START_TEST(join_kinds_many_to_many_na)
{
    int32_t lk[] = {0, 1, 0, 2, 0}, rk[] = {1, 0, 0, 3, 0};
    int64_t lna[] = {4, -1}, rna[] = {4, -1};
    uint64_t *lv = na_bits(5, lna), *rv = na_bits(5, rna);
    CpCol l = cp_col_codes(lk, lv, 5, 4), r = cp_col_codes(rk, rv, 5, 4);
    CpJoin j;
    const int64_t inner[][2] = {{0, 1}, {0, 2}, {1, 0}, {2, 1}, {2, 2}, {4, 4}};
    const int64_t left[][2] = {{0, 1}, {0, 2}, {1, 0}, {2, 1}, {2, 2}, {3, -1}, {4, 4}};
    const int64_t right[][2] = {{1, 0}, {0, 1}, {2, 1}, {0, 2}, {2, 2}, {-1, 3}, {4, 4}};
    const int64_t outer[][2] = {{0, 1}, {0, 2}, {1, 0}, {2, 1}, {2, 2}, {3, -1}, {4, 4}, {-1, 3}};
    ck_assert_int_eq(cp_join(&cx, &l, &r, 1, CP_JOIN_INNER, true, &j), CP_OK);
    assert_pairs(&j, inner, 6);
    cp_join_free(&cx, &j);
    ck_assert_int_eq(cp_join(&cx, &l, &r, 1, CP_JOIN_LEFT, true, &j), CP_OK);
    assert_pairs(&j, left, 7);
    cp_join_free(&cx, &j);
    ck_assert_int_eq(cp_join(&cx, &l, &r, 1, CP_JOIN_RIGHT, true, &j), CP_OK);
    assert_pairs(&j, right, 7);
    cp_join_free(&cx, &j);
    ck_assert_int_eq(cp_join(&cx, &l, &r, 1, CP_JOIN_OUTER, true, &j), CP_OK);
    assert_pairs(&j, outer, 8);
    cp_join_free(&cx, &j);
    /* SQL's NA: matches nothing, kept with -1 where the kind keeps rows */
    const int64_t inner_sql[][2] = {{0, 1}, {0, 2}, {1, 0}, {2, 1}, {2, 2}};
    const int64_t outer_sql[][2] = {{0, 1}, {0, 2}, {1, 0}, {2, 1}, {2, 2}, {3, -1}, {4, -1}, {-1, 3}, {-1, 4}};
    ck_assert_int_eq(cp_join(&cx, &l, &r, 1, CP_JOIN_INNER, false, &j), CP_OK);
    assert_pairs(&j, inner_sql, 5);
    cp_join_free(&cx, &j);
    ck_assert_int_eq(cp_join(&cx, &l, &r, 1, CP_JOIN_OUTER, false, &j), CP_OK);
    assert_pairs(&j, outer_sql, 9);
    cp_join_free(&cx, &j);
    free(lv);
    free(rv);
}
END_TEST

START_TEST(join_several_keys_and_empty)
{
    double l1[] = {1, 1, 2}, r1[] = {1, 2, 2, 3};
    int32_t l2[] = {0, 1, 0}, r2[] = {1, 0, 0, 2};
    CpCol l[2] = {cp_col_f64(l1, NULL, 3), cp_col_codes(l2, NULL, 3, 3)};
    CpCol r[2] = {cp_col_f64(r1, NULL, 4), cp_col_codes(r2, NULL, 4, 3)};
    CpJoin j;
    const int64_t inner[][2] = {{1, 0}, {2, 1}, {2, 2}};
    ck_assert_int_eq(cp_join(&cx, l, r, 2, CP_JOIN_INNER, true, &j), CP_OK);
    assert_pairs(&j, inner, 3);
    cp_join_free(&cx, &j);
    /* an NA in the second key: matches the right NA under na_match only */
    int64_t lna[] = {0, -1}, rna[] = {3, -1};
    uint64_t *lv = na_bits(3, lna), *rv = na_bits(4, rna);
    double l1b[] = {3, 1, 2};
    CpCol ln[2] = {cp_col_f64(l1b, NULL, 3), cp_col_codes(l2, lv, 3, 3)};
    CpCol rn[2] = {cp_col_f64(r1, NULL, 4), cp_col_codes(r2, rv, 4, 3)};
    const int64_t na_pairs[][2] = {{0, 3}, {1, 0}, {2, 1}, {2, 2}};
    ck_assert_int_eq(cp_join(&cx, ln, rn, 2, CP_JOIN_INNER, true, &j), CP_OK);
    assert_pairs(&j, na_pairs, 4);
    cp_join_free(&cx, &j);
    const int64_t sql_pairs[][2] = {{0, -1}, {1, 0}, {2, 1}, {2, 2}, {-1, 3}};
    ck_assert_int_eq(cp_join(&cx, ln, rn, 2, CP_JOIN_OUTER, false, &j), CP_OK);
    assert_pairs(&j, sql_pairs, 5);
    cp_join_free(&cx, &j);
    free(lv);
    free(rv);
    /* no left rows: inner is empty, right keeps every right row */
    l[0].len = l[1].len = 0;
    ck_assert_int_eq(cp_join(&cx, l, r, 2, CP_JOIN_INNER, true, &j), CP_OK);
    ck_assert_int_eq(j.n, 0);
    cp_join_free(&cx, &j);
    const int64_t right[][2] = {{-1, 0}, {-1, 1}, {-1, 2}, {-1, 3}};
    ck_assert_int_eq(cp_join(&cx, l, r, 2, CP_JOIN_RIGHT, true, &j), CP_OK);
    assert_pairs(&j, right, 4);
    cp_join_free(&cx, &j);
    /* keys of different types are refused */
    CpCol bad = cp_col_i64((const int64_t *)r1, NULL, 4);
    ck_assert_int_eq(cp_join(&cx, l, &bad, 1, CP_JOIN_INNER, true, &j), CP_EINVAL);
    ck_assert(j.left == NULL && j.right == NULL);
}
END_TEST

/* A 1-to-many fact/dimension join at size, checked row by row. */
START_TEST(join_large_many_to_one)
{
    int64_t n = 200000, m = 1000;
    int64_t *fk = malloc(sizeof(int64_t) * n), *dk = malloc(sizeof(int64_t) * m);
    for (int64_t i = 0; i < n; i++)
        fk[i] = (i * 7919) % (m + 100);           /* 100 keys have no match */
    for (int64_t i = 0; i < m; i++)
        dk[i] = m - 1 - i;
    CpCol l = cp_col_i64(fk, NULL, n), r = cp_col_i64(dk, NULL, m);
    CpJoin j;
    ck_assert_int_eq(cp_join(&cx, &l, &r, 1, CP_JOIN_LEFT, true, &j), CP_OK);
    ck_assert_int_eq(j.n, n);
    for (int64_t i = 0; i < n; i++) {
        ck_assert_int_eq(j.left[i], i);
        ck_assert_int_eq(j.right[i], fk[i] < m ? m - 1 - fk[i] : -1);
    }
    cp_join_free(&cx, &j);
    free(fk);
    free(dk);
}
END_TEST

/* ---- sorting and ranks ---------------------------------------------------------------- */

START_TEST(sort_na_nan_desc)
{
    double x[] = {3, 0, 1, NAN, 2, 1, -0.0, 0.0};
    int64_t na[] = {1, -1}, perm[8];
    uint64_t *v = na_bits(8, na);
    CpSortKey k = {cp_col_f64(x, v, 8), false};
    ck_assert_int_eq(cp_sort(&cx, &k, 1, 8, perm), CP_OK);
    int64_t asc[] = {6, 7, 2, 5, 4, 0, 3, 1};
    assert_ids(perm, asc, 8);
    k.desc = true;
    ck_assert_int_eq(cp_sort(&cx, &k, 1, 8, perm), CP_OK);
    int64_t desc[] = {0, 4, 2, 5, 6, 7, 3, 1};
    assert_ids(perm, desc, 8);
    ck_assert_int_eq(cp_sort(&cx, &k, 1, 0, perm), CP_OK);     /* empty */
    free(v);
}
END_TEST

START_TEST(sort_several_keys_strings)
{
    const char *s[] = {"b", "a", "B", "ab"};
    size_t len[] = {1, 1, 1, 2};
    int32_t rank[4];
    ck_assert_int_eq(cp_str_ranks(&cx, s, len, 4, NULL, rank), CP_OK);
    ck_assert(rank[0] == 3 && rank[1] == 1 && rank[2] == 0 && rank[3] == 2);
    /* key 1: codes (b a B ab b a), key 2 descending: 1 2 3 4 5 6 */
    int32_t codes[] = {0, 1, 2, 3, 0, 1};
    double x[] = {1, 2, 3, 4, 5, 6};
    CpSortKey k[2] = {{cp_col_codes(codes, NULL, 6, 4), false}, {cp_col_f64(x, NULL, 6), true}};
    k[0].col.rank = rank;
    int64_t perm[6], want[] = {2, 5, 1, 3, 4, 0};
    ck_assert_int_eq(cp_sort(&cx, k, 2, 6, perm), CP_OK);
    assert_ids(perm, want, 6);
    /* a large random-ish key agrees with qsort's order and is stable */
    int64_t n = 100000;
    int64_t *big = malloc(sizeof(int64_t) * n), *p = malloc(sizeof(int64_t) * n);
    for (int64_t i = 0; i < n; i++)
        big[i] = (int64_t)((i * 2654435761u) % 1000) - 500;
    CpSortKey kb = {cp_col_i64(big, NULL, n), false};
    ck_assert_int_eq(cp_sort(&cx, &kb, 1, n, p), CP_OK);
    for (int64_t i = 1; i < n; i++)
        ck_assert(big[p[i - 1]] < big[p[i]] || (big[p[i - 1]] == big[p[i]] && p[i - 1] < p[i]));
    free(big);
    free(p);
}
END_TEST

START_TEST(rank_ties)
{
    double x[] = {3, 1, 4, 1, 5, 0, 9, 2, 6, 5, NAN};
    int64_t na[] = {5, -1};
    uint64_t *v = na_bits(11, na);
    CpCol c = cp_col_f64(x, v, 11);
    struct { CpTies t; double want[11]; } cases[] = {
        {CP_TIES_AVERAGE, {4, 1.5, 5, 1.5, 6.5, NAN, 9, 3, 8, 6.5, NAN}},
        {CP_TIES_MIN, {4, 1, 5, 1, 6, NAN, 9, 3, 8, 6, NAN}},
        {CP_TIES_MAX, {4, 2, 5, 2, 7, NAN, 9, 3, 8, 7, NAN}},
        {CP_TIES_DENSE, {3, 1, 4, 1, 5, NAN, 7, 2, 6, 5, NAN}},
        {CP_TIES_FIRST, {4, 1, 5, 2, 6, NAN, 9, 3, 8, 7, NAN}},
    };
    for (size_t k = 0; k < N_OF(cases); k++) {
        double out[11];
        uint64_t ov[1];
        ck_assert_int_eq(cp_rank(&cx, &c, cases[k].t, false, out, ov), CP_OK);
        for (int i = 0; i < 11; i++)
            ck_assert_msg(out[i] == cases[k].want[i] || (isnan(out[i]) && isnan(cases[k].want[i])),
                          "ties %d row %d: %g", (int)cases[k].t, i, out[i]);
        ck_assert_uint_eq(ov[0] & 0x7FF, 0x7FF & ~(1u << 5) & ~(1u << 10));
    }
    double out[11];
    ck_assert_int_eq(cp_rank(&cx, &c, CP_TIES_AVERAGE, true, out, NULL), CP_OK);
    ck_assert(out[6] == 1 && out[4] == 3.5 && out[1] == 8.5);
    /* pandas' average ranks of the golden column */
    golden_data();
    CpCol g = cp_col_f64(gx, gx_valid, GN);
    double r[GN];
    ck_assert_int_eq(cp_rank(&cx, &g, CP_TIES_AVERAGE, false, r, NULL), CP_OK);
    for (int i = 0; i < GN; i++)
        ck_assert(isnan(r[i]) ? x_rank_avg[i] == -1 : r[i] == x_rank_avg[i]);
    free(gx_valid);
    free(gkey_valid);
    free(v);
}
END_TEST

/* ---- quantiles, KDE, ROC ------------------------------------------------------------------ */

static double det(int i, int k) { return sin(i * 0.7 + k) * 3 + cos(i * 0.13) * 2 + ((i % 7) * (i % 7)) / 10.0; }

START_TEST(quantiles_hand_and_golden)
{
    double x[] = {0, 4, 1, 3, 2}, qs[] = {0, 0.1, 0.5, 1}, out[4], med;
    int64_t na[] = {0, -1}, used;
    uint64_t *v = na_bits(5, na);
    CpCol c = cp_col_f64(x, v, 5);
    ck_assert_int_eq(cp_quantiles(&cx, &c, CP_SKIP_NA, qs, 4, out, &used), CP_OK);
    ck_assert_int_eq(used, 4);
    ck_assert(out[0] == 1 && fabs(out[1] - 1.3) < 1e-15 && out[2] == 2.5 && out[3] == 4);
    ck_assert_int_eq(cp_median(&cx, &c, CP_SKIP_NA, &med, NULL), CP_OK);
    ck_assert(med == 2.5);
    double y[] = {1, INFINITY, 2};
    CpCol cy = cp_col_f64(y, NULL, 3);
    ck_assert_int_eq(cp_quantiles(&cx, &cy, CP_SKIP_NA, qs + 2, 2, out, NULL), CP_OK);
    ck_assert(out[0] == 2 && isinf(out[1]));
    ck_assert_int_eq(cp_quantiles(&cx, &cy, CP_SKIP_NONFINITE, qs + 2, 1, out, NULL), CP_OK);
    ck_assert(out[0] == 1.5);
    y[1] = NAN;
    ck_assert_int_eq(cp_median(&cx, &cy, CP_SKIP_NA, &med, NULL), CP_OK);
    ck_assert(isnan(med));
    ck_assert_int_eq(cp_median(&cx, &cy, CP_SKIP_NONFINITE, &med, NULL), CP_OK);
    ck_assert(med == 1.5);
    cy.len = 0;
    ck_assert_int_eq(cp_median(&cx, &cy, CP_SKIP_NA, &med, &used), CP_OK);
    ck_assert(isnan(med) && used == 0);
    ck_assert_int_eq(cp_quantiles(&cx, &c, CP_SKIP_NA, (double[]){1.5}, 1, out, NULL), CP_EINVAL);
    /* numpy's percentiles of the plot golden data */
    double g[500], s[500], gq[] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1}, go[7];
    for (int i = 0; i < 500; i++)
        g[i] = det(i, 0);
    CpCol cg = cp_col_f64(g, NULL, 500);
    ck_assert_int_eq(cp_quantiles(&cx, &cg, CP_SKIP_NA, gq, 7, go, NULL), CP_OK);
    memcpy(s, g, sizeof s);
    for (int i = 1; i < 500; i++)
        for (int j = i; j > 0 && s[j - 1] > s[j]; j--) {
            double t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
        }
    for (int i = 0; i < 7; i++) {
        ck_assert_msg(fabs(go[i] - quantiles[i]) < 1e-12, "q %g: %.17g", gq[i], go[i]);
        ck_assert(cp_quantile_sorted(s, 500, gq[i]) == go[i]);
    }
    free(v);
}
END_TEST

/* Bucketed selection against a full sort on skewed data with ties. */
START_TEST(quantiles_large_skewed)
{
    int64_t n = 200001;
    double *x = malloc(sizeof(double) * n), *s = malloc(sizeof(double) * n);
    for (int64_t i = 0; i < n; i++)
        x[i] = i % 5 == 0 ? 1e9 : floor(exp(sin((double)i) * 8));
    memcpy(s, x, sizeof(double) * n);
    int cmp(const void *a, const void *b);
    qsort(s, (size_t)n, sizeof(double), cmp);
    double qs[] = {0, 0.01, 0.25, 0.5, 0.77, 0.8, 0.999, 1}, out[8], med;
    CpCol c = cp_col_f64(x, NULL, n);
    ck_assert_int_eq(cp_quantiles(&cx, &c, CP_SKIP_NA, qs, 8, out, NULL), CP_OK);
    for (int j = 0; j < 8; j++)
        ck_assert_msg(out[j] == cp_quantile_sorted(s, n, qs[j]), "q %g", qs[j]);
    ck_assert_int_eq(cp_median(&cx, &c, CP_SKIP_NA, &med, NULL), CP_OK);
    ck_assert(med == s[n / 2]);
    free(x);
    free(s);
}
END_TEST

int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

START_TEST(kde_golden)
{
    double x[502], out[9];
    for (int i = 0; i < 500; i++)
        x[i] = det(i, 0);
    x[500] = NAN;                        /* skipped, as is the NA row */
    x[501] = 123;
    int64_t na[] = {501, -1};
    uint64_t *v = na_bits(502, na);
    CpCol c = cp_col_f64(x, v, 502);
    double bw = cp_kde_bw(&c, CP_BW_SCOTT);
    ck_assert_msg(fabs(bw - scott_bw) < 1e-12, "bw %.17g", bw);
    ck_assert(fabs(cp_kde_bw(&c, CP_BW_SILVERMAN) / bw - pow(0.75, -0.2)) < 1e-12);
    ck_assert_int_eq(cp_kde(&cx, &c, bw, kde_grid, 9, out), CP_OK);
    for (int i = 0; i < 9; i++)
        ck_assert_msg(fabs(out[i] - kde_vals[i]) < 1e-12 * fmax(1, kde_vals[i]), "kde %d", i);
    CpCol one = cp_col_f64(x, NULL, 1);
    ck_assert(isnan(cp_kde_bw(&one, CP_BW_SCOTT)));
    free(v);
}
END_TEST

START_TEST(roc_hand_and_golden)
{
    double y[] = {1, 0, 1, 0, 1}, s[] = {0.9, 0.8, 0.8, 0.3, 0.1};
    CpCol cy = cp_col_f64(y, NULL, 5), cs = cp_col_f64(s, NULL, 5);
    CpRoc r;
    ck_assert_int_eq(cp_roc(&cx, &cy, &cs, false, &r), CP_OK);
    double f[] = {0, 0, 0.5, 1, 1}, t[] = {0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1}, th[] = {INFINITY, 0.9, 0.8, 0.3, 0.1};
    ck_assert_int_eq(r.n, 5);
    for (int i = 0; i < 5; i++)
        ck_assert(r.fpr[i] == f[i] && fabs(r.tpr[i] - t[i]) < 1e-15 && r.thresholds[i] == th[i]);
    ck_assert(fabs(r.auc - 3.5 / 6) < 1e-15);
    ck_assert(r.npos == 3 && r.nneg == 2);
    cp_roc_free(&cx, &r);
    /* collinear points dropped as sklearn does */
    double y2[] = {1, 1, 1, 0, 0, 0}, s2[] = {6, 5, 4, 3, 2, 1};
    CpCol cy2 = cp_col_f64(y2, NULL, 6), cs2 = cp_col_f64(s2, NULL, 6);
    ck_assert_int_eq(cp_roc(&cx, &cy2, &cs2, true, &r), CP_OK);
    ck_assert_int_eq(r.n, 4);
    ck_assert(r.thresholds[1] == 6 && r.thresholds[2] == 4 && r.thresholds[3] == 1 && r.auc == 1);
    ck_assert(r.fpr[2] == 0 && r.tpr[2] == 1);
    cp_roc_free(&cx, &r);
    /* the plot golden AUC (Mann-Whitney U), with ties */
    double gy[200], gs[200];
    for (int i = 0; i < 200; i++) {
        gy[i] = i % 3 == 0;
        gs[i] = round((det(i, 1) + gy[i] * 2) * 10) / 10;
    }
    CpCol gcy = cp_col_f64(gy, NULL, 200), gcs = cp_col_f64(gs, NULL, 200);
    ck_assert_int_eq(cp_roc(&cx, &gcy, &gcs, true, &r), CP_OK);
    ck_assert_msg(fabs(r.auc - roc_auc) < 1e-12, "auc %.17g vs %.17g", r.auc, roc_auc);
    ck_assert(r.fpr[r.n - 1] == 1 && r.tpr[r.n - 1] == 1);
    cp_roc_free(&cx, &r);
    /* errors: one class only, labels other than 0/1 */
    double one[] = {1, 1};
    CpCol c1 = cp_col_f64(one, NULL, 2), cs1 = cp_col_f64(s, NULL, 2);
    ck_assert_int_eq(cp_roc(&cx, &c1, &cs1, true, &r), CP_EINVAL);
    ck_assert_str_eq(cx.msg, "roc: need both classes in y_true, got 2 positive and 0 negative");
    one[1] = 2;
    ck_assert_int_eq(cp_roc(&cx, &c1, &cs1, true, &r), CP_EINVAL);
    ck_assert_str_eq(cx.msg, "roc: y_true must be 0 or 1, got 2 at index 1");
    ck_assert(r.fpr == NULL);
}
END_TEST

/* +-1e308 and 1e-170 data: no overflow in the interpolation, the buckets
 * or the bandwidth (scaled by a power of two). */
START_TEST(extreme_values)
{
    double s[] = {-1e308, 1e308}, q[] = {1e-170, 2e-170, 3e-170}, out[2], qs[] = {0.25, 0.75};
    ck_assert(cp_quantile_sorted(s, 2, 0.25) == -5e307 && cp_quantile_sorted(s, 2, 0.75) == 5e307);
    ck_assert(isnan(cp_quantile_sorted(s, 2, NAN)) && isnan(cp_quantile_sorted(s, 2, 2)));
    CpCol cs = cp_col_f64(s, NULL, 2), cq = cp_col_f64(q, NULL, 3);
    ck_assert_int_eq(cp_quantiles(&cx, &cs, CP_SKIP_NA, qs, 2, out, NULL), CP_OK);
    ck_assert(out[0] == -5e307 && out[1] == 5e307);
    double bw = cp_kde_bw(&cs, CP_BW_SCOTT);
    ck_assert_msg(isfinite(bw) && fabs(bw / (sqrt(2) * 1e308 * pow(2, -0.2)) - 1) < 1e-12, "bw %g", bw);
    bw = cp_kde_bw(&cq, CP_BW_SCOTT);
    ck_assert_msg(fabs(bw / (1e-170 * pow(3, -0.2)) - 1) < 1e-12, "bw %g", bw);
    double med;
    ck_assert_int_eq(cp_median(&cx, &cq, CP_SKIP_NA, &med, NULL), CP_OK);
    ck_assert(med == 2e-170);
}
END_TEST

/* ---- matrices ---------------------------------------------------------------------------- */

START_TEST(matrix_fill_policies)
{
    double x[] = {1, 0, 3};
    uint8_t b[] = {1, 0, 1};
    int64_t na[] = {1, -1}, *kept, nk;
    uint64_t *v = na_bits(3, na);
    CpCol cols[2] = {cp_col_f64(x, v, 3), cp_col_bool(b, NULL, 3)};
    const char *names[] = {"x", "flag"};
    CpMat m;
    ck_assert_int_eq(cp_mat_from_cols(&cx, cols, 2, names, CP_NA_ERROR, &m, NULL, NULL), CP_EINVAL);
    ck_assert_str_eq(cx.msg, "matrix: column x has NA at row 1");
    ck_assert_int_eq(cp_mat_from_cols(&cx, cols, 2, names, CP_NA_DROP, &m, &kept, &nk), CP_OK);
    ck_assert(m.rows == 2 && m.cols == 2 && nk == 2 && kept[0] == 0 && kept[1] == 2);
    ck_assert(m.a[0] == 1 && m.a[1] == 3 && m.a[2] == 1 && m.a[3] == 1);
    cp_free(&cx, kept);
    cp_mat_free(&cx, &m);
    ck_assert_int_eq(cp_mat_from_cols(&cx, cols, 2, names, CP_NA_NAN, &m, NULL, NULL), CP_OK);
    ck_assert(m.rows == 3 && isnan(m.a[1]) && m.a[4] == 0);
    cp_mat_free(&cx, &m);
    free(v);
}
END_TEST

START_TEST(matrix_lapack)
{
    /* A = [1 2; 3 4; 5 6] column-major; A'A = [35 44; 44 56] */
    CpMat A, C, X, w, V, s, U, Vt;
    cp_mat_new(&cx, 3, 2, &A);
    double a[] = {1, 3, 5, 2, 4, 6};
    memcpy(A.a, a, sizeof a);
    cp_mat_new(&cx, 2, 2, &C);
    ck_assert_int_eq(cp_mat_mul(&cx, true, &A, false, &A, 1, 0, &C), CP_OK);
    ck_assert(C.a[0] == 35 && C.a[1] == 44 && C.a[2] == 44 && C.a[3] == 56);
    ck_assert_int_eq(cp_mat_mul(&cx, false, &A, false, &A, 1, 0, &C), CP_EINVAL);
    /* y = 1 + 2x exactly */
    CpMat D, y;
    cp_mat_new(&cx, 3, 2, &D);
    cp_mat_new(&cx, 3, 1, &y);
    double d[] = {1, 1, 1, 1, 2, 3}, yy[] = {3, 5, 7};
    memcpy(D.a, d, sizeof d);
    memcpy(y.a, yy, sizeof yy);
    ck_assert_int_eq(cp_lstsq(&cx, &D, &y, &X), CP_OK);
    ck_assert(fabs(X.a[0] - 1) < 1e-12 && fabs(X.a[1] - 2) < 1e-12 && D.a[5] == 3);
    cp_mat_free(&cx, &X);
    D.a[3] = 2, D.a[4] = 2, D.a[5] = 2;          /* second column = 2 * first */
    ck_assert_int_eq(cp_lstsq(&cx, &D, &y, &X), CP_ESINGULAR);
    /* solve [4 2; 2 3] x = [2 1] -> (0.5, 0) */
    double sp[] = {4, 2, 2, 3};
    memcpy(C.a, sp, sizeof sp);
    CpMat b2;
    cp_mat_new(&cx, 2, 1, &b2);
    b2.a[0] = 2, b2.a[1] = 1;
    ck_assert_int_eq(cp_solve_spd(&cx, &C, &b2, &X), CP_OK);
    ck_assert(fabs(X.a[0] - 0.5) < 1e-15 && fabs(X.a[1]) < 1e-15);
    cp_mat_free(&cx, &X);
    double np[] = {1, 2, 2, 1};
    memcpy(C.a, np, sizeof np);
    ck_assert_int_eq(cp_solve_spd(&cx, &C, &b2, &X), CP_ESINGULAR);
    /* eigenvalues of [2 1; 1 2]: 1 and 3, vectors (1,-1)/sqrt2 and (1,1)/sqrt2 */
    double e[] = {2, 1, 1, 2};
    memcpy(C.a, e, sizeof e);
    ck_assert_int_eq(cp_eigh(&cx, &C, &w, &V), CP_OK);
    ck_assert(fabs(w.a[0] - 1) < 1e-14 && fabs(w.a[1] - 3) < 1e-14);
    ck_assert(fabs(fabs(V.a[2]) - sqrt(0.5)) < 1e-14 && fabs(V.a[2] - V.a[3]) < 1e-14);
    cp_mat_free(&cx, &w);
    cp_mat_free(&cx, &V);
    /* SVD of A: s1^2 + s2^2 = |A|^2 = 91, and U diag(s) Vt = A */
    ck_assert_int_eq(cp_svd(&cx, &A, &s, &U, &Vt), CP_OK);
    ck_assert(s.rows == 2 && s.a[0] >= s.a[1] && fabs(s.a[0] * s.a[0] + s.a[1] * s.a[1] - 91) < 1e-12);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++) {
            double t = 0;
            for (int k = 0; k < 2; k++)
                t += U.a[i + k * 3] * s.a[k] * Vt.a[k + j * 2];
            ck_assert(fabs(t - A.a[i + j * 3]) < 1e-12);
        }
    cp_mat_free(&cx, &s);
    cp_mat_free(&cx, &U);
    cp_mat_free(&cx, &Vt);
    ck_assert_int_eq(cp_svd(&cx, &A, &s, NULL, NULL), CP_OK);
    cp_mat_free(&cx, &s);
    cp_mat_free(&cx, &A);
    cp_mat_free(&cx, &C);
    cp_mat_free(&cx, &D);
    cp_mat_free(&cx, &y);
    cp_mat_free(&cx, &b2);
}
END_TEST

/* ---- the job runner, interrupts, allocation failures ----------------------------------- */

typedef struct SumJob {
    const double *x;
    int64_t n;
    double *part;
} SumJob;

static CpStatus sum_block(void *arg, int64_t b, const CpCtx *c)
{
    SumJob *J = arg;
    int64_t lo, hi;
    cp_block(b, J->n, &lo, &hi);
    J->part[b] = cp_sum_pairwise(J->x + lo, hi - lo);
    return CP_OK;
}

static CpStatus fail_some(void *arg, int64_t t, const CpCtx *c)
{
    return t == 3 ? CP_EINVAL : t == 7 ? CP_ENOMEM : CP_OK;
}

START_TEST(threads_same_results)
{
    int64_t n = 1000003;
    double *x = malloc(sizeof(double) * n);
    for (int64_t i = 0; i < n; i++)
        x[i] = sin((double)i) * 1e6 + 1.0 / (double)(i + 1);
    double tot[2], kde[2][64], grid[64];
    int64_t *perm[2], *idx = malloc(sizeof(int64_t) * n);
    double *g[2];
    for (int64_t i = 0; i < n; i++)
        idx[i] = (i * 7919) % n;
    for (int j = 0; j < 64; j++)
        grid[j] = -1e6 + j * 3e4;
    for (int t = 0; t < 2; t++) {
        cx.nthreads = t + 1;
        int64_t nb = cp_nblocks(n);
        double *part = malloc(sizeof(double) * nb);
        SumJob J = {x, n, part};
        ck_assert_int_eq(cp_run(&cx, nb, sum_block, &J), CP_OK);
        tot[t] = 0;
        for (int64_t b = 0; b < nb; b++)
            tot[t] += part[b];
        free(part);
        CpCol c = cp_col_f64(x, NULL, n);
        ck_assert_int_eq(cp_kde(&cx, &c, 5e4, grid, 64, kde[t]), CP_OK);
        g[t] = malloc(sizeof(double) * n);
        ck_assert_int_eq(cp_gather(&cx, &c, idx, n, g[t], NULL, NULL), CP_OK);
        perm[t] = malloc(sizeof(int64_t) * n);
        CpSortKey k = {c, false};
        ck_assert_int_eq(cp_sort(&cx, &k, 1, n, perm[t]), CP_OK);
        ck_assert_int_eq(cp_run(&cx, 20, fail_some, NULL), CP_EINVAL);   /* lowest failed task */
    }
    ck_assert(memcmp(&tot[0], &tot[1], sizeof(double)) == 0);
    ck_assert(memcmp(kde[0], kde[1], sizeof kde[0]) == 0);
    ck_assert(memcmp(g[0], g[1], sizeof(double) * n) == 0);
    ck_assert(memcmp(perm[0], perm[1], sizeof(int64_t) * n) == 0);
    for (int t = 0; t < 2; t++) {
        free(g[t]);
        free(perm[t]);
    }
    free(x);
    free(idx);
    cx.nthreads = 0;
}
END_TEST

START_TEST(interrupts_stop_every_kernel)
{
    volatile sig_atomic_t flag = 1;
    cx.interrupt = &flag;
    int64_t n = 300000;
    double *x = malloc(sizeof(double) * n), out[4];
    int64_t *ids = malloc(sizeof(int64_t) * n), ng;
    for (int64_t i = 0; i < n; i++) {
        x[i] = (double)(i % 1000);
        ids[i] = i % 4;
    }
    CpCol c = cp_col_f64(x, NULL, n);
    ck_assert_int_eq(cp_group_ids(&cx, &c, 1, n, ids, &ng), CP_EINTR);
    for (int64_t i = 0; i < n; i++)
        ids[i] = i % 4;
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_MEAN, &c, ids, 4, NULL, out, NULL), CP_EINTR);
    ck_assert_str_eq(cx.msg, "interrupted");
    ck_assert_int_eq(cp_group_agg(&cx, CP_AGG_MEDIAN, &c, ids, 4, NULL, out, NULL), CP_EINTR);
    CpSortKey k = {c, false};
    ck_assert_int_eq(cp_sort(&cx, &k, 1, n, ids), CP_EINTR);
    CpJoin j;
    ck_assert_int_eq(cp_join(&cx, &c, &c, 1, CP_JOIN_INNER, true, &j), CP_EINTR);
    ck_assert(j.left == NULL);
    double q = 0.5;
    ck_assert_int_eq(cp_quantiles(&cx, &c, CP_SKIP_NA, &q, 1, out, NULL), CP_EINTR);
    ck_assert_int_eq(cp_run(&cx, 10, fail_some, NULL), CP_EINTR);
    double *r = malloc(sizeof(double) * n);
    ck_assert_int_eq(cp_rank(&cx, &c, CP_TIES_AVERAGE, false, r, NULL), CP_EINTR);
    CpRoc roc;
    ck_assert_int_eq(cp_roc(&cx, &c, &c, true, &roc), CP_EINTR);
    CpMat m;
    ck_assert_int_eq(cp_mat_from_cols(&cx, &c, 1, NULL, CP_NA_ERROR, &m, NULL, NULL), CP_EINTR);
    ck_assert(m.a == NULL);
    double grid[3] = {0, 1, 2};
    ck_assert_int_eq(cp_kde(&cx, &c, 1.0, grid, 3, out), CP_EINTR);
    int64_t *g = malloc(sizeof(double) * n);
    ck_assert_int_eq(cp_gather(&cx, &c, ids, 10, g, NULL, NULL), CP_EINTR);
    free(g);
    free(r);
    flag = 0;
    ck_assert_int_eq(cp_group_ids(&cx, &c, 1, n, ids, &ng), CP_OK);
    ck_assert_int_eq(ng, 1000);
    free(x);
    free(ids);
}
END_TEST

/* An allocator that fails after `left` more allocations and counts live blocks. */
typedef struct Budget {
    long left, live;
} Budget;

static void *budget_realloc(void *ud, void *p, size_t n)
{
    Budget *b = ud;
    if (n == 0) {
        if (p)
            b->live--;
        free(p);
        return NULL;
    }
    if (b->left-- <= 0)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        b->live++;
    return q;
}

START_TEST(allocation_failures_leak_nothing)
{
    int32_t lk[] = {0, 1, 0, 2, 0}, rk[] = {1, 0, 0, 3, 0};
    double x[] = {1, 2, 3, 4, 5};
    int64_t ids[5] = {0, 1, 0, 1, 0}, ng, perm[5];
    CpCol l = cp_col_codes(lk, NULL, 5, 0), r = cp_col_codes(rk, NULL, 5, 0), cxl = cp_col_f64(x, NULL, 5);
    CpCol keys[2] = {l, cxl};
    for (int what = 0; what < 5; what++) {
        bool done = false;
        for (long k = 0; !done && k < 100; k++) {
            Budget b = {k, 0};
            cx.realloc = budget_realloc;
            cx.ud = &b;
            CpStatus st;
            CpJoin j;
            CpRoc roc;
            double out[2];
            int64_t g2[5] = {0, 1, 0, 1, 0};
            switch (what) {
            case 0: st = cp_join(&cx, &l, &r, 1, CP_JOIN_OUTER, false, &j); if (!st) cp_join_free(&cx, &j); break;
            case 1: st = cp_group_ids(&cx, keys, 2, 5, ids, &ng); break;
            case 2: st = cp_group_agg(&cx, CP_AGG_NUNIQUE, &cxl, g2, 2, NULL, out, NULL); break;
            case 3: { CpSortKey sk = {cxl, true}; st = cp_sort(&cx, &sk, 1, 5, perm); } break;
            default: {
                double y[] = {1, 0, 1, 0, 1};
                CpCol cy = cp_col_f64(y, NULL, 5);
                st = cp_roc(&cx, &cy, &cxl, true, &roc);
                if (!st) cp_roc_free(&cx, &roc);
            }
            }
            ck_assert_msg(st == CP_OK || st == CP_ENOMEM, "case %d budget %ld: %d", what, k, (int)st);
            ck_assert_msg(b.live == 0, "case %d budget %ld: %ld blocks leaked", what, k, b.live);
            done = st == CP_OK;
        }
        ck_assert_msg(done, "case %d never succeeded", what);
    }
    cx.realloc = NULL;
    cx.ud = NULL;
}
END_TEST

/* Group ids on the parallel path for few keys (compute/few.c) equal the
 * sequential ones: NA first seen in a later block, NaN, -0, a pair fold. */
START_TEST(few_keys_parallel_path)
{
    int64_t n = 300001;
    double *x = malloc(sizeof(double) * n);
    int64_t *b = malloc(sizeof(int64_t) * n), *ids[2], ng[2], *na = malloc(sizeof(int64_t) * 40);
    int k = 0;
    for (int64_t i = 0; i < n; i++) {
        x[i] = (double)((i * 7919) % 300) - 150;
        b[i] = (i / 3) % 4;
        if (i == 100000 || i == 250000)
            x[i] = NAN;
        if (i == 7 * 65536 / 2 || (i > 200000 && i % 9973 == 0))
            na[k++] = i;
    }
    x[5] = -0.0;
    na[k] = -1;
    uint64_t *v = na_bits(n, na);
    CpCol keys[2] = {cp_col_f64(x, v, n), cp_col_i64(b, NULL, n)};
    for (int t = 0; t < 2; t++) {
        cx.nthreads = t + 1;
        ids[t] = malloc(sizeof(int64_t) * n);
        ck_assert_int_eq(cp_group_ids(&cx, keys, 1, n, ids[t], &ng[t]), CP_OK);
    }
    ck_assert_int_eq(ng[0], 302);                /* 300 values, NaN, NA */
    ck_assert_int_eq(ng[0], ng[1]);
    ck_assert(memcmp(ids[0], ids[1], sizeof(int64_t) * n) == 0);
    for (int t = 0; t < 2; t++) {
        cx.nthreads = t + 1;
        ck_assert_int_eq(cp_group_ids(&cx, keys, 2, n, ids[t], &ng[t]), CP_OK);
    }
    ck_assert_int_eq(ng[0], ng[1]);
    ck_assert(memcmp(ids[0], ids[1], sizeof(int64_t) * n) == 0);
    int64_t next = 0;                            /* ids appear in order 0, 1, 2, ... */
    for (int64_t i = 0; i < n; i++) {
        ck_assert(ids[0][i] <= next);
        next += ids[0][i] == next;
    }
    ck_assert_int_eq(next, ng[0]);
    cx.nthreads = 0;
    free(ids[0]);
    free(ids[1]);
    free(x);
    free(b);
    free(na);
    free(v);
}
END_TEST

static Suite *compute_suite(void)
{
    Suite *s = suite_create("compute");
    TCase *t = tcase_create("core");
    tcase_add_checked_fixture(t, setup, NULL);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, group_ids_num_na_nan);
    tcase_add_test(t, group_ids_codes_bool_i64);
    tcase_add_test(t, group_ids_several_keys);
    tcase_add_test(t, group_ids_fold_paths);
    tcase_add_test(t, group_ids_empty_and_one_row);
    tcase_add_test(t, agg_matches_pandas);
    tcase_add_test(t, agg_hand_cases);
    tcase_add_test(t, agg_nan_ties_kahan);
    tcase_add_test(t, pick_rows);
    tcase_add_test(t, gather_types);
    tcase_add_test(t, join_kinds_many_to_many_na);
    tcase_add_test(t, join_several_keys_and_empty);
    tcase_add_test(t, join_large_many_to_one);
    tcase_add_test(t, sort_na_nan_desc);
    tcase_add_test(t, sort_several_keys_strings);
    tcase_add_test(t, rank_ties);
    tcase_add_test(t, quantiles_hand_and_golden);
    tcase_add_test(t, quantiles_large_skewed);
    tcase_add_test(t, kde_golden);
    tcase_add_test(t, roc_hand_and_golden);
    tcase_add_test(t, extreme_values);
    tcase_add_test(t, matrix_fill_policies);
    tcase_add_test(t, matrix_lapack);
    tcase_add_test(t, threads_same_results);
    tcase_add_test(t, few_keys_parallel_path);
    tcase_add_test(t, interrupts_stop_every_kernel);
    tcase_add_test(t, allocation_failures_leak_nothing);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(compute_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
