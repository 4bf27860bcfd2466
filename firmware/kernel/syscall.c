/* kernel/syscall.c: the syscall layer (kernel/syscall.h, exo/abi.h, docs/abi.md): a bounded
 * dispatch table, full-register range checks before any narrowing, user pointers only through
 * uaccess, and the one conversion of internal errors to EXO_E*. */
#include "kernel/syscall.h"
#include "kernel/console.h"
#include "kernel/exposed.h"
#include "kernel/memory.h"
#include "kernel/uaccess.h"

#define REG_A0 10

/* What a call hands back besides its result: a1 and a2 (0 unless the call sets them). */
struct values {
    unsigned long v1, v2;
};

typedef int syscall_fn(struct env *e, const unsigned long *a, struct values *out);

/* Bytes copied through the kernel per step of a console call. */
#define CONSOLE_STEP 128

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
    exposed_begin();
    r = pages_free(&kpages, env_index(e), ppn);
    exposed_env(e);
    exposed_pages();
    exposed_end();
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
};

void syscall_dispatch(struct env *e) {
    unsigned long *a = &e->tf.x[REG_A0]; /* a0..a7 */
    unsigned long number = a[7];
    struct values out = {0, 0};
    int r = number < EXO_SYS_COUNT && calls[number] ? calls[number](e, a, &out) : ERR_NOSYS;
    if (r != ERR_OK) out.v1 = out.v2 = 0;
    a[0] = (unsigned long)err_to_abi(r);
    a[1] = out.v1;
    if (number == EXO_SYS_PAGE_INFO) a[2] = out.v2;
}
