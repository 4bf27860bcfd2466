/* port.h: what the core needs from the platform (host or exokernel): I/O, files, clock, heap. */
#ifndef EXOPY_PORT_H
#define EXOPY_PORT_H

#include <stddef.h>
#include <stdint.h>

/* The one arena the garbage collector manages: size bytes at the start, sizes the port's choice.
 * It may grow in place up to *max bytes: when a collection leaves too little room the collector
 * asks port_heap_grow(bytes) for more right after the arena's end, which returns how many
 * bytes it added (0: none, the arena stays as it is and MemoryError follows). */
void *port_heap(size_t *size, size_t *max);
size_t port_heap_grow(size_t bytes);
/* Write bytes to stdout (fd 1) or stderr (fd 2). */
void port_write(int fd, const char *s, size_t n);
/* Console input, one byte at a time: the next byte (0..255), PORT_NONE when none came within
 * timeout_ms (0 polls, -1 waits for ever), PORT_EOF once input has ended. The REPL (readline.c)
 * builds everything on it: line editing, raw REPL, raw-paste, Ctrl-C while code runs. */
#define PORT_NONE (-2)
#define PORT_EOF  (-1)
int port_read_byte(int timeout_ms);
/* Put the console in raw mode (on = 1: bytes arrive as typed, no echo, no signals) or back
 * (on = 0). Returns 1 when the console is an interactive terminal: the REPL then echoes and
 * edits lines; 0 (input piped) means no echo. On an interactive console port_write must send
 * '\n' as "\r\n" (the host keeps the terminal's ONLCR; the raw REPL protocol relies on it). */
int port_console_raw(int on);
/* Provided by the core (readline.c), not the port: ports call it from port_write and while
 * sleeping, the VM every so many instructions; it raises KeyboardInterrupt when Ctrl-C came in
 * while the REPL runs code (other bytes typed ahead are kept for the REPL). */
void console_poll(void);
/* Also the core's: cheap enough for the VM to call on every backward jump; every
 * CONSOLE_TICKS-th call is a console_poll, so Ctrl-C stops a loop that does no I/O. */
void console_tick(void);
/* Asynchronous work (the target's revocation upcalls): the port's handler calls vm_wake()
 * (core, vm.c; only sets a flag, so safe from an upcall) and the VM calls port_service() at its
 * next call or backward jump, between two bytecodes, where it may run Python code; an exception
 * from it is raised in the running code. */
void vm_wake(void);
void port_service(void);
/* Provided by the core (readline.c) for input() and sys.stdin: one line (with its newline, if
 * any) into buf, edited on an interactive console; its length, or -1 at end of input. */
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
