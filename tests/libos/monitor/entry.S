/* entry.S: the stand-in monitor's reset entry and trap vector (monitor.c does the work). */
#include <exo/abi.h>
#if __riscv_xlen == 64
#define SAVE sd
#define LOAD ld
#define WORD 8
#else
#define SAVE sw
#define LOAD lw
#define WORD 4
#endif
#define FRAME (32 * WORD)

    .text /* first in the link: QEMU starts the -bios image at its first byte */
    .globl _start
_start:
    la sp, stack_top
    csrw mscratch, sp
    la t0, trap
    csrw mtvec, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f /* NAPOT over all memory, RWX: the stand-in does not isolate */
    csrw pmpcfg0, t0
    li t0, 7
    csrw mcounteren, t0 /* time, cycle, instret readable below M... */
    csrw scounteren, t0 /* ...and, on a hart with S-mode, in U-mode only if S allows it too */
    call monitor_init
    li t0, 0x1800
    csrc mstatus, t0 /* MPP = U */
    li t0, ENTRY
    csrw mepc, t0
    li a0, ENV_ID
    li a1, 0
    li a2, 0x80100000 /* the exposed state (monitor.c) */
    mret

    .align 2
trap:
    csrrw sp, mscratch, sp
    addi sp, sp, -FRAME
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    SAVE x\n, (\n * WORD)(sp)
    .endr
    mv a0, sp
    csrr a1, mcause
    call monitor_trap
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    LOAD x\n, (\n * WORD)(sp)
    .endr
    addi sp, sp, FRAME
    csrrw sp, mscratch, sp
    mret

    .bss
    .align 4
    .space 4096
stack_top:
