/*
 * ops.c — operators on values. Vector kernels are typed loops over the
 * contiguous buffers; the result's validity is the AND of the operands'
 * bitmaps, computed a word at a time. A scalar operand is broadcast.
 * NA is never produced by arithmetic on present values: 0/0 is NaN.
 */
#include "lang/ops.h"

#include <math.h>
#include <string.h>

#include "lang/frame.h"
#include "lang/mem.h"

/* ---- helpers ------------------------------------------------------------- */

static bool is_numeric_scalar(Value v) { return v.t == T_NUM || v.t == T_BOOL; }
static double scalar_num(Value v) { return v.t == T_NUM ? v.u.n : (double)v.u.b; }

static Status type_error(Interp *I, BinOp op, Value a, Value b)
{
    return err_raise(I, ERR_TYPE, "unsupported operand types for %s: %s and %s", ast_op_name(op), val_type_name(a),
                     val_type_name(b));
}

/* Result validity = AND of the operands' bitmaps (x or y may be NULL). */
static bool combine_validity(Vec *r, const Vec *x, const Vec *y)
{
    if ((!x || !x->valid) && (!y || !y->valid))
        return true;
    size_t words = bitmap_words(r->cap);
    r->valid = mem_try_alloc(sizeof(uint64_t) * words);
    if (!r->valid)
        return false;
    size_t used = bitmap_words(r->len);
    for (size_t w = 0; w < used; w++)
        r->valid[w] = (x ? vec_valid_word(x, (int64_t)w) : ~0ULL) & (y ? vec_valid_word(y, (int64_t)w) : ~0ULL);
    for (size_t w = used; w < words; w++)
        r->valid[w] = 0;
    vec_recount(r);
    return true;
}

static double floored_mod(double x, double y)
{
    double m = fmod(x, y);
    if (m != 0 && ((m < 0) != (y < 0)))
        m += y;
    return m;
}

static inline double arith(BinOp op, double x, double y)
{
    switch (op) {
    case OP_ADD: return x + y;
    case OP_SUB: return x - y;
    case OP_MUL: return x * y;
    case OP_DIV: return x / y;
    case OP_MOD: return floored_mod(x, y);
    default: return pow(x, y);
    }
}

static inline bool compare_num(BinOp op, double x, double y)
{
    switch (op) {
    case OP_EQ: return x == y;
    case OP_NE: return x != y;
    case OP_LT: return x < y;
    case OP_LE: return x <= y;
    case OP_GT: return x > y;
    default: return x >= y;
    }
}

static bool is_arith(BinOp op) { return op <= OP_POW; }

/* Numeric view of a vector: num data, or bool converted (new buffer). */
static const double *num_data(const Vec *v, double **tmp)
{
    *tmp = NULL;
    if (v->kind == VEC_NUM)
        return v->d.num;
    double *d = mem_try_alloc(sizeof(double) * (size_t)(v->len + 1));
    if (d)
        for (int64_t i = 0; i < v->len; i++)
            d[i] = v->d.b[i];
    *tmp = d;
    return d;
}

/* ---- numeric vector kernels ---------------------------------------------- */

/* One tight loop per operator and operand shape (vector-vector,
 * vector-scalar, scalar-vector), so the compiler can vectorise them; the
 * operator is chosen once, outside the loop. */
#define SHAPED_LOOPS(EXPR)                                                  \
    do {                                                                    \
        if (x && y)                                                         \
            for (int64_t i = 0; i < n; i++) o[i] = EXPR(x[i], y[i]);        \
        else if (x)                                                         \
            for (int64_t i = 0; i < n; i++) o[i] = EXPR(x[i], sb);          \
        else                                                                \
            for (int64_t i = 0; i < n; i++) o[i] = EXPR(sa, y[i]);          \
    } while (0)

#define ADD_(a, b) ((a) + (b))
#define SUB_(a, b) ((a) - (b))
#define MUL_(a, b) ((a) * (b))
#define DIV_(a, b) ((a) / (b))
#define MOD_(a, b) floored_mod((a), (b))
#define POW_(a, b) pow((a), (b))
#define EQ_(a, b) ((a) == (b))
#define NE_(a, b) ((a) != (b))
#define LT_(a, b) ((a) < (b))
#define LE_(a, b) ((a) <= (b))
#define GT_(a, b) ((a) > (b))
#define GE_(a, b) ((a) >= (b))

__attribute__((optimize("O3"))) static void arith_loops(BinOp op, double *restrict o, const double *restrict x, double sa,
                        const double *restrict y, double sb, int64_t n)
{
    switch (op) {
    case OP_ADD: SHAPED_LOOPS(ADD_); break;
    case OP_SUB: SHAPED_LOOPS(SUB_); break;
    case OP_MUL: SHAPED_LOOPS(MUL_); break;
    case OP_DIV: SHAPED_LOOPS(DIV_); break;
    case OP_MOD: SHAPED_LOOPS(MOD_); break;
    default: SHAPED_LOOPS(POW_); break;
    }
}

__attribute__((optimize("O3"))) static void compare_loops(BinOp op, uint8_t *restrict o, const double *restrict x, double sa,
                          const double *restrict y, double sb, int64_t n)
{
    switch (op) {
    case OP_EQ: SHAPED_LOOPS(EQ_); break;
    case OP_NE: SHAPED_LOOPS(NE_); break;
    case OP_LT: SHAPED_LOOPS(LT_); break;
    case OP_LE: SHAPED_LOOPS(LE_); break;
    case OP_GT: SHAPED_LOOPS(GT_); break;
    default: SHAPED_LOOPS(GE_); break;
    }
}

/* a op b where each is a numeric vector or (when its Vec is NULL) a
 * scalar. n is the common length. */
static Status numeric_kernel(Interp *I, BinOp op, const Vec *va, double sa, const Vec *vb, double sb, int64_t n,
                             Value *out)
{
    double *ta = NULL, *tb = NULL;
    const double *x = va ? num_data(va, &ta) : NULL, *y = vb ? num_data(vb, &tb) : NULL;
    Vec *r = vec_new_len(is_arith(op) ? VEC_NUM : VEC_BOOL, n);
    if ((va && !x) || (vb && !y) || !r) {
        mem_free(ta);
        mem_free(tb);
        obj_unref(r);
        return err_oom(I);
    }
    if (is_arith(op))
        arith_loops(op, r->d.num, x, sa, y, sb, n);
    else
        compare_loops(op, r->d.b, x, sa, y, sb, n);
    mem_free(ta);
    mem_free(tb);
    if (!combine_validity(r, va, vb)) {
        obj_unref(r);
        return err_oom(I);
    }
    *out = val_obj_take(r);
    return ST_OK;
}

/* == / != / < ... between a str vector and a str scalar or str vector. */
static Status string_compare(Interp *I, BinOp op, const Vec *va, const Str *sa, const Vec *vb, const Str *sb,
                             int64_t n, Value *out)
{
    Vec *r = vec_new_len(VEC_BOOL, n);
    if (!r)
        return err_oom(I);
    if ((op == OP_EQ || op == OP_NE) && (!va || !vb)) {
        /* One dictionary lookup, then integer compares. */
        const Vec *v = va ? va : vb;
        const Str *s = va ? sb : sa;
        int32_t code = dict_find(v->dict, s->s, s->len);
        uint8_t want = op == OP_EQ;
        for (int64_t i = 0; i < n; i++)
            r->d.b[i] = (v->d.code[i] == code) == want;
    } else {
        for (int64_t i = 0; i < n; i++) {
            const Str *x = va ? (vec_is_valid(va, i) ? vec_str_unsafe(va, i) : NULL) : sa;
            const Str *y = vb ? (vec_is_valid(vb, i) ? vec_str_unsafe(vb, i) : NULL) : sb;
            int c = (x && y) ? strcmp(x->s, y->s) : 0;
            r->d.b[i] = compare_num(op, c, 0);
        }
    }
    if (!combine_validity(r, va, vb)) {
        obj_unref(r);
        return err_oom(I);
    }
    *out = val_obj_take(r);
    return ST_OK;
}

static Status length_error(Interp *I, BinOp op, int64_t a, int64_t b)
{
    return err_raise(I, ERR_VALUE, "vector lengths differ for %s: %lld and %lld", ast_op_name(op), (long long)a,
                     (long long)b);
}

/* One or both operands are vectors. */
static Status vector_binary(Interp *I, BinOp op, Value a, Value b, Value *out)
{
    const Vec *va = a.t == T_VEC ? a.u.v : NULL, *vb = b.t == T_VEC ? b.u.v : NULL;
    if (va && vb && va->len != vb->len)
        return length_error(I, op, va->len, vb->len);
    int64_t n = va ? va->len : vb->len;
    /* A NA scalar makes every element NA. */
    if (a.t == T_NA || b.t == T_NA) {
        Vec *r = vec_fill(val_na(), n);
        if (!r)
            return err_oom(I);
        if (!is_arith(op))
            r->kind = VEC_BOOL;              /* all NA; data is zero either way */
        *out = val_obj_take(r);
        return ST_OK;
    }
    bool a_num = va ? va->kind != VEC_STR : is_numeric_scalar(a);
    bool b_num = vb ? vb->kind != VEC_STR : is_numeric_scalar(b);
    bool a_str = va ? va->kind == VEC_STR : a.t == T_STR;
    bool b_str = vb ? vb->kind == VEC_STR : b.t == T_STR;
    if (a_num && b_num)
        return numeric_kernel(I, op, va, va ? 0 : scalar_num(a), vb, vb ? 0 : scalar_num(b), n, out);
    if (a_str && b_str && !is_arith(op))
        return string_compare(I, op, va, va ? NULL : a.u.s, vb, vb ? NULL : b.u.s, n, out);
    if ((op == OP_EQ || op == OP_NE) && (a_str || b_str)) {
        /* str vs num: never equal. */
        Vec *r = vec_fill(val_bool(op == OP_NE), n);
        if (!r)
            return err_oom(I);
        *out = val_obj_take(r);
        return ST_OK;
    }
    return type_error(I, op, a, b);
}

/* ---- membership ------------------------------------------------------------ */

static bool contains(Value hay, Value x)
{
    switch (hay.t) {
    case T_LIST:
        for (int64_t i = 0; i < hay.u.l->len; i++)
            if (val_equal(hay.u.l->items[i], x))
                return true;
        return false;
    case T_VEC: {
        const Vec *v = hay.u.v;
        if (v->kind == VEC_STR) {
            if (x.t != T_STR)
                return x.t == T_NA && v->nnull > 0;
            int32_t c = dict_find(v->dict, x.u.s->s, x.u.s->len);
            for (int64_t i = 0; c >= 0 && i < v->len; i++)
                if (v->d.code[i] == c && vec_is_valid(v, i))
                    return true;
            return false;
        }
        for (int64_t i = 0; i < v->len; i++) {
            Value e = vec_get(v, i);
            bool eq = val_equal(e, x);
            if (eq)
                return true;
        }
        return false;
    }
    case T_RECORD: return x.t == T_STR && record_get_borrow(hay.u.r, x.u.s->s);
    case T_FRAME: return x.t == T_STR && frame_find(hay.u.f, x.u.s->s) >= 0;
    case T_STR: return x.t == T_STR && strstr(hay.u.s->s, x.u.s->s);
    default: return false;
    }
}

static Status op_in(Interp *I, Value a, Value b, Value *out)
{
    if (b.t != T_LIST && b.t != T_VEC && b.t != T_RECORD && b.t != T_FRAME && b.t != T_STR)
        return err_raise(I, ERR_TYPE, "'in' needs a list, vector, record, frame or str on the right, got %s",
                         val_type_name(b));
    if (a.t != T_VEC) {
        *out = val_bool(contains(b, a));
        return ST_OK;
    }
    /* Element-wise membership (pandas isin). */
    Vec *r = vec_new_len(VEC_BOOL, a.u.v->len);
    if (!r)
        return err_oom(I);
    for (int64_t i = 0; i < a.u.v->len; i++) {
        Value e = vec_get(a.u.v, i);
        r->d.b[i] = contains(b, e);
        val_unref(e);
    }
    *out = val_obj_take(r);
    return ST_OK;
}

/* ---- scalar binary ----------------------------------------------------------- */

static Status scalar_binary(Interp *I, BinOp op, Value a, Value b, Value *out)
{
    if (a.t == T_NA || b.t == T_NA) {
        if (op == OP_EQ || op == OP_NE || is_arith(op) || op <= OP_GE) {
            *out = val_na();
            return ST_OK;
        }
    }
    if (is_numeric_scalar(a) && is_numeric_scalar(b)) {
        double x = scalar_num(a), y = scalar_num(b);
        *out = is_arith(op) ? val_num(arith(op, x, y)) : val_bool(compare_num(op, x, y));
        return ST_OK;
    }
    if (a.t == T_STR && b.t == T_STR) {
        if (op == OP_ADD) {
            char *buf = mem_alloc(a.u.s->len + b.u.s->len + 1);
            memcpy(buf, a.u.s->s, a.u.s->len);
            memcpy(buf + a.u.s->len, b.u.s->s, b.u.s->len);
            *out = val_strn(buf, a.u.s->len + b.u.s->len);
            mem_free(buf);
            return ST_OK;
        }
        if (!is_arith(op)) {
            *out = val_bool(compare_num(op, strcmp(a.u.s->s, b.u.s->s), 0));
            return ST_OK;
        }
    }
    if (a.t == T_LIST && b.t == T_LIST && op == OP_ADD) {
        List *l = list_new(a.u.l->len + b.u.l->len);
        for (int64_t i = 0; i < a.u.l->len; i++)
            list_push(l, a.u.l->items[i]);
        for (int64_t i = 0; i < b.u.l->len; i++)
            list_push(l, b.u.l->items[i]);
        *out = val_obj_take(l);
        return ST_OK;
    }
    if (op == OP_EQ || op == OP_NE) {
        *out = val_bool(val_equal(a, b) == (op == OP_EQ));
        return ST_OK;
    }
    return type_error(I, op, a, b);
}

Status ops_binary(Interp *I, BinOp op, Value a, Value b, Value *out)
{
    if (op == OP_IN)
        return op_in(I, a, b, out);
    if (a.t == T_VEC || b.t == T_VEC) {
        Value s = a.t == T_VEC ? b : a;
        if (s.t == T_VEC || s.t == T_NUM || s.t == T_BOOL || s.t == T_STR || s.t == T_NA)
            return vector_binary(I, op, a, b, out);
    }
    return scalar_binary(I, op, a, b, out);
}

/* ---- unary and logic ----------------------------------------------------------- */

Status ops_neg(Interp *I, Value a, Value *out)
{
    if (a.t == T_NA) {
        *out = val_na();
        return ST_OK;
    }
    if (a.t == T_BOOL) {
        *out = val_num(-(double)a.u.b);
        return ST_OK;
    }
    if (a.t == T_VEC && a.u.v->kind != VEC_STR)
        return numeric_kernel(I, OP_SUB, NULL, 0, a.u.v, 0, a.u.v->len, out);
    return err_raise(I, ERR_TYPE, "cannot negate a %s", val_type_name(a));
}

Status ops_not(Interp *I, Value a, Value *out)
{
    if (a.t == T_BOOL || a.t == T_NA) {
        *out = a.t == T_NA ? val_na() : val_bool(!a.u.b);
        return ST_OK;
    }
    if (a.t == T_VEC && a.u.v->kind == VEC_BOOL) {
        Vec *r = vec_copy(a.u.v);
        if (!r)
            return err_oom(I);
        for (int64_t i = 0; i < r->len; i++)
            r->d.b[i] = !r->d.b[i];
        *out = val_obj_take(r);
        return ST_OK;
    }
    return err_raise(I, ERR_TYPE, "'not' expects a bool or bool vector, got %s", val_type_name(a));
}

/* Three-valued logic value of element i: 0 false, 1 true, 2 NA. */
static int tri(Value v, int64_t i)
{
    if (v.t == T_NA)
        return 2;
    if (v.t == T_BOOL)
        return v.u.b;
    if (!vec_is_valid(v.u.v, i))
        return 2;
    return v.u.v->d.b[i] != 0;
}

Status ops_logic(Interp *I, bool is_and, Value a, Value b, Value *out)
{
    for (int k = 0; k < 2; k++) {
        Value v = k ? b : a;
        if (!(v.t == T_BOOL || v.t == T_NA || (v.t == T_VEC && v.u.v->kind == VEC_BOOL)))
            return err_raise(I, ERR_TYPE, "'%s' expects bool operands, got %s", is_and ? "and" : "or", val_type_name(v));
    }
    if (a.t == T_VEC && b.t == T_VEC && a.u.v->len != b.u.v->len)
        return err_raise(I, ERR_VALUE, "vector lengths differ for %s: %lld and %lld", is_and ? "and" : "or",
                         (long long)a.u.v->len, (long long)b.u.v->len);
    bool vec = a.t == T_VEC || b.t == T_VEC;
    int64_t n = a.t == T_VEC ? a.u.v->len : b.t == T_VEC ? b.u.v->len : 1;
    Vec *r = vec ? vec_new_len(VEC_BOOL, n) : NULL;
    if (vec && !r)
        return err_oom(I);
    for (int64_t i = 0; i < n; i++) {
        int x = tri(a, i), y = tri(b, i), z;
        if (is_and)
            z = (x == 0 || y == 0) ? 0 : (x == 2 || y == 2) ? 2 : 1;
        else
            z = (x == 1 || y == 1) ? 1 : (x == 2 || y == 2) ? 2 : 0;
        if (!vec) {
            *out = z == 2 ? val_na() : val_bool(z);
            return ST_OK;
        }
        r->d.b[i] = z == 1;
        if (z == 2 && !vec_set_na(r, i)) {
            obj_unref(r);
            return err_oom(I);
        }
    }
    *out = val_obj_take(r);
    return ST_OK;
}

Status ops_truth(Interp *I, Value v, const char *what, bool *out)
{
    if (v.t == T_BOOL) {
        *out = v.u.b;
        return ST_OK;
    }
    if (v.t == T_NA)
        return err_raise(I, ERR_VALUE, "%s is NA (neither true nor false)", what);
    if (v.t == T_VEC)
        return err_raise(I, ERR_TYPE, "%s must be a single bool, got a %s of %lld; use any() or all()", what,
                         val_type_name(v), (long long)v.u.v->len);
    return err_raise(I, ERR_TYPE, "%s must be a bool, got %s", what, val_type_name(v));
}
