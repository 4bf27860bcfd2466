/* probe: touches memory as its arguments say, to show what PMP lets an env reach.
 *
 * Arguments are operations run in order; numbers are hex (0x...) or decimal:
 *   a PPN RIGHTS   bind page PPN with RIGHTS (EXO_PERM_*); exit 100 - error if refused
 *   f PPN          free page PPN; exit 100 - error if refused
 *   r ADDR         read the byte at ADDR
 *   w ADDR         write a byte at ADDR
 *   x ADDR         call ADDR (an even address) as a function
 *   c ADDR         write a `ret` at ADDR, then call it (execute where that is allowed)
 *   t N            bind 2N pages, free every other one and write to each of the N kept, so at
 *                  least N PMP regions were needed and the cache is full of its own entries
 *   s              stop here on purpose (ebreak): the env keeps its pages until killed
 *   i              wait for a byte of console input (so the host can act before what follows)
 *   o              write `ok` on the console (so the host knows it got this far)
 * After the last one it exits 0. A forbidden access never returns: the env is stopped and the
 * host gets FAULT {cause, pc, addr}, so "exit 0" means every access was allowed. Exit 1 means
 * the arguments were malformed.
 */
#include "hostile.h"

#define INSN_RET 0x00008067u /* jalr x0, 0(ra) */

static unsigned long number(const char **arg) {
    unsigned long v;
    *arg = arg_next(*arg);
    if (!num_parse(*arg, &v)) exo_exit(1);
    return v;
}

int main(void) {
    for (const char *arg = arg_next(NULL); arg != NULL; arg = arg_next(arg)) {
        char op = arg[0];
        if (op == 's') env_stop();
        if (op == 'i') {
            console_wait_byte();
            continue;
        }
        if (op == 'o') {
            exo_console_write("ok\n", 3);
            continue;
        }
        unsigned long v = number(&arg);
        long r;
        switch (op) {
        case 'a':
            r = exo_page_alloc((long)v, (unsigned)number(&arg));
            if (r < 0) exo_exit(100 + (int)r);
            break;
        case 'f':
            r = exo_page_free(v);
            if (r < 0) exo_exit(100 + (int)r);
            break;
        case 'r':
            (void)*(volatile uint8_t *)v;
            break;
        case 'w':
            *(volatile uint8_t *)v = 0x5a;
            break;
        case 'c':
            *(volatile uint32_t *)v = INSN_RET;
            __asm__ volatile("fence.i" ::: "memory");
            ((void (*)(void))v)();
            break;
        case 'x':
            ((void (*)(void))v)();
            break;
        case 't':
            for (unsigned long i = 0; i < 2 * v; i++) {
                r = exo_page_alloc(EXO_ANY, EXO_PERM_R | EXO_PERM_W);
                if (r < 0) exo_exit(100 + (int)r);
                if (i % 2)
                    exo_page_free((unsigned long)r);
                else
                    *(volatile uint8_t *)((uintptr_t)r << EXO_PAGE_SHIFT) = 0x5a;
            }
            break;
        default:
            exo_exit(1);
        }
    }
    return 0;
}
