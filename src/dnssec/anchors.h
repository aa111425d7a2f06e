/* Trust anchors (RFC 4035 s4.4; R-DNSSEC-3): the root zone's KSKs built
 * in, or the DS and DNSKEY records of a `--trust-anchor FILE` (zone-file
 * lines, RFC 1035 s5.1) for labs whose chain starts below the root. The
 * parser takes a buffer (the CLI reads the file) and is fuzzed
 * (fuzz/fuzz_trust_anchor.c). */
#ifndef ACMEPROBE_DNSSEC_ANCHORS_H
#define ACMEPROBE_DNSSEC_ANCHORS_H

#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"

#define DNSSEC_MAX_ANCHORS  16
#define DNSSEC_ANCHOR_RDATA 1024 /* a 4096-bit RSA DNSKEY is 522 octets */
#define DNSSEC_ANCHOR_LINE  4096 /* the longest line the parser takes */

struct dnssec_anchor {
	uint8_t owner[DNS_MAX_NAME]; /* wire form, lower case */
	uint16_t type;		     /* DNS_T_DS or DNS_T_DNSKEY */
	uint16_t rdlen;
	uint8_t rdata[DNSSEC_ANCHOR_RDATA];
};

struct dnssec_anchors {
	struct dnssec_anchor a[DNSSEC_MAX_ANCHORS];
	size_t count;
};

enum dnssec_anchor_err {
	DNSSEC_ANCHOR_OK,
	DNSSEC_ANCHOR_E_NAME,	   /* the owner is not a domain name */
	DNSSEC_ANCHOR_E_TYPE,	   /* not DS or DNSKEY */
	DNSSEC_ANCHOR_E_CLASS,	   /* a class other than IN */
	DNSSEC_ANCHOR_E_FIELD,	   /* a number field missing or out of range */
	DNSSEC_ANCHOR_E_HEX,	   /* the DS digest is not hexadecimal */
	DNSSEC_ANCHOR_E_BASE64,	   /* the DNSKEY key is not base64 */
	DNSSEC_ANCHOR_E_TOO_LONG,  /* the digest or key is larger than allowed */
	DNSSEC_ANCHOR_E_LINE,	   /* a line longer than DNSSEC_ANCHOR_LINE */
	DNSSEC_ANCHOR_E_TOO_MANY,  /* more than DNSSEC_MAX_ANCHORS records */
	DNSSEC_ANCHOR_E_NONE,	   /* no record at all */
	DNSSEC_ANCHOR_E_DIRECTIVE, /* $ORIGIN, $TTL, $INCLUDE: not taken */
};

const char *dnssec_anchor_strerror(enum dnssec_anchor_err e);

/* The root zone's KSK-2017 (20326) and KSK-2024 (38696) as DS records
 * (R-DNSSEC-3, as Unbound's unbound-anchor builds them in). */
void dnssec_anchors_builtin(struct dnssec_anchors *out);

/* Parses text[0..len): one DS or DNSKEY record a line, as
 *   OWNER [TTL] [IN] DS KEYTAG ALGORITHM DIGESTTYPE HEX...
 *   OWNER [TTL] [IN] DNSKEY FLAGS PROTOCOL ALGORITHM BASE64...
 * (the digest and key may be split by blanks; algorithm by number or
 * mnemonic), ';' to the end of a line a comment, blank lines skipped.
 * On error *line is the 1-based line number. */
enum dnssec_anchor_err dnssec_anchors_parse(const char *text, size_t len,
					    struct dnssec_anchors *out, unsigned *line);

/* The closest anchor zone at or above name: the index of its first
 * record and their count, or 0 records. */
size_t dnssec_anchors_find(const struct dnssec_anchors *ta, const uint8_t *name,
			   const uint8_t **zone);

#endif
