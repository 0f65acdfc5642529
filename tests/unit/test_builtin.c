/*
 * test_builtin.c — Check unit tests for the built-in machinery (lang/builtin.h):
 * parameter lists written once as X-macros (the signature string and the
 * ARG_ names come from the same list), binding of positional, named, *rest
 * and **kwargs arguments, argument messages that name the parameter, and
 * the programming errors: a name registered twice, a built-in reading its
 * arguments with another list than the one it was registered with, or
 * without BUILTIN_ARGS at all.
 *
 * These errors abort the process (programming errors must not ship),
 * so those tests run the registration in a forked child and check its
 * signal and its message on stderr.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lang/builtin.h"
#include "lang/mem.h"
#include "lang/sift.h"
#include "stdlib/stdlib.h"

/* ---- a test built-in with every kind of parameter --------------------------------- */

#define PROBE_PARAMS(P) P(x, "num") P(rest, "*") P(scale, "num=2") P(tag, "str|null=null") P(extra, "**")

static char seen[256];

static Status probe(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(PROBE_PARAMS);
    snprintf(seen, sizeof seen, "x=%g rest=%lld scale=%g tag=%s extra=%d", ARG(x).u.n,
             (long long)ARG(rest).u.l->len, ARG(scale).u.n, ARG(tag).t == T_STR ? ARG(tag).u.s->s : "-",
             ARG(extra).u.r->len);
    int64_t k;
    if (arg_int(I, ARG(scale), ARGNO(scale), 0, 10, &k) != ST_OK)
        return ST_ERR;
    *out = val_num(ARG(x).u.n * (double)k);
    return ST_OK;
}

#define OTHER_PARAMS(P) P(y, "num")

/* Registered with PROBE_PARAMS but reads OTHER_PARAMS: a programming error. */
static Status mismatched(Interp *I, Value *a, Value *out)
{
    BUILTIN_ARGS(OTHER_PARAMS);
    *out = val_ref(ARG(y));
    return ST_OK;
}

/* Never passes a BUILTIN_ARGS (reads arguments the old way, by index). */
static Status unnamed(Interp *I, Value *a, Value *out)
{
    *out = val_ref(a[0]);
    return ST_OK;
}

static const BuiltinReg probe_lib[] = {
    {"probe", probe, BUILTIN_SIG(PROBE_PARAMS), "A test built-in."},
    {0},
};
static const BuiltinReg other_lib[] = {
    {"probe", probe, BUILTIN_SIG(PROBE_PARAMS), "The same name again."},
    {0},
};
static const BuiltinReg mismatched_lib[] = {
    {"mismatched", mismatched, BUILTIN_SIG(PROBE_PARAMS), "Reads the wrong list."},
    {"unnamed", unnamed, BUILTIN_SIG(OTHER_PARAMS), "Reads no list."},
    {0},
};

static char out_text[512];
static void capture(void *ud, int stream, const char *s, size_t n)
{
    size_t have = strlen(out_text);
    snprintf(out_text + have, sizeof out_text - have, "%.*s", (int)n, s);
}

/* Run src; the probe built-in records what it was given in seen[]. */
static SiftResult run(Interp *I, const char *src)
{
    out_text[0] = 0;
    seen[0] = 0;
    return sift_run(I, "t", src);
}

START_TEST(signature_comes_from_the_list)
{
    ck_assert_str_eq(BUILTIN_SIG(PROBE_PARAMS), "x:num, rest:*, scale:num=2, tag:str|null=null, extra:**, ");
    SiftHost host = {0};
    host.write = capture;
    Interp *I = sift_new(&host);
    builtin_module(I, "probe", "Test.", probe_lib);
    SiftResult r = run(I, "help(probe)");
    ck_assert_int_eq(r.status, SIFT_OK);
    sift_result_free(&r);
    ck_assert_ptr_nonnull(strstr(out_text, "probe(x, ...rest, scale=2, tag=null, **extra)"));
    sift_free(I);
}
END_TEST

START_TEST(arguments_bind_by_name)
{
    Interp *I = sift_new(NULL);
    builtin_module(I, "probe", "Test.", probe_lib);
    SiftResult r = run(I, "probe(3)");
    ck_assert_int_eq(r.status, SIFT_OK);
    ck_assert_str_eq(seen, "x=3 rest=0 scale=2 tag=- extra=0");
    sift_result_free(&r);
    r = run(I, "probe(3, 7, 8, tag=\"t\", scale=4, other=1, more=2)");
    ck_assert_int_eq(r.status, SIFT_OK);
    ck_assert_str_eq(seen, "x=3 rest=2 scale=4 tag=t extra=2");
    sift_result_free(&r);
    sift_free(I);
}
END_TEST

START_TEST(argument_errors_name_the_parameter)
{
    Interp *I = sift_new(NULL);
    builtin_module(I, "probe", "Test.", probe_lib);
    SiftResult r = run(I, "probe(1, scale=11)");
    ck_assert_int_eq(r.status, SIFT_ERROR);
    ck_assert_ptr_nonnull(strstr(r.evalue, "probe: argument 3 (scale) must be between 0 and 10, got 11"));
    sift_result_free(&r);
    r = run(I, "probe(1, tag=5)");
    ck_assert_int_eq(r.status, SIFT_ERROR);
    ck_assert_ptr_nonnull(strstr(r.evalue, "probe: argument 4 (tag) must be a str or null, got num"));
    sift_result_free(&r);
    sift_free(I);
}
END_TEST

/* Run f in a child with stderr on a pipe; its message and whether it
 * was killed by SIGABRT. */
static bool child_aborts(void (*f)(void), char *msg, size_t n)
{
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fd[1], 2);
        close(fd[0]);
        f();
        _exit(0);
    }
    close(fd[1]);
    size_t len = 0;
    ssize_t got;
    while (len + 1 < n && (got = read(fd[0], msg + len, n - 1 - len)) > 0)
        len += (size_t)got;
    msg[len] = 0;
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void register_twice(void)
{
    Interp *I = sift_new(NULL);
    builtin_module(I, "first", "Test.", probe_lib);
    builtin_module(I, "second", "Test.", other_lib);
}

static void register_over_stdlib(void)
{
    static const BuiltinReg mean_again[] = {{"mean", probe, BUILTIN_SIG(PROBE_PARAMS), "Shadows stats.mean."}, {0}};
    Interp *I = sift_new(NULL);
    sift_open_stdlib(I);
    builtin_module(I, "mine", "Test.", mean_again);
}

START_TEST(duplicate_name_is_a_startup_error)
{
    char msg[512];
    ck_assert(child_aborts(register_twice, msg, sizeof msg));
    ck_assert_ptr_nonnull(strstr(msg, "'probe': the name is registered twice (modules 'first' and 'second')"));
    ck_assert(child_aborts(register_over_stdlib, msg, sizeof msg));
    ck_assert_ptr_nonnull(strstr(msg, "'mean': the name is registered twice (modules 'stats' and 'mine')"));
}
END_TEST

START_TEST(stdlib_names_are_unique)
{
    Interp *I = sift_new(NULL);          /* aborts if any two modules share a name */
    ck_assert(sift_open_stdlib(I));
    ck_assert_int_gt(sift_builtin_count(I), 50);
    sift_free(I);
}
END_TEST

static void call_mismatched(void)
{
    Interp *I = sift_new(NULL);
    builtin_module(I, "m", "Test.", mismatched_lib);
    SiftResult r = sift_run(I, "t", "mismatched(1)");
    sift_result_free(&r);
}

static void call_unnamed(void)
{
    Interp *I = sift_new(NULL);
    builtin_module(I, "m", "Test.", mismatched_lib);
    SiftResult r = sift_run(I, "t", "unnamed(1)");
    sift_result_free(&r);
}

START_TEST(reading_with_another_list_aborts)
{
    char msg[512];
    ck_assert(child_aborts(call_mismatched, msg, sizeof msg));
    ck_assert_ptr_nonnull(strstr(msg, "built-in 'mismatched' reads its arguments with parameter list \"y:num, \""));
    ck_assert(child_aborts(call_unnamed, msg, sizeof msg));
    ck_assert_ptr_nonnull(strstr(msg, "built-in 'unnamed' returned without reading its arguments through BUILTIN_ARGS"));
}
END_TEST

Suite *builtin_suite(void)
{
    Suite *s = suite_create("builtin");
    TCase *t = tcase_create("core");
    tcase_add_test(t, signature_comes_from_the_list);
    tcase_add_test(t, arguments_bind_by_name);
    tcase_add_test(t, argument_errors_name_the_parameter);
    tcase_add_test(t, duplicate_name_is_a_startup_error);
    tcase_add_test(t, stdlib_names_are_unique);
    tcase_add_test(t, reading_with_another_list_aborts);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(builtin_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
