/* arch/riscv/trap.S: the machine-mode trap vector (direct mode). Saves every register into a
 * struct trap_frame on the current stack, calls trap_handle(frame), restores and mrets.
 *
 * Today only the kernel runs, so a trap always arrives on the kernel stack. When envs run in
 * U-mode this entry will first swap sp with mscratch (the kernel stack) and the link will be
 * serviced from here, because the kernel then runs only on traps.
 */
#include "arch/riscv/csr.h"
#include "arch/riscv/trapframe.h"

    .section .text
    .balign 4
    .globl trap_vector
trap_vector:
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
