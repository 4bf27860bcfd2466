/* threads: libexo's threads on the kernel. Workers that never yield add to one counter under a
 * mutex: the libOS preempts them at slice ends (exo/thread.h), and the total is still exact.
 * Then a producer and a consumer pass items through a condition variable. Prints both results
 * and how many preemptions happened; exits 0 if both results are right.
 *
 * Argument (optional): the rounds each worker makes (default ROUNDS).
 */
#include <stdio.h>
#include <stdlib.h>

#include <exo/libexo.h>
#include <exo/thread.h>

#define WORKERS     4
#define ROUNDS      100000
#define ITEMS       100
#define RING        4
#define STACK_WORDS 1024

static thread_mutex_t lock;
static thread_cond_t not_empty, not_full;
static volatile unsigned long counter;
static unsigned long rounds = ROUNDS;
static int ring[RING];
static unsigned head, count;

/* No yield, no sleep, no I/O: only a preemption takes the CPU from it. */
static void *work(void *arg) {
    (void)arg;
    for (unsigned long k = 0; k < rounds; k++) {
        thread_mutex_lock(&lock);
        counter = counter + 1;
        thread_mutex_unlock(&lock);
    }
    return NULL;
}

static void *produce(void *arg) {
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        thread_mutex_lock(&lock);
        while (count == RING)
            thread_cond_wait(&not_full, &lock);
        ring[(head + count++) % RING] = i;
        thread_cond_signal(&not_empty);
        thread_mutex_unlock(&lock);
    }
    return NULL;
}

static void *consume(void *arg) {
    long sum = 0;
    (void)arg;
    for (int i = 0; i < ITEMS; i++) {
        thread_mutex_lock(&lock);
        while (count == 0)
            thread_cond_wait(&not_empty, &lock);
        sum += ring[head];
        head = (head + 1) % RING;
        count--;
        thread_cond_signal(&not_full);
        thread_mutex_unlock(&lock);
    }
    return (void *)sum;
}

/* Threads on static stacks: no malloc, so this image links on rv32 too (docs/libos.md). */
static struct thread threads[WORKERS + 2];
static unsigned long stacks[WORKERS + 2][STACK_WORDS];

int main(void) {
    const char *arg = libexo_args();
    unsigned long n = arg != NULL ? strtoul(arg, NULL, 0) : 0;
    if (n > 0) rounds = n;
    thread_mutex_init(&lock);
    thread_cond_init(&not_empty);
    thread_cond_init(&not_full);

    for (int i = 0; i < WORKERS; i++)
        thread_start(&threads[i], stacks[i], sizeof stacks[i], work, NULL);
    for (int i = 0; i < WORKERS; i++)
        thread_join(&threads[i], NULL);
    unsigned long want = WORKERS * rounds;
    printf("threads: counter %lu (want %lu)\n", counter, want);

    void *sum = NULL;
    thread_start(&threads[WORKERS], stacks[WORKERS], sizeof stacks[0], produce, NULL);
    thread_start(&threads[WORKERS + 1], stacks[WORKERS + 1], sizeof stacks[0], consume, NULL);
    thread_join(&threads[WORKERS], NULL);
    thread_join(&threads[WORKERS + 1], &sum);
    long total = (long)ITEMS * (ITEMS + 1) / 2;
    printf("threads: sum %ld (want %ld)\n", (long)sum, total);
    printf("threads: preemptions %lu\n", (unsigned long)thread_preemptions());
    return counter == want && (long)sum == total ? 0 : 1;
}
