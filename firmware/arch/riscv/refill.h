/* arch/riscv/refill.h: the layouts the vector's PMP refill fast path (trap.S) reads and
 * writes, as offsets usable from assembly. kernel/ptlb.c pins every one of them against the C
 * structs with _Static_assert, so a change to a struct breaks the build, not the kernel. */
#ifndef EXO_ARCH_REFILL_H
#define EXO_ARCH_REFILL_H

#include "arch/riscv/trapframe.h"
#include "arch/riscv/upcall.h"
#include "arch/riscv/xlen.h"

/* 0 compiles the fast path out: every access fault then goes through trap_user and
 * ptlb_fault (kernel/ptlb.c), which must give the same results. */
#ifndef TRAP_REFILL_FASTPATH
#define TRAP_REFILL_FASTPATH 1
#endif

/* struct env (kernel/env.h): the id follows the trap frame (its low 16 bits are the index);
 * ptlb (struct ptlb_state *) follows timer_deadline. */
#define ENV_ID   TF_SIZE
#define ENV_PTLB (((ENV_UPCALL_AREA + REGBYTES + 7) & -8) + 8)

/* struct page_entry (kernel/pages.h). */
#define PE_SIZE   60
#define PE_OWNER  8
#define PE_RIGHTS 10

/* struct ptlb_state (kernel/ptlb.c), the running env's one at ptlb_current: the struct
 * pmp_cache (kernel/pmp.h) first, then the refill bookkeeping. */
#define PMPC_CFG     0                                         /* uint8_t[64]: the pmpcfg image */
#define PMPC_ADDR    64                                        /* pmp_reg_t[64] */
#define PMPC_N       (PMPC_ADDR + 64 * REGBYTES)               /* uint8_t */
#define PMPC_PINNED  (PMPC_N + 1)                              /* uint8_t */
#define PMPC_HAND    (PMPC_N + 2)                              /* uint8_t */
#define PTLB_ENTRIES ((PMPC_N + 3 + REGBYTES - 1) & -REGBYTES) /* struct page_entry * */
#define PTLB_FIRST   (PTLB_ENTRIES + REGBYTES)                 /* uint32_t */
#define PTLB_COUNT   (PTLB_FIRST + 4)                          /* uint32_t */
#define PTLB_LAST    ((PTLB_COUNT + 4 + REGBYTES - 1) & -REGBYTES) /* uintptr_t */
#define PTLB_ID      (PTLB_LAST + REGBYTES)                        /* uint32_t */
#define PTLB_SMODE   (PTLB_ID + 4)                                 /* uint32_t */
#define PTLB_NEXT    (PTLB_SMODE + 4)                              /* uint8_t[64] */

#endif /* EXO_ARCH_REFILL_H */
