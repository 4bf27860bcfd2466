/* frames.c: the pager's frame table and clock replacement (frames.h).
 *
 * Clock rather than exact LRU: the pager sees every access (there is no MMU to set use bits,
 * so its accessor sets them), but keeping an LRU list ordered costs a list update on every hit;
 * one bit per frame and a hand that sweeps only on a miss approximates LRU well enough for a
 * working set with locality, and costs nothing on a hit beyond the bit.
 */
#include <exo/abi.h>

#include "frames.h"
#include "store.h"

static struct frame table[FRAMES_MAX];
static uint32_t count, hand;
static int8_t where[STORE_PAGES_MAX]; /* page -> frame index, FRAME_EMPTY if not resident */
static uint32_t npages;

void frames_init(uint32_t pages) {
    npages = pages;
    count = hand = 0;
    for (uint32_t p = 0; p < STORE_PAGES_MAX; p++)
        where[p] = FRAME_EMPTY;
}

int frames_add(uint32_t ppn) {
    if (count == FRAMES_MAX) return -1;
    struct frame *f = &table[count];
    f->ppn = ppn;
    f->mem = (uint32_t *)((uintptr_t)ppn << EXO_PAGE_SHIFT);
    f->page = FRAME_EMPTY;
    f->ref = f->dirty = 0;
    return (int)count++;
}

uint32_t frames_remove(uint32_t i) {
    uint32_t ppn = table[i].ppn;
    count--;
    if (i != count) {
        table[i] = table[count];
        if (table[i].page != FRAME_EMPTY) where[table[i].page] = (int8_t)i;
    }
    if (hand >= count) hand = 0;
    return ppn;
}

uint32_t frames_count(void) {
    return count;
}

struct frame *frames_at(uint32_t i) {
    return &table[i];
}

int frames_find(uint32_t page) {
    return page < npages ? where[page] : FRAME_EMPTY;
}

uint32_t frames_victim(void) {
    for (uint32_t i = 0; i < count; i++)
        if (table[i].page == FRAME_EMPTY) return i;
    /* Every frame holds a page: at most one full sweep clears every use bit, so this ends. */
    for (;;) {
        struct frame *f = &table[hand];
        uint32_t at = hand;
        hand = (hand + 1) % count;
        if (!f->ref) return at;
        f->ref = 0;
    }
}

void frames_map(uint32_t i, uint32_t page) {
    table[i].page = (int32_t)page;
    table[i].ref = 1;
    table[i].dirty = 0;
    where[page] = (int8_t)i;
}

void frames_unmap(uint32_t i) {
    if (table[i].page != FRAME_EMPTY) where[table[i].page] = FRAME_EMPTY;
    table[i].page = FRAME_EMPTY;
    table[i].ref = table[i].dirty = 0;
}

uint32_t frames_resident(void) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < count; i++)
        n += table[i].page != FRAME_EMPTY;
    return n;
}
