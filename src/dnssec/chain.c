/* The chain of trust: the engine of chain.h.
 *
 * For each part of the answer (every CNAME or DNAME link, the final
 * RRset, or the denial at the end) it finds the zone that must have
 * signed it, walking down from the closest trust anchor one label at a
 * time (RFC 4035 s5.2): the anchor's DNSKEY RRset is verified against the
 * anchor; below it, each label's DS question says whether there is a
 * zone cut (a signed DS: verify the child's DNSKEY RRset with it), an
 * unsigned delegation (a proven NODATA for DS at a delegation: insecure
 * from there down), or no cut at all (a proven NODATA without NS, or no
 * such name). The part is then verified with the zone's keys. Every
 * question whose answer is not in the inputs yet is the NEED. */
#include "dnssec/chain.h"

#include <string.h>

#include "dns/rr.h"
#include "dns/types.h"
#include "dnssec/canon.h"
#include "dnssec/crypto.h"
#include "dnssec/keytag.h"
#include "dnssec/nsec.h"
#include "dnssec/nsec3.h"
#include "dnssec/rrsig.h"

#if ACMEPROBE_DNSSEC

#define MAX_NOCUT  16
#define MAX_DS	   64 /* DS records (or anchors) of one zone considered */
#define MAX_DENIAL 16 /* NSEC or NSEC3 records of one proof */
/* Unbound's MAX_DS_MATCH_FAILURES (validator/val_utils.c): digests of
 * same-tag keys tried per DS before that DS is given up */
#define MAX_DS_MATCH_FAILURES 4
#define EDE_NSEC_MISSING      12
#define EDE_DNSKEY_MISSING    9
#define EDE_RRSIGS_MISSING    10
#define MAX_AUTH_MARKS	      8192

struct engine {
	const struct dnssec_input *in;
	size_t n;
	const struct dnssec_anchors *ta;
	uint32_t now;
	struct dnssec_result *out;
	/* names proven not to be zone cuts in this run */
	uint8_t nocut[MAX_NOCUT][DNS_MAX_NAME];
	size_t nocut_n;
	/* the authority RRsets of the answer (in[0]) verified so far, by
	 * the index of their first record */
	uint8_t auth_done[MAX_AUTH_MARKS / 8];
};

/* How a walk down to a name ended. */
struct verdict {
	enum dnssec_status status;
	struct dnssec_why why;
	struct dnssec_cut *cut; /* SECURE: the zone whose keys sign there */
};

static const struct dnssec_input *find_input(const struct engine *e, const uint8_t *name,
					     uint16_t type)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->in[i].qtype == type && dns_name_equal(e->in[i].qname, name))
			return &e->in[i];
	return NULL;
}

static bool need(struct engine *e, const uint8_t *name, uint16_t type)
{
	e->out->need = true;
	memcpy(e->out->need_name, name, dns_name_len(name));
	dnssec_name_lower(e->out->need_name);
	e->out->need_type = type;
	return false;
}

static struct dnssec_cut *cut_find(struct engine *e, const uint8_t *zone)
{
	for (size_t i = 0; i < e->out->chain_len; i++)
		if (dns_name_equal(e->out->chain[i].zone, zone))
			return &e->out->chain[i];
	return NULL;
}

static struct dnssec_cut *cut_add(struct engine *e, const uint8_t *zone)
{
	struct dnssec_cut *c = &e->out->chain[e->out->chain_len++];
	memset(c, 0, sizeof *c);
	memcpy(c->zone, zone, dns_name_len(zone));
	dnssec_name_lower(c->zone);
	c->status = DNSSEC_BOGUS;
	return c;
}

static void cut_fail(struct dnssec_cut *c, enum dnssec_reason r, uint16_t type, bool has_source,
		     unsigned source)
{
	c->status = dnssec_reason_status(r);
	dnssec_why_set(&c->why, r, c->zone, c->zone, type);
	c->why.has_source = has_source;
	c->why.source = source;
}

static void verdict_of(struct verdict *v, struct dnssec_cut *c)
{
	v->status = c->status;
	v->why = c->why;
	v->cut = c->status == DNSSEC_SECURE ? c : NULL;
}

static void cut_keys(const struct dnssec_cut *c, struct dnssec_rrset *keys)
{
	dnssec_rrset_init(keys, c->keys_msg, DNS_SEC_ANSWER, c->zone, DNS_T_DNSKEY,
			  c->dnskey_source);
}

static bool answer_ok(const struct dnssec_input *in)
{
	return in->msg &&
	       (in->msg->rcode == DNS_RCODE_NOERROR || in->msg->rcode == DNS_RCODE_NXDOMAIN);
}

/* ---- a zone's keys ---------------------------------------------------------- */

/* A DS record or a DNSKEY anchor: what a child's keys are checked with. */
struct ds_entry {
	const uint8_t *rdata;
	uint16_t len;
	uint16_t type; /* DNS_T_DS or DNS_T_DNSKEY (an anchor key) */
};

static bool ds_usable(const struct ds_entry *d)
{
	if (d->type == DNS_T_DNSKEY)
		return d->len > 4 && dnssec_algorithm_supported(d->rdata[3]);
	return d->len > 4 && dnssec_algorithm_supported(d->rdata[2]) &&
	       dnssec_digest_supported(d->rdata[3]);
}

/* R-DNSSEC-6: with no usable DS, which reason says why. */
static enum dnssec_reason unusable_reason(const struct ds_entry *ds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ds[i].type == DNS_T_DS && ds[i].len > 4 &&
		    dnssec_digest_supported(ds[i].rdata[3]))
			return DNSSEC_R_UNSUPPORTED_ALGORITHM;
	for (size_t i = 0; i < n; i++)
		if (ds[i].type == DNS_T_DNSKEY)
			return DNSSEC_R_UNSUPPORTED_ALGORITHM;
	return DNSSEC_R_UNSUPPORTED_DIGEST;
}

struct key_bits {
	uint8_t bits[8192 / 8]; /* by record index: this key matches a DS */
};

static bool key_matched(void *ctx, const struct dns_msg *m, const struct dns_rr *key)
{
	const struct key_bits *kb = ctx;
	size_t i = (size_t)(key - m->rr);
	return i < 8192 && (kb->bits[i / 8] & (1u << (i % 8)));
}

/* R-DNSSEC-3 (RFC 4034 s5.1.4, RFC 4035 s5.2): the DNSKEY RRset is
 * signed by a key that matches a usable DS (or is an anchor key); with
 * harden-algo-downgrade off (R-DNSSEC-6) one such DS suffices. */
static void verify_keyset(struct engine *e, struct dnssec_cut *c, const struct dnssec_rrset *keys,
			  const struct ds_entry *ds, size_t nds)
{
	struct key_bits kb = {0}; /* (not a copy of a static zero: 1 KB on disk) */
	bool usable = false, any = false, tag_seen = false;
	for (size_t d = 0; d < nds; d++) {
		if (!ds_usable(&ds[d]))
			continue;
		usable = true;
		unsigned failures = 0;
		for (size_t k = 0; dnssec_rrset_next(keys, &k); k++) {
			const struct dns_rr *rr = &keys->msg->rr[k];
			const uint8_t *kd = keys->msg->pkt + rr->rdata;
			if (rr->rdlen < 4 || k >= 8192)
				continue;
			bool match;
			if (ds[d].type == DNS_T_DNSKEY) {
				match = rr->rdlen == ds[d].len &&
					memcmp(kd, ds[d].rdata, ds[d].len) == 0;
			} else {
				uint16_t tag = (uint16_t)(ds[d].rdata[0] << 8 | ds[d].rdata[1]);
				if (kd[3] != ds[d].rdata[2] || dnssec_key_tag(kd, rr->rdlen) != tag)
					continue;
				tag_seen = true;
				match = dnssec_ds_matches(ds[d].rdata[3], ds[d].rdata + 4,
							  ds[d].len - 4u, c->zone, kd,
							  rr->rdlen) == DNSSEC_DS_MATCH;
				if (!match && ++failures > MAX_DS_MATCH_FAILURES)
					break;
			}
			if (!match)
				continue;
			kb.bits[k / 8] |= (uint8_t)(1u << (k % 8));
			if (!any) {
				any = true;
				c->has_ds = true;
				if (ds[d].type == DNS_T_DS) {
					c->ds_key_tag =
					    (uint16_t)(ds[d].rdata[0] << 8 | ds[d].rdata[1]);
					c->ds_algorithm = ds[d].rdata[2];
					c->ds_digest_type = ds[d].rdata[3];
				} else {
					c->ds_key_tag = dnssec_key_tag(ds[d].rdata, ds[d].len);
					c->ds_algorithm = ds[d].rdata[3];
				}
			}
		}
	}
	if (!usable) {
		cut_fail(c, unusable_reason(ds, nds), DNS_T_DS, c->has_ds_source, c->ds_source);
		return;
	}
	if (!any) {
		cut_fail(c, DNSSEC_R_DS_MISMATCH, DNS_T_DNSKEY, true, keys->source);
		/* the key the (first usable) DS names, which the zone lacks */
		for (size_t d = 0; d < nds && !c->why.has_key; d++) {
			if (!ds_usable(&ds[d]))
				continue;
			c->why.has_key = true;
			if (ds[d].type == DNS_T_DS) {
				c->why.key_tag = (uint16_t)(ds[d].rdata[0] << 8 | ds[d].rdata[1]);
				c->why.algorithm = ds[d].rdata[2];
			} else {
				c->why.key_tag = dnssec_key_tag(ds[d].rdata, ds[d].len);
				c->why.algorithm = ds[d].rdata[3];
			}
		}
		/* Unbound: EDE 9 when no key has the DS's tag ("no keys have a
		 * DS", val_utils.c) and whenever a trust anchor matches no key
		 * (validator.c primeResponseToKE); 6 for a parent's DS whose
		 * digest is another key's ("DS hash mismatches key") */
		if (c->anchor || !tag_seen)
			c->why.ede = EDE_DNSKEY_MISSING;
		return;
	}
	struct dnssec_sig_used used;
	enum dnssec_status st = dnssec_verify_rrset(keys, keys, c->zone, e->now, key_matched, &kb,
						    &e->out->budget, &used, &c->why);
	c->status = st;
	if (st == DNSSEC_SECURE) {
		memset(&c->why, 0, sizeof c->why);
		c->why.code = DNSSEC_R_NONE;
		c->why.ede = DNSSEC_EDE_NONE;
		c->has_key = true;
		c->key_tag = used.key_tag;
		c->key_algorithm = used.algorithm;
		c->keys_msg = keys->msg;
		return;
	}
	if (c->why.code == DNSSEC_R_NO_MATCHING_KEY) {
		enum dnssec_reason r = DNSSEC_R_DNSKEY_UNSIGNED_BY_DS_KEY;
		c->why.code = r;
		c->why.ede = dnssec_reason_ede(r);
	}
}

/* The DNSKEY RRset of zone c (asked if not in the inputs) checked with
 * ds[]. False: NEED. */
static bool zone_keys(struct engine *e, struct dnssec_cut *c, const struct ds_entry *ds, size_t nds)
{
	bool usable = false;
	for (size_t d = 0; d < nds; d++)
		usable = usable || ds_usable(&ds[d]);
	if (!usable) {
		/* R-DNSSEC-6: no DS with a supported digest and algorithm */
		cut_fail(c, unusable_reason(ds, nds), DNS_T_DS, c->has_ds_source, c->ds_source);
		return true;
	}
	const struct dnssec_input *in = find_input(e, c->zone, DNS_T_DNSKEY);
	if (!in)
		return need(e, c->zone, DNS_T_DNSKEY);
	c->has_dnskey_source = true;
	c->dnskey_source = in->source;
	struct dnssec_rrset keys;
	if (!answer_ok(in)) {
		cut_fail(c, DNSSEC_R_FETCH_FAILED, DNS_T_DNSKEY, true, in->source);
		c->why.ede = EDE_DNSKEY_MISSING; /* Unbound: "No DNSKEY record" */
		return true;
	}
	if (dnssec_rrset_init(&keys, in->msg, DNS_SEC_ANSWER, c->zone, DNS_T_DNSKEY, in->source) ==
	    0) {
		cut_fail(c, DNSSEC_R_NO_DNSKEY, DNS_T_DNSKEY, true, in->source);
		return true;
	}
	verify_keyset(e, c, &keys, ds, nds);
	return true;
}

/* ---- denial of existence ------------------------------------------------------ */

static bool signer_of(const struct dnssec_rrset *s, uint8_t *signer);

static void auth_mark(struct engine *e, const struct dnssec_input *in, size_t i)
{
	if (in == &e->in[0] && i < MAX_AUTH_MARKS)
		e->auth_done[i / 8] |= (uint8_t)(1u << (i % 8));
}

static bool auth_marked(const struct engine *e, size_t i)
{
	return i < MAX_AUTH_MARKS && (e->auth_done[i / 8] & (1u << (i % 8)));
}

static bool first_of_rrset(const struct dns_msg *m, size_t i)
{
	const struct dns_rr *rr = &m->rr[i];
	for (size_t j = 0; j < i; j++) {
		const struct dns_rr *o = &m->rr[j];
		if (o->section == rr->section && o->type == rr->type) {
			uint8_t a[DNS_MAX_NAME];
			size_t next, len;
			if (dns_name_unpack(m->pkt, m->len, o->owner, m->len, &next, a, &len) ==
				DNS_OK &&
			    dns_name_equal_at(m->pkt, rr->owner, a))
				return false;
		}
	}
	return true;
}

static bool owner_of(const struct dns_msg *m, const struct dns_rr *rr, uint8_t *out)
{
	size_t next, len;
	return dns_name_unpack(m->pkt, m->len, rr->owner, m->len, &next, out, &len) == DNS_OK;
}

/* The outcome of a denial: status and why. */
struct denial_out {
	enum dnssec_status status;
	struct dnssec_why why;
	struct dnssec_denial d;
	bool nsec3;
};

/* R-DNSSEC-9, -10: proves `what` for (qname, qtype) with the SOA, NSEC
 * and NSEC3 RRsets of in's authority section that zone z signed. Every
 * one of them must verify first (Unbound: any authority RRset that fails
 * makes the message bogus). */
static void denial(struct engine *e, struct dnssec_cut *z, const struct dnssec_input *in,
		   const uint8_t *qname, uint16_t qtype, enum dnssec_proof what,
		   const uint8_t *wildcard_ce, bool ds_question, struct denial_out *o)
{
	const struct dns_msg *m = in->msg;
	struct dnssec_rrset keys;
	cut_keys(z, &keys);
	struct dnssec_nsec nsec[MAX_DENIAL];
	struct dnssec_nsec3 nsec3[MAX_DENIAL];
	size_t nn = 0, n3 = 0;
	memset(o, 0, sizeof *o);
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->section != DNS_SEC_AUTHORITY || rr->rclass != DNS_C_IN ||
		    (rr->type != DNS_T_SOA && rr->type != DNS_T_NSEC && rr->type != DNS_T_NSEC3))
			continue;
		uint8_t owner[DNS_MAX_NAME];
		if (!owner_of(m, rr, owner) || !dns_name_at_or_below(owner, z->zone))
			continue;
		/* another zone's RRset (a child's, in an answer whose CNAMEs
		 * cross a cut) is judged with that zone's keys, in its own
		 * part: Unbound gives each part only the RRsets its signer
		 * signed (val_utils.c val_fill_reply) */
		struct dnssec_rrset s;
		dnssec_rrset_init(&s, m, DNS_SEC_AUTHORITY, owner, rr->type, in->source);
		uint8_t signer[DNS_MAX_NAME];
		if (signer_of(&s, signer) && !dns_name_equal(signer, z->zone))
			continue;
		if (first_of_rrset(m, i)) {
			struct dnssec_why why;
			enum dnssec_status st = dnssec_verify_rrset(
			    &s, &keys, z->zone, e->now, NULL, NULL, &e->out->budget, NULL, &why);
			if (st != DNSSEC_SECURE) {
				o->status = st;
				o->why = why;
				return;
			}
			auth_mark(e, in, i);
		}
		if (rr->type == DNS_T_NSEC && nn < MAX_DENIAL) {
			struct dns_nsec v;
			size_t next, len;
			if (dns_rr_nsec(m->pkt, m->len, rr, &v) != DNS_OK ||
			    dns_name_unpack(m->pkt, m->len, v.next, (size_t)rr->rdata + rr->rdlen,
					    &next, nsec[nn].next, &len) != DNS_OK)
				continue;
			dnssec_name_lower(nsec[nn].next);
			if (!dns_name_at_or_below(nsec[nn].next, z->zone)) {
				/* Unbound (val_sigcrypt.c dnskey_verify_rrset_sig):
				 * "NSEC next owner overreaches signer name", bogus */
				dnssec_why_set(&o->why, DNSSEC_R_NSEC_PROOF, z->zone, owner,
					       DNS_T_NSEC);
				o->status = DNSSEC_BOGUS;
				return;
			}
			memcpy(nsec[nn].owner, owner, dns_name_len(owner));
			nsec[nn].bitmap = v.bitmap;
			nsec[nn].bitmap_len = v.bitmap_len;
			nn++;
		} else if (rr->type == DNS_T_NSEC3 && n3 < MAX_DENIAL) {
			struct dns_nsec3 v;
			if (dns_rr_nsec3(m->pkt, m->len, rr, &v) != DNS_OK)
				continue;
			struct dnssec_nsec3 *r = &nsec3[n3];
			/* RFC 5155 s7.2: the owner is <base32hex(hash)>.zone */
			if (!dns_name_equal(dnssec_name_parent(owner), z->zone) ||
			    !dnssec_base32hex_decode20(owner + 1, owner[0], r->owner_hash)) {
				dnssec_why_set(&o->why, DNSSEC_R_NSEC3_PROOF, z->zone, owner,
					       DNS_T_NSEC3);
				o->status = DNSSEC_BOGUS;
				return;
			}
			r->hash_algorithm = v.hash_algorithm;
			r->flags = v.flags;
			r->iterations = v.iterations;
			r->salt = v.salt;
			r->salt_len = v.salt_len;
			r->next_hash = v.next_hashed;
			r->next_hash_len = v.next_hashed_len;
			r->bitmap = v.bitmap;
			r->bitmap_len = v.bitmap_len;
			n3++;
		}
	}
	struct dnssec_denial d = {.status = DNSSEC_BOGUS, .reason = DNSSEC_R_NSEC_MISSING};
	if (nn > 0)
		dnssec_nsec_prove(nsec, nn, qname, qtype, what, wildcard_ce, &d);
	if (n3 > 0 && (nn == 0 || d.status == DNSSEC_BOGUS)) {
		dnssec_nsec3_prove(nsec3, n3, z->zone, qname, qtype, what, wildcard_ce,
				   &e->out->budget, &d);
		o->nsec3 = true;
	}
	o->d = d;
	o->status = d.status;
	dnssec_why_set(&o->why, d.reason, z->zone, qname, qtype);
	o->why.has_source = true;
	o->why.source = in->source;
	o->why.iterations = d.iterations;
	if (d.reason == DNSSEC_R_LIMIT)
		o->why.limit = e->out->budget.hit;
	/* validator.c ds_response_to_ke: a DS answer without signed NSECs
	 * is EDE 12 (NSEC Missing); elsewhere Unbound says 6 */
	if (ds_question && d.reason == DNSSEC_R_NSEC_MISSING)
		o->why.ede = EDE_NSEC_MISSING;
}

/* ---- walking down -------------------------------------------------------------- */

static bool is_nocut(const struct engine *e, const uint8_t *name)
{
	for (size_t i = 0; i < e->nocut_n; i++)
		if (dns_name_equal(e->nocut[i], name))
			return true;
	return false;
}

static void set_verdict(struct verdict *v, enum dnssec_status st, const struct dnssec_why *why)
{
	v->status = st;
	v->why = *why;
	v->cut = NULL;
}

/* One label down from the secure zone p: the DS question for name.
 * False: NEED. Otherwise *next is the zone to go on with (p itself when
 * name is no cut), or v is final (insecure, bogus, indeterminate). */
static bool ds_step(struct engine *e, struct dnssec_cut *p, const uint8_t *name,
		    struct dnssec_cut **next, struct verdict *v, bool *final)
{
	*final = false;
	*next = p;
	struct dnssec_cut *known = cut_find(e, name);
	if (known) {
		*next = known;
		return true;
	}
	if (is_nocut(e, name))
		return true;
	const struct dnssec_input *in = find_input(e, name, DNS_T_DS);
	if (!in)
		return need(e, name, DNS_T_DS);
	struct dnssec_why why;
	if (!answer_ok(in)) {
		/* validator.c ds_response_to_ke: an error RCODE for DS is
		 * bogus, EDE 23 */
		dnssec_why_set(&why, DNSSEC_R_FETCH_FAILED, p->zone, name, DNS_T_DS);
		why.has_source = true;
		why.source = in->source;
		set_verdict(v, DNSSEC_BOGUS, &why);
		*final = true;
		return true;
	}
	const struct dns_msg *m = in->msg;
	struct dnssec_rrset keys, s;
	cut_keys(p, &keys);
	if (dnssec_rrset_init(&s, m, DNS_SEC_ANSWER, name, DNS_T_DS, in->source) > 0) {
		enum dnssec_status st = dnssec_verify_rrset(&s, &keys, p->zone, e->now, NULL, NULL,
							    &e->out->budget, NULL, &why);
		if (st != DNSSEC_SECURE) {
			set_verdict(v, st, &why);
			*final = true;
			return true;
		}
		if (e->out->chain_len == DNSSEC_MAX_CUTS) {
			dnssec_why_set(&why, DNSSEC_R_LIMIT, p->zone, name, DNS_T_DS);
			why.limit = e->out->budget.hit = DNSSEC_LIMIT_DEPTH;
			set_verdict(v, DNSSEC_INDETERMINATE, &why);
			*final = true;
			return true;
		}
		struct ds_entry ds[MAX_DS];
		size_t nds = 0;
		for (size_t i = 0; dnssec_rrset_next(&s, &i) && nds < MAX_DS; i++) {
			ds[nds].rdata = m->pkt + m->rr[i].rdata;
			ds[nds].len = m->rr[i].rdlen;
			ds[nds].type = DNS_T_DS;
			nds++;
		}
		struct dnssec_cut *c = cut_add(e, name);
		c->has_ds_source = true;
		c->ds_source = in->source;
		if (!zone_keys(e, c, ds, nds)) {
			e->out->chain_len--; /* asked again next run */
			return false;
		}
		*next = c;
		return true;
	}
	/* a CNAME there: no zone cut can be at a CNAME (RFC 1034 s3.6.2) */
	if (dnssec_rrset_init(&s, m, DNS_SEC_ANSWER, name, DNS_T_CNAME, in->source) > 0) {
		enum dnssec_status st = dnssec_verify_rrset(&s, &keys, p->zone, e->now, NULL, NULL,
							    &e->out->budget, NULL, &why);
		if (st != DNSSEC_SECURE) {
			set_verdict(v, st, &why);
			*final = true;
		} else if (e->nocut_n < MAX_NOCUT) {
			memcpy(e->nocut[e->nocut_n++], name, dns_name_len(name));
		}
		return true;
	}
	/* no DS: the parent must prove it (RFC 4035 s5.2) */
	struct denial_out d;
	denial(e, p, in, name, DNS_T_DS,
	       m->rcode == DNS_RCODE_NXDOMAIN ? DNSSEC_PROVE_NXDOMAIN : DNSSEC_PROVE_NODATA, NULL,
	       true, &d);
	if (d.status == DNSSEC_SECURE && d.d.no_cut) {
		if (e->nocut_n < MAX_NOCUT)
			memcpy(e->nocut[e->nocut_n++], name, dns_name_len(name));
		return true;
	}
	if (d.status == DNSSEC_SECURE && m->rcode == DNS_RCODE_NXDOMAIN) {
		return true; /* the name does not exist: no cut */
	}
	if (d.status == DNSSEC_SECURE || d.status == DNSSEC_INSECURE) {
		/* an unsigned delegation (or opt-out, or too many NSEC3
		 * iterations: treated as unsigned from here, R-DNSSEC-11) */
		if (e->out->chain_len == DNSSEC_MAX_CUTS) {
			dnssec_why_set(&why, DNSSEC_R_LIMIT, p->zone, name, DNS_T_DS);
			why.limit = e->out->budget.hit = DNSSEC_LIMIT_DEPTH;
			set_verdict(v, DNSSEC_INDETERMINATE, &why);
			*final = true;
			return true;
		}
		struct dnssec_cut *c = cut_add(e, name);
		c->has_ds_source = true;
		c->ds_source = in->source;
		enum dnssec_reason r =
		    d.status == DNSSEC_SECURE ? DNSSEC_R_UNSIGNED_DELEGATION : d.why.code;
		cut_fail(c, r, DNS_T_DS, true, in->source);
		c->why.iterations = d.why.iterations;
		*next = c;
		return true;
	}
	set_verdict(v, d.status, &d.why);
	*final = true;
	return true;
}

/* The anchor zone: its DNSKEY RRset checked with the anchor's records. */
static bool anchor_cut(struct engine *e, const uint8_t *zone, struct dnssec_cut **out)
{
	struct dnssec_cut *c = cut_find(e, zone);
	if (c) {
		*out = c;
		return true;
	}
	struct ds_entry ds[MAX_DS];
	size_t nds = 0;
	for (size_t i = 0; i < e->ta->count && nds < MAX_DS; i++) {
		const struct dnssec_anchor *a = &e->ta->a[i];
		if (!dns_name_equal(a->owner, zone))
			continue;
		ds[nds].rdata = a->rdata;
		ds[nds].len = a->rdlen;
		ds[nds].type = a->type;
		nds++;
	}
	c = cut_add(e, zone);
	c->anchor = true;
	if (!zone_keys(e, c, ds, nds)) {
		e->out->chain_len--;
		return false;
	}
	*out = c;
	return true;
}

/* Walks from the closest trust anchor down to target. False: NEED. */
static bool find_zone(struct engine *e, const uint8_t *target, struct verdict *v)
{
	const uint8_t *azone;
	memset(v, 0, sizeof *v);
	if (dnssec_anchors_find(e->ta, target, &azone) == 0) {
		dnssec_why_set(&v->why, DNSSEC_R_NO_ANCHOR, NULL, target, 0);
		v->status = DNSSEC_INDETERMINATE;
		return true;
	}
	struct dnssec_cut *z;
	if (!anchor_cut(e, azone, &z))
		return false;
	unsigned from = dns_name_labels(azone), to = dns_name_labels(target);
	for (unsigned l = from + 1; l <= to && z->status == DNSSEC_SECURE; l++) {
		if (l - from > DNSSEC_MAX_DEPTH) {
			dnssec_why_set(&v->why, DNSSEC_R_LIMIT, z->zone, target, 0);
			v->why.limit = e->out->budget.hit = DNSSEC_LIMIT_DEPTH;
			v->status = DNSSEC_INDETERMINATE;
			return true;
		}
		bool final;
		struct dnssec_cut *next;
		if (!ds_step(e, z, dnssec_name_suffix(target, l), &next, v, &final))
			return false;
		if (final)
			return true;
		z = next;
	}
	verdict_of(v, z);
	return true;
}

/* ---- the answer ------------------------------------------------------------- */

/* A new part of the result; NULL when there is no room. The last slot is
 * kept for the part that says the answer goes on past the parts (a long
 * CNAME chain, a loop): a link never judged leaves the verdict
 * indeterminate, never secure. */
static struct dnssec_part_result *part_add(struct engine *e, enum dnssec_part kind,
					   const uint8_t *owner, uint16_t type)
{
	struct dnssec_result *out = e->out;
	if (out->part_count >= DNSSEC_MAX_PARTS - 1) {
		if (out->part_count == DNSSEC_MAX_PARTS - 1) {
			struct dnssec_part_result *p = &out->parts[out->part_count++];
			memset(p, 0, sizeof *p);
			p->kind = kind;
			memcpy(p->owner, owner, dns_name_len(owner));
			p->type = type;
			p->status = DNSSEC_INDETERMINATE;
			dnssec_why_set(&p->why, DNSSEC_R_LIMIT, NULL, owner, type);
			p->why.limit = DNSSEC_LIMIT_PARTS;
			if (out->budget.hit == DNSSEC_LIMIT_NONE)
				out->budget.hit = DNSSEC_LIMIT_PARTS;
		}
		return NULL;
	}
	struct dnssec_part_result *p = &out->parts[out->part_count++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	memcpy(p->owner, owner, dns_name_len(owner));
	p->type = type;
	return p;
}

static void part_verdict(struct dnssec_part_result *p, const struct verdict *v)
{
	p->status = v->status;
	p->why = v->why;
}

/* The signer of an RRset's first RRSIG, lower-cased; false if none. */
static bool signer_of(const struct dnssec_rrset *s, uint8_t *signer)
{
	size_t i = 0;
	const struct dns_msg *m = s->msg;
	if (!dnssec_rrsig_next(s, &i))
		return false;
	struct dns_rrsig sig;
	size_t next, len;
	if (dns_rr_rrsig(m->pkt, m->len, &m->rr[i], &sig) != DNS_OK ||
	    dns_name_unpack(m->pkt, m->len, sig.signer, (size_t)m->rr[i].rdata + m->rr[i].rdlen,
			    &next, signer, &len) != DNS_OK)
		return false;
	dnssec_name_lower(signer);
	return true;
}

static void part_fail(struct dnssec_part_result *p, enum dnssec_reason r, const uint8_t *zone,
		      unsigned source)
{
	p->status = dnssec_reason_status(r);
	dnssec_why_set(&p->why, r, zone, p->owner, p->type);
	p->why.has_source = true;
	p->why.source = source;
}

/* One RRset of the answer. False: NEED. */
static bool judge_rrset(struct engine *e, const struct dnssec_input *in,
			const struct dnssec_rrset *s, struct dnssec_part_result *p)
{
	uint8_t signer[DNS_MAX_NAME];
	bool signed_ = signer_of(s, signer);
	const uint8_t *target = signed_ ? signer : s->owner;
	if (signed_ && !dns_name_at_or_below(s->owner, signer)) {
		part_fail(p, DNSSEC_R_WRONG_SIGNER, signer, in->source);
		return true;
	}
	struct verdict v;
	if (!find_zone(e, target, &v))
		return false;
	if (v.status != DNSSEC_SECURE) {
		part_verdict(p, &v);
		return true;
	}
	struct dnssec_cut *z = v.cut;
	if (!signed_) {
		/* R-DNSSEC-8: an RRset of a signed zone without RRSIG */
		part_fail(p, DNSSEC_R_NO_RRSIG, z->zone, in->source);
		return true;
	}
	if (!dns_name_equal(signer, z->zone)) {
		/* the walk found no zone cut at the signer's name */
		part_fail(p, DNSSEC_R_WRONG_SIGNER, z->zone, in->source);
		return true;
	}
	struct dnssec_rrset keys;
	cut_keys(z, &keys);
	struct dnssec_sig_used used;
	p->status = dnssec_verify_rrset(s, &keys, z->zone, e->now, NULL, NULL, &e->out->budget,
					&used, &p->why);
	if (p->status != DNSSEC_SECURE)
		return true;
	p->has_key = true;
	p->key_tag = used.key_tag;
	p->algorithm = used.algorithm;
	dnssec_why_set(&p->why, DNSSEC_R_NONE, z->zone, s->owner, s->type);
	if (used.wildcard) {
		/* R-DNSSEC-8: expanded from a wildcard: qname must be proven
		 * absent (RFC 4035 s5.3.4, RFC 5155 s8.8) */
		p->wildcard = true;
		struct denial_out d;
		denial(e, z, in, s->owner, s->type, DNSSEC_PROVE_WILDCARD,
		       dnssec_name_parent(used.source), false, &d);
		if (d.status != DNSSEC_SECURE) {
			p->status = d.status;
			p->why = d.why;
			if (p->why.code == DNSSEC_R_NSEC_MISSING ||
			    p->why.code == DNSSEC_R_NSEC_PROOF ||
			    p->why.code == DNSSEC_R_NSEC3_PROOF) {
				p->why.code = DNSSEC_R_WILDCARD_PROOF;
				p->why.ede = dnssec_reason_ede(DNSSEC_R_WILDCARD_PROOF);
			}
		}
	}
	return true;
}

/* The zone that signed the authority section's NSEC or NSEC3 for a
 * denial at qname, lower-cased; false if none is signed. Unbound looks
 * at these alone (val_utils.c val_find_signer): a signed SOA without
 * them is "no signatures". When several zones' are there (a CNAME chain
 * crossing a cut), the closest to qname (val_find_best_signer). */
static bool denial_signer(const struct dns_msg *m, const uint8_t *qname, uint8_t *signer)
{
	uint8_t best[DNS_MAX_NAME];
	bool found = false;
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->section != DNS_SEC_AUTHORITY || rr->type != DNS_T_RRSIG || rr->rdlen < 2)
			continue;
		uint16_t covered = (uint16_t)(m->pkt[rr->rdata] << 8 | m->pkt[rr->rdata + 1]);
		if (covered != DNS_T_NSEC && covered != DNS_T_NSEC3)
			continue;
		struct dns_rrsig sig;
		size_t next, len;
		if (dns_rr_rrsig(m->pkt, m->len, rr, &sig) != DNS_OK ||
		    dns_name_unpack(m->pkt, m->len, sig.signer, (size_t)rr->rdata + rr->rdlen,
				    &next, signer, &len) != DNS_OK)
			continue;
		dnssec_name_lower(signer);
		if (dns_name_at_or_below(qname, signer) &&
		    (!found || dns_name_labels(signer) > dns_name_labels(best))) {
			memcpy(best, signer, dns_name_len(signer));
			found = true;
		}
	}
	if (found)
		memcpy(signer, best, dns_name_len(best));
	return found;
}

/* The SOA owner of the authority section, if qname is at or below it. */
static bool soa_owner(const struct dns_msg *m, const uint8_t *qname, uint8_t *owner)
{
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->section == DNS_SEC_AUTHORITY && rr->type == DNS_T_SOA &&
		    owner_of(m, rr, owner) && dns_name_at_or_below(qname, owner))
			return true;
	}
	return false;
}

/* The denial at the end of the answer. False: NEED. */
static bool judge_denial(struct engine *e, const struct dnssec_input *in, const uint8_t *name,
			 uint16_t qtype, bool nxdomain)
{
	struct dnssec_part_result *p =
	    part_add(e, nxdomain ? DNSSEC_PART_NXDOMAIN : DNSSEC_PART_NODATA, name, qtype);
	if (!p)
		return true;
	uint8_t signer[DNS_MAX_NAME];
	bool signed_ = denial_signer(in->msg, name, signer);
	uint8_t target[DNS_MAX_NAME];
	if (signed_)
		memcpy(target, signer, dns_name_len(signer));
	else if (!soa_owner(in->msg, name, target))
		memcpy(target, name, dns_name_len(name));
	struct verdict v;
	if (!find_zone(e, target, &v))
		return false;
	if (v.status != DNSSEC_SECURE) {
		part_verdict(p, &v);
		return true;
	}
	struct dnssec_cut *z = v.cut;
	if (!signed_) {
		/* R-DNSSEC-9: no signed NSEC or NSEC3 in a signed zone; Unbound
		 * finds no signer then and says "no signatures" (EDE 10) */
		part_fail(p, DNSSEC_R_NSEC_MISSING, z->zone, in->source);
		p->why.ede = EDE_RRSIGS_MISSING;
		return true;
	}
	if (!dns_name_equal(signer, z->zone)) {
		part_fail(p, DNSSEC_R_WRONG_SIGNER, z->zone, in->source);
		return true;
	}
	struct denial_out d;
	denial(e, z, in, name, qtype, nxdomain ? DNSSEC_PROVE_NXDOMAIN : DNSSEC_PROVE_NODATA, NULL,
	       false, &d);
	if (nxdomain && d.status == DNSSEC_BOGUS && !d.nsec3 && d.why.code == DNSSEC_R_NSEC_PROOF) {
		/* Unbound is lenient with an NXDOMAIN whose NSECs prove a
		 * NODATA instead (an empty non-terminal some servers answer
		 * NXDOMAIN for): secure, the RCODE taken as NOERROR
		 * (validator.c validate_nameerror_response) */
		struct denial_out nodata;
		denial(e, z, in, name, qtype, DNSSEC_PROVE_NODATA, NULL, false, &nodata);
		if (nodata.status == DNSSEC_SECURE)
			d = nodata;
	}
	p->status = d.status;
	p->why = d.why;
	p->nsec3 = d.nsec3;
	if (p->status == DNSSEC_SECURE)
		dnssec_why_set(&p->why, DNSSEC_R_NONE, z->zone, name, qtype);
	return true;
}

/* Once every part is secure: every authority RRset of the answer must be
 * too (Unbound: validate_msg_signatures verifies each one its part's
 * signer signed, and val_check_nonsecure makes a secure message bogus
 * for any left unverified, but for an NS RRset beside answer data, which
 * it drops). Those a denial did not use are verified here with the keys
 * of their signer, which must be a secure zone of the chain. */
static void check_authority(struct engine *e)
{
	const struct dnssec_input *in = &e->in[0];
	const struct dns_msg *m = in->msg;
	bool answered = false;
	for (size_t i = 0; i < m->rr_count; i++)
		answered = answered || m->rr[i].section == DNS_SEC_ANSWER;
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->section != DNS_SEC_AUTHORITY || rr->rclass != DNS_C_IN ||
		    rr->type == DNS_T_RRSIG || auth_marked(e, i) || !first_of_rrset(m, i))
			continue;
		uint8_t owner[DNS_MAX_NAME], signer[DNS_MAX_NAME];
		if (!owner_of(m, rr, owner))
			continue;
		struct dnssec_rrset s;
		dnssec_rrset_init(&s, m, DNS_SEC_AUTHORITY, owner, rr->type, in->source);
		bool signed_ = signer_of(&s, signer);
		struct dnssec_cut *c = signed_ ? cut_find(e, signer) : NULL;
		if (!c || c->status != DNSSEC_SECURE) {
			if (rr->type == DNS_T_NS && answered)
				continue;
			struct dnssec_part_result *p =
			    part_add(e, DNSSEC_PART_RRSET, owner, rr->type);
			if (p)
				part_fail(p, signed_ ? DNSSEC_R_WRONG_SIGNER : DNSSEC_R_NO_RRSIG,
					  signed_ ? signer : NULL, in->source);
			return;
		}
		struct dnssec_rrset keys;
		cut_keys(c, &keys);
		struct dnssec_why why;
		enum dnssec_status st = dnssec_verify_rrset(&s, &keys, c->zone, e->now, NULL, NULL,
							    &e->out->budget, NULL, &why);
		if (st != DNSSEC_SECURE) {
			struct dnssec_part_result *p =
			    part_add(e, DNSSEC_PART_RRSET, owner, rr->type);
			if (p) {
				p->status = st;
				p->why = why;
			}
			return;
		}
		auth_mark(e, in, i);
	}
}

/* The first CNAME target of a CNAME RRset. */
static bool cname_target(const struct dnssec_rrset *s, uint8_t *target)
{
	size_t i = 0;
	const struct dns_msg *m = s->msg;
	uint16_t off;
	size_t next, len;
	return dnssec_rrset_next(s, &i) &&
	       dns_rr_target(m->pkt, m->len, &m->rr[i], &off) == DNS_OK &&
	       dns_name_unpack(m->pkt, m->len, off, m->len, &next, target, &len) == DNS_OK;
}

/* A DNAME RRset of the answer whose owner is strictly above name;
 * owner is written only when there is one. */
static bool find_dname(const struct dns_msg *m, const uint8_t *name, uint8_t *owner)
{
	uint8_t o[DNS_MAX_NAME];
	for (size_t i = 0; i < m->rr_count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->section == DNS_SEC_ANSWER && rr->type == DNS_T_DNAME &&
		    owner_of(m, rr, o) && dns_name_at_or_below(name, o) &&
		    !dns_name_equal(name, o)) {
			memcpy(owner, o, dns_name_len(o));
			return true;
		}
	}
	return false;
}

/* RFC 6672 s2.2: name with the DNAME owner's labels replaced by the
 * target. */
static bool dname_synthesize(const uint8_t *name, const uint8_t *owner, const uint8_t *target,
			     uint8_t *out)
{
	size_t keep = dns_name_len(name) - dns_name_len(owner);
	size_t tlen = dns_name_len(target);
	if (keep + tlen > DNS_MAX_NAME)
		return false;
	memcpy(out, name, keep);
	memcpy(out + keep, target, tlen);
	return true;
}

static enum dnssec_status worst(enum dnssec_status a, enum dnssec_status b)
{
	return a > b ? a : b;
}

static void run(struct engine *e)
{
	struct dnssec_result *out = e->out;
	const struct dnssec_input *in = &e->in[0];
	if (!answer_ok(in)) {
		out->status = DNSSEC_INDETERMINATE;
		dnssec_why_set(&out->why, DNSSEC_R_FETCH_FAILED, NULL, in->qname, in->qtype);
		out->why.ede = DNSSEC_EDE_NONE;
		out->why.has_source = true;
		out->why.source = in->source;
		return;
	}
	const struct dns_msg *m = in->msg;
	uint8_t name[DNS_MAX_NAME];
	memcpy(name, in->qname, dns_name_len(in->qname));
	for (;;) {
		struct dnssec_rrset s;
		if (dnssec_rrset_init(&s, m, DNS_SEC_ANSWER, name, in->qtype, in->source) > 0) {
			struct dnssec_part_result *p =
			    part_add(e, DNSSEC_PART_RRSET, name, in->qtype);
			if (p && !judge_rrset(e, in, &s, p))
				return;
			break;
		}
		/* a DNAME above this name (RFC 6672 s3.2), judged once; only
		 * a CNAME of a name below it can be its synthesis */
		uint8_t dname_owner[DNS_MAX_NAME];
		bool dname_secure = false;
		if (find_dname(m, name, dname_owner)) {
			const struct dnssec_part_result *dp = NULL;
			for (size_t k = 0; k < out->part_count && !dp; k++)
				if (out->parts[k].type == DNS_T_DNAME &&
				    dns_name_equal(out->parts[k].owner, dname_owner))
					dp = &out->parts[k];
			if (!dp) {
				struct dnssec_rrset d;
				dnssec_rrset_init(&d, m, DNS_SEC_ANSWER, dname_owner, DNS_T_DNAME,
						  in->source);
				struct dnssec_part_result *p =
				    part_add(e, DNSSEC_PART_RRSET, dname_owner, DNS_T_DNAME);
				if (!p)
					break;
				if (!judge_rrset(e, in, &d, p))
					return;
				dp = p;
			}
			dname_secure = dp->status == DNSSEC_SECURE;
		}
		if (dnssec_rrset_init(&s, m, DNS_SEC_ANSWER, name, DNS_T_CNAME, in->source) == 0) {
			if (!judge_denial(e, in, name, in->qtype, m->rcode == DNS_RCODE_NXDOMAIN))
				return;
			break;
		}
		uint8_t target[DNS_MAX_NAME];
		struct dnssec_part_result *p = part_add(e, DNSSEC_PART_RRSET, name, DNS_T_CNAME);
		if (!p)
			break;
		if (!cname_target(&s, target)) {
			/* where the chain goes is unknown: it cannot be judged */
			part_fail(p, DNSSEC_R_MALFORMED, NULL, in->source);
			break;
		}
		uint8_t synth[DNS_MAX_NAME], dtarget[DNS_MAX_NAME];
		struct dnssec_rrset d;
		size_t di = 0;
		if (dname_secure && dnssec_rrsig_count(&s) == 0 &&
		    dnssec_rrset_init(&d, m, DNS_SEC_ANSWER, dname_owner, DNS_T_DNAME,
				      in->source) &&
		    dnssec_rrset_next(&d, &di)) {
			/* the unsigned CNAME a DNAME gives (Unbound: secure when
			 * the DNAME is and the target is what it derives) */
			uint16_t off;
			size_t nx, len;
			bool ok = dns_rr_target(m->pkt, m->len, &m->rr[di], &off) == DNS_OK &&
				  dns_name_unpack(m->pkt, m->len, off, m->len, &nx, dtarget,
						  &len) == DNS_OK &&
				  dname_synthesize(name, dname_owner, dtarget, synth) &&
				  dns_name_equal(synth, target);
			if (ok) {
				p->status = DNSSEC_SECURE;
				dnssec_why_set(&p->why, DNSSEC_R_NONE, NULL, name, DNS_T_CNAME);
			} else {
				part_fail(p, DNSSEC_R_DNAME_SYNTHESIS, dname_owner, in->source);
			}
		} else if (!judge_rrset(e, in, &s, p)) {
			return;
		}
		/* a loop (even a CNAME to itself) runs into the parts limit */
		memcpy(name, target, dns_name_len(target));
	}
	bool all_secure = out->part_count > 0;
	for (size_t k = 0; k < out->part_count; k++)
		all_secure = all_secure && out->parts[k].status == DNSSEC_SECURE;
	if (all_secure)
		check_authority(e);
	out->status = DNSSEC_SECURE;
	dnssec_why_set(&out->why, DNSSEC_R_NONE, NULL, in->qname, in->qtype);
	bool first = true;
	for (size_t k = 0; k < out->part_count; k++) {
		const struct dnssec_part_result *p = &out->parts[k];
		if (first || p->status > out->status) {
			out->status = worst(out->status, p->status);
			out->why = p->why;
			first = false;
		}
	}
	if (out->part_count == 0) {
		out->status = DNSSEC_INDETERMINATE;
		dnssec_why_set(&out->why, DNSSEC_R_MALFORMED, NULL, in->qname, in->qtype);
	}
}

void dnssec_validate(const struct dnssec_input *in, size_t n, const struct dnssec_anchors *ta,
		     uint64_t now, struct dnssec_result *out)
{
	memset(out, 0, sizeof *out);
	if (!dnssec_crypto_built()) {
		out->status = DNSSEC_INDETERMINATE;
		dnssec_why_set(&out->why, DNSSEC_R_NOT_BUILT, NULL, NULL, 0);
		return;
	}
	if (n == 0) {
		out->status = DNSSEC_INDETERMINATE;
		dnssec_why_set(&out->why, DNSSEC_R_MALFORMED, NULL, NULL, 0);
		return;
	}
	struct engine e = {.in = in, .n = n, .ta = ta, .now = (uint32_t)now, .out = out};
	run(&e);
	if (out->need) {
		/* a NEED leaves no half verdict behind */
		out->part_count = 0;
		out->status = DNSSEC_INDETERMINATE;
	}
}

#else /* !ACMEPROBE_DNSSEC: built without libcrypto */

void dnssec_validate(const struct dnssec_input *in, size_t n, const struct dnssec_anchors *ta,
		     uint64_t now, struct dnssec_result *out)
{
	(void)in;
	(void)n;
	(void)ta;
	(void)now;
	memset(out, 0, sizeof *out);
	out->status = DNSSEC_INDETERMINATE;
	dnssec_why_set(&out->why, DNSSEC_R_NOT_BUILT, NULL, NULL, 0);
}

#endif
