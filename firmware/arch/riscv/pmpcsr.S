/* arch/riscv/pmpcsr.S: access to PMP CSRs by index: trap-safe swaps for probing, and plain
 * writes for the refill path (indices the probe found, so they cannot trap).
 *
 * CSR numbers are immediates, so each index has a fixed 12-byte stub: write the value, read it
 * back, jump out. While a stub runs, mtvec points at skip_trap, which steps over a faulting
 * CSR instruction and makes the result 0: a PMP CSR that does not exist reads as absent.
 * Compressed instructions are off here so every stub has the same size.
 */
#include "arch/riscv/csr.h"
#include "arch/riscv/xlen.h"

    .section .text
    .option push
    .option norvc

/* unsigned long pmpcsr_swap_addr(unsigned long index, unsigned long value) */
    .globl pmpcsr_swap_addr
pmpcsr_swap_addr:
    li      t1, PMP_MAX_ENTRIES
    la      t0, addr_stubs
    j       dispatch

/* unsigned long pmpcsr_swap_cfg(unsigned long index, unsigned long value) */
    .globl pmpcsr_swap_cfg
pmpcsr_swap_cfg:
    li      t1, PMP_CFG_CSRS
    la      t0, cfg_stubs

dispatch:
    bgeu    a0, t1, absent           /* out of range: never touch a CSR */
    slli    t1, a0, 3                /* 12 bytes a stub: index * 8 + index * 4 */
    slli    a0, a0, 2
    add     t1, t1, a0
    add     t0, t0, t1
    csrr    t2, CSR_MTVEC            /* t2 is not touched by the stubs or skip_trap */
    la      t1, skip_trap
    csrw    CSR_MTVEC, t1
    mv      a0, a1
    jr      t0
done:
    csrw    CSR_MTVEC, t2
    ret
absent:
    li      a0, 0
    ret

/* A CSR instruction in a stub trapped: step over it (4 bytes) with the result 0. */
    .balign 4
skip_trap:
    csrr    t1, CSR_MEPC
    addi    t1, t1, 4
    csrw    CSR_MEPC, t1
    li      a0, 0
    mret

    .balign 4
addr_stubs:
    .set    index, 0
    .rept   PMP_MAX_ENTRIES
    csrw    CSR_PMPADDR0 + index, a0
    csrr    a0, CSR_PMPADDR0 + index
    j       done
    .set    index, index + 1
    .endr

cfg_stubs:
    .set    index, 0
    .rept   PMP_CFG_CSRS
    csrw    CSR_PMPCFG0 + index, a0
    csrr    a0, CSR_PMPCFG0 + index
    j       done
    .set    index, index + 1
    .endr

/* void pmpcsr_write_addr(unsigned long index, unsigned long value): 8-byte stubs. */
    .globl pmpcsr_write_addr
pmpcsr_write_addr:
    la      t0, addr_writers
    slli    a0, a0, 3
    add     t0, t0, a0
    jr      t0

/* void pmpcsr_write_cfg(unsigned long csr_index, unsigned long value) */
    .globl pmpcsr_write_cfg
pmpcsr_write_cfg:
    la      t0, cfg_writers
    slli    a0, a0, 3
    add     t0, t0, a0
    jr      t0

/* void pmpcsr_set_entry(unsigned long index, unsigned long addr, unsigned long cfg): pmpaddr,
 * then the entry's byte in its pmpcfg CSR (cleared, then set), leaving the other entries of
 * that CSR alone. One 32-byte stub an index with the byte's position built in: 12
 * instructions. Uses t0-t2 only (the vector's refill fast path relies on t3 surviving). */
    .globl pmpcsr_set_entry
pmpcsr_set_entry:
    la      t0, entry_setters
    slli    t1, a0, 5
    add     t0, t0, t1
    jr      t0

    .balign 32
entry_setters:
    .set    index, 0
    .rept   PMP_MAX_ENTRIES
    csrw    CSR_PMPADDR0 + index, a1
    li      t2, 0xff
    slli    t2, t2, (index % REGBYTES) * 8
    csrc    CSR_PMPCFG0 + index / REGBYTES * (REGBYTES / 4), t2
    slli    a2, a2, (index % REGBYTES) * 8
    csrs    CSR_PMPCFG0 + index / REGBYTES * (REGBYTES / 4), a2
    ret
    nop                              /* pads the stub to 32 bytes */
    .set    index, index + 1
    .endr
    .if     . - entry_setters != 32 * PMP_MAX_ENTRIES
    .error  "pmpcsr_set_entry's stubs are not 32 bytes each"
    .endif

/* void pmpcsr_load(const uint8_t *cfg, const unsigned long *addr, unsigned long n): entries
 * [0, n) from an image: pmpaddr i = addr[i], and the pmpcfg CSRs holding them whole from cfg
 * (XLEN/8 bytes a CSR, register-aligned; bytes past n are written too, as the image has them).
 * Straight-line: a jump into a descending table of 8-byte steps, so n entries cost 2n + 2 CSR
 * words, not a call each. Uses t0, t1 only. */
    .globl pmpcsr_load
pmpcsr_load:
    li      t0, PMP_MAX_ENTRIES
    sub     t0, t0, a2
    slli    t0, t0, 3
    la      t1, load_addrs
    add     t1, t1, t0
    jr      t1
load_addrs:
    .set    index, PMP_MAX_ENTRIES - 1
    .rept   PMP_MAX_ENTRIES
    REG_L   t0, index * REGBYTES(a1)
    csrw    CSR_PMPADDR0 + index, t0
    .set    index, index - 1
    .endr
    addi    a2, a2, REGBYTES - 1
    srli    a2, a2, REGBYTES_LOG2    /* pmpcfg CSRs in use */
    li      t0, PMP_MAX_ENTRIES / REGBYTES
    sub     t0, t0, a2
    slli    t0, t0, 3
    la      t1, load_cfgs
    add     t1, t1, t0
    jr      t1
load_cfgs:
    .set    index, PMP_MAX_ENTRIES / REGBYTES - 1
    .rept   PMP_MAX_ENTRIES / REGBYTES
    REG_L   t0, index * REGBYTES(a0)
    csrw    CSR_PMPCFG0 + index * (REGBYTES / 4), t0
    .set    index, index - 1
    .endr
    ret

    .balign 4
addr_writers:
    .set    index, 0
    .rept   PMP_MAX_ENTRIES
    csrw    CSR_PMPADDR0 + index, a1
    ret
    .set    index, index + 1
    .endr

cfg_writers:
    .set    index, 0
    .rept   PMP_CFG_CSRS
    csrw    CSR_PMPCFG0 + index, a1
    ret
    .set    index, index + 1
    .endr

    .option pop
