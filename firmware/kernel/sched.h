/* kernel/sched.h: which env runs. Round robin over RUNNABLE envs with a timer quantum
 * (CONFIG_QUANTUM_US); the time-slice vector of issue 5 replaces the policy, not this
 * interface. With nothing runnable the kernel idles in wfi, serving the host link. */
#ifndef EXO_KERNEL_SCHED_H
#define EXO_KERNEL_SCHED_H

#include "kernel/env.h"

/* The env whose registers the current trap saved, or NULL when the kernel was idle. */
struct env *sched_current(void);

/* Leave the kernel: resume the current env if it is still RUNNABLE, else the next RUNNABLE
 * one, else idle until one is. Never returns; the kernel stack is discarded. */
void sched_resume(void) __attribute__((noreturn));

/* The running env's quantum ended (KTIMER_QUANTUM): the next sched_resume moves on to the next
 * RUNNABLE env after it, if there is one. Called from the timer interrupt. */
void sched_rotate(void);

#endif /* EXO_KERNEL_SCHED_H */
