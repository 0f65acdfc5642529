/*
 * image.h — inline images in the terminal through libchafa.
 *
 * libchafa is loaded with dlopen the first time a plot is shown, so a
 * machine without it still runs sift (plots then print as text) and the
 * REPL's start-up never pays for it.
 */
#ifndef REPL_IMAGE_H
#define REPL_IMAGE_H

#include <stddef.h>

/* Encode PNG bytes as the escape sequences that draw them in this
 * terminal (kitty, iTerm2 or sixel, as chafa's terminal detection
 * decides), at most `cols` columns wide. Returns malloc'd text (caller
 * frees), or NULL when the terminal cannot show images, libchafa or cairo
 * is unavailable, or the PNG does not decode. */
char *image_render(const char *png, size_t len, int cols);

#endif
