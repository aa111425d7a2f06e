/* Reading a referral: the answer a parent zone's server gives for a name
 * in a zone it has delegated (RFC 1034 s4.3.2 step 3b, RFC 8499
 * "referral"). The doctor follows them from a parent whose servers answer
 * down to the zone whose servers do not, so that it probes the servers
 * the delegation names, not the parent's (R-CAA-6). No I/O. */
#ifndef ACMEPROBE_CHECK_REFERRAL_H
#define ACMEPROBE_CHECK_REFERRAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/wire.h"

#define REFERRAL_MAX_NS	  8
#define REFERRAL_MAX_GLUE 16

struct referral_glue {
	size_t ns;	 /* which of ns[] it is the address of */
	int family;	 /* AF_INET or AF_INET6 */
	uint8_t raw[16]; /* 4 or 16 octets */
};

struct referral {
	uint8_t zone[DNS_MAX_NAME]; /* the delegated zone (the NS owner) */
	size_t ns_count;
	uint8_t ns[REFERRAL_MAX_NS][DNS_MAX_NAME];
	size_t ns_skipped; /* NS records beyond REFERRAL_MAX_NS */
	size_t glue_count;
	struct referral_glue glue[REFERRAL_MAX_GLUE];
};

/* Whether `m`, a response of a server of zone `asked` for `qname`, is a
 * referral to a zone cut strictly below `asked` and at or above `qname`:
 * NOERROR, not authoritative, no answer record, and an NS RRset of such a
 * zone in the authority section. On true fills *out: the zone, its NS
 * names (in message order, no repeats), and the A and AAAA records of the
 * additional section that belong to those names, taken only when the
 * name is inside `asked` (a server's word on names outside its own zone
 * is not to be trusted: the bailiwick rule of resolvers). */
bool referral_read(const struct dns_msg *m, const uint8_t *qname, const uint8_t *asked,
		   struct referral *out);

#endif
