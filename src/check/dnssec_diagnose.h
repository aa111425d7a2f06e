/* The doctor's DNSSEC findings (dnssec_*), as a pure function of what
 * acmeprobe's own validation said about each lookup the CA makes: CAA at
 * the label that decides, A and AAAA of the name, TXT of its
 * _acme-challenge name, each judged through the resolver and then once
 * per authoritative server of the zone (dnssec/servers.h). The doctor
 * (dnssec_doctor.c) runs the validations and hands their verdicts here;
 * tests/unit/test_check_dnssec.c builds them by hand. docs/check.md
 * lists every code.
 *
 * How the CA's resolver fares decides the severity (R-DNSSEC-2): Unbound
 * throws away an answer that does not validate and asks another server
 * of the zone, so a lookup fails at the CA when every server serves bad
 * data (error: the CA's CAA lookup fails, or both its A and AAAA lookups,
 * or TXT with dns-01), and only looks fragile when some do (warning:
 * dnssec_stale_server, dnssec_server_bogus). Whatever the resolver asked
 * here says: the verdict is will_fail even when it does not validate. An
 * insecure zone is no error (R-DNSSEC-6, R-DNSSEC-11). */
#ifndef ACMEPROBE_CHECK_DNSSEC_DIAGNOSE_H
#define ACMEPROBE_CHECK_DNSSEC_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "check/findings.h"
#include "dnssec/servers.h"
#include "dnssec/verdict.h"

/* One lookup the CA makes, judged. */
struct dnssec_probe_question {
	uint16_t type;			/* DNS_T_CAA, DNS_T_A, DNS_T_AAAA, DNS_T_TXT */
	uint8_t name[DNS_MAX_NAME];	/* the name asked */
	struct dnssec_verdict resolver; /* the data through the resolver (DO, CD) */
	bool per_server;		/* asked at each server of the probe's zone */
	struct dnssec_server_answer at[DNSSEC_MAX_SERVERS]; /* [i]: servers[i] */
};

#define DNSSEC_PROBE_QUESTIONS DNSSEC_MAX_QUESTIONS

struct dnssec_probe {
	uint8_t zone[DNS_MAX_NAME]; /* the zone whose servers were asked */
	size_t server_count;
	struct dnssec_server servers[DNSSEC_MAX_SERVERS];
	size_t question_count;
	struct dnssec_probe_question q[DNSSEC_PROBE_QUESTIONS];
	bool dns01; /* the TXT lookup is one the CA makes (dns-01) */
	/* the order's name as Let's Encrypt writes it: no final dot, no "*." */
	char identifier[DNS_MAX_NAME_TEXT];
};

/* The dnssec_* findings, in the order of the CA's lookups. Returns how
 * many are errors (the doctor counts them as faults found, for the
 * verdict). */
size_t diagnose_dnssec(const struct dnssec_probe *p, struct findings *f);

/* dnssec_not_checked (info): acmeprobe did not validate; `why` is the
 * cause ("--no-dnssec was given..."), or NULL when no validator is built
 * in (make tiny, make TLS=0): then the title says so, in the words of
 * query --dnssec, and without a rule (every octet counts in make tiny's
 * budget). */
void diagnose_dnssec_not_checked(const char *why, struct findings *f);

#endif
