/* kernel/ptlb.c: PMP as each env's software-refilled TLB. kernel/pmp.c decides what the
 * entries hold; this file checks a fault against the ownership table, asks pmp.c for a refill
 * and writes the entries to the hardware.
 *
 * Entry 0 is pinned to the exposed state (read-only for U). Each env index has its own cache
 * of the other entries (a struct ptlb_state), kept while the env is switched out, so an env
 * coming back does not refault its code and stack: a switch writes the incoming env's entries
 * to the hardware (ptlb_switch). Why a kept entry can never grant a page the env no longer
 * holds (docs/memory.md, "Why it is safe"): an entry is installed only over pages the env holds
 * with exactly its rights; every later change of an env's rights on a page (free, unshare,
 * give, release, a share replaced) goes through the ownership table's changed hook, which
 * calls ptlb_changed for that env and page, and that drops every covering entry from the env's
 * cache whether its entries are loaded or not (from the hardware too when they are); and an env
 * index taken by a new env starts with an empty cache (ptlb_enter).
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
#include "kernel/selftest.h"
#include "lib/string.h"

/* 0 always uses the coalescing refill (pmp_refill); 1 uses it only for a page whose neighbour
 * the env owns, and installs an isolated page with no lookups beyond the rights check
 * (pmp_refill_page), as the vector does. Both keep the security property. */
#ifndef PTLB_FASTPATH
#define PTLB_FASTPATH 1
#endif

#define PAGE_SHIFT EXO_PAGE_SHIFT

/* One env's PMP cache and the refill bookkeeping beside it. The vector's refill fast path
 * (arch/riscv/trap.S) reads and updates the running env's one (ptlb_current) in place, exactly
 * as ptlb_fault and pmp_refill_page would; nothing else outside this file may. */
struct ptlb_state {
    struct pmp_cache cache;
    /* Constant after init, copied into each so the vector finds them beside the cache:
     * kpages' table and whether the hart has S-mode (fence after PMP changes). */
    const struct page_entry *entries;
    uint32_t first_ppn, count;
    uintptr_t last_ppn; /* the last page refilled, while nothing else moved; 0 for none */
    uint32_t id;        /* the env (id with generation) the cache was last entered for */
    uint32_t smode;
    /* For the vector's round robin: pmp_successor of each slot (nonzero when the vector may take
     * the slot: off or one page; the next such slot). Recomputed after every change the C side
     * makes; the vector only ever turns such a slot into a one-page NAPOT entry, which leaves
     * every slot's successor as it was. */
    uint8_t next[PMP_MAX_ENTRIES];
};

/* One cache an env index; [0] (no env) holds only the pinned entry. */
static struct ptlb_state states[CONFIG_MAX_ENVS];

/* The cache whose entries the hardware holds: the running env's. */
static struct ptlb_state *ptlb_current = &states[0];

/* The fast path's view of these structs (arch/riscv/refill.h). */
_Static_assert(offsetof(struct env, id) == ENV_ID, "env id");
_Static_assert(offsetof(struct env, ptlb) == ENV_PTLB, "env ptlb");
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
_Static_assert(offsetof(struct ptlb_state, id) == PTLB_ID, "ptlb id");
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

/* s's cache changed (the entries in `changed`): recompute the vector's successor table, and
 * write those entries to the hardware if s is loaded, each pmpaddr with its pmpcfg byte. Order
 * is free: M-mode ignores unlocked entries and U-mode runs only after all of them. */
static void apply(struct ptlb_state *s, uint64_t changed) {
    if (changed == 0) return;
    const struct pmp_cache *c = &s->cache;
    for (unsigned j = 0; j < c->n; j++)
        s->next[j] = (uint8_t)pmp_successor(c, j);
    s->last_ppn = 0;
    if (s != ptlb_current) return;
    while (changed) {
        unsigned i = lowest_bit(changed);
        changed &= changed - 1;
        pmpcsr_set_entry(i, c->addr[i], c->cfg[i]);
    }
    /* Harts with address translation may cache PMP checks with their TLB entries. */
    if (s->smode) __asm__ volatile("sfence.vma" ::: "memory");
}

void ptlb_init(unsigned pmp_entries) {
    uint8_t cfg;
    pmp_reg_t addr;
    if (pmp_napot((uintptr_t)&kexposed, EXPOSED_REGION, PMP_R, &cfg, &addr) != ERR_OK)
        panic("pmp: exposed state at 0x%lx is not %u-byte aligned", (unsigned long)&kexposed,
              EXPOSED_REGION);
    uint32_t smode = (csr_read(CSR_MISA) & MISA_S) != 0;
    for (unsigned i = 0; i < CONFIG_MAX_ENVS; i++) {
        struct ptlb_state *s = &states[i];
        uint64_t changed;
        /* One entry for the exposed state and at least one for the env: with none, U-mode
         * would reach all memory, so envs must never run. */
        if (pmp_entries < 2 || pmp_cache_init(&s->cache, pmp_entries, 1) != ERR_OK ||
            pmp_cache_pin(&s->cache, 0, cfg, addr, &changed) != ERR_OK)
            panic("pmp: %u entries, envs need at least 2", pmp_entries);
        s->entries = kpages.entries;
        s->first_ppn = kpages.first_ppn;
        s->count = kpages.count;
        s->smode = smode;
        apply(s, 1); /* the successor table */
    }
    ptlb_switch(0);
}

void ptlb_switch(unsigned env_index) {
    struct ptlb_state *s = &states[env_index < CONFIG_MAX_ENVS ? env_index : 0];
    ptlb_current = s;
    /* The vector finds the running env's cache through its env (NULL until its first switch:
     * the vector then leaves faults to C). The self-test env, outside the table, has the last
     * index (kernel/selftest.h) and so shares that index's cache, which it leaves empty. */
    struct env *e = env_at(env_index);
    if (e != NULL) e->ptlb = s;
    if (env_index == (selftest_env.id & EXO_ENV_INDEX_MASK)) selftest_env.ptlb = s;
    s->last_ppn = 0;
    /* Every entry, pinned ones included (the same values), whatever the last env held. */
    pmpcsr_load(s->cache.cfg, (const unsigned long *)s->cache.addr, s->cache.n);
    if (s->smode) __asm__ volatile("sfence.vma" ::: "memory");
}

void ptlb_changed(uint32_t ppn, unsigned env_index) {
    if (env_index >= CONFIG_MAX_ENVS) return;
    struct ptlb_state *s = &states[env_index];
    apply(s, pmp_invalidate(&s->cache, ppn, (uint64_t)ppn + 1));
    s->last_ppn = 0; /* something moved: a fault on the last page refilled is a new one */
}

void ptlb_enter(uint32_t id) {
    unsigned index = id & EXO_ENV_INDEX_MASK;
    if (index == 0 || index >= CONFIG_MAX_ENVS) return;
    struct ptlb_state *s = &states[index];
    /* Defence in depth: a dead env's pages were all released, each through ptlb_changed, so
     * its cache is empty already; a new env at the index starts from nothing regardless. */
    if (s->id != id) {
        apply(s, pmp_flush(&s->cache));
        s->id = id;
    }
    ptlb_switch(index);
}

/* Does env own a neighbour of ppn? Then a region larger than the page may cover it. */
static int owns_neighbour(unsigned env_index, uint64_t ppn) {
    return pages_owner(&kpages, (uint32_t)(ppn - 1)) == env_index ||
           pages_owner(&kpages, (uint32_t)(ppn + 1)) == env_index;
}

int ptlb_fault(unsigned env_index, uintptr_t addr, unsigned access) {
    if (env_index == 0 || env_index >= CONFIG_MAX_ENVS) return ERR_PERM;
    struct ptlb_state *s = &states[env_index];
    /* The scheduler loads an env's entries before it enters it, so this is the running env's
     * cache; a fault from any other (the self-test env, before its switch) is refused rather
     * than switching behind the scheduler's back. */
    if (s != ptlb_current) return ERR_PERM;
    uint64_t ppn = (uint64_t)addr >> PAGE_SHIFT;
    /* A second fault on the page just refilled, with nothing changed in between, is an access
     * no one entry can grant (it spans two pages, or needs a right the entry, which holds all
     * the env's rights there, lacks): the env's fault, not a refill loop. Page 0 is never
     * managed, so 0 means none. */
    if (ppn == s->last_ppn) {
        s->last_ppn = 0;
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
        r = pmp_refill(&s->cache, addr, access, pages_lookup, &view, &changed);
    } else {
        r = pmp_refill_page(&s->cache, ppn, rights, &changed);
    }
#else
    struct pages_view view = {&kpages, env_index};
    r = pmp_refill(&s->cache, addr, access, pages_lookup, &view, &changed);
#endif
    if (r != ERR_OK) return ERR_PERM;
    apply(s, changed);
    s->last_ppn = (uintptr_t)ppn;
    return ERR_OK;
}
