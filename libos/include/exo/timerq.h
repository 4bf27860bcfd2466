/* exo/timerq.h: a queue of one-shot and periodic timers ordered by deadline (`time` ticks).
 *
 * The libOS keeps every timer here and asks the kernel for one per-env deadline, the earliest;
 * when it passes, timerq_pop_expired hands back the due timers in order. Pure, host-tested.
 */
#ifndef EXO_TIMERQ_H
#define EXO_TIMERQ_H

#include <stdbool.h>
#include <stdint.h>

#define TIMERQ_NEVER UINT64_MAX

struct timerq_entry {
    struct timerq_entry *next;
    uint64_t deadline;
    uint64_t period;   /* 0: one-shot */
    uint64_t seq;      /* arming order: equal deadlines fire first armed, first */
    uint64_t overruns; /* periods skipped because the queue was serviced late */
    bool armed;
    void (*fire)(struct timerq_entry *e, void *arg); /* for the caller; the queue never calls it */
    void *arg;
};

struct timerq {
    struct timerq_entry *head;
    uint64_t seq;
};

void timerq_init(struct timerq *q);
/* Arms e (re-arming it if armed) to fire at deadline, then every period ticks if period > 0. */
void timerq_arm(struct timerq *q, struct timerq_entry *e, uint64_t deadline, uint64_t period);
/* Disarms e; returns whether it was armed. */
bool timerq_cancel(struct timerq *q, struct timerq_entry *e);
/* The earliest deadline, TIMERQ_NEVER if none. */
uint64_t timerq_next(const struct timerq *q);
/* The first timer due at `now` (deadline <= now), or NULL. A one-shot timer is disarmed; a
 * periodic one is re-armed at its next deadline after now (missed periods are counted in
 * overruns, not fired again). */
struct timerq_entry *timerq_pop_expired(struct timerq *q, uint64_t now);

#endif /* EXO_TIMERQ_H */
