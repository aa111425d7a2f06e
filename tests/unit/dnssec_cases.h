/* Test support: responses written as records in a text file (such as
 * tests/fixtures/dnssec/rfc5155-appb.txt, the RFC's Appendix B), and the
 * validator run over a set of them. */
#ifndef ACMEPROBE_TESTS_UNIT_DNSSEC_CASES_H
#define ACMEPROBE_TESTS_UNIT_DNSSEC_CASES_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "dnssec/anchors.h"
#include "dnssec/chain.h"
#include "zone_text.h"

/* The response "= ID QNAME QTYPE RCODE" of file path, built and parsed.
 * skip_type: records of that type left out (0: none). */
static inline struct zmsg *case_load(const char *path, const char *id, uint16_t skip_type)
{
	FILE *f = fopen(path, "r");
	cr_assert(f, "cannot open %s", path);
	char line[8192];
	struct zmsg *z = NULL;
	bool in = false;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '=') {
			char cid[32], qname[300], qtype[16];
			int rcode;
			cr_assert_eq(
			    sscanf(line, "= %31s %299s %15s %d", cid, qname, qtype, &rcode), 4);
			if (in)
				break;
			in = strcmp(cid, id) == 0;
			if (in)
				z = zmsg_new(qname, ztype(qtype), (uint16_t)rcode);
			continue;
		}
		if (!in || line[0] == ';' || !line[0])
			continue;
		enum dns_section s = strncmp(line, "answer:", 7) == 0	    ? DNS_SEC_ANSWER
				     : strncmp(line, "authority:", 10) == 0 ? DNS_SEC_AUTHORITY
									    : DNS_SEC_ADDITIONAL;
		const char *rec = strchr(line, ':') + 2;
		struct ztok k;
		ztok_split(&k, rec);
		if (skip_type && k.n > 3 &&
		    ztype(strcmp(k.t[2], "IN") == 0 ? k.t[3] : k.t[2]) == skip_type)
			continue;
		zmsg_add(z, s, rec);
	}
	fclose(f);
	cr_assert(z, "no response %s in %s", id, path);
	zmsg_parse(z);
	return z;
}

/* Trust anchors from text, which must parse. */
static inline void anchors_text(struct dnssec_anchors *ta, const char *text)
{
	unsigned line;
	enum dnssec_anchor_err e = dnssec_anchors_parse(text, strlen(text), ta, &line);
	cr_assert_eq(e, DNSSEC_ANCHOR_OK, "anchor line %u: %s", line, dnssec_anchor_strerror(e));
}

/* An input of the validator for message z (its question). */
static inline struct dnssec_input input_of(const struct zmsg *z, unsigned source)
{
	struct dnssec_input in = {&z->m, z->qname, z->m.qtype, source};
	return in;
}

#define assert_status(r, st, want_code)                                                            \
	do {                                                                                       \
		cr_assert_eq((r)->need, false, "%s:%d: NEED %u", __FILE__, __LINE__,               \
			     (r)->need_type);                                                      \
		cr_assert_eq((r)->status, (st), "%s:%d: status %s, reason %s", __FILE__, __LINE__, \
			     dnssec_status_name((r)->status), dnssec_reason_name((r)->why.code));  \
		cr_assert_eq((r)->why.code, (want_code), "%s:%d: reason %s, want %s", __FILE__,    \
			     __LINE__, dnssec_reason_name((r)->why.code),                          \
			     dnssec_reason_name(want_code));                                       \
	} while (0)

#endif
