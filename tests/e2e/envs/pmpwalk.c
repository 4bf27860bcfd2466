/* pmpwalk: a working set of contiguous runs, larger in pages than the hart has PMP entries,
 * walked in a loop: the kernel must keep it resident (one region a run), not refault it.
 *
 * Arguments: RUNS PAGES ITERS (defaults 4, 12, 200; RUNS * PAGES at most 64). It binds RUNS
 * runs of PAGES adjacent RW pages, one free page between runs (PAGES 1: scattered pages, which
 * no region can cover two of: the case that must refault). Then ITERS times it writes and
 * reads back one word in every page, in order, and reads instret around each walk. Prints
 * `pmpwalk pages N runs R least L` (L: instructions of the cheapest walk, which no interrupt
 * landed in: the walk's own instructions plus every refill it needed) and exits 0; exit 2: the
 * pages could not be bound or a run is not contiguous; 3: a word read back wrong.
 */
#include "hostile.h"

#define MAX_PAGES 64

static uintptr_t addrs[MAX_PAGES];

static unsigned long arg_or(const char **arg, unsigned long dflt) {
    unsigned long v;
    *arg = arg_next(*arg);
    return num_parse(*arg, &v) ? v : dflt;
}

/* One walk: a word written and read back in each page; 0 if one read back wrong. */
static int walk(unsigned n, uint32_t stamp) {
    for (unsigned i = 0; i < n; i++) {
        volatile uint32_t *w = (volatile uint32_t *)(addrs[i] + 4 * (i % 64));
        *w = stamp + i;
        if (*w != stamp + i) return 0;
    }
    return 1;
}

int main(void) {
    const char *arg = NULL;
    unsigned runs = (unsigned)arg_or(&arg, 4);
    unsigned per = (unsigned)arg_or(&arg, 12);
    unsigned long iters = arg_or(&arg, 200);
    if (runs == 0 || per == 0 || runs * per > MAX_PAGES) return 2;

    /* A fresh system hands out ascending pages (libexo's ANY takes the free list's head), so a
     * run is PAGES in a row; the page bound between runs is given back at the end so it stays
     * out of every run. */
    unsigned n = 0;
    long gaps[MAX_PAGES];
    for (unsigned r = 0; r < runs; r++) {
        for (unsigned p = 0; p < per; p++) {
            long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
            if (ppn < 0) return 2;
            addrs[n] = (uintptr_t)ppn << EXO_PAGE_SHIFT;
            if (p > 0 && addrs[n] != addrs[n - 1] + EXO_PAGE_SIZE) return 2;
            n++;
        }
        gaps[r] = exo_page_alloc(EXO_ANY, EXO_PERM_R);
        if (gaps[r] < 0) return 2;
    }
    for (unsigned r = 0; r < runs; r++)
        exo_page_free((unsigned long)gaps[r]);

    unsigned long least = (unsigned long)-1;
    for (unsigned long k = 0; k < iters; k++) {
        unsigned long t0 = instret_read();
        int ok = walk(n, (uint32_t)k * 0x9e3779b9u);
        unsigned long t = instret_read() - t0;
        if (!ok) return 3;
        if (t < least) least = t;
    }
    struct line out = {.len = 0};
    line_str(&out, "pmpwalk pages ");
    line_dec(&out, (long)n);
    line_str(&out, " runs ");
    line_dec(&out, (long)runs);
    line_str(&out, " least ");
    line_dec(&out, (long)least);
    line_end(&out);
    return 0;
}
