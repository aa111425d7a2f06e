/* The one reader of decimal numbers in command lines and addresses. */
#ifndef ACMEPROBE_NET_DECIMAL_H
#define ACMEPROBE_NET_DECIMAL_H

#include <stdbool.h>
#include <stdint.h>

/* Reads `s` as a whole decimal number in [min, max] into *out; false (and
 * *out untouched) for anything else: an empty string, a sign, spaces, any
 * non-digit, or a value out of range however many digits it has. */
bool decimal_parse(const char *s, uint32_t min, uint32_t max, uint32_t *out);

#endif
