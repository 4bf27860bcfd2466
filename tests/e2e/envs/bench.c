/* bench: instructions retired for a null syscall and for a PMP refill, read from instret (run it
 * under QEMU -icount shift=0, where the counts repeat exactly; hostpy/exo/bench.py does).
 *
 * Prints `bench null_syscall N` (the whole U -> M -> U round trip, the ecall included),
 * `bench syscall_env_self N` (the general path: frame, C dispatch, back),
 * `bench syscall_checked_pointer N` (a console read of 16 bytes with nothing to read: the
 * pointer check), `bench page_alloc_free N` (bind any page, zeroed, and free it, through the
 * libexo wrappers), `bench pmp_refill N` (from the faulting access to its retry, on a page the env
 * owns but has no PMP entry for), then `bench done`, and exits 0. Exit 2: it could not bind its
 * pages. Argument: how many calls to average over (default 1000).
 */
#include "bench.h"

#define REFILL_PAGES 32 /* more than any hart's PMP entries: every touch in a sweep misses */
#define SWEEPS       4

/* Instructions between two instret reads around one `ecall` (call nr with a0 = x, a1 = y) or,
 * with ecall 0, a `nop` in its place: the difference is the kernel's path. */
static unsigned long one_call(long nr, long x, long y, int ecall) {
    register long a0 __asm__("a0") = x;
    register long a1 __asm__("a1") = y;
    register long a7 __asm__("a7") = nr;
    unsigned long t0, t1;
    if (ecall)
        __asm__ volatile("csrr %0, instret\n"
                         "ecall\n"
                         "csrr %1, instret\n"
                         : "=&r"(t0), "=&r"(t1), "+r"(a0), "+r"(a1)
                         : "r"(a7)
                         : "memory");
    else
        __asm__ volatile("csrr %0, instret\n"
                         "nop\n"
                         "csrr %1, instret\n"
                         : "=&r"(t0), "=&r"(t1), "+r"(a0), "+r"(a1)
                         : "r"(a7)
                         : "memory");
    return t1 - t0;
}

/* Instructions for one call, the ecall included: the least over n single calls (bench.h). */
static unsigned long per_call(long nr, long x, long y, unsigned long n) {
    unsigned long best = BENCH_NONE, base = BENCH_NONE;
    for (unsigned long i = 0; i < n; i++) {
        best = bench_least(best, one_call(nr, x, y, 1));
        base = bench_least(base, one_call(nr, x, y, 0));
    }
    return best - base + 1;
}

/* Instructions between two instret reads around one load from addr. */
static unsigned long touch(uintptr_t addr) {
    unsigned long t0, t1, v;
    __asm__ volatile("csrr %0, instret\n"
                     "lw %2, 0(%3)\n"
                     "csrr %1, instret\n"
                     : "=&r"(t0), "=&r"(t1), "=&r"(v)
                     : "r"(addr)
                     : "memory");
    return t1 - t0;
}

int main(void) {
    /* With `w`, the host closes its session first: it runs this env both ways to see what an
     * open session costs each trap. */
    unsigned long n = bench_args(1000);

    bench_say("null_syscall", per_call(EXO_SYS_NULL, 0, 0, n));
    /* The cheapest call that takes the general path (trap frame, C dispatch, back). */
    bench_say("syscall_env_self", per_call(EXO_SYS_ENV_SELF, 0, 0, n));
    /* A call with a pointer the kernel checks (16 bytes of its own stack), nothing to copy. */
    char buf[16];
    bench_say("syscall_checked_pointer", per_call(EXO_SYS_CONSOLE_READ, (long)buf, sizeof buf, n));

    /* Binding a page (zeroed for it) and giving it back, through libexo's wrappers: the least
     * of single pairs, as above. */
    unsigned long pair = BENCH_NONE;
    for (int i = 0; i < 64; i++) {
        unsigned long t0 = instret_read();
        long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
        unsigned long t = instret_read() - t0;
        if (ppn < 0) return 2;
        t0 = instret_read();
        exo_page_free((unsigned long)ppn);
        t += instret_read() - t0;
        pair = bench_least(pair, t);
    }
    bench_say("page_alloc_free", pair);

    /* Scattered pages (every other one of a run it binds), so no PMP region covers two and each
     * needs its own entry. */
    uintptr_t pages[REFILL_PAGES];
    for (unsigned i = 0; i < 2 * REFILL_PAGES; i++) {
        long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
        if (ppn < 0) return 2;
        if (i % 2)
            exo_page_free((unsigned long)ppn);
        else
            pages[i / 2] = (uintptr_t)ppn << EXO_PAGE_SHIFT;
    }
    /* A cached touch: the same page twice in a row, the second one hits. */
    touch(pages[0]);
    unsigned long hit = touch(pages[0]);
    /* Sweeping more pages than there are entries misses on every touch; the least of them is
     * one refill with nothing else in the way (another miss, on the code or the stack, only
     * adds). */
    unsigned long refill = BENCH_NONE;
    for (int s = 0; s < SWEEPS; s++)
        for (unsigned i = 0; i < REFILL_PAGES; i++) {
            unsigned long t = touch(pages[i]);
            if (t > hit && t - hit < refill) refill = t - hit;
        }
    bench_say("pmp_refill", refill == BENCH_NONE ? 0 : refill);
    bench_done();
    return 0;
}
