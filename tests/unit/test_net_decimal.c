#include <criterion/criterion.h>

#include "net/decimal.h"

Test(decimal, reads_whole_numbers_in_range)
{
	uint32_t v = 7;
	cr_assert(decimal_parse("1", 1, 65535, &v));
	cr_assert_eq(v, 1);
	cr_assert(decimal_parse("65535", 1, 65535, &v));
	cr_assert_eq(v, 65535);
	cr_assert(decimal_parse("0053", 1, 65535, &v), "leading zeros are digits");
	cr_assert_eq(v, 53);
	cr_assert(decimal_parse("4294967295", 1, UINT32_MAX, &v));
	cr_assert_eq(v, UINT32_MAX);
	cr_assert(decimal_parse("0", 0, 10, &v));
	cr_assert_eq(v, 0);
}

Test(decimal, refuses_anything_else_and_leaves_the_output_alone)
{
	static const struct {
		const char *text;
		uint32_t max;
	} bad[] = {
	    {"", 65535},
	    {"0", 65535},
	    {"65536", 65535},
	    {"-1", 65535},
	    {"+5", 65535},
	    {" 5", 65535},
	    {"5 ", 65535},
	    {"5x", 65535},
	    {"0x10", 65535},
	    {"1e3", 65535},
	    {"\xd9\xa3", 65535}, /* an Arabic-Indic 3 */
	    {"99999999999999999999999999999999999999", UINT32_MAX},
	    {"4294967296", UINT32_MAX},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint32_t v = 7;
		cr_assert_not(decimal_parse(bad[i].text, 1, bad[i].max, &v), "'%s' accepted",
			      bad[i].text);
		cr_assert_eq(v, 7, "'%s' changed the output", bad[i].text);
	}
}

/* the one hexadecimal digit reader (DS digests, %XX in URLs, chunk sizes,
 * JSON's \u, IPv6 text, decode --hex): every one of the 256 octets, as
 * char and as unsigned char */
Test(decimal, hex_digit_value_of_every_octet)
{
	static const char digits[] = "0123456789abcdef";
	for (int c = 0; c < 256; c++) {
		int want = -1;
		for (int d = 0; d < 16; d++)
			if (c == digits[d] || (d >= 10 && c == digits[d] - 32))
				want = d;
		cr_assert_eq(hex_digit_value(c), want, "octet 0x%02x", (unsigned)c);
		cr_assert_eq(hex_digit_value((char)c), want, "octet 0x%02x as char", (unsigned)c);
	}
}
