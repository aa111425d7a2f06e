/* acmeprobe: dns_msg_parse into a caller-owned index (src/dns/msg.h). The
 * index array is static, as the resolver's would be: nothing is allocated
 * per message. */
#include <stdio.h>

#include "adapter.h"
#include "dns/msg.h"

const char bench_adapter_name[] = "acmeprobe";

/* More than a 65,535-octet message can hold (11 octets per RR at least). */
#define RR_CAP 6000
static struct dns_rr rr_index[RR_CAP];

int bench_parse(uint8_t *wire, size_t len)
{
	struct dns_msg m;
	return (int)dns_msg_parse(&m, wire, len, rr_index, RR_CAP);
}

int bench_parse_summary(uint8_t *wire, size_t len, struct bench_summary *s,
			char *err, size_t err_len)
{
	struct dns_msg m;
	enum dns_err e = dns_msg_parse(&m, wire, len, rr_index, RR_CAP);
	if (e) {
		snprintf(err, err_len, "%s at offset %zu: %s", dns_errname(e),
			 m.err_off, dns_strerror(e));
		return (int)e;
	}
	s->rcode = DNS_RCODE4(m.flags);
	s->qtype = m.qtype;
	s->an = s->ns = s->ar = 0;
	for (size_t i = 0; i < m.rr_count; i++) {
		switch (m.rr[i].section) {
		case DNS_SEC_ANSWER: s->an++; break;
		case DNS_SEC_AUTHORITY: s->ns++; break;
		default: s->ar++; break;
		}
	}
	s->edns = m.edns.present;
	return 0;
}
