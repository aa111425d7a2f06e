/* libFuzzer target: the message parser and the presentation printer.
 *
 * Properties checked beyond "no crash, no over-read" (ASan/UBSan):
 *  - a message that parses can be printed whole, every RR and its RDATA;
 *  - every name the printer writes reads back (dns_name_from_text) to the
 *    very same wire octets: the printer never emits a string the name
 *    parser would read differently;
 *  - a query built for a parsed question parses back to that question. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/query.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/wire.h"

#define MAX_RRS 4096

static void check_name_round_trip(const uint8_t *pkt, size_t len, size_t off)
{
	uint8_t wire[DNS_MAX_NAME], back[DNS_MAX_NAME];
	size_t next, wire_len, back_len;
	char text[DNS_MAX_NAME_TEXT];
	struct dns_text t;

	if (dns_name_unpack(pkt, len, off, len, &next, wire, &wire_len))
		abort(); /* the parser accepted this name: it must unpack */
	dns_text_init(&t, text, sizeof text);
	dns_text_name(&t, wire);
	if (t.overflow)
		abort(); /* DNS_MAX_NAME_TEXT is documented as enough */
	if (dns_name_from_text(text, t.len, back, &back_len))
		abort();
	if (back_len != wire_len || memcmp(back, wire, wire_len) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dns_rr rrs[MAX_RRS];
	static char line[2 * 65536 + 2048];
	struct dns_msg m;
	struct dns_text t;

	if (dns_msg_parse(&m, data, size, rrs, MAX_RRS) != DNS_OK)
		return 0;

	check_name_round_trip(data, size, m.qname);
	for (size_t i = 0; i < m.rr_count; i++) {
		const struct dns_rr *rr = &m.rr[i];
		check_name_round_trip(data, size, rr->owner);
		dns_text_init(&t, line, sizeof line);
		dns_text_rr(&t, &m, rr);
		if (t.overflow)
			abort();
	}

	/* EDNS options and EDE */
	struct dns_opt_iter it;
	struct dns_opt_option o;
	dns_opt_begin(&it, &m);
	while (dns_opt_next(&it, &o)) {
		struct dns_ede ede;
		if (o.code == DNS_OPT_EDE && dns_ede_parse(&o, &ede) == DNS_OK) {
			dns_text_init(&t, line, sizeof line);
			dns_text_quoted(&t, ede.text, ede.text_len);
		}
	}
	/* the first EDE as the lookups read it (dns_first_ede) */
	struct dns_ede first;
	if (dns_first_ede(&m, &first)) {
		dns_text_init(&t, line, sizeof line);
		dns_text_quoted(&t, first.text, first.text_len);
	}

	/* the question, asked again, reads back the same */
	uint8_t qname[DNS_MAX_NAME], q[DNS_MAX_QUERY];
	size_t next, qlen, n;
	struct dns_rr qrr[2];
	struct dns_msg back;
	if (dns_name_unpack(data, size, m.qname, size, &next, qname, &qlen))
		abort();
	if (dns_query_build(q, sizeof q, &n, m.id, qname, m.qtype,
			    DNS_Q_RD | DNS_Q_DO))
		abort();
	if (dns_msg_parse(&back, q, n, qrr, 2) != DNS_OK)
		abort();
	if (back.qtype != m.qtype || back.id != m.id ||
	    !dns_name_equal_at(q, back.qname, qname))
		abort();
	return 0;
}
