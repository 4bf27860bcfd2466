/* kernel/stubs_tmp.c: TEMPORARY weak stand-ins for the objects engineer's files (env.c,
 * memory.c, exposed.c, syscall.c) so the machine side links before they land. Delete when
 * they do; a real definition always wins over these. */
#include "kernel/env.h"
#include "kernel/exposed.h"
#include "kernel/memory.h"
#include "kernel/syscall.h"

__attribute__((weak)) struct pages kpages;
__attribute__((weak, aligned(EXPOSED_ALIGN))) struct exo_exposed kexposed;

__attribute__((weak)) void env_init(void) {}
__attribute__((weak)) struct env *env_at(unsigned index) {
    (void)index;
    return NULL;
}
__attribute__((weak)) void env_fault(struct env *e, uint32_t cause, uint64_t pc, uint64_t addr) {
    (void)cause, (void)pc, (void)addr;
    e->state = EXO_ENV_STOPPED;
}
__attribute__((weak)) int memory_init(uint32_t first_ppn, uint32_t count,
                                      struct page_entry *entries) {
    return pages_init(&kpages, entries, first_ppn, count, kexposed.free_bitmap);
}
__attribute__((weak)) void exposed_init(uint32_t page_first, uint32_t page_count,
                                        uint32_t pmp_entries, uint32_t pmp_pinned,
                                        uint64_t timebase_hz) {
    kexposed.page_first = page_first;
    kexposed.page_count = page_count;
    kexposed.pmp_entries = pmp_entries;
    kexposed.pmp_pinned = pmp_pinned;
    kexposed.timebase_hz = timebase_hz;
}
__attribute__((weak)) void syscall_dispatch(struct env *e) {
    e->tf.x[10] = (unsigned long)EXO_ENOSYS;
}
