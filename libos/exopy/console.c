/* console.c: the console's input side under the REPL: bytes from the port behind a type-ahead
 * queue, and Ctrl-C noticed while the REPL runs code (console_poll, console_tick). */
#include "exopy.h"
#include "repl.h"

/* Bytes typed while code runs wait here (a power of two); when it is full, more are dropped. */
#define QUEUE_SIZE 1024

/* Outside the GC heap: it is used while the heap may be full. */
static struct {
    unsigned char queue[QUEUE_SIZE];
    unsigned head, tail;
    int eof;         /* the port reported the end of input (after the queued bytes) */
    int interactive; /* echo and edit (a terminal), or not (piped input) */
    int running;     /* the REPL runs code: Ctrl-C raises KeyboardInterrupt */
    unsigned ticks;  /* console_tick calls so far */
} con;

void console_set_interactive(int on) {
    con.interactive = on;
}

int console_interactive(void) {
    return con.interactive;
}

void console_running(int on) {
    con.running = on;
}

static void queue_push(int c) {
    if (con.tail - con.head < QUEUE_SIZE) con.queue[con.tail++ % QUEUE_SIZE] = (unsigned char)c;
}

void console_poll(void) {
    if (!con.running || !con.interactive) return;
    for (;;) {
        int c = port_read_byte(0);
        if (c == PORT_NONE) return;
        if (c == PORT_EOF) {
            con.eof = 1;
            return;
        }
        if (c == CTRL_C) {
            con.head = con.tail; /* what was typed before Ctrl-C is abandoned with the code */
            raise_type(&KeyboardInterrupt_type, NULL);
        }
        queue_push(c);
    }
}

/* Backward jumps between two polls: a poll is a system call on the host, a jump a few ns. */
#define CONSOLE_TICKS 4096

void console_tick(void) {
    if (++con.ticks % CONSOLE_TICKS == 0) console_poll();
}

int console_read(int timeout_ms) {
    if (con.head != con.tail) return con.queue[con.head++ % QUEUE_SIZE];
    if (con.eof) return PORT_EOF;
    return port_read_byte(timeout_ms);
}
