/*
 * show.h — rendering values as text/plain and text/html, and the small
 * string builder the renderers (and built-ins) use.
 */
#ifndef SIFT_SHOW_H
#define SIFT_SHOW_H

#include <stdarg.h>

#include "lang/frame.h"
#include "lang/interp.h"

/* A growable NUL-terminated string. Zero-initialise; sb_take hands the
 * buffer (mem_alloc'd) to the caller. */
typedef struct SBuf {
    char *s;
    size_t len, cap;
} SBuf;

void sb_putn(SBuf *b, const char *s, size_t n);
void sb_puts(SBuf *b, const char *s);
void sb_printf(SBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_html_escape(SBuf *b, const char *s);
char *sb_take(SBuf *b);

/* Text of v as the REPL shows it; strings quoted when quote is true
 * (print passes false). mem_alloc'd. */
char *show_plain(Interp *I, Value v, bool quote);
void show_value(Interp *I, SBuf *b, Value v, bool quote);
void show_frame_text(Interp *I, SBuf *b, const Frame *f);
/* A pandas-style HTML table with the shape under it. mem_alloc'd. */
char *show_frame_html(const Frame *f);
int show_width(const char *s);

#endif
