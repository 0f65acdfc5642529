/*
 * fuzz_wire.c — libFuzzer target for the kernel's parsers of outside
 * input: wire_parse (frames, delimiter, signature, JSON), the UTF-8
 * repair and offset conversions, and the history glob. The input's first
 * byte picks the key (none or a fixed one); the rest is split into frames
 * at each 0xFF byte. Built and run briefly by test_fuzz_wire.py; for a
 * long run: clang -g -O1 -fsanitize=fuzzer,address,undefined -I. \
 *   tests/kernel/fuzz_wire.c kernel/wire.c kernel/utf8.c kernel/history.c \
 *   $(pkg-config --cflags --libs libsodium jansson) -o fuzz_wire && ./fuzz_wire
 */
#include "kernel/history.h"
#include "kernel/utf8.h"
#include "kernel/wire.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static int ready;
    if (!ready) { if (sodium_init() < 0) abort(); ready = 1; }
    if (size < 1) return 0;
    WireKey keys[2] = { { (unsigned char *)"", 0 }, { (unsigned char *)"fuzz-key", 8 } };
    const WireKey *key = &keys[data[0] & 1];
    WireFrames fs = { 0 };
    size_t start = 1;
    for (size_t i = 1; i <= size; i++)
        if (i == size || data[i] == 0xFF) {
            wire_frames_push(&fs, data + start, i - start);
            start = i + 1;
        }
    WireMsg m;
    char err[160];
    if (wire_parse(&fs, key, &m, err, sizeof err)) wire_msg_free(&m);
    wire_frames_free(&fs);

    char *text = utf8_sanitize((const char *)data, size, NULL);
    if (text) {
        size_t n = strlen(text);
        size_t cp = utf8_byte_to_cp(text, n);
        if (utf8_cp_to_byte(text, cp) != n) abort();     /* round trip holds */
        size_t half = size / 2;
        char *pat = strndup((const char *)data, half);
        char *subject = strndup((const char *)data + half, size - half);
        if (pat && subject) hist_glob(pat, subject);
        free(pat);
        free(subject);
        free(text);
    }
    (void)utf8_complete_prefix((const char *)data, size);
    return 0;
}
