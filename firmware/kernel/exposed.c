/* kernel/exposed.c: the exposed state (exo/abi.h): the kernel's bookkeeping that every env may
 * read, kept true after every change and versioned like a seqlock so a reader can tell a torn
 * copy. Only the kernel writes it, always between exposed_begin() and exposed_end(). */
#include "kernel/exposed.h"
#include "kernel/env.h"
#include "kernel/memory.h"
#include "kernel/slots.h"
#include "lib/string.h"

_Static_assert(sizeof(struct exo_exposed) <= EXPOSED_REGION, "exposed state fits its region");
_Static_assert(CONFIG_MAX_ENVS <= EXO_ENV_MAX, "every env index has a summary");

struct exo_exposed kexposed __attribute__((aligned(EXPOSED_ALIGN)));

static unsigned depth; /* nesting of begin/end: only the outermost pair moves the version */

void exposed_init(uint32_t page_first, uint32_t page_count, uint32_t pmp_entries,
                  uint32_t pmp_pinned, uint64_t timebase_hz) {
    /* The bitmap is kpages' storage: memory_init fills it, so it is left alone here. */
    memset(&kexposed, 0, offsetof(struct exo_exposed, free_bitmap));
    kexposed.magic = EXO_EXPOSED_MAGIC;
    kexposed.page_first = page_first;
    /* The bitmap's capacity bounds what memory_init manages; say no more than that. */
    kexposed.page_count = page_count < EXO_EXPOSED_PAGES_MAX ? page_count : EXO_EXPOSED_PAGES_MAX;
    kexposed.pages_free = pages_free_count(&kpages);
    kexposed.pmp_entries = pmp_entries;
    kexposed.pmp_pinned = pmp_pinned;
    kexposed.env_max = EXO_ENV_MAX;
    kexposed.timebase_hz = timebase_hz;
    depth = 0;
    exposed_slots();
}

/* One hart today, and no env runs while the kernel is between begin and end; the fences keep
 * the compiler (and, with more harts, the hardware) from moving writes across the version. */
void exposed_begin(void) {
    if (depth++ == 0) {
        kexposed.version++;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
}

void exposed_end(void) {
    if (depth == 0) return;
    if (--depth == 0) {
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        kexposed.version++;
    }
}

void exposed_env(const struct env *e) {
    unsigned i = env_index(e);
    if (i >= EXO_ENV_MAX) return;
    struct exo_env_summary *s = &kexposed.envs[i];
    s->id = e->state == EXO_ENV_FREE ? 0 : e->id;
    s->state = e->state;
    s->pages = pages_owned_count(&kpages, i);
    s->slots = slots_owned(i);
    memcpy(s->name, e->name, EXO_ENV_NAME_MAX);
}

void exposed_pages(void) {
    kexposed.pages_free = pages_free_count(&kpages);
}

void exposed_slots(void) {
    unsigned count = slots_count();
    kexposed.slot_count = count;
    kexposed.slot_ticks = slots_ticks();
    for (unsigned s = 0; s < EXO_SLOT_MAX; s++) {
        const struct env *e = s < count ? env_at(slots_owner(s)) : NULL;
        kexposed.slots[s] = e ? e->id : 0;
    }
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++)
        kexposed.envs[i].slots = slots_owned(i);
}
