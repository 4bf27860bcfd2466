/* fuzz: seeded random system calls with hostile arguments, then a stop so the host can check the
 * kernel's bookkeeping.
 *
 * Arguments: SEED CALLS then any number of "forbidden" page numbers (other envs' pages, kernel
 * pages) the host wants aimed at. Numbers are drawn mostly from the assigned calls, the rest at
 * random below FUZZ_NR_END or at or above EXO_SYS_COUNT (never EXIT, which would end the run);
 * arguments from a pool of nulls, small numbers, EXO_ANY, the forbidden pages and their addresses,
 * the kernel, wrap-around, unaligned and huge values, its own pages and random words; half the time
 * the page-call arguments are plausible instead (managed page numbers, rights within RWX, live env
 * ids) so calls also succeed. It never frees its own image's pages and points console reads only at
 * a scratch buffer (everything else is fair game).
 *
 * Checked here, on every call: a0 is 0 or an EXO_E* (never anything else), and no call succeeds
 * in binding, freeing or sharing a forbidden page. Prints `fuzz calls N ok K bad B owned O` (K:
 * calls that succeeded, O: pages it bound and still holds), the first few bad calls before it.
 * Then it checks the exposed state against the kernel's answers, page by page (PAGE_INFO): a page
 * is free in the bitmap exactly when it has no owner, pages_free counts the free bits, and each
 * env summary's page count is what it owns; prints `exposed pages P mismatches M` and stops on
 * purpose (ebreak).
 */
#include "hostile.h"

/* Numbers from here to EXO_SYS_COUNT belong to later calls (slots, upcalls, timers, child envs,
 * revocation: exo/abi.h) whose effects would end or stall this run (an env that frees its slots
 * or registers a random upcall entry stops making progress, children fill the env table); they
 * are fuzzed by the tests of the issues that bring them. Below it: the calls exercised here and
 * the unassigned numbers among them; at or above EXO_SYS_COUNT: ENOSYS. */
#define FUZZ_NR_END 20

#define MAX_FORBIDDEN 32
#define MAX_OWNED     256

static unsigned long forbidden[MAX_FORBIDDEN];
static unsigned nforbidden;
static unsigned long owned[MAX_OWNED]; /* pages it bound, to free or share later */
static unsigned nowned;
static char scratch[64];
static uint64_t rng;

static const long known[] = {EXO_SYS_NULL,       EXO_SYS_CONSOLE_WRITE, EXO_SYS_CONSOLE_READ,
                             EXO_SYS_ENV_SELF,   EXO_SYS_PAGE_ALLOC,    EXO_SYS_PAGE_FREE,
                             EXO_SYS_PAGE_SHARE, EXO_SYS_PAGE_UNSHARE,  EXO_SYS_PAGE_INFO};

static unsigned long pick(unsigned long n) {
    return (unsigned long)(rng_next(&rng) % n);
}

static int is_forbidden(unsigned long ppn) {
    for (unsigned i = 0; i < nforbidden; i++)
        if (forbidden[i] == ppn) return 1;
    return 0;
}

static int in_image(unsigned long ppn) {
    return ppn >= image_first() >> EXO_PAGE_SHIFT && ppn < image_end() >> EXO_PAGE_SHIFT;
}

static unsigned long any_forbidden(void) {
    return nforbidden ? forbidden[pick(nforbidden)] : 0;
}

static unsigned long any_owned(void) {
    return nowned ? owned[pick(nowned)] : image_first() >> EXO_PAGE_SHIFT;
}

/* One argument value from the pool. */
static unsigned long value(void) {
    switch (pick(16)) {
    case 0:
        return 0;
    case 1:
        return pick(16);
    case 2:
        return (unsigned long)EXO_ANY;
    case 3:
        return any_forbidden();
    case 4:
        return any_forbidden() << EXO_PAGE_SHIFT | pick(EXO_PAGE_SIZE);
    case 5:
        return 0x80000000ul + pick(0x20000); /* the kernel's image and its tables */
    case 6:
        return (unsigned long)-pick(EXO_PAGE_SIZE); /* wraps past the end */
    case 7:
        return (uintptr_t)scratch + 1 + pick(8); /* unaligned */
    case 8:
        return (unsigned long)rng_next(&rng);
    case 9:
        /* a forbidden page number with high bits set: must not alias it when narrowed */
        return any_forbidden() | (sizeof(long) > 4 ? 1ul << (32 + pick(31)) : 1ul << 31);
    case 10:
        return any_owned();
    case 11:
        return any_owned() << EXO_PAGE_SHIFT;
    case 12:
        return (uintptr_t)scratch;
    case 13:
        return image_first() + pick(image_end() - image_first());
    case 14:
        return 1ul << pick(8 * sizeof(long));
    default:
        return (uintptr_t)libexo_exposed() + pick(16384);
    }
}

/* A live env's id from the exposed state's summaries (itself included), or 0 (itself). */
static unsigned long any_env(void) {
    const volatile struct exo_exposed *x = libexo_exposed();
    return x->envs[pick(EXO_ENV_MAX)].id;
}

/* Arguments a careful caller might pass (so the calls that succeed run too): page numbers from
 * the managed range, its own, the forbidden ones or EXO_ANY, rights within RWX, live env ids. */
static void plausible(long nr, unsigned long a[6]) {
    const volatile struct exo_exposed *x = libexo_exposed();
    switch (pick(4)) {
    case 0:
        a[0] = (unsigned long)EXO_ANY;
        break;
    case 1:
        a[0] = x->page_first + pick(x->page_count);
        break;
    case 2:
        a[0] = any_owned();
        break;
    default:
        a[0] = any_forbidden();
    }
    if (nr == EXO_SYS_PAGE_ALLOC) a[1] = 1 + pick(EXO_PERM_RWX);
    if (nr == EXO_SYS_PAGE_SHARE || nr == EXO_SYS_PAGE_UNSHARE) a[1] = any_env();
    if (nr == EXO_SYS_PAGE_SHARE) a[2] = 1 + pick(EXO_PERM_RWX);
}

/* Disagreements between the exposed state and PAGE_INFO over every managed page (nothing else
 * runs meanwhile, but a torn read is retried on a version change). */
static unsigned long exposed_mismatches(unsigned long *pages) {
    const volatile struct exo_exposed *x = libexo_exposed();
    static uint32_t owned_by[EXO_ENV_MAX];
    unsigned long bad = 0;
    for (int attempt = 0; attempt < 4; attempt++) {
        uint32_t version = x->version;
        if (version & 1) continue;
        uint32_t free = 0;
        bad = 0;
        for (unsigned i = 0; i < EXO_ENV_MAX; i++)
            owned_by[i] = 0;
        for (uint32_t i = 0; i < x->page_count; i++) {
            unsigned long owner = 0;
            if (exo_page_info(x->page_first + i, &owner, NULL) != EXO_OK) {
                bad++;
                continue;
            }
            int bit = (x->free_bitmap[i / 64] >> (i % 64)) & 1;
            free += (uint32_t)bit;
            bad += bit != (owner == 0);
            if (owner != 0) owned_by[owner & EXO_ENV_INDEX_MASK]++;
        }
        bad += free != x->pages_free;
        for (unsigned i = 0; i < EXO_ENV_MAX; i++)
            bad += x->envs[i].id != 0 && x->envs[i].pages != owned_by[i];
        *pages = x->page_count;
        if (x->version == version) break;
    }
    return bad;
}

static void forget(unsigned long ppn) {
    for (unsigned i = 0; i < nowned; i++)
        if (owned[i] == ppn) owned[i] = owned[--nowned];
}

int main(void) {
    unsigned long seed = 1, calls = 100000, v;
    const char *arg = arg_next(NULL);
    if (num_parse(arg, &v)) seed = v;
    if (arg != NULL) arg = arg_next(arg);
    if (num_parse(arg, &v)) calls = v;
    for (arg = arg ? arg_next(arg) : NULL; arg != NULL && nforbidden < MAX_FORBIDDEN;
         arg = arg_next(arg))
        if (num_parse(arg, &v)) forbidden[nforbidden++] = v;
    rng = rng_seed(seed);

    struct line out = {.len = 0};
    unsigned long bad = 0, ok = 0;
    for (unsigned long i = 0; i < calls; i++) {
        long nr = pick(4) ? known[pick(sizeof known / sizeof known[0])]
                          : (pick(2) ? (long)pick(FUZZ_NR_END) : (long)rng_next(&rng));
        if (nr >= FUZZ_NR_END && nr < EXO_SYS_COUNT) nr += EXO_SYS_COUNT - FUZZ_NR_END;
        if (nr == EXO_SYS_EXIT) continue;
        unsigned long a[6];
        for (int k = 0; k < 6; k++)
            a[k] = value();
        if (pick(2)) plausible(nr, a);
        if (nr == EXO_SYS_PAGE_FREE && in_image(a[0])) continue;
        if (nr == EXO_SYS_CONSOLE_READ) {
            a[0] = (uintptr_t)scratch;
            a[1] %= sizeof scratch + 1;
        }
        if (nr == EXO_SYS_CONSOLE_WRITE && a[1] > 16 && pick(8)) a[1] %= 16; /* little output */
        struct exo_ret r = exo_syscall6(nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
                                        (long)a[4], (long)a[5]);
        int wrong = r.error > 0 || r.error < EXO_ERRNO_MIN;
        if (r.error == EXO_OK) {
            ok++;
            if (nr == EXO_SYS_PAGE_ALLOC) {
                wrong |= is_forbidden((unsigned long)r.value);
                if (nowned < MAX_OWNED)
                    owned[nowned++] = (unsigned long)r.value;
                else
                    exo_page_free((unsigned long)r.value);
            } else if (nr == EXO_SYS_PAGE_FREE) {
                wrong |= is_forbidden(a[0]);
                forget(a[0]);
            } else if (nr == EXO_SYS_PAGE_SHARE) {
                wrong |= is_forbidden(a[0]);
            }
        }
        if (wrong && bad++ < 8) {
            line_str(&out, "bad ");
            line_dec(&out, nr);
            for (int k = 0; k < 3; k++) {
                line_str(&out, " ");
                line_hex(&out, a[k]);
            }
            line_str(&out, " -> ");
            line_dec(&out, r.error);
            line_str(&out, " ");
            line_hex(&out, (unsigned long)r.value);
            line_end(&out);
        }
    }
    line_str(&out, "fuzz calls ");
    line_dec(&out, (long)calls);
    line_str(&out, " ok ");
    line_dec(&out, (long)ok);
    line_str(&out, " bad ");
    line_dec(&out, (long)bad);
    line_str(&out, " owned ");
    line_dec(&out, nowned);
    line_end(&out);
    unsigned long pages = 0, mismatches = exposed_mismatches(&pages);
    line_str(&out, "exposed pages ");
    line_dec(&out, (long)pages);
    line_str(&out, " mismatches ");
    line_dec(&out, (long)mismatches);
    line_end(&out);
    env_stop();
}
