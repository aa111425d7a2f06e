/* HTTP-01's decisions without I/O: what Let's Encrypt's validation
 * authority (Boulder va/http.go) decides after each request of a
 * validation, as pure functions. The loop in http01.c makes the lookups and
 * the requests; after each request it gives h01_next where the validation
 * stands (struct h01_progress) and what the request got (struct
 * h01_hop_outcome), and does what the answer says:
 *
 *   H01_FOLLOW              a redirect LE follows (R-HTTP-3): look the
 *                           target's host up and request it, IPv6 first
 *                           again, with no IPv4 retry of its own (R-V6-3)
 *   H01_RETRY_IPV4          the same first request again, to the IPv4
 *                           address (R-V6-2; --fallback dial: R-HTTP-2)
 *   H01_RESTART_CHAIN_IPV4  the first URL again over IPv4, after a connect
 *                           error on a redirect hop (--fallback dial only,
 *                           R-HTTP-2)
 *   H01_DONE                the verdict, and the ACME problem that says why
 *
 * Nothing here opens a socket, reads a clock or a file, so each rule is
 * unit-tested from hand-built outcomes (tests/unit/test_http_h01_engine.c);
 * docs/http01.md draws the states. The rules are R-V6-1..4, R-HTTP-1..7
 * and R-IP-4 (an IP address identifier) of docs/rules.md, each cited
 * where it is applied. */
#ifndef ACMEPROBE_HTTP_H01_ENGINE_H
#define ACMEPROBE_HTTP_H01_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/resolver.h"
#include "http/client.h"
#include "http/url.h"
#include "net/addr.h"

/* ACMEPROBE_IP=0 (make tiny; acme/ident.h says why) builds commands that
 * take no IP address identifier: the domain is then never an address, and
 * the code that says R-IP-4 for one is left out. */
#ifndef ACMEPROBE_IP
#define ACMEPROBE_IP 1
#endif

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

/* "IPv6" or "IPv4" */
const char *h01_family_name(int family);

/* One request of the validation, as the report shows it. */
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

/* Fills the attempt's outcome, phase, status, timing, TLS version and
 * detail from what the client saw. R-HTTP-6: a timeout during the connect
 * and one after it get different sentences (Boulder va/va.go
 * detailedError). */
void h01_attempt_result(struct h01_attempt *a, const struct http_result *hr,
			unsigned connect_timeout_ms);

/* What the lookups of one host gave (R-HTTP-1). */
struct h01_lookup {
	char host[URL_HOST_MAX + 1];
	/* the host is an IP literal, its own address, with no lookup: a
	 * redirect target (R-HTTP-3), or, as the domain, an IP address
	 * identifier (R-IP-4), which has nothing to fall back to */
	bool literal;
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

/* ---- the decision after each request ---------------------------------- */

/* Where the validation stands when a request has ended. */
struct h01_progress {
	/* the question */
	enum h01_fallback rule;
	uint16_t http_port, https_port; /* the only ports a redirect may name */
	const char *key_authorization;  /* NULL: report what is served */
	const struct h01_lookup *domain; /* the first URL's host */
	/* where it stands */
	const struct h01_lookup *host;  /* this request's host (the domain on
					   a chain's first request) */
	unsigned hop;                   /* 0: a chain's first request; n: the
					   request that follows its n-th redirect */
	bool fell_back;                 /* the one move to IPv4 is spent */
	/* redirects counted so far. Boulder's numRedirects: like its list of
	 * requested URLs it lives across a restarted chain (its
	 * processHTTPValidation closure) */
	unsigned redirects;
	const struct h01_attempt *attempts; /* every request made, this one last */
	size_t attempt_count;
};

/* What the request that just ended got. */
struct h01_hop_outcome {
	const struct url *url;             /* what was requested */
	const struct h01_attempt *attempt; /* as h01_attempt_result filled it */
	const struct http_result *http;    /* what the client saw */
};

enum h01_action {
	H01_FOLLOW,
	H01_RETRY_IPV4,
	H01_RESTART_CHAIN_IPV4,
	H01_DONE,
};

/* "follow", "retry_ipv4", "restart_chain_ipv4", "done" */
const char *h01_action_name(enum h01_action a);

/* A line for --trace: the rule, and what it decided. */
struct h01_note {
	const char *rule;
	char text[1024];
};

#define H01_MAX_NOTES 2

struct h01_step {
	enum h01_action action;
	const char *rule;         /* the rule that chose the action */
	enum h01_outcome outcome; /* the attempt's outcome, as decided here
				     (a refused redirect: H01_BAD_REDIRECT) */
	unsigned redirects;       /* the count after this step */
	struct url next;          /* H01_FOLLOW: where to */
	bool special_tld;         /* H01_FOLLOW: the target's host is under a
				     special-use TLD, which LE refuses (R-HTTP-3) */
	/* H01_DONE */
	enum h01_verdict verdict;
	const char *problem_type; /* NULL when valid or served; else an ACME
				     URN (RFC 8555 s6.7) */
	char problem_detail[768];
	bool has_body;            /* a 200 under 128 octets: the body served */
	uint8_t body[H01_MAX_BODY];
	size_t body_len;
	/* what the report explains (R-V6-4): */
	bool v6_answered_wrong;   /* the first request reached IPv6 and failed
				     there, while the domain has an A record */
	bool v6_refused_no_retry; /* a connect error other than a timeout on
				     IPv6, with an A record, under `timeout` */
	bool redirect_v6_failed;  /* a redirect hop failed to connect over IPv6
				     and got no retry of its own (R-V6-3) */
	size_t note_count;
	struct h01_note notes[H01_MAX_NOTES];
};

/* Decides what follows the request `o` describes. */
void h01_next(const struct h01_progress *p, const struct h01_hop_outcome *o,
	      struct h01_step *s);

/* R-HTTP-3: the checks Boulder's processRedirect and extractRequestTarget
 * make on a redirect, in their order, for a response with a redirect
 * status (301, 302, 303, 307, 308) and a Location. Returns true with
 * s->next, s->redirects and s->special_tld set when it is followed; false
 * with s a DONE whose problem says why not. h01_next calls it. */
bool h01_redirect_check(const struct h01_progress *p, const struct h01_hop_outcome *o,
			struct h01_step *s);

/* ---- before a request ------------------------------------------------- */

/* The first URL: http://DOMAIN/.well-known/acme-challenge/TOKEN, no port
 * (RFC 8555 s8.3; the connection goes to the HTTP port). For an IP
 * address identifier DOMAIN is the address, an IPv6 one in brackets
 * (R-IP-4), which is also the Host header. token NULL gives the challenge
 * directory, to check that a domain makes a URL at all. The text goes to
 * text[cap]. */
enum url_err h01_challenge_url(const char *domain, const char *token, struct url *u, char *text,
			       size_t cap);

/* Starts the lookups of u's host. An IP literal needs none: it is its own
 * address, lk->literal (a redirect target: R-HTTP-3, Boulder's
 * extractRequestTarget gives an IP identifier; the first URL of an IP
 * address identifier: R-IP-4, no DNS at all): returns false. A name
 * returns true: ask AAAA and A and give each result to h01_lookup_add. */
bool h01_lookup_begin(struct h01_lookup *lk, const struct url *u);

/* One AAAA or A result into lk: the first address of the final RRset, in
 * the order the resolver gave (R-HTTP-1), or the error. */
void h01_lookup_add(struct h01_lookup *lk, const struct dns_result *r);

/* R-HTTP-1: the validation goes on with whichever lookup gave an address.
 * Returns false, with s a DONE with the DNS problem, when neither did. */
bool h01_lookup_usable(const struct h01_lookup *lk, struct h01_step *s);

/* R-V6-1 (the first request) and R-V6-3 (each redirect hop): IPv6 when the
 * host has an AAAA, never both at once. Fills *why when the host has both,
 * and for the first request of an IP address identifier (R-IP-4: that
 * address only); why->rule is NULL otherwise. */
int h01_family(const struct h01_lookup *lk, unsigned hop, struct h01_note *why);

/* ---- the rules' small tables ------------------------------------------ */

/* Trailing white space removed as Go's strings.TrimRightFunc(s,
 * unicode.IsSpace) does (R-HTTP-4): ASCII white space and the Unicode
 * spaces in UTF-8. Returns the new length. */
size_t h01_trim_right_space(const uint8_t *s, size_t n);

/* R-HTTP-7: an address Boulder never connects to (iana.IsReservedAddr:
 * every block of IANA's special-purpose registries, acme/ident.c's table,
 * the one R-IP-2 uses: loopback, private, link-local, documentation...;
 * not multicast, which they do not list). Sets *why to the most specific
 * block's name in the registry ("Private-Use", "Documentation
 * (TEST-NET-1)"; "IANA special-purpose" in make tiny, which has no
 * names). */
bool h01_reserved_address(int family, const uint8_t *ip, const char **why);

#endif
