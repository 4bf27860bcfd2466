/* repl.h: the REPL in two halves: line input (readline.c) and evaluation (repl.c). */
#ifndef EXOPY_REPL_H
#define EXOPY_REPL_H

#include "exopy.h"

/* Append one console line (with its newline) to `into` after printing `prompt`; 0 at end of
 * input. */
int readline_line(const char *prompt, Buf *into);

/* Whether the input so far is a complete statement (else the REPL asks for a "... " line). */
int repl_complete(const char *src, size_t len);
/* Run complete input as the REPL does: echo expression results, print errors and go on. */
void repl_eval(const char *src, size_t len);

#endif
