/* One HTTP/1.1 GET to one address, over plain TCP or TLS, the way
 * Boulder's validator makes each request of an HTTP-01 validation: a
 * fresh connection (keep-alive disabled), "Connection: close", a deadline
 * for the connect and another for everything after it, so that a timeout
 * during connect and one after connect are different outcomes (R-HTTP-6;
 * va/va.go detailedError: "Timeout during connect (likely firewall
 * problem)" vs "Timeout after connect (your server may be slow or
 * overloaded)"). */
#ifndef ACMEPROBE_HTTP_CLIENT_H
#define ACMEPROBE_HTTP_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/response.h"
#include "net/addr.h"
#include "net/connect.h"

/* The User-Agent Let's Encrypt's validator sends. */
#define HTTP_USER_AGENT \
	"Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)"

enum http_phase {
	HTTP_PHASE_CONNECT, /* the TCP handshake */
	HTTP_PHASE_TLS,     /* the TLS handshake */
	HTTP_PHASE_REQUEST, /* writing the request */
	HTTP_PHASE_RESPONSE,/* reading the response */
};

enum http_outcome {
	HTTP_O_OK,        /* a response came (any status); resp says what */
	HTTP_O_TIMEOUT,   /* phase says whether during or after connect */
	HTTP_O_REFUSED,   /* connect phase only */
	HTTP_O_UNREACHABLE,
	HTTP_O_RESET,
	HTTP_O_OTHER,     /* a connect or socket error of another kind */
	HTTP_O_TLS,       /* the TLS handshake failed */
	HTTP_O_PROTOCOL,  /* the response is malformed or cut: resp.err */
};

struct http_request {
	struct net_addr addr; /* address and port */
	bool tls;
	const char *sni;         /* NULL for an IP literal */
	const char *host_header; /* Host field value */
	const char *target;      /* request-target: path and query */
	unsigned connect_timeout_ms;
	unsigned response_timeout_ms; /* everything after the connect */
	/* a 200 response's body is read up to this many octets (Boulder
	 * reads 128, R-HTTP-4); other statuses' bodies are not read */
	uint64_t body_limit;
};

struct http_result {
	enum http_outcome outcome;
	enum http_phase phase; /* where the outcome happened */
	int err;               /* the errno behind a socket outcome, or 0 */
	char detail[256];      /* a sentence on a failure */
	bool not_tls;          /* a TLS failure because the server's answer
				  was no TLS record (plain HTTP, likely) */
	char tls_version[16];  /* "TLSv1.3", or "" */
	uint32_t connect_ms;   /* time to connect */
	uint32_t elapsed_ms;   /* time for all of it */
	struct http_response resp;
};

void http_get(const struct http_request *rq, struct http_result *res);

/* "connect", "tls", "request", "response" */
const char *http_phase_name(enum http_phase p);

#endif
