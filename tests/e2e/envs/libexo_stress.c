/* libexo_stress: threads that never yield, preempted while inside malloc, free and printf. Three
 * threads from thread_create (malloc'd stacks) each make ROUNDS rounds: malloc a block of a size
 * that varies, fill it with the thread's pattern, print `tI K` every PRINT_EVERY rounds, check
 * the block and free it. libexo holds keep preemption out of the allocator and the console
 * buffer, so every block keeps its pattern and every line comes out whole. Prints
 * `stress ok preemptions N` and exits 0; exit 1: a block lost its pattern; 2: malloc failed;
 * 3: a thread could not be created; 4: the event layer is not running. 64-bit boards only (malloc: libos/Makefile, ENVS_MALLOC).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/events.h>
#include <exo/thread.h>

#define THREADS     3
#define ROUNDS      3000
#define PRINT_EVERY 25

static volatile int failed;

static void *run(void *arg) {
    unsigned id = (unsigned)(uintptr_t)arg;
    uint32_t seed = 12345u * (id + 1);
    for (unsigned k = 0; k < ROUNDS && !failed; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = 16 + (seed >> 16) % 512;
        unsigned char *p = malloc(n);
        if (p == NULL) {
            failed = 2;
            break;
        }
        memset(p, 0xa0 + (int)id, n);
        if (k % PRINT_EVERY == 0) printf("t%u %u\n", id, k);
        for (size_t i = 0; i < n; i++)
            if (p[i] != (unsigned char)(0xa0 + id)) failed = 1;
        free(p);
    }
    return NULL;
}

int main(void) {
    struct thread *t[THREADS];
    /* A test env gets the event layer by using it (docs/libos.md): here, by asking. */
    if (!events_running()) return 4;
    for (unsigned i = 0; i < THREADS; i++)
        if (thread_create(&t[i], run, (void *)(uintptr_t)i, 0) != 0) return 3;
    for (unsigned i = 0; i < THREADS; i++)
        thread_join(t[i], NULL);
    if (failed) return failed;
    printf("stress ok preemptions %lu\n", (unsigned long)thread_preemptions());
    return 0;
}
