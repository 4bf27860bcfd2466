/* wset: a working set larger than the PMP entries, touched at random and checked against a model.
 *
 * Arguments: SEED PAGES OPS (defaults 1, 64, 100000; PAGES at most 64; OPS 0: until console
 * input arrives). It binds 2 x PAGES pages
 * and gives every other one back, so the PAGES it keeps are scattered and no PMP region can cover
 * two of them; each must read as zero. Then OPS random reads and writes of words spread over
 * every page, each read compared with a model of what was last written there, and a final sweep.
 * Prints `wset pages N runs R` (R: runs of adjacent pages among them) and exits 0 when every word
 * matched; exit 2: a fresh page was not zero; 3: a word read back wrong; 4: too few pages.
 */
#include "hostile.h"

#define MAX_PAGES 64
#define SLOTS     16 /* words checked per page, spread over the whole page */

static unsigned long ppns[MAX_PAGES];
static uint32_t model[MAX_PAGES][SLOTS];

static volatile uint32_t *slot(unsigned p, unsigned s) {
    /* A different offset in each page, so a PMP entry left on the wrong page shows. */
    uintptr_t off = s * (EXO_PAGE_SIZE / SLOTS) + ((p * 36u) % (EXO_PAGE_SIZE / SLOTS - 4) & ~3u);
    return (volatile uint32_t *)((ppns[p] << EXO_PAGE_SHIFT) + off);
}

static unsigned long arg_or(const char **arg, unsigned long dflt) {
    unsigned long v;
    *arg = arg_next(*arg);
    return num_parse(*arg, &v) ? v : dflt;
}

int main(void) {
    const char *arg = NULL;
    uint64_t rng = rng_seed(arg_or(&arg, 1));
    unsigned n = (unsigned)arg_or(&arg, MAX_PAGES);
    unsigned long ops = arg_or(&arg, 100000);
    if (n > MAX_PAGES) n = MAX_PAGES;

    unsigned kept = 0;
    for (unsigned i = 0; i < 2 * n; i++) {
        long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
        if (ppn < 0) return 4;
        if (i % 2 == 1)
            exo_page_free((unsigned long)ppn);
        else
            ppns[kept++] = (unsigned long)ppn;
    }
    for (unsigned p = 0; p < n; p++) {
        const volatile unsigned long *w =
            (const volatile unsigned long *)(ppns[p] << EXO_PAGE_SHIFT);
        for (unsigned i = 0; i < EXO_PAGE_SIZE / sizeof *w; i++)
            if (w[i] != 0) return 2;
    }

    /* OPS 0: until a byte of console input arrives (looked for every 65536 operations), so the
     * host can attack its pages while it runs. */
    for (unsigned long i = 0; ops == 0 || i < ops; i++) {
        if (ops == 0 && i % 65536 == 65535) {
            char c;
            if (exo_console_read(&c, 1) == 1) break;
        }
        uint64_t r = rng_next(&rng);
        unsigned p = (unsigned)(r % n), s = (unsigned)((r >> 16) % SLOTS);
        if ((r >> 32) & 1) {
            model[p][s] = (uint32_t)(r >> 33);
            *slot(p, s) = model[p][s];
        } else if (*slot(p, s) != model[p][s]) {
            return 3;
        }
    }
    for (unsigned p = 0; p < n; p++)
        for (unsigned s = 0; s < SLOTS; s++)
            if (*slot(p, s) != model[p][s]) return 3;

    unsigned runs = 0;
    for (unsigned p = 0; p < n; p++) {
        int adjacent = 0;
        for (unsigned q = 0; q < n; q++)
            adjacent |= ppns[q] + 1 == ppns[p];
        runs += !adjacent;
    }
    struct line out = {.len = 0};
    line_str(&out, "wset pages ");
    line_dec(&out, n);
    line_str(&out, " runs ");
    line_dec(&out, runs);
    line_end(&out);
    return 0;
}
