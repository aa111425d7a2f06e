/* Response acceptance and CNAME chains. */
#include "dns/response.h"

#include <string.h>

#include "dns/rr.h"
#include "dns/types.h"

const char *dns_errclass_name(enum dns_errclass c)
{
	switch (c) {
	case DNS_EC_NXDOMAIN: return "nxdomain";
	case DNS_EC_SERVFAIL: return "servfail";
	case DNS_EC_TIMEOUT: return "timeout";
	case DNS_EC_NOTIMP: return "notimp";
	case DNS_EC_REFUSED: return "refused";
	case DNS_EC_FORMERR: return "formerr";
	case DNS_EC_MALFORMED: return "malformed";
	case DNS_EC_NETWORK: return "network";
	default: return NULL;
	}
}

enum dns_match dns_response_match(const struct dns_msg *m, uint16_t id,
				  const uint8_t *qname, uint16_t qtype)
{
	if (!(m->flags & DNS_FLAG_QR))
		return DNS_MATCH_NOT_RESPONSE;
	if (m->id != id)
		return DNS_MATCH_ID;
	if (DNS_OPCODE(m->flags) != 0)
		return DNS_MATCH_OPCODE;
	/* dnsmasq's CVE-2020-25685 compared a hash of the question; only
	 * the name itself, label by label, is proof. */
	if (m->qtype != qtype || m->qclass != DNS_C_IN ||
	    !dns_name_equal_at(m->pkt, m->qname, qname))
		return DNS_MATCH_QUESTION;
	return DNS_MATCH_OK;
}

void dns_chain_start(struct dns_chain *c, const uint8_t *qname)
{
	memcpy(c->names[0], qname, dns_name_len(qname));
	c->links = 0;
}

/* The answer-section CNAME owned by `name`, or NULL. */
static const struct dns_rr *find_cname(const struct dns_msg *m, const uint8_t *name)
{
	size_t first, n = dns_msg_section(m, DNS_SEC_ANSWER, &first);
	for (size_t i = first; i < first + n; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->type == DNS_T_CNAME && rr->rclass == DNS_C_IN &&
		    dns_name_equal_at(m->pkt, rr->owner, name))
			return rr;
	}
	return NULL;
}

static bool has_soa_in_authority(const struct dns_msg *m)
{
	size_t first, n = dns_msg_section(m, DNS_SEC_AUTHORITY, &first);
	for (size_t i = first; i < first + n; i++)
		if (m->rr[i].type == DNS_T_SOA)
			return true;
	return false;
}

bool dns_chain_is_final(const struct dns_chain *c, const struct dns_msg *m,
			const struct dns_rr *rr, uint16_t qtype)
{
	return rr->section == DNS_SEC_ANSWER && rr->type == qtype &&
	       dns_name_equal_at(m->pkt, rr->owner, dns_chain_end(c));
}

enum dns_chain_status dns_chain_follow(struct dns_chain *c, const struct dns_msg *m,
				       uint16_t qtype, size_t *final_count)
{
	*final_count = 0;
	bool followed = false;
	if (qtype != DNS_T_CNAME && qtype != DNS_T_ANY) {
		const struct dns_rr *rr;
		while ((rr = find_cname(m, dns_chain_end(c))) != NULL) {
			uint8_t target[DNS_MAX_NAME];
			size_t next, len;
			/* the parser checked this name: it unpacks */
			if (dns_name_unpack(m->pkt, m->len, rr->rdata, (size_t)rr->rdata + rr->rdlen,
					    &next, target, &len))
				return DNS_CHAIN_LOOP;
			for (size_t i = 0; i <= c->links; i++)
				if (dns_name_equal(c->names[i], target))
					return DNS_CHAIN_LOOP;
			if (c->links == DNS_MAX_CHAIN)
				return DNS_CHAIN_TOO_LONG;
			memcpy(c->names[++c->links], target, len);
			followed = true;
		}
	}
	size_t first, n = dns_msg_section(m, DNS_SEC_ANSWER, &first);
	for (size_t i = first; i < first + n; i++)
		if (dns_chain_is_final(c, m, &m->rr[i], qtype))
			(*final_count)++;
	/* RFC 2308 s2.2: a NODATA answer carries the zone's SOA; a chain that
	 * ends with neither records nor SOA was cut by a server that is not
	 * authoritative for the target: the target must be asked. */
	if (followed && *final_count == 0 && DNS_RCODE4(m->flags) == DNS_RCODE_NOERROR &&
	    !has_soa_in_authority(m))
		return DNS_CHAIN_SHORT;
	return DNS_CHAIN_DONE;
}
