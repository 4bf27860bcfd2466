/* bench_libos: instructions retired for libexo's own paths, with no kernel call inside them
 * (run it under QEMU -icount shift=0, where the counts repeat exactly; hostpy/exo/bench.py does).
 *
 * Prints, each the least over many single samples (bench.h):
 *   bench thread_switch N   one thread's instret read just before thread_yield() to the other
 *                           thread's first read after its own thread_yield() returned: the
 *                           yield, the scheduler's choice and the register switch
 *   bench malloc_free_64 N  malloc(64) and free() of it: picolibc's malloc over libexo's sbrk,
 *                           its arena already grown (the first call binds pages; it is not a
 *                           sample); rv64 only, as an rv32 image cannot link picolibc's malloc
 *                           (docs/libos.md)
 * then `bench done`, and exits 0. Exit 2: malloc failed. Arguments: `w` first to wait for a byte
 * of console input before measuring; then how many samples (default 200).
 */
#include <stdlib.h>

#include <exo/thread.h>

#include "bench.h"

/* Two threads on static stacks (no malloc: the rv32 image links too) hand the hart to each
 * other; `stamp` is the yielder's last read, `best` the least switch seen by either. */
static struct thread ping, pong;
static unsigned long stacks[2][512];
static unsigned long samples, stamp, best = BENCH_NONE;

static void *bounce(void *arg) {
    (void)arg;
    for (unsigned long i = 0; i < samples; i++) {
        stamp = instret_read();
        thread_yield();
        best = bench_least(best, instret_read() - stamp);
    }
    return NULL;
}

/* The two reads back to back: what the reads cost without the switch between them. */
static unsigned long reads_alone(void) {
    unsigned long t0 = instret_read();
    return instret_read() - t0;
}

static unsigned long switch_threads(unsigned long n) {
    samples = n;
    thread_start(&ping, stacks[0], sizeof stacks[0], bounce, NULL);
    thread_start(&pong, stacks[1], sizeof stacks[1], bounce, NULL);
    thread_join(&ping, NULL);
    thread_join(&pong, NULL);
    return best - reads_alone() + 1;
}

#if __riscv_xlen == 64
/* The pointer goes through a volatile so the compiler cannot pair malloc with free away. */
static void *volatile block;

static unsigned long malloc_free(unsigned long n) {
    unsigned long pair = BENCH_NONE;
    block = malloc(64);
    if (block == NULL) exo_exit(2);
    free(block);
    for (unsigned long i = 0; i < n; i++) {
        unsigned long t0 = instret_read();
        block = malloc(64);
        free(block);
        pair = bench_least(pair, instret_read() - t0);
        if (block == NULL) exo_exit(2);
    }
    return pair - reads_alone() + 1;
}
#endif

int main(void) {
    unsigned long n = bench_args(200);
    bench_say("thread_switch", switch_threads(n));
#if __riscv_xlen == 64
    bench_say("malloc_free_64", malloc_free(n));
#endif
    bench_done();
    return 0;
}
