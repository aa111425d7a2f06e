/* RR types, classes and RCODEs by number and by name (RFC 1035 s3.2.2,
 * RFC 3597 s5 for TYPEnnn). */
#ifndef ACMEPROBE_DNS_TYPES_H
#define ACMEPROBE_DNS_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"

enum {
	DNS_T_A = 1,
	DNS_T_NS = 2,
	DNS_T_CNAME = 5,
	DNS_T_SOA = 6,
	DNS_T_PTR = 12,
	DNS_T_MX = 15,
	DNS_T_TXT = 16,
	DNS_T_AAAA = 28,
	DNS_T_DNAME = 39,
	DNS_T_OPT = 41,
	DNS_T_DS = 43,
	DNS_T_RRSIG = 46,
	DNS_T_NSEC = 47,
	DNS_T_DNSKEY = 48,
	DNS_T_NSEC3 = 50,
	DNS_T_NSEC3PARAM = 51,
	DNS_T_ANY = 255,
	DNS_T_CAA = 257,
};

enum { DNS_C_IN = 1, DNS_C_CH = 3, DNS_C_ANY = 255 };

enum {
	DNS_RCODE_NOERROR = 0,
	DNS_RCODE_FORMERR = 1,
	DNS_RCODE_SERVFAIL = 2,
	DNS_RCODE_NXDOMAIN = 3,
	DNS_RCODE_NOTIMP = 4,
	DNS_RCODE_REFUSED = 5,
	DNS_RCODE_BADVERS = 16,
};

/* Room for the longest text these functions write: "TYPE65535", "CLASS65535"
 * or "RCODE4095", with the NUL. */
#define DNS_TYPE_TEXT 12

/* "CAA", "caa" or "TYPE257" -> 257. */
enum dns_err dns_type_from_text(const char *s, uint16_t *type);
/* 257 -> "CAA"; 65280 -> "TYPE65280". Returns buf. */
const char *dns_type_to_text(uint16_t type, char buf[DNS_TYPE_TEXT]);
const char *dns_class_to_text(uint16_t rclass, char buf[DNS_TYPE_TEXT]);
const char *dns_rcode_to_text(uint16_t rcode, char buf[DNS_TYPE_TEXT]);
/* The RFC 8914 s4 name of an extended DNS error INFO-CODE ("DNSSEC
 * Bogus"), or NULL for a code the registry did not have. */
const char *dns_ede_name(uint16_t info_code);

#endif
