#include "http/response.h"

#include <string.h>

const char *http_strerror(enum http_err e)
{
	switch (e) {
	case HTTP_OK: return "no error";
	case HTTP_E_EMPTY: return "the server closed the connection without a response";
	case HTTP_E_STATUS_LINE: return "malformed status line (not \"HTTP/1.x NNN reason\")";
	case HTTP_E_HEADER: return "malformed header line";
	case HTTP_E_LINE_TOO_LONG: return "header line too long";
	case HTTP_E_HEADERS_TOO_LARGE: return "response headers too large";
	case HTTP_E_TOO_MANY_HEADERS: return "too many header fields";
	case HTTP_E_CONTENT_LENGTH: return "bad Content-Length";
	case HTTP_E_TRANSFER_CODING: return "unsupported Transfer-Encoding";
	case HTTP_E_CHUNK: return "malformed chunked encoding";
	case HTTP_E_TOO_MANY_1XX: return "too many 1xx interim responses";
	case HTTP_E_TRUNCATED: return "the connection closed in the middle of the response";
	}
	return "unknown HTTP error";
}

void http_response_init(struct http_response *r)
{
	/* only what a response needs reset: the big buffers are written
	 * before they are read */
	r->state = HTTP_S_STATUS;
	r->err = HTTP_OK;
	r->status = 0;
	r->headers_done = false;
	r->minor_version = 0;
	r->has_location = false;
	r->location[0] = '\0';
	r->body_mode = HTTP_BODY_NONE;
	r->content_length = 0;
	r->header_count = 0;
	r->header_bytes = 0;
	r->body_len = 0;
	r->body_total = 0;
	r->octets = 0;
	r->has_content_length = false;
	r->te_count = 0;
	r->chunked = false;
	r->interim = 0;
	r->remaining = 0;
	r->line_len = 0;
}

/* 1: tchar (RFC 9110 s5.6.2); 2: not allowed in a field value (CR, NUL) */
static const uint8_t cls[256] = {
	2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
#define C_TCHAR 1
#define C_BAD 2

static void fail(struct http_response *r, enum http_err e)
{
	r->state = HTTP_S_ERROR;
	r->err = e;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static bool name_is(const char *name, size_t n, const char *want)
{
	if (strlen(want) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != want[i])
			return false;
	}
	return true;
}

/* "HTTP/1.x NNN[ reason]": Go's ReadResponse wants the protocol, a space
 * and exactly three digits; the reason may be missing. */
static void status_line(struct http_response *r, const char *s, size_t n)
{
	if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || (s[7] != '0' && s[7] != '1') ||
	    s[8] != ' ' || !is_digit(s[9]) || !is_digit(s[10]) || !is_digit(s[11]) ||
	    (n > 12 && s[12] != ' ') || s[9] == '0') {
		fail(r, HTTP_E_STATUS_LINE);
		return;
	}
	r->minor_version = s[7] - '0';
	r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	r->state = HTTP_S_HEADER;
}

/* Whether p[0..n) holds a CR or a NUL: 8 octets at a time ("has a zero
 * byte" on x and on x ^ CRCRCRCR...), then the tail. */
static bool has_cr_or_nul(const uint8_t *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, cr = 0x0du * ones;
	uint64_t acc = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, p + i, 8);
		y = x ^ cr;
		acc |= ((x - ones) & ~x) | ((y - ones) & ~y);
	}
	if (n >= 8 && i < n) {
		/* the last 8 octets, overlapping the words above */
		uint64_t x, y;
		memcpy(&x, p + n - 8, 8);
		y = x ^ cr;
		acc |= ((x - ones) & ~x) | ((y - ones) & ~y);
		i = n;
	}
	for (; i < n; i++)
		acc |= (uint64_t)(p[i] == 0 || p[i] == '\r') << 7;
	return (acc & 0x8080808080808080u) != 0;
}

static void header_field(struct http_response *r, const char *s, size_t n, size_t name_len);

static void header_line(struct http_response *r, const char *s, size_t n)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t name_len = 0;
	while (name_len < n && (cls[u[name_len]] & C_TCHAR))
		name_len++;
	/* the name: tchars up to a colon (so no obs-fold, no space before
	 * the colon) */
	if (name_len == 0 || name_len == n || s[name_len] != ':') {
		fail(r, HTTP_E_HEADER);
		return;
	}
	if (++r->header_count > HTTP_MAX_HEADERS) {
		fail(r, HTTP_E_TOO_MANY_HEADERS);
		return;
	}
	if (has_cr_or_nul((const uint8_t *)s + name_len + 1, n - name_len - 1)) {
		fail(r, HTTP_E_HEADER);
		return;
	}
	header_field(r, s, n, name_len);
}

/* A header field line whose name (s[0..name_len)) and value are valid,
 * counted in header_count: what it says. */
static void header_field(struct http_response *r, const char *s, size_t n, size_t name_len)
{
	const char *v = s + name_len + 1, *end = s + n;
	while (v < end && is_ows(*v))
		v++;
	while (end > v && is_ows(end[-1]))
		end--;
	size_t vlen = (size_t)(end - v);

	if (name_is(s, name_len, "content-length")) {
		/* digits only (Go: ParseUint after TrimSpace); a repeated field
		 * must repeat the value (RFC 9110 s8.6) */
		uint64_t v64 = 0;
		if (vlen == 0 || vlen > 18) {
			fail(r, HTTP_E_CONTENT_LENGTH);
			return;
		}
		for (size_t i = 0; i < vlen; i++) {
			if (!is_digit(v[i])) {
				fail(r, HTTP_E_CONTENT_LENGTH);
				return;
			}
			v64 = v64 * 10 + (uint64_t)(v[i] - '0');
		}
		if (r->has_content_length && r->content_length != v64) {
			fail(r, HTTP_E_CONTENT_LENGTH);
			return;
		}
		r->has_content_length = true;
		r->content_length = v64;
	} else if (name_is(s, name_len, "transfer-encoding")) {
		/* Go accepts exactly one Transfer-Encoding, "chunked" */
		if (++r->te_count > 1 || !name_is(v, vlen, "chunked")) {
			fail(r, HTTP_E_TRANSFER_CODING);
			return;
		}
		r->chunked = true;
	} else if (name_is(s, name_len, "location") && !r->has_location) {
		/* Go's Header.Get: the first one */
		memcpy(r->location, v, vlen);
		r->location[vlen] = '\0';
		r->has_location = true;
	}
}

/* The empty line after the headers: how the body is framed (RFC 9112
 * s6.3, in its order). */
static void headers_end(struct http_response *r)
{
	if (r->status >= 100 && r->status < 200 && r->status != 101) {
		/* an interim response: the real one follows (RFC 9110 s15.2) */
		if (++r->interim > HTTP_MAX_1XX) {
			fail(r, HTTP_E_TOO_MANY_1XX);
			return;
		}
		unsigned interim = r->interim;
		uint64_t octets = r->octets;
		http_response_init(r);
		r->interim = interim;
		r->octets = octets;
		return;
	}
	r->headers_done = true;
	if (r->status < 200 || r->status == 204 || r->status == 304) {
		r->body_mode = HTTP_BODY_NONE;
		r->state = HTTP_S_DONE;
	} else if (r->chunked) {
		/* chunked wins over Content-Length (RFC 9112 s6.3 item 3) */
		r->body_mode = HTTP_BODY_CHUNKED;
		r->state = HTTP_S_CHUNK_SIZE;
	} else if (r->has_content_length) {
		r->body_mode = HTTP_BODY_LENGTH;
		r->remaining = r->content_length;
		r->state = r->remaining ? HTTP_S_BODY : HTTP_S_DONE;
	} else {
		r->body_mode = HTTP_BODY_CLOSE;
		r->state = HTTP_S_BODY;
	}
}

/* "1a;ext=x": hex digits, then an extension we ignore (RFC 9112 s7.1.1);
 * Go allows trailing spaces and at most 16 digits. */
static void chunk_size_line(struct http_response *r, const char *s, size_t n)
{
	const char *semi = memchr(s, ';', n);
	if (semi)
		n = (size_t)(semi - s);
	while (n && is_ows(s[n - 1]))
		n--;
	if (n == 0 || n > 16) {
		fail(r, HTTP_E_CHUNK);
		return;
	}
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int h = hex_value(s[i]);
		if (h < 0) {
			fail(r, HTTP_E_CHUNK);
			return;
		}
		v = (v << 4) | (uint64_t)h;
	}
	r->remaining = v;
	r->state = v ? HTTP_S_CHUNK_DATA : HTTP_S_TRAILER;
}

static void line_done(struct http_response *r, const char *s, size_t n)
{
	if (n && s[n - 1] == '\r')
		n--;
	r->line_len = 0;
	switch (r->state) {
	case HTTP_S_STATUS:
		status_line(r, s, n);
		break;
	case HTTP_S_HEADER:
		if (n == 0)
			headers_end(r);
		else
			header_line(r, s, n);
		break;
	case HTTP_S_CHUNK_SIZE:
		chunk_size_line(r, s, n);
		break;
	case HTTP_S_TRAILER:
		/* trailer fields are read and dropped; the empty line ends */
		if (n == 0)
			r->state = HTTP_S_DONE;
		else if (!memchr(s, ':', n) || ++r->header_count > HTTP_MAX_HEADERS)
			fail(r, r->header_count > HTTP_MAX_HEADERS ? HTTP_E_TOO_MANY_HEADERS
								   : HTTP_E_CHUNK);
		break;
	default:
		break;
	}
}

static bool is_header_state(enum http_state s)
{
	return s == HTTP_S_STATUS || s == HTTP_S_HEADER || s == HTTP_S_TRAILER;
}

/* Takes octets of a line up to and including '\n'; returns how many.
 * When a limit is hit, the octets below it are consumed and the one that
 * crosses it is not, whatever the split of the input: feeding a response
 * whole or in pieces gives the same result (fuzz_http_response checks). */
/* The index of the first LF, CR or NUL in p[i..n), or n: 8 octets at a
 * time (the lowest "zero byte" bit of x, x ^ LF.., x ^ CR.. is exact). */
static size_t find_lf_cr_nul(const uint8_t *p, size_t i, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = ones << 7;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, a, b, m;
		memcpy(&x, p + i, 8); /* little-endian (x86) in this prototype */
		a = x ^ (ones * '\n');
		b = x ^ (ones * '\r');
		m = (((x - ones) & ~x) | ((a - ones) & ~a) | ((b - ones) & ~b)) & highs;
		if (m)
			return i + (size_t)(__builtin_ctzll(m) >> 3);
	}
	for (; i < n; i++)
		if (p[i] == '\n' || p[i] == '\r' || p[i] == 0)
			return i;
	return n;
}

/* A whole, well-formed header field line at p (tchar name, colon, a
 * value without CR or NUL, then CRLF or LF) within the limits: read in
 * one pass, without memchr or a copy. Returns the octets taken, or 0 for
 * anything else, which the general path then reads as before. */
static size_t header_fast(struct http_response *r, const uint8_t *p, size_t n)
{
	size_t name_len = 0;
	while (name_len < n && (cls[p[name_len]] & C_TCHAR))
		name_len++;
	if (name_len == 0 || name_len == n || p[name_len] != ':')
		return 0;
	size_t hit = find_lf_cr_nul(p, name_len + 1, n), text;
	if (hit == n)
		return 0;
	if (p[hit] == '\n')
		text = hit;
	else if (p[hit] == '\r' && hit + 1 < n && p[hit + 1] == '\n')
		text = hit + 1;
	else
		return 0;
	if (text > HTTP_MAX_LINE || text + 1 > HTTP_MAX_HEADER_BYTES - r->header_bytes)
		return 0;
	r->header_bytes += text + 1;
	if (++r->header_count > HTTP_MAX_HEADERS)
		fail(r, HTTP_E_TOO_MANY_HEADERS);
	else
		header_field(r, (const char *)p, hit, name_len);
	return text + 1;
}

static size_t take_line(struct http_response *r, const uint8_t *p, size_t n)
{
	if (r->state == HTTP_S_HEADER && r->line_len == 0) {
		/* every whole, well-formed field line in a row */
		size_t total = 0, k;
		while (r->state == HTTP_S_HEADER &&
		       (k = header_fast(r, p + total, n - total)) != 0)
			total += k;
		if (total)
			return total;
	}
	const uint8_t *nl = memchr(p, '\n', n);
	size_t take = nl ? (size_t)(nl - p) + 1 : n;
	size_t text = nl ? take - 1 : take;
	size_t cut = take;
	enum http_err e = HTTP_OK;
	if (text > HTTP_MAX_LINE - r->line_len) {
		cut = HTTP_MAX_LINE - r->line_len;
		e = HTTP_E_LINE_TOO_LONG;
	}
	bool header = is_header_state(r->state);
	if (header && cut > HTTP_MAX_HEADER_BYTES - r->header_bytes) {
		cut = HTTP_MAX_HEADER_BYTES - r->header_bytes;
		e = HTTP_E_HEADERS_TOO_LARGE;
	}
	if (header)
		r->header_bytes += cut;
	if (!e && nl && r->line_len == 0) {
		/* the whole line is in p: read it there */
		line_done(r, (const char *)p, text);
		return cut;
	}
	size_t copy = cut < text ? cut : text;
	memcpy(r->line + r->line_len, p, copy);
	r->line_len += copy;
	if (e)
		fail(r, e);
	else if (nl)
		line_done(r, r->line, r->line_len);
	return cut;
}

static void body_octets(struct http_response *r, const uint8_t *p, size_t n)
{
	if (r->body_len < HTTP_BODY_KEEP) {
		size_t k = HTTP_BODY_KEEP - r->body_len;
		if (k > n)
			k = n;
		memcpy(r->body + r->body_len, p, k);
		r->body_len += k;
	}
	r->body_total += n;
}

size_t http_response_feed(struct http_response *r, const uint8_t *p, size_t n)
{
	size_t used = 0;
	while (used < n && r->state != HTTP_S_DONE && r->state != HTTP_S_ERROR) {
		const uint8_t *q = p + used;
		size_t left = n - used, k;
		switch (r->state) {
		case HTTP_S_BODY:
			k = left;
			if (r->body_mode == HTTP_BODY_LENGTH && k > r->remaining)
				k = (size_t)r->remaining;
			body_octets(r, q, k);
			if (r->body_mode == HTTP_BODY_LENGTH) {
				r->remaining -= k;
				if (r->remaining == 0)
					r->state = HTTP_S_DONE;
			}
			break;
		case HTTP_S_CHUNK_DATA:
			k = left < r->remaining ? left : (size_t)r->remaining;
			body_octets(r, q, k);
			r->remaining -= k;
			if (r->remaining == 0) {
				r->state = HTTP_S_CHUNK_END;
				r->line_len = 0;
			}
			break;
		case HTTP_S_CHUNK_END:
			/* exactly CRLF after the data (Go: "malformed chunked
			 * encoding" otherwise) */
			k = 1;
			if (q[0] != (r->line_len == 0 ? '\r' : '\n')) {
				fail(r, HTTP_E_CHUNK);
				k = 0;
			} else if (++r->line_len == 2) {
				r->line_len = 0;
				r->state = HTTP_S_CHUNK_SIZE;
			}
			break;
		default:
			k = take_line(r, q, left);
			break;
		}
		used += k;
		r->octets += k;
	}
	return used;
}

void http_response_eof(struct http_response *r)
{
	if (r->state == HTTP_S_DONE || r->state == HTTP_S_ERROR)
		return;
	if (r->state == HTTP_S_BODY && r->body_mode == HTTP_BODY_CLOSE)
		r->state = HTTP_S_DONE;
	else if (r->state == HTTP_S_STATUS && r->octets == 0 && r->interim == 0)
		fail(r, HTTP_E_EMPTY);
	else
		fail(r, HTTP_E_TRUNCATED);
}
