/* picohttpparser: phr_parse_response for the status line and headers,
 * then what a client of it writes to frame the body, since pico leaves
 * that to its caller: one pass over the header array for Content-Length,
 * Transfer-Encoding and the first Location (pointers into the buffer, no
 * copy), then phr_decode_chunked (trailers consumed) for a chunked body,
 * the Content-Length slice, or everything up to the end for a
 * close-delimited body.
 *
 * phr_decode_chunked decodes in place: it overwrites the buffer. A
 * client decodes its receive buffer, which it owns; the bench parses the
 * same corpus buffer again and again, so for a chunked response the body
 * part is first copied to a scratch buffer and decoded there. That
 * memcpy is counted in pico's time (it is the only work here that a real
 * client would not do; README.md gives its share). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "adapter.h"
#include "pico_api.h"

const char bench_adapter_name[] = "picohttpparser";

#define MAX_HEADERS 100 /* as acmeprobe's HTTP_MAX_HEADERS */
#define MAX_RESPONSE (1u << 20) /* the harness refuses longer corpus files */

static struct phr_header hdrs[MAX_HEADERS];
static char scratch[MAX_RESPONSE];

struct parsed {
	int minor_version, status;
	size_t num_headers;
	size_t header_len;
	enum bench_body body;
	const char *body_ptr;
	size_t body_len;
	size_t octets;
	const char *location;
	size_t location_len;
};

/* name_len == n and the name equals lower (lower case) ignoring case */
static inline int name_is(const struct phr_header *h, const char *lower, size_t n)
{
	if (h->name_len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = h->name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 'a' - 'A');
		if (c != lower[i])
			return 0;
	}
	return 1;
}

static int parse(const uint8_t *buf, size_t len, struct parsed *p,
		 int consume_trailer)
{
	const char *msg;
	size_t msg_len;
	p->num_headers = MAX_HEADERS;
	int hl = phr_parse_response((const char *)buf, len, &p->minor_version,
				    &p->status, &msg, &msg_len, hdrs,
				    &p->num_headers, 0);
	if (hl <= 0)
		return hl == -2 ? 2 : 1;
	p->header_len = (size_t)hl;

	int chunked = 0, has_cl = 0;
	uint64_t cl = 0;
	p->location = NULL;
	p->location_len = 0;
	for (size_t i = 0; i < p->num_headers; i++) {
		const struct phr_header *h = &hdrs[i];
		if (name_is(h, "content-length", 14)) {
			uint64_t v = 0;
			if (h->value_len == 0 || h->value_len > 18)
				return 3;
			for (size_t k = 0; k < h->value_len; k++) {
				if (h->value[k] < '0' || h->value[k] > '9')
					return 3;
				v = v * 10 + (uint64_t)(h->value[k] - '0');
			}
			if (has_cl && v != cl)
				return 3;
			has_cl = 1;
			cl = v;
		} else if (name_is(h, "transfer-encoding", 17)) {
			if (chunked || h->value_len != 7 ||
			    strncasecmp(h->value, "chunked", 7) != 0)
				return 4;
			chunked = 1;
		} else if (p->location == NULL && name_is(h, "location", 8)) {
			p->location = h->value;
			p->location_len = h->value_len;
		}
	}

	size_t rest = len - p->header_len;
	const char *body = (const char *)buf + p->header_len;
	if ((p->status >= 100 && p->status < 200) || p->status == 204 ||
	    p->status == 304) {
		p->body = BODY_NONE;
		p->body_ptr = body;
		p->body_len = 0;
		p->octets = p->header_len;
	} else if (chunked) {
		struct phr_chunked_decoder d;
		memset(&d, 0, sizeof d);
		d.consume_trailer = (char)consume_trailer;
		memcpy(scratch, body, rest);
		size_t size = rest;
		ssize_t left = phr_decode_chunked(&d, scratch, &size);
		if (left < 0)
			return left == -2 ? 2 : 5;
		p->body = BODY_CHUNKED;
		p->body_ptr = scratch;
		p->body_len = size;
		p->octets = len - (size_t)left;
	} else if (has_cl) {
		if (cl > rest)
			return 2;
		p->body = BODY_LENGTH;
		p->body_ptr = body;
		p->body_len = (size_t)cl;
		p->octets = p->header_len + (size_t)cl;
	} else {
		p->body = BODY_CLOSE;
		p->body_ptr = body;
		p->body_len = rest;
		p->octets = len;
	}
	return 0;
}

int bench_parse(const uint8_t *buf, size_t len)
{
	struct parsed p;
	int e = parse(buf, len, &p, 1);
	return e || p.octets != len;
}

static const char *const why[] = {
	"ok", "phr_parse_response: -1 (malformed)",
	"incomplete (-2: the response is cut short)", "bad Content-Length",
	"unsupported Transfer-Encoding", "phr_decode_chunked: -1 (malformed)",
};

int bench_parse_summary(const uint8_t *buf, size_t len,
			struct bench_summary *s, char *err, size_t err_len)
{
	struct parsed p;
	int e = parse(buf, len, &p, 1);
	if (e || p.octets != len) {
		if (e)
			snprintf(err, err_len, "%s", why[e]);
		else
			snprintf(err, err_len, "%zu octets after the response",
				 len - p.octets);
		return 1;
	}
	s->status = p.status;
	s->minor_version = p.minor_version;
	s->headers = (unsigned)p.num_headers;
	s->trailers = 0;
	s->body = p.body;
	s->body_len = p.body_len;
	s->body_hash = bench_fnv1a((const uint8_t *)p.body_ptr,
				   p.body_len < 256 ? p.body_len : 256);
	s->octets = p.octets;
	snprintf(s->location, sizeof s->location, "%.*s",
		 (int)p.location_len, p.location ? p.location : "");
	if (p.body == BODY_CHUNKED) {
		/* The trailer fields: decode again with consume_trailer = 0,
		 * which stops after the last chunk and moves the trailer
		 * section to scratch + body_len; phr_parse_headers reads it. */
		struct parsed q;
		if (parse(buf, len, &q, 0) != 0)
			return snprintf(err, err_len, "chunked body without its last chunk"), 1;
		size_t tlen = len - q.octets, n = MAX_HEADERS;
		int r = phr_parse_headers(scratch + q.body_len, tlen, hdrs, &n, 0);
		if (r < 0 || (size_t)r != tlen)
			return snprintf(err, err_len, "bad trailer section"), 1;
		s->trailers = (unsigned)n;
	}
	return 0;
}
