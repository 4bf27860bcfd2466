/* hello: the smallest libOS app: says which env it is through printf, then exits 0. */
#include <stdio.h>

#include <exo/libexo.h>
#include <exo/syscall.h>

int main(void) {
    printf("hello from env %lu\n", exo_env_self());
    return 0;
}
