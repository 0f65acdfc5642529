/*
 * main.c — sift-kernel: process lifecycle.
 *
 * Start-up order (PROTOCOL.md A6): read the connection file, bind every
 * socket, start the heartbeat, publisher and control threads with SIGINT
 * blocked (so only the main thread ever sees it), create the interpreter,
 * publish `starting`, then serve shell requests one at a time. A
 * shutdown_request (on either channel) sets K.quitting; the main loop
 * notices within SHELL_POLL_MS, frees everything and exits 0 — the kernel
 * manager, not the kernel, restarts it. If the main thread is stuck in a
 * computation that ignores interrupts, the control thread ends the process
 * after QUIT_GRACE_MS so the manager's 2.5 s budget is kept.
 */
#include "kernel/bridge.h"
#include "kernel/conn.h"
#include "kernel/dispatch.h"
#include "kernel/kernel.h"
#include "kernel/msg.h"
#include "kernel/stream.h"
#include "kernel/transport.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SHELL_POLL_MS 100
#define CONTROL_POLL_MS 50
#define QUIT_GRACE_MS 1500

static Kernel K;
static Transport T;
static volatile sig_atomic_t main_done;

static void on_sigint(int sig)
{
    (void)sig;
    kernel_interrupt(&K);
}

static bool sink_send(void *ud, KChannel ch, const WireFrames *fs)
{
    Transport *t = ud;
    switch (ch) {
    case CH_IOPUB: return tp_publish(t, fs);
    case CH_SHELL: return tp_send(t->shell, fs);
    case CH_CONTROL: return tp_send(t->control, fs);
    case CH_STDIN: return tp_send(t->stdin_sock, fs);
    }
    return false;
}

static int sink_recv(void *ud, KChannel ch, WireFrames *out, int timeout_ms)
{
    Transport *t = ud;
    return tp_recv(ch == CH_STDIN ? t->stdin_sock : t->shell, out, timeout_ms);
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static void *control_main(void *arg)
{
    (void)arg;
    while (!K.quitting) {
        WireFrames fs = { 0 };
        int rc = tp_recv(T.control, &fs, CONTROL_POLL_MS);
        if (rc > 0) disp_message(&K, CH_CONTROL, &fs);
        wire_frames_free(&fs);
        if (rc < 0) break;
        stream_tick(&K);
    }
    for (int waited = 0; !main_done; waited += 10) {
        if (waited >= QUIT_GRACE_MS) {
            msg_log("shutdown: the running cell did not stop; exiting now");
            _exit(0);
        }
        sleep_ms(10);
    }
    return NULL;
}

/* True when we were started by a kernel manager (JPY_PARENT_PID is set)
 * and our parent has since gone: we were re-parented. The parent seen at
 * start-up is the reference, not JPY_PARENT_PID itself, so a wrapper
 * script between the manager and the kernel does not look like death. */
static bool orphaned(void)
{
    static pid_t parent = -1;
    if (parent == -1) parent = getenv("JPY_PARENT_PID") ? getppid() : 0;
    return parent > 1 && getppid() != parent;
}

static const char *conn_path(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            printf("sift-kernel %s\n", sift_version());
            exit(0);
        }
        if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) return argv[i + 1];
        if (strncmp(argv[i], "--f=", 4) == 0) return argv[i] + 4;
        if (argv[i][0] != '-') return argv[i];
    }
    fprintf(stderr, "usage: sift-kernel -f CONNECTION_FILE\n");
    exit(2);
}

static void install_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;     /* no SA_RESTART: zmq_poll sees EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static bool start(const char *path, pthread_t *control)
{
    char err[400] = "";
    KConn c;
    if (sodium_init() < 0) { msg_log("libsodium failed to initialise"); return false; }
    if (!conn_load(path, &c, err, sizeof err)) { msg_log("%s", err); return false; }
    K.key.bytes = (unsigned char *)c.key;
    K.key.len = strlen(c.key);
    if (K.key.len == 0) {
        msg_log("%s", KERNEL_NO_KEY_WARNING);
        msg_log("connection file %s has an empty \"key\": running UNAUTHENTICATED", path);
    }
    wire_uuid4(K.session);
    stream_init(&K.out);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    bool ok = tp_open(&T, &c, &K.key, K.session, err, sizeof err);
    if (ok) {
        K.sink = (KSink){ &T, sink_send, sink_recv };
        ok = pthread_create(control, NULL, control_main, NULL) == 0;
    }
    install_sigint();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!ok) msg_log("%s", *err ? err : "cannot start the control thread");
    return ok;   /* c.key now belongs to K.key, freed at exit */
}

int main(int argc, char **argv)
{
    const char *path = conn_path(argc, argv);
    pthread_t control;
    if (!start(path, &control)) return 1;
    if (!bridge_open(&K)) {
        msg_log("cannot create the interpreter (out of memory)");
        return 1;
    }
    msg_status(&K, NULL, "starting");
    (void)orphaned();                      /* remember who our parent is */
    while (!K.quitting) {
        WireFrames fs = { 0 };
        int rc = tp_recv(T.shell, &fs, SHELL_POLL_MS);
        if (rc > 0) disp_message(&K, CH_SHELL, &fs);
        wire_frames_free(&fs);
        if (rc < 0 || orphaned()) break;
    }
    K.quitting = 1;
    main_done = 1;
    pthread_join(control, NULL);
    bridge_close(&K);
    tp_close(&T);
    hist_free(&K.hist);
    stream_free(&K.out);
    wire_replay_free(&K.seen_main);
    wire_replay_free(&K.seen_control);
    free(K.key.bytes);
    return 0;
}
