/* arch/riscv/trap.S: the machine-mode trap vector (direct mode) and the return to U-mode.
 *
 * mscratch says who was interrupted: while an env runs it holds that env's struct env *
 * (whose first member is its trap frame); while the kernel runs it is 0. The vector swaps sp
 * with mscratch, so sp == 0 afterwards means the trap came from the kernel.
 *
 * From the kernel (the idle loop, boot): the frame goes on the current stack, trap_handle runs,
 * and everything is restored, as before envs existed.
 *
 * From U-mode: first the null-syscall fast path (ecall with a7 == EXO_SYS_NULL answers a0 = 0
 * without leaving this file; the whole round trip, ecall and mret included, is 14
 * instructions). Then the PMP refill fast path (below). Anything else saves every user register and mepc, mstatus, mcause, mtval into
 * the env's frame, sets mscratch = 0 (the kernel runs now), switches to the top of the kernel
 * stack and calls trap_user, which never returns: it leaves through trap_enter_user. The
 * kernel stack is therefore empty at every entry from U-mode. Interrupts stay off in between
 * (the trap cleared mstatus.MIE and nothing sets it until the idle loop does).
 */
#include "arch/riscv/csr.h"
#include "arch/riscv/refill.h"
#include "arch/riscv/trapframe.h"
#include "arch/riscv/upcall.h"
#include "config.h"
#include "exo/abi.h"
#include "kernel/pmp.h"

/* 0 compiles the fast path out, so the general path can be measured for a null call too. */
#ifndef TRAP_NULL_FASTPATH
#define TRAP_NULL_FASTPATH 1
#endif

#if EXO_SYS_NULL != 0
#error "the fast path tests a7 against zero"
#endif

/* `op` (REG_S or REG_L) every register but x0 and sp at its frame slot from `base`. */
.macro gprs op, base
    \op     x1, TF_X(1)(\base)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    \op     x\n, TF_X(\n)(\base)
    .endr
.endm

/* The trap CSRs into the frame at base (clobbers t0). */
.macro trap_csrs base
    csrr    t0, CSR_MEPC
    REG_S   t0, TF_MEPC(\base)
    csrr    t0, CSR_MSTATUS
    REG_S   t0, TF_MSTATUS(\base)
    csrr    t0, CSR_MCAUSE
    REG_S   t0, TF_MCAUSE(\base)
    csrr    t0, CSR_MTVAL
    REG_S   t0, TF_MTVAL(\base)
.endm

/* The registers the refill fast path uses (a0-a2, t0-t2), in the env's frame at sp: the three
 * its cause check needs (a0-a2, the ones the upcall fast paths use too, so a trap that is no
 * access fault goes on to them with nothing to put back), then the rest, saved only for an
 * access fault. */
.macro refill_check_regs op
    .irp n, 10,11,12
    \op     x\n, TF_X(\n)(sp)
    .endr
.endm
.macro refill_more_regs op
    .irp n, 5,6,7
    \op     x\n, TF_X(\n)(sp)
    .endr
.endm
.macro refill_regs op
    refill_check_regs \op
    refill_more_regs \op
.endm

    .section .text
    .balign 4
    .globl trap_vector
trap_vector:
    csrrw   sp, CSR_MSCRATCH, sp
    bnez    sp, from_user
    csrrw   sp, CSR_MSCRATCH, sp     /* from the kernel: sp back, mscratch 0 again */

    addi    sp, sp, -TF_SIZE
    gprs    REG_S, sp
    addi    t0, sp, TF_SIZE          /* the interrupted sp */
    REG_S   t0, TF_X(2)(sp)
    trap_csrs sp

    mv      a0, sp
    call    trap_handle

    /* The handler may change mepc (to skip an instruction) and mstatus (MPP/MPIE). */
    REG_L   t0, TF_MEPC(sp)
    csrw    CSR_MEPC, t0
    REG_L   t0, TF_MSTATUS(sp)
    csrw    CSR_MSTATUS, t0
    gprs    REG_L, sp
    addi    sp, sp, TF_SIZE
    mret

/* sp = the env (its frame), mscratch = the env's sp. */
from_user:
#if TRAP_NULL_FASTPATH
    bnez    a7, not_null             /* not the null call (or not an ecall at all) */
    REG_S   a0, TF_X(10)(sp)         /* a0 is the result, so it is free once saved */
    csrr    a0, CSR_MCAUSE
    addi    a0, a0, -CAUSE_USER_ECALL
    bnez    a0, save_a0              /* an interrupt or another exception while a7 == 0 */
    csrr    a0, CSR_MEPC
    addi    a0, a0, 4                /* ecall has no compressed form */
    csrw    CSR_MEPC, a0
    li      a0, EXO_OK
    csrrw   sp, CSR_MSCRATCH, sp     /* the env's sp back; mscratch = the env again */
    mret                             /* MPP was U and MPIE 1: the trap left them so */
save_a0:
    REG_L   a0, TF_X(10)(sp)
#endif
#if TRAP_REFILL_FASTPATH
/* The PMP refill fast path (STYLE C rule 9): an access fault on a page the running env owns
 * (not one shared to it) with the right the access needs, when the env owns neither
 * neighbour of the page and the round-robin victim is not half of a TOR pair, gets one 4 KiB
 * NAPOT entry and the env retries. It does what ptlb_fault with pmp_refill_page does, to the
 * same struct ptlb_state (the env's), and leaves every other case to it (refill_out: the registers it used
 * are put back and the full save runs), so the two paths always agree; a page with an owned
 * neighbour goes to C, which covers as much of the run as one region can (pmp_refill), so a
 * working set of runs stays resident. The layouts it reads are pinned in kernel/ptlb.c.
 * The cache it updates is the env's own (env->ptlb, set by ptlb_switch), whose entries the
 * hardware holds: the scheduler loads them before it enters the env.
 * sp = the env, mscratch = the env's sp; mscratch stays so: only kernel memory is touched. */
not_null:
    refill_check_regs REG_S
    csrr    a0, CSR_MCAUSE
    li      a2, EXO_PERM_R
    li      a1, CAUSE_LOAD_ACCESS
    beq     a0, a1, 1f
    li      a2, EXO_PERM_W
    li      a1, CAUSE_STORE_ACCESS
    beq     a0, a1, 1f
    li      a2, EXO_PERM_X
    li      a1, CAUSE_FETCH_ACCESS
    bne     a0, a1, refill_not_access
1:  /* a2 = the right the access needs */
    refill_more_regs REG_S
    csrr    a1, CSR_MTVAL
    srli    a1, a1, EXO_PAGE_SHIFT   /* ppn */
    REG_L   t2, ENV_PTLB(sp)         /* its PMP cache, the one loaded */
    beqz    t2, refill_out           /* none yet: C */
    REG_L   a0, PTLB_LAST(t2)
    beq     a0, a1, refill_out       /* refilled just now and faulted again: C decides */
    LWU_    a0, PTLB_FIRST(t2)
    sub     a0, a1, a0               /* its index in the table; below the table it wraps */
    LWU_    t0, PTLB_COUNT(t2)
    bgeu    a0, t0, refill_out       /* not a managed page */
    li      t0, PE_SIZE
    mul     a0, a0, t0
    REG_L   t1, PTLB_ENTRIES(t2)
    add     t1, t1, a0               /* its ownership entry */
    lhu     t0, ENV_ID(sp)           /* the env's index */
    lhu     a0, PE_OWNER(t1)
    bne     a0, t0, refill_out       /* not the owner (maybe a sharer): C looks further */
    /* The neighbours' entries, unchecked against the table's ends: both lie in kernel RAM
     * (kernel data below the table; its padding or the first managed page above it), and a
     * false match only sends the fault to C, which checks everything. */
    lhu     a0, PE_OWNER - PE_SIZE(t1)
    beq     a0, t0, refill_out       /* it owns the page below: C coalesces */
    lhu     a0, PE_OWNER + PE_SIZE(t1)
    beq     a0, t0, refill_out       /* the page above */
    lbu     t1, PE_RIGHTS(t1)        /* r: the owner's rights */
    and     a0, t1, a2
    bne     a0, a2, refill_out       /* without the right: C refuses it */
    /* t2 = r, a1 = ppn, t3 = the env's struct ptlb_state (its cache first). The victim j is the hand: */
    lbu     a0, PMPC_HAND(t2)
    add     t0, t2, a0
    lbu     a2, PTLB_NEXT(t0)
    beqz    a2, refill_out           /* j is half of a TOR pair: C evicts both */
    sb      a2, PMPC_HAND(t2)        /* the next victim */
    REG_S   a1, PTLB_LAST(t2)
    ori     a2, t1, PMP_A_NAPOT
    sb      a2, PMPC_CFG(t0)
    slli    a1, a1, EXO_PAGE_SHIFT - PMP_ADDR_SHIFT
    ori     a1, a1, (EXO_PAGE_SIZE >> 3) - 1 /* NAPOT, 4 KiB */
    slli    t0, a0, REGBYTES_LOG2
    add     t0, t0, t2
    REG_S   a1, PMPC_ADDR(t0)
    slli    a0, a0, 4                /* the setters are 16 bytes each */
2:  auipc   t0, %pcrel_hi(refill_setters)
    add     t0, t0, a0
    jr      %pcrel_lo(2b)(t0)        /* pmpaddr j = a1, j's pmpcfg CSR from the image */
refill_written:
    LWU_    a0, PTLB_SMODE(t2)
    beqz    a0, 3f
    sfence.vma                       /* translation caches may hold PMP results */
3:  refill_regs REG_L
    csrrw   sp, CSR_MSCRATCH, sp
    mret                             /* the access again */
refill_out:
    refill_more_regs REG_L
refill_not_access:                   /* a0-a2 saved in the frame, free */
#if !TRAP_UPCALL_FASTPATH
    refill_check_regs REG_L
#endif
#endif

#if !TRAP_REFILL_FASTPATH
not_null:
#endif
#if TRAP_UPCALL_FASTPATH
/* The upcall fast paths (STYLE C rule 9), for an env with an upcall area registered. The area
 * lies in a page the env owns with RW and that page is vital (kernel/upcall.h), so the kernel
 * may read and write it directly for as long as it is registered; nothing read from it is
 * trusted beyond being data, and the ring is indexed by head modulo its size.
 * - A fault the libOS can take now (UPCALL_FAST_CAUSES; not masked, room in the ring) is
 *   posted as EXO_EV_FAULT and entered at once, as upcall_fault does: the interrupted context
 *   (pc, x1 .. x31) goes into area->regs, masked = 1, the env goes on at its entry with
 *   a0 = the area and every other register as it was.
 * - EXO_SYS_UPCALL_RESUME with no event waiting: masked = 0 and the saved context back, as
 *   upcall_resume does (with events waiting C resumes and delivers the next at once).
 * Anything else puts a0 .. a2 back and takes the general path.
 * sp = the env, mscratch = the env's sp. */
#if !TRAP_REFILL_FASTPATH
    REG_S   a0, TF_X(10)(sp)
    REG_S   a1, TF_X(11)(sp)
    REG_S   a2, TF_X(12)(sp)
#endif
    REG_L   a0, ENV_UPCALL_AREA(sp)
    beqz    a0, upcall_out           /* no area registered */
    csrr    a1, CSR_MCAUSE
    li      a2, CAUSE_USER_ECALL
    beq     a1, a2, upcall_resume_fast
    srli    a2, a1, 4
    bnez    a2, upcall_out           /* an interrupt (the top bit) or a cause above 15 */
    li      a2, UPCALL_FAST_CAUSES
    srl     a2, a2, a1
    andi    a2, a2, 1
    beqz    a2, upcall_out
    lw      a2, AREA_MASKED(a0)
    bnez    a2, upcall_out           /* masked: C stops the env */
    lw      a1, AREA_HEAD(a0)
    lw      a2, AREA_TAIL(a0)
    SUBW_   a2, a1, a2
    sltiu   a2, a2, EXO_EVENT_RING
    beqz    a2, upcall_out           /* no room to say why: C stops the env */
    addi    a2, a1, 1
    sw      a2, AREA_HEAD(a0)
    andi    a1, a1, EXO_EVENT_RING - 1
    slli    a2, a1, 4
    slli    a1, a1, 3
    add     a1, a1, a2               /* index * EVENT_SIZE (24) */
    add     a1, a1, a0
    li      a2, EXO_EV_FAULT
    sw      a2, AREA_RING + EVENT_KIND(a1)
    csrr    a2, CSR_MCAUSE
    sw      a2, AREA_RING + EVENT_A(a1)
    csrr    a2, CSR_MTVAL
    SD64    a2, AREA_RING + EVENT_C, a1
    csrr    a2, CSR_MEPC
    SD64    a2, AREA_RING + EVENT_B, a1
    REG_S   a2, AREA_REGS(a0)        /* regs[0] = the pc */
    REG_S   x1, AREA_REGS + TF_X(1)(a0)
    .irp n, 3,4,5,6,7,8,9,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_S   x\n, AREA_REGS + TF_X(\n)(a0)
    .endr
    csrr    a1, CSR_MSCRATCH
    REG_S   a1, AREA_REGS + TF_X(2)(a0)
    .irp n, 10,11,12
    REG_L   a1, TF_X(\n)(sp)
    REG_S   a1, AREA_REGS + TF_X(\n)(a0)
    .endr
    li      a1, 1
    sw      a1, AREA_MASKED(a0)
    REG_L   a1, ENV_UPCALL_ENTRY(sp)
    csrw    CSR_MEPC, a1
    REG_L   a1, TF_X(11)(sp)
    REG_L   a2, TF_X(12)(sp)
    csrrw   sp, CSR_MSCRATCH, sp     /* the env's sp back; mscratch = the env again */
    mret                             /* a0 = the area */

/* a0 = the area, a1 = mcause (an ecall), a0 .. a2 saved in the env's frame. */
upcall_resume_fast:
    li      a1, EXO_SYS_UPCALL_RESUME
    bne     a7, a1, upcall_out       /* another call */
    lw      a1, AREA_HEAD(a0)
    lw      a2, AREA_TAIL(a0)
    bne     a1, a2, upcall_out       /* events wait: C delivers the next at once */
    sw      zero, AREA_MASKED(a0)
    REG_L   a1, AREA_REGS(a0)
    csrw    CSR_MEPC, a1             /* the pc saved at delivery */
    csrw    CSR_MSCRATCH, sp         /* the env, for its next trap */
    .irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    REG_L   x\n, AREA_REGS + TF_X(\n)(a0)
    .endr
    REG_L   a0, AREA_REGS + TF_X(10)(a0) /* last: it was the base */
    mret                             /* MPP was U and MPIE 1: the trap left them so */

upcall_out:
    REG_L   a0, TF_X(10)(sp)
    REG_L   a1, TF_X(11)(sp)
    REG_L   a2, TF_X(12)(sp)
#endif
save:
    gprs    REG_S, sp
    csrrw   t0, CSR_MSCRATCH, zero   /* the env's sp; from here on the kernel runs */
    REG_S   t0, TF_X(2)(sp)
    trap_csrs sp
    mv      a0, sp
    la      sp, __kstack_top
    tail    trap_user

/* void trap_enter_user(struct env *e): run e in U-mode from its frame. Discards the current
 * stack. The frame's mstatus is not restored: the env never chooses its own privilege. */
    .globl trap_enter_user
trap_enter_user:
    csrci   CSR_MSTATUS, MSTATUS_MIE /* no interrupt may see mscratch != 0 in M-mode */
    REG_L   t0, TF_MEPC(a0)
    csrw    CSR_MEPC, t0
    li      t0, MSTATUS_MPP
    csrc    CSR_MSTATUS, t0          /* MPP = U */
    li      t0, MSTATUS_MPIE
    csrs    CSR_MSTATUS, t0
    csrw    CSR_MSCRATCH, a0
    mv      sp, a0
    gprs    REG_L, sp
    REG_L   sp, TF_X(2)(sp)          /* last: it was the base */
    mret

#if TRAP_REFILL_FASTPATH
/* The refill fast path's PMP writers, one 16-byte stub an index (CSR numbers are immediates):
 * pmpaddr j = a1, then the whole pmpcfg CSR holding j's byte from the cache's image of it
 * (t2 = the env's struct ptlb_state), whose bytes for the other entries are what the hardware holds already.
 * Compressed instructions and relaxation are off so every stub has the same size. */
    .option push
    .option norvc
    .option norelax
    .balign 16
refill_setters:
    .set    index, 0
    .rept   PMP_MAX_ENTRIES
    .balign 16                       /* four 4-byte instructions: exactly one stub */
    csrw    CSR_PMPADDR0 + index, a1
    REG_L   a2, PMPC_CFG + index / REGBYTES * REGBYTES(t2)
    csrw    CSR_PMPCFG0 + index / REGBYTES * (REGBYTES / 4), a2
    j       refill_written
    .set    index, index + 1
    .endr
    .option pop
#endif

/* The kernel stack for traps from U-mode (the boot stack is entry.S's): empty at each entry. */
    .section .bss.kstack, "aw", @nobits
    .balign 16
    .space  CONFIG_STACK_SIZE
    .globl __kstack_top
__kstack_top:
