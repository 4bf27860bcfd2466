/* thread.c: user-level threads for applications: caller-provided stacks, the switch in
 * thread_switch.S, the decisions in sched.c (exo/thread.h; thread_alloc.c adds malloc). */
#include <stddef.h>

#include <exo/abi.h>
#include <exo/counters.h>
#include <exo/syscall.h>
#include <exo/thread.h>

static void switch_to(void *ctx, struct sched_thread *from, struct sched_thread *to);
static uint64_t idle(void *ctx, uint64_t deadline);

static const struct sched_ops ops = {NULL, switch_to, idle};
static struct sched sched;
static struct thread main_thread;
static unsigned next_id = 1;

uint64_t thread_now(void) {
    return exo_time();
}

static void switch_to(void *ctx, struct sched_thread *from, struct sched_thread *to) {
    (void)ctx;
    thread_switch(from->arch, to->arch);
}

/* Set by thread_alloc.c when linked: frees what thread_create allocated. */
void (*thread_release)(struct thread *t);

/* Until the kernel's per-env deadline and upcalls land, waiting is polling the time CSR. A
 * deadlock (nothing runnable, no sleeper) ends the env: nothing could wake it. */
static uint64_t idle(void *ctx, uint64_t deadline) {
    (void)ctx;
    if (deadline == TIMERQ_NEVER) exo_exit(EXO_ESTATE);
    uint64_t now;
    while ((now = thread_now()) < deadline) {
    }
    return now;
}

/* The scheduler starts lazily, the first time any thread call is made. */
static struct sched *get(void) {
    if (sched.ops == NULL) {
        main_thread.st.arch = &main_thread.regs;
        main_thread.st.id = 0;
        sched_init(&sched, &main_thread.st, &ops);
    }
    return &sched;
}

/* entry() finds its thread from sched.current: the sched_thread must be the first member. */
_Static_assert(offsetof(struct thread, st) == 0, "struct thread starts with its sched_thread");

static void entry(void) {
    struct thread *t = (struct thread *)sched.current;
    thread_exit(t->fn(t->arg));
}

int thread_start(struct thread *t, void *stack, size_t stack_size, void *(*fn)(void *), void *arg) {
    if (stack_size < 256) return EXO_EINVAL;
    t->fn = fn;
    t->arg = arg;
    t->regs.ra = (unsigned long)entry;
    /* The ABI wants sp 16-aligned at every call. */
    t->regs.sp = ((unsigned long)stack + stack_size) & ~15ul;
    t->st.arch = &t->regs;
    t->st.id = next_id++;
    sched_add(get(), &t->st);
    return EXO_OK;
}

int thread_join(struct thread *t, void **value) {
    int r = sched_join(get(), &t->st, value);
    if (r == EXO_OK && t->stack != NULL && thread_release != NULL) thread_release(t);
    return r;
}

void thread_yield(void) {
    sched_yield(get());
}

void thread_preempt(void) {
    sched_preempt(get());
}

void thread_exit(void *value) {
    if (get()->current == &main_thread.st) exo_exit((int)(long)value);
    sched_exit(&sched, value);
    /* Nothing switches back to a finished thread. */
    for (;;) {
    }
}

void thread_sleep(uint64_t ticks) {
    struct sched *s = get();
    uint64_t now = thread_now();
    sched_tick(s, now);
    sched_sleep_until(s, now + ticks);
}

void thread_mutex_init(thread_mutex_t *m) {
    sched_mutex_init(m);
}

int thread_mutex_lock(thread_mutex_t *m) {
    return sched_mutex_lock(get(), m);
}

int thread_mutex_unlock(thread_mutex_t *m) {
    return sched_mutex_unlock(get(), m);
}

void thread_cond_init(thread_cond_t *c) {
    sched_cond_init(c);
}

int thread_cond_wait(thread_cond_t *c, thread_mutex_t *m) {
    return sched_cond_wait(get(), c, m);
}

void thread_cond_signal(thread_cond_t *c) {
    sched_cond_signal(get(), c);
}

void thread_cond_broadcast(thread_cond_t *c) {
    sched_cond_broadcast(get(), c);
}
