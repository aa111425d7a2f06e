/* The pure pieces of the HTTP-01 rules (src/http/http01.c): trailing
 * white space as Go's unicode.IsSpace sees it (R-HTTP-4) and the reserved
 * address blocks (R-HTTP-7). The state machine itself is tested against
 * real servers in tests/integration/test_http01.sh. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "http/http01.h"

static size_t trim(const char *s)
{
	return h01_trim_right_space((const uint8_t *)s, strlen(s));
}

Test(http01, trim_ascii_space)
{
	cr_assert_eq(trim("abc"), 3);
	cr_assert_eq(trim("abc \t\r\n\v\f"), 3);
	cr_assert_eq(trim(" abc "), 4); /* only the right end */
	cr_assert_eq(trim(""), 0);
	cr_assert_eq(trim(" \n"), 0);
}

Test(http01, trim_unicode_space)
{
	cr_assert_eq(trim("abc\xc2\xa0"), 3);           /* U+00A0 */
	cr_assert_eq(trim("abc\xc2\x85\xe2\x80\x83"), 3); /* U+0085 U+2003 */
	cr_assert_eq(trim("abc\xe3\x80\x80 "), 3);       /* U+3000 */
	cr_assert_eq(trim("abc\xe2\x80\x8b"), 6);       /* U+200B is not a space */
	cr_assert_eq(trim("abc\xa0"), 4);               /* a lone 0xA0 is not UTF-8 */
}

static bool reserved(const char *text)
{
	uint8_t ip[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	cr_assert_eq(inet_pton(family, text, ip), 1);
	const char *why;
	bool r = h01_reserved_address(family, ip, &why);
	cr_assert(r == (why != NULL));
	return r;
}

Test(http01, reserved_addresses)
{
	cr_assert(reserved("127.0.0.1"));
	cr_assert(reserved("10.1.2.3"));
	cr_assert(reserved("172.31.255.255"));
	cr_assert_not(reserved("172.32.0.1"));
	cr_assert(reserved("192.168.1.1"));
	cr_assert(reserved("192.0.2.10"));
	cr_assert(reserved("198.51.100.1"));
	cr_assert(reserved("203.0.113.9"));
	cr_assert(reserved("100.64.0.1"));
	cr_assert_not(reserved("100.128.0.1"));
	cr_assert(reserved("255.255.255.255"));
	cr_assert(reserved("240.0.0.1"));
	cr_assert_not(reserved("8.8.8.8"));
	cr_assert_not(reserved("93.184.216.34"));
	cr_assert(reserved("::1"));
	cr_assert(reserved("::"));
	cr_assert(reserved("::ffff:8.8.8.8"));
	cr_assert(reserved("2001:db8::1"));
	cr_assert(reserved("fd00::1"));
	cr_assert(reserved("fe80::1"));
	cr_assert(reserved("2002::1"));
	cr_assert(reserved("3fff::1"));
	cr_assert_not(reserved("2606:4700::1111"));
	cr_assert_not(reserved("2a00:1450::1"));
}

Test(http01, outcome_names)
{
	cr_assert_str_eq(h01_outcome_name(H01_OK), "ok");
	cr_assert_str_eq(h01_outcome_name(H01_TLS_ERROR), "tls_error");
	cr_assert_str_eq(h01_outcome_name(H01_BAD_REDIRECT), "bad_redirect");
	cr_assert_str_eq(h01_outcome_name(H01_TOO_LARGE), "too_large");
}
