/* The known RR types, one row each: its RDATA format, whose view reads a
 * record's RDATA (rr.h) and whose printer writes its presentation format
 * (RFC 1035 s5.1 and each type's RFC), and whether the parser applies
 * the view to every record (a message with one record that does not read
 * is refused whole). A type without a row is opaque (RFC 3597): never
 * checked, printed as "\# len hex".
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

/* The RDATA formats of the known types: each has a view (rr.h) and a
 * printer; NS, CNAME, DNAME and PTR share one (a single name). */
enum dns_rdata_format {
	DNS_RF_NONE,
	DNS_RF_A,
	DNS_RF_AAAA,
	DNS_RF_NAME,
	DNS_RF_MX,
	DNS_RF_SOA,
	DNS_RF_TXT,
	DNS_RF_CAA,
	DNS_RF_RRSIG,
	DNS_RF_DS,
	DNS_RF_DNSKEY,
	DNS_RF_NSEC,
	DNS_RF_NSEC3,
	DNS_RF_NSEC3PARAM,
};

struct dns_rdata_type {
	uint16_t type;
	uint8_t format; /* enum dns_rdata_format */
	/* A and AAAA have another layout outside class IN (CH A holds a
	 * name and an address): their row applies to class IN only. Every
	 * other known type has the same RDATA in every class. */
	bool class_in_only;
	bool checked; /* dns_rdata_check applies the view */
};

/* The row for a record's type and class, or NULL (an opaque type). */
const struct dns_rdata_type *dns_rdata_type_of(const struct dns_rr *rr);

/* Reads rr's RDATA through the view of its row's format. */
enum dns_err dns_rdata_view(const struct dns_rdata_type *k, const uint8_t *pkt, size_t len,
			    const struct dns_rr *rr, union dns_rdata *v);

/* Prints a view that read, in its format's presentation; returns false,
 * having printed nothing that stays, when the record has no typed form
 * (an empty TXT, a CAA tag a zone file cannot spell): it is printed
 * generically then. */
bool dns_rdata_print(const struct dns_rdata_type *k, struct dns_text *t, const uint8_t *pkt,
		     size_t len, const union dns_rdata *v);

#endif
