/* The bug-class corpus (fuzz/README.md): every crafted file that
 * scripts/fuzz-bugclass-corpus.py writes to fuzz/corpus/ is read here, at
 * test time, and the exact verdict acmeprobe gives on that very file is
 * asserted: the dns_err of dns_msg_parse, what an accepted message
 * decodes to, or the dns_response_match verdict. A corpus file without a
 * row here fails `every_bugclass_file_has_a_verdict`.
 *
 * Fixed fuzzer findings get their own Test() at the end of this file
 * (with the finding's input kept under fuzz/corpus/<target>/). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acme/cert.h"
#include "caa/rdata.h"
#include "check/referral.h"
#include "dns/msg.h"
#include "dns/resolvconf.h"
#include "dns/response.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "dnssec/anchors.h"
#include "helpers.h"
#include "net/addr.h"

#define CORPUS "fuzz/corpus"
#define RRCAP 256
#define ASKED_ID 0x1234

/* ---- reading corpus files -------------------------------------------- */

struct cfile {
	uint8_t *p; /* an exact-size heap copy, for ASan */
	size_t n;
};

static void cfile_free(struct cfile *f)
{
	free(f->p);
	f->p = NULL;
}

#define CFILE(f) struct cfile f __attribute__((cleanup(cfile_free))) = {NULL, 0}

static void cfile_read(struct cfile *f, const char *target, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s/%s", CORPUS, target, name);
	FILE *fp = fopen(path, "rb");
	cr_assert_not_null(fp, "cannot open %s (run scripts/fuzz-bugclass-corpus.py)", path);
	static uint8_t buf[65536 + 2 + 1];
	f->n = fread(buf, 1, sizeof buf, fp);
	cr_assert_not(ferror(fp), "%s: read error", path);
	fclose(fp);
	cr_assert_leq(f->n, 65535 + 2, "%s: too long for a DNS message", path);
	f->p = malloc(f->n ? f->n : 1);
	cr_assert_not_null(f->p);
	if (f->n)
		memcpy(f->p, buf, f->n);
}

/* A fuzz_msg corpus message, parsed. */
struct pmsg {
	struct cfile f;
	struct dns_msg m;
	struct dns_rr rr[RRCAP];
	enum dns_err e;
};

static void pmsg_free(struct pmsg *p)
{
	cfile_free(&p->f);
}

#define PMSG(p) struct pmsg p __attribute__((cleanup(pmsg_free))) = {.f = {NULL, 0}}

static void pmsg_load(struct pmsg *p, const char *file)
{
	char name[256];
	snprintf(name, sizeof name, "%s.bin", file);
	cfile_read(&p->f, "fuzz_msg", name);
	p->e = dns_msg_parse(&p->m, p->f.p, p->f.n, p->rr, RRCAP);
}

static void pmsg_ok(struct pmsg *p, const char *file)
{
	pmsg_load(p, file);
	cr_assert_eq(p->e, DNS_OK, "%s.bin: got %s at offset %zu, want DNS_OK", file,
		     dns_errname(p->e), p->m.err_off);
}

/* The uncompressed name at off in the message. */
static void name_at(const struct pmsg *p, size_t off, uint8_t out[DNS_MAX_NAME])
{
	size_t next, wl;
	assert_err(dns_name_unpack(p->m.pkt, p->m.len, off, p->m.len, &next, out, &wl),
		   DNS_OK);
}

static void assert_name_text(const uint8_t *wire, const char *want)
{
	char text[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	dns_text_init(&t, text, sizeof text);
	dns_text_name(&t, wire);
	cr_assert_not(t.overflow);
	cr_assert_str_eq(text, want);
}

/* ---- the verdict table ------------------------------------------------ */

/* One row per message file of the generator; `want` is the dns_err that
 * dns_msg_parse returns for it (accepted files: DNS_OK, with what they
 * decode to checked in their class's Test()). */
struct row {
	int section;
	const char *file;
	enum dns_err want;
};

static const struct row rows[] = {
	/* 1. compression pointers */
	{1, "ptr-self-loop", DNS_E_PTR_FORWARD},
	{1, "ptr-self-loop-owner", DNS_E_PTR_FORWARD},
	{1, "ptr-label-then-own-start", DNS_E_PTR_FORWARD},
	{1, "ptr-label-then-own-start-question", DNS_E_PTR_FORWARD},
	{1, "ptr-2-cycle", DNS_E_PTR_FORWARD},
	{1, "ptr-forward", DNS_E_PTR_FORWARD},
	{1, "ptr-past-end", DNS_E_PTR_PAST_END},
	{1, "ptr-equals-length", DNS_E_PTR_PAST_END},
	{1, "ptr-into-header-04", DNS_E_PTR_HEADER},
	{1, "ptr-into-header-07", DNS_E_PTR_HEADER},
	{1, "ptr-cut-question", DNS_E_TRUNC_QUESTION},
	{1, "ptr-cut-owner", DNS_E_RR_TRUNC},
	{1, "ptr-cut-rdata", DNS_E_RDATA_NAME},
	{1, "ptr-wrong-bit-0x40", DNS_E_LABEL_TYPE},
	{1, "ptr-wrong-bit-0x80", DNS_E_LABEL_TYPE},
	{1, "ptr-14-bit-offset-285", DNS_OK},
	{1, "ptr-to-ptr", DNS_OK},
	{1, "ptr-chain-70", DNS_OK},
	{1, "ptr-into-label-data", DNS_OK},
	{1, "ptr-onto-root-octet", DNS_OK},
	/* 2. label and name length */
	{2, "label-0x40", DNS_E_LABEL_TYPE},
	{2, "label-0x41", DNS_E_LABEL_TYPE},
	{2, "label-0x7f", DNS_E_LABEL_TYPE},
	{2, "label-0x80", DNS_E_LABEL_TYPE},
	{2, "label-0xbf", DNS_E_LABEL_TYPE},
	{2, "name-256", DNS_E_NAME_TOO_LONG},
	{2, "name-256-after-decompression", DNS_E_NAME_TOO_LONG},
	{2, "name-255-label-63", DNS_OK},
	/* 3. name termination and RDATA bounds */
	{3, "name-unterminated-question", DNS_E_TRUNC_QUESTION},
	{3, "name-unterminated-owner", DNS_E_RR_TRUNC},
	{3, "cve-2020-11901-rdata-name-overrun", DNS_E_RDATA_NAME},
	{3, "rdata-name-pointer-straddles-rdlength", DNS_E_RDATA_NAME},
	{3, "rdata-longer-than-name", DNS_E_RDATA_LEN},
	{3, "rdlength-past-end", DNS_E_RDLEN},
	{3, "rdlength-0x8000", DNS_E_RDLEN},
	{3, "rdlength-0xffff", DNS_E_RDLEN},
	{3, "a-rdlen-3", DNS_E_RDATA_LEN},
	{3, "a-rdlen-5", DNS_E_RDATA_LEN},
	{3, "a-rdlen-0", DNS_E_RDATA_LEN},
	{3, "aaaa-rdlen-15", DNS_E_RDATA_LEN},
	{3, "aaaa-rdlen-17", DNS_E_RDATA_LEN},
	{3, "mx-rdlen-1", DNS_E_RDATA_LEN},
	{3, "soa-missing-8", DNS_E_RDATA_LEN},
	{3, "txt-string-past-rdata", DNS_E_TXT_LEN},
	{3, "txt-empty", DNS_OK},
	/* 4. counts and header */
	{4, "counts-ancount-5-with-2", DNS_E_COUNT},
	{4, "counts-arcount-3-none", DNS_E_COUNT},
	{4, "counts-65535", DNS_E_QDCOUNT},
	{4, "counts-65535-but-qdcount", DNS_E_COUNT},
	{4, "counts-beyond-data-after-precheck", DNS_E_COUNT},
	{4, "qdcount-0", DNS_E_QDCOUNT},
	{4, "qdcount-2", DNS_E_QDCOUNT},
	{4, "empty", DNS_E_TRUNC_HEADER},
	{4, "short-5", DNS_E_TRUNC_HEADER},
	{4, "short-11", DNS_E_TRUNC_HEADER},
	{4, "short-12", DNS_E_TRUNC_QUESTION},
	{4, "short-name-cut", DNS_E_TRUNC_QUESTION},
	{4, "short-qtype-cut", DNS_E_TRUNC_QUESTION},
	{4, "trailing-7-octets", DNS_E_TRAILING},
	{4, "trailing-uncounted-rr", DNS_E_TRAILING},
	{4, "fixed-capacity-64-a", DNS_OK},
	{4, "wrong-type-a-in-aaaa-reply", DNS_OK},
	/* 5. transport and size */
	{5, "cve-2015-7547-oversized-2-9k", DNS_OK},
	{5, "cve-2015-7547-cut-at-2048", DNS_E_RR_TRUNC},
	{5, "tc-then-tcp-udp-part", DNS_OK},
	{5, "tcp-length-prefix-kept", DNS_E_QDCOUNT},
	/* 6. matching: all parse; dns_response_match decides */
	{6, "dnspooq-other-name-same-id", DNS_OK},
	{6, "dnspooq-other-type-same-id", DNS_OK},
	{6, "dnspooq-other-class-same-id", DNS_OK},
	{6, "dnspooq-one-label-example-com", DNS_OK},
	{6, "dnspooq-0x20-case", DNS_OK},
	{6, "dnspooq-other-id", DNS_OK},
	{6, "dnspooq-qr-0", DNS_OK},
	{6, "dnspooq-opcode-notify", DNS_OK},
	/* 7 and 10. DNSSEC paths, text output */
	{7, "nsec-bitmap-pseudo-types", DNS_OK},
	{7, "nsec-bitmap-window-len-0", DNS_E_NSEC_BITMAP},
	{7, "nsec-bitmap-trailing-octet", DNS_E_NSEC_BITMAP},
	{7, "nsec3-empty-hash", DNS_E_RDATA_LEN},
	{10, "name-label-with-dot-nul-backslash", DNS_OK},
	/* 8. EDNS */
	{8, "opt-in-answer", DNS_E_OPT_SECTION},
	{8, "opt-in-authority", DNS_E_OPT_SECTION},
	{8, "opt-twice", DNS_E_OPT_DUP},
	{8, "opt-owner-not-root", DNS_E_OPT_OWNER},
	{8, "opt-option-past-rdata", DNS_E_OPT_OPTION},
	{8, "opt-option-into-next-rr", DNS_E_OPT_OPTION},
	{8, "opt-badvers", DNS_OK},
	{8, "ede-3-stale-answer", DNS_OK},
	{8, "ede-6-servfail", DNS_OK},
	{8, "ede-1-octet", DNS_OK},
	{8, "ede-nul-ff-text", DNS_OK},
	{8, "ede-esc-bel-text", DNS_OK},
	/* 9. CAA RDATA */
	{9, "caa-rdlength-0", DNS_E_CAA_SHORT},
	{9, "caa-rdlength-1", DNS_E_CAA_SHORT},
	{9, "caa-tag-past-rdata", DNS_E_CAA_TAG_PAST},
	{9, "caa-tag-past-message", DNS_E_CAA_TAG_PAST},
	{9, "caa-tag-len-0", DNS_E_CAA_TAG_LEN0},
	{9, "caa-tag-iss-ue", DNS_OK},
	{9, "caa-tag-issue-nul", DNS_OK},
	{9, "caa-tag-255", DNS_OK},
	{9, "caa-tag-15", DNS_OK},
	{9, "caa-empty-value", DNS_OK},
	{9, "caa-flags-127", DNS_OK},
	{9, "caa-flags-128", DNS_OK},
	{9, "caa-tag-upper-case", DNS_OK},
	{9, "caa-value-specials", DNS_OK},
	{9, "caa-3-records", DNS_OK},
	{9, "caa-behind-cname", DNS_OK},
	/* 11. CNAME chains: all parse; dns_chain_follow decides */
	{11, "cname-chain-9-too-long", DNS_OK},
	{11, "cname-2-cycle", DNS_OK},
	{11, "cname-to-nodata-with-soa", DNS_OK},
	{11, "cname-cut-short-no-soa", DNS_OK},
	{11, "referral-glue-in-and-out-of-bailiwick", DNS_OK},
	{11, "referral-authoritative-is-not", DNS_OK},
	/* 12. printer shapes */
	{12, "print-nsec3param-salt", DNS_OK},
	{12, "print-nsec3param-bad-length", DNS_OK},
	{12, "print-nsec3-hash-7", DNS_OK},
	{12, "print-a-class-ch", DNS_OK},
	{12, "print-opt-option-header-cut", DNS_E_OPT_OPTION},
};

#define NROWS (sizeof rows / sizeof rows[0])

/* Asserts the parser's verdict on every file of one section. */
static void check_section(int section)
{
	size_t seen = 0;
	for (size_t i = 0; i < NROWS; i++) {
		if (rows[i].section != section)
			continue;
		PMSG(p);
		pmsg_load(&p, rows[i].file);
		cr_expect_eq(p.e, rows[i].want, "%s.bin: got %s (offset %zu), want %s",
			     rows[i].file, dns_errname(p.e), p.m.err_off,
			     dns_errname(rows[i].want));
		seen++;
	}
	cr_assert_gt(seen, 0);
}

static const uint8_t EXAMPLE_COM[] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};

static void assert_target(const struct pmsg *p, size_t i, const uint8_t *want)
{
	uint16_t at;
	assert_err(dns_rr_target(p->m.pkt, p->m.len, &p->rr[i], &at), DNS_OK);
	uint8_t got[DNS_MAX_NAME];
	name_at(p, at, got);
	cr_assert(dns_name_equal(got, want));
	assert_bytes(got, dns_name_len(got), want, dns_name_len(want));
}

/* ===================================================================== */

/* Section 1: NAME:WRECK loops, forward pointers, pointers into the header
 * or past the end are refused; the legal shapes decode to the right name. */
Test(bugclass, compression_pointers)
{
	check_section(1);
	{ /* the 14-bit offset 285 (0x11d), not its low 8 bits (29) */
		PMSG(p);
		pmsg_ok(&p, "ptr-14-bit-offset-285");
		cr_assert_eq(p.m.rr_count, 3);
		cr_assert_eq(p.rr[2].type, DNS_T_CNAME);
		assert_target(&p, 2, (const uint8_t *)"\6target\7example\3com");
	}
	{ /* pointer to a pointer */
		PMSG(p);
		pmsg_ok(&p, "ptr-to-ptr");
		uint8_t n[DNS_MAX_NAME];
		name_at(&p, p.rr[1].owner, n);
		assert_bytes(n, dns_name_len(n), EXAMPLE_COM, sizeof EXAMPLE_COM);
		cr_assert_eq(p.rr[1].owner, 45);
		cr_assert_eq(p.m.pkt[45], 0xc0);
		cr_assert_eq(p.m.pkt[46], 29);
	}
	{ /* 71 backward jumps: no hop counter needed, none refused */
		PMSG(p);
		pmsg_ok(&p, "ptr-chain-70");
		assert_target(&p, 1, EXAMPLE_COM);
	}
	{ /* a pointer into label data reads what is there */
		PMSG(p);
		pmsg_ok(&p, "ptr-into-label-data");
		uint8_t n[DNS_MAX_NAME];
		name_at(&p, p.rr[0].owner, n);
		assert_bytes(n, dns_name_len(n), "\1b", 3);
	}
	{ /* nginx CVE-2021-23017's shape: 'abc' + pointer to a root octet */
		PMSG(p);
		pmsg_ok(&p, "ptr-onto-root-octet");
		assert_target(&p, 0, (const uint8_t *)"\3abc");
	}
}

/* Section 2: label types 0x40..0xBF and names over 255 octets (also only
 * after decompression) are refused; 255 exactly is a name. */
Test(bugclass, label_and_name_length)
{
	check_section(2);
	PMSG(p);
	pmsg_ok(&p, "name-255-label-63");
	cr_assert_eq(p.m.qname_len, 255);
	uint8_t n[DNS_MAX_NAME];
	name_at(&p, p.rr[0].owner, n);
	cr_assert_eq(dns_name_len(n), 255);
	cr_assert_eq(dns_name_labels(n), 4);
}

/* Section 3: names inside RDATA are bounded by the RDATA (Treck
 * CVE-2020-11901), RDLENGTH by the message, fixed-size types by their
 * size, TXT strings by the RDATA. */
Test(bugclass, termination_and_rdata_bounds)
{
	check_section(3);
	PMSG(p);
	pmsg_load(&p, "cve-2020-11901-rdata-name-overrun");
	cr_assert_eq(p.m.err_off, 41, "the CNAME's RDATA is at fault");
	PMSG(e);
	pmsg_ok(&e, "txt-empty");
	struct dns_strings it;
	assert_err(dns_rr_txt(e.m.pkt, e.m.len, &e.rr[0], &it), DNS_OK);
	const uint8_t *s;
	size_t n;
	cr_assert_not(dns_txt_next(&it, &s, &n));
}

/* Section 4: counts are checked against the data, the index has a fixed
 * capacity that is said, wrong-type answers are not the final RRset. */
Test(bugclass, counts_and_header)
{
	check_section(4);
	{
		CFILE(f);
		cfile_read(&f, "fuzz_msg", "fixed-capacity-64-a.bin");
		struct dns_msg m;
		struct dns_rr rr[64];
		assert_err(dns_msg_parse(&m, f.p, f.n, rr, 63), DNS_E_TOO_MANY_RRS);
		assert_err(dns_msg_parse(&m, f.p, f.n, rr, 64), DNS_OK);
		cr_assert_eq(m.rr_count, 64);
	}
	{
		PMSG(p);
		pmsg_ok(&p, "wrong-type-a-in-aaaa-reply");
		cr_assert_eq(p.m.qtype, DNS_T_AAAA);
		static struct dns_chain c;
		dns_chain_start(&c, EXAMPLE_COM);
		size_t final = 99;
		cr_assert_eq(dns_chain_follow(&c, &p.m, DNS_T_AAAA, &final), DNS_CHAIN_DONE);
		cr_assert_eq(final, 0, "A records are not AAAA answers");
	}
}

/* Section 5: an answer over 2048 octets parses whole, and the same answer
 * cut where a 2048-octet buffer would cut it is refused. */
Test(bugclass, oversized_answers)
{
	check_section(5);
	PMSG(p);
	pmsg_ok(&p, "cve-2015-7547-oversized-2-9k");
	cr_assert_gt(p.f.n, 2048);
	cr_assert_eq(p.m.rr_count, 101);
	size_t first;
	cr_assert_eq(dns_msg_section(&p.m, DNS_SEC_ANSWER, &first), 100);
	uint8_t a6[16];
	assert_err(dns_rr_aaaa(p.m.pkt, p.m.len, &p.rr[99], a6), DNS_OK);
	cr_assert_eq(a6[15], 99);
	cr_assert(p.m.edns.present);
	cr_assert_eq(p.m.edns.udp_size, 4096);

	PMSG(c);
	pmsg_load(&c, "cve-2015-7547-cut-at-2048");
	cr_assert_eq(c.f.n, 2048);

	PMSG(tc);
	pmsg_ok(&tc, "tc-then-tcp-udp-part");
	cr_assert(tc.m.flags & DNS_FLAG_TC);
	cr_assert_eq(tc.m.counts[1], 0);
}

/* Section 6: a reply with our ID is still not an answer unless QR,
 * OPCODE and the question (name by labels, type, class) match. */
Test(bugclass, matching_dnspooq)
{
	check_section(6);
	static const struct {
		const char *file;
		enum dns_match want;
	} m[] = {
		{"dnspooq-other-name-same-id", DNS_MATCH_QUESTION},
		{"dnspooq-other-type-same-id", DNS_MATCH_QUESTION},
		{"dnspooq-other-class-same-id", DNS_MATCH_QUESTION},
		{"dnspooq-one-label-example-com", DNS_MATCH_QUESTION},
		{"dnspooq-0x20-case", DNS_MATCH_OK},
		{"dnspooq-other-id", DNS_MATCH_ID},
		{"dnspooq-qr-0", DNS_MATCH_NOT_RESPONSE},
		{"dnspooq-opcode-notify", DNS_MATCH_OPCODE},
	};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		PMSG(p);
		pmsg_ok(&p, m[i].file);
		enum dns_match got = dns_response_match(&p.m, ASKED_ID, EXAMPLE_COM, DNS_T_CAA);
		cr_expect_eq(got, m[i].want, "%s.bin: match %d, want %d", m[i].file, got,
			     m[i].want);
	}
	/* the one-label name prints as example\.com., never as example.com. */
	PMSG(p);
	pmsg_ok(&p, "dnspooq-one-label-example-com");
	uint8_t n[DNS_MAX_NAME];
	name_at(&p, p.m.qname, n);
	assert_name_text(n, "example\\.com.");
}

/* Section 7 (NSEC bitmaps) and 10 (names printed escaped). */
Test(bugclass, dnssec_and_text)
{
	check_section(7);
	check_section(10);
	PMSG(p);
	pmsg_ok(&p, "nsec-bitmap-pseudo-types");
	struct dns_nsec nsec;
	assert_err(dns_rr_nsec(p.m.pkt, p.m.len, &p.rr[0], &nsec), DNS_OK);
	static const uint16_t want[] = {1, 2, 41, 46, 47, 250, 255, 257};
	struct dns_bitmap_iter it;
	uint16_t t;
	size_t k = 0;
	dns_bitmap_begin(&it, nsec.bitmap, nsec.bitmap_len);
	while (dns_bitmap_next(&it, &t)) {
		cr_assert_lt(k, 8);
		cr_assert_eq(t, want[k], "type %zu: %u", k, t);
		k++;
	}
	cr_assert_eq(k, 8);

	PMSG(q);
	pmsg_ok(&q, "name-label-with-dot-nul-backslash");
	uint8_t n[DNS_MAX_NAME];
	name_at(&q, q.rr[0].owner, n);
	assert_name_text(n, "a\\.b\\\\\\000\\027\\010.example.com.");
}

static bool find_ede(const struct dns_msg *m, struct dns_opt_option *o)
{
	struct dns_opt_iter it;
	dns_opt_begin(&it, m);
	while (dns_opt_next(&it, o))
		if (o->code == DNS_OPT_EDE)
			return true;
	return false;
}

static void assert_ede(const char *file, uint16_t rcode, uint16_t info,
		       const char *quoted_text)
{
	PMSG(p);
	pmsg_ok(&p, file);
	cr_assert_eq(p.m.rcode, rcode, "%s: rcode %u", file, p.m.rcode);
	struct dns_opt_option o;
	cr_assert(find_ede(&p.m, &o), "%s: no EDE", file);
	struct dns_ede ede;
	assert_err(dns_ede_parse(&o, &ede), DNS_OK);
	cr_assert_eq(ede.info_code, info);
	char buf[256];
	struct dns_text t;
	dns_text_init(&t, buf, sizeof buf);
	dns_text_quoted(&t, ede.text, ede.text_len);
	cr_assert_str_eq(buf, quoted_text, "%s", file);
}

/* Section 8: OPT placement and option lengths are checked; the extended
 * RCODE and EDE are read, EDE text printed escaped. */
Test(bugclass, edns)
{
	check_section(8);
	{
		PMSG(p);
		pmsg_ok(&p, "opt-badvers");
		cr_assert_eq(DNS_RCODE4(p.m.flags), 0);
		cr_assert_eq(p.m.rcode, DNS_RCODE_BADVERS);
	}
	assert_ede("ede-3-stale-answer", DNS_RCODE_NOERROR, 3, "\"stale\"");
	assert_ede("ede-6-servfail", DNS_RCODE_SERVFAIL, 6, "\"signature expired\"");
	assert_ede("ede-nul-ff-text", DNS_RCODE_SERVFAIL, 9, "\"bad\\000sig\\255\"");
	assert_ede("ede-esc-bel-text", DNS_RCODE_SERVFAIL, 22, "\"\\027[31mred\\007\"");
	{
		PMSG(p);
		pmsg_ok(&p, "ede-1-octet");
		struct dns_opt_option o;
		cr_assert(find_ede(&p.m, &o));
		struct dns_ede ede;
		assert_err(dns_ede_parse(&o, &ede), DNS_E_RDATA_LEN);
	}
}

static void caa_of(const struct pmsg *p, size_t i, struct dns_caa_rr *c)
{
	assert_err(dns_rr_caa(p->m.pkt, p->m.len, &p->rr[i], c), DNS_OK);
}

/* Section 9: CAA RDATA without a tag length, or whose tag runs past the
 * RDATA, is refused; odd but well-bounded tags are read, and never taken
 * for `issue` (the CAA layer's tag compare, src/caa/rdata.c). */
Test(bugclass, caa_rdata)
{
	check_section(9);
	static const struct {
		const char *file;
		uint8_t flags;
		size_t tag_len, value_len;
		enum caa_tag_kind kind;
	} ok[] = {
		{"caa-tag-iss-ue", 0, 6, 10, CAA_TAG_UNKNOWN},
		{"caa-tag-issue-nul", 0, 6, 10, CAA_TAG_UNKNOWN},
		{"caa-tag-255", 128, 255, 0, CAA_TAG_UNKNOWN},
		{"caa-tag-15", 0, 15, 1, CAA_TAG_UNKNOWN},
		{"caa-empty-value", 0, 5, 0, CAA_TAG_ISSUE},
		{"caa-flags-127", 127, 5, 10, CAA_TAG_ISSUE},
		{"caa-flags-128", 128, 3, 7, CAA_TAG_UNKNOWN},
		{"caa-tag-upper-case", 0, 5, 10, CAA_TAG_ISSUE},
		{"caa-value-specials", 0, 5, 10, CAA_TAG_ISSUE},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		PMSG(p);
		pmsg_ok(&p, ok[i].file);
		struct dns_caa_rr c;
		caa_of(&p, 0, &c);
		cr_expect_eq(c.flags, ok[i].flags, "%s", ok[i].file);
		cr_expect_eq(c.tag_len, ok[i].tag_len, "%s", ok[i].file);
		cr_expect_eq(c.value_len, ok[i].value_len, "%s", ok[i].file);
		cr_expect_eq(caa_tag_kind(c.tag, c.tag_len), ok[i].kind, "%s", ok[i].file);
		/* the CAA layer reads the same RDATA the same way */
		struct caa_record rec;
		enum caa_err ce = caa_rdata_parse(p.m.pkt + p.rr[0].rdata, p.rr[0].rdlen, &rec);
		cr_expect(ce == CAA_OK || ce == CAA_E_TAG_TOO_LONG || ce == CAA_E_TAG_CHAR,
			  "%s: caa_rdata_parse %d", ok[i].file, ce);
		cr_expect_eq(rec.tag_len, c.tag_len, "%s", ok[i].file);
		cr_expect_eq(rec.value_len, c.value_len, "%s", ok[i].file);
	}
	{ /* the printer escapes what the value holds */
		PMSG(p);
		pmsg_ok(&p, "caa-value-specials");
		char buf[256];
		struct dns_text t;
		dns_text_init(&t, buf, sizeof buf);
		dns_text_rdata(&t, p.m.pkt, p.m.len, &p.rr[0]);
		cr_assert_str_eq(buf, "0 issue \"a\\\"b\\\\c\\000d\\255e;\"");
	}
	{
		PMSG(p);
		pmsg_ok(&p, "caa-3-records");
		cr_assert_eq(p.m.rr_count, 3);
		static const char *const tags[] = {"issue", "issuewild", "iodef"};
		for (size_t i = 0; i < 3; i++) {
			struct dns_caa_rr c;
			caa_of(&p, i, &c);
			assert_bytes(c.tag, c.tag_len, tags[i], strlen(tags[i]));
		}
	}
	{
		PMSG(p);
		pmsg_ok(&p, "caa-behind-cname");
		static struct dns_chain ch;
		dns_chain_start(&ch, EXAMPLE_COM);
		size_t final = 0;
		cr_assert_eq(dns_chain_follow(&ch, &p.m, DNS_T_CAA, &final), DNS_CHAIN_DONE);
		cr_assert_eq(ch.links, 1);
		cr_assert_eq(final, 1);
		assert_name_text(dns_chain_end(&ch), "caa.example.com.");
	}
}

/* Section 11: the chain walk over answers, without sockets (what
 * fuzz_response exercises). */
Test(bugclass, cname_chains)
{
	check_section(11);
	static const struct {
		const char *file;
		enum dns_chain_status want;
		size_t links;
	} c[] = {
		{"cname-chain-9-too-long", DNS_CHAIN_TOO_LONG, DNS_MAX_CHAIN},
		{"cname-2-cycle", DNS_CHAIN_LOOP, 1},
		{"cname-to-nodata-with-soa", DNS_CHAIN_DONE, 1},
		{"cname-cut-short-no-soa", DNS_CHAIN_SHORT, 1},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		PMSG(p);
		pmsg_ok(&p, c[i].file);
		cr_assert_eq(dns_response_match(&p.m, ASKED_ID, EXAMPLE_COM, DNS_T_CAA),
			     DNS_MATCH_OK);
		static struct dns_chain ch;
		dns_chain_start(&ch, EXAMPLE_COM);
		size_t final = 99;
		enum dns_chain_status st = dns_chain_follow(&ch, &p.m, DNS_T_CAA, &final);
		cr_expect_eq(st, c[i].want, "%s: status %d, want %d", c[i].file, st, c[i].want);
		cr_expect_eq(ch.links, c[i].links, "%s: %zu links", c[i].file, ch.links);
		cr_expect_eq(final, 0, "%s", c[i].file);
	}
}

/* Section 11 too: referrals as the doctor reads them (check/referral.c),
 * from a server of example.com. asked for www.sub.example.com. */
Test(bugclass, referrals)
{
	static const uint8_t www[] = "\3www\3sub\7example\3com";
	static const uint8_t sub[] = "\3sub\7example\3com";
	static struct referral ref;
	PMSG(p);
	pmsg_ok(&p, "referral-glue-in-and-out-of-bailiwick");
	cr_assert(referral_read(&p.m, www, EXAMPLE_COM, &ref));
	cr_assert(dns_name_equal(ref.zone, sub));
	cr_assert_eq(ref.ns_count, 2);
	cr_assert(dns_name_equal(ref.ns[0], (const uint8_t *)"\3ns1\3sub\7example\3com"));
	cr_assert(dns_name_equal(ref.ns[1], (const uint8_t *)"\3ns2\5other\3net"));
	/* ns1's A and AAAA; ns2.other.net's A is outside example.com: dropped */
	cr_assert_eq(ref.glue_count, 2);
	cr_assert_eq(ref.glue[0].ns, 0);
	cr_assert_eq(ref.glue[0].family, AF_INET);
	cr_assert_arr_eq(ref.glue[0].raw, ((uint8_t[]){127, 0, 0, 4}), 4);
	cr_assert_eq(ref.glue[1].ns, 0);
	cr_assert_eq(ref.glue[1].family, AF_INET6);
	cr_assert_eq(ref.glue[1].raw[15], 1);
	/* from the root's server, the same cut is a referral too */
	cr_assert(referral_read(&p.m, www, (const uint8_t *)"", &ref));
	cr_assert_eq(ref.glue_count, 3, "the root's server may vouch for every name");
	/* from sub.example.com's own server, it is not (no cut below it) */
	cr_assert_not(referral_read(&p.m, www, sub, &ref));

	PMSG(q);
	pmsg_ok(&q, "referral-authoritative-is-not");
	cr_assert_not(referral_read(&q.m, www, EXAMPLE_COM, &ref));
}

static void assert_printed(const char *file, size_t i, const char *want)
{
	PMSG(p);
	pmsg_ok(&p, file);
	char buf[512];
	struct dns_text t;
	dns_text_init(&t, buf, sizeof buf);
	dns_text_rdata(&t, p.m.pkt, p.m.len, &p.rr[i]);
	cr_assert_not(t.overflow);
	cr_assert_str_eq(buf, want, "%s", file);
}

/* Section 12: the printer's rarer branches, each with its exact text. */
Test(bugclass, printer_shapes)
{
	check_section(12);
	assert_printed("print-nsec3param-salt", 0, "1 0 10 DEADBEEF");
	assert_printed("print-nsec3param-bad-length", 0, "\\# 6 0100000A0901");
	assert_printed("print-nsec3-hash-7", 0, "1 1 5 - 041061050O3G A");
	assert_printed("print-a-class-ch", 0, "\\# 5 0161000102");
}

/* ---- the corpus and the table agree ----------------------------------- */

static bool is_hex_name(const char *s)
{
	size_t n = strlen(s);
	if (n != 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* Captured fixtures ("01-knot-..."), seeds ("seed-...") and files that
 * -merge=1 added (40 hex digits) are not bug-class files. */
static bool is_bugclass_file(const char *s)
{
	if (s[0] == '.' || (s[0] >= '0' && s[0] <= '9') || is_hex_name(s))
		return false;
	return strncmp(s, "seed-", 5) != 0 && strncmp(s, "finding-", 8) != 0;
}

static const struct row *row_of(const char *file)
{
	for (size_t i = 0; i < NROWS; i++) {
		size_t n = strlen(rows[i].file);
		if (strncmp(file, rows[i].file, n) == 0 && strcmp(file + n, ".bin") == 0)
			return &rows[i];
	}
	return NULL;
}

Test(bugclass, every_bugclass_file_has_a_verdict)
{
	static const char *const targets[] = {"fuzz_msg", "fuzz_response"};
	for (size_t k = 0; k < 2; k++) {
		char dir[256];
		snprintf(dir, sizeof dir, "%s/%s", CORPUS, targets[k]);
		DIR *d = opendir(dir);
		cr_assert_not_null(d, "%s is missing", dir);
		size_t count = 0;
		struct dirent *ent;
		while ((ent = readdir(d)) != NULL) {
			if (!is_bugclass_file(ent->d_name))
				continue;
			cr_expect_not_null(row_of(ent->d_name),
					   "%s/%s has no verdict in test_fuzz_findings.c", dir,
					   ent->d_name);
			count++;
		}
		closedir(d);
		cr_assert_eq(count, NROWS, "%s: %zu bug-class files, %zu rows", dir, count,
			     NROWS);
	}
}

/* fuzz_response's files are fuzz_msg's with the ID we asked (2 octets)
 * in front; the parser's verdict is the same. */
Test(bugclass, response_corpus_mirrors_msg_corpus)
{
	for (size_t i = 0; i < NROWS; i++) {
		char name[256];
		snprintf(name, sizeof name, "%s.bin", rows[i].file);
		CFILE(r);
		CFILE(m);
		cfile_read(&r, "fuzz_response", name);
		cfile_read(&m, "fuzz_msg", name);
		cr_assert_eq(r.n, m.n + 2, "%s", name);
		cr_assert_eq(r.p[0] << 8 | r.p[1], ASKED_ID, "%s", name);
		cr_assert(m.n == 0 || memcmp(r.p + 2, m.p, m.n) == 0, "%s", name);
	}
}

/* ---- text seeds: command-line names, types, addresses, resolv.conf ---- */

static enum dns_err name_file(const char *file, size_t *len)
{
	CFILE(f);
	cfile_read(&f, "fuzz_name", file);
	uint8_t wire[DNS_MAX_NAME];
	return dns_name_from_text((const char *)f.p, f.n, wire, len);
}

static bool text_arg(const char *target, const char *file, char *out, size_t cap)
{
	CFILE(f);
	cfile_read(&f, target, file);
	if (f.n >= cap)
		return false;
	memcpy(out, f.p, f.n);
	out[f.n] = '\0';
	return true;
}

Test(bugclass, text_seeds)
{
	size_t len = 0;
	/* c-ares CVE-2016-5180: a name ending in an escaped dot */
	assert_err(name_file("name-escaped-final-dot", &len), DNS_OK);
	cr_assert_eq(len, 4);
	assert_err(name_file("name-escaped-dot-at-255", &len), DNS_OK);
	cr_assert_eq(len, 255);
	assert_err(name_file("name-253-chars", &len), DNS_OK);
	cr_assert_eq(len, 255);
	assert_err(name_file("name-label-64", &len), DNS_E_LABEL_TOO_LONG);
	assert_err(name_file("name-ddd-all", &len), DNS_OK);
	cr_assert_eq(len, 1 + 5 + 1 + 1 + 1);
	assert_err(name_file("name-ddd-256", &len), DNS_E_BAD_ESCAPE);
	assert_err(name_file("name-trailing-backslash", &len), DNS_E_BAD_ESCAPE);
	assert_err(name_file("name-empty-label", &len), DNS_E_EMPTY_LABEL);
	assert_err(name_file("name-256-text", &len), DNS_E_NAME_TOO_LONG);
	assert_err(name_file("name-ddd-two-digits", &len), DNS_E_BAD_ESCAPE);

	char s[256];
	struct net_addr a;
	cr_assert(text_arg("fuzz_args", "args-resolver-cares-underflow", s, sizeof s));
	cr_assert_not(net_addr_parse(s, 53, &a), "c-ares CVE-2023-31130 text is no address");
	cr_assert(text_arg("fuzz_args", "args-resolver-v6-port", s, sizeof s));
	cr_assert(net_addr_parse(s, 53, &a));
	cr_assert_eq(net_addr_port(&a), 5353);
	cr_assert(text_arg("fuzz_args", "args-resolver-v4", s, sizeof s));
	cr_assert(net_addr_parse(s, 53, &a));
	uint16_t type = 0;
	cr_assert(text_arg("fuzz_args", "args-type-caa", s, sizeof s));
	assert_err(dns_type_from_text(s, &type), DNS_OK);
	cr_assert_eq(type, DNS_T_CAA);
	cr_assert(text_arg("fuzz_args", "args-type-typennn", s, sizeof s));
	assert_err(dns_type_from_text(s, &type), DNS_OK);
	cr_assert_eq(type, 65280);
	cr_assert(text_arg("fuzz_args", "args-type-type-overflow", s, sizeof s));
	assert_err(dns_type_from_text(s, &type), DNS_E_UNKNOWN_TYPE);

	struct resolvconf rc;
	CFILE(f);
	/* c-ares CVE-2024-25629: a line that starts with NUL is one bad line */
	cfile_read(&f, "fuzz_resolvconf", "resolvconf-nul-first");
	resolvconf_parse(&rc, (const char *)f.p, f.n);
	cr_assert_eq(rc.server_count, 0);
	cr_assert_eq(rc.ignored_lines, 2);
	CFILE(g);
	cfile_read(&g, "fuzz_resolvconf", "resolvconf-many-servers");
	resolvconf_parse(&rc, (const char *)g.p, g.n);
	cr_assert_eq(rc.server_count, RESOLVCONF_MAX_SERVERS);
	CFILE(h);
	cfile_read(&h, "fuzz_resolvconf", "resolvconf-options-edges");
	resolvconf_parse(&rc, (const char *)h.p, h.n);
	/* only "nameserver 192.0.2.1 extra" names a server (words after the
	 * address are ignored, as the C library does) */
	cr_assert_eq(rc.server_count, 1);
	cr_assert_eq(rc.timeout_s, 30, "4294967296 clamps to 30, never wraps to 0");
	cr_assert_eq(rc.attempts, 2);
}

/* ---- fixed findings -------------------------------------------------------- */

/* fuzz_tlsalpn_cert: a version field "[0]" whose length runs past the
 * TBS (a0 9e). cert_parse peeked at the tag and read the field without
 * checking that the read succeeded, then used the unset span (ASan:
 * heap-use-after-free). Now: Go's "x509: malformed version". */
Test(finding, tlsalpn_cert_version_length)
{
	CFILE(f);
	cfile_read(&f, "fuzz_tlsalpn_cert", "finding-fuzz_tlsalpn_cert-version-length");
	struct cert_fields c;
	char why[200];
	cr_assert_eq(cert_parse(f.p, f.n, &c, why, sizeof why), CERT_E_MALFORMED);
	cr_assert_str_eq(why, "x509: malformed version");
}

/* fuzz_tlsalpn_cert: a certificate whose subject has no commonName;
 * cert_string_text on the empty span called memcpy with a NULL source
 * (UBSan). Now an empty span gives "". */
Test(finding, tlsalpn_cert_empty_string)
{
	CFILE(f);
	cfile_read(&f, "fuzz_tlsalpn_cert", "finding-fuzz_tlsalpn_cert-empty-string");
	struct cert_fields c;
	char why[200], text[8] = "x";
	cr_assert_eq(cert_parse(f.p, f.n, &c, why, sizeof why), CERT_OK, "%s", why);
	cr_assert_eq(c.common_name.n, 0);
	cr_assert_eq(cert_string_text(c.common_name_tag, c.common_name, text, sizeof text), 0);
	cr_assert_str_eq(text, "");
}

/* fuzz_trust_anchor: an owner name with an escaped parenthesis ("\041"
 * read, printed back as "\)"). The reader split tokens at every '(' and
 * ')' and cut comments at every ';', escaped or not, so the name it had
 * accepted, written out by dns_text_name, no longer read (the target's
 * round-trip CHECK). RFC 1035 s5.1: a backslash quotes the next character.
 * Now "\)", "\(", "\;" and "\ " stay in their token. R-DNSSEC-3 (the
 * anchors the chain starts from). */
Test(finding, trust_anchor_escaped_paren)
{
	CFILE(f);
	cfile_read(&f, "fuzz_trust_anchor", "finding-fuzz_trust_anchor-escaped-paren");
	static struct dnssec_anchors ta, back;
	unsigned line;
	cr_assert_eq(dnssec_anchors_parse((const char *)f.p, f.n, &ta, &line), DNSSEC_ANCHOR_OK);
	cr_assert_eq(ta.count, 1);
	char owner[DNS_MAX_NAME_TEXT], text[2 * DNS_MAX_NAME_TEXT];
	struct dns_text t;
	dns_text_init(&t, owner, sizeof owner);
	dns_text_name(&t, ta.a[0].owner);
	cr_assert_str_eq(owner, "\\031\\019\\000\\.`\\000\\000\\)l\\216.");
	int n = snprintf(text, sizeof text, "%s DS 6 8 2 81\n", owner);
	cr_assert_eq(dnssec_anchors_parse(text, (size_t)n, &back, &line), DNSSEC_ANCHOR_OK);
	cr_assert(dns_name_equal(back.a[0].owner, ta.a[0].owner));
	/* each quoted separator is part of the name: a(b);c d. is one label */
	static const char quoted[] = "a\\(b\\)\\;c\\ d. DS 6 8 2 81 ; a comment\n";
	cr_assert_eq(dnssec_anchors_parse(quoted, sizeof quoted - 1, &back, &line),
		     DNSSEC_ANCHOR_OK);
	cr_assert_eq(back.a[0].owner[0], 8, "one label of 8 octets: a(b);c d");
	cr_assert_eq(memcmp(back.a[0].owner + 1, "a(b);c d", 8), 0);
	/* unquoted, ';' still starts a comment and ')' is still a blank */
	static const char plain[] = "( example. DS 6 8 2 81 ) ; x\n";
	cr_assert_eq(dnssec_anchors_parse(plain, sizeof plain - 1, &back, &line), DNSSEC_ANCHOR_OK);
}
