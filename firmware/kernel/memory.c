/* kernel/memory.c: the kernel's one ownership table over the managed RAM (kernel/memory.h):
 * pages are zeroed through their physical address before rebinding, and rights that end or
 * change drop the PMP entries caching them. */
#include "kernel/memory.h"
#include "kernel/exposed.h"
#include "kernel/ptlb.h"
#include "lib/string.h"

struct pages kpages;

/* M-mode reaches all RAM at its physical address, so ppn << 12 is the page itself. */
static void zero_page(void *ctx, uint32_t ppn) {
    (void)ctx;
    memset((void *)((uintptr_t)ppn << EXO_PAGE_SHIFT), 0, EXO_PAGE_SIZE);
}

static void rights_changed(void *ctx, uint32_t ppn, uint32_t env) {
    (void)ctx;
    ptlb_changed(ppn, env);
}

int memory_init(uint32_t first_ppn, uint32_t count, struct page_entry *entries) {
    if (count > EXO_EXPOSED_PAGES_MAX) count = EXO_EXPOSED_PAGES_MAX;
    int r = pages_init(&kpages, entries, first_ppn, count, kexposed.free_bitmap);
    if (r != ERR_OK) return r;
    kpages.zero = zero_page;
    kpages.changed = rights_changed;
    exposed_begin();
    kexposed.page_first = first_ppn;
    kexposed.page_count = count;
    exposed_pages();
    exposed_end();
    return ERR_OK;
}
