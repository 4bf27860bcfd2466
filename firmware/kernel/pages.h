/* kernel/pages.h: the physical page ownership table: who owns each page above the kernel, with
 * what rights, and which other envs it is shared with.
 *
 * Pure policy: no CSRs, no MMIO, no allocation. The caller gives all storage, so the same code
 * runs in the kernel and in host tests under sanitizers. Envs are small indices here (1 ..
 * PAGES_MAX_ENVS - 1; 0 means "free"); the env layer maps env ids with generations onto them.
 * Nothing here changes PMP: when an env's rights on a page change (the `changed` hook says
 * which), the caller invalidates that page in the env's PMP cache before the env runs again.
 */
#ifndef EXO_KERNEL_PAGES_H
#define EXO_KERNEL_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "exo/abi.h"
#include "kernel/errors.h"

/* How many env indices the table can name (index 0 is the free list). The default belongs in
 * config.h; this fallback keeps the module buildable until it is there. */
#ifndef CONFIG_MAX_ENVS
#define CONFIG_MAX_ENVS 64
#endif
#define PAGES_MAX_ENVS CONFIG_MAX_ENVS

/* Shares a page can carry besides its owner: bounded so every check is O(1). */
#define PAGES_MAX_SHARES 4

/* pages_alloc's ppn argument for "any free page". */
#define PAGES_ANY UINT32_MAX

/* End of an intrusive list. */
#define PAGES_NIL UINT32_MAX

/* One share of a page: env `env` may use it with `rights` (a subset of the owner's). The links
 * chain every share an env holds, on anyone's page, so revoking it needs no scan. A link names
 * a share slot as page_index * PAGES_MAX_SHARES + slot. env == 0 marks an unused slot. */
struct page_share {
    uint32_t next, prev;
    uint16_t env;
    uint8_t rights;
};

/* One physical page. owner == 0: free, rights 0, no shares, linked in the free list. The
 * links chain the pages of one owner (the free list for owner 0), circular, in the order they
 * were bound. */
struct page_entry {
    uint32_t next, prev;
    uint16_t owner;
    uint8_t rights;
    struct page_share shares[PAGES_MAX_SHARES];
};

struct pages {
    struct page_entry *entries; /* count entries, entries[i] is page first_ppn + i */
    uint64_t *free_bitmap;      /* (count + 63) / 64 words, bit set = free; exposed to envs */
    uint32_t first_ppn, count;
    uint32_t owned_head[PAGES_MAX_ENVS]; /* page index or PAGES_NIL; [0] is the free list */
    uint32_t owned[PAGES_MAX_ENVS];      /* pages owned; [0] counts free pages */
    uint32_t held_head[PAGES_MAX_ENVS];  /* share slot id or PAGES_NIL */
    uint32_t held[PAGES_MAX_ENVS];       /* shares held on others' pages */
    /* Hooks, each may be NULL. zero: called before a page is bound to a new owner, so no data
     * passes between envs. changed: env's existing rights on ppn ended or changed (free,
     * unshare, a share replaced with other rights, release): its cached PMP entries over ppn
     * must go, so cached entries always grant exactly what the table says. */
    void (*zero)(void *ctx, uint32_t ppn);
    void (*changed)(void *ctx, uint32_t ppn, uint32_t env);
    void *hook_ctx;
};

/* Called by pages_release_all for every page it frees. */
typedef void (*pages_release_fn)(void *ctx, uint32_t ppn);

/* Manage pages [first_ppn, first_ppn + count), all free. Hooks start NULL; set them after. */
int pages_init(struct pages *t, struct page_entry *entries, uint32_t first_ppn, uint32_t count,
               uint64_t *free_bitmap);

/* Page numbers are 32 bits here (16 TiB of RAM): the syscall layer range-checks an env's
 * register before narrowing it, so a large value cannot alias a managed page. */

/* Bind a free page to env with rights. ppn == PAGES_ANY takes the head of the free list: pages
 * start in ascending order and freed ones join the tail, so a fresh system hands out ascending
 * runs and a freed page is reused last. */
int pages_alloc(struct pages *t, uint32_t env, uint32_t ppn, unsigned rights, uint32_t *out_ppn);

/* Only the owner frees; every share of the page goes with it. */
int pages_free(struct pages *t, uint32_t env, uint32_t ppn);

/* Give to_env rights (a subset of the owner's) on owner's page; an existing share of to_env is
 * replaced with the new rights. */
int pages_share(struct pages *t, uint32_t owner, uint32_t ppn, uint32_t to_env, unsigned rights);

/* Remove to_env's share of ppn. Either the owner or to_env itself may do it. */
int pages_unshare(struct pages *t, uint32_t env, uint32_t ppn, uint32_t to_env);

/* The owner hands its page to to_env with its contents and rights (no zeroing: a parent
 * provisioning a child); every share of the page ends. */
int pages_give(struct pages *t, uint32_t env, uint32_t ppn, uint32_t to_env);

/* The page env bound n-th most recently (n = 0: the last), or PAGES_NIL. O(n). */
uint32_t pages_recent(const struct pages *t, uint32_t env, unsigned n);

/* Rights env holds on ppn, as owner or sharer; 0 if none or ppn is not managed. The check the
 * PMP refill and every syscall use. */
unsigned pages_rights(const struct pages *t, uint32_t env, uint32_t ppn);

/* One env's view of the table, for pages_lookup. */
struct pages_view {
    const struct pages *t;
    uint32_t env;
};

/* The rights lookup pmp_refill takes (a pmp_lookup_fn): ctx is a struct pages_view. Page numbers
 * beyond 32 bits are never managed, so they hold no rights. */
unsigned pages_lookup(void *ctx, uint64_t ppn);

/* Owner index of ppn; 0 if free or not managed. */
uint32_t pages_owner(const struct pages *t, uint32_t ppn);

/* Free every page env owns and drop every share it holds; returns pages freed (or ERR_INVAL).
 * O(pages owned + shares held). fn (may be NULL) sees each freed page. */
long pages_release_all(struct pages *t, uint32_t env, pages_release_fn fn, void *ctx);

uint32_t pages_free_count(const struct pages *t);
uint32_t pages_owned_count(const struct pages *t, uint32_t env);
uint32_t pages_held_count(const struct pages *t, uint32_t env);

/* Verify every invariant (see docs/memory.md); 0 if all hold, otherwise a positive number
 * naming the first one broken. O(count + envs); uses no storage beyond a small stack frame. */
int pages_check(const struct pages *t);

#endif /* EXO_KERNEL_PAGES_H */
