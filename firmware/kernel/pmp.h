/* kernel/pmp.h: PMP region encoding and the refill policy that uses PMP as a software-refilled
 * TLB for the running env's pages.
 *
 * Pure: this computes pmpcfg/pmpaddr values into a struct pmp_cache; the arch code alone writes
 * the CSRs, and only the entries a call reports as changed. The field constants below are the
 * PMP hardware's (RISC-V privileged spec, "Physical Memory Protection"), defined once here.
 */
#ifndef EXO_KERNEL_PMP_H
#define EXO_KERNEL_PMP_H

/* ---- pmpcfg byte: one per entry ------------------------------------------------------------ */
#define PMP_R       0x01
#define PMP_W       0x02
#define PMP_X       0x04
#define PMP_RWX     0x07
#define PMP_A_MASK  0x18 /* address-matching mode */
#define PMP_A_OFF   0x00 /* disabled: matches nothing */
#define PMP_A_TOR   0x08 /* top of range: pmpaddr[i-1] <= a >> 2 < pmpaddr[i] (0 below entry 0) */
#define PMP_A_NA4   0x10 /* naturally aligned four bytes */
#define PMP_A_NAPOT 0x18 /* naturally aligned power of two >= 8 bytes; size in trailing ones */
#define PMP_L       0x80 /* locked: also binds M-mode; never used for env entries */

/* pmpaddr holds a physical address shifted right by this. */
#define PMP_ADDR_SHIFT 2

/* The spec allows 0, 16 or 64 entries; cores implement any number up to 64. */
#define PMP_MAX_ENTRIES 64

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include "exo/abi.h"
#include "kernel/errors.h"

/* A pmpaddr register value: xlen bits. Host tests build the rv32 flavour on a 64-bit host by
 * defining PMP_TEST_XLEN32. */
#ifdef PMP_TEST_XLEN32
typedef uint32_t pmp_reg_t;
#else
typedef uintptr_t pmp_reg_t;
#endif

/* Physical addresses a pmpaddr register can name: 34 bits on rv32 (a 32-bit register holding
 * bits 33:2), 56 on rv64 (bits 55:2). The one place rv32 and rv64 differ here. */
#define PMP_PHYS_BITS  (sizeof(pmp_reg_t) == 4 ? 34u : 56u)
#define PMP_PHYS_LIMIT ((uint64_t)1 << PMP_PHYS_BITS)

/* Refill work bounds, in pages (each page costs one rights lookup): the largest NAPOT block a
 * refill builds is 2^PMP_MAX_ORDER pages, and a TOR run extends at most PMP_RUN_MAX pages. */
#ifndef PMP_MAX_ORDER
#define PMP_MAX_ORDER 6
#endif
#ifndef PMP_RUN_MAX
#define PMP_RUN_MAX 64
#endif

/* One entry decoded into the bytes it matches: [base, last], both inclusive. */
struct pmp_region {
    uint64_t base, last;
    unsigned mode;  /* PMP_A_* */
    unsigned perms; /* PMP_R | PMP_W | PMP_X */
};

/* The hardware entries as the kernel wants them. Entries [0, pinned) belong to the caller
 * (the exposed-state region) and no call here changes them; [pinned, n) cache the running
 * env's pages. A TOR entry j > pinned always has its own lower bound in entry j - 1, left OFF;
 * the two are installed and evicted together. cfg comes first and is register-aligned: it is
 * the pmpcfg CSRs' image (XLEN/8 bytes a CSR, little-endian), so a writer may copy a whole CSR
 * from it. The pages an entry matches are decoded from cfg/addr when needed (no second copy
 * to keep in step: the vector's refill fast path writes only cfg and addr). */
struct pmp_cache {
    uint8_t cfg[PMP_MAX_ENTRIES];
    pmp_reg_t addr[PMP_MAX_ENTRIES];
    uint8_t n, pinned, hand; /* hand: next victim of the round-robin eviction */
};

/* The env's rights (EXO_PERM_*) on physical page ppn; 0 if it holds none. */
typedef unsigned (*pmp_lookup_fn)(void *ctx, uint64_t ppn);

/* Encode [base, base + size) as one NAPOT entry: size a power of two >= 8, base aligned to it. */
int pmp_napot(uint64_t base, uint64_t size, unsigned perms, uint8_t *cfg, pmp_reg_t *addr);

/* Encode [base, end) as a TOR pair: entry 0 of the pair is the lower bound (OFF), entry 1 the
 * TOR entry. base and end 4-byte aligned. */
int pmp_tor(uint64_t base, uint64_t end, unsigned perms, uint8_t cfg[2], pmp_reg_t addr[2]);

/* Decode entry i of a set (for debug output): ERR_NOENT when it matches nothing. */
int pmp_decode(const uint8_t *cfg, const pmp_reg_t *addr, unsigned i, struct pmp_region *out);

/* An empty cache over n hardware entries (1..PMP_MAX_ENTRIES), the first `pinned` reserved. */
int pmp_cache_init(struct pmp_cache *c, unsigned n, unsigned pinned);

/* Set pinned entry i (< pinned); *changed gets its bit. */
int pmp_cache_pin(struct pmp_cache *c, unsigned i, uint8_t cfg, pmp_reg_t addr, uint64_t *changed);

/* Handle an access fault at physical address addr needing `access` (EXO_PERM_R, W or X bits).
 * ERR_OK: an entry now grants it; *changed has a bit per entry to write. ERR_PERM: the env does
 * not hold that right there (nothing changed). ERR_NOMEM: no unpinned entries. */
int pmp_refill(struct pmp_cache *c, uint64_t addr, unsigned access, pmp_lookup_fn lookup, void *ctx,
               uint64_t *changed);

/* The fast path (STYLE C rule 9): install one 4 KiB NAPOT entry granting r on ppn, with no
 * lookups, no coalescing and no overlap scan. The victim is the hand, or the first slot after
 * it holding no region of several pages (off, or one page), so coalesced runs survive a stream
 * of single pages; the hand then moves to pmp_successor of the slot taken. The caller has
 * checked that the env holds exactly r on ppn and that r includes the faulting access. Meant
 * for a fault on a page no cached entry covers, which is every fault the table allows as long
 * as each change of rights invalidates (pages' changed hook); if a covering entry does exist it
 * grants the same rights, so the duplicate only wastes a slot. The trap code decides whether to
 * try it before pmp_refill (and can compile that out to compare both). */
int pmp_refill_page(struct pmp_cache *c, uint64_t ppn, unsigned r, uint64_t *changed);

/* For a slot j that can take a single page (off, not a TOR lower half, or a one-page NAPOT
 * entry): the next such slot after it, round robin (j itself if it is the only one); 0 for
 * any other slot (0 is always pinned). What pmp_refill_page moves the hand to. */
unsigned pmp_successor(const struct pmp_cache *c, unsigned j);

/* Drop every unpinned entry (env switch); returns the entries changed. */
uint64_t pmp_flush(struct pmp_cache *c);

/* Drop every unpinned entry overlapping pages [ppn_lo, ppn_hi) (rights reduced or revoked);
 * returns the entries changed. */
uint64_t pmp_invalidate(struct pmp_cache *c, uint64_t ppn_lo, uint64_t ppn_hi);

#endif /* __ASSEMBLER__ */
#endif /* EXO_KERNEL_PMP_H */
