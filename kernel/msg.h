/*
 * msg.h — composing and sending the kernel's own messages: replies on
 * shell/control/stdin, iopub publications, busy/idle status.
 */
#ifndef KERNEL_MSG_H
#define KERNEL_MSG_H

#include "kernel/kernel.h"

/* Send `content` (taken: released whatever happens) as `msg_type` on ch
 * to the sender of req (its routing ids), parented to req's header.
 * Returns false when nothing was sent. */
bool msg_reply_take(Kernel *K, KChannel ch, const WireMsg *req,
                    const char *msg_type, json_t *content);

/* Publish `content` (taken) as `msg_type` on iopub with the given parent
 * header (borrowed; NULL for none, sent as {}). Thread-safe. */
bool msg_publish_take(Kernel *K, json_t *parent, const char *msg_type, json_t *content);

/* Publish status{execution_state: state} parented to `parent`. */
void msg_status(Kernel *K, json_t *parent, const char *state);

/* Log one line to stderr, prefixed "sift-kernel: ". Never protocol data. */
void msg_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
