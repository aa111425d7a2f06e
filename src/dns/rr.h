/* Typed views of RDATA (RFC 1035 s3.3, RFC 3596, RFC 6672, RFC 4034,
 * RFC 5155, RFC 6891, RFC 8914, RFC 8659). Each view reads the RDATA of
 * one indexed record, checks that its length is exactly what the fields
 * need (a name inside RDATA must end inside it), and fills a struct whose
 * pointers point into the packet. A view of the wrong type is DNS_E_ARG. */
#ifndef ACMEPROBE_DNS_RR_H
#define ACMEPROBE_DNS_RR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"

struct dns_soa {
	uint16_t mname, rname; /* offsets of the names in the packet */
	uint32_t serial, refresh, retry, expire, minimum;
};

struct dns_mx {
	uint16_t preference;
	uint16_t exchange;
};

struct dns_caa_rr {
	uint8_t flags;
	const uint8_t *tag;   /* 1..255 octets, not NUL-terminated */
	size_t tag_len;
	const uint8_t *value; /* the rest of the RDATA, maybe empty */
	size_t value_len;
};

struct dns_rrsig {
	uint16_t type_covered;
	uint8_t algorithm, labels;
	uint32_t original_ttl, expiration, inception;
	uint16_t key_tag;
	uint16_t signer; /* offset of the signer name (RFC 4034 s3.1.7 forbids
			    compressing it; a compressed one is still read) */
	const uint8_t *signature;
	size_t signature_len;
};

struct dns_ds {
	uint16_t key_tag;
	uint8_t algorithm, digest_type;
	const uint8_t *digest;
	size_t digest_len;
};

struct dns_dnskey {
	uint16_t flags;
	uint8_t protocol, algorithm;
	const uint8_t *key;
	size_t key_len;
};

struct dns_nsec {
	uint16_t next; /* offset of the next owner name */
	const uint8_t *bitmap;
	size_t bitmap_len;
};

struct dns_nsec3 {
	uint8_t hash_algorithm, flags;
	uint16_t iterations;
	const uint8_t *salt;
	size_t salt_len;
	const uint8_t *next_hashed;
	size_t next_hashed_len;
	const uint8_t *bitmap;
	size_t bitmap_len;
};

/* RFC 5155 s4.2: the hash parameters a zone's NSEC3 chain uses. */
struct dns_nsec3param {
	uint8_t hash_algorithm, flags;
	uint16_t iterations;
	const uint8_t *salt; /* salt_len octets; salt_len 0 is no salt ("-") */
	size_t salt_len;
};

/* One EDNS option (RFC 6891 s6.1.2). */
struct dns_opt_option {
	uint16_t code;
	const uint8_t *data;
	uint16_t len;
};

#define DNS_OPT_EDE 15 /* RFC 8914 extended DNS error */

/* An extended DNS error (RFC 8914 s2). */
struct dns_ede {
	uint16_t info_code;
	const uint8_t *text; /* UTF-8, not NUL-terminated, maybe empty */
	size_t text_len;
};

enum dns_err dns_rr_a(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
		      uint8_t addr[4]);
enum dns_err dns_rr_aaaa(const uint8_t *pkt, size_t len,
			 const struct dns_rr *rr, uint8_t addr[16]);
/* NS, CNAME, DNAME, PTR: the one name the RDATA holds. */
enum dns_err dns_rr_target(const uint8_t *pkt, size_t len,
			   const struct dns_rr *rr, uint16_t *name);
enum dns_err dns_rr_mx(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
		       struct dns_mx *mx);
enum dns_err dns_rr_soa(const uint8_t *pkt, size_t len,
			const struct dns_rr *rr, struct dns_soa *soa);
enum dns_err dns_rr_caa(const uint8_t *pkt, size_t len,
			const struct dns_rr *rr, struct dns_caa_rr *caa);
enum dns_err dns_rr_rrsig(const uint8_t *pkt, size_t len,
			  const struct dns_rr *rr, struct dns_rrsig *sig);
enum dns_err dns_rr_ds(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
		       struct dns_ds *ds);
enum dns_err dns_rr_dnskey(const uint8_t *pkt, size_t len,
			   const struct dns_rr *rr, struct dns_dnskey *key);
enum dns_err dns_rr_nsec(const uint8_t *pkt, size_t len,
			 const struct dns_rr *rr, struct dns_nsec *nsec);
enum dns_err dns_rr_nsec3(const uint8_t *pkt, size_t len,
			  const struct dns_rr *rr, struct dns_nsec3 *nsec3);
/* Reads exactly 5 + salt length octets. Unlike the other views, the
 * parser does not apply this one to every NSEC3PARAM (such a record
 * never decides anything here): a bad one is only printed in the generic
 * form (src/dns/rdata.c). */
enum dns_err dns_rr_nsec3param(const uint8_t *pkt, size_t len,
			       const struct dns_rr *rr, struct dns_nsec3param *p);

/* TXT: the character-strings one after another. Checks the whole RDATA
 * first; then each call to dns_txt_next gives one string. An empty TXT
 * RDATA (no string at all) is accepted and yields nothing. */
struct dns_strings {
	const uint8_t *p, *end;
};
enum dns_err dns_rr_txt(const uint8_t *pkt, size_t len,
			const struct dns_rr *rr, struct dns_strings *it);
bool dns_txt_next(struct dns_strings *it, const uint8_t **s, size_t *n);

/* Type bitmaps of NSEC and NSEC3 (RFC 4034 s4.1.2): the types set, in
 * order. The bitmap was checked by the view. */
struct dns_bitmap_iter {
	const uint8_t *p, *end;
	unsigned window, octet, bit, win_len;
};
void dns_bitmap_begin(struct dns_bitmap_iter *it, const uint8_t *bitmap,
		      size_t len);
bool dns_bitmap_next(struct dns_bitmap_iter *it, uint16_t *type);

/* EDNS options of a parsed message (checked by the parser). */
struct dns_opt_iter {
	const uint8_t *p, *end;
};
void dns_opt_begin(struct dns_opt_iter *it, const struct dns_msg *m);
bool dns_opt_next(struct dns_opt_iter *it, struct dns_opt_option *o);
/* Reads an EDE option. A body shorter than the 2-octet INFO-CODE is
 * DNS_E_RDATA_LEN. */
enum dns_err dns_ede_parse(const struct dns_opt_option *o,
			   struct dns_ede *ede);
/* The message's first well-formed EDE option (as Boulder's
 * extendedDNSError reads it), or false when it has none. */
bool dns_first_ede(const struct dns_msg *m, struct dns_ede *ede);

#endif
