/* A validation's verdict in a few fields (verdict.h). */
#include "dnssec/verdict.h"

#include <string.h>

#include "dns/types.h"

void dnssec_verdict_of(const struct dnssec_result *r, bool root_builtin, struct dnssec_verdict *v)
{
	memset(v, 0, sizeof *v);
	v->judged = true;
	v->status = r->status;
	v->why = r->why;
	/* the run's reason is the first part with the worst status
	 * (chain.c); the answer ends in the last part */
	for (size_t i = 0; i < r->part_count; i++)
		if (r->parts[i].status == r->status) {
			v->denial = r->parts[i].kind != DNSSEC_PART_RRSET;
			break;
		}
	if (r->part_count)
		v->kind = r->parts[r->part_count - 1].kind;
	/* a zone's keys: its DS RRset (at the parent) or its DNSKEY RRset */
	v->at_keys = v->why.has_owner && v->why.has_zone &&
		     (v->why.type == DNS_T_DNSKEY || v->why.type == DNS_T_DS) &&
		     dns_name_equal(v->why.owner, v->why.zone);
	if (v->at_keys)
		v->denial = false;
	/* the walk starts at the anchor: the first cut met */
	v->at_anchor = r->chain_len > 0 && r->chain[0].anchor &&
		       r->chain[0].status != DNSSEC_SECURE && v->at_keys &&
		       dns_name_equal(v->why.zone, r->chain[0].zone);
	if (v->at_anchor && root_builtin)
		v->status = DNSSEC_INDETERMINATE;
}

bool dnssec_verdict_fails(const struct dnssec_verdict *v)
{
	return v->judged && v->status == DNSSEC_BOGUS && v->why.code != DNSSEC_R_FETCH_FAILED;
}

bool dnssec_verdict_unjudged(const struct dnssec_verdict *v)
{
	if (!v->judged || v->status == DNSSEC_INDETERMINATE)
		return true;
	return v->status == DNSSEC_BOGUS && v->why.code == DNSSEC_R_FETCH_FAILED;
}
