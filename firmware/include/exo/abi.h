/* exo/abi.h: the one contract between the exokernel and environments.
 *
 * This is the only kernel header a libOS may include. It is also the single
 * source of syscall numbers, EXO_E* errors and shared layouts: the host's
 * Python mirror (hostpy/exo/abi.py) is checked against it by a test, so any
 * change here must be made there too, or that test fails.
 *
 * Usable from C and from assembly (only #defines outside __ASSEMBLER__).
 */
#ifndef EXO_ABI_H
#define EXO_ABI_H

/* ---- Memory names ------------------------------------------------------ */
#define EXO_PAGE_SHIFT 12
#define EXO_PAGE_SIZE  (1 << EXO_PAGE_SHIFT)

/* Rights on a page binding (a share carries a subset of its owner's). */
#define EXO_PERM_R   0x1
#define EXO_PERM_W   0x2
#define EXO_PERM_X   0x4
#define EXO_PERM_RWX 0x7

/* "Any" in a call that names a page, slot or filter. */
#define EXO_ANY (-1)

/* ---- Errors: a0 is 0 or one of these; anything else is never returned -- */
#define EXO_OK        0
#define EXO_EINVAL    (-1)  /* an argument is malformed or out of range */
#define EXO_ENOSYS    (-2)  /* no such call or message */
#define EXO_EPERM     (-3)  /* the caller holds no binding with that right */
#define EXO_ENOMEM    (-4)  /* no free resource of that kind is left */
#define EXO_EFAULT    (-5)  /* a pointer argument is not inside the caller's pages */
#define EXO_EBUSY     (-6)  /* the resource is bound to another env */
#define EXO_ENOENT    (-7)  /* no such env, page, slot or filter */
#define EXO_ESTALE    (-8)  /* the env id names an older generation */
#define EXO_EAGAIN    (-9)  /* nothing available now; try again */
#define EXO_E2BIG     (-10) /* a length or count exceeds its limit */
#define EXO_ESTATE    (-11) /* the object is in the wrong state for the call */
#define EXO_EIO       (-12) /* the device reported an error */
#define EXO_ERRNO_MIN (-12)

/* ---- Environments ------------------------------------------------------- */
/* An env id is (generation << 16) | slot index; a stale generation is
 * refused with EXO_ESTALE. Id 0 is never a valid env. */
#define EXO_ENV_INDEX_BITS 16
#define EXO_ENV_INDEX_MASK 0xffff
#define EXO_ENV_SELF       0 /* in calls taking an env id: the caller */

/* Env states, as the host and the exposed state report them. */
#define EXO_ENV_FREE     0
#define EXO_ENV_LOADING  1
#define EXO_ENV_RUNNABLE 2
#define EXO_ENV_STOPPED  3
#define EXO_ENV_DEAD     4

/* ---- Syscalls: ecall with the number in a7, arguments in a0..a5,
 * result in a0 (EXO_OK or an EXO_E*), value in a1. ---------------------- */
#define EXO_SYS_NULL          0 /* () -> 0: the cheapest round trip */
#define EXO_SYS_EXIT          1 /* (code) -> does not return */
#define EXO_SYS_CONSOLE_WRITE 2 /* (buf, len) -> a1 = bytes written */
#define EXO_SYS_CONSOLE_READ  3 /* (buf, len) -> a1 = bytes read, 0 if none */
#define EXO_SYS_ENV_SELF      4 /* () -> a1 = caller's env id */

#define EXO_SYS_PAGE_ALLOC   10 /* (ppn or EXO_ANY, rights) -> a1 = ppn */
#define EXO_SYS_PAGE_FREE    11 /* (ppn) */
#define EXO_SYS_PAGE_SHARE   12 /* (ppn, env, rights) */
#define EXO_SYS_PAGE_UNSHARE 13 /* (ppn, env) */
#define EXO_SYS_PAGE_INFO    14 /* (ppn) -> a1 = owner env id, a2 = caller's rights */

/* The time-slice vector (docs/abi.md, "Slots"). */
#define EXO_SYS_SLOT_ALLOC 20 /* (slot or EXO_ANY) -> a1 = slot */
#define EXO_SYS_SLOT_FREE  21 /* (slot) */
#define EXO_SYS_YIELD      22 /* (env id or EXO_ANY): donate the rest of this slot */

/* Upcalls: events delivered at a registered entry point (docs/abi.md, "Upcalls"). */
#define EXO_SYS_UPCALL_REGISTER 30 /* (entry, area: struct exo_upcall_area); (0, 0) ends */
#define EXO_SYS_UPCALL_RESUME   31 /* (): back to area->regs, unmasked; does not return */

#define EXO_SYS_TIMER_SET 40 /* (deadline in `time` ticks, 0 = none): EXO_EV_TIMER then */
/* A `time` value takes two registers on rv32, low half first: TIMER_SET's a0/a1, REVOKE's a3/a4. */

/* Child envs: a parent creates, provisions, starts and destroys its children. */
#define EXO_SYS_ENV_CREATE    50 /* (name, len) -> a1 = child id, LOADING, owning nothing */
#define EXO_SYS_ENV_GIVE_PAGE 51 /* (child, ppn): the page and its contents become the child's */
#define EXO_SYS_ENV_GIVE_SLOT 52 /* (child, slot) */
#define EXO_SYS_ENV_START     53 /* (child, pc, arg): LOADING -> RUNNABLE, a1 = arg at entry */
#define EXO_SYS_ENV_DESTROY   54 /* (child) -> a1 = pages freed (to the free pool) */

/* Revocation: a parent asks a child to give back; the abort protocol takes the rest. */
#define EXO_SYS_REVOKE      60 /* (child, kind, count, deadline in `time` ticks) */
#define EXO_SYS_REPOSSESSED 61 /* (buf, max) -> a1 = entries copied, struct exo_repossession */

/* 70..79 blocks, 80..89 network: assigned by their issues. */

#define EXO_SYS_COUNT 90 /* dispatch table size; numbers >= this are EXO_ENOSYS */

/* ---- Upcalls and revocation -------------------------------------------- */
/* Event kinds, in exo_event.kind. */
#define EXO_EV_FAULT       1 /* a = mcause, b = pc, c = mtval: delivered at once, never queued */
#define EXO_EV_SLICE_START 2 /* a = slot (EXO_ANY when donated to) */
#define EXO_EV_SLICE_END   3 /* a = slot: the slot the env just lost */
#define EXO_EV_TIMER       4 /* b = the deadline, c = `time` at delivery */
#define EXO_EV_CONSOLE     5 /* a = input bytes waiting */
#define EXO_EV_REVOKE      6 /* a = kind, b = how many to give back, c = deadline (`time`) */
#define EXO_EV_REPOSSESSED 7 /* a = kind, b = how many the abort protocol took */

/* What a revocation names (exo_event.a, EXO_SYS_REVOKE's kind). */
#define EXO_REVOKE_PAGES 1
#define EXO_REVOKE_SLOTS 2

#define EXO_EVENT_RING 64  /* events an upcall area holds (a power of two) */
#define EXO_REPO_MAX   256 /* repossession entries the kernel keeps per env */

/* ---- Env start-up ------------------------------------------------------ */
/* An env starts at its entry point in U-mode with a0 = its env id, a1 = the
 * address of its argument block (NUL-separated strings ending in an empty
 * one, written by whoever loaded it; 0 if none) and a2 = the address of the
 * exposed state below. Every other register is zero. */

/* ---- Exposed state ----------------------------------------------------- */
/* The kernel's bookkeeping, readable by every env through one read-only PMP
 * entry and never writable by any. The kernel makes `version` odd before it
 * changes anything and even again after: a reader copies what it needs and
 * retries if `version` was odd or changed meanwhile. */
#define EXO_EXPOSED_MAGIC     0x534f5845 /* "EXOS" little-endian */
#define EXO_ENV_MAX           64         /* env table size */
#define EXO_SLOT_MAX          64         /* time-slice vector capacity */
#define EXO_EXPOSED_PAGES_MAX 65536      /* bitmap capacity: 256 MiB of 4 KiB pages */
#define EXO_ENV_NAME_MAX      16         /* including the NUL */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct exo_env_summary {
    uint32_t id;   /* env id, 0 when this table slot is free */
    uint8_t state; /* EXO_ENV_* */
    uint8_t pad[3];
    uint32_t pages; /* pages it owns */
    uint32_t slots; /* slots it owns */
    char name[EXO_ENV_NAME_MAX];
};

struct exo_exposed {
    uint32_t magic;       /* EXO_EXPOSED_MAGIC */
    uint32_t version;     /* odd while the kernel writes; see above */
    uint32_t page_first;  /* physical page number of the first managed page */
    uint32_t page_count;  /* managed pages, page_first .. page_first + count - 1 */
    uint32_t pages_free;  /* free pages */
    uint32_t pmp_entries; /* PMP entries the hart has (probed at boot) */
    uint32_t pmp_pinned;  /* entries the kernel keeps; the rest cache the running env's pages */
    uint32_t env_max;     /* EXO_ENV_MAX */
    uint32_t slot_count;  /* slots in the vector (<= EXO_SLOT_MAX) */
    uint32_t slot_ticks;  /* length of a slot in `time` ticks */
    uint64_t timebase_hz; /* `time` ticks per second */
    uint32_t slots[EXO_SLOT_MAX];                     /* env id owning each slot, 0 if free */
    struct exo_env_summary envs[EXO_ENV_MAX];         /* indexed by env index */
    uint64_t free_bitmap[EXO_EXPOSED_PAGES_MAX / 64]; /* bit (ppn - page_first) set = free */
};

/* One queued event. */
struct exo_event {
    uint32_t kind; /* EXO_EV_* */
    uint32_t a;
    uint64_t b, c;
};

/* The env's half of upcalls, in one RW page it owns (the area may not cross a page boundary);
 * that page is vital: taking it means stopping the env. On delivery the kernel saves the
 * interrupted context in regs (regs[0] = pc, regs[n] = xn), sets masked = 1 and enters the
 * registered entry with a0 = the area, every other register as interrupted. While masked is
 * non-zero nothing is delivered; events wait in the ring (a fault while masked stops the env).
 * UPCALL_RESUME restores regs and clears masked in one step. */
struct exo_upcall_area {
    uint32_t masked; /* env and kernel: non-zero = deliver nothing now */
    uint32_t lost;   /* kernel: events dropped because the ring was full */
    uint32_t head;   /* kernel: events written, free-running; ring[head % EXO_EVENT_RING] next */
    uint32_t tail;   /* env: events consumed, free-running */
    unsigned long regs[32];
    struct exo_event ring[EXO_EVENT_RING];
};

/* One repossession: what the abort protocol took (EXO_SYS_REPOSSESSED). */
struct exo_repossession {
    uint32_t kind; /* EXO_REVOKE_PAGES or EXO_REVOKE_SLOTS */
    uint32_t id;   /* the page number or slot taken */
};

_Static_assert(sizeof(struct exo_event) == 24, "event layout");
_Static_assert(sizeof(struct exo_upcall_area) <= 4096, "an upcall area fits one page");
_Static_assert(sizeof(struct exo_env_summary) == 32, "env summary layout");
_Static_assert(sizeof(struct exo_exposed) <= 16384, "exposed state fits one 16 KiB NAPOT region");
#endif

#endif /* EXO_ABI_H */
