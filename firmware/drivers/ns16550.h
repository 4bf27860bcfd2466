/* drivers/ns16550.h: the 16550-compatible UART (QEMU virt's console): polled transmit,
 * interrupt-driven receive into a ring the kernel drains from its idle loop. */
#ifndef EXO_DRIVERS_NS16550_H
#define EXO_DRIVERS_NS16550_H

#include <stddef.h>
#include <stdint.h>

/* Registers (index; the byte offset is index << BOARD_UART_REG_SHIFT). */
#define NS16550_RBR 0 /* receive buffer (read) */
#define NS16550_DLL 0 /* divisor latch, low byte (with LCR_DLAB) */
#define NS16550_DLM 1 /* divisor latch, high byte (with LCR_DLAB) */
#define NS16550_THR 0 /* transmit holding (write) */
#define NS16550_IER 1 /* interrupt enable */
#define NS16550_FCR 2 /* FIFO control (write) */
#define NS16550_LCR 3 /* line control */
#define NS16550_MCR 4 /* modem control */
#define NS16550_LSR 5 /* line status */

#define NS16550_IER_RDA          0x01 /* interrupt when received data is available */
#define NS16550_FCR_ENABLE       0x07 /* FIFOs on, both cleared */
#define NS16550_FCR_TRIGGER_1    0x00 /* receive interrupt level, bits 7:6 */
#define NS16550_FCR_TRIGGER_4    0x40
#define NS16550_FCR_TRIGGER_8    0x80
#define NS16550_FCR_TRIGGER_14   0xc0
#define NS16550_LCR_DLAB         0x80
#define NS16550_LCR_8N1          0x03
#define NS16550_MCR_DTR_RTS_OUT2 0x0b /* OUT2 gates the interrupt line on PC-style wiring */
#define NS16550_LSR_DR           0x01 /* a received byte is waiting */
#define NS16550_LSR_THRE         0x20 /* the transmit holding register is empty */
#define NS16550_TX_FIFO          16   /* bytes the transmit FIFO holds */

/* Program the UART at base: 8N1, FIFOs on, receive interrupt enabled. With its input clock
 * known (clock_hz != 0) the divisor is set for baud; otherwise it is left as it was. */
void ns16550_init(uintptr_t base, uint32_t clock_hz, uint32_t baud);

/* Transmit, waiting for room byte by byte. */
void ns16550_write(const void *data, size_t n);

/* The interrupt handler: move every waiting byte into the receive ring. */
void ns16550_isr(void);

/* The oldest received bytes as one contiguous span (maybe fewer than are waiting); returns
 * its length, 0 if none. They stay in the ring until ns16550_rx_consume. */
size_t ns16550_rx_peek(const uint8_t **data);
void ns16550_rx_consume(size_t n);

/* Bytes lost because the ring was full (the reader fell a whole ring behind). */
uint32_t ns16550_rx_dropped(void);

#endif /* EXO_DRIVERS_NS16550_H */
