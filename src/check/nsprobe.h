/* Asking each authoritative nameserver itself. A recursive resolver that
 * says SERVFAIL or times out hides which of the zone's servers is broken
 * and how; the CA's resolver meets the same servers. So: find the zone and
 * its NS set through the recursive resolver (with CD, so that a DNSSEC
 * failure does not hide them); when the zone's own servers fail so that
 * only a parent is found, follow the delegation from the parent's servers
 * down (referral.h); then ask every address of every NS, with
 * no recursion, over UDP and TCP, for SOA (a type every server knows),
 * CAA, and TYPE65280 (an unassigned type): how each answers tells a
 * firewall that drops unknown types from a server that says NOTIMP, a lame
 * server, servers that disagree... (R-CAA-4, R-CAA-5, R-CAA-6). */
#ifndef ACMEPROBE_CHECK_NSPROBE_H
#define ACMEPROBE_CHECK_NSPROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "check/transient.h"
#include "dns/resolver.h"

#define NSPROBE_MAX_NS 8
#define NSPROBE_MAX_ADDRS RESOLVER_MAX_SERVERS
#define NSPROBE_UNASSIGNED_TYPE 65280 /* private use (RFC 6895): no server knows it */

enum ns_probe_kind { NS_PROBE_SOA, NS_PROBE_CAA, NS_PROBE_UNKNOWN, NS_PROBE_KINDS };

struct ns_probe {
	enum dns_errclass error;  /* NONE: an answer came */
	uint16_t rcode;
	bool aa;                  /* authoritative answer */
	bool truncated_udp;       /* UDP said TC=1 (then TCP was tried) */
	bool soa_in_authority;
	bool cname;               /* the answer is a CNAME chain from the name
				     (not followed further): not a NODATA */
	size_t records;           /* answer records of the type asked */
	uint32_t serial;          /* SOA probes */
	uint32_t elapsed_ms;
	/* R-TRANSIENT-1: the fields above are the first try's; a probe that
	 * failed (no answer, or an error RCODE) is asked again, and these
	 * count all its tries */
	struct transient_tries repeats;
};

struct ns_probe_address {
	struct net_addr addr;
	uint8_t ns_name[DNS_MAX_NAME];
	struct ns_probe udp[NS_PROBE_KINDS], tcp[NS_PROBE_KINDS];
};

struct nsprobe_report {
	uint8_t name[DNS_MAX_NAME];  /* the name whose CAA was probed */
	uint8_t zone[DNS_MAX_NAME];
	bool zone_found;
	/* Set when the recursive resolver could not give the SOA of the name
	 * (its servers fail) but gave a parent's: the zone and its servers are
	 * then those of the referrals the parent's servers give, followed
	 * down (parent_zone is the last zone whose servers referred). */
	bool via_referral;
	uint8_t parent_zone[DNS_MAX_NAME];
	bool zone_signed;             /* the zone has a DNSKEY RRset */
	/* R-TRANSIENT-2: the zone's SOA, as the resolver gave it (empty names,
	 * a lone 0 octet, when unknown: no SOA, or the zone came from a
	 * referral): the primary server and the contact mailbox */
	uint8_t soa_mname[DNS_MAX_NAME], soa_rname[DNS_MAX_NAME];
	size_t ns_count;
	uint8_t ns_names[NSPROBE_MAX_NS][DNS_MAX_NAME];
	size_t addr_count;
	struct ns_probe_address addrs[NSPROBE_MAX_ADDRS];
	size_t addrs_skipped;         /* beyond NSPROBE_MAX_ADDRS */
	const char *problem;          /* why probing stopped early, or NULL */
};

/* Probes the servers of the zone that holds `name`. `recursive` is the
 * resolver to find them with; the probes go to port `ns_port` (53 but in
 * labs) with `timeout_ms` per probe. A probe that fails is asked again
 * until it has had `tries` tries in all (1: no repeat), the rounds
 * TRANSIENT_SPACING_MS apart (R-TRANSIENT-1). Returns 0, or -1 with
 * errno. */
int nsprobe_run(const struct resolver_config *recursive, const uint8_t *name, uint16_t ns_port,
		unsigned timeout_ms, unsigned tries, struct nsprobe_report *out);

/* Whether a probe's answer counts as a failure to repeat: no answer at
 * all, or an answer with an error RCODE (not NOERROR, not NXDOMAIN). */
bool nsprobe_failed(const struct ns_probe *p);

#endif
