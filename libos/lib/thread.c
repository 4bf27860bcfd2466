/* thread.c: user-level threads for applications: caller-provided stacks, the switches (a call
 * into thread_switch.S, or a preemption inside an upcall), the decisions in sched.c (exo/thread.h;
 * thread_alloc.c adds malloc). */
#include <stddef.h>
#include <string.h>

#include <exo/abi.h>
#include <exo/counters.h>
#include <exo/hold.h>
#include <exo/syscall.h>
#include <exo/thread.h>

/* Register numbers in exo_upcall_area.regs (regs[n] = xn, regs[0] = pc). */
#define REG_PC 0
#define REG_RA 1
#define REG_SP 2
#define REG_S0 8
#define REG_S1 9
#define REG_S2 18 /* s2..s11: x18..x27 */

static void switch_to(void *ctx, struct sched_thread *from, struct sched_thread *to);
static uint64_t idle(void *ctx, uint64_t deadline);
static void tick(uint64_t now);
static uint64_t next(void);
static bool preempt(struct exo_upcall_area *area);
static void yield(void);

static const struct sched_ops ops = {NULL, switch_to, idle};
static const struct hold_threads hooks = {tick, next, preempt, yield};
static struct sched sched;
static struct thread main_thread;
static unsigned next_id = 1;
/* Set while preempt() runs inside an upcall: switch_to then moves contexts in `area`. */
static struct exo_upcall_area *upcall;
/* The area a preemption came through: a preempted thread is resumed through it. */
static struct exo_upcall_area *area;
static uint64_t preemptions;

uint64_t thread_now(void) {
    return exo_time();
}

uint64_t thread_preemptions(void) {
    return preemptions;
}

/* The context a thread resumes with, written into an upcall area's regs: its saved whole
 * context if it was preempted, else the callee-saved registers its last switch kept, entering
 * where that switch returns (the caller-saved ones are dead across that call). */
static void load_context(unsigned long *regs, struct thread *t) {
    if (t->preempted) {
        memcpy(regs, t->context, sizeof t->context);
        t->preempted = false;
        return;
    }
    regs[REG_PC] = t->regs.ra;
    regs[REG_RA] = t->regs.ra;
    regs[REG_SP] = t->regs.sp;
    regs[REG_S0] = t->regs.s[0];
    regs[REG_S1] = t->regs.s[1];
    for (unsigned i = 2; i < 12; i++)
        regs[REG_S2 + i - 2] = t->regs.s[i];
}

/* The switches that are not a plain call: inside an upcall (a preemption), or to a thread that
 * was preempted. Out of line, so the common switch below needs no stack frame. */
__attribute__((noinline)) static void switch_slow(struct thread *f, struct thread *t) {
    if (upcall != NULL) {
        /* Inside an upcall: from's context is the area's; the upcall resumes to's. */
        memcpy(f->context, upcall->regs, sizeof f->context);
        f->preempted = true;
        load_context(upcall->regs, t);
        return;
    }
    /* Masked first: a delivery now would overwrite the regs being written. */
    volatile uint32_t *masked = &area->masked;
    *masked = 1;
    __asm__ volatile("" ::: "memory");
    load_context(area->regs, t);
    __asm__ volatile("" ::: "memory");
    thread_switch_resume(&f->regs);
}

/* sched_thread is the first member of struct thread (checked below). */
static void switch_to(void *ctx, struct sched_thread *from, struct sched_thread *to) {
    (void)ctx;
    struct thread *f = (struct thread *)from, *t = (struct thread *)to;
    f->hold = hold_swap(t->hold);
    if (upcall != NULL || t->preempted)
        switch_slow(f, t);
    else
        thread_switch(&f->regs, &t->regs);
}

/* Set by thread_alloc.c when linked: frees what thread_create allocated. */
void (*thread_release)(struct thread *t);

/* Nothing runnable: the event layer gives the CPU away until an event or the deadline; without
 * it, poll `time`. A deadlock (nothing runnable, no sleeper) ends the env: nothing could wake
 * it. */
static uint64_t idle(void *ctx, uint64_t deadline) {
    (void)ctx;
    if (deadline == TIMERQ_NEVER) exo_exit(EXO_ESTATE);
    if (hold_wait != NULL) return hold_wait(deadline);
    uint64_t now;
    while ((now = thread_now()) < deadline) {
    }
    return now;
}

/* The event layer's hooks (exo/hold.h); each runs with nothing held. */
static void tick(uint64_t now) {
    sched_tick(&sched, now);
}

static uint64_t next(void) {
    return timerq_next(&sched.sleepers);
}

static bool preempt(struct exo_upcall_area *a) {
    sched_tick(&sched, thread_now());
    if (sched.run.head == NULL) return false;
    area = a;
    upcall = a;
    sched_preempt(&sched);
    upcall = NULL;
    preemptions++;
    return true;
}

static void yield(void) {
    thread_yield();
}

/* The scheduler starts lazily, the first time any thread call is made. Held. */
static struct sched *get(void) {
    if (sched.ops == NULL) {
        main_thread.st.arch = &main_thread.regs;
        main_thread.st.id = 0;
        sched_init(&sched, &main_thread.st, &ops);
        hold_threads = &hooks;
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
    memset(&t->regs, 0, sizeof t->regs);
    t->regs.ra = (unsigned long)entry;
    /* The ABI wants sp 16-aligned at every call. */
    t->regs.sp = ((unsigned long)stack + stack_size) & ~15ul;
    t->preempted = false;
    t->hold = 0; /* it starts in entry(), outside libexo */
    t->st.arch = &t->regs;
    hold_enter();
    t->st.id = next_id++;
    sched_add(get(), &t->st);
    hold_leave();
    return EXO_OK;
}

int thread_join(struct thread *t, void **value) {
    hold_enter();
    int r = sched_join(get(), &t->st, value);
    hold_leave();
    if (r == EXO_OK && t->stack != NULL && thread_release != NULL) thread_release(t);
    return r;
}

void thread_yield(void) {
    hold_enter();
    sched_yield(get());
    hold_leave();
}

void thread_preempt(void) {
    thread_yield();
}

void thread_exit(void *value) {
    hold_enter();
    if (get()->current == &main_thread.st) {
        hold_leave();
        exo_exit((int)(long)value);
    }
    sched_exit(&sched, value);
    /* Nothing switches back to a finished thread. */
    for (;;) {
    }
}

void thread_sleep(uint64_t ticks) {
    hold_enter();
    struct sched *s = get();
    uint64_t now = thread_now();
    sched_tick(s, now);
    /* A TIMER event then wakes it while other threads run (a scheduler with nothing runnable
     * waits for the deadline itself). */
    if (hold_alarm != NULL) hold_alarm(now + ticks);
    sched_sleep_until(s, now + ticks);
    hold_leave();
}

void thread_mutex_init(thread_mutex_t *m) {
    sched_mutex_init(m);
}

int thread_mutex_lock(thread_mutex_t *m) {
    hold_enter();
    int r = sched_mutex_lock(get(), m);
    hold_leave();
    return r;
}

int thread_mutex_unlock(thread_mutex_t *m) {
    hold_enter();
    int r = sched_mutex_unlock(get(), m);
    hold_leave();
    return r;
}

void thread_cond_init(thread_cond_t *c) {
    sched_cond_init(c);
}

int thread_cond_wait(thread_cond_t *c, thread_mutex_t *m) {
    hold_enter();
    int r = sched_cond_wait(get(), c, m);
    hold_leave();
    return r;
}

void thread_cond_signal(thread_cond_t *c) {
    hold_enter();
    sched_cond_signal(get(), c);
    hold_leave();
}

void thread_cond_broadcast(thread_cond_t *c) {
    hold_enter();
    sched_cond_broadcast(get(), c);
    hold_leave();
}
