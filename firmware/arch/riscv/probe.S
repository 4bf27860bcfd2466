/* arch/riscv/probe.S: probe_load32, a 32-bit load whose access fault is caught and reported.
 * While it runs, mtvec points at caught, which steps over the faulting load (4 bytes: the
 * load is assembled uncompressed) and returns false. */
#include "arch/riscv/csr.h"

    .section .text
    .option push
    .option norvc

/* bool probe_load32(uintptr_t addr, uint32_t *value) */
    .globl probe_load32
probe_load32:
    csrr    t2, CSR_MTVEC
    la      t0, caught
    csrw    CSR_MTVEC, t0
    li      t1, 1                    /* assume success; caught clears it */
    lw      t0, 0(a0)
    csrw    CSR_MTVEC, t2
    beqz    t1, 1f
    sw      t0, 0(a1)
1:  mv      a0, t1
    ret

    .balign 4
caught:
    csrr    t0, CSR_MEPC
    addi    t0, t0, 4
    csrw    CSR_MEPC, t0
    li      t1, 0
    mret

    .option pop
