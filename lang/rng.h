/*
 * rng.h — the one random generator: xoshiro256** seeded through
 * splitmix64 (Blackman & Vigna). Small, fast, and well known, so results
 * are reproducible across machines and thread counts: every function that
 * samples takes a `seed=` and otherwise draws from the interpreter's
 * generator, which set_seed(n) resets.
 */
#ifndef SIFT_RNG_H
#define SIFT_RNG_H

#include <stdint.h>

typedef struct Rng {
    uint64_t s[4];
} Rng;

void rng_seed(Rng *r, uint64_t seed);
uint64_t rng_next(Rng *r);
/* Uniform double in [0, 1) with 53 random bits. */
double rng_uniform(Rng *r);
/* Uniform integer in [0, n) without modulo bias (Lemire). n > 0. */
uint64_t rng_below(Rng *r, uint64_t n);
/* Standard normal (Box–Muller, one value per call). */
double rng_normal(Rng *r);

#endif
