/*
 * modules.h — the open function of every stdlib module, called in order
 * by sift_open_stdlib (init.c).
 */
#ifndef SIFT_MODULES_H
#define SIFT_MODULES_H

#include "lang/builtin.h"

void basics_open(Interp *I);
void io_open(Interp *I);
void frame_open(Interp *I);
void math_open(Interp *I);
void plots_open(Interp *I);
void stats_open(Interp *I);
void strings_open(Interp *I);
void collections_open(Interp *I);
void transform_open(Interp *I);
void scale_open(Interp *I);
void encode_open(Interp *I);
void target_open(Interp *I);
void power_open(Interp *I);
void interact_open(Interp *I);
void regex_open(Interp *I);
void json_open(Interp *I);
void apply_open(Interp *I);
void tokens_open(Interp *I);
void vectorize_open(Interp *I);
void pca_open(Interp *I);
void bin_open(Interp *I);

#endif
