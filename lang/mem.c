/*
 * mem.c — counting allocator over malloc.
 *
 * Invariant: live == sum of malloc_usable_size over every block handed
 * out and not yet freed. The counter is a plain size_t: the interpreter
 * allocates from one thread at a time.
 */
#include "lang/mem.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t live;
static long fail_countdown;

static int forced_failure(void)
{
    if (fail_countdown > 0 && --fail_countdown == 0)
        return 1;
    return 0;
}

static void *account(void *p)
{
    if (p)
        live += malloc_usable_size(p);
    return p;
}

void *mem_try_alloc(size_t n)
{
    if (forced_failure())
        return NULL;
    return account(malloc(n ? n : 1));
}

void *mem_try_calloc(size_t n)
{
    if (forced_failure())
        return NULL;
    return account(calloc(1, n ? n : 1));
}

void *mem_try_realloc(void *p, size_t n)
{
    if (forced_failure())
        return NULL;
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = realloc(p, n ? n : 1);
    if (!q)
        return NULL;
    live -= old;
    return account(q);
}

static void *or_die(void *p)
{
    if (!p) {
        fputs("sift: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *mem_alloc(size_t n) { return or_die(account(malloc(n ? n : 1))); }
void *mem_calloc(size_t n) { return or_die(account(calloc(1, n ? n : 1))); }

void *mem_realloc(void *p, size_t n)
{
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = or_die(realloc(p, n ? n : 1));
    live -= old;
    return account(q);
}

void mem_free(void *p)
{
    if (!p)
        return;
    live -= malloc_usable_size(p);
    free(p);
}

char *mem_strndup(const char *s, size_t n)
{
    char *d = mem_alloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *mem_strdup(const char *s) { return mem_strndup(s, strlen(s)); }

char *mem_to_malloc(char *s_take)
{
    size_t n = strlen(s_take);
    char *r = malloc(n + 1);
    if (r)
        memcpy(r, s_take, n + 1);
    mem_free(s_take);
    return r;
}
size_t mem_live_bytes(void) { return live; }
size_t mem_block_size(const void *p) { return p ? malloc_usable_size((void *)p) : 0; }
void mem_fail_after(long n) { fail_countdown = n; }

void mem_tune(void)
{
    /* Column temporaries are megabytes each: keep them in the heap and
     * keep freed memory for the next one, instead of an mmap/munmap (and
     * a page fault per 4 KB) for every vector operation. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}
