/* The DNS-01 challenge, run: the TXT lookup through the resolver (CNAMEs
 * followed), the CA's verdict on it (acme/dns01.h, acme/persist.h decide),
 * then every authoritative server of the zone that holds the final name,
 * found by the doctor's probe (check/nsprobe.h) and asked directly, so
 * that a report can say which one does not serve the record yet. It does
 * the I/O the pure functions of dns01.h leave to their caller, for the
 * `dns01` command (cli/cmd_dns01.c) and the doctor (check --method dns-01,
 * check/doctor.c) alike. It blocks; every lookup has the resolver's
 * deadline. */
#ifndef ACMEPROBE_ACME_DNS01_RUN_H
#define ACMEPROBE_ACME_DNS01_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acme/dns01.h"
#include "acme/persist.h"
#include "check/nsprobe.h"
#include "dns/resolver.h"

enum dns01_method { DNS01_M_DNS01, DNS01_M_ACCOUNT, DNS01_M_PERSIST };

/* One TXT answer, copied out of the resolver's message. */
struct dns01_answer {
	enum dns_errclass error; /* for a server asked directly: NONE when a
				    response came, whatever its RCODE */
	uint16_t rcode;
	bool answered; /* a response was accepted */
	bool aa;
	bool has_ede;
	uint16_t ede_code;
	uint8_t ede_text[256];
	size_t ede_len;
	struct acme_txt *rr; /* every TXT RR of the answer section */
	size_t count;
	uint8_t *blob; /* their joined values */
	uint8_t chain[DNS_MAX_CHAIN + 1][DNS_MAX_NAME];
	size_t links;
	bool oom;
};

/* A --trace line ("[rule] line"), and each resolver try of a lookup. */
typedef void (*dns01_trace_fn)(void *ctx, const char *rule, const char *line);
typedef void (*dns01_tries_fn)(void *ctx, const struct resolver_config *cfg,
			       const struct dns_result *r);

struct dns01_run {
	/* what to check: the caller sets these (the names with
	 * acme_challenge_name, le_name with acme_name_text of txt_name) */
	const struct resolver_config *rcfg;
	enum dns01_method method;
	bool wildcard;
	const char *account_uri;
	const uint8_t *expected; /* NULL: report only (not with --persist) */
	size_t expected_len;
	char expected_text[DNS01_VALUE_LEN + 1];
	struct persist_time now;
	uint8_t domain[DNS_MAX_NAME], txt_name[DNS_MAX_NAME];
	char le_name[DNS_MAX_NAME_TEXT]; /* the challenge name as Boulder writes it */
	uint16_t ns_port;
	dns01_trace_fn trace; /* NULL: no trace */
	dns01_tries_fn trace_tries;
	void *trace_ctx;

	/* what came back */
	struct dns01_answer lookup;
	struct acme_verdict verdict;
	struct persist_view *views; /* --persist: one per record */

	struct nsprobe_report *rep;
	bool probed;
	struct resolver_config direct_cfg; /* the servers asked directly */
	struct dns01_answer direct[NSPROBE_MAX_ADDRS];
	struct acme_server servers[NSPROBE_MAX_ADDRS];
	size_t server_count;
	size_t order[NSPROBE_MAX_ADDRS]; /* the report's order: by name, then address */
	enum acme_outcome outcome;
	long first_bad; /* the first server that answers without the record */
};

/* Runs the lookup and the servers' probes, and sets verdict, outcome and
 * first_bad. Returns 0, or -1 with errno when the machinery failed. */
int dns01_probe(struct dns01_run *run);

/* Frees what the run holds (not the run itself). */
void dns01_run_free(struct dns01_run *run);
void dns01_answer_free(struct dns01_answer *a);

/* "ns2.example.com. (192.0.2.2)" for server i, the port added when it is
 * not 53. */
void dns01_server_who(const struct dns01_run *run, size_t i, char *out, size_t cap);

/* What Let's Encrypt would say if its resolver got server i's answer. */
void dns01_server_le_text(const struct dns01_run *run, size_t i, struct acme_verdict *v);

/* The le_text array: the verdict's problem, then each server's that
 * answers without the record, each text once (text: owned, free it). */
struct dns01_texts {
	char (*text)[ACME_DETAIL_MAX];
	size_t count;
};
bool dns01_collect_texts(const struct dns01_run *run, struct dns01_texts *t);

/* The problem of the whole verdict: the lookup's, or that of the first
 * server that answers without the record when the lookup was fine
 * (*scratch holds it then). */
void dns01_overall_problem(const struct dns01_run *run, const char **type, const char **detail,
			   struct acme_verdict *scratch);

#endif
