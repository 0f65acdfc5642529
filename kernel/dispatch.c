/*
 * dispatch.c — the table of message types and the request lifecycle.
 *
 * Each row names a msg_type, its handler and the channels it is accepted
 * on. Every verified request, handled or not, is framed by exactly one
 * busy and one idle status parented to it; the reply goes out between
 * them. Handlers that need the interpreter live in bridge.c and run only
 * on the shell channel (the main thread); the ones here need nothing but
 * the kernel state and may run on the control thread.
 */
#include "kernel/dispatch.h"
#include "kernel/bridge.h"
#include "kernel/msg.h"
#include "kernel/stream.h"

#include <stdlib.h>
#include <string.h>

enum { ON_SHELL = 1, ON_CONTROL = 2 };

typedef void (*DispHandler)(Kernel *K, KChannel ch, const WireMsg *req);

json_t *disp_kernel_info(const Kernel *K)
{
    char banner[640];
    snprintf(banner, sizeof banner,
             "sift %s — a small, fast language for exploring data.\n"
             "Type ?name or help(name) for help on a built-in.\n%s", sift_version(),
             K->key.len ? "" : KERNEL_NO_KEY_WARNING "\n");
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s},"
        " s:[{s:s, s:s}], s:[], s:b}",
        "status", "ok", "protocol_version", WIRE_PROTOCOL_VERSION,
        "implementation", "sift", "implementation_version", sift_version(),
        "banner", banner,
        "language_info", "name", "sift", "version", sift_version(),
        "mimetype", "text/x-sift", "file_extension", ".sift",
        "pygments_lexer", "python", "codemirror_mode", "python",
        "nbconvert_exporter", "script",
        "help_links", "text", "sift kernel", "url",
        "https://github.com/sift-lang/sift/blob/main/docs/kernel.md",
        "supported_features", "debugger", 0);
}

static void h_kernel_info(Kernel *K, KChannel ch, const WireMsg *req)
{
    msg_reply_take(K, ch, req, "kernel_info_reply", disp_kernel_info(K));
}

static void h_history(Kernel *K, KChannel ch, const WireMsg *req)
{
    json_t *h = hist_query(&K->hist, req->content);
    msg_reply_take(K, ch, req, "history_reply", json_pack("{s:s, s:o}", "status", "ok", "history", h));
}

static void h_comm_info(Kernel *K, KChannel ch, const WireMsg *req)
{
    msg_reply_take(K, ch, req, "comm_info_reply", json_pack("{s:s, s:{}}", "status", "ok", "comms"));
}

/* No comm targets exist: close every comm a frontend opens. */
static void h_comm_open(Kernel *K, KChannel ch, const WireMsg *req)
{
    const char *id = json_string_value(json_object_get(req->content, "comm_id"));
    msg_publish_take(K, req->header, "comm_close",
                     json_pack("{s:o, s:{}}", "comm_id", wire_str(id ? id : ""), "data"));
}

static void h_ignore(Kernel *K, KChannel ch, const WireMsg *req) {}

static void h_shutdown(Kernel *K, KChannel ch, const WireMsg *req)
{
    bool restart = json_is_true(json_object_get(req->content, "restart"));
    json_t *c = json_pack("{s:s, s:b}", "status", "ok", "restart", restart);
    msg_reply_take(K, ch, req, "shutdown_reply", json_deep_copy(c));
    msg_publish_take(K, req->header, "shutdown_reply", c);
    K->restart = restart;
    K->quitting = 1;
    kernel_interrupt(K);
}

static void h_interrupt(Kernel *K, KChannel ch, const WireMsg *req)
{
    kernel_interrupt(K);
    msg_reply_take(K, ch, req, "interrupt_reply", json_pack("{s:s}", "status", "ok"));
}

static const struct {
    const char *type;
    DispHandler fn;
    int on;
} TABLE[] = {
    { "kernel_info_request", h_kernel_info, ON_SHELL | ON_CONTROL },
    { "execute_request", bridge_execute, ON_SHELL },
    { "complete_request", bridge_complete, ON_SHELL },
    { "inspect_request", bridge_inspect, ON_SHELL },
    { "is_complete_request", bridge_is_complete, ON_SHELL },
    { "history_request", h_history, ON_SHELL },
    { "comm_info_request", h_comm_info, ON_SHELL | ON_CONTROL },
    { "comm_open", h_comm_open, ON_SHELL },
    { "comm_msg", h_ignore, ON_SHELL },
    { "comm_close", h_ignore, ON_SHELL },
    { "shutdown_request", h_shutdown, ON_SHELL | ON_CONTROL },
    { "interrupt_request", h_interrupt, ON_SHELL | ON_CONTROL },
};

static DispHandler lookup(const char *type, KChannel ch)
{
    int bit = ch == CH_CONTROL ? ON_CONTROL : ON_SHELL;
    for (size_t i = 0; i < sizeof TABLE / sizeof *TABLE; i++)
        if (strcmp(TABLE[i].type, type) == 0) return (TABLE[i].on & bit) ? TABLE[i].fn : NULL;
    return NULL;
}

static bool parse(Kernel *K, KChannel ch, const WireFrames *fs, WireMsg *m)
{
    char err[160];
    WireReplay *seen = ch == CH_CONTROL ? &K->seen_control : &K->seen_main;
    if (wire_parse_fresh(fs, &K->key, seen, m, err, sizeof err)) return true;
    msg_log("%s: dropped message: %s", ch == CH_CONTROL ? "control" : "shell", err);
    return false;
}

/* ipykernel's abort reply: status only. */
static void abort_one(Kernel *K, const WireMsg *m)
{
    msg_status(K, m->header, "busy");
    msg_reply_take(K, CH_SHELL, m, "execute_reply", json_pack("{s:s}", "status", "aborted"));
    msg_status(K, m->header, "idle");
}

/* Take every message already waiting on shell (the "already queued"
 * requests that a failed execute aborts). Returns how many, in *out. */
static int drain_shell(Kernel *K, WireFrames **out)
{
    int n = 0, cap = 0;
    *out = NULL;
    for (;;) {
        WireFrames fs = { 0 };
        if (K->sink.recv(K->sink.ud, CH_SHELL, &fs, 0) <= 0) {
            wire_frames_free(&fs);
            return n;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            WireFrames *grown = realloc(*out, (size_t)cap * sizeof **out);
            if (!grown) { wire_frames_free(&fs); return n; }
            *out = grown;
        }
        (*out)[n++] = fs;
    }
}

static void handle(Kernel *K, KChannel ch, const WireMsg *m);

/* Abort the execute requests among the drained ones; handle the rest. */
static void abort_queued(Kernel *K, WireFrames *queued, int n)
{
    for (int i = 0; i < n; i++) {
        WireMsg m;
        if (parse(K, CH_SHELL, &queued[i], &m)) {
            if (strcmp(m.msg_type, "execute_request") == 0) abort_one(K, &m);
            else handle(K, CH_SHELL, &m);
            wire_msg_free(&m);
        }
        wire_frames_free(&queued[i]);
    }
    free(queued);
}

static void handle(Kernel *K, KChannel ch, const WireMsg *m)
{
    DispHandler fn = lookup(m->msg_type, ch);
    if (strstr(m->msg_type, "subshell_request")) {
        msg_log("%s: not supported (no subshells)", m->msg_type);
        return;
    }
    msg_status(K, m->header, "busy");
    if (fn) fn(K, ch, m);
    else msg_log("%s: ignored unknown message type '%s'", ch == CH_CONTROL ? "control" : "shell",
                 m->msg_type);
    /* A failed execute aborts what was queued when its reply went out,
     * decided before its idle: a client that waits for idle before
     * sending more is never aborted. */
    WireFrames *queued = NULL;
    int n = 0;
    bool aborting = ch == CH_SHELL && K->abort_pending;
    if (aborting) {
        K->abort_pending = false;
        n = drain_shell(K, &queued);
    }
    msg_status(K, m->header, "idle");
    if (aborting) abort_queued(K, queued, n);
}

void disp_message(Kernel *K, KChannel ch, const WireFrames *frames)
{
    WireMsg m;
    if (!parse(K, ch, frames, &m)) return;
    handle(K, ch, &m);
    wire_msg_free(&m);
}
