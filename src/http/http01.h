/* The HTTP-01 validation as Let's Encrypt's validation authority performs
 * it (Boulder va/http.go), step by step: which address, which fallback,
 * which redirects, which body. Rules R-V6-1..4 and R-HTTP-1..7 of
 * ../shared/validation-rules.md; each is cited where it is applied.
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
#include "http/client.h"
#include "http/url.h"
#include "net/addr.h"

/* Boulder's limits (va/http.go): maxRedirect 10, checked before counting,
 * so 11 redirects are followed and the 12th refused (R-HTTP-3);
 * maxResponseSize 128 (R-HTTP-4); maxPathSize 2000 (R-HTTP-3). */
#define H01_MAX_REDIRECTS 11
#define H01_MAX_BODY 128
#define H01_MAX_PATH 2000
/* Every hop once, plus the IPv4 retry, plus a whole restarted chain
 * under --fallback dial. */
#define H01_MAX_ATTEMPTS (2 * (H01_MAX_REDIRECTS + 1) + 2)

enum h01_fallback {
	H01_FALLBACK_TIMEOUT, /* LE's documented rule (R-V6-2) */
	H01_FALLBACK_DIAL,    /* Boulder's code (R-HTTP-2) */
};

/* The `outcome` words of the command-line contract. */
enum h01_outcome {
	H01_OK,
	H01_TIMEOUT,
	H01_REFUSED,
	H01_UNREACHABLE,
	H01_RESET,
	H01_TLS_ERROR,
	H01_HTTP_ERROR,
	H01_BAD_REDIRECT,
	H01_TOO_LARGE,
};

const char *h01_outcome_name(enum h01_outcome o);

struct h01_attempt {
	char url[URL_TEXT_MAX];
	char address[NET_ADDR_TEXT]; /* the IP, without the port */
	uint16_t port;
	int family; /* AF_INET6 or AF_INET */
	enum h01_outcome outcome;
	enum http_phase phase;
	int http_status; /* 0: no response */
	uint32_t elapsed_ms;
	bool fallback;   /* this is the IPv4 retry of the first request */
	bool restart;    /* first attempt of a chain restarted (--fallback dial) */
	bool reserved;   /* R-HTTP-7: LE would not connect to this address */
	char tls_version[16];
	char detail[320];
};

/* What the lookups of one host gave (R-HTTP-1). */
struct h01_lookup {
	char host[URL_HOST_MAX + 1];
	bool has6, has4;
	uint8_t v6[16], v4[4]; /* the first of each */
	size_t count6, count4;
	char error6[400], error4[400]; /* "" when the lookup answered */
};

enum h01_verdict {
	H01_VALID,        /* 200, and the body is the key authorization */
	H01_SERVED,       /* no key authorization given: 200, body < 128 */
	H01_INVALID,      /* a response LE refuses: exit 1 */
	H01_UNREACHABLE_V,/* a connection or DNS failure: exit 2 */
};

struct h01_result {
	enum h01_verdict verdict;
	const char *problem_type; /* NULL, or an ACME URN (RFC 8555 s6.7) */
	char problem_detail[768];
	struct h01_attempt attempts[H01_MAX_ATTEMPTS];
	size_t attempt_count;
	struct h01_lookup initial; /* the domain's own lookups */
	bool fell_back;            /* the IPv4 retry happened */
	bool restarted;            /* --fallback dial restarted the chain */
	unsigned redirects;        /* redirects followed */
	uint8_t body[H01_MAX_BODY]; /* the final 200's body, when < 128 octets */
	size_t body_len;
	bool has_body;
	bool reserved_seen; /* R-HTTP-7: some address LE would refuse */
	/* a redirect target under a special-use TLD (test, example...):
	 * Boulder wants an IANA-registered TLD and would refuse it; followed
	 * anyway, like R-HTTP-7's addresses */
	bool special_tld_seen;
	/* The seed's classic failures, for the report (R-V6-4): */
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
	const char *domain;            /* a name, or an IP address */
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

/* Runs the validation. Returns 0, or -1 with errno when the resolver's
 * machinery failed (memory, poll). */
int h01_validate(const struct h01_config *cfg, struct h01_result *res);

/* Trailing white space removed as Go's strings.TrimRightFunc(s,
 * unicode.IsSpace) does (R-HTTP-4): ASCII white space and the Unicode
 * spaces in UTF-8. Returns the new length. */
size_t h01_trim_right_space(const uint8_t *s, size_t n);

/* R-HTTP-7: an address Boulder never connects to (iana.IsReservedAddr:
 * loopback, private, link-local, documentation, multicast...). Sets *why
 * to a short name of the range. */
bool h01_reserved_address(int family, const uint8_t *ip, const char **why);

#endif
