/* bench_cpu: instructions retired for issue 5's paths, read from instret (run it under QEMU
 * -icount shift=0, where the counts repeat exactly; hostpy/exo/bench.py does).
 *
 * Prints, each the least over many single samples (an interrupt only ever adds to one):
 *   bench directed_yield_round_trip N   yield to a slotless child that yields straight back
 *   bench directed_yield N              half of that, less the child's 3 loop instructions
 *   bench timer_switch N                from a child's last instret read before its slot ends
 *                                       to this env's first read after the timer switched to it
 *                                       (both loops' few instructions around the switch
 *                                       included)
 *   bench upcall_resume N               an ebreak delivered to a 6-instruction assembly
 *                                       handler that steps past it and resumes (UPCALL_RESUME)
 *   bench upcall_fault_resume N         the same for a load access fault (address 0)
 *   bench upcall_resume_libexo N        an ebreak through libexo's stub and a C handler
 *   bench revoke_100_pages N            REVOKE of 100 pages from a child that ignores it, its
 *                                       deadline already passed: from the call until the
 *                                       exposed state shows them taken
 * then `bench done`, and exits 0. Exit 2 + step: a call failed. Arguments: `w` first to wait
 * for a byte of console input before measuring; then how many samples (default 200).
 */
#include <stddef.h>

#include <exo/cpu.h>
#include <exo/upcall.h>

#include "bench.h"

#define SWITCHES     64 /* timer switches sampled: enough for the least to be the floor */
#define SWITCH_GAP   64 /* instret jump that means this env was switched out */
#define REVOKE_PAGES 100

_Static_assert(offsetof(struct exo_upcall_area, head) == 8, "fast_entry's offsets");
_Static_assert(offsetof(struct exo_upcall_area, tail) == 12, "fast_entry's offsets");
_Static_assert(offsetof(struct exo_upcall_area, regs) == 16, "fast_entry's offsets");

/* The smallest handler: consume every event (tail = head), step past the 4-byte instruction
 * at the saved pc, resume. */
void fast_entry(void);
__asm__(".text\n.globl fast_entry\n.balign 4\nfast_entry:\n"
        "lw t0, 8(a0)\n"
        "sw t0, 12(a0)\n" L_ " t0, 16(a0)\n"
        "addi t0, t0, 4\n" S_ " t0, 16(a0)\n"
        "li a7, 31\n"
        "ecall\n");

/* Child programs, copied into a page the child is given (position-independent). */
extern char yield_child[], yield_child_end[], switch_child[], switch_child_end[];
__asm__(".text\n.balign 4\n"
        /* a1 = the parent's id: yield to it forever. */
        ".globl yield_child\nyield_child:\n"
        "mv s0, a1\n"
        "1: mv a0, s0\n"
        "li a7, 22\n"
        "ecall\n"
        "j 1b\n"
        ".globl yield_child_end\nyield_child_end:\n"
        /* a1 = the shared page: store instret in its second word forever. */
        ".globl switch_child\nswitch_child:\n"
        "1: csrr t0, instret\n" S_ " t0, " W_ "(a1)\n"
        "j 1b\n"
        ".globl switch_child_end\nswitch_child_end:\n");

static void fail(int step) {
    exo_exit(2 + step);
}

/* Results are kept and printed at the end, once no child lives: in terminal mode the console
 * shows the foreground env, and a child started later would take that place. */
#define RESULTS_MAX 8
static const char *result_name[RESULTS_MAX];
static unsigned long result_count[RESULTS_MAX];
static unsigned results;

static void say(const char *name, unsigned long n) {
    if (results == RESULTS_MAX) fail(13);
    result_name[results] = name;
    result_count[results++] = n;
}

static void say_all(void) {
    for (unsigned i = 0; i < results; i++)
        bench_say(result_name[i], result_count[i]);
    bench_done();
}

static uintptr_t page_addr(long ppn) {
    return (uintptr_t)ppn << EXO_PAGE_SHIFT;
}

/* A child running `code` (copied into a page it is given) with arg; `slot` gives it one. */
static long child_start(const char *code, const char *end, unsigned long arg, int slot) {
    long child = exo_env_create("benchkid", 8);
    long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_RWX);
    if (child < 0 || ppn < 0) fail(0);
    volatile char *dst = (volatile char *)page_addr(ppn);
    for (const char *p = code; p < end; p++)
        *dst++ = *p;
    __asm__ volatile("fence.i" ::: "memory");
    if (slot) {
        long s = exo_slot_alloc(EXO_ANY);
        if (s < 0 || exo_env_give_slot((unsigned long)child, (unsigned long)s) != EXO_OK) fail(1);
    }
    if (exo_env_give_page((unsigned long)child, (unsigned long)ppn) != EXO_OK ||
        exo_env_start((unsigned long)child, page_addr(ppn), arg) != EXO_OK)
        fail(2);
    return child;
}

/* instret around one ecall of nr(a0 = x), or around a nop in its place. */
static unsigned long one_call(long nr, long x, int ecall) {
    register long a0 __asm__("a0") = x;
    register long a7 __asm__("a7") = nr;
    unsigned long t0, t1;
    if (ecall)
        __asm__ volatile("csrr %0, instret\necall\ncsrr %1, instret\n"
                         : "=&r"(t0), "=&r"(t1), "+r"(a0)
                         : "r"(a7)
                         : "memory", "a1");
    else
        __asm__ volatile("csrr %0, instret\nnop\ncsrr %1, instret\n"
                         : "=&r"(t0), "=&r"(t1), "+r"(a0)
                         : "r"(a7)
                         : "memory", "a1");
    return t1 - t0;
}

/* instret around one 4-byte ebreak, or one 4-byte load from address 0 (fault = 1). */
static unsigned long one_trap(int fault) {
    unsigned long t0, t1, v = 0;
    if (fault)
        __asm__ volatile(".option push\n.option norvc\n"
                         "csrr %0, instret\nlw %2, 0(zero)\ncsrr %1, instret\n"
                         ".option pop\n"
                         : "=&r"(t0), "=&r"(t1), "+r"(v)
                         :
                         : "memory");
    else
        __asm__ volatile(".option push\n.option norvc\n"
                         "csrr %0, instret\nebreak\ncsrr %1, instret\n"
                         ".option pop\n"
                         : "=&r"(t0), "=&r"(t1)
                         :
                         : "memory");
    return t1 - t0;
}

/* The same pair with a nop: what the two reads cost without the trap. */
static unsigned long one_nop(void) {
    unsigned long t0, t1;
    __asm__ volatile("csrr %0, instret\nnop\ncsrr %1, instret\n" : "=&r"(t0), "=&r"(t1));
    return t1 - t0;
}

static unsigned long least_trap(int fault, unsigned long n) {
    unsigned long best = BENCH_NONE, base = BENCH_NONE;
    for (unsigned long i = 0; i < n; i++) {
        best = bench_least(best, one_trap(fault));
        base = bench_least(base, one_nop());
    }
    return best - base + 1;
}

static void directed_yield(unsigned long n) {
    long child = child_start(yield_child, yield_child_end, exo_env_self(), 0);
    unsigned long best = BENCH_NONE, base = BENCH_NONE;
    for (unsigned long i = 0; i < n; i++) {
        best = bench_least(best, one_call(EXO_SYS_YIELD, child, 1));
        base = bench_least(base, one_call(EXO_SYS_YIELD, child, 0));
    }
    unsigned long rt = best - base + 1;
    say("directed_yield_round_trip", rt);
    say("directed_yield", (rt - 3) / 2);
    if (exo_env_destroy((unsigned long)child) < 0) fail(3);
}

static void timer_switch(void) {
    long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
    if (ppn < 0) fail(4);
    volatile unsigned long *shared = (volatile unsigned long *)page_addr(ppn);
    long child = child_start(switch_child, switch_child_end, page_addr(ppn), 1);
    if (exo_page_share((unsigned long)ppn, (unsigned long)child, EXO_PERM_R | EXO_PERM_W) != EXO_OK)
        fail(5);
    unsigned long best = BENCH_NONE, prev = instret_read();
    for (unsigned switches = 0; switches < SWITCHES;) {
        unsigned long t = instret_read();
        if (t - prev > SWITCH_GAP && shared[1] != 0) {
            /* Switched out and back: the child ran last if it stored after our last read. */
            unsigned long c = shared[1];
            if (c > prev && t - c < best) best = t - c;
            switches++;
        }
        prev = t;
    }
    say("timer_switch", best);
    if (exo_env_destroy((unsigned long)child) < 0) fail(6);
    exo_page_free((unsigned long)ppn);
}

static void libexo_handler(struct exo_upcall_area *a) {
    struct exo_event ev;
    while (exo_upcall_next(a, &ev))
        if (ev.kind == EXO_EV_FAULT) a->regs[0] += 4;
}

static void upcalls(unsigned long n) {
    long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
    if (ppn < 0) fail(7);
    struct exo_upcall_area *area = (struct exo_upcall_area *)page_addr(ppn);
    if (exo_upcall_register(fast_entry, area) != EXO_OK) fail(8);
    say("upcall_resume", least_trap(0, n));
    say("upcall_fault_resume", least_trap(1, n));
    if (exo_upcall_init(area, libexo_handler) != EXO_OK) fail(9);
    say("upcall_resume_libexo", least_trap(0, n));
    exo_upcall_register(0, 0);
    exo_page_free((unsigned long)ppn);
}

static void revoke_pages(void) {
    static const uint32_t spin = 0x0000006fu; /* j . */
    const char *code = (const char *)&spin;
    long child = child_start(code, code + sizeof spin, 0, 0);
    for (int i = 0; i < REVOKE_PAGES; i++) {
        long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
        if (ppn < 0 || exo_env_give_page((unsigned long)child, (unsigned long)ppn) != EXO_OK)
            fail(10);
    }
    const volatile struct exo_env_summary *s =
        &libexo_exposed()->envs[(unsigned long)child & EXO_ENV_INDEX_MASK];
    unsigned long t0 = instret_read();
    if (exo_revoke((unsigned long)child, EXO_REVOKE_PAGES, REVOKE_PAGES, exo_time()) != EXO_OK)
        fail(11);
    while (s->pages != 1) {
    }
    say("revoke_100_pages", instret_read() - t0);
    if (exo_env_destroy((unsigned long)child) < 0) fail(12);
}

int main(void) {
    unsigned long n = bench_args(200);
    directed_yield(n);
    timer_switch();
    upcalls(n);
    revoke_pages();
    say_all();
    return 0;
}
