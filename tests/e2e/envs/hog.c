/* hog: binds free pages until only KEEP are left (argument, default 0), prints `hog N` (pages it
 * took) and stops on purpose, keeping them: the host then tries to load into too little memory.
 * Exit 1: the exposed state was unreadable. */
#include "hostile.h"

int main(void) {
    unsigned long keep = 0;
    const char *arg = arg_next(NULL);
    if (arg != NULL && !num_parse(arg, &keep)) return 1;
    const volatile struct exo_exposed *x = libexo_exposed();
    if (x == NULL || x->magic != EXO_EXPOSED_MAGIC) return 1;
    long taken = 0;
    /* pages_free is one aligned word: a torn read is impossible, a stale one only ends the loop
     * a page early or late, and ENOMEM ends it anyway. */
    while (x->pages_free > keep && exo_page_alloc(EXO_ANY, EXO_PERM_R) >= 0)
        taken++;
    struct line out = {.len = 0};
    line_str(&out, "hog ");
    line_dec(&out, taken);
    line_end(&out);
    env_stop();
}
