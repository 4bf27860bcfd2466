/* readline.c: the REPL's line-input layer: one line from the console after a prompt. Line
 * editing, history, Ctrl-C and MicroPython's raw REPL belong here, apart from evaluation. */
#include "exopy.h"
#include "repl.h"

#include <string.h>

int readline_line(const char *prompt, Buf *into) {
    port_write(1, prompt, strlen(prompt));
    char chunk[1024];
    int any = 0;
    for (;;) {
        long got = port_readline(chunk, sizeof chunk);
        if (got < 0) return any;
        any = 1;
        buf_add(into, chunk, (size_t)got);
        if (got && chunk[got - 1] == '\n') return 1;
    }
}
