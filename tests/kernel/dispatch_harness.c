/*
 * dispatch_harness.c — the kernel's wire and dispatch layers driven
 * without sockets: a recording KSink stands in for the transport and
 * tests/kernel/mock_sift.c for the interpreter. Built and run by
 * test_dispatch_c.py; prints one line per failed check and exits 1 if any.
 */
#include "kernel/dispatch.h"
#include "kernel/history.h"
#include "kernel/msg.h"
#include "kernel/stream.h"
#include "kernel/bridge.h"
#include "kernel/utf8.h"
#include "kernel/wire.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

/* ---- the recording sink -------------------------------------------- */

#define MAXREC 64
typedef struct Rec { KChannel ch; char type[64]; json_t *content; } Rec;
static Rec rec[MAXREC];
static int nrec;
static WireFrames queued[8];          /* what recv(CH_SHELL) hands out */
static int nqueued, qnext;
static WireKey KEY = { (unsigned char *)"5ac0ffee-0000-4000-8000-000000000000", 36 };

static bool rec_send(void *ud, KChannel ch, const WireFrames *fs)
{
    WireMsg m;
    char err[128];
    /* Everything we send must verify with our own key. */
    bool ok = wire_parse(fs, &KEY, &m, err, sizeof err);
    CHECK(ok);
    if (!ok || nrec == MAXREC) return ok;
    rec[nrec].ch = ch;
    snprintf(rec[nrec].type, sizeof rec[nrec].type, "%s", m.msg_type);
    rec[nrec].content = json_incref(m.content);
    nrec++;
    wire_msg_free(&m);
    return true;
}

static Kernel K;

/* While a test has armed it, a wait for an input_reply delivers an
 * interrupt_request on control instead, as a frontend's interrupt button
 * does; after a few waits without effect the test gives up (quitting)
 * rather than hang. */
static bool interrupt_on_stdin;
static int stdin_waits;
static void deliver_on(KChannel ch, const char *type, json_t *content);

static int rec_recv(void *ud, KChannel ch, WireFrames *out, int timeout_ms)
{
    if (ch == CH_STDIN && interrupt_on_stdin) {
        if (++stdin_waits == 1) deliver_on(CH_CONTROL, "interrupt_request", json_object());
        if (stdin_waits > 3) K.quitting = 1;
        return 0;
    }
    if (ch != CH_SHELL || qnext >= nqueued) return 0;
    WireFrames *q = &queued[qnext++];
    for (int i = 0; i < q->n; i++) wire_frames_push(out, q->f[i].data, q->f[i].len);
    return 1;
}

static void reset(void)
{
    for (int i = 0; i < nrec; i++) json_decref(rec[i].content);
    nrec = 0;
    for (int i = 0; i < nqueued; i++) wire_frames_free(&queued[i]);
    nqueued = qnext = 0;
}


/* A request as a client would frame it: one routing id, then the message. */
static WireFrames request(const char *type, json_t *content, const WireKey *key)
{
    WireFrames ids = { 0 }, out = { 0 };
    wire_frames_push(&ids, "client-1", 8);
    json_t *h = wire_header(type, "client-session");
    wire_build(key, &ids, h, NULL, NULL, content, &out);
    json_decref(h);
    json_decref(content);
    wire_frames_free(&ids);
    return out;
}

static void deliver_on(KChannel ch, const char *type, json_t *content)
{
    WireFrames fs = request(type, content, &KEY);
    disp_message(&K, ch, &fs);
    wire_frames_free(&fs);
}

static void deliver(const char *type, json_t *content) { deliver_on(CH_SHELL, type, content); }

/* "iopub:status:busy iopub:execute_input shell:execute_reply ..." */
static void trace(char *buf, size_t len)
{
    static const char *chn[] = { "shell", "control", "stdin", "iopub" };
    buf[0] = 0;
    for (int i = 0; i < nrec; i++) {
        size_t n = strlen(buf);
        const char *st = json_string_value(json_object_get(rec[i].content, "execution_state"));
        snprintf(buf + n, len - n, "%s%s:%s%s%s", i ? " " : "", chn[rec[i].ch], rec[i].type,
                 st ? ":" : "", st ? st : "");
    }
}

/* ---- checks ---------------------------------------------------------- */

static void test_hmac(void)
{
    /* RFC 4231-style check with a key that is not 32 bytes long. */
    WireKey k = { (unsigned char *)"key", 3 };
    const char *s = "The quick brown fox jumps over the lazy dog";
    const unsigned char *parts[4] = { (const unsigned char *)s, (const unsigned char *)s + 10,
                                      (const unsigned char *)s + 20, (const unsigned char *)s + 30 };
    size_t lens[4] = { 10, 10, 10, strlen(s) - 30 };
    char hex[65];
    wire_sign(&k, parts, lens, hex);
    CHECK(strcmp(hex, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8") == 0);
}

static void test_wire_round_trip(void)
{
    WireFrames fs = request("kernel_info_request", json_pack("{s:s}", "x", "é"), &KEY);
    WireMsg m;
    char err[128];
    CHECK(wire_parse(&fs, &KEY, &m, err, sizeof err));
    CHECK(strcmp(m.msg_type, "kernel_info_request") == 0);
    CHECK(m.ids.n == 1 && memcmp(m.ids.f[0].data, "client-1", 8) == 0);
    CHECK(strcmp(json_string_value(json_object_get(m.content, "x")), "é") == 0);
    wire_msg_free(&m);
    fs.f[fs.n - 1].data[0] ^= 1;                     /* tamper with content */
    CHECK(!wire_parse(&fs, &KEY, &m, err, sizeof err));
    CHECK(strstr(err, "signature") != NULL);
    wire_frames_free(&fs);
    char date[32];
    wire_now_iso(date);
    CHECK(strlen(date) == 27 && date[19] == '.' && date[26] == 'Z');
}

static void test_utf8(void)
{
    const char *s = "a😀b";                          /* 1 + 4 + 1 bytes */
    CHECK(utf8_cp_to_byte(s, 2) == 5);
    CHECK(utf8_byte_to_cp(s, 5) == 2);
    CHECK(utf8_cp_to_byte(s, 99) == 6);
    size_t n;
    char *clean = utf8_sanitize("x\xff\xc3", 3, &n);
    CHECK(n == 7 && strcmp(clean, "x\xEF\xBF\xBD\xEF\xBF\xBD") == 0);
    free(clean);
    CHECK(utf8_complete_prefix("ab\xf0\x9f", 4) == 2);
    CHECK(utf8_complete_prefix("ab\xf0\x9f\x98\x80", 6) == 6);
}

static void test_glob(void)
{
    CHECK(hist_glob("1+1", "1+1"));
    CHECK(hist_glob("*", ""));
    CHECK(hist_glob("pr?nt(*)", "print(\"x\")"));
    CHECK(hist_glob("?", "😀"));
    CHECK(!hist_glob("a*c", "abd"));
}

static void test_execute_sequence(void)
{
    reset();
    deliver("execute_request", json_pack("{s:s}", "code", "print(\"hi\")\n1 + 1"));
    char t[1024];
    trace(t, sizeof t);
    CHECK(strcmp(t, "iopub:status:busy iopub:execute_input iopub:stream iopub:execute_result "
                    "shell:execute_reply iopub:status:idle") == 0);
    if (nrec == 6) CHECK(json_integer_value(json_object_get(rec[4].content, "execution_count")) == 1);
    reset();
    deliver("execute_request", json_pack("{s:s, s:b}", "code", "1 + 1", "silent", 1));
    trace(t, sizeof t);
    CHECK(strcmp(t, "iopub:status:busy shell:execute_reply iopub:status:idle") == 0);
    reset();
}

static void test_bad_signature_is_silent(void)
{
    reset();
    WireKey wrong = { (unsigned char *)"wrong", 5 };
    WireFrames fs = request("execute_request", json_pack("{s:s}", "code", "1"), &wrong);
    disp_message(&K, CH_SHELL, &fs);
    wire_frames_free(&fs);
    CHECK(nrec == 0);
    deliver("no_such_request", json_object());
    char t[512];
    trace(t, sizeof t);
    CHECK(strcmp(t, "iopub:status:busy iopub:status:idle") == 0);
    reset();
}

/* Raw frames with these four JSON texts, signed with KEY. */
static void deliver_raw(const char *h, const char *p, const char *md, const char *c)
{
    WireFrames fs = { 0 };
    const char *parts[4] = { h, p, md, c };
    const unsigned char *u[4];
    size_t lens[4];
    for (int i = 0; i < 4; i++) {
        u[i] = (const unsigned char *)parts[i];
        lens[i] = strlen(parts[i]);
    }
    char sig[65];
    wire_sign(&KEY, u, lens, sig);
    wire_frames_push(&fs, "client-1", 8);
    wire_frames_push(&fs, "<IDS|MSG>", 9);
    wire_frames_push(&fs, sig, 64);
    for (int i = 0; i < 4; i++) wire_frames_push(&fs, parts[i], lens[i]);
    disp_message(&K, CH_SHELL, &fs);
    wire_frames_free(&fs);
}

/* PROTOCOL.md B.5: a frame that is not a JSON object, or a header without
 * msg_type/msg_id strings, is a bad message: dropped (no reply, no
 * busy/idle) and logged. A well-formed request whose content.code is not
 * a string is answered with status error and runs nothing. */
static void test_malformed_messages(void)
{
    static const char *H = "{\"msg_id\": \"m1\", \"msg_type\": \"execute_request\"}";
    static const char *const not_objects[] = { "[]", "\"code\"", "null", "1", "", "{\"code\": " };
    reset();
    int count = K.exec_count;
    for (size_t i = 0; i < sizeof not_objects / sizeof *not_objects; i++) {
        deliver_raw(H, "{}", "{}", not_objects[i]);        /* content */
        deliver_raw(H, not_objects[i], "{}", "{\"code\": \"1\"}");   /* parent_header */
        deliver_raw(H, "{}", not_objects[i], "{\"code\": \"1\"}");   /* metadata */
        deliver_raw(not_objects[i], "{}", "{}", "{\"code\": \"1\"}"); /* header */
    }
    deliver_raw("{\"msg_id\": \"m2\"}", "{}", "{}", "{\"code\": \"1\"}");
    deliver_raw("{\"msg_id\": \"m3\", \"msg_type\": 7}", "{}", "{}", "{\"code\": \"1\"}");
    deliver_raw("{\"msg_type\": \"execute_request\"}", "{}", "{}", "{\"code\": \"1\"}");
    CHECK(nrec == 0);
    CHECK(K.exec_count == count);
    static const char *const bad_code[] = { "{}", "{\"code\": 5}", "{\"code\": null}", "{\"code\": [\"1\"]}" };
    static const char *const types[] = { "execute_request", "complete_request", "inspect_request",
                                         "is_complete_request" };
    for (size_t t = 0; t < 4; t++)
        for (size_t i = 0; i < 4; i++) {
            reset();
            char h[128];
            snprintf(h, sizeof h, "{\"msg_id\": \"c%zu%zu\", \"msg_type\": \"%s\"}", t, i, types[t]);
            deliver_raw(h, "{}", "{}", bad_code[i]);
            char tr[512], want[160];
            trace(tr, sizeof tr);
            snprintf(want, sizeof want, "iopub:status:busy shell:%.*s_reply iopub:status:idle",
                     (int)(strlen(types[t]) - strlen("_request")), types[t]);
            CHECK(strcmp(tr, want) == 0);
            if (nrec == 3) {
                json_t *c = rec[1].content;
                CHECK(strcmp(json_string_value(json_object_get(c, "status")), "error") == 0);
                CHECK(strcmp(json_string_value(json_object_get(c, "ename")), "ProtocolError") == 0);
                CHECK(strstr(json_string_value(json_object_get(c, "evalue")), "content.code must be a string"));
            }
        }
    CHECK(K.exec_count == count);
    reset();
    deliver("execute_request", json_pack("{s:s}", "code", "1 + 1"));   /* still fine */
    CHECK(nrec == 5 && K.exec_count == count + 1);
    reset();
}

static void test_stop_on_error_aborts_queue(void)
{
    reset();
    queued[nqueued++] = request("execute_request", json_pack("{s:s}", "code", "1 + 1"), &KEY);
    queued[nqueued++] = request("is_complete_request", json_pack("{s:s}", "code", "x = 1"), &KEY);
    deliver("execute_request", json_pack("{s:s}", "code", "nosuchname"));
    char t[1024];
    trace(t, sizeof t);
    CHECK(strcmp(t, "iopub:status:busy iopub:execute_input iopub:error shell:execute_reply "
                    "iopub:status:idle iopub:status:busy shell:execute_reply iopub:status:idle "
                    "iopub:status:busy shell:is_complete_reply iopub:status:idle") == 0);
    if (nrec >= 7) CHECK(strcmp(json_string_value(json_object_get(rec[6].content, "status")),
                                "aborted") == 0);
    reset();
}

static void test_complete_code_points(void)
{
    reset();
    deliver("complete_request", json_pack("{s:s, s:i}", "code", "\"😀\" |> pri", "cursor_pos", 10));
    if (nrec == 3) {
        json_t *c = rec[1].content;
        CHECK(json_integer_value(json_object_get(c, "cursor_start")) == 7);
        CHECK(json_integer_value(json_object_get(c, "cursor_end")) == 10);
        CHECK(json_array_size(json_object_get(c, "matches")) >= 1);
    } else CHECK(nrec == 3);
    reset();
}

/* An interrupt_request while input() waits for its reply goes through the
 * kernel's own kernel_interrupt: it sets K->interrupted, so the wait ends
 * at once and the cell fails with Interrupted. */
static void test_interrupt_ends_pending_input(void)
{
    reset();
    interrupt_on_stdin = true;
    stdin_waits = 0;
    deliver("execute_request", json_pack("{s:s, s:b}", "code", "print(input(\"name? \"))",
                                         "allow_stdin", 1));
    interrupt_on_stdin = false;
    CHECK(stdin_waits == 1);
    CHECK(!K.quitting);
    K.quitting = 0;
    bool saw_error = false, saw_reply = false;
    for (int i = 0; i < nrec; i++) {
        if (strcmp(rec[i].type, "error") == 0)
            saw_error = strcmp(json_string_value(json_object_get(rec[i].content, "ename")), "Interrupted") == 0;
        if (strcmp(rec[i].type, "interrupt_reply") == 0) saw_reply = rec[i].ch == CH_CONTROL;
    }
    CHECK(saw_error);
    CHECK(saw_reply);
    reset();
}

static void test_replay(void)
{
    reset();
    WireFrames fs = request("kernel_info_request", json_object(), &KEY);
    disp_message(&K, CH_SHELL, &fs);
    CHECK(nrec == 3);
    disp_message(&K, CH_SHELL, &fs);                  /* the same bytes again */
    CHECK(nrec == 3);
    wire_frames_free(&fs);
    /* Old signatures age out only after WIRE_REPLAY_GEN newer ones. */
    WireReplay r = { 0 };
    unsigned char sig[64];
    for (int i = 0; i < 3 * WIRE_REPLAY_GEN; i++) {
        char hex[65];
        unsigned char bin[32] = { 0 };
        memcpy(bin, &i, sizeof i);
        bin[31] = 1;
        sodium_bin2hex(hex, sizeof hex, bin, 32);
        memcpy(sig, hex, 64);
        CHECK(!wire_replay_seen(&r, sig));
        CHECK(wire_replay_seen(&r, sig));
    }
    wire_replay_free(&r);
    reset();
}

int main(void)
{
    if (sodium_init() < 0) return 2;
    wire_uuid4(K.session);
    K.key = KEY;
    K.sink = (KSink){ NULL, rec_send, rec_recv };
    stream_init(&K.out);
    if (!bridge_open(&K)) return 2;
    test_hmac();
    test_wire_round_trip();
    test_utf8();
    test_glob();
    test_execute_sequence();
    test_bad_signature_is_silent();
    test_stop_on_error_aborts_queue();
    test_malformed_messages();
    test_complete_code_points();
    test_replay();
    test_interrupt_ends_pending_input();
    reset();
    bridge_close(&K);
    wire_replay_free(&K.seen_main);
    wire_replay_free(&K.seen_control);
    hist_free(&K.hist);
    stream_free(&K.out);
    printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
    return failures ? 1 : 0;
}
