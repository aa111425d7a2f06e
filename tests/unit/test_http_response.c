/* The incremental HTTP/1.1 response parser (src/http/response.c): every
 * response is fed whole and one octet at a time, and both must agree. */
#include <criterion/criterion.h>
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

/* Feeds s whole (then EOF when `close`), and again octet by octet; the
 * two results must be the same. Returns the whole-fed one (to free). */
static struct http_response *feed(const char *s, size_t n, bool close)
{
	struct http_response *a = new_resp(), *b = new_resp();
	size_t used_a = http_response_feed(a, (const uint8_t *)s, n);
	size_t used_b = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = http_response_feed(b, (const uint8_t *)s + i, 1);
		used_b += k;
		if (k == 0)
			break;
	}
	if (close) {
		http_response_eof(a);
		http_response_eof(b);
	}
	cr_assert_eq(used_a, used_b);
	cr_assert_eq(a->state, b->state);
	cr_assert_eq(a->err, b->err, "%s vs %s", http_strerror(a->err), http_strerror(b->err));
	cr_assert_eq(a->status, b->status);
	cr_assert_eq(a->body_total, b->body_total);
	cr_assert_eq(a->body_len, b->body_len);
	cr_assert(memcmp(a->body, b->body, a->body_len) == 0);
	cr_assert_eq(a->has_location, b->has_location);
	cr_assert_str_eq(a->location, b->location);
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
