/* The response parser built another way against the library's build, for
 * test_http_response_portable.c (the fast ways with byte loops instead of
 * SSE2) and test_http_response_general.c (no fast ways, as make tiny and
 * make static build it). The including file compiles src/http/response.c
 * itself, its public functions renamed to WAY_init, WAY_feed and
 * WAY_eof, then includes this file.
 *
 * Both builds read the same responses, whole and cut into pieces, and
 * must end with the same result, field for field: the bench corpus
 * (bench/http/corpus/, real nginx and Apache responses) and responses
 * made from a fixed seed, with the octets and line shapes that stop the
 * fast ways (CR, NUL, lone CR, bare LF, odd names, long lines, limits,
 * chunked bodies with extensions, interim responses, cut-short input). */
#ifndef ACMEPROBE_TESTS_UNIT_HTTP_RESPONSE_WAYS_H
#define ACMEPROBE_TESTS_UNIT_HTTP_RESPONSE_WAYS_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/response.h"

typedef void (*ways_init_fn)(struct http_response *);
typedef size_t (*ways_feed_fn)(struct http_response *, const uint8_t *, size_t);

static void ways_assert_same(const struct http_response *a, const struct http_response *b,
			     const char *what)
{
	cr_assert_eq(a->state, b->state, "%s: state %d vs %d", what, a->state, b->state);
	cr_assert_eq(a->err, b->err, "%s: %s vs %s", what, http_strerror(a->err),
		     http_strerror(b->err));
	cr_assert_eq(a->status, b->status, "%s", what);
	cr_assert_eq(a->minor_version, b->minor_version, "%s", what);
	cr_assert_eq(a->headers_done, b->headers_done, "%s", what);
	cr_assert_eq(a->header_count, b->header_count, "%s", what);
	cr_assert_eq(a->header_bytes, b->header_bytes, "%s", what);
	cr_assert_eq(a->body_mode, b->body_mode, "%s", what);
	cr_assert_eq(a->content_length, b->content_length, "%s", what);
	cr_assert_eq(a->interim, b->interim, "%s", what);
	cr_assert_eq(a->octets, b->octets, "%s", what);
	cr_assert_eq(a->body_total, b->body_total, "%s", what);
	cr_assert_eq(a->body_len, b->body_len, "%s", what);
	cr_assert(memcmp(a->body, b->body, a->body_len) == 0, "%s", what);
	cr_assert_eq(a->has_location, b->has_location, "%s", what);
	cr_assert_str_eq(a->location, b->location, "%s", what);
}

/* Feeds p[0..n) cut at cut[0..k) (ascending), each piece from a buffer of
 * its own size, then EOF; returns the octets used. */
static size_t ways_run(struct http_response *r, ways_init_fn init, ways_feed_fn feed,
		       ways_init_fn eof, const uint8_t *p, size_t n, const size_t *cut, size_t k)
{
	init(r);
	size_t used = 0, at = 0;
	for (size_t i = 0; i <= k; i++) {
		size_t end = i < k ? cut[i] : n;
		uint8_t *piece = malloc(end - at ? end - at : 1);
		cr_assert_not_null(piece);
		memcpy(piece, p + at, end - at);
		size_t got = feed(r, piece, end - at);
		free(piece);
		used += got;
		if (got < end - at)
			break;
		at = end;
	}
	eof(r);
	return used;
}

/* The library's build and the other one, each whole and cut at cut[]. */
static void ways_compare(const uint8_t *p, size_t n, const size_t *cut, size_t k,
			 const char *what)
{
	static struct http_response lib, lib_cut, way, way_cut;
	size_t u1 = ways_run(&lib, http_response_init, http_response_feed, http_response_eof, p,
			     n, NULL, 0);
	size_t u2 = ways_run(&way, WAY_init, WAY_feed, WAY_eof, p, n, NULL, 0);
	size_t u3 = ways_run(&lib_cut, http_response_init, http_response_feed,
			     http_response_eof, p, n, cut, k);
	size_t u4 = ways_run(&way_cut, WAY_init, WAY_feed, WAY_eof, p, n, cut, k);
	cr_assert(u1 == u2 && u1 == u3 && u1 == u4, "%s: used %zu %zu %zu %zu", what, u1, u2,
		  u3, u4);
	ways_assert_same(&lib, &way, what);
	ways_assert_same(&lib, &lib_cut, what);
	ways_assert_same(&lib, &way_cut, what);
}

/* ---- the bench corpus --------------------------------------------------- */

static void ways_corpus(void)
{
	const char *dir = "bench/http/corpus";
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "%s (the tests run from the top of the tree)", dir);
	static uint8_t buf[1 << 16];
	unsigned files = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 5, ".http") != 0)
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		cr_assert_not_null(f, "%s", path);
		size_t n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		cr_assert(n > 0 && n < sizeof buf, "%s", path);
		/* whole, then cut at every 61st octet (so at every place of the
		 * fast ways' blocks), then at each octet of the first 400 */
		size_t cut[64], k = 0;
		for (size_t at = 61; at < n && k < 64; at += 61)
			cut[k++] = at;
		ways_compare(buf, n, NULL, 0, path);
		ways_compare(buf, n, cut, k, path);
		for (size_t at = 1; at < 400 && at < n; at++)
			ways_compare(buf, n, &at, 1, path);
		files++;
	}
	closedir(d);
	cr_assert_geq(files, 17, "%u responses in %s", files, dir);
}

/* ---- responses made from a seed ------------------------------------------ */

static uint64_t ways_seed = 0x9e3779b97f4a7c15u;

static uint32_t ways_rand(uint32_t below)
{
	/* xorshift64 */
	ways_seed ^= ways_seed << 13;
	ways_seed ^= ways_seed >> 7;
	ways_seed ^= ways_seed << 17;
	return below ? (uint32_t)(ways_seed >> 32) % below : 0;
}

struct ways_buf {
	uint8_t s[HTTP_MAX_HEADER_BYTES + 8192];
	size_t n;
};

static void ways_put(struct ways_buf *b, const char *t, size_t len)
{
	if (b->n + len <= sizeof b->s) {
		memcpy(b->s + b->n, t, len);
		b->n += len;
	}
}

static void ways_puts(struct ways_buf *b, const char *t)
{
	ways_put(b, t, strlen(t));
}

/* len octets of a value: mostly printable, some OWS and high octets, and
 * when `bad`, now and then a CR, NUL or LF */
static void ways_text(struct ways_buf *b, size_t len, int bad)
{
	for (size_t i = 0; i < len; i++) {
		uint32_t x = ways_rand(200);
		char c;
		if (bad && x < 2)
			c = "\r\n\0"[ways_rand(3)];
		else if (x < 12)
			c = x < 8 ? ' ' : '\t';
		else if (x < 16)
			c = (char)(0x80 + ways_rand(128));
		else
			c = (char)(0x21 + ways_rand(94));
		ways_put(b, &c, 1);
	}
}

/* A fault now and then (1 in `in`), or never when the response is to be
 * well formed. */
static int ways_fault(int faults, uint32_t in)
{
	return faults && ways_rand(in) == 0;
}

/* a line end: CRLF, or a bare LF; with faults, now and then a lone CR or
 * CR CR LF */
static void ways_eol(struct ways_buf *b, int faults)
{
	if (ways_rand(50) == 0)
		ways_puts(b, "\n");
	else if (ways_fault(faults, 100))
		ways_puts(b, ways_rand(2) ? "\r" : "\r\r\n");
	else
		ways_puts(b, "\r\n");
}

static void ways_response(struct ways_buf *b)
{
	static const char *const statuses[] = {
		"HTTP/1.1 200 OK",   "HTTP/1.0 200 OK", "HTTP/1.1 301 Moved Permanently",
		"HTTP/1.1 204 No Content", "HTTP/1.1 304", "HTTP/1.1 404 Not Found",
		"HTTP/1.1 200 OK", "HTTP/1.1 200",
	};
	static const char *const names[] = {
		"Content-Length", "content-length", "CONTENT-LENGTH", "Transfer-Encoding",
		"transfer-ENCODING", "Location", "location", "Date", "Server", "Set-Cookie",
		"Content-Type", "ETag", "X_Under.dot", "a", "~!#$%&'*+^`|",
		"Strict-Transport-Security", "Content-Security-Policy",
		"X-A-Name-Longer-Than-Thirty-Two-Octets-And-Then-Longer-Than-Sixty-Four",
		"Content-Lengtx", "Locatioo", "Transfer_Encoding", "Content_Length",
	};
	static const char *const bad_names[] = {
		"B(ad", "Sp ace", "", "Col:on", "\x80", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef(",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcde(", "ABCDEFGHIJKLMNO@",
	};
	int faults = ways_rand(2);
	b->n = 0;
	for (uint32_t i = ways_rand(12) == 0 ? ways_rand(7) : 0; i > 0; i--)
		ways_puts(b, ways_rand(2) ? "HTTP/1.1 100 Continue\r\n\r\n"
					  : "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n");
	size_t start = b->n;
	ways_puts(b, ways_fault(faults, 20) ? "HTTP/1.1 2000 OK"
					    : statuses[ways_rand(sizeof statuses / sizeof statuses[0])]);
	if (ways_rand(30) == 0) {
		/* a reason phrase up to the line limit, give or take */
		size_t to = start + HTTP_MAX_LINE - 2 + ways_rand(4);
		while (b->n < to)
			ways_puts(b, "r");
	}
	ways_eol(b, faults);
	int chunked = 0;
	char length[32] = ""; /* the Content-Length once there is one */
	uint32_t fields = ways_rand(12) == 0 ? 90 + ways_rand(20) : ways_rand(16);
	for (uint32_t f = 0; f < fields; f++) {
		const char *name = ways_fault(faults, 100)
					   ? bad_names[ways_rand(sizeof bad_names / sizeof bad_names[0])]
					   : names[ways_rand(sizeof names / sizeof names[0])];
		int te = strncmp(name, "Transfer-", 9) == 0 || strncmp(name, "transfer-", 9) == 0;
		if (te && chunked && !ways_fault(faults, 2))
			name = "Date";
		ways_puts(b, name);
		if (ways_fault(faults, 200))
			ways_puts(b, " ");
		if (!ways_fault(faults, 200))
			ways_puts(b, ":");
		if (ways_rand(3) != 0)
			ways_puts(b, " ");
		if (strcmp(name, "Content-Length") == 0 || strcmp(name, "content-length") == 0 ||
		    strcmp(name, "CONTENT-LENGTH") == 0) {
			if (length[0] == '\0' || ways_fault(faults, 3))
				snprintf(length, sizeof length, "%u",
					 ways_rand(4) ? ways_rand(700) : ways_rand(1u << 31));
			ways_puts(b, length);
			if (ways_fault(faults, 10))
				ways_puts(b, ways_rand(2) ? "1234567890123" : "x");
		} else if (te) {
			ways_puts(b, ways_fault(faults, 8) ? "gzip" : ways_rand(2) ? "Chunked" : "chunked");
			chunked = 1;
		} else {
			size_t len = ways_rand(8) == 0 ? ways_rand(600) : ways_rand(60);
			if (ways_rand(150) == 0)
				len = HTTP_MAX_LINE - strlen(name) - 6 + ways_rand(5);
			ways_text(b, len, ways_fault(faults, 20));
		}
		if (ways_rand(5) == 0)
			ways_puts(b, " \t");
		if (ways_fault(faults, 40))
			ways_put(b, "\0", 1);
		ways_eol(b, faults);
		if (ways_fault(faults, 200))
			ways_puts(b, " folded\r\n");
	}
	if (ways_rand(25) == 0) {
		/* header lines up to the size limit, give or take two octets */
		size_t target = HTTP_MAX_HEADER_BYTES - 2 - 2 + ways_rand(5);
		while (b->n + 400 + 7 < target) {
			ways_puts(b, "X-Fill: ");
			ways_text(b, 390, 0);
			ways_puts(b, "\r\n");
		}
		if (b->n + 7 <= target) {
			size_t rest = target - b->n - 5;
			ways_puts(b, "Y: ");
			for (size_t i = 0; i < rest; i++)
				ways_puts(b, "z");
			ways_puts(b, "\r\n");
		}
	}
	ways_eol(b, faults);
	if (chunked) {
		for (uint32_t c = ways_rand(6); c > 0; c--) {
			size_t len = ways_rand(3) ? ways_rand(40) : ways_rand(400);
			char size[40];
			snprintf(size, sizeof size, ways_rand(2) ? "%zx" : "%zX", len);
			if (ways_rand(10) == 0)
				ways_puts(b, ways_fault(faults, 2) ? "0000000000000000" : "000000000000000");
			ways_puts(b, size);
			if (ways_rand(8) == 0)
				ways_puts(b, ";ext=1");
			if (ways_rand(15) == 0)
				ways_puts(b, "  ");
			if (ways_fault(faults, 40))
				ways_puts(b, "g");
			ways_eol(b, faults);
			ways_text(b, len, 1);
			if (ways_fault(faults, 30))
				ways_puts(b, "x");
			ways_eol(b, faults);
		}
		ways_puts(b, "0");
		ways_eol(b, faults);
		for (uint32_t t = ways_rand(3); t > 0; t--) {
			ways_puts(b, ways_fault(faults, 10) ? "no trailer" : "X-Trailer: v");
			ways_eol(b, faults);
		}
		ways_eol(b, faults);
	} else {
		/* the body: as long as its Content-Length says, mostly */
		size_t len = ways_rand(3) ? ways_rand(100) : ways_rand(1000);
		if (length[0] != '\0' && ways_rand(4) != 0)
			len = (size_t)strtoul(length, NULL, 10) % 5000;
		ways_text(b, len, 1);
	}
	if (ways_rand(6) == 0)
		b->n = ways_rand((uint32_t)b->n + 1); /* cut short */
}

static void ways_generated(unsigned cases)
{
	static struct ways_buf b;
	for (unsigned i = 0; i < cases; i++) {
		ways_response(&b);
		size_t cut[8], k = ways_rand(9);
		for (size_t j = 0; j < k; j++)
			cut[j] = ways_rand((uint32_t)b.n + 1);
		/* ascending */
		for (size_t j = 1; j < k; j++)
			for (size_t m = j; m > 0 && cut[m - 1] > cut[m]; m--) {
				size_t t = cut[m];
				cut[m] = cut[m - 1];
				cut[m - 1] = t;
			}
		char what[64];
		snprintf(what, sizeof what, "generated response %u", i);
		ways_compare(b.s, b.n, cut, k, what);
	}
}

#endif
