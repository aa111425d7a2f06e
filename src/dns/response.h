/* What makes a response acceptable, and what it says: the checks the
 * resolver applies to every datagram, as pure functions over a parsed
 * message (no sockets), so unit tests and a fuzz target can call them. */
#ifndef ACMEPROBE_DNS_RESPONSE_H
#define ACMEPROBE_DNS_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "dns/wire.h"

/* The error classes of the command-line contract. */
enum dns_errclass {
	DNS_EC_NONE,
	DNS_EC_NXDOMAIN,
	DNS_EC_SERVFAIL,
	DNS_EC_TIMEOUT,
	DNS_EC_NOTIMP,
	DNS_EC_REFUSED,
	DNS_EC_FORMERR,
	DNS_EC_MALFORMED,
	DNS_EC_NETWORK,
};

/* "servfail", "timeout"...; NULL for DNS_EC_NONE. */
const char *dns_errclass_name(enum dns_errclass c);

/* Why a datagram is not the answer to our question (RFC 5452 s9.1). */
enum dns_match {
	DNS_MATCH_OK,
	DNS_MATCH_NOT_RESPONSE, /* QR is 0 */
	DNS_MATCH_ID,           /* another transaction's ID */
	DNS_MATCH_OPCODE,       /* not OPCODE QUERY */
	DNS_MATCH_QUESTION,     /* another name, type or class */
};

/* Compares a parsed message with the question we asked: QR set, the same
 * ID, OPCODE QUERY, and the same name (ASCII case-insensitive, label by
 * label on the wire, never as text), type and class IN. The source address
 * and port are checked by the caller, which knows them. */
enum dns_match dns_response_match(const struct dns_msg *m, uint16_t id,
				  const uint8_t *qname, uint16_t qtype);

/* A CNAME chain can be at most this long (links followed); more is an
 * error, like a loop. */
#define DNS_MAX_CHAIN 8

enum dns_chain_status {
	DNS_CHAIN_DONE,     /* the answer ends at a name without a CNAME */
	DNS_CHAIN_SHORT,    /* it stops at a CNAME target with neither the
			       records asked for nor a negative answer: ask
			       that target again */
	DNS_CHAIN_LOOP,     /* a target that is already in the chain */
	DNS_CHAIN_TOO_LONG, /* more than DNS_MAX_CHAIN links */
};

/* The names of a chain: names[0] is the name first asked, names[i] the
 * target of the i-th CNAME; names[links] is where the chain stands. It
 * lives across several responses when a short chain is asked again. */
struct dns_chain {
	uint8_t names[DNS_MAX_CHAIN + 1][DNS_MAX_NAME];
	size_t links;
};

void dns_chain_start(struct dns_chain *c, const uint8_t *qname);
static inline const uint8_t *dns_chain_end(const struct dns_chain *c)
{
	return c->names[c->links];
}

/* Follows, in the answer section of m, the CNAMEs from the chain's end:
 * each link must start at the name the previous one ended at. A query for
 * CNAME itself (or ANY) follows nothing. Sets *final_count to the number
 * of answer records of type qtype owned by the chain's end. */
enum dns_chain_status dns_chain_follow(struct dns_chain *c, const struct dns_msg *m,
				       uint16_t qtype, size_t *final_count);

/* True for an answer record of the final RRset: owned by the chain's end,
 * of type qtype. */
bool dns_chain_is_final(const struct dns_chain *c, const struct dns_msg *m,
			const struct dns_rr *rr, uint16_t qtype);

#endif
