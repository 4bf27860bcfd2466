/* kernel/upcall.c: upcalls (kernel/upcall.h): registration checks, the event ring in the env's
 * area, delivery into the registered entry and resumption of the saved context.
 *
 * The area is env memory the env may scribble on at any time: the kernel trusts nothing it
 * reads there (tail, masked, regs) beyond using it as data, and indexes the ring only by its
 * own head, modulo the ring's size. */
#include "kernel/upcall.h"
#include "kernel/memory.h"
#include "kernel/uaccess.h"

_Static_assert((EXO_EVENT_RING & (EXO_EVENT_RING - 1)) == 0, "the ring is a power of two");
_Static_assert(sizeof(((struct exo_upcall_area *)0)->regs[0]) == sizeof(unsigned long),
               "regs are full registers");

#define AREA_ALIGN 8 /* the kernel stores 64-bit fields in it */

static struct exo_upcall_area *area_of(const struct env *e) {
    return (struct exo_upcall_area *)e->upcall_area;
}

int upcall_register(struct env *e, uintptr_t entry, uintptr_t area) {
    if (entry == 0 && area == 0) {
        e->upcall_entry = e->upcall_area = 0;
        return ERR_OK;
    }
    unsigned index = env_index(e);
    if (area % AREA_ALIGN != 0 ||
        (area & (EXO_PAGE_SIZE - 1)) + sizeof(struct exo_upcall_area) > EXO_PAGE_SIZE)
        return ERR_INVAL;
    if (uaccess_check(index, entry, 1, EXO_PERM_X) != ERR_OK) return ERR_FAULT;
    /* Owned, not merely shared: a share can end under it, and the page must be vital. */
    uintptr_t ppn = area >> EXO_PAGE_SHIFT;
    if (ppn >= UINT32_MAX || pages_owner(&kpages, (uint32_t)ppn) != index ||
        uaccess_check(index, area, sizeof(struct exo_upcall_area), EXO_PERM_R | EXO_PERM_W))
        return ERR_FAULT;
    e->upcall_entry = entry;
    e->upcall_area = area;
    struct exo_upcall_area *a = area_of(e);
    a->head = a->tail = a->lost = 0;
    return ERR_OK;
}

/* Room for one more event? head and tail are free-running; the env owns tail. */
static int ring_full(const struct exo_upcall_area *a) {
    return (uint32_t)(a->head - a->tail) >= EXO_EVENT_RING;
}

static void ring_put(struct exo_upcall_area *a, uint32_t kind, uint32_t x, uint64_t b, uint64_t c) {
    struct exo_event *ev = &a->ring[a->head % EXO_EVENT_RING];
    ev->kind = kind;
    ev->a = x;
    ev->b = b;
    ev->c = c;
    a->head++;
}

void upcall_post(struct env *e, uint32_t kind, uint32_t x, uint64_t b, uint64_t c) {
    struct exo_upcall_area *a = area_of(e);
    if (a == NULL) return;
    if (ring_full(a))
        a->lost++;
    else
        ring_put(a, kind, x, b, c);
}

/* Save the interrupted context and enter the handler, masked. */
static void enter(struct env *e, struct exo_upcall_area *a) {
    a->regs[0] = e->tf.mepc;
    for (unsigned n = 1; n < 32; n++)
        a->regs[n] = e->tf.x[n];
    a->masked = 1;
    e->tf.mepc = e->upcall_entry;
    e->tf.x[REG_A0] = e->upcall_area;
}

void upcall_deliver(struct env *e) {
    struct exo_upcall_area *a = area_of(e);
    if (a == NULL || a->masked || a->head == a->tail || e->state != EXO_ENV_RUNNABLE) return;
    enter(e, a);
}

int upcall_fault(struct env *e, uint32_t cause, uint64_t pc, uint64_t addr) {
    struct exo_upcall_area *a = area_of(e);
    /* Masked, or no room to say why: the env cannot handle it, so it stops. */
    if (a == NULL || a->masked || ring_full(a) || e->state != EXO_ENV_RUNNABLE) return 0;
    ring_put(a, EXO_EV_FAULT, cause, pc, addr);
    enter(e, a);
    return 1;
}

int upcall_resume(struct env *e) {
    struct exo_upcall_area *a = area_of(e);
    if (a == NULL) return ERR_STATE;
    /* mstatus is not the env's to set: it stays U-mode with interrupts on. */
    e->tf.mepc = a->regs[0];
    for (unsigned n = 1; n < 32; n++)
        e->tf.x[n] = a->regs[n];
    a->masked = 0;
    return ERR_OK;
}

int upcall_vital(const struct env *e, uint32_t ppn) {
    return e->upcall_area != 0 && (e->upcall_area >> EXO_PAGE_SHIFT) == ppn;
}
