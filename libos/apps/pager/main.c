/* pager: an application with its own page replacement. It keeps a data set of more logical
 * pages than it has frames bound (clock replacement, frames.c), evicts to a compressed store in
 * its own memory (store.c), checks every page it reads back and every word it reads against
 * what the page should hold, prints its hit rate as it goes, and under revocation evicts and
 * gives back frames, shrinking its budget, and keeps going. Exit 0 only if every check passed.
 *
 * Arguments (key=value, numbers decimal or 0x hex; see README.md): accesses, budget, pages,
 * hot, seed, report, damage, revokes.
 */
#include <stdio.h>

#include <exo/args.h>
#include <exo/events.h>
#include <exo/libexo.h>
#include <exo/pages.h>

#include "frames.h"
#include "store.h"

_Static_assert(STORE_PAGE_WORDS * sizeof(uint32_t) == EXO_PAGE_SIZE, "a store page is a page");

#define MIN_FRAMES  2u /* the floor a revocation cannot take it below: one page in, one out */
#define FAILS_SHOWN 5  /* check failures printed in full */

struct config {
    unsigned long accesses, budget, pages, hot, seed, report, damage, revokes;
};

/* ---- What every page should hold ---------------------------------------------------------
 * Page p at version v (bumped by every write) holds `fill` pseudo-random words and zeros after
 * them: partly filled pages, as real data often is, so the store's codec has something to do. */

static uint32_t mix(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

static uint32_t content_fill(uint32_t p, uint32_t v) {
    /* 32..287 words: a blob is at most 289 words, within STORE_BLOB_WORST. */
    return 32 + mix(p * 0x9e3779b1u ^ v * 0x85ebca77u) % 256;
}

/* One 32-bit seed a (page, version): mix is a bijection, so pages differ in their first mix
 * and versions in their second; two (p, v) share a seed with odds of 2^-32. */
static uint32_t content_seed(uint32_t p, uint32_t v) {
    return mix(mix(p + 0x5bd1e995u) ^ v);
}

/* Word i of a page with this seed and fill. */
static uint32_t content_word(uint32_t seed, uint32_t i, uint32_t fill) {
    return i < fill ? mix(seed ^ i * 0x9e3779b1u) : 0;
}

static void content_write(uint32_t *mem, uint32_t p, uint32_t v) {
    uint32_t fill = content_fill(p, v), seed = content_seed(p, v);
    for (uint32_t i = 0; i < STORE_PAGE_WORDS; i++)
        mem[i] = content_word(seed, i, fill);
}

/* The first word that differs from what page p at version v holds, or STORE_PAGE_WORDS. */
static uint32_t content_check(const uint32_t *mem, uint32_t p, uint32_t v) {
    uint32_t fill = content_fill(p, v), seed = content_seed(p, v);
    for (uint32_t i = 0; i < STORE_PAGE_WORDS; i++)
        if (mem[i] != content_word(seed, i, fill)) return i;
    return STORE_PAGE_WORDS;
}

/* ---- The pager ---------------------------------------------------------------------------- */

static uint32_t version[STORE_PAGES_MAX];
static struct {
    unsigned long accesses, hits, pageins, evictions, writebacks, checks, failures;
} st;

static void fail(const char *what, uint32_t page, uint32_t word) {
    if (st.failures++ < FAILS_SHOWN)
        printf("pager: CHECK FAILED: %s: page %lu word %lu\n", what, (unsigned long)page,
               (unsigned long)word);
}

/* Empties frame i, writing its page to the store first if the frame is newer than its blob. */
static void evict(uint32_t i) {
    struct frame *f = frames_at(i);
    if (f->page == FRAME_EMPTY) return;
    if (f->dirty) {
        if (store_put((uint32_t)f->page, f->mem) != 0) fail("store full", (uint32_t)f->page, 0);
        st.writebacks++;
    }
    st.evictions++;
    frames_unmap(i);
}

/* The frame holding page p, reading it in (and checking every word of it) on a miss. */
static struct frame *page_in(uint32_t p) {
    int at = frames_find(p);
    if (at >= 0) {
        frames_at((uint32_t)at)->ref = 1;
        return frames_at((uint32_t)at);
    }
    uint32_t i = frames_victim();
    evict(i);
    struct frame *f = frames_at(i);
    st.pageins++;
    st.checks++;
    if (store_get(p, f->mem) != 0)
        fail("page lost from the store", p, 0);
    else if ((at = (int)content_check(f->mem, p, version[p])) != (int)STORE_PAGE_WORDS)
        fail("page read back wrong", p, (uint32_t)at);
    frames_map(i, p);
    return f;
}

static void access_read(uint32_t p, uint32_t w) {
    st.hits += frames_find(p) >= 0;
    struct frame *f = page_in(p);
    st.checks++;
    uint32_t v = version[p];
    if (f->mem[w] != content_word(content_seed(p, v), w, content_fill(p, v)))
        fail("word read wrong", p, w);
}

/* A write makes a new version of the whole page; its blob in the store is stale from now on. */
static void access_write(uint32_t p) {
    st.hits += frames_find(p) >= 0;
    struct frame *f = page_in(p);
    content_write(f->mem, p, ++version[p]);
    f->dirty = 1;
    store_drop(p);
}

/* Binds frames with libexo's allocator until there are `budget`; how many there are. */
static uint32_t frames_bind(uint32_t budget) {
    while (frames_count() < budget) {
        uint32_t first;
        long n = pages_alloc(budget - frames_count(), EXO_PERM_R | EXO_PERM_W, 0, &first);
        if (n <= 0) break;
        for (uint32_t k = 0; k < (uint32_t)n; k++)
            frames_add(first + k);
    }
    return frames_count();
}

/* Every page starts at version 0 in the store, written through frame 0: from then on a page
 * comes into a frame only from its blob, so a lost or damaged blob cannot go unnoticed. */
static void store_fill(uint32_t pages) {
    uint32_t *mem = frames_at(0)->mem;
    for (uint32_t p = 0; p < pages; p++) {
        content_write(mem, p, 0);
        if (store_put(p, mem) != 0) fail("store full", p, 0);
    }
}

/* ---- Revocation ----------------------------------------------------------------------------
 * The answer runs in the upcall, possibly in the middle of an access, so it only notes the
 * request; the main loop evicts and frees the frames between two accesses, well before the
 * deadline (an access is a few thousand instructions). */

static volatile uint32_t revoke_seq, revoke_count;
static uint32_t revoke_seen;
static unsigned long answered, answered_at; /* requests answered; st.accesses at the last one */

static uint32_t answer(const struct events_revoke *r, void *ctx) {
    if (r->kind != EXO_REVOKE_PAGES) return events_revoke_default(r, ctx);
    revoke_count = r->count;
    revoke_seq = revoke_seq + 1;
    return 0;
}

static void give_back(void) {
    revoke_seen = revoke_seq;
    uint32_t asked = revoke_count;
    uint32_t n = frames_count();
    uint32_t spare = n > MIN_FRAMES ? n - MIN_FRAMES : 0;
    uint32_t give = asked < spare ? asked : spare, gave = 0;
    for (uint32_t k = 0; k < give; k++) {
        uint32_t i = frames_victim(); /* the frame the clock would reuse next */
        evict(i);
        if (pages_free(frames_remove(i), 1) == EXO_OK) gave++;
    }
    printf("pager: revoked %lu pages: gave %lu, budget now %lu frames", (unsigned long)asked,
           (unsigned long)gave, (unsigned long)frames_count());
    if (gave < asked)
        printf(" (short %lu: %u frames is its floor)", (unsigned long)(asked - gave), MIN_FRAMES);
    printf("\n");
    answered++;
    answered_at = st.accesses;
}

/* damage=N: at access N one bit of a stored page goes wrong, to show that the checks see it. */
static void damage(uint32_t pages) {
    for (uint32_t p = 0; p < pages; p++)
        if (frames_find(p) < 0 && store_damage(p) == 0) {
            printf("pager: damaged the stored copy of page %lu\n", (unsigned long)p);
            return;
        }
}

/* ---- Workload and reporting --------------------------------------------------------------- */

static uint32_t rng_next(uint32_t *s) {
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* Tenths of a percent, rounded. */
static unsigned long permille(unsigned long part, unsigned long whole) {
    return whole ? (part * 1000 + whole / 2) / whole : 0;
}

/* One progress line: the hit rate over the whole run and since the last line (which shows a
 * budget change at once). */
static void report(const char *what) {
    static unsigned long last_accesses, last_hits;
    unsigned long hit = permille(st.hits, st.accesses);
    unsigned long recent = permille(st.hits - last_hits, st.accesses - last_accesses);
    last_accesses = st.accesses;
    last_hits = st.hits;
    const struct store_stats *s = store_stats();
    printf("pager: %s %lu: hit rate %lu.%lu%% (recent %lu.%lu%%), budget %lu frames "
           "(%lu resident), in %lu out %lu written %lu, store %lu words/%lu pages, "
           "checks %lu failed %lu\n",
           what, st.accesses, hit / 10, hit % 10, recent / 10, recent % 10,
           (unsigned long)frames_count(), (unsigned long)frames_resident(), st.pageins,
           st.evictions, st.writebacks, (unsigned long)s->live, (unsigned long)s->blobs, st.checks,
           st.failures);
}

/* key=value arguments into c; 0 on anything it does not know or a value out of range
 * (report=0, the default, means every tenth of the run). */
static int configure(struct config *c) {
    const struct args_number spec[] = {
        {"accesses", &c->accesses}, {"budget", &c->budget},   {"pages", &c->pages},
        {"hot", &c->hot},           {"seed", &c->seed},       {"report", &c->report},
        {"damage", &c->damage},     {"revokes", &c->revokes},
    };
    const char *bad = args_numbers(spec, sizeof spec / sizeof spec[0]);
    if (bad != NULL) {
        printf("pager: bad argument '%s'\n", bad);
        return 0;
    }
    return c->pages >= 1 && c->pages <= STORE_PAGES_MAX && c->budget >= MIN_FRAMES &&
           c->budget <= FRAMES_MAX && c->hot >= 1 && c->hot <= c->pages;
}

/* Whether the run goes on: fewer than `revokes` requests answered, or fewer than `accesses`
 * accesses since the last one (since the start when revokes is 0). */
static int running(const struct config *c) {
    return answered < c->revokes || st.accesses - answered_at < c->accesses;
}

int main(void) {
    struct config c = {.accesses = 20000, .budget = 16, .pages = 48, .hot = 12, .seed = 1};
    /* First: libexo's default answer would free frames behind the pager's back. A request that
     * comes before the frames are bound waits for the main loop. */
    events_revoke_answer(answer, NULL);
    if (!configure(&c)) {
        printf("pager: usage: accesses=N budget=%u..%u pages=1..%u hot=1..pages seed=N "
               "report=N damage=N revokes=N\n",
               MIN_FRAMES, FRAMES_MAX, STORE_PAGES_MAX);
        return 2;
    }
    if (c.report == 0) c.report = c.accesses >= 10 ? c.accesses / 10 : 1;
    if (!events_running()) {
        printf("pager: libexo's event layer is not running: no revocation answer\n");
        return 3;
    }

    frames_init((uint32_t)c.pages);
    store_init();
    if (frames_bind((uint32_t)c.budget) < MIN_FRAMES) {
        printf("pager: could not bind %u frames\n", MIN_FRAMES);
        return 3;
    }
    store_fill((uint32_t)c.pages);
    printf("pager: %lu logical pages, budget %lu frames, hot set %lu pages, seed %lu, "
           "%lu accesses",
           c.pages, (unsigned long)frames_count(), c.hot, c.seed, c.accesses);
    if (c.revokes > 0) printf(" after %lu revocation requests", c.revokes);
    printf(" (clock replacement, compressed store)\n");

    uint32_t rng = (uint32_t)c.seed * 2654435761u | 1, base = 0;
    /* revokes=N: it works on, waiting for N requests, and counts its accesses from the last. */
    while (running(&c)) {
        if (revoke_seq != revoke_seen) give_back();
        /* Locality: 9 in 10 accesses fall in a window of `hot` pages that drifts every 256
         * accesses; the rest anywhere. One in four is a write. */
        if ((st.accesses & 255) == 255) base = (base + 1 + rng_next(&rng) % 3) % (uint32_t)c.pages;
        uint32_t r = rng_next(&rng);
        uint32_t p = r % 10 != 0 ? (base + (r >> 8) % (uint32_t)c.hot) % (uint32_t)c.pages
                                 : (r >> 8) % (uint32_t)c.pages;
        if ((r >> 4) % 4 == 0)
            access_write(p);
        else
            access_read(p, rng_next(&rng) % STORE_PAGE_WORDS);
        st.accesses++;
        if (st.accesses == c.damage) damage((uint32_t)c.pages);
        if (st.accesses % c.report == 0 && running(&c)) report("at");
    }
    /* Every page, resident or not, must still hold its latest version. */
    for (uint32_t p = 0; p < c.pages; p++) {
        if (revoke_seq != revoke_seen) give_back();
        st.checks++;
        const uint32_t *mem = page_in(p)->mem;
        uint32_t w = content_check(mem, p, version[p]);
        if (w != STORE_PAGE_WORDS) fail("page wrong at the end", p, w);
    }
    report("done");
    printf(st.failures == 0 ? "pager: all checks passed\n" : "pager: CHECKS FAILED\n");
    return st.failures == 0 ? 0 : 1;
}
