/* fmt_harness.c: formats one value with libos/lib/fmt.c and with the host libc's snprintf, for
 * test_fmt.py (the host libc is the oracle).
 *
 *   SPEC_HEX TYPE VALUE  -> OURS_HEX THEIRS_HEX
 * SPEC (sent in hex, it may hold spaces) is a conversion with its flags (e.g. %-08lx), optionally
 * preceded by *-arguments given in VALUE as "W,P,V"; TYPE is i (long long), u (unsigned long long),
 * s (string, VALUE hex), c (char). The spec's length modifier must match TYPE's C type; the test
 * makes sure it does.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/fmt.h>

struct buf {
    char s[4096];
    size_t n;
};

static void out(void *ctx, const char *s, size_t n) {
    struct buf *b = ctx;
    if (b->n + n > sizeof b->s) abort();
    memcpy(b->s + b->n, s, n);
    b->n += n;
}

static void hex(const char *s, size_t n) {
    if (n == 0) fputs("-", stdout);
    for (size_t i = 0; i < n; i++)
        printf("%02x", (unsigned char)s[i]);
}

/* Both formatters with the same arguments. */
static void both(const char *spec, ...) {
    struct buf ours = {.n = 0};
    char theirs[4096];
    va_list ap, ap2;
    va_start(ap, spec);
    va_copy(ap2, ap);
    int n1 = fmt_vformat(out, &ours, spec, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    int n2 = vsnprintf(theirs, sizeof theirs, spec, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    if (n1 != (int)ours.n || n2 < 0) abort();
    hex(ours.s, ours.n);
    putchar(' ');
    hex(theirs, (size_t)n2);
    putchar('\n');
}

static char *unhex(const char *h) {
    size_t n = strlen(h) / 2;
    char *s = calloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        char b[3] = {h[2 * i], h[2 * i + 1], 0};
        s[i] = (char)strtoul(b, NULL, 16);
    }
    return s;
}

int main(void) {
    char line[8192];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *spec_hex = strtok(line, " \n"), *type = strtok(NULL, " \n"), *v = strtok(NULL, " \n");
        if (spec_hex == NULL || type == NULL || v == NULL) {
            puts("?");
            continue;
        }
        char *spec = unhex(spec_hex);
        int stars = 0;
        int w = 0, p = 0;
        for (char *c = spec; *c; c++)
            stars += *c == '*';
        if (stars > 0) {
            w = atoi(strtok(v, ","));
            if (stars > 1) p = atoi(strtok(NULL, ","));
            v = strtok(NULL, ",");
        }
        if (type[0] == 's') {
            char *s = unhex(v);
            if (stars == 2)
                both(spec, w, p, s);
            else if (stars == 1)
                both(spec, w, s);
            else
                both(spec, s);
            free(s);
        } else if (type[0] == 'i' || type[0] == 'c') {
            long long x = strtoll(v, NULL, 0);
            if (type[0] == 'c') x = (int)x;
            /* The spec's length says how the argument is read; pass each as its own type. */
            int ll = strstr(spec, "ll") != NULL, l = !ll && strchr(spec, 'l') != NULL;
            int j = strchr(spec, 'j') != NULL, z = strchr(spec, 'z') != NULL;
            if (stars == 1) {
                if (ll || j)
                    both(spec, w, x);
                else if (l || z)
                    both(spec, w, (long)x);
                else
                    both(spec, w, (int)x);
            } else if (stars == 2) {
                if (ll || j)
                    both(spec, w, p, x);
                else if (l || z)
                    both(spec, w, p, (long)x);
                else
                    both(spec, w, p, (int)x);
            } else {
                if (ll || j)
                    both(spec, x);
                else if (l || z)
                    both(spec, (long)x);
                else
                    both(spec, (int)x);
            }
        } else {
            unsigned long long x = strtoull(v, NULL, 0);
            int ll = strstr(spec, "ll") != NULL, l = !ll && strchr(spec, 'l') != NULL;
            int j = strchr(spec, 'j') != NULL, z = strchr(spec, 'z') != NULL;
            if (stars == 1) {
                if (ll || j)
                    both(spec, w, x);
                else if (l || z)
                    both(spec, w, (unsigned long)x);
                else
                    both(spec, w, (unsigned)x);
            } else if (stars == 2) {
                if (ll || j)
                    both(spec, w, p, x);
                else if (l || z)
                    both(spec, w, p, (unsigned long)x);
                else
                    both(spec, w, p, (unsigned)x);
            } else {
                if (ll || j)
                    both(spec, x);
                else if (l || z)
                    both(spec, (unsigned long)x);
                else
                    both(spec, (unsigned)x);
            }
        }
        free(spec);
        fflush(stdout);
    }
    return 0;
}
