/* upcalls: takes upcalls of every kind its arguments ask for and prints what it got.
 *
 * It registers libexo's upcall stub (exo/upcall.h) with an area in a page it binds, then runs
 * its arguments in order (numbers hex 0x... or decimal), one console line each:
 *   f ADDR      load, store and fetch at ADDR (not its own): each faults, the handler steps
 *               past; prints `fault CAUSE PC MTVAL` per fault and `pcs ok|bad`
 *   t TICKS     timer deadline now + TICKS; spins until EXO_EV_TIMER: `timer DEADLINE B C`
 *   c           `waiting`, then spins until EXO_EV_CONSOLE: `console A BYTES`
 *   s N         spins until it saw N slice starts and N slice ends: `slices START... / END...`
 *   r ADDR      every register set to a known value, then a load at ADDR faults and the
 *               handler resumes: `regs fault ok` or the first register that differs
 *   R TICKS     the same with a timer TICKS ahead and a spin loop the handler leaves: `regs
 *               timer ok` (slice events on the way are resumed too)
 *   n N         N load faults at ADDR of the previous f (for counting): `faults N`
 * then exits 0. Exit 1: malformed arguments; 2: registration refused; 3: no page for the area.
 */
#include <exo/upcall.h>

#include "hostile.h"

#define LOG_MAX     64
#define CAUSE_FETCH 1

static struct exo_upcall_area *area;

/* What the handler saw, for main to print: the first LOG_MAX faults and slice events, the last
 * event of each kind and the counts by kind. */
static volatile struct exo_event events[LOG_MAX];
static volatile unsigned events_seen;
static volatile struct exo_event last[8];
static volatile unsigned kinds[8];
static volatile unsigned long snapshot[32]; /* area->regs at the last fault or timer */

/* The register test's labels (below): where the spin is and where it continues. */
extern char regs_spin[], regs_done[];

/* Length of the instruction at pc: 2 if compressed, else 4. */
static unsigned long insn_len(unsigned long pc) {
    return (*(volatile uint16_t *)pc & 3) == 3 ? 4 : 2;
}

static void handler(struct exo_upcall_area *a) {
    struct exo_event ev;
    while (exo_upcall_next(a, &ev)) {
        unsigned n = events_seen;
        int logged =
            ev.kind == EXO_EV_FAULT || ev.kind == EXO_EV_SLICE_START || ev.kind == EXO_EV_SLICE_END;
        if (logged && n < LOG_MAX) events[n] = ev;
        if (logged) events_seen = n + 1;
        if (ev.kind < 8) {
            kinds[ev.kind]++;
            last[ev.kind] = ev;
        }
        if (ev.kind == EXO_EV_FAULT || ev.kind == EXO_EV_TIMER)
            for (unsigned r = 0; r < 32; r++)
                snapshot[r] = a->regs[r];
        if (ev.kind == EXO_EV_FAULT) {
            /* A fetch fault was a call into the page: return to the caller. Else step past. */
            if (ev.a == CAUSE_FETCH)
                a->regs[0] = a->regs[1];
            else
                a->regs[0] += insn_len(a->regs[0]);
        }
        if (ev.kind == EXO_EV_TIMER && a->regs[0] == (uintptr_t)regs_spin)
            a->regs[0] = (uintptr_t)regs_done;
    }
}

/* regs_run(out, bad, mode): every register but sp gets a known value (gp = out, x31 = bad,
 * the others regs_pattern(n)); mode 0 loads from x31 (a fault), mode 1 spins at regs_spin until
 * the handler moves the pc to regs_done. Then x1..x31 are stored in out[1..31], and out[0] is
 * sp as it was before. Callee-saved registers are kept on the stack. */
#define regs_pattern(n) (0x51c0de00ul + (n))
#define SET(n)          "li x" #n ", 0x51c0de00 + " #n "\n"
#define PUT(n)          S_ " x" #n ", " #n "*" W_ "(gp)\n"
#define SAVE(r, i)      S_ " " #r ", " #i "*" W_ "(sp)\n"
#define LOAD(r, i)      L_ " " #r ", " #i "*" W_ "(sp)\n"
void regs_run(unsigned long *out, unsigned long bad, unsigned long mode);
__asm__(".text\n.globl regs_run\n.type regs_run, @function\n.balign 4\nregs_run:\n"
        "addi sp, sp, -16*" W_
        "\n" SAVE(ra, 0) SAVE(gp, 1) SAVE(tp, 2) SAVE(s0, 3) SAVE(s1, 4) SAVE(s2, 5) SAVE(s3, 6)
            SAVE(s4, 7) SAVE(s5, 8) SAVE(s6, 9) SAVE(s7, 10) SAVE(s8, 11) SAVE(s9, 12) SAVE(s10, 13)
                SAVE(s11,
                     14) "mv gp, a0\n" S_ " sp, 0(gp)\n"
                         "mv x31, a1\n"
                         "mv x30, a2\n" SET(1) SET(4) SET(5) SET(6) SET(7) SET(8) SET(9) SET(10)
                             SET(11) SET(12) SET(13) SET(14) SET(15) SET(16) SET(17) SET(18) SET(
                                 19) SET(20) SET(21) SET(22) SET(23) SET(24) SET(25) SET(26) SET(27) SET(28)
                                 SET(29) "bnez x30, 1f\n"
                                         "li x30, 0x51c0de00 + 30\n"
                                         ".option push\n.option norvc\n"
                                         "lw x0, 0(x31)\n"
                                         ".option pop\n"
                                         "j regs_done\n"
                                         "1: li x30, 0x51c0de00 + 30\n"
                                         ".globl regs_spin\nregs_spin: j regs_spin\n"
                                         ".globl regs_done\nregs_done:\n" PUT(1) PUT(2) PUT(3) PUT(4) PUT(
                                             5) PUT(6) PUT(7) PUT(8)
                                             PUT(9) PUT(10) PUT(11) PUT(12) PUT(13) PUT(14) PUT(15) PUT(16) PUT(17) PUT(
                                                 18) PUT(19)
                                                 PUT(
                                                     20) PUT(21)
                                                     PUT(
                                                         22) PUT(23)
                                                         PUT(
                                                             24) PUT(25)
                                                             PUT(
                                                                 26) PUT(27)
                                                                 PUT(
                                                                     28) PUT(29)
                                                                     PUT(
                                                                         30) PUT(31)
                                                                         LOAD(ra,
                                                                              0) LOAD(gp, 1)
                                                                             LOAD(tp,
                                                                                  2) LOAD(s0, 3)
                                                                                 LOAD(s1,
                                                                                      4) LOAD(s2, 5)
                                                                                     LOAD(
                                                                                         s3,
                                                                                         6) LOAD(s4, 7)
                                                                                         LOAD(
                                                                                             s5,
                                                                                             8) LOAD(s6, 9)
                                                                                             LOAD(s7, 10) LOAD(
                                                                                                 s8,
                                                                                                 11) LOAD(s9, 12)
                                                                                                 LOAD(s10, 13) LOAD(
                                                                                                     s11,
                                                                                                     14) "addi sp, sp, 16*" W_
                                                                                                         "\nret\n.size regs_run, . - regs_run\n");

/* The registers regs_run should have, x1..x31, given out, bad and sp. */
static unsigned long regs_expected(unsigned n, unsigned long *out, unsigned long bad) {
    if (n == 2) return out[0];
    if (n == 3) return (uintptr_t)out;
    if (n == 31) return bad;
    return regs_pattern(n);
}

/* Runs the register test; prints `regs WHAT ok` or the first difference (after resuming, and
 * as the handler saw them). */
static void regs_test(const char *what, unsigned long bad, unsigned long mode) {
    static unsigned long out[32];
    struct line l = {.len = 0};
    unsigned seen = kinds[mode ? EXO_EV_TIMER : EXO_EV_FAULT];
    regs_run(out, bad, mode);
    line_str(&l, "regs ");
    line_str(&l, what);
    if (kinds[mode ? EXO_EV_TIMER : EXO_EV_FAULT] != seen + 1) {
        line_str(&l, " no event");
        line_end(&l);
        return;
    }
    for (unsigned n = 1; n < 32; n++) {
        unsigned long want = regs_expected(n, out, bad);
        /* The handler saw x10 as interrupted too (the kernel passes the area in a0 only). */
        if (out[n] != want || snapshot[n] != want) {
            line_str(&l, " bad x");
            line_dec(&l, n);
            line_str(&l, " ");
            line_hex(&l, out[n]);
            line_str(&l, " ");
            line_hex(&l, snapshot[n]);
            line_str(&l, " want ");
            line_hex(&l, want);
            line_end(&l);
            return;
        }
    }
    line_str(&l, " ok");
    line_end(&l);
}

static void print_event(struct line *l, const volatile struct exo_event *ev) {
    line_hex(l, ev->kind);
    line_str(l, " ");
    line_hex(l, ev->a);
    line_str(l, " ");
    line_hex(l, (unsigned long)ev->b);
    line_str(l, " ");
    line_hex(l, (unsigned long)ev->c);
}

/* The faults seen from event index `from` on, one line each. */
static void print_faults(unsigned from) {
    for (unsigned i = from; i < events_seen && i < LOG_MAX; i++) {
        if (events[i].kind != EXO_EV_FAULT) continue;
        struct line l = {.len = 0};
        line_str(&l, "fault ");
        print_event(&l, &events[i]);
        line_end(&l);
    }
}

/* Touch ADDR three ways; with a handler each access faults once and returns. */
static void touch_all(unsigned long addr) {
    (void)*(volatile uint32_t *)addr;
    *(volatile uint32_t *)addr = 0x5a5a5a5a;
    ((void (*)(void))addr)();
}

static unsigned long number(const char **arg) {
    unsigned long v;
    *arg = arg_next(*arg);
    if (!num_parse(*arg, &v)) exo_exit(1);
    return v;
}

static void spin_until(volatile unsigned *count, unsigned want) {
    while (*count < want) {
    }
}

int main(void) {
    long ppn = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
    if (ppn < 0) exo_exit(3);
    area = (struct exo_upcall_area *)((uintptr_t)ppn << EXO_PAGE_SHIFT);
    if (exo_upcall_init(area, handler) != EXO_OK) exo_exit(2);
    unsigned long fault_addr = 0;
    for (const char *arg = arg_next(NULL); arg != NULL; arg = arg_next(arg)) {
        struct line l = {.len = 0};
        char op = arg[0];
        unsigned first = events_seen;
        if (op == 'f') {
            fault_addr = number(&arg);
            touch_all(fault_addr);
            print_faults(first);
            /* The load and store fault in touch_all, the fetch at the address itself. */
            unsigned f[3], nf = 0;
            for (unsigned i = first; i < events_seen && i < LOG_MAX && nf < 3; i++)
                if (events[i].kind == EXO_EV_FAULT) f[nf++] = i;
            int ok = nf == 3 && events[f[0]].c == fault_addr && events[f[1]].c == fault_addr &&
                     events[f[2]].b == fault_addr;
            line_str(&l, ok ? "pcs ok" : "pcs bad");
            line_end(&l);
        } else if (op == 'n') {
            unsigned long n = number(&arg);
            unsigned before = kinds[EXO_EV_FAULT];
            for (unsigned long i = 0; i < n; i++)
                (void)*(volatile uint32_t *)fault_addr;
            line_str(&l, "faults ");
            line_dec(&l, (long)(kinds[EXO_EV_FAULT] - before));
            line_end(&l);
        } else if (op == 't') {
            uint64_t deadline = exo_time() + number(&arg);
            unsigned before = kinds[EXO_EV_TIMER];
            exo_timer_set(deadline);
            spin_until(&kinds[EXO_EV_TIMER], before + 1);
            line_str(&l, "timer ");
            line_hex(&l, (unsigned long)deadline);
            line_str(&l, " ");
            print_event(&l, &last[EXO_EV_TIMER]);
            line_end(&l);
        } else if (op == 'c') {
            unsigned before = kinds[EXO_EV_CONSOLE];
            exo_console_write("waiting\n", 8);
            spin_until(&kinds[EXO_EV_CONSOLE], before + 1);
            char buf[32];
            long got = exo_console_read(buf, sizeof buf - 1);
            line_str(&l, "console ");
            line_hex(&l, last[EXO_EV_CONSOLE].a);
            line_str(&l, " ");
            if (got > 0) {
                buf[got] = '\0';
                line_str(&l, buf);
            }
            line_end(&l);
        } else if (op == 's') {
            unsigned long n = number(&arg);
            unsigned starts = kinds[EXO_EV_SLICE_START], ends = kinds[EXO_EV_SLICE_END];
            while (kinds[EXO_EV_SLICE_START] < starts + n || kinds[EXO_EV_SLICE_END] < ends + n) {
            }
            line_str(&l, "slices");
            for (int kind = EXO_EV_SLICE_START; kind <= EXO_EV_SLICE_END; kind++) {
                line_str(&l, kind == EXO_EV_SLICE_START ? " start" : " / end");
                for (unsigned i = first; i < events_seen && i < LOG_MAX; i++)
                    if (events[i].kind == (unsigned)kind) {
                        line_str(&l, " ");
                        line_hex(&l, events[i].a);
                    }
            }
            line_end(&l);
        } else if (op == 'r') {
            regs_test("fault", number(&arg), 0);
        } else if (op == 'R') {
            exo_timer_set(exo_time() + number(&arg));
            regs_test("timer", regs_pattern(31), 1);
        } else {
            exo_exit(1);
        }
    }
    return 0;
}
