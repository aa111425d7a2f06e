/* The messages layer: a whole DNS message parsed into an index of records
 * that point into the packet (no copies, no malloc). The caller owns both
 * the packet and the index array; the parsed message is valid as long as
 * both are.
 *
 * What the parser accepts (docs/codec.md gives the reasons):
 *  - exactly one question (QDCOUNT 1, RFC 9619); any other count is
 *    DNS_E_QDCOUNT;
 *  - every counted RR present and checked: owner name, RDLENGTH inside the
 *    message, RDATA of a known type exactly as long as its fields
 *    (dns_rdata_check), OPT at most once, in the additional section, owned
 *    by the root;
 *  - nothing after the last counted RR: trailing octets are DNS_E_TRAILING,
 *    since a sender that appends uncounted data is broken or hostile. */
#ifndef ACMEPROBE_DNS_MSG_H
#define ACMEPROBE_DNS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"
#include "dns/types.h"

/* Header flag bits (RFC 1035 s4.1.1, RFC 4035 s3.2). */
#define DNS_FLAG_QR 0x8000u
#define DNS_FLAG_AA 0x0400u
#define DNS_FLAG_TC 0x0200u
#define DNS_FLAG_RD 0x0100u
#define DNS_FLAG_RA 0x0080u
#define DNS_FLAG_Z 0x0040u
#define DNS_FLAG_AD 0x0020u
#define DNS_FLAG_CD 0x0010u
#define DNS_OPCODE(flags) (((flags) >> 11) & 0xFu)
#define DNS_RCODE4(flags) ((flags)&0xFu)

enum dns_section { DNS_SEC_ANSWER, DNS_SEC_AUTHORITY, DNS_SEC_ADDITIONAL };

/* One resource record of the index: where its parts sit in the packet. */
struct dns_rr {
	uint16_t owner;  /* offset of the (maybe compressed) owner name */
	uint16_t type;
	uint16_t rclass;
	uint16_t rdlen;
	uint16_t rdata;  /* offset of the RDATA */
	uint8_t section; /* enum dns_section */
	uint32_t ttl;
};

/* EDNS(0) as read from the OPT record (RFC 6891 s6.1.3). */
struct dns_edns {
	bool present;
	uint8_t version;
	uint8_t ext_rcode; /* upper 8 bits of the 12-bit RCODE */
	uint16_t udp_size;
	bool dnssec_ok;
	uint16_t z;        /* the other 15 flag bits */
	uint16_t options;  /* offset of the options (the OPT RDATA) */
	uint16_t options_len;
};

struct dns_msg {
	const uint8_t *pkt;
	size_t len;
	uint16_t id;
	uint16_t flags;
	uint16_t counts[4]; /* QD, AN, NS, AR as in the header */
	uint16_t qname;     /* offset of the question name (always 12) */
	uint16_t qname_len; /* its wire length */
	uint16_t qtype;
	uint16_t qclass;
	uint16_t rcode;     /* 12-bit RCODE: header bits and EDNS ext_rcode */
	struct dns_edns edns;
	struct dns_rr *rr;  /* answer, then authority, then additional */
	size_t rr_count;
	size_t err_off;     /* where the parse stopped, for diagnostics */
};

/* Parses pkt[0..len) into m, using rr[0..rr_cap) as the index. On error
 * m->err_off tells where the problem was found. */
enum dns_err dns_msg_parse(struct dns_msg *m, const uint8_t *pkt, size_t len,
			   struct dns_rr *rr, size_t rr_cap);

/* The RRs of one section: *first is set to the index of the first one. */
size_t dns_msg_section(const struct dns_msg *m, enum dns_section s,
		       size_t *first);

/* Checks the RDATA of one record for its type's exact shape: fixed-size
 * types of the right size, names bounded by the RDATA, TXT strings inside
 * it, CAA tag length 1..rest. Unknown types are opaque and always pass.
 * (In src/dns/rdata.c, with the table of types it checks by.) */
enum dns_err dns_rdata_check(const uint8_t *pkt, size_t len,
			     const struct dns_rr *rr);

#endif
