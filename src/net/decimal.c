#include "net/decimal.h"

/* strtoul would do, with errno, an end pointer and a check for the sign it
 * accepts (and for the spaces it skips) at every caller; this reader takes
 * digits only, so "+5", " 5" and "5 " are errors everywhere alike. It also
 * keeps `make tiny` from linking musl's generic number scanner. */
bool decimal_parse(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		/* stop before the 64-bit value could wrap, whatever the length */
		if (v > max)
			return false;
	}
	if (v < min)
		return false;
	*out = (uint32_t)v;
	return true;
}

int hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
