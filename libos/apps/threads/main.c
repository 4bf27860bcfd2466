/* threads: a cooperative producer/consumer over libexo's threads, mutex and condition
 * variable; prints the sum the consumer saw and exits 0 if it is right. */
#include <stdio.h>

#include <exo/thread.h>

#define ITEMS 100
#define SLOTS 4

static thread_mutex_t lock;
static thread_cond_t not_empty, not_full;
static int ring[SLOTS];
static unsigned head, count;

static void *produce(void *arg) {
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        thread_mutex_lock(&lock);
        while (count == SLOTS)
            thread_cond_wait(&not_full, &lock);
        ring[(head + count++) % SLOTS] = i;
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
        head = (head + 1) % SLOTS;
        count--;
        thread_cond_signal(&not_full);
        thread_mutex_unlock(&lock);
        thread_yield();
    }
    return (void *)sum;
}

/* Threads started on static stacks: no malloc, so this image links on rv32 too. */
static struct thread producer, consumer;
static unsigned long stacks[2][1024];

int main(void) {
    struct thread *p = &producer, *c = &consumer;
    void *sum = NULL;
    thread_mutex_init(&lock);
    thread_cond_init(&not_empty);
    thread_cond_init(&not_full);
    thread_start(p, stacks[0], sizeof stacks[0], produce, NULL);
    thread_start(c, stacks[1], sizeof stacks[1], consume, NULL);
    thread_join(p, NULL);
    thread_join(c, &sum);
    long want = (long)ITEMS * (ITEMS + 1) / 2;
    printf("threads: sum %ld (want %ld)\n", (long)sum, want);
    return (long)sum == want ? 0 : 1;
}
