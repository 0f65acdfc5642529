/*
 * fuzz_json.c — libFuzzer target for read_json's engine: any bytes as a
 * JSON document, read as JSON Lines, as an array and by the first
 * character. The fast record scanner and the Jansson fallback must never
 * crash, over-read the buffer or leak; errors are fine. The input is copied
 * to a buffer of exactly its size, so ASan catches a read one byte past
 * the end. `make fuzz-json` builds and runs it (clang).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/sift.h"
#include "stdlib/json.h"
#include "stdlib/stdlib.h"

static Interp *I;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!I) {
        I = sift_new(NULL);
        sift_open_stdlib(I);
    }
    char *buf = malloc(size ? size : 1);
    memcpy(buf, data, size);
    for (int lines = -1; lines <= 1; lines++) {
        Frame *f = NULL;
        if (jsonread_frame(I, "fuzz", buf, size, lines, NULL, &f) == ST_OK)
            obj_unref(f);
        else
            err_clear(I);
    }
    free(buf);
    return 0;
}
