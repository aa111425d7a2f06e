/* The I/O part of the validator: the loop that feeds the pure engine
 * (chain.h). Given an answer already received, it asks each DS or DNSKEY
 * question the engine NEEDs through the resolver (RD, DO and CD: a
 * validating resolver then hands over bogus data too, RFC 4035 s3.2.2),
 * adds the answer, and runs the engine again, until DONE. Sockets and the
 * clock stay here; every decision stays in chain.c. */
#ifndef ACMEPROBE_DNSSEC_FETCH_H
#define ACMEPROBE_DNSSEC_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/resolver.h"
#include "dnssec/anchors.h"
#include "dnssec/chain.h"

/* At most this many DS and DNSKEY questions for one validation (the
 * engine asks at most two a zone cut, DNSSEC_MAX_DEPTH cuts). */
#define DNSSEC_FETCH_MAX (2 * DNSSEC_MAX_DEPTH + 4)

/* Called for each question asked, when it is answered (for --trace):
 * the question, the resolver's result (valid during the call). */
typedef void (*dnssec_fetch_trace_fn)(void *ctx, const uint8_t *name, uint16_t type,
				      const struct dns_result *r);

/* Validates `answer` (the response to qname/qtype, from server
 * `answer_server`) from the anchors at time `now` (seconds since 1970),
 * asking what the engine needs through cfg. The source ids in out are
 * resolver server indexes (cfg->servers[source]). Returns 0, or -1 when
 * the resolver itself fails (errno set; out is then indeterminate). */
int dnssec_fetch_validate(const struct resolver_config *cfg, const struct dnssec_anchors *ta,
			  const struct dns_msg *answer, const uint8_t *qname, uint16_t qtype,
			  unsigned answer_server, uint64_t now, struct dnssec_result *out,
			  dnssec_fetch_trace_fn trace, void *trace_ctx);

#endif
