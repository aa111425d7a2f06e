/* libFuzzer target: URLs and Location resolution (src/http/url.c). The
 * input is a base URL, a newline, and a Location value. Properties: what
 * parses prints as a URL that parses again to the same text (so the loop
 * check of R-HTTP-3, which compares texts, is stable), its request target
 * and Host header fit, and resolution never leaves the buffers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct url *u)
{
	static char text[URL_TEXT_MAX], again[URL_TEXT_MAX], t[URL_TEXT_MAX];
	static struct url back;
	size_t n = url_format(u, text, sizeof text);
	if (n == 0 || strlen(text) != n)
		abort();
	if (url_request_target(u, t, sizeof t) == 0 || t[0] != '/')
		abort();
	if (url_host_header(u, t, sizeof t) == 0)
		abort();
	if (url_parse(&back, text, n) != URL_OK)
		abort();
	size_t m = url_format(&back, again, sizeof again);
	if (m != n || memcmp(text, again, n) != 0)
		abort();
	if (u->path[0] && u->path[0] != '/')
		abort();
	if (url_path_decoded_len(u) > strlen(u->path))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct url base, out;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t blen = nl ? (size_t)(nl - data) : size;
	if (url_parse(&base, (const char *)data, blen) != URL_OK)
		return 0;
	round_trip(&base);
	if (!nl)
		return 0;
	const char *ref = (const char *)nl + 1;
	size_t rlen = size - blen - 1;
	if (url_resolve(&out, &base, ref, rlen) == URL_OK)
		round_trip(&out);
	return 0;
}
