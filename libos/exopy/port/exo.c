/* port/exo.c: the exokernel platform layer: the env's console, a heap arena on pages bound at
 * start, time from the `time` CSR, and exit, all through libexo. */
#include "../exopy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <exo/cpu.h>
#include <exo/libexo.h>
#include <exo/pagerun.h>
#include <exo/pages.h>
#include <exo/syscall.h>
#include <exo/upcall.h>

/* The arena: one contiguous run of pages bound and pinned at start, 4 MiB when the machine has
 * it (a shorter run rather than none, down to HEAP_PAGES_MIN), that grows in place on demand up
 * to HEAP_MAX_PAGES while the pages after it are free. */
#define HEAP_PAGES     1024u
#define HEAP_PAGES_MIN 64u
#define HEAP_MAX_PAGES 4096u
/* The image reserves this much stack (libos/Makefile: __libos_stack_size); the interpreter
 * raises RecursionError with STACK_SLACK of it left for the handler and the traceback. */
#define STACK_BYTES (256u << 10)
#define STACK_SLACK (24u << 10)

#define ARGV_MAX 8

/* port.h's console-input results, for a port.h from before port_read_byte. */
#ifndef PORT_NONE
#define PORT_NONE (-2)
#define PORT_EOF  (-1)
#endif

/* Output goes out cooked, as MicroPython's console does: a lone \n becomes \r\n so a raw
 * terminal shows lines; a \r already before it is kept. */
static char last_out;

static void console_put(const char *s, size_t n) {
    size_t done = 0;
    while (done < n) {
        long w = exo_console_write(s + done, n - done);
        if (w <= 0) {
            if (w == 0) {
                exo_yield(EXO_ANY); /* the ring is full: let the kernel drain it */
                continue;
            }
            return;
        }
        done += (size_t)w;
    }
}

/* The core's Ctrl-C check (readline.c), called while output goes out; weak until it exists. */
void console_poll(void) __attribute__((weak));

void port_write(int fd, const char *s, size_t n) {
    (void)fd; /* one console carries stdout and stderr */
    if (console_poll) console_poll();
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        char prev = i ? s[i - 1] : last_out;
        if (s[i] == '\n' && prev != '\r') {
            console_put(s + from, i - from);
            console_put("\r", 1);
            from = i;
        }
    }
    console_put(s + from, n - from);
    if (n) last_out = s[n - 1];
}

static uint64_t timebase(void);

/* mod_exo.c's hand-over of waiting revocations to their Python callback; weak, so an image
 * without the module links. */
long exo_module_poll(void) __attribute__((weak));

/* Runs the revocation callback while the REPL waits for input (the VM runs it between bytecodes
 * while code runs: port_service); an exception from it is printed, not raised into the line
 * editor. */
static void poll_revocations(void) {
    if (!exo_module_poll || !vm) return;
    TRY {
        exo_module_poll();
    }
    CATCH(e) {
        vm->nhandled = 0;
        exc_print(e);
    }
    ENDTRY
}

/* The VM's call between bytecodes after vm_wake (mod_exo.c's upcall handler saw a revocation):
 * the callback runs inside the running script, so a loop is told before the deadline; its
 * exception is raised there. */
void port_service(void) {
    if (exo_module_poll) exo_module_poll();
}

/* One byte of console input: the read does not wait, so an idle console gives the rest of the
 * slot away instead of spinning through it, after any waiting revocation is handed over. */
int port_read_byte(int timeout_ms) {
    unsigned char c;
    uint64_t end = timeout_ms > 0 ? exo_time() + (uint64_t)timeout_ms * timebase() / 1000u : 0;
    for (;;) {
        long n = exo_console_read(&c, 1);
        if (n == 1) return c;
        if (n < 0) return PORT_EOF;
        if (timeout_ms == 0 || (timeout_ms > 0 && exo_time() >= end)) return PORT_NONE;
        poll_revocations();
        exo_yield(EXO_ANY);
    }
}

/* The env's console is a UART line: always raw, and a person (or mpremote) is on the other end,
 * so the REPL echoes and edits. */
int port_console_raw(int on) {
    (void)on;
    return 1;
}

/* A line as a cooked terminal gives it: echoed, Enter (\r or \n) ends it, backspace erases,
 * Ctrl-D on an empty line is end of input. Weak: the core's line editor (readline.c) replaces
 * it once it reads through port_read_byte. */
__attribute__((weak)) long port_readline(char *buf, size_t cap) {
    size_t n = 0;
    while (n + 1 < cap) {
        int c = port_read_byte(-1);
        if (c < 0 || (c == 4 && n == 0)) return -1;
        if (c == '\r' || c == '\n') {
            buf[n++] = '\n';
            port_write(1, "\n", 1);
            return (long)n;
        }
        if (c == 0x7f || c == '\b') {
            if (n) {
                n--;
                port_write(1, "\b \b", 3);
            }
            continue;
        }
        if (c == 3) { /* Ctrl-C drops the line */
            port_write(1, "\n", 1);
            buf[0] = '\n';
            return 1;
        }
        buf[n++] = (char)c;
        port_write(1, &buf[n - 1], 1);
    }
    return (long)n;
}

static struct {
    uint32_t first; /* the arena's first page */
    uint32_t pages; /* how many it has now */
} heap;

/* The page policy while the arena may grow: libexo's default, shown a free bitmap in which the
 * pages the arena would grow into are taken, so exo.alloc_page() and the like bind elsewhere
 * (the default would extend the arena's run first). When nothing else is free they are used
 * after all, and the arena stops growing there. */
#define VIEW_WORDS 1024 /* pages of a 256 MiB machine; a larger one is shown as it is */
static uint64_t view_copy[VIEW_WORDS];

static uint32_t heap_choose(void *ctx, const struct page_view *view, const struct page_set *owned,
                            uint32_t want, unsigned hints, uint32_t *first) {
    (void)ctx;
    uint32_t lo = heap.first + heap.pages, hi = heap.first + HEAP_MAX_PAGES;
    size_t words = ((size_t)view->page_count + 63) / 64;
    if (lo < hi && words <= VIEW_WORDS) {
        memcpy(view_copy, view->bitmap, words * sizeof(uint64_t));
        for (uint32_t p = lo; p < hi; p++)
            if (p >= view->page_first && p - view->page_first < view->page_count)
                view_copy[(p - view->page_first) / 64] &= ~(1ull << ((p - view->page_first) % 64));
        struct page_view v = {view_copy, view->page_first, view->page_count};
        uint32_t n = pagerun_choose(&v, owned, want, hints, first);
        if (n) return n;
    }
    return pagerun_choose(view, owned, want, hints, first);
}

static uint32_t heap_victims(void *ctx, const struct page_set *owned, const struct page_set *pinned,
                             uint32_t n, uint32_t *out) {
    (void)ctx;
    return pagerun_victims(owned, pinned, n, out);
}

static const struct page_policy heap_policy = {NULL, heap_choose, heap_victims};

void *port_heap(size_t *size, size_t *max) {
    uint32_t first = 0;
    long got = -1;
    /* In the largest free run (room to grow after it), down to HEAP_PAGES_MIN if need be. */
    for (uint32_t want = HEAP_PAGES; want >= HEAP_PAGES_MIN; want /= 2) {
        got = pages_alloc(want, EXO_PERM_R | EXO_PERM_W, PAGERUN_GROW, &first);
        if (got >= (long)HEAP_PAGES_MIN) break;
        if (got > 0) pages_free(first, (uint32_t)got);
        got = -1;
    }
    if (got < 0) {
        static const char m[] = "exopy: no pages for the heap\n";
        port_write(2, m, sizeof m - 1);
        exo_exit(2);
    }
    pages_pin(first, (uint32_t)got);
    heap.first = first;
    heap.pages = (uint32_t)got;
    pages_set_policy(&heap_policy);
    *size = (size_t)heap.pages << EXO_PAGE_SHIFT;
    *max = (size_t)HEAP_MAX_PAGES << EXO_PAGE_SHIFT;
    return (void *)((uintptr_t)first << EXO_PAGE_SHIFT);
}

/* Binds and pins the pages right after the arena, all of them or none. */
size_t port_heap_grow(size_t bytes) {
    uint32_t n = (uint32_t)((bytes + (1u << EXO_PAGE_SHIFT) - 1) >> EXO_PAGE_SHIFT);
    if (n > HEAP_MAX_PAGES - heap.pages) n = HEAP_MAX_PAGES - heap.pages;
    uint32_t at = heap.first + heap.pages;
    if (!n || pages_alloc_at(at, n, EXO_PERM_R | EXO_PERM_W) != EXO_OK) return 0;
    pages_pin(at, n);
    heap.pages += n;
    return (size_t)n << EXO_PAGE_SHIFT;
}

/* No file system yet: every file is missing. */
long port_file_size(const char *path) {
    (void)path;
    return -1;
}

long port_file_read(const char *path, char *buf, size_t cap) {
    (void)path;
    (void)buf;
    (void)cap;
    return -1;
}

static uint64_t timebase(void) {
    uint64_t hz = libexo_exposed() ? libexo_exposed()->timebase_hz : 0;
    return hz ? hz : 10000000u;
}

/* No wall clock on the board: the epoch is boot. */
double port_time(void) {
    return (double)exo_time() / (double)timebase();
}

uint64_t port_monotonic_ns(void) {
    uint64_t t = exo_time(), hz = timebase();
    return t / hz * 1000000000u + t % hz * 1000000000u / hz;
}

void port_sleep(double seconds) {
    if (seconds <= 0) return;
    uint64_t end = exo_time() + (uint64_t)(seconds * (double)timebase());
    while (exo_time() < end) {
        if (console_poll) console_poll();
        exo_yield(EXO_ANY);
    }
}

const char *port_getenv(const char *name) {
    (void)name;
    return NULL;
}

_Noreturn void port_exit(int status) {
    exo_exit(status);
}

size_t port_stack_limit(void) {
    return STACK_BYTES - STACK_SLACK;
}

int exopy_main(int argc, char **argv, uintptr_t stack_base);

/* argv from the argument block (NUL-separated, ended by an empty string). */
int main(void) {
    static char *argv[ARGV_MAX + 1];
    int argc = 0;
    argv[argc++] = "exopy";
    const char *a = libexo_args();
    while (a && *a && argc < ARGV_MAX) {
        argv[argc++] = (char *)a;
        a += strlen(a) + 1;
    }
    argv[argc] = NULL;
    volatile char base;
    return exopy_main(argc, argv, (uintptr_t)&base + 64);
}
