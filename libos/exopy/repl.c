/* repl.c: the friendly REPL over readline.c (prompts, continuation, auto-indent, soft reset,
 * paste mode), switching to rawrepl.c on Ctrl-A; and evaluation: when input is complete,
 * running it with Ctrl-C armed and echo of expression results. */
#include "repl.h"

#include <stdio.h>
#include <string.h>

static int blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t') return 0;
    return 1;
}

/* The last non-blank line opens a block (ends with ':') or continues with a backslash. */
static int opens_block(const char *s, size_t n) {
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
        n--;
    return n && (s[n - 1] == ':' || s[n - 1] == '\\');
}

static int incomplete_error(Obj *e) {
    if (!ISINST(e, SyntaxError_type)) return 0;
    const char *m = str_c(exc_str(e));
    return strstr(m, "was never closed") || strstr(m, "unterminated triple-quoted") ||
           strstr(m, "unexpected EOF") || strstr(m, "expected an indented block");
}

/* The error compiling src as one interactive statement, or NULL; its own function so that no
 * caller's locals live across the setjmp. */
static Obj *compile_error(const char *src, size_t len) {
    Obj *volatile err = NULL;
    TRY {
        compile_source(src, len, str_from("<stdin>"), MODE_SINGLE);
    }
    CATCH(e) {
        err = e;
    }
    ENDTRY
    return err;
}

/* A compound statement (its first line opens a block) ends with a blank line; anything else is
 * complete when it compiles, or fails for a reason more input cannot fix. */
int repl_complete(const char *src, size_t len) {
    size_t first = 0;
    while (first < len && src[first] != '\n')
        first++;
    int compound = opens_block(src, first);
    for (size_t i = 0; i < len && !compound; i++)
        if (src[i] == '\n' && opens_block(src, i)) compound = 1;
    if (compound) {
        /* complete once the last line is blank */
        size_t end = len;
        if (end && src[end - 1] == '\n') end--;
        size_t start = end;
        while (start && src[start - 1] != '\n')
            start--;
        return start > 0 && blank(src + start, end - start);
    }
    Obj *err = compile_error(src, len);
    return !err || !incomplete_error(err);
}

Obj *repl_exec(const char *src, size_t len, int mode) {
    Obj *volatile err = NULL;
    TRY {
        console_running(1);
        Obj *code = compile_source(src, len, str_from("<stdin>"), mode);
        vm_exec(code, vm->main_dict, vm->main_dict);
    }
    CATCH(e) {
        vm->nhandled = 0;
        err = e;
    }
    ENDTRY
    console_running(0);
    return err;
}

void repl_eval(const char *src, size_t len) {
    if (blank(src, len)) return;
    Obj *err = repl_exec(src, len, MODE_SINGLE);
    if (!err) return;
    if (ISINST(err, SystemExit_type)) port_exit(exit_status(err));
    exc_print(err);
}

static void say(const char *s) {
    port_write(1, s, strlen(s));
}

void repl_soft_reset(void) {
    main_reset_globals();
    say("EXOPY: soft reboot\n");
}

/* Columns of indent for the next continuation line: the last line's, 4 more after a ':'. */
static size_t auto_indent(const char *src, size_t len) {
    if (!console_interactive()) return 0;
    size_t end = len && src[len - 1] == '\n' ? len - 1 : len, start = end;
    while (start && src[start - 1] != '\n')
        start--;
    size_t n = 0;
    while (start + n < end && src[start + n] == ' ')
        n++;
    if (start + n == end) return 0; /* a blank line: the block is over */
    size_t last = end;
    while (last > start && (src[last - 1] == ' ' || src[last - 1] == '\t'))
        last--;
    return last > start && src[last - 1] == ':' ? n + 4 : n;
}

/* One whole line (piped lines longer than the editor's buffer come in parts) appended to b with
 * its newline; the READLINE_ code when there was no line. */
static long read_line(const char *prompt, size_t indent, Buf *b) {
    char line[READLINE_CAP];
    long n = readline_edit(prompt, indent, line, sizeof line);
    if (n < 0) return n;
    buf_add(b, line, (size_t)n);
    while (readline_partial()) {
        long more = readline_edit(NULL, 0, line, sizeof line);
        if (more <= 0) break;
        buf_add(b, line, (size_t)more);
    }
    if (!readline_partial()) buf_add(b, "\n", 1);
    return n;
}

/* Paste mode (Ctrl-E): lines as they come, no indent, no echo of results; Ctrl-D runs them as
 * a file would run, Ctrl-C drops them. */
static void paste(void) {
    say("\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\n=== ");
    Buf b;
    buf_init(&b);
    int after_cr = 0;
    for (;;) {
        int c = console_read(-1);
        if (c == PORT_EOF || c == CTRL_D) break;
        if (c == CTRL_C) {
            say("\n");
            return;
        }
        if (c == '\n' && after_cr) {
            after_cr = 0;
            continue;
        }
        after_cr = c == '\r';
        if (c == '\r' || c == '\n') {
            buf_add(&b, "\n", 1);
            if (console_interactive()) say("\n=== ");
            continue;
        }
        char ch = (char)c;
        buf_add(&b, &ch, 1);
        if (console_interactive()) port_write(1, &ch, 1);
    }
    say("\n");
    Obj *err = repl_exec(b.p, b.len, MODE_FILE);
    if (err && ISINST(err, SystemExit_type)) port_exit(exit_status(err));
    if (err) exc_print(err);
}

/* The friendly REPL until the console ends or asks for raw mode. */
static int friendly(void) {
    for (;;) {
        gc_reserve();
        Buf b;
        buf_init(&b);
        long n = read_line(">>> ", 0, &b);
        switch (n) {
        case READLINE_EOF:
            say("\n");
            return REPL_END;
        case READLINE_CTRL_A:
            say("\n");
            return REPL_RAW;
        case READLINE_CTRL_D:
            say("\n");
            repl_soft_reset();
            continue;
        case READLINE_CTRL_E:
            paste();
            continue;
        case READLINE_CTRL_B:
            say("\n");
            continue;
        case READLINE_CTRL_C:
            continue;
        }
        if (blank(b.p, b.len)) continue;
        int eof = 0, cancel = 0;
        while (!eof && !cancel && !repl_complete(b.p, b.len)) {
            long more = read_line("... ", auto_indent(b.p, b.len), &b);
            if (more == READLINE_EOF)
                eof = 1;
            else if (more < 0)
                cancel = 1; /* Ctrl-C (or a mode key) drops the statement */
        }
        if (cancel) continue;
        repl_eval(b.p, b.len);
        if (eof) {
            say("\n");
            return REPL_END;
        }
    }
}

void repl_run(void) {
    console_set_interactive(port_console_raw(1));
    int mode = REPL_FRIENDLY;
    while (mode != REPL_END)
        mode = mode == REPL_FRIENDLY ? friendly() : rawrepl_run();
    port_console_raw(0);
}
