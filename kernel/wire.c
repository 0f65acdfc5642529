/*
 * wire.c — frames ⇄ messages, with HMAC-SHA256 signing.
 *
 * A message on the wire is [ids…] "<IDS|MSG>" hexsig header parent
 * metadata content [buffers…]. The signature covers the exact bytes of the
 * four JSON frames, so it is checked on the raw frames before any JSON is
 * parsed, and outgoing JSON is serialised once and the same buffer is both
 * signed and sent. Invariant: a WireMsg that wire_parse returned true for
 * has four JSON objects and a header with string msg_type and msg_id; a
 * message that is anything less is a bad message (PROTOCOL.md B.5),
 * dropped by the caller with a log line.
 */
#include "kernel/wire.h"
#include "kernel/utf8.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool wire_frames_push_take(WireFrames *fs, void *data, size_t len)
{
    if (fs->n == fs->cap) {
        int cap = fs->cap ? fs->cap * 2 : 8;
        WireFrame *f = realloc(fs->f, (size_t)cap * sizeof *f);
        if (!f) return false;
        fs->f = f;
        fs->cap = cap;
    }
    fs->f[fs->n].data = data;
    fs->f[fs->n].len = len;
    fs->n++;
    return true;
}

bool wire_frames_push(WireFrames *fs, const void *data, size_t len)
{
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy) return false;
    if (len) memcpy(copy, data, len);
    if (!wire_frames_push_take(fs, copy, len)) {
        free(copy);
        return false;
    }
    return true;
}

void wire_frames_free(WireFrames *fs)
{
    for (int i = 0; i < fs->n; i++) free(fs->f[i].data);
    free(fs->f);
    memset(fs, 0, sizeof *fs);
}

void wire_sign(const WireKey *key, const unsigned char *const parts[4],
               const size_t lens[4], char hex[65])
{
    hex[0] = '\0';
    if (!key || key->len == 0) return;
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&st, key->bytes, key->len);
    for (int i = 0; i < 4; i++)
        crypto_auth_hmacsha256_update(&st, parts[i], lens[i]);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(hex, 65, mac, sizeof mac);
}

static int find_delim(const WireFrames *fs)
{
    size_t dl = strlen(WIRE_DELIM);
    for (int i = 0; i < fs->n; i++)
        if (fs->f[i].len == dl && memcmp(fs->f[i].data, WIRE_DELIM, dl) == 0)
            return i;
    return -1;
}

static bool verify(const WireFrames *fs, int d, const WireKey *key)
{
    if (!key || key->len == 0) return true;
    const WireFrame *sig = &fs->f[d + 1];
    if (sig->len != 64) return false;
    const unsigned char *parts[4];
    size_t lens[4];
    for (int i = 0; i < 4; i++) {
        parts[i] = fs->f[d + 2 + i].data;
        lens[i] = fs->f[d + 2 + i].len;
    }
    char hex[65];
    wire_sign(key, parts, lens, hex);
    return sodium_memcmp(hex, sig->data, 64) == 0;
}

static json_t *load_object(const WireFrame *f)
{
    json_error_t e;
    json_t *j = json_loadb((const char *)f->data, f->len, JSON_ALLOW_NUL, &e);
    if (j && !json_is_object(j)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

static const char *header_str(json_t *h, const char *k)
{
    const char *s = json_string_value(json_object_get(h, k));
    return s ? s : "";
}

bool wire_parse(const WireFrames *fs, const WireKey *key, WireMsg *m,
                char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    int d = find_delim(fs);
    if (d < 0 || fs->n - d - 1 < 5) {
        snprintf(err, errlen, "malformed message: %s", d < 0 ? "no <IDS|MSG> delimiter"
                 : "fewer than 5 frames after the delimiter");
        return false;
    }
    if (!verify(fs, d, key)) {
        snprintf(err, errlen, "invalid signature");
        return false;
    }
    static const char *const what[4] = { "header", "parent_header", "metadata", "content" };
    json_t *obj[4];
    for (int i = 0; i < 4; i++) {
        obj[i] = load_object(&fs->f[d + 2 + i]);
        if (!obj[i]) {
            for (int j = 0; j < i; j++) json_decref(obj[j]);
            snprintf(err, errlen, "%s (frame %d) is not a JSON object", what[i], d + 2 + i);
            return false;
        }
    }
    const char *bad = !json_is_string(json_object_get(obj[0], "msg_type")) ? "msg_type"
                    : !json_is_string(json_object_get(obj[0], "msg_id")) ? "msg_id" : NULL;
    if (bad) {
        for (int j = 0; j < 4; j++) json_decref(obj[j]);
        snprintf(err, errlen, "the header has no %s string", bad);
        return false;
    }
    m->header = obj[0];
    m->parent = obj[1];
    m->metadata = obj[2];
    m->content = obj[3];
    for (int i = 0; i < d; i++)
        if (!wire_frames_push(&m->ids, fs->f[i].data, fs->f[i].len)) {
            wire_msg_free(m);
            snprintf(err, errlen, "out of memory");
            return false;
        }
    m->msg_type = header_str(m->header, "msg_type");
    m->msg_id = header_str(m->header, "msg_id");
    return true;
}

#define REPLAY_SLOTS (2 * WIRE_REPLAY_GEN)

/* Open addressing on the digest's own bytes; an all-zero slot is empty
 * (a zero digest is astronomically unlikely and would only be forgotten). */
static bool table_find(unsigned char (*t)[32], const unsigned char d[32], bool insert)
{
    static const unsigned char zero[32];
    size_t h;
    memcpy(&h, d, sizeof h);
    for (size_t i = 0; i < REPLAY_SLOTS; i++) {
        unsigned char *slot = t[(h + i) % REPLAY_SLOTS];
        if (memcmp(slot, d, 32) == 0) return true;
        if (memcmp(slot, zero, 32) == 0) {
            if (insert) memcpy(slot, d, 32);
            return false;
        }
    }
    return false;
}

bool wire_replay_seen(WireReplay *r, const unsigned char sig[64])
{
    unsigned char d[32];
    size_t bin_len;
    if (sodium_hex2bin(d, sizeof d, (const char *)sig, 64, NULL, &bin_len, NULL) != 0 || bin_len != 32)
        return false;
    for (int g = 0; g < 2; g++)
        if (r->gen[g] && table_find(r->gen[g], d, false)) return true;
    if (r->count == WIRE_REPLAY_GEN) {           /* current generation full: age it */
        free(r->gen[1]);
        r->gen[1] = r->gen[0];
        r->gen[0] = NULL;
        r->count = 0;
    }
    if (!r->gen[0] && !(r->gen[0] = calloc(REPLAY_SLOTS, 32))) return false;
    table_find(r->gen[0], d, true);
    r->count++;
    return false;
}

void wire_replay_free(WireReplay *r)
{
    free(r->gen[0]);
    free(r->gen[1]);
    memset(r, 0, sizeof *r);
}

bool wire_parse_fresh(const WireFrames *fs, const WireKey *key, WireReplay *r,
                      WireMsg *m, char *err, size_t errlen)
{
    if (!wire_parse(fs, key, m, err, errlen)) return false;
    if (!key || key->len == 0 || !r) return true;
    int d = find_delim(fs);
    if (wire_replay_seen(r, fs->f[d + 1].data)) {
        wire_msg_free(m);
        snprintf(err, errlen, "replayed signature");
        return false;
    }
    return true;
}

void wire_msg_free(WireMsg *m)
{
    wire_frames_free(&m->ids);
    json_decref(m->header);
    json_decref(m->parent);
    json_decref(m->metadata);
    json_decref(m->content);
    memset(m, 0, sizeof *m);
}

void wire_uuid4(char buf[37])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (b[6] & 0x0F) | 0x40;
    b[8] = (b[8] & 0x3F) | 0x80;
    static const char hx[] = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) buf[o++] = '-';
        buf[o++] = hx[b[i] >> 4];
        buf[o++] = hx[b[i] & 15];
    }
    buf[o] = '\0';
}

void wire_now_iso(char buf[32])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, 32 - n, ".%06ldZ", (long)(ts.tv_nsec / 1000));
}

json_t *wire_header(const char *msg_type, const char *session)
{
    char id[37], date[32];
    wire_uuid4(id);
    wire_now_iso(date);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "msg_id", id,
                     "session", session, "username", "kernel", "date", date,
                     "msg_type", msg_type, "version", WIRE_PROTOCOL_VERSION);
}

json_t *wire_string(const char *s, size_t n)
{
    size_t len;
    char *clean = utf8_sanitize(s, n, &len);
    if (!clean) return NULL;
    json_t *j = json_stringn_nocheck(clean, len);
    free(clean);
    return j;
}

json_t *wire_str(const char *s)
{
    return s ? wire_string(s, strlen(s)) : json_null();
}

bool wire_build(const WireKey *key, const WireFrames *prefix, json_t *header,
                json_t *parent, json_t *metadata, json_t *content,
                WireFrames *out)
{
    json_t *empty = json_object();
    json_t *objs[4] = { header, parent ? parent : empty,
                        metadata ? metadata : empty, content ? content : empty };
    char *text[4] = { 0 };
    bool ok = true;
    for (int i = 0; i < 4 && ok; i++)
        ok = (text[i] = json_dumps(objs[i], JSON_COMPACT)) != NULL;
    json_decref(empty);
    if (ok && prefix)
        for (int i = 0; i < prefix->n && ok; i++)
            ok = wire_frames_push(out, prefix->f[i].data, prefix->f[i].len);
    if (ok) ok = wire_frames_push(out, WIRE_DELIM, strlen(WIRE_DELIM));
    if (ok) {
        const unsigned char *parts[4];
        size_t lens[4];
        for (int i = 0; i < 4; i++) {
            parts[i] = (const unsigned char *)text[i];
            lens[i] = strlen(text[i]);
        }
        char hex[65];
        wire_sign(key, parts, lens, hex);
        ok = wire_frames_push(out, hex, strlen(hex));
        for (int i = 0; i < 4 && ok; i++) {
            ok = wire_frames_push_take(out, text[i], lens[i]);
            if (ok) text[i] = NULL;
        }
    }
    for (int i = 0; i < 4; i++) free(text[i]);
    return ok;
}
