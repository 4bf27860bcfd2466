/* gc.c: the heap: a fixed arena of 16-byte granules, segregated free lists, and a conservative
 * mark-sweep collector that scans the C stack, the interpreter struct and the heap itself.
 *
 * Every block starts with a 16-byte header (size, used, mark, scan). A bitmap marks the granule
 * where each used block begins, so any word that points into a used block (even into its middle)
 * keeps it alive. Blocks flagged `scan` have their payload scanned word by word; strings, floats
 * and byte buffers are not. Being conservative means C code never registers temporaries. */
#include "exopy.h"

#include <string.h>

#define GRAN       16
#define NSMALL     32   /* free lists for blocks up to NSMALL granules */
#define MARK_SLOTS 4096 /* 32 KiB; an overflow only costs a rescan of the heap */

typedef struct {
    uint32_t size; /* bytes, header included */
    uint8_t used, mark, scan, pad;
    uint64_t pad2;
} Hdr;

_Static_assert(sizeof(Hdr) == GRAN, "header is one granule");

typedef struct FreeBlk {
    Hdr h;
    struct FreeBlk *next;
} FreeBlk;

/* Static types live outside the arena but point into it (their dicts): the collector scans them. */
#define MAX_STATIC_TYPES 128
static Type *static_types[MAX_STATIC_TYPES];
static int nstatic_types;

void gc_register_type(Type *t) {
    if (nstatic_types < MAX_STATIC_TYPES) static_types[nstatic_types++] = t;
}

static size_t gidx(void *p) {
    return (size_t)((uint8_t *)p - vm->heap) / GRAN;
}

static void bit_set(size_t g) {
    vm->starts[g / 32] |= 1u << (g % 32);
}

static void bit_clear(size_t g) {
    vm->starts[g / 32] &= ~(1u << (g % 32));
}

void gc_init(void *heap, size_t size, size_t max, uintptr_t stack_base) {
    uint8_t *base = (uint8_t *)(((uintptr_t)heap + GRAN - 1) & ~(uintptr_t)(GRAN - 1));
    size -= (size_t)(base - (uint8_t *)heap);
    max -= (size_t)(base - (uint8_t *)heap);
    /* carve the bitmap (for the largest the arena may grow to) and mark stack from its front */
    size_t ngran = max / GRAN;
    size_t bitmap_bytes = ((ngran / 32 + 1) * 4 + GRAN - 1) & ~(size_t)(GRAN - 1);
    size_t mark_bytes = MARK_SLOTS * sizeof(void *);
    vm->starts = (uint32_t *)base;
    memset(vm->starts, 0, bitmap_bytes);
    vm->markstack = (void **)(base + bitmap_bytes);
    vm->markcap = MARK_SLOTS;
    size_t meta = (bitmap_bytes + mark_bytes + GRAN - 1) & ~(size_t)(GRAN - 1);
    vm->heap = base + meta;
    vm->heap_end = base + (size - size % GRAN);
    vm->heap_limit = base + (max - max % GRAN);
    vm->bump = vm->heap;
    vm->threshold = 1u << 20;
    vm->gc_enabled = 1;
    vm->stack_base = stack_base;
    for (int i = 0; i <= NSMALL; i++)
        vm->freelist[i] = NULL;
}

static void push_free(Hdr *h) {
    size_t g = h->size / GRAN;
    FreeBlk *f = (FreeBlk *)h;
    h->used = 0;
    if (g <= NSMALL) {
        f->next = vm->freelist[g];
        vm->freelist[g] = f;
    } else {
        f->next = vm->freelist[0];
        vm->freelist[0] = f;
    }
}

static Hdr *take(size_t need) {
    size_t g = need / GRAN;
    if (g <= NSMALL && vm->freelist[g]) {
        FreeBlk *f = vm->freelist[g];
        vm->freelist[g] = f->next;
        return &f->h;
    }
    if ((size_t)(vm->heap_end - vm->bump) >= need) {
        Hdr *h = (Hdr *)vm->bump;
        vm->bump += need;
        h->size = (uint32_t)need;
        return h;
    }
    /* first fit in the large list, splitting off the rest */
    FreeBlk **pp = (FreeBlk **)&vm->freelist[0];
    while (*pp) {
        FreeBlk *f = *pp;
        if (f->h.size >= need) {
            *pp = f->next;
            size_t rest = f->h.size - need;
            if (rest >= 2 * GRAN) {
                Hdr *r = (Hdr *)((uint8_t *)f + need);
                r->size = (uint32_t)rest;
                push_free(r);
                f->h.size = (uint32_t)need;
            }
            return &f->h;
        }
        pp = &f->next;
    }
    /* a larger small class can serve a small request */
    for (size_t c = g + 2; c <= NSMALL; c++) {
        if (vm->freelist[c]) {
            FreeBlk *f = vm->freelist[c];
            vm->freelist[c] = f->next;
            Hdr *r = (Hdr *)((uint8_t *)f + need);
            r->size = (uint32_t)(f->h.size - need);
            push_free(r);
            f->h.size = (uint32_t)need;
            return &f->h;
        }
    }
    return NULL;
}

/* Grow the arena in place by at least need bytes (GROW_STEP at a time, so growing is rare);
 * whether it grew enough for a block of need bytes at the bump pointer. */
#define GROW_STEP (1u << 20)

static int grow(size_t need) {
    size_t room = (size_t)(vm->heap_limit - vm->heap_end);
    size_t want = need > GROW_STEP ? need : GROW_STEP;
    if (want > room) want = room;
    if (want < need) return 0;
    size_t got = port_heap_grow(want);
    if (got > room) got = room;
    vm->heap_end += got - got % GRAN;
    return (size_t)(vm->heap_end - vm->bump) >= need;
}

/* Zeroes a block's payload a word at a time. The target's C library sets memory a byte at a time
 * (four instructions a byte: 128 for an int's 32 bytes), and every allocation passes here. Blocks
 * are granules, so the payload is whole 16-byte pairs of words. The empty asm keeps the compiler
 * from turning the loop back into a memset call. */
static void zero_payload(Hdr *h) {
    uint64_t *w = (uint64_t *)(h + 1), *end = (uint64_t *)((uint8_t *)h + h->size);
    while (w < end) {
        w[0] = 0;
        w[1] = 0;
        w += 2;
        __asm__("" : : "r"(w) : "memory");
    }
}

void *gc_alloc(size_t size, int scan) {
    size_t need = (size + sizeof(Hdr) + GRAN - 1) & ~(size_t)(GRAN - 1);
    if (size > ((size_t)1 << 31)) raise(vm->memerr);
    if ((vm->since_gc > vm->threshold || vm->gc_stress) && vm->gc_enabled && !vm->in_gc)
        gc_collect();
    Hdr *h = take(need);
    if (!h && !vm->in_gc) {
        gc_collect();
        h = take(need);
    }
    if (!h && grow(need)) h = take(need);
    if (!h) {
        vm->reserve = NULL; /* the next collection frees it for the exception handler */
        raise(vm->memerr);
    }
    h->used = 1;
    h->mark = 0;
    h->scan = (uint8_t)scan;
    bit_set(gidx(h));
    vm->since_gc += h->size;
    zero_payload(h);
    return h + 1;
}

Obj *gc_new(Type *t, size_t size) {
    Obj *o = gc_alloc(size, 1);
    o->type = t;
    return o;
}

Obj *gc_new_prefixed(Type *t, size_t size) {
    /* two words keep the object 16-byte aligned; the dict is the second */
    Obj **block = gc_alloc(size + 2 * sizeof(Obj *), 1);
    Obj *o = (Obj *)(block + 2);
    o->type = t;
    return o;
}

void *gc_realloc(void *p, size_t oldsize, size_t size, int scan) {
    void *q = gc_alloc(size, scan);
    if (p) memcpy(q, p, oldsize < size ? oldsize : size);
    return q;
}

/* The block containing p, or NULL. */
static Hdr *find_block(uintptr_t p) {
    if (p < (uintptr_t)vm->heap + GRAN || p >= (uintptr_t)vm->bump) return NULL;
    size_t g = gidx((void *)p);
    size_t w = g / 32;
    uint32_t bits = vm->starts[w] & (uint32_t)(((uint64_t)2 << (g % 32)) - 1);
    while (!bits) {
        if (w == 0) return NULL;
        bits = vm->starts[--w];
    }
    size_t start = w * 32 + (31 - (size_t)__builtin_clz(bits));
    Hdr *h = (Hdr *)(vm->heap + start * GRAN);
    if (p < (uintptr_t)(h + 1) || p >= (uintptr_t)h + h->size) return NULL;
    return h;
}

static void mark_word(uintptr_t p) {
    Hdr *h = find_block(p);
    if (!h || h->mark) return;
    h->mark = 1;
    if (!h->scan) return;
    if (vm->nmark < vm->markcap)
        vm->markstack[vm->nmark++] = h;
    else
        vm->markoverflow = 1;
}

__attribute__((no_sanitize_address)) static void scan_range(const void *lo, const void *hi) {
    uintptr_t a = ((uintptr_t)lo + sizeof(void *) - 1) & ~(uintptr_t)(sizeof(void *) - 1);
    for (; a + sizeof(void *) <= (uintptr_t)hi; a += sizeof(void *))
        mark_word(*(uintptr_t *)a);
}

static void drain(void) {
    for (;;) {
        while (vm->nmark) {
            Hdr *h = vm->markstack[--vm->nmark];
            scan_range(h + 1, (uint8_t *)h + h->size);
        }
        if (!vm->markoverflow) return;
        /* the mark stack overflowed: rescan every marked block to find what was dropped */
        vm->markoverflow = 0;
        for (uint8_t *p = vm->heap; p < vm->bump; p += ((Hdr *)p)->size) {
            Hdr *h = (Hdr *)p;
            if (h->used && h->mark && h->scan) {
                scan_range(h + 1, p + h->size);
                while (vm->nmark) {
                    Hdr *q = vm->markstack[--vm->nmark];
                    scan_range(q + 1, (uint8_t *)q + q->size);
                }
            }
        }
    }
}

__attribute__((noinline, no_sanitize_address)) static void mark_stack(void) {
    jmp_buf regs; /* spills callee-saved registers onto the stack we scan */
    setjmp(regs);
    volatile uintptr_t here = (uintptr_t)&regs;
    scan_range((void *)here, (void *)vm->stack_base);
    scan_range(&regs, (uint8_t *)&regs + sizeof regs);
}

static void sweep(void) {
    for (int i = 0; i <= NSMALL; i++)
        vm->freelist[i] = NULL;
    uint8_t *p = vm->heap;
    Hdr *run = NULL; /* the free run being merged */
    size_t live = 0;
    while (p < vm->bump) {
        Hdr *h = (Hdr *)p;
        size_t size = h->size;
        if (h->used && h->mark) {
            h->mark = 0;
            live += size;
            if (run) push_free(run);
            run = NULL;
        } else {
            if (h->used) {
                bit_clear(gidx(h));
                vm->total_collected += size;
            }
            h->used = 0;
            if (run)
                run->size += (uint32_t)size;
            else
                run = h;
        }
        p += size;
    }
    if (run) vm->bump = (uint8_t *)run; /* the tail is free: give it back to the bump region */
    vm->allocated = live;
}

void gc_collect(void) {
    if (vm->in_gc) return;
    vm->in_gc = 1;
    vm->nmark = 0;
    vm->markoverflow = 0;
    scan_range(vm, vm + 1);
    for (int i = 0; i < nstatic_types; i++)
        scan_range(static_types[i], static_types[i] + 1);
    mark_stack();
    drain();
    sweep();
    vm->since_gc = 0;
    /* collect again after allocating as much as is live, at least 1 MiB */
    vm->threshold = vm->allocated > (1u << 20) ? vm->allocated : (1u << 20);
    vm->in_gc = 0;
}

size_t gc_used(void) {
    size_t used = 0;
    for (uint8_t *p = vm->heap; p < vm->bump; p += ((Hdr *)p)->size)
        if (((Hdr *)p)->used) used += ((Hdr *)p)->size;
    return used;
}

size_t gc_free_bytes(void) {
    return (size_t)(vm->heap_end - vm->heap) - gc_used();
}

/* Deep recursion in C (nested calls, repr of deep structures, the parser) ends in
 * RecursionError, never in a stack overflow. */
void stack_check(void) {
    volatile char here;
    uintptr_t sp = (uintptr_t)&here;
    if (vm->stack_base - sp > vm->stack_limit)
        raisef(&RecursionError_type, "maximum recursion depth exceeded");
}

#define RESERVE_BYTES (64u << 10)

/* Take the emergency reserve back if the heap has room again; never raises. */
void gc_reserve(void) {
    if (vm->reserve) return;
    size_t need = (RESERVE_BYTES + sizeof(Hdr) + GRAN - 1) & ~(size_t)(GRAN - 1);
    Hdr *h = take(need);
    if (!h) {
        gc_collect();
        h = take(need);
    }
    if (!h && grow(need)) h = take(need);
    if (!h) return;
    h->used = 1;
    h->mark = 0;
    h->scan = 0;
    bit_set(gidx(h));
    vm->reserve = h + 1;
}
