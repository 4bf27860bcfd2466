/* pagerun.c: owned page-run sets and the default choice of pages to bind and to give back
 * (exo/pagerun.h). Pure: page numbers and bitmaps only. */
#include <stddef.h>

#include <exo/abi.h>
#include <exo/pagerun.h>

/* Index of the first run that ends after ppn (the run containing ppn, or the next one). */
static uint32_t run_index(const struct page_set *set, uint32_t ppn) {
    uint32_t i = 0;
    while (i < set->nruns && set->runs[i].first + set->runs[i].count <= ppn)
        i++;
    return i;
}

static void runs_insert(struct page_set *set, uint32_t at, struct page_run r) {
    for (uint32_t j = set->nruns; j > at; j--)
        set->runs[j] = set->runs[j - 1];
    set->runs[at] = r;
    set->nruns++;
}

static void runs_delete(struct page_set *set, uint32_t at) {
    for (uint32_t j = at; j + 1 < set->nruns; j++)
        set->runs[j] = set->runs[j + 1];
    set->nruns--;
}

int pageset_add(struct page_set *set, uint32_t first, uint32_t count) {
    if (count == 0 || first + count < first) return EXO_EINVAL;
    uint32_t end = first + count;
    uint32_t i = run_index(set, first);
    if (i < set->nruns && set->runs[i].first < end) return EXO_EINVAL; /* overlaps run i */
    bool join_prev = i > 0 && set->runs[i - 1].first + set->runs[i - 1].count == first;
    bool join_next = i < set->nruns && set->runs[i].first == end;
    if (join_prev && join_next) {
        set->runs[i - 1].count += count + set->runs[i].count;
        runs_delete(set, i);
    } else if (join_prev) {
        set->runs[i - 1].count += count;
    } else if (join_next) {
        set->runs[i].first = first;
        set->runs[i].count += count;
    } else {
        if (set->nruns == PAGE_SET_RUNS_MAX) return EXO_E2BIG;
        runs_insert(set, i, (struct page_run){first, count});
    }
    return EXO_OK;
}

int pageset_remove(struct page_set *set, uint32_t first, uint32_t count) {
    if (count == 0 || first + count < first) return EXO_EINVAL;
    uint32_t end = first + count;
    uint32_t i = run_index(set, first);
    if (i == set->nruns) return EXO_EINVAL;
    struct page_run r = set->runs[i];
    if (r.first > first || r.first + r.count < end) return EXO_EINVAL;
    bool keep_low = r.first < first, keep_high = end < r.first + r.count;
    if (keep_low && keep_high) {
        if (set->nruns == PAGE_SET_RUNS_MAX) return EXO_E2BIG;
        set->runs[i].count = first - r.first;
        runs_insert(set, i + 1, (struct page_run){end, r.first + r.count - end});
    } else if (keep_low) {
        set->runs[i].count = first - r.first;
    } else if (keep_high) {
        set->runs[i].first = end;
        set->runs[i].count = r.first + r.count - end;
    } else {
        runs_delete(set, i);
    }
    return EXO_OK;
}

bool pageset_contains(const struct page_set *set, uint32_t ppn) {
    uint32_t i = run_index(set, ppn);
    return i < set->nruns && set->runs[i].first <= ppn;
}

uint32_t pageset_pages(const struct page_set *set) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < set->nruns; i++)
        n += set->runs[i].count;
    return n;
}

static bool page_free(const struct page_view *view, uint32_t index) {
    return (view->bitmap[index / 64] >> (index % 64)) & 1u;
}

uint32_t pagerun_free_at(const struct page_view *view, uint32_t ppn, uint32_t limit) {
    if (ppn < view->page_first) return 0;
    uint32_t index = ppn - view->page_first, n = 0;
    while (n < limit && index + n < view->page_count && page_free(view, index + n))
        n++;
    return n;
}

uint32_t pagerun_choose(const struct page_view *view, const struct page_set *owned, uint32_t want,
                        unsigned hints, uint32_t *first) {
    if (want == 0) return 0;
    /* 1. Extend an owned run upwards: the longest extension wins, the lower on a tie. */
    uint32_t best = 0, best_first = 0;
    for (uint32_t i = 0; i < owned->nruns; i++) {
        uint32_t at = owned->runs[i].first + owned->runs[i].count;
        uint32_t n = pagerun_free_at(view, at, want);
        if (n > best) {
            best = n;
            best_first = at;
        }
    }
    if (best == want) {
        *first = best_first;
        return best;
    }
    /* 2 and 3: one pass over the free runs of the bitmap. */
    uint32_t fit = 0, fit_first = 0, big = 0, big_first = 0;
    uint32_t i = 0;
    while (i < view->page_count) {
        if (!page_free(view, i)) {
            i++;
            continue;
        }
        uint32_t len = pagerun_free_at(view, view->page_first + i, view->page_count);
        if (len >= want && (fit == 0 || len < fit)) {
            fit = len;
            fit_first = view->page_first + i;
        }
        if (len > big) {
            big = len;
            big_first = view->page_first + i;
        }
        i += len;
    }
    if (big >= want) {
        *first = (hints & PAGERUN_GROW) ? big_first : fit_first;
        return want;
    }
    /* Nothing holds all of it: an extension that gives as much as the largest run is still
     * better, it costs no new PMP region. */
    if (best != 0 && best >= big) {
        *first = best_first;
        return best;
    }
    *first = big_first;
    return big;
}

/* The stretches of owned pages that are not pinned, in address order, into out (at most max). */
static uint32_t unpinned(const struct page_set *owned, const struct page_set *pinned,
                         struct page_run *out, uint32_t max) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < owned->nruns; i++) {
        uint32_t p = owned->runs[i].first, end = p + owned->runs[i].count;
        while (p < end) {
            if (pageset_contains(pinned, p)) {
                p++;
                continue;
            }
            uint32_t start = p;
            while (p < end && !pageset_contains(pinned, p))
                p++;
            if (n < max) out[n++] = (struct page_run){start, p - start};
        }
    }
    return n;
}

uint32_t pagerun_victims(const struct page_set *owned, const struct page_set *pinned, uint32_t n,
                         uint32_t *out) {
    /* An owned run split by pinned pages gives at most one more stretch per pinned run. */
    struct page_run runs[2 * PAGE_SET_RUNS_MAX + 1];
    uint32_t nruns = unpinned(owned, pinned, runs, sizeof runs / sizeof runs[0]);
    uint32_t given = 0;
    while (given < n) {
        uint32_t pick = nruns;
        for (uint32_t i = 0; i < nruns; i++)
            if (runs[i].count != 0 && (pick == nruns || runs[i].count < runs[pick].count)) pick = i;
        if (pick == nruns) break;
        while (given < n && runs[pick].count != 0) {
            runs[pick].count--;
            out[given++] = runs[pick].first + runs[pick].count;
        }
    }
    return given;
}
