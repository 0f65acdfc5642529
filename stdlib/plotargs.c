/*
 * plotargs.c — the machinery behind the chart built-ins (plots.c): scratch
 * memory, argument helpers (a vector or a frame column, as doubles with NA
 * counted), groups for by=/color=, new figures from the common title/
 * label/size arguments, and the "plot" value itself.
 *
 * Invariant: everything a chart allocates goes through its Tmp, which
 * pa_tmp_free releases on every path.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang/mem.h"
#include "stdlib/plots.h"

/* ---- scratch memory ------------------------------------------------------------ */


/* Zeroed memory owned by t, or NULL when out of memory. */
void *pa_tmp_alloc(Tmp *t, size_t n)
{
    void *p = mem_try_calloc(n ? n : 1);
    if (!p)
        return NULL;
    if (t->nmem == t->capmem) {
        t->capmem = t->capmem ? 2 * t->capmem : 16;
        t->mem = mem_realloc(t->mem, sizeof(void *) * (size_t)t->capmem);
    }
    t->mem[t->nmem++] = p;
    return p;
}

char *pa_tmp_strdup(Tmp *t, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = pa_tmp_alloc(t, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* t takes over one reference to obj. */
void *pa_tmp_keep(Tmp *t, void *obj)
{
    if (t->nobj == t->capobj) {
        t->capobj = t->capobj ? 2 * t->capobj : 8;
        t->objs = mem_realloc(t->objs, sizeof(Obj *) * (size_t)t->capobj);
    }
    t->objs[t->nobj++] = obj;
    return obj;
}

void pa_tmp_free(Tmp *t)
{
    for (int i = 0; i < t->nmem; i++)
        mem_free(t->mem[i]);
    for (int i = 0; i < t->nobj; i++)
        obj_unref(t->objs[i]);
    mem_free(t->mem);
    mem_free(t->objs);
}

/* ---- the plot value ---------------------------------------------------------------- */


static void pa_plot_value_free(void *data)
{
    Plot *p = data;
    plot_figure_free(p->fig);
    mem_free(p);
}

/* Text rendering size for a display width: the whole width, 3/10 as tall
 * (80 columns → 24 rows, the classic terminal). */
static void pa_text_size(int width, int *cols, int *rows)
{
    *cols = width < 40 ? 40 : width > 200 ? 200 : width;
    *rows = *cols * 3 / 10;
    if (*rows < 12)
        *rows = 12;
}

static bool pa_plot_value_render(Interp *I, void *data, SiftBundle *b)
{
    Plot *p = data;
    char err[PLOT_ERRLEN];
    int cols, rows, w, h;
    pa_text_size(I->width > 0 ? I->width : 80, &cols, &rows);
    char *text = plot_render_text(p->fig, cols, rows, err);
    if (!text) {
        err_raise(I, ERR_VALUE, "plot: %s", err);
        return false;
    }
    bundle_add(b, "text/plain", text, strlen(text));
    Value *fmt = interp_option_borrow(I, "plot.format");
    bool svg = fmt && fmt->t == T_STR && strcasecmp(fmt->u.s->s, "svg") == 0;
    plot_figure_size(p->fig, &w, &h);
    unsigned char *img;
    size_t len;
    /* SVG on request goes first (notebooks prefer it); the PNG stays in the
     * bundle for hosts that show only PNG (the REPL, reports). */
    if (svg) {
        if (plot_render_svg(p->fig, w, h, &img, &len, err) < 0) {
            err_raise(I, ERR_VALUE, "plot: %s", err);
            return false;
        }
        bundle_add(b, "image/svg+xml", (char *)img, len);
    }
    if (plot_render_png(p->fig, w, h, 1.0, &img, &len, err) < 0) {
        err_raise(I, ERR_VALUE, "plot: %s", err);
        return false;
    }
    bundle_add(b, "image/png", (char *)img, len);
    b->width = w;
    b->height = h;
    return true;
}

/* p.kind, p.width, p.height, p.skipped, p.auc (roc_plot), p.text (80×24). */
static bool pa_plot_value_member(Interp *I, void *data, const char *name, Value *out)
{
    Plot *p = data;
    int w, h;
    plot_figure_size(p->fig, &w, &h);
    if (strcmp(name, "kind") == 0)
        *out = val_str(p->kind);
    else if (strcmp(name, "width") == 0)
        *out = val_num(w);
    else if (strcmp(name, "height") == 0)
        *out = val_num(h);
    else if (strcmp(name, "skipped") == 0)
        *out = val_num((double)p->skipped);
    else if (strcmp(name, "auc") == 0 && !isnan(p->auc))
        *out = val_num(p->auc);
    else if (strcmp(name, "text") == 0) {
        char err[PLOT_ERRLEN];
        char *text = plot_render_text(p->fig, 80, 24, err);
        if (!text)
            return false;
        *out = val_str(text);
        free(text);
    } else
        return false;
    return true;
}

const ForeignClass pa_plot_class = {"plot", pa_plot_value_free, pa_plot_value_render, pa_plot_value_member};

/* ---- argument helpers ------------------------------------------------------------- */

Status pa_type_error(Interp *I, const char *what, const char *expected, const char *got)
{
    return err_raise(I, ERR_TYPE, "%s: %s must be %s, got %s", builtin_current(I), what, expected, got);
}

/* "f: argument 1 (data) must be <expected>, got num vector". */
Status pa_arg_type_error(Interp *I, int argno, const char *expected, Value got)
{
    char what[96];
    arg_label(I, argno, what, sizeof what);
    return pa_type_error(I, what, expected, val_type_name(got));
}

/* A column of f (borrowed), or a NameError. */
static Status pa_frame_column(Interp *I, const Frame *f, const char *name, Vec **out)
{
    if ((*out = frame_col_borrow(f, name)))
        return ST_OK;
    return err_raise(I, ERR_NAME, "%s: no column named '%s'", builtin_current(I), name);
}

/* A vector for argument v: a column of data when v is a name and data a
 * frame, else v itself as a vector. The vector is kept by t; *what names
 * it for messages ("column 'x'" or "argument 2 (x)"), *name is the column
 * name or NULL. */
Status pa_pick_vec(Interp *I, Tmp *t, Value data, Value v, int argno, Vec **out, char *what, size_t wn,
                       const char **name)
{
    *name = NULL;
    if (v.t == T_STR && data.t == T_FRAME) {
        if (pa_frame_column(I, data.u.f, v.u.s->s, out) != ST_OK)
            return ST_ERR;
        obj_ref(*out);
        pa_tmp_keep(t, *out);
        snprintf(what, wn, "column '%s'", v.u.s->s);
        *name = v.u.s->s;
        return ST_OK;
    }
    arg_label(I, argno, what, wn);
    if (v.t != T_VEC && v.t != T_LIST)
        return pa_type_error(I, what, data.t == T_FRAME ? "a column name or a vector" : "a vector", val_type_name(v));
    if (arg_vec(I, v, argno, out) != ST_OK)
        return ST_ERR;
    pa_tmp_keep(t, *out);
    return ST_OK;
}

/* Numbers of a num or bool vector, NA as NaN. */

/* The values of v as doubles (t owns them). Refuses str vectors, empty
 * vectors and all-NA ones with a message naming `what`. */
Status pa_series_of(Interp *I, Tmp *t, const Vec *v, const char *what, Series *s)
{
    if (v->kind == VEC_STR)
        return pa_type_error(I, what, "a num vector", obj_type_name(v));
    if (v->len == 0)
        return err_raise(I, ERR_VALUE, "%s: %s is empty", builtin_current(I), what);
    if (v->nnull == v->len)
        return err_raise(I, ERR_VALUE, "%s: %s has only NA values (%lld)", builtin_current(I), what,
                         (long long)v->len);
    if (!(s->x = pa_tmp_alloc(t, sizeof(double) * (size_t)v->len)))
        return err_oom(I);
    s->n = v->len;
    s->na = v->nnull;
    s->v = v;
    for (int64_t i = 0; i < v->len; i++)
        s->x[i] = !vec_is_valid(v, i) ? NAN : v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i];
    return ST_OK;
}

/* pa_pick_vec then pa_series_of. */
Status pa_pick_series(Interp *I, Tmp *t, Value data, Value v, int argno, Series *s, const char **name)
{
    Vec *vec;
    char what[160];
    if (pa_pick_vec(I, t, data, v, argno, &vec, what, sizeof what, name) != ST_OK)
        return ST_ERR;
    return pa_series_of(I, t, vec, what, s);
}

Status pa_check_len(Interp *I, int64_t n, int64_t want, const char *what)
{
    if (n == want)
        return ST_OK;
    return err_raise(I, ERR_VALUE, "%s: %s has length %lld, expected %lld", builtin_current(I), what,
                     (long long)n, (long long)want);
}

/* ---- groups (by=, color=, classes) ----------------------------------------------------- */


int pa_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int pa_cmp_num(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* "2.5", "3", "1e+20": a number as a label. */
void pa_num_label(double x, char *buf, size_t n)
{
    snprintf(buf, n, "%.15g", x);
}

static Status pa_too_many(Interp *I, const char *what, int64_t n, int max)
{
    return err_raise(I, ERR_VALUE, "%s: %s has %lld distinct values; at most %d groups can be told apart",
                     builtin_current(I), what, (long long)n, max);
}

static Status pa_groups_str(Interp *I, Tmp *t, const Vec *v, const char *what, int maxg, Groups *g)
{
    int32_t nd = v->dict->n;
    int *rank = pa_tmp_alloc(t, sizeof(int) * (size_t)(nd + 1));
    char **names = pa_tmp_alloc(t, sizeof(char *) * (size_t)(nd + 1));
    if (!rank || !names)
        return err_oom(I);
    for (int64_t i = 0; i < v->len; i++)
        if (vec_is_valid(v, i))
            rank[v->d.code[i]] = 1;
    int ng = 0;
    for (int32_t c = 0; c < nd; c++)
        if (rank[c])
            names[ng++] = v->dict->strs[c]->s;
    if (ng > maxg)
        return pa_too_many(I, what, ng, maxg);
    qsort(names, (size_t)ng, sizeof(char *), pa_cmp_str);
    for (int k = 0; k < ng; k++)
        rank[dict_find(v->dict, names[k], strlen(names[k]))] = k;
    for (int64_t i = 0; i < v->len; i++)
        g->gid[i] = vec_is_valid(v, i) ? rank[v->d.code[i]] : -1;
    g->names = names;
    g->ng = ng;
    return ST_OK;
}

static Status pa_groups_num(Interp *I, Tmp *t, const Vec *v, const char *what, int maxg, Groups *g)
{
    double *u = pa_tmp_alloc(t, sizeof(double) * (size_t)(v->len + 1));
    if (!u)
        return err_oom(I);
    int64_t m = 0;
    for (int64_t i = 0; i < v->len; i++) {
        double x = v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i];
        if (vec_is_valid(v, i) && !isnan(x))
            u[m++] = x;
    }
    qsort(u, (size_t)m, sizeof(double), pa_cmp_num);
    int64_t nu = 0;
    for (int64_t i = 0; i < m; i++)
        if (nu == 0 || u[i] != u[nu - 1])
            u[nu++] = u[i];
    if (nu > maxg)
        return pa_too_many(I, what, nu, maxg);
    if (!(g->names = pa_tmp_alloc(t, sizeof(char *) * (size_t)(nu + 1))))
        return err_oom(I);
    for (int64_t k = 0; k < nu; k++) {
        char buf[40];
        if (v->kind == VEC_BOOL)
            snprintf(buf, sizeof buf, "%s", u[k] ? "true" : "false");
        else
            pa_num_label(u[k], buf, sizeof buf);
        if (!(g->names[k] = pa_tmp_strdup(t, buf)))
            return err_oom(I);
    }
    for (int64_t i = 0; i < v->len; i++) {
        double x = v->kind == VEC_NUM ? v->d.num[i] : v->d.b[i];
        g->gid[i] = -1;
        if (!vec_is_valid(v, i) || isnan(x))
            continue;
        double *hit = bsearch(&x, u, (size_t)nu, sizeof(double), pa_cmp_num);
        g->gid[i] = (int)(hit - u);
    }
    g->ng = (int)nu;
    return ST_OK;
}

/* Group rows of v by value: str groups sorted by text, numbers
 * numerically, bools false then true; NA and NaN rows get -1. */
Status pa_groups_of(Interp *I, Tmp *t, const Vec *v, const char *what, int maxg, Groups *g)
{
    g->n = v->len;
    if (!(g->gid = pa_tmp_alloc(t, sizeof(int) * (size_t)(v->len + 1))))
        return err_oom(I);
    Status st = v->kind == VEC_STR ? pa_groups_str(I, t, v, what, maxg, g) : pa_groups_num(I, t, v, what, maxg, g);
    if (st != ST_OK)
        return st;
    g->na = 0;
    for (int64_t i = 0; i < v->len; i++)
        g->na += g->gid[i] < 0;
    return ST_OK;
}

/* Groups from a by=/color= argument: a column name of data or a vector as
 * long as the data (n rows). */
Status pa_pick_groups(Interp *I, Tmp *t, Value data, Value by, int argno, int64_t n, Groups *g)
{
    Vec *v;
    char what[160];
    const char *name;
    if (pa_pick_vec(I, t, data, by, argno, &v, what, sizeof what, &name) != ST_OK ||
        pa_check_len(I, v->len, n, what) != ST_OK)
        return ST_ERR;
    return pa_groups_of(I, t, v, what, MAX_GROUPS, g);
}

/* The values of s split by g: data[k] holds the rows of group k (NaN for
 * NA), lens[k] their count. Rows whose group is NA are left out. */
Status pa_split_groups(Interp *I, Tmp *t, const Series *s, const Groups *g, double ***data, size_t **lens)
{
    *data = pa_tmp_alloc(t, sizeof(double *) * (size_t)g->ng);
    *lens = pa_tmp_alloc(t, sizeof(size_t) * (size_t)g->ng);
    if (!*data || !*lens)
        return err_oom(I);
    for (int64_t i = 0; i < s->n; i++)
        if (g->gid[i] >= 0)
            (*lens)[g->gid[i]]++;
    for (int k = 0; k < g->ng; k++) {
        if (!((*data)[k] = pa_tmp_alloc(t, sizeof(double) * ((*lens)[k] + 1))))
            return err_oom(I);
        (*lens)[k] = 0;
    }
    for (int64_t i = 0; i < s->n; i++)
        if (g->gid[i] >= 0)
            (*data)[g->gid[i]][(*lens)[g->gid[i]]++] = s->x[i];
    return ST_OK;
}

/* ---- figures --------------------------------------------------------------------------- */


/* A new figure from the common arguments c (argument number argno of
 * title), with the chart's own default labels. */
Status pa_new_figure_titled(Interp *I, const Value *c, int argno, const char *title, const char *xlabel,
                                const char *ylabel, PlotFigure **f)
{
    int64_t w = 800, h = 600;
    Value cw = c[COMMON_width], ch = c[COMMON_height];
    if ((arg_given(cw) && arg_int(I, cw, argno + COMMON_width, 50, 20000, &w) != ST_OK) ||
        (arg_given(ch) && arg_int(I, ch, argno + COMMON_height, 50, 20000, &h) != ST_OK))
        return ST_ERR;
    PlotOptions o = {
        .title = arg_given(c[COMMON_title]) ? c[COMMON_title].u.s->s : title,
        .xlabel = arg_given(c[COMMON_xlabel]) ? c[COMMON_xlabel].u.s->s : xlabel,
        .ylabel = arg_given(c[COMMON_ylabel]) ? c[COMMON_ylabel].u.s->s : ylabel,
        .width = (int)w,
        .height = (int)h,
    };
    if (!(*f = plot_figure_new(&o)))
        return err_oom(I);
    return ST_OK;
}

Status pa_new_figure(Interp *I, const Value *c, int argno, const char *xlabel, const char *ylabel,
                         PlotFigure **f)
{
    return pa_new_figure_titled(I, c, argno, NULL, xlabel, ylabel, f);
}

/* Wrap f (consumed) as a plot value; the caption counts NA apart from
 * other non-finite values when any NA was skipped. */
Status pa_finish(Interp *I, PlotFigure *f, const char *kind, int64_t na, Value *out)
{
    int64_t total = (int64_t)plot_figure_skipped(f);
    if (na > 0) {
        char cap[128];
        size_t skipped = plot_figure_skipped(f);
        int64_t other = (int64_t)skipped > na ? (int64_t)skipped - na : 0;
        total = na + other;
        if (other)
            snprintf(cap, sizeof cap, "%lld NA and %lld non-finite values skipped", (long long)na,
                     (long long)other);
        else
            snprintf(cap, sizeof cap, "%lld NA value%s skipped", (long long)na, na == 1 ? "" : "s");
        if (plot_figure_set_caption(f, cap) < 0) {
            plot_figure_free(f);
            return err_oom(I);
        }
    }
    Plot *p = mem_alloc(sizeof *p);
    p->fig = f;
    p->kind = kind;
    p->auc = NAN;
    p->skipped = total;
    *out = val_foreign(&pa_plot_class, p);
    return ST_OK;
}

/* A plot/ failure as a ValueError under the built-in's name: the library
 * starts its messages with its own chart name ("roc: ..."). */
Status pa_lib_error(Interp *I, const char *err)
{
    const char *colon = strchr(err, ':');
    if (colon && colon - err < 20 && !memchr(err, ' ', (size_t)(colon - err)))
        err = colon + 2 <= err + strlen(err) ? colon + 2 : colon + 1;
    return err_raise(I, ERR_VALUE, "%s: %s", builtin_current(I), err);
}
