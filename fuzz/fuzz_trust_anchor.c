/* libFuzzer target: dnssec_anchors_parse (the text of --trust-anchor
 * FILE: DS and DNSKEY records in zone-file format) on any text.
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - the result is one of the enum's values and has a sentence; on an
 *    error the line number is within the text's lines;
 *  - on success 1 to DNSSEC_MAX_ANCHORS records, each DS or DNSKEY, an
 *    owner that is a well-formed lower-case wire name, RDATA of at least
 *    the fixed fields plus one octet;
 *  - round trip: each record printed again (the owner with
 *    dns_text_name, a DS digest in hex, a DNSKEY key in base64, numbers
 *    in decimal) parses to the same records. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/text.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "dnssec/anchors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			abort();                                                                   \
	} while (0)

static struct dnssec_anchors ta, back;
static char text[DNSSEC_MAX_ANCHORS * (DNS_MAX_NAME_TEXT + 2 * DNSSEC_ANCHOR_RDATA + 64)];

static size_t put_base64(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = digits[v >> 18 & 63];
		out[o++] = digits[v >> 12 & 63];
		out[o++] = i + 1 < n ? digits[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? digits[v & 63] : '=';
	}
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned line;
	enum dnssec_anchor_err e = dnssec_anchors_parse((const char *)data, size, &ta, &line);
	CHECK(e >= DNSSEC_ANCHOR_OK && e <= DNSSEC_ANCHOR_E_DIRECTIVE);
	CHECK(dnssec_anchor_strerror(e)[0]);
	if (e != DNSSEC_ANCHOR_OK) {
		size_t lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		CHECK(line <= lines);
		return 0;
	}
	CHECK(ta.count >= 1 && ta.count <= DNSSEC_MAX_ANCHORS);
	size_t o = 0;
	for (size_t i = 0; i < ta.count; i++) {
		const struct dnssec_anchor *a = &ta.a[i];
		size_t next, wl;
		uint8_t wire[DNS_MAX_NAME];
		CHECK(dns_name_unpack(a->owner, DNS_MAX_NAME, 0, DNS_MAX_NAME, &next, wire, &wl) ==
		      DNS_OK);
		for (size_t k = 0; k < wl; k++)
			CHECK(!(a->owner[k] >= 'A' && a->owner[k] <= 'Z'));
		CHECK(a->type == DNS_T_DS || a->type == DNS_T_DNSKEY);
		CHECK(a->rdlen > 4 && a->rdlen <= DNSSEC_ANCHOR_RDATA);
		char owner[DNS_MAX_NAME_TEXT];
		struct dns_text t;
		dns_text_init(&t, owner, sizeof owner);
		dns_text_name(&t, a->owner);
		const uint8_t *rd = a->rdata;
		if (a->type == DNS_T_DS) {
			o += (size_t)sprintf(text + o, "%s 3600 IN DS %u %u %u ", owner,
					     (unsigned)(rd[0] << 8 | rd[1]), rd[2], rd[3]);
			for (size_t k = 4; k < a->rdlen; k++)
				o += (size_t)sprintf(text + o, "%02X", rd[k]);
		} else {
			o += (size_t)sprintf(text + o, "%s IN DNSKEY %u %u %u ", owner,
					     (unsigned)(rd[0] << 8 | rd[1]), rd[2], rd[3]);
			o += put_base64(text + o, rd + 4, a->rdlen - 4u);
		}
		text[o++] = '\n';
	}
	CHECK(dnssec_anchors_parse(text, o, &back, &line) == DNSSEC_ANCHOR_OK);
	CHECK(back.count == ta.count);
	for (size_t i = 0; i < ta.count; i++) {
		CHECK(dns_name_equal(back.a[i].owner, ta.a[i].owner));
		CHECK(back.a[i].type == ta.a[i].type && back.a[i].rdlen == ta.a[i].rdlen);
		CHECK(memcmp(back.a[i].rdata, ta.a[i].rdata, ta.a[i].rdlen) == 0);
	}
	return 0;
}
