/* harness_hex.h: the hex text the host-built harnesses read and write (lowercase or uppercase
 * in, lowercase out, "-" for no bytes). Header-only: each harness is one program. */
#ifndef EXO_TESTS_HARNESS_HEX_H
#define EXO_TESTS_HARNESS_HEX_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline int hex_nibble(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parse s into buf (cap bytes); its length, or -1 when s is missing, malformed or too long. */
static inline long unhex(const char *s, uint8_t *buf, size_t cap) {
    if (s == NULL) return -1;
    if (strcmp(s, "-") == 0) return 0;
    size_t n = strlen(s);
    if (n % 2 || n / 2 > cap) return -1;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_nibble(s[2 * i]), lo = hex_nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        buf[i] = (uint8_t)(hi << 4 | lo);
    }
    return (long)(n / 2);
}

static inline void puthex(const uint8_t *p, size_t n) {
    if (n == 0) fputc('-', stdout);
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
}

#endif /* EXO_TESTS_HARNESS_HEX_H */
