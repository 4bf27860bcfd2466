/* readline.c: the REPL's line editor over console.c: cursor keys, home/end, backspace, delete,
 * history and auto-indent on an interactive console, plain lines from piped input; also
 * port_readline for input() and sys.stdin. */
#include "exopy.h"
#include "repl.h"

#include <stdio.h>
#include <string.h>

#define HISTORY_DEPTH 8

/* The editor's state lives outside the GC heap: it runs while the heap may be full. */
static struct {
    int after_cr; /* the last line ended with '\r': a '\n' right after it is the same end */
    int partial;  /* the last line returned has no end yet (end of input, or it filled cap) */
    char history[HISTORY_DEPTH][READLINE_CAP];
    int nhistory;
} ed;

static void echo(const char *s, size_t n) {
    if (console_interactive() && n) port_write(1, s, n);
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
    if (ed.nhistory && strlen(ed.history[0]) == n && !memcmp(ed.history[0], line, n)) return;
    memmove(ed.history[1], ed.history[0], (HISTORY_DEPTH - 1) * sizeof ed.history[0]);
    memcpy(ed.history[0], line, n);
    ed.history[0][n] = 0;
    if (ed.nhistory < HISTORY_DEPTH) ed.nhistory++;
}

/* After ESC: CSI (ESC [ params final) or SS3 (ESC O final); returns the key as a control
 * character it acts like, or 0 for a sequence the editor ignores. */
static int escape_key(void) {
    int c = console_read(-1);
    if (c != '[' && c != 'O') return 0;
    int param = 0;
    for (;;) {
        int d = console_read(-1);
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
    return ed.partial;
}

long readline_edit(const char *prompt, size_t indent, char *line, size_t cap) {
    if (prompt) port_write(1, prompt, strlen(prompt));
    ed.partial = 0;
    Edit e = {line, 0, 0, cap};
    if (console_interactive())
        for (size_t i = 0; i < indent && e.len + 1 < cap; i++)
            insert(&e, " ", 1);
    int hist = -1; /* the history entry shown; -1 is the line being typed */
    for (;;) {
        /* piped input has no line length limit: a full buffer goes back as part of a line */
        if (!console_interactive() && e.len + 1 >= cap) {
            ed.partial = 1;
            return (long)e.len;
        }
        int c = console_read(-1);
        if (c == PORT_EOF) {
            ed.after_cr = 0;
            ed.partial = 1;
            return e.len ? (long)e.len : READLINE_EOF;
        }
        if (c == '\n' && ed.after_cr) {
            ed.after_cr = 0;
            continue;
        }
        ed.after_cr = 0;
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
            ed.after_cr = c == '\r';
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
            if (hist + 1 < ed.nhistory) replace(&e, ed.history[++hist]);
            break;
        case CTRL_N:
            if (hist >= 0) {
                hist--;
                replace(&e, hist >= 0 ? ed.history[hist] : "");
            }
            break;
        default:
            if (console_interactive() && key >= 0xc0 &&
                key < 0xf8) { /* UTF-8: the whole character */
                char ch[4] = {(char)key};
                size_t n = 1, want = key >= 0xf0 ? 4 : key >= 0xe0 ? 3 : 2;
                while (n < want) {
                    int more = console_read(-1);
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
    if (!ed.partial) buf[n++] = '\n';
    return n;
}
