/* Reading a referral: which zone a parent's server delegates to, its NS
 * names, and the glue addresses worth trusting. */
#include "check/referral.h"

#include <string.h>
#include <sys/socket.h>

#include "dns/rr.h"
#include "dns/types.h"

/* The index of `name` in out->ns, or out->ns_count when it is not there. */
static size_t ns_index(const struct referral *out, const uint8_t *name)
{
	size_t i = 0;
	while (i < out->ns_count && !dns_name_equal(out->ns[i], name))
		i++;
	return i;
}

/* The delegated zone: the owner of the first NS record of the authority
 * section that is a cut between `asked` and `qname`. A server may put NS
 * records of other owners there (its own zone's apex, from servers that
 * add them to every answer); those are not the referral. */
static bool find_cut(const struct dns_msg *m, const uint8_t *qname, const uint8_t *asked,
		     uint8_t zone[DNS_MAX_NAME])
{
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		size_t next, len;
		if (rr->section != DNS_SEC_AUTHORITY || rr->type != DNS_T_NS ||
		    rr->rclass != DNS_C_IN ||
		    dns_name_unpack(m->pkt, m->len, rr->owner, m->len, &next, zone, &len) != DNS_OK)
			continue;
		if (dns_name_at_or_below(qname, zone) && dns_name_at_or_below(zone, asked) &&
		    !dns_name_equal(zone, asked))
			return true;
	}
	return false;
}

bool referral_read(const struct dns_msg *m, const uint8_t *qname, const uint8_t *asked,
		   struct referral *out)
{
	memset(out, 0, sizeof *out);
	if (m->rcode != DNS_RCODE_NOERROR || (m->flags & DNS_FLAG_AA))
		return false;
	for (size_t i = 0; i < m->rr_count; i++)
		if (m->rr[i].section == DNS_SEC_ANSWER)
			return false;
	if (!find_cut(m, qname, asked, out->zone))
		return false;

	uint8_t name[DNS_MAX_NAME];
	size_t next, len;
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		uint16_t target;
		if (rr->section != DNS_SEC_AUTHORITY || rr->type != DNS_T_NS ||
		    rr->rclass != DNS_C_IN || !dns_name_equal_at(m->pkt, rr->owner, out->zone) ||
		    dns_rr_target(m->pkt, m->len, rr, &target) != DNS_OK ||
		    dns_name_unpack(m->pkt, m->len, target, m->len, &next, name, &len) != DNS_OK ||
		    ns_index(out, name) < out->ns_count)
			continue;
		if (out->ns_count == REFERRAL_MAX_NS) {
			out->ns_skipped++;
			continue;
		}
		memcpy(out->ns[out->ns_count++], name, len);
	}

	for (size_t i = 0; i < m->rr_count && out->glue_count < REFERRAL_MAX_GLUE; i++) {
		const struct dns_rr *rr = &m->rr[i];
		struct referral_glue *g = &out->glue[out->glue_count];
		if (rr->section != DNS_SEC_ADDITIONAL || rr->rclass != DNS_C_IN ||
		    dns_name_unpack(m->pkt, m->len, rr->owner, m->len, &next, name, &len) !=
			DNS_OK ||
		    !dns_name_at_or_below(name, asked) ||
		    (g->ns = ns_index(out, name)) == out->ns_count)
			continue;
		if (rr->type == DNS_T_A && dns_rr_a(m->pkt, m->len, rr, g->raw) == DNS_OK)
			g->family = AF_INET;
		else if (rr->type == DNS_T_AAAA &&
			 dns_rr_aaaa(m->pkt, m->len, rr, g->raw) == DNS_OK)
			g->family = AF_INET6;
		else
			continue;
		out->glue_count++;
	}
	return true;
}
