/* Let's Encrypt's error texts (boulder bdns/problem.go), Go's %q, and
 * RFC 3339 dates as Go prints them. */
#include "acme/le_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dns/types.h"

bool le_append(char *out, size_t cap, size_t *len, const char *fmt, ...)
{
	if (!cap)
		return false;
	if (*len >= cap)
		*len = cap - 1;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		out[*len] = '\0';
		return false;
	}
	if ((size_t)n >= cap - *len) {
		*len = cap - 1;
		return false;
	}
	*len += (size_t)n;
	return true;
}

/* Appends n octets as they are (an EDE text is printed raw by Boulder). */
static bool append_raw(char *out, size_t cap, size_t *len, const uint8_t *s, size_t n)
{
	if (!cap)
		return false;
	size_t room = cap - 1 - *len;
	bool fits = n <= room;
	if (!fits)
		n = room;
	if (n)
		memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
	return fits;
}

const char *le_rcode_name(uint16_t rcode)
{
	/* miekg/dns RcodeToString: 0..10 and 16..23; 16 is BADSIG (BADVERS
	 * shares the number and is commented out there) */
	static const char *const low[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
					  "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
					  "NXRRSET", "NOTAUTH", "NOTZONE"};
	static const char *const high[] = {"BADSIG",  "BADKEY", "BADTIME",  "BADMODE",
					   "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE"};
	if (rcode < sizeof low / sizeof *low)
		return low[rcode];
	if (rcode >= 16 && rcode < 16 + sizeof high / sizeof *high)
		return high[rcode - 16];
	return "";
}

const char *le_ede_summary(uint16_t code)
{
	/* bdns extendedErrorCodeToString: miekg's names of codes 0..24, the
	 * DNSSEC ones (1, 2, 5..12) prefixed "DNSSEC: " */
	static const char *const names[] = {
	    "Other",
	    "DNSSEC: Unsupported DNSKEY Algorithm",
	    "DNSSEC: Unsupported DS Digest Type",
	    "Stale Answer",
	    "Forged Answer",
	    "DNSSEC: Indeterminate",
	    "DNSSEC: Bogus",
	    "DNSSEC: Signature Expired",
	    "DNSSEC: Signature Not Yet Valid",
	    "DNSSEC: DNSKEY Missing",
	    "DNSSEC: RRSIGs Missing",
	    "DNSSEC: No Zone Key Bit Set",
	    "DNSSEC: NSEC Missing",
	    "Cached Error",
	    "Not Ready",
	    "Blocked",
	    "Censored",
	    "Filtered",
	    "Prohibited",
	    "Stale NXDOMAIN Answer",
	    "Not Authoritative",
	    "Not Supported",
	    "No Reachable Authority",
	    "Network Error between Resolver and Authority",
	    "Invalid Data",
	};
	return code < sizeof names / sizeof *names ? names[code] : NULL;
}

enum le_dns_failure le_dns_failure_of(enum dns_errclass c)
{
	switch (c) {
	case DNS_EC_NXDOMAIN:
	case DNS_EC_SERVFAIL:
	case DNS_EC_NOTIMP:
	case DNS_EC_REFUSED:
	case DNS_EC_FORMERR:
		return LE_DNS_RCODE;
	case DNS_EC_TIMEOUT:
		return LE_DNS_TIMEOUT;
	case DNS_EC_NETWORK:
		return LE_DNS_NETWORK;
	default:
		return LE_DNS_SERVER_FAILURE;
	}
}

bool le_dns_problem(const struct le_dns_error *e, char *out, size_t cap)
{
	char type[DNS_TYPE_TEXT];
	size_t len = 0;
	if (!cap)
		return false;
	out[0] = '\0';
	dns_type_to_text(e->qtype, type);
	if (e->failure == LE_DNS_RCODE && e->has_ede) {
		/* R-DNSSEC-14: the EDE summary, no RCODE, then the extra text */
		const char *summary = le_ede_summary(e->ede_code);
		bool ok =
		    le_append(out, cap, &len, "DNS problem: looking up %s for %s: ", type, e->name);
		if (summary)
			ok &= le_append(out, cap, &len, "%s", summary);
		else
			ok &= le_append(out, cap, &len, "Unknown Extended DNS Error code %u",
					e->ede_code);
		if (e->ede_text_len) {
			ok &= le_append(out, cap, &len, ": ");
			ok &= append_raw(out, cap, &len, e->ede_text, e->ede_text_len);
		}
		return ok;
	}
	const char *detail, *more = "";
	switch (e->failure) {
	case LE_DNS_RCODE:
		detail = le_rcode_name(e->rcode);
		/* bdns rcodeExplanations: only these two RCODEs get one */
		if (e->rcode == DNS_RCODE_NXDOMAIN)
			more = " - check that a DNS record exists for this domain";
		else if (e->rcode == DNS_RCODE_SERVFAIL)
			more = " - the domain's nameservers may be malfunctioning";
		break;
	case LE_DNS_TIMEOUT:
		detail = "query timed out";
		break;
	case LE_DNS_NETWORK:
		detail = "networking error";
		break;
	case LE_DNS_TRUNCATED:
		detail = "response was truncated";
		break;
	default:
		detail = "server failure at resolver";
		break;
	}
	return le_append(out, cap, &len, "DNS problem: %s looking up %s for %s%s", detail, type,
			 e->name, more);
}

/* ---- Go's %q ------------------------------------------------------------ */

/* One UTF-8 sequence at s[0..n): its code point and length, or 0 when
 * s[0] does not start a valid sequence (Go's utf8.DecodeRune then gives
 * RuneError with width 1: that one octet is escaped). The valid forms are
 * RFC 3629 s4's: no overlong form, no surrogate, nothing past U+10FFFF. */
static size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
	uint8_t c = s[0];
	size_t len;
	uint8_t lo = 0x80, hi = 0xBF;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		*cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		*cp = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		*cp = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		uint8_t b = s[i];
		if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
			return 0;
		*cp = (*cp << 6) | (b & 0x3F);
	}
	return len;
}

/* Go's unicode.IsPrint for a non-ASCII code point, without its tables:
 * the characters of the categories it refuses that a TXT record is likely
 * to hold (see le_text.h). */
static bool go_printable(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0xA0) /* C1 controls; U+00A0 no-break space (Zs) */
		return false;
	if (cp == 0xAD || cp == 0x061C || cp == 0x06DD || cp == 0x070F || cp == 0x180E ||
	    cp == 0x1680 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
		return false;
	if ((cp >= 0x0600 && cp <= 0x0605) || (cp >= 0x2000 && cp <= 0x200F) ||
	    (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
	    (cp >= 0xFFF9 && cp <= 0xFFFB))
		return false;
	if (cp >= 0xE000 && cp <= 0xF8FF) /* private use */
		return false;
	if (cp >= 0xF0000) /* planes 15 and 16: private use */
		return false;
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) /* noncharacters */
		return false;
	if (cp >= 0xE0000 && cp <= 0xE007F) /* tags */
		return false;
	return true;
}

bool le_go_quote(const uint8_t *s, size_t n, char *out, size_t cap, size_t *len)
{
	bool ok = le_append(out, cap, len, "\"");
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t w = utf8_decode(s + i, n - i, &cp);
		if (w == 0) {
			ok &= le_append(out, cap, len, "\\x%02x", s[i]);
			i++;
			continue;
		}
		if (w == 1) {
			char c = (char)cp;
			const char *esc = NULL;
			switch (c) {
			case '"':
				esc = "\\\"";
				break;
			case '\\':
				esc = "\\\\";
				break;
			case '\a':
				esc = "\\a";
				break;
			case '\b':
				esc = "\\b";
				break;
			case '\f':
				esc = "\\f";
				break;
			case '\n':
				esc = "\\n";
				break;
			case '\r':
				esc = "\\r";
				break;
			case '\t':
				esc = "\\t";
				break;
			case '\v':
				esc = "\\v";
				break;
			default:
				break;
			}
			if (esc)
				ok &= le_append(out, cap, len, "%s", esc);
			else if (cp < 0x20 || cp == 0x7F)
				ok &= le_append(out, cap, len, "\\x%02x", (unsigned)cp);
			else
				ok &= le_append(out, cap, len, "%c", c);
		} else if (go_printable(cp)) {
			ok &= append_raw(out, cap, len, s + i, w);
		} else if (cp < 0x10000) {
			ok &= le_append(out, cap, len, "\\u%04x", (unsigned)cp);
		} else {
			ok &= le_append(out, cap, len, "\\U%08x", (unsigned)cp);
		}
		i += w;
	}
	ok &= le_append(out, cap, len, "\"");
	return ok;
}

/* ---- dates ------------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void le_rfc3339(int64_t t, char *out, size_t cap)
{
	/* days since 1970-01-01 to a proleptic Gregorian date (the civil-
	 * from-days computation of 400-year eras of 146097 days) */
	int64_t days = floor_div(t, 86400);
	int64_t secs = t % 86400; /* (t - days * 86400 overflows at INT64_MIN) */
	if (secs < 0)
		secs += 86400;
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t day = doy - (153 * mp + 2) / 5 + 1;
	int64_t month = mp < 10 ? mp + 3 : mp - 9;
	int64_t year = yoe + era * 400 + (month <= 2);
	/* Go's appendInt(year, 4): a sign, then at least four digits */
	snprintf(out, cap, "%s%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", year < 0 ? "-" : "",
		 (long long)(year < 0 ? -year : year), (long long)month, (long long)day,
		 (long long)(secs / 3600), (long long)(secs / 60 % 60), (long long)(secs % 60));
}
