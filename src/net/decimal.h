/* The one reader of decimal numbers in command lines and addresses, and
 * of hexadecimal digits everywhere. */
#ifndef ACMEPROBE_NET_DECIMAL_H
#define ACMEPROBE_NET_DECIMAL_H

#include <stdbool.h>
#include <stdint.h>

/* Reads `s` as a whole decimal number in [min, max] into *out; false (and
 * *out untouched) for anything else: an empty string, a sign, spaces, any
 * non-digit, or a value out of range however many digits it has. */
bool decimal_parse(const char *s, uint32_t min, uint32_t max, uint32_t *out);

/* The value of a hexadecimal digit (0-9, a-f, A-F), or -1 for any other
 * character (a byte above 0x7F too, whatever the sign of char). */
int hex_digit_value(int c);

#endif
