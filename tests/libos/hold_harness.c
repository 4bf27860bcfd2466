/* hold_harness.c: drives libos/lib/hold.c from line commands, for test_hold.py. A "handler"
 * is simulated by the commands a handler would run between two instructions of held code.
 *
 *   enter | leave         -> DEPTH RAN          (RAN: the work hold_work ran, 0 if none)
 *   handler BITS          -> now|later          (does the work now at depth 0, else defers it)
 *   swap DEPTH            -> OLD                (thread.c's switch)
 *   take                  -> BITS
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <exo/hold.h>

static unsigned ran;

static void work(void) {
    ran |= hold_take();
}

int main(void) {
    char line[128];
    hold_work = work;
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *cmd = strtok(line, " \n");
        char *arg = strtok(NULL, " \n");
        unsigned v = arg != NULL ? (unsigned)strtoul(arg, NULL, 0) : 0;
        if (cmd == NULL) continue;
        ran = 0;
        if (strcmp(cmd, "enter") == 0) {
            hold_enter();
            printf("%u %u\n", hold_depth(), ran);
        } else if (strcmp(cmd, "leave") == 0) {
            hold_leave();
            printf("%u %u\n", hold_depth(), ran);
        } else if (strcmp(cmd, "handler") == 0) {
            if (hold_depth() != 0) {
                hold_defer(v);
                puts("later");
            } else {
                puts("now");
            }
        } else if (strcmp(cmd, "swap") == 0) {
            printf("%u\n", hold_swap(v));
        } else if (strcmp(cmd, "take") == 0) {
            printf("%u\n", hold_take());
        } else {
            puts("?");
        }
        fflush(stdout);
    }
    return 0;
}
