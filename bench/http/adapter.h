/* The interface between the HTTP bench's harness (harness.c) and one
 * response parser. adapter_acmeprobe.c and adapter_pico.c each implement
 * it and are linked with harness.c into their own binary
 * (build/bench/http-acmeprobe, build/bench/http-pico), so the two parsers
 * never share a process. See bench/http/README.md. */
#ifndef BENCH_HTTP_ADAPTER_H
#define BENCH_HTTP_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

enum bench_body { BODY_NONE, BODY_LENGTH, BODY_CHUNKED, BODY_CLOSE };

/* What a parser made of one whole response: compared across the two
 * parsers before anything is timed. */
struct bench_summary {
	int status;
	int minor_version;
	unsigned headers;     /* fields of the header section */
	unsigned trailers;    /* trailer fields after a chunked body */
	enum bench_body body; /* how the body is framed */
	uint64_t body_len;    /* body octets, de-chunked */
	uint32_t body_hash;   /* FNV-1a of the first min(body_len, 256) */
	uint64_t octets;      /* octets of the response, framing included */
	char location[256];   /* the first Location field ("" if none) */
};

/* "acmeprobe" or "picohttpparser". */
extern const char bench_adapter_name[];

/* Parses one whole response (status line, headers, and the body:
 * de-chunked, or sliced by Content-Length, or up to the end for a
 * close-delimited one), the buffer being all the server sent before
 * closing. Returns 0 when the parser accepted the response, else nonzero.
 * This is the only function that is timed and counted. */
int bench_parse(const uint8_t *buf, size_t len);

/* The same parse (not timed), then fills *s; on error writes a reason. */
int bench_parse_summary(const uint8_t *buf, size_t len,
			struct bench_summary *s, char *err, size_t err_len);

/* FNV-1a, for body_hash. */
static inline uint32_t bench_fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

#endif
