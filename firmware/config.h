/* config.h: the firmware's tunables, one default each; a board overrides only what differs. */
#ifndef EXO_CONFIG_H
#define EXO_CONFIG_H

/* Bytes of the boot hart's stack (trap frames are pushed on it too). */
#ifndef CONFIG_STACK_SIZE
#define CONFIG_STACK_SIZE 16384
#endif

/* Responses the link remembers for replay; HELLO reports it as the host's window. */
#ifndef CONFIG_LINK_WINDOW
#define CONFIG_LINK_WINDOW 8
#endif

/* Seconds without a valid frame after which a session falls back to terminal mode. */
#ifndef CONFIG_SESSION_TIMEOUT_S
#define CONFIG_SESSION_TIMEOUT_S 5
#endif

/* UART receive ring (a power of two): holds a full window of maximum frames, so the
 * host can stream at the line's rate while the kernel is busy elsewhere. */
#ifndef CONFIG_UART_RX_RING
#define CONFIG_UART_RX_RING 16384
#endif

/* Line rate the UART is programmed for, when the device tree gives its input clock. */
#ifndef CONFIG_UART_BAUD
#define CONFIG_UART_BAUD 115200
#endif

/* Receive FIFO level (1, 4, 8 or 14 bytes) that raises the UART interrupt; fewer bytes raise it
 * after four idle character times. Higher levels take fewer interrupts per byte; on QEMU they
 * also let the emulated UART hand over that many bytes at once instead of one (measured: 200
 * pings of 1 KiB through the host package, about 3.5x faster at 14 than at 1). */
#ifndef CONFIG_UART_RX_TRIGGER
#define CONFIG_UART_RX_TRIGGER 14
#endif

/* 1: the link reports, as a LOG event per request, the instructions (minstret) spent decoding
 * it and handling it (response sent included). For measuring; off in normal builds. */
#ifndef CONFIG_LINK_MEASURE
#define CONFIG_LINK_MEASURE 0
#endif

/* Largest device tree the boot code will read; a header claiming more is ignored. */
#ifndef CONFIG_FDT_MAX_SIZE
#define CONFIG_FDT_MAX_SIZE (1024 * 1024)
#endif

/* Longest kernel log line (longer ones are cut). */
#ifndef CONFIG_KLOG_LINE
#define CONFIG_KLOG_LINE 160
#endif

/* Env table entries; index 0 is never used, so CONFIG_MAX_ENVS - 1 envs can exist at once.
 * At most EXO_ENV_MAX (the exposed state's summaries). */
#ifndef CONFIG_MAX_ENVS
#define CONFIG_MAX_ENVS 64
#endif

/* Bytes of console output kept per env (a power of two): what a host attaching later can
 * still read. */
#ifndef CONFIG_CONSOLE_RING
#define CONFIG_CONSOLE_RING 4096
#endif

/* Bytes of console input queued per env (a power of two). */
#ifndef CONFIG_CONSOLE_INPUT
#define CONFIG_CONSOLE_INPUT 256
#endif

#endif /* EXO_CONFIG_H */
