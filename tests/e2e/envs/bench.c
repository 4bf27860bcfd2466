/* bench: instructions retired for a null syscall and for a PMP refill, read from instret (run it
 * under QEMU -icount shift=0, where the counts repeat exactly; hostpy/exo/bench.py does).
 *
 * Prints `bench null_syscall N` (the whole U -> M -> U round trip, the ecall included),
 * `bench pmp_refill N` (from the faulting access to its retry, on a page the env owns but has no
 * PMP entry for), then `bench done`, and exits 0. Exit 2: it could not bind its pages.
 * Argument: how many null syscalls to average over (default 1000).
 */
#include "hostile.h"

#define REFILL_PAGES 32 /* more than any hart's PMP entries: every touch in a sweep misses */
#define SWEEPS       4

/* Instructions for n iterations of a loop whose body is `ecall` (a7 = EXO_SYS_NULL) or `nop`. */
static unsigned long loop_ecall(unsigned long n) {
    register long a0 __asm__("a0") = 0;
    register long a7 __asm__("a7") = EXO_SYS_NULL;
    unsigned long t0, t1;
    __asm__ volatile("csrr %0, instret\n"
                     "1: ecall\n"
                     "addi %2, %2, -1\n"
                     "bnez %2, 1b\n"
                     "csrr %1, instret\n"
                     : "=&r"(t0), "=&r"(t1), "+r"(n), "+r"(a0)
                     : "r"(a7)
                     : "memory");
    return t1 - t0;
}

static unsigned long loop_nop(unsigned long n) {
    unsigned long t0, t1;
    __asm__ volatile("csrr %0, instret\n"
                     "1: nop\n"
                     "addi %2, %2, -1\n"
                     "bnez %2, 1b\n"
                     "csrr %1, instret\n"
                     : "=&r"(t0), "=&r"(t1), "+r"(n)
                     :
                     : "memory");
    return t1 - t0;
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

static void say(const char *name, unsigned long n) {
    struct line out = {.len = 0};
    line_str(&out, "bench ");
    line_str(&out, name);
    line_str(&out, " ");
    line_dec(&out, (long)n);
    line_end(&out);
}

int main(void) {
    unsigned long n = 1000, v;
    if (num_parse(arg_next(NULL), &v) && v > 0) n = v;

    /* The least of a few tries: an interrupt (the link, the quantum) in one only adds. Each
     * iteration's ecall counts one, the kernel's path the rest. */
    unsigned long best = (unsigned long)-1;
    for (int i = 0; i < 5; i++) {
        unsigned long e = loop_ecall(n), z = loop_nop(n);
        unsigned long per = (e - z) / n + 1;
        if (per < best) best = per;
    }
    say("null_syscall", best);

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
    unsigned long refill = (unsigned long)-1;
    for (int s = 0; s < SWEEPS; s++)
        for (unsigned i = 0; i < REFILL_PAGES; i++) {
            unsigned long t = touch(pages[i]);
            if (t > hit && t - hit < refill) refill = t - hit;
        }
    say("pmp_refill", refill == (unsigned long)-1 ? 0 : refill);
    struct line out = {.len = 0};
    line_str(&out, "bench done");
    line_end(&out);
    return 0;
}
