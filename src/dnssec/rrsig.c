/* RRSIG checks and RRset verification (rrsig.h). The order of the checks
 * follows Unbound's (validator/val_sigcrypt.c dnskey_verify_rrset_sig):
 * key flags and protocol, signer, type, algorithm and tag, labels, then
 * the cryptography, and the dates last, so that an expired signature
 * that verifies says "expired" and one that does not says "bad". */
#include "dnssec/rrsig.h"

#include <string.h>

#include "dns/types.h"
#include "dnssec/crypto.h"
#include "dnssec/keytag.h"

/* R-DNSSEC-7 */
enum dnssec_reason dnssec_check_dates(uint32_t inception, uint32_t expiration, uint32_t now)
{
	if (dnssec_serial_compare(inception, expiration) > 0)
		return DNSSEC_R_SIG_WINDOW;
	uint32_t skew = (expiration - inception) / 10;
	if (skew < DNSSEC_SKEW_MIN)
		skew = DNSSEC_SKEW_MIN;
	if (skew > DNSSEC_SKEW_MAX)
		skew = DNSSEC_SKEW_MAX;
	if (dnssec_serial_compare(inception, now) > 0 && inception - now > skew)
		return DNSSEC_R_SIG_NOT_YET_VALID;
	if (dnssec_serial_compare(now, expiration) > 0 && now - expiration > skew)
		return DNSSEC_R_SIG_EXPIRED;
	return DNSSEC_R_NONE;
}

/* R-DNSSEC-3: Zone Key bit 7 and Protocol 3 (RFC 4034 s2.1.1, s2.1.2);
 * the SEP bit means nothing to a validator. */
enum dnssec_reason dnssec_key_usable(const struct dns_dnskey *key, bool self_signature)
{
	if (!(key->flags & DNSSEC_KEY_ZONE))
		return DNSSEC_R_NOT_ZONE_KEY;
	if ((key->flags & DNSSEC_KEY_REVOKE) && !self_signature)
		return DNSSEC_R_KEY_REVOKED;
	if (key->protocol != 3)
		return DNSSEC_R_KEY_PROTOCOL;
	return DNSSEC_R_NONE;
}

/* How telling a failure is, to report the best one when every RRSIG
 * fails: a signature that verified but is out of date says the most. */
static int weight(enum dnssec_reason r)
{
	switch (r) {
	case DNSSEC_R_SIG_EXPIRED:
	case DNSSEC_R_SIG_NOT_YET_VALID:
	case DNSSEC_R_SIG_WINDOW:
		return 6;
	case DNSSEC_R_BAD_SIGNATURE:
		return 5;
	case DNSSEC_R_BAD_KEY:
	case DNSSEC_R_NOT_ZONE_KEY:
	case DNSSEC_R_KEY_PROTOCOL:
	case DNSSEC_R_KEY_REVOKED:
		return 4;
	case DNSSEC_R_WRONG_SIGNER:
	case DNSSEC_R_LABELS:
		return 3;
	case DNSSEC_R_NO_MATCHING_KEY:
		return 2;
	case DNSSEC_R_NONE:
		return 0;
	default:
		return 1;
	}
}

struct attempt {
	const struct dnssec_rrset *s;
	const uint8_t *zone;
	struct dnssec_why *why;
	int best;
};

static void note(struct attempt *a, enum dnssec_reason r, const struct dns_rrsig *sig)
{
	if (weight(r) <= a->best)
		return;
	a->best = weight(r);
	dnssec_why_set(a->why, r, a->zone, a->s->owner, a->s->type);
	a->why->has_source = true;
	a->why->source = a->s->source;
	if (sig) {
		a->why->has_key = true;
		a->why->key_tag = sig->key_tag;
		a->why->algorithm = sig->algorithm;
		a->why->has_dates = true;
		a->why->inception = sig->inception;
		a->why->expiration = sig->expiration;
	}
}

/* The signed data of one RRSIG: its RDATA without the signature, the
 * signer in canonical form (RFC 4034 s3.1.8.1), then the RRset. */
static enum dnssec_reason signed_data(struct dnssec_verifier *v, const struct dnssec_rrset *s,
				      const struct dns_rr *sig_rr, const struct dns_rrsig *sig,
				      const uint8_t *signer, const uint8_t *owner)
{
	if (!dnssec_verifier_begin(v, sig->algorithm))
		return DNSSEC_R_NOT_BUILT;
	dnssec_verifier_write(v, s->msg->pkt + sig_rr->rdata, 18);
	dnssec_verifier_write(v, signer, dns_name_len(signer));
	struct dnssec_sink sink = {dnssec_verifier_write, v};
	enum dnssec_reason r = dnssec_canon_rrset(s, owner, sig->original_ttl, &sink);
	if (r == DNSSEC_R_NONE && !dnssec_verifier_finish(v))
		r = DNSSEC_R_MALFORMED;
	return r;
}

/* How one try of one key on one signature ended. */
enum attempt_end {
	ATTEMPT_SECURE,	  /* it verified, and the dates are good */
	ATTEMPT_NEXT_KEY, /* this key failed: try the next with the tag */
	ATTEMPT_NEXT_SIG, /* no key can make this signature good */
	ATTEMPT_LIMIT,	  /* a budget limit: indeterminate (why set) */
};

/* R-DNSSEC-3, R-DNSSEC-7: the key's flags, then the signature, then the
 * dates. *data_ready: the signed data is in v (written at the first try
 * of this signature). */
static enum attempt_end try_key(struct attempt *a, struct dnssec_verifier *v, bool *data_ready,
				const struct dns_rr *sig_rr, const struct dns_rrsig *sig,
				const uint8_t *signer, const uint8_t *owner,
				const struct dns_dnskey *key, bool self, uint32_t now,
				struct dnssec_budget *budget)
{
	const struct dnssec_rrset *s = a->s;
	enum dnssec_reason kr = dnssec_key_usable(key, self);
	if (kr != DNSSEC_R_NONE) {
		note(a, kr, sig);
		return ATTEMPT_NEXT_KEY;
	}
	if (budget->verifications >= DNSSEC_MAX_VERIFY) {
		dnssec_why_set(a->why, DNSSEC_R_LIMIT, a->zone, s->owner, s->type);
		a->why->limit = budget->hit = DNSSEC_LIMIT_VERIFY;
		return ATTEMPT_LIMIT;
	}
	if (!*data_ready) {
		enum dnssec_reason dr = signed_data(v, s, sig_rr, sig, signer, owner);
		*data_ready = true;
		if (dr == DNSSEC_R_LIMIT) {
			dnssec_why_set(a->why, DNSSEC_R_LIMIT, a->zone, s->owner, s->type);
			a->why->limit = budget->hit = DNSSEC_LIMIT_RRSET_RRS;
			return ATTEMPT_LIMIT;
		}
		if (dr != DNSSEC_R_NONE) {
			note(a, dr, sig);
			return ATTEMPT_NEXT_SIG;
		}
	}
	budget->verifications++;
	enum dnssec_crypto_result cr =
	    dnssec_verifier_check(v, key->key, key->key_len, sig->signature, sig->signature_len);
	if (cr == DNSSEC_CRYPTO_BAD_KEY) {
		note(a, DNSSEC_R_BAD_KEY, sig);
		return ATTEMPT_NEXT_KEY;
	}
	if (cr != DNSSEC_CRYPTO_OK) {
		note(a, DNSSEC_R_BAD_SIGNATURE, sig);
		return ATTEMPT_NEXT_KEY;
	}
	budget->verified_ok++;
	/* R-DNSSEC-7: the dates, once the signature verifies; another key
	 * cannot change them */
	enum dnssec_reason dates = dnssec_check_dates(sig->inception, sig->expiration, now);
	if (dates != DNSSEC_R_NONE) {
		note(a, dates, sig);
		return ATTEMPT_NEXT_SIG;
	}
	return ATTEMPT_SECURE;
}

enum dnssec_status dnssec_verify_rrset(const struct dnssec_rrset *s,
				       const struct dnssec_rrset *keys, const uint8_t *zone,
				       uint32_t now, dnssec_key_filter filter, void *filter_ctx,
				       struct dnssec_budget *budget, struct dnssec_sig_used *used,
				       struct dnssec_why *why)
{
	const struct dns_msg *m = s->msg;
	struct attempt a = {.s = s, .zone = zone, .why = why, .best = 0};
	/* R-DNSSEC-8: none in a signed zone is bogus (EDE 10) */
	if (dnssec_rrsig_count(s) == 0) {
		note(&a, DNSSEC_R_NO_RRSIG, NULL);
		return DNSSEC_BOGUS;
	}
	if (dnssec_rrset_count(s) > DNSSEC_MAX_RRSET_RRS) {
		dnssec_why_set(why, DNSSEC_R_LIMIT, zone, s->owner, s->type);
		why->limit = budget->hit = DNSSEC_LIMIT_RRSET_RRS;
		return DNSSEC_INDETERMINATE;
	}
	/* the signer is the zone, and the zone must hold the owner
	 * (Unbound: "signer name off-tree") */
	if (!dns_name_at_or_below(s->owner, zone)) {
		note(&a, DNSSEC_R_WRONG_SIGNER, NULL);
		return DNSSEC_BOGUS;
	}
	unsigned owner_labels = dnssec_name_sig_labels(s->owner);
	unsigned attempts = 0;
	bool self = s->type == DNS_T_DNSKEY && dns_name_equal(s->owner, keys->owner);

	for (size_t i = 0; dnssec_rrsig_next(s, &i); i++) {
		const struct dns_rr *sig_rr = &m->rr[i];
		struct dns_rrsig sig;
		uint8_t signer[DNS_MAX_NAME];
		size_t next, signer_len;
		if (dns_rr_rrsig(m->pkt, m->len, sig_rr, &sig) != DNS_OK ||
		    dns_name_unpack(m->pkt, m->len, sig.signer,
				    (size_t)sig_rr->rdata + sig_rr->rdlen, &next, signer,
				    &signer_len) != DNS_OK) {
			note(&a, DNSSEC_R_MALFORMED, NULL);
			continue;
		}
		dnssec_name_lower(signer);
		/* R-DNSSEC-8: Signer's Name is the zone (RFC 4035 s5.3.1) */
		if (!dns_name_equal(signer, zone)) {
			note(&a, DNSSEC_R_WRONG_SIGNER, &sig);
			continue;
		}
		/* R-DNSSEC-8: Labels <= the owner's (root and a leading "*"
		 * not counted) and >= the signer's */
		if (sig.labels > owner_labels || sig.labels < dns_name_labels(signer)) {
			note(&a, DNSSEC_R_LABELS, &sig);
			continue;
		}
		if (!dnssec_algorithm_supported(sig.algorithm)) {
			note(&a, DNSSEC_R_NO_MATCHING_KEY, &sig);
			continue;
		}
		/* the owner as signed: lower case (RFC 4034 s6.2 item 2) and,
		 * with fewer labels, the wildcard it was expanded from
		 * (RFC 4035 s5.3.2) */
		uint8_t owner[DNS_MAX_NAME];
		bool wildcard = sig.labels < owner_labels;
		if (wildcard) {
			if (!dnssec_name_wildcard_of(dnssec_name_suffix(s->owner, sig.labels),
						     owner)) {
				note(&a, DNSSEC_R_LABELS, &sig);
				continue;
			}
		} else {
			memcpy(owner, s->owner, dns_name_len(s->owner));
		}
		dnssec_name_lower(owner);

		struct dnssec_verifier v;
		bool data_ready = false, matched = false;
		for (size_t k = 0; dnssec_rrset_next(keys, &k); k++) {
			const struct dns_rr *key_rr = &keys->msg->rr[k];
			struct dns_dnskey key;
			const uint8_t *kd = keys->msg->pkt + key_rr->rdata;
			if (key_rr->rdlen < 4 ||
			    dns_rr_dnskey(keys->msg->pkt, keys->msg->len, key_rr, &key) != DNS_OK)
				continue;
			if (key.algorithm != sig.algorithm ||
			    dnssec_key_tag(kd, key_rr->rdlen) != sig.key_tag)
				continue;
			if (filter && !filter(filter_ctx, keys->msg, key_rr))
				continue;
			matched = true;
			/* KeyTrap: every key tried for every signature counts,
			 * a key refused for its flags too */
			attempts++;
			enum attempt_end end = try_key(&a, &v, &data_ready, sig_rr, &sig, signer,
						       owner, &key, self, now, budget);
			if (end == ATTEMPT_SECURE) {
				dnssec_verifier_end(&v);
				if (used) {
					used->key_tag = sig.key_tag;
					used->algorithm = sig.algorithm;
					used->labels = sig.labels;
					used->inception = sig.inception;
					used->expiration = sig.expiration;
					used->wildcard = wildcard;
					memcpy(used->source, owner, dns_name_len(owner));
				}
				return DNSSEC_SECURE;
			}
			if (end == ATTEMPT_LIMIT) {
				if (data_ready)
					dnssec_verifier_end(&v);
				return DNSSEC_INDETERMINATE;
			}
			/* Unbound (val_sigcrypt.c dnskeyset_verify_rrset_sig):
			 * the count goes up before each verification, so the
			 * one that makes it MAX + 1 is still done; only a
			 * failure past the limit makes the RRset bogus */
			if (attempts > DNSSEC_MAX_VERIFY_PER_RRSET) {
				if (data_ready)
					dnssec_verifier_end(&v);
				a.best = 0;
				note(&a, DNSSEC_R_TOO_MANY_VERIFICATIONS, &sig);
				return DNSSEC_BOGUS;
			}
			if (end == ATTEMPT_NEXT_SIG)
				break;
		}
		if (data_ready)
			dnssec_verifier_end(&v);
		if (!matched)
			note(&a, DNSSEC_R_NO_MATCHING_KEY, &sig);
	}
	return DNSSEC_BOGUS;
}
