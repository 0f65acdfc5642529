/*
 * conn.c — reading the connection file.
 *
 * The kernel binds exactly the five endpoints named here and signs with
 * exactly this key; nothing else about the network is configurable.
 */
#include "kernel/conn.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool get_port(json_t *root, const char *name, int *out, char *err, size_t errlen)
{
    json_t *v = json_object_get(root, name);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 65535) {
        snprintf(err, errlen, "connection file: %s must be a port number", name);
        return false;
    }
    *out = (int)json_integer_value(v);
    return true;
}

static bool get_text(json_t *root, const char *name, const char *dflt, char *buf,
                     size_t len, char *err, size_t errlen)
{
    json_t *v = json_object_get(root, name);
    const char *s = v ? json_string_value(v) : dflt;
    if (!s || strlen(s) >= len) {
        snprintf(err, errlen, "connection file: bad %s", name);
        return false;
    }
    memcpy(buf, s, strlen(s) + 1);
    return true;
}

static bool check_scheme(json_t *root, char *err, size_t errlen)
{
    const char *scheme = json_string_value(json_object_get(root, "signature_scheme"));
    if (scheme && *scheme && strcmp(scheme, "hmac-sha256") != 0) {
        snprintf(err, errlen, "connection file: unsupported signature_scheme '%s' "
                 "(only hmac-sha256)", scheme);
        return false;
    }
    return true;
}

bool conn_load(const char *path, KConn *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root || !json_is_object(root)) {
        snprintf(err, errlen, "cannot read connection file %s: %s", path,
                 root ? "not a JSON object" : je.text);
        json_decref(root);
        return false;
    }
    bool ok = get_text(root, "transport", "tcp", c->transport, sizeof c->transport, err, errlen)
        && get_text(root, "ip", "127.0.0.1", c->ip, sizeof c->ip, err, errlen)
        && get_port(root, "shell_port", &c->shell_port, err, errlen)
        && get_port(root, "iopub_port", &c->iopub_port, err, errlen)
        && get_port(root, "stdin_port", &c->stdin_port, err, errlen)
        && get_port(root, "control_port", &c->control_port, err, errlen)
        && get_port(root, "hb_port", &c->hb_port, err, errlen)
        && check_scheme(root, err, errlen);
    if (ok && strcmp(c->transport, "tcp") != 0 && strcmp(c->transport, "ipc") != 0) {
        snprintf(err, errlen, "connection file: unknown transport '%s'", c->transport);
        ok = false;
    }
    const char *key = json_string_value(json_object_get(root, "key"));
    if (ok) ok = (c->key = strdup(key ? key : "")) != NULL;
    json_decref(root);
    if (!ok) conn_free(c);
    return ok;
}

void conn_free(KConn *c)
{
    free(c->key);
    c->key = NULL;
}

void conn_endpoint(const KConn *c, int port, char *buf, size_t len)
{
    if (strcmp(c->transport, "ipc") == 0)
        snprintf(buf, len, "ipc://%s-%d", c->ip, port);
    else
        snprintf(buf, len, "tcp://%s:%d", c->ip, port);
}
