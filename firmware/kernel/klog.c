/* kernel/klog.c: formats kernel log lines and sends them the way the link mode wants. */
#include "kernel/klog.h"
#include "config.h"
#include "drivers/ns16550.h"
#include "lib/fmt.h"
#include "link/session.h"

void klog_line(const char *text, unsigned long n) {
    ns16550_write(text, n);
    ns16550_write("\r\n", 2);
}

void klog(int level, const char *fmt, ...) {
    char line[CONFIG_KLOG_LINE];
    va_list ap;
    va_start(ap, fmt);
    size_t n = fmt_vformat(line, sizeof line, fmt, ap);
    va_end(ap);
    if (session_active()) {
        session_log(level, line, n);
    } else {
        ns16550_write("[exo] ", 6);
        klog_line(line, n);
    }
}
