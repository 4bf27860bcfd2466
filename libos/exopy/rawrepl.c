/* rawrepl.c: MicroPython's raw REPL and raw-paste protocol, byte for byte, as mpremote speaks
 * it: no echo, OK / stdout / 0x04 / error text / 0x04 / '>' frames, soft reset, and raw-paste's
 * flow-control window. */
#include "repl.h"

#include <stdio.h>
#include <string.h>

static void say(const char *s) {
    port_write(1, s, strlen(s));
}

/* The frame of a raw REPL run: stdout, 0x04, the error text, 0x04. SystemExit ends only the
 * run: its status (when not 0) is the error text, as "SystemExit: N". */
static void raw_run(const char *src, size_t len) {
    Obj *err = repl_exec(src, len, MODE_FILE);
    port_write(1, "\x04", 1);
    if (err && ISINST(err, SystemExit_type)) {
        int status = exit_status(err);
        if (status) {
            char text[40];
            int n = snprintf(text, sizeof text, "SystemExit: %d\n", status);
            port_write(2, text, (size_t)n);
        }
    } else if (err) {
        exc_print(err);
    }
    port_write(1, "\x04", 1); /* on stdout too: piped, the frame stays whole in one stream */
}

/* Raw-paste: the window the host may send before it waits for a 0x01. */
#define RAW_PASTE_WINDOW 256

static int raw_paste(void) {
    char header[4] = {'R', 0x01, RAW_PASTE_WINDOW & 0xff, RAW_PASTE_WINDOW >> 8};
    port_write(1, header, sizeof header);
    Buf b;
    buf_init(&b);
    size_t in_window = 0;
    for (;;) {
        int c = console_read(-1);
        if (c == PORT_EOF) return REPL_END;
        if (c == CTRL_D) break;
        if (c == CTRL_C) { /* the host gave up: say the paste ended, run nothing */
            port_write(1, "\x04", 1);
            return REPL_RAW;
        }
        char ch = (char)c;
        buf_add(&b, &ch, 1);
        if (++in_window == RAW_PASTE_WINDOW) {
            in_window = 0;
            port_write(1, "\x01", 1);
        }
    }
    port_write(1, "\x04", 1);
    raw_run(b.p, b.len);
    return REPL_RAW;
}

/* MicroPython's raw REPL: no echo; Ctrl-D runs what came (an empty one soft-resets), Ctrl-C
 * drops it, Ctrl-A starts over (or raw-paste after "\x05A"), Ctrl-B back to friendly. */
int rawrepl_run(void) {
    say("raw REPL; CTRL-B to exit\n");
    for (;;) {
        gc_reserve();
        say(">");
        Buf b;
        buf_init(&b);
        for (;;) {
            int c = console_read(-1);
            if (c == PORT_EOF) return REPL_END;
            if (c == CTRL_A) {
                if (b.len == 2 && b.p[0] == CTRL_E && b.p[1] == 'A') {
                    if (raw_paste() == REPL_END) return REPL_END;
                    break;
                }
                say("raw REPL; CTRL-B to exit\n");
                break;
            }
            if (c == CTRL_B) {
                say("\n");
                return REPL_FRIENDLY;
            }
            if (c == CTRL_C) {
                b.len = 0;
                continue;
            }
            if (c == CTRL_D) {
                if (b.len == 0) {
                    say("OK\n");
                    repl_soft_reset();
                    say("raw REPL; CTRL-B to exit\n");
                } else {
                    say("OK");
                    raw_run(b.p, b.len);
                }
                break;
            }
            char ch = (char)c;
            buf_add(&b, &ch, 1);
        }
    }
}
