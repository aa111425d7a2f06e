/* What `check --method dns-01` and `--method tls-alpn-01` add to the
 * doctor when --key-authorization is given: the challenge run as the
 * dns01 and tlsalpn01 commands run it (acme/dns01_run.h,
 * acme/tlsalpn01_run.h: the doctor does that I/O), and here its outcome
 * turned into one finding with its cause, its fix and the rule that
 * decided. Pure functions of the results, tested on results built by
 * hand (tests/unit/test_check_diagnose_challenge.c). docs/check.md lists
 * every code. */
#ifndef ACMEPROBE_CHECK_DIAGNOSE_CHALLENGE_H
#define ACMEPROBE_CHECK_DIAGNOSE_CHALLENGE_H

#include <stdbool.h>

#include "acme/dns01.h"
#include "acme/tlsalpn01_run.h"
#include "check/findings.h"

/* The dns-01 outcome, as acme/dns01_run.h leaves it. */
struct dns01_view {
	enum acme_outcome outcome; /* acme_combine's: the lookup and every server */
	bool lookup_passed;	   /* the resolver's answer alone was valid */
	const char *rule;	   /* the rule that decided the lookup */
	const char *txt_name;	   /* "_acme-challenge.example.com", as Boulder writes it */
	const char *expected;	   /* the value the CA compares with */
	/* the problem Let's Encrypt would report (the lookup's, or else that
	 * of the first server that answers without the record); NULL: none */
	const char *problem_type, *detail;
	/* the first server that answers without the record, in
	 * acme_server_sentence's words ("... does not serve it yet: ..."),
	 * and whether its serial is older (it may catch up); NULL: none */
	const char *server;
	bool server_lags;
};

/* R-DNS01-3, R-DNS01-4: dns01_valid (info), dns01_invalid (error: no
 * record, a wrong one, no such name, or a server that answers without
 * it), dns01_lookup_failed (error: SERVFAIL, timeout...). */
void diagnose_dns01(const struct dns01_view *v, struct findings *f);

/* R-ALPN-1..5: tlsalpn01_valid (info; a warning, tlsalpn01_ipv4_only,
 * beside it when only the IPv4 fallback passed), tlsalpn01_invalid
 * (error: the server answered wrongly), tlsalpn01_failed (error: no
 * answer to judge). `ident` is the identifier checked. */
void diagnose_tlsalpn01(const char *ident, const struct alpn_result *res, struct findings *f);

#endif
