/*
 * transport.c — sockets, heartbeat and the single iopub publisher.
 *
 * Every zmq socket has one owning thread, except `push`, which any thread
 * may use under push_mu (the mutex is the memory barrier libzmq asks
 * for). All iopub traffic goes push → inproc → publisher thread → XPUB,
 * so messages from one thread keep their order and the XPUB socket is
 * touched by one thread only. The publisher also answers each new
 * subscription with a signed iopub_welcome (JEP 65). The heartbeat echoes
 * bytes unchanged in its own thread, so a long computation never makes a
 * client think the kernel died.
 */
#include "kernel/transport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define PUB_INPROC "inproc://sift-iopub"
#define LINGER_MS 1000
#define IOPUB_HWM 100000

static void logz(const char *what)
{
    fprintf(stderr, "sift-kernel: %s: %s\n", what, zmq_strerror(zmq_errno()));
}

static void *make_socket(Transport *t, int type, const KConn *c, int port,
                         char *err, size_t errlen)
{
    void *s = zmq_socket(t->ctx, type);
    if (!s) { snprintf(err, errlen, "zmq_socket: %s", zmq_strerror(zmq_errno())); return NULL; }
    int linger = LINGER_MS, one = 1, hwm = IOPUB_HWM;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    if (strchr(c->ip, ':')) zmq_setsockopt(s, ZMQ_IPV6, &one, sizeof one);
    if (type == ZMQ_ROUTER) zmq_setsockopt(s, ZMQ_ROUTER_HANDOVER, &one, sizeof one);
    if (type == ZMQ_XPUB) {
        zmq_setsockopt(s, ZMQ_XPUB_VERBOSE, &one, sizeof one);
        zmq_setsockopt(s, ZMQ_SNDHWM, &hwm, sizeof hwm);
    }
    char ep[300];
    conn_endpoint(c, port, ep, sizeof ep);
    if (zmq_bind(s, ep) != 0) {
        snprintf(err, errlen, "cannot bind %s: %s", ep, zmq_strerror(zmq_errno()));
        zmq_close(s);
        return NULL;
    }
    return s;
}

int tp_recv(void *sock, WireFrames *out, int timeout_ms)
{
    zmq_pollitem_t it = { sock, 0, ZMQ_POLLIN, 0 };
    for (;;) {
        int rc = zmq_poll(&it, 1, timeout_ms);
        if (rc > 0) break;
        if (rc == 0) return 0;
        if (zmq_errno() != EINTR) return -1;
    }
    int more = 1;
    while (more) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        int rc;
        while ((rc = zmq_msg_recv(&m, sock, 0)) < 0 && zmq_errno() == EINTR) {}
        if (rc < 0) { zmq_msg_close(&m); return -1; }
        bool ok = wire_frames_push(out, zmq_msg_data(&m), zmq_msg_size(&m));
        more = zmq_msg_more(&m);
        zmq_msg_close(&m);
        if (!ok) return -1;
    }
    return 1;
}

bool tp_send(void *sock, const WireFrames *fs)
{
    for (int i = 0; i < fs->n; i++) {
        int flags = i + 1 < fs->n ? ZMQ_SNDMORE : 0;
        int rc;
        while ((rc = zmq_send(sock, fs->f[i].data, fs->f[i].len, flags)) < 0
               && zmq_errno() == EINTR) {}
        if (rc < 0) {
            if (zmq_errno() != ETERM) logz("send");
            return false;
        }
    }
    return true;
}

bool tp_publish(Transport *t, const WireFrames *fs)
{
    pthread_mutex_lock(&t->push_mu);
    bool ok = t->push && tp_send(t->push, fs);
    pthread_mutex_unlock(&t->push_mu);
    return ok;
}

static void *hb_main(void *arg)
{
    Transport *t = arg;
    for (;;) {
        WireFrames fs = { 0 };
        int rc = tp_recv(t->hb, &fs, -1);
        if (rc > 0) tp_send(t->hb, &fs);
        wire_frames_free(&fs);
        if (rc < 0) break;
    }
    zmq_close(t->hb);
    return NULL;
}

/* Answer one XPUB subscription event with a signed iopub_welcome. */
static void welcome(Transport *t, const WireFrame *ev)
{
    if (ev->len < 1 || ev->data[0] != 1) return;
    WireFrames prefix = { 0 }, out = { 0 };
    json_t *h = wire_header("iopub_welcome", t->session);
    json_t *content = json_object();
    json_object_set_new(content, "subscription",
                        wire_string((const char *)ev->data + 1, ev->len - 1));
    if (wire_frames_push(&prefix, ev->data + 1, ev->len - 1)
        && wire_build(&t->key, &prefix, h, NULL, NULL, content, &out))
        tp_send(t->iopub, &out);
    json_decref(h);
    json_decref(content);
    wire_frames_free(&prefix);
    wire_frames_free(&out);
}

static void *pub_main(void *arg)
{
    Transport *t = arg;
    zmq_pollitem_t it[2] = { { t->pull, 0, ZMQ_POLLIN, 0 }, { t->iopub, 0, ZMQ_POLLIN, 0 } };
    for (;;) {
        if (zmq_poll(it, 2, -1) < 0) {
            if (zmq_errno() == EINTR) continue;
            break;
        }
        if (it[1].revents & ZMQ_POLLIN) {
            WireFrames ev = { 0 };
            if (tp_recv(t->iopub, &ev, 0) > 0 && ev.n == 1) welcome(t, &ev.f[0]);
            wire_frames_free(&ev);
        }
        if (it[0].revents & ZMQ_POLLIN) {
            WireFrames fs = { 0 };
            int rc = tp_recv(t->pull, &fs, 0);
            bool stop = rc < 0 || (rc > 0 && fs.n == 1 && fs.f[0].len == 0);
            if (rc > 0 && !stop) tp_send(t->iopub, &fs);
            wire_frames_free(&fs);
            if (stop) break;
        }
    }
    zmq_close(t->pull);
    zmq_close(t->iopub);
    return NULL;
}

static bool make_inproc(Transport *t, char *err, size_t errlen)
{
    int hwm = IOPUB_HWM, linger = LINGER_MS;
    t->pull = zmq_socket(t->ctx, ZMQ_PULL);
    t->push = zmq_socket(t->ctx, ZMQ_PUSH);
    if (!t->pull || !t->push) { snprintf(err, errlen, "zmq_socket failed"); return false; }
    zmq_setsockopt(t->pull, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(t->push, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(t->push, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind(t->pull, PUB_INPROC) != 0 || zmq_connect(t->push, PUB_INPROC) != 0) {
        snprintf(err, errlen, "inproc: %s", zmq_strerror(zmq_errno()));
        return false;
    }
    return true;
}

static void close_all(Transport *t)
{
    void **socks[] = { &t->shell, &t->control, &t->stdin_sock, &t->hb, &t->iopub,
                       &t->pull, &t->push };
    for (size_t i = 0; i < sizeof socks / sizeof *socks; i++)
        if (*socks[i]) { zmq_close(*socks[i]); *socks[i] = NULL; }
    zmq_ctx_term(t->ctx);
    t->ctx = NULL;
}

bool tp_open(Transport *t, const KConn *c, const WireKey *key, const char *session,
             char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->push_mu, NULL);
    t->key = *key;
    t->session = session;
    t->ctx = zmq_ctx_new();
    if (!t->ctx) { snprintf(err, errlen, "zmq_ctx_new failed"); return false; }
    bool ok = (t->shell = make_socket(t, ZMQ_ROUTER, c, c->shell_port, err, errlen))
        && (t->iopub = make_socket(t, ZMQ_XPUB, c, c->iopub_port, err, errlen))
        && (t->stdin_sock = make_socket(t, ZMQ_ROUTER, c, c->stdin_port, err, errlen))
        && (t->control = make_socket(t, ZMQ_ROUTER, c, c->control_port, err, errlen))
        && (t->hb = make_socket(t, ZMQ_ROUTER, c, c->hb_port, err, errlen))
        && make_inproc(t, err, errlen);
    if (ok && pthread_create(&t->hb_thread, NULL, hb_main, t) != 0) ok = false;
    if (ok && pthread_create(&t->pub_thread, NULL, pub_main, t) != 0) {
        ok = false;
        zmq_ctx_shutdown(t->ctx);
        pthread_join(t->hb_thread, NULL);
        t->hb = NULL;
    }
    if (!ok) {
        if (!*err) snprintf(err, errlen, "cannot start kernel threads");
        close_all(t);
        return false;
    }
    t->started = true;
    return true;
}

void tp_close(Transport *t)
{
    if (!t->started) return;
    pthread_mutex_lock(&t->push_mu);
    zmq_send(t->push, "", 0, 0);          /* the publisher's stop sentinel */
    pthread_mutex_unlock(&t->push_mu);
    pthread_join(t->pub_thread, NULL);
    t->pull = t->iopub = NULL;             /* closed by the publisher */
    zmq_ctx_shutdown(t->ctx);              /* wakes the heartbeat with ETERM */
    pthread_join(t->hb_thread, NULL);
    t->hb = NULL;
    pthread_mutex_lock(&t->push_mu);
    close_all(t);
    pthread_mutex_unlock(&t->push_mu);
    t->started = false;
}
