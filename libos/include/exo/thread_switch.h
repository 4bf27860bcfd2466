/* exo/thread_switch.h: the saved context of a user-level thread and the switch between two
 * (thread_switch.S). Only callee-saved state is kept: a switch is a function call. */
#ifndef EXO_THREAD_SWITCH_H
#define EXO_THREAD_SWITCH_H

/* Word offsets in struct thread_regs, for the assembly. */
#define THREAD_REGS_RA    0
#define THREAD_REGS_SP    1
#define THREAD_REGS_S0    2 /* s0..s11: 2..13 */
#define THREAD_REGS_WORDS 14

#ifndef __ASSEMBLER__
#include <stddef.h>

struct thread_regs {
    unsigned long ra;
    unsigned long sp;
    unsigned long s[12];
};

_Static_assert(offsetof(struct thread_regs, sp) == THREAD_REGS_SP * sizeof(unsigned long),
               "thread_regs layout");
_Static_assert(offsetof(struct thread_regs, s) == THREAD_REGS_S0 * sizeof(unsigned long),
               "thread_regs layout");
_Static_assert(sizeof(struct thread_regs) == THREAD_REGS_WORDS * sizeof(unsigned long),
               "thread_regs layout");

/* Saves the caller's ra, sp, s0..s11 into save and resumes load's; returns when something
 * switches back to save. */
void thread_switch(struct thread_regs *save, const struct thread_regs *load);
/* Saves the caller's ra, sp, s0..s11 into save, then EXO_SYS_UPCALL_RESUME: the caller has
 * masked upcalls and put a preempted thread's whole context in the upcall area. Returns when
 * something switches back to save. */
void thread_switch_resume(struct thread_regs *save);
#endif

#endif /* EXO_THREAD_SWITCH_H */
