/* arch/riscv/upcall.h: the layouts the vector's upcall fast paths (trap.S) read and write, as
 * offsets usable from assembly: struct env's upcall fields (kernel/env.h) and struct
 * exo_upcall_area and struct exo_event (exo/abi.h). kernel/trap.c pins every one of them with
 * _Static_assert, so a change to a struct breaks the build, not the kernel. */
#ifndef EXO_ARCH_UPCALL_H
#define EXO_ARCH_UPCALL_H

#include "arch/riscv/trapframe.h"
#include "arch/riscv/xlen.h"

/* 0 compiles both fast paths out: every fault and every EXO_SYS_UPCALL_RESUME then goes
 * through trap_user (upcall_fault, upcall_resume in kernel/upcall.c), which does the same. */
#ifndef TRAP_UPCALL_FASTPATH
#define TRAP_UPCALL_FASTPATH 1
#endif

/* struct env: after the trap frame, id (4), generation (2), state (1), name (16), exit_code,
 * fault_cause (4 each), fault_pc, fault_addr (8 each), parent (4), then the two pointers. */
#define ENV_UPCALL_ENTRY ((TF_SIZE + 52 + REGBYTES - 1) & -REGBYTES)
#define ENV_UPCALL_AREA  (ENV_UPCALL_ENTRY + REGBYTES)

/* struct exo_upcall_area. */
#define AREA_MASKED 0
#define AREA_HEAD   8
#define AREA_TAIL   12
#define AREA_REGS   16 /* unsigned long[32]: pc, then x1 .. x31 */
#define AREA_RING   (AREA_REGS + 32 * REGBYTES)

/* struct exo_event. */
#define EVENT_KIND 0
#define EVENT_A    4
#define EVENT_B    8
#define EVENT_C    16
#define EVENT_SIZE 24

/* The exceptions the fast dispatch takes (bit n: mcause n): misaligned fetch, illegal
 * instruction, breakpoint, misaligned load and store. Access faults go to the PMP refill
 * first (kernel/ptlb.c) and ecalls to the syscall layer; anything else stays in C. */
#define UPCALL_FAST_CAUSES 0x5d

#endif /* EXO_ARCH_UPCALL_H */
