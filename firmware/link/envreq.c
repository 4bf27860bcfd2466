/* link/envreq.c: loading envs, listing and killing them, the page map, console attachments,
 * revocation and the slot vector, for the host (link/envreq.h). Every body is bounds-checked before
 * use: a malformed one answers EXO_EINVAL with a message. Internal errors go through err_to_abi. */
#include "link/envreq.h"
#include "drivers/clint.h"
#include "exo/abi.h"
#include "kernel/console.h"
#include "kernel/env.h"
#include "kernel/exposed.h"
#include "kernel/memory.h"
#include "kernel/revoke.h"
#include "kernel/slots.h"
#include "lib/string.h"
#include "link/crc32.h"

#define WIRE_ANY       0xffffffffu /* EXO_ANY on the wire */
#define BEGIN_FIXED    24          /* ENV_LOAD_BEGIN's u32 fields after the name */
#define LIST_FIXED     34          /* ENV_LIST entry without its name's bytes */
#define LIST_DONE      0xffff
#define PAGES_RUN      9 /* one run: pages u32, owner u32, rights u8 */
#define MAX_LOAD_PAGES (FRAME_MAX_BODY - 1 - 1 - BEGIN_FIXED) /* pages one BEGIN can carry */

/* Reads a body front to back; a read past its end marks it bad and yields 0. */
struct body {
    const uint8_t *p;
    size_t n, at;
    int bad;
};

static struct body body_of(const struct frame *req) {
    struct body b = {req->body, req->length, 0, 0};
    return b;
}

static uint64_t get(struct body *b, size_t bytes) {
    uint64_t v = 0;
    if (b->n - b->at < bytes) {
        b->bad = 1;
        return 0;
    }
    for (size_t i = 0; i < bytes; i++)
        v |= (uint64_t)b->p[b->at + i] << (8 * i);
    b->at += bytes;
    return v;
}

static size_t rest(const struct body *b) {
    return b->n - b->at;
}

static void put(struct reply *r, uint64_t v, size_t bytes) {
    if (r->len + bytes > r->cap) return;
    for (size_t i = 0; i < bytes; i++, v >>= 8)
        r->body[r->len++] = (uint8_t)v;
}

static int fail(struct reply *r, int code, const char *message) {
    r->message = message;
    return code;
}

/* The env a request names, with the error and message when there is none. */
static int named_env(uint32_t id, struct env **e, struct reply *r) {
    int rc = env_lookup(id, e);
    if (rc == ERR_STALE) return fail(r, EXO_ESTALE, "env id is of an older generation");
    if (rc != ERR_OK) return fail(r, EXO_ENOENT, "no such env");
    return EXO_OK;
}

/* A body that is exactly one env id, naming an env that is LOADING. */
static int loading_env(const struct frame *req, struct env **e, struct reply *r) {
    struct body b = body_of(req);
    uint32_t id = (uint32_t)get(&b, 4);
    if (b.bad || rest(&b)) return fail(r, EXO_EINVAL, "body is env: u32");
    int rc = named_env(id, e, r);
    if (rc != EXO_OK) return rc;
    if ((*e)->state != EXO_ENV_LOADING) return fail(r, EXO_ESTATE, "env is not loading");
    return EXO_OK;
}

static int managed_run(uint32_t base, uint32_t pages) {
    return base >= kpages.first_ppn && pages <= kpages.count &&
           base - kpages.first_ppn <= kpages.count - pages;
}

int envreq_load_begin(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    size_t name_len = (size_t)get(&b, 1);
    if (b.bad || rest(&b) < name_len) return fail(r, EXO_EINVAL, "truncated name");
    const char *name = (const char *)b.p + b.at;
    b.at += name_len;
    uint32_t base = (uint32_t)get(&b, 4), pages = (uint32_t)get(&b, 4);
    uint32_t size = (uint32_t)get(&b, 4), entry = (uint32_t)get(&b, 4);
    uint32_t args = (uint32_t)get(&b, 4), crc = (uint32_t)get(&b, 4);
    if (b.bad) return fail(r, EXO_EINVAL, "truncated ENV_LOAD_BEGIN body");
    if (pages > MAX_LOAD_PAGES) return fail(r, EXO_E2BIG, "more pages than one body can carry");
    if (rest(&b) != pages) return fail(r, EXO_EINVAL, "rights: one byte per page");
    const uint8_t *rights = b.p + b.at;
    if (name_len == 0 || name_len >= EXO_ENV_NAME_MAX)
        return fail(r, EXO_EINVAL, "name must be 1..15 bytes");
    if (pages == 0) return fail(r, EXO_EINVAL, "no pages");
    if (!managed_run(base, pages)) return fail(r, EXO_EINVAL, "pages outside the managed range");
    uint32_t bytes = pages << EXO_PAGE_SHIFT; /* pages <= MAX_LOAD_PAGES: no overflow */
    if (size > bytes) return fail(r, EXO_EINVAL, "image larger than its pages");
    if (args != ENV_NO_ARGS && args >= bytes) return fail(r, EXO_EINVAL, "args outside the pages");
    for (uint32_t i = 0; i < pages; i++)
        if (rights[i] == 0 || rights[i] > EXO_PERM_RWX)
            return fail(r, EXO_EINVAL, "page rights must be 1..7");
    if (entry >= size || !(rights[entry >> EXO_PAGE_SHIFT] & EXO_PERM_X))
        return fail(r, EXO_EINVAL, "entry outside the image's executable pages");
    for (uint32_t i = 0; i < pages; i++)
        if (pages_owner(&kpages, base + i) != 0) return fail(r, EXO_EBUSY, "a page is not free");
    struct env *e;
    int rc = env_create(name, name_len, &e);
    if (rc == ERR_NOMEM) return fail(r, EXO_ENOMEM, "env table full");
    if (rc != ERR_OK) return fail(r, (int)err_to_abi(rc), "name must be printable ASCII");
    exposed_begin();
    for (uint32_t i = 0; i < pages && rc == ERR_OK; i++)
        rc = pages_alloc(&kpages, env_index(e), base + i, rights[i], NULL);
    exposed_env(e);
    exposed_pages();
    exposed_end();
    if (rc != ERR_OK) { /* cannot happen: every page was checked free above */
        env_destroy(e, -1);
        return fail(r, (int)err_to_abi(rc), "binding the pages failed");
    }
    e->load_base_ppn = base;
    e->load_pages = pages;
    e->load_image_size = size;
    e->load_entry = entry;
    e->load_args = args;
    e->load_crc = crc;
    put(r, e->id, 4);
    return EXO_OK;
}

/* The run's first byte: the kernel reaches every page at its physical address. */
static uint8_t *run_base(const struct env *e) {
    return (uint8_t *)((uintptr_t)e->load_base_ppn << EXO_PAGE_SHIFT);
}

int envreq_load_chunk(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    uint32_t id = (uint32_t)get(&b, 4), offset = (uint32_t)get(&b, 4);
    if (b.bad || rest(&b) == 0) return fail(r, EXO_EINVAL, "body is env: u32, offset: u32, data");
    struct env *e;
    int rc = named_env(id, &e, r);
    if (rc != EXO_OK) return rc;
    if (e->state != EXO_ENV_LOADING) return fail(r, EXO_ESTATE, "env is not loading");
    uint64_t end = (uint64_t)offset + rest(&b);
    if (end > (uint64_t)e->load_pages << EXO_PAGE_SHIFT)
        return fail(r, EXO_EINVAL, "chunk past the env's pages");
    memcpy(run_base(e) + offset, b.p + b.at, rest(&b));
    return EXO_OK;
}

/* COMMIT's body: env: u32, then optionally slots: u8 (1 when absent). */
int envreq_load_commit(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    uint32_t id = (uint32_t)get(&b, 4);
    unsigned want = rest(&b) == 1 ? (unsigned)get(&b, 1) : 1;
    if (b.bad || rest(&b)) return fail(r, EXO_EINVAL, "body is env: u32 [, slots: u8]");
    struct env *e;
    int rc = named_env(id, &e, r);
    if (rc != EXO_OK) return rc;
    if (e->state != EXO_ENV_LOADING) return fail(r, EXO_ESTATE, "env is not loading");
    uint8_t *base = run_base(e);
    if (crc32_update(0, base, e->load_image_size) != e->load_crc) {
        env_destroy(e, -1);
        return fail(r, EXO_EIO, "image CRC mismatch: env destroyed");
    }
    unsigned free = 0;
    for (unsigned s = 0; s < slots_count(); s++)
        free += slots_owner(s) == 0;
    if (want > free) return fail(r, EXO_ENOMEM, "not that many free slots: env stays loading");
    for (unsigned i = 0; i < want; i++)
        slots_alloc(env_index(e), SLOTS_ANY, NULL); /* cannot fail: counted free above */
    uintptr_t args = e->load_args == ENV_NO_ARGS ? 0 : (uintptr_t)base + e->load_args;
    env_start(e, (uintptr_t)base + e->load_entry, args); /* publishes the slots too */
    return EXO_OK;
}

int envreq_load_abort(const struct frame *req, struct reply *r) {
    struct env *e;
    int rc = loading_env(req, &e, r);
    if (rc != EXO_OK) return rc;
    env_destroy(e, -1);
    return EXO_OK;
}

int envreq_list(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    unsigned first = (unsigned)get(&b, 2);
    if (b.bad || rest(&b)) return fail(r, EXO_EINVAL, "body is first: u16");
    size_t head = r->len;
    put(r, LIST_DONE, 2);
    put(r, 0, 1);
    unsigned count = 0, next = LIST_DONE;
    for (unsigned i = first ? first : 1; i < CONFIG_MAX_ENVS; i++) {
        const struct env *e = env_at(i);
        if (e->state == EXO_ENV_FREE) continue;
        size_t name_len = strlen(e->name);
        if (count == 255 || r->len + LIST_FIXED + name_len > r->cap) {
            next = i;
            break;
        }
        put(r, e->id, 4);
        put(r, e->state, 1);
        put(r, (uint32_t)e->exit_code, 4);
        put(r, pages_owned_count(&kpages, i), 4);
        put(r, e->fault_cause, 4);
        put(r, e->fault_pc, 8);
        put(r, e->fault_addr, 8);
        put(r, name_len, 1);
        memcpy(r->body + r->len, e->name, name_len);
        r->len += name_len;
        count++;
    }
    r->body[head] = (uint8_t)next;
    r->body[head + 1] = (uint8_t)(next >> 8);
    r->body[head + 2] = (uint8_t)count;
    return EXO_OK;
}

int envreq_kill(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    uint32_t id = (uint32_t)get(&b, 4);
    if (b.bad || rest(&b)) return fail(r, EXO_EINVAL, "body is env: u32");
    struct env *e;
    int rc = named_env(id, &e, r);
    if (rc != EXO_OK) return rc;
    long freed = env_destroy(e, -1);
    if (freed < 0) return fail(r, EXO_ESTATE, "env is already dead");
    put(r, (uint64_t)freed, 4);
    return EXO_OK;
}

int envreq_pages(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    uint32_t ppn = (uint32_t)get(&b, 4);
    if (b.bad || rest(&b)) return fail(r, EXO_EINVAL, "body is first: u32");
    uint32_t first = kpages.first_ppn, end = kpages.first_ppn + kpages.count;
    if (ppn < first) ppn = first;
    if (ppn > end) ppn = end;
    put(r, first, 4);
    put(r, kpages.count, 4);
    size_t at_next = r->len;
    put(r, end, 4);
    put(r, 0, 2);
    unsigned count = 0;
    while (ppn < end && r->len + PAGES_RUN <= r->cap) {
        uint32_t owner = pages_owner(&kpages, ppn);
        unsigned rights = owner ? pages_rights(&kpages, owner, ppn) : 0;
        uint32_t n = 1;
        while (ppn + n < end && pages_owner(&kpages, ppn + n) == owner &&
               (owner ? pages_rights(&kpages, owner, ppn + n) : 0) == rights)
            n++;
        const struct env *e = env_at(owner);
        put(r, n, 4);
        put(r, e ? e->id : 0, 4);
        put(r, rights, 1);
        ppn += n;
        count++;
    }
    for (int i = 0; i < 4; i++)
        r->body[at_next + i] = (uint8_t)(ppn >> (8 * i));
    r->body[at_next + 4] = (uint8_t)count;
    r->body[at_next + 5] = (uint8_t)(count >> 8);
    return EXO_OK;
}

int envreq_console_attach(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    uint32_t id = (uint32_t)get(&b, 4);
    unsigned backlog = (unsigned)get(&b, 1);
    if (b.bad || rest(&b) || backlog > 1)
        return fail(r, EXO_EINVAL, "body is env: u32, backlog: u8 (0 or 1)");
    if (id == WIRE_ANY) {
        console_attach(0, (int)backlog);
        return EXO_OK;
    }
    struct env *e;
    int rc = named_env(id, &e, r);
    if (rc != EXO_OK) return rc;
    console_attach(env_index(e), (int)backlog);
    return EXO_OK;
}

int envreq_console_input(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    uint32_t id = (uint32_t)get(&b, 4);
    if (b.bad) return fail(r, EXO_EINVAL, "body is env: u32, data");
    struct env *e;
    int rc = named_env(id, &e, r);
    if (rc != EXO_OK) return rc;
    if (e->state == EXO_ENV_DEAD) return fail(r, EXO_ESTATE, "env is dead");
    put(r, console_input(env_index(e), b.p + b.at, rest(&b)), 4);
    return EXO_OK;
}

int envreq_revoke(const struct frame *req, struct reply *r) {
    struct body b = body_of(req);
    uint32_t id = (uint32_t)get(&b, 4);
    unsigned kind = (unsigned)get(&b, 1);
    uint32_t count = (uint32_t)get(&b, 4), ms = (uint32_t)get(&b, 4);
    if (b.bad || rest(&b))
        return fail(r, EXO_EINVAL, "body is env: u32, kind: u8, count: u32, deadline_ms: u32");
    struct env *e;
    int rc = named_env(id, &e, r);
    if (rc != EXO_OK) return rc;
    if (kind != EXO_REVOKE_PAGES && kind != EXO_REVOKE_SLOTS)
        return fail(r, EXO_EINVAL, "kind is 1 (pages) or 2 (slots)");
    if (e->state != EXO_ENV_RUNNABLE) return fail(r, EXO_ESTATE, "env is not runnable");
    /* ms < 2^32 and timebase < 2^32: the product fits 64 bits. */
    uint64_t deadline = clint_now() + (uint64_t)ms * kexposed.timebase_hz / 1000u;
    rc = revoke_request(e, kind, count, deadline, 0);
    if (rc == ERR_BUSY) return fail(r, EXO_EBUSY, "a revocation of this env is pending");
    if (rc != ERR_OK) return fail(r, (int)err_to_abi(rc), "count must be 1 .. what the env holds");
    return EXO_OK;
}

int envreq_slots(const struct frame *req, struct reply *r) {
    if (req->length != 0) return fail(r, EXO_EINVAL, "SLOTS takes an empty body");
    unsigned count = slots_count();
    put(r, count, 2);
    put(r, slots_ticks(), 4);
    put(r, slots_current(), 2);
    for (unsigned s = 0; s < count; s++) {
        const struct env *e = env_at(slots_owner(s));
        put(r, e ? e->id : 0, 4);
    }
    return EXO_OK;
}

/* Only the host's own loads: a child a parent left LOADING is the parent's business. */
void envreq_session_end(void) {
    for (unsigned i = 1; i < CONFIG_MAX_ENVS; i++) {
        struct env *e = env_at(i);
        if (e->state == EXO_ENV_LOADING && e->parent == 0) env_destroy(e, -1);
    }
}
