/*
 * progress.h — progress of long built-ins, shown through the host.
 *
 * A built-in that may run for seconds (reading a big CSV, sorting, later
 * training) calls progress_begin, then progress_update with the fraction
 * done every so often, then progress_end. Nothing is shown for work that
 * ends within PROGRESS_DELAY; after that the host receives one display
 * with id "sift-progress-N" and then update_display messages at most every
 * PROGRESS_EVERY, so a notebook shows one bar that fills in place and the
 * REPL can draw a terminal bar. The built-in never knows which.
 */
#ifndef SIFT_PROGRESS_H
#define SIFT_PROGRESS_H

#include "lang/interp.h"

#define PROGRESS_DELAY 0.5   /* seconds before a bar appears */
#define PROGRESS_EVERY 0.1   /* seconds between updates */

typedef struct Progress {
    const char *label;       /* borrowed for the life of the progress */
    double start, last;      /* monotonic seconds */
    bool shown;
    char id[32];
} Progress;

void progress_begin(Interp *I, Progress *p, const char *label);
/* Cheap when called often: reads the clock, returns at once when the
 * last update was recent. fraction is clamped to [0, 1]. */
void progress_update(Interp *I, Progress *p, double fraction);
/* The final state: a full bar with the elapsed time (if shown at all). */
void progress_end(Interp *I, Progress *p);

/* Render the bar as text, e.g. "read_csv ━━━━━━━━━━────────── 42%".
 * Writes at most n bytes into buf. */
void progress_text(const char *label, double fraction, char *buf, size_t n);

#endif
