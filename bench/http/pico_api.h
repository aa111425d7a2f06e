/* The picohttpparser functions the bench calls, as Debian's
 * libh2o-evloop0.13 exports them (h2o 2.2.5 embeds picohttpparser and its
 * shared library exports the phr_* symbols; Debian ships no header for
 * them). Declarations of the library's public API, nothing more. */
#ifndef ACMEPROBE_BENCH_PICO_API_H
#define ACMEPROBE_BENCH_PICO_API_H

#include <stddef.h>
#include <sys/types.h>

struct phr_header {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
};

struct phr_chunked_decoder {
	size_t bytes_left_in_chunk;
	char consume_trailer;
	char _hex_count;
	char _state;
};

int phr_parse_response(const char *buf, size_t len, int *minor_version, int *status,
		       const char **msg, size_t *msg_len, struct phr_header *headers,
		       size_t *num_headers, size_t last_len);
int phr_parse_headers(const char *buf, size_t len, struct phr_header *headers,
		      size_t *num_headers, size_t last_len);
ssize_t phr_decode_chunked(struct phr_chunked_decoder *decoder, char *buf, size_t *bufsz);

#endif
