/* port/host.c: the host platform layer: stdio, the console (a raw terminal or a pipe), files,
 * clock and the arena, for tests on Linux. */
#define _POSIX_C_SOURCE 200809L
#include "../exopy.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* The host arena is generous but bounded, so MemoryError behaves as on the target.
 * EXOPY_HEAP (bytes) overrides the bound, which tests use to exhaust the heap quickly.
 * EXOPY_HEAP_START (bytes) starts the arena smaller, to grow up to the bound as the target's
 * does (tests of port_heap_grow); by default it has the whole bound from the start. */
#define HOST_HEAP_DEFAULT (64u << 20)

static struct { size_t size, max; } arena;

static size_t env_bytes(const char *name, size_t dflt) {
    const char *env = getenv(name);
    size_t n = env ? (size_t)strtoull(env, NULL, 0) : dflt;
    return n < (512u << 10) ? 512u << 10 : n;
}

void *port_heap(size_t *size, size_t *max) {
    arena.max = env_bytes("EXOPY_HEAP", HOST_HEAP_DEFAULT);
    arena.size = env_bytes("EXOPY_HEAP_START", arena.max);
    if (arena.size > arena.max) arena.size = arena.max;
    void *p = malloc(arena.max);
    if (!p) {
        fputs("exopy: cannot allocate the heap\n", stderr);
        exit(2);
    }
    *size = arena.size;
    *max = arena.max;
    return p;
}

size_t port_heap_grow(size_t bytes) {
    if (bytes > arena.max - arena.size) bytes = arena.max - arena.size;
    arena.size += bytes;
    return bytes;
}

/* The console: stdin read through one buffer (poll(2) gives the timeouts), and the terminal's
 * settings from before raw mode, to put back at exit. */
static struct {
    unsigned char buf[4096];
    size_t pos, len;
    int eof, raw;
    struct termios saved;
} con;

void port_write(int fd, const char *s, size_t n) {
    FILE *f = fd == 2 ? stderr : stdout;
    if (fd == 2) fflush(stdout);
    fwrite(s, 1, n, f);
    /* on a terminal every write shows at once, so stdout and stderr interleave as written */
    if (fd == 2 || con.raw) fflush(f);
    console_poll();
}

int port_read_byte(int timeout_ms) {
    if (con.pos < con.len) return con.buf[con.pos++];
    if (con.eof) return PORT_EOF;
    fflush(stdout);
    struct pollfd p = {.fd = 0, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    if (r == 0 || (r < 0 && errno == EINTR)) return PORT_NONE;
    ssize_t got = read(0, con.buf, sizeof con.buf);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) return PORT_NONE;
    if (got <= 0) { /* a closed pty answers EIO: the same end of input */
        con.eof = 1;
        return PORT_EOF;
    }
    con.pos = 0;
    con.len = (size_t)got;
    return con.buf[con.pos++];
}

int port_console_raw(int on) {
    if (!isatty(0)) return 0;
    if (on && !con.raw) {
        if (tcgetattr(0, &con.saved) != 0) return 0;
        struct termios t = con.saved;
        t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        t.c_cflag |= CS8;
        /* output keeps OPOST + ONLCR: the interpreter writes '\n', the console shows "\r\n" */
        t.c_oflag |= OPOST | ONLCR;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        /* TCSANOW: bytes already typed (or sent by a tool) are kept, not flushed */
        if (tcsetattr(0, TCSANOW, &t) != 0) return 0;
        con.raw = 1;
    } else if (!on && con.raw) {
        fflush(stdout);
        tcsetattr(0, TCSANOW, &con.saved);
        con.raw = 0;
    }
    return 1;
}

long port_file_size(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0) n = ftell(f);
    fclose(f);
    return n;
}

long port_file_read(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return (long)n;
}

double port_time(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t port_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The host has no asynchronous events for the VM (Ctrl-C comes through console_poll). */
void port_service(void) {}

/* Sleeps in slices of at most 20 ms so Ctrl-C interrupts a long sleep. */
void port_sleep(double seconds) {
    while (seconds > 0) {
        double step = seconds < 0.02 ? seconds : 0.02;
        struct timespec ts;
        ts.tv_sec = (time_t)step;
        ts.tv_nsec = (long)((step - (double)ts.tv_sec) * 1e9);
        nanosleep(&ts, NULL);
        seconds -= step;
        console_poll();
    }
}

const char *port_getenv(const char *name) {
    return getenv(name);
}

_Noreturn void port_exit(int status) {
    port_console_raw(0);
    fflush(stdout);
    fflush(stderr);
    exit(status);
}

/* The main thread has 8 MiB by default; sanitized frames are large, so stop well short of it. */
size_t port_stack_limit(void) {
    return 5u << 20;
}

int exopy_main(int argc, char **argv, uintptr_t stack_base);

int main(int argc, char **argv) {
    volatile char base;
    int status = exopy_main(argc, argv, (uintptr_t)&base + 64);
    port_exit(status);
}
