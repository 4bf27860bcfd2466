/* kernel/klog.h: kernel log lines: `[exo] text` in terminal mode, LOG events in a session. */
#ifndef EXO_KERNEL_KLOG_H
#define EXO_KERNEL_KLOG_H

#define KLOG_DEBUG 0
#define KLOG_INFO  1
#define KLOG_WARN  2
#define KLOG_ERROR 3

/* Not from interrupt handlers: a line may go out as a frame, which must not interleave. */
void klog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One raw line on the UART (no prefix, CRLF added): the banner, and panics. */
void klog_line(const char *text, unsigned long n);

#endif /* EXO_KERNEL_KLOG_H */
