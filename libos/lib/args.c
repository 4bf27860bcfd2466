/* args.c: `key=value` arguments as numbers (exo/args.h). */
#include <string.h>

#include <exo/args.h>
#include <exo/libexo.h>

/* s as a decimal or 0x-hex number into *out: 1, or 0 if it is not one (nothing written). */
static int number(const char *s, unsigned long *out) {
    unsigned long v = 0, base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0') return 0;
    for (; *s != '\0'; s++) {
        unsigned long d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned long)(*s - '0');
        else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
            d = (unsigned long)((*s | 0x20) - 'a' + 10);
        else
            return 0;
        v = v * base + d;
    }
    *out = v;
    return 1;
}

const char *args_numbers(const struct args_number *spec, size_t n) {
    for (const char *a = libexo_args(); a != NULL && *a != '\0'; a += strlen(a) + 1) {
        const char *eq = strchr(a, '=');
        size_t k = 0;
        while (k < n && (eq == NULL || strlen(spec[k].key) != (size_t)(eq - a) ||
                         strncmp(a, spec[k].key, (size_t)(eq - a)) != 0))
            k++;
        if (k == n || !number(eq + 1, spec[k].value)) return a;
    }
    return NULL;
}
