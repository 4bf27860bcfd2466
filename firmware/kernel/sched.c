/* kernel/sched.c: which env runs next: round robin over RUNNABLE envs with a timer quantum,
 * and the idle loop (serving the host link, waiting in wfi) when none is runnable.
 *
 * The kernel runs only in trap handlers and here, so every path out of the kernel ends in
 * sched_resume, which enters an env through trap_enter_user and discards the stack.
 */
#include "kernel/sched.h"
#include "arch/riscv/csr.h"
#include "config.h"
#include "drivers/clint.h"
#include "drivers/ns16550.h"
#include "kernel/bootinfo.h"
#include "kernel/ktimer.h"
#include "kernel/ptlb.h"
#include "kernel/trap.h"
#include "kernel/upcall.h"
#include "link/session.h"

static struct env *current; /* whose registers the last trap from U saved; NULL when idle */
static uint32_t entered;    /* id of the env whose PMP entries are loaded; 0 for none */
static int rotate;          /* the quantum ended: move on at the next resume */
static struct env *donee;   /* sched_yield's target: entered at the next resume */

struct env *sched_current(void) {
    return current;
}

void sched_rotate(void) {
    rotate = 1;
}

/* The first RUNNABLE env after index `after` in round-robin order (`after` itself last). */
static struct env *next_runnable(unsigned after) {
    for (unsigned k = 1; k < CONFIG_MAX_ENVS; k++) {
        unsigned i = (after + k - 1) % (CONFIG_MAX_ENVS - 1) + 1;
        struct env *e = env_at(i);
        if (e != NULL && e->state == EXO_ENV_RUNNABLE) return e;
    }
    return NULL;
}

static uint64_t quantum_ticks(void) {
    return (uint64_t)CONFIG_QUANTUM_US * bootinfo_get()->timebase_hz / 1000000u;
}

static void __attribute__((noreturn)) enter(struct env *e) {
    if (e->id != entered) {
        ptlb_switch(env_index(e));
        entered = e->id;
    }
    if (e != current || rotate) ktimer_set(KTIMER_QUANTUM, clint_now() + quantum_ticks());
    rotate = 0;
    current = e;
    upcall_deliver(e); /* events waiting and not masked: e resumes in its handler */
    trap_enter_user(e);
}

/* Nothing to run: serve the link and wait. Interrupts are off from the check to the wfi, so
 * one arriving in between still ends the wfi (it waits on mip & mie, not on mstatus.MIE) and
 * is taken as soon as they are on again. */
static void __attribute__((noreturn)) idle(void) {
    current = NULL;
    rotate = 0;
    ktimer_set(KTIMER_QUANTUM, KTIMER_OFF);
    for (;;) {
        csr_set(CSR_MSTATUS, MSTATUS_MIE);
        session_service();
        csr_clear(CSR_MSTATUS, MSTATUS_MIE);
        trap_deadlines();
        struct env *e = next_runnable(0);
        if (e != NULL) enter(e);
        const uint8_t *pending;
        if (ns16550_rx_peek(&pending) == 0) __asm__ volatile("wfi");
    }
}

int sched_yield(struct env *from, struct env *to) {
    if (to != NULL && to->state != EXO_ENV_RUNNABLE) return ERR_STATE;
    (void)from; /* always the current env: only it can make the call */
    if (to == NULL)
        rotate = 1;
    else
        donee = to;
    return ERR_OK;
}

void sched_timers_changed(void) {
    uint64_t first = KTIMER_OFF;
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++) {
        const struct env *e = env_at(i);
        if (e != NULL && e->timer_deadline != 0 && e->timer_deadline < first)
            first = e->timer_deadline;
    }
    ktimer_set(KTIMER_ENVS, first);
}

void sched_resume(void) {
    struct env *e = current;
    struct env *to = donee;
    donee = NULL;
    /* A donation runs on the rest of the giver's quantum. */
    if (to != NULL && to->state == EXO_ENV_RUNNABLE) {
        current = to;
        enter(to);
    }
    if (e == NULL || e->state != EXO_ENV_RUNNABLE || rotate) {
        struct env *next = next_runnable(e != NULL ? env_index(e) : 0);
        if (next != NULL)
            e = next;
        else if (e == NULL || e->state != EXO_ENV_RUNNABLE)
            idle();
    }
    enter(e);
}
