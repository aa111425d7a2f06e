/* libFuzzer target: the incremental HTTP response parser
 * (src/http/response.c). The first octet gives a number of split points
 * (0..15), the next two octets each give one (modulo the length); the
 * rest is the response. Property: the response fed whole, fed in the
 * pieces those points cut, and fed one octet at a time give the same
 * result, field for field, and the parser never reads or writes outside
 * its buffers. Fed whole, most lines go the parser's fast ways; one octet
 * at a time, every line goes the general way (no line is ever whole in
 * the input), so the last is the fast ways' oracle. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

static void same(const struct http_response *a, const struct http_response *b)
{
	if (a->state != b->state || a->err != b->err || a->status != b->status ||
	    a->minor_version != b->minor_version || a->body_mode != b->body_mode ||
	    a->body_total != b->body_total || a->body_len != b->body_len ||
	    a->octets != b->octets || a->header_count != b->header_count ||
	    a->header_bytes != b->header_bytes || a->headers_done != b->headers_done ||
	    a->content_length != b->content_length || a->interim != b->interim ||
	    a->has_location != b->has_location || strcmp(a->location, b->location) != 0 ||
	    memcmp(a->body, b->body, a->body_len) != 0)
		abort();
	if (a->body_len > HTTP_BODY_KEEP || a->body_len > a->body_total)
		abort();
	if ((a->state == HTTP_S_ERROR) != (a->err != HTTP_OK))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_response whole, split, octets;
	if (size < 1)
		return 0;
	size_t k = data[0] & 15;
	if (size < 1 + 2 * k)
		return 0;
	size_t cuts[16];
	const uint8_t *p = data + 1 + 2 * k;
	size_t n = size - 1 - 2 * k;
	for (size_t i = 0; i < k; i++)
		cuts[i] = n ? ((size_t)data[1 + 2 * i] << 8 | data[2 + 2 * i]) % (n + 1) : 0;
	qsort(cuts, k, sizeof cuts[0], cmp_size);

	http_response_init(&whole);
	size_t used_whole = http_response_feed(&whole, p, n);
	if (used_whole > n)
		abort();

	/* the pieces, and the octets below, each from a buffer of its own
	 * size: AddressSanitizer sees any read past one */
	http_response_init(&split);
	size_t at = 0, used_split = 0;
	for (size_t i = 0; i <= k; i++) {
		size_t end = i < k ? cuts[i] : n;
		if (end < at)
			continue;
		uint8_t *piece = malloc(end - at ? end - at : 1);
		if (piece == NULL)
			abort();
		memcpy(piece, p + at, end - at);
		size_t got = http_response_feed(&split, piece, end - at);
		free(piece);
		used_split += got;
		if (got < end - at)
			break; /* done or refused: the rest is not the response's */
		at = end;
	}
	http_response_init(&octets);
	size_t used_octets = 0;
	uint8_t *one = malloc(1);
	if (one == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		*one = p[i];
		size_t got = http_response_feed(&octets, one, 1);
		used_octets += got;
		if (got == 0)
			break;
	}
	free(one);
	if (used_whole != used_split || used_whole != used_octets)
		abort();
	same(&whole, &split);
	same(&whole, &octets);
	http_response_eof(&whole);
	http_response_eof(&split);
	http_response_eof(&octets);
	same(&whole, &split);
	same(&whole, &octets);
	if (whole.state != HTTP_S_DONE && whole.state != HTTP_S_ERROR)
		abort();
	return 0;
}
