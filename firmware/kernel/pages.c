/* kernel/pages.c: the physical page ownership table (4 KiB pages above the kernel): bind, share,
 * check and revoke, each O(1) except releasing a whole env, which is O(what it holds). */
#include "kernel/pages.h"

/* The most pages a table may manage: share slot ids (index * PAGES_MAX_SHARES + slot) must fit
 * below PAGES_NIL. */
#define MAX_COUNT ((PAGES_NIL - 1) / PAGES_MAX_SHARES)

_Static_assert(PAGES_ANY == (uint32_t)EXO_ANY, "the ABI's ANY is the table's ANY");
_Static_assert(PAGES_MAX_ENVS >= 2 && PAGES_MAX_ENVS <= 0x10000, "env indices fit a uint16_t");

static bool env_valid(uint32_t env) {
    return env != 0 && env < PAGES_MAX_ENVS;
}

static bool rights_valid(unsigned rights) {
    return rights != 0 && (rights & ~(unsigned)EXO_PERM_RWX) == 0;
}

/* Page index of ppn, or PAGES_NIL when the table does not manage it. */
static uint32_t index_of(const struct pages *t, uint32_t ppn) {
    uint32_t i = ppn - t->first_ppn; /* wraps for ppn < first_ppn, then fails the test */
    return i < t->count ? i : PAGES_NIL;
}

static void bitmap_set(struct pages *t, uint32_t i, bool free) {
    uint64_t bit = (uint64_t)1 << (i % 64);
    if (free)
        t->free_bitmap[i / 64] |= bit;
    else
        t->free_bitmap[i / 64] &= ~bit;
}

/* ---- Owner lists: circular, doubly linked through the page entries --------------------- */

static void owned_append(struct pages *t, uint32_t owner, uint32_t i) {
    struct page_entry *e = &t->entries[i];
    uint32_t head = t->owned_head[owner];
    if (head == PAGES_NIL) {
        e->next = e->prev = i;
        t->owned_head[owner] = i;
    } else {
        uint32_t tail = t->entries[head].prev;
        e->next = head;
        e->prev = tail;
        t->entries[tail].next = i;
        t->entries[head].prev = i;
    }
    e->owner = (uint16_t)owner;
    t->owned[owner]++;
}

static void owned_remove(struct pages *t, uint32_t i) {
    struct page_entry *e = &t->entries[i];
    uint32_t owner = e->owner;
    if (e->next == i) {
        t->owned_head[owner] = PAGES_NIL;
    } else {
        t->entries[e->prev].next = e->next;
        t->entries[e->next].prev = e->prev;
        if (t->owned_head[owner] == i) t->owned_head[owner] = e->next;
    }
    e->next = e->prev = PAGES_NIL;
    t->owned[owner]--;
}

/* ---- Held-share lists: circular, doubly linked through the share slots ----------------- */

static struct page_share *slot_at(struct pages *t, uint32_t id) {
    return &t->entries[id / PAGES_MAX_SHARES].shares[id % PAGES_MAX_SHARES];
}

static void held_append(struct pages *t, uint32_t env, uint32_t id) {
    struct page_share *s = slot_at(t, id);
    uint32_t head = t->held_head[env];
    if (head == PAGES_NIL) {
        s->next = s->prev = id;
        t->held_head[env] = id;
    } else {
        uint32_t tail = slot_at(t, head)->prev;
        s->next = head;
        s->prev = tail;
        slot_at(t, tail)->next = id;
        slot_at(t, head)->prev = id;
    }
    t->held[env]++;
}

static void held_remove(struct pages *t, uint32_t id) {
    struct page_share *s = slot_at(t, id);
    uint32_t env = s->env;
    if (s->next == id) {
        t->held_head[env] = PAGES_NIL;
    } else {
        slot_at(t, s->prev)->next = s->next;
        slot_at(t, s->next)->prev = s->prev;
        if (t->held_head[env] == id) t->held_head[env] = s->next;
    }
    t->held[env]--;
}

static void rights_changed(struct pages *t, uint32_t i, uint32_t env) {
    if (t->changed) t->changed(t->hook_ctx, t->first_ppn + i, env);
}

/* Drop one share slot of page i (used), telling the changed hook. */
static void share_drop(struct pages *t, uint32_t i, unsigned slot) {
    struct page_share *s = &t->entries[i].shares[slot];
    uint32_t env = s->env;
    held_remove(t, i * PAGES_MAX_SHARES + slot);
    s->env = 0;
    s->rights = 0;
    s->next = s->prev = PAGES_NIL;
    rights_changed(t, i, env);
}

/* Return page i to the free list: its shares go first, then the owner. */
static void page_release(struct pages *t, uint32_t i) {
    struct page_entry *e = &t->entries[i];
    uint32_t owner = e->owner;
    for (unsigned s = 0; s < PAGES_MAX_SHARES; s++)
        if (e->shares[s].env != 0) share_drop(t, i, s);
    owned_remove(t, i);
    e->rights = 0;
    owned_append(t, 0, i);
    bitmap_set(t, i, true);
    rights_changed(t, i, owner);
}

int pages_init(struct pages *t, struct page_entry *entries, uint32_t first_ppn, uint32_t count,
               uint64_t *free_bitmap) {
    if (t == NULL || entries == NULL || free_bitmap == NULL || count == 0 || count > MAX_COUNT ||
        first_ppn > UINT32_MAX - count)
        return ERR_INVAL;
    t->entries = entries;
    t->free_bitmap = free_bitmap;
    t->first_ppn = first_ppn;
    t->count = count;
    t->zero = NULL;
    t->changed = NULL;
    t->hook_ctx = NULL;
    for (uint32_t env = 0; env < PAGES_MAX_ENVS; env++) {
        t->owned_head[env] = t->held_head[env] = PAGES_NIL;
        t->owned[env] = t->held[env] = 0;
    }
    for (uint32_t w = 0; w < (count + 63) / 64; w++)
        free_bitmap[w] = 0;
    for (uint32_t i = 0; i < count; i++) {
        struct page_entry *e = &entries[i];
        e->rights = 0;
        for (unsigned s = 0; s < PAGES_MAX_SHARES; s++) {
            e->shares[s].env = 0;
            e->shares[s].rights = 0;
            e->shares[s].next = e->shares[s].prev = PAGES_NIL;
        }
        owned_append(t, 0, i);
        bitmap_set(t, i, true);
    }
    return ERR_OK;
}

int pages_alloc(struct pages *t, uint32_t env, uint32_t ppn, unsigned rights, uint32_t *out_ppn) {
    if (!env_valid(env) || !rights_valid(rights)) return ERR_INVAL;
    uint32_t i;
    if (ppn == PAGES_ANY) {
        i = t->owned_head[0];
        if (i == PAGES_NIL) return ERR_NOMEM;
    } else {
        i = index_of(t, ppn);
        if (i == PAGES_NIL) return ERR_INVAL;
        if (t->entries[i].owner != 0) return ERR_BUSY;
    }
    /* Zero before the page is reachable by its new owner. */
    if (t->zero) t->zero(t->hook_ctx, t->first_ppn + i);
    owned_remove(t, i);
    owned_append(t, env, i);
    t->entries[i].rights = (uint8_t)rights;
    bitmap_set(t, i, false);
    if (out_ppn) *out_ppn = t->first_ppn + i;
    return ERR_OK;
}

int pages_free(struct pages *t, uint32_t env, uint32_t ppn) {
    uint32_t i = index_of(t, ppn);
    if (!env_valid(env) || i == PAGES_NIL) return ERR_INVAL;
    if (t->entries[i].owner == 0) return ERR_NOENT;
    if (t->entries[i].owner != env) return ERR_PERM;
    page_release(t, i);
    return ERR_OK;
}

int pages_share(struct pages *t, uint32_t owner, uint32_t ppn, uint32_t to_env, unsigned rights) {
    uint32_t i = index_of(t, ppn);
    if (!env_valid(owner) || !env_valid(to_env) || i == PAGES_NIL || !rights_valid(rights))
        return ERR_INVAL;
    struct page_entry *e = &t->entries[i];
    if (e->owner != owner) return ERR_PERM;
    if (to_env == owner) return ERR_INVAL;
    if (rights & ~(unsigned)e->rights) return ERR_PERM;
    unsigned free_slot = PAGES_MAX_SHARES;
    for (unsigned s = 0; s < PAGES_MAX_SHARES; s++) {
        if (e->shares[s].env == to_env) {
            bool differ = e->shares[s].rights != rights;
            e->shares[s].rights = (uint8_t)rights;
            if (differ) rights_changed(t, i, to_env);
            return ERR_OK;
        }
        if (e->shares[s].env == 0 && free_slot == PAGES_MAX_SHARES) free_slot = s;
    }
    if (free_slot == PAGES_MAX_SHARES) return ERR_LIMIT;
    e->shares[free_slot].env = (uint16_t)to_env;
    e->shares[free_slot].rights = (uint8_t)rights;
    held_append(t, to_env, i * PAGES_MAX_SHARES + free_slot);
    return ERR_OK;
}

int pages_unshare(struct pages *t, uint32_t env, uint32_t ppn, uint32_t to_env) {
    uint32_t i = index_of(t, ppn);
    if (!env_valid(env) || !env_valid(to_env) || i == PAGES_NIL) return ERR_INVAL;
    struct page_entry *e = &t->entries[i];
    if (e->owner != env && env != to_env) return ERR_PERM;
    for (unsigned s = 0; s < PAGES_MAX_SHARES; s++) {
        if (e->shares[s].env == to_env) {
            share_drop(t, i, s);
            return ERR_OK;
        }
    }
    return ERR_NOENT;
}

int pages_give(struct pages *t, uint32_t env, uint32_t ppn, uint32_t to_env) {
    uint32_t i = index_of(t, ppn);
    if (!env_valid(env) || !env_valid(to_env) || i == PAGES_NIL) return ERR_INVAL;
    struct page_entry *e = &t->entries[i];
    if (e->owner == 0) return ERR_NOENT;
    if (e->owner != env) return ERR_PERM;
    if (to_env == env) return ERR_INVAL;
    /* The giver granted the shares; they end with its ownership. */
    for (unsigned s = 0; s < PAGES_MAX_SHARES; s++)
        if (e->shares[s].env != 0) share_drop(t, i, s);
    owned_remove(t, i);
    owned_append(t, to_env, i);
    rights_changed(t, i, env);
    return ERR_OK;
}

uint32_t pages_recent(const struct pages *t, uint32_t env, unsigned n) {
    if (!env_valid(env) || n >= t->owned[env]) return PAGES_NIL;
    uint32_t i = t->entries[t->owned_head[env]].prev; /* the tail: bound last */
    while (n-- > 0)
        i = t->entries[i].prev;
    return t->first_ppn + i;
}

unsigned pages_rights(const struct pages *t, uint32_t env, uint32_t ppn) {
    uint32_t i = index_of(t, ppn);
    if (!env_valid(env) || i == PAGES_NIL) return 0;
    const struct page_entry *e = &t->entries[i];
    if (e->owner == env) return e->rights;
    for (unsigned s = 0; s < PAGES_MAX_SHARES; s++)
        if (e->shares[s].env == env) return e->shares[s].rights;
    return 0;
}

unsigned pages_lookup(void *ctx, uint64_t ppn) {
    const struct pages_view *v = ctx;
    return ppn > UINT32_MAX ? 0 : pages_rights(v->t, v->env, (uint32_t)ppn);
}

uint32_t pages_owner(const struct pages *t, uint32_t ppn) {
    uint32_t i = index_of(t, ppn);
    return i == PAGES_NIL ? 0 : t->entries[i].owner;
}

long pages_release_all(struct pages *t, uint32_t env, pages_release_fn fn, void *ctx) {
    if (!env_valid(env)) return ERR_INVAL;
    long freed = 0;
    while (t->owned_head[env] != PAGES_NIL) {
        uint32_t i = t->owned_head[env];
        page_release(t, i);
        if (fn) fn(ctx, t->first_ppn + i);
        freed++;
    }
    while (t->held_head[env] != PAGES_NIL) {
        uint32_t id = t->held_head[env];
        share_drop(t, id / PAGES_MAX_SHARES, id % PAGES_MAX_SHARES);
    }
    return freed;
}

uint32_t pages_free_count(const struct pages *t) {
    return t->owned[0];
}

uint32_t pages_owned_count(const struct pages *t, uint32_t env) {
    return env_valid(env) ? t->owned[env] : 0;
}

uint32_t pages_held_count(const struct pages *t, uint32_t env) {
    return env_valid(env) ? t->held[env] : 0;
}

/* ---- Invariants -------------------------------------------------------------------------- */

/* Walk env's owner list: consistent links, every page owned by env, length owned[env]. */
static int check_owned_list(const struct pages *t, uint32_t env) {
    uint32_t head = t->owned_head[env], n = 0;
    if (head == PAGES_NIL) return t->owned[env] == 0 ? 0 : 20;
    uint32_t i = head;
    do {
        if (i >= t->count) return 21;
        const struct page_entry *e = &t->entries[i];
        if (e->owner != env || e->next >= t->count || t->entries[e->next].prev != i) return 22;
        if (++n > t->owned[env]) return 23;
        i = e->next;
    } while (i != head);
    return n == t->owned[env] ? 0 : 24;
}

/* Walk env's held-share list the same way. */
static int check_held_list(const struct pages *t, uint32_t env) {
    uint32_t head = t->held_head[env], n = 0, ids = t->count * PAGES_MAX_SHARES;
    if (head == PAGES_NIL) return t->held[env] == 0 ? 0 : 30;
    uint32_t id = head;
    do {
        if (id >= ids) return 31;
        const struct page_share *s =
            &t->entries[id / PAGES_MAX_SHARES].shares[id % PAGES_MAX_SHARES];
        if (s->env != env || s->next >= ids ||
            t->entries[s->next / PAGES_MAX_SHARES].shares[s->next % PAGES_MAX_SHARES].prev != id)
            return 32;
        if (++n > t->held[env]) return 33;
        id = s->next;
    } while (id != head);
    return n == t->held[env] ? 0 : 34;
}

int pages_check(const struct pages *t) {
    uint32_t used_slots = 0, listed_pages = 0, listed_slots = 0;
    for (uint32_t i = 0; i < t->count; i++) {
        const struct page_entry *e = &t->entries[i];
        bool free = (t->free_bitmap[i / 64] >> (i % 64)) & 1;
        if (e->owner >= PAGES_MAX_ENVS) return 1;
        if (free != (e->owner == 0)) return 2; /* the exposed bitmap disagrees */
        if (e->owner == 0 ? e->rights != 0 : !rights_valid(e->rights)) return 3;
        for (unsigned s = 0; s < PAGES_MAX_SHARES; s++) {
            const struct page_share *sh = &e->shares[s];
            if (sh->env == 0) {
                if (sh->rights != 0) return 4;
                continue;
            }
            if (e->owner == 0 || !env_valid(sh->env) || sh->env == e->owner) return 5;
            if (!rights_valid(sh->rights) || (sh->rights & ~e->rights))
                return 6; /* a share exceeds its owner's rights */
            for (unsigned o = s + 1; o < PAGES_MAX_SHARES; o++)
                if (e->shares[o].env == sh->env) return 7;
            used_slots++;
        }
    }
    /* Bits past the last page are never set: envs read whole words. */
    if (t->count % 64 && (t->free_bitmap[t->count / 64] >> (t->count % 64)) != 0) return 8;
    if (t->held_head[0] != PAGES_NIL || t->held[0] != 0) return 10;
    for (uint32_t env = 0; env < PAGES_MAX_ENVS; env++) {
        int r = check_owned_list(t, env);
        if (r == 0 && env != 0) r = check_held_list(t, env);
        if (r) return r;
        listed_pages += t->owned[env];
        listed_slots += t->held[env];
    }
    /* Each walk visits distinct pages (slots) that all name its env, so the lists are disjoint;
     * if together they are as many as there are pages (used slots), every page (slot) is in
     * exactly its owner's (sharer's) list. */
    if (listed_pages != t->count || listed_slots != used_slots) return 9;
    return 0;
}
