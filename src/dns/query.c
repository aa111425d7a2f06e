/* Query building: header, one question, and an optional OPT record. */
#include "dns/query.h"

#include "dns/msg.h"
#include "dns/types.h"
#include "dns/wire.h"

enum dns_err dns_query_build(uint8_t *buf, size_t cap, size_t *out_len,
			     uint16_t id, const uint8_t *qname,
			     uint16_t qtype, unsigned flags)
{
	if (flags & DNS_Q_DO)
		flags |= DNS_Q_EDNS;
	uint16_t hflags = 0; /* QR=0, OPCODE=QUERY */
	if (flags & DNS_Q_RD)
		hflags |= DNS_FLAG_RD;
	if (flags & DNS_Q_CD)
		hflags |= DNS_FLAG_CD;
	if (flags & DNS_Q_AD)
		hflags |= DNS_FLAG_AD;

	struct dns_writer w;
	dns_writer_init(&w, buf, cap);
	dns_write_u16(&w, id);
	dns_write_u16(&w, hflags);
	dns_write_u16(&w, 1);                          /* QDCOUNT */
	dns_write_u16(&w, 0);                          /* ANCOUNT */
	dns_write_u16(&w, 0);                          /* NSCOUNT */
	dns_write_u16(&w, (flags & DNS_Q_EDNS) ? 1 : 0); /* ARCOUNT */
	dns_write_bytes(&w, qname, dns_name_len(qname));
	dns_write_u16(&w, qtype);
	dns_write_u16(&w, DNS_C_IN);
	if (flags & DNS_Q_EDNS) {
		/* RFC 6891 s6.1.2: root owner, CLASS = UDP payload size, TTL
		 * = extended RCODE (0), version (0), DO bit and zero flags. */
		dns_write_u8(&w, 0);
		dns_write_u16(&w, DNS_T_OPT);
		dns_write_u16(&w, DNS_EDNS_UDP_SIZE);
		dns_write_u32(&w, (flags & DNS_Q_DO) ? 0x8000u : 0);
		dns_write_u16(&w, 0); /* RDLENGTH: no options */
	}
	if (w.err)
		return w.err;
	*out_len = w.len;
	return DNS_OK;
}
