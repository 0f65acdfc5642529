/*
 * history.h — the in-memory execution history behind history_request.
 */
#ifndef KERNEL_HISTORY_H
#define KERNEL_HISTORY_H

#include <jansson.h>
#include <stdbool.h>

/* The session number reported in history triples (the store is per
 * process, so there is only ever one session). */
#define HIST_SESSION 1

typedef struct HistEntry {
    int line;               /* the execution count of the cell */
    char *input;            /* owned */
    char *output;           /* owned text/plain of the result, or NULL */
} HistEntry;

typedef struct History {
    HistEntry *e;
    int n, cap;
} History;

/* Record a stored execution. Strings are copied; output may be NULL.
 * Returns false when out of memory (the entry is then not stored). */
bool hist_add(History *h, int line, const char *input, const char *output);

/* Answer a history_request: the "history" list for its content
 * (hist_access_type tail|range|search, n, session, start, stop, pattern,
 * unique, output). New reference; an unknown access type gives []. */
json_t *hist_query(const History *h, json_t *content);

/* True when text matches the glob (`*` any run, `?` one code point,
 * `[...]` not supported: taken literally), anchored at both ends. */
bool hist_glob(const char *pat, const char *text);

void hist_free(History *h);

#endif
