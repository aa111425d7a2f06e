/* NSEC proofs (nsec.h). Where the RFCs leave a choice, Unbound's
 * (validator/val_nsec.c) is taken, since that is what the CA's resolver
 * decides. */
#include "dnssec/nsec.h"

#include <string.h>

#include "dns/types.h"
#include "dnssec/canon.h"

bool dnssec_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type)
{
	unsigned window = type >> 8, bit = type & 0xFF;
	size_t i = 0;
	while (i + 2 <= len) {
		unsigned w = bitmap[i], wlen = bitmap[i + 1];
		if (i + 2 + wlen > len)
			return false;
		if (w == window)
			return bit / 8 < wlen && (bitmap[i + 2 + bit / 8] & (0x80u >> (bit % 8)));
		if (w > window)
			return false;
		i += 2 + wlen;
	}
	return false;
}

bool dnssec_nsec_covers(const struct dnssec_nsec *n, const uint8_t *name)
{
	int after_owner = dnssec_name_compare(n->owner, name) < 0;
	if (dnssec_name_compare(n->owner, n->next) < 0)
		return after_owner && dnssec_name_compare(name, n->next) < 0;
	/* the last NSEC: its next name is the apex */
	return after_owner && dns_name_at_or_below(name, n->next);
}

void dnssec_name_common(const uint8_t *a, const uint8_t *b, uint8_t *out)
{
	unsigned la = dns_name_labels(a), lb = dns_name_labels(b);
	unsigned n = la < lb ? la : lb;
	/* the longest suffix both share */
	while (n > 0 && !dns_name_equal(dnssec_name_suffix(a, n), dnssec_name_suffix(b, n)))
		n--;
	const uint8_t *s = dnssec_name_suffix(a, n);
	memcpy(out, s, dns_name_len(s));
}

void dnssec_nsec_closest_encloser(const struct dnssec_nsec *n, const uint8_t *qname, uint8_t *ce)
{
	uint8_t c1[DNS_MAX_NAME], c2[DNS_MAX_NAME];
	dnssec_name_common(qname, n->owner, c1);
	dnssec_name_common(qname, n->next, c2);
	const uint8_t *best = dns_name_labels(c1) >= dns_name_labels(c2) ? c1 : c2;
	memcpy(ce, best, dns_name_len(best));
}

static bool has(const struct dnssec_nsec *n, uint16_t type)
{
	return dnssec_bitmap_has(n->bitmap, n->bitmap_len, type);
}

/* An NSEC at a delegation (NS, no SOA) is the parent's: it says nothing
 * about names at or below it, save the DS (RFC 4035 s5.4; RFC 6840 s4.1).
 * A DNAME owner says nothing below it either. */
static bool hides_below(const struct dnssec_nsec *n, const uint8_t *name)
{
	if (!dns_name_at_or_below(name, n->owner) || dns_name_equal(name, n->owner))
		return false;
	return (has(n, DNS_T_NS) && !has(n, DNS_T_SOA)) || has(n, DNS_T_DNAME);
}

/* R-DNSSEC-10: the name does not exist: an NSEC covers it, and that NSEC
 * is not from above a delegation or a DNAME on the way. */
static const struct dnssec_nsec *find_cover(const struct dnssec_nsec *recs, size_t n,
					    const uint8_t *name)
{
	for (size_t i = 0; i < n; i++)
		if (dnssec_nsec_covers(&recs[i], name) && !hides_below(&recs[i], name))
			return &recs[i];
	return NULL;
}

static const struct dnssec_nsec *find_at(const struct dnssec_nsec *recs, size_t n,
					 const uint8_t *name)
{
	for (size_t i = 0; i < n; i++)
		if (dns_name_equal(recs[i].owner, name))
			return &recs[i];
	return NULL;
}

static void result(struct dnssec_denial *out, enum dnssec_status st, enum dnssec_reason r)
{
	out->status = st;
	out->reason = r;
}

/* R-DNSSEC-9: NODATA. An NSEC at qname without the type (nor CNAME); for
 * a DS question it also says whether qname is a delegation. */
static bool nodata_at(const struct dnssec_nsec *at, uint16_t qtype, const uint8_t *qname,
		      struct dnssec_denial *out)
{
	if (has(at, qtype) || (qtype != DNS_T_DS && has(at, DNS_T_CNAME))) {
		result(out, DNSSEC_BOGUS, DNSSEC_R_TYPE_IN_BITMAP);
		return true;
	}
	bool cut = has(at, DNS_T_NS) && !has(at, DNS_T_SOA);
	if (qtype == DNS_T_DS) {
		/* the child's apex NSEC (SOA) cannot deny the parent's DS */
		if (has(at, DNS_T_SOA) && qname[0] != 0) {
			result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC_PROOF);
			return true;
		}
		out->delegation = cut;
		out->no_cut = !cut;
	} else if (cut) {
		/* RFC 6840 s4.1: the parent side of a delegation */
		result(out, DNSSEC_BOGUS, DNSSEC_R_PARENT_SIDE_NSEC);
		return true;
	}
	result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
	return true;
}

/* No wildcard *.ce, or none with the type: an NSEC covers *.ce, or the
 * NSEC at *.ce lacks the type (then it is a wildcard NODATA). */
static bool no_wildcard(const struct dnssec_nsec *recs, size_t n, const uint8_t *ce)
{
	uint8_t wc[DNS_MAX_NAME];
	if (!dnssec_name_wildcard_of(ce, wc))
		return true; /* "*." + ce would be too long: no such name */
	return find_cover(recs, n, wc) != NULL;
}

void dnssec_nsec_prove(const struct dnssec_nsec *recs, size_t n, const uint8_t *qname,
		       uint16_t qtype, enum dnssec_proof what, const uint8_t *wildcard_ce,
		       struct dnssec_denial *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0) {
		result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC_MISSING);
		return;
	}
	const struct dnssec_nsec *cover = find_cover(recs, n, qname);
	uint8_t ce[DNS_MAX_NAME];

	/* R-DNSSEC-4: the parent's NSEC of a delegation without DS (NS, no
	 * DS, no SOA) at or above qname says the data lives in an unsigned
	 * child: insecure, as Unbound decides for NODATA and NXDOMAIN
	 * (val_nsec.c val_nsec_proves_insecuredelegation; for a DS question
	 * only strictly below the delegation) */
	if (what != DNSSEC_PROVE_WILDCARD)
		for (size_t i = 0; i < n; i++) {
			const struct dnssec_nsec *r = &recs[i];
			if (has(r, DNS_T_NS) && !has(r, DNS_T_DS) && !has(r, DNS_T_SOA) &&
			    dns_name_at_or_below(qname, r->owner) &&
			    !(qtype == DNS_T_DS && dns_name_equal(qname, r->owner))) {
				result(out, DNSSEC_INSECURE, DNSSEC_R_UNSIGNED_DELEGATION);
				return;
			}
		}

	if (what == DNSSEC_PROVE_WILDCARD) {
		/* RFC 4035 s5.3.4: qname does not exist, and the closest
		 * encloser the NSEC shows is the wildcard's parent */
		if (cover) {
			dnssec_nsec_closest_encloser(cover, qname, ce);
			if (dns_name_equal(ce, wildcard_ce)) {
				result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
				return;
			}
		}
		result(out, DNSSEC_BOGUS, DNSSEC_R_WILDCARD_PROOF);
		return;
	}

	if (what == DNSSEC_PROVE_NODATA) {
		const struct dnssec_nsec *at = find_at(recs, n, qname);
		if (at && nodata_at(at, qtype, qname, out))
			return;
		/* an empty non-terminal: an NSEC before qname whose next
		 * name is below qname (RFC 5155 s7.2.8's NSEC twin; Unbound
		 * nsec_proves_nodata) */
		for (size_t i = 0; i < n; i++) {
			const struct dnssec_nsec *r = &recs[i];
			if (dnssec_name_compare(r->owner, qname) < 0 &&
			    dns_name_at_or_below(r->next, qname) &&
			    !dns_name_equal(r->next, qname)) {
				out->no_cut = qtype == DNS_T_DS;
				result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
				return;
			}
		}
		if (cover) {
			/* the name does not exist: a DS question then proves no
			 * cut; otherwise a wildcard *.ce without the type */
			dnssec_nsec_closest_encloser(cover, qname, ce);
			if (qtype == DNS_T_DS) {
				out->no_cut = true;
				result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
				return;
			}
			uint8_t wc[DNS_MAX_NAME];
			const struct dnssec_nsec *w =
			    dnssec_name_wildcard_of(ce, wc) ? find_at(recs, n, wc) : NULL;
			if (w) {
				if (has(w, qtype) || has(w, DNS_T_CNAME))
					result(out, DNSSEC_BOGUS, DNSSEC_R_TYPE_IN_BITMAP);
				else
					result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
				return;
			}
		}
		result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC_PROOF);
		return;
	}

	/* R-DNSSEC-10: NXDOMAIN: qname covered, and *.ce covered */
	if (!cover) {
		result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC_PROOF);
		return;
	}
	dnssec_nsec_closest_encloser(cover, qname, ce);
	if (!no_wildcard(recs, n, ce)) {
		result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC_PROOF);
		return;
	}
	result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
}
