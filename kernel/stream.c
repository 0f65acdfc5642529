/*
 * stream.c — stdout/stderr coalescing.
 *
 * A cell that prints in a loop would otherwise send one message per
 * print and hit jupyter_server's rate limit. Text accumulates here and is
 * published at most every STREAM_FLUSH_S, when it grows large, and always
 * before anything else goes out for the same request (display, result,
 * error, input_request, reply, idle). Invariant: pending text belongs to
 * one stream and one parent; changing either flushes first. A flush never
 * splits a UTF-8 sequence unless `final` says no more bytes will come.
 */
#include "kernel/stream.h"
#include "kernel/msg.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/utf8.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void stream_init(KStream *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
}

void stream_free(KStream *s)
{
    free(s->buf);
    json_decref(s->parent);
    pthread_mutex_destroy(&s->mu);
}

/* With s->mu held. */
static void flush_locked(Kernel *K, bool final)
{
    KStream *s = &K->out;
    size_t n = final ? s->len : utf8_complete_prefix(s->buf, s->len);
    if (n == 0) return;
    json_t *text = wire_string(s->buf, n);
    const char *name = s->name == SIFT_STDERR ? "stderr" : "stdout";
    msg_publish_take(K, s->parent, "stream", json_pack("{s:s, s:o}", "name", name, "text", text));
    memmove(s->buf, s->buf + n, s->len - n);
    s->len -= n;
    s->since = now_s();
}

void stream_flush(Kernel *K)
{
    pthread_mutex_lock(&K->out.mu);
    flush_locked(K, true);
    pthread_mutex_unlock(&K->out.mu);
}

void stream_set_parent(Kernel *K, json_t *header)
{
    pthread_mutex_lock(&K->out.mu);
    flush_locked(K, true);
    json_decref(K->out.parent);
    K->out.parent = json_incref(header);
    pthread_mutex_unlock(&K->out.mu);
}

static bool reserve(KStream *s, size_t extra)
{
    if (s->len + extra <= s->cap) return true;
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + extra) cap *= 2;
    char *b = realloc(s->buf, cap);
    if (!b) return false;
    s->buf = b;
    s->cap = cap;
    return true;
}

void stream_write(Kernel *K, int name, const char *text, size_t n)
{
    KStream *s = &K->out;
    pthread_mutex_lock(&s->mu);
    if (s->len && s->name != name) flush_locked(K, true);
    if (s->len == 0) s->since = now_s();
    s->name = name;
    if (reserve(s, n)) {
        memcpy(s->buf + s->len, text, n);
        s->len += n;
    }
    if (s->len >= STREAM_FLUSH_BYTES || now_s() - s->since >= STREAM_FLUSH_S)
        flush_locked(K, false);
    pthread_mutex_unlock(&s->mu);
}

void stream_tick(Kernel *K)
{
    KStream *s = &K->out;
    pthread_mutex_lock(&s->mu);
    if (s->len && now_s() - s->since >= STREAM_FLUSH_S) flush_locked(K, false);
    pthread_mutex_unlock(&s->mu);
}
