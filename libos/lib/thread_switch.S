/* thread_switch.S: switches user-level threads: saves ra, sp, s0..s11 of the caller and loads
 * another thread's (exo/thread_switch.h), or resumes a preempted thread's whole context through
 * UPCALL_RESUME. Caller-saved registers are the caller's to keep; tp is shared by every thread of
 * the env (one TLS block). rv32 and rv64 via exo/asm.h. */
#include <exo/abi.h>
#include <exo/asm.h>
#include <exo/thread_switch.h>

#define SLOT(n) ((n) * REG_SIZE)

/* The registers a call keeps (ra, sp, s0..s11) to or from the struct thread_regs at `base`. */
    .macro callee_saved op, base
    \op ra, SLOT(THREAD_REGS_RA)(\base)
    \op sp, SLOT(THREAD_REGS_SP)(\base)
    \op s0, SLOT(THREAD_REGS_S0 + 0)(\base)
    \op s1, SLOT(THREAD_REGS_S0 + 1)(\base)
    \op s2, SLOT(THREAD_REGS_S0 + 2)(\base)
    \op s3, SLOT(THREAD_REGS_S0 + 3)(\base)
    \op s4, SLOT(THREAD_REGS_S0 + 4)(\base)
    \op s5, SLOT(THREAD_REGS_S0 + 5)(\base)
    \op s6, SLOT(THREAD_REGS_S0 + 6)(\base)
    \op s7, SLOT(THREAD_REGS_S0 + 7)(\base)
    \op s8, SLOT(THREAD_REGS_S0 + 8)(\base)
    \op s9, SLOT(THREAD_REGS_S0 + 9)(\base)
    \op s10, SLOT(THREAD_REGS_S0 + 10)(\base)
    \op s11, SLOT(THREAD_REGS_S0 + 11)(\base)
    .endm

    .section .text.thread_switch, "ax", @progbits
    .globl thread_switch
    .type thread_switch, @function
/* a0: struct thread_regs *save, a1: const struct thread_regs *load */
thread_switch:
    callee_saved REG_S, a0

    callee_saved REG_L, a1
    /* A new thread's ra is thread.c's entry trampoline: this ret starts it. */
    ret
    .size thread_switch, . - thread_switch

    .globl thread_switch_resume
    .type thread_switch_resume, @function
/* a0: struct thread_regs *save. The area's regs hold the thread to resume, masked is set. */
thread_switch_resume:
    callee_saved REG_S, a0
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
