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

/* EXO_SYS_YIELD: from gives the rest of its slot to `to` (NULL: to whoever is next). ERR_STATE
 * when `to` is not RUNNABLE. The switch happens on the way out of the kernel (sched_resume). */
int sched_yield(struct env *from, struct env *to);

/* e's timer (EXO_SYS_TIMER_SET) changed: re-arm KTIMER_ENVS for the earliest of all. */
void sched_timers_changed(void);

#endif /* EXO_KERNEL_SCHED_H */
