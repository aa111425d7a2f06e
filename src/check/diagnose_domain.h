/* What the domain's own checks say, as findings: the CAA walk's verdict,
 * the A and AAAA lookups, HTTP-01 as the CA makes it beside each address
 * family alone, what one host cannot see, and the verdict over them all.
 * Pure functions of the probes' results (a caa_walk_result, the lookups'
 * counts and errors, h01_result values): each finding can be tested on
 * results built by hand (tests/unit/test_check_diagnose_domain.c). The
 * doctor (doctor.c) runs the probes and hands their results here, as it
 * hands the nameserver probe's report to diagnose.h. docs/check.md lists
 * every code. */
#ifndef ACMEPROBE_CHECK_DIAGNOSE_DOMAIN_H
#define ACMEPROBE_CHECK_DIAGNOSE_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "caa/lookup.h"
#include "check/findings.h"
#include "check/transient.h"
#include "dns/response.h"
#include "dns/result.h"
#include "http/http01.h"

/* R-CAA-*: caa_permitted, caa_forbidden or caa_lookup_failed (R-CAA-4),
 * the cause in CAA's own words (caa/explain.h). */
void diagnose_caa(const struct caa_walk_result *r, const struct caa_request *req,
		  struct findings *f);

/* R-TRANSIENT-1: the CAA lookup that failed was asked again; `t` counts
 * every try (the first included). Its caa_lookup_failed finding then says
 * "permanent (3 of 3)" or "intermittent (1 of 3 timed out)" in its title,
 * its cause and its persistence; an intermittent one is retryable. */
void diagnose_caa_tries(const struct transient_tries *t, struct findings *f);

/* R-HTTP-7: reserved_address when `a`, an address of `domain` (its text),
 * is one Let's Encrypt never connects to. */
void diagnose_address(const char *domain, const struct dns_address *a, struct findings *f);

/* What the domain's A and AAAA lookups gave. */
struct domain_lookups {
	size_t count[2];	    /* addresses: [0] A, [1] AAAA */
	enum dns_errclass error[2]; /* each lookup's error; NONE when it answered */
};

/* Whether HTTP-01 is to be run: a token (--token, or the file --webroot
 * wrote), or a --webroot whose file could not be written (`webroot_failed`,
 * NULL otherwise): either way the owner means to validate over HTTP. */
bool diagnose_http01_planned(const char *token, const char *webroot_failed);

/* R-HTTP-1: no_address when neither lookup gave an address (an error when
 * HTTP-01 is to be run, `http01_planned`: an order waits on it; else a
 * warning), or aaaa_lookup_failed when only the AAAA lookup fails
 * (NXDOMAIN is an answer, not a failure). */
void diagnose_lookups(const char *domain, const struct domain_lookups *l, bool http01_planned,
		      struct findings *f);

/* http01_not_run: the token file could not be written under --webroot
 * `dir`. */
void diagnose_webroot_unwritable(const char *dir, struct findings *f);
/* http01_not_run: the validation itself could not run (errno `err`). */
void diagnose_http01_error(int err, struct findings *f);

/* R-V6-1, R-V6-2: http01_valid or http01_invalid from the CA's way (`ca`).
 * Then, when `alone` is not NULL (the domain has both families and each
 * was tried alone: alone[0] over IPv6, alone[1] over IPv4), what the
 * difference says: http01_ipv4_only (R-V6-2) or aaaa_serves_differently
 * (R-V6-1). */
void diagnose_http01(const struct h01_result *ca, const struct h01_result alone[2],
		     struct findings *f);

/* single_vantage_point: always, the doctor's last finding. */
void diagnose_single_vantage(struct findings *f);

/* The verdict of the whole check: `acmeprobe check`'s "verdict" field
 * and its exit status 0, 1, 2. */
enum check_verdict { CHECK_OK, CHECK_WILL_FAIL, CHECK_UNKNOWN };

/* "ok", "will_fail", "unknown". */
const char *check_verdict_name(enum check_verdict v);

/* How many of the findings f->items[first..] name a nameserver at fault:
 * every nameserver finding (diagnose.h) but ns_probe_incomplete, which
 * says the servers could not be probed, not that one is wrong. */
size_t diagnose_servers_at_fault(const struct findings *f, size_t first);

/* will_fail when any finding is an error, else ok; but unknown when the
 * CAA lookup failed (`caa` is CAA_NO_DECISION) while no nameserver is at
 * fault: the trouble may then be the resolver asked, not the zone. */
enum check_verdict diagnose_verdict(const struct findings *f, enum caa_verdict caa,
				    size_t servers_at_fault);

#endif
