/*
 * init.c — the master list of standard modules (as Lua's linit.c).
 * Each module's open function registers its own table.
 */
#include "stdlib/stdlib.h"

#include "stdlib/modules.h"

bool sift_open_stdlib(Interp *I)
{
    basics_open(I);
    io_open(I);
    frame_open(I);
    math_open(I);
    plots_open(I);
    stats_open(I);
    strings_open(I);
    collections_open(I);
    transform_open(I);
    scale_open(I);
    encode_open(I);
    target_open(I);
    power_open(I);
    interact_open(I);
    regex_open(I);
    json_open(I);
    apply_open(I);
    tokens_open(I);
    vectorize_open(I);
    pca_open(I);
    bin_open(I);
    return true;
}
