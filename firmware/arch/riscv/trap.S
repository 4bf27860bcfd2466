/* arch/riscv/trap.S: the machine-mode trap vector (direct mode) and the return to U-mode.
 *
 * mscratch says who was interrupted: while an env runs it holds that env's struct env *
 * (whose first member is its trap frame); while the kernel runs it is 0. The vector swaps sp
 * with mscratch, so sp == 0 afterwards means the trap came from the kernel.
 *
 * From the kernel (the idle loop, boot): the frame goes on the current stack, trap_handle runs,
 * and everything is restored, as before envs existed.
 *
 * From U-mode: first the null-syscall fast path (ecall with a7 == EXO_SYS_NULL answers a0 = 0
 * without leaving this file; the whole round trip, ecall and mret included, is 14
 * instructions). Anything else saves every user register and mepc, mstatus, mcause, mtval into
 * the env's frame, sets mscratch = 0 (the kernel runs now), switches to the top of the kernel
 * stack and calls trap_user, which never returns: it leaves through trap_enter_user. The
 * kernel stack is therefore empty at every entry from U-mode. Interrupts stay off in between
 * (the trap cleared mstatus.MIE and nothing sets it until the idle loop does).
 */
#include "arch/riscv/csr.h"
#include "arch/riscv/trapframe.h"
#include "config.h"
#include "exo/abi.h"

/* 0 compiles the fast path out, so the general path can be measured for a null call too. */
#ifndef TRAP_NULL_FASTPATH
#define TRAP_NULL_FASTPATH 1
#endif

#if EXO_SYS_NULL != 0
#error "the fast path tests a7 against zero"
#endif

    .section .text
    .balign 4
    .globl trap_vector
trap_vector:
    csrrw   sp, CSR_MSCRATCH, sp
    bnez    sp, from_user
    csrrw   sp, CSR_MSCRATCH, sp     /* from the kernel: sp back, mscratch 0 again */

    addi    sp, sp, -TF_SIZE
    REG_S   x1, TF_X(1)(sp)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_S   x\n, TF_X(\n)(sp)
    .endr
    addi    t0, sp, TF_SIZE          /* the interrupted sp */
    REG_S   t0, TF_X(2)(sp)
    csrr    t0, CSR_MEPC
    REG_S   t0, TF_MEPC(sp)
    csrr    t0, CSR_MSTATUS
    REG_S   t0, TF_MSTATUS(sp)
    csrr    t0, CSR_MCAUSE
    REG_S   t0, TF_MCAUSE(sp)
    csrr    t0, CSR_MTVAL
    REG_S   t0, TF_MTVAL(sp)

    mv      a0, sp
    call    trap_handle

    /* The handler may change mepc (to skip an instruction) and mstatus (MPP/MPIE). */
    REG_L   t0, TF_MEPC(sp)
    csrw    CSR_MEPC, t0
    REG_L   t0, TF_MSTATUS(sp)
    csrw    CSR_MSTATUS, t0
    REG_L   x1, TF_X(1)(sp)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_L   x\n, TF_X(\n)(sp)
    .endr
    addi    sp, sp, TF_SIZE
    mret

/* sp = the env (its frame), mscratch = the env's sp. */
from_user:
#if TRAP_NULL_FASTPATH
    bnez    a7, save                 /* not the null call (or not an ecall at all) */
    REG_S   a0, TF_X(10)(sp)         /* a0 is the result, so it is free once saved */
    csrr    a0, CSR_MCAUSE
    addi    a0, a0, -CAUSE_USER_ECALL
    bnez    a0, save_a0              /* an interrupt or another exception while a7 == 0 */
    csrr    a0, CSR_MEPC
    addi    a0, a0, 4                /* ecall has no compressed form */
    csrw    CSR_MEPC, a0
    li      a0, EXO_OK
    csrrw   sp, CSR_MSCRATCH, sp     /* the env's sp back; mscratch = the env again */
    mret                             /* MPP was U and MPIE 1: the trap left them so */
save_a0:
    REG_L   a0, TF_X(10)(sp)
#endif
save:
    REG_S   x1, TF_X(1)(sp)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_S   x\n, TF_X(\n)(sp)
    .endr
    csrrw   t0, CSR_MSCRATCH, zero   /* the env's sp; from here on the kernel runs */
    REG_S   t0, TF_X(2)(sp)
    csrr    t0, CSR_MEPC
    REG_S   t0, TF_MEPC(sp)
    csrr    t0, CSR_MSTATUS
    REG_S   t0, TF_MSTATUS(sp)
    csrr    t0, CSR_MCAUSE
    REG_S   t0, TF_MCAUSE(sp)
    csrr    t0, CSR_MTVAL
    REG_S   t0, TF_MTVAL(sp)
    mv      a0, sp
    la      sp, __kstack_top
    tail    trap_user

/* void trap_enter_user(struct env *e): run e in U-mode from its frame. Discards the current
 * stack. The frame's mstatus is not restored: the env never chooses its own privilege. */
    .globl trap_enter_user
trap_enter_user:
    csrci   CSR_MSTATUS, MSTATUS_MIE /* no interrupt may see mscratch != 0 in M-mode */
    REG_L   t0, TF_MEPC(a0)
    csrw    CSR_MEPC, t0
    li      t0, MSTATUS_MPP
    csrc    CSR_MSTATUS, t0          /* MPP = U */
    li      t0, MSTATUS_MPIE
    csrs    CSR_MSTATUS, t0
    csrw    CSR_MSCRATCH, a0
    REG_L   x1, TF_X(1)(a0)
    REG_L   x2, TF_X(2)(a0)
    .irp n, 3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_L   x\n, TF_X(\n)(a0)
    .endr
    REG_L   a0, TF_X(10)(a0)
    mret

/* The kernel stack for traps from U-mode (the boot stack is entry.S's): empty at each entry. */
    .section .bss.kstack, "aw", @nobits
    .balign 16
    .space  CONFIG_STACK_SIZE
    .globl __kstack_top
__kstack_top:
