/* start.c: what runs between crt0 and main: records the env's start-up registers, starts the
 * event layer where it is linked, runs main and exits with its value (exo/libexo.h). */
#include <stdio.h>

#include <exo/libexo.h>
#include <exo/syscall.h>

int main(void);
void libexo_start(unsigned long env, const char *args, const volatile struct exo_exposed *exposed);
/* events.c's, when the image links the event layer (every app; any image calling exo/events.h):
 * a weak reference, so an image that does not (most test envs) stays without upcalls and a fault
 * stops it as before. */
void events_autostart(void) __attribute__((weak));

static unsigned long env_id;
static const char *arg_block;
static const volatile struct exo_exposed *exposed_state;

unsigned long libexo_env(void) {
    return env_id;
}

const char *libexo_args(void) {
    return arg_block;
}

const volatile struct exo_exposed *libexo_exposed(void) {
    return exposed_state;
}

void libexo_start(unsigned long env, const char *args, const volatile struct exo_exposed *exposed) {
    env_id = env;
    arg_block = args;
    exposed_state = exposed;
    if (events_autostart != NULL) events_autostart();
    int code = main();
    /* Output still buffered for the console goes out before the env ends. */
    fflush(stdout);
    exo_exit(code);
}

/* picolibc's exit() ends here after running atexit handlers. */
void _exit(int code) {
    exo_exit(code);
}
