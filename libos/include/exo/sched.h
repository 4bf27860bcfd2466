/* exo/sched.h: libexo's user-level thread scheduler, the pure part: run queue, join, mutexes,
 * condition variables and sleep, inside the env's own slots.
 *
 * Every blocking operation finishes its bookkeeping before it switches: a mutex is handed to
 * the thread it wakes, a signalled condition waiter is moved to its mutex, a joiner is given the
 * exit value. So a thread resumes with nothing left to re-check, and the host test drives the
 * scheduler with a mock switch that only records what ran. The switch itself (thread_switch.S)
 * and stacks are thread.c's.
 */
#ifndef EXO_SCHED_H
#define EXO_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include <exo/timerq.h>

enum sched_state {
    SCHED_RUNNABLE, /* on the run queue */
    SCHED_RUNNING,  /* sched.current */
    SCHED_BLOCKED,  /* on a mutex, condition or join */
    SCHED_SLEEPING, /* on the sleep queue */
    SCHED_DONE,     /* exited, not yet joined */
};

struct sched_thread {
    struct sched_thread *next; /* link in the one queue the thread is on */
    enum sched_state state;
    unsigned id;
    void *value;                 /* exit value; for a joiner, the value it was given */
    struct sched_thread *joiner; /* the thread waiting in join for this one */
    bool joined;                 /* someone joined (or is joining) it */
    struct timerq_entry sleep;
    void *arch; /* saved registers, owned by the switch */
};

struct sched_queue {
    struct sched_thread *head;
    struct sched_thread *tail;
};

struct sched_mutex {
    struct sched_thread *owner;
    struct sched_queue waiters;
};

struct sched_cond {
    struct sched_queue waiters;
};

struct sched;
struct sched_ops {
    void *ctx;
    /* Saves from's registers and resumes to; returns when from runs again. */
    void (*switch_to)(void *ctx, struct sched_thread *from, struct sched_thread *to);
    /* Nothing is runnable: wait until `deadline` (TIMERQ_NEVER: until something external) and
     * return the time now. */
    uint64_t (*idle)(void *ctx, uint64_t deadline);
};

struct sched {
    struct sched_thread *current;
    struct sched_queue run;
    struct timerq sleepers;
    const struct sched_ops *ops;
    uint64_t now;
    uint64_t switches;
    bool deadlocked; /* every thread blocked with no timer to wake one */
};

/* `main` is the thread already running. */
void sched_init(struct sched *s, struct sched_thread *main, const struct sched_ops *ops);
/* Makes a new thread runnable (tail of the run queue). */
void sched_add(struct sched *s, struct sched_thread *t);
/* Round robin: the current thread goes to the tail if another is runnable. */
void sched_yield(struct sched *s);
/* The slice-end upcall's hook: preempts the current thread (a yield). */
void sched_preempt(struct sched *s);
/* The current thread ends with value; wakes its joiner. Does not return on the target. */
void sched_exit(struct sched *s, void *value);
/* Waits for t to end: EXO_OK with its value in *value, EXO_EINVAL (t is the caller or already
 * joined). */
int sched_join(struct sched *s, struct sched_thread *t, void **value);
void sched_mutex_init(struct sched_mutex *m);
int sched_mutex_lock(struct sched *s, struct sched_mutex *m);    /* EXO_EBUSY: already owner */
int sched_mutex_trylock(struct sched *s, struct sched_mutex *m); /* EXO_EAGAIN: held */
int sched_mutex_unlock(struct sched *s, struct sched_mutex *m);  /* EXO_EPERM: not owner */
void sched_cond_init(struct sched_cond *c);
/* Releases m, waits for a signal, and returns holding m again. EXO_EPERM: m not held. */
int sched_cond_wait(struct sched *s, struct sched_cond *c, struct sched_mutex *m);
void sched_cond_signal(struct sched *s, struct sched_cond *c);
void sched_cond_broadcast(struct sched *s, struct sched_cond *c);
/* Sleeps until `now` reaches deadline (returns at once if it has). */
void sched_sleep_until(struct sched *s, uint64_t deadline);
/* Time passed: wakes every sleeper due at now, earliest first. */
void sched_tick(struct sched *s, uint64_t now);

#endif /* EXO_SCHED_H */
