/*
 * dispatch.h — incoming messages to handlers, with the busy/idle frame
 * around each.
 */
#ifndef KERNEL_DISPATCH_H
#define KERNEL_DISPATCH_H

#include "kernel/kernel.h"

/* Verify, parse and handle one raw message received on ch (CH_SHELL or
 * CH_CONTROL). A message that fails verification or parsing is logged
 * to stderr and dropped: no reply, no status. Otherwise iopub gets busy,
 * the handler runs (sending its reply), then idle, all parented to the
 * request; unknown types get busy/idle only. After an execute that asks
 * for it, the executes already queued on shell are aborted. */
void disp_message(Kernel *K, KChannel ch, const WireFrames *frames);

/* The kernel_info_reply content (its banner warns when K has no key). New
 * reference. */
json_t *disp_kernel_info(const Kernel *K);

#endif
