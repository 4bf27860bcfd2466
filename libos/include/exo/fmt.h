/* exo/fmt.h: libexo's printf formatter, a pure function over an output callback.
 *
 * libexo supplies printf and friends itself rather than picolibc's: picolibc's rv32 multilib is
 * built medlow, and its printf uses absolute addresses an image cannot have (docs/images.md).
 * Conversions: d i u o x X c s p %, flags - + space # 0, width and precision (numbers or *),
 * lengths hh h l ll z t j. No floating point.
 */
#ifndef EXO_FMT_H
#define EXO_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_out_fn)(void *ctx, const char *s, size_t n);

/* Formats fmt with ap through out; returns the number of characters produced. An unknown
 * conversion is copied out as written. */
int fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap);

#endif /* EXO_FMT_H */
