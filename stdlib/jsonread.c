/*
 * jsonread.c — JSON records into a frame (read_json's engine).
 *
 * The input is an array of objects or JSON Lines. Jansson decodes one
 * record at a time (JSON_DISABLE_EOF_CHECK stops it after the closing
 * brace and tells how many bytes it used), so the whole document never
 * exists as a tree: each record's fields go straight into per-column
 * vector builders and the record is freed.
 *
 * Invariants of the builders: a column's vector is NULL while it has seen
 * only nulls; otherwise its length is at most the number of records read
 * so far and missing rows are filled with NA when the next value arrives
 * (and at the end). A column's kind is the kind of its first non-null
 * value; the first value of another kind turns the column into str (the
 * values so far become their JSON text) and records a note. Arrays and
 * objects are kept as compact JSON text in a str column. Columns are
 * found by name through a small hash, after trying the column at the
 * same position (records usually list their keys in the same order).
 */
#include <math.h>
#include <string.h>

#include "lang/format.h"
#include "lang/mem.h"
#include "stdlib/csv.h"
#include "stdlib/json.h"

/* Records between two interrupt checks and progress updates. */
#define JR_CHECK_EVERY 4096
/* Records read before the number of rows is estimated. */
#define JR_ESTIMATE_AFTER 1000
/* Notes on stderr about str columns before "(and N more)". */
#define JR_MAX_NOTES 5
/* Bytes of an offending value quoted in a note. */
#define JR_QUOTE 40

typedef struct JCol {
    Str *name;
    Vec *v;                  /* NULL: only nulls so far */
    bool nested;             /* holds arrays or objects as JSON text */
    int64_t stamp;           /* fast path: 1 + the last row that set it */
    size_t mixed_at;         /* offset of the record that mixed kinds; 0: none */
    const char *mixed_was;   /* the kind before ("num", "bool", "str") */
    char mixed_text[JR_QUOTE + 4];
} JCol;

typedef struct JReader {
    Interp *I;
    const char *path, *buf;
    size_t len, pos;
    JCol *cols;
    int ncol, cap;
    int32_t *slots;          /* open addressing: column index + 1, 0 empty */
    uint32_t mask;
    int64_t nrow;
    int64_t expect;          /* rows a new column reserves room for */
    Progress *prog;
} JReader;

/* ---- positions and errors -------------------------------------------------------- */

/* 1-based line of byte off, and the number of characters before it on that line. */
static void jr_where(const JReader *r, size_t off, long long *line, long long *col)
{
    const char *p = r->buf, *end = r->buf + (off < r->len ? off : r->len), *q;
    *line = 1;
    while ((q = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        ++*line;
        p = q + 1;
    }
    *col = 0;
    for (; p < end; p++)
        *col += ((unsigned char)*p & 0xC0) != 0x80;
}

static Status jr_error(JReader *r, size_t off, const char *what)
{
    long long line, col;
    jr_where(r, off, &line, &col);
    return err_raise(r->I, ERR_VALUE, "read_json: '%s' line %lld, column %lld: %s", r->path, line, col ? col : 1, what);
}

static void jr_skip_space(JReader *r)
{
    while (r->pos < r->len) {
        char c = r->buf[r->pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            break;
        r->pos++;
    }
}

static const char *json_kind_name(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_NULL: return "null";
    default: return "a bool";
    }
}

/* ---- columns ----------------------------------------------------------------------- */

static uint32_t jr_slot(const JReader *r, const char *key, size_t n)
{
    uint32_t i = str_hash(key, n) & r->mask;
    while (r->slots[i]) {
        const Str *s = r->cols[r->slots[i] - 1].name;
        if (s->len == n && memcmp(s->s, key, n) == 0)
            break;
        i = (i + 1) & r->mask;
    }
    return i;
}

static void jr_rehash(JReader *r)
{
    mem_free(r->slots);
    r->mask = r->mask ? r->mask * 2 + 1 : 15;
    r->slots = mem_calloc(sizeof(int32_t) * (r->mask + 1));
    for (int c = 0; c < r->ncol; c++)
        r->slots[jr_slot(r, r->cols[c].name->s, r->cols[c].name->len)] = c + 1;
}

/* Index of the column named key, added at the end when new. */
static int jr_column(JReader *r, const char *key, size_t n)
{
    if ((uint32_t)(r->ncol + 1) * 2 > r->mask)
        jr_rehash(r);
    uint32_t i = jr_slot(r, key, n);
    if (r->slots[i])
        return r->slots[i] - 1;
    if (r->ncol == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->cols = mem_realloc(r->cols, sizeof(JCol) * (size_t)r->cap);
    }
    JCol *c = &r->cols[r->ncol];
    memset(c, 0, sizeof *c);
    c->name = str_new(key, n);
    r->slots[i] = ++r->ncol;
    return r->ncol - 1;
}

/* NA up to (not including) row n. */
static bool jr_pad(Vec *v, int64_t n)
{
    if (!vec_reserve(v, n + 1))
        return false;
    while (v->len < n)
        if (!vec_push_na(v))
            return false;
    return true;
}

/* One field's value, from the fast scanner or from Jansson. */
typedef enum JType { J_NULL, J_NUM, J_BOOL, J_STR, J_NESTED } JType;
typedef struct JVal {
    JType t;
    bool b;
    double n;
    const char *s;           /* J_STR: the text (not NUL-terminated) */
    size_t len;
    json_t *j;               /* J_NESTED: the array or object (borrowed) */
} JVal;

static JVal jval_of(json_t *j)
{
    JVal v = {.t = J_NULL, .j = j};
    switch (json_typeof(j)) {
    case JSON_INTEGER:
    case JSON_REAL: v.t = J_NUM; v.n = json_number_value(j); break;
    case JSON_TRUE:
    case JSON_FALSE: v.t = J_BOOL; v.b = json_is_true(j); break;
    case JSON_STRING: v.t = J_STR; v.s = json_string_value(j); v.len = json_string_length(j); break;
    case JSON_NULL: break;
    default: v.t = J_NESTED;
    }
    return v;
}

/* The text a str column keeps for v. */
static Status jr_text(JReader *r, const JVal *v, SBuf *b)
{
    char num[40];
    switch (v->t) {
    case J_BOOL: sb_puts(b, v->b ? "true" : "false"); return ST_OK;
    case J_STR: sb_putn(b, v->s, v->len); return ST_OK;
    case J_NUM: sb_putn(b, num, fmt_num_shortest(v->n, num, sizeof num)); return ST_OK;
    default: break;
    }
    Value x;
    if (json_to_value(r->I, v->j, &x) != ST_OK)
        return ST_ERR;
    Status st = jsonenc_value(r->I, b, x);
    val_unref(x);
    return st;
}

/* Turn c into a str column because a value of another kind arrived in the
 * record at offset at; remember the first such value for the note. */
static Status jr_mix(JReader *r, JCol *c, const JVal *v, size_t at)
{
    if (!c->mixed_at) {
        static const char *const kinds[] = {"num", "bool", "str"};
        SBuf b = {0};
        if (jr_text(r, v, &b) != ST_OK) {
            mem_free(b.s);
            return ST_ERR;
        }
        size_t n = b.len > JR_QUOTE ? JR_QUOTE : b.len;
        while (n < b.len && n > 0 && ((unsigned char)b.s[n] & 0xC0) == 0x80)
            n--;                 /* do not cut a character in two */
        snprintf(c->mixed_text, sizeof c->mixed_text, "%.*s%s", (int)n, b.s, n < b.len ? "..." : "");
        mem_free(b.s);
        c->mixed_at = at + 1;
        c->mixed_was = c->nested ? "arrays and objects" : kinds[c->v->kind];
    }
    if (c->v->kind != VEC_STR) {
        Vec *s = vec_cast(c->v, VEC_STR);
        if (!s)
            return err_oom(r->I);
        obj_unref(c->v);
        c->v = s;
    }
    return ST_OK;
}

/* Append v as row r->nrow of column c (the record started at byte at). */
static Status jr_push(JReader *r, JCol *c, const JVal *v, size_t at)
{
    if (v->t == J_NULL)
        return ST_OK;
    VecKind kind = v->t == J_NUM ? VEC_NUM : v->t == J_BOOL ? VEC_BOOL : VEC_STR;
    bool nested = v->t == J_NESTED;
    if (!c->v) {
        c->v = vec_new(kind, r->expect > r->nrow ? r->expect : r->nrow + 16);
        c->nested = nested;
    } else if (c->v->kind != kind || c->nested != nested) {
        if (jr_mix(r, c, v, at) != ST_OK)
            return ST_ERR;
        c->nested |= nested;
    }
    if (!c->v || (c->v->len < r->nrow && !jr_pad(c->v, r->nrow)))
        return err_oom(r->I);
    bool ok;
    if (c->v->kind == VEC_NUM)
        ok = vec_push_num(c->v, v->n);
    else if (c->v->kind == VEC_BOOL)
        ok = vec_push_bool(c->v, v->b);
    else if (v->t == J_STR)
        ok = vec_push_str(c->v, v->s, v->len);
    else {
        SBuf b = {0};
        if (jr_text(r, v, &b) != ST_OK) {
            mem_free(b.s);
            return ST_ERR;
        }
        ok = vec_push_str(c->v, b.s ? b.s : "", b.len);
        mem_free(b.s);
    }
    return ok ? ST_OK : err_oom(r->I);
}

/* The column of the k-th key of a record: the k-th column when the names
 * agree (the usual case), else a hash look-up (adding it when new). */
static int jr_key(JReader *r, int k, const char *key, size_t n)
{
    if (k < r->ncol && r->cols[k].name->len == n && memcmp(r->cols[k].name->s, key, n) == 0)
        return k;
    return jr_column(r, key, n);
}

/* One record decoded by Jansson: the object j, which started at byte at. */
static Status jr_record(JReader *r, json_t *j, size_t at)
{
    int k = 0;
    for (void *it = json_object_iter(j); it; it = json_object_iter_next(j, it), k++) {
        int c = jr_key(r, k, json_object_iter_key(it), json_object_iter_key_len(it));
        JVal v = jval_of(json_object_iter_value(it));
        if (jr_push(r, &r->cols[c], &v, at) != ST_OK)
            return ST_ERR;
    }
    r->nrow++;
    return ST_OK;
}

/* ---- the fast path ------------------------------------------------------------------ */

/*
 * Most records are flat: keys and strings without escapes, values that
 * are numbers, strings, true, false or null. fast_scan reads such a
 * record without Jansson, accepting only text that is valid JSON and
 * means the same to Jansson (strict number grammar, UTF-8 checked, no
 * control characters, no duplicate keys). Anything else — escapes,
 * nesting, a syntax error — returns NULL before a column is touched, and
 * the record goes to Jansson, whose messages report any error.
 */
#define FAST_MAX_FIELDS 64

typedef struct FastField {
    int col;
    JVal v;
} FastField;

static inline bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

static const char *fast_ws(const char *p, const char *end)
{
    while (p < end && is_ws(*p))
        p++;
    return p;
}

/* The string at p (after its opening quote): its text in *s and *n, and the
 * end after the closing quote, or NULL for escapes, control characters,
 * bad UTF-8 or no closing quote. */
static const char *fast_str(const char *p, const char *end, const char **s, size_t *n)
{
    const char *q = p;
    bool high = false;
    for (; q < end && *q != '"'; q++) {
        unsigned char c = (unsigned char)*q;
        if (c < 0x20 || c == '\\')
            return NULL;
        high |= c >= 0x80;
    }
    size_t bad;
    if (q == end || (high && !csv_utf8_valid(p, (size_t)(q - p), &bad)))
        return NULL;
    *s = p;
    *n = (size_t)(q - p);
    return q + 1;
}

static inline bool is_dig(char c) { return (unsigned char)(c - '0') < 10; }

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* A number in JSON's grammar at p: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 * Without an exponent and with at most 19 digits whose value is at most
 * 2^53, one division by an exact power of ten is correctly rounded
 * (Clinger's fast path); anything else is converted by csv_parse_number. */
static const char *fast_num(const char *p, const char *end, double *out)
{
    const char *s = p;
    uint64_t w = 0;
    int nd = 0, nfrac = 0;
    if (p < end && *p == '-')
        p++;
    if (p < end && *p == '0')
        p++;
    else if (p < end && is_dig(*p))
        for (; p < end && is_dig(*p); p++, nd++)
            w = w * 10 + (uint64_t)(*p - '0');
    else
        return NULL;
    if (p < end && *p == '.') {
        const char *d = ++p;
        for (; p < end && is_dig(*p); p++, nd++)
            w = w * 10 + (uint64_t)(*p - '0');
        if ((nfrac = (int)(p - d)) == 0)
            return NULL;
    }
    bool fast = nd <= 19 && nfrac <= 22 && w <= (1ull << 53);
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        const char *d = p;
        while (p < end && is_dig(*p))
            p++;
        if (p == d)
            return NULL;
        fast = false;
    }
    if (!fast)                   /* an overflow to ±Inf is Jansson's error to report */
        return csv_parse_number(s, (size_t)(p - s), out) && isfinite(*out) ? p : NULL;
    double x = (double)w / pow10_exact[nfrac];
    *out = *s == '-' ? -x : x;
    return p;
}

static const char *fast_value(const char *p, const char *end, JVal *v)
{
    v->t = J_NULL;
    if (p >= end)
        return NULL;
    switch (*p) {
    case '"': v->t = J_STR; return fast_str(p + 1, end, &v->s, &v->len);
    case 't': v->t = J_BOOL; v->b = true; return end - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
    case 'f': v->t = J_BOOL; v->b = false; return end - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
    case 'n': return end - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
    default: v->t = J_NUM; return fast_num(p, end, &v->n);
    }
}

/* The fields of the flat object at p into f (at most FAST_MAX_FIELDS);
 * the end of the object, or NULL. */
static const char *fast_scan(JReader *r, const char *p, FastField *f, int *nf)
{
    const char *end = r->buf + r->len;
    int n = 0;
    p = fast_ws(p + 1, end);
    if (p < end && *p == '}') {
        *nf = 0;
        return p + 1;
    }
    for (;;) {
        const char *key;
        size_t klen;
        if (n == FAST_MAX_FIELDS || p >= end || *p != '"' || !(p = fast_str(p + 1, end, &key, &klen)))
            return NULL;
        p = fast_ws(p, end);
        if (p >= end || *p != ':')
            return NULL;
        if (!(p = fast_value(fast_ws(p + 1, end), end, &f[n].v)))
            return NULL;
        f[n].col = jr_key(r, n, key, klen);
        if (r->cols[f[n].col].stamp == r->nrow + 1)
            return NULL;         /* a duplicate key: Jansson's rule decides */
        r->cols[f[n++].col].stamp = r->nrow + 1;
        p = fast_ws(p, end);
        if (p < end && *p == '}') {
            *nf = n;
            return p + 1;
        }
        if (p >= end || *p != ',')
            return NULL;
        p = fast_ws(p + 1, end);
    }
}

/* The record at r->pos through the fast path; false (nothing changed but
 * maybe new, empty columns) when it is not a flat record. */
static bool fast_record(JReader *r, Status *st)
{
    FastField f[FAST_MAX_FIELDS];
    int nf;
    size_t at = r->pos;
    const char *e = at < r->len && r->buf[at] == '{' ? fast_scan(r, r->buf + at, f, &nf) : NULL;
    if (!e)
        return false;
    *st = ST_OK;
    for (int i = 0; i < nf && *st == ST_OK; i++)
        *st = jr_push(r, &r->cols[f[i].col], &f[i].v, at);
    r->nrow++;
    r->pos = (size_t)(e - r->buf);
    return true;
}

/* ---- the document ------------------------------------------------------------------ */

/* Decode the value at r->pos into *j and step over it. */
static Status jr_decode(JReader *r, json_t **j)
{
    json_error_t e;
    *j = json_loadb(r->buf + r->pos, r->len - r->pos, JSON_DISABLE_EOF_CHECK | JSONR_FLAGS, &e);
    if (!*j)
        return json_error_code(&e) == json_error_out_of_memory ? err_oom(r->I) : jr_error(r, r->pos + e.position, e.text);
    r->pos += e.position;
    return ST_OK;
}

/* Room for the rows the file will hold at the bytes per record seen so
 * far (plus 5%), so that columns do not grow by doubling and copying.
 * Only a hint: a wrong guess costs memory or copies, never results. */
static void jr_estimate(JReader *r)
{
    double per = (double)r->pos / (double)r->nrow;
    r->expect = (int64_t)((double)r->len / per * 1.05) + 16;
    for (int i = 0; i < r->ncol; i++)
        if (r->cols[i].v)
            (void)vec_reserve(r->cols[i].v, r->expect);   /* failure: it grows later, or reports then */
}

/* The record at r->pos (the n-th, 1-based, for messages). */
static Status jr_next(JReader *r, int64_t n)
{
    Status st;
    if (!fast_record(r, &st)) {
        size_t at = r->pos;
        json_t *j;
        if (jr_decode(r, &j) != ST_OK)
            return ST_ERR;
        if (json_is_object(j)) {
            st = jr_record(r, j, at);
        } else {
            char what[160];
            snprintf(what, sizeof what, "record %lld is %s, not an object (read_json reads an array of objects, or "
                     "JSON Lines: one object per line)", (long long)n, json_kind_name(j));
            st = jr_error(r, at + 1, what);
        }
        json_decref(j);
    }
    if (st == ST_OK && n == JR_ESTIMATE_AFTER)
        jr_estimate(r);
    if (st == ST_OK && n % JR_CHECK_EVERY == 0) {
        if (r->prog)
            progress_update(r->I, r->prog, (double)r->pos / (double)r->len);
        if (interp_interrupted(r->I))
            st = err_interrupted(r->I);
    }
    return st;
}

static Status jr_lines(JReader *r)
{
    for (int64_t n = 1;; n++) {
        jr_skip_space(r);
        if (r->pos >= r->len)
            return ST_OK;
        if (jr_next(r, n) != ST_OK)
            return ST_ERR;
    }
}

static Status jr_array(JReader *r)
{
    if (r->pos >= r->len || r->buf[r->pos] != '[')
        return jr_error(r, r->pos + 1, r->pos < r->len ? "expected '[' (an array of objects); for JSON Lines, lines=true"
                                                       : "the file is empty, expected an array of objects");
    r->pos++;
    jr_skip_space(r);
    if (r->pos < r->len && r->buf[r->pos] == ']') {
        r->pos++;
    } else {
        for (int64_t n = 1;; n++) {
            jr_skip_space(r);
            if (jr_next(r, n) != ST_OK)
                return ST_ERR;
            jr_skip_space(r);
            char c = r->pos < r->len ? r->buf[r->pos] : 0;
            r->pos++;
            if (c == ']')
                break;
            if (c != ',')
                return jr_error(r, r->pos, c ? "expected ',' or ']' after a record" : "the array is not closed with ']'");
        }
    }
    jr_skip_space(r);
    return r->pos < r->len ? jr_error(r, r->pos + 1, "extra text after the array") : ST_OK;
}

/* Say once per column which columns became str and why. */
static void jr_notes(JReader *r)
{
    int shown = 0, more = 0;
    for (int i = 0; i < r->ncol; i++) {
        const JCol *c = &r->cols[i];
        if (!c->mixed_at && !c->nested)
            continue;
        if (shown == JR_MAX_NOTES) {
            more++;
            continue;
        }
        shown++;
        if (c->mixed_at) {
            long long line, col;
            jr_where(r, c->mixed_at - 1, &line, &col);
            interp_printf(r->I, SIFT_STDERR, "read_json: column '%s' read as str: line %lld has %s (not %s)\n",
                          c->name->s, line, c->mixed_text, c->mixed_was);
        } else {
            interp_printf(r->I, SIFT_STDERR,
                          "read_json: column '%s' holds arrays or objects, kept as JSON text (parse_json reads "
                          "them)\n", c->name->s);
        }
    }
    if (more)
        interp_printf(r->I, SIFT_STDERR, "read_json: ... and %d more columns read as str\n", more);
}

/* The columns as a frame (consumes the builders' vectors). */
static Status jr_finish(JReader *r, Frame **out)
{
    Frame *f = frame_new(r->ncol);
    for (int i = 0; i < r->ncol; i++) {
        JCol *c = &r->cols[i];
        Vec *v = c->v ? c->v : vec_fill(val_na(), r->nrow);
        c->v = NULL;
        if (!v || !jr_pad(v, r->nrow)) {
            if (v)
                obj_unref(v);
            obj_unref(f);
            return err_oom(r->I);
        }
        frame_set_take(f, c->name->s, v);
    }
    f->nrow = r->nrow;
    *out = f;
    return ST_OK;
}

Status jsonread_frame(Interp *I, const char *path, const char *buf, size_t len, int lines, Progress *prog,
                      Frame **out)
{
    JReader r = {.I = I, .path = path, .buf = buf, .len = len, .prog = prog};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r.pos = 3;               /* byte-order mark */
    jr_skip_space(&r);
    if (lines < 0)
        lines = r.pos >= len || buf[r.pos] != '[';
    Status st = lines ? jr_lines(&r) : jr_array(&r);
    if (st == ST_OK) {
        jr_notes(&r);
        st = jr_finish(&r, out);
    }
    for (int i = 0; i < r.ncol; i++) {
        obj_unref(r.cols[i].name);
        if (r.cols[i].v)
            obj_unref(r.cols[i].v);
    }
    mem_free(r.cols);
    mem_free(r.slots);
    return st;
}

/* ---- values ------------------------------------------------------------------------ */

static Status object_to_record(Interp *I, json_t *j, Value *out)
{
    Record *rec = record_new((int)json_object_size(j));
    for (void *it = json_object_iter(j); it; it = json_object_iter_next(j, it)) {
        Value v;
        if (json_to_value(I, json_object_iter_value(it), &v) != ST_OK) {
            obj_unref(rec);
            return ST_ERR;
        }
        rec->keys[rec->len] = str_new(json_object_iter_key(it), json_object_iter_key_len(it));
        rec->vals[rec->len++] = v;   /* keys are unique: Jansson keeps the last of duplicates */
    }
    *out = val_obj_take(rec);
    return ST_OK;
}

Status json_to_value(Interp *I, json_t *j, Value *out)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return object_to_record(I, j, out);
    case JSON_ARRAY: {
        size_t n = json_array_size(j);
        List *l = list_new((int64_t)n);
        for (size_t i = 0; i < n; i++) {
            Value v;
            if (json_to_value(I, json_array_get(j, i), &v) != ST_OK) {
                obj_unref(l);
                return ST_ERR;
            }
            list_push_take(l, v);
        }
        *out = val_obj_take(l);
        return ST_OK;
    }
    case JSON_STRING: *out = val_strn(json_string_value(j), json_string_length(j)); return ST_OK;
    case JSON_INTEGER:
    case JSON_REAL: *out = val_num(json_number_value(j)); return ST_OK;
    case JSON_TRUE: *out = val_bool(true); return ST_OK;
    case JSON_FALSE: *out = val_bool(false); return ST_OK;
    default: *out = val_null(); return ST_OK;
    }
}
