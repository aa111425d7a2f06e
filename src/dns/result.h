/* Reading what the resolver hands back: the records of a result's final
 * RRset (the type asked, owned by the end of its CNAME chain) one at a
 * time, and the addresses among them. Every caller that walks an answer
 * (the CAA walk, the doctor, the nameserver probe, HTTP-01) reads it the
 * same way, through these. Pure: no I/O. Apart from response.h because
 * they read a struct dns_result, which resolver.h defines on top of
 * response.h. */
#ifndef ACMEPROBE_DNS_RESULT_H
#define ACMEPROBE_DNS_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/resolver.h"

/* The next record of the final RRset at or after position *i of the
 * message, or NULL when there is none (nor any message). Start with
 * *i = 0; each call moves *i past the record it returns:
 *
 *	size_t i = 0;
 *	for (const struct dns_rr *rr; (rr = dns_result_next_final(r, &i));)
 *		...
 */
const struct dns_rr *dns_result_next_final(const struct dns_result *r, size_t *i);

/* One address of an A or AAAA record. */
struct dns_address {
	int family;	 /* AF_INET (4 octets of raw) or AF_INET6 (16) */
	uint8_t raw[16]; /* network order */
};

/* The next address of the final RRset, in the order of the answer, as
 * dns_result_next_final walks it: A and AAAA records whose RDATA reads as
 * an address; other records are passed over. Returns false after the
 * last. */
bool dns_result_next_address(const struct dns_result *r, size_t *i, struct dns_address *out);

#endif
