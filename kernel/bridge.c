/*
 * bridge.c — from Jupyter requests to interpreter calls and back.
 *
 * The only file of the kernel that calls lang/sift.h. It turns the host
 * callbacks into iopub messages parented to the execute_request being
 * run (K->cur), applies the execution-count rules (the count advances
 * only for store_history executions, before running, and the same number
 * goes into execute_input, execute_result and execute_reply) and converts
 * Jupyter's code-point cursor offsets to the interpreter's byte offsets.
 * Invariant: pending stream text is flushed before every other output of
 * a request and before its reply.
 */
#include "kernel/bridge.h"
#include "kernel/input.h"
#include "kernel/msg.h"
#include "kernel/stream.h"
#include "kernel/utf8.h"
#include "stdlib/stdlib.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- interrupts -------------------------------------------------------- */

/* The one interrupt path (kernel.h): the SIGINT handler (main.c), the
 * interrupt_request and shutdown handlers (dispatch.c) and the socket-free
 * test harness all come here. K->interrupted ends a pending input()
 * (input.c); sift_interrupt stops a running loop or long built-in. */
void kernel_interrupt(Kernel *k)
{
    if (!k->executing) return;
    k->interrupted = 1;
    if (k->I) sift_interrupt(k->I);
}

/* ---- host callbacks -------------------------------------------------- */

static json_t *cur_parent(Kernel *K)
{
    return K->cur ? K->cur->header : NULL;
}

static void host_write(void *ud, int stream, const char *s, size_t n)
{
    stream_write(ud, stream == SIFT_STDERR ? SIFT_STDERR : SIFT_STDOUT, s, n);
}

static void host_display(void *ud, const SiftBundle *b, const char *display_id, bool update)
{
    Kernel *K = ud;
    stream_flush(K);
    if (update && !display_id) return;
    msg_publish_take(K, cur_parent(K), update ? "update_display_data" : "display_data",
                     bridge_bundle_json(b, display_id));
}

static void host_clear_output(void *ud, bool wait)
{
    Kernel *K = ud;
    stream_flush(K);
    msg_publish_take(K, cur_parent(K), "clear_output", json_pack("{s:b}", "wait", wait));
}

static char *host_input(void *ud, const char *prompt, bool password)
{
    return input_request(ud, prompt, password);
}

bool bridge_open(Kernel *K)
{
    SiftHost host = { K, host_write, host_display, host_clear_output, host_input };
    K->I = sift_new(&host);
    if (!K->I || !sift_open_stdlib(K->I)) return false;
    return true;
}

void bridge_close(Kernel *K)
{
    if (K->I) sift_free(K->I);
    K->I = NULL;
}

/* ---- bundles ---------------------------------------------------------- */

static bool is_binary(const char *mime)
{
    return strncmp(mime, "image/", 6) == 0 && strcmp(mime, "image/svg+xml") != 0;
}

static json_t *mime_value(const SiftMime *m)
{
    if (is_binary(m->mime)) {
        size_t cap = sodium_base64_encoded_len(m->len, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = malloc(cap);
        if (!b64) return NULL;
        sodium_bin2base64(b64, cap, (const unsigned char *)m->data, m->len,
                          sodium_base64_VARIANT_ORIGINAL);
        json_t *j = json_string(b64);
        free(b64);
        return j;
    }
    if (strcmp(m->mime, "application/json") == 0) {
        json_t *j = json_loadb(m->data, m->len, JSON_DECODE_ANY, NULL);
        if (j && (json_is_object(j) || json_is_array(j))) return j;
        json_decref(j);
        return NULL;
    }
    return wire_string(m->data, m->len);
}

json_t *bridge_bundle_json(const SiftBundle *b, const char *display_id)
{
    json_t *data = json_object(), *meta = json_object(), *transient = json_object();
    for (int i = 0; b && i < b->n; i++) {
        const SiftMime *m = &b->items[i];
        json_t *v = mime_value(m);
        if (!v) continue;
        json_object_set_new(data, m->mime, v);
        if (is_binary(m->mime) && b->width > 0 && b->height > 0)
            json_object_set_new(meta, m->mime, json_pack("{s:i, s:i}", "width", b->width,
                                                          "height", b->height));
    }
    if (!json_object_get(data, "text/plain"))
        json_object_set_new(data, "text/plain", json_string(""));
    if (display_id) json_object_set_new(transient, "display_id", wire_str(display_id));
    return json_pack("{s:o, s:o, s:o}", "data", data, "metadata", meta, "transient", transient);
}

/* ---- execute ---------------------------------------------------------- */

static bool flag(json_t *c, const char *k, bool dflt)
{
    json_t *v = json_object_get(c, k);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

/* The traceback as a list of lines; the line that names the error
 * ("cell 3, line 2: ValueError: ...") in red. */
static json_t *traceback_json(const SiftResult *r)
{
    json_t *tb = json_array();
    const char *s = r->traceback && *r->traceback ? r->traceback : NULL;
    if (!s) {
        char line[1024];
        snprintf(line, sizeof line, "%s: %s", r->ename ? r->ename : "Error",
                 r->evalue ? r->evalue : "");
        json_array_append_new(tb, wire_str(line));
        return tb;
    }
    char tag[128];
    snprintf(tag, sizeof tag, "%s: ", r->ename ? r->ename : "");
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        const char *hit = r->ename ? strstr(s, tag) : NULL;
        if (hit && hit + strlen(tag) <= s + n) {   /* the line naming the error */
            char *red = malloc(n + 16);
            if (red) {
                snprintf(red, n + 16, "\x1b[0;31m%.*s\x1b[0m", (int)n, s);
                json_array_append_new(tb, wire_str(red));
                free(red);
            }
        } else {
            json_array_append_new(tb, wire_string(s, n));
        }
        s += n + (nl ? 1 : 0);
    }
    return tb;
}

static json_t *error_content(const SiftResult *r)
{
    return json_pack("{s:o, s:o, s:o}", "ename", wire_str(r->ename ? r->ename : "Error"),
                     "evalue", wire_str(r->evalue ? r->evalue : ""),
                     "traceback", traceback_json(r));
}

static json_t *user_expressions(Kernel *K, json_t *exprs)
{
    json_t *out = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(exprs, key, v) {
        const char *src = json_string_value(v);
        if (!src) continue;
        K->executing = 1;
        SiftResult r = sift_eval_render(K->I, src);
        K->executing = 0;
        json_t *item;
        if (r.status == SIFT_OK) {
            json_t *b = bridge_bundle_json(r.has_value ? &r.value : NULL, NULL);
            item = json_pack("{s:s, s:O, s:O}", "status", "ok", "data", json_object_get(b, "data"),
                             "metadata", json_object_get(b, "metadata"));
            json_decref(b);
        } else {
            item = error_content(&r);
            json_object_set_new(item, "status", json_string("error"));
        }
        json_object_set_new(out, key, item);
        sift_result_free(&r);
    }
    return out;
}

/* `?name`, `name?` or `help(name)`: the name (malloc'd), else NULL. */
static char *pager_name(const char *code, bool *explicit_q)
{
    while (isspace((unsigned char)*code)) code++;
    size_t n = strlen(code);
    while (n && isspace((unsigned char)code[n - 1])) n--;
    const char *s = code;
    *explicit_q = true;
    if (n > 1 && s[0] == '?') { s++; n--; }
    else if (n > 1 && s[n - 1] == '?') n--;
    else if (n > 6 && strncmp(s, "help(", 5) == 0 && s[n - 1] == ')') {
        s += 5;
        n -= 6;
        *explicit_q = false;
    } else return NULL;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.') return NULL;
    return n ? strndup(s, n) : NULL;
}

/* Handle a pager cell: fill *payload and return true, or false to run
 * the cell normally. */
static bool run_pager(Kernel *K, const char *code, json_t *payload)
{
    bool q;
    char *name = pager_name(code, &q);
    if (!name) return false;
    char *text = sift_inspect(K->I, name, strlen(name));
    if (text) {
        json_array_append_new(payload, json_pack("{s:s, s:{s:o}, s:i}", "source", "page",
                                                 "data", "text/plain", wire_str(text), "start", 0));
    } else if (q) {
        char msg[300];
        snprintf(msg, sizeof msg, "Object `%.200s` not found.\n", name);
        stream_write(K, SIFT_STDOUT, msg, strlen(msg));
    }
    bool handled = text != NULL || q;
    free(text);
    free(name);
    return handled;
}

/* `exit` or `quit` (with or without ()) alone in a cell: ask the
 * frontend to leave, as IPython does (jupyter console honours it). */
static bool run_exit(const char *code, json_t *payload)
{
    while (isspace((unsigned char)*code)) code++;
    size_t n = strlen(code);
    while (n && isspace((unsigned char)code[n - 1])) n--;
    static const char *words[] = { "exit", "quit", "exit()", "quit()" };
    for (int i = 0; i < 4; i++)
        if (n == strlen(words[i]) && strncmp(code, words[i], n) == 0) {
            json_array_append_new(payload, json_pack("{s:s, s:b}", "source", "ask_exit",
                                                     "keepkernel", false));
            return true;
        }
    return false;
}

static json_t *run_cell(Kernel *K, const WireMsg *req, const char *code, int count,
                        bool silent, bool store)
{
    json_t *payload = json_array();
    if (!silent && (run_pager(K, code, payload) || run_exit(code, payload)))
        return json_pack("{s:s, s:i, s:o, s:{}}", "status", "ok", "execution_count", count,
                         "payload", payload, "user_expressions");
    char name[32];
    snprintf(name, sizeof name, "cell %d", count);
    K->executing = 1;
    SiftResult r = sift_run(K->I, name, code);
    K->executing = 0;
    stream_flush(K);
    json_t *reply;
    const SiftMime *text = r.has_value ? sift_bundle_get(&r.value, "text/plain") : NULL;
    if (r.status == SIFT_OK) {
        if (r.has_value && !silent) {
            json_t *c = bridge_bundle_json(&r.value, NULL);
            json_object_del(c, "transient");
            json_object_set_new(c, "execution_count", json_integer(count));
            msg_publish_take(K, req->header, "execute_result", c);
        }
        json_t *ue = json_object_get(req->content, "user_expressions");
        reply = json_pack("{s:s, s:i, s:o, s:o}", "status", "ok", "execution_count", count,
                          "payload", payload, "user_expressions",
                          json_is_object(ue) ? user_expressions(K, ue) : json_object());
    } else {
        json_decref(payload);
        msg_publish_take(K, req->header, "error", error_content(&r));
        reply = error_content(&r);
        json_object_set_new(reply, "status", json_string("error"));
        json_object_set_new(reply, "execution_count", json_integer(count));
        if (!silent && flag(req->content, "stop_on_error", true)) K->abort_pending = true;
    }
    if (store) hist_add(&K->hist, count, code, text ? text->data : NULL);
    sift_result_free(&r);
    return reply;
}

/* A well-formed message whose content has no string `code`: nothing is
 * run (the execution count does not advance); the request is answered with
 * status "error" (ename ProtocolError) so the client is not left waiting,
 * and the kernel log says why. Returns the code, or NULL when answered. */
static const char *code_or_error(Kernel *K, KChannel ch, const WireMsg *req, const char *reply_type)
{
    json_t *v = json_object_get(req->content, "code");
    if (json_is_string(v)) return json_string_value(v);
    static const char *const kinds[] = { "an object", "an array", "a string", "an integer",
                                         "a number", "true", "false", "null" };
    char why[160];
    snprintf(why, sizeof why, "%s: content.code must be a string, got %s", req->msg_type,
             v ? kinds[json_typeof(v)] : "nothing (no code key)");
    msg_log("%s", why);
    json_t *r = json_pack("{s:s, s:s, s:o, s:[o]}", "status", "error", "ename", "ProtocolError",
                          "evalue", wire_str(why), "traceback", wire_str(why));
    if (strcmp(reply_type, "execute_reply") == 0)
        json_object_set_new(r, "execution_count", json_integer(K->exec_count));
    msg_reply_take(K, ch, req, reply_type, r);
    return NULL;
}

/* With an empty key (no signing), say so once in the notebook too. */
static void warn_unsigned_once(Kernel *K, const WireMsg *req)
{
    if (K->key.len > 0 || K->warned_unsigned) return;
    K->warned_unsigned = true;
    msg_publish_take(K, req->header, "stream",
                     json_pack("{s:s, s:s}", "name", "stderr", "text", KERNEL_NO_KEY_WARNING "\n"));
}

void bridge_execute(Kernel *K, KChannel ch, const WireMsg *req)
{
    json_t *c = req->content;
    const char *code = code_or_error(K, ch, req, "execute_reply");
    if (!code) return;
    bool silent = flag(c, "silent", false);
    bool store = !silent && flag(c, "store_history", true);
    if (store) K->exec_count++;
    int count = K->exec_count;
    if (!silent)
        msg_publish_take(K, req->header, "execute_input",
                         json_pack("{s:o, s:i}", "code", wire_str(code), "execution_count", count));
    if (!silent) warn_unsigned_once(K, req);
    K->cur = req;
    K->allow_stdin = flag(c, "allow_stdin", false);
    K->interrupted = 0;
    stream_set_parent(K, req->header);
    json_t *reply = run_cell(K, req, code, count, silent, store);
    stream_flush(K);
    K->cur = NULL;
    msg_reply_take(K, ch, req, "execute_reply", reply);
}

/* ---- complete, inspect, is_complete ----------------------------------- */

static size_t cursor_of(const WireMsg *req, const char *code)
{
    json_t *v = json_object_get(req->content, "cursor_pos");
    if (!json_is_integer(v) || json_integer_value(v) < 0) return strlen(code);
    return utf8_cp_to_byte(code, (size_t)json_integer_value(v));
}

void bridge_complete(Kernel *K, KChannel ch, const WireMsg *req)
{
    const char *code = code_or_error(K, ch, req, "complete_reply");
    if (!code) return;
    size_t cur = cursor_of(req, code);
    SiftCompletions sc = sift_complete(K->I, code, cur);
    json_t *matches = json_array();
    for (int i = 0; i < sc.n; i++) json_array_append_new(matches, wire_str(sc.items[i]));
    size_t start = sc.n ? sc.start : cur, end = sc.n ? sc.end : cur;
    json_t *r = json_pack("{s:s, s:o, s:I, s:I, s:{}}", "status", "ok", "matches", matches,
                          "cursor_start", (json_int_t)utf8_byte_to_cp(code, start),
                          "cursor_end", (json_int_t)utf8_byte_to_cp(code, end), "metadata");
    sift_completions_free(&sc);
    msg_reply_take(K, ch, req, "complete_reply", r);
}

void bridge_inspect(Kernel *K, KChannel ch, const WireMsg *req)
{
    const char *code = code_or_error(K, ch, req, "inspect_reply");
    if (!code) return;
    char *text = sift_inspect(K->I, code, cursor_of(req, code));
    json_t *data = json_object();
    if (text) json_object_set_new(data, "text/plain", wire_str(text));
    json_t *r = json_pack("{s:s, s:b, s:o, s:{}}", "status", "ok", "found", text != NULL,
                          "data", data, "metadata");
    free(text);
    msg_reply_take(K, ch, req, "inspect_reply", r);
}

void bridge_is_complete(Kernel *K, KChannel ch, const WireMsg *req)
{
    const char *code = code_or_error(K, ch, req, "is_complete_reply");
    if (!code) return;
    char *indent = NULL;
    SiftCompleteness st = sift_is_complete(K->I, code, &indent);
    static const char *names[] = { "complete", "incomplete", "invalid" };
    json_t *r = json_pack("{s:s}", "status", st <= SIFT_INVALID ? names[st] : "unknown");
    if (st == SIFT_INCOMPLETE) json_object_set_new(r, "indent", wire_str(indent ? indent : ""));
    free(indent);
    msg_reply_take(K, ch, req, "is_complete_reply", r);
}
