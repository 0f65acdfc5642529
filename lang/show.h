/*
 * show.h — rendering values as text/plain and text/html, and into the
 * display bundles the host receives. (The string builder the renderers
 * write into is sbuf.h, included here for the built-ins that use both.)
 */
#ifndef SIFT_SHOW_H
#define SIFT_SHOW_H

#include "lang/frame.h"
#include "lang/interp.h"
#include "lang/sbuf.h"

/* Text of v as the REPL shows it; strings quoted when quote is true
 * (print passes false). mem_alloc'd. */
char *show_plain(Interp *I, Value v, bool quote);
void show_value(Interp *I, SBuf *b, Value v, bool quote);
void show_frame_text(Interp *I, SBuf *b, const Frame *f);
/* A pandas-style HTML table with the shape under it. mem_alloc'd. */
char *show_frame_html(const Frame *f);
int show_width(const char *s);

/* ---- display bundles ---------------------------------------------------- */
/* Render v into b (text/plain always; text/html for frames; a foreign
 * class renders itself). b is reset first; on failure it is empty and an
 * error is set. The bundle's data is plain malloc (front ends free it). */
Status show_render(Interp *I, Value v, SiftBundle *b);
/* Render v and hand it to the host's display callback (id: a display id
 * to update later, or NULL; update: replace that display's content). */
Status show_display(Interp *I, Value v, const char *id, bool update);

#endif
