/* sbrk.c: picolibc's malloc grows through sbrk; libexo's binds pages for it through the page
 * policy (heap.c decides the break, pages.c binds). The heap's pages are pinned: in use, never
 * chosen as revocation victims. */
#include <errno.h>
#include <stddef.h>

#include <exo/heap.h>
#include <exo/pages.h>

void *sbrk(ptrdiff_t incr);

static uintptr_t start(void *ctx, size_t pages) {
    (void)ctx;
    uint32_t first;
    if (pages > UINT32_MAX) return 0;
    /* Leave room after the run: the heap grows there. */
    long n = pages_alloc((uint32_t)pages, EXO_PERM_R | EXO_PERM_W, PAGERUN_GROW, &first);
    if (n < 0) return 0;
    if ((size_t)n < pages) {
        pages_free(first, (uint32_t)n);
        return 0;
    }
    pages_pin(first, (uint32_t)pages);
    return (uintptr_t)first << EXO_PAGE_SHIFT;
}

static int extend(void *ctx, uintptr_t at, size_t pages) {
    (void)ctx;
    uint32_t ppn = (uint32_t)(at >> EXO_PAGE_SHIFT);
    if (pages > UINT32_MAX || pages_alloc_at(ppn, (uint32_t)pages, EXO_PERM_R | EXO_PERM_W) != 0)
        return -1;
    pages_pin(ppn, (uint32_t)pages);
    return 0;
}

static const struct heap_source source = {NULL, start, extend};
static struct heap heap = {0, 0, 0, &source};

/* lock.c's: referenced so malloc's locks are libexo's (see lock.c). The pointer only makes the
 * reference; --gc-sections drops it from the image. */
extern const char lock_link;
__attribute__((used)) static const char *const lock_ref = &lock_link;

void *sbrk(ptrdiff_t incr) {
    void *p = heap_sbrk(&heap, incr);
    if (p == (void *)-1) errno = ENOMEM;
    return p;
}
