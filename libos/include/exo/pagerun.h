/* exo/pagerun.h: the pure core of libexo's page policy: sets of owned page runs and the choice
 * of which free pages to bind and which owned pages to give back.
 *
 * Everything here works on page numbers and the free bitmap of the exposed state; nothing
 * binds or frees a page (that is pages.c), so it is tested on the host against a Python model.
 */
#ifndef EXO_PAGERUN_H
#define EXO_PAGERUN_H

#include <stdbool.h>
#include <stdint.h>

/* [first, first + count) */
struct page_run {
    uint32_t first;
    uint32_t count;
};

/* Runs kept sorted by first page, disjoint and never adjacent (adjacent runs are merged), so
 * nruns is also the number of PMP regions the set needs at best. */
#define PAGE_SET_RUNS_MAX 32
struct page_set {
    uint32_t nruns;
    struct page_run runs[PAGE_SET_RUNS_MAX];
};

/* Adds [first, first + count); EXO_OK, EXO_EINVAL (empty, wraps, or overlaps the set) or
 * EXO_E2BIG (more runs than the set holds; the set is unchanged). */
int pageset_add(struct page_set *set, uint32_t first, uint32_t count);
/* Removes [first, first + count), which must lie wholly inside the set: EXO_OK, EXO_EINVAL or
 * EXO_E2BIG (splitting a run would need one run too many). */
int pageset_remove(struct page_set *set, uint32_t first, uint32_t count);
bool pageset_contains(const struct page_set *set, uint32_t ppn);
uint32_t pageset_pages(const struct page_set *set);

/* What a policy sees of the machine: the free bitmap (bit i set = page page_first + i free). */
struct page_view {
    const uint64_t *bitmap;
    uint32_t page_first;
    uint32_t page_count;
};

/* Number of free pages starting at ppn, at most `limit` (0 if ppn is not a free managed page). */
uint32_t pagerun_free_at(const struct page_view *view, uint32_t ppn, uint32_t limit);

/* Hints to choose. */
#define PAGERUN_GROW 0x1 /* the caller will want to extend this run later: leave room after it */

/* The default choice of where to bind `want` pages (want >= 1), in order of preference:
 *  1. right after a run the env owns (one PMP region stays one), the longest such extension;
 *  2. the smallest free run holding all `want` (best fit; keeps large runs whole), or with
 *     PAGERUN_GROW the largest free run (room to grow);
 *  3. the largest free run, partly (fewer than want pages).
 * Ties go to the lower page. Returns the number of pages chosen (0 if none is free) and the
 * first in *first. */
uint32_t pagerun_choose(const struct page_view *view, const struct page_set *owned, uint32_t want,
                        unsigned hints, uint32_t *first);

/* The default choice of up to n owned pages to give back under revocation, least useful first:
 * never a pinned page; pages of the shortest unpinned stretch first (giving one back whole frees
 * a PMP region), from its high end down; ties to the lower stretch. Writes the pages to out[] in
 * that order and returns how many. */
uint32_t pagerun_victims(const struct page_set *owned, const struct page_set *pinned, uint32_t n,
                         uint32_t *out);

#endif /* EXO_PAGERUN_H */
