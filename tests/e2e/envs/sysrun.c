/* sysrun: makes the system calls its arguments name and prints what each returned.
 *
 * Each argument is one call, `NR,A0,A1,...` (up to six arguments, hex 0x... or decimal, missing
 * ones 0; `@N` is the address N bytes into this env's own image and `%N` that address's page
 * number, which the host cannot know before it loads the image); the env prints `= ERROR VALUE` (a0
 * and a1, decimal and hex) for each, in order, then `done`, and exits 0. An argument `s` instead
 * stops it on purpose (ebreak) with its pages kept. The host builds the hostile calls (other envs'
 * pages, the kernel, wrap-around, unaligned, huge lengths) and checks each answer against
 * docs/abi.md. Exit 1: an argument is malformed.
 */
#include "hostile.h"

/* Splits "NR,A0,..." into v[0..6]; returns 0 if a field is not a number. */
static int call_parse(const char *arg, unsigned long v[7]) {
    char field[24];
    for (int i = 0; i < 7; i++)
        v[i] = 0;
    for (int i = 0; i < 7 && *arg != '\0'; i++) {
        size_t n = 0;
        while (*arg != '\0' && *arg != ',') {
            if (n == sizeof field - 1) return 0;
            field[n++] = *arg++;
        }
        field[n] = '\0';
        int own = field[0] == '@' || field[0] == '%';
        if (!num_parse(field + own, &v[i])) return 0;
        if (own) v[i] += image_first();
        if (field[0] == '%') v[i] >>= EXO_PAGE_SHIFT;
        if (*arg == ',') arg++;
    }
    return *arg == '\0';
}

int main(void) {
    struct line out = {.len = 0};
    for (const char *arg = arg_next(NULL); arg != NULL; arg = arg_next(arg)) {
        if (arg[0] == 's' && arg[1] == '\0') env_stop();
        unsigned long v[7];
        if (!call_parse(arg, v)) return 1;
        if (v[0] == EXO_SYS_EXIT) return 1; /* the host never asks for this one */
        struct exo_ret r = exo_syscall6((long)v[0], (long)v[1], (long)v[2], (long)v[3], (long)v[4],
                                        (long)v[5], (long)v[6]);
        line_str(&out, "= ");
        line_dec(&out, r.error);
        line_str(&out, " ");
        line_hex(&out, (unsigned long)r.value);
        line_end(&out);
    }
    line_str(&out, "done");
    line_end(&out);
    return 0;
}
