/* repl.c: the REPL's evaluation half: deciding when input is complete, running it with echo of
 * expression results, and the plain line-by-line driver over readline.c. */
#include "repl.h"

#include <string.h>

int exit_status(Obj *e);

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
    Obj *volatile err = NULL;
    TRY {
        compile_source(src, len, str_from("<stdin>"), MODE_SINGLE);
    }
    CATCH(e) {
        err = e;
    }
    ENDTRY
    return !err || !incomplete_error(err);
}

void repl_eval(const char *src, size_t len) {
    if (blank(src, len)) return;
    TRY {
        Obj *code = compile_source(src, len, str_from("<stdin>"), MODE_SINGLE);
        vm_exec(code, vm->main_dict, vm->main_dict);
    }
    CATCH(e) {
        vm->nhandled = 0;
        if (ISINST(e, SystemExit_type)) port_exit(exit_status(e));
        exc_print(e);
    }
    ENDTRY
}

void repl_run(void) {
    for (;;) {
        gc_reserve();
        Buf b;
        buf_init(&b);
        if (!readline_line(">>> ", &b)) {
            port_write(1, "\n", 1);
            return;
        }
        if (blank(b.p, b.len)) continue;
        int eof = 0;
        while (!repl_complete(b.p, b.len)) {
            if (!readline_line("... ", &b)) {
                eof = 1;
                break;
            }
        }
        repl_eval(b.p, b.len);
        if (eof) {
            port_write(1, "\n", 1);
            return;
        }
    }
}
