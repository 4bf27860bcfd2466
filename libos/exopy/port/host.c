/* port/host.c: the host platform layer: stdio, files, clock and the arena, for tests on Linux. */
#define _POSIX_C_SOURCE 200809L
#include "../exopy.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The host arena is generous but fixed, so MemoryError behaves as on the target.
 * EXOPY_HEAP (bytes) overrides it, which tests use to exhaust the heap quickly. */
#define HOST_HEAP_DEFAULT (64u << 20)

void *port_heap(size_t *size) {
    const char *env = getenv("EXOPY_HEAP");
    size_t n = env ? (size_t)strtoull(env, NULL, 0) : HOST_HEAP_DEFAULT;
    if (n < (512u << 10)) n = 512u << 10;
    void *p = malloc(n);
    if (!p) {
        fputs("exopy: cannot allocate the heap\n", stderr);
        exit(2);
    }
    *size = n;
    return p;
}

void port_write(int fd, const char *s, size_t n) {
    FILE *f = fd == 2 ? stderr : stdout;
    if (fd == 2) fflush(stdout);
    fwrite(s, 1, n, f);
    if (fd == 2) fflush(stderr);
}

long port_readline(char *buf, size_t cap) {
    fflush(stdout);
    if (!fgets(buf, (int)cap, stdin)) return -1;
    size_t n = 0;
    while (n < cap && buf[n])
        n++;
    return (long)n;
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

void port_sleep(double seconds) {
    if (seconds <= 0) return;
    struct timespec ts;
    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

const char *port_getenv(const char *name) {
    return getenv(name);
}

_Noreturn void port_exit(int status) {
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
