/* readline.c: the REPL's console input: bytes from the port behind a type-ahead queue, Ctrl-C
 * noticed while code runs, and the line editor (cursor keys, home/end, backspace, delete,
 * history, auto-indent). Evaluation and the REPL modes are in repl.c. */
#include "exopy.h"
#include "repl.h"

#include <stdio.h>
#include <string.h>

#define CTRL_A    0x01
#define CTRL_B    0x02
#define CTRL_C    0x03
#define CTRL_D    0x04
#define CTRL_E    0x05
#define CTRL_F    0x06
#define CTRL_N    0x0e
#define CTRL_P    0x10
#define BACKSPACE 0x08
#define ESC       0x1b
#define DEL       0x7f

/* Bytes typed while code runs wait here (a power of two); when it is full, more are dropped. */
#define QUEUE_SIZE    1024
#define HISTORY_DEPTH 8

/* The console's state lives outside the GC heap: the editor runs while the heap may be full. */
static struct {
    unsigned char queue[QUEUE_SIZE];
    unsigned head, tail;
    int eof;         /* the port reported the end of input (after the queued bytes) */
    int interactive; /* echo and edit (a terminal), or not (piped input) */
    int running;     /* the REPL runs code: Ctrl-C raises KeyboardInterrupt */
    int after_cr;    /* the last line ended with '\r': a '\n' right after it is the same end */
    unsigned ticks;  /* console_tick calls so far */
    int partial;     /* the last line returned has no end yet (end of input, or it filled cap) */
    char history[HISTORY_DEPTH][READLINE_CAP];
    int nhistory;
} con;

void readline_set_interactive(int on) {
    con.interactive = on;
}

int readline_interactive(void) {
    return con.interactive;
}

void readline_running(int on) {
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

int readline_byte(int timeout_ms) {
    if (con.head != con.tail) return con.queue[con.head++ % QUEUE_SIZE];
    if (con.eof) return PORT_EOF;
    return port_read_byte(timeout_ms);
}

/* ---- the line editor ---- */

static void echo(const char *s, size_t n) {
    if (con.interactive && n) port_write(1, s, n);
}

static void echos(const char *s) {
    echo(s, strlen(s));
}

/* Cursor motion by n columns: ESC [ n D (left) or ESC [ n C (right). */
static void move(size_t n, char dir) {
    if (!n) return;
    char seq[32];
    int len = snprintf(seq, sizeof seq, "\x1b[%zu%c", n, dir);
    echo(seq, (size_t)len);
}

typedef struct {
    char *line;
    size_t len, pos, cap;
} Edit;

/* The editor keeps UTF-8 bytes and moves by characters (one column each): a continuation byte
 * never starts a character. */
static int continuation(char c) {
    return ((unsigned char)c & 0xc0) == 0x80;
}

static size_t columns(const char *s, size_t n) {
    size_t cols = 0;
    for (size_t i = 0; i < n; i++)
        cols += !continuation(s[i]);
    return cols;
}

/* Bytes of the character before / at the cursor. */
static size_t char_before(const Edit *e) {
    size_t n = e->pos ? 1 : 0;
    while (n < e->pos && continuation(e->line[e->pos - n]))
        n++;
    return n;
}

static size_t char_at(const Edit *e) {
    size_t n = e->pos < e->len ? 1 : 0;
    while (e->pos + n < e->len && continuation(e->line[e->pos + n]))
        n++;
    return n;
}

/* The text from the cursor on changed: show it, erase what is left of the old text, and put
 * the cursor back. */
static void show_tail(Edit *e) {
    echo(e->line + e->pos, e->len - e->pos);
    echos("\x1b[K");
    move(columns(e->line + e->pos, e->len - e->pos), 'D');
}

/* One character (1 to 4 bytes) typed at the cursor. */
static void insert(Edit *e, const char *c, size_t n) {
    if (e->len + n >= e->cap) return;
    memmove(e->line + e->pos + n, e->line + e->pos, e->len - e->pos);
    memcpy(e->line + e->pos, c, n);
    e->len += n;
    echo(c, n);
    e->pos += n;
    if (e->pos < e->len) {
        echo(e->line + e->pos, e->len - e->pos);
        move(columns(e->line + e->pos, e->len - e->pos), 'D');
    }
}

static void erase(Edit *e, size_t at, size_t n) {
    memmove(e->line + at, e->line + at + n, e->len - at - n);
    e->len -= n;
}

/* Replace the whole line (history): back to its start, the new text, erase the rest. */
static void replace(Edit *e, const char *text) {
    move(columns(e->line, e->pos), 'D');
    size_t n = strlen(text);
    if (n >= e->cap) n = e->cap - 1;
    memcpy(e->line, text, n);
    e->len = e->pos = n;
    echo(e->line, n);
    echos("\x1b[K");
}

static void remember(const char *line, size_t n) {
    size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i == n || n >= READLINE_CAP) return;
    if (con.nhistory && strlen(con.history[0]) == n && !memcmp(con.history[0], line, n)) return;
    memmove(con.history[1], con.history[0], (HISTORY_DEPTH - 1) * sizeof con.history[0]);
    memcpy(con.history[0], line, n);
    con.history[0][n] = 0;
    if (con.nhistory < HISTORY_DEPTH) con.nhistory++;
}

/* After ESC: CSI (ESC [ params final) or SS3 (ESC O final); returns the key as a control
 * character it acts like, or 0 for a sequence the editor ignores. */
static int escape_key(void) {
    int c = readline_byte(-1);
    if (c != '[' && c != 'O') return 0;
    int param = 0;
    for (;;) {
        int d = readline_byte(-1);
        if (d < 0) return 0;
        if (d >= '0' && d <= '9') {
            param = param * 10 + (d - '0');
            continue;
        }
        switch (d) {
        case 'A':
            return CTRL_P;
        case 'B':
            return CTRL_N;
        case 'C':
            return CTRL_F;
        case 'D':
            return CTRL_B;
        case 'H':
            return CTRL_A;
        case 'F':
            return CTRL_E;
        case '~':
            if (param == 1 || param == 7) return CTRL_A;
            if (param == 4 || param == 8) return CTRL_E;
            if (param == 3) return CTRL_D;
            return 0;
        default:
            return 0;
        }
    }
}

int readline_partial(void) {
    return con.partial;
}

long readline_edit(const char *prompt, size_t indent, char *line, size_t cap) {
    if (prompt) port_write(1, prompt, strlen(prompt));
    con.partial = 0;
    Edit e = {line, 0, 0, cap};
    if (con.interactive)
        for (size_t i = 0; i < indent && e.len + 1 < cap; i++)
            insert(&e, " ", 1);
    int hist = -1; /* the history entry shown; -1 is the line being typed */
    for (;;) {
        /* piped input has no line length limit: a full buffer goes back as part of a line */
        if (!con.interactive && e.len + 1 >= cap) {
            con.partial = 1;
            return (long)e.len;
        }
        int c = readline_byte(-1);
        if (c == PORT_EOF) {
            con.after_cr = 0;
            con.partial = 1;
            return e.len ? (long)e.len : READLINE_EOF;
        }
        if (c == '\n' && con.after_cr) {
            con.after_cr = 0;
            continue;
        }
        con.after_cr = 0;
        int key = c, from_escape = 0;
        if (c == ESC) {
            key = escape_key();
            from_escape = 1;
        }
        /* Ctrl-A, -B, -D and -E typed on an empty line switch modes (as MicroPython's REPL) */
        if (!from_escape && e.len == 0) {
            if (key == CTRL_A) return READLINE_CTRL_A;
            if (key == CTRL_B) return READLINE_CTRL_B;
            if (key == CTRL_D) return READLINE_CTRL_D;
            if (key == CTRL_E) return READLINE_CTRL_E;
        }
        switch (key) {
        case 0:
            break;
        case '\r':
        case '\n':
            con.after_cr = c == '\r';
            echos("\n");
            remember(e.line, e.len);
            return (long)e.len;
        case CTRL_C:
            echos("\n");
            return READLINE_CTRL_C;
        case CTRL_A:
            move(columns(e.line, e.pos), 'D');
            e.pos = 0;
            break;
        case CTRL_E:
            move(columns(e.line + e.pos, e.len - e.pos), 'C');
            e.pos = e.len;
            break;
        case CTRL_B:
            if (e.pos) {
                e.pos -= char_before(&e);
                echos("\b");
            }
            break;
        case CTRL_F:
            if (e.pos < e.len) {
                size_t n = char_at(&e);
                echo(e.line + e.pos, n);
                e.pos += n;
            }
            break;
        case BACKSPACE:
        case DEL:
            if (e.pos) {
                size_t n = char_before(&e);
                e.pos -= n;
                erase(&e, e.pos, n);
                echos("\b");
                show_tail(&e);
            }
            break;
        case CTRL_D: /* the delete key, or Ctrl-D on a line with text */
            if (e.pos < e.len) {
                erase(&e, e.pos, char_at(&e));
                show_tail(&e);
            }
            break;
        case CTRL_P:
            if (hist + 1 < con.nhistory) replace(&e, con.history[++hist]);
            break;
        case CTRL_N:
            if (hist >= 0) {
                hist--;
                replace(&e, hist >= 0 ? con.history[hist] : "");
            }
            break;
        default:
            if (con.interactive && key >= 0xc0 && key < 0xf8) { /* UTF-8: the whole character */
                char ch[4] = {(char)key};
                size_t n = 1, want = key >= 0xf0 ? 4 : key >= 0xe0 ? 3 : 2;
                while (n < want) {
                    int more = readline_byte(-1);
                    if (more < 0x80 || more > 0xbf) break;
                    ch[n++] = (char)more;
                }
                insert(&e, ch, n);
            } else if (key >= 0x20 || key == '\t') {
                char ch = (char)key;
                insert(&e, &ch, 1);
            }
            break;
        }
    }
}

/* input() and sys.stdin: the editor without a prompt of its own (input() wrote it). */
long port_readline(char *buf, size_t cap) {
    if (cap < 2) return -1;
    long n = readline_edit(NULL, 0, buf, cap - 1);
    if (n == READLINE_CTRL_C) raise_type(&KeyboardInterrupt_type, NULL);
    if (n == READLINE_EOF || (n == READLINE_CTRL_D)) return -1;
    if (n < 0) n = 0; /* Ctrl-A, -B, -E mean nothing here */
    if (!con.partial) buf[n++] = '\n';
    return n;
}
