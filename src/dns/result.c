/* The final RRset of a resolver result, record by record (result.h). */
#include "dns/result.h"

#include <sys/socket.h>

#include "dns/response.h"
#include "dns/rr.h"
#include "dns/types.h"

const struct dns_rr *dns_result_next_final(const struct dns_result *r, size_t *i)
{
	const struct dns_msg *m = r->msg;
	if (!m)
		return NULL;
	while (*i < m->rr_count) {
		const struct dns_rr *rr = &m->rr[(*i)++];
		if (dns_chain_is_final(r->chain, m, rr, r->question->type))
			return rr;
	}
	return NULL;
}

bool dns_result_next_address(const struct dns_result *r, size_t *i, struct dns_address *out)
{
	const struct dns_rr *rr;
	while ((rr = dns_result_next_final(r, i)) != NULL) {
		const struct dns_msg *m = r->msg;
		if (rr->type == DNS_T_A && dns_rr_a(m->pkt, m->len, rr, out->raw) == DNS_OK) {
			out->family = AF_INET;
			return true;
		}
		if (rr->type == DNS_T_AAAA && dns_rr_aaaa(m->pkt, m->len, rr, out->raw) == DNS_OK) {
			out->family = AF_INET6;
			return true;
		}
	}
	return false;
}
