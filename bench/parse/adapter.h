/* The interface between the parse bench's harness (harness.c) and one
 * parser library. Each adapter_*.c implements it for one library and is
 * linked with harness.c into its own binary, so the three parsers never
 * share a process and each timing or instruction count is of one library
 * alone. */
#ifndef BENCH_PARSE_ADAPTER_H
#define BENCH_PARSE_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

/* What a parser made of one message: compared across the libraries to
 * catch a parser that "accepts" a message but reads it differently. The
 * counts are of parsed resource records per section, the OPT record
 * included in `ar` (ldns takes it out of its list; its adapter adds it
 * back). */
struct bench_summary {
	unsigned rcode;  /* the 4 header bits */
	unsigned qtype;
	unsigned an, ns, ar;
	int edns;        /* an OPT record was found */
};

/* "acmeprobe", "libknot" or "ldns". */
extern const char bench_adapter_name[];

/* Parses one whole message and frees whatever the library allocated for
 * it. Returns 0 if the library accepted the message, else its error code.
 * This is the only function that is timed and counted. */
int bench_parse(uint8_t *wire, size_t len);

/* The same parse, then fills *s from the library's result. On error
 * writes the library's own error text to err. */
int bench_parse_summary(uint8_t *wire, size_t len, struct bench_summary *s,
			char *err, size_t err_len);

#endif
