/*
 * transport.h — the kernel's ZeroMQ sockets and the two threads that need
 * no interpreter: the heartbeat echo and the iopub publisher.
 */
#ifndef KERNEL_TRANSPORT_H
#define KERNEL_TRANSPORT_H

#include <pthread.h>
#include <stdbool.h>

#include "kernel/conn.h"
#include "kernel/wire.h"

typedef struct Transport {
    void *ctx;
    void *shell, *control, *stdin_sock;  /* ROUTER, ROUTER_HANDOVER set */
    void *hb;                            /* ROUTER, owned by the hb thread */
    void *iopub;                         /* XPUB, owned by the publisher */
    void *pull;                          /* publisher's inproc PULL */
    void *push;                          /* everyone's way in, under push_mu */
    pthread_mutex_t push_mu;
    pthread_t hb_thread, pub_thread;
    bool started;
    WireKey key;                         /* borrowed, for iopub_welcome */
    const char *session;                 /* borrowed, for iopub_welcome */
} Transport;

/* Create the context, bind all five sockets to the connection file's
 * endpoints and start the heartbeat and publisher threads. key and
 * session are borrowed and must outlive the transport. On failure
 * (e.g. a port in use) returns false with a message in err, having
 * released everything. SIGINT should be blocked by the caller while
 * this runs so that no helper thread ever receives it. */
bool tp_open(Transport *t, const KConn *c, const WireKey *key, const char *session,
             char *err, size_t errlen);

/* Wait up to timeout_ms (-1: forever) for a whole multipart message on
 * sock and append its frames to *out. Returns 1 when a message was read,
 * 0 on timeout, -1 when the context is shutting down or on error.
 * EINTR is retried (with the remaining timeout not recomputed: callers
 * poll in short slices). */
int tp_recv(void *sock, WireFrames *out, int timeout_ms);

/* Send frames as one multipart message. Returns false on error (which
 * is logged). EINTR is retried. */
bool tp_send(void *sock, const WireFrames *fs);

/* Queue frames (topic first) for the iopub publisher. Thread-safe. */
bool tp_publish(Transport *t, const WireFrames *fs);

/* Drain the publisher, stop both threads and close every socket. The
 * control socket must no longer be in use by any thread. Returns when
 * the context is terminated (bounded by the 1 s linger). */
void tp_close(Transport *t);

#endif
