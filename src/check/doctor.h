/* The doctor: every check that applies to one domain, in the order a CA
 * meets them, each problem a finding with its cause, its fix and its rule.
 *   1. CAA, decided exactly as `acmeprobe caa` decides it (caa/lookup.h);
 *   2. every authoritative nameserver of the zone, asked directly
 *      (nsprobe.h), then diagnosed (diagnose.h);
 *   3. acmeprobe's own DNSSEC validation of the CA's lookups, through the
 *      resolver and at each server (dnssec_doctor.h);
 *   then the domain's A and AAAA records;
 *   4. HTTP-01 as the CA performs it (http/http01.h), when a token is
 *      given, beside each address family alone; dns-01 and tls-alpn-01
 *      (acme/dns01_run.h, acme/tlsalpn01_run.h) when --method names them
 *      and a key authorization is given;
 *   5. what one host cannot see.
 * This file runs the probes (it does the I/O, through the resolver and the
 * HTTP client) and hands their results to the pure diagnoses of
 * diagnose.h and diagnose_domain.h, which write every finding. The
 * command line (cli/cmd_check.c) reads the options, prints the report,
 * and runs many domains at once (cli/fleet.c); docs/check.md lists every
 * finding code. */
#ifndef ACMEPROBE_CHECK_DOCTOR_H
#define ACMEPROBE_CHECK_DOCTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "check/diagnose_domain.h"
#include "check/findings.h"
#include "dns/resolver.h"
#include "dns/wire.h"
#include "dnssec/anchors.h"

/* One --trace line: `rule` is the rule it applies ("R-CAA-6"), `line` the
 * text after it; a printer shows "[rule] line". */
typedef void (*doctor_trace_fn)(void *ctx, const char *rule, const char *line);

struct doctor_config {
	const struct resolver_config *resolver;
	uint16_t ns_port; /* the authoritative servers are asked there: 53 but in labs */
	/* HTTP-01, for a name that is no wildcard: checked when token is set;
	 * key_authorization is the body expected (NULL: report what is
	 * served). */
	const char *token;
	const char *key_authorization;
	bool token_given; /* the user gave the token (--token): an order waits on it */
	/* R-TRANSIENT-1: tries in all of each failing probe (the CAA lookup,
	 * each nameserver probe); 0 means TRANSIENT_DEFAULT_TRIES, 1 no repeat */
	unsigned tries;
	const char *webroot_failed; /* --webroot DIR whose token file could not be
				       written: HTTP-01 is reported as not run */
	/* --trace, when trace is set: the lines the doctor makes (the CAA
	 * walk's account, the nameserver probes), and each CAA answer as it
	 * comes, whose resolver tries the caller prints (trace_answer may be
	 * NULL). */
	doctor_trace_fn trace;
	void (*trace_answer)(void *ctx, const struct dns_result *r);
	void *trace_ctx;
	/* DNSSEC (R-DNSSEC-*, check/dnssec_doctor.h): the trust anchors to
	 * validate from, or NULL for no validation of our own, and then
	 * dnssec_off says why (dnssec_not_checked) */
	const struct dnssec_anchors *anchors;
	const char *dnssec_off;
	uint64_t now; /* the time validation judges at (seconds since 1970) */
	bool dns01;   /* the CA's TXT lookup counts (dns-01) */
	/* --method, --account-uri (check/diagnose_method.h): the challenges
	 * the owner means to use, CAA judged against each (R-CAA-12) and each
	 * one Let's Encrypt offers for the identifier (R-DNS01-5); with none,
	 * http-01 when HTTP-01 is run (a token, or --webroot), else CAA as
	 * `caa` without --method decides it */
	const char *const *methods;
	size_t method_count;
	const char *account_uri; /* RFC 8657 accounturi, or NULL */
	/* with key_authorization, a dns-01 or tls-alpn-01 among the methods
	 * is run too (check/diagnose_challenge.h) */
};

#define DOCTOR_MAX_LE_TEXT 4
#define DOCTOR_LE_TEXT	   1024

struct doctor_report {
	/* the name checked, with its final dot and without a "*."; the input
	 * as given when it is not a name */
	char domain[DNS_MAX_NAME_TEXT];
	enum check_verdict verdict;
	struct findings findings; /* in the order found; the report sorts them */
	/* What Let's Encrypt would show for the outcomes met, in its words
	 * (acme/le_caa.h, acme/le_http01.h), CAA first: the report's le_text. */
	char le_text[DOCTOR_MAX_LE_TEXT][DOCTOR_LE_TEXT];
	size_t le_text_count;
};

enum doctor_status {
	DOCTOR_DONE,	   /* every check ran: the report is complete */
	DOCTOR_NOT_A_NAME, /* the input is not a domain name (or is the root),
			      nor an IP address in canonical form */
	DOCTOR_FAILED,	   /* the lookups' machinery failed (memory, poll; errno
			      set): the verdict is unknown, the report holds
			      what was found before */
};

/* Checks `input` ("www.example.com", "*.example.com" for a wildcard
 * certificate, or an IP address in canonical form: R-IP-4, only what
 * applies to it) and fills *out. Blocks; every probe has a deadline. */
enum doctor_status doctor_run(const struct doctor_config *cfg, const char *input,
			      struct doctor_report *out);

/* One --trace line of the doctor's, when cfg asks for them: `rule` the
 * rule it applies, then the text (a line of at most 4 KiB). */
void doctor_trace(const struct doctor_config *cfg, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
