/* chatty: prints LINES numbered lines through libexo's printf (stdio.c) and exits 0. With a
 * session attached the console ring fills faster than the host drains it, so console writes
 * come back short: the test checks that stdio retries and no byte is lost.
 * Argument: LINES (hex). Exit 1: malformed argument. */
#include <stdio.h>

#include "hostile.h"

int main(void) {
    unsigned long lines;
    if (!num_parse(arg_next(NULL), &lines)) return 1;
    for (unsigned long i = 0; i < lines; i++)
        printf("line %06lu of a console flood that fills the ring\n", i);
    return 0;
}
