/* kernel/selftest.h: the boot self-test of PMP enforcement (and, in measuring builds, of the
 * trap paths' instruction counts), run in U-mode before any env. */
#ifndef EXO_KERNEL_SELFTEST_H
#define EXO_KERNEL_SELFTEST_H

/* Bytes of U-mode code in arch/riscv/selftest.S: a power of two, its alignment too. */
#define SELFTEST_USTUB_SIZE 128
/* Null syscalls in a row the measurement makes. */
#define SELFTEST_NULL_CALLS 8

#ifndef __ASSEMBLER__
#include "kernel/env.h"

/* The env the self-test runs as: not in the env table, never scheduled. trap_user sends its
 * faults and exceptions back to the test (selftest_return) instead of stopping it. */
extern struct env selftest_env;

/* Check that U-mode cannot load from an unowned RAM page, the kernel image or the UART, that
 * it can read the exposed state, and print "[exo] pmp self-test passed (N entries)"; panic
 * otherwise. Call after ptlb_init and memory_init, with interrupts off; leaves every unpinned
 * entry off. */
void selftest_pmp(unsigned pmp_entries, uint64_t uart_base);

/* arch/riscv/selftest.S. */
void selftest_call(struct env *e);
void selftest_return(void) __attribute__((noreturn));
#endif

#endif /* EXO_KERNEL_SELFTEST_H */
