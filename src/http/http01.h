/* The HTTP-01 validation as Let's Encrypt's validation authority performs
 * it (Boulder va/http.go), step by step: which address, which fallback,
 * which redirects, which body. This is the loop that does the I/O: the
 * lookups through the resolver, one request after another through the
 * HTTP client; after each request the pure step function of
 * http/h01_engine.h decides what comes next (docs/http01.md). Rules
 * R-V6-1..4 and R-HTTP-1..7 of docs/rules.md.
 *
 * The caller gives the question (domain, token, expected key
 * authorization, ports, fallback rule, timeouts, a resolver) and gets
 * every connection tried, in order, and the verdict with an ACME problem.
 * It blocks; every step has a deadline. */
#ifndef ACMEPROBE_HTTP_HTTP01_H
#define ACMEPROBE_HTTP_HTTP01_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/resolver.h"
#include "http/h01_engine.h"

struct h01_result {
	enum h01_verdict verdict;
	const char *problem_type; /* NULL, or an ACME URN (RFC 8555 s6.7) */
	char problem_detail[768];
	struct h01_attempt attempts[H01_MAX_ATTEMPTS];
	size_t attempt_count;
	struct h01_lookup initial; /* the domain's own lookups; for an IP
				      address identifier its address alone,
				      initial.literal (R-IP-4) */
	bool fell_back;            /* the IPv4 retry happened */
	bool restarted;            /* --fallback dial restarted the chain */
	unsigned redirects;        /* redirects followed */
	uint8_t body[H01_MAX_BODY]; /* the final 200's body, when < 128 octets */
	size_t body_len;
	bool has_body;
	bool reserved_seen; /* R-HTTP-7: some address LE would refuse to
			       connect to (an IP address identifier's own,
			       refused with the order, is R-IP-2's) */
	/* a redirect target under a special-use TLD (test, example...):
	 * Boulder wants an IANA-registered TLD and would refuse it; followed
	 * anyway, like R-HTTP-7's addresses */
	bool special_tld_seen;
	/* The classic failures of Let's Encrypt's page on IPv6 support, for
	 * the report (R-V6-4): */
	bool v6_answered_wrong;     /* IPv6 connected and failed the check
				       while the domain has an A record */
	bool v6_refused_no_retry;   /* a non-timeout connect error on IPv6
				       with an A record, under the timeout rule */
	bool redirect_v6_failed;    /* a redirect hop failed to connect over
				       IPv6 and got no retry (R-V6-3) */
	uint32_t elapsed_ms;
};

typedef void (*h01_trace_fn)(void *ctx, const char *rule, const char *line);

struct h01_config {
	const struct resolver_config *resolver;
	const char *domain;            /* a name, or an IP address in canonical
					  form (R-IP-1: the caller checks it) */
	const char *token;
	const char *key_authorization; /* NULL: report what is served */
	uint16_t http_port, https_port;
	enum h01_fallback fallback;
	unsigned connect_timeout_ms;
	unsigned response_timeout_ms;
	h01_trace_fn trace; /* NULL: no trace */
	/* 0 for the CA's algorithm. AF_INET6 or AF_INET: the first request
	 * uses only that family's address (redirect hops resolve as usual),
	 * so that the doctor can try each address alone beside the CA's way;
	 * no IPv4 retry then. */
	int only_family;
	void *trace_ctx;
};

/* Let's Encrypt's settings: HTTP port 80 and HTTPS port 443, the
 * documented fallback rule (R-V6-2), Boulder's 10 s dial timeout and 10 s
 * for the rest of each request; no trace, both families. The caller sets
 * resolver, domain, token and key_authorization. */
struct h01_config h01_config_defaults(void);

/* Runs the validation. Returns 0, or -1 with errno when the resolver's
 * machinery failed (memory, poll). */
int h01_validate(const struct h01_config *cfg, struct h01_result *res);

#endif
