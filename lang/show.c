/*
 * show.c — values as text/plain and text/html, and display bundles
 * (show_render, show_display) built from them.
 *
 * Frames print as pandas prints them: a row index, right-aligned cells, a
 * column's numbers in one shared format, NA as NA, and when the frame is
 * long or wide the middle rows/columns are elided to fit the display
 * width; the shape is printed under the table.
 */
#include "lang/show.h"

#include <stdio.h>
#include <string.h>

#include "lang/builtin.h"
#include "lang/format.h"
#include "lang/frame.h"
#include "lang/mem.h"

#define MAX_ROWS 60          /* frames up to this many rows print whole */
#define EDGE_ROWS 5          /* else this many from each end */
#define MAX_CELL 40          /* cells wider than this are cut with … */
#define VEC_SHOW 20          /* vectors longer than this are elided */

static void sb_pad(SBuf *b, int n)
{
    for (int i = 0; i < n; i++)
        sb_putn(b, " ", 1);
}

/* Display width of UTF-8 text (code points; wide characters count 1). */
int show_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* ---- scalars and containers ------------------------------------------------- */

/* s with its control characters written as escapes (\n, \r, \t, \u00XX)
 * so one value stays on one line; quote: also escape '"' and '\\' (the
 * text then reads back as a sift string literal). */
static void show_escaped(SBuf *b, const char *s, bool quote)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (quote && (c == '"' || c == '\\'))
            sb_putn(b, "\\", 1), sb_putn(b, s, 1);
        else if (c == '\n')
            sb_puts(b, "\\n");
        else if (c == '\r')
            sb_puts(b, "\\r");
        else if (c == '\t')
            sb_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7f)
            sb_printf(b, "\\u%04x", c);
        else
            sb_putn(b, s, 1);
    }
}

static void show_quoted(SBuf *b, const char *s)
{
    sb_putn(b, "\"", 1);
    show_escaped(b, s, true);
    sb_putn(b, "\"", 1);
}

static void show_elem(SBuf *b, const Vec *v, int64_t i, const FmtSpec *spec, bool quote)
{
    char buf[64];
    if (!vec_is_valid(v, i))
        sb_puts(b, "NA");
    else if (v->kind == VEC_NUM) {
        if (spec)
            fmt_num_spec(v->d.num[i], spec, buf, sizeof buf);
        else
            fmt_num_shortest(v->d.num[i], buf, sizeof buf);
        sb_puts(b, buf);
    } else if (v->kind == VEC_BOOL)
        sb_puts(b, v->d.b[i] ? "true" : "false");
    else if (quote)
        show_quoted(b, vec_str_unsafe(v, i)->s);
    else
        show_escaped(b, vec_str_unsafe(v, i)->s, false);
}

static void show_vec(SBuf *b, const Vec *v)
{
    sb_putn(b, "[", 1);
    int64_t n = v->len;
    for (int64_t i = 0; i < n; i++) {
        if (n > VEC_SHOW && i == 10) {
            sb_puts(b, "…, ");
            i = n - 5;
        }
        show_elem(b, v, i, NULL, true);
        if (i < n - 1)
            sb_puts(b, ", ");
    }
    sb_putn(b, "]", 1);
    if (n > VEC_SHOW)
        sb_printf(b, "  (%s vector, %lld values)", vec_kind_name((VecKind)v->kind), (long long)n);
}

static void show_signature(SBuf *b, const Func *f)
{
    FnProto *p = f->proto;
    sb_printf(b, "<fn %s(", p->name ? p->name->s : "");
    for (int i = 0; i < p->nparams; i++) {
        if (i)
            sb_puts(b, ", ");
        sb_puts(b, p->params[i]->s);
        if (p->defaults[i]) {
            const Node *d = p->defaults[i];
            sb_printf(b, "=%.*s", (int)d->len, p->chunk->src + d->off);
        }
    }
    sb_puts(b, ")>");
}

static void show_nested(Interp *I, SBuf *b, Value v, bool quote, int depth);

/* Lists and records nested deeper than this print as [...] / {...}. */
#define MAX_SHOW_DEPTH 64

static void show_list(Interp *I, SBuf *b, const List *l, int depth)
{
    if (depth > MAX_SHOW_DEPTH) {
        sb_puts(b, "[...]");
        return;
    }
    sb_putn(b, "[", 1);
    for (int64_t i = 0; i < l->len; i++) {
        if (i)
            sb_puts(b, ", ");
        if (l->len > 100 && i == 50) {
            sb_puts(b, "…");
            i = l->len - 10;
            continue;
        }
        show_nested(I, b, l->items[i], true, depth + 1);
    }
    sb_putn(b, "]", 1);
}

static void show_record(Interp *I, SBuf *b, const Record *r, int depth)
{
    if (depth > MAX_SHOW_DEPTH) {
        sb_puts(b, "{...}");
        return;
    }
    sb_putn(b, "{", 1);
    for (int i = 0; i < r->len; i++) {
        if (i)
            sb_puts(b, ", ");
        sb_printf(b, "%s: ", r->keys[i]->s);
        show_nested(I, b, r->vals[i], true, depth + 1);
    }
    sb_putn(b, "}", 1);
}

void show_value(Interp *I, SBuf *b, Value v, bool quote) { show_nested(I, b, v, quote, 0); }

static void show_nested(Interp *I, SBuf *b, Value v, bool quote, int depth)
{
    char buf[64];
    switch (v.t) {
    case T_NULL: sb_puts(b, "null"); break;
    case T_NA: sb_puts(b, "NA"); break;
    case T_BOOL: sb_puts(b, v.u.b ? "true" : "false"); break;
    case T_NUM:
        fmt_num_shortest(v.u.n, buf, sizeof buf);
        sb_puts(b, buf);
        break;
    case T_STR:
        if (quote)
            show_quoted(b, v.u.s->s);
        else
            sb_puts(b, v.u.s->s);
        break;
    case T_VEC: show_vec(b, v.u.v); break;
    case T_LIST: show_list(I, b, v.u.l, depth); break;
    case T_RECORD: show_record(I, b, v.u.r, depth); break;
    case T_FRAME: show_frame_text(I, b, v.u.f); break;
    case T_FUNC: show_signature(b, v.u.fn); break;
    case T_BUILTIN: sb_printf(b, "<builtin %s>", builtin_signature(v.u.bi)); break;
    case T_FOREIGN: sb_printf(b, "<%s>", v.u.fo->cls->name); break;
    default: sb_puts(b, "undefined"); break;
    }
}

char *show_plain(Interp *I, Value v, bool quote)
{
    SBuf b = {0};
    show_value(I, &b, v, quote);
    return sb_take(&b);
}

/* ---- frames as text ------------------------------------------------------------ */

/* Row positions to show: all, or head and tail around an ellipsis (-1). */
static int64_t *shown_rows(int64_t nrow, int64_t *n)
{
    int64_t *rows = mem_alloc(sizeof(int64_t) * (MAX_ROWS + 2));
    int64_t k = 0;
    if (nrow <= MAX_ROWS) {
        for (int64_t i = 0; i < nrow; i++)
            rows[k++] = i;
    } else {
        for (int64_t i = 0; i < EDGE_ROWS; i++)
            rows[k++] = i;
        rows[k++] = -1;
        for (int64_t i = nrow - EDGE_ROWS; i < nrow; i++)
            rows[k++] = i;
    }
    *n = k;
    return rows;
}

/* The cells of one column for the shown rows (header first). */
static char **column_cells(const Frame *f, int c, const int64_t *rows, int64_t n)
{
    char **cells = mem_alloc(sizeof(char *) * (size_t)(n + 1));
    const Vec *v = f->cols[c];
    FmtSpec spec = {0, 0, 0};
    if (v->kind == VEC_NUM) {
        int64_t *real = mem_alloc(sizeof(int64_t) * (size_t)(n + 1)), m = 0;
        for (int64_t k = 0; k < n; k++)
            if (rows[k] >= 0)
                real[m++] = rows[k];
        fmt_column_spec(v->d.num, v->valid, real, m, &spec);
        mem_free(real);
    }
    SBuf name = {0};
    show_escaped(&name, f->names[c]->s, false);
    cells[0] = sb_take(&name);
    for (int64_t k = 0; k < n; k++) {
        SBuf b = {0};
        if (rows[k] < 0)
            sb_puts(&b, "...");
        else
            show_elem(&b, v, rows[k], v->kind == VEC_NUM ? &spec : NULL, false);
        char *s = sb_take(&b);
        if (show_width(s) > MAX_CELL) {
            char *p = s;
            for (int w = 0; *p && w < MAX_CELL - 1; p++)
                w += ((unsigned char)p[1] & 0xC0) != 0x80;
            strcpy(p, "…");
        }
        cells[k + 1] = s;
    }
    return cells;
}

static int cells_width(char **cells, int64_t n)
{
    int w = 0;
    for (int64_t k = 0; k <= n; k++) {
        int x = show_width(cells[k]);
        if (x > w)
            w = x;
    }
    return w;
}

/* Pick columns [0, left) and [right, ncol) that fit in width. */
static void fit_columns(const int *widths, int ncol, int index_w, int width, int *left, int *right)
{
    int used = index_w;
    int l = 0, r = ncol;
    bool take_left = true;
    while (l < r) {
        int c = take_left ? l : r - 1;
        int need = widths[c] + 2 + ((l + 1 < r) ? 5 : 0);
        if (used + need > width && l + (ncol - r) > 0)
            break;
        used += widths[c] + 2;
        if (take_left)
            l++;
        else
            r--;
        take_left = !take_left;
    }
    *left = l;
    *right = r;
}

void show_frame_text(Interp *I, SBuf *b, const Frame *f)
{
    int64_t n;
    int64_t *rows = shown_rows(f->nrow, &n);
    char ***cells = mem_alloc(sizeof(char **) * (size_t)(f->ncol + 1));
    int *widths = mem_alloc(sizeof(int) * (size_t)(f->ncol + 1));
    for (int c = 0; c < f->ncol; c++) {
        cells[c] = column_cells(f, c, rows, n);
        widths[c] = cells_width(cells[c], n);
    }
    char idx[32];
    snprintf(idx, sizeof idx, "%lld", (long long)(f->nrow ? f->nrow - 1 : 0));
    int index_w = (int)strlen(idx);
    int left, right;
    fit_columns(widths, f->ncol, index_w, I && I->width > 20 ? I->width : 80, &left, &right);
    for (int64_t k = -1; k < n; k++) {
        if (k < 0)
            sb_pad(b, index_w);
        else if (rows[k] < 0)
            sb_printf(b, "%-*s", index_w, "...");
        else
            sb_printf(b, "%*lld", index_w, (long long)rows[k]);
        for (int c = 0; c < f->ncol; c++) {
            if (c == left && left < right) {
                sb_puts(b, "  ...");
                c = right - 1;
                continue;
            }
            const char *s = cells[c][k + 1];
            sb_pad(b, 2 + widths[c] - show_width(s));
            sb_puts(b, s);
        }
        sb_putn(b, "\n", 1);
    }
    sb_printf(b, "[%lld row%s x %d column%s]", (long long)f->nrow, f->nrow == 1 ? "" : "s", f->ncol,
              f->ncol == 1 ? "" : "s");
    for (int c = 0; c < f->ncol; c++) {
        for (int64_t k = 0; k <= n; k++)
            mem_free(cells[c][k]);
        mem_free(cells[c]);
    }
    mem_free(cells);
    mem_free(widths);
    mem_free(rows);
}

/* ---- frames as HTML -------------------------------------------------------------- */

char *show_frame_html(const Frame *f)
{
    SBuf b = {0};
    int64_t n;
    int64_t *rows = shown_rows(f->nrow, &n);
    sb_puts(&b, "<table class=\"dataframe sift-frame\" border=\"1\">\n<thead><tr style=\"text-align: right;\"><th></th>");
    for (int c = 0; c < f->ncol; c++) {
        sb_puts(&b, "<th>");
        sb_html_escape(&b, f->names[c]->s);
        sb_puts(&b, "</th>");
    }
    sb_puts(&b, "</tr></thead>\n<tbody>\n");
    char ***cells = mem_alloc(sizeof(char **) * (size_t)(f->ncol + 1));
    for (int c = 0; c < f->ncol; c++)
        cells[c] = column_cells(f, c, rows, n);
    for (int64_t k = 0; k < n; k++) {
        if (rows[k] < 0)
            sb_puts(&b, "<tr><th>...</th>");
        else
            sb_printf(&b, "<tr><th>%lld</th>", (long long)rows[k]);
        for (int c = 0; c < f->ncol; c++) {
            sb_puts(&b, "<td>");
            sb_html_escape(&b, cells[c][k + 1]);
            sb_puts(&b, "</td>");
        }
        sb_puts(&b, "</tr>\n");
    }
    sb_printf(&b, "</tbody>\n</table>\n<p>%lld rows × %d columns</p>\n", (long long)f->nrow, f->ncol);
    for (int c = 0; c < f->ncol; c++) {
        for (int64_t k = 0; k <= n; k++)
            mem_free(cells[c][k]);
        mem_free(cells[c]);
    }
    mem_free(cells);
    mem_free(rows);
    return sb_take(&b);
}

/* ---- display bundles ---------------------------------------------------------- */

Status show_render(Interp *I, Value v, SiftBundle *b)
{
    memset(b, 0, sizeof *b);
    if (v.t == T_FOREIGN && v.u.fo->cls->render) {
        if (!v.u.fo->cls->render(I, v.u.fo->data, b)) {
            sift_bundle_free(b);
            return I->err.set ? ST_ERR : err_raise(I, ERR_VALUE, "cannot display this %s", v.u.fo->cls->name);
        }
        return ST_OK;
    }
    char *text = mem_to_malloc(show_plain(I, v, true));
    bundle_add(b, "text/plain", text, strlen(text));
    if (v.t == T_FRAME) {
        char *html = mem_to_malloc(show_frame_html(v.u.f));
        bundle_add(b, "text/html", html, strlen(html));
    }
    return ST_OK;
}

Status show_display(Interp *I, Value v, const char *id, bool update)
{
    SiftBundle b;
    if (show_render(I, v, &b) != ST_OK)
        return ST_ERR;
    if (I->host.display)
        I->host.display(I->host.ud, &b, id, update);
    sift_bundle_free(&b);
    return ST_OK;
}
