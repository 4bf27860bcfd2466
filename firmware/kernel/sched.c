/* kernel/sched.c: which env runs next: the walk of the time-slice vector (kernel/slots.h),
 * donations (directed yield), slice events, and the idle loop (serving the host link, waiting in
 * wfi) when no slot has an owner that can run.
 *
 * The vector is walked round robin. A slot runs its owner for slots_ticks() `time` ticks
 * (KTIMER_QUANTUM); a slot whose owner is not RUNNABLE is skipped, and a slot given up (yield to
 * ANY, the owner stopping, dying or losing the slot) ends at once: the next slot with a RUNNABLE
 * owner starts then, with a full length (work-conserving). An env owning no slot runs only on a
 * donation: sched_yield(from, to) hands `to` the rest of the running slot.
 *
 * The kernel runs only in trap handlers and here, so every path out of the kernel ends in
 * sched_resume, which enters an env through trap_enter_user and discards the stack.
 */
#include "kernel/sched.h"
#include <stdint.h>

#include "arch/riscv/csr.h"
#include "config.h"
#include "drivers/clint.h"
#include "drivers/ns16550.h"
#include "kernel/ktimer.h"
#include "kernel/ptlb.h"
#include "kernel/slots.h"
#include "kernel/trap.h"
#include "kernel/upcall.h"
#include "link/session.h"

static struct env *current; /* whose registers the last trap from U saved; NULL when idle */
static uint32_t entered;    /* id of the env whose PMP entries are loaded; 0 for none */
static unsigned walk;       /* the slot last started: the walk goes on after it */
static int donated;         /* current runs on the rest of slot `walk`, donated to it */
static int rotate;          /* slot `walk` is over (its time ran out or was given up) */
static struct env *donee;   /* sched_yield's target: entered at the next resume */

struct env *sched_current(void) {
    return current;
}

void sched_rotate(void) {
    rotate = 1;
}

static int runnable(const struct env *e) {
    return e != NULL && e->state == EXO_ENV_RUNNABLE;
}

/* The first slot after `walk` (`walk` itself last) whose owner is RUNNABLE, with its owner in
 * *out; SLOTS_NONE if there is none. O(slots), paid once a slot, not once a trap. */
static unsigned next_slot(struct env **out) {
    unsigned n = slots_count();
    for (unsigned k = 1; k <= n; k++) {
        unsigned s = (walk + k) % n;
        struct env *e = env_at(slots_owner(s)); /* NULL for a free slot (index 0) */
        if (runnable(e)) {
            *out = e;
            return s;
        }
    }
    return SLOTS_NONE;
}

static void __attribute__((noreturn)) enter(struct env *e) {
    if (e->id != entered) {
        ptlb_enter(e->id);
        entered = e->id;
    }
    current = e;
    upcall_deliver(e); /* events waiting and not masked: e resumes in its handler */
    trap_enter_user(e);
}

/* Nothing to run: serve the link and wait. Interrupts are off from the check to the wfi, so
 * one arriving in between still ends the wfi (it waits on mip & mie, not on mstatus.MIE) and
 * is taken as soon as they are on again. */
static void __attribute__((noreturn)) idle(void) {
    current = NULL;
    donated = 0;
    rotate = 0;
    slots_set_current(SLOTS_NONE);
    ktimer_set(KTIMER_QUANTUM, KTIMER_OFF);
    for (;;) {
        csr_set(CSR_MSTATUS, MSTATUS_MIE);
        session_service();
        csr_clear(CSR_MSTATUS, MSTATUS_MIE);
        trap_deadlines();
        struct env *e;
        unsigned s = next_slot(&e);
        if (s != SLOTS_NONE) {
            walk = s;
            slots_set_current(s);
            upcall_post(e, EXO_EV_SLICE_START, s, 0, 0);
            ktimer_set(KTIMER_QUANTUM, clint_now() + slots_ticks());
            enter(e);
        }
        const uint8_t *pending;
        if (ns16550_rx_peek(&pending) == 0) __asm__ volatile("wfi");
    }
}

/* Slot `walk` is over for `out` (the env that ran on it, or NULL): the next slot with a
 * RUNNABLE owner starts now, with its full length; none: idle. The outgoing env hears of the
 * end, the incoming one of the start (delivered when each next runs). */
static void __attribute__((noreturn)) boundary(struct env *out) {
    if (runnable(out)) upcall_post(out, EXO_EV_SLICE_END, walk, 0, 0);
    struct env *in;
    unsigned s = next_slot(&in);
    if (s == SLOTS_NONE) idle();
    walk = s;
    donated = 0;
    rotate = 0;
    slots_set_current(s);
    upcall_post(in, EXO_EV_SLICE_START, s, 0, 0);
    ktimer_set(KTIMER_QUANTUM, clint_now() + slots_ticks());
    enter(in);
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

/* The directed yield's lean path (STYLE C rule 9): what syscall_dispatch (sys_yield) and
 * sched_resume do for a yield to a named RUNNABLE env other than the caller, done straight.
 * Anything else returns with nothing changed, and the general path answers it (its errors
 * included: EXO_ESTALE, EXO_ESTATE, ...), so the two can never disagree. trap_user calls it
 * only when the trap's deadlines and the link's service would do nothing. */
void sched_yield_fast(struct env *e) {
    unsigned long v = e->tf.x[REG_A0];
    struct env *to;
    /* Not e == current with its entries loaded (the self-test env, an entry reused while
     * the kernel ran): sched_resume decides. A slot already over gives the donee nothing. */
    if (e != current || e->id != entered || rotate) return;
    if (v == (unsigned long)EXO_ANY || v == EXO_ENV_SELF || v > UINT32_MAX) return;
    if (env_lookup((uint32_t)v, &to) != ERR_OK || to == e || !runnable(to)) return;
    e->tf.x[REG_A0] = EXO_OK; /* a0, a1 as syscall_dispatch answers it */
    e->tf.x[REG_A1] = 0;
    donated = 1;
    slots_set_current(SLOTS_NONE);
    upcall_post(to, EXO_EV_SLICE_START, (uint32_t)EXO_ANY, 0, 0);
    enter(to);
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
    /* A donation runs on the rest of the slot; the slot's own end still ends it. `rotate` may
     * already be set (the slot ended while the giver was in the kernel): then `to` gets none. */
    if (runnable(to) && !rotate) {
        donated = 1;
        slots_set_current(SLOTS_NONE);
        upcall_post(to, EXO_EV_SLICE_START, (uint32_t)EXO_ANY, 0, 0);
        enter(to);
    }
    /* Its table entry reused while the kernel ran (killed, then a load took the index): not
     * the env that ran, so it neither goes on nor hears of the slot's end. */
    if (e != NULL && e->id != entered) e = NULL;
    /* The common case: the env that trapped goes on, still entitled to the slot's time. */
    if (runnable(e) && !rotate && (donated || slots_owner(walk) == env_index(e))) enter(e);
    boundary(e);
}
