/* libFuzzer target: the resolver's response handling without sockets:
 * the acceptance check (ID, QR, OPCODE, question) and the CNAME chain walk
 * over any message the parser accepts.
 *
 * The first two input octets pick the ID we pretend to have sent (so both
 * matching and non-matching IDs are explored); the rest is the message.
 * Properties: no crash; a chain never has more than DNS_MAX_CHAIN links
 * nor a repeated name; the final count equals the records the
 * is-final test selects. The same message is also read as a referral
 * (src/check/referral.c) from a server of each zone above its question
 * name: a referral read is always to a zone strictly below the zone asked
 * and at or above the name, its NS names differ, and every glue address
 * belongs to one of them and lies inside the zone asked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/referral.h"
#include "dns/msg.h"
#include "dns/response.h"
#include "dns/wire.h"

#define MAX_RRS 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The message read as a referral from a server of `asked`. */
static void check_referral(const struct dns_msg *m, const uint8_t *qname, const uint8_t *asked)
{
	static struct referral ref;
	if (!referral_read(m, qname, asked, &ref))
		return;
	if (!dns_name_at_or_below(qname, ref.zone) || !dns_name_at_or_below(ref.zone, asked) ||
	    dns_name_equal(ref.zone, asked) || ref.ns_count > REFERRAL_MAX_NS ||
	    ref.glue_count > REFERRAL_MAX_GLUE)
		abort();
	for (size_t i = 0; i < ref.ns_count; i++)
		for (size_t k = 0; k < i; k++)
			if (dns_name_equal(ref.ns[i], ref.ns[k]))
				abort();
	for (size_t i = 0; i < ref.glue_count; i++)
		if (ref.glue[i].ns >= ref.ns_count || !dns_name_at_or_below(ref.ns[ref.glue[i].ns], asked))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dns_rr rrs[MAX_RRS];
	static struct dns_chain chain;
	struct dns_msg m;
	if (size < 2)
		return 0;
	/* every error class has its contract word; NONE has none */
	for (int c = DNS_EC_NONE; c <= DNS_EC_NETWORK; c++)
		if ((dns_errclass_name((enum dns_errclass)c) == NULL) != (c == DNS_EC_NONE))
			abort();
	uint16_t id = (uint16_t)(data[0] << 8 | data[1]);
	data += 2;
	size -= 2;
	if (dns_msg_parse(&m, data, size, rrs, MAX_RRS) != DNS_OK)
		return 0;

	uint8_t qname[DNS_MAX_NAME];
	size_t next, qlen;
	if (dns_name_unpack(data, size, m.qname, size, &next, qname, &qlen))
		abort();
	enum dns_match match = dns_response_match(&m, id, qname, m.qtype);
	if (match == DNS_MATCH_QUESTION && m.qclass == 1)
		abort(); /* its own question always matches */
	(void)dns_response_match(&m, id, (const uint8_t *)"\0", m.qtype);

	dns_chain_start(&chain, qname);
	size_t final_count;
	enum dns_chain_status st = dns_chain_follow(&chain, &m, m.qtype, &final_count);
	if (chain.links > DNS_MAX_CHAIN)
		abort();
	for (size_t i = 0; i <= chain.links; i++)
		for (size_t k = 0; k < i; k++)
			if (dns_name_equal(chain.names[i], chain.names[k]))
				abort();
	if (st == DNS_CHAIN_DONE || st == DNS_CHAIN_SHORT) {
		size_t count = 0;
		for (size_t i = 0; i < m.rr_count; i++)
			count += dns_chain_is_final(&chain, &m, &m.rr[i], m.qtype);
		if (count != final_count)
			abort();
	}
	/* from a server of each zone the name could be in, the root included */
	for (const uint8_t *asked = qname;; asked += *asked + 1) {
		check_referral(&m, qname, asked);
		if (!*asked)
			break;
	}
	return 0;
}
