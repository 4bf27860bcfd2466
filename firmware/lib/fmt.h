/* lib/fmt.h: a small snprintf for kernel messages. Pure. */
#ifndef EXO_LIB_FMT_H
#define EXO_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Format into buf (cap bytes, cap >= 1), always NUL-terminated, cut if too long; returns the
 * length written. Conversions: %c %s %d %u %x %p %%, with an optional '0' flag, a width and
 * the l, ll and z size modifiers. */
size_t fmt_vformat(char *buf, size_t cap, const char *fmt, va_list ap);
size_t fmt_format(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* EXO_LIB_FMT_H */
