/*
 * csvint.h — what the CSV reader's files share (internal to stdlib/csv*.c):
 * the worker threads' string dictionaries and text arenas, and running
 * one job per thread.
 */
#ifndef SIFT_CSVINT_H
#define SIFT_CSVINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zero bytes guaranteed after the text: the number scanner loads 8 bytes
 * at a time and may look up to 7 past the end of a field. */
#define TEXT_PAD 16
/* Parsing threads at most. */
#define MAX_THREADS 8

typedef struct LEntry {
    const char *s;
    uint32_t len, hash;
} LEntry;

typedef struct LDict {
    LEntry *e;
    int32_t n, cap;
    int32_t *slots;                  /* code + 1, 0 empty */
    uint32_t mask;
} LDict;

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, cap;
    char data[];
} ArenaBlock;

typedef void (*JobFn)(void *);


uint32_t csv_lhash(const char *s, size_t n);
void csv_ldict_free(LDict *d);
int32_t csv_ldict_intern(LDict *d, const char *s, size_t n, bool *added);
char *csv_arena_alloc(ArenaBlock **a, size_t n);
void csv_arena_free(ArenaBlock **a);
void csv_run_jobs(JobFn fn, void *items, size_t size, int n, const bool *want);

#endif
