/* arch/riscv/pmpcsr.S: trap-safe access to PMP CSRs by index.
 *
 * CSR numbers are immediates, so each index has a fixed 12-byte stub: write the value, read it
 * back, jump out. While a stub runs, mtvec points at skip_trap, which steps over a faulting
 * CSR instruction and makes the result 0: a PMP CSR that does not exist reads as absent.
 * Compressed instructions are off here so every stub has the same size.
 */
#include "arch/riscv/csr.h"

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
    csrw    CSR_PMPADDR0 + 0, a0
    csrr    a0, CSR_PMPADDR0 + 0
    j       done
    csrw    CSR_PMPADDR0 + 1, a0
    csrr    a0, CSR_PMPADDR0 + 1
    j       done
    csrw    CSR_PMPADDR0 + 2, a0
    csrr    a0, CSR_PMPADDR0 + 2
    j       done
    csrw    CSR_PMPADDR0 + 3, a0
    csrr    a0, CSR_PMPADDR0 + 3
    j       done
    csrw    CSR_PMPADDR0 + 4, a0
    csrr    a0, CSR_PMPADDR0 + 4
    j       done
    csrw    CSR_PMPADDR0 + 5, a0
    csrr    a0, CSR_PMPADDR0 + 5
    j       done
    csrw    CSR_PMPADDR0 + 6, a0
    csrr    a0, CSR_PMPADDR0 + 6
    j       done
    csrw    CSR_PMPADDR0 + 7, a0
    csrr    a0, CSR_PMPADDR0 + 7
    j       done
    csrw    CSR_PMPADDR0 + 8, a0
    csrr    a0, CSR_PMPADDR0 + 8
    j       done
    csrw    CSR_PMPADDR0 + 9, a0
    csrr    a0, CSR_PMPADDR0 + 9
    j       done
    csrw    CSR_PMPADDR0 + 10, a0
    csrr    a0, CSR_PMPADDR0 + 10
    j       done
    csrw    CSR_PMPADDR0 + 11, a0
    csrr    a0, CSR_PMPADDR0 + 11
    j       done
    csrw    CSR_PMPADDR0 + 12, a0
    csrr    a0, CSR_PMPADDR0 + 12
    j       done
    csrw    CSR_PMPADDR0 + 13, a0
    csrr    a0, CSR_PMPADDR0 + 13
    j       done
    csrw    CSR_PMPADDR0 + 14, a0
    csrr    a0, CSR_PMPADDR0 + 14
    j       done
    csrw    CSR_PMPADDR0 + 15, a0
    csrr    a0, CSR_PMPADDR0 + 15
    j       done
    csrw    CSR_PMPADDR0 + 16, a0
    csrr    a0, CSR_PMPADDR0 + 16
    j       done
    csrw    CSR_PMPADDR0 + 17, a0
    csrr    a0, CSR_PMPADDR0 + 17
    j       done
    csrw    CSR_PMPADDR0 + 18, a0
    csrr    a0, CSR_PMPADDR0 + 18
    j       done
    csrw    CSR_PMPADDR0 + 19, a0
    csrr    a0, CSR_PMPADDR0 + 19
    j       done
    csrw    CSR_PMPADDR0 + 20, a0
    csrr    a0, CSR_PMPADDR0 + 20
    j       done
    csrw    CSR_PMPADDR0 + 21, a0
    csrr    a0, CSR_PMPADDR0 + 21
    j       done
    csrw    CSR_PMPADDR0 + 22, a0
    csrr    a0, CSR_PMPADDR0 + 22
    j       done
    csrw    CSR_PMPADDR0 + 23, a0
    csrr    a0, CSR_PMPADDR0 + 23
    j       done
    csrw    CSR_PMPADDR0 + 24, a0
    csrr    a0, CSR_PMPADDR0 + 24
    j       done
    csrw    CSR_PMPADDR0 + 25, a0
    csrr    a0, CSR_PMPADDR0 + 25
    j       done
    csrw    CSR_PMPADDR0 + 26, a0
    csrr    a0, CSR_PMPADDR0 + 26
    j       done
    csrw    CSR_PMPADDR0 + 27, a0
    csrr    a0, CSR_PMPADDR0 + 27
    j       done
    csrw    CSR_PMPADDR0 + 28, a0
    csrr    a0, CSR_PMPADDR0 + 28
    j       done
    csrw    CSR_PMPADDR0 + 29, a0
    csrr    a0, CSR_PMPADDR0 + 29
    j       done
    csrw    CSR_PMPADDR0 + 30, a0
    csrr    a0, CSR_PMPADDR0 + 30
    j       done
    csrw    CSR_PMPADDR0 + 31, a0
    csrr    a0, CSR_PMPADDR0 + 31
    j       done
    csrw    CSR_PMPADDR0 + 32, a0
    csrr    a0, CSR_PMPADDR0 + 32
    j       done
    csrw    CSR_PMPADDR0 + 33, a0
    csrr    a0, CSR_PMPADDR0 + 33
    j       done
    csrw    CSR_PMPADDR0 + 34, a0
    csrr    a0, CSR_PMPADDR0 + 34
    j       done
    csrw    CSR_PMPADDR0 + 35, a0
    csrr    a0, CSR_PMPADDR0 + 35
    j       done
    csrw    CSR_PMPADDR0 + 36, a0
    csrr    a0, CSR_PMPADDR0 + 36
    j       done
    csrw    CSR_PMPADDR0 + 37, a0
    csrr    a0, CSR_PMPADDR0 + 37
    j       done
    csrw    CSR_PMPADDR0 + 38, a0
    csrr    a0, CSR_PMPADDR0 + 38
    j       done
    csrw    CSR_PMPADDR0 + 39, a0
    csrr    a0, CSR_PMPADDR0 + 39
    j       done
    csrw    CSR_PMPADDR0 + 40, a0
    csrr    a0, CSR_PMPADDR0 + 40
    j       done
    csrw    CSR_PMPADDR0 + 41, a0
    csrr    a0, CSR_PMPADDR0 + 41
    j       done
    csrw    CSR_PMPADDR0 + 42, a0
    csrr    a0, CSR_PMPADDR0 + 42
    j       done
    csrw    CSR_PMPADDR0 + 43, a0
    csrr    a0, CSR_PMPADDR0 + 43
    j       done
    csrw    CSR_PMPADDR0 + 44, a0
    csrr    a0, CSR_PMPADDR0 + 44
    j       done
    csrw    CSR_PMPADDR0 + 45, a0
    csrr    a0, CSR_PMPADDR0 + 45
    j       done
    csrw    CSR_PMPADDR0 + 46, a0
    csrr    a0, CSR_PMPADDR0 + 46
    j       done
    csrw    CSR_PMPADDR0 + 47, a0
    csrr    a0, CSR_PMPADDR0 + 47
    j       done
    csrw    CSR_PMPADDR0 + 48, a0
    csrr    a0, CSR_PMPADDR0 + 48
    j       done
    csrw    CSR_PMPADDR0 + 49, a0
    csrr    a0, CSR_PMPADDR0 + 49
    j       done
    csrw    CSR_PMPADDR0 + 50, a0
    csrr    a0, CSR_PMPADDR0 + 50
    j       done
    csrw    CSR_PMPADDR0 + 51, a0
    csrr    a0, CSR_PMPADDR0 + 51
    j       done
    csrw    CSR_PMPADDR0 + 52, a0
    csrr    a0, CSR_PMPADDR0 + 52
    j       done
    csrw    CSR_PMPADDR0 + 53, a0
    csrr    a0, CSR_PMPADDR0 + 53
    j       done
    csrw    CSR_PMPADDR0 + 54, a0
    csrr    a0, CSR_PMPADDR0 + 54
    j       done
    csrw    CSR_PMPADDR0 + 55, a0
    csrr    a0, CSR_PMPADDR0 + 55
    j       done
    csrw    CSR_PMPADDR0 + 56, a0
    csrr    a0, CSR_PMPADDR0 + 56
    j       done
    csrw    CSR_PMPADDR0 + 57, a0
    csrr    a0, CSR_PMPADDR0 + 57
    j       done
    csrw    CSR_PMPADDR0 + 58, a0
    csrr    a0, CSR_PMPADDR0 + 58
    j       done
    csrw    CSR_PMPADDR0 + 59, a0
    csrr    a0, CSR_PMPADDR0 + 59
    j       done
    csrw    CSR_PMPADDR0 + 60, a0
    csrr    a0, CSR_PMPADDR0 + 60
    j       done
    csrw    CSR_PMPADDR0 + 61, a0
    csrr    a0, CSR_PMPADDR0 + 61
    j       done
    csrw    CSR_PMPADDR0 + 62, a0
    csrr    a0, CSR_PMPADDR0 + 62
    j       done
    csrw    CSR_PMPADDR0 + 63, a0
    csrr    a0, CSR_PMPADDR0 + 63
    j       done
cfg_stubs:
    csrw    CSR_PMPCFG0 + 0, a0
    csrr    a0, CSR_PMPCFG0 + 0
    j       done
    csrw    CSR_PMPCFG0 + 1, a0
    csrr    a0, CSR_PMPCFG0 + 1
    j       done
    csrw    CSR_PMPCFG0 + 2, a0
    csrr    a0, CSR_PMPCFG0 + 2
    j       done
    csrw    CSR_PMPCFG0 + 3, a0
    csrr    a0, CSR_PMPCFG0 + 3
    j       done
    csrw    CSR_PMPCFG0 + 4, a0
    csrr    a0, CSR_PMPCFG0 + 4
    j       done
    csrw    CSR_PMPCFG0 + 5, a0
    csrr    a0, CSR_PMPCFG0 + 5
    j       done
    csrw    CSR_PMPCFG0 + 6, a0
    csrr    a0, CSR_PMPCFG0 + 6
    j       done
    csrw    CSR_PMPCFG0 + 7, a0
    csrr    a0, CSR_PMPCFG0 + 7
    j       done
    csrw    CSR_PMPCFG0 + 8, a0
    csrr    a0, CSR_PMPCFG0 + 8
    j       done
    csrw    CSR_PMPCFG0 + 9, a0
    csrr    a0, CSR_PMPCFG0 + 9
    j       done
    csrw    CSR_PMPCFG0 + 10, a0
    csrr    a0, CSR_PMPCFG0 + 10
    j       done
    csrw    CSR_PMPCFG0 + 11, a0
    csrr    a0, CSR_PMPCFG0 + 11
    j       done
    csrw    CSR_PMPCFG0 + 12, a0
    csrr    a0, CSR_PMPCFG0 + 12
    j       done
    csrw    CSR_PMPCFG0 + 13, a0
    csrr    a0, CSR_PMPCFG0 + 13
    j       done
    csrw    CSR_PMPCFG0 + 14, a0
    csrr    a0, CSR_PMPCFG0 + 14
    j       done
    csrw    CSR_PMPCFG0 + 15, a0
    csrr    a0, CSR_PMPCFG0 + 15
    j       done

    .option pop
