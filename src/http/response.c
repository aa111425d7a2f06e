#include "http/response.h"

#include <string.h>

#include "net/decimal.h"

/* The parser reads a line one of two ways. The general way (take_line)
 * reads any line in any split, through r->line when a line is cut across
 * feeds, and enforces every limit. The fast ways (status_fast,
 * fields_fast, chunk_size_fast) read the common case, whole and
 * well-formed lines where they sit in the input, and decide nothing the
 * general way would decide differently: a line they cannot read so, they
 * leave to it (0 octets taken), which then accepts or refuses it as
 * always. So the result depends neither on the way nor on how the input
 * was split (tests/unit/test_http_response*.c and fuzz_http_response
 * check both).
 *
 * The fast ways look at 16 octets at a time: with SSE2 where the compiler
 * has it (every x86-64), else with byte loops (HTTP_RESPONSE_PORTABLE
 * asks for those). Builds for size (-Os, -Oz: make tiny, make static)
 * leave the fast ways out (HTTP_RESPONSE_FAST 0): the tiny binary's
 * budget has no room for their code. bench/http/README.md has the
 * figures. */
#if !defined(HTTP_RESPONSE_FAST)
#if defined(__OPTIMIZE_SIZE__)
#define HTTP_RESPONSE_FAST 0
#else
#define HTTP_RESPONSE_FAST 1
#endif
#endif
#if HTTP_RESPONSE_FAST && defined(__SSE2__) && !defined(HTTP_RESPONSE_PORTABLE)
#include <emmintrin.h>
#define HTTP_SSE2 1
#else
#define HTTP_SSE2 0
#endif

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

/* 1: tchar (RFC 9110 s5.6.2) */
static const uint8_t cls[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
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

static bool is_tchar(uint8_t c)
{
	return cls[c] != 0;
}

/* What ends a field value: its LF, or a CR or NUL, which no value may
 * hold (except the CR of its CRLF). */
static bool is_end(uint8_t c)
{
	return c == '\n' || c == '\r' || c == '\0';
}

/* ---- 16 octets at a time ------------------------------------------------
 * Each mask_ function reads p[0..16) and returns a mask of 16 bits, bit i
 * for p[i]: mask_end the is_end octets, mask_lf the LFs, mask_name the
 * letters, digits and '-' (the octets of nearly every field name, all
 * tchars; a name with other tchars is finished with is_tchar). */

#if HTTP_SSE2
static __m128i load16(const uint8_t *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/* x in [lo, hi] as a signed compare: x + (0x80 - lo) moves [lo, hi] to
 * the bottom of the signed range, and every other octet above it */
static __m128i in_range(__m128i x, char lo, char hi)
{
	__m128i t = _mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - lo)));
	return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(0x80 - lo + hi + 1)));
}

static unsigned mask_end(const uint8_t *p)
{
	__m128i x = load16(p);
	__m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
				 _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_setzero_si128()));
	return (unsigned)_mm_movemask_epi8(m);
}

static unsigned mask_lf(const uint8_t *p)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(load16(p), _mm_set1_epi8('\n')));
}

static unsigned mask_name(const uint8_t *p)
{
	__m128i x = load16(p);
	/* OR 0x20 folds A-Z onto a-z and moves no other octet into a-z */
	__m128i m = in_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z');
	m = _mm_or_si128(m, in_range(x, '0', '9'));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
	return (unsigned)_mm_movemask_epi8(m);
}
#elif HTTP_RESPONSE_FAST
static bool is_name_octet(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

static unsigned mask_end(const uint8_t *p)
{
	unsigned m = 0;
	for (unsigned i = 0; i < 16; i++)
		m |= (unsigned)is_end(p[i]) << i;
	return m;
}

static unsigned mask_lf(const uint8_t *p)
{
	unsigned m = 0;
	for (unsigned i = 0; i < 16; i++)
		m |= (unsigned)(p[i] == '\n') << i;
	return m;
}

static unsigned mask_name(const uint8_t *p)
{
	unsigned m = 0;
	for (unsigned i = 0; i < 16; i++)
		m |= (unsigned)is_name_octet(p[i]) << i;
	return m;
}
#endif

/* The index of the first octet of p[i..n) that is a LF (lf_only) or
 * is_end, or n when there is none. */
static inline size_t find(const uint8_t *p, size_t i, size_t n, bool lf_only)
{
#if HTTP_RESPONSE_FAST
	for (; i + 16 <= n; i += 16) {
		unsigned m = lf_only ? mask_lf(p + i) : mask_end(p + i);
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
	if (i < n && n >= 16) {
		/* the last 16 octets again, the ones before i shifted out */
		unsigned m = (lf_only ? mask_lf(p + n - 16) : mask_end(p + n - 16)) >> (16 - (n - i));
		return m ? i + (size_t)__builtin_ctz(m) : n;
	}
#endif
	for (; i < n; i++)
		if (lf_only ? p[i] == '\n' : is_end(p[i]))
			return i;
	return n;
}

/* ---- what the lines say ----------------------------------------------- */

static void fail(struct http_response *r, enum http_err e)
{
	r->state = HTTP_S_ERROR;
	r->err = e;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* s[0..n) equals want (lower case) ignoring ASCII case, for any octets */
static bool name_is(const char *s, size_t n, const char *want)
{
	if (strlen(want) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != want[i])
			return false;
	}
	return true;
}

/* The 8 octets at s equal want (8 lower-case letters or '-') ignoring
 * case, for s in a field name: OR 0x20 folds A-Z onto a-z, and no other
 * tchar lands on a letter or on '-' (only CR, not a tchar, does). */
static bool tchars8_are(const char *s, const char *want)
{
	uint64_t x, w;
	memcpy(&x, s, 8);
	memcpy(&w, want, 8);
	return (x | 0x2020202020202020u) == w;
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

/* The value of a field line s[0..n) whose name is s[0..name_len), without
 * the OWS around it. */
static const char *field_value(const char *s, size_t n, size_t name_len, size_t *len)
{
	const char *v = s + name_len + 1, *end = s + n;
	while (v < end && is_ows(*v))
		v++;
	while (end > v && is_ows(end[-1]))
		end--;
	*len = (size_t)(end - v);
	return v;
}

/* A header field line s[0..n) (no CR or LF) whose name s[0..name_len) is
 * all tchars and whose value holds no CR or NUL, counted in header_count:
 * what it says. Only three names matter, told apart by their length
 * first: any other field costs a switch. */
static void header_field(struct http_response *r, const char *s, size_t n, size_t name_len)
{
	size_t vlen;
	const char *v;
	switch (name_len) {
	case 14:
		if (!tchars8_are(s, "content-") || !tchars8_are(s + 6, "t-length"))
			return;
		/* digits only (Go: ParseUint after TrimSpace); a repeated field
		 * must repeat the value (RFC 9110 s8.6) */
		v = field_value(s, n, name_len, &vlen);
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
		return;
	case 17:
		if (!tchars8_are(s, "transfer") || !tchars8_are(s + 9, "encoding") || s[8] != '-')
			return;
		/* Go accepts exactly one Transfer-Encoding, "chunked" */
		v = field_value(s, n, name_len, &vlen);
		if (++r->te_count > 1 || !name_is(v, vlen, "chunked")) {
			fail(r, HTTP_E_TRANSFER_CODING);
			return;
		}
		r->chunked = true;
		return;
	case 8:
		/* Go's Header.Get: the first one */
		if (r->has_location || !tchars8_are(s, "location"))
			return;
		v = field_value(s, n, name_len, &vlen);
		memcpy(r->location, v, vlen);
		r->location[vlen] = '\0';
		r->has_location = true;
		return;
	default:
		return;
	}
}

/* A header line s[0..n) (no CR or LF) read the general way. */
static void header_line(struct http_response *r, const char *s, size_t n)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t name_len = 0;
	while (name_len < n && is_tchar(u[name_len]))
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
	if (find(u, name_len + 1, n, false) != n) {
		/* a CR or a NUL in the value */
		fail(r, HTTP_E_HEADER);
		return;
	}
	header_field(r, s, n, name_len);
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
		int h = hex_digit_value((uint8_t)s[i]);
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

/* ---- the general way ------------------------------------------------------
 * Takes octets of a line up to and including '\n'; returns how many.
 * When a limit is hit, the octets below it are consumed and the one that
 * crosses it is not, whatever the split of the input: feeding a response
 * whole or in pieces gives the same result. */
static size_t take_line(struct http_response *r, const uint8_t *p, size_t n)
{
	size_t lf = find(p, 0, n, true);
	bool nl = lf < n;
	size_t take = nl ? lf + 1 : n;
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

/* ---- the fast ways -------------------------------------------------------- */
#if HTTP_RESPONSE_FAST

/* The LFs of the 64 octets at p, as a mask (bit i for p[i]). */
static uint64_t lf_mask64(const uint8_t *p)
{
	return (uint64_t)mask_lf(p) | (uint64_t)mask_lf(p + 16) << 16 |
	       (uint64_t)mask_lf(p + 32) << 32 | (uint64_t)mask_lf(p + 48) << 48;
}

/* Header field lines at p[0..n), each whole, well formed and within the
 * limits, then the empty line that ends them: what take_line and
 * header_line would make of them, each octet looked at about once.
 *
 * Where the lines end comes first, from the LFs of 64 octets at a time:
 * those blocks sit where they sit whatever the lines, so the start of a
 * line is known without waiting for the checks of the line before it
 * (reading lines one after the other, each start waited on the end of
 * the previous one's value, found through a chain of vector operations).
 * Then each line is checked against its LF: its name, letters, digits
 * and '-' from 32 octets at once (any other tchar one at a time), up to
 * a colon; its value, whose first LF, CR or NUL must be the line's CRLF
 * or LF.
 *
 * Returns the octets taken. It stops at the first line it cannot read so,
 * or whose LF is not in p, and the general way then reads that one (and
 * refuses it, or takes it in pieces). Needs r->line_len == 0. */
static size_t fields_fast(struct http_response *r, const uint8_t *p, size_t n)
{
	size_t at = 0, base = 0; /* the next line; the end of the block */
	size_t bytes = r->header_bytes;
	unsigned count = r->header_count;
	uint64_t lfs = 0; /* the block's LFs not yet taken (bit i: base - 64 + i) */
	for (;;) {
		while (lfs == 0) {
			if (base + 64 <= n) {
				lfs = lf_mask64(p + base);
			} else if (base < n && n >= 64) {
				/* the last octets: the 64 before n, those below base
				 * shifted out */
				lfs = lf_mask64(p + n - 64) >> (64 - (n - base));
			} else {
				goto out;
			}
			base += 64;
		}
		size_t lf = base - 64 + (size_t)__builtin_ctzll(lfs);
		lfs &= lfs - 1;
		const uint8_t *s = p + at;
		size_t len = lf - at; /* the line's octets before its LF */
		if (len == 0 || (len == 1 && s[0] == '\r')) {
			/* the empty line */
			if (len + 1 > HTTP_MAX_HEADER_BYTES - bytes)
				break;
			r->header_bytes = bytes + len + 1;
			r->header_count = count;
			headers_end(r);
			return lf + 1;
		}
		size_t name_len = 0;
		if (n - at >= 32) {
			/* (most names are shorter than 16) */
			uint32_t names = mask_name(s);
			if (names == 0xffff)
				names |= (uint32_t)mask_name(s + 16) << 16;
			name_len = ~names ? (size_t)__builtin_ctz(~names) : 32;
		}
		if (name_len >= len || s[name_len] != ':') {
			while (name_len < len && is_tchar(s[name_len]))
				name_len++;
			if (name_len >= len || s[name_len] != ':')
				break;
		}
		if (name_len == 0)
			break;
		/* the first is_end octet after the colon: in the 32 octets at
		 * s for most lines, else further on (the LF at len is one) */
		uint32_t ends = 0;
		if (name_len < 31 && n - at >= 32)
			ends = (mask_end(s) | (uint32_t)mask_end(s + 16) << 16) >> (name_len + 1);
		size_t hit = ends ? name_len + 1 + (size_t)__builtin_ctz(ends)
				  : find(s, name_len + 1, len + 1, false);
		/* it must be the line's CRLF or LF: no CR or NUL in the value */
		if (hit != len && !(hit + 1 == len && s[hit] == '\r'))
			break;
		if (len > HTTP_MAX_LINE || len + 1 > HTTP_MAX_HEADER_BYTES - bytes)
			break;
		bytes += len + 1;
		at = lf + 1;
		if (++count > HTTP_MAX_HEADERS) {
			fail(r, HTTP_E_TOO_MANY_HEADERS);
			break;
		}
		/* (only three names matter, all of these lengths) */
		if (name_len == 8 || name_len == 14 || name_len == 17) {
			header_field(r, (const char *)s, hit, name_len);
			if (r->state != HTTP_S_HEADER)
				break;
		}
	}
out:
	r->header_bytes = bytes;
	r->header_count = count;
	return at;
}

/* A whole status line: what take_line would make of it. Returns the
 * octets taken, or 0 when its LF is not in p or a limit is hit (the
 * general way reads it). Needs r->line_len == 0. */
static size_t status_fast(struct http_response *r, const uint8_t *p, size_t n)
{
	size_t lf = find(p, 0, n, true);
	if (lf == n || lf > HTTP_MAX_LINE || lf + 1 > HTTP_MAX_HEADER_BYTES - r->header_bytes)
		return 0;
	r->header_bytes += lf + 1;
	status_line(r, (const char *)p, lf - (lf && p[lf - 1] == '\r'));
	return lf + 1;
}

/* A whole chunk-size line of hex digits and CRLF, no extension, no space:
 * what chunk_size_line would make of it. Returns the octets taken, or 0
 * for anything else (the general way reads it). Needs r->line_len == 0. */
static size_t chunk_size_fast(struct http_response *r, const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i = 0;
	int h;
	while (i < n && i <= 16 && (h = hex_digit_value(p[i])) >= 0) {
		v = (v << 4) | (uint64_t)h;
		i++;
	}
	if (i == 0 || i > 16 || i + 1 >= n || p[i] != '\r' || p[i + 1] != '\n')
		return 0;
	r->remaining = v;
	r->state = v ? HTTP_S_CHUNK_DATA : HTTP_S_TRAILER;
	return i + 2;
}

/* d[0..k) = p[0..k), k <= HTTP_BODY_KEEP. Written out because gcc, which
 * knows k <= 256 here, inlines memcpy as rep movsq, whose start-up costs
 * more than such a copy (bench/http/README.md). With SSE2: a whole
 * HTTP_BODY_KEEP is loaded before any of it is stored (so no load waits
 * on a store whose address looks the same in its low 12 bits, as when
 * both buffers sit at nearby offsets of their pages), shorter copies go
 * 16 octets at a time, the last 16 overlapping. */
static void copy_body(uint8_t *d, const uint8_t *p, size_t k)
{
#if HTTP_SSE2
	if (k == HTTP_BODY_KEEP) {
		__m128i v[HTTP_BODY_KEEP / 16];
		for (size_t i = 0; i < HTTP_BODY_KEEP / 16; i++)
			v[i] = load16(p + 16 * i);
		for (size_t i = 0; i < HTTP_BODY_KEEP / 16; i++)
			_mm_storeu_si128((__m128i *)(void *)(d + 16 * i), v[i]);
	} else if (k >= 16) {
		for (size_t i = 0; i + 16 < k; i += 16)
			_mm_storeu_si128((__m128i *)(void *)(d + i), load16(p + i));
		_mm_storeu_si128((__m128i *)(void *)(d + k - 16), load16(p + k - 16));
	} else if (k >= 8) {
		uint64_t a, b;
		memcpy(&a, p, 8);
		memcpy(&b, p + k - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + k - 8, &b, 8);
	} else {
		for (size_t i = 0; i < k; i++)
			d[i] = p[i];
	}
#else
	memcpy(d, p, k);
#endif
}

#else
/* (the general way only) */
static size_t status_fast(struct http_response *r, const uint8_t *p, size_t n)
{
	(void)r, (void)p, (void)n;
	return 0;
}

static size_t fields_fast(struct http_response *r, const uint8_t *p, size_t n)
{
	(void)r, (void)p, (void)n;
	return 0;
}

static size_t chunk_size_fast(struct http_response *r, const uint8_t *p, size_t n)
{
	(void)r, (void)p, (void)n;
	return 0;
}

static void copy_body(uint8_t *d, const uint8_t *p, size_t k)
{
	memcpy(d, p, k);
}
#endif

static void body_octets(struct http_response *r, const uint8_t *p, size_t n)
{
	if (r->body_len < HTTP_BODY_KEEP) {
		size_t k = HTTP_BODY_KEEP - r->body_len;
		if (k > n)
			k = n;
		copy_body(r->body + r->body_len, p, k);
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
		case HTTP_S_STATUS:
			k = r->line_len == 0 ? status_fast(r, q, left) : 0;
			if (k == 0)
				k = take_line(r, q, left);
			break;
		case HTTP_S_HEADER:
			k = r->line_len == 0 ? fields_fast(r, q, left) : 0;
			if (k == 0)
				k = take_line(r, q, left);
			break;
		case HTTP_S_CHUNK_SIZE:
			k = r->line_len == 0 ? chunk_size_fast(r, q, left) : 0;
			if (k == 0)
				k = take_line(r, q, left);
			break;
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
			 * encoding" otherwise), both octets at once when they
			 * are there */
			if (r->line_len == 0 && left >= 2 && q[0] == '\r' && q[1] == '\n') {
				k = 2;
				r->state = HTTP_S_CHUNK_SIZE;
				break;
			}
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
