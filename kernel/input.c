/*
 * input.c — the stdin channel.
 *
 * An input_request goes to the same identity that sent the execute
 * request and is parented to it; the wait polls in INPUT_POLL_MS slices so
 * an interrupt (signal or message) or a shutdown breaks it (ipykernel
 * #400). Stale replies left from an earlier, interrupted prompt are
 * drained before asking again.
 */
#include "kernel/input.h"
#include "kernel/msg.h"
#include "kernel/stream.h"

#include <stdlib.h>
#include <string.h>

static void drain_stale(Kernel *K)
{
    for (;;) {
        WireFrames fs = { 0 };
        int rc = K->sink.recv(K->sink.ud, CH_STDIN, &fs, 0);
        wire_frames_free(&fs);
        if (rc <= 0) return;
    }
}

/* One received stdin message: the reply's value (malloc'd), or NULL. */
static char *take_reply(Kernel *K, const WireFrames *fs, bool *got)
{
    WireMsg m;
    char err[160];
    *got = false;
    if (!wire_parse_fresh(fs, &K->key, &K->seen_main, &m, err, sizeof err)) {
        msg_log("stdin: dropped message: %s", err);
        return NULL;
    }
    char *value = NULL;
    if (strcmp(m.msg_type, "input_reply") == 0) {
        const char *v = json_string_value(json_object_get(m.content, "value"));
        *got = true;
        if (v && strcmp(v, "\x04") != 0) value = strdup(v);
    } else {
        msg_log("stdin: ignored %s", m.msg_type);
    }
    wire_msg_free(&m);
    return value;
}

char *input_request(Kernel *K, const char *prompt, bool password)
{
    if (!K->cur || !K->allow_stdin) {
        static const char note[] =
            "input: this frontend does not accept input (allow_stdin is false)\n";
        stream_write(K, SIFT_STDERR, note, sizeof note - 1);
        return NULL;
    }
    stream_flush(K);
    drain_stale(K);
    json_t *c = json_pack("{s:o, s:b}", "prompt", wire_str(prompt ? prompt : ""),
                          "password", password);
    if (!msg_reply_take(K, CH_STDIN, K->cur, "input_request", c)) return NULL;
    while (!K->interrupted && !K->quitting) {
        WireFrames fs = { 0 };
        int rc = K->sink.recv(K->sink.ud, CH_STDIN, &fs, INPUT_POLL_MS);
        bool got = false;
        char *value = rc > 0 ? take_reply(K, &fs, &got) : NULL;
        wire_frames_free(&fs);
        if (got) return value;
        if (rc < 0) break;
    }
    return NULL;
}
