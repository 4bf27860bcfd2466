/* exo/hold.h: libexo's critical sections against its own upcall handlers, and the hooks that let
 * the event layer (events.c) and threads (thread.c) reach each other without either one pulling
 * the other into every image.
 *
 * An upcall can land between any two instructions. Its handlers must not find libexo's own
 * structures half changed (the scheduler's queues, malloc's free list, pages.c's sets, the
 * console's line buffer, the timer queue), so code that changes them runs held: between
 * hold_enter and hold_leave. A handler that finds the env held does not do such work; it marks it
 * pending (hold_defer) and the outermost hold_leave runs it (hold_work) once the structures are
 * whole again. The depth is per thread: thread.c swaps it on every switch (hold_swap).
 */
#ifndef EXO_HOLD_H
#define EXO_HOLD_H

#include <stdbool.h>
#include <stdint.h>

#include <exo/abi.h>

/* Work a handler put off (bits, hold_defer). */
#define HOLD_PREEMPT 0x1 /* a preemption point passed while held */
#define HOLD_TIMERS  0x2 /* timers are due */
#define HOLD_REVOKE  0x4 /* a revocation request waits for its answer */
#define HOLD_REPO    0x8 /* repossessed pages wait to be forgotten */

/* hold.c's state, read and written only through the functions below. */
extern volatile unsigned hold_level;   /* the running thread's depth */
extern volatile unsigned hold_pending; /* HOLD_* bits put off */

void hold_enter(void);
/* Leaves one level; at the outermost, runs work handlers put off meanwhile. Both are calls, not
 * inline: every image carries them (pages.c, stdio) and most never hold twice. */
void hold_leave(void);

/* Non-zero while held (for handlers). */
__attribute__((always_inline)) static inline unsigned hold_depth(void) {
    return hold_level;
}

/* Sets the depth to `depth` and returns the old one (thread.c, on a switch). */
__attribute__((always_inline)) static inline unsigned hold_swap(unsigned depth) {
    unsigned old = hold_level;
    hold_level = depth;
    return old;
}

/* A handler puts work off until the outermost hold_leave (HOLD_* bits). */
void hold_defer(unsigned work);
/* Takes and clears the pending bits (the one who runs the work). */
unsigned hold_take(void);

/* Set by events.c when its layer starts: takes the pending work (hold_take) and runs it, outside
 * any hold. */
extern void (*hold_work)(void);

/* Set by thread.c once a second thread exists: what the event layer asks of the threads. */
struct hold_threads {
    /* Time passed: wake the sleepers due at now. Not held, from a handler or hold_work. */
    void (*tick)(uint64_t now);
    /* The earliest sleeper's deadline (TIMERQ_NEVER if none). */
    uint64_t (*next)(void);
    /* A preemption point inside an upcall, not held: the running thread's context is
     * area->regs; switch area->regs to the next runnable thread. Whether it did. */
    bool (*preempt)(struct exo_upcall_area *area);
    /* A preemption point outside an upcall (deferred): a cooperative yield. */
    void (*yield)(void);
};
extern const struct hold_threads *hold_threads;

/* Set by events.c when its layer starts: waits for an event or `deadline` (events_wait; HOLD_NAP:
 * a short while, HOLD_NAP_MS). NULL: nobody delivers events, so waiting polls `time`. */
extern uint64_t (*hold_wait)(uint64_t deadline);
#define HOLD_NAP    0
#define HOLD_NAP_MS 10
/* Set by events.c when its layer starts: a TIMER event is wanted by `deadline` (a sleeping
 * thread's); the kernel deadline becomes the earliest wanted. */
extern void (*hold_alarm)(uint64_t deadline);

#endif /* EXO_HOLD_H */
