/* zeroed: checks that the pages it is given read as zero, then dirties them (create/kill cycles).
 *
 * Arguments: PAGES MODE. It checks the free tail of its own image's last page, then binds the
 * lowest PAGES free pages it sees in the exposed state (the ones its predecessor most likely
 * dirtied) and checks each is all zero; then it writes a pattern over all of them. MODE `x`:
 * exit 0; `s`: stop on purpose so the host kills it. Exit 2: a page was not zero (prints which);
 * 3: it could not bind PAGES pages; 1: malformed arguments.
 */
#include "hostile.h"

static int zero(uintptr_t first, uintptr_t end) {
    for (uintptr_t a = first; a < end; a += sizeof(unsigned long))
        if (*(volatile unsigned long *)a != 0) return 0;
    return 1;
}

static void dirty(uintptr_t first, uintptr_t end) {
    for (uintptr_t a = first; a < end; a += sizeof(unsigned long))
        *(volatile unsigned long *)a = ~(unsigned long)a;
}

static void report(const char *what, uintptr_t addr) {
    struct line out = {.len = 0};
    line_str(&out, what);
    line_str(&out, " not zero ");
    line_hex(&out, addr);
    line_end(&out);
}

int main(void) {
    unsigned long want;
    const char *arg = arg_next(NULL);
    if (!num_parse(arg, &want)) return 1;
    const char *mode = arg_next(arg);
    if (mode == NULL || (mode[0] != 'x' && mode[0] != 's')) return 1;
    int stop = mode[0] == 's';

    uintptr_t tail = ((uintptr_t)__end + 7) & ~(uintptr_t)7;
    if (!zero(tail, image_end())) {
        report("image tail", tail);
        return 2;
    }
    dirty(tail, image_end());

    const volatile struct exo_exposed *x = libexo_exposed();
    unsigned long got = 0;
    for (uint32_t i = 0; i < x->page_count && got < want; i++) {
        if (!((x->free_bitmap[i / 64] >> (i % 64)) & 1)) continue;
        unsigned long ppn = x->page_first + i;
        if (exo_page_alloc((long)ppn, EXO_PERM_R | EXO_PERM_W) < 0) continue; /* taken meanwhile */
        uintptr_t first = ppn << EXO_PAGE_SHIFT;
        if (!zero(first, first + EXO_PAGE_SIZE)) {
            report("page", first);
            return 2;
        }
        dirty(first, first + EXO_PAGE_SIZE);
        got++;
    }
    if (got < want) return 3;
    if (stop) env_stop();
    return 0;
}
