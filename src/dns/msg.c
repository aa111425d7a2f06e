/* The messages layer: one pass over a whole message that checks every
 * length and name and records where each RR sits. */
#include "dns/msg.h"

#include "dns/rr.h"
#include "dns/wire.h"

/* The smallest possible RR: a root owner (1), type, class, TTL, RDLENGTH. */
#define MIN_RR_LEN 11

/* RFC 6891 s6.1: one OPT, in the additional section, owned by the root;
 * its TTL field carries the extended RCODE, the version and the flags; its
 * RDATA is a list of {code, length, data} options that must fill it. */
static enum dns_err read_opt(struct dns_msg *m, const struct dns_rr *rr)
{
	if (rr->section != DNS_SEC_ADDITIONAL)
		return DNS_E_OPT_SECTION;
	if (m->edns.present)
		return DNS_E_OPT_DUP;
	static const uint8_t root[1] = {0};
	if (m->pkt[rr->owner] != 0 &&
	    !dns_name_equal_at(m->pkt, rr->owner, root))
		return DNS_E_OPT_OWNER;
	/* each option: code (2), length (2), that many octets; a reader
	 * bounded by the RDATA's end refuses one that runs past it */
	struct dns_reader r;
	dns_reader_init(&r, m->pkt, (size_t)rr->rdata + rr->rdlen);
	r.pos = rr->rdata;
	while (dns_reader_left(&r)) {
		(void)dns_read_u16(&r); /* the option code */
		dns_read_bytes(&r, dns_read_u16(&r));
		if (r.err)
			return DNS_E_OPT_OPTION;
	}
	/* The TTL field holds the extended RCODE (8 bits), the version (8)
	 * and the flags (16): DO, then 15 bits of Z. */
	m->edns.present = true;
	m->edns.udp_size = rr->rclass;
	m->edns.ext_rcode = (uint8_t)(rr->ttl >> 24);
	m->edns.version = (uint8_t)(rr->ttl >> 16);
	m->edns.dnssec_ok = (rr->ttl & 0x8000u) != 0;
	m->edns.z = (uint16_t)(rr->ttl & 0x7FFFu);
	m->edns.options = rr->rdata;
	m->edns.options_len = rr->rdlen;
	return DNS_OK;
}

static enum dns_err fail_at(struct dns_msg *m, size_t off, enum dns_err e)
{
	m->err_off = off;
	return e;
}

enum dns_err dns_msg_parse(struct dns_msg *m, const uint8_t *pkt, size_t len,
			   struct dns_rr *rr, size_t rr_cap)
{
	m->pkt = pkt;
	m->len = len;
	m->rr = rr;
	m->rr_count = 0;
	m->edns.present = false;
	m->edns.options = 0;
	m->edns.options_len = 0;
	m->err_off = 0;
	if (len < DNS_HEADER_LEN)
		return fail_at(m, len, DNS_E_TRUNC_HEADER);
	/* Offsets in the index are 16-bit: a DNS message never exceeds
	 * 65535 octets (RFC 1035 s4.2.2, the TCP length prefix). */
	if (len > 65535)
		return fail_at(m, 65535, DNS_E_ARG);

	/* Every fixed field is read through a reader: r over the whole
	 * message, and a block reader for each fixed-size part (RFC 1035
	 * s4.1.1: the header; s4.1.2: QTYPE, QCLASS; s4.1.3: TYPE, CLASS,
	 * TTL, RDLENGTH). */
	struct dns_reader r, f;
	dns_reader_init(&r, pkt, len);
	dns_reader_block(&r, DNS_HEADER_LEN, &f); /* len >= 12: it cannot fail */
	m->id = dns_read_u16(&f);
	m->flags = dns_read_u16(&f);
	m->counts[0] = dns_read_u16(&f); /* QDCOUNT */
	m->counts[1] = dns_read_u16(&f); /* ANCOUNT */
	m->counts[2] = dns_read_u16(&f); /* NSCOUNT */
	m->counts[3] = dns_read_u16(&f); /* ARCOUNT */
	m->rcode = DNS_RCODE4(m->flags);

	/* RFC 9619: a query or an answer with OPCODE QUERY has exactly one
	 * question; anything else cannot be matched to what we asked. */
	if (m->counts[0] != 1)
		return fail_at(m, 4, DNS_E_QDCOUNT);

	size_t pos = DNS_HEADER_LEN, next, qlen;
	enum dns_err e = dns_name_unpack(pkt, len, pos, len, &next, NULL, &qlen);
	if (e == DNS_E_NAME_UNTERMINATED || e == DNS_E_PTR_CUT)
		e = DNS_E_TRUNC_QUESTION;
	if (e)
		return fail_at(m, pos, e);
	m->qname = (uint16_t)pos;
	m->qname_len = (uint16_t)qlen;
	r.pos = next;
	if (!dns_reader_block(&r, 4, &f))
		return fail_at(m, next, DNS_E_TRUNC_QUESTION);
	m->qtype = dns_read_u16(&f);
	m->qclass = dns_read_u16(&f);
	pos = r.pos;

	size_t total = (size_t)m->counts[1] + m->counts[2] + m->counts[3];
	/* Counts that promise more RRs than the octets left could hold are
	 * rejected before any RR is read (picoTCP CVE-2020-24340). */
	if (total * MIN_RR_LEN > len - pos)
		return fail_at(m, 6, DNS_E_COUNT);
	if (total > rr_cap)
		return fail_at(m, 6, DNS_E_TOO_MANY_RRS);

	size_t section_end[3] = {m->counts[1],
				 (size_t)m->counts[1] + m->counts[2], total};
	unsigned section = DNS_SEC_ANSWER;
	size_t checked = DNS_HEADER_LEN; /* see the fast paths below */
	for (size_t i = 0; i < total; i++) {
		/* i < total = section_end[2]: section stays <= 2 (which
		 * clang-tidy's analyzer cannot see since the counts come
		 * through the reader) */
		// NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult)
		while (i >= section_end[section])
			section++;
		if (pos == len)
			return fail_at(m, pos, DNS_E_COUNT);
		struct dns_rr *rec = &rr[i];
		/* Fast paths, with the same result as dns_name_unpack: a root
		 * owner (OPT), and an owner that is only a pointer to a name
		 * already checked whole (the question's, or the last owner
		 * written out in full), which lies before pos and is at most
		 * 255 octets long. */
		size_t target = pos + 1 < len && pkt[pos] >= 0xC0 ? dns_pointer_target(pkt + pos) : 0;
		if (pkt[pos] == 0) {
			next = pos + 1;
			e = DNS_OK;
		} else if (target == DNS_HEADER_LEN || target == checked) {
			next = pos + 2;
			e = DNS_OK;
		} else {
			e = dns_name_unpack(pkt, len, pos, len, &next, NULL, NULL);
			if (e == DNS_OK && pkt[pos] < 0xC0)
				checked = pos;
		}
		if (e == DNS_E_NAME_UNTERMINATED || e == DNS_E_PTR_CUT)
			e = DNS_E_RR_TRUNC;
		if (e)
			return fail_at(m, pos, e);
		rec->owner = (uint16_t)pos;
		r.pos = next;
		if (!dns_reader_block(&r, 10, &f))
			return fail_at(m, next, DNS_E_RR_TRUNC);
		rec->type = dns_read_u16(&f);
		rec->rclass = dns_read_u16(&f);
		rec->ttl = dns_read_u32(&f);
		rec->rdlen = dns_read_u16(&f);
		rec->section = (uint8_t)section;
		pos = r.pos;
		if (!dns_read_bytes(&r, rec->rdlen))
			return fail_at(m, next + 8, DNS_E_RDLEN);
		rec->rdata = (uint16_t)pos;
		m->rr_count = i + 1;
		e = rec->type == DNS_T_OPT ? read_opt(m, rec)
					    : dns_rdata_check(pkt, len, rec);
		if (e)
			return fail_at(m, pos, e);
		pos = r.pos;
	}
	/* Trailing octets are refused, as Knot and OpenBSD's asr do: reading
	 * RRs "until the buffer ends" is how uncounted data gets believed. */
	if (pos != len)
		return fail_at(m, pos, DNS_E_TRAILING);
	if (m->edns.present)
		m->rcode = (uint16_t)(m->edns.ext_rcode << 4 | m->rcode);
	return DNS_OK;
}

size_t dns_msg_section(const struct dns_msg *m, enum dns_section s,
		       size_t *first)
{
	size_t start = 0;
	for (int i = DNS_SEC_ANSWER; i < (int)s; i++)
		start += m->counts[1 + i];
	*first = start;
	return m->counts[1 + s];
}
