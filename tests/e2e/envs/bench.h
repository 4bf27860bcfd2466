/* bench.h: what the benchmark envs (bench.c, bench_cpu.c, bench_libos.c) share: their arguments
 * and the lines hostpy/exo/bench.py reads (`bench NAME N` each, then `bench done`).
 *
 * Every count is the least over many single samples read from instret: an interrupt (the link,
 * the end of a slot) only ever adds to a sample, so the least is a clean one and repeats exactly
 * from run to run under QEMU -icount shift=0; an average over a loop would not.
 */
#ifndef BENCH_H
#define BENCH_H

#include "hostile.h"

#define BENCH_NONE ((unsigned long)-1) /* no sample yet: any sample is less */

/* The samples to take: the argument after an optional `w`, else `n`. With `w` first the env
 * waits for a byte of console input before it measures, so the host can close its session
 * and no link traffic lands inside a sample. */
static inline unsigned long bench_args(unsigned long n) {
    unsigned long v;
    const char *arg = arg_next(NULL);
    if (arg != NULL && arg[0] == 'w') {
        console_wait_byte();
        arg = arg_next(arg);
    }
    return num_parse(arg, &v) && v > 0 ? v : n;
}

/* The lesser of the best so far and a new sample. */
static inline unsigned long bench_least(unsigned long best, unsigned long sample) {
    return sample < best ? sample : best;
}

/* Prints `bench NAME N`. */
static inline void bench_say(const char *name, unsigned long n) {
    struct line out = {.len = 0};
    line_str(&out, "bench ");
    line_str(&out, name);
    line_str(&out, " ");
    line_dec(&out, (long)n);
    line_end(&out);
}

/* Prints `bench done`: the host stops reading there. */
static inline void bench_done(void) {
    struct line out = {.len = 0};
    line_str(&out, "bench done");
    line_end(&out);
}

#endif /* BENCH_H */
