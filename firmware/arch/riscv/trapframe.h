/* arch/riscv/trapframe.h: the registers trap.S saves, as a C struct and as the offsets trap.S
 * uses; the _Static_asserts keep the two in step. */
#ifndef EXO_ARCH_TRAPFRAME_H
#define EXO_ARCH_TRAPFRAME_H

#include "arch/riscv/xlen.h"

/* x0 has a slot (never saved) so that register n lives at TF_X(n). */
#define TF_X(n)    ((n)*REGBYTES)
#define TF_MEPC    (32 * REGBYTES)
#define TF_MSTATUS (33 * REGBYTES)
#define TF_MCAUSE  (34 * REGBYTES)
#define TF_MTVAL   (35 * REGBYTES)
#define TF_SIZE    (36 * REGBYTES) /* a multiple of 16: sp stays aligned */

/* Register numbers the kernel reads or sets in a frame: x[REG_A0] is a0. */
#define REG_A0 10 /* the first argument, a syscall's result, an env's id at start */
#define REG_A1 11
#define REG_A2 12
#define REG_A7 17 /* the syscall number */

#ifndef __ASSEMBLER__
#include <stddef.h>

struct trap_frame {
    unsigned long x[32];
    unsigned long mepc, mstatus, mcause, mtval;
};

_Static_assert(offsetof(struct trap_frame, x[1]) == TF_X(1), "trap frame x1");
_Static_assert(offsetof(struct trap_frame, x[31]) == TF_X(31), "trap frame x31");
_Static_assert(offsetof(struct trap_frame, mepc) == TF_MEPC, "trap frame mepc");
_Static_assert(offsetof(struct trap_frame, mstatus) == TF_MSTATUS, "trap frame mstatus");
_Static_assert(offsetof(struct trap_frame, mcause) == TF_MCAUSE, "trap frame mcause");
_Static_assert(offsetof(struct trap_frame, mtval) == TF_MTVAL, "trap frame mtval");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE && TF_SIZE % 16 == 0, "trap frame size");

#endif /* __ASSEMBLER__ */

#endif /* EXO_ARCH_TRAPFRAME_H */
