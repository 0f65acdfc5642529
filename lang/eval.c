/*
 * eval.c — the tree-walking evaluator: the one allowed giant switch.
 *
 * eval() returns a Status and writes a new reference to *out on ST_OK.
 * Control flow (break, continue, return) travels as Status values; a
 * returned value waits in I->ret. On ST_ERR the innermost node marks the
 * error's position; each sift call the error passes through adds its call
 * site to the trace.
 *
 * Variables: a function's locals live in a C array on the C stack of its
 * call (CallFrame); globals in I->g. Reading a local that has not been
 * assigned yet falls back to the global of the same name (so
 * `x = x + 1` in a function starts from the global x and changes only
 * the function's copy).
 *
 * Assignment into containers (x.f = v, x[i] = v, x.f[i] = v) steals the
 * base variable's reference, makes each level unique (copy-on-write) and
 * puts everything back: a loop `v[i] = ...` on an unshared vector
 * updates it in place.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/error.h"
#include "lang/eval.h"
#include "lang/cstack.h"
#include "lang/interp.h"
#include "lang/mem.h"
#include "lang/ops.h"

static Status eval(Interp *I, Node *n, Value *out);
static Status eval_block(Interp *I, Node *n, Value *out);

#define NOINLINE __attribute__((noinline))

static inline bool likely_ok(Status st) { return __builtin_expect(st == ST_OK, 1); }

static Status eval_call(Interp *I, Node *n, Value *out);
static Status eval_binary(Interp *I, Node *n, Value *out);

/* Leaves that need no dispatch: a number literal or an assigned local.
 * Used for operands and arguments, where they are the common case; it
 * saves the indirect jump of the big switch, which dominates the profile
 * of call-heavy code. */
static inline __attribute__((always_inline)) Status eval_leaf(Interp *I, Node *n, Value *out)
{
    if (n->kind == N_NUM) {
        *out = val_num(n->num);
        return ST_OK;
    }
    if (n->kind == N_NAME) {
        if (n->scope == SC_SELF) {
            *out = val_ref(val_obj_take(I->frame->fn));
            return ST_OK;
        }
        Value v = n->scope == SC_LOCAL ? I->frame->locals[n->slot]
                : n->scope == SC_GLOBAL ? I->g.vals[n->slot] : val_undef();
        if (v.t != T_UNDEF) {
            *out = val_ref(v);
            return ST_OK;
        }
    }
    if (n->kind == N_CALL)
        return eval_call(I, n, out);             /* marks its own errors */
    return eval(I, n, out);
}

/* ---- variables ---------------------------------------------------------- */

static Status name_error(Interp *I, Str *name)
{
    return err_raise(I, ERR_NAME, "name '%s' is not defined", name->s);
}

static Status global_get(Interp *I, int slot, Str *name, Value *out)
{
    Value v = I->g.vals[slot];
    if (likely_ok(v.t != T_UNDEF ? ST_OK : ST_ERR)) {
        *out = val_ref(v);
        return ST_OK;
    }
    if (I->g.builtin[slot]) {
        out->t = T_BUILTIN;
        out->u.bi = I->g.builtin[slot];
        return ST_OK;
    }
    return name_error(I, name);
}

static Status global_by_name(Interp *I, Str *name, Value *out)
{
    return global_get(I, interp_global_slot(I, name), name, out);
}

static inline __attribute__((always_inline)) Status get_var(Interp *I, Node *n, Value *out)
{
    Value v;
    switch (n->scope) {
    case SC_LOCAL:
        v = I->frame->locals[n->slot];
        break;
    case SC_CAPTURE:
        v = I->frame->fn->caps[n->slot];
        break;
    case SC_SELF:
        *out = val_ref(val_obj_take(I->frame->fn));
        return ST_OK;
    default:
        return global_get(I, n->slot, n->str, out);
    }
    if (v.t == T_UNDEF)
        return global_by_name(I, n->str, out);
    *out = val_ref(v);
    return ST_OK;
}

/* The storage of a variable being assigned. */
static Value *var_place(Interp *I, uint8_t scope, int slot)
{
    if (scope == SC_LOCAL)
        return &I->frame->locals[slot];
    return &I->g.vals[slot];
}

static void set_var_take(Interp *I, uint8_t scope, int slot, Value v)
{
    Value *p = var_place(I, scope, slot);
    Value old = *p;
    *p = v;
    val_unref(old);
}

/* ---- functions ------------------------------------------------------------ */

static void func_clear(Obj *o)
{
    Func *f = (Func *)o;
    for (int i = 0; i < f->proto->ncaps; i++)
        val_unref(f->caps[i]);
    mem_free(f->caps);
    chunk_release(f->chunk);
}

static const ObjType func_type = {T_FUNC, func_clear, NULL, NULL};

static Func *make_closure(Interp *I, FnProto *p)
{
    Func *f = obj_new(sizeof(Func), &func_type);
    f->proto = p;
    f->chunk = p->chunk;
    f->chunk->o.rc++;
    if (p->ncaps) {
        f->caps = mem_alloc(sizeof(Value) * (size_t)p->ncaps);
        for (int i = 0; i < p->ncaps; i++) {
            Capture *c = &p->caps[i];
            Value v = c->from == SC_LOCAL ? I->frame->locals[c->slot] : I->frame->fn->caps[c->slot];
            f->caps[i] = val_ref(v);
        }
    }
    return f;
}

static Status bind_args(Interp *I, FnProto *p, int n, const Value *args, Str *const *names, Value *locals)
{
    const char *fname = p->name ? p->name->s : "function";
    for (int i = 0; i < n; i++) {
        int k = i;
        if (names && names[i]) {
            for (k = 0; k < p->nparams && !str_eq(p->params[k], names[i]); k++)
                ;
            if (k == p->nparams)
                return err_raise(I, ERR_TYPE, "%s() has no parameter '%s'", fname, names[i]->s);
            if (locals[k].t != T_UNDEF)
                return err_raise(I, ERR_TYPE, "%s() got two values for '%s'", fname, names[i]->s);
        } else if (i >= p->nparams) {
            return err_raise(I, ERR_TYPE, "%s() takes %d argument%s, got %d", fname, p->nparams,
                             p->nparams == 1 ? "" : "s", n);
        }
        locals[k] = val_ref(args[i]);
    }
    return ST_OK;
}

static Status fill_defaults(Interp *I, FnProto *p, Value *locals)
{
    for (int k = 0; k < p->nparams; k++) {
        if (locals[k].t != T_UNDEF)
            continue;
        if (!p->defaults[k])
            return err_raise(I, ERR_TYPE, "%s() missing argument '%s'", p->name ? p->name->s : "function",
                             p->params[k]->s);
        Status st = eval(I, p->defaults[k], &locals[k]);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

static inline bool has_names(Str *const *names, int n)
{
    for (int i = 0; names && i < n; i++)
        if (names[i])
            return true;
    return false;
}

static Status call_func(Interp *I, Func *f, int n, const Value *args, Str *const *names, Value *out)
{
    FnProto *p = f->proto;
    if (I->depth >= MAX_CALL_DEPTH)
        return err_raise(I, ERR_RECURSION, "too many nested calls (more than %d); is the recursion missing a base case?",
                         MAX_CALL_DEPTH);
    if (I->interrupted)
        return err_interrupted(I);
    Value small[12];
    Value *locals = p->nlocals <= 12 ? small : mem_alloc(sizeof(Value) * (size_t)p->nlocals);
    for (int i = 0; i < p->nlocals; i++)
        locals[i] = val_undef();
    CallFrame fr = {locals, f, I->frame};
    I->frame = &fr;
    I->depth++;
    Status st = ST_OK;
    if (n == p->nparams && !has_names(names, n)) {
        for (int i = 0; i < n; i++)              /* the common case: all positional */
            locals[i] = val_ref(args[i]);
    } else {
        st = bind_args(I, p, n, args, names, locals);
        if (st == ST_OK && n < p->nparams)
            st = fill_defaults(I, p, locals);
    }
    if (st == ST_OK)
        st = eval_block(I, p->body, out);
    if (st == ST_RETURN) {
        *out = I->ret;
        I->ret = val_null();
        st = ST_OK;
    } else if (st == ST_BREAK || st == ST_CONTINUE) {
        val_unref(*out);
        st = err_raise(I, ERR_SYNTAX, "'%s' outside a loop", st == ST_BREAK ? "break" : "continue");
    }
    I->depth--;
    I->frame = fr.prev;
    for (int i = 0; i < p->nlocals; i++)
        val_unref(locals[i]);
    if (locals != small)
        mem_free(locals);
    return st;
}

static NOINLINE Status stack_exhausted(Interp *I)
{
    return err_raise(I, ERR_RECURSION,
                     "too many nested calls (%d deep, and the C stack is nearly full); is the recursion "
                     "missing a base case?", I->depth);
}

static Status call_value(Interp *I, Value fn, int n, const Value *args, Str *const *names, Value *out)
{
    if (__builtin_expect(cstack_low(), 0))
        return stack_exhausted(I);
    if (fn.t == T_FUNC)
        return call_func(I, fn.u.fn, n, args, names, out);
    if (fn.t == T_BUILTIN)
        return builtin_call(I, fn.u.bi, n, args, names, out);
    return err_raise(I, ERR_TYPE, "a %s is not callable", val_type_name(fn));
}

Status interp_call(Interp *I, Value fn, int nargs, const Value *args, Value *out)
{
    return call_value(I, fn, nargs, args, NULL, out);
}

static NOINLINE Status eval_call(Interp *I, Node *n, Value *out)
{
    Value fn, small[8];
    Status st = eval_leaf(I, n->a, &fn);
    if (st != ST_OK)
        return st;
    Value *args = n->n <= 8 ? small : mem_alloc(sizeof(Value) * (size_t)n->n);
    int got = 0;
    for (; got < n->n; got++)
        if ((st = eval_leaf(I, n->items[got], &args[got])) != ST_OK)
            break;
    if (st == ST_OK) {
        st = call_value(I, fn, n->n, args, n->names, out);
        if (st == ST_ERR) {
            if (I->err.positioned)
                err_push_call(I, n);
            else
                err_mark(I, n);
        }
    }
    for (int i = 0; i < got; i++)
        val_unref(args[i]);
    if (args != small)
        mem_free(args);
    val_unref(fn);
    return st;
}

/* ---- assignment ------------------------------------------------------------ */

#define MAX_TARGET_DEPTH 16

/* Move the child of a unique container out of it (leaving a hole that
 * the caller fills again), so the child has refcount 1 when unshared and
 * can be changed in place. Children that are not stored as values are
 * fetched as copies instead. */
static Status steal_child(Interp *I, Value *x, Node *s, Value key, Value *child)
{
    const char *name = s->kind == N_MEMBER ? s->str->s : key.t == T_STR ? key.u.s->s : NULL;
    if (x->t == T_FRAME && name) {
        int i = frame_find(x->u.f, name);
        if (i >= 0) {
            *child = val_obj_take(x->u.f->cols[i]);
            x->u.f->cols[i] = NULL;
            return ST_OK;
        }
    } else if (x->t == T_RECORD && name) {
        Value *p = record_get_borrow(x->u.r, name);
        if (p) {
            *child = *p;
            *p = val_null();
            return ST_OK;
        }
    } else if (x->t == T_LIST && key.t == T_NUM) {
        int64_t i;
        if (ops_position(I, key.u.n, x->u.l->len, "list", &i) != ST_OK)
            return ST_ERR;
        *child = x->u.l->items[i];
        x->u.l->items[i] = val_null();
        return ST_OK;
    }
    return s->kind == N_MEMBER ? ops_member(I, *x, s->str->s, child) : ops_index(I, *x, key, child);
}

/* Set (*x)[keys[k]]...[keys[last]] = v, with *x already stolen from its
 * place. Each level is made unique before it is changed. */
static Status set_path(Interp *I, Value *x, Node **steps, Value *keys, int k, int nsteps, Value v)
{
    Node *s = steps[k];
    bool member = s->kind == N_MEMBER;
    if (x->t == T_FRAME)
        x->u.f = frame_unique(x->u.f);
    else if (x->t == T_RECORD)
        x->u.r = record_unique(x->u.r);
    else if (x->t == T_LIST)
        x->u.l = list_unique(x->u.l);
    else if (x->t == T_VEC && !(x->u.v = vec_unique(x->u.v)))
        return err_oom(I);
    if (k == nsteps - 1)
        return member ? ops_set_member(I, x, s->str->s, v) : ops_set_index(I, x, keys[k], v);
    Value child;
    Status st = steal_child(I, x, s, keys[k], &child);
    if (st != ST_OK)
        return st;
    Status inner = set_path(I, &child, steps, keys, k + 1, nsteps, v);
    /* Put the child back whatever happened: the container must stay whole. */
    st = member ? ops_set_member(I, x, s->str->s, child) : ops_set_index(I, x, keys[k], child);
    val_unref(child);
    return inner != ST_OK ? inner : st;
}

static NOINLINE Status assign_path(Interp *I, Node *target, Value v)
{
    Node *steps[MAX_TARGET_DEPTH];
    Value keys[MAX_TARGET_DEPTH];
    int n = 0;
    Node *base = target;
    while (base->kind != N_NAME) {
        if (n == MAX_TARGET_DEPTH)
            return err_raise(I, ERR_VALUE, "assignment target nested too deeply");
        steps[n++] = base;
        base = base->a;
    }
    /* steps run outermost first; reverse to base-outward order. */
    for (int i = 0; i < n / 2; i++) {
        Node *t = steps[i];
        steps[i] = steps[n - 1 - i];
        steps[n - 1 - i] = t;
    }
    Status st = ST_OK;
    int nk = 0;
    for (; nk < n; nk++) {
        keys[nk] = val_null();
        if (steps[nk]->kind == N_INDEX && (st = eval(I, steps[nk]->b, &keys[nk])) != ST_OK)
            break;
    }
    if (st == ST_OK) {
        Value *place = var_place(I, base->scope == SC_GLOBAL ? SC_GLOBAL : SC_LOCAL, base->slot);
        if (place->t == T_UNDEF && (st = get_var(I, base, place)) != ST_OK)
            err_mark(I, base);
        /* Steal the variable's reference: the variable is rewritten below
         * whatever happens, so the container has refcount 1 when unshared. */
        Value x = *place;
        *place = val_null();
        if (st == ST_OK && (st = set_path(I, &x, steps, keys, 0, n, v)) != ST_OK)
            err_mark(I, target);
        *place = x;
    }
    for (int i = 0; i < nk; i++)
        val_unref(keys[i]);
    return st;
}

static NOINLINE Status eval_assign(Interp *I, Node *n)
{
    Value v;
    Status st = n->b->kind == N_BINARY ? eval_binary(I, n->b, &v) : eval_leaf(I, n->b, &v);
    if (st != ST_OK) {
        err_mark(I, n->b);
        return st;
    }
    Node *t = n->a;
    if (t->kind == N_NAME) {
        if (t->scope == SC_SELF || t->scope == SC_CAPTURE)
            t->scope = SC_LOCAL;                /* unreachable: assigned names are local */
        set_var_take(I, t->scope, t->slot, v);
        return ST_OK;
    }
    st = assign_path(I, t, v);
    val_unref(v);
    return st;
}

static NOINLINE Status eval_multi_assign(Interp *I, Node *n)
{
    Value v;
    Status st = eval(I, n->b, &v);
    if (st != ST_OK)
        return st;
    int64_t len = v.t == T_LIST ? v.u.l->len : v.t == T_VEC ? v.u.v->len : -1;
    if (len != n->n) {
        if (len < 0)
            st = err_raise(I, ERR_TYPE, "cannot unpack a %s into %d names", val_type_name(v), n->n);
        else
            st = err_raise(I, ERR_VALUE, "cannot unpack %lld values into %d names", (long long)len, n->n);
        err_mark(I, n);
        val_unref(v);
        return st;
    }
    for (int i = 0; i < n->n; i++) {
        Node *t = n->items[i];
        Value x = v.t == T_LIST ? val_ref(v.u.l->items[i]) : vec_get(v.u.v, i);
        set_var_take(I, t->scope, t->slot, x);
    }
    val_unref(v);
    return ST_OK;
}

/* ---- control flow ------------------------------------------------------------ */

static Status eval_block(Interp *I, Node *n, Value *out)
{
    if (n->n == 1)
        return eval(I, n->items[0], out);
    *out = val_null();
    for (int i = 0; i < n->n; i++) {
        Value v;
        Status st = eval(I, n->items[i], &v);
        if (st != ST_OK)
            return st;
        if (i == n->n - 1)
            *out = v;
        else
            val_unref(v);
    }
    return ST_OK;
}

/* An else-if chain is followed in a loop (see AST_MAX_DEPTH). */
static Status eval_if(Interp *I, Node *n, Value *out)
{
    for (;;) {
        Value c;
        bool truth;
        Status st = n->a->kind == N_BINARY ? eval_binary(I, n->a, &c) : eval(I, n->a, &c);
        if (st != ST_OK) {
            err_mark(I, n->a);
            return st;
        }
        if (c.t == T_BOOL)
            truth = c.u.b;
        else
            st = ops_truth(I, c, "if condition", &truth);
        val_unref(c);
        if (st != ST_OK) {
            err_mark(I, n->a);
            return st;
        }
        if (truth)
            return eval_block(I, n->b, out);
        if (!n->c)
            break;
        if (n->c->kind != N_IF)
            return eval_block(I, n->c, out);
        n = n->c;
    }
    *out = val_null();
    return ST_OK;
}

/* Run one loop body; folds break/continue into the loop's control. */
static inline Status loop_body(Interp *I, Node *body, bool *stop)
{
    Value v;
    Status st = eval_block(I, body, &v);
    if (st == ST_OK || st == ST_CONTINUE) {
        if (st == ST_OK)
            val_unref(v);
        return I->interrupted ? err_interrupted(I) : ST_OK;
    }
    if (st == ST_BREAK) {
        *stop = true;
        return ST_OK;
    }
    return st;
}

static NOINLINE Status eval_while(Interp *I, Node *n, Value *out)
{
    *out = val_null();
    bool stop = false;
    while (!stop) {
        Value c;
        bool truth;
        Status st = eval(I, n->a, &c);
        if (st != ST_OK)
            return st;
        st = ops_truth(I, c, "while condition", &truth);
        val_unref(c);
        if (st != ST_OK) {
            err_mark(I, n->a);
            return st;
        }
        if (!truth)
            break;
        if ((st = loop_body(I, n->b, &stop)) != ST_OK)
            return st;
    }
    return ST_OK;
}

/* for i in range(...) without building the vector. */
static NOINLINE Status for_range(Interp *I, Node *n, Node *call, Value *out)
{
    double a[3] = {0, 0, 1};
    int nargs = call->n;
    if (nargs < 1 || nargs > 3)
        return ST_BREAK;                     /* let range() report it */
    for (int i = 0; i < nargs; i++) {
        if (call->names[i])
            return ST_BREAK;
        Value v;
        Status st = eval(I, call->items[i], &v);
        if (st != ST_OK)
            return st;
        if (v.t != T_NUM) {
            val_unref(v);
            return ST_BREAK;
        }
        a[i] = v.u.n;
    }
    double start = nargs == 1 ? 0 : a[0], stop = nargs == 1 ? a[0] : a[1], step = a[2];
    if (step == 0 || !isfinite(start) || !isfinite(stop) || !isfinite(step))
        return ST_BREAK;
    bool done = false;
    for (double x = start; !done && (step > 0 ? x < stop : x > stop); x += step) {
        set_var_take(I, n->scope, n->slot, val_num(x));
        Status st = loop_body(I, n->b, &done);
        if (st != ST_OK)
            return st;
    }
    *out = val_null();
    return ST_OK;
}

static Value iter_item(Value seq, int64_t i)
{
    switch (seq.t) {
    case T_VEC: return vec_get(seq.u.v, i);
    case T_LIST: return val_ref(seq.u.l->items[i]);
    case T_RECORD: return val_ref(val_obj_take(seq.u.r->keys[i]));
    default: return val_ref(val_obj_take(seq.u.f->names[i]));
    }
}

static NOINLINE Status eval_for(Interp *I, Node *n, Value *out)
{
    Node *it = n->a;
    if (it->kind == N_CALL && it->a->kind == N_NAME) {
        Value f;
        Status st = get_var(I, it->a, &f);
        bool is_range = st == ST_OK && f.t == T_BUILTIN && f.u.bi == I->range_builtin;
        if (st == ST_OK)
            val_unref(f);
        else
            err_clear(I);
        if (is_range && (st = for_range(I, n, it, out)) != ST_BREAK)
            return st;
    }
    Value seq;
    Status st = eval(I, it, &seq);
    if (st != ST_OK)
        return st;
    int64_t len;
    switch (seq.t) {
    case T_VEC: len = seq.u.v->len; break;
    case T_LIST: len = seq.u.l->len; break;
    case T_RECORD: len = seq.u.r->len; break;
    case T_FRAME: len = seq.u.f->ncol; break;
    default:
        st = err_raise(I, ERR_TYPE, "cannot loop over a %s (expected a vector, list, record or frame)",
                       val_type_name(seq));
        err_mark(I, it);
        val_unref(seq);
        return st;
    }
    bool done = false;
    for (int64_t i = 0; i < len && !done && st == ST_OK; i++) {
        set_var_take(I, n->scope, n->slot, iter_item(seq, i));
        st = loop_body(I, n->b, &done);
    }
    val_unref(seq);
    *out = val_null();
    return st;
}

/* ---- expressions ------------------------------------------------------------ */

static NOINLINE Status eval_list(Interp *I, Node *n, Value *out)
{
    List *l = list_new(n->n);
    for (int i = 0; i < n->n; i++) {
        Value v;
        Status st = eval(I, n->items[i], &v);
        if (st != ST_OK) {
            obj_unref(l);
            return st;
        }
        list_push_take(l, v);
    }
    /* A literal of scalars of one kind is a vector; anything else a list. */
    *out = vec_or_list_take(l);
    return ST_OK;
}

static NOINLINE Status eval_record(Interp *I, Node *n, Value *out)
{
    Record *r = record_new(n->n);
    for (int i = 0; i < n->n; i++) {
        Value v;
        Status st = eval(I, n->items[i], &v);
        if (st != ST_OK) {
            obj_unref(r);
            return st;
        }
        record_set_take(r, n->names[i]->s, v);
    }
    *out = val_obj_take(r);
    return ST_OK;
}

/* Apply binary node n to its left value a (consumed) and its right
 * operand, evaluated here. */
static inline __attribute__((always_inline)) Status binary_apply(Interp *I, Node *n, Value a, Value *out)
{
    Value b;
    Status st = eval_leaf(I, n->b, &b);
    if (st != ST_OK) {
        val_unref(a);
        return st;
    }
    if (a.t == T_NUM && b.t == T_NUM) {
        double x = a.u.n, y = b.u.n;
        switch (n->op) {
        case OP_ADD: *out = val_num(x + y); return ST_OK;
        case OP_SUB: *out = val_num(x - y); return ST_OK;
        case OP_MUL: *out = val_num(x * y); return ST_OK;
        case OP_LT: *out = val_bool(x < y); return ST_OK;
        case OP_LE: *out = val_bool(x <= y); return ST_OK;
        case OP_GT: *out = val_bool(x > y); return ST_OK;
        case OP_GE: *out = val_bool(x >= y); return ST_OK;
        case OP_EQ: *out = val_bool(x == y); return ST_OK;
        default: break;
        }
    }
    st = ops_binary(I, (BinOp)n->op, a, b, out);
    val_unref(a);
    val_unref(b);
    return st;
}

/* Apply and/or node n to its left value a (consumed). */
static Status logic_apply(Interp *I, Node *n, Value a, Value *out)
{
    bool is_and = n->kind == N_AND;
    Value b;
    Status st;
    if (a.t == T_BOOL && a.u.b != is_and) {
        *out = a;                            /* short-circuit */
        return ST_OK;
    }
    if (a.t != T_BOOL && a.t != T_NA && a.t != T_VEC) {
        st = err_raise(I, ERR_TYPE, "'%s' expects bool operands, got %s", is_and ? "and" : "or", val_type_name(a));
        val_unref(a);
        return st;
    }
    if ((st = eval(I, n->b, &b)) != ST_OK) {
        val_unref(a);
        return st;
    }
    st = ops_logic(I, is_and, a, b, out);
    val_unref(a);
    val_unref(b);
    return st;
}

/* An operator whose left operand is itself an operator: walk down the
 * left spine, then apply the operators bottom-up, so `1+1+...+1` with a
 * million terms needs no C stack (see AST_MAX_DEPTH). */
static NOINLINE Status eval_chain(Interp *I, Node *top, Value *out)
{
    Node *small[64], **spine = small;
    size_t k = 0, cap = 64;
    Node *m = top;
    for (; ast_is_chain(m); m = m->a) {
        if (k == cap) {
            cap *= 2;
            Node **bigger = mem_alloc(sizeof(Node *) * cap);
            memcpy(bigger, spine, sizeof(Node *) * k);
            if (spine != small)
                mem_free(spine);
            spine = bigger;
        }
        spine[k++] = m;
    }
    Value acc;
    Status st = eval_leaf(I, m, &acc);
    if (st != ST_OK)
        err_mark(I, m);
    while (st == ST_OK && k > 0) {
        Node *n = spine[--k];
        st = n->kind == N_BINARY ? binary_apply(I, n, acc, &acc) : logic_apply(I, n, acc, &acc);
        if (st != ST_OK) {
            err_mark(I, n);
        } else if (__builtin_expect(I->interrupted != 0, 0)) {
            val_unref(acc);
            st = err_interrupted(I);
            err_mark(I, n);
        }
    }
    if (spine != small)
        mem_free(spine);
    if (st == ST_OK)
        *out = acc;
    return st;
}

static Status eval_binary(Interp *I, Node *n, Value *out)
{
    if (__builtin_expect(ast_is_chain(n->a), 0))
        return eval_chain(I, n, out);
    Value a;
    Status st = eval_leaf(I, n->a, &a);
    if (st != ST_OK)
        return st;
    return binary_apply(I, n, a, out);
}

static NOINLINE Status eval_logic(Interp *I, Node *n, Value *out)
{
    if (ast_is_chain(n->a))
        return eval_chain(I, n, out);
    Value a;
    Status st = eval(I, n->a, &a);
    if (st != ST_OK)
        return st;
    return logic_apply(I, n, a, out);
}

static NOINLINE Status eval_index(Interp *I, Node *n, Value *out)
{
    Value x, i, lo = val_undef(), hi = val_undef();
    Status st = eval(I, n->a, &x);
    if (st != ST_OK)
        return st;
    if (n->b->kind == N_SLICE) {
        if (n->b->a && (st = eval(I, n->b->a, &lo)) != ST_OK)
            goto done;
        if (n->b->b && (st = eval(I, n->b->b, &hi)) != ST_OK)
            goto done;
        st = ops_slice(I, x, lo, hi, out);
    } else {
        if ((st = eval(I, n->b, &i)) != ST_OK)
            goto done;
        st = ops_index(I, x, i, out);
        val_unref(i);
    }
done:
    val_unref(lo);
    val_unref(hi);
    val_unref(x);
    return st;
}

static NOINLINE Status eval_help(Interp *I, Node *n, Value *out)
{
    Value x;
    Status st = eval(I, n->a, &x);
    if (st != ST_OK)
        return st;
    Value *help = interp_lookup_borrow(I, "help");
    st = help ? interp_call(I, *help, 1, &x, out) : err_raise(I, ERR_NAME, "help is not available");
    val_unref(x);
    return st;
}

static NOINLINE Status eval_unary(Interp *I, Node *n, Value *out)
{
    Value a;
    Status st = eval(I, n->a, &a);
    if (st != ST_OK)
        return st;
    if (n->kind == N_NEG && a.t == T_NUM) {
        *out = val_num(-a.u.n);
        return ST_OK;
    }
    st = n->kind == N_NEG ? ops_neg(I, a, out) : ops_not(I, a, out);
    val_unref(a);
    return st;
}

static Status eval_node(Interp *I, Node *n, Value *out)
{
    Status st;
    switch ((NodeKind)n->kind) {
    case N_NUM: *out = val_num(n->num); return ST_OK;
    case N_STR: *out = val_ref(val_obj_take(n->str)); return ST_OK;
    case N_TRUE: *out = val_bool(true); return ST_OK;
    case N_FALSE: *out = val_bool(false); return ST_OK;
    case N_NULL: *out = val_null(); return ST_OK;
    case N_NA: *out = val_na(); return ST_OK;
    case N_NAME: return get_var(I, n, out);
    case N_LIST: return eval_list(I, n, out);
    case N_RECORD: return eval_record(I, n, out);
    case N_FN: *out = val_obj_take(make_closure(I, n->fn)); return ST_OK;
    case N_FNDEF:
        set_var_take(I, n->scope, n->slot, val_obj_take(make_closure(I, n->fn)));
        *out = val_null();
        return ST_OK;
    case N_CALL: return eval_call(I, n, out);
    case N_INDEX: return eval_index(I, n, out);
    case N_MEMBER: {
        Value x;
        if ((st = eval(I, n->a, &x)) != ST_OK)
            return st;
        st = ops_member(I, x, n->str->s, out);
        val_unref(x);
        return st;
    }
    case N_NEG: case N_NOT: return eval_unary(I, n, out);
    case N_BINARY: return eval_binary(I, n, out);
    case N_AND: case N_OR: return eval_logic(I, n, out);
    case N_ASSIGN: *out = val_null(); return eval_assign(I, n);
    case N_MULTI_ASSIGN: *out = val_null(); return eval_multi_assign(I, n);
    case N_IF: return eval_if(I, n, out);
    case N_WHILE: return eval_while(I, n, out);
    case N_FOR: return eval_for(I, n, out);
    case N_BLOCK: return eval_block(I, n, out);
    case N_HELP: return eval_help(I, n, out);
    case N_RETURN:
        if (!I->frame)
            return err_raise(I, ERR_SYNTAX, "'return' outside a function");
        I->ret = val_null();
        if (n->a && (st = eval(I, n->a, &I->ret)) != ST_OK)
            return st;
        *out = val_null();
        return ST_RETURN;
    case N_BREAK: *out = val_null(); return ST_BREAK;
    case N_CONTINUE: *out = val_null(); return ST_CONTINUE;
    case N_SLICE:
        break;
    }
    return err_raise(I, ERR_SYNTAX, "a slice (a:b) is only allowed inside [ ]");
}

static Status eval(Interp *I, Node *n, Value *out)
{
    Status st = eval_node(I, n, out);
    if (__builtin_expect(st == ST_ERR, 0))
        err_mark(I, n);
    return st;
}

Status eval_chunk(Interp *I, Node *root, Value *last, bool *has_last)
{
    *has_last = false;
    *last = val_null();
    for (int i = 0; i < root->n; i++) {
        Value v;
        Status st = eval(I, root->items[i], &v);
        if (st == ST_BREAK || st == ST_CONTINUE) {
            st = err_raise(I, ERR_SYNTAX, "'%s' outside a loop", st == ST_BREAK ? "break" : "continue");
            err_mark(I, root->items[i]);
        }
        if (st != ST_OK)
            return st;
        NodeKind k = (NodeKind)root->items[i]->kind;
        bool is_expr = k != N_ASSIGN && k != N_MULTI_ASSIGN && k != N_FNDEF && k != N_WHILE &&
                       k != N_FOR && k != N_IF;
        if (i == root->n - 1 && is_expr && !root->quiet && v.t != T_NULL) {
            *last = v;
            *has_last = true;
        } else {
            val_unref(v);
        }
    }
    return ST_OK;
}
