/* kernel/slots.c: the time-slice vector (kernel/slots.h): which env owns each slot, and how many
 * each env owns. Pure bookkeeping: kernel/sched.c walks it, exposed_slots() mirrors it for envs,
 * and the syscall and link layers publish each change. */
#include "kernel/slots.h"
#include "config.h"

_Static_assert(CONFIG_MAX_ENVS <= 256, "a slot's owner index fits a byte");

static uint8_t owner[EXO_SLOT_MAX]; /* env index, 0 = free */
static uint8_t owned[CONFIG_MAX_ENVS];
static unsigned count;
static uint32_t ticks;
static unsigned current = SLOTS_NONE;

static int env_valid(unsigned env) {
    return env != 0 && env < CONFIG_MAX_ENVS;
}

int slots_init(unsigned n, uint32_t slot_ticks) {
    if (n == 0 || n > EXO_SLOT_MAX || slot_ticks == 0) return ERR_INVAL;
    for (unsigned s = 0; s < EXO_SLOT_MAX; s++)
        owner[s] = 0;
    for (unsigned i = 0; i < CONFIG_MAX_ENVS; i++)
        owned[i] = 0;
    count = n;
    ticks = slot_ticks;
    current = SLOTS_NONE;
    return ERR_OK;
}

unsigned slots_count(void) {
    return count;
}

uint32_t slots_ticks(void) {
    return ticks;
}

unsigned slots_owner(unsigned slot) {
    return slot < count ? owner[slot] : 0;
}

int slots_alloc(unsigned env, uint32_t slot, unsigned *out) {
    if (!env_valid(env)) return ERR_INVAL;
    if (slot == SLOTS_ANY) {
        for (slot = 0; slot < count && owner[slot] != 0; slot++)
            ;
        if (slot == count) return ERR_NOMEM;
    } else if (slot >= count) {
        return ERR_INVAL;
    } else if (owner[slot] != 0) {
        return ERR_BUSY;
    }
    owner[slot] = (uint8_t)env;
    owned[env]++;
    if (out) *out = slot;
    return ERR_OK;
}

/* The checks free and give share: slot in range, held by env. */
static int held_by(unsigned env, unsigned slot) {
    if (!env_valid(env) || slot >= count) return ERR_INVAL;
    if (owner[slot] == 0) return ERR_NOENT;
    return owner[slot] == env ? ERR_OK : ERR_PERM;
}

int slots_free(unsigned env, unsigned slot) {
    int r = held_by(env, slot);
    if (r != ERR_OK) return r;
    owner[slot] = 0;
    owned[env]--;
    return ERR_OK;
}

int slots_give(unsigned from, unsigned to, unsigned slot) {
    int r = held_by(from, slot);
    if (r != ERR_OK) return r;
    if (!env_valid(to) || to == from) return ERR_INVAL;
    owner[slot] = (uint8_t)to;
    owned[from]--;
    owned[to]++;
    return ERR_OK;
}

unsigned slots_release_all(unsigned env) {
    if (!env_valid(env)) return 0;
    unsigned freed = 0;
    for (unsigned s = 0; s < count; s++) {
        if (owner[s] == env) {
            owner[s] = 0;
            freed++;
        }
    }
    owned[env] = 0;
    return freed;
}

unsigned slots_owned(unsigned env) {
    return env < CONFIG_MAX_ENVS ? owned[env] : 0;
}

unsigned slots_highest(unsigned env) {
    for (unsigned s = count; s-- > 0;)
        if (owner[s] == env && env != 0) return s;
    return SLOTS_NONE;
}

void slots_set_current(unsigned slot) {
    current = slot < count ? slot : SLOTS_NONE;
}

unsigned slots_current(void) {
    return current;
}

int slots_check(void) {
    unsigned seen[CONFIG_MAX_ENVS] = {0};
    for (unsigned s = 0; s < EXO_SLOT_MAX; s++) {
        if (owner[s] >= CONFIG_MAX_ENVS) return 1;
        if (s >= count && owner[s] != 0) return 2;
        seen[owner[s]]++;
    }
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++)
        if (seen[i] != owned[i]) return 3;
    return 0;
}
