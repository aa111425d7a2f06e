/* acmeprobe: http_response_init + http_response_feed of the whole
 * response + http_response_eof when it is not done (the server's close:
 * what ends a close-delimited body), as src/http/client.c uses it. The
 * struct is static, as a client's would live once per connection: its big
 * buffers are never cleared (http_response_init resets only the fields). */
#include <stdio.h>
#include <string.h>

#include "adapter.h"
#include "http/response.h"

const char bench_adapter_name[] = "acmeprobe";

static struct http_response r;

int bench_parse(const uint8_t *buf, size_t len)
{
	http_response_init(&r);
	size_t used = http_response_feed(&r, buf, len);
	if (r.state != HTTP_S_DONE)
		http_response_eof(&r);
	return r.state != HTTP_S_DONE || used != len;
}

int bench_parse_summary(const uint8_t *buf, size_t len,
			struct bench_summary *s, char *err, size_t err_len)
{
	/* Once one octet at a time up to the end of the header section, to
	 * learn how many fields it had (header_count goes on to count the
	 * trailer fields); then the whole response at once, as timed. */
	http_response_init(&r);
	size_t i = 0;
	while (i < len && !r.headers_done && r.state != HTTP_S_ERROR)
		i += http_response_feed(&r, buf + i, 1);
	unsigned in_header = r.header_count;

	int bad = bench_parse(buf, len);
	if (bad) {
		snprintf(err, err_len, "%s (state %d, %llu of %zu octets)",
			 r.err ? http_strerror(r.err) : "not done",
			 (int)r.state, (unsigned long long)r.octets, len);
		return 1;
	}
	s->status = r.status;
	s->minor_version = r.minor_version;
	s->headers = r.header_count;
	s->trailers = 0;
	if (r.body_mode == HTTP_BODY_CHUNKED) {
		s->headers = in_header;
		s->trailers = r.header_count - in_header;
	}
	switch (r.body_mode) {
	case HTTP_BODY_NONE: s->body = BODY_NONE; break;
	case HTTP_BODY_LENGTH: s->body = BODY_LENGTH; break;
	case HTTP_BODY_CHUNKED: s->body = BODY_CHUNKED; break;
	case HTTP_BODY_CLOSE: s->body = BODY_CLOSE; break;
	}
	s->body_len = r.body_total;
	s->body_hash = bench_fnv1a(r.body, r.body_len);
	s->octets = r.octets;
	snprintf(s->location, sizeof s->location, "%.255s",
		 r.has_location ? r.location : "");
	return 0;
}
