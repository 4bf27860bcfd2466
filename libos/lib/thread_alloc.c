/* thread_alloc.c: thread_create, threads whose storage and stack come from malloc; apart from
 * thread.c so an image that starts its threads on its own stacks does not link malloc. */
#include <stdlib.h>

#include <exo/abi.h>
#include <exo/thread.h>

extern void (*thread_release)(struct thread *t);

static void release(struct thread *t) {
    free(t->stack);
    free(t);
}

int thread_create(struct thread **out, void *(*fn)(void *), void *arg, size_t stack_size) {
    if (stack_size == 0) stack_size = THREAD_STACK_DEFAULT;
    struct thread *t = calloc(1, sizeof *t);
    void *stack = malloc(stack_size);
    if (t == NULL || stack == NULL) {
        free(t);
        free(stack);
        return EXO_ENOMEM;
    }
    thread_release = release;
    int r = thread_start(t, stack, stack_size, fn, arg);
    if (r != EXO_OK) {
        release(t);
        return r;
    }
    t->stack = stack;
    *out = t;
    return EXO_OK;
}
