/* string_harness.c: checks the firmware's lib/string.c (built here under exo_* names, see
 * test_string.py) against byte-by-byte reference loops, over every small length and every
 * alignment of source and destination, with guard bytes around each buffer. Prints "ok N"
 * (N cases) or the first mismatch. */
#include <stdio.h>

#include "lib/string.h"

#define SPAN 96
#define PAD  16

static unsigned char a[SPAN + 2 * PAD], b[SPAN + 2 * PAD], want[SPAN + 2 * PAD];

static void fill(unsigned char *p, unsigned seed) {
    for (int i = 0; i < SPAN + 2 * PAD; i++)
        p[i] = (unsigned char)(seed * 131 + i * 29 + 7);
}

static int same(const unsigned char *x, const unsigned char *y) {
    for (int i = 0; i < SPAN + 2 * PAD; i++)
        if (x[i] != y[i]) return 0;
    return 1;
}

int main(void) {
    long cases = 0;
    for (int len = 0; len <= 64; len++) {
        for (int da = 0; da < 8; da++) {
            for (int sa = 0; sa < 8; sa++) {
                fill(a, 1), fill(b, 2), fill(want, 2);
                for (int i = 0; i < len; i++)
                    want[PAD + da + i] = a[PAD + sa + i];
                if (memcpy(b + PAD + da, a + PAD + sa, len) != b + PAD + da || !same(b, want)) {
                    printf("memcpy len=%d dst+%d src+%d\n", len, da, sa);
                    return 1;
                }
                if (memcmp(b + PAD + da, a + PAD + sa, len) != 0) {
                    printf("memcmp equal len=%d\n", len);
                    return 1;
                }
                cases++;
            }
            int c = 0x100 | (len * 37 + da); /* only the low byte counts */
            fill(b, 3), fill(want, 3);
            for (int i = 0; i < len; i++)
                want[PAD + da + i] = (unsigned char)c;
            if (memset(b + PAD + da, c, len) != b + PAD + da || !same(b, want)) {
                printf("memset len=%d dst+%d\n", len, da);
                return 1;
            }
            cases++;
        }
    }
    fill(a, 4), fill(b, 4);
    b[PAD + 40] ^= 0x80;
    if (!(memcmp(a + PAD, b + PAD, 64) < 0 && memcmp(b + PAD, a + PAD, 64) > 0) ||
        memcmp(a + PAD, b + PAD, 40) != 0 || strlen("") != 0 || strlen("exo") != 3) {
        puts("memcmp/strlen");
        return 1;
    }
    printf("ok %ld\n", cases);
    return 0;
}
