/* ACME identifiers as Let's Encrypt reads them (rules R-IP-1..5 and
 * R-DNS01-5 of docs/rules.md): an IP address identifier's text (RFC 8738
 * s3), the IANA special-purpose blocks the CA refuses, the reverse name
 * that tls-alpn-01 sends as SNI (RFC 8738 s6), what the certificate
 * profiles allow, and which challenges an identifier is offered. Pure: no
 * I/O, no allocation; every function takes its input and returns a
 * verdict and its reason. */
#ifndef ACMEPROBE_ACME_IDENT_H
#define ACMEPROBE_ACME_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ACMEPROBE_IP=0 (make tiny, whose 150 KiB cannot hold IANA's registries'
 * texts and Let's Encrypt's) builds the commands without IP address
 * identifiers: caa, http01, check and tlsalpn01 then say an address is not
 * built in (cli/ip_ident.c, check/doctor.c). Here only the reserved
 * blocks lose their names (struct ident_reserved). */
#ifndef ACMEPROBE_IP
#define ACMEPROBE_IP 1
#endif

/* ---- R-IP-1: the text of an IP address identifier ------------------- */

/* An address: 4 octets (IPv4) or 16 (IPv6). The family is AF_INET or
 * AF_INET6 of <sys/socket.h>. */
struct ident_ip {
	int family;
	uint8_t addr[16];
};

/* The longest canonical text, "ffff:ffff:...:ffff" or
 * "::ffff:255.255.255.255", and its NUL. */
#define IDENT_IP_TEXT 46

/* LE's words for every text that is not an address in canonical form
 * (Boulder policy/pa.go errIPInvalid). */
#define IDENT_LE_IP_INVALID "IP address is invalid"

enum ident_ip_err {
	IDENT_IP_OK,
	IDENT_IP_SYNTAX,	/* not an IPv4 or IPv6 address at all */
	IDENT_IP_ZONE,		/* an IPv6 scope zone ("%eth0", RFC 4007) */
	IDENT_IP_BRACKETS,	/* "[2001:db8::1]": a URL's form, not an address */
	IDENT_IP_PORT,		/* "192.0.2.1:443" or "[2001:db8::1]:443" */
	IDENT_IP_PREFIX,	/* "192.0.2.0/24": a network, not an address */
	IDENT_IP_NOT_CANONICAL, /* an address, but not written as RFC 1123 s2.1
				   or RFC 5952 s4 write it */
};

/* A sentence on the error, for the report. */
const char *ident_ip_strerror(enum ident_ip_err e);

/* Whether a command-line argument is meant as an IP address rather than
 * a domain name: it has ':', '[', ']', '%' or '/', or only digits and
 * dots. A domain name never has those, and one of digits and dots only
 * has no public suffix (Boulder refuses it as "an IP address" too). */
bool ident_looks_like_ip(const char *text);

/* R-IP-1: reads text[0..len) as an IP address identifier. OK only when
 * the text is the canonical form itself, as Boulder's ValidIP wants it
 * (netip.ParseAddr(v).String() == v; RFC 8738 s3). On any other error
 * where an address could still be read (a zone, brackets, a port, a
 * prefix, another spelling), *out holds it and `canonical` its canonical
 * text, for a "did you mean"; else canonical is "". */
enum ident_ip_err ident_ip_parse(const char *text, size_t len, struct ident_ip *out,
				 char canonical[IDENT_IP_TEXT]);

/* Room for ident_ip_read's sentence on any text (a longer one is cut). */
#define IDENT_IP_WHY 768

/* R-IP-1, the one check of every command that takes an IP address
 * identifier (caa, http01, tlsalpn01, check, caa --batch's lines): reads
 * `text`, which ident_looks_like_ip took for an address. True with *out
 * set when it is an address in canonical form. Else false, and `why` gets
 * the sentence the report gives: what is wrong, the canonical form when
 * there is one, and Let's Encrypt's refusal ("'::0001': not in canonical
 * form (...) (R-IP-1); the identifier would be ::1. Let's Encrypt refuses
 * the order: Cannot issue for \"::0001\": IP address is invalid").
 * `wildcard`: the name was asked for as "*.<text>" (or with caa
 * --wildcard); an address has no wildcard, and that is refused first. */
bool ident_ip_read(const char *text, bool wildcard, struct ident_ip *out, char *why, size_t cap);

/* The canonical text (Go's netip.Addr.String(): dotted decimal; IPv6 per
 * RFC 5952 s4, with "::ffff:" and dotted decimal for an IPv4-mapped
 * address). Returns its length. */
size_t ident_ip_format(const struct ident_ip *ip, char out[IDENT_IP_TEXT]);

/* ---- R-IP-2: the special-purpose blocks ------------------------------ */

/* One block of the IANA IPv4 or IPv6 Special-Purpose Address Registry
 * (source and date in ident.c): the one table of them, for R-IP-2 and
 * R-HTTP-7 (http/h01_engine.c). make tiny keeps the blocks without their
 * text (ACMEPROBE_IP=0: 51 rows of 18 octets instead of 40, and no
 * strings). */
struct ident_reserved {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t prefix[16];
	uint8_t bits;
#if ACMEPROBE_IP
	const char *name; /* the registry's Name column */
	const char *rfc;  /* its RFC column, white space runs made one space */
#endif
};

/* R-IP-2: the most specific block that holds the address (Boulder
 * iana/ip.go IsReservedAddr, which sorts the blocks longest prefix
 * first), or NULL. */
const struct ident_reserved *ident_ip_reserved(const struct ident_ip *ip);

/* "IP address is in a reserved address block: <RFC>: <name>". Returns
 * the length snprintf would give. */
int ident_reserved_text(const struct ident_reserved *r, char *buf, size_t len);

/* R-IP-2: how the CA refuses an order for a reserved address `ip`
 * (written as `value`): "Cannot issue for \"<value>\": IP address is in a
 * reserved address block: <RFC>: <name>". Returns false, and writes
 * nothing, when the address is in no block. */
bool ident_reserved_refusal(const struct ident_ip *ip, const char *value, char *buf, size_t len);

/* The registry, for the tests: *n gets the number of blocks. */
const struct ident_reserved *ident_reserved_table(size_t *n);

/* How the CA answers a new-order with one identifier it will not issue
 * for (Boulder policy/pa.go combineSubErrors): "Cannot issue for
 * \"<value>\": <detail>", of type rejectedIdentifier. */
int ident_le_cannot_issue(const char *value, const char *detail, char *buf, size_t len);

/* ---- RFC 8738 s6: the reverse name ------------------------------------ */

/* The name tls-alpn-01 sends as SNI for an IP identifier:
 * "4.3.2.1.in-addr.arpa", or 32 nibbles and "ip6.arpa" (RFC 3596 s2.5),
 * without the final dot (Go strips it from the SNI). An IPv4-mapped IPv6
 * address gets the in-addr.arpa name, as Boulder's miekg/dns ReverseAddr
 * gives it. Returns the length, 0 when `len` is too small. */
#define IDENT_REVERSE_MAX 73
size_t ident_ip_reverse_name(const struct ident_ip *ip, char *out, size_t len);

/* ---- R-IP-5: profiles and the CSR ------------------------------------ */

/* The profile that allows IP identifiers in production (LE, 2026-01-15). */
#define IDENT_IP_PROFILE "shortlived"
/* The CSR check (Boulder csr/csr.go invalidIPCN), a badCSR problem. */
#define IDENT_LE_IP_CN "CSR contains IP address in Common Name"

/* Whether LE's production lets this profile (NULL: the default one) issue
 * for an IP address. */
bool ident_profile_allows_ip(const char *profile);

/* LE's refusal of an order with an IP identifier under a profile that
 * does not allow it (Boulder ra/ra.go NewOrder), of type
 * rejectedIdentifier: "Default profile does not permit IP address
 * identifiers. See available profiles at ..." or "Profile \"<name>\"
 * ...". Returns the length snprintf would give. */
int ident_profile_refusal(const char *profile, char *buf, size_t len);

/* ---- R-IP-3, R-DNS01-5: which challenges --------------------------- */

enum ident_challenge {
	IDENT_CH_HTTP01 = 1,
	IDENT_CH_DNS01 = 2,
	IDENT_CH_TLSALPN01 = 4,
	IDENT_CH_DNSACCOUNT01 = 8,
	IDENT_CH_DNSPERSIST01 = 16,
};

/* The ACME name of one ("http-01", "dns-01", "tls-alpn-01",
 * "dns-account-01", "dns-persist-01"). */
const char *ident_challenge_name(enum ident_challenge c);

/* The challenges Boulder offers (policy/pa.go ChallengeTypesFor), as a
 * set of ident_challenge bits: an IP gets http-01 and tls-alpn-01; a
 * wildcard name ("*." first) dns-01 only; any other name http-01, dns-01
 * and tls-alpn-01. `flagged` is the set of feature-flagged challenges to
 * count as on (IDENT_CH_DNSACCOUNT01, IDENT_CH_DNSPERSIST01; 0 for LE's
 * production), added for names, wildcard or not. */
unsigned ident_challenges(bool is_ip, const char *name, unsigned flagged);

#endif
