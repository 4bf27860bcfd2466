/* kernel/revoke.c: visible revocation and the abort protocol (kernel/revoke.h). One request per
 * env at a time, counted as the env releases; at the deadline the rest is taken by force,
 * newest pages (never the vital one) or highest slots first, and written to the env's
 * repossession vector, so the libOS can see exactly what it lost. */
#include "kernel/revoke.h"
#include "config.h"
#include "kernel/exposed.h"
#include "kernel/ktimer.h"
#include "kernel/memory.h"
#include "kernel/slots.h"
#include "kernel/upcall.h"
#include "link/events.h"

_Static_assert((EXO_REPO_MAX & (EXO_REPO_MAX - 1)) == 0, "the vector is a ring");

struct request {
    uint32_t id; /* the env asked (0: no request); guards against a reused table entry */
    uint32_t requester, count, given;
    uint64_t deadline;
    uint8_t kind;
};

/* What the abort protocol took from an env, oldest first; when more than EXO_REPO_MAX wait
 * unread the oldest are overwritten. */
struct repo {
    uint32_t id; /* the env these belong to */
    uint32_t head, tail;
    struct exo_repossession entries[EXO_REPO_MAX];
};

static struct request requests[CONFIG_MAX_ENVS];
static struct repo repos[CONFIG_MAX_ENVS];

static unsigned held(struct env *e, unsigned kind) {
    unsigned i = env_index(e);
    return kind == EXO_REVOKE_PAGES ? pages_owned_count(&kpages, i) : slots_owned(i);
}

/* KTIMER_REVOKE always holds the earliest pending deadline. */
static void rearm(void) {
    uint64_t first = KTIMER_OFF;
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++)
        if (requests[i].id != 0 && requests[i].deadline < first) first = requests[i].deadline;
    ktimer_set(KTIMER_REVOKE, first);
}

/* The request is over: the host learns the outcome (a parent reads its child's state). */
static void finish(struct request *q, uint32_t taken) {
    struct request done = *q;
    q->id = 0;
    rearm();
    if (done.requester == 0) events_revoked(done.id, done.kind, done.count, done.given, taken);
}

int revoke_request(struct env *e, unsigned kind, uint32_t count, uint64_t deadline,
                   uint32_t requester) {
    struct request *q = &requests[env_index(e)];
    if (kind != EXO_REVOKE_PAGES && kind != EXO_REVOKE_SLOTS) return ERR_INVAL;
    if (e->state != EXO_ENV_RUNNABLE) return ERR_STATE;
    if (q->id == e->id) return ERR_BUSY;
    if (count == 0 || count > held(e, kind)) return ERR_INVAL;
    q->id = e->id;
    q->requester = requester;
    q->count = count;
    q->given = 0;
    q->deadline = deadline;
    q->kind = (uint8_t)kind;
    upcall_post(e, EXO_EV_REVOKE, kind, count, deadline);
    rearm();
    return ERR_OK;
}

void revoke_released(struct env *e, unsigned kind) {
    struct request *q = &requests[env_index(e)];
    if (q->id != e->id || q->kind != kind) return;
    if (++q->given >= q->count) finish(q, 0);
}

static void record(struct env *e, unsigned kind, uint32_t what) {
    struct repo *r = &repos[env_index(e)];
    if (r->id != e->id) { /* the first since this env was created: forget the last one's */
        r->id = e->id;
        r->head = r->tail = 0;
    }
    if (r->head - r->tail == EXO_REPO_MAX) r->tail++;
    r->entries[r->head % EXO_REPO_MAX] = (struct exo_repossession){kind, what};
    r->head++;
}

/* Take one more of kind from e: 1 if done, 0 if nothing but its vital page is left. */
static int take_one(struct env *e, unsigned kind) {
    unsigned index = env_index(e);
    if (kind == EXO_REVOKE_SLOTS) {
        unsigned s = slots_highest(index);
        if (s == SLOTS_NONE || slots_free(index, s) != ERR_OK) return 0;
        record(e, kind, s);
        return 1;
    }
    uint32_t ppn = pages_recent(&kpages, index, 0);
    if (ppn != PAGES_NIL && upcall_vital(e, ppn)) ppn = pages_recent(&kpages, index, 1);
    /* pages_free drops every PMP entry caching it (the `changed` hook): the next access
     * faults. */
    if (ppn == PAGES_NIL || pages_free(&kpages, index, ppn) != ERR_OK) return 0;
    record(e, kind, ppn);
    return 1;
}

/* The deadline passed: take exactly what is still owed. */
static void abort_request(struct env *e, struct request *q) {
    uint32_t owed = q->count - q->given, taken = 0;
    exposed_begin();
    while (taken < owed && take_one(e, q->kind))
        taken++;
    exposed_env(e);
    exposed_pages();
    exposed_slots();
    exposed_end();
    if (taken < owed) { /* only the vital page is left: taking it means stopping the env */
        finish(q, owed);
        env_destroy(e, -1);
        return;
    }
    upcall_post(e, EXO_EV_REPOSSESSED, q->kind, taken, 0);
    finish(q, taken);
}

void revoke_expire(uint64_t now) {
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++) {
        struct request *q = &requests[i];
        struct env *e = env_at(i);
        if (q->id == 0 || q->deadline > now) continue;
        if (e == NULL || e->id != q->id) { /* cannot happen: revoke_forget ran */
            q->id = 0;
            continue;
        }
        abort_request(e, q);
    }
    rearm();
}

void revoke_forget(struct env *e) {
    unsigned i = env_index(e);
    struct request *q = &requests[i];
    if (q->id == e->id) finish(q, q->count - q->given);
    if (repos[i].id == e->id) repos[i].id = 0;
}

unsigned revoke_repossessed(struct env *e, struct exo_repossession *out, unsigned max) {
    struct repo *r = &repos[env_index(e)];
    unsigned n = 0;
    if (r->id != e->id) return 0;
    for (; n < max && r->tail != r->head; n++, r->tail++)
        out[n] = r->entries[r->tail % EXO_REPO_MAX];
    return n;
}
