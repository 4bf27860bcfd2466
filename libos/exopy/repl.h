/* repl.h: the REPL in two halves: console input and the line editor (readline.c), and the REPL
 * modes with evaluation (repl.c: friendly, paste, raw and raw-paste). */
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

/* Echo and edit (an interactive console) or read plainly (piped input). */
void readline_set_interactive(int on);
int readline_interactive(void);
/* While on, Ctrl-C from the console raises KeyboardInterrupt (through console_poll). */
void readline_running(int on);
/* The next console byte (typed-ahead bytes first), PORT_NONE or PORT_EOF as port_read_byte. */
int readline_byte(int timeout_ms);
/* Print prompt (if not NULL), start the line with `indent` spaces (interactive only), and edit
 * one line into line[0..cap) without its end; its length or a READLINE_ code. */
long readline_edit(const char *prompt, size_t indent, char *line, size_t cap);
/* Whether the last line readline_edit returned stopped before its end (end of input, or a piped
 * line longer than cap). */
int readline_partial(void);

/* Whether the input so far is a complete statement (else the REPL asks for a "... " line). */
int repl_complete(const char *src, size_t len);
/* Run complete input as the REPL does: echo expression results, print errors and go on. */
void repl_eval(const char *src, size_t len);

/* main.c: fresh globals for a soft reset (a new __main__ namespace, no `_`). */
void main_reset_globals(void);

#endif
