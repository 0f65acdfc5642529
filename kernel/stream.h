/*
 * stream.h — coalesced stdout/stderr text for iopub `stream` messages.
 */
#ifndef KERNEL_STREAM_H
#define KERNEL_STREAM_H

#include "kernel/kernel.h"

/* Seconds pending text may wait before it is published. */
#define STREAM_FLUSH_S 0.2
/* Pending bytes that force a publish. */
#define STREAM_FLUSH_BYTES 65536

void stream_init(KStream *s);
void stream_free(KStream *s);

/* Publish what is pending, then parent future text to `header`
 * (borrowed, a reference is kept; NULL detaches). */
void stream_set_parent(Kernel *K, json_t *header);

/* Append n bytes for stream `name` (SIFT_STDOUT / SIFT_STDERR). Text for
 * the other stream is published first, so order is kept. Thread-safe. */
void stream_write(Kernel *K, int name, const char *s, size_t n);

/* Publish all pending text now (invalid UTF-8 replaced). Thread-safe. */
void stream_flush(Kernel *K);

/* Publish pending text if it has waited STREAM_FLUSH_S. Called by the
 * control thread every few tens of milliseconds. Thread-safe. */
void stream_tick(Kernel *K);

#endif
