/*
 * mem.h — the one allocator every sift object goes through.
 *
 * It counts live bytes (so info(df) and tests can report memory) and lets
 * tests force failures. Large buffers (column data) use mem_try_* and
 * report failure to the caller, which raises a sift error; small,
 * fixed-size bookkeeping uses mem_alloc/mem_realloc, which abort with a
 * message if the C heap is exhausted (there is nothing sensible to do when
 * 64 bytes cannot be had).
 */
#ifndef SIFT_MEM_H
#define SIFT_MEM_H

#include <stddef.h>

/* Returns NULL on failure (or when a forced failure is armed). */
void *mem_try_alloc(size_t n);
void *mem_try_calloc(size_t n);
void *mem_try_realloc(void *p, size_t n);
/* Never return NULL. */
void *mem_alloc(size_t n);
void *mem_calloc(size_t n);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);

/* A plain malloc copy of the mem_alloc'd string s_take, which is freed:
 * for data handed to front ends that free it with free(). NULL when
 * malloc fails. */
char *mem_to_malloc(char *s_take);

/* Live bytes allocated through this module. */
size_t mem_live_bytes(void);
/* Usable size of a block from this allocator (0 for NULL). */
size_t mem_block_size(const void *p);
/* Tune the C allocator for column-sized temporaries (glibc mallopt:
 * blocks up to 32 MiB come from the heap, and up to 256 MiB of freed
 * memory is kept for reuse). Process-wide; sift_new calls it. */
void mem_tune(void);
/* Make the n-th following mem_try_* call fail (0 disarms). For tests. */
void mem_fail_after(long n);

#endif
