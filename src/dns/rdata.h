/* The known RR types, one row each: the view that reads a record's RDATA
 * (rr.h), whether the parser applies it to every record (a message with
 * one record that does not read is refused whole), and the printer of its
 * presentation format (RFC 1035 s5.1 and each type's RFC). A type without
 * a row is opaque (RFC 3597): never checked, printed as "\# len hex".
 *
 * dns_rdata_check (msg.h) and dns_text_rdata (text.h) both go through
 * this table, so a type is added in one place. */
#ifndef ACMEPROBE_DNS_RDATA_H
#define ACMEPROBE_DNS_RDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/rr.h"
#include "dns/text.h"

/* The view of any known type, as its row's `view` fills it. */
union dns_rdata {
	uint8_t a[4];
	uint8_t aaaa[16];
	uint16_t target; /* NS, CNAME, DNAME, PTR: the name's offset */
	struct dns_mx mx;
	struct dns_soa soa;
	struct dns_strings txt;
	struct dns_caa_rr caa;
	struct dns_rrsig rrsig;
	struct dns_ds ds;
	struct dns_dnskey dnskey;
	struct dns_nsec nsec;
	struct dns_nsec3 nsec3;
	struct dns_nsec3param nsec3param;
};

struct dns_rdata_type {
	uint16_t type;
	/* A and AAAA have another layout outside class IN (CH A holds a
	 * name and an address): their row applies to class IN only. Every
	 * other known type has the same RDATA in every class. */
	bool class_in_only;
	bool checked; /* dns_rdata_check applies `view` */
	enum dns_err (*view)(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			     union dns_rdata *v);
	/* Prints a view that read; returns false, having printed nothing
	 * that stays, when the record has no typed form (an empty TXT, a CAA
	 * tag a zone file cannot spell): it is printed generically then. */
	bool (*print)(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v);
};

/* The row for a record's type and class, or NULL (an opaque type). */
const struct dns_rdata_type *dns_rdata_type_of(const struct dns_rr *rr);

#endif
