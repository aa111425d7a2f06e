/* libFuzzer target: the DNSSEC validator (dnssec_validate, src/dnssec/)
 * on messages, a trust anchor and a time, all from the input:
 *
 *   u32 now | u16 anchor_len | anchor text | (u16 len | message)...
 *
 * the first message is the answer judged, the others answer whatever
 * question they carry (DS, DNSKEY, anything). Seeds: the captured fixtures
 * of tests/fixtures/dnssec/ (scripts/fuzz-dnssec-seeds.py).
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - bounded work: verifications <= DNSSEC_MAX_VERIFY, NSEC3 hashes <=
 *    DNSSEC_MAX_NSEC3_HASHES, parts and cuts within their arrays;
 *  - DONE or NEED, never both; a NEED is a DS or DNSKEY question;
 *  - secure only when signatures really verified: at least one successful
 *    verification for every secure cut, every signed RRset part, every
 *    denial part (its NSEC or NSEC3) and every wildcard expansion (its
 *    proof), and no part or cut of a secure verdict is anything but
 *    secure (a DNAME-synthesized CNAME is the one part with no signature
 *    of its own). It catches an engine that says secure for a signature
 *    it did not verify (checked: with try_key() in rrsig.c answering
 *    "secure" for a failed verification, it aborts within seconds on the
 *    seed corpus); it cannot judge the logic of a denial proof over
 *    records that did verify, which the unit tests and the fixtures
 *    compared with Unbound do;
 *  - the verdict is the worst of the parts, and its reason has a name and
 *    a sentence;
 *  - the same inputs give the same verdict (a pure function). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "dns/types.h"
#include "dnssec/anchors.h"
#include "dnssec/chain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			abort();                                                                   \
	} while (0)

#define MAX_MSGS 48
#define MAX_RR	 1024

static struct dns_rr rrs[MAX_MSGS][MAX_RR];
static struct dns_msg msgs[MAX_MSGS];
static uint8_t qnames[MAX_MSGS][DNS_MAX_NAME];
static struct dnssec_input in[MAX_MSGS];
static struct dnssec_anchors ta;
static struct dnssec_result r1, r2;

static uint16_t u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 6)
		return 0;
	uint32_t now =
	    (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
	size_t alen = u16(data + 4), off = 6;
	if (alen > size - off)
		return 0;
	unsigned line;
	if (dnssec_anchors_parse((const char *)data + off, alen, &ta, &line) != DNSSEC_ANCHOR_OK)
		return 0;
	off += alen;
	size_t n = 0;
	while (n < MAX_MSGS && size - off >= 2) {
		size_t len = u16(data + off);
		off += 2;
		if (len > size - off)
			break;
		if (dns_msg_parse(&msgs[n], data + off, len, rrs[n], MAX_RR) == DNS_OK) {
			size_t next, wl;
			CHECK(dns_name_unpack(data + off, len, 12, len, &next, qnames[n], &wl) ==
			      DNS_OK);
			in[n] =
			    (struct dnssec_input){&msgs[n], qnames[n], msgs[n].qtype, (unsigned)n};
			n++;
		}
		off += len;
	}
	if (n == 0)
		return 0;

	dnssec_validate(in, n, &ta, now, &r1);
	const struct dnssec_budget *b = &r1.budget;
	CHECK(b->verifications <= DNSSEC_MAX_VERIFY);
	CHECK(b->verified_ok <= b->verifications);
	CHECK(b->hashes <= DNSSEC_MAX_NSEC3_HASHES);
	CHECK(r1.part_count <= DNSSEC_MAX_PARTS);
	CHECK(r1.chain_len <= DNSSEC_MAX_CUTS);
	CHECK(dnssec_reason_name(r1.why.code)[0] && dnssec_reason_text(r1.why.code)[0]);
	if (r1.need) {
		CHECK(r1.need_type == DNS_T_DS || r1.need_type == DNS_T_DNSKEY);
		CHECK(r1.part_count == 0);
	} else {
		enum dnssec_status worst = DNSSEC_SECURE;
		for (size_t i = 0; i < r1.part_count; i++)
			if (r1.parts[i].status > worst)
				worst = r1.parts[i].status;
		if (r1.part_count > 0)
			CHECK(r1.status == worst);
	}
	if (!r1.need && r1.status == DNSSEC_SECURE) {
		CHECK(r1.part_count > 0);
		CHECK(r1.why.code == DNSSEC_R_NONE);
		size_t signed_parts = 0;
		for (size_t i = 0; i < r1.part_count; i++) {
			const struct dnssec_part_result *p = &r1.parts[i];
			CHECK(p->status == DNSSEC_SECURE);
			signed_parts += p->has_key;
			/* a denial: its NSEC(3) verified; a wildcard: its proof */
			signed_parts += p->kind != DNSSEC_PART_RRSET || p->wildcard;
			/* an RRset part without a key of its own is a CNAME */
			CHECK(p->has_key || p->kind != DNSSEC_PART_RRSET || p->type == DNS_T_CNAME);
		}
		/* every secure RRset but a DNAME's CNAME had its own verified
		 * signature, and the chain's keys theirs */
		size_t secure_cuts = 0;
		for (size_t i = 0; i < r1.chain_len; i++)
			if (r1.chain[i].status == DNSSEC_SECURE) {
				CHECK(r1.chain[i].has_key);
				secure_cuts++;
			}
		CHECK(b->verified_ok >= signed_parts + secure_cuts);
		CHECK(secure_cuts >= 1);
	}

	/* pure: the same inputs, the same verdict */
	dnssec_validate(in, n, &ta, now, &r2);
	CHECK(r2.need == r1.need && r2.status == r1.status && r2.why.code == r1.why.code &&
	      r2.part_count == r1.part_count && r2.budget.verifications == b->verifications);
	return 0;
}
