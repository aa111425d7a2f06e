/* The CAA tree walk (R-CAA-2, R-CAA-3, R-CAA-7, R-CAA-8, R-CAA-13), for one
 * name or for a batch of millions. For each name, every label from the
 * name up to and including its TLD is asked at once through the
 * resolver's asynchronous core; the walk then goes from the name upward
 * and stops at the first label with either an error (fail closed: R-CAA-4)
 * or a non-empty CAA RRset (the relevant RRset).
 *
 * In a batch, names that share parents share their answers: a bounded
 * cache of labels (with the questions still in flight) means `example.com`
 * is asked once for all of `a.example.com`, `b.example.com`... Memory is
 * bounded by the window of names in flight and the cache's size, not by
 * the number of names. */
#ifndef ACMEPROBE_CAA_LOOKUP_H
#define ACMEPROBE_CAA_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caa/policy.h"
#include "caa/rdata.h"
#include "dns/resolver.h"
#include "dns/wire.h"

#define CAA_MAX_LABELS 127 /* a 255-octet name has at most 127 labels */

struct caa_dnssec_note; /* caa/dnssec_walk.h */

/* What one label's CAA question gave. */
struct caa_label {
	uint8_t name[DNS_MAX_NAME];  /* the label asked (wire form) */
	enum dns_errclass error;     /* NONE for an answer (NXDOMAIN below the
					TLD is an empty answer: R-CAA-8) */
	uint16_t rcode;
	const char *detail;          /* the resolver's sentence, or NULL */
	uint16_t ede_code;           /* RFC 8914, when has_ede */
	bool has_ede;
	char ede_text[160];
	bool via_cname;              /* the RRset came from a CNAME target (R-CAA-3) */
	uint8_t cname_target[DNS_MAX_NAME];
	bool tcp;                    /* the answer needed TCP (R-CAA-13) */
	int server;                  /* which server answered, or -1 */
	size_t record_count;
	struct caa_record *records;  /* pointing into `blob` */
	uint8_t *blob;               /* the RDATA of every record */
	/* what acmeprobe's own DNSSEC validation found, when it has something
	 * to say (caa/dnssec_walk.h; owned, freed with the label), or NULL */
	struct caa_dnssec_note *dnssec;
};

/* acmeprobe's own DNSSEC validation of each label's answer (R-DNSSEC-1):
 * on_answer gets the resolver's result and the label as the walk read it,
 * and may change the label (a bogus answer becomes an error, R-DNSSEC-10)
 * and attach a note. caa/dnssec_walk.h has the one the commands use. With
 * a hook, every CAA question carries DO (RFC 3225), so that the answer
 * holds the signatures to check. */
struct caa_dnssec_hook {
	void (*on_answer)(void *ctx, const struct dns_result *r, struct caa_label *l);
	void *ctx;
};

enum caa_verdict { CAA_PERMITTED, CAA_FORBIDDEN, CAA_NO_DECISION };

/* The walk's result for one name, handed to the sink. Pointers are valid
 * during the sink call only. */
struct caa_walk_result {
	const uint8_t *domain;       /* wire form, without a "*." */
	const char *input;           /* the line as given (batch), or NULL */
	bool wildcard;               /* the line asked for a wildcard: "*." */
	enum caa_verdict verdict;
	size_t label_count;
	const struct caa_label *const *labels; /* [0] the name ... [n-1] the TLD */
	long deciding_label;         /* the relevant RRset's or the error's label, or -1 */
	struct caa_decision decision; /* when verdict is not NO_DECISION */
	const char *input_error;     /* a name that could not be read (batch) */
	bool ip_address;             /* the line is an IP address (batch): no CAA
					question, PERMITTED (R-IP-4), or refused
					in input_error (R-IP-1) */
};

/* The caller's side: where names come from and where results go. */
struct caa_batch_io {
	/* Fills `name` (a line; "*.x" asks for a wildcard) and returns true,
	 * or false at the end. */
	bool (*next_name)(void *ctx, char *name, size_t cap);
	void (*on_result)(void *ctx, const struct caa_walk_result *r);
	/* Optional: each label's resolver result as it arrives (--trace). */
	void (*on_answer)(void *ctx, const struct dns_result *r);
	void *ctx;
};

struct caa_batch_config {
	const struct resolver_config *resolver;
	struct caa_request request;  /* wildcard is per name: a leading "*." */
	unsigned concurrency;        /* names in flight (default 100) */
	size_t cache_labels;         /* answers kept for reuse (default 4096) */
	const struct caa_dnssec_hook *dnssec; /* NULL: no validation of our own */
};

/* Decides, from the labels' answers, as Let's Encrypt does (boulder
 * va/caa.go selectCAA): the first error or non-empty RRset from the
 * bottom up. A pure function, exposed for tests and --records. */
void caa_walk_decide(const struct caa_label *const *labels, size_t n,
		     const struct caa_request *req, struct caa_walk_result *out);

/* How the walk reads one label's answer (R-CAA-8, R-CAA-13; boulder
 * bdns/dns.go LookupCAA, bdns/problem.go wrapErr): an answer that is still
 * truncated (TC=1) after the TCP retry is an error whatever its RCODE,
 * NXDOMAIN included (boulder #8839: an incomplete answer cannot prove
 * that the name does not exist); else NXDOMAIN below the TLD is an empty
 * RRset and NXDOMAIN for a TLD an error; an answer without a message
 * cannot be read. `error` and `has_msg` are the resolver's, `truncated`
 * the TC bit of its message. Returns the label's error class and, in
 * *detail, a sentence for it (left as it is when there is none to add). */
enum dns_errclass caa_answer_error(enum dns_errclass error, bool has_msg, bool truncated,
				   const uint8_t *name, const char **detail);

/* Runs the batch. Results come in input order. A line that is meant as an
 * IP address (acme/ident.h ident_looks_like_ip, after a "*.") gets the
 * answer of `acmeprobe caa ADDR`, without a question: ip_address, and
 * PERMITTED when it is an address in canonical form (R-IP-4), else
 * input_error with ident_ip_read's sentence (R-IP-1). Returns 0, or -1
 * with errno when memory runs out or the poll loop fails. */
int caa_batch_run(const struct caa_batch_config *cfg, const struct caa_batch_io *io);

#endif
