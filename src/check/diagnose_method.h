/* What `check --method M... --account-uri URI` adds to the doctor: CAA
 * judged against each challenge the owner means to use (RFC 8657
 * validationmethods and accounturi, R-CAA-12), and whether Let's Encrypt
 * offers that challenge for the identifier at all (R-DNS01-5, R-IP-3).
 * Pure functions of the CAA walk's result and the request, as
 * diagnose_domain.h: tested on walks built by hand
 * (tests/unit/test_check_diagnose_method.c). docs/check.md lists every
 * code. */
#ifndef ACMEPROBE_CHECK_DIAGNOSE_METHOD_H
#define ACMEPROBE_CHECK_DIAGNOSE_METHOD_H

#include <stdbool.h>
#include <stddef.h>

#include "caa/lookup.h"
#include "check/findings.h"

/* make tiny leaves --method and --account-uri out of check, as it leaves
 * out the dns01 command (ACMEPROBE_DNS01=0: see the Makefile) */
#ifndef ACMEPROBE_DNS01
#define ACMEPROBE_DNS01 1
#endif

/* At most this many --method options (there are five challenges). */
#define METHOD_MAX 5

/* Whether `name` is a challenge Boulder knows (core/challenges.go):
 * http-01, dns-01, tls-alpn-01, dns-account-01, dns-persist-01. Returns
 * its ident_challenge bit (acme/ident.h), 0 for any other text. */
unsigned method_from_name(const char *name);

/* R-DNS01-5, R-IP-3: method_not_offered (an error) for each of
 * methods[0..n) Let's Encrypt does not offer for the identifier `input`
 * (an IP address when `is_ip`; "*.NAME" for a wildcard), counting the
 * feature-flagged dns-account-01 and dns-persist-01 as offered. */
void diagnose_methods_offered(bool is_ip, const char *input, const char *const *methods, size_t n,
			      struct findings *f);

/* R-CAA-12: the CAA verdict for each of methods[0..n) (n may be 0 when
 * only an account URI is given), with req->account_uri; req->method is
 * not read. Each method the records refuse only for the method is a
 * caa_method_not_allowed error whose fix names the methods they allow;
 * records bound to another account (or to one, when no account URI is
 * given) give one caa_account_not_allowed error; any other refusal, a
 * failed lookup or a permission is what diagnose_caa says (once). When
 * every method is permitted the findings are exactly diagnose_caa's. */
void diagnose_caa_methods(const struct caa_walk_result *r, const struct caa_request *req,
			  const char *const *methods, size_t n, struct findings *f);

#endif
