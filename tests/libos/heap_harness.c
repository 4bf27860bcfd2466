/* heap_harness.c: drives libos/lib/heap.c over a mock page source, for test_heap.py.
 *
 * The mock machine has PAGES pages from FIRST; a page is free, taken by someone else, or bound
 * to the heap. start binds the lowest run of free pages that is long enough; extend binds
 * exactly the pages asked for if all are free.
 *
 *   take PPN      -> ok                    (someone else binds it)
 *   sbrk N        -> ok OLD | fail          (N signed; OLD as an offset from FIRST's address)
 *   state         -> BASE BRK END BOUND     (offsets; BOUND = pages bound to the heap)
 *   fill          -> ok                    (writes every byte of [base, brk): ASan checks it)
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/heap.h>

#define PAGES 64
enum { FREE, TAKEN, HEAP };

static unsigned char *memory; /* the mock machine's pages, page-aligned */
static int page_state[PAGES];

static uintptr_t addr(unsigned page) {
    return (uintptr_t)memory + (uintptr_t)page * HEAP_PAGE_SIZE;
}

static uintptr_t start(void *ctx, size_t pages) {
    (void)ctx;
    for (size_t p = 0; p + pages <= PAGES; p++) {
        size_t n = 0;
        while (n < pages && page_state[p + n] == FREE)
            n++;
        if (n == pages) {
            for (size_t i = 0; i < pages; i++)
                page_state[p + i] = HEAP;
            return addr((unsigned)p);
        }
    }
    return 0;
}

static int extend(void *ctx, uintptr_t at, size_t pages) {
    (void)ctx;
    if (at < (uintptr_t)memory || (at - (uintptr_t)memory) % HEAP_PAGE_SIZE != 0) abort();
    size_t p = (at - (uintptr_t)memory) / HEAP_PAGE_SIZE;
    if (p > PAGES || pages > PAGES - p) return -1;
    for (size_t i = 0; i < pages; i++)
        if (page_state[p + i] != FREE) return -1;
    for (size_t i = 0; i < pages; i++)
        page_state[p + i] = HEAP;
    return 0;
}

static const struct heap_source source = {NULL, start, extend};

int main(void) {
    static struct heap h;
    char line[256];
    memory = aligned_alloc(HEAP_PAGE_SIZE, PAGES * HEAP_PAGE_SIZE);
    heap_init(&h, &source);
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *cmd = strtok(line, " \n"), *a = strtok(NULL, " \n");
        if (cmd == NULL) continue;
        if (strcmp(cmd, "take") == 0) {
            unsigned long p = strtoul(a, NULL, 0);
            if (p < PAGES && page_state[p] == FREE) page_state[p] = TAKEN;
            puts("ok");
        } else if (strcmp(cmd, "sbrk") == 0) {
            void *r = heap_sbrk(&h, (intptr_t)strtoll(a, NULL, 0));
            if (r == (void *)-1)
                puts("fail");
            else
                printf("ok %" PRIuPTR "\n", (uintptr_t)r - (uintptr_t)memory);
        } else if (strcmp(cmd, "state") == 0) {
            unsigned bound = 0;
            for (unsigned p = 0; p < PAGES; p++)
                bound += page_state[p] == HEAP;
            uintptr_t m = (uintptr_t)memory;
            if (h.base == 0)
                printf("- - - %u\n", bound);
            else
                printf("%" PRIuPTR " %" PRIuPTR " %" PRIuPTR " %u\n", h.base - m, h.brk - m,
                       h.end - m, bound);
        } else if (strcmp(cmd, "fill") == 0) {
            if (h.base != 0) memset((void *)h.base, 0xa5, h.brk - h.base);
            puts("ok");
        } else {
            puts("?");
        }
        fflush(stdout);
    }
    free(memory);
    return 0;
}
