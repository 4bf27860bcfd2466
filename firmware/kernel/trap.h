/* kernel/trap.h: what the kernel does with each trap trap.S hands it. */
#ifndef EXO_KERNEL_TRAP_H
#define EXO_KERNEL_TRAP_H

#include "arch/riscv/trapframe.h"

/* Called by trap.S with the saved registers; may change tf->mepc and tf->mstatus. */
void trap_handle(struct trap_frame *tf);

/* "illegal instruction", "machine timer interrupt", ...; "unknown" for anything else. */
const char *trap_cause_name(unsigned long mcause);

#endif /* EXO_KERNEL_TRAP_H */
