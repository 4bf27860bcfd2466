/* drivers/ns16550.c: UART transmit by polling, receive by interrupt into a ring buffer.
 *
 * The ring has one producer (ns16550_isr, in the trap path) and one consumer (the link, in
 * the idle loop), so it needs no lock: head is written only by the producer and tail only by
 * the consumer, each published after the bytes it covers (the fences order that for a
 * second hart; on one hart they cost nothing).
 */
#include "drivers/ns16550.h"
#include "arch/riscv/xlen.h"
#include "board.h"
#include "config.h"

_Static_assert((CONFIG_UART_RX_RING & (CONFIG_UART_RX_RING - 1)) == 0,
               "the UART ring size must be a power of two");

static uintptr_t uart;
static uint8_t ring[CONFIG_UART_RX_RING];
static volatile uint32_t head, tail; /* free-running; index = value % size */
static volatile uint32_t dropped;

static uintptr_t reg(unsigned r) {
    return uart + ((uintptr_t)r << BOARD_UART_REG_SHIFT);
}

#if CONFIG_UART_RX_TRIGGER == 1
#define FCR_TRIGGER NS16550_FCR_TRIGGER_1
#elif CONFIG_UART_RX_TRIGGER == 4
#define FCR_TRIGGER NS16550_FCR_TRIGGER_4
#elif CONFIG_UART_RX_TRIGGER == 8
#define FCR_TRIGGER NS16550_FCR_TRIGGER_8
#elif CONFIG_UART_RX_TRIGGER == 14
#define FCR_TRIGGER NS16550_FCR_TRIGGER_14
#else
#error "CONFIG_UART_RX_TRIGGER must be 1, 4, 8 or 14"
#endif

void ns16550_init(uintptr_t base, uint32_t clock_hz, uint32_t baud) {
    uart = base;
    mmio_write8(reg(NS16550_IER), 0);
    uint32_t divisor = baud ? (clock_hz + 8 * baud) / (16 * baud) : 0;
    if (divisor > 0 && divisor <= 0xffff) {
        mmio_write8(reg(NS16550_LCR), NS16550_LCR_DLAB);
        mmio_write8(reg(NS16550_DLL), (uint8_t)divisor);
        mmio_write8(reg(NS16550_DLM), (uint8_t)(divisor >> 8));
    }
    mmio_write8(reg(NS16550_LCR), NS16550_LCR_8N1);
    mmio_write8(reg(NS16550_FCR), NS16550_FCR_ENABLE | FCR_TRIGGER);
    mmio_write8(reg(NS16550_MCR), NS16550_MCR_DTR_RTS_OUT2);
    while (mmio_read8(reg(NS16550_LSR)) & NS16550_LSR_DR)
        (void)mmio_read8(reg(NS16550_RBR)); /* whatever arrived before we were ready */
    mmio_write8(reg(NS16550_IER), NS16550_IER_RDA);
}

/* THRE means the whole transmit FIFO is empty, so each time it is seen a FIFO's worth can
 * go without looking again: half the register accesses of a byte-by-byte check. */
void ns16550_write(const void *data, size_t n) {
    const uint8_t *p = data, *end = p + n;
    while (p < end) {
        while (!(mmio_read8(reg(NS16550_LSR)) & NS16550_LSR_THRE))
            ;
        for (int k = 0; k < NS16550_TX_FIFO && p < end; k++)
            mmio_write8(reg(NS16550_THR), *p++);
    }
}

void ns16550_isr(void) {
    uint32_t h = head;
    while (mmio_read8(reg(NS16550_LSR)) & NS16550_LSR_DR) {
        uint8_t b = mmio_read8(reg(NS16550_RBR));
        if (h - tail == CONFIG_UART_RX_RING) {
            dropped++; /* counted: the link reports it as overflow */
            continue;
        }
        ring[h % CONFIG_UART_RX_RING] = b;
        h++;
    }
    __asm__ volatile("fence w, w" ::: "memory");
    head = h;
}

size_t ns16550_rx_peek(const uint8_t **data) {
    uint32_t t = tail, avail = head - t;
    __asm__ volatile("fence r, r" ::: "memory");
    uint32_t to_end = CONFIG_UART_RX_RING - t % CONFIG_UART_RX_RING;
    *data = ring + t % CONFIG_UART_RX_RING;
    return avail < to_end ? avail : to_end;
}

void ns16550_rx_consume(size_t n) {
    __asm__ volatile("fence rw, w" ::: "memory");
    tail = tail + (uint32_t)n;
}

uint32_t ns16550_rx_dropped(void) {
    return dropped;
}
