/* port.h: what the core needs from the platform (host or exokernel): I/O, files, clock, heap. */
#ifndef EXOPY_PORT_H
#define EXOPY_PORT_H

#include <stddef.h>
#include <stdint.h>

/* The one fixed arena the garbage collector manages; its size is the port's choice. */
void *port_heap(size_t *size);
/* Write bytes to stdout (fd 1) or stderr (fd 2). */
void port_write(int fd, const char *s, size_t n);
/* Read one line (with its newline, if any) into buf; returns its length, or -1 at end of input. */
long port_readline(char *buf, size_t cap);
/* A file's size, or -1 if it cannot be read; then its contents. */
long port_file_size(const char *path);
long port_file_read(const char *path, char *buf, size_t cap);
double port_time(void); /* seconds since the epoch */
uint64_t port_monotonic_ns(void);
void port_sleep(double seconds);
const char *port_getenv(const char *name);
_Noreturn void port_exit(int status);
/* Bytes of C stack the interpreter may use before raising RecursionError. */
size_t port_stack_limit(void);

#endif
