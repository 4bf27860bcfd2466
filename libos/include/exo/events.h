/* exo/events.h: libexo's event layer: upcalls dispatched to a C handler per event kind, with a
 * default for each; revocation and repossession hooks; timers on the kernel's per-env deadline;
 * waiting for events without spinning on `time`.
 *
 * Start: every image that links this layer starts it before main (libexo_start calls
 * events_start): the apps in libos/apps/ always do (libos/Makefile links it into each), other
 * images when they call anything declared here. It binds one page of its own for the upcall
 * area (that page is vital: the kernel never takes it) and registers upcall_entry. Test envs
 * that use exo/upcall.h directly keep working: exo_upcall_init replaces the registration, and
 * from then on none of this layer's handlers run.
 *
 * Handlers run inside the upcall, masked (nothing else is delivered until they return), on the
 * interrupted stack. A handler may: make syscalls, use pages_* and the timers below, read and
 * change area->regs (e.g. step past a fault), call events_default, and set flags that threads
 * read. It must not call malloc/free, printf or any thread_* call (the interrupted code may be
 * inside them), block or sleep. A fault inside a handler stops the env (the kernel cannot
 * deliver it while masked).
 *
 * Default handlers (events_default):
 *   EXO_EV_FAULT       prints "libexo: fault: <cause name> pc=... addr=... env=..." and exits
 *                      with EVENTS_EXIT_FAULT(cause).
 *   EXO_EV_SLICE_START nothing.
 *   EXO_EV_SLICE_END   a preemption point: with more than one runnable thread, the running one
 *                      is preempted and the next resumed (exo/thread.h).
 *   EXO_EV_TIMER       runs the due timers (events_timer_arm), wakes sleeping threads, re-arms
 *                      the kernel deadline at the earliest one left; a preemption point too.
 *   EXO_EV_CONSOLE     wakes readers waiting in stdin (getchar, fgets).
 *   EXO_EV_REVOKE      calls the revocation answer (default: pages_give_back for pages, frees
 *                      the highest slots for slots), then the revocation hook.
 *   EXO_EV_REPOSSESSED reads the repossession vector, forgets the taken pages in pages.c, then
 *                      calls the repossession hook.
 */
#ifndef EXO_EVENTS_H
#define EXO_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include <exo/abi.h>
#include <exo/timerq.h>

/* Exit code of the default fault handler: 128 + mcause (like a shell's signal codes), e.g. 133
 * for a load access fault, 135 for a store access fault. */
#define EVENTS_EXIT_FAULT_BASE   128
#define EVENTS_EXIT_FAULT(cause) (EVENTS_EXIT_FAULT_BASE + (int)(cause))

/* Event kinds are EXO_EV_* (exo/abi.h), 1 .. EVENTS_KIND_MAX - 1. */
#define EVENTS_KIND_MAX 8

/* Waits forever (events_wait). */
#define EVENTS_FOREVER TIMERQ_NEVER

/* A handler for one event kind; area is the upcall area (area->regs = the interrupted context,
 * which UPCALL_RESUME restores when the handler returns). */
typedef void (*events_fn)(const struct exo_event *ev, struct exo_upcall_area *area);

/* Binds the upcall page and registers the entry; idempotent. EXO_OK or a negative EXO_E*
 * (the layer then stays off and faults stop the env as without upcalls). */
long events_start(void);
/* Whether events_start succeeded (and nothing has replaced its registration since). */
bool events_running(void);
/* The layer's upcall area, NULL before events_start. */
struct exo_upcall_area *events_area(void);

/* Installs fn for `kind` (NULL: the default) and returns the previous one (NULL: it was the
 * default). An unknown kind changes nothing and returns NULL. */
events_fn events_handle(uint32_t kind, events_fn fn);
/* The default handler for ev->kind: an application's handler may finish with it. */
void events_default(const struct exo_event *ev, struct exo_upcall_area *area);

/* ---- Revocation -------------------------------------------------------- */
/* One revocation request as libexo saw it. */
struct events_revoke {
    uint32_t kind;     /* EXO_REVOKE_PAGES or EXO_REVOKE_SLOTS */
    uint32_t count;    /* how many the kernel asked for */
    uint64_t deadline; /* `time` by which they must be given back (then the abort protocol) */
    uint32_t given;    /* how many the answer gave back in the handler */
};

/* Answers a request: gives back what it chooses (pages_free, pages_give_back, exo_slot_free,
 * ...) and returns how many it gave. It may give fewer now and the rest later, before the
 * deadline, from ordinary code: every page or slot freed counts (docs/abi.md, "Revocation"). */
typedef uint32_t (*events_revoke_answer_fn)(const struct events_revoke *r, void *ctx);
/* Replaces libexo's answer (NULL: the default, least-useful unpinned pages first). */
void events_revoke_answer(events_revoke_answer_fn fn, void *ctx);
/* libexo's default answer, for an application's answer to fall back on. */
uint32_t events_revoke_default(const struct events_revoke *r, void *ctx);

/* Told after the answer: r->given says what was given back. NULL: nobody is told. */
typedef void (*events_revoke_fn)(const struct events_revoke *r, void *ctx);
void events_on_revoke(events_revoke_fn fn, void *ctx);

/* Told after a repossession: the n entries the kernel took (already forgotten by pages.c). */
typedef void (*events_repossessed_fn)(const struct exo_repossession *taken, uint32_t n, void *ctx);
void events_on_repossessed(events_repossessed_fn fn, void *ctx);

/* ---- Timers ------------------------------------------------------------ */
/* Arms t (re-arming it if armed) to call fire(t, arg) at `deadline` (`time` ticks), then every
 * `period` ticks if period > 0. fire runs in the TIMER upcall (a handler: see above). The kernel
 * deadline (EXO_SYS_TIMER_SET) always follows the earliest armed timer. */
void events_timer_arm(struct timerq_entry *t, uint64_t deadline, uint64_t period,
                      void (*fire)(struct timerq_entry *t, void *arg), void *arg);
/* Disarms t; returns whether it was armed. */
bool events_timer_cancel(struct timerq_entry *t);
/* `time` ticks in ms milliseconds (from the exposed timebase). */
uint64_t events_ms(uint64_t ms);

/* ---- Waiting ----------------------------------------------------------- */
/* Gives the CPU away (EXO_SYS_YIELD) until at least one event has been handled since the call,
 * or `time` reaches deadline (EVENTS_FOREVER: no deadline); the kernel deadline is set so a
 * TIMER event ends the wait. Returns `time` now. Not for handlers. Without the event layer
 * (events_start failed) only the deadline ends it, and EVENTS_FOREVER returns after one yield. */
uint64_t events_wait(uint64_t deadline);

/* ---- Counters ---------------------------------------------------------- */
struct events_stats {
    uint64_t upcalls;                 /* deliveries (one may carry several events) */
    uint64_t events[EVENTS_KIND_MAX]; /* events handled, by kind */
    uint64_t preemptions;             /* threads preempted at SLICE_END / TIMER */
    uint64_t revoked_given;           /* pages or slots given back by answers */
    uint64_t repossessed;             /* entries taken by the abort protocol */
};
const struct events_stats *events_stats(void);

#endif /* EXO_EVENTS_H */
