/* libexo_oom: overruns its heap on purpose. Mallocs CHUNK bytes at a time, touching every page,
 * until malloc returns NULL; prints `oom after KIB KiB`, frees it all, checks a malloc works
 * again (`heap usable again`) and exits 12 (ENOMEM's number: out of memory, cleanly).
 *
 * Argument (optional): a heap cap in KiB (sbrk_limit); without it the heap grows until the next
 * page cannot be bound (another env's, or the end of memory). Exit 1: a malloc returned memory
 * that was not writable as asked; 2: the heap did not work again after freeing.
 */
#include <stdio.h>
#include <stdlib.h>

#include <exo/heap.h>
#include <exo/libexo.h>

#define CHUNK (64 * 1024)

int main(void) {
    const char *arg = libexo_args();
    if (arg != NULL && *arg != '\0') sbrk_limit(strtoul(arg, NULL, 0) * 1024);
    unsigned n = 0;
    void *held = NULL; /* the chunks, each one's first word pointing at the one before */
    for (;;) {
        volatile char *p = malloc(CHUNK);
        if (p == NULL) break;
        /* A byte in every page: each one must be bound and writable. */
        for (unsigned off = 0; off < CHUNK; off += 4096)
            p[off] = (char)n;
        for (unsigned off = 0; off < CHUNK; off += 4096)
            if (p[off] != (char)n) return 1;
        *(void **)p = held;
        held = (void *)p;
        n++;
    }
    printf("oom after %u KiB\n", n * (CHUNK / 1024));
    while (held != NULL) {
        void *before = *(void **)held;
        free(held);
        held = before;
    }
    void *again = malloc(CHUNK);
    if (again == NULL) return 2;
    free(again);
    printf("heap usable again\n");
    return 12;
}
