/*
 * cx.c — the interpreter's side of compute/: see cx.h. Invariant: every
 * byte compute/ allocates for the interpreter is counted by lang/mem
 * (compute/ allocates only on the calling thread, which is the
 * interpreter's, so mem's plain counter stays exact).
 */
#include "lang/cx.h"

#include "lang/mem.h"

static void *cx_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    if (n == 0) {
        mem_free(p);
        return NULL;
    }
    return mem_try_realloc(p, n);
}

void cx_init(Interp *I, CpCtx *cx)
{
    cp_ctx_init(cx);
    cx->interrupt = &I->interrupted;
    cx->realloc = cx_realloc;
}

CpCol cx_col(const Vec *v)
{
    switch (v->kind) {
    case VEC_NUM: return cp_col_f64(v->d.num, v->valid, v->len);
    case VEC_BOOL: return cp_col_bool(v->d.b, v->valid, v->len);
    default: return cp_col_codes(v->d.code, v->valid, v->len, v->dict ? v->dict->n : 0);
    }
}

Status cx_raise(Interp *I, const CpCtx *cx, CpStatus st)
{
    switch (st) {
    case CP_OK: return ST_OK;
    case CP_ENOMEM: return err_oom(I);
    case CP_EINTR: return err_interrupted(I);
    default: return err_raise(I, ERR_VALUE, "%s", cx->msg);
    }
}
