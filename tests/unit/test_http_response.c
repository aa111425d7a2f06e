/* The incremental HTTP/1.1 response parser (src/http/response.c): every
 * response is fed whole, one octet at a time, and (when short) in two
 * pieces cut at every place, and all must agree. Fed whole, most lines
 * go the fast ways; in pieces, the general way (response.c says which is
 * which). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/response.h"

static struct http_response *new_resp(void)
{
	struct http_response *r = malloc(sizeof *r);
	cr_assert_not_null(r);
	http_response_init(r);
	return r;
}

/* a and b hold the same result */
static void assert_same(const struct http_response *a, const struct http_response *b,
			const char *how)
{
	cr_assert_eq(a->state, b->state, "%s: state %d vs %d", how, a->state, b->state);
	cr_assert_eq(a->err, b->err, "%s: %s vs %s", how, http_strerror(a->err),
		     http_strerror(b->err));
	cr_assert_eq(a->status, b->status, "%s", how);
	cr_assert_eq(a->minor_version, b->minor_version, "%s", how);
	cr_assert_eq(a->headers_done, b->headers_done, "%s", how);
	cr_assert_eq(a->header_count, b->header_count, "%s", how);
	cr_assert_eq(a->header_bytes, b->header_bytes, "%s", how);
	cr_assert_eq(a->body_mode, b->body_mode, "%s", how);
	cr_assert_eq(a->content_length, b->content_length, "%s", how);
	cr_assert_eq(a->octets, b->octets, "%s", how);
	cr_assert_eq(a->body_total, b->body_total, "%s", how);
	cr_assert_eq(a->body_len, b->body_len, "%s", how);
	cr_assert(memcmp(a->body, b->body, a->body_len) == 0, "%s", how);
	cr_assert_eq(a->has_location, b->has_location, "%s", how);
	cr_assert_str_eq(a->location, b->location, "%s", how);
}

/* Feeds s[0..n) in the pieces that cut[0..k) (ascending) make, to a
 * fresh response, then EOF when `close`; returns the octets used. Each
 * piece is fed from a buffer of its own size, so that AddressSanitizer
 * (make asan) sees any read past it. */
static size_t feed_cut(struct http_response *r, const char *s, size_t n, const size_t *cut,
		       size_t k, bool close)
{
	http_response_init(r);
	size_t used = 0, at = 0;
	for (size_t i = 0; i <= k; i++) {
		size_t end = i < k ? cut[i] : n;
		uint8_t *piece = malloc(end - at ? end - at : 1);
		cr_assert_not_null(piece);
		memcpy(piece, s + at, end - at);
		size_t got = http_response_feed(r, piece, end - at);
		free(piece);
		used += got;
		if (got < end - at)
			break;
		at = end;
	}
	if (close)
		http_response_eof(r);
	return used;
}

/* Feeds s whole (then EOF when `close`), and again octet by octet, and,
 * when it is short, in two pieces cut at every place; the results must
 * be the same. Returns the whole-fed one (to free). */
static struct http_response *feed(const char *s, size_t n, bool close)
{
	struct http_response *a = new_resp(), *b = new_resp();
	size_t used_a = feed_cut(a, s, n, NULL, 0, close);
	http_response_init(b);
	size_t used_b = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t *octet = malloc(1);
		cr_assert_not_null(octet);
		*octet = (uint8_t)s[i];
		size_t k = http_response_feed(b, octet, 1);
		free(octet);
		used_b += k;
		if (k == 0)
			break;
	}
	if (close)
		http_response_eof(b);
	cr_assert_eq(used_a, used_b);
	assert_same(a, b, "octet by octet");
	for (size_t cut = 1; n <= 2048 && cut < n; cut++) {
		cr_assert_eq(feed_cut(b, s, n, &cut, 1, close), used_a, "cut at %zu", cut);
		assert_same(a, b, "in two pieces");
	}
	free(b);
	return a;
}

static struct http_response *feeds(const char *s, bool close)
{
	return feed(s, strlen(s), close);
}

static void assert_body(const struct http_response *r, const char *want)
{
	cr_assert_eq(r->body_len, strlen(want));
	cr_assert(memcmp(r->body, want, r->body_len) == 0, "body %.*s", (int)r->body_len,
		  (const char *)r->body);
}

Test(http_response, content_length)
{
	struct http_response *r =
		feeds("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloEXTRA",
		      false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->status, 200);
	cr_assert_eq(r->minor_version, 1);
	cr_assert_eq(r->body_mode, HTTP_BODY_LENGTH);
	assert_body(r, "hello");
	cr_assert_eq(r->body_total, 5);
	cr_assert_eq(r->header_count, 2);
	free(r);
}

Test(http_response, bare_lf_and_no_reason)
{
	struct http_response *r = feeds("HTTP/1.0 200\nContent-Length: 2\n\nok", false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->minor_version, 0);
	assert_body(r, "ok");
	free(r);
}

Test(http_response, chunked)
{
	struct http_response *r = feeds("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n"
					 "Content-Length: 99\r\n\r\n"
					 "5;name=value\r\nhello\r\n1A \r\nabcdefghijklmnopqrstuvwxyz\r\n"
					 "0\r\nX-Trailer: 1\r\n\r\n",
					 false);
	cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
	cr_assert_eq(r->body_mode, HTTP_BODY_CHUNKED);
	assert_body(r, "helloabcdefghijklmnopqrstuvwxyz");
	free(r);
}

Test(http_response, chunked_errors)
{
	const char *bad[] = {
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n11111111111111111\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a trailer\r\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct http_response *r = feeds(bad[i], true);
		cr_assert_eq(r->state, HTTP_S_ERROR, "case %zu", i);
		cr_assert_eq(r->err, HTTP_E_CHUNK, "case %zu: %s", i, http_strerror(r->err));
		free(r);
	}
}

Test(http_response, chunked_cut_is_truncated)
{
	struct http_response *r =
		feeds("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", true);
	cr_assert_eq(r->err, HTTP_E_TRUNCATED);
	assert_body(r, "hel");
	free(r);
}

Test(http_response, close_delimited)
{
	struct http_response *r = feeds("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it", false);
	cr_assert_eq(r->state, HTTP_S_BODY);
	http_response_eof(r);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->body_mode, HTTP_BODY_CLOSE);
	assert_body(r, "all of it");
	free(r);
}

Test(http_response, content_length_cut)
{
	struct http_response *r = feeds("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true);
	cr_assert_eq(r->err, HTTP_E_TRUNCATED);
	free(r);
}

Test(http_response, redirect_location)
{
	struct http_response *r = feeds("HTTP/1.1 301 Moved Permanently\r\n"
					 "location:   https://h.test/x  \r\n"
					 "Location: /second\r\nContent-Length: 0\r\n\r\n",
					 false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->status, 301);
	cr_assert(r->has_location);
	cr_assert_str_eq(r->location, "https://h.test/x");
	free(r);
}

Test(http_response, no_body_statuses)
{
	struct http_response *r = feeds("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->body_mode, HTTP_BODY_NONE);
	free(r);
	r = feeds("HTTP/1.1 304 Not Modified\r\n\r\n", false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	free(r);
}

Test(http_response, interim_responses_skipped)
{
	struct http_response *r = feeds("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
					 "Link: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
					 false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->status, 200);
	assert_body(r, "x");
	free(r);
	char many[512] = "";
	for (int i = 0; i < 6; i++)
		strcat(many, "HTTP/1.1 100 Continue\r\n\r\n");
	r = feeds(many, false);
	cr_assert_eq(r->err, HTTP_E_TOO_MANY_1XX);
	free(r);
}

Test(http_response, bad_status_lines)
{
	const char *bad[] = {
		"garbage\r\n\r\n",
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n",
		"HTTP/1.1 abc OK\r\n\r\n",
		"HTTP/1.1  200 OK\r\n\r\n",
		"http/1.1 200 OK\r\n\r\n",
		"HTTP/1.1 099 Low\r\n\r\n",
		"ICY 200 OK\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct http_response *r = feeds(bad[i], true);
		cr_assert_eq(r->err, HTTP_E_STATUS_LINE, "case %zu: %s", i, http_strerror(r->err));
		free(r);
	}
}

Test(http_response, bad_headers)
{
	struct {
		const char *s;
		enum http_err e;
	} cases[] = {
		{"HTTP/1.1 200 OK\r\nNo colon\r\n\r\n", HTTP_E_HEADER},
		{"HTTP/1.1 200 OK\r\nName : v\r\n\r\n", HTTP_E_HEADER},
		{"HTTP/1.1 200 OK\r\n: v\r\n\r\n", HTTP_E_HEADER},
		{"HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", HTTP_E_HEADER},
		{"HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", HTTP_E_CONTENT_LENGTH},
		{"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", HTTP_E_CONTENT_LENGTH},
		{"HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n", HTTP_E_CONTENT_LENGTH},
		{"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
		 HTTP_E_CONTENT_LENGTH},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", HTTP_E_TRANSFER_CODING},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
		 HTTP_E_TRANSFER_CODING},
		{"HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n", HTTP_E_HEADER},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_response *r = feeds(cases[i].s, true);
		cr_assert_eq(r->err, cases[i].e, "case %zu: %s", i, http_strerror(r->err));
		free(r);
	}
	/* the same length twice is fine */
	struct http_response *r =
		feeds("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	free(r);
}

Test(http_response, limits)
{
	static char s[HTTP_MAX_HEADER_BYTES * 2];
	/* one line over the limit */
	strcpy(s, "HTTP/1.1 200 OK\r\nX: ");
	size_t n = strlen(s);
	memset(s + n, 'a', HTTP_MAX_LINE);
	strcpy(s + n + HTTP_MAX_LINE, "\r\n\r\n");
	struct http_response *r = feeds(s, true);
	cr_assert_eq(r->err, HTTP_E_LINE_TOO_LONG);
	free(r);
	/* many short header fields */
	strcpy(s, "HTTP/1.1 200 OK\r\n");
	for (int i = 0; i <= HTTP_MAX_HEADERS; i++)
		strcat(s, "X: y\r\n");
	strcat(s, "\r\n");
	r = feeds(s, true);
	cr_assert_eq(r->err, HTTP_E_TOO_MANY_HEADERS);
	free(r);
	/* long lines under the count limit, over the size limit */
	strcpy(s, "HTTP/1.1 200 OK\r\n");
	n = strlen(s);
	for (int i = 0; i < 10; i++) {
		memcpy(s + n, "X: ", 3);
		memset(s + n + 3, 'b', 4000);
		memcpy(s + n + 4003, "\r\n", 2);
		n += 4005;
	}
	s[n] = '\0';
	r = feeds(s, true);
	cr_assert_eq(r->err, HTTP_E_HEADERS_TOO_LARGE);
	free(r);
}

Test(http_response, eof_cases)
{
	struct http_response *r = feeds("", true);
	cr_assert_eq(r->err, HTTP_E_EMPTY);
	free(r);
	r = feeds("HTTP/1.1 200 OK\r\nA: b", true);
	cr_assert_eq(r->err, HTTP_E_TRUNCATED);
	free(r);
}

Test(http_response, body_kept_up_to_the_cap)
{
	static char s[1024];
	strcpy(s, "HTTP/1.1 200 OK\r\nContent-Length: 600\r\n\r\n");
	size_t n = strlen(s);
	memset(s + n, 'z', 600);
	s[n + 600] = '\0';
	struct http_response *r = feeds(s, false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->body_total, 600);
	cr_assert_eq(r->body_len, HTTP_BODY_KEEP);
	free(r);
}

Test(http_response, binary_body_with_nul)
{
	const char s[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\na\0b";
	struct http_response *r = feed(s, sizeof s - 1, false);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->body_len, 3);
	cr_assert_eq(r->body[1], 0);
	free(r);
}

/* ---- the fast ways' edges ----------------------------------------------
 * Whole responses read by fields_fast, status_fast and chunk_size_fast:
 * names and values around their 16-, 32- and 64-octet blocks, the octets
 * that stop them, and the limits. Each expected outcome is what the
 * general way decides (feed() also checks it octet by octet). */

/* s += "NAME: VALUE\r\n", NAME nlen octets of c, VALUE vlen of 'v' */
static size_t put_field(char *s, size_t at, size_t nlen, char c, size_t vlen)
{
	memset(s + at, c, nlen);
	memcpy(s + at + nlen, ": ", 2);
	memset(s + at + nlen + 2, 'v', vlen);
	memcpy(s + at + nlen + 2 + vlen, "\r\n", 2);
	return at + nlen + vlen + 4;
}

Test(http_response, names_and_values_across_blocks)
{
	static const size_t lens[] = {1, 2, 14, 15, 16, 17, 29, 30, 31, 32, 33, 63, 64, 65, 100};
	size_t nl = sizeof lens / sizeof lens[0];
	static char s[16384];
	/* every name length with every value length, each line in its own
	 * response, then the lines of each name length in one */
	for (size_t i = 0; i < nl; i++) {
		for (size_t j = 0; j < nl; j++) {
			size_t n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\n");
			n = put_field(s, n, lens[i], 'X', lens[j] - 1);
			n += (size_t)sprintf(s + n, "Content-Length: 2\r\n\r\nok");
			struct http_response *r = feed(s, n, false);
			cr_assert_eq(r->state, HTTP_S_DONE, "name %zu value %zu: %s", lens[i],
				     lens[j] - 1, http_strerror(r->err));
			cr_assert_eq(r->header_count, 2);
			cr_assert_eq(r->octets, n);
			cr_assert_eq(r->body_len, 2);
			free(r);
		}
	}
	for (size_t i = 0; i < nl; i++) {
		size_t n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\n");
		for (size_t j = 0; j < nl; j++)
			n = put_field(s, n, lens[i], (char)('a' + j), lens[j]);
		n += (size_t)sprintf(s + n, "Content-Length: 2\r\n\r\nok");
		struct http_response *r = feed(s, n, false);
		cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
		cr_assert_eq(r->header_count, nl + 1);
		cr_assert_eq(r->header_bytes, n - 2);
		cr_assert_eq(r->octets, n);
		free(r);
	}
}

Test(http_response, cr_or_nul_anywhere_in_a_value)
{
	static char s[512];
	for (size_t vlen = 1; vlen <= 70; vlen += 23) {
		for (size_t at = 0; at < vlen; at++) {
			for (int bad = 0; bad < 2; bad++) {
				/* a 40-octet line first, so that the bad one
				 * starts at another offset of its block */
				size_t n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\nServer: %s\r\n",
							   "abcdefghijklmnopqrstuvwxyz0123");
				n = put_field(s, n, 5, 'N', vlen);
				s[n - 2 - vlen + at] = bad ? '\r' : '\0';
				n += (size_t)sprintf(s + n, "Content-Length: 1\r\n\r\nx");
				struct http_response *r = feed(s, n, true);
				cr_assert_eq(r->err, HTTP_E_HEADER, "%s at %zu of %zu: %s",
					     bad ? "CR" : "NUL", at, vlen, http_strerror(r->err));
				cr_assert_eq(r->header_count, 2);
				free(r);
			}
		}
	}
	/* a CR or a NUL before the CRLF, or before a bare LF; a lone CR:
	 * each line between a long one and a body, so that there is enough
	 * input for the fast way, then alone */
#define LINE(lit) {lit, sizeof lit - 1}
	static const struct {
		const char *s;
		size_t n;
	} lines[] = {
		LINE("A: b\r\r\n"), LINE("A: b\0\r\n"), LINE("A: \r\r\n"), LINE("A: b\r \n"),
		LINE("A:\r\n\r\r\n"), LINE("A: b\0\n"), LINE("A:\0\n"), LINE("A:\0\r\n"),
	};
#undef LINE
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		for (int alone = 0; alone < 2; alone++) {
			size_t n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\n%s",
						   alone ? "" : "Server: 0123456789012345678901234567890\r\n");
			memcpy(s + n, lines[i].s, lines[i].n);
			n += lines[i].n;
			size_t bad_end = n;
			if (!alone) {
				n += (size_t)sprintf(s + n, "Content-Length: 64\r\n\r\n");
				memset(s + n, 'x', 64);
				n += 64;
			}
			struct http_response *r = feed(s, n, true);
			cr_assert_eq(r->err, HTTP_E_HEADER, "case %zu: %s", i, http_strerror(r->err));
			cr_assert_eq(r->octets, bad_end, "case %zu", i);
			free(r);
		}
	}
}

Test(http_response, tchars_in_names)
{
	/* every tchar that is not a letter, digit or '-' is allowed */
	struct http_response *r = feeds("HTTP/1.1 200 OK\r\n"
					"x_y.z!#$%&'*+^`|~: 1\r\n"
					"_: 2\r\n"
					"abcdefghijklmnopqrstuvwxyzABCDE_: 3\r\n"
					"abcdefghijklmnop~: 4\r\n"
					"Content-Length: 0\r\n\r\n",
					false);
	cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
	cr_assert_eq(r->header_count, 5);
	free(r);
	/* and anything else stops the name, wherever it is */
	const char bad[] = "\"(),/;<=>?@[\\]{} \t\x7f\x80\xff";
	for (size_t b = 0; b < sizeof bad - 1; b++) {
		for (size_t at = 0; at < 40; at++) {
			static char s[256];
			size_t n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\n");
			n = put_field(s, n, 40, 'q', 3);
			s[17 + at] = bad[b];
			/* (enough input after it for the fast way) */
			n += (size_t)sprintf(s + n, "Content-Length: 64\r\n\r\n");
			memset(s + n, 'x', 64);
			n += 64;
			r = feed(s, n, true);
			cr_assert_eq(r->err, HTTP_E_HEADER, "0x%02x at %zu: %s",
				     (unsigned)(uint8_t)bad[b], at, http_strerror(r->err));
			cr_assert_eq(r->header_count, 0);
			free(r);
		}
	}
}

Test(http_response, the_three_names_in_any_case_and_their_look_alikes)
{
	struct http_response *r = feeds("HTTP/1.1 302 Found\r\n"
					"Content-Lengtx: nope\r\n"
					"Content_Length: nope\r\n"
					"Transfer-Encodinf: gzip\r\n"
					"Transfer_Encoding: gzip\r\n"
					"TransferXEncoding: gzip\r\n"
					"Locatioo: /no\r\n"
					"Location2: /no\r\n"
					"lOcAtIoN: \t/yes \t\r\n"
					"LOCATION: /second\r\n"
					"cOnTeNt-LeNgTh: 3\r\n"
					"CONTENT-LENGTH:3\r\n\r\nabc",
					false);
	cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
	cr_assert_eq(r->status, 302);
	cr_assert_eq(r->body_mode, HTTP_BODY_LENGTH);
	cr_assert_eq(r->content_length, 3);
	cr_assert_str_eq(r->location, "/yes");
	cr_assert_eq(r->header_count, 11);
	assert_body(r, "abc");
	free(r);
	r = feeds("HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n", false);
	cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
	cr_assert_eq(r->body_mode, HTTP_BODY_CHUNKED);
	assert_body(r, "abc");
	free(r);
}

Test(http_response, lf_only_lines)
{
	struct http_response *r = feeds("HTTP/1.1 200 OK\nA: 1\nB: 2\r\nC: 3\n\nxyz", true);
	cr_assert_eq(r->state, HTTP_S_DONE);
	cr_assert_eq(r->body_mode, HTTP_BODY_CLOSE);
	cr_assert_eq(r->header_count, 3);
	cr_assert_eq(r->header_bytes, 33);
	assert_body(r, "xyz");
	free(r);
}

/* "HTTP/1.1 200 OK\r\n" and header lines of the given text length (the
 * last one as long as it takes), for a header section of `total` octets
 * with its empty line */
static size_t headers_of(char *s, size_t total, size_t line)
{
	size_t n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\n");
	while (total - n > line + 2 + 7)
		n = put_field(s, n, 1, 'F', line - 3);
	n = put_field(s, n, 1, 'L', total - n - 7);
	memcpy(s + n, "\r\n", 2);
	return n + 2;
}

Test(http_response, limits_exactly)
{
	static char s[HTTP_MAX_HEADER_BYTES + 64];
	/* the whole header section at the limit, then one octet over */
	size_t n = headers_of(s, HTTP_MAX_HEADER_BYTES, 400);
	cr_assert_eq(n, HTTP_MAX_HEADER_BYTES);
	struct http_response *r = feed(s, n, true);
	cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
	cr_assert_eq(r->header_bytes, HTTP_MAX_HEADER_BYTES);
	free(r);
	n = headers_of(s, HTTP_MAX_HEADER_BYTES + 1, 400);
	r = feed(s, n, true);
	cr_assert_eq(r->err, HTTP_E_HEADERS_TOO_LARGE);
	cr_assert_eq(r->octets, HTTP_MAX_HEADER_BYTES);
	free(r);
	/* the same with a bare LF ending the section */
	n = headers_of(s, HTTP_MAX_HEADER_BYTES + 1, 400);
	memcpy(s + n - 2, "\n", 1);
	r = feed(s, n - 1, true);
	cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
	free(r);
	/* one line of HTTP_MAX_LINE octets before its LF (CR included), then
	 * one more */
	for (size_t extra = 0; extra < 2; extra++) {
		n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\n");
		n = put_field(s, n, 1, 'X', HTTP_MAX_LINE - 4 + extra);
		n += (size_t)sprintf(s + n, "\r\n");
		r = feed(s, n, true);
		if (extra == 0) {
			cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
		} else {
			cr_assert_eq(r->err, HTTP_E_LINE_TOO_LONG);
			cr_assert_eq(r->octets, 17 + HTTP_MAX_LINE);
		}
		free(r);
	}
	/* a status line of HTTP_MAX_LINE octets before its LF, then one more */
	for (size_t extra = 0; extra < 2; extra++) {
		n = (size_t)sprintf(s, "HTTP/1.1 200 ");
		memset(s + n, 'R', HTTP_MAX_LINE - n - 1 + extra);
		n = HTTP_MAX_LINE - 1 + extra;
		n += (size_t)sprintf(s + n, "\r\n\r\n");
		r = feed(s, n, true);
		if (extra == 0) {
			cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
		} else {
			cr_assert_eq(r->err, HTTP_E_LINE_TOO_LONG);
			cr_assert_eq(r->octets, HTTP_MAX_LINE);
		}
		free(r);
	}
	/* exactly HTTP_MAX_HEADERS fields */
	n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\n");
	for (int i = 0; i < HTTP_MAX_HEADERS; i++)
		n = put_field(s, n, 1 + (size_t)i % 20, 'h', (size_t)i % 45);
	n += (size_t)sprintf(s + n, "\r\n");
	r = feed(s, n, true);
	cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
	cr_assert_eq(r->header_count, HTTP_MAX_HEADERS);
	free(r);
}

Test(http_response, short_responses_at_the_end_of_the_input)
{
	/* header sections that end less than 32 or 64 octets before the end
	 * of what was fed */
	const char *ok[] = {
		"HTTP/1.1 204 No Content\r\nA: b\r\n\r\n",
		"HTTP/1.1 204 No Content\r\nServer: nginx/1.22.1 (Debian)\r\nA: b\r\n\r\n",
		"HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nDate: Tue, 24 Nov 2026 23:12:44 GMT\r\n\r\n",
		"HTTP/1.1 204 x\r\nabcdefghijklmnopqrstuvwxyz0123456789: v\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct http_response *r = feeds(ok[i], false);
		cr_assert_eq(r->state, HTTP_S_DONE, "case %zu: %s", i, http_strerror(r->err));
		cr_assert_eq(r->octets, strlen(ok[i]));
		free(r);
	}
}

Test(http_response, body_kept_at_every_length)
{
	static char s[1024];
	for (size_t len = 0; len <= 300; len++) {
		size_t n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", len);
		for (size_t i = 0; i < len; i++)
			s[n + i] = (char)(i * 7 + 1);
		struct http_response *r = feed(s, n + len + 5, false);
		cr_assert_eq(r->state, HTTP_S_DONE);
		cr_assert_eq(r->octets, n + len);
		cr_assert_eq(r->body_total, len);
		size_t keep = len < HTTP_BODY_KEEP ? len : HTTP_BODY_KEEP;
		cr_assert_eq(r->body_len, keep);
		cr_assert(memcmp(r->body, s + n, keep) == 0, "length %zu", len);
		free(r);
	}
}

Test(http_response, chunks_read_whole)
{
	/* sizes in upper and lower case, 16 digits, chunks that cross the
	 * 256 octets kept, and the general way's cases beside them */
	static char s[2048];
	size_t n = (size_t)sprintf(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	const size_t sizes[] = {0x1, 0xfA, 0x0000000000000010, 0x7, 0x1B0};
	for (size_t c = 0; c < 5; c++) {
		if (c == 2)
			n += (size_t)sprintf(s + n, "0000000000000010\r\n");
		else if (c == 3)
			n += (size_t)sprintf(s + n, "7;ext=\"x\"\r\n");
		else
			n += (size_t)sprintf(s + n, c == 1 ? "fA\r\n" : "%zX \r\n", sizes[c]);
		for (size_t i = 0; i < sizes[c]; i++)
			s[n++] = (char)('A' + c);
		n += (size_t)sprintf(s + n, "\r\n");
	}
	n += (size_t)sprintf(s + n, "0\r\nT: 1\r\n\r\n");
	struct http_response *r = feed(s, n, false);
	cr_assert_eq(r->state, HTTP_S_DONE, "%s", http_strerror(r->err));
	cr_assert_eq(r->body_total, 0x1 + 0xfa + 0x10 + 0x7 + 0x1b0);
	cr_assert_eq(r->body_len, HTTP_BODY_KEEP);
	cr_assert_eq(r->body[0], 'A');
	cr_assert_eq(r->body[1], 'B');
	cr_assert_eq(r->body[0xfa], 'B');
	cr_assert_eq(r->body[0xfb], 'C');
	cr_assert_eq(r->body[255], 'C');
	cr_assert_eq(r->header_count, 2);
	cr_assert_eq(r->octets, n);
	free(r);
	/* 17 digits, and the data not followed by CRLF */
	const char *bad[] = {
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000001\r\nx\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\n\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\rx\r\n0\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = feeds(bad[i], true);
		cr_assert_eq(r->err, HTTP_E_CHUNK, "case %zu: %s", i, http_strerror(r->err));
		free(r);
	}
}
