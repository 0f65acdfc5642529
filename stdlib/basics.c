/*
 * basics.c — printing, display and the session: print, warn, show.
 */
#include "lang/builtin.h"
#include "lang/mem.h"
#include "lang/show.h"
#include "stdlib/modules.h"

static Status basics_print(Interp *I, Value *a, Value *out)
{
    List *args = a[0].u.l;
    SBuf b = {0};
    const char *sep = a[1].t == T_STR ? a[1].u.s->s : " ";
    for (int64_t i = 0; i < args->len; i++) {
        if (i)
            sb_puts(&b, sep);
        show_value(I, &b, args->items[i], false);
    }
    sb_puts(&b, a[2].t == T_STR ? a[2].u.s->s : "\n");
    interp_write(I, SIFT_STDOUT, b.s, b.len);
    mem_free(b.s);
    return ST_OK;
}

static const BuiltinReg basics_lib[] = {
    {"print", basics_print, "*values, sep:str=\" \", end:str=\"\\n\"",
     "Write the values to standard output, separated by sep and followed by end.\n"
     "Strings print without quotes; frames print as tables."},
    {0},
};

void basics_open(Interp *I)
{
    builtin_module(I, "basics", "Printing, display and the session.", basics_lib);
}
