/* `acmeprobe explain`: Let's Encrypt's error texts mapped back to the
 * rules. The table holds the texts of Boulder (read at commit 2d00c8e:
 * bdns/problem.go Error, va/caa.go, va/dns.go, va/dns_persist.go,
 * va/http.go, va/tlsalpn.go, va/va.go detailedError and
 * doRemoteOperation, policy/pa.go, ra/ra.go NewOrder, csr/csr.go), each
 * with the rule it comes from; the matcher below reads a pasted text
 * against it (le_explain.h says how). */
#include "acme/le_explain.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "net/decimal.h"

/* The commands that show each kind of failure. */
#define CMD_CHECK   "acmeprobe check {ident}"
#define CMD_CAA	    "acmeprobe caa {ident}"
#define CMD_DNS01   "acmeprobe dns01 {ident}"
#define CMD_PERSIST "acmeprobe dns01 {ident} --persist --account-uri ACCOUNT_URL"
#define CMD_HTTP    "acmeprobe http01 {host} --token {token}"
#define CMD_ALPN    "acmeprobe tlsalpn01 {ident} --key-authorization KEY_AUTHORIZATION"

/* What the CAA rows share: the CA refuses whenever a CAA lookup fails. */
#define CAA_FAILS   " A CA that cannot read the CAA records must refuse to issue (fails closed)."
#define DNS01_FAILS " The CA found no TXT record to compare, so the dns-01 challenge fails."
#define ADDR_FAILS                                                                                 \
	" Without an address the CA cannot connect for http-01 or tls-alpn-01 (it fails only "     \
	"when both the A and the AAAA lookup fail)."

const struct le_explain_entry le_explain_table[] = {
    /* ---- multi-perspective validation (va/va.go doRemoteOperation) ---- */
    {"During secondary validation: validation failed but the problem is unavailable", "R-MPIC-3",
     NULL,
     "Enough of the CA's remote perspectives corroborated, but not from 2 Regional Internet "
     "Registries, and no remote reported a problem. This is the CA's arrangement of its "
     "perspectives, not something your servers did: try again later.",
     "acmeprobe rules R-MPIC-3"},
    {"Secondary validation RPC canceled", "R-MPIC-3", NULL,
     "A remote perspective did not answer the CA's primary in time and was cancelled: a "
     "problem inside the CA (or a remote that took too long to validate your name). Try "
     "again; if it lasts, check that your servers answer quickly from everywhere.",
     CMD_CHECK},
    {"Secondary validation RPC failed", "R-MPIC-3", NULL,
     "The CA's primary could not reach one of its remote perspectives: a problem inside the "
     "CA, not in your DNS or web server. Try again later.",
     "acmeprobe rules R-MPIC-3"},
    {"Secondary validation RPC returned malformed result", "R-MPIC-3", NULL,
     "A remote perspective sent the CA's primary a reply it could not read: a problem inside "
     "the CA. Try again later.",
     "acmeprobe rules R-MPIC-3"},
    {"Insufficient remote perspectives: need at least 3", "R-MPIC-2", NULL,
     "The CA is configured with fewer than 3 remote perspectives and refuses to validate: "
     "its own configuration, nothing on your side.",
     "acmeprobe rules R-MPIC-2"},

    /* ---- CAA (va/caa.go; the DNS texts are bdns/problem.go Error) ---- */
    {"CAA record for {name} prevents issuance", "R-CAA-11", NULL,
     "The CAA records at {name} do not let Let's Encrypt issue: none names letsencrypt.org "
     "for this request, or a critical record has a tag the CA does not know (R-CAA-9), or "
     "an accounturi or validationmethods parameter excludes this account or method "
     "(R-CAA-12). Add {name} CAA 0 issue \"letsencrypt.org\" (issuewild for a wildcard).",
     CMD_CAA},
    {"DNS problem: SERVFAIL looking up CAA for {name}", "R-CAA-4", NULL,
     "The CA's resolver got SERVFAIL for the CAA query of {name}. Most often the zone's "
     "DNSSEC does not validate (a signer that signs empty answers badly: CAA answers are "
     "usually empty), else a nameserver that fails CAA queries." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: NXDOMAIN looking up CAA for {name}", "R-CAA-8", NULL,
     "The CA's resolver says {name} does not exist. Below a TLD that is an empty answer; for "
     "the TLD itself it is an error: {name} is not a TLD of the public DNS (a private or "
     "internal name, or a typo), and Let's Encrypt issues only for public names.",
     CMD_CHECK},
    {"DNS problem: REFUSED looking up CAA for {name}", "R-CAA-4", NULL,
     "A nameserver of {name} refused the CAA query: a lame delegation (the server is not "
     "configured for the zone) or an access list that keeps out the CA's resolver." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: NOTIMP looking up CAA for {name}", "R-CAA-4", NULL,
     "A nameserver of {name} answers NOTIMP to the CAA type: it does not know the type and "
     "rejects it, where it should answer NOERROR with no record (RFC 3597). Upgrade the "
     "server or move the zone to a provider that handles CAA." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: FORMERR looking up CAA for {name}", "R-CAA-4", NULL,
     "A nameserver of {name} called the CAA query malformed: an old server or a middlebox "
     "that does not accept EDNS or unknown types." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: query timed out (and was canceled) looking up CAA for {name}", "R-CAA-5", NULL,
     "The CAA query of {name} got no answer before the CA gave up: most often a firewall "
     "in front of the nameservers that drops record types it does not know, or nameservers "
     "that are down or unreachable from the CA." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: query timed out looking up CAA for {name}", "R-CAA-5", NULL,
     "The CAA query of {name} got no answer at all: most often a firewall in front of the "
     "nameservers that drops record types it does not know, or nameservers that are down "
     "or unreachable from the CA." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: response was truncated looking up CAA for {name}", "R-CAA-13", NULL,
     "The CAA answer of {name} came back truncated and the CA does not act on a partial "
     "RRset: the records do not fit in a UDP answer and TCP did not give them. Make the "
     "nameservers answer over TCP, or publish fewer CAA records." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: networking error looking up CAA for {name}", "R-CAA-4", NULL,
     "The CA could not reach its own resolver for the CAA query of {name}: a problem on the "
     "CA's side. Try again later." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: server failure at resolver looking up CAA for {name}", "R-CAA-4", NULL,
     "The CA's resolver failed on the CAA query of {name} without saying why; when it lasts, "
     "check the zone's DNSSEC and every nameserver." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: looking up CAA for {name}: DNSSEC: {text}", "R-DNSSEC-14", NULL,
     "The CA's resolver could not validate the DNSSEC signatures of the CAA answer of "
     "{name} (extended DNS error \"DNSSEC: {text}\"): expired or missing signatures, a DS "
     "at the parent that matches no key, or a signer that signs empty answers badly." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: looking up CAA for {name}: {text}", "R-DNSSEC-14", NULL,
     "The CA's resolver failed on the CAA query of {name} and said why in an extended DNS "
     "error: \"{text}\"." CAA_FAILS,
     CMD_CHECK},
    {"DNS problem: {word} looking up CAA for {name}", "R-CAA-4", NULL,
     "The CA's resolver answered {word} to the CAA query of {name}; any answer other than "
     "NOERROR (or NXDOMAIN below the TLD) is an error." CAA_FAILS,
     CMD_CHECK},

    /* ---- dns-persist-01 (va/dns_persist.go), before the TXT rows ---- */
    {"Retrieving TXT records for DNS-PERSIST-01 challenge: DNS problem: {text} looking up TXT "
     "for _validation-persist.{name}",
     "R-PERSIST-5", NULL,
     "The lookup of the dns-persist-01 record _validation-persist.{name} failed ({text}).",
     CMD_PERSIST},
    {"Retrieving TXT records for DNS-PERSIST-01 challenge: DNS problem: looking up TXT for "
     "_validation-persist.{name}: {text}",
     "R-PERSIST-5", NULL,
     "The lookup of the dns-persist-01 record _validation-persist.{name} failed with the "
     "extended DNS error \"{text}\" (for DNSSEC errors: the zone's signatures do not "
     "validate, R-DNSSEC-14).",
     CMD_PERSIST},
    {"No TXT record found for DNS-PERSIST-01 challenge", "R-PERSIST-5", NULL,
     "There is no TXT record at _validation-persist.<your name>: the dns-persist-01 record "
     "is not published, or not yet on every nameserver.",
     CMD_PERSIST},
    {"Parsing DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"{text}\": {text}",
     "R-PERSIST-5", NULL,
     "A dns-persist-01 record for {text} does not follow the record's grammar: {text2}. "
     "Write it as: letsencrypt.org; accounturi=<account URL>[; policy=wildcard]"
     "[; persistUntil=<Unix time>].",
     CMD_PERSIST},
    {"Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"{text}\": "
     "accounturi mismatch: expected \"{text}\", got \"{text}\"",
     "R-PERSIST-5", NULL,
     "The dns-persist-01 record names another ACME account: the CA expected accounturi="
     "{text2} and the record says {text3}. Publish the URL of the account that asks.",
     CMD_PERSIST},
    {"Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"{text}\": policy "
     "mismatch: expected \"wildcard\", got \"{text}\"",
     "R-PERSIST-5", NULL,
     "The request is for a wildcard, and the dns-persist-01 record does not say "
     "policy=wildcard (it says \"{text2}\").",
     CMD_PERSIST},
    {"Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name \"{text}\": "
     "validation time {text} is after persistUntil {text}",
     "R-PERSIST-5", NULL,
     "The dns-persist-01 record has expired: its persistUntil ({text3}) is before the "
     "validation time ({text2}). Publish a later persistUntil, or none.",
     CMD_PERSIST},
    {"No valid TXT record found for DNS-PERSIST-01 challenge", "R-PERSIST-5", NULL,
     "No TXT record at _validation-persist.<your name> is for letsencrypt.org: the records "
     "there name other CAs.",
     CMD_PERSIST},

    /* ---- dns-01 (va/dns.go validateDNS01; bdns/problem.go) ---- */
    {"No TXT record found at _acme-challenge.{name}", "R-DNS01-4", NULL,
     "_acme-challenge.{name} exists but has no TXT record: the record is not published, or "
     "the nameserver the CA's resolver asked does not have it yet." DNS01_FAILS,
     CMD_DNS01},
    {"Incorrect TXT record \"{text}\" (and {num} more) found at _acme-challenge.{name}",
     "R-DNS01-4", NULL,
     "None of the {num} + 1 TXT records at _acme-challenge.{name} is the value this "
     "challenge needs (the first one is \"{text}\"): an old record left in place, a value "
     "for another order, or a nameserver that still serves the previous one.",
     CMD_DNS01},
    {"Incorrect TXT record \"{text}\" found at _acme-challenge.{name}", "R-DNS01-4", NULL,
     "The TXT record at _acme-challenge.{name} is \"{text}\", not the value this challenge "
     "needs: an old record, a value for another order, or a nameserver that still serves "
     "the previous one. The value is base64url(SHA-256(key authorization)).",
     CMD_DNS01},
    {"DNS problem: NXDOMAIN looking up TXT for _acme-challenge.{name}", "R-DNS01-4", NULL,
     "_acme-challenge.{name} does not exist for the CA's resolver: the record is not "
     "published (yet, on every nameserver), or a CNAME there points at a name that does "
     "not exist." DNS01_FAILS,
     CMD_DNS01},
    {"DNS problem: SERVFAIL looking up TXT for _acme-challenge.{name}", "R-DNS01-4", NULL,
     "The CA's resolver got SERVFAIL for _acme-challenge.{name}: most often the zone's DNSSEC "
     "does not validate, or a nameserver (or the target of a CNAME) fails." DNS01_FAILS,
     CMD_DNS01},
    {"DNS problem: query timed out looking up TXT for _acme-challenge.{name}", "R-DNS01-4", NULL,
     "The TXT query of _acme-challenge.{name} got no answer: nameservers down or unreachable "
     "from the CA." DNS01_FAILS,
     CMD_DNS01},
    {"DNS problem: looking up TXT for _acme-challenge.{name}: {text}", "R-DNSSEC-14", NULL,
     "The TXT lookup of _acme-challenge.{name} failed with the extended DNS error "
     "\"{text}\" (for DNSSEC errors: the zone's signatures do not validate)." DNS01_FAILS,
     CMD_DNS01},
    {"DNS problem: {text} looking up TXT for {name}", "R-DNS01-4", NULL,
     "The TXT lookup of {name} failed ({text})." DNS01_FAILS, CMD_DNS01},

    /* ---- the addresses of http-01 and tls-alpn-01 (va/dns.go getAddrs) ---- */
    {"no valid A records found for {name}; no valid AAAA records found for {name}", "R-HTTP-1",
     NULL,
     "{name} has neither an A nor an AAAA record the CA may use: none at all, or only "
     "reserved addresses (private, loopback, documentation: R-HTTP-7), which the CA never "
     "connects to." ADDR_FAILS,
     CMD_CHECK},
    {"DNS problem: NXDOMAIN looking up {rr} for {name}", "R-HTTP-1", NULL,
     "{name} does not exist for the CA's resolver: a typo, a record not published (yet), or "
     "a CNAME to a name that does not exist." ADDR_FAILS,
     CMD_CHECK},
    {"DNS problem: SERVFAIL looking up {rr} for {name}", "R-HTTP-1", NULL,
     "The CA's resolver got SERVFAIL for the {rr} query of {name}: most often the zone's "
     "DNSSEC does not validate, or its nameservers fail." ADDR_FAILS,
     CMD_CHECK},
    {"DNS problem: query timed out looking up {rr} for {name}", "R-HTTP-1", NULL,
     "The {rr} query of {name} got no answer: the zone's nameservers are down or "
     "unreachable from the CA." ADDR_FAILS,
     CMD_CHECK},
    {"DNS problem: looking up {rr} for {name}: {text}", "R-DNSSEC-14", NULL,
     "The {rr} lookup of {name} failed with the extended DNS error \"{text}\" (for DNSSEC "
     "errors: the zone's signatures do not validate)." ADDR_FAILS,
     CMD_CHECK},
    {"DNS problem: {text} looking up {rr} for {name}", "R-HTTP-1", NULL,
     "The {rr} lookup of {name} failed ({text})." ADDR_FAILS, CMD_CHECK},

    /* ---- http-01 (va/http.go; va/va.go detailedError) ---- */
    {"Timeout during connect (likely firewall problem)", "R-HTTP-6", "R-V6-2",
     "The CA's connection to {addr} got no answer at all: a firewall drops it, or the "
     "address in DNS is not the server's. Over IPv6 the CA then tries IPv4 once; any other "
     "failure there is final.",
     CMD_HTTP},
    {"Timeout after connect (your server may be slow or overloaded)", "R-HTTP-6", NULL,
     "The CA connected to {addr} but the answer did not come in time: the server (or a "
     "proxy in front of it) is slow, stuck, or waits for something.",
     CMD_HTTP},
    {"Timeout during {word} (your server may be slow or overloaded)", "R-HTTP-6", NULL,
     "The CA connected to {addr} but timed out during {word}: the server (or a proxy in "
     "front of it) is slow or stuck.",
     CMD_HTTP},
    {"Connection refused", "R-HTTP-1", "R-V6-2",
     "Nothing accepts connections on the port at {addr} (80 for http-01, or the port of a "
     "redirect). When that address is IPv6 the CA does not try IPv4: fix the AAAA record or "
     "make the server listen on IPv6.",
     CMD_HTTP},
    {"Network unreachable", "R-HTTP-1", "R-V6-2",
     "The CA has no route to {addr}. For an IPv6 address that usually means an AAAA record "
     "for a network that is not reachable from the Internet; the CA does not fall back to "
     "IPv4 for this.",
     CMD_HTTP},
    {"Connection reset by peer", "R-HTTP-1", "R-V6-2",
     "{addr} reset the connection: a firewall, a load balancer or the server itself cut it "
     "off.",
     CMD_HTTP},
    {"Invalid response from {url}: {num}", "R-HTTP-4", NULL,
     "{url} answered HTTP {num}; the CA needs 200 with the key authorization as the body "
     "(404: the file is not where the server looks; 403: access rules; 5xx: the server or a "
     "proxy fails).",
     CMD_HTTP},
    {"Invalid response from {url}: \"{text}", "R-HTTP-4", NULL,
     "{url} answered with a body of 128 octets or more: not the key authorization (an error "
     "page, a redirect page, or the site itself).",
     CMD_HTTP},
    {"Error reading HTTP response body: {text}", "R-HTTP-4", NULL,
     "The CA could not read the body of the answer ({text}).", CMD_HTTP},
    {"The key authorization file from the server did not match this challenge", "R-HTTP-4", NULL,
     "The server answered 200, but the body is not this challenge's key authorization: an "
     "old token file, another server answering (a load balancer, the IPv6 side), or extra "
     "content around the value.",
     CMD_HTTP},
    {"Too many redirects", "R-HTTP-3", NULL, "The challenge URL redirects more than 10 times.",
     CMD_HTTP},
    {"Redirect loop detected", "R-HTTP-3", NULL,
     "The challenge URL redirects back to a URL already requested.", CMD_HTTP},
    {"Redirect target too long", "R-HTTP-3", NULL, "A redirect's path is longer than 2000 octets.",
     CMD_HTTP},
    {"received disallowed redirect status code", "R-HTTP-3", NULL,
     "The server redirected with a status other than 301, 302, 307 or 308 (303, say), which "
     "the CA does not follow.",
     CMD_HTTP},
    {"Invalid protocol scheme in redirect target. Only \"http\" and \"https\" protocol "
     "schemes are supported, not \"{word}\"",
     "R-HTTP-3", NULL, "A redirect goes to a {word}: URL; only http and https are followed.",
     CMD_HTTP},
    {"Invalid port in redirect target. Only ports {num} and {num} are supported, not {num}",
     "R-HTTP-3", NULL,
     "A redirect goes to port {num3}; the CA follows redirects to ports {num} and {num2} "
     "only.",
     CMD_HTTP},
    {"Invalid empty host in redirect target", "R-HTTP-3", NULL,
     "A redirect's Location has no host.", CMD_HTTP},
    {"Invalid host in redirect target \"{name}\". Check webserver config for missing '/' in "
     "redirect target.",
     "R-HTTP-3", NULL,
     "A redirect's host ends in \".well-known\": the redirect rule lacks a '/' after the "
     "host (Redirect / https://example.com instead of Redirect / https://example.com/).",
     CMD_HTTP},
    {"Invalid host in redirect target: contains scope zone", "R-HTTP-3", NULL,
     "A redirect goes to an IPv6 address with a zone (%eth0), which the CA refuses.", CMD_HTTP},
    {"Invalid host in redirect target, must end in IANA registered TLD", "R-HTTP-3", NULL,
     "A redirect goes to a host name whose TLD is not in the public DNS.", CMD_HTTP},
    {"Invalid host in redirect target: {text}", "R-HTTP-7", NULL,
     "A redirect goes to an address the CA never connects to ({text}).", CMD_HTTP},
    {"validation attempt was redirected to an HTTPS server that doesn't support TLSv1.2 or "
     "better",
     "R-HTTP-5", NULL,
     "A redirect leads to an https server that offers only TLS 1.0 or 1.1; the CA needs TLS "
     "1.2 or later.",
     CMD_HTTP},
    {"Server only speaks HTTP, not TLS", "R-HTTP-5", NULL,
     "A redirect leads to https, but the server on that port answers plain HTTP (port 443 "
     "serving HTTP).",
     CMD_HTTP},
    {"Server is speaking HTTP/2 over HTTP", "R-HTTP-4", NULL,
     "The server answered on port 80 with HTTP/2 without TLS (h2c), which the CA does not "
     "speak: serve HTTP/1.1 there.",
     CMD_HTTP},
    {"remote error: tls: {text}", "R-HTTP-5", NULL,
     "The https server of a redirect ended the TLS handshake with an alert ({text}).", CMD_HTTP},
    {"Error getting validation data", "R-HTTP-4", NULL,
     "The connection failed in a way the CA does not name (a broken HTTP answer, a proxy "
     "error).",
     CMD_HTTP},

    /* ---- tls-alpn-01 (va/tlsalpn.go) ---- */
    {"Cannot negotiate ALPN protocol \"acme-tls/1\" for tls-alpn-01 challenge", "R-ALPN-2", NULL,
     "The TLS server on port 443 did not choose the acme-tls/1 protocol: an ordinary web "
     "server, or a CDN or proxy that ends TLS before your ACME client sees it. This failure "
     "does not fall back to IPv4.",
     CMD_ALPN},
    {"Unable to contact \"{name}\" at \"{ip}\", no IPv4 addresses to try as fallback", "R-ALPN-2",
     NULL,
     "The TLS connection to {ip} (IPv6) failed and {name} has no A record to try instead; "
     "the real IPv6 error is not shown. Check port 443 over IPv6.",
     CMD_ALPN},
    {"No certs presented for tls-alpn-01 challenge", "R-ALPN-3", NULL,
     "The TLS server sent no certificate.", CMD_ALPN},
    {"Incorrect validation certificate for tls-alpn-01 challenge. Requested {name} from "
     "{text}. Received certificate which is not self-signed.",
     "R-ALPN-3", NULL,
     "The certificate {text} sent for {name} is not the self-signed challenge certificate "
     "(an ordinary certificate, signed by a CA).",
     CMD_ALPN},
    {"Incorrect validation certificate for tls-alpn-01 challenge. Requested {name} from "
     "{text}. Received certificate with unexpected extensions: {text}",
     "R-ALPN-3", NULL,
     "The challenge certificate for {name} lacks the subjectAltName or the acmeIdentifier "
     "extension, or has one twice ({text2}).",
     CMD_ALPN},
    {"Incorrect validation certificate for tls-alpn-01 challenge. Requested {name} from "
     "{text}. Received certificate with unexpected identifiers ({text}): {text}",
     "R-ALPN-4", NULL, "The challenge certificate's subjectAltName is not {name} alone ({text2}).",
     CMD_ALPN},
    {"Incorrect validation certificate for tls-alpn-01 challenge. Requested {name} from "
     "{text}. Received certificate with acmeValidationV1 extension that is not Critical.",
     "R-ALPN-5", NULL, "The challenge certificate's acmeIdentifier extension is not critical.",
     CMD_ALPN},
    {"Incorrect validation certificate for tls-alpn-01 challenge. Requested {name} from "
     "{text}. Received certificate with malformed acmeValidationV1 extension value.",
     "R-ALPN-5", NULL,
     "The challenge certificate's acmeIdentifier extension is not a DER OCTET STRING of 32 "
     "octets.",
     CMD_ALPN},
    {"Incorrect validation certificate for tls-alpn-01 challenge. Requested {name} from "
     "{text}. Received certificate with acmeValidationV1 extension value {word} but expected "
     "{word}.",
     "R-ALPN-5", NULL,
     "The challenge certificate carries the digest of another key authorization ({word}, "
     "not {word2}): an old challenge certificate, or one for another order.",
     CMD_ALPN},
    {"Incorrect validation certificate for tls-alpn-01 challenge. Requested {name} from "
     "{text}. Received certificate with no acmeValidationV1 extension.",
     "R-ALPN-5", NULL, "The certificate has no acmeIdentifier extension.", CMD_ALPN},

    /* ---- IP address identifiers (policy/pa.go, ra/ra.go, csr/csr.go) ---- */
    {"IP address is in a reserved address block: {text}", "R-IP-2", NULL,
     "The address is in a special-purpose range ({text}): the CA issues only for public "
     "addresses.",
     "acmeprobe rules R-IP-2"},
    {"IP address is invalid", "R-IP-1", NULL,
     "The identifier is not an IP address in its canonical text (IPv6 in lower case, no "
     "leading zeros, :: for the longest run of zeros; no brackets, zone, port or prefix).",
     "acmeprobe rules R-IP-1"},
    {"Identifier type is DNS but value is an IP address", "R-IP-1", NULL,
     "An IP address was sent as a DNS identifier; it needs the identifier type \"ip\".",
     "acmeprobe rules R-IP-1"},
    {"Default profile does not permit IP address identifiers.", "R-IP-5", NULL,
     "The order asked for an IP address without choosing a profile that allows them (in "
     "production, shortlived).",
     "acmeprobe rules R-IP-5"},
    {"Profile \"{word}\" does not permit IP address identifiers.", "R-IP-5", NULL,
     "The profile {word} does not allow IP address identifiers (in production only "
     "shortlived does).",
     "acmeprobe rules R-IP-5"},
    {"CSR contains IP address in Common Name", "R-IP-5", NULL,
     "The CSR puts the IP address in its Common Name; put it in the subjectAltName only.",
     "acmeprobe rules R-IP-5"},
};

const size_t le_explain_table_size = sizeof le_explain_table / sizeof le_explain_table[0];

/* ---- the pattern matcher -------------------------------------------------- */

enum cap_kind { CAP_NAME, CAP_IP, CAP_URL, CAP_NUM, CAP_WORD, CAP_RR, CAP_TEXT, CAP__COUNT };

static const char *const cap_names[CAP__COUNT] = {"name", "ip", "url", "num", "word", "rr", "text"};

struct capture {
	enum cap_kind kind;
	const char *p;
	size_t n;
};

struct match {
	struct capture caps[LE_EXPLAIN_MAX_CAPS];
	size_t count;
	const char *end; /* where the match ended */
};

static bool in_class(enum cap_kind k, unsigned char c)
{
	bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	switch (k) {
	case CAP_NAME:
		return alnum || c == '-' || c == '_' || c == '.' || c == '*' || c >= 0x80;
	case CAP_IP:
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
		       c == ':' || c == '.';
	case CAP_URL:
		return c > ' ' && c != '"' && c != '\'';
	case CAP_NUM:
		return c >= '0' && c <= '9';
	case CAP_WORD:
		return alnum || c == '-' || c == '_';
	case CAP_RR:
	case CAP_TEXT:
	case CAP__COUNT:
		break;
	}
	return true; /* text: anything */
}

/* A placeholder "{kind}" at p: its kind and length, or false. */
static bool placeholder(const char *p, enum cap_kind *kind, size_t *len)
{
	if (*p != '{')
		return false;
	for (int k = 0; k < CAP__COUNT; k++) {
		size_t n = strlen(cap_names[k]);
		if (strncmp(p + 1, cap_names[k], n) == 0 && p[1 + n] == '}') {
			*kind = (enum cap_kind)k;
			*len = n + 2;
			return true;
		}
	}
	return false;
}

/* An address capture must look like one: a ':' (IPv6), or digits and
 * exactly three dots (IPv4). */
static bool ip_shaped(const char *p, size_t n)
{
	size_t dots = 0, colons = 0, others = 0;
	for (size_t i = 0; i < n; i++) {
		dots += p[i] == '.';
		colons += p[i] == ':';
		others += p[i] != '.' && p[i] != ':' && (p[i] < '0' || p[i] > '9');
	}
	return colons >= 2 || (colons == 0 && dots == 3 && others == 0);
}

static bool match_at(const char *pat, const char *t, const char *end, struct match *m);

/* Tries the capture t[0..n) of kind k, then the rest of the pattern. */
static bool try_capture(enum cap_kind k, const char *rest, const char *t, size_t n, const char *end,
			struct match *m)
{
	if (m->count == LE_EXPLAIN_MAX_CAPS)
		return false;
	if (k == CAP_IP && !ip_shaped(t, n))
		return false;
	m->caps[m->count++] = (struct capture){k, t, n};
	if (match_at(rest, t + n, end, m))
		return true;
	m->count--;
	return false;
}

/* Does pattern `pat` match the text at t (not necessarily to its end)? */
static bool match_at(const char *pat, const char *t, const char *end, struct match *m)
{
	while (*pat) {
		enum cap_kind k;
		size_t plen;
		if (!placeholder(pat, &k, &plen)) {
			if (t >= end || *t != *pat)
				return false;
			t++;
			pat++;
			continue;
		}
		const char *rest = pat + plen;
		if (k == CAP_RR) {
			/* the type of an address lookup: AAAA or A */
			for (int i = 0; i < 2; i++) {
				size_t n = i == 0 ? 4 : 1;
				if ((size_t)(end - t) >= n && strncmp(t, "AAAA", n) == 0 &&
				    try_capture(k, rest, t, n, end, m))
					return true;
			}
			return false;
		}
		if (*rest == '\0') {
			/* last: the longest run of its class (text: the rest) */
			size_t n = 0;
			while (t + n < end && in_class(k, (unsigned char)t[n]))
				n++;
			if (k == CAP_NAME)
				while (n > 0 && t[n - 1] == '.')
					n--; /* a sentence's full stop, not the name's */
			while (k == CAP_TEXT && n > 0 && t[n - 1] == ' ')
				n--;
			return n > 0 && try_capture(k, rest, t, n, end, m);
		}
		/* before more pattern: the shortest run that lets the rest match
		 * (text may be empty: got "") */
		if (k == CAP_TEXT && try_capture(k, rest, t, 0, end, m))
			return true;
		for (size_t n = 1;
		     t + n <= end && n <= LE_EXPLAIN_TEXT && in_class(k, (unsigned char)t[n - 1]);
		     n++)
			if ((unsigned char)rest[0] == '{' || t + n == end || t[n] == rest[0])
				if (try_capture(k, rest, t, n, end, m))
					return true;
		return false;
	}
	m->end = t;
	return true;
}

/* The length of the literal text a pattern starts with. */
static size_t literal_prefix(const char *pat)
{
	size_t n = 0;
	enum cap_kind k;
	size_t plen;
	while (pat[n] && !placeholder(pat + n, &k, &plen))
		n++;
	return n;
}

/* The first place in text where pat matches; *at its start. */
static bool search(const char *pat, const char *text, size_t len, struct match *m, const char **at)
{
	size_t lit = literal_prefix(pat);
	const char *end = text + len;
	for (const char *s = text; s < end; s++) {
		if (lit && ((size_t)(end - s) < lit || memcmp(s, pat, lit) != 0))
			continue;
		m->count = 0;
		if (match_at(pat, s, end, m)) {
			*at = s;
			return true;
		}
	}
	return false;
}

/* ---- reading the pasted text ---------------------------------------------- */

static void copy_n(char *dst, size_t cap, const char *src, size_t n)
{
	if (cap == 0)
		return;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The problem type: "urn:ietf:params:acme:error:TYPE", the legacy
 * "urn:acme:error:TYPE", or certbot's "Type: TYPE". */
static void read_type(const char *t, size_t len, char *out, size_t cap)
{
	static const char *const marks[] = {
	    "urn:ietf:params:acme:error:", "urn:acme:error:", "Type:"};
	out[0] = '\0';
	for (size_t i = 0; i < 3; i++) {
		const char *p = find(t, len, marks[i]);
		if (!p)
			continue;
		p += strlen(marks[i]);
		while (i == 2 && p < t + len && (*p == ' ' || *p == '\t'))
			p++;
		size_t n = 0;
		while (p + n < t + len && is_letter(p[n]))
			n++;
		if (n) {
			copy_n(out, cap, p, n);
			return;
		}
	}
}

/* A JSON string's content at p (after its opening quote), decoded into
 * out; a \u escape outside ASCII is written as UTF-8 (a surrogate as
 * '?'). Returns the octets written. */
static size_t json_string_at(const char *p, const char *end, char *out, size_t cap)
{
	size_t n = 0;
	while (p < end && *p != '"' && n + 4 < cap) {
		if (*p != '\\' || p + 1 >= end) {
			out[n++] = *p++;
			continue;
		}
		char e = p[1];
		p += 2;
		if (e == 'u' && end - p >= 4) {
			int v = 0;
			for (int i = 0; i < 4; i++) {
				int h = hex_digit_value(p[i]);
				v = h < 0 || v < 0 ? -1 : v * 16 + h;
			}
			if (v < 0) {
				out[n++] = '?';
				continue;
			}
			p += 4;
			if (v < 0x80) {
				out[n++] = (char)v;
			} else if (v < 0x800) {
				out[n++] = (char)(0xC0 | (v >> 6));
				out[n++] = (char)(0x80 | (v & 0x3F));
			} else if (v >= 0xD800 && v <= 0xDFFF) {
				out[n++] = '?';
			} else {
				out[n++] = (char)(0xE0 | (v >> 12));
				out[n++] = (char)(0x80 | ((v >> 6) & 0x3F));
				out[n++] = (char)(0x80 | (v & 0x3F));
			}
			continue;
		}
		out[n++] = e == 'n' || e == 't' || e == 'r' || e == 'b' || e == 'f' ? ' ' : e;
	}
	return n;
}

/* What follows certbot's "Detail:" up to a blank line (or the advice
 * certbot prints after it). */
static size_t certbot_detail(const char *p, const char *end)
{
	static const char *const stops[] = {"To fix these errors", "Hint: ", "Domain: "};
	size_t n = (size_t)(end - p);
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] == '\n') {
			size_t j = i + 1;
			while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r'))
				j++;
			if (j < n && p[j] == '\n')
				return i; /* a blank line */
		}
		for (size_t k = 0; k < 3; k++) {
			size_t sn = strlen(stops[k]);
			if (i > 0 && n - i >= sn && memcmp(p + i, stops[k], sn) == 0)
				return i;
		}
	}
	return n;
}

/* Step 2 of le_explain.h: the detail, white space collapsed. */
static void read_detail(const char *t, size_t len, char *out, size_t cap)
{
	char raw[LE_EXPLAIN_MAX_INPUT];
	size_t n = 0;
	const char *end = t + len;
	const char *d = find(t, len, "\"detail\"");
	if (d) {
		const char *p = d + 8;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (p < end && *p == ':') {
			p++;
			while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
				p++;
			if (p < end && *p == '"')
				n = json_string_at(p + 1, end, raw, sizeof raw);
			else
				d = NULL;
		} else {
			d = NULL;
		}
	}
	if (!d) {
		const char *c = find(t, len, "Detail:");
		const char *from = t;
		size_t take = len;
		if (c) {
			from = c + 7;
			take = certbot_detail(from, end);
		} else {
			/* lego and old certbot: "... :: type :: detail" */
			for (const char *p = t; p + 4 <= end; p++)
				if (memcmp(p, " :: ", 4) == 0)
					from = p + 4;
			take = (size_t)(end - from);
		}
		n = take < sizeof raw ? take : sizeof raw;
		memcpy(raw, from, n);
	}
	/* runs of white space as one space, none at the ends */
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		char c = raw[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		    c == '\0') {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < cap)
			out[o++] = ' ';
		space = false;
		out[o++] = c;
	}
	out[o] = '\0';
}

/* ---- filling the templates ------------------------------------------------ */

struct fields {
	const struct match *m;
	const char *ident, *host, *token, *addr;
};

/* The i-th (from 1) capture of kind k. */
static const struct capture *capture_of(const struct match *m, enum cap_kind k, int i)
{
	for (size_t c = 0; c < m->count; c++)
		if (m->caps[c].kind == k && --i == 0)
			return &m->caps[c];
	return NULL;
}

/* The value of "{word}" at p in a template (length *plen), or NULL when p
 * is not a known placeholder. `fallback` is written for one with no
 * value. */
static const char *field_value(const struct fields *f, const char *p, size_t *plen, size_t *vlen,
			       const char **fallback)
{
	static const struct {
		const char *name, *fallback;
	} derived[] = {
	    {"ident", "DOMAIN"},
	    {"host", "DOMAIN"},
	    {"token", "TOKEN"},
	    {"addr", "the server's address"},
	};
	const char *close = strchr(p, '}');
	if (*p != '{' || !close)
		return NULL;
	size_t n = (size_t)(close - p - 1);
	*plen = n + 2;
	const char *values[4] = {f->ident, f->host, f->token, f->addr};
	for (size_t i = 0; i < 4; i++)
		if (strlen(derived[i].name) == n && strncmp(p + 1, derived[i].name, n) == 0) {
			*fallback = derived[i].fallback;
			*vlen = values[i] ? strlen(values[i]) : 0;
			return values[i] ? values[i] : "";
		}
	for (int k = 0; k < CAP__COUNT; k++) {
		size_t kn = strlen(cap_names[k]);
		if (n < kn || strncmp(p + 1, cap_names[k], kn) != 0)
			continue;
		int index = 1;
		if (n == kn + 1 && p[1 + kn] >= '2' && p[1 + kn] <= '9')
			index = p[1 + kn] - '0';
		else if (n != kn)
			continue;
		const struct capture *c = capture_of(f->m, (enum cap_kind)k, index);
		*fallback = "?";
		*vlen = c ? c->n : 0;
		return c ? c->p : "";
	}
	return NULL;
}

static void fill(const char *tmpl, const struct fields *f, char *out, size_t cap)
{
	size_t o = 0;
	for (const char *p = tmpl; *p && o + 1 < cap;) {
		size_t plen, vlen;
		const char *fallback;
		const char *v = field_value(f, p, &plen, &vlen, &fallback);
		if (!v) {
			out[o++] = *p++;
			continue;
		}
		if (vlen == 0) {
			v = fallback;
			vlen = strlen(fallback);
		}
		for (size_t i = 0; i < vlen && o + 1 < cap; i++)
			out[o++] = v[i];
		p += plen;
	}
	out[o] = '\0';
}

/* host and token of "http[s]://HOST[:PORT]/.well-known/acme-challenge/TOKEN" */
static void url_parts(const char *url, char *host, size_t hcap, char *token, size_t tcap)
{
	host[0] = token[0] = '\0';
	size_t len = strlen(url);
	const char *p = find(url, len, "://");
	if (!p)
		return;
	p += 3;
	const char *h_end = p;
	if (*p == '[') { /* an IPv6 literal */
		const char *close = strchr(p, ']');
		if (!close)
			return;
		copy_n(host, hcap, p + 1, (size_t)(close - p - 1));
		h_end = close + 1;
	} else {
		while (*h_end && *h_end != ':' && *h_end != '/')
			h_end++;
		copy_n(host, hcap, p, (size_t)(h_end - p));
	}
	const char *t = find(h_end, len - (size_t)(h_end - url), "/.well-known/acme-challenge/");
	if (t) {
		t += strlen("/.well-known/acme-challenge/");
		size_t n = strcspn(t, "/?#");
		copy_n(token, tcap, t, n);
	}
}

/* The identifier from a captured name: without the challenge labels. */
static void ident_from_name(const struct capture *c, char *out, size_t cap)
{
	static const char *const prefixes[] = {"_acme-challenge.", "_validation-persist."};
	const char *p = c->p;
	size_t n = c->n;
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(prefixes[i]);
		if (n > k && strncmp(p, prefixes[i], k) == 0) {
			p += k;
			n -= k;
		}
	}
	copy_n(out, cap, p, n);
}

void le_explain(const char *text, size_t len, struct le_explain_result *r)
{
	memset(r, 0, sizeof *r);
	if (!text) {
		text = ""; /* (memcpy from NULL is undefined even for 0 octets) */
		len = 0;
	}
	if (len > LE_EXPLAIN_MAX_INPUT) {
		len = LE_EXPLAIN_MAX_INPUT;
		r->cut = true;
	}
	read_type(text, len, r->type, sizeof r->type);
	read_detail(text, len, r->detail, sizeof r->detail);
	const char *d = r->detail;
	size_t dlen = strlen(d);

	/* Step 3: Boulder's prefixes, wherever they are. */
	struct match m;
	const char *at;
	r->secondary = find(d, dlen, "During secondary validation: ") != NULL; /* R-MPIC-3 */
	r->persist = find(d, dlen, "Retrieving TXT records for DNS-PERSIST-01 challenge: ") != NULL;
	if (search("While processing CAA for {name}: ", d, dlen, &m, &at))
		copy_n(r->caa_identifier, sizeof r->caa_identifier, m.caps[0].p, m.caps[0].n);
	if (search("Fetching {url}: ", d, dlen, &m, &at))
		copy_n(r->url, sizeof r->url, m.caps[0].p, m.caps[0].n);
	if (search("{ip}: ", d, dlen, &m, &at))
		copy_n(r->addr, sizeof r->addr, m.caps[0].p, m.caps[0].n);

	/* Step 4: the first entry of the table found in the detail. */
	for (size_t i = 0; i < le_explain_table_size; i++) {
		if (!search(le_explain_table[i].pattern, d, dlen, &m, &at))
			continue;
		const struct le_explain_entry *e = &le_explain_table[i];
		r->matched = true;
		r->entry = e;
		copy_n(r->text, sizeof r->text, at, (size_t)(m.end - at));
		r->rule = e->v6_rule && strchr(r->addr, ':') ? e->v6_rule : e->rule;

		char host[LE_EXPLAIN_FIELD], token[LE_EXPLAIN_FIELD], ident[LE_EXPLAIN_FIELD];
		const struct capture *url = capture_of(&m, CAP_URL, 1);
		if (!r->url[0] && url) /* "Invalid response from <url>" */
			copy_n(r->url, sizeof r->url, url->p, url->n);
		url_parts(r->url, host, sizeof host, token, sizeof token);
		const struct capture *name = capture_of(&m, CAP_NAME, 1);
		if (r->caa_identifier[0])
			copy_n(ident, sizeof ident, r->caa_identifier, strlen(r->caa_identifier));
		else if (name)
			ident_from_name(name, ident, sizeof ident);
		else
			copy_n(ident, sizeof ident, host, strlen(host));
		struct fields f = {&m, ident[0] ? ident : NULL, host[0] ? host : ident,
				   token[0] ? token : NULL, r->addr[0] ? r->addr : NULL};
		if (!host[0] && !ident[0])
			f.host = NULL;
		fill(e->cause, &f, r->cause, sizeof r->cause);
		if (r->secondary) {
			size_t n = strlen(r->cause);
			snprintf(
			    r->cause + n, sizeof r->cause - n, "%s",
			    " Seen by a remote perspective of the CA, after its primary passed: "
			    "something answers some of the places the CA validates from and not "
			    "others (an access list, geo-DNS, one nameserver) (R-MPIC-3, "
			    "R-MPIC-4).");
		}
		fill(e->command, &f, r->command, sizeof r->command);
		return;
	}
}
