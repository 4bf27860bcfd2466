/* exo/thread.h: user-level threads for applications (thread.c over sched.c).
 *
 * Threads share the env's slots. A thread runs until it yields, blocks, sleeps or exits, or until
 * a preemption point: the event layer's SLICE_END and TIMER upcalls (exo/events.h) preempt the
 * running thread when another is runnable, saving its whole context from the upcall area and
 * resuming the next through UPCALL_RESUME. A switch a thread makes itself (yield, block) stays a
 * function call (thread_switch.S). libexo's own structures (the scheduler, malloc, stdio, pages)
 * are never preempted inside: they run held (exo/hold.h); the application's shared data needs
 * thread_mutex_t like on any preemptive system. Without the event layer (an image that does not
 * link it), threads are cooperative.
 */
#ifndef EXO_THREAD_H
#define EXO_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <exo/sched.h>
#include <exo/thread_switch.h>

/* A thread: the caller owns its storage (static, on a stack, or from thread_create's malloc). */
struct thread {
    struct sched_thread st;
    struct thread_regs regs;
    void *(*fn)(void *);
    void *arg;
    void *stack; /* malloc'd by thread_create, else NULL */
    /* Preempted: the whole context, as the upcall area held it (regs[0] = pc). */
    unsigned long context[32];
    bool preempted;
    unsigned hold; /* its hold depth while it is not running (exo/hold.h) */
};
typedef struct sched_mutex thread_mutex_t;
typedef struct sched_cond thread_cond_t;

#define THREAD_STACK_DEFAULT 8192

/* Makes t a runnable thread running fn(arg) on [stack, stack + stack_size), both the
 * caller's until thread_join returns. Needs no malloc (picolibc's rv32 malloc cannot be
 * linked into an image, docs/libos.md). EXO_OK, or EXO_EINVAL for a stack under 256 bytes. */
int thread_start(struct thread *t, void *stack, size_t stack_size, void *(*fn)(void *), void *arg);
/* The same with the thread and a stack of stack_size bytes (0: default) from malloc, freed by
 * thread_join. EXO_OK, or EXO_ENOMEM. */
int thread_create(struct thread **t, void *(*fn)(void *), void *arg, size_t stack_size);
/* Waits for t and stores its return value. */
int thread_join(struct thread *t, void **value);
void thread_yield(void);
__attribute__((noreturn)) void thread_exit(void *value);
/* Sleeps for `ticks` of the `time` CSR. */
void thread_sleep(uint64_t ticks);
/* A preemption point outside an upcall: a yield (kept for older callers). */
void thread_preempt(void);
/* Threads preempted at upcalls so far. */
uint64_t thread_preemptions(void);

void thread_mutex_init(thread_mutex_t *m);
int thread_mutex_lock(thread_mutex_t *m);
int thread_mutex_unlock(thread_mutex_t *m);
void thread_cond_init(thread_cond_t *c);
int thread_cond_wait(thread_cond_t *c, thread_mutex_t *m);
void thread_cond_signal(thread_cond_t *c);
void thread_cond_broadcast(thread_cond_t *c);

/* The `time` CSR. */
uint64_t thread_now(void);

#endif /* EXO_THREAD_H */
