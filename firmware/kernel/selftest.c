/* kernel/selftest.c: proves at boot, in U-mode and through the real trap path, that PMP stops
 * an env from reading what it does not own, before any env runs. A measuring build
 * (-DSELFTEST_MEASURE=1, run under QEMU -icount shift=0) also counts the instructions of a
 * null syscall and of a PMP refill as U-mode sees them, with `instret`.
 *
 * The test runs as selftest_env, which is outside the env table and never scheduled. Its code
 * (arch/riscv/selftest.S) is kernel text made executable for U by one temporary NAPOT entry,
 * the last one; entry 0 already maps the exposed state read-only and every other is off.
 */
#include "kernel/selftest.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/pmpcsr.h"
#include "kernel/exposed.h"
#include "kernel/klog.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/pmp.h"
#include "kernel/ptlb.h"
#include "lib/string.h"

#ifndef SELFTEST_MEASURE
#define SELFTEST_MEASURE 0
#endif

/* Index CONFIG_MAX_ENVS - 1 with generation 0: no real env has generation 0, so no id clash. */
struct env selftest_env = {.id = CONFIG_MAX_ENVS - 1};

extern char selftest_ustub[], selftest_ustub_load[], selftest_ustub_null[], selftest_ustub_refill[],
    __kernel_start[];

static unsigned entries;

/* Run the U-mode code at pc with a0 = arg until it faults or reaches its ebreak. */
static struct trap_frame *run(const char *pc, uintptr_t arg) {
    memset(&selftest_env.tf, 0, sizeof selftest_env.tf);
    selftest_env.tf.mepc = (uintptr_t)pc;
    selftest_env.tf.x[REG_A0] = arg;
    selftest_call(&selftest_env);
    return &selftest_env.tf;
}

/* Set or clear (perms 0) the last entry over the U-mode code. The pmpcfg CSR holding it may
 * also hold entry 0 (8 or fewer entries on rv64), whose byte is rewritten unchanged. */
static void stub_entry(unsigned perms) {
    uint8_t cfg = 0, exposed_cfg;
    pmp_reg_t addr = 0, exposed_addr;
    unsigned last = entries - 1;
    if (perms && pmp_napot((uintptr_t)selftest_ustub, SELFTEST_USTUB_SIZE, perms, &cfg, &addr))
        panic("pmp self-test: U-mode code at 0x%lx is misaligned", (unsigned long)selftest_ustub);
    pmp_napot((uintptr_t)&kexposed, EXPOSED_REGION, PMP_R, &exposed_cfg, &exposed_addr);
    unsigned long word = (unsigned long)cfg << (8 * (last % PMPCSR_CFG_ENTRIES));
    if (PMPCSR_CFG_CSR(last) == PMPCSR_CFG_CSR(0)) word |= exposed_cfg;
    pmpcsr_write_addr(last, addr);
    pmpcsr_write_cfg(PMPCSR_CFG_CSR(last), word);
}

static void expect_fault(const char *what, uintptr_t addr) {
    struct trap_frame *tf = run(selftest_ustub_load, addr);
    if (tf->mcause != CAUSE_LOAD_ACCESS || tf->mtval != addr)
        panic("pmp self-test: a U-mode load from %s (0x%lx) gave mcause=0x%lx mtval=0x%lx", what,
              (unsigned long)addr, tf->mcause, tf->mtval);
}

static void measure(void) {
    struct trap_frame *tf = run(selftest_ustub_null, 0);
    if (tf->mcause != CAUSE_BREAKPOINT)
        panic("measure: null syscalls gave mcause=0x%lx", tf->mcause);
    long null = (long)((tf->x[29] - tf->x[28]) - (tf->x[7] - tf->x[6])) / SELFTEST_NULL_CALLS;
    /* A page no entry covers, owned by the self-test env. After the flush the refill takes
     * entry 1 (round robin from the first unpinned). The code's entry, the last, is written
     * around the cache, and the refill rewrites entry 1's whole pmpcfg CSR from the cache's
     * image: so measure only when the last entry sits in another pmpcfg CSR. */
    long refill = -1;
    uint32_t ppn = kpages.first_ppn + kpages.count - 1;
    unsigned me = env_index(&selftest_env);
    unsigned per_cfg = sizeof(unsigned long); /* entries one pmpcfg CSR holds */
    if ((entries - 1) / per_cfg != 1 / per_cfg && kpages.count > 0 &&
        pages_alloc(&kpages, me, ppn, EXO_PERM_R | EXO_PERM_W, &ppn) == ERR_OK) {
        ptlb_switch(me);
        stub_entry(PMP_X);
        tf = run(selftest_ustub_refill, (uintptr_t)ppn << EXO_PAGE_SHIFT);
        if (tf->mcause == CAUSE_BREAKPOINT)
            refill = (long)((tf->x[7] - tf->x[6]) - (tf->x[29] - tf->x[28]));
        pages_free(&kpages, me, ppn);
        ptlb_switch(0);
    }
    klog(KLOG_INFO, "measure null=%ld refill=%ld", null, refill);
}

void selftest_pmp(unsigned pmp_entries, uint64_t uart_base) {
    entries = pmp_entries;
    ptlb_switch(0);
    stub_entry(PMP_X);
    struct trap_frame *tf = run(selftest_ustub_load, (uintptr_t)&kexposed);
    if (tf->mcause != CAUSE_BREAKPOINT)
        panic("pmp self-test: U-mode cannot read the exposed state (mcause=0x%lx mtval=0x%lx)",
              tf->mcause, tf->mtval);
    if (kpages.count > 0)
        expect_fault("an unowned page", (uintptr_t)kpages.first_ppn << EXO_PAGE_SHIFT);
    expect_fault("the kernel image", (uintptr_t)__kernel_start);
    expect_fault("the kernel's data", (uintptr_t)&kpages);
    expect_fault("the UART", (uintptr_t)uart_base);
    if (SELFTEST_MEASURE) measure();
    stub_entry(0);
    ptlb_switch(0); /* no env's entries are loaded when the first real one runs */
    klog(KLOG_INFO, "pmp self-test passed (%u entries)", entries);
}
