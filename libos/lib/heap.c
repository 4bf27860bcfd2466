/* heap.c: the program break over bound pages, one contiguous run (exo/heap.h). Pure. */
#include <exo/heap.h>

#define FAIL ((void *)-1)

static size_t pages_for(uintptr_t bytes) {
    return (size_t)(bytes / HEAP_PAGE_SIZE + (bytes % HEAP_PAGE_SIZE != 0));
}

void heap_init(struct heap *h, const struct heap_source *src) {
    h->base = h->brk = h->end = 0;
    h->src = src;
}

void *heap_sbrk(struct heap *h, intptr_t incr) {
    if (h->base == 0) {
        /* First call: bind a run big enough for incr (at least a page, so sbrk(0) has an
         * address to answer with). */
        uintptr_t want = incr > 0 ? (uintptr_t)incr : 0;
        size_t pages = pages_for(want);
        if (pages == 0) pages = 1;
        if (want > UINTPTR_MAX - HEAP_PAGE_SIZE) return FAIL;
        uintptr_t at = h->src->start(h->src->ctx, pages);
        if (at == 0) return FAIL;
        h->base = h->brk = at;
        h->end = at + pages * HEAP_PAGE_SIZE;
    }
    uintptr_t old = h->brk;
    if (incr < 0) {
        uintptr_t down = (uintptr_t)0 - (uintptr_t)incr;
        if (down > old - h->base) return FAIL;
        h->brk = old - down;
        return (void *)old;
    }
    uintptr_t up = (uintptr_t)incr;
    if (up > UINTPTR_MAX - old) return FAIL;
    if (old + up > h->end) {
        size_t pages = pages_for(old + up - h->end);
        if (pages > (UINTPTR_MAX - h->end) / HEAP_PAGE_SIZE) return FAIL;
        if (h->src->extend(h->src->ctx, h->end, pages) != 0) return FAIL;
        h->end += pages * HEAP_PAGE_SIZE;
    }
    h->brk = old + up;
    return (void *)old;
}
