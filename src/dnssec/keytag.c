/* Key tags and DS digests (keytag.h). */
#include "dnssec/keytag.h"

#include <string.h>

#include "dns/wire.h"
#include "dnssec/crypto.h"

uint16_t dnssec_key_tag(const uint8_t *rdata, size_t rdata_len)
{
	/* App. B.1: RSA/MD5 keys (RFC 3110 layout after the 4 octets of
	 * flags, protocol and algorithm) end with the modulus */
	if (rdata[3] == 1) {
		if (rdata_len < 4 + 3)
			return 0;
		return (uint16_t)(rdata[rdata_len - 3] << 8 | rdata[rdata_len - 2]);
	}
	/* App. B: octets summed as 16-bit big-endian words, the carry added
	 * back once */
	uint32_t ac = 0;
	for (size_t i = 0; i < rdata_len; i++)
		ac += (i & 1) ? rdata[i] : (uint32_t)rdata[i] << 8;
	ac += (ac >> 16) & 0xFFFF;
	return (uint16_t)(ac & 0xFFFF);
}

enum dnssec_ds_match dnssec_ds_matches(uint8_t digest_type, const uint8_t *digest,
				       size_t digest_len, const uint8_t *owner,
				       const uint8_t *dnskey_rdata, size_t dnskey_len)
{
	size_t want = dnssec_digest_len(digest_type);
	if (want == 0)
		return DNSSEC_DS_UNSUPPORTED;
	if (digest_len != want)
		return DNSSEC_DS_NO_MATCH;
	uint8_t out[64];
	size_t out_len;
	if (!dnssec_digest(digest_type, owner, dns_name_len(owner), dnskey_rdata, dnskey_len, out,
			   &out_len))
		return DNSSEC_DS_ERROR;
	return out_len == want && memcmp(out, digest, want) == 0 ? DNSSEC_DS_MATCH
								 : DNSSEC_DS_NO_MATCH;
}
