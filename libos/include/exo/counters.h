/* exo/counters.h: the unprivileged counters U-mode may read (the kernel sets mcounteren): `time`
 * (ticks of the board's timebase, exo_exposed.timebase_hz) and `instret` (instructions retired
 * by the hart: every env and the kernel). 64 bits on rv32 and rv64 alike. */
#ifndef EXO_COUNTERS_H
#define EXO_COUNTERS_H

#include <stdint.h>

#if __riscv_xlen == 64
#define EXO_COUNTER_READ(lo, hi)                                                                   \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("rd" #lo " %0" : "=r"(v_));                                               \
        v_;                                                                                        \
    })
#else
/* Two halves; read again if the high one moved meanwhile. */
#define EXO_COUNTER_READ(lo, hi)                                                                   \
    ({                                                                                             \
        uint32_t h_, l_, h2_;                                                                      \
        do {                                                                                       \
            __asm__ volatile("rd" #hi " %0" : "=r"(h_));                                           \
            __asm__ volatile("rd" #lo " %0" : "=r"(l_));                                           \
            __asm__ volatile("rd" #hi " %0" : "=r"(h2_));                                          \
        } while (h_ != h2_);                                                                       \
        ((uint64_t)h_ << 32) | l_;                                                                 \
    })
#endif

static inline uint64_t exo_time(void) {
    return EXO_COUNTER_READ(time, timeh);
}

static inline uint64_t exo_instret(void) {
    return EXO_COUNTER_READ(instret, instreth);
}

#endif /* EXO_COUNTERS_H */
