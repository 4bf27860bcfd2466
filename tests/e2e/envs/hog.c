/* hog: binds every free page but the KEEP lowest (argument, default 0), prints `hog N` (pages it
 * took) and stops on purpose, keeping them: the host then tries to load into too little memory.
 * On a target where nothing else holds pages, the pages left are one run just above the hog's
 * own image. Exit 1: the exposed state was unreadable. */
#include "hostile.h"

int main(void) {
    unsigned long keep = 0;
    const char *arg = arg_next(NULL);
    if (arg != NULL && !num_parse(arg, &keep)) return 1;
    const volatile struct exo_exposed *x = libexo_exposed();
    if (x == NULL || x->magic != EXO_EXPOSED_MAGIC) return 1;
    long taken = 0;
    unsigned long skipped = 0;
    /* Nothing else binds pages meanwhile, so the bitmap read page by page is current. */
    for (uint32_t i = 0; i < x->page_count; i++) {
        if (!((x->free_bitmap[i / 64] >> (i % 64)) & 1)) continue;
        if (skipped < keep) {
            skipped++;
            continue;
        }
        if (exo_page_alloc((long)(x->page_first + i), EXO_PERM_R) >= 0) taken++;
    }
    struct line out = {.len = 0};
    line_str(&out, "hog ");
    line_dec(&out, taken);
    line_end(&out);
    env_stop();
}
