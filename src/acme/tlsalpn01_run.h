/* The tls-alpn-01 validation, run: the A and AAAA lookups (as Boulder's
 * va/dns.go getAddrs), each try's connect and TLS handshake
 * (http/tls_alpn.h), the certificates read (acme/cert.h) and every
 * decision taken by the pure functions of acme/tlsalpn01.h, which cite
 * the rules (R-ALPN-1..5, R-IP-* of docs/rules.md). It blocks; every step
 * has a deadline on the monotonic clock. */
#ifndef ACMEPROBE_ACME_TLSALPN01_RUN_H
#define ACMEPROBE_ACME_TLSALPN01_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acme/tlsalpn01.h"
#include "dns/resolver.h"
#include "net/addr.h"

/* R-ALPN-2: the first AAAA address, then at most the first A. */
#define ALPN_MAX_ATTEMPTS 2

struct alpn_attempt {
	char address[NET_ADDR_TEXT]; /* the IP, without the port */
	const char *phase;	     /* "connect", "tls", "certificate", "alpn", "checks" */
	const struct ident_reserved *reserved; /* R-IP-2: LE would not dial it */
	uint8_t *der;			       /* the first certificate (owned) */
	size_t der_len;
	size_t chain_count;
	struct cert_san san;	      /* its subjectAltName (spans into `der`) */
	struct alpn_cert_check check; /* when has_certificate and the ALPN was right */
	enum alpn_failure failure;
	int family; /* AF_INET6 or AF_INET */
	int alert;  /* ALPN_F_REMOTE_ALERT: the alert the server sent */
	uint32_t elapsed_ms;
	uint16_t port;
	bool fallback;	      /* the IPv4 try after IPv6 failed (R-ALPN-2) */
	bool has_alpn;	      /* the server chose a protocol, `alpn` */
	bool has_certificate; /* the first certificate was read */
	bool has_san;
	char tls_version[16];
	char alpn[256];
	char go_error[160]; /* ALPN_F_UNPARSABLE: Go's parser's words */
	char detail[400];   /* what went wrong, in acmeprobe's words */
};

struct alpn_lookup {
	bool has6, has4;
	uint8_t v6[16], v4[4]; /* the first of each */
	size_t count6, count4;
	bool answered6, answered4;     /* an answer came (maybe without address) */
	char error6[300], error4[300]; /* LE's words for a failure, "" when fine */
};

enum alpn_verdict {
	ALPN_VALID,   /* exit 0 */
	ALPN_INVALID, /* the server answered, wrongly: no ALPN, a bad certificate (exit 1) */
	ALPN_FAILED,  /* no answer to judge: DNS, connect, TLS (exit 2) */
};

struct alpn_result {
	enum alpn_verdict verdict;
	struct alpn_problem problem; /* LE's problem; type NULL when valid */
	const char *rule;	     /* the rule that decided */
	char sni[256];
	uint8_t digest[ALPN_DIGEST_LEN]; /* SHA-256 of the key authorization */
	bool looked_up;			 /* a name: the lookups were made */
	struct alpn_lookup lookup;
	struct alpn_attempt attempts[ALPN_MAX_ATTEMPTS];
	size_t attempt_count;
	bool fell_back; /* an IPv4 try followed the IPv6 one */
	bool no_ipv4;	/* IPv6 failed with no A: Boulder's "Unable to contact" */
	bool reserved_seen;
	uint32_t elapsed_ms;
};

typedef void (*alpn_trace_fn)(void *ctx, const char *rule, const char *line);

struct alpn_config {
	const struct resolver_config *resolver; /* for a name; unused for an IP */
	struct alpn_ident ident;
	const char *key_authorization;
	uint16_t port;		  /* ALPN_PORT but in labs */
	unsigned dial_timeout_ms; /* connect and handshake (R-ALPN-1) */
	alpn_trace_fn trace;	  /* NULL: no trace */
	void *trace_ctx;
};

/* Runs the validation. Returns 0, or -1 with errno when the machinery
 * failed (memory, the resolver's poll loop, no TLS in this build). */
int alpn_validate(const struct alpn_config *cfg, struct alpn_result *res);

/* Frees what the attempts own. */
void alpn_result_free(struct alpn_result *res);

#endif
