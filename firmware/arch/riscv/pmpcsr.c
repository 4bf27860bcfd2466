/* arch/riscv/pmpcsr.c: probes how many PMP entries this hart implements. */
#include "arch/riscv/pmpcsr.h"
#include "arch/riscv/csr.h"

unsigned pmpcsr_probe(void) {
    /* All entries off first. A locked entry (from an earlier boot stage) ignores this; it
     * would still not stop M-mode unless it covers the kernel, which no stage before us does. */
    for (unsigned i = 0; i < PMP_CFG_CSRS; i++)
        pmpcsr_swap_cfg(i, 0);
    /* The spec implements the lowest-numbered entries first, so the first pmpaddr that reads
     * back zero after an all-ones write ends the count. Each is left at 0. */
    unsigned n = 0;
    while (n < PMP_MAX_ENTRIES && pmpcsr_swap_addr(n, ~0UL) != 0) {
        pmpcsr_swap_addr(n, 0);
        n++;
    }
    return n;
}
