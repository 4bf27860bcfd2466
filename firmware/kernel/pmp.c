/* kernel/pmp.c: PMP region encoding (NAPOT, TOR) and the refill policy that caches the running
 * env's pages in the unpinned PMP entries, coalescing runs of pages with identical rights.
 *
 * What must stay true, for every input: an installed entry covers only whole pages the env
 * holds, every one of them with exactly the entry's rights; pinned entries are never touched;
 * a TOR entry's lower bound is its own OFF partner, never another live entry.
 */
#include "kernel/pmp.h"

_Static_assert(EXO_PERM_R == PMP_R && EXO_PERM_W == PMP_W && EXO_PERM_X == PMP_X,
               "page rights double as pmpcfg permission bits");
_Static_assert(EXO_PAGE_SHIFT > PMP_ADDR_SHIFT, "a page spans several pmpaddr units");

#define NONE 0xff

static bool pow2(uint64_t x) {
    return x != 0 && (x & (x - 1)) == 0;
}

int pmp_napot(uint64_t base, uint64_t size, unsigned perms, uint8_t *cfg, pmp_reg_t *addr) {
    if (!pow2(size) || size < 8 || (base & (size - 1)) || (perms & ~(unsigned)PMP_RWX) ||
        size > PMP_PHYS_LIMIT || base > PMP_PHYS_LIMIT - size)
        return ERR_INVAL;
    /* Trailing ones encode the size: 8 bytes -> none, 16 -> one, ... */
    *addr = (pmp_reg_t)((base >> PMP_ADDR_SHIFT) | ((size >> 3) - 1));
    *cfg = (uint8_t)(PMP_A_NAPOT | perms);
    return ERR_OK;
}

int pmp_tor(uint64_t base, uint64_t end, unsigned perms, uint8_t cfg[2], pmp_reg_t addr[2]) {
    /* end >> 2 must fit the register: end itself stays below the limit. */
    if (base >= end || (base | end) & 3 || end >= PMP_PHYS_LIMIT || (perms & ~(unsigned)PMP_RWX))
        return ERR_INVAL;
    cfg[0] = PMP_A_OFF;
    addr[0] = (pmp_reg_t)(base >> PMP_ADDR_SHIFT);
    cfg[1] = (uint8_t)(PMP_A_TOR | perms);
    addr[1] = (pmp_reg_t)(end >> PMP_ADDR_SHIFT);
    return ERR_OK;
}

int pmp_decode(const uint8_t *cfg, const pmp_reg_t *addr, unsigned i, struct pmp_region *out) {
    unsigned mode = cfg[i] & PMP_A_MASK;
    uint64_t a = (uint64_t)addr[i];
    out->mode = mode;
    out->perms = cfg[i] & PMP_RWX;
    if (mode == PMP_A_OFF) return ERR_NOENT;
    if (mode == PMP_A_TOR) {
        uint64_t lo = i ? (uint64_t)addr[i - 1] : 0;
        if (lo >= a) return ERR_NOENT; /* the spec: an empty or inverted range matches nothing */
        out->base = lo << PMP_ADDR_SHIFT;
        out->last = (a << PMP_ADDR_SHIFT) - 1;
        return ERR_OK;
    }
    if (mode == PMP_A_NA4) {
        out->base = a << PMP_ADDR_SHIFT;
        out->last = out->base + 3;
        return ERR_OK;
    }
    unsigned ones = 0;
    while (ones < 64 && ((a >> ones) & 1))
        ones++;
    if (ones + 3 >= 64) {
        out->base = 0;
        out->last = UINT64_MAX;
    } else {
        uint64_t size = (uint64_t)1 << (ones + 3);
        out->base = (a << PMP_ADDR_SHIFT) & ~(size - 1);
        out->last = out->base + size - 1;
    }
    return ERR_OK;
}

int pmp_cache_init(struct pmp_cache *c, unsigned n, unsigned pinned) {
    if (n == 0 || n > PMP_MAX_ENTRIES || pinned > n) return ERR_INVAL;
    c->n = (uint8_t)n;
    c->pinned = (uint8_t)pinned;
    c->hand = (uint8_t)pinned;
    for (unsigned j = 0; j < PMP_MAX_ENTRIES; j++) {
        c->cfg[j] = 0;
        c->addr[j] = 0;
    }
    return ERR_OK;
}

int pmp_cache_pin(struct pmp_cache *c, unsigned i, uint8_t cfg, pmp_reg_t addr, uint64_t *changed) {
    if (i >= c->pinned) return ERR_INVAL;
    c->cfg[i] = cfg;
    c->addr[i] = addr;
    *changed = (uint64_t)1 << i;
    return ERR_OK;
}

/* ---- Slots --------------------------------------------------------------------------------- */

static bool is_tor(const struct pmp_cache *c, unsigned j) {
    return j < c->n && (c->cfg[j] & PMP_A_MASK) == PMP_A_TOR;
}

/* Unpinned, off, and not the lower bound of a TOR entry above it. */
static bool slot_free(const struct pmp_cache *c, unsigned j) {
    return j >= c->pinned && j < c->n && (c->cfg[j] & PMP_A_MASK) == PMP_A_OFF && !is_tor(c, j + 1);
}

static uint64_t clear(struct pmp_cache *c, unsigned j) {
    if (j < c->pinned || (c->cfg[j] == 0 && c->addr[j] == 0)) return 0;
    c->cfg[j] = 0;
    c->addr[j] = 0;
    return (uint64_t)1 << j;
}

/* Empty slot j, taking a TOR pair it belongs to with it. */
static uint64_t evict(struct pmp_cache *c, unsigned j) {
    if (is_tor(c, j)) return clear(c, j - 1) | clear(c, j);
    if (is_tor(c, j + 1)) return clear(c, j) | clear(c, j + 1);
    return clear(c, j);
}

/* The pages [*lo, *hi) unpinned entry j matches, in O(1); empty for an OFF entry (a TOR
 * lower half included). Entries here cover whole pages: NAPOT of at least a page, or TOR. */
static void span(const struct pmp_cache *c, unsigned j, uint64_t *lo, uint64_t *hi) {
    const unsigned shift = EXO_PAGE_SHIFT - PMP_ADDR_SHIFT;
    uint64_t a = (uint64_t)c->addr[j];
    *lo = *hi = 0;
    switch (c->cfg[j] & PMP_A_MASK) {
    case PMP_A_NAPOT: {
        uint64_t ones = a ^ (a + 1); /* the trailing ones and the zero above them */
        *lo = (a & ~ones) >> shift;
        *hi = *lo + ((ones + 1) >> shift);
        break;
    }
    case PMP_A_TOR:
        *lo = (j > 0 ? (uint64_t)c->addr[j - 1] : 0) >> shift;
        *hi = a >> shift;
        break;
    default:
        break;
    }
}

/* Evict every unpinned entry matching any of pages [lo, hi) (lo < hi). */
static uint64_t drop_overlap(struct pmp_cache *c, uint64_t lo, uint64_t hi) {
    uint64_t changed = 0;
    for (unsigned j = c->pinned; j < c->n; j++) {
        uint64_t a, b;
        span(c, j, &a, &b);
        if (a < hi && lo < b) changed |= evict(c, j);
    }
    return changed;
}

static unsigned next_slot(const struct pmp_cache *c, unsigned j) {
    return j + 1 < c->n ? j + 1 : c->pinned;
}

/* ---- Refill -------------------------------------------------------------------------------- */

/* Pages PMP can name: a pmpaddr register holds a byte address >> 2. */
#define PHYS_PAGES (PMP_PHYS_LIMIT >> EXO_PAGE_SHIFT)

/* Do pages [ppn, ppn + count) all carry exactly rights r, inside what PMP can name? */
static bool all_rights(pmp_lookup_fn lookup, void *ctx, uint64_t ppn, uint64_t count, unsigned r) {
    for (uint64_t p = ppn; p < ppn + count; p++)
        if (p >= PHYS_PAGES || (lookup(ctx, p) & PMP_RWX) != r) return false;
    return true;
}

int pmp_refill(struct pmp_cache *c, uint64_t addr, unsigned access, pmp_lookup_fn lookup, void *ctx,
               uint64_t *changed) {
    *changed = 0;
    if (access == 0 || (access & ~(unsigned)PMP_RWX)) return ERR_INVAL;
    if (c->pinned >= c->n) return ERR_NOMEM;
    uint64_t ppn = addr >> EXO_PAGE_SHIFT;
    unsigned r = ppn < PHYS_PAGES ? lookup(ctx, ppn) & PMP_RWX : 0;
    if ((r & access) != access) return ERR_PERM;

    /* The largest aligned block of 2^k pages around ppn with rights exactly r: grow by the
     * buddy while the buddy qualifies. */
    uint64_t base = ppn;
    unsigned k = 0;
    while (k < PMP_MAX_ORDER &&
           all_rights(lookup, ctx, base ^ ((uint64_t)1 << k), (uint64_t)1 << k, r)) {
        base &= ~((uint64_t)1 << k);
        k++;
    }
    uint64_t block = (uint64_t)1 << k, lo = base, hi = base + block;

    /* A TOR pair over the whole run (up to PMP_RUN_MAX pages) when it covers more than the
     * block and the cache has room for pairs: at least four unpinned entries. The run stops
     * below the last nameable page, so its end still fits a pmpaddr register. */
    bool tor = false;
    if (c->n - c->pinned >= 4 && hi < PHYS_PAGES) {
        while (hi - lo < PMP_RUN_MAX && lo > 0 && all_rights(lookup, ctx, lo - 1, 1, r))
            lo--;
        while (hi - lo < PMP_RUN_MAX && hi + 1 < PHYS_PAGES && all_rights(lookup, ctx, hi, 1, r))
            hi++;
        tor = hi - lo > block;
    }
    uint8_t cfg[2];
    pmp_reg_t pa[2];
    int e = tor ? pmp_tor(lo << EXO_PAGE_SHIFT, hi << EXO_PAGE_SHIFT, r, cfg, pa)
                : pmp_napot(base << EXO_PAGE_SHIFT, block << EXO_PAGE_SHIFT, r, cfg, pa);
    if (e != ERR_OK) return e; /* unreachable by the bounds above; nothing has changed */
    if (!tor) {
        lo = base;
        hi = base + block;
    }

    /* An entry matching the faulting page is stale (a change of rights nobody invalidated) or
     * could not grant the access, and one inside the new region is a smaller piece of it: drop
     * both first, so the new entry is the only unpinned one matching the faulting page (a
     * lower-numbered one would otherwise decide the access). An entry that only partly overlaps
     * the region stays: it grants no more than the table does, and dropping it would let two
     * pages whose regions overlap evict each other on every access. */
    uint64_t mask = 0;
    for (unsigned s = c->pinned; s < c->n; s++) {
        uint64_t a, b;
        span(c, s, &a, &b);
        if (a < b && ((a <= ppn && ppn < b) || (lo <= a && b <= hi))) mask |= evict(c, s);
    }
    unsigned j = NONE, used = tor ? 2 : 1;
    for (unsigned s = c->pinned; s + used <= c->n && j == NONE; s++)
        if (slot_free(c, s) && (!tor || slot_free(c, s + 1))) j = s;
    if (j == NONE) {
        /* Round robin over the unpinned entries; a pair that would straddle the end wraps. */
        j = c->hand + used <= c->n ? c->hand : c->pinned;
        for (unsigned s = j; s < j + used; s++)
            mask |= evict(c, s);
    }
    /* The hand moves past the new entry either way, so the next refill (here or in
     * pmp_refill_page, which takes the hand without a search) never evicts the entry just
     * installed: two pages used in turn would otherwise take each other's slot for ever. */
    c->hand = (uint8_t)next_slot(c, j + used - 1);
    for (unsigned s = 0; s < used; s++) {
        c->cfg[j + s] = cfg[s];
        c->addr[j + s] = pa[s];
        mask |= (uint64_t)1 << (j + s);
    }
    *changed = mask;
    return ERR_OK;
}

/* Slot j may take a single page without losing a region worth more: it is off (and no TOR
 * lower half) or holds a one-page NAPOT entry. */
static bool single(const struct pmp_cache *c, unsigned j) {
    if (j < c->pinned || j >= c->n) return false;
    unsigned mode = c->cfg[j] & PMP_A_MASK;
    if (mode == PMP_A_OFF) return !is_tor(c, j + 1);
    uint64_t lo, hi;
    span(c, j, &lo, &hi);
    return mode == PMP_A_NAPOT && hi - lo == 1;
}

unsigned pmp_successor(const struct pmp_cache *c, unsigned j) {
    if (!single(c, j)) return 0;
    for (unsigned k = next_slot(c, j);; k = next_slot(c, k))
        if (single(c, k)) return k; /* j itself at the latest */
}

int pmp_refill_page(struct pmp_cache *c, uint64_t ppn, unsigned r, uint64_t *changed) {
    *changed = 0;
    if (c->pinned >= c->n) return ERR_NOMEM;
    if (r == 0 || (r & ~(unsigned)PMP_RWX) || ppn >= PHYS_PAGES) return ERR_INVAL;
    /* The victim: the hand, or the first slot after it holding no region of several pages, so
     * an env's coalesced runs (its code, its stack) survive a stream of single pages; only when
     * every slot holds such a region does the hand's go. */
    unsigned j = c->hand;
    for (unsigned k = 0; k < c->n && !single(c, j); k++)
        j = next_slot(c, j);
    if (!single(c, j)) j = c->hand;
    uint64_t mask = evict(c, j);
    c->cfg[j] = (uint8_t)(PMP_A_NAPOT | r);
    /* A 4 KiB NAPOT region: the page's address >> 2 with its low nine bits set. */
    c->addr[j] = (pmp_reg_t)(ppn << (EXO_PAGE_SHIFT - PMP_ADDR_SHIFT) | ((EXO_PAGE_SIZE >> 3) - 1));
    c->hand = (uint8_t)pmp_successor(c, j);
    *changed = mask | (uint64_t)1 << j;
    return ERR_OK;
}

uint64_t pmp_flush(struct pmp_cache *c) {
    uint64_t changed = 0;
    for (unsigned j = c->pinned; j < c->n; j++)
        changed |= clear(c, j);
    c->hand = c->pinned;
    return changed;
}

uint64_t pmp_invalidate(struct pmp_cache *c, uint64_t ppn_lo, uint64_t ppn_hi) {
    if (ppn_hi > PHYS_PAGES) ppn_hi = PHYS_PAGES;
    if (ppn_lo >= ppn_hi) return 0;
    return drop_overlap(c, ppn_lo, ppn_hi);
}
