/* exo/thread.h: user-level threads for applications (thread.c over sched.c).
 *
 * Cooperative for now: a thread runs until it yields, blocks, sleeps or exits. When the
 * kernel's slice-end upcall lands, its handler calls thread_preempt() and threads are
 * preempted at slice ends.
 */
#ifndef EXO_THREAD_H
#define EXO_THREAD_H

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
/* The slice-end upcall's hook (see sched_preempt). */
void thread_preempt(void);

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
