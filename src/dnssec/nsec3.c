/* NSEC3 proofs (nsec3.h). Where the RFC leaves a choice, Unbound's
 * (validator/val_nsec3.c) is taken. */
#include "dnssec/nsec3.h"

#include <string.h>

#include "dns/types.h"
#include "dnssec/canon.h"
#include "dnssec/crypto.h"

bool dnssec_base32hex_decode20(const uint8_t *label, size_t len, uint8_t out[20])
{
	if (len != 32)
		return false;
	uint64_t acc = 0;
	unsigned bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		uint8_t c = label[i];
		unsigned v;
		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'v')
			v = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'V')
			v = (unsigned)(c - 'A' + 10);
		else
			return false;
		acc = acc << 5 | v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	return o == 20 && bits == 0;
}

bool dnssec_nsec3_usable(const struct dnssec_nsec3 *r)
{
	return r->hash_algorithm == 1 && (r->flags & ~DNSSEC_NSEC3_OPT_OUT) == 0 &&
	       r->next_hash_len == DNSSEC_NSEC3_HASH_LEN;
}

static bool has(const struct dnssec_nsec3 *r, uint16_t type)
{
	return dnssec_bitmap_has(r->bitmap, r->bitmap_len, type);
}

/* One proof: the records, their common parameters and the hashes of the
 * names asked about, each computed once. */
struct proof {
	const struct dnssec_nsec3 *recs;
	size_t n;
	const struct dnssec_nsec3 *params; /* the first usable record */
	const uint8_t *zone;
	const uint8_t *qname;
	struct dnssec_budget *budget;
	unsigned qlabels;
	bool hashed[128];
	uint8_t hash[128][DNSSEC_NSEC3_HASH_LEN];
	bool failed; /* a limit or libcrypto */
};

/* The hash of a name (lower-cased), counted. */
static bool hash_name(struct proof *p, const uint8_t *name, uint8_t out[20])
{
	if (p->budget->hashes >= DNSSEC_MAX_NSEC3_HASHES) {
		p->budget->hit = DNSSEC_LIMIT_NSEC3_HASHES;
		p->failed = true;
		return false;
	}
	p->budget->hashes++;
	uint8_t lower[DNS_MAX_NAME];
	size_t len = dns_name_len(name);
	memcpy(lower, name, len);
	dnssec_name_lower(lower);
	if (!dnssec_nsec3_hash(lower, len, p->params->salt, p->params->salt_len,
			       p->params->iterations, out)) {
		p->failed = true;
		return false;
	}
	return true;
}

/* The hash of qname's suffix of `labels` labels (cached). */
static const uint8_t *suffix_hash(struct proof *p, unsigned labels)
{
	if (!p->hashed[labels]) {
		if (!hash_name(p, dnssec_name_suffix(p->qname, labels), p->hash[labels]))
			return NULL;
		p->hashed[labels] = true;
	}
	return p->hash[labels];
}

static const struct dnssec_nsec3 *match(const struct proof *p, const uint8_t *h)
{
	for (size_t i = 0; i < p->n; i++)
		if (memcmp(p->recs[i].owner_hash, h, DNSSEC_NSEC3_HASH_LEN) == 0)
			return &p->recs[i];
	return NULL;
}

/* RFC 5155 s8.3: owner < h < next, or after the last owner (wrap). */
static const struct dnssec_nsec3 *cover(const struct proof *p, const uint8_t *h)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct dnssec_nsec3 *r = &p->recs[i];
		int lo = memcmp(r->owner_hash, h, DNSSEC_NSEC3_HASH_LEN);
		int hi = memcmp(h, r->next_hash, DNSSEC_NSEC3_HASH_LEN);
		if (memcmp(r->owner_hash, r->next_hash, DNSSEC_NSEC3_HASH_LEN) < 0) {
			if (lo < 0 && hi < 0)
				return r;
		} else if (lo < 0 || hi < 0) {
			return r;
		}
	}
	return NULL;
}

/* RFC 5155 s8.3: the closest encloser proof. The longest ancestor of
 * qname (qname itself excluded when `strict`) with a matching NSEC3, and
 * an NSEC3 covering the next closer name. Returns the closest encloser's
 * label count (0 is the root), or -1; *nc_cover the next closer's cover. */
static int closest_encloser(struct proof *p, const struct dnssec_nsec3 **nc_cover,
			    enum dnssec_reason *why)
{
	unsigned zone_labels = dns_name_labels(p->zone);
	*why = DNSSEC_R_NSEC3_PROOF;
	for (unsigned l = p->qlabels - 1; l + 1 > zone_labels; l--) {
		const uint8_t *h = suffix_hash(p, l);
		if (!h)
			return -1;
		const struct dnssec_nsec3 *ce = match(p, h);
		if (!ce) {
			if (l == zone_labels)
				break;
			continue;
		}
		/* s8.3: a closest encloser that is a delegation (NS without
		 * SOA) or a DNAME cannot prove what is below it; a delegation
		 * without DS says the data is in an unsigned child (Unbound
		 * nsec3_prove_closest_encloser: insecure) */
		if (has(ce, DNS_T_NS) && !has(ce, DNS_T_SOA)) {
			*why = has(ce, DNS_T_DS) ? DNSSEC_R_PARENT_SIDE_NSEC
						 : DNSSEC_R_UNSIGNED_DELEGATION;
			return -1;
		}
		if (has(ce, DNS_T_DNAME)) {
			*why = DNSSEC_R_PARENT_SIDE_NSEC;
			return -1;
		}
		const uint8_t *nh = suffix_hash(p, l + 1);
		if (!nh)
			return -1;
		*nc_cover = cover(p, nh);
		return *nc_cover ? (int)l : -1;
	}
	return -1;
}

static void result(struct dnssec_denial *out, enum dnssec_status st, enum dnssec_reason r)
{
	out->status = st;
	out->reason = r;
}

/* The hash of "*." + the suffix of `labels` labels. */
static bool wildcard_hash(struct proof *p, unsigned labels, uint8_t out[20])
{
	uint8_t wc[DNS_MAX_NAME];
	if (!dnssec_name_wildcard_of(dnssec_name_suffix(p->qname, labels), wc))
		return false;
	return hash_name(p, wc, out);
}

void dnssec_nsec3_prove(const struct dnssec_nsec3 *recs, size_t n, const uint8_t *zone,
			const uint8_t *qname, uint16_t qtype, enum dnssec_proof what,
			const uint8_t *wildcard_ce, struct dnssec_budget *budget,
			struct dnssec_denial *out)
{
	memset(out, 0, sizeof *out);
	/* s8.1, s8.2: unknown algorithms and flags are not there at all */
	struct dnssec_nsec3 use[32];
	size_t m = 0;
	for (size_t i = 0; i < n && m < 32; i++)
		if (dnssec_nsec3_usable(&recs[i]))
			use[m++] = recs[i];
	if (m == 0) {
		result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC_MISSING);
		return;
	}
	/* R-DNSSEC-11: one set of parameters per proof (Unbound
	 * param_set_same: bogus), and above 150 iterations insecure, before
	 * any hash is computed (CVE-2023-50868) */
	for (size_t i = 1; i < m; i++)
		if (use[i].iterations != use[0].iterations || use[i].salt_len != use[0].salt_len ||
		    memcmp(use[i].salt, use[0].salt, use[0].salt_len) != 0) {
			result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC3_PARAMS);
			return;
		}
	if (use[0].iterations > DNSSEC_MAX_NSEC3_ITERATIONS) {
		out->iterations = use[0].iterations;
		result(out, DNSSEC_INSECURE, DNSSEC_R_NSEC3_ITERATIONS);
		return;
	}
	if (!dns_name_at_or_below(qname, zone)) {
		result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC3_PROOF);
		return;
	}

	/* (zeroed in place: a static const copy would put its 2.7 KB of
	 * zeros into the binary) */
	struct proof p = {0};
	p.recs = use;
	p.n = m;
	p.params = &use[0];
	p.zone = zone;
	p.qname = qname;
	p.budget = budget;
	p.qlabels = dns_name_labels(qname);
	const struct dnssec_nsec3 *nc = NULL;
	enum dnssec_reason why;

	if (what == DNSSEC_PROVE_WILDCARD) {
		/* s8.8: the next closer name of the wildcard's closest
		 * encloser is covered */
		unsigned ce_labels = dns_name_labels(wildcard_ce);
		const uint8_t *h = ce_labels < p.qlabels ? suffix_hash(&p, ce_labels + 1) : NULL;
		const struct dnssec_nsec3 *c = h ? cover(&p, h) : NULL;
		if (p.failed)
			goto limit;
		if (!c) {
			result(out, DNSSEC_BOGUS, DNSSEC_R_WILDCARD_PROOF);
			return;
		}
		/* s9.2: opt-out says nothing about the existence of a name */
		result(out, (c->flags & DNSSEC_NSEC3_OPT_OUT) ? DNSSEC_INSECURE : DNSSEC_SECURE,
		       (c->flags & DNSSEC_NSEC3_OPT_OUT) ? DNSSEC_R_OPT_OUT : DNSSEC_R_NONE);
		return;
	}

	if (what == DNSSEC_PROVE_NODATA) {
		/* s8.5 (s8.6 for DS): a matching NSEC3 without the type */
		const uint8_t *h = suffix_hash(&p, p.qlabels);
		if (!h)
			goto limit;
		const struct dnssec_nsec3 *at = match(&p, h);
		if (at) {
			if (has(at, qtype) || (qtype != DNS_T_DS && has(at, DNS_T_CNAME))) {
				result(out, DNSSEC_BOGUS, DNSSEC_R_TYPE_IN_BITMAP);
				return;
			}
			bool cut = has(at, DNS_T_NS) && !has(at, DNS_T_SOA);
			if (qtype == DNS_T_DS) {
				if (has(at, DNS_T_SOA) && qname[0] != 0) {
					result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC3_PROOF);
					return;
				}
				out->delegation = cut;
				out->no_cut = !cut;
			} else if (cut) {
				/* the parent's NSEC3 of the delegation: without DS
				 * the data is in an unsigned child (Unbound
				 * nsec3_do_prove_nodata: insecure), with DS the
				 * answer should have come from the child */
				if (has(at, DNS_T_DS))
					result(out, DNSSEC_BOGUS, DNSSEC_R_PARENT_SIDE_NSEC);
				else
					result(out, DNSSEC_INSECURE, DNSSEC_R_UNSIGNED_DELEGATION);
				return;
			}
			result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
			return;
		}
		/* no match: the closest encloser proof, then */
		int ce = closest_encloser(&p, &nc, &why);
		if (p.failed)
			goto limit;
		if (ce < 0) {
			result(out, dnssec_reason_status(why), why);
			return;
		}
		if (qtype == DNS_T_DS) {
			/* s8.6: the next closer covered by opt-out: maybe an
			 * unsigned delegation (insecure); without opt-out the
			 * name does not exist, so no cut */
			if (nc->flags & DNSSEC_NSEC3_OPT_OUT) {
				out->delegation = true;
				result(out, DNSSEC_INSECURE, DNSSEC_R_OPT_OUT);
			} else {
				out->no_cut = true;
				result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
			}
			return;
		}
		/* s8.7: a wildcard NODATA: *.ce matches, without the type */
		uint8_t wh[DNSSEC_NSEC3_HASH_LEN];
		if (!wildcard_hash(&p, (unsigned)ce, wh)) {
			if (p.failed)
				goto limit;
			result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC3_PROOF);
			return;
		}
		const struct dnssec_nsec3 *w = match(&p, wh);
		bool opt_out = nc->flags & DNSSEC_NSEC3_OPT_OUT;
		if (!w) {
			/* s8.6's last case, as Unbound takes it for any type
			 * (nsec3_do_prove_nodata "case 5"): no match, no
			 * wildcard, but the next closer in an opt-out span may
			 * be an unsigned delegation: insecure (s9.2) */
			if (opt_out)
				result(out, DNSSEC_INSECURE, DNSSEC_R_OPT_OUT);
			else
				result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC3_PROOF);
			return;
		}
		if (has(w, qtype) || has(w, DNS_T_CNAME)) {
			result(out, DNSSEC_BOGUS, DNSSEC_R_TYPE_IN_BITMAP);
			return;
		}
		if (has(w, DNS_T_NS) && !has(w, DNS_T_SOA)) {
			result(out, DNSSEC_BOGUS, DNSSEC_R_PARENT_SIDE_NSEC);
			return;
		}
		/* a wildcard NODATA whose next closer is in an opt-out span:
		 * insecure (Unbound: "matching wildcard is in optout range") */
		result(out, opt_out ? DNSSEC_INSECURE : DNSSEC_SECURE,
		       opt_out ? DNSSEC_R_OPT_OUT : DNSSEC_R_NONE);
		return;
	}

	/* s8.4 NXDOMAIN: the closest encloser proof and a cover of *.ce */
	int ce = closest_encloser(&p, &nc, &why);
	if (p.failed)
		goto limit;
	if (ce < 0) {
		result(out, dnssec_reason_status(why), why);
		return;
	}
	uint8_t wh[DNSSEC_NSEC3_HASH_LEN];
	if (!wildcard_hash(&p, (unsigned)ce, wh)) {
		if (p.failed)
			goto limit;
	} else if (!cover(&p, wh)) {
		result(out, DNSSEC_BOGUS, DNSSEC_R_NSEC3_PROOF);
		return;
	}
	/* R-DNSSEC-10: opt-out on the next closer's cover: insecure */
	if (nc->flags & DNSSEC_NSEC3_OPT_OUT)
		result(out, DNSSEC_INSECURE, DNSSEC_R_OPT_OUT);
	else
		result(out, DNSSEC_SECURE, DNSSEC_R_NONE);
	return;
limit:
	if (budget->hit == DNSSEC_LIMIT_NSEC3_HASHES)
		result(out, DNSSEC_INDETERMINATE, DNSSEC_R_LIMIT);
	else
		result(out, DNSSEC_BOGUS, DNSSEC_R_MALFORMED);
}
