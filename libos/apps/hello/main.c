/* hello: the smallest libOS app: says which env it is, then exits 0. */
#include <string.h>

#include <exo/syscall.h>

/* Formats v in decimal at the end of buf; returns where the digits start. */
static char *format_decimal(char *end, unsigned long v) {
    char *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    return p;
}

int main(void) {
    static const char prefix[] = "hello from env ";
    char line[sizeof prefix + 24];
    char digits[24];
    char *d = format_decimal(digits + sizeof digits, exo_env_self());
    size_t n = (size_t)(digits + sizeof digits - d);

    memcpy(line, prefix, sizeof prefix - 1);
    memcpy(line + sizeof prefix - 1, d, n);
    line[sizeof prefix - 1 + n] = '\n';
    long written = exo_console_write(line, sizeof prefix + n);
    return written < 0 ? 1 : 0;
}
