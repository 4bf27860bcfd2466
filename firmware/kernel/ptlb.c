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
#include "kernel/exposed.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/pmp.h"

/* 0 always uses the coalescing refill (pmp_refill); 1 installs one page with no lookups
 * beyond the rights check (pmp_refill_page). Both keep the security property. */
#ifndef PTLB_FASTPATH
#define PTLB_FASTPATH 1
#endif

#define PAGE_SHIFT EXO_PAGE_SHIFT

static struct pmp_cache cache;
static unsigned loaded;     /* env index whose pages the entries hold; 0 for none */
static uintptr_t last_addr; /* the last address refilled for `loaded`, while nothing else moved */
static int smode;           /* the hart has S-mode: fence after PMP changes */

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
    int any = changed != 0;
    while (changed) {
        unsigned i = lowest_bit(changed);
        changed &= changed - 1;
        pmpcsr_set_entry(i, cache.addr[i], cache.cfg[i]);
    }
    /* Harts with address translation may cache PMP checks with their TLB entries. */
    if (smode && any) __asm__ volatile("sfence.vma" ::: "memory");
}

void ptlb_init(unsigned pmp_entries) {
    /* One entry for the exposed state and at least one for the env: with none, U-mode would
     * reach all memory, so envs must never run. */
    if (pmp_entries < 2 || pmp_cache_init(&cache, pmp_entries, 1) != ERR_OK)
        panic("pmp: %u entries, envs need at least 2", pmp_entries);
    smode = (csr_read(CSR_MISA) & MISA_S) != 0;
    uint8_t cfg;
    pmp_reg_t addr;
    uint64_t changed = 0;
    if (pmp_napot((uintptr_t)&kexposed, EXPOSED_REGION, PMP_R, &cfg, &addr) != ERR_OK ||
        pmp_cache_pin(&cache, 0, cfg, addr, &changed) != ERR_OK)
        panic("pmp: exposed state at 0x%lx is not %u-byte aligned", (unsigned long)&kexposed,
              EXPOSED_REGION);
    /* Every entry, so whatever an earlier stage left is gone too. */
    load(((uint64_t)1 << (pmp_entries - 1) << 1) - 1);
    loaded = 0;
}

void ptlb_switch(unsigned env_index) {
    load(pmp_flush(&cache));
    loaded = env_index;
    last_addr = 0;
}

void ptlb_changed(uint32_t ppn, unsigned env_index) {
    if (env_index != loaded) return;
    load(pmp_invalidate(&cache, ppn, (uint64_t)ppn + 1));
    last_addr = 0;
}

int ptlb_fault(unsigned env_index, uintptr_t addr, unsigned access) {
    if (env_index != loaded) ptlb_switch(env_index);
    /* A second fault at the address just refilled, with nothing changed in between, is an
     * access no one entry can grant (it spans two pages): the env's fault, not a refill loop. */
    if (addr == last_addr && addr != 0) {
        last_addr = 0;
        return ERR_PERM;
    }
    uint64_t changed = 0;
    int r;
#if PTLB_FASTPATH
    uint64_t ppn = (uint64_t)addr >> PAGE_SHIFT;
    unsigned rights = pages_rights(&kpages, env_index, (uint32_t)ppn);
    if (ppn != (uint32_t)ppn || (rights & access) != access) return ERR_PERM; /* never managed */
    r = pmp_refill_page(&cache, ppn, rights, &changed);
#else
    struct pages_view view = {&kpages, env_index};
    r = pmp_refill(&cache, addr, access, pages_lookup, &view, &changed);
#endif
    if (r != ERR_OK) return ERR_PERM;
    load(changed);
    last_addr = addr;
    return ERR_OK;
}
