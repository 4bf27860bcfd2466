/* exposed.c: seqlock reads of the kernel's exposed state (exo/exposed.h). */
#include <exo/exposed.h>

int exposed_read(const volatile struct exo_exposed *src, exposed_copy_fn copy, void *ctx,
                 unsigned tries, unsigned *attempts) {
    unsigned n = 0;
    int result = EXO_EAGAIN;
    if (src == NULL || src->magic != EXO_EXPOSED_MAGIC) {
        result = EXO_EINVAL;
        tries = 0;
    }
    while (n < tries) {
        uint32_t before = src->version;
        /* The copy must not be hoisted above the first version read, nor the second read
         * above the copy: acquire fences on both sides. */
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if ((before & 1u) != 0) {
            n++;
            continue;
        }
        copy(ctx, src);
        n++;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (src->version == before) {
            result = EXO_OK;
            break;
        }
    }
    if (attempts != NULL) *attempts = n;
    return result;
}

static void copy_pages(void *ctx, const volatile struct exo_exposed *src) {
    struct exposed_pages *dst = ctx;
    dst->page_first = src->page_first;
    dst->page_count = src->page_count;
    dst->pages_free = src->pages_free;
    dst->pmp_entries = src->pmp_entries;
    dst->pmp_pinned = src->pmp_pinned;
    /* A torn page_count could be anything: bound it before it sizes the copy. */
    size_t cap = dst->bitmap_words * 64;
    if (cap > EXO_EXPOSED_PAGES_MAX) cap = EXO_EXPOSED_PAGES_MAX;
    if (dst->page_count > cap) dst->page_count = (uint32_t)cap;
    size_t words = (dst->page_count + 63u) / 64u;
    for (size_t i = 0; i < words; i++)
        dst->bitmap[i] = src->free_bitmap[i];
}

int exposed_pages_read(const volatile struct exo_exposed *src, struct exposed_pages *dst,
                       unsigned tries) {
    return exposed_read(src, copy_pages, dst, tries, NULL);
}
