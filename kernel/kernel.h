/*
 * kernel.h — the state one sift-kernel process shares between its layers.
 *
 * Threads: the main thread owns the interpreter, the shell and stdin
 * sockets, `cur` and `hist`. The control thread answers control requests
 * and ticks the stream buffer. Signal handlers and the control thread
 * only touch the sig_atomic_t flags and call sift_interrupt.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

#include "kernel/history.h"
#include "kernel/wire.h"
#include "lang/sift.h"

typedef enum KChannel { CH_SHELL, CH_CONTROL, CH_STDIN, CH_IOPUB } KChannel;

/* Where the kernel's messages go. The real sink is the ZeroMQ transport;
 * a test can substitute one that records frames. send must be callable
 * from any thread for CH_IOPUB and from the owning thread otherwise.
 * recv (stdin only) waits up to timeout_ms; returns 1, 0 (timeout) or -1. */
typedef struct KSink {
    void *ud;
    bool (*send)(void *ud, KChannel ch, const WireFrames *frames);
    int (*recv)(void *ud, KChannel ch, WireFrames *out, int timeout_ms);
} KSink;

/* Stream text waiting to be published (coalesced writes). */
typedef struct KStream {
    pthread_mutex_t mu;
    int name;               /* SIFT_STDOUT / SIFT_STDERR of the pending text */
    char *buf;
    size_t len, cap;
    double since;           /* monotonic time of the first pending byte */
    json_t *parent;         /* header of the request the text belongs to */
} KStream;

typedef struct Kernel {
    WireKey key;
    char session[37];
    KSink sink;
    Interp *I;
    int exec_count;
    History hist;
    KStream out;
    WireReplay seen_main;              /* signatures seen on shell and stdin (main thread) */
    WireReplay seen_control;           /* ... on control (control thread) */
    volatile sig_atomic_t executing;   /* inside sift_run: interrupts go through */
    volatile sig_atomic_t interrupted; /* an interrupt arrived since the cell began */
    volatile sig_atomic_t quitting;    /* shutdown requested: finish and exit */
    bool restart;
    bool abort_pending;                /* an execute failed: abort queued executes */
    const WireMsg *cur;                /* the execute_request being run, or NULL */
    bool allow_stdin;
    const char *interrupt_mode;        /* "signal" or "message", for kernel_info */
    bool warned_unsigned;              /* the empty-key warning went to a notebook */
} Kernel;

/* An empty key in the connection file turns message signing off (Jupyter
 * allows it): anyone who can reach the ports can run code as this user.
 * Said on stderr (the kernel log) at start, in the banner, and once in the
 * first executed cell's output. */
#define KERNEL_NO_KEY_WARNING                                                        \
    "WARNING: this sift kernel is not authenticated: its connection file has an "   \
    "empty key, so messages are neither signed nor checked and anyone who can "     \
    "reach its ports can run code as this user. Start it with a key (Jupyter "      \
    "writes one by default)."

/* Interrupt the running cell, or a pending input(); harmless when idle.
 * Async-signal-safe: called from the SIGINT handler and the control
 * thread. Defined in bridge.c (beside the cell runner that sets
 * `executing`), so every front of the kernel, and its tests, share it. */
void kernel_interrupt(Kernel *K);

#endif
