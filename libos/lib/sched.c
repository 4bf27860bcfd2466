/* sched.c: the user-level thread scheduler's logic (exo/sched.h): round robin, join, mutexes,
 * condition variables and sleep. Pure: the switch and the idle wait are the caller's ops. */
#include <stddef.h>

#include <exo/abi.h>
#include <exo/sched.h>

static void enqueue(struct sched_queue *q, struct sched_thread *t) {
    t->next = NULL;
    if (q->tail != NULL)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
}

static struct sched_thread *dequeue(struct sched_queue *q) {
    struct sched_thread *t = q->head;
    if (t != NULL) {
        q->head = t->next;
        if (q->head == NULL) q->tail = NULL;
        t->next = NULL;
    }
    return t;
}

static void make_runnable(struct sched *s, struct sched_thread *t) {
    t->state = SCHED_RUNNABLE;
    enqueue(&s->run, t);
}

static void wake_sleepers(struct sched *s) {
    struct timerq_entry *e;
    while ((e = timerq_pop_expired(&s->sleepers, s->now)) != NULL)
        make_runnable(s, e->arg);
}

/* The current thread has been queued somewhere (or is done): run the next runnable one,
 * waiting in idle for sleepers when none is. If no thread can ever run again, sets deadlocked
 * and returns without switching (the target's idle never returns in that case). */
static void reschedule(struct sched *s) {
    struct sched_thread *from = s->current, *to;
    while ((to = dequeue(&s->run)) == NULL) {
        uint64_t deadline = timerq_next(&s->sleepers);
        s->now = s->ops->idle(s->ops->ctx, deadline);
        wake_sleepers(s);
        if (s->run.head == NULL && deadline == TIMERQ_NEVER) {
            s->deadlocked = true;
            return;
        }
    }
    to->state = SCHED_RUNNING;
    s->current = to;
    if (to != from) {
        s->switches++;
        s->ops->switch_to(s->ops->ctx, from, to);
    }
}

void sched_init(struct sched *s, struct sched_thread *main, const struct sched_ops *ops) {
    s->run.head = s->run.tail = NULL;
    timerq_init(&s->sleepers);
    s->ops = ops;
    s->now = 0;
    s->switches = 0;
    s->deadlocked = false;
    s->current = main;
    main->state = SCHED_RUNNING;
    main->next = NULL;
    main->joiner = NULL;
    main->joined = false;
}

void sched_add(struct sched *s, struct sched_thread *t) {
    t->joiner = NULL;
    t->joined = false;
    t->value = NULL;
    t->sleep.armed = false;
    make_runnable(s, t);
}

void sched_yield(struct sched *s) {
    if (s->run.head == NULL) return;
    make_runnable(s, s->current);
    reschedule(s);
}

void sched_preempt(struct sched *s) {
    sched_yield(s);
}

void sched_exit(struct sched *s, void *value) {
    struct sched_thread *t = s->current;
    t->state = SCHED_DONE;
    t->value = value;
    if (t->joiner != NULL) {
        t->joiner->value = value;
        make_runnable(s, t->joiner);
        t->joiner = NULL;
    }
    reschedule(s);
}

int sched_join(struct sched *s, struct sched_thread *t, void **value) {
    struct sched_thread *self = s->current;
    if (t == self || t->joined) return EXO_EINVAL;
    t->joined = true;
    if (t->state != SCHED_DONE) {
        t->joiner = self;
        self->state = SCHED_BLOCKED;
        reschedule(s);
    } else {
        self->value = t->value;
    }
    if (value != NULL) *value = self->value;
    return EXO_OK;
}

void sched_mutex_init(struct sched_mutex *m) {
    m->owner = NULL;
    m->waiters.head = m->waiters.tail = NULL;
}

int sched_mutex_trylock(struct sched *s, struct sched_mutex *m) {
    if (m->owner != NULL) return m->owner == s->current ? EXO_EBUSY : EXO_EAGAIN;
    m->owner = s->current;
    return EXO_OK;
}

int sched_mutex_lock(struct sched *s, struct sched_mutex *m) {
    int r = sched_mutex_trylock(s, m);
    if (r != EXO_EAGAIN) return r;
    /* unlock hands m to the first waiter, so when this thread runs again it owns m. */
    s->current->state = SCHED_BLOCKED;
    enqueue(&m->waiters, s->current);
    reschedule(s);
    return EXO_OK;
}

/* Gives m to its first waiter (made runnable), or frees it. */
static void release(struct sched *s, struct sched_mutex *m) {
    struct sched_thread *next = dequeue(&m->waiters);
    m->owner = next;
    if (next != NULL) make_runnable(s, next);
}

int sched_mutex_unlock(struct sched *s, struct sched_mutex *m) {
    if (m->owner != s->current) return EXO_EPERM;
    release(s, m);
    return EXO_OK;
}

void sched_cond_init(struct sched_cond *c) {
    c->waiters.head = c->waiters.tail = NULL;
}

int sched_cond_wait(struct sched *s, struct sched_cond *c, struct sched_mutex *m) {
    struct sched_thread *self = s->current;
    if (m->owner != self) return EXO_EPERM;
    /* The waiter remembers its mutex in `value` until signalled (it is not joining now). */
    self->value = m;
    self->state = SCHED_BLOCKED;
    enqueue(&c->waiters, self);
    release(s, m);
    reschedule(s);
    return EXO_OK;
}

/* A signalled waiter goes to its mutex: it owns it at once if free, else queues for it. */
static void wake_to_mutex(struct sched *s, struct sched_thread *t) {
    struct sched_mutex *m = t->value;
    if (m->owner == NULL) {
        m->owner = t;
        make_runnable(s, t);
    } else {
        enqueue(&m->waiters, t);
    }
}

void sched_cond_signal(struct sched *s, struct sched_cond *c) {
    struct sched_thread *t = dequeue(&c->waiters);
    if (t != NULL) wake_to_mutex(s, t);
}

void sched_cond_broadcast(struct sched *s, struct sched_cond *c) {
    struct sched_thread *t;
    while ((t = dequeue(&c->waiters)) != NULL)
        wake_to_mutex(s, t);
}

void sched_sleep_until(struct sched *s, uint64_t deadline) {
    if (deadline <= s->now) return;
    struct sched_thread *self = s->current;
    self->state = SCHED_SLEEPING;
    self->sleep.arg = self;
    timerq_arm(&s->sleepers, &self->sleep, deadline, 0);
    reschedule(s);
}

void sched_tick(struct sched *s, uint64_t now) {
    if (now > s->now) s->now = now;
    wake_sleepers(s);
}
