/* Fetching, the per-server half: what each authoritative server of a zone
 * serves, judged alone. A recursive resolver hands over the data of one
 * server, whichever it picked; Unbound, the CA's resolver, throws away an
 * answer that does not validate and asks another server of the zone, so
 * a zone fails at the CA when every server serves bad data, and only
 * looks fragile when some do. So every address of the zone is asked
 * directly (no recursion, DO, one try) for the question and for the
 * zone's DNSKEY RRset, and the engine runs once per server with that
 * server's two answers first; the parent's DS and the keys above come
 * from the session (session.h), through the resolver. The sockets are
 * here; every decision is the engine's (chain.h). */
#ifndef ACMEPROBE_DNSSEC_SERVERS_H
#define ACMEPROBE_DNSSEC_SERVERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/resolver.h"
#include "dnssec/session.h"
#include "dnssec/verdict.h"

#define DNSSEC_MAX_SERVERS   RESOLVER_MAX_SERVERS
#define DNSSEC_MAX_QUESTIONS 4 /* CAA, A, AAAA, TXT: what the CA asks */

struct dnssec_server {
	uint8_t name[DNS_MAX_NAME]; /* the NS name */
	struct net_addr addr;	    /* one of its addresses, with the port asked */
};

struct dnssec_server_set {
	uint8_t zone[DNS_MAX_NAME];
	struct dnssec_server servers[DNSSEC_MAX_SERVERS];
	size_t count;
};

/* Finds the servers of `zone`: its NS RRset and the A and AAAA records
 * of each NS name, through the resolver (RD, CD: broken DNSSEC must not
 * hide them), at most DNSSEC_MAX_SERVERS addresses, each with `port`.
 * Returns 0 (out->count may be 0), or -1 when the resolver fails. */
int dnssec_servers_find(const struct resolver_config *cfg, const uint8_t *zone, uint16_t port,
			struct dnssec_server_set *out);

/* Sorts the set in address order (IPv4 first), as the doctor lists
 * servers: resolvers rotate RRsets, and a report should not. */
void dnssec_servers_sort(struct dnssec_server_set *set);

struct dnssec_server_question {
	uint8_t name[DNS_MAX_NAME];
	uint16_t type;
};

/* What one server gave for one question. */
struct dnssec_server_answer {
	enum dns_errclass error; /* NONE: an answer came (any RCODE) */
	uint16_t rcode;
	bool aa;
	struct dnssec_verdict verdict; /* judged when the answer could be */
};

/* Asks every server of `set` for each of the n questions and for the
 * zone's DNSKEY RRset, all at once (one try each, timeout_ms), and
 * judges each answer with that server's keys: out[q * set->count + i]
 * is question q at server i. An answer is judged when it is one of the
 * zone's (NOERROR or NXDOMAIN with AA) and holds the whole answer (no
 * CNAME to a name it does not answer for). Returns 0, or -1 when the
 * resolver or memory fails. */
int dnssec_servers_judge(struct dnssec_session *s, const struct resolver_config *recursive,
			 const struct dnssec_server_set *set,
			 const struct dnssec_server_question *q, size_t n, unsigned timeout_ms,
			 struct dnssec_server_answer *out);

#endif
