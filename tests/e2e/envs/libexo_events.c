/* libexo_events: libexo's event layer on the kernel (exo/events.h), one mode a run, picked by
 * its first argument:
 *   fault ADDR   loads from ADDR (not its own): the default handler reports the fault on the
 *                console and exits with EVENTS_EXIT_FAULT(cause)
 *   timer N MS   a periodic timer every MS milliseconds; events_wait until it fired N times;
 *                prints `timer N fired, TICKS ticks, waits W` (W: events_wait calls that
 *                returned), exits 0 if at least N periods of `time` passed
 *   sleep        two threads sleep 30 and 10 ms while main joins them; prints `woke B` then
 *                `woke A` (the shorter sleep first) and `sleep ok` if each woke after its
 *                deadline
 *   give N       binds N pages it does not pin, prints `ready`, and waits; the default answer
 *                gives back a revocation's pages; the hook's report is printed as
 *                `revoke KIND COUNT GIVEN` with `owned M` (pages libexo still holds)
 *   keep N       the same, but its answer gives nothing: the abort protocol takes them, and the
 *                repossession hook's count is printed as `repossessed K owned M`
 * `give` and `keep` then wait for `q` on the console (stdin, woken by EXO_EV_CONSOLE) and exit
 * 0. Exit 1: malformed arguments; 2: the event layer is not running; 3: no pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/counters.h>
#include <exo/events.h>
#include <exo/libexo.h>
#include <exo/pages.h>
#include <exo/syscall.h>
#include <exo/thread.h>

static const char *arg_at(unsigned n) {
    const char *a = libexo_args();
    for (unsigned i = 0; a != NULL && *a != '\0'; i++, a += strlen(a) + 1)
        if (i == n) return a;
    return NULL;
}

static unsigned long num_at(unsigned n) {
    const char *a = arg_at(n);
    if (a == NULL) exo_exit(1);
    return strtoul(a, NULL, 0);
}

static int fault(void) {
    volatile unsigned *p = (volatile unsigned *)(uintptr_t)num_at(1);
    printf("loading\n");
    fflush(stdout);
    return (int)*p;
}

static volatile unsigned fired;

static void tick(struct timerq_entry *t, void *arg) {
    (void)t;
    (void)arg;
    fired = fired + 1;
}

static int timer(void) {
    unsigned n = (unsigned)num_at(1);
    uint64_t period = events_ms(num_at(2));
    static struct timerq_entry t;
    uint64_t start = exo_time();
    unsigned waits = 0;
    events_timer_arm(&t, start + period, period, tick, NULL);
    while (fired < n) {
        events_wait(EVENTS_FOREVER);
        waits++;
    }
    events_timer_cancel(&t);
    uint64_t took = exo_time() - start;
    printf("timer %u fired, %lu ticks, waits %u\n", n, (unsigned long)took, waits);
    return took >= n * period ? 0 : 4;
}

static volatile uint64_t woke_late[2];

static void *sleeper(void *arg) {
    unsigned which = (unsigned)(uintptr_t)arg;
    uint64_t ticks = events_ms(which == 0 ? 30 : 10);
    uint64_t deadline = thread_now() + ticks;
    thread_sleep(ticks);
    woke_late[which] = thread_now() >= deadline;
    printf("woke %c\n", which == 0 ? 'A' : 'B');
    return NULL;
}

static int sleep_two(void) {
    static struct thread a, b;
    static unsigned long stacks[2][512];
    thread_start(&a, stacks[0], sizeof stacks[0], sleeper, (void *)0);
    thread_start(&b, stacks[1], sizeof stacks[1], sleeper, (void *)1);
    thread_join(&a, NULL);
    thread_join(&b, NULL);
    if (!woke_late[0] || !woke_late[1]) return 4;
    printf("sleep ok\n");
    return 0;
}

/* What the hooks saw, for main to print (hooks may not print: they can run in the upcall). */
static volatile struct events_revoke seen;
static volatile unsigned revokes, repossessed;

static void told(const struct events_revoke *r, void *ctx) {
    (void)ctx;
    seen.kind = r->kind;
    seen.count = r->count;
    seen.given = r->given;
    revokes = revokes + 1;
}

static uint32_t refuse(const struct events_revoke *r, void *ctx) {
    (void)r;
    (void)ctx;
    return 0;
}

static void taken(const struct exo_repossession *t, uint32_t n, void *ctx) {
    (void)t;
    (void)ctx;
    repossessed = repossessed + n;
}

static uint32_t owned_count(void) {
    return pageset_pages(pages_owned());
}

static int revocation(int keep) {
    unsigned n = (unsigned)num_at(1);
    events_on_revoke(told, NULL);
    events_on_repossessed(taken, NULL);
    if (keep) events_revoke_answer(refuse, NULL);
    for (unsigned i = 0; i < n; i++) {
        uint32_t ppn;
        if (pages_alloc(1, EXO_PERM_R | EXO_PERM_W, 0, &ppn) != 1) return 3;
    }
    printf("ready owned %u\n", (unsigned)owned_count());
    fflush(stdout);
    while (keep ? repossessed == 0 : revokes == 0)
        events_wait(EVENTS_FOREVER);
    if (keep)
        printf("repossessed %u owned %u\n", repossessed, (unsigned)owned_count());
    else
        printf("revoke %u %u %u owned %u\n", (unsigned)seen.kind, (unsigned)seen.count,
               (unsigned)seen.given, (unsigned)owned_count());
    while (getchar() != 'q') {
    }
    return 0;
}

int main(void) {
    const char *mode = arg_at(0);
    if (mode == NULL) return 1;
    if (!events_running()) return 2;
    if (strcmp(mode, "fault") == 0) return fault();
    if (strcmp(mode, "timer") == 0) return timer();
    if (strcmp(mode, "sleep") == 0) return sleep_two();
    if (strcmp(mode, "give") == 0) return revocation(0);
    if (strcmp(mode, "keep") == 0) return revocation(1);
    return 1;
}
