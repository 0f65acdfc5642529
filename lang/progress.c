/*
 * progress.c — delayed, throttled progress displays; see progress.h.
 * Invariant: once shown, a progress bar is only ever updated (same id),
 * and progress_end leaves it at 100% with the elapsed time.
 */
#include "lang/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BAR_WIDTH 30

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_text(const char *label, double fraction, char *buf, size_t n)
{
    if (fraction < 0)
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    int full = (int)(fraction * BAR_WIDTH + 0.5);
    size_t k = (size_t)snprintf(buf, n, "%s ", label);
    for (int i = 0; i < BAR_WIDTH && k + 4 < n; i++) {
        memcpy(buf + k, i < full ? "━" : "─", 3);
        k += 3;
    }
    if (k < n)
        snprintf(buf + k, n - k, " %3d%%", (int)(fraction * 100 + 0.5));
}

static void show(Interp *I, Progress *p, double fraction, const char *suffix)
{
    char text[256], html[512];
    progress_text(p->label, fraction, text, sizeof text);
    if (suffix) {
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, "%s", suffix);
    }
    snprintf(html, sizeof html, "<div class=\"sift-progress\"><code>%s</code> <progress value=\"%d\" max=\"100\">"
             "</progress> %d%%%s</div>", p->label, (int)(fraction * 100 + 0.5), (int)(fraction * 100 + 0.5),
             suffix ? suffix : "");
    SiftBundle b;
    memset(&b, 0, sizeof b);
    bundle_add(&b, "text/plain", strdup(text), strlen(text));
    bundle_add(&b, "text/html", strdup(html), strlen(html));
    if (I->host.display)
        I->host.display(I->host.ud, &b, p->id, p->shown);
    sift_bundle_free(&b);
    p->shown = true;
}

void progress_begin(Interp *I, Progress *p, const char *label)
{
    static unsigned seq;
    memset(p, 0, sizeof *p);
    p->label = label;
    p->start = p->last = now();
    snprintf(p->id, sizeof p->id, "sift-progress-%u", ++seq);
}

void progress_update(Interp *I, Progress *p, double fraction)
{
    double t = now();
    if (t - p->start < PROGRESS_DELAY || t - p->last < PROGRESS_EVERY)
        return;
    p->last = t;
    show(I, p, fraction, NULL);
}

void progress_end(Interp *I, Progress *p)
{
    if (!p->shown)
        return;
    char suffix[48];
    snprintf(suffix, sizeof suffix, " (%.1f s)", now() - p->start);
    show(I, p, 1.0, suffix);
}
