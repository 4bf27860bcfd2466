/* kernel/env.h: the env table: ids with generations, names, states, exit codes and the saved
 * user context of each env.
 *
 * Env index 0 is never used (the ownership table's "free"), so an env index is 1 ..
 * CONFIG_MAX_ENVS - 1 and an id (generation << 16 | index) is never 0. The scheduler
 * (kernel/sched.h) picks among RUNNABLE envs; after any kernel entry it resumes the interrupted
 * env only if that env is still RUNNABLE, so the calls below may end the current env.
 */
#ifndef EXO_KERNEL_ENV_H
#define EXO_KERNEL_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "arch/riscv/trapframe.h"
#include "config.h"
#include "exo/abi.h"
#include "kernel/errors.h"

#define ENV_NO_FAULT 0xffffffffu /* fault_cause when the env did not stop on a fault */
#define ENV_NO_ARGS  0xffffffffu /* load_args: no argument block */

struct ptlb_state;

struct env {
    struct trap_frame tf; /* first: the user registers, saved and restored by trap.S */
    uint32_t id;          /* generation << 16 | index; 0 when FREE */
    uint16_t generation;  /* bumped each time the entry is reused */
    uint8_t state;        /* EXO_ENV_* */
    char name[EXO_ENV_NAME_MAX];
    int32_t exit_code;    /* DEAD: the code it exited with, -1 when killed */
    uint32_t fault_cause; /* STOPPED by a fault: mcause; ENV_NO_FAULT otherwise */
    uint64_t fault_pc, fault_addr;
    uint32_t parent; /* the env that created it (EXO_SYS_ENV_CREATE), 0 for the host */
    /* Upcalls (kernel/upcall.h): 0 when none registered. */
    uintptr_t upcall_entry, upcall_area;
    uint64_t timer_deadline; /* EXO_SYS_TIMER_SET; 0 when none */
    /* Its PMP cache (kernel/ptlb.c), for the vector's refill fast path: set when its entries
     * are first loaded, NULL before. */
    struct ptlb_state *ptlb;
    /* LOADING: the run being written by the host (docs/link.md, ENV_LOAD_*). */
    uint32_t load_base_ppn, load_pages, load_image_size, load_entry, load_args, load_crc;
};

void env_init(void);

/* A new env in state LOADING, owning nothing. name: 1 .. EXO_ENV_NAME_MAX - 1 printable ASCII
 * bytes (ERR_INVAL otherwise). Takes a FREE entry, else the DEAD one with the lowest index
 * (ERR_NOMEM if neither); the id's generation is one more than the entry's last. */
int env_create(const char *name, size_t name_len, struct env **out);

/* The env an id names: ERR_NOENT if the index is out of range or the entry FREE, ERR_STALE if
 * the generation differs. */
int env_lookup(uint32_t id, struct env **out);

/* 1 .. CONFIG_MAX_ENVS - 1: the index the ownership table and the PMP code use. */
static inline unsigned env_index(const struct env *e) {
    return e->id & EXO_ENV_INDEX_MASK;
}

/* Entry `index` of the table (any state), or NULL when out of range (index 0 included). */
struct env *env_at(unsigned index);

/* LOADING -> RUNNABLE: enters at pc in U-mode with a0 = id, a1 = args (0 for none), a2 = the
 * exposed state, every other register 0. */
void env_start(struct env *e, uintptr_t pc, uintptr_t args);

/* Any state but FREE/DEAD -> DEAD with `code`: every page it owns returns to the free pool,
 * every share it holds ends, its slots are freed, its pending revocation ends (kernel/revoke.h)
 * and its children are destroyed too; an EXIT event goes to the host for each. Returns the
 * pages it freed itself. */
long env_destroy(struct env *e, int32_t code);

/* RUNNABLE -> STOPPED after a fault with no handler (cause = mcause, addr = mtval); it keeps
 * its pages until killed, and a FAULT event goes to the host. */
void env_fault(struct env *e, uint32_t cause, uint64_t pc, uint64_t addr);

#endif /* EXO_KERNEL_ENV_H */
