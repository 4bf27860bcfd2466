/* heaptest: libexo's page allocator, heap and sleep on a hart, under tests/libos/monitor: reads
 * the exposed state, mallocs until out of memory, frees, gives pages back, and sleeps threads.
 * Prints one "key value" line per fact for test_run.py; exits 0 if every check held. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/exposed.h>
#include <exo/libexo.h>
#include <exo/pages.h>
#include <exo/thread.h>

#define BLOCK 4000

static uint64_t bitmap[64];
static int failures;

static void check(int ok, const char *what) {
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static struct exposed_pages snapshot(void) {
    struct exposed_pages s = {.bitmap = bitmap, .bitmap_words = 64};
    check(exposed_pages_read(libexo_exposed(), &s, EXPOSED_TRIES) == 0, "exposed read");
    return s;
}

static int page_free(const struct exposed_pages *s, uintptr_t addr) {
    uint32_t i = (uint32_t)(addr >> EXO_PAGE_SHIFT) - s->page_first;
    return (s->bitmap[i / 64] >> (i % 64)) & 1;
}

static void *sleeper(void *arg) {
    thread_sleep((uint64_t)(uintptr_t)arg);
    printf("woke %lu\n", (unsigned long)(uintptr_t)arg);
    return arg;
}

int main(void) {
    struct exposed_pages s = snapshot();
    printf("pages %u %u %u\n", s.page_first, s.page_count, s.pages_free);

    /* malloc until it says no: the heap is one run, so it stops at the first taken page. */
    static void *blocks[1024];
    unsigned n = 0;
    while (n < 1024 && (blocks[n] = malloc(BLOCK)) != NULL) {
        memset(blocks[n], (int)n, BLOCK);
        n++;
    }
    check(n < 1024 && errno == ENOMEM, "malloc ends with NULL and ENOMEM");
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    for (unsigned i = 0; i < n; i++) {
        uintptr_t a = (uintptr_t)blocks[i];
        lo = a < lo ? a : lo;
        hi = a + BLOCK > hi ? a + BLOCK : hi;
        check(((unsigned char *)blocks[i])[BLOCK - 1] == (unsigned char)i, "block kept");
    }
    printf("heap %u blocks %lu %lu\n", n, (unsigned long)(lo >> EXO_PAGE_SHIFT),
           (unsigned long)((hi - 1) >> EXO_PAGE_SHIFT));
    s = snapshot();
    check(!page_free(&s, lo) && !page_free(&s, hi - 1), "heap pages bound in the exposed state");
    for (unsigned i = 0; i < n; i++)
        free(blocks[i]);
    void *again = malloc(BLOCK * 8);
    check(again != NULL, "malloc after free");
    free(again);

    /* Pages outside the heap, then a revocation asking for 3 of them back. */
    uint32_t first = 0;
    long got = pages_alloc(4, EXO_PERM_R | EXO_PERM_W, 0, &first);
    printf("alloc %ld %u\n", got, first);
    long given = pages_give_back(3);
    s = snapshot();
    printf("give_back %ld free %u %u %u %u\n", given, page_free(&s, (uintptr_t)first << 12),
           page_free(&s, (uintptr_t)(first + 1) << 12), page_free(&s, (uintptr_t)(first + 2) << 12),
           page_free(&s, (uintptr_t)(first + 3) << 12));
    check(!page_free(&s, lo), "heap pages are pinned");

    /* Sleepers wake in deadline order, whatever order they slept in. */
    static struct thread t1, t2;
    static unsigned long st1[512], st2[512];
    thread_start(&t1, st1, sizeof st1, sleeper, (void *)30000);
    thread_start(&t2, st2, sizeof st2, sleeper, (void *)10000);
    thread_join(&t1, NULL);
    thread_join(&t2, NULL);

    printf("failures %d\n", failures);
    return failures != 0;
}
