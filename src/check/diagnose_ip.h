/* What the doctor says of an IP address identifier (RFC 8738), before
 * any request: CAA does not apply (R-IP-4), a reserved address is refused
 * with the order (R-IP-2), and only one profile allows IP addresses
 * (R-IP-5). Pure: the address in, findings out
 * (tests/unit/test_check_diagnose_ip.c); the decisions are
 * src/acme/ident.c's. The doctor (doctor.c) adds HTTP-01 when a token is
 * given, as for a name, and nothing else: no CAA walk, no nameserver and
 * no address lookup. */
#ifndef ACMEPROBE_CHECK_DIAGNOSE_IP_H
#define ACMEPROBE_CHECK_DIAGNOSE_IP_H

#include "acme/ident.h"
#include "check/findings.h"

/* caa_not_applicable (info, R-IP-4); ip_reserved (error, R-IP-2) when
 * `ip` is in one of IANA's special-purpose blocks; ip_profile (info,
 * R-IP-5). `value` is the address as the user wrote it (canonical). */
void diagnose_ip_identifier(const char *value, const struct ident_ip *ip, struct findings *f);

#endif
