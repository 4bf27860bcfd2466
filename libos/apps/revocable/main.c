/* revocable: an application that gives pages back gracefully. Its pages hold a cache of results
 * it can always recompute (the Collatz stopping times of a range of numbers, one page a block);
 * asked to give back pages, it drops cache pages at once, in the upcall, exactly as many as were
 * asked, down to a floor it keeps, and says what it gave and kept. Asked for more than it can
 * spare, it gives what it can and says so; the abort protocol then takes the rest (its floor
 * page, the most recently bound page it still holds), and it carries on recomputing. Every
 * round of work repeats the same lookups, so each round's sum must equal the first one's,
 * whatever the cache held: exit 0 only if they all did.
 *
 * Arguments (key=value, numbers decimal or 0x hex; see README.md): cache, rounds, revokes, seed.
 */
#include <stdio.h>

#include <exo/args.h>
#include <exo/events.h>
#include <exo/libexo.h>
#include <exo/pages.h>

#define CACHE_MAX   16u
#define FLOOR       1u /* cache pages it keeps when asked nicely */
#define BLOCK_WORDS (EXO_PAGE_SIZE / 4u)
#define LOOKUPS     4096u /* a round */
#define NONE        0xffffffffu
#define CAUSE_LOAD  5u /* mcause of a load access fault, as EXO_EV_FAULT's a reports it */

struct config {
    unsigned long cache, rounds, revokes, seed;
};

/* Written by the upcall handlers, read by main. */
static volatile uint32_t cache_ppn[CACHE_MAX]; /* block -> page holding it, 0 if not cached */
static volatile uint32_t busy = NONE;          /* the block main is reading: not given back */
static volatile uint32_t load_faulted;
static volatile uint32_t taken_ppn[CACHE_MAX], ntaken;
static volatile uint32_t requests, asked, gave, short_by, reported;
static volatile uint32_t awaiting_abort; /* a request it could not fully answer is pending */
static uint32_t nblocks;

/* Steps of the Collatz map from n to 1: cheap to state, costly enough to be worth caching. */
static uint32_t compute(uint32_t n) {
    uint64_t x = (uint64_t)n + 1;
    uint32_t steps = 0;
    while (x != 1) {
        x = (x & 1) ? 3 * x + 1 : x / 2;
        steps++;
    }
    return steps;
}

static volatile uint32_t *block_words(uint32_t ppn) {
    return (volatile uint32_t *)((uintptr_t)ppn << EXO_PAGE_SHIFT);
}

static uint32_t cached(void) {
    uint32_t n = 0;
    for (uint32_t b = 0; b < nblocks; b++)
        n += cache_ppn[b] != 0;
    return n;
}

/* ---- Upcall side ---------------------------------------------------------------------------
 * These run masked, in the middle of whatever main was doing, so they touch only the volatile
 * state above and pages_free (allowed in handlers: exo/events.h). */

/* Gives back up to `count` cache pages, the most recently bound first, never the block main is
 * reading and never below the floor. */
static uint32_t answer(const struct events_revoke *r, void *ctx) {
    if (r->kind != EXO_REVOKE_PAGES) return events_revoke_default(r, ctx);
    uint32_t have = cached(), spare = have > FLOOR ? have - FLOOR : 0;
    uint32_t want = r->count < spare ? r->count : spare, given = 0;
    for (uint32_t b = nblocks; b-- > 0 && given < want;) {
        uint32_t ppn = cache_ppn[b];
        if (ppn == 0 || b == busy) continue;
        cache_ppn[b] = 0;
        if (pages_free(ppn, 1) == EXO_OK) given++;
    }
    asked = r->count;
    gave = given;
    short_by = r->count - given;
    awaiting_abort = short_by != 0;
    requests = requests + 1;
    return given;
}

/* The abort protocol took pages: a cache page taken is a block to recompute from now on. */
static void repossessed(const struct exo_repossession *taken, uint32_t n, void *ctx) {
    (void)ctx;
    for (uint32_t k = 0; k < n; k++) {
        if (taken[k].kind != EXO_REVOKE_PAGES) continue;
        for (uint32_t b = 0; b < nblocks; b++)
            if (cache_ppn[b] == taken[k].id) cache_ppn[b] = 0;
        if (ntaken < CACHE_MAX) taken_ppn[ntaken++] = taken[k].id;
    }
    awaiting_abort = 0;
}

/* A load from a page the abort protocol took (main was between its check and its load): step
 * past it and let main recompute. Any other fault gets libexo's report. */
static void fault(const struct exo_event *ev, struct exo_upcall_area *area) {
    uint32_t ppn = (uint32_t)(ev->c >> EXO_PAGE_SHIFT);
    for (uint32_t k = 0; ev->a == CAUSE_LOAD && k < ntaken; k++)
        if (taken_ppn[k] == ppn) {
            load_faulted = 1;
            area->regs[0] += (*(volatile uint16_t *)area->regs[0] & 3) == 3 ? 4 : 2;
            return;
        }
    events_default(ev, area);
}

/* ---- Main side ----------------------------------------------------------------------------- */

static uint32_t lookup(uint32_t n, uint32_t *hits) {
    uint32_t b = n / BLOCK_WORDS;
    busy = b;
    uint32_t ppn = cache_ppn[b], v = 0;
    if (ppn != 0) {
        load_faulted = 0;
        v = block_words(ppn)[n % BLOCK_WORDS];
        if (load_faulted)
            v = compute(n);
        else
            ++*hits;
    } else {
        v = compute(n);
    }
    busy = NONE;
    return v;
}

/* One round: the same LOOKUPS numbers every time; their sum and the cache hits. */
static uint32_t round_run(uint32_t seed, uint32_t *hits) {
    uint32_t x = seed * 2654435761u | 1, sum = 0;
    *hits = 0;
    for (uint32_t k = 0; k < LOOKUPS; k++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        sum = sum * 31 + lookup(x % (nblocks * BLOCK_WORDS), hits);
    }
    return sum;
}

static int configure(struct config *c) {
    const struct args_number spec[] = {
        {"cache", &c->cache},
        {"rounds", &c->rounds},
        {"revokes", &c->revokes},
        {"seed", &c->seed},
    };
    const char *bad = args_numbers(spec, sizeof spec / sizeof spec[0]);
    if (bad != NULL) {
        printf("revocable: bad argument '%s'\n", bad);
        return 0;
    }
    return c->cache > FLOOR && c->cache <= CACHE_MAX && c->rounds >= 1;
}

/* Says what the last request and any repossession did, once each. */
static void tell(uint32_t *told_taken) {
    if (requests != reported) {
        reported = requests;
        printf("revocable: asked %lu pages: gave %lu, kept %lu cache pages", (unsigned long)asked,
               (unsigned long)gave, (unsigned long)cached());
        if (short_by != 0)
            printf(" (short %lu: it keeps %u; the abort protocol takes the rest)",
                   (unsigned long)short_by, FLOOR);
        printf("\n");
    }
    if (ntaken != *told_taken) {
        printf("revocable: repossessed");
        for (; *told_taken < ntaken; ++*told_taken)
            printf(" 0x%lx", (unsigned long)taken_ppn[*told_taken]);
        printf(": recomputing, %lu cache pages left\n", (unsigned long)cached());
    }
}

int main(void) {
    struct config c = {.cache = 8, .rounds = 4, .revokes = 0, .seed = 1};
    /* First: libexo's default answer would free cache pages behind its back. Until a block is
     * in the cache (cache_ppn set) the answer has nothing to give. */
    events_revoke_answer(answer, NULL);
    events_on_repossessed(repossessed, NULL);
    events_handle(EXO_EV_FAULT, fault);
    if (!configure(&c)) {
        printf("revocable: usage: cache=%u..%u rounds=N revokes=N seed=N\n", FLOOR + 1, CACHE_MAX);
        return 2;
    }
    if (!events_running()) {
        printf("revocable: libexo's event layer is not running\n");
        return 3;
    }
    nblocks = (uint32_t)c.cache;
    for (uint32_t b = 0; b < nblocks; b++) {
        uint32_t ppn;
        if (pages_alloc(1, EXO_PERM_R | EXO_PERM_W, 0, &ppn) != 1) {
            printf("revocable: no page for cache block %lu\n", (unsigned long)b);
            return 3;
        }
        volatile uint32_t *w = block_words(ppn);
        for (uint32_t i = 0; i < BLOCK_WORDS; i++)
            w[i] = compute(b * BLOCK_WORDS + i);
        cache_ppn[b] = ppn;
    }

    uint32_t hits, first = round_run((uint32_t)c.seed, &hits), told = 0, bad = 0;
    printf("revocable: ready: %lu cache pages, round 0 sum 0x%08lx, %lu/%u hits\n",
           (unsigned long)cached(), (unsigned long)first, (unsigned long)hits, LOOKUPS);
    unsigned long round = 1;
    int show = 0;
    /* Rounds until `rounds` are done, `revokes` requests have been answered and the abort
     * protocol has taken what it could not give (it waits for them working, so a request always
     * finds it busy). The first whole round after a change is shown. */
    for (; round < c.rounds || requests < c.revokes || awaiting_abort; round++) {
        uint32_t cached_before = cached(), requests_before = requests;
        uint32_t sum = round_run((uint32_t)c.seed, &hits);
        if (sum != first) bad++;
        tell(&told);
        if (show || sum != first)
            printf("revocable: round %lu sum 0x%08lx (%s), %lu cache pages, %lu/%u hits\n", round,
                   (unsigned long)sum, sum == first ? "same" : "DIFFERENT", (unsigned long)cached(),
                   (unsigned long)hits, LOOKUPS);
        show = cached() != cached_before || requests != requests_before;
    }
    uint32_t sum = round_run((uint32_t)c.seed, &hits);
    bad += sum != first;
    tell(&told);
    printf("revocable: done: %lu rounds, last sum 0x%08lx, %lu cache pages, %lu/%u hits, %lu "
           "rounds differed\n",
           round + 1, (unsigned long)sum, (unsigned long)cached(), (unsigned long)hits, LOOKUPS,
           (unsigned long)bad);
    return bad == 0 ? 0 : 1;
}
