/* An incremental HTTP/1.1 response parser (RFC 9112) for the validator's
 * one GET: status line, header fields, and a body framed by
 * Content-Length, chunked coding or the close of the connection. It is fed
 * whatever recv() returned, in any split, and keeps everything it needs
 * in the struct: no malloc, hard limits on line length, header size and
 * header count, so a hostile server costs a fixed amount of memory.
 *
 * What it accepts follows Go's net/http client, which Boulder uses: the
 * same framing decisions give the same body, and a response Go refuses
 * is refused here too (see response.c for each case). */
#ifndef ACMEPROBE_HTTP_RESPONSE_H
#define ACMEPROBE_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_MAX_LINE 8192          /* one status, header or chunk line */
#define HTTP_MAX_HEADER_BYTES 32768 /* all header lines of one response */
#define HTTP_MAX_HEADERS 100
#define HTTP_MAX_1XX 5              /* interim responses skipped (Go's limit) */
/* Body octets kept; Boulder reads at most 128 (R-HTTP-4), and the report
 * shows what was served. */
#define HTTP_BODY_KEEP 256

enum http_err {
	HTTP_OK,
	HTTP_E_EMPTY,           /* the connection closed before any octet */
	HTTP_E_STATUS_LINE,     /* not "HTTP/1.x NNN reason" */
	HTTP_E_HEADER,          /* a header line without a name and colon,
				   or an obsolete line folding */
	HTTP_E_LINE_TOO_LONG,
	HTTP_E_HEADERS_TOO_LARGE,
	HTTP_E_TOO_MANY_HEADERS,
	HTTP_E_CONTENT_LENGTH,  /* not digits, or two different values */
	HTTP_E_TRANSFER_CODING, /* a Transfer-Encoding other than chunked */
	HTTP_E_CHUNK,           /* malformed chunked coding */
	HTTP_E_TOO_MANY_1XX,
	HTTP_E_TRUNCATED,       /* the connection closed mid-response */
};

const char *http_strerror(enum http_err e);

enum http_body_mode {
	HTTP_BODY_NONE,   /* 1xx, 204, 304 */
	HTTP_BODY_LENGTH, /* Content-Length */
	HTTP_BODY_CHUNKED,
	HTTP_BODY_CLOSE,  /* until the server closes (RFC 9112 s6.3 item 8) */
};

enum http_state {
	HTTP_S_STATUS,
	HTTP_S_HEADER,
	HTTP_S_BODY,
	HTTP_S_CHUNK_SIZE,
	HTTP_S_CHUNK_DATA,
	HTTP_S_CHUNK_END,
	HTTP_S_TRAILER,
	HTTP_S_DONE,
	HTTP_S_ERROR,
};

struct http_response {
	/* the result */
	enum http_state state;
	enum http_err err;
	int status;        /* of the final (non-1xx) response */
	bool headers_done; /* its header section ended: status is final */
	int minor_version; /* HTTP/1.minor */
	bool has_location;
	char location[HTTP_MAX_LINE]; /* the first Location field, trimmed */
	enum http_body_mode body_mode;
	uint64_t content_length;
	unsigned header_count;
	size_t header_bytes;
	uint8_t body[HTTP_BODY_KEEP]; /* the first octets of the body */
	size_t body_len;              /* how many of them are in body[] */
	uint64_t body_total;          /* octets of body seen (decoded) */
	uint64_t octets;              /* octets consumed, framing included */

	/* parser state */
	bool has_content_length;
	unsigned te_count;
	bool chunked;
	unsigned interim; /* 1xx responses skipped */
	uint64_t remaining; /* of the Content-Length or the current chunk */
	size_t line_len;
	char line[HTTP_MAX_LINE + 1];
};

void http_response_init(struct http_response *r);

/* Feeds n octets. Returns how many were consumed: all of them until the
 * response ends (state DONE) or is refused (state ERROR, err says why);
 * octets after the end of the response are not consumed. */
size_t http_response_feed(struct http_response *r, const uint8_t *p, size_t n);

/* The server closed the connection: ends a close-delimited body, and is
 * an error anywhere else short of DONE. */
void http_response_eof(struct http_response *r);

#endif
