/*
 * io.c — reading and writing CSV, and looking at a frame: read_csv,
 * write_csv, head, tail, shape, nrow, ncol, columns, types, info.
 *
 * The parsing itself lives in csv.c (no interpreter there); this file
 * binds arguments, turns CsvResult errors into sift errors ("read_csv: "
 * + the reader's message naming file, line and column) and writes
 * frames back out so that read_csv(write_csv(df)) gives df again.
 *
 * "Why is this column str?" needs no metadata on the frame: read_csv
 * says it once on stderr when it happens, and info() re-derives it from
 * the column itself (a str column whose values are mostly numbers).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/builtin.h"
#include "lang/format.h"
#include "lang/mem.h"
#include "lang/progress.h"
#include "lang/show.h"
#include "stdlib/csv.h"
#include "stdlib/modules.h"

/* Columns named in read_csv's stderr note before "(and N more)". */
#define MAX_NOTES_SHOWN 5

/* ---- read_csv ------------------------------------------------------------ */

static Status sep_arg(Interp *I, Value v, int argno, char *sep)
{
    const Str *s = v.u.s;
    if (s->len == 1 && s->s[0] != '"' && s->s[0] != '\n' && s->s[0] != '\r') {
        *sep = s->s[0];
        return ST_OK;
    }
    if (s->len == 2 && s->s[0] == '\\' && s->s[1] == 't') {
        *sep = '\t';
        return ST_OK;
    }
    return arg_error(I, ERR_VALUE, argno, "must be one character other than a quote or newline, got \"%s\"", s->s);
}

/* The na= markers (argument argno): a str vector or a list of str
 * (borrowed pointers). */
static Status na_markers(Interp *I, Value v, int argno, const char **markers, int *n)
{
    int64_t len = v.t == T_VEC ? v.u.v->len : v.u.l->len;
    if (len > CSV_MAX_NA)
        return arg_error(I, ERR_VALUE, argno, "may hold at most %d markers, got %lld", CSV_MAX_NA, (long long)len);
    for (int64_t i = 0; i < len; i++) {
        if (v.t == T_VEC && v.u.v->kind == VEC_STR && vec_is_valid(v.u.v, i))
            markers[i] = vec_str_unsafe(v.u.v, i)->s;
        else if (v.t == T_LIST && v.u.l->items[i].t == T_STR)
            markers[i] = v.u.l->items[i].u.s->s;
        else
            return arg_error(I, ERR_TYPE, argno, "must hold only str, element %lld does not", (long long)i);
    }
    *n = (int)len;
    return ST_OK;
}

static void report_notes(Interp *I, const CsvResult *r)
{
    for (int i = 0; i < r->nnotes && i < MAX_NOTES_SHOWN; i++) {
        const CsvNote *n = &r->notes[i];
        interp_printf(I, SIFT_STDERR, "read_csv: column '%s' read as str: line %lld has '%s' (not %s)\n",
                      r->frame->names[n->col]->s, (long long)n->line, n->value, n->first_kind);
    }
    if (r->nnotes > MAX_NOTES_SHOWN)
        interp_printf(I, SIFT_STDERR, "read_csv: ... and %d more columns read as str\n", r->nnotes - MAX_NOTES_SHOWN);
}

/* read_csv's progress goes to the host as a bar (lang/progress.h). */
typedef struct ProgressCtx {
    Interp *I;
    Progress *p;
} ProgressCtx;

static void csv_progress(void *ud, double fraction)
{
    ProgressCtx *c = ud;
    progress_update(c->I, c->p, fraction);
}

#define READ_CSV_PARAMS(P)                                                                      \
    P(path, "str") P(sep, "str=\",\"") P(header, "bool=true")                                    \
    P(na, "vec|list=[\"\", \"NA\", \"NaN\", \"null\", \"?\"]") P(types, "record|null=null")

static Status io_read_csv(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(READ_CSV_PARAMS);
    CsvOptions o;
    csv_default_options(&o);
    if (sep_arg(I, ARG(sep), ARGNO(sep), &o.sep))
        return ST_ERR;
    o.header = ARG(header).u.b;
    const char *markers[CSV_MAX_NA];
    int nna = 0;
    if (na_markers(I, ARG(na), ARGNO(na), markers, &nna))
        return ST_ERR;
    o.na = markers;
    o.nna = nna;
    const char **fnames = NULL;
    CsvKind *fkinds = NULL;
    if (ARG(types).t == T_RECORD) {
        const Record *t = ARG(types).u.r;
        fnames = mem_alloc(sizeof(char *) * (size_t)(t->len + 1));
        fkinds = mem_alloc(sizeof(CsvKind) * (size_t)(t->len + 1));
        for (int i = 0; i < t->len; i++) {
            const char *k = t->vals[i].t == T_STR ? t->vals[i].u.s->s : "";
            fnames[i] = t->keys[i]->s;
            fkinds[i] = !strcmp(k, "num") ? CSV_NUM : !strcmp(k, "bool") ? CSV_BOOL : !strcmp(k, "str") ? CSV_STR : CSV_AUTO;
            if (fkinds[i] == CSV_AUTO) {
                mem_free(fnames);
                mem_free(fkinds);
                char *got = show_plain(I, t->vals[i], true);
                err_raise(I, ERR_VALUE, "read_csv: types.%s must be \"num\", \"bool\" or \"str\", got %s",
                          t->keys[i]->s, got);
                mem_free(got);
                return ST_ERR;
            }
        }
        o.force_names = fnames;
        o.force_kinds = fkinds;
        o.nforce = t->len;
    }
    o.interrupted = &I->interrupted;
    Progress prog;
    ProgressCtx pc = {I, &prog};
    progress_begin(I, &prog, "read_csv");
    o.progress = csv_progress;
    o.progress_ud = &pc;
    const char *path = ARG(path).u.s->s;
    CsvResult r;
    CsvStatus st = csv_read_file(path, path, &o, &r);
    progress_end(I, &prog);
    mem_free(fnames);
    mem_free(fkinds);
    if (st != CSV_OK) {
        csv_result_free(&r);
        if (st == CSV_EINTR) {
            I->interrupted = 1;
            return err_interrupted(I);
        }
        if (st == CSV_ENOMEM)
            return err_raise(I, ERR_MEMORY, "read_csv: %s", r.msg);
        return err_raise(I, st == CSV_EIO ? ERR_IO : ERR_VALUE, "read_csv: %s", r.msg);
    }
    if (r.empty)
        interp_printf(I, SIFT_STDERR, "read_csv: '%s' is empty: a frame with no columns\n", path);
    report_notes(I, &r);
    csv_result_free(&r);
    *out = val_obj_take(r.frame);
    return ST_OK;
}

/* ---- write_csv ----------------------------------------------------------- */

/* Whether a str value must be quoted to read back as itself. */
static bool needs_quote(const char *s, size_t n, char sep)
{
    static const char *const markers[] = {"NA", "NaN", "null", "?"};
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return true;
    if (s[0] == ' ' || s[n - 1] == ' ')
        return true;
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (strlen(markers[i]) == n && !memcmp(markers[i], s, n))
            return true;
    return false;
}

static void put_text(SBuf *b, const char *s, size_t n, char sep)
{
    if (!needs_quote(s, n, sep)) {
        sb_putn(b, s, n);
        return;
    }
    sb_putn(b, "\"", 1);
    for (const char *q; (q = memchr(s, '"', n)) != NULL; n -= (size_t)(q + 1 - s), s = q + 1) {
        sb_putn(b, s, (size_t)(q + 1 - s));
        sb_putn(b, "\"", 1);
    }
    sb_putn(b, s, n);
    sb_putn(b, "\"", 1);
}

/*
 * x as the fewest decimals that read back to x, without printf: for k = 0,
 * 1, ... find the integer m nearest x * 10^k; when |m| <= 2^53 and k <= 22
 * the division m / 10^k is one correctly rounded operation, exactly what a
 * correct reader does with the text "m / 10^k", so equality with x proves
 * the round trip. Returns 0 (use fmt_num_shortest) outside 1e-5..1e15 or
 * when no k <= 17 works (1/3, 0.1 + 0.2).
 */
static size_t fmt_fixed_fast(double x, char *buf)
{
    static const double p10[18] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                   1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17};
    double ax = fabs(x);
    if (!(ax >= 1e-5 && ax < 1e15))
        return 0;
    for (int k = 0; k < 18; k++) {
        double y = ax * p10[k];
        if (y > 9007199254740992.0)
            return 0;
        double m = nearbyint(y);
        if (m / p10[k] != ax)
            continue;
        char digits[24];
        int nd = 0;
        for (uint64_t u = (uint64_t)m; u; u /= 10)
            digits[nd++] = (char)('0' + u % 10);
        while (nd <= k)
            digits[nd++] = '0';           /* 0.00123: leading zeros */
        size_t n = 0;
        if (x < 0)
            buf[n++] = '-';
        for (int i = nd - 1; i >= 0; i--) {
            buf[n++] = digits[i];
            if (i == k && k > 0)
                buf[n++] = '.';
        }
        return n;
    }
    return 0;
}

static void put_cell(SBuf *b, const Vec *v, int64_t i, char sep, bool lone)
{
    if (!vec_is_valid(v, i)) {
        if (lone)
            sb_putn(b, "\"\"", 2);       /* a blank line would be skipped */
        return;
    }
    char num[40];
    switch (v->kind) {
    case VEC_NUM: {
        double x = v->d.num[i];
        size_t n;
        if (isnan(x))
            sb_putn(b, "nan", 3);        /* "NaN" is an NA marker */
        else if ((n = fmt_fixed_fast(x, num)) > 0)
            sb_putn(b, num, n);
        else
            sb_putn(b, num, fmt_num_shortest(x, num, sizeof num));
        break;
    }
    case VEC_BOOL:
        sb_puts(b, v->d.b[i] ? "true" : "false");
        break;
    default: {
        const Str *s = vec_str_unsafe(v, i);
        put_text(b, s->s, s->len, sep);
    }
    }
}

static Status flush(Interp *I, FILE *fp, SBuf *b, const char *path)
{
    if (b->len && fwrite(b->s, 1, b->len, fp) != b->len)
        return err_raise(I, ERR_IO, "write_csv: cannot write '%s': %s", path, strerror(errno));
    b->len = 0;
    return ST_OK;
}

#define WRITE_CSV_PARAMS(P) P(df, "frame") P(path, "str") P(sep, "str=\",\"")

static Status io_write_csv(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(WRITE_CSV_PARAMS);
    const Frame *f = ARG(df).u.f;
    const char *path = ARG(path).u.s->s;
    char sep;
    if (sep_arg(I, ARG(sep), ARGNO(sep), &sep))
        return ST_ERR;
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return err_raise(I, ERR_IO, "write_csv: cannot open '%s': %s", path, strerror(errno));
    SBuf b = {0};
    for (int c = 0; c < f->ncol; c++) {
        if (c)
            sb_putn(&b, &sep, 1);
        put_text(&b, f->names[c]->s, f->names[c]->len, sep);
    }
    if (f->ncol > 0)                     /* no columns: an empty file, read back as frame() */
        sb_putn(&b, "\n", 1);
    Status st = ST_OK;
    bool lone = f->ncol == 1;
    for (int64_t i = 0; i < f->nrow && f->ncol > 0 && st == ST_OK; i++) {
        for (int c = 0; c < f->ncol; c++) {
            if (c)
                sb_putn(&b, &sep, 1);
            put_cell(&b, f->cols[c], i, sep, lone);
        }
        sb_putn(&b, "\n", 1);
        if (b.len > (1u << 20)) {
            st = flush(I, fp, &b, path);
            if (st == ST_OK && interp_interrupted(I))
                st = err_interrupted(I);
        }
    }
    if (st == ST_OK)
        st = flush(I, fp, &b, path);
    mem_free(b.s);
    if (fclose(fp) != 0 && st == ST_OK)
        st = err_raise(I, ERR_IO, "write_csv: cannot write '%s': %s", path, strerror(errno));
    *out = val_null();
    return st;
}

/* ---- head, tail, shape --------------------------------------------------- */

/* Rows [lo, hi) for head (from_end false) or tail of a length-len thing;
 * negative n means "all but |n|" as in pandas. */
static void head_range(int64_t len, int64_t n, bool from_end, int64_t *lo, int64_t *hi)
{
    int64_t k = n >= 0 ? (n < len ? n : len) : (len + n > 0 ? len + n : 0);
    *lo = from_end ? len - k : 0;
    *hi = from_end ? len : k;
}

#define HEAD_PARAMS(P) P(x, "frame|vec|list") P(n, "int=5")

static Status head_tail(Interp *I, Value *a, Value *out, bool from_end)
{
    BUILTIN_ARGS(HEAD_PARAMS);
    Value x = ARG(x);
    int64_t n, lo, hi;
    if (arg_int(I, ARG(n), ARGNO(n), INT64_MIN / 2, INT64_MAX / 2, &n))
        return ST_ERR;
    if (x.t == T_FRAME) {
        head_range(x.u.f->nrow, n, from_end, &lo, &hi);
        Frame *f = frame_slice(x.u.f, lo, hi);
        if (!f)
            return err_oom(I);
        *out = val_obj_take(f);
        return ST_OK;
    }
    if (x.t == T_VEC) {
        head_range(x.u.v->len, n, from_end, &lo, &hi);
        Vec *v = vec_slice(x.u.v, lo, hi);
        if (!v)
            return err_oom(I);
        *out = val_obj_take(v);
        return ST_OK;
    }
    const List *l = x.u.l;
    head_range(l->len, n, from_end, &lo, &hi);
    List *r = list_new(hi - lo);
    for (int64_t i = lo; i < hi; i++)
        list_push(r, l->items[i]);
    *out = val_obj_take(r);
    return ST_OK;
}

static Status io_head(Interp *I, Value *a, Value *out) { return head_tail(I, a, out, false); }
static Status io_tail(Interp *I, Value *a, Value *out) { return head_tail(I, a, out, true); }

#define SHAPE_PARAMS(P) P(x, "frame|vec")

static Status io_shape(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SHAPE_PARAMS);
    List *l = list_new(2);
    if (ARG(x).t == T_FRAME) {
        list_push_take(l, val_num((double)ARG(x).u.f->nrow));
        list_push_take(l, val_num(ARG(x).u.f->ncol));
    } else {
        list_push_take(l, val_num((double)ARG(x).u.v->len));
    }
    *out = val_obj_take(l);
    return ST_OK;
}

static Status io_nrow(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(SHAPE_PARAMS);
    *out = val_num(ARG(x).t == T_FRAME ? (double)ARG(x).u.f->nrow : (double)ARG(x).u.v->len);
    return ST_OK;
}

#define DF_PARAMS(P) P(df, "frame")

static Status io_ncol(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(DF_PARAMS);
    *out = val_num(ARG(df).u.f->ncol);
    return ST_OK;
}

static Status io_columns(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(DF_PARAMS);
    const Frame *f = ARG(df).u.f;
    Vec *v = vec_new(VEC_STR, f->ncol);
    if (!v)
        return err_oom(I);
    for (int c = 0; c < f->ncol; c++)
        if (!vec_push_str(v, f->names[c]->s, f->names[c]->len)) {
            obj_unref(v);
            return err_oom(I);
        }
    *out = val_obj_take(v);
    return ST_OK;
}

static Status io_types(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(DF_PARAMS);
    const Frame *f = ARG(df).u.f;
    Record *r = record_new(f->ncol);
    for (int c = 0; c < f->ncol; c++)
        record_set_take(r, f->names[c]->s, val_str(vec_kind_name((VecKind)f->cols[c]->kind)));
    *out = val_obj_take(r);
    return ST_OK;
}

/* ---- info ---------------------------------------------------------------- */

/* Bytes a column needs: its values, its bitmap and its dictionary's text.
 * (Computed, not measured, so it is the same in every build.) */
static size_t column_bytes(const Vec *v)
{
    size_t w = v->kind == VEC_NUM ? 8 : v->kind == VEC_BOOL ? 1 : 4;
    size_t b = w * (size_t)v->len + (v->valid ? 8 * bitmap_words(v->len) : 0);
    if (v->kind == VEC_STR)
        for (int32_t i = 0; i < v->dict->n; i++)
            b += v->dict->strs[i]->len + 1;
    return b;
}

static void human_bytes(char *buf, size_t n, size_t b)
{
    if (b < 1024)
        snprintf(buf, n, "%zu B", b);
    else if (b < 1024 * 1024)
        snprintf(buf, n, "%.1f KB", b / 1024.0);
    else if (b < (size_t)1 << 30)
        snprintf(buf, n, "%.1f MB", b / 1048576.0);
    else
        snprintf(buf, n, "%.2f GB", b / 1073741824.0);
}

/* A str column most of whose values are numbers: write why it is str. */
static void why_str(SBuf *b, const Str *name, const Vec *v)
{
    if (v->kind != VEC_STR || v->dict->n == 0)
        return;
    uint8_t *isnum = mem_alloc((size_t)v->dict->n);
    for (int32_t i = 0; i < v->dict->n; i++) {
        double d;
        isnum[i] = csv_parse_number(v->dict->strs[i]->s, v->dict->strs[i]->len, &d);
    }
    int64_t nnum = 0, nbad = 0, first = -1;
    for (int64_t i = 0; i < v->len; i++) {
        if (!vec_is_valid(v, i))
            continue;
        if (isnum[v->d.code[i]])
            nnum++;
        else if (nbad++ == 0)
            first = i;
    }
    mem_free(isnum);
    if (nbad > 0 && nnum >= nbad)
        sb_printf(b, "  %s is str: %lld of %lld values are not numbers, the first '%s' at row %lld\n", name->s,
                  (long long)nbad, (long long)(nbad + nnum), vec_str_unsafe(v, first)->s, (long long)first);
}

static Status io_info(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(DF_PARAMS);
    const Frame *f = ARG(df).u.f;
    int wname = 6;
    for (int c = 0; c < f->ncol; c++) {
        int w = show_width(f->names[c]->s);
        if (w > wname)
            wname = w;
    }
    SBuf b = {0}, notes = {0};
    sb_printf(&b, "frame: %lld row%s x %d column%s\n", (long long)f->nrow, f->nrow == 1 ? "" : "s", f->ncol,
              f->ncol == 1 ? "" : "s");
    sb_printf(&b, "%4s  %-*s  %-4s  %8s  %8s  %10s\n", "#", wname, "column", "type", "non-NA", "NA", "memory");
    size_t total = 0;
    for (int c = 0; c < f->ncol; c++) {
        const Vec *v = f->cols[c];
        size_t bytes = column_bytes(v);
        char mem[32];
        human_bytes(mem, sizeof mem, bytes);
        total += bytes;
        sb_printf(&b, "%4d  %s%*s  %-4s  %8lld  %8lld  %10s\n", c, f->names[c]->s,
                  wname - show_width(f->names[c]->s), "", vec_kind_name((VecKind)v->kind),
                  (long long)(v->len - v->nnull), (long long)v->nnull, mem);
        why_str(&notes, f->names[c], v);
    }
    char mem[32];
    human_bytes(mem, sizeof mem, total);
    sb_printf(&b, "memory: %s\n", mem);
    if (notes.len) {
        sb_puts(&b, "notes:\n");
        sb_putn(&b, notes.s, notes.len);
    }
    interp_write(I, SIFT_STDOUT, b.s, b.len);
    mem_free(b.s);
    mem_free(notes.s);
    *out = val_null();
    return ST_OK;
}

/* ---- timeit ------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define TIMEIT_PARAMS(P) P(f, "fn") P(n, "int=1")

static Status io_timeit(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(TIMEIT_PARAMS);
    int64_t n;
    if (arg_int(I, ARG(n), ARGNO(n), 1, 1000000, &n))
        return ST_ERR;
    double *t = mem_alloc(sizeof(double) * (size_t)n);
    for (int64_t i = 0; i < n; i++) {
        Value r;
        double t0 = now_seconds();
        Status st = interp_call(I, ARG(f), 0, NULL, &r);
        t[i] = now_seconds() - t0;
        if (st != ST_OK) {
            mem_free(t);
            return st;
        }
        val_unref(r);               /* freeing the result is not timed */
        if (interp_interrupted(I)) {
            mem_free(t);
            return err_interrupted(I);
        }
    }
    qsort(t, (size_t)n, sizeof(double), cmp_double);
    *out = val_num(n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2);
    mem_free(t);
    return ST_OK;
}

static const BuiltinReg io_lib[] = {
    {"read_csv", io_read_csv, BUILTIN_SIG(READ_CSV_PARAMS),
     "Read a CSV file into a frame, inferring each column's type.\n"
     "RFC 4180: fields may be quoted (\"a,b\", doubled quotes \"\" inside, newlines inside); lines may end\n"
     "in LF, CRLF or a lone CR (old Mac), mixed; a UTF-8 byte-order mark is accepted, blank lines skipped;\n"
     "an empty file is the empty frame (0 x 0, with a note on stderr). A column is num when every non-NA field\n"
     "is a number (1, -2.5, 1e-3, inf, nan), bool when every one is true/false/TRUE/FALSE/True/False,\n"
     "str otherwise; a numeric column with a stray word becomes str and a note on stderr says where.\n"
     "Unquoted fields equal to a marker in na are NA, and so is an empty field.\n"
     "header=false names the columns V1, V2, ...; empty names become V<i>, repeated ones name.1, name.2.\n"
     "types={col: \"str\"} forces a column's type (\"num\", \"bool\" or \"str\"); a value that does not fit\n"
     "is an error. Ragged rows, invalid UTF-8 and unterminated quotes raise a ValueError naming the\n"
     "file, the line and the column; a missing file raises an IOError. See docs/io.md."},
    {"write_csv", io_write_csv, BUILTIN_SIG(WRITE_CSV_PARAMS),
     "Write a frame as CSV (header line, then one line per row) and return null.\n"
     "Numbers use the shortest text that reads back to the same double, NA is an empty field, bools are\n"
     "true/false; strings are quoted when they hold the separator, a quote, a newline, surrounding spaces\n"
     "or an NA marker, so read_csv(path) gives the frame back. A frame with no columns is an empty file."},
    {"head", io_head, BUILTIN_SIG(HEAD_PARAMS),
     "The first n rows of a frame (or elements of a vector or list); n < 0: all but the last -n."},
    {"tail", io_tail, BUILTIN_SIG(HEAD_PARAMS),
     "The last n rows of a frame (or elements of a vector or list); n < 0: all but the first -n."},
    {"shape", io_shape, BUILTIN_SIG(SHAPE_PARAMS), "[rows, columns] of a frame; [length] of a vector."},
    {"nrow", io_nrow, BUILTIN_SIG(SHAPE_PARAMS), "Number of rows of a frame (length of a vector)."},
    {"ncol", io_ncol, BUILTIN_SIG(DF_PARAMS), "Number of columns of a frame."},
    {"columns", io_columns, BUILTIN_SIG(DF_PARAMS), "The column names of a frame, as a str vector."},
    {"types", io_types, BUILTIN_SIG(DF_PARAMS), "A record mapping each column name to its type: \"num\", \"bool\" or \"str\"."},
    {"info", io_info, BUILTIN_SIG(DF_PARAMS),
     "Print a summary of a frame and return null: per column its type, non-NA and NA counts and memory\n"
     "(values + NA bitmap + dictionary text), the total, and a note for each str column whose values are\n"
     "mostly numbers (the first that is not, and its row) — the usual reason read_csv made it str."},
    {"timeit", io_timeit, BUILTIN_SIG(TIMEIT_PARAMS),
     "Call f() n times and return the median wall-clock time of one call, in seconds.\n"
     "Freeing each call's result is not counted. Example: timeit(fn() { read_csv(\"big.csv\") }, n=5)."},
    {0},
};

void io_open(Interp *I)
{
    builtin_module(I, "io", "Reading and writing CSV; looking at a frame's shape, types and memory.", io_lib);
}
