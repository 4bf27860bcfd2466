/* arch/riscv/refill.h: the layouts the vector's PMP refill fast path (trap.S) reads and
 * writes, as offsets usable from assembly. kernel/ptlb.c pins every one of them against the C
 * structs with _Static_assert, so a change to a struct breaks the build, not the kernel. */
#ifndef EXO_ARCH_REFILL_H
#define EXO_ARCH_REFILL_H

#include "arch/riscv/trapframe.h"
#include "arch/riscv/xlen.h"

/* 0 compiles the fast path out: every access fault then goes through trap_user and
 * ptlb_fault (kernel/ptlb.c), which must give the same results. */
#ifndef TRAP_REFILL_FASTPATH
#define TRAP_REFILL_FASTPATH 1
#endif

/* struct env (kernel/env.h): the id follows the trap frame; its low 16 bits are the index. */
#define ENV_ID TF_SIZE

/* struct pages (kernel/pages.h) and struct page_entry. */
#define PAGES_ENTRIES 0
#define PAGES_FIRST   (2 * REGBYTES)
#define PAGES_COUNT   (2 * REGBYTES + 4)
#define PE_SIZE       60
#define PE_OWNER      8
#define PE_RIGHTS     10

/* struct ptlb_state (kernel/ptlb.c): the struct pmp_cache (kernel/pmp.h) first, then the
 * refill bookkeeping. */
#define PMPC_N      0
#define PMPC_PINNED 1
#define PMPC_HAND   2
#define PMPC_CFG    3                                            /* uint8_t[64] */
#define PMPC_ADDR   ((PMPC_CFG + 64 + REGBYTES - 1) & -REGBYTES) /* pmp_reg_t[64] */
#define PMPC_LO     ((PMPC_ADDR + 64 * REGBYTES + 7) & -8)       /* uint64_t[64] */
#define PMPC_HI     (PMPC_LO + 64 * 8)                           /* uint64_t[64] */
#define PTLB_LAST   (PMPC_HI + 64 * 8)                           /* uintptr_t */
#define PTLB_LOADED (PTLB_LAST + REGBYTES)                       /* uint32_t */
#define PTLB_SMODE  (PTLB_LOADED + 4)                            /* uint32_t */

#endif /* EXO_ARCH_REFILL_H */
