/* The DNS-01 challenge as Let's Encrypt checks it (boulder va/dns.go
 * validateDNS, va/va.go validateChallenge): the name it asks, the value it
 * wants, how it compares TXT records, what it says when they do not match,
 * and, beyond what the CA does, which authoritative server does not serve
 * the record yet. Pure: the caller does the lookups (src/cli/cmd_dns01.c)
 * and hands over what came back. dns-persist-01 is in persist.h; both
 * share the lookup and verdict types below. */
#ifndef ACMEPROBE_ACME_DNS01_H
#define ACMEPROBE_ACME_DNS01_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acme/digest.h"
#include "dns/err.h"
#include "dns/response.h"
#include "dns/wire.h"

#define DNS01_PREFIX   "_acme-challenge"     /* boulder core.DNSPrefix */
#define PERSIST_PREFIX "_validation-persist" /* boulder core.DNSPersistPrefix */

/* The DNS-01 value: unpadded base64url of a SHA-256 (43 characters). */
#define DNS01_VALUE_LEN 43
/* The dns-account-01 label: base32 of 10 octets (16 characters). */
#define ACCOUNT_LABEL_LEN 16
/* The longest cut of a wrong record in "Incorrect TXT record" (R-DNS01-4). */
#define DNS01_SHOWN_MAX 100

/* ---- the name ---------------------------------------------------------- */

enum acme_name_result {
	ACME_NAME_OK,
	ACME_NAME_BAD,	    /* not a domain name in presentation format */
	ACME_NAME_ROOT,	    /* the root: no certificate is for it */
	ACME_NAME_TOO_LONG, /* the prefix makes it longer than 255 octets */
};

/* R-DNS01-1, R-PERSIST-2, R-ACCOUNT-1: the name the CA asks for TXT. A
 * leading "*." of `domain` is dropped first (and *wildcard set); then
 * `prefix` (one or more labels, such as DNS01_PREFIX) goes in front.
 * Writes the wire forms of the domain and of the challenge name; *err gets
 * the codec's reason for ACME_NAME_BAD. */
enum acme_name_result acme_challenge_name(const char *domain, const char *prefix,
					  uint8_t domain_wire[DNS_MAX_NAME],
					  uint8_t name_wire[DNS_MAX_NAME], bool *wildcard,
					  enum dns_err *err);

/* A name as Boulder writes it in its texts: presentation format without
 * the final dot, ASCII letters in lower case (boulder identifier
 * Normalize lower-cases every identifier). */
void acme_name_text(const uint8_t *wire, char *out, size_t cap);

/* R-DNS01-2 (RFC 8555 s8.4): the TXT value for a key authorization, from
 * the SHA-256 of it: unpadded base64url, 43 characters and a NUL. */
void dns01_value(const uint8_t digest[ACME_SHA256_LEN], char out[DNS01_VALUE_LEN + 1]);

/* R-ACCOUNT-1 (boulder va/dns.go validateDNSAccount01): the label of
 * dns-account-01, from the SHA-256 of the account URL: base32 of its first
 * 10 octets, lower case, 16 characters and a NUL. The name is then
 * "_<label>._acme-challenge.<domain>". */
void account_label(const uint8_t digest[ACME_SHA256_LEN], char out[ACCOUNT_LABEL_LEN + 1]);

/* ---- the records ------------------------------------------------------- */

/* One TXT RR as the CA reads it: its character-strings joined. */
struct acme_txt {
	const uint8_t *value;
	size_t len;
};

enum acme_txt_err {
	ACME_TXT_OK,
	ACME_TXT_CUT,	  /* a character-string runs past the RDATA */
	ACME_TXT_NOSPACE, /* out is too small (never when cap >= rdlen) */
};

/* R-DNS01-3: joins the character-strings of one TXT RDATA (RFC 1035
 * s3.3.14: length octet, then that many octets, to the end of the RDATA)
 * into out, with nothing between them. An empty RDATA gives "". */
enum acme_txt_err acme_txt_join(const uint8_t *rdata, size_t rdlen, uint8_t *out, size_t cap,
				size_t *out_len);

/* R-DNS01-3: the first RR whose joined value equals `expected` octet for
 * octet (case-sensitive, nothing trimmed), or -1. */
long dns01_match(const struct acme_txt *rrs, size_t n, const uint8_t *expected, size_t len);

/* ---- the CA's verdict -------------------------------------------------- */

/* What one TXT lookup gave: an error (NONE for an answer with NOERROR),
 * its RCODE and EDE, and every TXT RR of the answer section in answer
 * order, whatever its owner (boulder bdns resultFromMsg). */
struct acme_lookup {
	enum dns_errclass error;
	uint16_t rcode;
	bool has_ede;
	uint16_t ede_code;
	const uint8_t *ede_text;
	size_t ede_text_len;
	const struct acme_txt *txt;
	size_t txt_count;
};

enum acme_outcome {
	ACME_VALID,	/* the CA would accept it */
	ACME_PUBLISHED, /* no value to compare with: what is published is reported */
	/* the CA would refuse it: a wrong or missing record (an unauthorized
	 * or malformed problem), or a name that does not exist (NXDOMAIN:
	 * Boulder's problem is then of type dns, but the servers did answer) */
	ACME_INVALID,
	ACME_DNS_ERROR, /* the lookup failed: SERVFAIL, timeout... (a dns problem) */
};

#define ACME_DETAIL_MAX 4096

struct acme_verdict {
	enum acme_outcome outcome;
	long matched;		      /* the RR that decided, or -1 */
	const char *rule;	      /* the R-... that decided */
	const char *problem_type;     /* LE_PROBLEM_*, or NULL when valid/published */
	char detail[ACME_DETAIL_MAX]; /* the problem's detail, in LE's words */
	bool detail_cut;	      /* the detail did not fit (a huge record) */
};

/* R-DNS01-3, R-DNS01-4 (boulder validateDNS): the CA's decision on one
 * lookup of `name_text` (acme_name_text of the challenge name). With
 * expected NULL there is nothing to compare: PUBLISHED when the lookup
 * gave TXT records, else the problem the CA would report whatever the
 * value. `account_uri` is for dns-account-01 (R-ACCOUNT-1): its
 * unauthorized texts end with ` (account: "<URI>")`; NULL for dns-01. */
void dns01_decide(const struct acme_lookup *lk, const char *name_text, const uint8_t *expected,
		  size_t expected_len, const char *account_uri, struct acme_verdict *out);

/* ---- each authoritative server ----------------------------------------- */

/* One server address asked directly (RD=0) for the TXT of the final name,
 * and the SOA serial it gave the doctor's probe (src/check/nsprobe.h). */
struct acme_server {
	enum dns_errclass error; /* NONE when a response came, whatever its RCODE */
	uint16_t rcode;
	bool aa;
	bool serves;	/* it holds what counts: the caller's match on its records */
	size_t records; /* TXT records in its answer */
	bool has_serial;
	uint32_t serial;
};

enum acme_server_state {
	ACME_SRV_SERVES,  /* an authoritative NOERROR answer with the record */
	ACME_SRV_LAGS,	  /* it answers without it, and its serial is older
			     than one of a server that serves it: not yet */
	ACME_SRV_MISSING, /* it answers without it, and nothing says it is
			     behind (same or newer serial, or none serves it) */
	ACME_SRV_LAME,	  /* REFUSED, SERVFAIL, NOTIMP, FORMERR, or no AA */
	ACME_SRV_SILENT,  /* no answer: timeout, network error, garbage */
};

/* RFC 1982 s3.2: whether serial a is older than b. */
bool acme_serial_older(uint32_t a, uint32_t b);

/* The state of server i among the n, and in *newest the newest serial of
 * the servers that serve the record (when one does: *has_newest). */
enum acme_server_state acme_server_judge(const struct acme_server *s, size_t n, size_t i,
					 uint32_t *newest, bool *has_newest);

/* "ns2.example.com. (192.0.2.2) does not serve it yet: its SOA serial 7
 * is older than 8" and the like, for server i (`who` names it). */
void acme_server_sentence(const struct acme_server *s, size_t n, size_t i, const char *who,
			  char *out, size_t cap);

/* The verdict with every server's view: a server that answers without the
 * record (LAGS, MISSING) turns a VALID or PUBLISHED lookup into INVALID,
 * since a resolver that asks it gets that answer; a lame or silent server
 * does not (resolvers move on to another). Returns the outcome and in
 * *first the first such server, or -1. */
enum acme_outcome acme_combine(enum acme_outcome lookup, const struct acme_server *s, size_t n,
			       long *first);

#endif
