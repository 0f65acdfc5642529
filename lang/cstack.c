/*
 * cstack.c — the current thread's stack floor (see cstack.h).
 *
 * The margin left below the floor is a quarter of the stack, at least
 * 256 KiB and at most 2 MiB: enough for the deepest tree one call can
 * evaluate (AST_MAX_DEPTH levels) plus a built-in's own frames, with the
 * sanitizers' larger frames.
 */
#include "lang/cstack.h"

#include <pthread.h>
#include <stddef.h>

_Thread_local uintptr_t cstack_floor;

void cstack_init(void)
{
    if (cstack_floor)
        return;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    size_t size = 8u << 20;                  /* the usual default if unknown */
    uintptr_t low = here > size ? here - size : 0;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        size_t sz;
        if (pthread_attr_getstack(&attr, &addr, &sz) == 0 && sz > 0) {
            low = (uintptr_t)addr;
            size = sz;
        }
        pthread_attr_destroy(&attr);
    }
    size_t margin = size / 4;
    if (margin < (256u << 10))
        margin = size / 2 < (256u << 10) ? size / 2 : (256u << 10);
    if (margin > (2u << 20))
        margin = 2u << 20;
    cstack_floor = low + margin;
}
