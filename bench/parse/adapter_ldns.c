/* ldns (Debian's libldns-dev): ldns_wire2pkt, which builds a whole
 * ldns_pkt of copied RRs and rdfs, then ldns_pkt_free. */
#include <stdio.h>

#include <ldns/ldns.h>

#include "adapter.h"

const char bench_adapter_name[] = "ldns";

int bench_parse(uint8_t *wire, size_t len)
{
	ldns_pkt *pkt = NULL;
	ldns_status st = ldns_wire2pkt(&pkt, wire, len);
	if (st != LDNS_STATUS_OK)
		return st ? (int)st : -1;
	ldns_pkt_free(pkt);
	return 0;
}

int bench_parse_summary(uint8_t *wire, size_t len, struct bench_summary *s,
			char *err, size_t err_len)
{
	ldns_pkt *pkt = NULL;
	ldns_status st = ldns_wire2pkt(&pkt, wire, len);
	if (st != LDNS_STATUS_OK) {
		snprintf(err, err_len, "ldns_wire2pkt: %s (%d)",
			 ldns_get_errorstr_by_id(st), (int)st);
		return st ? (int)st : -1;
	}
	s->rcode = ldns_pkt_get_rcode(pkt);
	const ldns_rr_list *q = ldns_pkt_question(pkt);
	s->qtype = ldns_rr_list_rr_count(q)
			   ? ldns_rr_get_type(ldns_rr_list_rr(q, 0))
			   : 0;
	s->an = (unsigned)ldns_rr_list_rr_count(ldns_pkt_answer(pkt));
	s->ns = (unsigned)ldns_rr_list_rr_count(ldns_pkt_authority(pkt));
	/* ldns moves the OPT record out of the additional list into the
	 * packet's EDNS fields. */
	s->edns = pkt->_edns_present != 0;
	s->ar = (unsigned)ldns_rr_list_rr_count(ldns_pkt_additional(pkt)) +
		(s->edns ? 1u : 0u);
	ldns_pkt_free(pkt);
	return 0;
}
