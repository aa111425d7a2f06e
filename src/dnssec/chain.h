/* The chain of trust (RFC 4035 s5; R-DNSSEC-3, -4, -6): the validator's
 * engine. A pure function of the messages collected so far, the trust
 * anchors and the time: it answers either DONE (a status and why) or
 * NEED (the next DS or DNSKEY question to ask). The I/O layer
 * (dnssec/fetch.c) asks it, adds the answer, and runs it again from
 * scratch, until DONE: the shape of caa_walk_decide (caa/lookup.h).
 *
 *   struct dnssec_input in[N] = {{answer, qname, qtype, source}, ...};
 *   struct dnssec_result r;
 *   dnssec_validate(in, n, &anchors, now, &r);
 *   if (r.need) ask (r.need_name, r.need_type), append, run again;
 *   else r.status, r.why, r.rrsets[], r.chain[].
 *
 * in[0] is the answer to judge. The others answer DS and DNSKEY
 * questions; for one question the first input given is used (to judge
 * one server's data, run the engine with that server's messages). An
 * input with msg NULL says the question was asked and got no usable
 * answer. docs/dnssec.md has the walk in full. */
#ifndef ACMEPROBE_DNSSEC_CHAIN_H
#define ACMEPROBE_DNSSEC_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dnssec/anchors.h"
#include "dnssec/dnssec.h"

struct dnssec_input {
	const struct dns_msg *msg; /* NULL: asked, no usable answer */
	const uint8_t *qname;	   /* the question it answers (wire form) */
	uint16_t qtype;
	unsigned source; /* the caller's id (which server, which try) */
};

/* One zone cut on the path, from the trust anchor down: how its keys were
 * judged. */
struct dnssec_cut {
	uint8_t zone[DNS_MAX_NAME];
	enum dnssec_status status; /* SECURE: its DNSKEY RRset verified;
				      INSECURE: no usable DS; BOGUS */
	struct dnssec_why why;	   /* the reason (code NONE when secure) */
	bool anchor;		   /* the keys came from a trust anchor */
	bool has_ds;		   /* the DS (or anchor) that matched a key */
	uint16_t ds_key_tag;
	uint8_t ds_algorithm, ds_digest_type;
	bool has_key; /* the key that signed the DNSKEY RRset */
	uint16_t key_tag;
	uint8_t key_algorithm;
	bool has_ds_source, has_dnskey_source;
	unsigned ds_source, dnskey_source;
	/* for the engine: the verified DNSKEY RRset */
	const struct dns_msg *keys_msg;
};

/* What the answer is made of, each judged. */
enum dnssec_part { DNSSEC_PART_RRSET, DNSSEC_PART_NODATA, DNSSEC_PART_NXDOMAIN };

struct dnssec_part_result {
	enum dnssec_part kind;
	uint8_t owner[DNS_MAX_NAME]; /* the RRset's owner, or the name denied */
	uint16_t type;		     /* its type, or the type denied */
	enum dnssec_status status;
	struct dnssec_why why; /* code NONE when secure; zone always */
	bool has_key;	       /* the key whose signature verified */
	uint16_t key_tag;
	uint8_t algorithm;
	bool wildcard; /* expanded from a wildcard (R-DNSSEC-8) */
	bool nsec3;    /* a denial proven with NSEC3 */
};

#define DNSSEC_MAX_PARTS 16 /* CNAME links, the final RRset or denial */
#define DNSSEC_MAX_CUTS	 (DNSSEC_MAX_DEPTH + 2)

struct dnssec_result {
	bool need;
	uint8_t need_name[DNS_MAX_NAME];
	uint16_t need_type; /* DNS_T_DS or DNS_T_DNSKEY */
	/* DONE: the worst of the parts, and the reason that made it */
	enum dnssec_status status;
	struct dnssec_why why;
	struct dnssec_part_result parts[DNSSEC_MAX_PARTS];
	size_t part_count;
	struct dnssec_cut chain[DNSSEC_MAX_CUTS]; /* cuts in the order met */
	size_t chain_len;
	struct dnssec_budget budget;
};

/* Runs the engine (see above). now is the time in seconds since the
 * epoch, taken modulo 2^32 for RFC 1982 arithmetic. */
void dnssec_validate(const struct dnssec_input *in, size_t n, const struct dnssec_anchors *ta,
		     uint64_t now, struct dnssec_result *out);

#endif
