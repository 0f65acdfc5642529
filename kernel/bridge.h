/*
 * bridge.h — the kernel's side of the interpreter API (lang/sift.h):
 * host callbacks and the handlers that need the interpreter.
 */
#ifndef KERNEL_BRIDGE_H
#define KERNEL_BRIDGE_H

#include "kernel/kernel.h"

/* Create K->I with the standard library, its host callbacks pointing at
 * K. Returns false when out of memory. */
bool bridge_open(Kernel *K);
void bridge_close(Kernel *K);

/* Message handlers (main thread). Each sends its reply on ch; the caller
 * publishes busy before and idle after. */
void bridge_execute(Kernel *K, KChannel ch, const WireMsg *req);
void bridge_complete(Kernel *K, KChannel ch, const WireMsg *req);
void bridge_inspect(Kernel *K, KChannel ch, const WireMsg *req);
void bridge_is_complete(Kernel *K, KChannel ch, const WireMsg *req);

/* The display content {data, metadata, transient} for a bundle; with
 * display_id not NULL, transient holds it. New reference. */
json_t *bridge_bundle_json(const SiftBundle *b, const char *display_id);

#endif
