/*
 * history.c — what was executed, in order, with its text result.
 *
 * Entries are appended in execution order and lines only grow, so every
 * query is a scan of one array. Invariant: e[i].line < e[i+1].line.
 */
#include "kernel/history.h"
#include "kernel/wire.h"

#include <stdlib.h>
#include <string.h>

bool hist_add(History *h, int line, const char *input, const char *output)
{
    if (h->n == h->cap) {
        int cap = h->cap ? h->cap * 2 : 64;
        HistEntry *e = realloc(h->e, (size_t)cap * sizeof *e);
        if (!e) return false;
        h->e = e;
        h->cap = cap;
    }
    HistEntry *e = &h->e[h->n];
    e->line = line;
    e->input = strdup(input);
    e->output = output ? strdup(output) : NULL;
    if (!e->input || (output && !e->output)) {
        free(e->input);
        free(e->output);
        return false;
    }
    h->n++;
    return true;
}

void hist_free(History *h)
{
    for (int i = 0; i < h->n; i++) {
        free(h->e[i].input);
        free(h->e[i].output);
    }
    free(h->e);
    memset(h, 0, sizeof *h);
}

bool hist_glob(const char *p, const char *s)
{
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*p == '*') { star = ++p; resume = s; continue; }
        if (*p && (*p == '?' || *p == *s)) {
            if (*p == '?') /* skip one whole UTF-8 character */
                while ((s[1] & 0xC0) == 0x80) s++;
            p++; s++;
            continue;
        }
        if (!star) return false;
        p = star;
        s = ++resume;
    }
    while (*p == '*') p++;
    return *p == '\0';
}

static json_t *triple(const HistEntry *e, bool output)
{
    json_t *in = wire_str(e->input);
    json_t *third = output ? json_pack("[o, o]", in, wire_str(e->output)) : in;
    return json_pack("[i, i, o]", HIST_SESSION, e->line, third);
}

static int int_field(json_t *c, const char *k, int dflt)
{
    json_t *v = json_object_get(c, k);
    return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

static json_t *query_tail(const History *h, int n, bool output)
{
    json_t *out = json_array();
    int from = n < 0 || n > h->n ? 0 : h->n - n;
    for (int i = from; i < h->n; i++) json_array_append_new(out, triple(&h->e[i], output));
    return out;
}

static json_t *query_range(const History *h, json_t *c, bool output)
{
    json_t *out = json_array();
    int session = int_field(c, "session", 0);
    if (session != 0 && session != HIST_SESSION) return out;
    int start = int_field(c, "start", 0), stop = int_field(c, "stop", 0);
    for (int i = 0; i < h->n; i++) {
        int line = h->e[i].line;
        if (line >= start && (stop <= 0 || line < stop))
            json_array_append_new(out, triple(&h->e[i], output));
    }
    return out;
}

static json_t *query_search(const History *h, json_t *c, bool output)
{
    const char *pat = json_string_value(json_object_get(c, "pattern"));
    bool unique = json_is_true(json_object_get(c, "unique"));
    int n = int_field(c, "n", -1);
    json_t *out = json_array();
    /* Newest first, so `unique` keeps the latest and `n` the last n. */
    for (int i = h->n - 1; i >= 0 && (n < 0 || (int)json_array_size(out) < n); i--) {
        const HistEntry *e = &h->e[i];
        if (!hist_glob(pat ? pat : "*", e->input)) continue;
        bool dup = false;
        for (int j = i + 1; unique && j < h->n && !dup; j++)
            dup = strcmp(h->e[j].input, e->input) == 0 && hist_glob(pat ? pat : "*", e->input);
        if (!dup) json_array_insert_new(out, 0, triple(e, output));
    }
    return out;
}

json_t *hist_query(const History *h, json_t *c)
{
    const char *type = json_string_value(json_object_get(c, "hist_access_type"));
    bool output = json_is_true(json_object_get(c, "output"));
    if (!type) return json_array();
    if (strcmp(type, "tail") == 0) return query_tail(h, int_field(c, "n", 10), output);
    if (strcmp(type, "range") == 0) return query_range(h, c, output);
    if (strcmp(type, "search") == 0) return query_search(h, c, output);
    return json_array();
}
