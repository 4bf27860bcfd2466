/* monitor.c: a stand-in M-mode monitor for running libexo images before the kernel can: one env,
 * all memory open to it, and the syscalls libexo uses (console write, env self, exit, page
 * alloc/free) over an exposed state whose free bitmap it keeps. Not the kernel: no isolation. */
#include <stdint.h>

#include <exo/abi.h>

#define UART 0x10000000ul
#define FINISHER 0x100000ul
#define FINISHER_PASS 0x5555u
#define FINISHER_FAIL 0x3333u

/* Where the env's pages and the exposed state live; the test passes them in. */
#ifndef MANAGED_FIRST
#error "MANAGED_FIRST (first managed page number) is required"
#endif
#define MANAGED_COUNT 256
#define EXPOSED_ADDR 0x80100000ul

struct frame {
    unsigned long regs[32]; /* x0..x31 as the trap entry saved them */
};

#define A0 10
#define A1 11
#define A7 17

static volatile struct exo_exposed *const exposed = (volatile struct exo_exposed *)EXPOSED_ADDR;

static void finish(unsigned code) {
    *(volatile uint32_t *)FINISHER = code == 0 ? FINISHER_PASS : (code << 16) | FINISHER_FAIL;
    for (;;) {
    }
}

static int is_free(uint32_t i) {
    return (exposed->free_bitmap[i / 64] >> (i % 64)) & 1;
}

/* Every change is bracketed by an odd version, as the kernel's will be. */
static void set_free(uint32_t i, int free) {
    exposed->version++;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    if (free) {
        exposed->free_bitmap[i / 64] |= 1ull << (i % 64);
        exposed->pages_free++;
    } else {
        exposed->free_bitmap[i / 64] &= ~(1ull << (i % 64));
        exposed->pages_free--;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE);
    exposed->version++;
}

void monitor_init(void);
void monitor_init(void) {
    exposed->magic = EXO_EXPOSED_MAGIC;
    exposed->version = 0;
    exposed->page_first = MANAGED_FIRST;
    exposed->page_count = MANAGED_COUNT;
    exposed->pages_free = 0;
    exposed->pmp_entries = 16;
    exposed->pmp_pinned = 1;
    exposed->env_max = EXO_ENV_MAX;
    exposed->timebase_hz = 10000000;
    for (uint32_t i = 0; i < MANAGED_COUNT; i++)
        set_free(i, 1);
    /* Pages another env holds: the heap's run ends at the first of them. */
    set_free(40, 0);
    set_free(200, 0);
}

static long page_alloc(long ppn, unsigned long *value) {
    uint32_t i;
    if (ppn == EXO_ANY) {
        for (i = 0; i < MANAGED_COUNT && !is_free(i); i++) {
        }
        if (i == MANAGED_COUNT) return EXO_ENOMEM;
    } else {
        if ((unsigned long)ppn < MANAGED_FIRST || (unsigned long)ppn >= MANAGED_FIRST + MANAGED_COUNT)
            return EXO_EINVAL;
        i = (uint32_t)(ppn - MANAGED_FIRST);
        if (!is_free(i)) return EXO_EBUSY;
    }
    set_free(i, 0);
    *value = MANAGED_FIRST + i;
    return EXO_OK;
}

static long page_free(unsigned long ppn) {
    if (ppn < MANAGED_FIRST || ppn >= MANAGED_FIRST + MANAGED_COUNT) return EXO_EINVAL;
    if (is_free((uint32_t)(ppn - MANAGED_FIRST))) return EXO_EPERM;
    set_free((uint32_t)(ppn - MANAGED_FIRST), 1);
    return EXO_OK;
}

void monitor_trap(struct frame *f, unsigned long mcause);
void monitor_trap(struct frame *f, unsigned long mcause) {
    if (mcause != 8) finish(0xee); /* only ecalls from U-mode are expected */
    unsigned long *r = f->regs, value = 0;
    long error = EXO_OK;
    switch (r[A7]) {
    case EXO_SYS_CONSOLE_WRITE:
        for (unsigned long i = 0; i < r[A1]; i++)
            *(volatile uint8_t *)UART = ((const uint8_t *)r[A0])[i];
        value = r[A1];
        break;
    case EXO_SYS_CONSOLE_READ:
        value = 0;
        break;
    case EXO_SYS_ENV_SELF:
        value = ENV_ID;
        break;
    case EXO_SYS_EXIT:
        finish((unsigned)r[A0] & 0xff);
        break;
    case EXO_SYS_PAGE_ALLOC:
        error = page_alloc((long)r[A0], &value);
        break;
    case EXO_SYS_PAGE_FREE:
        error = page_free(r[A0]);
        break;
    default:
        error = EXO_ENOSYS;
    }
    r[A0] = (unsigned long)error;
    r[A1] = value;
}
