/* hostile.h: small helpers the hostile test envs share (argument parsing, console lines, instret,
 * a seeded generator, stopping on purpose), header-only because every env is built from its one .c.
 *
 * Nothing here uses picolibc's stdio or ctype: on rv32 those address data absolutely, which an
 * image cannot do, and they would make every probe image (loaded hundreds of times) bigger.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include <exo/asm.h>
#include <exo/libexo.h>
#include <exo/syscall.h>

/* exo/asm.h's register store, load and size as strings, for inline assembly. */
#define ASM_STR_(x) #x
#define ASM_STR(x)  ASM_STR_(x)
#define S_          ASM_STR(REG_S)
#define L_          ASM_STR(REG_L)
#define W_          ASM_STR(REG_SIZE)

/* A 1 KiB stack instead of libos.ld's 8 KiB: these envs call nothing deep, and a smaller image
 * loads faster (probes are loaded hundreds of times). libos.ld PROVIDEs the symbol, so this
 * definition wins. */
__asm__(".globl __libos_stack_size\n.set __libos_stack_size, 0x400");

/* The image's own bounds (libos/lib/libos.ld): the run the host loaded it into starts at _start
 * and the image ends at __end; the pages from there to the run's end are the argument block. */
extern char _start[];
extern char __end[];

static inline uintptr_t image_first(void) {
    return (uintptr_t)_start;
}

/* One past the image's last page. */
static inline uintptr_t image_end(void) {
    return ((uintptr_t)__end + EXO_PAGE_SIZE - 1) & ~(uintptr_t)(EXO_PAGE_SIZE - 1);
}

/* Instructions retired so far; the kernel lets U-mode read it (mcounteren.IR). */
static inline unsigned long instret_read(void) {
    unsigned long n;
    __asm__ volatile("csrr %0, instret" : "=r"(n));
    return n;
}

/* Stop this env on purpose: a breakpoint with no handler stops it and it keeps its pages until
 * the host kills it (a FAULT event with cause 3 tells the host it got here). */
__attribute__((noreturn)) static inline void env_stop(void) {
    __asm__ volatile("ebreak");
    for (;;) {
    }
}

/* The argument after `arg` in the block (NUL-separated, ending in an empty string); NULL at the
 * end or when there is no block. The first argument is arg_next(NULL). */
static inline const char *arg_next(const char *arg) {
    if (arg == NULL) {
        arg = libexo_args();
        return (arg != NULL && *arg != '\0') ? arg : NULL;
    }
    while (*arg != '\0')
        arg++;
    arg++;
    return *arg != '\0' ? arg : NULL;
}

/* A number in hex (0x...), or decimal with an optional minus sign; 0 if `s` is not one. */
static inline int num_parse(const char *s, unsigned long *out) {
    if (s == NULL || *s == '\0') return 0;
    int neg = 0;
    unsigned base = 10;
    if (*s == '-') {
        neg = 1;
        s++;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0') return 0;
    unsigned long v = 0;
    for (; *s != '\0'; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return 0;
        v = v * base + d;
    }
    *out = neg ? (unsigned long)-(long)v : v;
    return 1;
}

/* Console output, one line at a time. A write may take fewer bytes than offered (an attached
 * host has not drained the ring yet), so the rest is offered again until it is all taken. */
struct line {
    char buf[120];
    size_t len;
};

static inline void line_flush(struct line *l) {
    size_t done = 0;
    while (done < l->len) {
        long n = exo_console_write(l->buf + done, l->len - done);
        if (n < 0) break;
        done += (size_t)n;
    }
    l->len = 0;
}

static inline void line_str(struct line *l, const char *s) {
    for (; *s != '\0'; s++) {
        if (l->len == sizeof l->buf) line_flush(l);
        l->buf[l->len++] = *s;
    }
}

static inline void line_hex(struct line *l, unsigned long v) {
    char digits[2 + 2 * sizeof v + 1];
    char *p = digits + sizeof digits - 1;
    *p = '\0';
    do {
        *--p = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v != 0);
    *--p = 'x';
    *--p = '0';
    line_str(l, p);
}

static inline void line_dec(struct line *l, long v) {
    char digits[24];
    char *p = digits + sizeof digits - 1;
    unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;
    *p = '\0';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) *--p = '-';
    line_str(l, p);
}

/* Ends the line with '\n' and writes it. */
static inline void line_end(struct line *l) {
    line_str(l, "\n");
    line_flush(l);
}

/* Waits for one byte of console input and returns it. The console has no blocking read, so it
 * polls, with a pause between polls: an env trapping into the kernel back to back slows the
 * host link down (measured on QEMU: a PING took 20 times longer, with retries). */
static inline char console_wait_byte(void) {
    char c;
    while (exo_console_read(&c, 1) != 1) {
        for (volatile unsigned i = 0; i < 20000; i++) {
        }
    }
    return c;
}

/* xorshift64*: a small seeded generator, the same sequence on rv32 and rv64. */
static inline uint64_t rng_next(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* A non-zero state from any seed. */
static inline uint64_t rng_seed(uint64_t seed) {
    return (seed * 0x9e3779b97f4a7c15ull + 0x6a09e667f3bcc909ull) | 1;
}

#endif /* HOSTILE_H */
