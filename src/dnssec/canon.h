/* Canonical form (RFC 4034 s6): the order of names, the form of one RR
 * and the order of RRs in an RRset, as a signature covers them. The
 * RRset is never copied: its records are read from the parsed message
 * and streamed, in canonical order, into a sink (the digest). */
#ifndef ACMEPROBE_DNSSEC_CANON_H
#define ACMEPROBE_DNSSEC_CANON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/wire.h"
#include "dnssec/dnssec.h"

/* RFC 4034 s6.1: names compared label by label from the root, each
 * label as lower-cased octets, a shorter label first when one is a
 * prefix of the other. <0, 0, >0. Uncompressed, well-formed names. */
int dnssec_name_compare(const uint8_t *a, const uint8_t *b);
/* ASCII upper case to lower case, in place (RFC 4034 s6.2 item 2). */
void dnssec_name_lower(uint8_t *name);
/* The rightmost `labels` labels of name (a pointer into it); name when it
 * has no more than that. */
const uint8_t *dnssec_name_suffix(const uint8_t *name, unsigned labels);
/* The name without its first label (the root stays the root). */
const uint8_t *dnssec_name_parent(const uint8_t *name);
/* Whether the first label is "*" (RFC 4592). */
bool dnssec_name_is_wildcard(const uint8_t *name);
/* Writes "*." + name into out (DNS_MAX_NAME); false if too long. */
bool dnssec_name_wildcard_of(const uint8_t *name, uint8_t *out);
/* RFC 4034 s3.1.3: labels of an owner as the RRSIG Labels field counts
 * them: the root and a leading "*" not counted. */
unsigned dnssec_name_sig_labels(const uint8_t *name);

/* One RRset of a parsed message: the records of one section with the
 * same owner (ASCII case-insensitively), class IN and type. */
struct dnssec_rrset {
	const struct dns_msg *msg;
	uint8_t owner[DNS_MAX_NAME]; /* uncompressed, case as received */
	uint16_t type;
	uint8_t section; /* enum dns_section */
	unsigned source; /* the caller's id of the message */
};

/* Sets s to the RRset of (section, owner, type) in m; returns its count
 * of records (0: there is none). */
size_t dnssec_rrset_init(struct dnssec_rrset *s, const struct dns_msg *m, enum dns_section section,
			 const uint8_t *owner, uint16_t type, unsigned source);
/* Iterates the RRset's records: from index *i of m->rr on, the next
 * one; false at the end. Start with *i = 0, add one after each. */
bool dnssec_rrset_next(const struct dnssec_rrset *s, size_t *i);
/* The same for the RRSIG records of the RRset (same section and owner,
 * Type Covered = s->type). */
bool dnssec_rrsig_next(const struct dnssec_rrset *s, size_t *i);
size_t dnssec_rrset_count(const struct dnssec_rrset *s);
size_t dnssec_rrsig_count(const struct dnssec_rrset *s);

/* The canonical RDATA of one record (RFC 4034 s6.2 items 1 and 3, with
 * RFC 6840 s5.1: names in RRSIG are lower-cased, names in NSEC and HINFO
 * are not): a few segments, raw spans of the packet and decompressed
 * names, that together are the canonical octets. */
#define DNSSEC_CANON_SEGS 6
struct dnssec_canon_rdata {
	size_t nseg;
	struct {
		const uint8_t *p;
		size_t n;
	} seg[DNSSEC_CANON_SEGS];
	uint8_t names[2][DNS_MAX_NAME];
	size_t len; /* total octets: the canonical RDLENGTH */
};

/* Fills c for record rr of m. DNSSEC_R_NONE, or DNSSEC_R_MALFORMED when
 * a name or field of the type's layout does not fit its RDATA. */
enum dnssec_reason dnssec_canon_rdata(const struct dns_msg *m, const struct dns_rr *rr,
				      struct dnssec_canon_rdata *c);
/* RFC 4034 s6.3: canonical RDATA as left-justified octet strings, the
 * absence of an octet before a zero octet. */
int dnssec_canon_rdata_compare(const struct dnssec_canon_rdata *a,
			       const struct dnssec_canon_rdata *b);

/* Where canonical octets go. */
struct dnssec_sink {
	void (*write)(void *ctx, const uint8_t *p, size_t n);
	void *ctx;
};

/* Streams the RRset in canonical form and order into sink (RFC 4034
 * s3.1.8.1): each record as owner | type | class | TTL | RDLENGTH |
 * RDATA, with the owner given (lower-cased, and for a wildcard expansion
 * rebuilt from the RRSIG's Labels: R-DNSSEC-8) and the TTL the RRSIG's
 * Original TTL (RFC 4034 s6.2 item 5); duplicates once (s6.3).
 * DNSSEC_R_NONE, MALFORMED, or LIMIT with more than DNSSEC_MAX_RRSET_RRS
 * records (*limit set). */
enum dnssec_reason dnssec_canon_rrset(const struct dnssec_rrset *s, const uint8_t *owner,
				      uint32_t original_ttl, const struct dnssec_sink *sink);

#endif
