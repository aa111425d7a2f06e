/* libFuzzer target: domain names in presentation format, as typed on the
 * command line. Round trip: text that parses gives a wire name; that name
 * printed and parsed again gives the same octets; and a query built for it
 * parses back with the same question. dns_name_from_input (a certificate's
 * name, "*." for a wildcard) must read the same input as "*." and then
 * dns_name_from_text over the rest. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/query.h"
#include "dns/text.h"
#include "dns/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t wire[DNS_MAX_NAME], back[DNS_MAX_NAME], q[DNS_MAX_QUERY];
	size_t wire_len, back_len, qlen;
	char text[DNS_MAX_NAME_TEXT];
	struct dns_text t;

	bool wildcard;
	enum dns_err in = dns_name_from_input((const char *)data, size, &wildcard, wire, &wire_len);
	bool star = size >= 2 && data[0] == '*' && data[1] == '.';
	if (wildcard != star)
		abort();
	if (star) {
		if (dns_name_from_text((const char *)data + 2, size - 2, back, &back_len) != in ||
		    (in == DNS_OK && (back_len != wire_len || memcmp(back, wire, wire_len) != 0)))
			abort();
	}

	if (dns_name_from_text((const char *)data, size, wire, &wire_len) != DNS_OK)
		return 0;
	if (wire_len > DNS_MAX_NAME || dns_name_len(wire) != wire_len)
		abort();
	dns_text_init(&t, text, sizeof text);
	dns_text_name(&t, wire);
	if (t.overflow)
		abort();
	if (dns_name_from_text(text, t.len, back, &back_len) != DNS_OK)
		abort();
	if (back_len != wire_len || memcmp(back, wire, wire_len) != 0)
		abort();

	if (dns_query_build(q, sizeof q, &qlen, 0x1234, wire, 257, DNS_Q_RD | DNS_Q_EDNS))
		abort();
	struct dns_rr rr[1];
	struct dns_msg m;
	if (dns_msg_parse(&m, q, qlen, rr, 1) != DNS_OK || m.qtype != 257 ||
	    !dns_name_equal_at(q, m.qname, wire))
		abort();
	return 0;
}
