/* timerq.c: the deadline-ordered timer queue (exo/timerq.h). Pure. */
#include <stddef.h>

#include <exo/timerq.h>

void timerq_init(struct timerq *q) {
    q->head = NULL;
    q->seq = 0;
}

/* Sorted by (deadline, seq): a sorted list, because an env has few timers and the earliest is
 * what every caller wants. */
static void insert(struct timerq *q, struct timerq_entry *e) {
    struct timerq_entry **p = &q->head;
    while (*p != NULL && (*p)->deadline <= e->deadline)
        p = &(*p)->next;
    e->next = *p;
    *p = e;
    e->armed = true;
}

bool timerq_cancel(struct timerq *q, struct timerq_entry *e) {
    if (!e->armed) return false;
    for (struct timerq_entry **p = &q->head; *p != NULL; p = &(*p)->next) {
        if (*p == e) {
            *p = e->next;
            break;
        }
    }
    e->next = NULL;
    e->armed = false;
    return true;
}

void timerq_arm(struct timerq *q, struct timerq_entry *e, uint64_t deadline, uint64_t period) {
    timerq_cancel(q, e);
    e->deadline = deadline;
    e->period = period;
    e->overruns = 0;
    e->seq = q->seq++;
    insert(q, e);
}

uint64_t timerq_next(const struct timerq *q) {
    return q->head != NULL ? q->head->deadline : TIMERQ_NEVER;
}

struct timerq_entry *timerq_pop_expired(struct timerq *q, uint64_t now) {
    struct timerq_entry *e = q->head;
    if (e == NULL || e->deadline > now) return NULL;
    q->head = e->next;
    e->next = NULL;
    e->armed = false;
    if (e->period != 0) {
        /* The next deadline after now on the period's grid; the ones skipped are overruns. */
        uint64_t missed = (now - e->deadline) / e->period;
        uint64_t step = (missed + 1) * e->period;
        if (step / e->period != missed + 1 || e->deadline > TIMERQ_NEVER - step) {
            e->deadline = TIMERQ_NEVER; /* past the end of time: never again */
        } else {
            e->overruns += missed;
            e->deadline += step;
            e->seq = q->seq++;
            insert(q, e);
        }
    }
    return e;
}
