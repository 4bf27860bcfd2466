/* repl.h: the REPL's parts: console input (console.c), the line editor (readline.c), the
 * friendly REPL and evaluation (repl.c), and the raw REPL (rawrepl.c). */
#ifndef EXOPY_REPL_H
#define EXOPY_REPL_H

#include "exopy.h"

/* The longest line the editor keeps (piped input is not limited: see readline_partial). */
#define READLINE_CAP 1024
/* readline_edit's answers other than a line's length: end of input, Ctrl-C, and the mode keys
 * typed on an empty line. */
#define READLINE_EOF    (-1)
#define READLINE_CTRL_A (-2)
#define READLINE_CTRL_B (-3)
#define READLINE_CTRL_C (-4)
#define READLINE_CTRL_D (-5)
#define READLINE_CTRL_E (-6)

/* Console control bytes the REPL acts on. */
#define CTRL_A    0x01
#define CTRL_B    0x02
#define CTRL_C    0x03
#define CTRL_D    0x04
#define CTRL_E    0x05
#define CTRL_F    0x06
#define BACKSPACE 0x08
#define CTRL_N    0x0e
#define CTRL_P    0x10
#define ESC       0x1b
#define DEL       0x7f

/* console.c. Echo and edit (an interactive console) or read plainly (piped input). */
void console_set_interactive(int on);
int console_interactive(void);
/* While on, Ctrl-C from the console raises KeyboardInterrupt (through console_poll). */
void console_running(int on);
/* The next console byte (typed-ahead bytes first), PORT_NONE or PORT_EOF as port_read_byte. */
int console_read(int timeout_ms);

/* readline.c. */
/* Print prompt (if not NULL), start the line with `indent` spaces (interactive only), and edit
 * one line into line[0..cap) without its end; its length or a READLINE_ code. */
long readline_edit(const char *prompt, size_t indent, char *line, size_t cap);
/* Whether the last line readline_edit returned stopped before its end (end of input, or a piped
 * line longer than cap). */
int readline_partial(void);

/* repl.c. Where the REPL goes next: each mode's driver returns one of these. */
enum { REPL_FRIENDLY, REPL_RAW, REPL_END };
/* Run code as the REPL does (Ctrl-C armed) in MODE_SINGLE or MODE_FILE; the exception that
 * ended it, or NULL. */
Obj *repl_exec(const char *src, size_t len, int mode);
/* Fresh globals and the reboot line (mpremote waits for "soft reboot\r\n"). */
void repl_soft_reset(void);
/* Whether the input so far is a complete statement (else the REPL asks for a "... " line). */
int repl_complete(const char *src, size_t len);
/* Run complete input as the REPL does: echo expression results, print errors and go on. */
void repl_eval(const char *src, size_t len);

/* rawrepl.c: the raw REPL until Ctrl-B (REPL_FRIENDLY) or the end of input (REPL_END). */
int rawrepl_run(void);

/* main.c: fresh globals for a soft reset (a new __main__ namespace, no `_`). */
void main_reset_globals(void);
/* main.c: the exit status an uncaught exception gives (SystemExit's code, else 1 after a
 * traceback). */
int exit_status(Obj *e);

#endif
