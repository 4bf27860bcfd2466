/* relocs: an env full of pointers the host must relocate; exits 0 only if every one is right.
 *
 * It holds pointers in .data, in read-only tables (.rodata), a switch jump table, function
 * pointers and thread-locals, and compares each with the same address computed PC-relatively
 * at run time, so a wrong base or a missed relocation shows.
 */
#include <stddef.h>
#include <string.h>

#include <exo/syscall.h>

/* Not static: the compiler cannot fold what another unit might change, so every pointer
 * below is really loaded from the image at run time. */
int counter = 3;
char buffer[64];
char *end_of_buffer = buffer + sizeof buffer; /* one past the end */
int *counter_ptr = &counter;
const char *const words[] = {"zero", "one", "two", "three"};
/* Not static, so the compiler must keep them in .tdata rather than fold them. */
_Thread_local int tls_value = 7;
_Thread_local int *tls_ptr = &counter;
_Thread_local int tls_zero;

static int add(int a, int b) {
    return a + b;
}
static int sub(int a, int b) {
    return a - b;
}
int (*const ops[])(int, int) = {add, sub};

/* A dense switch with different code in each case: a jump table in .rodata (GCC 12 makes
 * its entries table-relative, so it needs no relocation, but it must still work when moved). */
__attribute__((noinline)) static int pick(int i, int x) {
    switch (i) {
    case 0:
        return x * 3;
    case 1:
        return x + 7;
    case 2:
        return x ^ 5;
    case 3:
        return x - 11;
    case 4:
        return x << 2;
    case 5:
        return x / 3;
    case 6:
        return x % 7;
    default:
        return -1;
    }
}

static void say(const char *s) {
    exo_console_write(s, strlen(s));
}

int main(void) {
    /* volatile: keep the compiler from folding the checks to constants. */
    volatile int i = 1;
    int failures = 0;
    failures += counter_ptr != &counter;
    failures += end_of_buffer != buffer + sizeof buffer;
    failures += strcmp(words[i + 1], "two") != 0;
    failures += ops[i](5, 3) != 2 || ops[i - 1](5, 3) != 8;
    failures += pick(i + 2, 20) != 9 || pick(i + 4, 21) != 7 || pick(i + 5, 20) != 6;
    failures += tls_value != 7 || tls_ptr != &counter || *tls_ptr != 3 || tls_zero != 0;
    tls_zero = i;
    failures += tls_zero != 1 || tls_value != 7;
    say(failures == 0 ? "relocs ok\n" : "relocs FAILED\n");
    return failures;
}
