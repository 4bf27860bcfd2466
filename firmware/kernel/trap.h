/* kernel/trap.h: what the kernel does with each trap trap.S hands it. */
#ifndef EXO_KERNEL_TRAP_H
#define EXO_KERNEL_TRAP_H

#include "arch/riscv/trapframe.h"

struct env;

/* A trap taken in M-mode, called by trap.S with the registers saved on the current stack: an
 * interrupt is handled, anything else is a panic. May change tf->mepc and tf->mstatus. */
void trap_handle(struct trap_frame *tf);

/* A trap taken in U-mode, called by trap.S with e's registers saved in e->tf, mscratch 0 and
 * the kernel stack empty. Never returns: it leaves through sched_resume. */
void trap_user(struct env *e) __attribute__((noreturn));

/* Run the work of passed deadlines the timer interrupt noted (revocation's abort protocol,
 * env timers' EXO_EV_TIMER): from the U-mode trap path, or the idle loop with interrupts off. */
void trap_deadlines(void);

/* trap.S: run e in U-mode from e->tf (mscratch = e, MPP = U, MPIE = 1); discards the stack. */
void trap_enter_user(struct env *e) __attribute__((noreturn));

/* "illegal instruction", "machine timer interrupt", ...; "unknown" for anything else. */
const char *trap_cause_name(unsigned long mcause);

#endif /* EXO_KERNEL_TRAP_H */
