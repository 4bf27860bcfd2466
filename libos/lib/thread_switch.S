/* thread_switch.S: switches user-level threads: saves ra, sp, s0..s11 of the caller and loads
 * another thread's (exo/thread_switch.h), or resumes a preempted thread's whole context through
 * UPCALL_RESUME. Caller-saved registers are the caller's to keep; tp is shared by every thread of
 * the env (one TLS block). rv32 and rv64 via exo/asm.h. */
#include <exo/abi.h>
#include <exo/asm.h>
#include <exo/thread_switch.h>

#define SLOT(n) ((n) * REG_SIZE)

    .section .text.thread_switch, "ax", @progbits
    .globl thread_switch
    .type thread_switch, @function
/* a0: struct thread_regs *save, a1: const struct thread_regs *load */
thread_switch:
    REG_S ra, SLOT(THREAD_REGS_RA)(a0)
    REG_S sp, SLOT(THREAD_REGS_SP)(a0)
    REG_S s0, SLOT(THREAD_REGS_S0 + 0)(a0)
    REG_S s1, SLOT(THREAD_REGS_S0 + 1)(a0)
    REG_S s2, SLOT(THREAD_REGS_S0 + 2)(a0)
    REG_S s3, SLOT(THREAD_REGS_S0 + 3)(a0)
    REG_S s4, SLOT(THREAD_REGS_S0 + 4)(a0)
    REG_S s5, SLOT(THREAD_REGS_S0 + 5)(a0)
    REG_S s6, SLOT(THREAD_REGS_S0 + 6)(a0)
    REG_S s7, SLOT(THREAD_REGS_S0 + 7)(a0)
    REG_S s8, SLOT(THREAD_REGS_S0 + 8)(a0)
    REG_S s9, SLOT(THREAD_REGS_S0 + 9)(a0)
    REG_S s10, SLOT(THREAD_REGS_S0 + 10)(a0)
    REG_S s11, SLOT(THREAD_REGS_S0 + 11)(a0)

    REG_L ra, SLOT(THREAD_REGS_RA)(a1)
    REG_L sp, SLOT(THREAD_REGS_SP)(a1)
    REG_L s0, SLOT(THREAD_REGS_S0 + 0)(a1)
    REG_L s1, SLOT(THREAD_REGS_S0 + 1)(a1)
    REG_L s2, SLOT(THREAD_REGS_S0 + 2)(a1)
    REG_L s3, SLOT(THREAD_REGS_S0 + 3)(a1)
    REG_L s4, SLOT(THREAD_REGS_S0 + 4)(a1)
    REG_L s5, SLOT(THREAD_REGS_S0 + 5)(a1)
    REG_L s6, SLOT(THREAD_REGS_S0 + 6)(a1)
    REG_L s7, SLOT(THREAD_REGS_S0 + 7)(a1)
    REG_L s8, SLOT(THREAD_REGS_S0 + 8)(a1)
    REG_L s9, SLOT(THREAD_REGS_S0 + 9)(a1)
    REG_L s10, SLOT(THREAD_REGS_S0 + 10)(a1)
    REG_L s11, SLOT(THREAD_REGS_S0 + 11)(a1)
    /* A new thread's ra is thread.c's entry trampoline: this ret starts it. */
    ret
    .size thread_switch, . - thread_switch

    .globl thread_switch_resume
    .type thread_switch_resume, @function
/* a0: struct thread_regs *save. The area's regs hold the thread to resume, masked is set. */
thread_switch_resume:
    REG_S ra, SLOT(THREAD_REGS_RA)(a0)
    REG_S sp, SLOT(THREAD_REGS_SP)(a0)
    REG_S s0, SLOT(THREAD_REGS_S0 + 0)(a0)
    REG_S s1, SLOT(THREAD_REGS_S0 + 1)(a0)
    REG_S s2, SLOT(THREAD_REGS_S0 + 2)(a0)
    REG_S s3, SLOT(THREAD_REGS_S0 + 3)(a0)
    REG_S s4, SLOT(THREAD_REGS_S0 + 4)(a0)
    REG_S s5, SLOT(THREAD_REGS_S0 + 5)(a0)
    REG_S s6, SLOT(THREAD_REGS_S0 + 6)(a0)
    REG_S s7, SLOT(THREAD_REGS_S0 + 7)(a0)
    REG_S s8, SLOT(THREAD_REGS_S0 + 8)(a0)
    REG_S s9, SLOT(THREAD_REGS_S0 + 9)(a0)
    REG_S s10, SLOT(THREAD_REGS_S0 + 10)(a0)
    REG_S s11, SLOT(THREAD_REGS_S0 + 11)(a0)
    /* Every register and the pc become the preempted thread's, and upcalls are unmasked, in one
     * step: nothing can land between the two. */
    li a7, EXO_SYS_UPCALL_RESUME
    ecall
    /* Only if no area is registered: nothing to resume, end the env. */
    li a0, -1
    li a7, EXO_SYS_EXIT
    ecall
1:  j 1b
    .size thread_switch_resume, . - thread_switch_resume
