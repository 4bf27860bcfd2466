/* events.c: libexo's event layer (exo/events.h): starts upcalls, dispatches each event to its
 * handler or the default, answers revocation, keeps the timers on the kernel's deadline, and
 * waits for events by giving the CPU away. */
#include <stddef.h>

#include <exo/counters.h>
#include <exo/cpu.h>
#include <exo/events.h>
#include <exo/fault.h>
#include <exo/hold.h>
#include <exo/libexo.h>
#include <exo/pages.h>
#include <exo/syscall.h>
#include <exo/upcall.h>

/* upcall.c's: the handler upcall_entry.S calls. */
extern exo_upcall_fn upcall_handler;

/* Repossession entries read at a time. */
#define REPO_BATCH 32

static struct exo_upcall_area *area;
static events_fn handlers[EVENTS_KIND_MAX];
static struct events_stats stats;
static struct timerq timers;
/* Events other than slice changes handled so far: what a waiter watches. */
static volatile uint64_t woken;
/* A default handler of this delivery passed a preemption point. */
static bool preempt_point;
/* The dispatcher is running (inside an upcall). */
static bool dispatching;
/* The last revocation request, answered at once or when the hold it landed in ends. */
static struct events_revoke request;

static events_revoke_answer_fn answer = events_revoke_default;
static void *answer_ctx;
static events_revoke_fn revoke_told;
static void *revoke_ctx;
static events_repossessed_fn repo_told;
static void *repo_ctx;

static void dispatch(struct exo_upcall_area *a);

bool events_running(void) {
    return area != NULL && upcall_handler == dispatch;
}

struct exo_upcall_area *events_area(void) {
    return area;
}

const struct events_stats *events_stats(void) {
    return &stats;
}

events_fn events_handle(uint32_t kind, events_fn fn) {
    if (kind == 0 || kind >= EVENTS_KIND_MAX) return NULL;
    events_fn old = handlers[kind];
    handlers[kind] = fn;
    return old;
}

/* ---- The kernel deadline and the timers -------------------------------- */

/* Asks the kernel for one TIMER event at the earliest of the timers, the sleeping threads and
 * `extra`. Held or in a handler. */
static void rearm(uint64_t extra) {
    uint64_t next = timerq_next(&timers);
    if (hold_threads != NULL) {
        uint64_t t = hold_threads->next();
        if (t < next) next = t;
    }
    if (extra < next) next = extra;
    exo_timer_set(next == TIMERQ_NEVER ? 0 : next);
}

/* Not held: fires what is due, wakes due sleepers, re-arms the kernel for the rest. */
static void run_timers(void) {
    uint64_t now = exo_time();
    struct timerq_entry *e;
    while ((e = timerq_pop_expired(&timers, now)) != NULL)
        if (e->fire != NULL) e->fire(e, e->arg);
    if (hold_threads != NULL) hold_threads->tick(now);
    rearm(TIMERQ_NEVER);
}

void events_timer_arm(struct timerq_entry *t, uint64_t deadline, uint64_t period,
                      void (*fire)(struct timerq_entry *t, void *arg), void *arg) {
    if (!events_running()) events_start();
    hold_enter();
    t->fire = fire;
    t->arg = arg;
    timerq_arm(&timers, t, deadline, period);
    rearm(TIMERQ_NEVER);
    hold_leave();
}

bool events_timer_cancel(struct timerq_entry *t) {
    hold_enter();
    bool was = timerq_cancel(&timers, t);
    rearm(TIMERQ_NEVER);
    hold_leave();
    return was;
}

uint64_t events_ms(uint64_t ms) {
    const volatile struct exo_exposed *x = libexo_exposed();
    uint64_t hz = x != NULL ? x->timebase_hz : 10000000;
    return ms * (hz / 1000);
}

/* ---- Revocation ---------------------------------------------------------- */

/* Frees up to n of this env's slots, the highest first (those the abort protocol would take). */
static uint32_t give_slots(uint32_t n) {
    const volatile struct exo_exposed *x = libexo_exposed();
    uint32_t self = (uint32_t)libexo_env(), given = 0;
    if (x == NULL) return 0;
    for (uint32_t s = x->slot_count; s-- > 0 && given < n;)
        if (x->slots[s] == self && exo_slot_free(s) == EXO_OK) given++;
    return given;
}

uint32_t events_revoke_default(const struct events_revoke *r, void *ctx) {
    (void)ctx;
    if (r->kind == EXO_REVOKE_SLOTS) return give_slots(r->count);
    long given = pages_give_back(r->count);
    return given > 0 ? (uint32_t)given : 0;
}

void events_revoke_answer(events_revoke_answer_fn fn, void *ctx) {
    answer = fn != NULL ? fn : events_revoke_default;
    answer_ctx = fn != NULL ? ctx : NULL;
}

void events_on_revoke(events_revoke_fn fn, void *ctx) {
    revoke_told = fn;
    revoke_ctx = ctx;
}

void events_on_repossessed(events_repossessed_fn fn, void *ctx) {
    repo_told = fn;
    repo_ctx = ctx;
}

static void answer_request(void) {
    struct events_revoke r = request;
    r.given = answer(&r, answer_ctx);
    stats.revoked_given += r.given;
    if (revoke_told != NULL) revoke_told(&r, revoke_ctx);
}

/* Reads the whole repossession vector, forgets the pages in pages.c, tells the application. */
static void repossessed(void) {
    struct exo_repossession taken[REPO_BATCH];
    long n;
    while ((n = exo_repossessed(taken, REPO_BATCH)) > 0) {
        for (long i = 0; i < n; i++)
            if (taken[i].kind == EXO_REVOKE_PAGES) pages_forget(taken[i].id);
        stats.repossessed += (uint64_t)n;
        if (repo_told != NULL) repo_told(taken, (uint32_t)n, repo_ctx);
    }
}

/* ---- Dispatch ------------------------------------------------------------ */

/* Work a handler put off, run when the hold ends (hold_work), by a waiter, or by a handler that
 * found nothing held. Held itself: a timer callback or an answer running in ordinary code must
 * not be preempted or re-entered by the next upcall halfway. */
static void work(unsigned w) {
    hold_enter();
    if (w & HOLD_REPO) repossessed();
    if (w & HOLD_REVOKE) answer_request();
    if (w & HOLD_TIMERS) run_timers();
    hold_leave();
    if ((w & HOLD_PREEMPT) && hold_threads != NULL) {
        /* Inside an upcall the dispatcher preempts when it is done; outside, a yield. */
        if (dispatching)
            preempt_point = true;
        else
            hold_threads->yield();
    }
}

/* hold_work: what handlers put off while the env was held. */
static void work_pending(void) {
    work(hold_take());
}

/* Runs `w` now if nothing is held, else when the hold ends. */
static void now_or_later(unsigned w) {
    if (hold_depth() != 0)
        hold_defer(w);
    else
        work(w);
}

void events_default(const struct exo_event *ev, struct exo_upcall_area *a) {
    (void)a;
    switch (ev->kind) {
    case EXO_EV_FAULT:
        fault_report(ev); /* does not return */
    case EXO_EV_SLICE_END:
        preempt_point = true;
        break;
    case EXO_EV_TIMER:
        now_or_later(HOLD_TIMERS);
        preempt_point = true;
        break;
    case EXO_EV_REVOKE:
        request = (struct events_revoke){
            .kind = ev->a, .count = (uint32_t)ev->b, .deadline = ev->c, .given = 0};
        now_or_later(HOLD_REVOKE);
        break;
    case EXO_EV_REPOSSESSED:
        now_or_later(HOLD_REPO);
        break;
    default:
        /* SLICE_START, CONSOLE (a reader waiting in stdin sees `woken` move), unknown kinds. */
        break;
    }
}

static void dispatch(struct exo_upcall_area *a) {
    struct exo_event ev;
    stats.upcalls++;
    preempt_point = false;
    dispatching = true;
    while (exo_upcall_next(a, &ev)) {
        if (ev.kind < EVENTS_KIND_MAX) stats.events[ev.kind]++;
        if (ev.kind != EXO_EV_SLICE_START && ev.kind != EXO_EV_SLICE_END) woken = woken + 1;
        events_fn fn = ev.kind < EVENTS_KIND_MAX ? handlers[ev.kind] : NULL;
        if (fn != NULL)
            fn(&ev, a);
        else
            events_default(&ev, a);
    }
    /* Last, once every event is consumed: a preemption changes whose context a->regs is. */
    if (preempt_point && hold_threads != NULL) {
        if (hold_depth() != 0)
            hold_defer(HOLD_PREEMPT);
        else if (hold_threads->preempt(a))
            stats.preemptions++;
    }
    dispatching = false;
}

/* ---- Waiting -------------------------------------------------------------- */

static uint64_t wait_for(uint64_t deadline) {
    uint64_t seen = woken;
    if (deadline == HOLD_NAP) deadline = exo_time() + events_ms(HOLD_NAP_MS);
    if (deadline != EVENTS_FOREVER) rearm(deadline);
    for (;;) {
        /* Work put off by handlers while the caller was held: the caller is at a point where
         * libexo's structures are whole (a scheduler's idle, or no hold at all). */
        unsigned w = hold_take();
        if (hold_depth() != 0) w &= ~(unsigned)HOLD_PREEMPT;
        if (w != 0) work(w);
        uint64_t now = exo_time();
        if (woken != seen || now >= deadline) return now;
        exo_yield(EXO_ANY);
    }
}

uint64_t events_wait(uint64_t deadline) {
    if (!events_running()) {
        /* Nothing can arrive: waiting is for the deadline alone, and "for ever" is one yield. */
        uint64_t now;
        do
            exo_yield(EXO_ANY);
        while ((now = exo_time()) < deadline && deadline != EVENTS_FOREVER);
        return now;
    }
    return wait_for(deadline);
}

/* ---- Start ------------------------------------------------------------------- */

long events_start(void) {
    if (events_running()) return EXO_OK;
    /* Without the exposed state there is no kernel to register with (a stand-in monitor). */
    if (libexo_exposed() == NULL) return EXO_ENOSYS;
    if (area == NULL) {
        uint32_t ppn;
        long n = pages_alloc(1, EXO_PERM_R | EXO_PERM_W, 0, &ppn);
        if (n < 0) return n;
        pages_pin(ppn, 1);
        area = (struct exo_upcall_area *)((uintptr_t)ppn << EXO_PAGE_SHIFT);
    }
    hold_work = work_pending;
    hold_wait = wait_for;
    hold_alarm = rearm;
    long r = exo_upcall_init(area, dispatch);
    if (r != EXO_OK) {
        hold_work = NULL;
        hold_wait = NULL;
        hold_alarm = NULL;
        upcall_handler = NULL;
        uint32_t ppn = (uint32_t)((uintptr_t)area >> EXO_PAGE_SHIFT);
        pages_unpin(ppn, 1);
        pages_free(ppn, 1);
        area = NULL;
    }
    return r;
}

/* start.c calls this before main when it is linked (weakly referenced): failing to start leaves
 * the env as it would be without upcalls. */
void events_autostart(void) {
    events_start();
}
