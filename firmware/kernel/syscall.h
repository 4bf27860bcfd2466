/* kernel/syscall.h: the syscall layer: a7 picks the call, a0..a5 are its arguments, a0 gets
 * EXO_OK or an EXO_E* and a1 (a2) the value (exo/abi.h, docs/abi.md). Every internal error is
 * converted with err_to_abi here and nowhere else. */
#ifndef EXO_KERNEL_SYSCALL_H
#define EXO_KERNEL_SYSCALL_H

#include "kernel/env.h"

/* Run the call in e->tf for e (mepc is already past the ecall). A call may end e (exit) or
 * change its state; the caller resumes e only if it is still RUNNABLE. */
void syscall_dispatch(struct env *e);

#endif /* EXO_KERNEL_SYSCALL_H */
