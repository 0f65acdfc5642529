/*
 * json.c — JSON files and text: read_json, write_json, parse_json,
 * to_json, and the encoder they share.
 *
 * Reading is jsonread.c's (records into a frame) or Jansson's (one value);
 * writing is done here straight from sift values: numbers as the shortest
 * text that reads back to the same double, NA/null/NaN/±Inf as null (JSON
 * has no NaN), strings escaped by Jansson. A str column is escaped once
 * per dictionary entry, not once per row. write_json(read_json(f)) keeps
 * every value, column order and NA, so the round trip is exact for flat
 * records (nested values come back as their JSON text).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "lang/builtin.h"
#include "lang/format.h"
#include "lang/mem.h"
#include "stdlib/json.h"
#include "stdlib/modules.h"

/* Rows written between two flushes (and interrupt checks) of write_json. */
#define JW_FLUSH_BYTES (1u << 20)

/* ---- encoding ---------------------------------------------------------------------- */

static void enc_num(SBuf *b, double x)
{
    char buf[40];
    if (isnan(x) || isinf(x))
        sb_putn(b, "null", 4);
    else
        sb_putn(b, buf, fmt_num_shortest(x, buf, sizeof buf));
}

/* s[0..n) as a quoted, escaped JSON string (Jansson's escaping). Fails
 * only when s is not UTF-8. */
static bool enc_str(SBuf *b, const char *s, size_t n)
{
    json_t *j = json_stringn_nocheck(s, n);
    if (!j)
        return false;
    char small[256];
    size_t need = json_dumpb(j, small, sizeof small, JSON_ENCODE_ANY);
    if (need > sizeof small) {
        char *big = mem_alloc(need);
        need = json_dumpb(j, big, need, JSON_ENCODE_ANY);
        sb_putn(b, big, need);
        mem_free(big);
    } else {
        sb_putn(b, small, need);
    }
    json_decref(j);
    return need > 0;
}

static Status enc_text(Interp *I, SBuf *b, const Str *s)
{
    if (enc_str(b, s->s, s->len))
        return ST_OK;
    return err_raise(I, ERR_VALUE, "%s: text is not valid UTF-8: \"%.40s\"", builtin_current(I), s->s);
}

/* One frame (or vector) being written: per str column the escaped text
 * of each dictionary entry, made the first time a row needs it. */
typedef struct FrameEnc {
    const Frame *f;
    char **names;            /* escaped column names with the ':' */
    char ***esc;             /* [col][code] escaped text, NULL until used */
} FrameEnc;

static char *escaped(const char *s, size_t n, bool colon)
{
    SBuf b = {0};
    if (!enc_str(&b, s, n)) {
        mem_free(b.s);
        return NULL;
    }
    if (colon)
        sb_putn(&b, ":", 1);
    return sb_take(&b);
}

static void fenc_free(FrameEnc *e)
{
    for (int c = 0; c < e->f->ncol; c++) {
        mem_free(e->names[c]);
        const Vec *v = e->f->cols[c];
        for (int32_t k = 0; e->esc[c] && k < v->dict->n; k++)
            mem_free(e->esc[c][k]);
        mem_free(e->esc[c]);
    }
    mem_free(e->names);
    mem_free(e->esc);
}

static Status fenc_init(Interp *I, FrameEnc *e, const Frame *f)
{
    e->f = f;
    e->names = mem_calloc(sizeof(char *) * (size_t)(f->ncol + 1));
    e->esc = mem_calloc(sizeof(char **) * (size_t)(f->ncol + 1));
    for (int c = 0; c < f->ncol; c++) {
        if (f->cols[c]->kind == VEC_STR)
            e->esc[c] = mem_calloc(sizeof(char *) * (size_t)(f->cols[c]->dict->n + 1));
        if (!(e->names[c] = escaped(f->names[c]->s, f->names[c]->len, true))) {
            fenc_free(e);
            return err_raise(I, ERR_VALUE, "%s: column name is not valid UTF-8: \"%.40s\"", builtin_current(I),
                             f->names[c]->s);
        }
    }
    return ST_OK;
}

/* Element i of column c as JSON. */
static Status fenc_cell(Interp *I, FrameEnc *e, SBuf *b, int c, int64_t i)
{
    const Vec *v = e->f->cols[c];
    if (!vec_is_valid(v, i)) {
        sb_putn(b, "null", 4);
        return ST_OK;
    }
    if (v->kind == VEC_NUM)
        enc_num(b, v->d.num[i]);
    else if (v->kind == VEC_BOOL)
        sb_puts(b, v->d.b[i] ? "true" : "false");
    else {
        int32_t k = v->d.code[i];
        if (!e->esc[c][k] && !(e->esc[c][k] = escaped(v->dict->strs[k]->s, v->dict->strs[k]->len, false)))
            return enc_text(I, b, v->dict->strs[k]);      /* raises */
        sb_puts(b, e->esc[c][k]);
    }
    return ST_OK;
}

/* Row i as a JSON object. */
static Status fenc_row(Interp *I, FrameEnc *e, SBuf *b, int64_t i)
{
    sb_putn(b, "{", 1);
    for (int c = 0; c < e->f->ncol; c++) {
        if (c)
            sb_putn(b, ",", 1);
        sb_puts(b, e->names[c]);
        if (fenc_cell(I, e, b, c, i) != ST_OK)
            return ST_ERR;
    }
    sb_putn(b, "}", 1);
    return ST_OK;
}

/* A one-column view of v, for encoding a vector with the frame code. */
static Status enc_vec(Interp *I, SBuf *b, Vec *v)
{
    Str *name = str_new("", 0);
    Frame f = {.ncol = 1, .nrow = v->len, .names = &name, .cols = &v};
    FrameEnc e;
    Status st = fenc_init(I, &e, &f);           /* cannot fail: the name is "" */
    obj_unref(name);
    if (st != ST_OK)
        return st;
    sb_putn(b, "[", 1);
    for (int64_t i = 0; st == ST_OK && i < v->len; i++) {
        if (i)
            sb_putn(b, ",", 1);
        st = fenc_cell(I, &e, b, 0, i);
    }
    sb_putn(b, "]", 1);
    fenc_free(&e);
    return st;
}

static Status enc_frame(Interp *I, SBuf *b, const Frame *f)
{
    FrameEnc e;
    if (fenc_init(I, &e, f) != ST_OK)
        return ST_ERR;
    Status st = ST_OK;
    sb_putn(b, "[", 1);
    for (int64_t i = 0; st == ST_OK && i < f->nrow; i++) {
        if (i)
            sb_putn(b, ",", 1);
        st = fenc_row(I, &e, b, i);
    }
    sb_putn(b, "]", 1);
    fenc_free(&e);
    return st;
}

Status jsonenc_value(Interp *I, SBuf *b, Value v)
{
    switch (v.t) {
    case T_NULL:
    case T_NA: sb_putn(b, "null", 4); return ST_OK;
    case T_BOOL: sb_puts(b, v.u.b ? "true" : "false"); return ST_OK;
    case T_NUM: enc_num(b, v.u.n); return ST_OK;
    case T_STR: return enc_text(I, b, v.u.s);
    case T_VEC: return enc_vec(I, b, v.u.v);
    case T_FRAME: return enc_frame(I, b, v.u.f);
    case T_LIST:
        sb_putn(b, "[", 1);
        for (int64_t i = 0; i < v.u.l->len; i++) {
            if (i)
                sb_putn(b, ",", 1);
            if (jsonenc_value(I, b, v.u.l->items[i]) != ST_OK)
                return ST_ERR;
        }
        sb_putn(b, "]", 1);
        return ST_OK;
    case T_RECORD:
        sb_putn(b, "{", 1);
        for (int i = 0; i < v.u.r->len; i++) {
            if (i)
                sb_putn(b, ",", 1);
            if (enc_text(I, b, v.u.r->keys[i]) != ST_OK)
                return ST_ERR;
            sb_putn(b, ":", 1);
            if (jsonenc_value(I, b, v.u.r->vals[i]) != ST_OK)
                return ST_ERR;
        }
        sb_putn(b, "}", 1);
        return ST_OK;
    default:
        return err_raise(I, ERR_TYPE, "%s: a %s cannot be written as JSON", builtin_current(I), val_type_name(v));
    }
}

/* ---- read_json, parse_json ---------------------------------------------------------- */

/* A file's bytes: mapped when it is a regular file, else read. */
typedef struct FileText {
    char *buf;
    size_t len;
    bool mapped;
} FileText;

static void file_text_free(FileText *t)
{
    if (t->mapped)
        munmap(t->buf, t->len);
    else
        mem_free(t->buf);
}

/* Read what fp holds (a pipe, a special file) into t. */
static Status file_text_read(Interp *I, FILE *fp, const char *path, FileText *t)
{
    size_t cap = 1 << 16, n = 0, got;
    char *b = mem_try_alloc(cap);
    while (b && (got = fread(b + n, 1, cap - n, fp)) > 0)
        if ((n += got) == cap) {
            char *nb = mem_try_realloc(b, cap *= 2);
            if (!nb)
                mem_free(b);
            b = nb;
        }
    if (!b)
        return err_raise(I, ERR_MEMORY, "read_json: '%s' (over %zu bytes) does not fit in memory", path, cap / 2);
    if (ferror(fp)) {
        mem_free(b);
        return err_raise(I, ERR_IO, "read_json: cannot read '%s': %s", path, strerror(errno));
    }
    *t = (FileText){b, n, false};
    return ST_OK;
}

/* The bytes of the file at path into t (free with file_text_free), or an IOError. */
static Status file_text_open(Interp *I, const char *path, FileText *t)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_raise(I, ERR_IO, "read_json: cannot open '%s': %s", path, strerror(errno));
    struct stat sb;
    Status st = ST_OK;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = err_raise(I, ERR_IO, "read_json: cannot read '%s': it is a directory", path);
    } else if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
        void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fileno(fp), 0);
        if (m != MAP_FAILED) {
            madvise(m, (size_t)sb.st_size, MADV_SEQUENTIAL);
            *t = (FileText){m, (size_t)sb.st_size, true};
        } else {
            st = file_text_read(I, fp, path, t);
        }
    } else {
        st = file_text_read(I, fp, path, t);
    }
    fclose(fp);
    return st;
}

#define READ_JSON_PARAMS(P) P(path, "str") P(lines, "bool|null=null")

static Status js_read_json(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(READ_JSON_PARAMS);
    const char *path = ARG(path).u.s->s;
    int lines = ARG(lines).t == T_BOOL ? ARG(lines).u.b : -1;
    FileText t;
    if (file_text_open(I, path, &t) != ST_OK)
        return ST_ERR;
    Progress prog;
    progress_begin(I, &prog, "read_json");
    Frame *f;
    Status st = jsonread_frame(I, path, t.buf, t.len, lines, &prog, &f);
    progress_end(I, &prog);
    file_text_free(&t);
    if (st == ST_OK)
        *out = val_obj_take(f);
    return st;
}

/* One JSON text s (named `what` in messages) as a value. */
static Status parse_one(Interp *I, const Str *s, Value *out)
{
    json_error_t e;
    json_t *j = json_loadb(s->s, s->len, JSONR_FLAGS, &e);
    if (!j)
        return err_raise(I, ERR_VALUE, "parse_json: line %d, column %d: %s", e.line, e.column > 0 ? e.column : 1,
                         e.text);
    Status st = json_to_value(I, j, out);
    json_decref(j);
    return st;
}

#define PARSE_JSON_PARAMS(P) P(text, "")

static Status js_parse_json(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(PARSE_JSON_PARAMS);
    Value x = ARG(text);
    if (x.t == T_STR)
        return parse_one(I, x.u.s, out);
    if (x.t == T_NA) {
        *out = val_na();
        return ST_OK;
    }
    if (x.t != T_VEC || x.u.v->kind != VEC_STR)
        return err_arg(I, ARGNO(text), "a str or a str vector", x);
    const Vec *v = x.u.v;
    List *l = list_new(v->len);
    for (int64_t i = 0; i < v->len; i++) {
        Value item = val_na();
        if (vec_is_valid(v, i) && parse_one(I, vec_str_unsafe(v, i), &item) != ST_OK) {
            obj_unref(l);
            return ST_ERR;
        }
        list_push_take(l, item);
    }
    *out = val_obj_take(l);
    return ST_OK;
}

#define TO_JSON_PARAMS(P) P(x, "")

static Status js_to_json(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(TO_JSON_PARAMS);
    SBuf b = {0};
    Status st = jsonenc_value(I, &b, ARG(x));
    if (st == ST_OK)
        *out = val_strn(b.s ? b.s : "", b.len);
    mem_free(b.s);
    return st;
}

/* ---- write_json ---------------------------------------------------------------------- */

typedef struct Out {
    FILE *fp;
    const char *path;
    SBuf b;
} Out;

static Status out_flush(Interp *I, Out *o)
{
    if (o->b.len && fwrite(o->b.s, 1, o->b.len, o->fp) != o->b.len)
        return err_raise(I, ERR_IO, "write_json: cannot write '%s': %s", o->path, strerror(errno));
    o->b.len = 0;
    return interp_interrupted(I) ? err_interrupted(I) : ST_OK;
}

/* The rows of f as "[r0,\nr1,\n...]\n", or one per line with lines. */
static Status write_rows(Interp *I, Out *o, const Frame *f, bool lines)
{
    FrameEnc e;
    if (fenc_init(I, &e, f) != ST_OK)
        return ST_ERR;
    Status st = ST_OK;
    if (!lines)
        sb_putn(&o->b, "[", 1);
    for (int64_t i = 0; st == ST_OK && i < f->nrow; i++) {
        st = fenc_row(I, &e, &o->b, i);
        sb_puts(&o->b, lines ? "\n" : i + 1 < f->nrow ? ",\n" : "");
        if (st == ST_OK && o->b.len > JW_FLUSH_BYTES)
            st = out_flush(I, o);
    }
    if (!lines)
        sb_putn(&o->b, "]\n", 2);
    fenc_free(&e);
    return st;
}

/* The items of l, one JSON text per line. */
static Status write_items(Interp *I, Out *o, const List *l)
{
    Status st = ST_OK;
    for (int64_t i = 0; st == ST_OK && i < l->len; i++) {
        st = jsonenc_value(I, &o->b, l->items[i]);
        sb_putn(&o->b, "\n", 1);
        if (st == ST_OK && o->b.len > JW_FLUSH_BYTES)
            st = out_flush(I, o);
    }
    return st;
}

#define WRITE_JSON_PARAMS(P) P(x, "frame|list|record|vec") P(path, "str") P(lines, "bool=false")

static Status js_write_json(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(WRITE_JSON_PARAMS);
    Value x = ARG(x);
    bool lines = ARG(lines).u.b;
    if (lines && x.t != T_FRAME && x.t != T_LIST)
        return err_raise(I, ERR_TYPE, "write_json: lines=true needs a frame or a list, got %s", val_type_name(x));
    Out o = {.path = ARG(path).u.s->s};
    o.fp = fopen(o.path, "wb");
    if (!o.fp)
        return err_raise(I, ERR_IO, "write_json: cannot open '%s': %s", o.path, strerror(errno));
    Status st;
    if (x.t == T_FRAME)
        st = write_rows(I, &o, x.u.f, lines);
    else if (lines)
        st = write_items(I, &o, x.u.l);
    else if ((st = jsonenc_value(I, &o.b, x)) == ST_OK)
        sb_putn(&o.b, "\n", 1);
    if (st == ST_OK)
        st = out_flush(I, &o);
    mem_free(o.b.s);
    if (fclose(o.fp) != 0 && st == ST_OK)
        st = err_raise(I, ERR_IO, "write_json: cannot write '%s': %s", o.path, strerror(errno));
    *out = val_null();
    return st;
}

static const BuiltinReg json_lib[] = {
    {"read_json", js_read_json, BUILTIN_SIG(READ_JSON_PARAMS),
     "Read a JSON file of records into a frame: an array of objects ([{...}, {...}]) or JSON Lines (one\n"
     "object per line). lines=null decides by the first character ('[' is an array); true or false forces it.\n"
     "Columns come in first-seen key order; null and missing keys are NA; numbers are num, true/false bool,\n"
     "strings str. A column mixing kinds is str (said once on stderr); arrays and objects are kept as their\n"
     "JSON text in a str column (parse_json reads them). Malformed JSON is a ValueError naming the file,\n"
     "line and column.\n"
     "Example:\nwrite_json(frame(a=[1, NA], b=[\"x\", \"y\"]), \"/tmp/sift_ex.json\")\n"
     "print(read_json(\"/tmp/sift_ex.json\").a)   # → [1, NA]"},
    {"write_json", js_write_json, BUILTIN_SIG(WRITE_JSON_PARAMS),
     "Write x as JSON to path: a frame as an array of records (one per line), or with lines=true as JSON\n"
     "Lines (one record per line; a list: one item per line). NA, NaN and ±Inf are written as null;\n"
     "numbers as the shortest text that reads back to the same value. Returns null.\n"
     "Example:\nwrite_json(frame(a=[1.5, NA]), \"/tmp/sift_ex.jsonl\", lines=true)\n"
     "print(read_json(\"/tmp/sift_ex.jsonl\").a)   # → [1.5, NA]"},
    {"parse_json", js_parse_json, BUILTIN_SIG(PARSE_JSON_PARAMS),
     "The value a JSON text holds: objects become records, arrays lists, null null. On a str vector,\n"
     "a list with one value per element (NA for NA). Malformed JSON is a ValueError naming line and column.\n"
     "Example:\nr = parse_json(\"{\\\"a\\\": [1, 2], \\\"b\\\": null}\")\nprint(r.a)   # → [1, 2]"},
    {"to_json", js_to_json, BUILTIN_SIG(TO_JSON_PARAMS),
     "x as compact JSON text: records as objects, lists and vectors as arrays, a frame as an array of\n"
     "records; NA, null, NaN and ±Inf as null.\n"
     "Example:\nprint(to_json({a: [1, NA], b: \"x\"}))   # → {\"a\":[1,null],\"b\":\"x\"}"},
    {0},
};

void json_open(Interp *I)
{
    builtin_module(I, "json", "JSON files and text (through Jansson).", json_lib);
}
