/* exo/pages.h: libexo's page allocator: binds pages the policy chose from the exposed state,
 * frees them, and gives them back under revocation. The policy is replaceable.
 *
 * Each call runs held (exo/hold.h): a revocation that lands meanwhile is answered when it ends.
 */
#ifndef EXO_PAGES_H
#define EXO_PAGES_H

#include <stdint.h>

#include <exo/abi.h>
#include <exo/pagerun.h>

/* A page policy: two decisions, no side effects. An application replaces the default with
 * pages_set_policy(); see docs/libos.md. */
struct page_policy {
    void *ctx;
    /* Where to bind `want` pages (want >= 1; hints are PAGERUN_*): returns how many (0 if
     * none), first one in *first. Every chosen page must be free in `view`. */
    uint32_t (*choose)(void *ctx, const struct page_view *view, const struct page_set *owned,
                       uint32_t want, unsigned hints, uint32_t *first);
    /* Which of the owned, unpinned pages to give back (up to n) into out[]; returns how many. */
    uint32_t (*victims)(void *ctx, const struct page_set *owned, const struct page_set *pinned,
                        uint32_t n, uint32_t *out);
};

/* The default: pagerun_choose and pagerun_victims. */
extern const struct page_policy pages_default_policy;

/* Installs p (NULL restores the default). */
void pages_set_policy(const struct page_policy *p);

/* Binds up to `want` contiguous pages with `rights` where the policy chooses; returns how many
 * were bound (>= 1) with the first in *first, or a negative EXO_E*. Retries a few times when
 * another env takes a chosen page first. */
long pages_alloc(uint32_t want, unsigned rights, unsigned hints, uint32_t *first);
/* Binds exactly [ppn, ppn + count) or nothing: EXO_OK or a negative EXO_E*. */
long pages_alloc_at(uint32_t ppn, uint32_t count, unsigned rights);
/* Frees [ppn, ppn + count), which this env must hold through this module. */
long pages_free(uint32_t ppn, uint32_t count);
/* Pinned pages are in use (heap, stacks, vital pages) and never given back by pages_give_back. */
long pages_pin(uint32_t ppn, uint32_t count);
long pages_unpin(uint32_t ppn, uint32_t count);
/* A revocation asked for n pages: frees up to n the policy chooses; returns how many. */
long pages_give_back(uint32_t n);
/* The kernel took ppn (the abort protocol, EXO_SYS_REPOSSESSED): forget it, pinned or not,
 * without a syscall. EXO_OK, or EXO_ENOENT if this module did not hold it. */
long pages_forget(uint32_t ppn);
/* The pages this env holds through this module. */
const struct page_set *pages_owned(void);

#endif /* EXO_PAGES_H */
