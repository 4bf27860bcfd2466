/* arch/riscv/selftest.S: the boot self-test's way into U-mode and back, and the U-mode code it
 * runs (kernel/selftest.c).
 *
 * selftest_call saves the callee-saved registers and enters the self-test env through the
 * normal path (trap_enter_user). Its traps arrive through the normal vector; trap_user hands
 * the ones that end a probe to selftest_return, which resumes selftest_call's caller. The boot
 * stack is not the trap stack, so the caller's frames survive.
 *
 * The U-mode code sits in one naturally aligned block (SELFTEST_USTUB_SIZE bytes), so a single
 * NAPOT entry makes it executable; compressed instructions are off so its layout is fixed.
 */
#include "arch/riscv/csr.h"
#include "arch/riscv/xlen.h"
#include "kernel/selftest.h"

/* `op` (REG_S or REG_L) what a C caller expects kept (ra, sp, s0-s11) at `saved` (t0). */
.macro callee op
    .set    k, 0
    .irp    r, ra,sp,s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11
    \op     \r, k * REGBYTES(t0)
    .set    k, k + 1
    .endr
.endm

    .section .text
/* void selftest_call(struct env *e) */
    .globl selftest_call
selftest_call:
    la      t0, saved
    callee  REG_S
    tail    trap_enter_user

/* void selftest_return(void): back from selftest_call, mscratch already 0. */
    .globl selftest_return
selftest_return:
    la      t0, saved
    callee  REG_L
    ret

    .section .text.ustub, "ax"
    .option push
    .option norvc
    .balign SELFTEST_USTUB_SIZE
    .globl selftest_ustub
selftest_ustub:
/* a0 = an address: load from it. A fault is what the test wants; ebreak says it worked. */
    .globl selftest_ustub_load
selftest_ustub_load:
    lw      t0, 0(a0)
    ebreak

/* Null syscalls: t2 - t1 is an empty measurement, t4 - t3 the same around 8 calls. */
    .globl selftest_ustub_null
selftest_ustub_null:
    li      a7, 0
    csrr    t1, CSR_INSTRET
    csrr    t2, CSR_INSTRET
    csrr    t3, CSR_INSTRET
    .rept   SELFTEST_NULL_CALLS
    ecall
    .endr
    csrr    t4, CSR_INSTRET
    ebreak

/* a0 = an owned page no entry covers: t2 - t1 is a load that refills, t4 - t3 the same load
 * once the entry is there. */
    .globl selftest_ustub_refill
selftest_ustub_refill:
    csrr    t1, CSR_INSTRET
    lw      t0, 0(a0)
    csrr    t2, CSR_INSTRET
    csrr    t3, CSR_INSTRET
    lw      t0, 0(a0)
    csrr    t4, CSR_INSTRET
    ebreak
selftest_ustub_end:
    .balign SELFTEST_USTUB_SIZE              /* nothing else shares the block */
    .option pop

    .if     selftest_ustub_end - selftest_ustub > SELFTEST_USTUB_SIZE
    .error  "the self-test's U-mode code outgrew its PMP region"
    .endif

    .section .bss
    .balign REGBYTES
saved:
    .space  14 * REGBYTES
