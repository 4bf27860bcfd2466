/* fault.c: the event layer's default fault handler: a readable report on the console, then exit
 * with EVENTS_EXIT_FAULT(cause) (exo/events.h). */
#include <stdarg.h>
#include <stdio.h>

#include <exo/events.h>
#include <exo/fault.h>
#include <exo/fmt.h>
#include <exo/hold.h>
#include <exo/libexo.h>
#include <exo/syscall.h>

/* mcause exception codes and their names, as the RISC-V privileged spec lists them. */
static const char *const names[] = {
    [0] = "instruction address misaligned",
    [1] = "instruction access fault",
    [2] = "illegal instruction",
    [3] = "breakpoint",
    [4] = "load address misaligned",
    [5] = "load access fault",
    [6] = "store/AMO address misaligned",
    [7] = "store/AMO access fault",
    [8] = "environment call from U-mode",
    [12] = "instruction page fault",
    [13] = "load page fault",
    [15] = "store/AMO page fault",
};

const char *fault_name(unsigned long cause) {
    if (cause < sizeof names / sizeof names[0] && names[cause] != NULL) return names[cause];
    return "unknown cause";
}

struct line {
    char text[160];
    size_t len;
};

static void to_line(void *ctx, const char *s, size_t n) {
    struct line *l = ctx;
    for (size_t i = 0; i < n && l->len < sizeof l->text; i++)
        l->text[l->len++] = s[i];
}

static void say(const char *fmt, ...) {
    struct line l = {.len = 0};
    va_list ap;
    va_start(ap, fmt);
    fmt_vformat(to_line, &l, fmt, ap);
    va_end(ap);
    /* Straight to the console: stdio's buffer may be half written by the interrupted code. */
    size_t done = 0;
    while (done < l.len) {
        long n = exo_console_write(l.text + done, l.len - done);
        if (n < 0) return;
        if (n == 0) exo_syscall6(EXO_SYS_YIELD, EXO_ANY, 0, 0, 0, 0, 0);
        done += (size_t)n;
    }
}

void fault_report(const struct exo_event *ev) {
    /* What the program printed before the fault comes first, unless it was printing when the
     * fault hit (held): then its half line is left. */
    if (hold_depth() == 0) fflush(stdout);
    say("libexo: fault: %s pc=0x%lx addr=0x%lx env=0x%lx\n", fault_name(ev->a),
        (unsigned long)ev->b, (unsigned long)ev->c, libexo_env());
    exo_exit(EVENTS_EXIT_FAULT(ev->a));
}
