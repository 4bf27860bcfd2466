/* kernel/ptlb.c: PMP as the running env's software-refilled TLB. kernel/pmp.c decides what the
 * entries hold; this file checks a fault against the ownership table, asks pmp.c for a refill
 * and writes exactly the entries it reports changed.
 *
 * Entry 0 is pinned to the exposed state (read-only for U). The others hold only pages of the
 * env named by `loaded`; every other env's entries were dropped when it was switched out, and
 * the ownership table's changed hook drops the loaded env's entries as its rights shrink, so
 * an entry never grants more than the table does (docs/memory.md, "Why it is safe").
 */
#include "kernel/ptlb.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/pmpcsr.h"
#include "arch/riscv/refill.h"
#include "kernel/env.h"
#include "kernel/exposed.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/pmp.h"
#include "lib/string.h"

/* 0 always uses the coalescing refill (pmp_refill); 1 uses it only for a page whose neighbour
 * the env owns, and installs an isolated page with no lookups beyond the rights check
 * (pmp_refill_page), as the vector does. Both keep the security property. */
#ifndef PTLB_FASTPATH
#define PTLB_FASTPATH 1
#endif

#define PAGE_SHIFT EXO_PAGE_SHIFT

/* Global because the vector's refill fast path (arch/riscv/trap.S) reads and updates it in
 * place, exactly as ptlb_fault and pmp_refill_page would; nothing else outside this file may. */
struct ptlb_state {
    struct pmp_cache cache;
    /* kpages' table, copied at init so the vector finds it beside the cache. */
    const struct page_entry *entries;
    uint32_t first_ppn, count;
    uintptr_t last_ppn; /* the last page refilled for `loaded`, while nothing else moved */
    uint32_t loaded;    /* env index whose pages the entries hold; 0 for none */
    uint32_t smode;     /* the hart has S-mode: fence after PMP changes */
    /* For the vector's round robin: slot j's successor when the vector may take slot j (it is
     * unpinned and no half of a TOR pair), else 0 (never a successor: entry 0 is pinned).
     * Recomputed by load() after every change the C side makes; the vector only ever turns
     * a takeable slot into a one-page NAPOT entry, which leaves it takeable. */
    uint8_t next[PMP_MAX_ENTRIES];
} ptlb_state;

/* The fast path's view of these structs (arch/riscv/refill.h). */
_Static_assert(offsetof(struct env, id) == ENV_ID, "env id");
_Static_assert(sizeof(struct page_entry) == PE_SIZE, "page entry size");
_Static_assert(offsetof(struct page_entry, owner) == PE_OWNER && PAGES_MAX_ENVS <= 65536,
               "page entry owner");
_Static_assert(offsetof(struct page_entry, rights) == PE_RIGHTS, "page entry rights");
_Static_assert(offsetof(struct ptlb_state, cache) == 0, "ptlb cache");
_Static_assert(offsetof(struct pmp_cache, cfg) == PMPC_CFG, "pmp cache cfg");
_Static_assert(offsetof(struct pmp_cache, addr) == PMPC_ADDR, "pmp cache addr");
_Static_assert(offsetof(struct pmp_cache, n) == PMPC_N, "pmp cache n");
_Static_assert(offsetof(struct pmp_cache, pinned) == PMPC_PINNED, "pmp cache pinned");
_Static_assert(offsetof(struct pmp_cache, hand) == PMPC_HAND, "pmp cache hand");
_Static_assert(sizeof(((struct pmp_cache *)0)->addr[0]) == REGBYTES, "pmp cache addr width");
_Static_assert(offsetof(struct ptlb_state, entries) == PTLB_ENTRIES, "ptlb entries");
_Static_assert(offsetof(struct ptlb_state, first_ppn) == PTLB_FIRST, "ptlb first_ppn");
_Static_assert(offsetof(struct ptlb_state, count) == PTLB_COUNT, "ptlb count");
_Static_assert(offsetof(struct ptlb_state, last_ppn) == PTLB_LAST, "ptlb last_ppn");
_Static_assert(offsetof(struct ptlb_state, loaded) == PTLB_LOADED, "ptlb loaded");
_Static_assert(offsetof(struct ptlb_state, smode) == PTLB_SMODE, "ptlb smode");
_Static_assert(offsetof(struct ptlb_state, next) == PTLB_NEXT, "ptlb next");
_Static_assert(PTLB_NEXT + PMP_MAX_ENTRIES <= 2048, "the vector reaches every field by offset");

/* Index of the lowest set bit of a non-zero mask, without a loop (no Zbb): the lowest bit
 * times a de Bruijn sequence puts a unique 6-bit pattern in the top bits. */
static unsigned lowest_bit(uint64_t mask) {
    static const uint8_t index[64] = {
        0,  1,  2,  53, 3,  7,  54, 27, 4,  38, 41, 8,  34, 55, 48, 28, 62, 5,  39, 46, 44, 42,
        22, 9,  24, 35, 59, 56, 49, 18, 29, 11, 63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21,
        23, 58, 17, 10, 51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
    };
    return index[((mask & -mask) * 0x022fdd63cc95386dull) >> 58];
}

/* Write the entries in `changed` to the hardware, each pmpaddr with its pmpcfg byte. Order is
 * free: M-mode ignores unlocked entries and U-mode runs only after all of them. */
static void load(uint64_t changed) {
    if (changed == 0) return;
    const struct pmp_cache *c = &ptlb_state.cache;
    while (changed) {
        unsigned i = lowest_bit(changed);
        changed &= changed - 1;
        pmpcsr_set_entry(i, c->addr[i], c->cfg[i]);
    }
    /* Harts with address translation may cache PMP checks with their TLB entries. */
    if (ptlb_state.smode) __asm__ volatile("sfence.vma" ::: "memory");
    for (unsigned j = 0; j < c->n; j++) {
        int tor = (c->cfg[j] & PMP_A_MASK) == PMP_A_TOR ||
                  (j + 1 < c->n && (c->cfg[j + 1] & PMP_A_MASK) == PMP_A_TOR);
        unsigned next = j + 1 < c->n ? j + 1 : c->pinned;
        ptlb_state.next[j] = (uint8_t)(j >= c->pinned && !tor ? next : 0);
    }
}

void ptlb_init(unsigned pmp_entries) {
    /* One entry for the exposed state and at least one for the env: with none, U-mode would
     * reach all memory, so envs must never run. */
    if (pmp_entries < 2 || pmp_cache_init(&ptlb_state.cache, pmp_entries, 1) != ERR_OK)
        panic("pmp: %u entries, envs need at least 2", pmp_entries);
    ptlb_state.smode = (csr_read(CSR_MISA) & MISA_S) != 0;
    uint8_t cfg;
    pmp_reg_t addr;
    uint64_t changed = 0;
    if (pmp_napot((uintptr_t)&kexposed, EXPOSED_REGION, PMP_R, &cfg, &addr) != ERR_OK ||
        pmp_cache_pin(&ptlb_state.cache, 0, cfg, addr, &changed) != ERR_OK)
        panic("pmp: exposed state at 0x%lx is not %u-byte aligned", (unsigned long)&kexposed,
              EXPOSED_REGION);
    /* Every entry, so whatever an earlier stage left is gone too. */
    ptlb_state.entries = kpages.entries;
    ptlb_state.first_ppn = kpages.first_ppn;
    ptlb_state.count = kpages.count;
    load(((uint64_t)1 << (pmp_entries - 1) << 1) - 1);
    ptlb_state.loaded = 0;
}

void ptlb_switch(unsigned env_index) {
    load(pmp_flush(&ptlb_state.cache));
    ptlb_state.loaded = env_index;
    ptlb_state.last_ppn = 0;
}

void ptlb_changed(uint32_t ppn, unsigned env_index) {
    if (env_index != ptlb_state.loaded) return;
    load(pmp_invalidate(&ptlb_state.cache, ppn, (uint64_t)ppn + 1));
    ptlb_state.last_ppn = 0;
}

/* Does env own a neighbour of ppn? Then a region larger than the page may cover it. */
static int owns_neighbour(unsigned env_index, uint64_t ppn) {
    return pages_owner(&kpages, (uint32_t)(ppn - 1)) == env_index ||
           pages_owner(&kpages, (uint32_t)(ppn + 1)) == env_index;
}

int ptlb_fault(unsigned env_index, uintptr_t addr, unsigned access) {
    if (env_index != ptlb_state.loaded) ptlb_switch(env_index);
    uint64_t ppn = (uint64_t)addr >> PAGE_SHIFT;
    /* A second fault on the page just refilled, with nothing changed in between, is an access
     * no one entry can grant (it spans two pages, or needs a right the entry, which holds all
     * the env's rights there, lacks): the env's fault, not a refill loop. Page 0 is never
     * managed, so 0 means none. */
    if (ppn == ptlb_state.last_ppn) {
        ptlb_state.last_ppn = 0;
        return ERR_PERM;
    }
    uint64_t changed = 0;
    int r;
#if PTLB_FASTPATH
    unsigned rights = ppn == (uint32_t)ppn ? pages_rights(&kpages, env_index, (uint32_t)ppn) : 0;
    if ((rights & access) != access) return ERR_PERM; /* never managed, or not that right */
    if (owns_neighbour(env_index, ppn)) {
        /* Part of a run, maybe: cover as much of it as one region can (pmp_refill coalesces),
         * so a working set of runs stays resident in a few entries instead of thrashing. */
        struct pages_view view = {&kpages, env_index};
        r = pmp_refill(&ptlb_state.cache, addr, access, pages_lookup, &view, &changed);
    } else {
        r = pmp_refill_page(&ptlb_state.cache, ppn, rights, &changed);
    }
#else
    struct pages_view view = {&kpages, env_index};
    r = pmp_refill(&ptlb_state.cache, addr, access, pages_lookup, &view, &changed);
#endif
    if (r != ERR_OK) return ERR_PERM;
    load(changed);
    ptlb_state.last_ppn = (uintptr_t)ppn;
    return ERR_OK;
}
