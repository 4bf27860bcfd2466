/* exo/heap.h: the program break over explicitly bound pages (the core of libexo's sbrk).
 *
 * picolibc's malloc grows its arena with sbrk(). Envs run without address translation, so a
 * heap address is a physical address and "more heap" means binding the pages right after the
 * break. The heap is one contiguous run: when the next page cannot be bound, sbrk fails with
 * ENOMEM and malloc returns NULL (docs/libos.md). Pure: the pages come from a heap_source, so
 * the host test drives it with a mock.
 */
#ifndef EXO_HEAP_H
#define EXO_HEAP_H

#include <stddef.h>
#include <stdint.h>

#include <exo/abi.h>

struct heap_source {
    void *ctx;
    /* Binds a new run of `pages` pages anywhere; returns its address, 0 if none. */
    uintptr_t (*start)(void *ctx, size_t pages);
    /* Binds exactly the `pages` pages at address `at`; returns 0 if it did, nonzero if not
     * (nothing bound). */
    int (*extend)(void *ctx, uintptr_t at, size_t pages);
};

/* [base, brk) is handed out, [brk, end) is bound but unused; base == 0 until the first call. */
struct heap {
    uintptr_t base;
    uintptr_t brk;
    uintptr_t end;
    const struct heap_source *src;
};

void heap_init(struct heap *h, const struct heap_source *src);
/* sbrk: moves the break by incr and returns the old break, or (void *)-1 when the pages cannot
 * be bound or the break would leave [base, end); the heap is then unchanged. */
void *heap_sbrk(struct heap *h, intptr_t incr);

#define HEAP_PAGE_SIZE ((uintptr_t)EXO_PAGE_SIZE)

#endif /* EXO_HEAP_H */
