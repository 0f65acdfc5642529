/*
 * plots.h — what the chart built-ins share (stdlib/plotargs.c): scratch
 * memory released on every path, turning sift arguments (vectors, frame
 * columns, groups) into the plain arrays plot/ draws from, and wrapping a
 * finished figure as a "plot" value. Internal to stdlib/plots*.c.
 */
#ifndef SIFT_PLOTS_H
#define SIFT_PLOTS_H

#include "lang/builtin.h"
#include "plot/plot.h"

/* Colour groups (by=, color=) beyond this are refused: the palette has 8
 * colours and a legend of more than a few dozen entries is unreadable. */
#define MAX_GROUPS 40
/* Classes in a confusion matrix: a 60×60 grid of numbers is already a wall. */
#define MAX_CLASSES 60

/* Every temporary array and borrowed-then-referenced object of one call,
 * released together by pa_tmp_free (so error paths cannot leak). */
typedef struct Tmp {
    void **mem;
    int nmem, capmem;
    Obj **objs;
    int nobj, capobj;
} Tmp;

typedef struct Plot {
    PlotFigure *fig;
    const char *kind;        /* "hist", "scatter", ... (static) */
    double auc;              /* roc_plot only, else NaN */
    int64_t skipped;         /* NA and non-finite values left out */
} Plot;

typedef struct Series {
    double *x;
    int64_t n, na;
    const Vec *v;            /* the source (validity), borrowed from the Tmp */
} Series;

typedef struct Groups {
    int *gid;                /* per row, -1 for NA / NaN */
    char **names;            /* ng labels, sorted (numbers numerically) */
    int ng;
    int64_t n, na;
} Groups;

/* Parameters every chart's list ends with. A chart passes &ARG(title)
 * and ARGNO(title) to pa_new_figure, which reads c[COMMON_width] etc. */
#define PLOT_COMMON_PARAMS(P)                                                                   \
    P(title, "str|null=null") P(xlabel, "str|null=null") P(ylabel, "str|null=null")            \
    P(width, "int|null=null") P(height, "int|null=null")
#define PLOT_COMMON_ITEM_(name, spec) COMMON_##name,
enum { PLOT_COMMON_PARAMS(PLOT_COMMON_ITEM_) COMMON_COUNT_ };
#define COMMON_DOC                                                                                    \
    "\ntitle, xlabel, ylabel label the chart; width and height are its size in pixels\n"              \
    "(default 800×600). NA and non-finite values are skipped and counted in the caption.\n"           \
    "The result is a plot: displayed as an image (and as text in a terminal); save(p, \"f.png\")."

/* The "plot" foreign class. */
extern const ForeignClass pa_plot_class;

/* See plotargs.c for each contract. */
void *pa_tmp_alloc(Tmp *t, size_t n);
char *pa_tmp_strdup(Tmp *t, const char *s);
void *pa_tmp_keep(Tmp *t, void *obj);
void pa_tmp_free(Tmp *t);
Status pa_type_error(Interp *I, const char *what, const char *expected, const char *got);
Status pa_arg_type_error(Interp *I, int argno, const char *expected, Value got);
Status pa_pick_vec(Interp *I, Tmp *t, Value data, Value v, int argno, Vec **out, char *what, size_t wn,
                       const char **name);
Status pa_series_of(Interp *I, Tmp *t, const Vec *v, const char *what, Series *s);
Status pa_pick_series(Interp *I, Tmp *t, Value data, Value v, int argno, Series *s, const char **name);
Status pa_check_len(Interp *I, int64_t n, int64_t want, const char *what);
int pa_cmp_str(const void *a, const void *b);
void pa_num_label(double x, char *buf, size_t n);
Status pa_groups_of(Interp *I, Tmp *t, const Vec *v, const char *what, int maxg, Groups *g);
Status pa_pick_groups(Interp *I, Tmp *t, Value data, Value by, int argno, int64_t n, Groups *g);
Status pa_split_groups(Interp *I, Tmp *t, const Series *s, const Groups *g, double ***data, size_t **lens);
Status pa_new_figure_titled(Interp *I, const Value *c, int argno, const char *title, const char *xlabel,
                                const char *ylabel, PlotFigure **f);
Status pa_new_figure(Interp *I, const Value *c, int argno, const char *xlabel, const char *ylabel,
                         PlotFigure **f);
Status pa_finish(Interp *I, PlotFigure *f, const char *kind, int64_t na, Value *out);
Status pa_lib_error(Interp *I, const char *err);

#endif
