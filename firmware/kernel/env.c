/* kernel/env.c: the env table (kernel/env.h): ids with generations, names, states, exit codes,
 * fault details and each env's saved user registers. Every change is mirrored in the exposed
 * state's summaries before the kernel returns to any env. */
#include "kernel/env.h"
#include "arch/riscv/csr.h"
#include "kernel/console.h"
#include "kernel/exposed.h"
#include "kernel/memory.h"
#include "kernel/revoke.h"
#include "kernel/sched.h"
#include "kernel/slots.h"
#include "lib/string.h"
#include "link/events.h"

_Static_assert(CONFIG_MAX_ENVS >= 2 && CONFIG_MAX_ENVS <= EXO_ENV_INDEX_MASK + 1,
               "env indices fit the id's low half");

static struct env envs[CONFIG_MAX_ENVS];

void env_init(void) {
    memset(envs, 0, sizeof envs);
    for (unsigned i = 0; i < CONFIG_MAX_ENVS; i++)
        envs[i].fault_cause = ENV_NO_FAULT;
    console_init();
}

static int name_valid(const char *name, size_t len) {
    if (name == NULL || len == 0 || len >= EXO_ENV_NAME_MAX) return 0;
    for (size_t i = 0; i < len; i++)
        if (name[i] < 0x20 || name[i] > 0x7e) return 0;
    return 1;
}

static void publish(const struct env *e) {
    exposed_begin();
    exposed_env(e);
    exposed_pages();
    exposed_slots();
    exposed_end();
}

int env_create(const char *name, size_t name_len, struct env **out) {
    if (!name_valid(name, name_len)) return ERR_INVAL;
    struct env *e = NULL;
    for (unsigned i = 1; i < CONFIG_MAX_ENVS && e == NULL; i++)
        if (envs[i].state == EXO_ENV_FREE) e = &envs[i];
    /* A DEAD env holds nothing (env_destroy released it), so its entry can be taken over. */
    for (unsigned i = 1; i < CONFIG_MAX_ENVS && e == NULL; i++)
        if (envs[i].state == EXO_ENV_DEAD) e = &envs[i];
    if (e == NULL) return ERR_NOMEM;
    unsigned index = (unsigned)(e - envs);
    uint16_t generation = (uint16_t)(e->generation + 1);
    memset(e, 0, sizeof *e);
    e->generation = generation;
    e->id = (uint32_t)generation << EXO_ENV_INDEX_BITS | index;
    e->state = EXO_ENV_LOADING;
    memcpy(e->name, name, name_len);
    e->fault_cause = ENV_NO_FAULT;
    e->load_args = ENV_NO_ARGS;
    console_reset(index);
    publish(e);
    *out = e;
    return ERR_OK;
}

int env_lookup(uint32_t id, struct env **out) {
    unsigned index = id & EXO_ENV_INDEX_MASK;
    if (index == 0 || index >= CONFIG_MAX_ENVS || envs[index].state == EXO_ENV_FREE)
        return ERR_NOENT;
    if (envs[index].id != id) return ERR_STALE;
    *out = &envs[index];
    return ERR_OK;
}

struct env *env_at(unsigned index) {
    return index != 0 && index < CONFIG_MAX_ENVS ? &envs[index] : NULL;
}

void env_start(struct env *e, uintptr_t pc, uintptr_t args) {
    memset(&e->tf, 0, sizeof e->tf);
    e->tf.mepc = pc;
    e->tf.x[REG_A0] = e->id;
    e->tf.x[REG_A1] = args;
    e->tf.x[REG_A2] = (uintptr_t)&kexposed;
    /* mret drops to U-mode (MPP = 0) with interrupts on (MPIE), so the timer can preempt. */
    e->tf.mstatus = MSTATUS_MPIE;
    e->state = EXO_ENV_RUNNABLE;
    console_foreground(env_index(e));
    publish(e);
}

long env_destroy(struct env *e, int32_t code) {
    if (e->state == EXO_ENV_FREE || e->state == EXO_ENV_DEAD) return ERR_STATE;
    unsigned index = env_index(e);
    revoke_forget(e); /* a pending revocation ends: what it still owed is taken */
    exposed_begin();
    /* DEAD first, so a child destroyed below that names it as parent cannot recurse back. */
    e->state = EXO_ENV_DEAD;
    e->exit_code = code;
    e->fault_cause = ENV_NO_FAULT;
    /* Nothing may write to the area once its page is free. */
    e->upcall_entry = e->upcall_area = 0;
    int had_timer = e->timer_deadline != 0;
    e->timer_deadline = 0;
    long freed = pages_release_all(&kpages, index, NULL, NULL);
    slots_release_all(index);
    exposed_env(e);
    exposed_pages();
    exposed_slots();
    exposed_end();
    console_retire(index); /* its output stays readable until the entry is reused */
    events_exit(e->id, code);
    if (had_timer) sched_timers_changed();
    /* A destroyed env's children go with it (their pages to the free pool too). */
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++)
        if (envs[i].parent == e->id && envs[i].state != EXO_ENV_FREE) env_destroy(&envs[i], -1);
    return freed;
}

void env_fault(struct env *e, uint32_t cause, uint64_t pc, uint64_t addr) {
    if (e->state != EXO_ENV_RUNNABLE) return;
    e->state = EXO_ENV_STOPPED;
    e->fault_cause = cause;
    e->fault_pc = pc;
    e->fault_addr = addr;
    publish(e);
    events_fault(e->id, cause, pc, addr);
}
