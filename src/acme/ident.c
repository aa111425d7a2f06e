#include "acme/ident.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/le_text.h"
#include "net/decimal.h"

/* ---- R-IP-1: reading and writing addresses --------------------------- */

const char *ident_ip_strerror(enum ident_ip_err e)
{
	switch (e) {
	case IDENT_IP_OK:
		return "a canonical IP address";
	case IDENT_IP_SYNTAX:
		return "not an IPv4 or IPv6 address";
	case IDENT_IP_ZONE:
		return "an IPv6 scope zone ('%...', RFC 4007) is not allowed";
	case IDENT_IP_BRACKETS:
		return "brackets belong in URLs, not in an IP identifier";
	case IDENT_IP_PORT:
		return "a port is not part of an IP identifier";
	case IDENT_IP_PREFIX:
		return "a prefix ('/N') names a network, not an address";
	case IDENT_IP_NOT_CANONICAL:
		return "not in canonical form (RFC 8738 s3: RFC 1123 s2.1 for IPv4, RFC 5952 s4 "
		       "for IPv6: lower case, no leading zeros, '::' for the longest run of zero "
		       "groups)";
	}
	return "?";
}

bool ident_looks_like_ip(const char *text)
{
	if (strpbrk(text, ":[]%/"))
		return true;
	bool digit = false;
	for (const char *p = text; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (*p != '.')
			return false;
	}
	return digit;
}

/* Four decimal fields of at most three digits, each at most 255. Leading
 * zeros are read (as decimal) so that the caller can say what the
 * canonical text is; they make the text non-canonical. */
static bool parse4(const char *s, size_t n, uint8_t out[4])
{
	size_t i = 0;
	for (int field = 0; field < 4; field++) {
		if (field > 0) {
			if (i == n || s[i] != '.')
				return false;
			i++;
		}
		unsigned v = 0, digits = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 3) {
			v = v * 10 + (unsigned)(s[i] - '0');
			digits++;
			i++;
		}
		if (digits == 0 || v > 255)
			return false;
		out[field] = (uint8_t)v;
	}
	return i == n;
}

/* The 16-bit group i of an IPv6 address, and its setter. */
static unsigned group(const uint8_t *a, size_t i)
{
	return (unsigned)(a[2 * i] << 8 | a[2 * i + 1]);
}

static void set_group(uint8_t *a, size_t i, unsigned v)
{
	a[2 * i] = (uint8_t)(v >> 8);
	a[2 * i + 1] = (uint8_t)v;
}

/* Groups of 1..4 hex digits, one "::" at most, an IPv4 tail in the last
 * 32 bits (RFC 4291 s2.2). */
static bool parse6(const char *s, size_t n, uint8_t out[16])
{
	uint16_t groups[8];
	int count = 0, gap = -1;
	size_t i = 0;
	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
	} else if (n >= 1 && s[0] == ':') {
		return false;
	}
	while (i < n) {
		size_t start = i;
		unsigned v = 0, digits = 0;
		int h;
		while (i < n && digits < 5 && (h = hex_digit_value(s[i])) >= 0) {
			v = v << 4 | (unsigned)h;
			digits++;
			i++;
		}
		if (i < n && s[i] == '.') {
			/* the IPv4 tail: the rest, from this group's start */
			uint8_t v4[4];
			if (count > 6 || !parse4(s + start, n - start, v4))
				return false;
			groups[count++] = (uint16_t)(v4[0] << 8 | v4[1]);
			groups[count++] = (uint16_t)(v4[2] << 8 | v4[3]);
			break;
		}
		if (digits == 0 || digits > 4 || count == 8)
			return false;
		groups[count++] = (uint16_t)v;
		if (i == n)
			break;
		if (s[i] != ':')
			return false;
		i++;
		if (i < n && s[i] == ':') {
			if (gap >= 0)
				return false;
			gap = count;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return false; /* a single ':' at the end */
		}
	}
	if (gap < 0 && count != 8)
		return false;
	/* "::" stands for at least one group of zeros */
	if (gap >= 0 && count > 7)
		return false;
	int zeros = 8 - count;
	size_t k = 0;
	for (int g = 0; g < count; g++) {
		if (g == gap)
			for (int z = 0; z < zeros; z++)
				set_group(out, k++, 0);
		set_group(out, k++, groups[g]);
	}
	if (gap == count)
		for (int z = 0; z < zeros; z++)
			set_group(out, k++, 0);
	return k == 8;
}

/* An address alone, no decoration: IPv6 when it has a ':'. */
static bool parse_plain(const char *s, size_t n, struct ident_ip *out)
{
	memset(out, 0, sizeof *out);
	if (memchr(s, ':', n)) {
		out->family = AF_INET6;
		return parse6(s, n, out->addr);
	}
	out->family = AF_INET;
	return parse4(s, n, out->addr);
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* What is wrong with the decoration around an address: zone, brackets,
 * port, prefix; SYNTAX when the address inside does not read either. */
static enum ident_ip_err decorated(const char *text, size_t len, struct ident_ip *out)
{
	const char *slash = memchr(text, '/', len);
	if (slash) {
		size_t n = (size_t)(slash - text);
		if (all_digits(slash + 1, len - n - 1) && parse_plain(text, n, out))
			return IDENT_IP_PREFIX;
		return IDENT_IP_SYNTAX;
	}
	if (len && text[0] == '[') {
		const char *close = memchr(text, ']', len);
		if (!close)
			return IDENT_IP_SYNTAX;
		size_t n = (size_t)(close - text) - 1;
		const char *pct = memchr(text + 1, '%', n);
		size_t addr_len = pct ? (size_t)(pct - text) - 1 : n;
		if (!parse_plain(text + 1, addr_len, out) || out->family != AF_INET6)
			return IDENT_IP_SYNTAX;
		size_t rest = len - (size_t)(close - text) - 1;
		if (rest == 0)
			return IDENT_IP_BRACKETS;
		if (close[1] == ':' && all_digits(close + 2, rest - 1))
			return IDENT_IP_PORT;
		return IDENT_IP_SYNTAX;
	}
	const char *pct = memchr(text, '%', len);
	if (pct) {
		size_t n = (size_t)(pct - text);
		if (n + 1 < len && parse_plain(text, n, out) && out->family == AF_INET6)
			return IDENT_IP_ZONE;
		return IDENT_IP_SYNTAX;
	}
	/* "192.0.2.1:443": one ':' after an IPv4 address */
	const char *colon = memchr(text, ':', len);
	if (colon && !memchr(colon + 1, ':', len - (size_t)(colon - text) - 1)) {
		size_t n = (size_t)(colon - text);
		if (all_digits(colon + 1, len - n - 1) && parse_plain(text, n, out) &&
		    out->family == AF_INET)
			return IDENT_IP_PORT;
	}
	return IDENT_IP_SYNTAX;
}

enum ident_ip_err ident_ip_parse(const char *text, size_t len, struct ident_ip *out,
				 char canonical[IDENT_IP_TEXT])
{
	canonical[0] = '\0';
	if (len == 0 || memchr(text, '\0', len))
		return IDENT_IP_SYNTAX;
	if (!parse_plain(text, len, out)) {
		enum ident_ip_err e = decorated(text, len, out);
		if (e != IDENT_IP_SYNTAX)
			ident_ip_format(out, canonical);
		return e;
	}
	/* R-IP-1: the text must be the canonical one (Boulder policy/pa.go
	 * ValidIP: netip.ParseAddr(ip).WithZone("").String() != ip) */
	size_t n = ident_ip_format(out, canonical);
	if (n != len || memcmp(canonical, text, len) != 0)
		return IDENT_IP_NOT_CANONICAL;
	return IDENT_IP_OK;
}

bool ident_ip_read(const char *text, bool wildcard, struct ident_ip *out, char *why, size_t cap)
{
	char canonical[IDENT_IP_TEXT], refusal[400];
	why[0] = '\0';
	if (wildcard) {
		memset(out, 0, sizeof *out);
		snprintf(why, cap, "'%s' is an IP address: it has no wildcard", text);
		return false;
	}
	enum ident_ip_err e = ident_ip_parse(text, strlen(text), out, canonical);
	if (e == IDENT_IP_OK)
		return true;
	ident_le_cannot_issue(text, IDENT_LE_IP_INVALID, refusal, sizeof refusal);
	if (canonical[0])
		snprintf(why, cap,
			 "'%s': %s (R-IP-1); the identifier would be %s. Let's Encrypt refuses the "
			 "order: %s",
			 text, ident_ip_strerror(e), canonical, refusal);
	else
		snprintf(why, cap, "'%s': %s (R-IP-1). Let's Encrypt refuses the order: %s", text,
			 ident_ip_strerror(e), refusal);
	return false;
}

static size_t format4(const uint8_t *a, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	return n > 0 ? (size_t)n : 0;
}

static bool is_v4_mapped(const uint8_t *a)
{
	static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
	return memcmp(a, prefix, 12) == 0;
}

size_t ident_ip_format(const struct ident_ip *ip, char out[IDENT_IP_TEXT])
{
	const uint8_t *a = ip->addr;
	if (ip->family == AF_INET)
		return format4(a, out, IDENT_IP_TEXT);
	/* Go's netip.Addr.String: an IPv4-mapped address as "::ffff:a.b.c.d" */
	if (is_v4_mapped(a)) {
		memcpy(out, "::ffff:", 7);
		return 7 + format4(a + 12, out + 7, IDENT_IP_TEXT - 7);
	}
	/* RFC 5952 s4.2: "::" for the longest run of two or more zero
	 * groups, the first of equal runs (s4.2.3); none for a lone zero
	 * group (s4.2.2) */
	int best = -1, best_len = 1;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && group(a, (size_t)j) == 0)
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j > i ? j : i + 1;
	}
	size_t n = 0;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			out[n++] = ':';
			out[n++] = ':';
			i += best_len - 1;
			continue;
		}
		if (i > 0 && i != best + best_len)
			out[n++] = ':';
		/* s4.1: no leading zeros; s4.3: lower case */
		n += (size_t)snprintf(out + n, IDENT_IP_TEXT - n, "%x", group(a, (size_t)i));
	}
	out[n] = '\0';
	return n;
}

/* ---- R-IP-2: the IANA special-purpose address registries ---------------
 *
 * Every row of IANA's IPv4 and IPv6 Special-Purpose Address Registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry/,
 * https://www.iana.org/assignments/iana-ipv6-special-registry/) as Boulder
 * embeds them: iana/data/iana-ipv4-special-registry-1.csv and
 * iana-ipv6-special-registry-1.csv, last changed in Boulder on 2025-06-30
 * (5493682a1, "Update IANA special-purpose address registries"), read at
 * Boulder 2d00c8e (2026-08-07). A row with two blocks (NAT64/DNS64
 * Discovery) is two entries; the footnote marks ("[2]") of the block
 * column are dropped, the RFC column's runs of white space are one space,
 * the other columns ("Globally Reachable"...) ignored, as iana/ip.go
 * parseReservedPrefixFile does. */

/* make tiny (ACMEPROBE_IP=0) keeps the blocks, which R-HTTP-7 needs
 * (http/h01_engine.c), without their text, which only R-IP-2's refusal
 * quotes: 1,350 octets its 150 KiB cannot hold. */
#if ACMEPROBE_IP
#define TEXT(name, rfc) name, rfc
#else
#define TEXT(name, rfc)
#endif
#define V4(a, b, c, d)                                                                             \
	{                                                                                          \
		a, b, c, d                                                                         \
	}
static const struct ident_reserved reserved[] = {
    {AF_INET, V4(0, 0, 0, 0), 8, TEXT("\"This network\"", "[RFC791], Section 3.2")},
    {AF_INET, V4(0, 0, 0, 0), 32,
     TEXT("\"This host on this network\"", "[RFC1122], Section 3.2.1.3")},
    {AF_INET, V4(10, 0, 0, 0), 8, TEXT("Private-Use", "[RFC1918]")},
    {AF_INET, V4(100, 64, 0, 0), 10, TEXT("Shared Address Space", "[RFC6598]")},
    {AF_INET, V4(127, 0, 0, 0), 8, TEXT("Loopback", "[RFC1122], Section 3.2.1.3")},
    {AF_INET, V4(169, 254, 0, 0), 16, TEXT("Link Local", "[RFC3927]")},
    {AF_INET, V4(172, 16, 0, 0), 12, TEXT("Private-Use", "[RFC1918]")},
    {AF_INET, V4(192, 0, 0, 0), 24, TEXT("IETF Protocol Assignments", "[RFC6890], Section 2.1")},
    {AF_INET, V4(192, 0, 0, 0), 29, TEXT("IPv4 Service Continuity Prefix", "[RFC7335]")},
    {AF_INET, V4(192, 0, 0, 8), 32, TEXT("IPv4 dummy address", "[RFC7600]")},
    {AF_INET, V4(192, 0, 0, 9), 32, TEXT("Port Control Protocol Anycast", "[RFC7723]")},
    {AF_INET, V4(192, 0, 0, 10), 32,
     TEXT("Traversal Using Relays around NAT Anycast", "[RFC8155]")},
    {AF_INET, V4(192, 0, 0, 170), 32,
     TEXT("NAT64/DNS64 Discovery", "[RFC8880][RFC7050], Section 2.2")},
    {AF_INET, V4(192, 0, 0, 171), 32,
     TEXT("NAT64/DNS64 Discovery", "[RFC8880][RFC7050], Section 2.2")},
    {AF_INET, V4(192, 0, 2, 0), 24, TEXT("Documentation (TEST-NET-1)", "[RFC5737]")},
    {AF_INET, V4(192, 31, 196, 0), 24, TEXT("AS112-v4", "[RFC7535]")},
    {AF_INET, V4(192, 52, 193, 0), 24, TEXT("AMT", "[RFC7450]")},
    {AF_INET, V4(192, 88, 99, 0), 24, TEXT("Deprecated (6to4 Relay Anycast)", "[RFC7526]")},
    {AF_INET, V4(192, 88, 99, 2), 32, TEXT("6a44-relay anycast address", "[RFC6751]")},
    {AF_INET, V4(192, 168, 0, 0), 16, TEXT("Private-Use", "[RFC1918]")},
    {AF_INET, V4(192, 175, 48, 0), 24, TEXT("Direct Delegation AS112 Service", "[RFC7534]")},
    {AF_INET, V4(198, 18, 0, 0), 15, TEXT("Benchmarking", "[RFC2544]")},
    {AF_INET, V4(198, 51, 100, 0), 24, TEXT("Documentation (TEST-NET-2)", "[RFC5737]")},
    {AF_INET, V4(203, 0, 113, 0), 24, TEXT("Documentation (TEST-NET-3)", "[RFC5737]")},
    {AF_INET, V4(240, 0, 0, 0), 4, TEXT("Reserved", "[RFC1112], Section 4")},
    {AF_INET, V4(255, 255, 255, 255), 32,
     TEXT("Limited Broadcast", "[RFC8190] [RFC919], Section 7")},

    {AF_INET6, {[15] = 1}, 128, TEXT("Loopback Address", "[RFC4291]")},
    {AF_INET6, {0}, 128, TEXT("Unspecified Address", "[RFC4291]")},
    {AF_INET6, {[10] = 0xFF, [11] = 0xFF}, 96, TEXT("IPv4-mapped Address", "[RFC4291]")},
    {AF_INET6, {0, 0x64, 0xFF, 0x9B}, 96, TEXT("IPv4-IPv6 Translat.", "[RFC6052]")},
    {AF_INET6, {0, 0x64, 0xFF, 0x9B, 0, 1}, 48, TEXT("IPv4-IPv6 Translat.", "[RFC8215]")},
    {AF_INET6, {1, 0}, 64, TEXT("Discard-Only Address Block", "[RFC6666]")},
    {AF_INET6, {1, 0, 0, 0, 0, 0, 0, 1}, 64, TEXT("Dummy IPv6 Prefix", "[RFC9780]")},
    {AF_INET6, {0x20, 0x01}, 23, TEXT("IETF Protocol Assignments", "[RFC2928]")},
    {AF_INET6, {0x20, 0x01}, 32, TEXT("TEREDO", "[RFC4380] [RFC8190]")},
    {AF_INET6,
     {0x20, 0x01, 0, 1, [15] = 1},
     128,
     TEXT("Port Control Protocol Anycast", "[RFC7723]")},
    {AF_INET6,
     {0x20, 0x01, 0, 1, [15] = 2},
     128,
     TEXT("Traversal Using Relays around NAT Anycast", "[RFC8155]")},
    {AF_INET6,
     {0x20, 0x01, 0, 1, [15] = 3},
     128,
     TEXT("DNS-SD Service Registration Protocol Anycast", "[RFC9665]")},
    {AF_INET6, {0x20, 0x01, 0, 2}, 48, TEXT("Benchmarking", "[RFC5180][RFC Errata 1752]")},
    {AF_INET6, {0x20, 0x01, 0, 3}, 32, TEXT("AMT", "[RFC7450]")},
    {AF_INET6, {0x20, 0x01, 0, 4, 0x01, 0x12}, 48, TEXT("AS112-v6", "[RFC7535]")},
    {AF_INET6, {0x20, 0x01, 0, 0x10}, 28, TEXT("Deprecated (previously ORCHID)", "[RFC4843]")},
    {AF_INET6, {0x20, 0x01, 0, 0x20}, 28, TEXT("ORCHIDv2", "[RFC7343]")},
    {AF_INET6,
     {0x20, 0x01, 0, 0x30},
     28,
     TEXT("Drone Remote ID Protocol Entity Tags (DETs) Prefix", "[RFC9374]")},
    {AF_INET6, {0x20, 0x01, 0x0D, 0xB8}, 32, TEXT("Documentation", "[RFC3849]")},
    {AF_INET6, {0x20, 0x02}, 16, TEXT("6to4", "[RFC3056]")},
    {AF_INET6,
     {0x26, 0x20, 0, 0x4F, 0x80, 0},
     48,
     TEXT("Direct Delegation AS112 Service", "[RFC7534]")},
    {AF_INET6, {0x3F, 0xFF}, 20, TEXT("Documentation", "[RFC9637]")},
    {AF_INET6, {0x5F, 0}, 16, TEXT("Segment Routing (SRv6) SIDs", "[RFC9602]")},
    {AF_INET6, {0xFC}, 7, TEXT("Unique-Local", "[RFC4193] [RFC8190]")},
    {AF_INET6, {0xFE, 0x80}, 10, TEXT("Link-Local Unicast", "[RFC4291]")},
};
#undef V4
#undef TEXT

const struct ident_reserved *ident_reserved_table(size_t *n)
{
	*n = sizeof reserved / sizeof reserved[0];
	return reserved;
}

static bool in_block(const uint8_t *a, const struct ident_reserved *r)
{
	unsigned full = r->bits / 8, rest = r->bits % 8;
	if (memcmp(a, r->prefix, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xFF << (8 - rest));
	return (a[full] & mask) == (r->prefix[full] & mask);
}

const struct ident_reserved *ident_ip_reserved(const struct ident_ip *ip)
{
	/* R-IP-2: Boulder checks the blocks longest prefix first and names
	 * the first that holds the address (iana/ip.go: its init sorts them
	 * by Bits, descending); no two blocks of one length overlap, so the
	 * most specific one is the answer. An IPv4 address is checked
	 * against IPv4 blocks only (netip.Prefix.Contains), an IPv4-mapped
	 * IPv6 address against the IPv6 ones (::ffff:0:0/96). */
	const struct ident_reserved *found = NULL;
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
		const struct ident_reserved *r = &reserved[i];
		if (r->family == ip->family && in_block(ip->addr, r) &&
		    (!found || r->bits > found->bits))
			found = r;
	}
	return found;
}

int ident_reserved_text(const struct ident_reserved *r, char *buf, size_t len)
{
	/* iana/ip.go IsReservedAddr's error, word for word */
#if ACMEPROBE_IP
	return snprintf(buf, len, "IP address is in a reserved address block: %s: %s", r->rfc,
			r->name);
#else
	(void)r;
	return snprintf(buf, len, "IP address is in a reserved address block");
#endif
}

/* Go's %q of a C string (le_go_quote), cut to fit. */
static void go_quote(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	le_go_quote((const uint8_t *)s, strlen(s), out, cap, &n);
}

int ident_le_cannot_issue(const char *value, const char *detail, char *buf, size_t len)
{
	char quoted[300];
	go_quote(value, quoted, sizeof quoted);
	return snprintf(buf, len, "Cannot issue for %s: %s", quoted, detail);
}

bool ident_reserved_refusal(const struct ident_ip *ip, const char *value, char *buf, size_t len)
{
	const struct ident_reserved *r = ident_ip_reserved(ip);
	if (!r)
		return false;
	char why[400];
	ident_reserved_text(r, why, sizeof why);
	ident_le_cannot_issue(value, why, buf, len);
	return true;
}

/* ---- RFC 8738 s6: the reverse name -------------------------------------- */

size_t ident_ip_reverse_name(const struct ident_ip *ip, char *out, size_t len)
{
	const uint8_t *a = ip->addr;
	int n;
	if (ip->family == AF_INET || is_v4_mapped(a)) {
		const uint8_t *v4 = ip->family == AF_INET ? a : a + 12;
		n = snprintf(out, len, "%u.%u.%u.%u.in-addr.arpa", v4[3], v4[2], v4[1], v4[0]);
	} else {
		/* RFC 3596 s2.5: each nibble, lowest first, in lower-case hex */
		static const char hex[] = "0123456789abcdef";
		if (len < 64 + sizeof "ip6.arpa")
			return 0;
		size_t k = 0;
		for (int i = 15; i >= 0; i--) {
			out[k++] = hex[a[i] & 0xF];
			out[k++] = '.';
			out[k++] = hex[a[i] >> 4];
			out[k++] = '.';
		}
		memcpy(out + k, "ip6.arpa", sizeof "ip6.arpa");
		n = (int)(k + sizeof "ip6.arpa" - 1);
	}
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

/* ---- R-IP-5: profiles ---------------------------------------------------- */

bool ident_profile_allows_ip(const char *profile)
{
	/* R-IP-5: in LE's production, only the shortlived profile lists the
	 * ip identifier type (announced 2026-01-15); Boulder reads the list
	 * from each profile's configuration (ra/ra.go NewOrder) */
	return profile && strcmp(profile, IDENT_IP_PROFILE) == 0;
}

int ident_profile_refusal(const char *profile, char *buf, size_t len)
{
	/* ra/ra.go NewOrder's rejectedIdentifier text */
	char name[128];
	if (profile && *profile) {
		char quoted[100];
		go_quote(profile, quoted, sizeof quoted);
		snprintf(name, sizeof name, "Profile %s", quoted);
	} else {
		snprintf(name, sizeof name, "Default profile");
	}
	return snprintf(buf, len,
			"%s does not permit IP address identifiers. See available profiles at "
			"https://letsencrypt.org/docs/profiles/.",
			name);
}

/* ---- R-IP-3, R-DNS01-5: the challenges offered --------------------------- */

const char *ident_challenge_name(enum ident_challenge c)
{
	switch (c) {
	case IDENT_CH_HTTP01:
		return "http-01";
	case IDENT_CH_DNS01:
		return "dns-01";
	case IDENT_CH_TLSALPN01:
		return "tls-alpn-01";
	case IDENT_CH_DNSACCOUNT01:
		return "dns-account-01";
	case IDENT_CH_DNSPERSIST01:
		return "dns-persist-01";
	}
	return "?";
}

unsigned ident_challenges(bool is_ip, const char *name, unsigned flagged)
{
	flagged &= IDENT_CH_DNSACCOUNT01 | IDENT_CH_DNSPERSIST01;
	/* R-IP-3: http-01 and tls-alpn-01 only for an IP (RFC 8738 s4) */
	if (is_ip)
		return IDENT_CH_HTTP01 | IDENT_CH_TLSALPN01;
	/* R-DNS01-5: a wildcard gets the DNS challenges only (BR 3.2.2.4.19,
	 * 3.2.2.4.20 exclude http-01 and tls-alpn-01 for wildcards) */
	if (name && name[0] == '*' && name[1] == '.')
		return IDENT_CH_DNS01 | flagged;
	return IDENT_CH_HTTP01 | IDENT_CH_DNS01 | IDENT_CH_TLSALPN01 | flagged;
}
