/* kernel/sched.h: which env runs. The kernel walks the time-slice vector (kernel/slots.h) round
 * robin: a slot runs its owner while RUNNABLE, a slot whose owner cannot run is skipped, an env
 * with no slot runs only when donated to (sched_yield). With nothing to run the kernel idles in
 * wfi, serving the host link. */
#ifndef EXO_KERNEL_SCHED_H
#define EXO_KERNEL_SCHED_H

#include "kernel/env.h"

/* The env whose registers the current trap saved, or NULL when the kernel was idle. */
struct env *sched_current(void);

/* Leave the kernel: enter a donee if the trap made a donation; else resume the current env if
 * it is still RUNNABLE and the running slot is still its own (or donated to it) and not over;
 * else start the next slot with a RUNNABLE owner, else idle until there is one. Never returns;
 * the kernel stack is discarded. */
void sched_resume(void) __attribute__((noreturn));

/* The running slot's time ended (KTIMER_QUANTUM): the next sched_resume starts the next slot
 * whose owner is RUNNABLE. Called from the timer interrupt. */
void sched_rotate(void);

/* EXO_SYS_YIELD: from gives the rest of its slot to `to` (NULL: gives it up, and the next slot
 * starts). ERR_STATE when `to` is not RUNNABLE. The switch happens on the way out of the kernel
 * (sched_resume); `to` hears EXO_EV_SLICE_START with a = EXO_ANY. */
int sched_yield(struct env *from, struct env *to);

/* EXO_SYS_YIELD from e (the env that trapped, its mepc already past the ecall) to the env
 * its a0 names, taken straight when that is valid and the env RUNNABLE: e's a0/a1 get
 * EXO_OK/0 and the target is entered as sched_resume would (never returns then). Otherwise it
 * returns having changed nothing. Call it only when trap_deadlines and session_service would
 * do nothing: it skips both. */
void sched_yield_fast(struct env *e);

/* e's timer (EXO_SYS_TIMER_SET) changed: re-arm KTIMER_ENVS for the earliest of all. */
void sched_timers_changed(void);

#endif /* EXO_KERNEL_SCHED_H */
