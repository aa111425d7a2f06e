/* libFuzzer target: what a user types on the command line. The input is
 * one argument (like argv, it ends at its first NUL), given to each parser
 * a command hands its arguments to:
 *  - domain names (dns_name_from_text, as `query` and `caa` read them);
 *  - record types (dns_type_from_text: "CAA", "caa", "TYPE257");
 *  - --resolver addresses (net_addr_parse; c-ares CVE-2023-31130 was an
 *    address parser reading before its buffer).
 * Each argument is an exact-size heap copy, so AddressSanitizer sees a
 * read one octet past its NUL. Properties: a name that parses is a
 * well-formed wire name of at most 255 octets; a type that parses prints
 * as text that parses back to it; an address that parses prints as text
 * that fits NET_ADDR_TEXT and parses back to the same address and port. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/types.h"
#include "dns/wire.h"
#include "net/addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *arg, size_t n)
{
	uint8_t wire[DNS_MAX_NAME];
	size_t len = 0;
	if (dns_name_from_text(arg, n, wire, &len) != DNS_OK)
		return;
	if (len < 1 || len > DNS_MAX_NAME || dns_name_len(wire) != len)
		abort();
	if (dns_name_labels(wire) > (DNS_MAX_NAME - 1) / 2)
		abort();
	if (!dns_name_equal(wire, wire))
		abort();
}

static void check_type(const char *arg)
{
	uint16_t type, back;
	if (dns_type_from_text(arg, &type) != DNS_OK)
		return;
	char buf[DNS_TYPE_TEXT];
	const char *text = dns_type_to_text(type, buf);
	if (strlen(text) >= DNS_TYPE_TEXT)
		abort();
	if (dns_type_from_text(text, &back) != DNS_OK || back != type)
		abort();
}

static void check_addr(const char *arg)
{
	struct net_addr a, b;
	if (!net_addr_parse(arg, 53, &a))
		return;
	char text[NET_ADDR_TEXT];
	net_addr_text(&a, text);
	if (strlen(text) >= NET_ADDR_TEXT)
		abort();
	if (!net_addr_parse(text, 53, &b) ||
	    !net_addr_equal(&b, (const struct sockaddr *)&a.ss, a.len))
		abort();
	if (net_addr_port(&a) == 0)
		abort(); /* port 0 is refused */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *arg = malloc(size + 1);
	if (!arg)
		return 0;
	if (size)
		memcpy(arg, data, size);
	arg[size] = '\0';
	size_t n = strlen(arg);
	check_name(arg, n);
	check_type(arg);
	check_addr(arg);
	free(arg);
	return 0;
}
