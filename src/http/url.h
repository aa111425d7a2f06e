/* URLs as the HTTP-01 validator meets them: the first request's URL and
 * the Location of each redirect, resolved against the URL that answered
 * (RFC 3986 s5.2; Go's net/url ResolveReference, which Boulder's client
 * uses). Strict: anything a server could mean two ways is an error, so the
 * report never guesses. No malloc: a parsed URL lives in fixed buffers. */
#ifndef ACMEPROBE_HTTP_URL_H
#define ACMEPROBE_HTTP_URL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A DNS name is at most 253 characters of text (RFC 1035 s2.3.4). */
#define URL_HOST_MAX 253
/* Paths longer than Boulder's 2000-octet redirect limit (R-HTTP-3) must
 * still parse, so the refusal can name the right rule. */
#define URL_PATH_MAX 4096
#define URL_QUERY_MAX 2048
#define URL_SCHEME_MAX 32
/* scheme "://" "[" host "]" ":" port path "?" query, and the NUL */
#define URL_TEXT_MAX (URL_SCHEME_MAX + 3 + URL_HOST_MAX + 2 + 6 + URL_PATH_MAX + 1 + URL_QUERY_MAX + 1)

enum url_scheme { URL_HTTP, URL_HTTPS };

enum url_err {
	URL_OK,
	URL_E_EMPTY,        /* nothing at all */
	URL_E_TOO_LONG,     /* over URL_TEXT_MAX, or a query over URL_QUERY_MAX */
	URL_E_PATH_TOO_LONG,/* a path over URL_PATH_MAX octets */
	URL_E_NOT_ABSOLUTE, /* url_parse wants scheme://host */
	URL_E_SCHEME,       /* a scheme other than http or https (kept in
			       scheme_text for the message) */
	URL_E_BAD_SCHEME,   /* not a scheme at all (RFC 3986 s3.1 grammar) */
	URL_E_NO_HOST,      /* "http:///x", "http:x" */
	URL_E_USERINFO,     /* "user@host": credentials in a URL */
	URL_E_HOST,         /* characters a host name cannot have */
	URL_E_IPV6,         /* a bracketed literal that is no IPv6 address */
	URL_E_ZONE,         /* an IPv6 literal with a zone (RFC 6874) */
	URL_E_PORT,         /* not digits, 0, or over 65535 */
	URL_E_CHAR,         /* a control octet, or a bad %-escape */
};

const char *url_strerror(enum url_err e);

struct url {
	enum url_scheme scheme;
	char scheme_text[URL_SCHEME_MAX + 1]; /* as written, lower-cased */
	char host[URL_HOST_MAX + 1];          /* lower-cased; IPv6 without [] */
	int ip_family;                        /* 0 (a name), AF_INET, AF_INET6 */
	uint8_t ip[16];
	bool has_port;
	uint16_t port;
	char path[URL_PATH_MAX + 1];   /* encoded as Go's EscapedPath()
					  does, dot segments removed; may
					  be "" */
	bool has_query;
	char query[URL_QUERY_MAX + 1]; /* without the '?' */
};

/* Parses an absolute http or https URL of `len` octets (no NUL needed).
 * The fragment is dropped, dot segments are removed. */
enum url_err url_parse(struct url *u, const char *s, size_t len);

/* Resolves a Location value against `base` (RFC 3986 s5.2.2): absolute,
 * scheme-relative ("//host/p"), absolute-path, relative-path, query-only
 * or fragment-only references. `out` may not alias `base`. */
enum url_err url_resolve(struct url *out, const struct url *base, const char *ref,
			 size_t len);

/* The URL as text (what is compared for loops: R-HTTP-3). Returns the
 * length, or 0 when cap is too small. */
size_t url_format(const struct url *u, char *buf, size_t cap);

/* The request-target of the GET (RFC 9112 s3.2.1): path ("/" when empty)
 * and query. Returns the length, or 0 when cap is too small. */
size_t url_request_target(const struct url *u, char *buf, size_t cap);

/* The Host header value: the host (IPv6 in brackets) and the port when
 * the URL has one (RFC 9110 s7.2). Returns the length or 0. */
size_t url_host_header(const struct url *u, char *buf, size_t cap);

/* The port the request goes to: the URL's own, else the scheme's
 * (the caller's http and https ports: --http-port, --https-port). */
uint16_t url_effective_port(const struct url *u, uint16_t http_port, uint16_t https_port);

/* The path's length after %-decoding: what Boulder compares with its
 * 2000-octet redirect limit (Go's URL.Path is decoded). */
size_t url_path_decoded_len(const struct url *u);

#endif
