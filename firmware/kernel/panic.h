/* kernel/panic.h: the kernel's last words: say why, then stop the hart for good. */
#ifndef EXO_KERNEL_PANIC_H
#define EXO_KERNEL_PANIC_H

#include "arch/riscv/trapframe.h"

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* An unexpected trap: prints mcause by name, mepc and mtval. */
void panic_trap(const struct trap_frame *tf) __attribute__((noreturn));

#endif /* EXO_KERNEL_PANIC_H */
