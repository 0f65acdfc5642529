/*
 * core.c — the compute context: allocation through the caller's
 * allocator, status texts and error messages, column views.
 *
 * Invariant: every byte compute/ allocates goes through cx->realloc (or
 * the C library when it is NULL), always from the calling thread.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "compute/cpint.h"

void cp_ctx_init(CpCtx *cx)
{
    memset(cx, 0, sizeof *cx);
}

void *cp_alloc(CpCtx *cx, size_t n)
{
    if (n == 0)
        n = 1;
    return cx->realloc ? cx->realloc(cx->ud, NULL, n) : malloc(n);
}

void *cp_calloc(CpCtx *cx, size_t n)
{
    void *p = cp_alloc(cx, n);
    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

void cp_free(CpCtx *cx, void *p)
{
    if (!p)
        return;
    if (cx->realloc)
        cx->realloc(cx->ud, p, 0);
    else
        free(p);
}

const char *cp_status_text(CpStatus st)
{
    switch (st) {
    case CP_OK: return "ok";
    case CP_ENOMEM: return "out of memory";
    case CP_EINTR: return "interrupted";
    case CP_EINVAL: return "invalid input";
    case CP_ESINGULAR: return "singular matrix";
    case CP_ELAPACK: return "LAPACK failed";
    }
    return "unknown status";
}

CpStatus cp_fail(CpCtx *cx, CpStatus st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cx->msg, sizeof cx->msg, fmt, ap);
    va_end(ap);
    return st;
}

CpStatus cp_stop(CpCtx *cx, CpStatus st)
{
    snprintf(cx->msg, sizeof cx->msg, "%s", cp_status_text(st));
    return st;
}

size_t cp_type_size(CpType t)
{
    switch (t) {
    case CP_F64: return sizeof(double);
    case CP_BOOL: return 1;
    case CP_I32: return sizeof(int32_t);
    case CP_I64: return sizeof(int64_t);
    }
    return 0;
}

CpCol cp_col_f64(const double *x, const uint64_t *valid, int64_t n)
{
    return (CpCol){.type = CP_F64, .data = x, .valid = valid, .len = n};
}

CpCol cp_col_bool(const uint8_t *x, const uint64_t *valid, int64_t n)
{
    return (CpCol){.type = CP_BOOL, .data = x, .valid = valid, .len = n};
}

CpCol cp_col_codes(const int32_t *codes, const uint64_t *valid, int64_t n, int32_t ncodes)
{
    return (CpCol){.type = CP_I32, .data = codes, .valid = valid, .len = n, .ncodes = ncodes};
}

CpCol cp_col_i64(const int64_t *x, const uint64_t *valid, int64_t n)
{
    return (CpCol){.type = CP_I64, .data = x, .valid = valid, .len = n};
}
