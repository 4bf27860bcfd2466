/* victim: holds pages with a known pattern while others attack them, then proves they are intact.
 *
 * Arguments: page numbers to bind read-write (hex or decimal), besides its own image. It fills
 * every bound page and its own data page's free tail with a pattern derived from the address,
 * prints `ready`, then polls its console input. On `c` it checks every word and that it still
 * owns each page (PAGE_INFO), prints `intact` and exits 0, or exits 2 (a word changed) or 3 (a
 * page is no longer its own). Exit 1: a page could not be bound.
 */
#include "hostile.h"

#define MAX_PAGES 8

static unsigned long pattern(uintptr_t addr) {
    return (unsigned long)addr * 0x9e3779b1u ^ 0xa5a5a5a5u;
}

static void fill(uintptr_t first, uintptr_t end) {
    for (uintptr_t a = first; a < end; a += sizeof(unsigned long))
        *(volatile unsigned long *)a = pattern(a);
}

static int intact(uintptr_t first, uintptr_t end) {
    for (uintptr_t a = first; a < end; a += sizeof(unsigned long))
        if (*(volatile unsigned long *)a != pattern(a)) return 0;
    return 1;
}

int main(void) {
    unsigned long ppns[MAX_PAGES];
    unsigned n = 0;
    for (const char *arg = arg_next(NULL); arg != NULL && n < MAX_PAGES; arg = arg_next(arg)) {
        if (!num_parse(arg, &ppns[n])) return 1;
        if (exo_page_alloc((long)ppns[n], EXO_PERM_R | EXO_PERM_W) < 0) return 1;
        n++;
    }
    /* The free tail of the image's last page: from the end of the stack to the page's end. */
    uintptr_t tail = ((uintptr_t)__end + 7) & ~(uintptr_t)7;
    fill(tail, image_end());
    for (unsigned i = 0; i < n; i++)
        fill(ppns[i] << EXO_PAGE_SHIFT, (ppns[i] + 1) << EXO_PAGE_SHIFT);
    struct line out = {.len = 0};
    line_str(&out, "ready");
    line_end(&out);
    while (console_wait_byte() != 'c') {
    }
    int code = intact(tail, image_end()) ? 0 : 2;
    for (unsigned i = 0; i < n && code == 0; i++) {
        unsigned long owner = 0;
        unsigned rights = 0;
        if (exo_page_info(ppns[i], &owner, &rights) != EXO_OK || owner != libexo_env())
            code = 3;
        else if (!intact(ppns[i] << EXO_PAGE_SHIFT, (ppns[i] + 1) << EXO_PAGE_SHIFT))
            code = 2;
    }
    if (code == 0) {
        line_str(&out, "intact");
        line_end(&out);
    }
    return code;
}
