/* Query building (RFC 1035 s4.1, RFC 6891 for EDNS(0)). */
#ifndef ACMEPROBE_DNS_QUERY_H
#define ACMEPROBE_DNS_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"

#define DNS_Q_RD 0x01u   /* recursion desired */
#define DNS_Q_CD 0x02u   /* checking disabled (RFC 4035 s3.2.2) */
#define DNS_Q_DO 0x04u   /* DNSSEC OK, in the OPT record (RFC 3225) */
#define DNS_Q_EDNS 0x08u /* add an OPT record */
#define DNS_Q_AD 0x10u   /* "tell me if you validated" (RFC 6840 s5.7) */

/* The EDNS UDP payload size of DNS flag day 2020: it avoids IP
 * fragmentation on almost every path. */
#define DNS_EDNS_UDP_SIZE 1232

/* The largest query: header, a 255-octet name, type, class, and an OPT
 * record without options. */
#define DNS_MAX_QUERY (12 + 255 + 4 + 11)

/* Writes a query for (qname, qtype, class IN) with the given ID into buf.
 * qname is an uncompressed wire name (see dns_name_from_text). DNS_Q_DO
 * implies DNS_Q_EDNS. */
enum dns_err dns_query_build(uint8_t *buf, size_t cap, size_t *out_len,
			     uint16_t id, const uint8_t *qname,
			     uint16_t qtype, unsigned flags);

#endif
