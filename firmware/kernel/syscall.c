/* kernel/syscall.c: the syscall layer (kernel/syscall.h, exo/abi.h, docs/abi.md): a bounded
 * dispatch table, full-register range checks before any narrowing, user pointers only through
 * uaccess, and the one conversion of internal errors to EXO_E*. */
#include "kernel/syscall.h"
#include "kernel/console.h"
#include "kernel/exposed.h"
#include "kernel/memory.h"
#include "kernel/revoke.h"
#include "kernel/sched.h"
#include "kernel/slots.h"
#include "kernel/uaccess.h"
#include "kernel/upcall.h"

/* What a call hands back besides its result: a1 and a2 (0 unless the call sets them). */
struct values {
    unsigned long v1, v2;
};

typedef int syscall_fn(struct env *e, const unsigned long *a, struct values *out);

/* Bytes copied through the kernel per step of a console call. */
#define CONSOLE_STEP 128

/* Repossession entries copied out per step of EXO_SYS_REPOSSESSED. */
#define REPO_STEP 16

/* Every slot and page change is published at once, in one version step. */
static void publish(struct env *e, struct env *other) {
    exposed_begin();
    exposed_env(e);
    if (other) exposed_env(other);
    exposed_pages();
    exposed_slots();
    exposed_end();
}

/* A page number from a full register: anything that does not fit 32 bits, or is the table's
 * ANY, would alias after narrowing, so it is refused here. */
static int ppn_arg(unsigned long v, uint32_t *ppn) {
    if (v >= PAGES_ANY) return ERR_INVAL;
    *ppn = (uint32_t)v;
    return ERR_OK;
}

/* An env id from a full register; EXO_ENV_SELF is the caller. Only live envs (LOADING,
 * RUNNABLE, STOPPED) can take part in a share: a DEAD entry must hold nothing. */
static int env_arg(struct env *self, unsigned long v, struct env **out) {
    if (v == EXO_ENV_SELF) {
        *out = self;
        return ERR_OK;
    }
    if (v > UINT32_MAX) return ERR_NOENT;
    int r = env_lookup((uint32_t)v, out);
    if (r != ERR_OK) return r;
    return (*out)->state == EXO_ENV_DEAD ? ERR_STATE : ERR_OK;
}

/* A `time` value (64 bits) from argument i; where registers are 32 bits wide it takes two,
 * low half first (a[i], a[i + 1]). */
static uint64_t time_arg(const unsigned long *a, unsigned i) {
    if (sizeof(unsigned long) >= sizeof(uint64_t)) return a[i];
    return (uint64_t)a[i] | (uint64_t)a[i + 1] << 32;
}

static int rights_arg(unsigned long v, unsigned *rights) {
    if (v == 0 || v > EXO_PERM_RWX) return ERR_INVAL;
    *rights = (unsigned)v;
    return ERR_OK;
}

static int sys_null(struct env *e, const unsigned long *a, struct values *out) {
    (void)e, (void)a, (void)out;
    return ERR_OK;
}

static int sys_exit(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    env_destroy(e, (int32_t)a[0]);
    return ERR_OK;
}

/* The whole range must be readable; at most one ring's worth is taken per call. */
static int sys_console_write(struct env *e, const unsigned long *a, struct values *out) {
    unsigned index = env_index(e);
    uintptr_t buf = a[0];
    size_t len = a[1], done = 0;
    int r = uaccess_check(index, buf, len, EXO_PERM_R);
    if (r != ERR_OK) return r;
    if (len > CONFIG_CONSOLE_RING) len = CONFIG_CONSOLE_RING;
    while (done < len) {
        uint8_t step[CONSOLE_STEP];
        size_t n = len - done < sizeof step ? len - done : sizeof step;
        r = copy_from_user(index, step, buf + done, n);
        if (r != ERR_OK) return r;
        size_t taken = console_write(index, step, n);
        done += taken;
        if (taken < n) break;
    }
    out->v1 = done;
    return ERR_OK;
}

/* The whole range must be writable; bytes are taken from the input ring only as they fit. */
static int sys_console_read(struct env *e, const unsigned long *a, struct values *out) {
    unsigned index = env_index(e);
    uintptr_t buf = a[0];
    size_t len = a[1], done = 0;
    int r = uaccess_check(index, buf, len, EXO_PERM_W);
    if (r != ERR_OK) return r;
    while (done < len) {
        uint8_t step[CONSOLE_STEP];
        size_t want = len - done < sizeof step ? len - done : sizeof step;
        size_t n = console_read(index, step, want);
        if (n == 0) break;
        r = copy_to_user(index, buf + done, step, n);
        if (r != ERR_OK) return r; /* cannot happen: the range was checked above */
        done += n;
    }
    out->v1 = done;
    return ERR_OK;
}

static int sys_env_self(struct env *e, const unsigned long *a, struct values *out) {
    (void)a;
    out->v1 = e->id;
    return ERR_OK;
}

static int sys_page_alloc(struct env *e, const unsigned long *a, struct values *out) {
    uint32_t ppn = PAGES_ANY, got;
    unsigned rights;
    int r = a[0] == (unsigned long)EXO_ANY ? ERR_OK : ppn_arg(a[0], &ppn);
    if (r == ERR_OK) r = rights_arg(a[1], &rights);
    if (r != ERR_OK) return r;
    exposed_begin();
    r = pages_alloc(&kpages, env_index(e), ppn, rights, &got);
    exposed_env(e);
    exposed_pages();
    exposed_end();
    if (r == ERR_OK) out->v1 = got;
    return r;
}

static int sys_page_free(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    uint32_t ppn;
    int r = ppn_arg(a[0], &ppn);
    if (r != ERR_OK) return r;
    /* The kernel writes the upcall area: its page stays until the env unregisters. */
    if (upcall_vital(e, ppn)) return ERR_BUSY;
    exposed_begin();
    r = pages_free(&kpages, env_index(e), ppn);
    exposed_env(e);
    exposed_pages();
    exposed_end();
    if (r == ERR_OK) revoke_released(e, EXO_REVOKE_PAGES);
    return r;
}

static int sys_page_share(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    uint32_t ppn;
    unsigned rights;
    struct env *to;
    int r = ppn_arg(a[0], &ppn);
    if (r == ERR_OK) r = env_arg(e, a[1], &to);
    if (r == ERR_OK) r = rights_arg(a[2], &rights);
    if (r != ERR_OK) return r;
    return pages_share(&kpages, env_index(e), ppn, env_index(to), rights);
}

static int sys_page_unshare(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    uint32_t ppn;
    struct env *to;
    int r = ppn_arg(a[0], &ppn);
    if (r == ERR_OK) r = env_arg(e, a[1], &to);
    if (r != ERR_OK) return r;
    return pages_unshare(&kpages, env_index(e), ppn, env_index(to));
}

static int sys_page_info(struct env *e, const unsigned long *a, struct values *out) {
    uint32_t ppn;
    int r = ppn_arg(a[0], &ppn);
    if (r != ERR_OK) return r;
    if (ppn - kpages.first_ppn >= kpages.count) return ERR_INVAL; /* not a managed page */
    const struct env *owner = env_at(pages_owner(&kpages, ppn));
    out->v1 = owner ? owner->id : 0;
    out->v2 = pages_rights(&kpages, env_index(e), ppn);
    return ERR_OK;
}

/* A slot number from a full register (EXO_ANY: any free slot). */
static int slot_arg(unsigned long v, uint32_t *slot) {
    if (v == (unsigned long)EXO_ANY) {
        *slot = SLOTS_ANY;
        return ERR_OK;
    }
    if (v >= slots_count()) return ERR_INVAL;
    *slot = (uint32_t)v;
    return ERR_OK;
}

static int sys_slot_alloc(struct env *e, const unsigned long *a, struct values *out) {
    uint32_t slot;
    unsigned got;
    int r = slot_arg(a[0], &slot);
    if (r == ERR_OK) r = slots_alloc(env_index(e), slot, &got);
    if (r != ERR_OK) return r;
    publish(e, NULL);
    out->v1 = got;
    return ERR_OK;
}

static int sys_slot_free(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    uint32_t slot;
    int r = a[0] == (unsigned long)EXO_ANY ? ERR_INVAL : slot_arg(a[0], &slot);
    if (r == ERR_OK) r = slots_free(env_index(e), slot);
    if (r != ERR_OK) return r;
    publish(e, NULL);
    revoke_released(e, EXO_REVOKE_SLOTS);
    return ERR_OK;
}

static int sys_yield(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    if (a[0] == (unsigned long)EXO_ANY) return sched_yield(e, NULL);
    struct env *to;
    int r = env_arg(e, a[0], &to);
    if (r != ERR_OK) return r;
    if (to == e) return ERR_INVAL;
    return sched_yield(e, to);
}

static int sys_upcall_register(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    return upcall_register(e, a[0], a[1]);
}

/* On success the restored registers are the result: syscall_dispatch leaves a0/a1 alone. */
static int sys_upcall_resume(struct env *e, const unsigned long *a, struct values *out) {
    (void)a, (void)out;
    return upcall_resume(e);
}

static int sys_timer_set(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    e->timer_deadline = time_arg(a, 0);
    sched_timers_changed();
    return ERR_OK;
}

/* A child of the caller: ERR_PERM for any other env (EXO_ENV_SELF included). */
static int child_arg(struct env *self, unsigned long v, struct env **out) {
    if (v == EXO_ENV_SELF) return ERR_PERM;
    int r = env_arg(self, v, out);
    if (r == ERR_STATE) return (*out)->parent == self->id ? ERR_STATE : ERR_PERM;
    if (r != ERR_OK) return r;
    return (*out)->parent == self->id ? ERR_OK : ERR_PERM;
}

static int sys_env_create(struct env *e, const unsigned long *a, struct values *out) {
    char name[EXO_ENV_NAME_MAX];
    size_t len = a[1];
    if (len == 0 || len >= EXO_ENV_NAME_MAX) return ERR_INVAL;
    int r = copy_from_user(env_index(e), name, a[0], len);
    if (r != ERR_OK) return r;
    struct env *child;
    r = env_create(name, len, &child);
    if (r != ERR_OK) return r;
    child->parent = e->id;
    out->v1 = child->id;
    return ERR_OK;
}

static int sys_env_give_page(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    struct env *child;
    uint32_t ppn;
    int r = child_arg(e, a[0], &child);
    if (r == ERR_OK) r = ppn_arg(a[1], &ppn);
    if (r != ERR_OK) return r;
    if (upcall_vital(e, ppn)) return ERR_BUSY;
    r = pages_give(&kpages, env_index(e), ppn, env_index(child));
    if (r != ERR_OK) return r;
    publish(e, child);
    revoke_released(e, EXO_REVOKE_PAGES);
    return ERR_OK;
}

static int sys_env_give_slot(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    struct env *child;
    uint32_t slot;
    int r = child_arg(e, a[0], &child);
    if (r == ERR_OK) r = a[1] == (unsigned long)EXO_ANY ? ERR_INVAL : slot_arg(a[1], &slot);
    if (r == ERR_OK) r = slots_give(env_index(e), env_index(child), slot);
    if (r != ERR_OK) return r;
    publish(e, child);
    revoke_released(e, EXO_REVOKE_SLOTS);
    return ERR_OK;
}

static int sys_env_start(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    struct env *child;
    int r = child_arg(e, a[0], &child);
    if (r != ERR_OK) return r;
    if (child->state != EXO_ENV_LOADING) return ERR_STATE;
    if (uaccess_check(env_index(child), a[1], 1, EXO_PERM_X) != ERR_OK) return ERR_FAULT;
    env_start(child, a[1], a[2]);
    return ERR_OK;
}

static int sys_env_destroy(struct env *e, const unsigned long *a, struct values *out) {
    struct env *child;
    int r = child_arg(e, a[0], &child);
    if (r != ERR_OK) return r;
    long freed = env_destroy(child, -1);
    if (freed < 0) return (int)freed;
    out->v1 = (unsigned long)freed;
    return ERR_OK;
}

static int sys_revoke(struct env *e, const unsigned long *a, struct values *out) {
    (void)out;
    struct env *child;
    int r = child_arg(e, a[0], &child);
    if (r != ERR_OK) return r;
    if (a[1] > UINT32_MAX || a[2] > UINT32_MAX) return ERR_INVAL;
    return revoke_request(child, (unsigned)a[1], (uint32_t)a[2], time_arg(a, 3), e->id);
}

/* The whole buffer (max entries, clamped to EXO_REPO_MAX) must be writable before any entry
 * is taken off the vector, so a failed call loses nothing. */
static int sys_repossessed(struct env *e, const unsigned long *a, struct values *out) {
    unsigned index = env_index(e);
    uintptr_t buf = a[0];
    unsigned long max = a[1] > EXO_REPO_MAX ? EXO_REPO_MAX : a[1];
    int r = uaccess_check(index, buf, max * sizeof(struct exo_repossession), EXO_PERM_W);
    if (r != ERR_OK) return r;
    unsigned long done = 0;
    while (done < max) {
        struct exo_repossession step[REPO_STEP];
        unsigned want = max - done < REPO_STEP ? (unsigned)(max - done) : REPO_STEP;
        unsigned n = revoke_repossessed(e, step, want);
        if (n == 0) break;
        copy_to_user(index, buf + done * sizeof step[0], step, n * sizeof step[0]);
        done += n;
    }
    out->v1 = done;
    return ERR_OK;
}

static syscall_fn *const calls[EXO_SYS_COUNT] = {
    [EXO_SYS_NULL] = sys_null,
    [EXO_SYS_EXIT] = sys_exit,
    [EXO_SYS_CONSOLE_WRITE] = sys_console_write,
    [EXO_SYS_CONSOLE_READ] = sys_console_read,
    [EXO_SYS_ENV_SELF] = sys_env_self,
    [EXO_SYS_PAGE_ALLOC] = sys_page_alloc,
    [EXO_SYS_PAGE_FREE] = sys_page_free,
    [EXO_SYS_PAGE_SHARE] = sys_page_share,
    [EXO_SYS_PAGE_UNSHARE] = sys_page_unshare,
    [EXO_SYS_PAGE_INFO] = sys_page_info,
    [EXO_SYS_SLOT_ALLOC] = sys_slot_alloc,
    [EXO_SYS_SLOT_FREE] = sys_slot_free,
    [EXO_SYS_YIELD] = sys_yield,
    [EXO_SYS_UPCALL_REGISTER] = sys_upcall_register,
    [EXO_SYS_UPCALL_RESUME] = sys_upcall_resume,
    [EXO_SYS_TIMER_SET] = sys_timer_set,
    [EXO_SYS_ENV_CREATE] = sys_env_create,
    [EXO_SYS_ENV_GIVE_PAGE] = sys_env_give_page,
    [EXO_SYS_ENV_GIVE_SLOT] = sys_env_give_slot,
    [EXO_SYS_ENV_START] = sys_env_start,
    [EXO_SYS_ENV_DESTROY] = sys_env_destroy,
    [EXO_SYS_REVOKE] = sys_revoke,
    [EXO_SYS_REPOSSESSED] = sys_repossessed,
};

void syscall_dispatch(struct env *e) {
    unsigned long *a = &e->tf.x[REG_A0]; /* a0..a7 */
    unsigned long number = a[7];
    struct values out = {0, 0};
    int r = number < EXO_SYS_COUNT && calls[number] ? calls[number](e, a, &out) : ERR_NOSYS;
    if (r == ERR_OK && number == EXO_SYS_UPCALL_RESUME) return; /* a0, a1 are restored ones */
    if (r != ERR_OK) out.v1 = out.v2 = 0;
    a[0] = (unsigned long)err_to_abi(r);
    a[1] = out.v1;
    if (number == EXO_SYS_PAGE_INFO) a[2] = out.v2;
}
