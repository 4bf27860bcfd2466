/* sbi_null.c: measures one SBI ecall round trip through OpenSBI, the peer our syscall path is
 * compared with. Runs in S-mode under QEMU -icount shift=0 and prints instructions per call as
 * `peer <name> <instructions>` lines on the SBI console, then powers off. */
#include <stdint.h>

#define REPS 1000

struct sbiret {
    long error;
    long value;
};

static inline struct sbiret sbi_call(long ext, long fid, long arg0) {
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = 0;
    register long a6 __asm__("a6") = fid;
    register long a7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
    return (struct sbiret){a0, a1};
}

static inline uint64_t instret(void) {
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

static void putc_sbi(char c) {
    sbi_call(0x01, 0, c); /* legacy console putchar: present in OpenSBI 1.x */
}

static void puts_sbi(const char *s) {
    while (*s)
        putc_sbi(*s++);
}

static void putu(uint64_t v) {
    char buf[24];
    int i = 0;
    do
        buf[i++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (i)
        putc_sbi(buf[--i]);
}

/* Instructions per iteration of a loop doing `ext/fid` ecalls, minus the same loop without it. */
static uint64_t measure(long ext, long fid, long arg) {
    uint64_t t0 = instret();
    for (int i = 0; i < REPS; i++)
        sbi_call(ext, fid, arg);
    uint64_t t1 = instret();
    for (int i = 0; i < REPS; i++)
        __asm__ volatile("" ::: "memory");
    uint64_t t2 = instret();
    uint64_t with = t1 - t0, without = t2 - t1;
    return (with - without + REPS / 2) / REPS;
}

static void report(const char *name, uint64_t n) {
    puts_sbi("peer ");
    puts_sbi(name);
    putc_sbi(' ');
    putu(n);
    putc_sbi('\n');
}

void peer_main(void) {
    report("opensbi_get_spec_version", measure(0x10, 0, 0));
    report("opensbi_probe_extension", measure(0x10, 3, 0x54494d45));
    puts_sbi("peer done\n");
    sbi_call(0x53525354, 0, 0); /* system reset: shutdown */
    sbi_call(0x08, 0, 0);       /* legacy shutdown, if SRST is absent */
}
