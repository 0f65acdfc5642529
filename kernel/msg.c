/*
 * msg.c — outgoing messages.
 *
 * Every message the kernel sends is built here: a fresh header (new
 * msg_id, so no two messages are ever byte-identical), the parent header
 * copied verbatim, then signed and handed to the sink as frames. iopub
 * messages carry one topic frame "kernel.<session>.<msg_type>".
 */
#include "kernel/msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void msg_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "sift-kernel: %s\n", line);
}

static bool send_built(Kernel *K, KChannel ch, const WireFrames *prefix, json_t *parent,
                       const char *msg_type, json_t *content)
{
    json_t *h = wire_header(msg_type, K->session);
    WireFrames out = { 0 };
    bool ok = h && content && wire_build(&K->key, prefix, h, parent, NULL, content, &out);
    if (ok) ok = K->sink.send(K->sink.ud, ch, &out);
    else msg_log("cannot build %s (out of memory?)", msg_type);
    wire_frames_free(&out);
    json_decref(h);
    json_decref(content);
    return ok;
}

bool msg_reply_take(Kernel *K, KChannel ch, const WireMsg *req,
                    const char *msg_type, json_t *content)
{
    return send_built(K, ch, &req->ids, req->header, msg_type, content);
}

bool msg_publish_take(Kernel *K, json_t *parent, const char *msg_type, json_t *content)
{
    char topic[128];
    snprintf(topic, sizeof topic, "kernel.%s.%s", K->session, msg_type);
    WireFrames prefix = { 0 };
    if (!wire_frames_push(&prefix, topic, strlen(topic))) {
        json_decref(content);
        return false;
    }
    bool ok = send_built(K, CH_IOPUB, &prefix, parent, msg_type, content);
    wire_frames_free(&prefix);
    return ok;
}

void msg_status(Kernel *K, json_t *parent, const char *state)
{
    msg_publish_take(K, parent, "status", json_pack("{s:s}", "execution_state", state));
}
