/* stdio.c: the env's console as picolibc's stdin/stdout/stderr (FILE hooks over
 * EXO_SYS_CONSOLE_*), and libexo's printf family over fmt.c (exo/fmt.h says why not
 * picolibc's). Output is kept in one line buffer, so printf and fputs interleave in order and a
 * line costs one syscall. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <exo/fmt.h>
#include <exo/hold.h>
#include <exo/syscall.h>

static char line[128];
static size_t line_len;

/* Held: the line buffer is shared by every thread and by the fault report's flush. */
static int console_flush(FILE *f) {
    (void)f;
    int r = 0;
    size_t done = 0;
    hold_enter();
    while (done < line_len) {
        long n = exo_console_write(line + done, line_len - done);
        if (n < 0) {
            r = EOF;
            break;
        }
        /* 0: an attached host has not drained the ring yet (docs/abi.md). Give up the slot so
         * the kernel can send it, then retry: output is never dropped. */
        if (n == 0) exo_syscall6(EXO_SYS_YIELD, EXO_ANY, 0, 0, 0, 0, 0);
        done += (size_t)n;
    }
    line_len = 0;
    hold_leave();
    return r;
}

static int console_put(char c, FILE *f) {
    int r = (unsigned char)c;
    hold_enter();
    line[line_len++] = c;
    if ((c == '\n' || line_len == sizeof line) && console_flush(f) != 0) r = EOF;
    hold_leave();
    return r;
}

/* Waits for one byte: the console read does not wait, so between reads the env gives the CPU
 * away until an event comes (EXO_EV_CONSOLE with the event layer, exo/events.h); without the
 * event layer, it polls. */
static int console_get(FILE *f) {
    unsigned char c;
    console_flush(f);
    for (;;) {
        long n = exo_console_read(&c, 1);
        if (n == 1) return c;
        if (n < 0) return EOF;
        /* A nap, not a wait for ever: input that came between the read and the wait raised its
         * event before the wait could see it. */
        if (hold_wait != NULL) hold_wait(HOLD_NAP);
    }
}

static FILE console = FDEV_SETUP_STREAM(console_put, console_get, console_flush, _FDEV_SETUP_RW);
FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;

static void to_file(void *ctx, const char *s, size_t n) {
    FILE *f = ctx;
    for (size_t i = 0; i < n; i++)
        f->put(s[i], f);
}

/* One call's output stays together (held): a thread preempted halfway through a line would let
 * another thread's bytes into it. */
int vfprintf(FILE *f, const char *fmt, va_list ap) {
    hold_enter();
    int n = fmt_vformat(to_file, f, fmt, ap);
    hold_leave();
    return n;
}

int fprintf(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *fmt, va_list ap) {
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

/* picolibc defines putchar as a macro over putc; this is the function for code that takes its
 * address or #undefs it. */
#undef putchar
int putchar(int c) {
    return console_put((char)c, stdout);
}

int puts(const char *s) {
    hold_enter();
    to_file(stdout, s, strlen(s));
    int r = console_put('\n', stdout) == EOF ? EOF : 0;
    hold_leave();
    return r;
}

struct buffer {
    char *p;
    size_t size;
    size_t len;
};

static void to_buffer(void *ctx, const char *s, size_t n) {
    struct buffer *b = ctx;
    for (size_t i = 0; i < n; i++, b->len++)
        if (b->len + 1 < b->size) b->p[b->len] = s[i];
}

int vsnprintf(char *s, size_t size, const char *fmt, va_list ap) {
    struct buffer b = {s, size, 0};
    int n = fmt_vformat(to_buffer, &b, fmt, ap);
    if (size != 0) s[b.len < size ? b.len : size - 1] = '\0';
    return n;
}

int snprintf(char *s, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s, size, fmt, ap);
    va_end(ap);
    return n;
}
