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

/* 20..29 slots and yield, 30..39 upcalls, 40..49 timers, 50..59 child envs,
 * 60..69 revocation, 70..79 blocks, 80..89 network: assigned by their issues. */

#define EXO_SYS_COUNT 90 /* dispatch table size; numbers >= this are EXO_ENOSYS */

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

_Static_assert(sizeof(struct exo_env_summary) == 32, "env summary layout");
_Static_assert(sizeof(struct exo_exposed) <= 16384, "exposed state fits one 16 KiB NAPOT region");
#endif

#endif /* EXO_ABI_H */
