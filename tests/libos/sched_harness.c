/* sched_harness.c: drives libos/lib/sched.c (with timerq.c) from line commands, for
 * test_sched.py. The switch is a mock that records it; each command acts as the thread that is
 * current when it arrives.
 *
 *   spawn                 -> ID             (a new runnable thread)
 *   yield | preempt       -> 0 CUR
 *   exit V                -> 0 CUR
 *   join T                -> CODE CUR
 *   lock M | trylock M | unlock M | wait C M -> CODE CUR
 *   signal C | broadcast C                   -> 0 CUR
 *   sleep DEADLINE        -> 0 CUR
 *   tick NOW              -> 0 CUR
 *   value T               -> V              (thread T's value field, as a number)
 *   values                -> V0,V1,...      (every thread's)
 *   owner M               -> ID or -
 *   now                   -> NOW SWITCHES
 * CUR is the current thread's id, followed by "!" when the scheduler is deadlocked.
 * The mock idle jumps time to the deadline it is given.
 *
 *   tarm I DEADLINE PERIOD | tcancel I | tnext | tpop NOW  -> timer queue of entries 0..15:
 *   tarm -> ok; tcancel -> 0|1; tnext -> DEADLINE or never; tpop -> I DEADLINE OVERRUNS | none
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/sched.h>

#define THREADS 64

static struct sched_thread threads[THREADS];
static unsigned nthreads = 1;
static struct sched_mutex mutexes[8];
static struct sched_cond conds[8];
static struct sched s;
static struct timerq tq;
static struct timerq_entry timers[16];

/* This harness allocates nothing, and LeakSanitizer's exit-time scan hangs on it here (a
 * DEADLYSIGNAL inside the scan): leak checking off, the other checks on. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
    return "detect_leaks=0";
}

static void mock_switch(void *ctx, struct sched_thread *from, struct sched_thread *to) {
    (void)ctx;
    if (from == to || to->state != SCHED_RUNNING) abort();
}

static uint64_t mock_idle(void *ctx, uint64_t deadline) {
    (void)ctx;
    return deadline == TIMERQ_NEVER ? s.now : deadline;
}

static const struct sched_ops ops = {NULL, mock_switch, mock_idle};

static unsigned long num(void) {
    char *t = strtok(NULL, " \n");
    return t != NULL ? strtoul(t, NULL, 0) : 0;
}

/* Bounded indices: a bad test line must not become an out-of-bounds access. */
static unsigned idx(unsigned long v, unsigned n) {
    return v < n ? (unsigned)v : n - 1;
}

static void answer(int code) {
    printf("%d %u%s\n", code, s.current->id, s.deadlocked ? "!" : "");
}

int main(void) {
    char line[256];
    threads[0].id = 0;
    sched_init(&s, &threads[0], &ops);
    for (unsigned i = 0; i < 8; i++) {
        sched_mutex_init(&mutexes[i]);
        sched_cond_init(&conds[i]);
    }
    timerq_init(&tq);
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *cmd = strtok(line, " \n");
        if (cmd == NULL) continue;
        if (strcmp(cmd, "spawn") == 0) {
            if (nthreads == THREADS) {
                puts("full");
            } else {
                struct sched_thread *t = &threads[nthreads];
                t->id = nthreads++;
                sched_add(&s, t);
                printf("%u\n", t->id);
            }
        } else if (strcmp(cmd, "yield") == 0) {
            sched_yield(&s);
            answer(0);
        } else if (strcmp(cmd, "preempt") == 0) {
            sched_preempt(&s);
            answer(0);
        } else if (strcmp(cmd, "exit") == 0) {
            sched_exit(&s, (void *)(uintptr_t)num());
            answer(0);
        } else if (strcmp(cmd, "join") == 0) {
            void *v = NULL;
            int r = sched_join(&s, &threads[idx(num(), nthreads)], &v);
            answer(r);
        } else if (strcmp(cmd, "lock") == 0) {
            answer(sched_mutex_lock(&s, &mutexes[idx(num(), 8)]));
        } else if (strcmp(cmd, "trylock") == 0) {
            answer(sched_mutex_trylock(&s, &mutexes[idx(num(), 8)]));
        } else if (strcmp(cmd, "unlock") == 0) {
            answer(sched_mutex_unlock(&s, &mutexes[idx(num(), 8)]));
        } else if (strcmp(cmd, "wait") == 0) {
            unsigned c = idx(num(), 8), m = idx(num(), 8);
            answer(sched_cond_wait(&s, &conds[c], &mutexes[m]));
        } else if (strcmp(cmd, "signal") == 0) {
            sched_cond_signal(&s, &conds[idx(num(), 8)]);
            answer(0);
        } else if (strcmp(cmd, "broadcast") == 0) {
            sched_cond_broadcast(&s, &conds[idx(num(), 8)]);
            answer(0);
        } else if (strcmp(cmd, "sleep") == 0) {
            sched_sleep_until(&s, num());
            answer(0);
        } else if (strcmp(cmd, "tick") == 0) {
            sched_tick(&s, num());
            answer(0);
        } else if (strcmp(cmd, "value") == 0) {
            printf("%" PRIuPTR "\n", (uintptr_t)threads[idx(num(), nthreads)].value);
        } else if (strcmp(cmd, "values") == 0) {
            for (unsigned i = 0; i < nthreads; i++)
                printf("%s%" PRIuPTR, i ? "," : "", (uintptr_t)threads[i].value);
            putchar('\n');
        } else if (strcmp(cmd, "owner") == 0) {
            struct sched_thread *o = mutexes[idx(num(), 8)].owner;
            if (o == NULL)
                puts("-");
            else
                printf("%u\n", o->id);
        } else if (strcmp(cmd, "now") == 0) {
            printf("%" PRIu64 " %" PRIu64 "\n", s.now, s.switches);
        } else if (strcmp(cmd, "tarm") == 0) {
            unsigned i = idx(num(), 16);
            uint64_t d = strtoull(strtok(NULL, " \n"), NULL, 0);
            uint64_t p = strtoull(strtok(NULL, " \n"), NULL, 0);
            timerq_arm(&tq, &timers[i], d, p);
            puts("ok");
        } else if (strcmp(cmd, "tcancel") == 0) {
            printf("%d\n", timerq_cancel(&tq, &timers[idx(num(), 16)]));
        } else if (strcmp(cmd, "tnext") == 0) {
            uint64_t n = timerq_next(&tq);
            if (n == TIMERQ_NEVER)
                puts("never");
            else
                printf("%" PRIu64 "\n", n);
        } else if (strcmp(cmd, "tpop") == 0) {
            struct timerq_entry *e =
                timerq_pop_expired(&tq, strtoull(strtok(NULL, " \n"), NULL, 0));
            if (e == NULL)
                puts("none");
            else
                printf("%d %" PRIu64 " %" PRIu64 "\n", (int)(e - timers), e->deadline, e->overruns);
        } else {
            puts("?");
        }
        fflush(stdout);
    }
    return 0;
}
