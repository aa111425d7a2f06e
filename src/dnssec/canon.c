/* Canonical names, records and RRsets (RFC 4034 s6, RFC 6840 s5.1). */
#include "dnssec/canon.h"

#include <string.h>

#include "dns/types.h"

static uint8_t lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* Offsets of the labels of a name, first to last (at most 127). */
static unsigned label_offsets(const uint8_t *name, uint8_t off[128])
{
	unsigned n = 0;
	size_t i = 0;
	while (name[i] != 0 && n < 128) {
		off[n++] = (uint8_t)i;
		i += 1u + name[i];
	}
	return n;
}

/* RFC 4034 s6.1: the rightmost labels first; labels compared as octet
 * strings after lower-casing, a prefix sorting first. */
int dnssec_name_compare(const uint8_t *a, const uint8_t *b)
{
	uint8_t oa[128], ob[128];
	unsigned na = label_offsets(a, oa), nb = label_offsets(b, ob);
	while (na > 0 && nb > 0) {
		const uint8_t *la = a + oa[--na], *lb = b + ob[--nb];
		unsigned len = la[0] < lb[0] ? la[0] : lb[0];
		for (unsigned k = 1; k <= len; k++) {
			uint8_t ca = lower(la[k]), cb = lower(lb[k]);
			if (ca != cb)
				return ca < cb ? -1 : 1;
		}
		if (la[0] != lb[0])
			return la[0] < lb[0] ? -1 : 1;
	}
	return na == nb ? 0 : (na < nb ? -1 : 1);
}

void dnssec_name_lower(uint8_t *name)
{
	for (size_t i = 0; name[i] != 0; i += 1u + name[i])
		for (unsigned k = 1; k <= name[i]; k++)
			name[i + k] = lower(name[i + k]);
}

const uint8_t *dnssec_name_suffix(const uint8_t *name, unsigned labels)
{
	unsigned total = dns_name_labels(name);
	while (total > labels) {
		name += 1u + name[0];
		total--;
	}
	return name;
}

const uint8_t *dnssec_name_parent(const uint8_t *name)
{
	return name[0] == 0 ? name : name + 1u + name[0];
}

bool dnssec_name_is_wildcard(const uint8_t *name)
{
	return name[0] == 1 && name[1] == '*';
}

bool dnssec_name_wildcard_of(const uint8_t *name, uint8_t *out)
{
	size_t n = dns_name_len(name);
	if (n + 2 > DNS_MAX_NAME)
		return false;
	out[0] = 1;
	out[1] = '*';
	memcpy(out + 2, name, n);
	return true;
}

unsigned dnssec_name_sig_labels(const uint8_t *name)
{
	unsigned n = dns_name_labels(name);
	return dnssec_name_is_wildcard(name) ? n - 1 : n;
}

/* ---- RRsets of a message ------------------------------------------------ */

size_t dnssec_rrset_init(struct dnssec_rrset *s, const struct dns_msg *m, enum dns_section section,
			 const uint8_t *owner, uint16_t type, unsigned source)
{
	s->msg = m;
	memcpy(s->owner, owner, dns_name_len(owner));
	s->type = type;
	s->section = (uint8_t)section;
	s->source = source;
	return dnssec_rrset_count(s);
}

static bool same_owner(const struct dnssec_rrset *s, const struct dns_rr *rr)
{
	return rr->section == s->section && rr->rclass == DNS_C_IN &&
	       dns_name_equal_at(s->msg->pkt, rr->owner, s->owner);
}

bool dnssec_rrset_next(const struct dnssec_rrset *s, size_t *i)
{
	for (; *i < s->msg->rr_count; (*i)++) {
		const struct dns_rr *rr = &s->msg->rr[*i];
		if (rr->type == s->type && same_owner(s, rr))
			return true;
	}
	return false;
}

/* The Type Covered field: the first two octets of RRSIG RDATA (the
 * parser checked the RDATA's length). */
static uint16_t type_covered(const struct dns_msg *m, const struct dns_rr *rr)
{
	const uint8_t *p = m->pkt + rr->rdata;
	return (uint16_t)(p[0] << 8 | p[1]);
}

bool dnssec_rrsig_next(const struct dnssec_rrset *s, size_t *i)
{
	for (; *i < s->msg->rr_count; (*i)++) {
		const struct dns_rr *rr = &s->msg->rr[*i];
		if (rr->type == DNS_T_RRSIG && rr->rdlen >= 2 &&
		    type_covered(s->msg, rr) == s->type && same_owner(s, rr))
			return true;
	}
	return false;
}

size_t dnssec_rrset_count(const struct dnssec_rrset *s)
{
	size_t n = 0;
	for (size_t i = 0; dnssec_rrset_next(s, &i); i++)
		n++;
	return n;
}

size_t dnssec_rrsig_count(const struct dnssec_rrset *s)
{
	size_t n = 0;
	for (size_t i = 0; dnssec_rrsig_next(s, &i); i++)
		n++;
	return n;
}

/* ---- canonical RDATA ------------------------------------------------------ */

/* The fields of a type's RDATA, as far as canonical form cares: raw
 * octets ('1'..'9': that many; 'R': the rest; 'S': a character-string),
 * names lower-cased ('N') or kept as they are ('n'). Types not listed
 * hold no name and are their wire RDATA (RFC 3597 s7: only the types
 * below get names lower-cased; RFC 6840 s5.1 drops HINFO and NSEC). */
static const char *layout(uint16_t type)
{
	switch (type) {
	case 2:	 /* NS */
	case 3:	 /* MD */
	case 4:	 /* MF */
	case 5:	 /* CNAME */
	case 7:	 /* MB */
	case 8:	 /* MG */
	case 9:	 /* MR */
	case 12: /* PTR */
	case 39: /* DNAME */
		return "N";
	case 6: /* SOA: MNAME, RNAME, five 32-bit fields */
		return "NNR";
	case 14: /* MINFO */
	case 17: /* RP */
		return "NN";
	case 15: /* MX */
	case 18: /* AFSDB */
	case 21: /* RT */
	case 36: /* KX */
		return "2N";
	case 26: /* PX */
		return "2NN";
	case 30: /* NXT */
		return "NR";
	case 33: /* SRV: priority, weight, port, target */
		return "6N";
	case 35: /* NAPTR: order, preference, flags, services, regexp, replacement */
		return "4SSSN";
	case 24: /* SIG */
	case 46: /* RRSIG: 18 octets of fields, the signer, the signature */
		return "9"
		       "9"
		       "NR";
	case 47: /* NSEC: next owner (case kept, RFC 6840 s5.1), bitmap */
		return "nR";
	default:
		return NULL;
	}
}

/* Appends a span; a span that starts where the last one ends extends it. */
static bool add_span(struct dnssec_canon_rdata *c, const uint8_t *p, size_t n)
{
	if (n == 0)
		return true;
	if (c->nseg > 0 && c->seg[c->nseg - 1].p + c->seg[c->nseg - 1].n == p) {
		c->seg[c->nseg - 1].n += n;
	} else {
		if (c->nseg == DNSSEC_CANON_SEGS)
			return false;
		c->seg[c->nseg].p = p;
		c->seg[c->nseg].n = n;
		c->nseg++;
	}
	c->len += n;
	return true;
}

static bool has_upper(const uint8_t *p, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (p[k] >= 'A' && p[k] <= 'Z')
			return true;
	return false;
}

/* A name inside RDATA: decompressed (item 1), lower-cased when asked
 * (item 3). An uncompressed name that needs no change is used where it
 * sits in the packet. */
static bool add_name(struct dnssec_canon_rdata *c, const struct dns_msg *m, size_t *pos, size_t end,
		     bool lowercase, unsigned *names)
{
	size_t next, wire_len;
	if (dns_name_unpack(m->pkt, m->len, *pos, end, &next, NULL, &wire_len) != DNS_OK)
		return false;
	const uint8_t *in_place = m->pkt + *pos;
	if (next - *pos == wire_len && !(lowercase && has_upper(in_place, wire_len))) {
		*pos = next;
		return add_span(c, in_place, wire_len);
	}
	if (*names == 2)
		return false;
	uint8_t *out = c->names[(*names)++];
	if (dns_name_unpack(m->pkt, m->len, *pos, end, &next, out, &wire_len) != DNS_OK)
		return false;
	if (lowercase)
		dnssec_name_lower(out);
	*pos = next;
	return add_span(c, out, wire_len);
}

enum dnssec_reason dnssec_canon_rdata(const struct dns_msg *m, const struct dns_rr *rr,
				      struct dnssec_canon_rdata *c)
{
	c->nseg = 0;
	c->len = 0;
	size_t pos = rr->rdata, end = (size_t)rr->rdata + rr->rdlen;
	const char *fields = layout(rr->type);
	if (!fields) {
		add_span(c, m->pkt + pos, rr->rdlen);
		return DNSSEC_R_NONE;
	}
	unsigned names = 0;
	for (const char *f = fields; *f; f++) {
		bool ok = true;
		if (*f >= '1' && *f <= '9') {
			size_t n = (size_t)(*f - '0');
			ok = end - pos >= n && add_span(c, m->pkt + pos, n);
			pos += n;
		} else if (*f == 'S') {
			ok = pos < end && end - pos > m->pkt[pos];
			size_t n = ok ? 1u + m->pkt[pos] : 0;
			ok = ok && add_span(c, m->pkt + pos, n);
			pos += n;
		} else if (*f == 'R') {
			ok = add_span(c, m->pkt + pos, end - pos);
			pos = end;
		} else {
			ok = pos < end && add_name(c, m, &pos, end, *f == 'N', &names);
		}
		if (!ok)
			return DNSSEC_R_MALFORMED;
	}
	/* every octet belongs to a field */
	return pos == end ? DNSSEC_R_NONE : DNSSEC_R_MALFORMED;
}

int dnssec_canon_rdata_compare(const struct dnssec_canon_rdata *a,
			       const struct dnssec_canon_rdata *b)
{
	size_t sa = 0, oa = 0, sb = 0, ob = 0;
	for (;;) {
		while (sa < a->nseg && oa == a->seg[sa].n) {
			sa++;
			oa = 0;
		}
		while (sb < b->nseg && ob == b->seg[sb].n) {
			sb++;
			ob = 0;
		}
		bool ea = sa == a->nseg, eb = sb == b->nseg;
		if (ea || eb)
			return ea && eb ? 0 : (ea ? -1 : 1);
		size_t n = a->seg[sa].n - oa;
		if (b->seg[sb].n - ob < n)
			n = b->seg[sb].n - ob;
		int c = memcmp(a->seg[sa].p + oa, b->seg[sb].p + ob, n);
		if (c != 0)
			return c < 0 ? -1 : 1;
		oa += n;
		ob += n;
	}
}

/* ---- canonical RRset ------------------------------------------------------ */

struct sort_ctx {
	const struct dns_msg *m;
	bool plain; /* no names in the RDATA: compare the wire octets */
};

static int compare_rr(const struct sort_ctx *sc, uint16_t x, uint16_t y)
{
	const struct dns_rr *a = &sc->m->rr[x], *b = &sc->m->rr[y];
	if (sc->plain) {
		size_t n = a->rdlen < b->rdlen ? a->rdlen : b->rdlen;
		int c = memcmp(sc->m->pkt + a->rdata, sc->m->pkt + b->rdata, n);
		if (c != 0)
			return c;
		return a->rdlen == b->rdlen ? 0 : (a->rdlen < b->rdlen ? -1 : 1);
	}
	struct dnssec_canon_rdata ca, cb;
	/* (a record that does not canonicalize fails later, when written) */
	if (dnssec_canon_rdata(sc->m, a, &ca) != DNSSEC_R_NONE ||
	    dnssec_canon_rdata(sc->m, b, &cb) != DNSSEC_R_NONE)
		return 0;
	return dnssec_canon_rdata_compare(&ca, &cb);
}

/* Insertion sort for the few records of most RRsets, a bottom-up merge
 * sort above that: O(n log n) compares for the largest allowed. */
static void sort_rrs(const struct sort_ctx *sc, uint16_t *idx, size_t n)
{
	if (n <= 8) {
		for (size_t i = 1; i < n; i++) {
			uint16_t v = idx[i];
			size_t j = i;
			while (j > 0 && compare_rr(sc, idx[j - 1], v) > 0) {
				idx[j] = idx[j - 1];
				j--;
			}
			idx[j] = v;
		}
		return;
	}
	uint16_t tmp[DNSSEC_MAX_RRSET_RRS];
	uint16_t *from = idx, *to = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				to[k++] =
				    compare_rr(sc, from[i], from[j]) <= 0 ? from[i++] : from[j++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		uint16_t *t = from;
		from = to;
		to = t;
	}
	if (from != idx)
		memcpy(idx, from, n * sizeof *idx);
}

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

enum dnssec_reason dnssec_canon_rrset(const struct dnssec_rrset *s, const uint8_t *owner,
				      uint32_t original_ttl, const struct dnssec_sink *sink)
{
	uint16_t idx[DNSSEC_MAX_RRSET_RRS];
	size_t n = 0;
	for (size_t i = 0; dnssec_rrset_next(s, &i); i++) {
		if (n == DNSSEC_MAX_RRSET_RRS)
			return DNSSEC_R_LIMIT;
		idx[n++] = (uint16_t)i;
	}
	struct sort_ctx sc = {.m = s->msg, .plain = layout(s->type) == NULL};
	sort_rrs(&sc, idx, n);

	/* owner | type | class | TTL, the same for every record */
	size_t owner_len = dns_name_len(owner);
	uint8_t head[DNS_MAX_NAME + 10];
	memcpy(head, owner, owner_len);
	uint8_t *f = head + owner_len;
	put_u16(f, s->type);
	put_u16(f + 2, DNS_C_IN);
	put_u16(f + 4, (uint16_t)(original_ttl >> 16));
	put_u16(f + 6, (uint16_t)original_ttl);
	for (size_t k = 0; k < n; k++) {
		const struct dns_rr *rr = &s->msg->rr[idx[k]];
		struct dnssec_canon_rdata c;
		if (dnssec_canon_rdata(s->msg, rr, &c) != DNSSEC_R_NONE || c.len > 0xFFFF)
			return DNSSEC_R_MALFORMED;
		/* RFC 4034 s6.3: a duplicate record counts once */
		if (k > 0 && compare_rr(&sc, idx[k - 1], idx[k]) == 0)
			continue;
		put_u16(f + 8, (uint16_t)c.len);
		sink->write(sink->ctx, head, owner_len + 10);
		for (size_t g = 0; g < c.nseg; g++)
			sink->write(sink->ctx, c.seg[g].p, c.seg[g].n);
	}
	return DNSSEC_R_NONE;
}
