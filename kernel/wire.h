/*
 * wire.h — the Jupyter wire format: frames, HMAC-SHA256 signatures,
 * JSON headers. Knows nothing of sockets: it turns received frames into a
 * WireMsg and a message to send into frames.
 */
#ifndef KERNEL_WIRE_H
#define KERNEL_WIRE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define WIRE_PROTOCOL_VERSION "5.3"
#define WIRE_DELIM "<IDS|MSG>"

/* One frame: bytes and length. Who owns `data` is stated where used. */
typedef struct WireFrame {
    unsigned char *data;
    size_t len;
} WireFrame;

/* A list of frames that owns every data buffer. */
typedef struct WireFrames {
    int n, cap;
    WireFrame *f;
} WireFrames;

/* Append a copy of data[0..len). Returns false when out of memory. */
bool wire_frames_push(WireFrames *fs, const void *data, size_t len);
/* Append data, taking ownership of the malloc'd buffer. */
bool wire_frames_push_take(WireFrames *fs, void *data, size_t len);
void wire_frames_free(WireFrames *fs);

/* The signing key: the literal bytes of the connection file's `key`.
 * An empty key means "do not sign, do not verify". */
typedef struct WireKey {
    unsigned char *bytes;
    size_t len;
} WireKey;

/* A parsed incoming message. Owns everything. */
typedef struct WireMsg {
    WireFrames ids;            /* routing identities, echoed on replies */
    json_t *header, *parent, *metadata, *content;
    const char *msg_type;      /* borrowed from header (always a string) */
    const char *msg_id;        /* borrowed from header (always a string) */
} WireMsg;

/* Parse frames[0..n) (a whole multipart message as received) into *m.
 * Verifies the signature over the raw frames before parsing any JSON, then
 * requires header, parent_header, metadata and content to be JSON objects
 * and the header to hold string msg_type and msg_id. Returns true on
 * success; on failure returns false, leaves *m empty and writes a
 * one-line reason into err. Frames stay the caller's. */
bool wire_parse(const WireFrames *frames, const WireKey *key, WireMsg *m,
                char *err, size_t errlen);
void wire_msg_free(WireMsg *m);

/* Signatures seen recently, to drop replayed messages (jupyter_client
 * keeps the same kind of history). Two generations of WIRE_REPLAY_GEN
 * signatures each: a signature is remembered for at least that many
 * later messages. One per receiving thread; zero-initialise. */
#define WIRE_REPLAY_GEN 1024
typedef struct WireReplay {
    unsigned char (*gen[2])[32];   /* hash tables of 2*GEN slots, lazily allocated */
    int count;                     /* entries in gen[0] */
} WireReplay;

/* True if the 64-hex-char signature sig was already seen; otherwise
 * remember it and return false. Out of memory: never a replay. */
bool wire_replay_seen(WireReplay *r, const unsigned char sig[64]);
void wire_replay_free(WireReplay *r);

/* wire_parse, then drop the message if its signature is in *r (when a
 * key is in use): err then says "replayed signature". */
bool wire_parse_fresh(const WireFrames *frames, const WireKey *key, WireReplay *r,
                      WireMsg *m, char *err, size_t errlen);

/* Lowercase hex HMAC-SHA256 over parts[0..3] into hex[65]. Any key
 * length; with an empty key writes "". */
void wire_sign(const WireKey *key, const unsigned char *const parts[4],
               const size_t lens[4], char hex[65]);

/* A new header object {msg_id, session, username, date, msg_type,
 * version}. New reference. */
json_t *wire_header(const char *msg_type, const char *session);

/* Serialize and sign a message into *out (which must be empty):
 * prefix frames (routing ids for a reply, or one topic frame for iopub;
 * may be NULL), the delimiter, the signature and the four JSON frames.
 * header/parent/metadata/content are borrowed; NULL parent or metadata
 * are sent as {}. Returns false when out of memory. */
bool wire_build(const WireKey *key, const WireFrames *prefix, json_t *header,
                json_t *parent, json_t *metadata, json_t *content,
                WireFrames *out);

/* A fresh random UUID4 into buf[37]. Thread-safe. */
void wire_uuid4(char buf[37]);
/* The current UTC time as 2026-01-02T03:04:05.000123Z into buf[32]. */
void wire_now_iso(char buf[32]);

/* json_stringn on sanitised UTF-8: never NULL unless out of memory. */
json_t *wire_string(const char *s, size_t n);
/* Same for a NUL-terminated string; NULL s gives JSON null. */
json_t *wire_str(const char *s);

#endif
