/* Let's Encrypt's words: the error texts its validation authority
 * (Boulder) puts in an ACME problem, written again from the facts of
 * boulder bdns/problem.go (Error, wrapErr) and Go's fmt %q, so that a
 * report can say "Let's Encrypt would show: ..." exactly. Pure: text goes
 * into the caller's buffer, nothing else is touched.
 *
 * The DNS problem texts (R-DNSSEC-14, R-DNS01-4, R-PERSIST-5) take one of
 * these shapes, <type> being the type looked up (A, AAAA, CAA, TXT) and
 * <name> the name asked, without its final dot:
 *   DNS problem: NXDOMAIN looking up TXT for <name> - check that a DNS record exists for this
 * domain DNS problem: SERVFAIL looking up TXT for <name> - the domain's nameservers may be
 * malfunctioning DNS problem: REFUSED looking up TXT for <name>          (other RCODEs: their name
 * alone) DNS problem: query timed out looking up TXT for <name> DNS problem: networking error
 * looking up TXT for <name> DNS problem: server failure at resolver looking up TXT for <name> DNS
 * problem: response was truncated looking up CAA for <name> DNS problem: looking up TXT for <name>:
 * DNSSEC: Bogus[: <EDE text>] DNS problem: looking up TXT for <name>: Unknown Extended DNS Error
 * code 99 The EDE forms replace the RCODE forms whenever the error answer (any RCODE but NOERROR)
 * carries an extended DNS error (RFC 8914). */
#ifndef ACMEPROBE_ACME_LE_TEXT_H
#define ACMEPROBE_ACME_LE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/response.h"

/* ACME problem types (RFC 8555 s6.7) the validation authority uses. */
#define LE_PROBLEM_DNS		"urn:ietf:params:acme:error:dns"
#define LE_PROBLEM_UNAUTHORIZED "urn:ietf:params:acme:error:unauthorized"
#define LE_PROBLEM_MALFORMED	"urn:ietf:params:acme:error:malformed"

/* How a lookup failed, as Boulder tells the cases apart (bdns Error). */
enum le_dns_failure {
	LE_DNS_RCODE,	       /* an answer with an RCODE other than NOERROR */
	LE_DNS_TIMEOUT,	       /* no answer in time */
	LE_DNS_NETWORK,	       /* a network error (ICMP unreachable, reset...) */
	LE_DNS_SERVER_FAILURE, /* any other failure: an answer that cannot be read */
	LE_DNS_TRUNCATED,      /* TC=1 on a CAA answer (only CAA: wrapErr) */
};

/* One failed lookup. `name` is text without the final dot, as Boulder has
 * it (the identifier, lower case, with its prefix). The EDE is used only
 * for LE_DNS_RCODE, as Boulder attaches it only to an error RCODE. */
struct le_dns_error {
	uint16_t qtype;
	const char *name;
	enum le_dns_failure failure;
	uint16_t rcode;
	bool has_ede;
	uint16_t ede_code;
	const uint8_t *ede_text; /* UTF-8 as sent, maybe empty */
	size_t ede_text_len;
};

/* Writes the "DNS problem: ..." text of `e` into out (always
 * NUL-terminated). Returns false when it did not fit (out then holds a cut
 * text). */
bool le_dns_problem(const struct le_dns_error *e, char *out, size_t cap);

/* The failure kind of one of the resolver's error classes: an RCODE for
 * NXDOMAIN, SERVFAIL, NOTIMP, REFUSED, FORMERR; TIMEOUT; NETWORK; and
 * SERVER_FAILURE for a malformed answer (Boulder's DNS client fails to
 * unpack it: an error that is neither a timeout nor a network error). */
enum le_dns_failure le_dns_failure_of(enum dns_errclass c);

/* Boulder's name of an RCODE (miekg/dns RcodeToString): "NXDOMAIN",
 * "BADSIG" for 16...; "" for a code it has no name for (Boulder then
 * prints two spaces in a row: so does le_dns_problem). */
const char *le_rcode_name(uint16_t rcode);

/* Boulder's summary of an EDE INFO-CODE (bdns extendedErrorCodeToString:
 * RFC 8914 names, "DNSSEC: " before the DNSSEC ones), or NULL for a code
 * it does not list (25 and up): it then says "Unknown Extended DNS Error
 * code N". */
const char *le_ede_summary(uint16_t code);

/* Go's %q of a byte string (strconv.Quote): in double quotes; '"' and
 * '\\' escaped; \a \b \f \n \r \t \v; other ASCII controls and DEL as
 * \xHH; each octet that is not part of valid UTF-8 as \xHH; a valid
 * non-ASCII character as it is when Go deems it printable, else \uHHHH or
 * \UHHHHHHHH. Go's printable test needs the Unicode tables; this one
 * refuses C1 controls, the space separators other than U+0020, the common
 * format characters (U+00AD, U+200B..U+200F, U+202A..U+202E,
 * U+2060..U+2064, U+2066..U+206F, U+FEFF...), private use and
 * noncharacters, and takes every other character as printable (so a code
 * point Unicode has not assigned yet, which Go escapes, is shown as it
 * is). Appends to out at *len (NUL kept); returns false when cut. */
bool le_go_quote(const uint8_t *s, size_t n, char *out, size_t cap, size_t *len);

/* snprintf-like appending: out[*len..] gets the text, *len moves on.
 * Returns false when cut (out stays NUL-terminated). */
bool le_append(char *out, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Unix time as Go's time.Format(time.RFC3339) writes it in UTC:
 * "2026-07-01T12:00:00Z"; years past 9999 in full, years before 1 with a
 * minus sign and four digits at least ("-0001-..."). out: at least 40. */
void le_rfc3339(int64_t unix_seconds, char *out, size_t cap);

#endif
