/* pages.c: libexo's page allocator over EXO_SYS_PAGE_*: the policy decides, this binds and
 * frees and keeps the set of pages it holds (exo/pages.h). */
#include <stddef.h>

#include <exo/exposed.h>
#include <exo/hold.h>
#include <exo/libexo.h>
#include <exo/pages.h>
#include <exo/syscall.h>

/* Another env may take a chosen page between the snapshot and the bind: choose again. */
#define BIND_RETRIES 4
/* Bitmap words this env copies: a machine with more managed pages is seen only up to here. */
#define VIEW_WORDS 256 /* 16384 pages, 64 MiB */

static uint32_t choose_default(void *ctx, const struct page_view *view,
                               const struct page_set *owned, uint32_t want, unsigned hints,
                               uint32_t *first) {
    (void)ctx;
    return pagerun_choose(view, owned, want, hints, first);
}

static uint32_t victims_default(void *ctx, const struct page_set *owned,
                                const struct page_set *pinned, uint32_t n, uint32_t *out) {
    (void)ctx;
    return pagerun_victims(owned, pinned, n, out);
}

const struct page_policy pages_default_policy = {
    .ctx = NULL,
    .choose = choose_default,
    .victims = victims_default,
};

static const struct page_policy *policy = &pages_default_policy;
static struct page_set owned, pinned;
static uint64_t bitmap[VIEW_WORDS];

void pages_set_policy(const struct page_policy *p) {
    policy = p != NULL ? p : &pages_default_policy;
}

const struct page_set *pages_owned(void) {
    return &owned;
}

long pages_free(uint32_t ppn, uint32_t count) {
    hold_enter();
    uint32_t i = 0;
    while (i < count && pageset_contains(&owned, ppn + i) && !pageset_contains(&pinned, ppn + i))
        i++;
    long r = i == count ? pageset_remove(&owned, ppn, count) : EXO_EINVAL;
    if (r == EXO_OK)
        for (i = 0; i < count; i++)
            exo_page_free(ppn + i);
    hold_leave();
    return r;
}

long pages_alloc_at(uint32_t ppn, uint32_t count, unsigned rights) {
    long r = EXO_EINVAL;
    hold_enter();
    if (count == 0 || ppn + count < ppn) goto out;
    for (uint32_t i = 0; i < count; i++) {
        r = exo_page_alloc((long)(ppn + i), rights);
        if (r < 0 || (uint32_t)r != ppn + i) {
            /* All or nothing: give back what this call bound. */
            while (i-- > 0)
                exo_page_free(ppn + i);
            r = r < 0 ? r : EXO_EBUSY;
            goto out;
        }
    }
    r = pageset_add(&owned, ppn, count);
    if (r != EXO_OK) {
        for (uint32_t i = 0; i < count; i++)
            exo_page_free(ppn + i);
    }
out:
    hold_leave();
    return r;
}

/* Held by its caller (the bitmap is one buffer). */
static long alloc(uint32_t want, unsigned rights, unsigned hints, uint32_t *first) {
    if (want == 0) return EXO_EINVAL;
    struct exposed_pages snap = {.bitmap = bitmap, .bitmap_words = VIEW_WORDS};
    long r = EXO_ENOMEM;
    for (int attempt = 0; attempt < BIND_RETRIES; attempt++) {
        r = exposed_pages_read(libexo_exposed(), &snap, EXPOSED_TRIES);
        if (r != EXO_OK) return r;
        struct page_view view = {bitmap, snap.page_first, snap.page_count};
        uint32_t at = 0;
        uint32_t n = policy->choose(policy->ctx, &view, &owned, want, hints, &at);
        if (n == 0) return EXO_ENOMEM;
        r = pages_alloc_at(at, n, rights);
        if (r == EXO_OK) {
            *first = at;
            return (long)n;
        }
        if (r != EXO_EBUSY) return r;
    }
    return r;
}

long pages_alloc(uint32_t want, unsigned rights, unsigned hints, uint32_t *first) {
    hold_enter();
    long r = alloc(want, rights, hints, first);
    hold_leave();
    return r;
}

long pages_pin(uint32_t ppn, uint32_t count) {
    hold_enter();
    uint32_t i = 0;
    while (i < count && pageset_contains(&owned, ppn + i))
        i++;
    long r = i == count ? pageset_add(&pinned, ppn, count) : EXO_EINVAL;
    hold_leave();
    return r;
}

long pages_unpin(uint32_t ppn, uint32_t count) {
    hold_enter();
    long r = pageset_remove(&pinned, ppn, count);
    hold_leave();
    return r;
}

long pages_forget(uint32_t ppn) {
    hold_enter();
    long r = pageset_contains(&owned, ppn) ? EXO_OK : EXO_ENOENT;
    if (r == EXO_OK) {
        pageset_remove(&owned, ppn, 1);
        if (pageset_contains(&pinned, ppn)) pageset_remove(&pinned, ppn, 1);
    }
    hold_leave();
    return r;
}

long pages_give_back(uint32_t n) {
    uint32_t out[64];
    long given = 0;
    hold_enter();
    while (n > 0) {
        uint32_t batch = n < 64 ? n : 64;
        uint32_t got = policy->victims(policy->ctx, &owned, &pinned, batch, out);
        if (got == 0) break;
        for (uint32_t i = 0; i < got; i++) {
            /* A policy can only name pages it was shown as owned and unpinned. */
            if (pages_free(out[i], 1) == EXO_OK) given++;
        }
        n -= got;
    }
    hold_leave();
    return given;
}
