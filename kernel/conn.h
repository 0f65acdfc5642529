/*
 * conn.h — the connection file written by the kernel manager.
 */
#ifndef KERNEL_CONN_H
#define KERNEL_CONN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct KConn {
    char transport[8];     /* "tcp" or "ipc" */
    char ip[256];
    int shell_port, iopub_port, stdin_port, control_port, hb_port;
    char *key;             /* owned; the literal key string ("" = unsigned) */
} KConn;

/* Load and check the connection file at path. On failure returns false
 * with a one-line message in err and nothing to free. On success the
 * caller releases with conn_free. Unknown fields are ignored; a
 * signature_scheme other than hmac-sha256 (or empty) is an error. */
bool conn_load(const char *path, KConn *c, char *err, size_t errlen);
void conn_free(KConn *c);

/* The endpoint for a port: tcp://IP:PORT or ipc://IP-PORT. */
void conn_endpoint(const KConn *c, int port, char *buf, size_t len);

#endif
