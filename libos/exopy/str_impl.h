/* str_impl.h: helpers shared by the str type (str.c) and the str/bytes methods (str_methods.c). */
#ifndef EXOPY_STR_IMPL_H
#define EXOPY_STR_IMPL_H

#include "exopy.h"

size_t str_count_cp(const char *s, size_t n);           /* code points in UTF-8 text */
size_t str_cp_off(Str *s, size_t i);                    /* byte offset of code point i */
Obj *str_same_kind(Obj *self, const char *p, size_t n); /* a str or bytes like self */
const char *str_find(const char *h, size_t hn, const char *n, size_t nn); /* or NULL */
int uni_isprintable(uint32_t c);
void str_methods_init(void);

#endif
