/* libexo_oom: overruns its heap on purpose. Mallocs CHUNK bytes at a time, touching every page,
 * until malloc returns NULL; prints `oom after KIB KiB`, frees it all, checks a malloc works
 * again (`heap usable again`) and exits 12 (ENOMEM's number: out of memory, cleanly).
 *
 * The heap is one run of pages that grows while the page after it can be bound. Argument
 * (optional): KiB of room; the env then binds the page that far past its break itself, as if
 * another env held it, so the heap runs into it. Without it the heap grows until the next page is
 * another env's or memory ends. Exit 1: a malloc returned memory that was not writable as asked;
 * 2: the heap did not work again after freeing; 3: the blocking page could not be bound.
 */
#include <stdio.h>
#include <stdlib.h>

#include <stddef.h>

#include <exo/libexo.h>
#include <exo/syscall.h>

#define CHUNK (64 * 1024)

/* libexo's (sbrk.c), which malloc grows through; picolibc declares none. */
void *sbrk(ptrdiff_t incr);

int main(void) {
    const char *arg = libexo_args();
    unsigned long room = arg != NULL ? strtoul(arg, NULL, 0) * 1024 : 0;
    if (room != 0) {
        free(malloc(16)); /* the heap's first run is bound now: the break says where */
        uintptr_t brk = ((uintptr_t)sbrk(0) + 4095) & ~(uintptr_t)4095;
        long wall = (long)((brk + room) >> 12);
        if (exo_page_alloc(wall, EXO_PERM_R) != wall) return 3;
    }
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
