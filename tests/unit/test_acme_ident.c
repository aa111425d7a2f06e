/* src/acme/ident.c: IP address identifiers as Let's Encrypt
 * reads them. R-IP-1 (canonical text, policy/pa.go ValidIP), R-IP-2 (the
 * IANA special-purpose blocks, every row at its edges, iana/ip.go), the
 * reverse name (RFC 8738 s6, RFC 3596 s2.5), R-IP-5 (profiles, the CSR),
 * R-IP-3 and R-DNS01-5 (which challenges). Rules of docs/rules.md. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/ident.h"

static enum ident_ip_err parse(const char *text, struct ident_ip *ip, char *canonical)
{
	return ident_ip_parse(text, strlen(text), ip, canonical);
}

/* ---- R-IP-1: canonical text ------------------------------------------ */

static void canonical_ok(const char *text, int family)
{
	struct ident_ip ip;
	char c[IDENT_IP_TEXT];
	cr_assert_eq(parse(text, &ip, c), IDENT_IP_OK, "R-IP-1: '%s' is canonical", text);
	cr_assert_eq(ip.family, family, "%s", text);
	cr_assert_str_eq(c, text);
}

Test(ident_ip, r_ip_1_canonical_texts_are_accepted)
{
	canonical_ok("192.0.2.1", AF_INET);
	canonical_ok("0.0.0.0", AF_INET);
	canonical_ok("255.255.255.255", AF_INET);
	canonical_ok("2001:db8::1", AF_INET6);
	canonical_ok("::", AF_INET6);
	canonical_ok("::1", AF_INET6);
	canonical_ok("1::", AF_INET6);
	/* RFC 5952 s4.2.2: a lone zero group is not compressed */
	canonical_ok("2001:db8:0:1:1:1:1:1", AF_INET6);
	/* s4.2.1: the longest run; s4.2.3: the first of equal runs */
	canonical_ok("2001:0:0:1::1", AF_INET6);
	canonical_ok("1::2:0:0:3:4", AF_INET6);
	canonical_ok("1:0:0:2::", AF_INET6);
	canonical_ok("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AF_INET6);
	/* Go's netip writes an IPv4-mapped address with a dotted tail */
	canonical_ok("::ffff:192.0.2.1", AF_INET6);
}

static void not_canonical(const char *text, const char *want)
{
	struct ident_ip ip;
	char c[IDENT_IP_TEXT];
	cr_assert_eq(parse(text, &ip, c), IDENT_IP_NOT_CANONICAL, "R-IP-1: '%s'", text);
	cr_assert_str_eq(c, want, "R-IP-1: '%s' would be %s", text, want);
}

Test(ident_ip, r_ip_1_other_spellings_are_refused_with_the_canonical_one)
{
	not_canonical("2001:DB8::1", "2001:db8::1");		       /* s4.3: lower case */
	not_canonical("2001:0db8::1", "2001:db8::1");		       /* s4.1: leading zeros */
	not_canonical("2001:db8:0:0:0:0:0:1", "2001:db8::1");	       /* s4.2.1: "::" */
	not_canonical("2001:db8::0:1", "2001:db8::1");		       /* the longest run */
	not_canonical("1:0:0:2::3:4", "1::2:0:0:3:4");		       /* s4.2.3: the first run */
	not_canonical("2001:db8:0:1:1:1:1::", "2001:db8:0:1:1:1:1:0"); /* s4.2.2 */
	not_canonical("0:0:0:0:0:0:0:1", "::1");
	not_canonical("::1.2.3.4", "::102:304"); /* only a mapped address keeps a dotted tail */
	not_canonical("::FFFF:1.2.3.4", "::ffff:1.2.3.4");
	not_canonical("::ffff:102:304", "::ffff:1.2.3.4");
	not_canonical("01.2.3.4", "1.2.3.4"); /* RFC 1123 s2.1: no leading zeros */
	not_canonical("1.2.3.004", "1.2.3.4");
}

static void refused(const char *text, enum ident_ip_err want, const char *canonical)
{
	struct ident_ip ip;
	char c[IDENT_IP_TEXT];
	cr_assert_eq(parse(text, &ip, c), want, "R-IP-1: '%s' gives %d", text, (int)want);
	cr_assert_str_eq(c, canonical, "'%s'", text);
}

Test(ident_ip, r_ip_1_zones_brackets_ports_prefixes_are_refused)
{
	refused("fe80::1%eth0", IDENT_IP_ZONE, "fe80::1");
	refused("FE80::1%2", IDENT_IP_ZONE, "fe80::1");
	refused("[2001:db8::1]", IDENT_IP_BRACKETS, "2001:db8::1");
	refused("[2001:db8::1]:443", IDENT_IP_PORT, "2001:db8::1");
	refused("192.0.2.1:443", IDENT_IP_PORT, "192.0.2.1");
	refused("192.0.2.0/24", IDENT_IP_PREFIX, "192.0.2.0");
	refused("2001:db8::/32", IDENT_IP_PREFIX, "2001:db8::");
	/* an IPv4 address has no zone, nor brackets */
	refused("192.0.2.1%eth0", IDENT_IP_SYNTAX, "");
	refused("[192.0.2.1]", IDENT_IP_SYNTAX, "");
}

Test(ident_ip, r_ip_1_what_is_no_address_at_all)
{
	static const char *const bad[] = {
	    "",
	    "1.2.3",
	    "1.2.3.4.5",
	    "256.1.1.1",
	    "1.2.3.4 ",
	    " 1.2.3.4",
	    "1..2.3",
	    "1.2.3.-4",
	    "::1::",
	    "1:2:3:4:5:6:7:8:9",
	    "1:2:3:4:5:6:7:8::",
	    "12345::",
	    ":1::",
	    "1::2:",
	    "g::1",
	    ":::",
	    "1:2:3:4:5:6:7",
	    "::1.2.3",
	    "::1.2.3.4:5",
	    "1:2:3:4:5:6:7:1.2.3.4",
	    "[::1",
	    "2001:db8::/x",
	    "example.com",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ident_ip ip;
		char c[IDENT_IP_TEXT];
		cr_assert_eq(parse(bad[i], &ip, c), IDENT_IP_SYNTAX, "R-IP-1: '%s'", bad[i]);
		cr_assert_str_eq(c, "", "'%s'", bad[i]);
	}
	/* a NUL inside the given length */
	struct ident_ip ip;
	char c[IDENT_IP_TEXT];
	cr_assert_eq(ident_ip_parse("::1\0", 4, &ip, c), IDENT_IP_SYNTAX);
}

Test(ident_ip, r_ip_1_which_arguments_are_meant_as_addresses)
{
	cr_assert(ident_looks_like_ip("192.0.2.1"));
	cr_assert(ident_looks_like_ip("01.2.3"));
	cr_assert(ident_looks_like_ip("123"));
	cr_assert(ident_looks_like_ip("::1"));
	cr_assert(ident_looks_like_ip("[::1]"));
	cr_assert(ident_looks_like_ip("10.0.0.0/8"));
	cr_assert(ident_looks_like_ip("fe80::1%eth0"));
	cr_assert_not(ident_looks_like_ip("example.com"));
	cr_assert_not(ident_looks_like_ip("1.example"));
	cr_assert_not(ident_looks_like_ip("..."));
	cr_assert_not(ident_looks_like_ip(""));
}

/* R-IP-1: the sentence every command gives (caa, http01, tlsalpn01,
 * check, caa --batch's lines): the canonical form, and LE's refusal */
Test(ident_ip, r_ip_1_read_names_the_canonical_form)
{
	struct ident_ip ip;
	char why[IDENT_IP_WHY];
	cr_assert(ident_ip_read("::1", false, &ip, why, sizeof why));
	cr_assert_eq(ip.family, AF_INET6);
	cr_assert_eq(ip.addr[15], 1);
	cr_assert_str_eq(why, "");
	cr_assert_not(ident_ip_read("::0001", false, &ip, why, sizeof why));
	cr_assert_str_eq(why,
			 "'::0001': not in canonical form (RFC 8738 s3: RFC 1123 s2.1 for IPv4, "
			 "RFC 5952 s4 for IPv6: lower case, no leading zeros, '::' for the "
			 "longest run of zero groups) (R-IP-1); the identifier would be ::1. "
			 "Let's Encrypt refuses the order: Cannot issue for \"::0001\": IP "
			 "address is invalid");
	cr_assert_not(ident_ip_read("010.0.0.1", false, &ip, why, sizeof why));
	cr_assert(strstr(why, "the identifier would be 10.0.0.1. "), "%s", why);
	cr_assert_not(ident_ip_read("[2001:db8::1]:443", false, &ip, why, sizeof why));
	cr_assert_str_eq(why, "'[2001:db8::1]:443': a port is not part of an IP identifier "
			      "(R-IP-1); the identifier would be 2001:db8::1. Let's Encrypt "
			      "refuses the order: Cannot issue for \"[2001:db8::1]:443\": IP "
			      "address is invalid");
	/* no canonical form to give */
	cr_assert_not(ident_ip_read("1.2.3", false, &ip, why, sizeof why));
	cr_assert_str_eq(why,
			 "'1.2.3': not an IPv4 or IPv6 address (R-IP-1). Let's Encrypt refuses "
			 "the order: Cannot issue for \"1.2.3\": IP address is invalid");
	/* an address has no wildcard, canonical or not */
	cr_assert_not(ident_ip_read("192.0.2.1", true, &ip, why, sizeof why));
	cr_assert_str_eq(why, "'192.0.2.1' is an IP address: it has no wildcard");
	/* a short buffer gets the sentence cut, still a string */
	char small[16];
	cr_assert_not(ident_ip_read("::0001", false, &ip, small, sizeof small));
	cr_assert_str_eq(small, "'::0001': not i");
}

Test(ident_ip, r_ip_1_le_text)
{
	char buf[200];
	ident_le_cannot_issue("2001:DB8::1", IDENT_LE_IP_INVALID, buf, sizeof buf);
	cr_assert_str_eq(buf, "Cannot issue for \"2001:DB8::1\": IP address is invalid");
	cr_assert_str_eq(ident_ip_strerror(IDENT_IP_ZONE),
			 "an IPv6 scope zone ('%...', RFC 4007) is not allowed");
}

Test(ident_ip, r_ip_1_format_round_trips)
{
	/* every group value position, and the run rules, through parse */
	static const char *const texts[] = {
	    "1:2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:0", "1::8",
	    "1:2::7:8",	       "abcd:ef01::",	  "::ffff:0.0.0.0"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		canonical_ok(texts[i], AF_INET6);
	/* RFC 5952 s4.2.2: "::" for one zero group is not the canonical form */
	not_canonical("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8");
	not_canonical("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0");
}

/* ---- R-IP-2: every block of the registries, at its edges ---------------- */

struct edge {
	const char *address;
	const char *name; /* NULL: not reserved */
	const char *rfc;
};

/* Written from the registries' rows (ident.c names the source): the first
 * and last address of each block, and the ones just outside, each with
 * the most specific block that holds it. */
static const struct edge edges[] = {
    /* 0.0.0.0/8 and 0.0.0.0/32 */
    {"0.0.0.0", "\"This host on this network\"", "[RFC1122], Section 3.2.1.3"},
    {"0.0.0.1", "\"This network\"", "[RFC791], Section 3.2"},
    {"0.255.255.255", "\"This network\"", "[RFC791], Section 3.2"},
    {"1.0.0.0", NULL, NULL},
    /* 10.0.0.0/8 */
    {"9.255.255.255", NULL, NULL},
    {"10.0.0.0", "Private-Use", "[RFC1918]"},
    {"10.255.255.255", "Private-Use", "[RFC1918]"},
    {"11.0.0.0", NULL, NULL},
    /* 100.64.0.0/10 */
    {"100.63.255.255", NULL, NULL},
    {"100.64.0.0", "Shared Address Space", "[RFC6598]"},
    {"100.127.255.255", "Shared Address Space", "[RFC6598]"},
    {"100.128.0.0", NULL, NULL},
    /* 127.0.0.0/8 */
    {"126.255.255.255", NULL, NULL},
    {"127.0.0.0", "Loopback", "[RFC1122], Section 3.2.1.3"},
    {"127.0.0.1", "Loopback", "[RFC1122], Section 3.2.1.3"},
    {"127.255.255.255", "Loopback", "[RFC1122], Section 3.2.1.3"},
    {"128.0.0.0", NULL, NULL},
    /* 169.254.0.0/16 */
    {"169.253.255.255", NULL, NULL},
    {"169.254.0.0", "Link Local", "[RFC3927]"},
    {"169.254.255.255", "Link Local", "[RFC3927]"},
    {"169.255.0.0", NULL, NULL},
    /* 172.16.0.0/12 */
    {"172.15.255.255", NULL, NULL},
    {"172.16.0.0", "Private-Use", "[RFC1918]"},
    {"172.31.255.255", "Private-Use", "[RFC1918]"},
    {"172.32.0.0", NULL, NULL},
    /* 192.0.0.0/24 and the blocks inside it */
    {"191.255.255.255", NULL, NULL},
    {"192.0.0.0", "IPv4 Service Continuity Prefix", "[RFC7335]"},
    {"192.0.0.7", "IPv4 Service Continuity Prefix", "[RFC7335]"},
    {"192.0.0.8", "IPv4 dummy address", "[RFC7600]"},
    {"192.0.0.9", "Port Control Protocol Anycast", "[RFC7723]"},
    {"192.0.0.10", "Traversal Using Relays around NAT Anycast", "[RFC8155]"},
    {"192.0.0.11", "IETF Protocol Assignments", "[RFC6890], Section 2.1"},
    {"192.0.0.169", "IETF Protocol Assignments", "[RFC6890], Section 2.1"},
    {"192.0.0.170", "NAT64/DNS64 Discovery", "[RFC8880][RFC7050], Section 2.2"},
    {"192.0.0.171", "NAT64/DNS64 Discovery", "[RFC8880][RFC7050], Section 2.2"},
    {"192.0.0.172", "IETF Protocol Assignments", "[RFC6890], Section 2.1"},
    {"192.0.0.255", "IETF Protocol Assignments", "[RFC6890], Section 2.1"},
    {"192.0.1.0", NULL, NULL},
    /* 192.0.2.0/24 */
    {"192.0.1.255", NULL, NULL},
    {"192.0.2.0", "Documentation (TEST-NET-1)", "[RFC5737]"},
    {"192.0.2.255", "Documentation (TEST-NET-1)", "[RFC5737]"},
    {"192.0.3.0", NULL, NULL},
    /* 192.31.196.0/24 */
    {"192.31.195.255", NULL, NULL},
    {"192.31.196.0", "AS112-v4", "[RFC7535]"},
    {"192.31.196.255", "AS112-v4", "[RFC7535]"},
    {"192.31.197.0", NULL, NULL},
    /* 192.52.193.0/24 */
    {"192.52.192.255", NULL, NULL},
    {"192.52.193.0", "AMT", "[RFC7450]"},
    {"192.52.193.255", "AMT", "[RFC7450]"},
    {"192.52.194.0", NULL, NULL},
    /* 192.88.99.0/24 and 192.88.99.2/32 */
    {"192.88.98.255", NULL, NULL},
    {"192.88.99.0", "Deprecated (6to4 Relay Anycast)", "[RFC7526]"},
    {"192.88.99.1", "Deprecated (6to4 Relay Anycast)", "[RFC7526]"},
    {"192.88.99.2", "6a44-relay anycast address", "[RFC6751]"},
    {"192.88.99.3", "Deprecated (6to4 Relay Anycast)", "[RFC7526]"},
    {"192.88.99.255", "Deprecated (6to4 Relay Anycast)", "[RFC7526]"},
    {"192.88.100.0", NULL, NULL},
    /* 192.168.0.0/16 */
    {"192.167.255.255", NULL, NULL},
    {"192.168.0.0", "Private-Use", "[RFC1918]"},
    {"192.168.255.255", "Private-Use", "[RFC1918]"},
    {"192.169.0.0", NULL, NULL},
    /* 192.175.48.0/24 */
    {"192.175.47.255", NULL, NULL},
    {"192.175.48.0", "Direct Delegation AS112 Service", "[RFC7534]"},
    {"192.175.48.255", "Direct Delegation AS112 Service", "[RFC7534]"},
    {"192.175.49.0", NULL, NULL},
    /* 198.18.0.0/15 */
    {"198.17.255.255", NULL, NULL},
    {"198.18.0.0", "Benchmarking", "[RFC2544]"},
    {"198.19.255.255", "Benchmarking", "[RFC2544]"},
    {"198.20.0.0", NULL, NULL},
    /* 198.51.100.0/24 */
    {"198.51.99.255", NULL, NULL},
    {"198.51.100.0", "Documentation (TEST-NET-2)", "[RFC5737]"},
    {"198.51.100.255", "Documentation (TEST-NET-2)", "[RFC5737]"},
    {"198.51.101.0", NULL, NULL},
    /* 203.0.113.0/24 */
    {"203.0.112.255", NULL, NULL},
    {"203.0.113.0", "Documentation (TEST-NET-3)", "[RFC5737]"},
    {"203.0.113.255", "Documentation (TEST-NET-3)", "[RFC5737]"},
    {"203.0.114.0", NULL, NULL},
    /* 240.0.0.0/4 and 255.255.255.255/32; multicast is in neither registry */
    {"224.0.0.1", NULL, NULL},
    {"239.255.255.255", NULL, NULL},
    {"240.0.0.0", "Reserved", "[RFC1112], Section 4"},
    {"255.255.255.254", "Reserved", "[RFC1112], Section 4"},
    {"255.255.255.255", "Limited Broadcast", "[RFC8190] [RFC919], Section 7"},
    {"8.8.8.8", NULL, NULL},

    /* ::1/128, ::/128 */
    {"::", "Unspecified Address", "[RFC4291]"},
    {"::1", "Loopback Address", "[RFC4291]"},
    {"::2", NULL, NULL},
    /* ::ffff:0:0/96 */
    {"::fffe:ffff:ffff", NULL, NULL},
    {"::ffff:0.0.0.0", "IPv4-mapped Address", "[RFC4291]"},
    {"::ffff:8.8.8.8", "IPv4-mapped Address", "[RFC4291]"},
    {"::ffff:255.255.255.255", "IPv4-mapped Address", "[RFC4291]"},
    {"::1:0:0:0", NULL, NULL},
    /* 64:ff9b::/96 */
    {"64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"64:ff9b::", "IPv4-IPv6 Translat.", "[RFC6052]"},
    {"64:ff9b::ffff:ffff", "IPv4-IPv6 Translat.", "[RFC6052]"},
    {"64:ff9b::1:0:0", NULL, NULL},
    /* 64:ff9b:1::/48 */
    {"64:ff9b:0:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"64:ff9b:1::", "IPv4-IPv6 Translat.", "[RFC8215]"},
    {"64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "IPv4-IPv6 Translat.", "[RFC8215]"},
    {"64:ff9b:2::", NULL, NULL},
    /* 100::/64 */
    {"ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"100::", "Discard-Only Address Block", "[RFC6666]"},
    {"100::ffff:ffff:ffff:ffff", "Discard-Only Address Block", "[RFC6666]"},
    /* 100:0:0:1::/64 */
    {"100:0:0:1::", "Dummy IPv6 Prefix", "[RFC9780]"},
    {"100::1:ffff:ffff:ffff:ffff", "Dummy IPv6 Prefix", "[RFC9780]"},
    {"100:0:0:2::", NULL, NULL},
    /* 2001::/23 and the blocks inside it */
    {"2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"2001::", "TEREDO", "[RFC4380] [RFC8190]"},
    {"2001:0:ffff:ffff:ffff:ffff:ffff:ffff", "TEREDO", "[RFC4380] [RFC8190]"},
    {"2001:1::", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:1::1", "Port Control Protocol Anycast", "[RFC7723]"},
    {"2001:1::2", "Traversal Using Relays around NAT Anycast", "[RFC8155]"},
    {"2001:1::3", "DNS-SD Service Registration Protocol Anycast", "[RFC9665]"},
    {"2001:1::4", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:1:ffff:ffff:ffff:ffff:ffff:ffff", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:2::", "Benchmarking", "[RFC5180][RFC Errata 1752]"},
    {"2001:2:0:ffff:ffff:ffff:ffff:ffff", "Benchmarking", "[RFC5180][RFC Errata 1752]"},
    {"2001:2:1::", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:2:ffff:ffff:ffff:ffff:ffff:ffff", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:3::", "AMT", "[RFC7450]"},
    {"2001:3:ffff:ffff:ffff:ffff:ffff:ffff", "AMT", "[RFC7450]"},
    {"2001:4::", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:4:111:ffff:ffff:ffff:ffff:ffff", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:4:112::", "AS112-v6", "[RFC7535]"},
    {"2001:4:112:ffff:ffff:ffff:ffff:ffff", "AS112-v6", "[RFC7535]"},
    {"2001:4:113::", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:f:ffff:ffff:ffff:ffff:ffff:ffff", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:10::", "Deprecated (previously ORCHID)", "[RFC4843]"},
    {"2001:1f:ffff:ffff:ffff:ffff:ffff:ffff", "Deprecated (previously ORCHID)", "[RFC4843]"},
    {"2001:20::", "ORCHIDv2", "[RFC7343]"},
    {"2001:2f:ffff:ffff:ffff:ffff:ffff:ffff", "ORCHIDv2", "[RFC7343]"},
    {"2001:30::", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "[RFC9374]"},
    {"2001:3f:ffff:ffff:ffff:ffff:ffff:ffff", "Drone Remote ID Protocol Entity Tags (DETs) Prefix",
     "[RFC9374]"},
    {"2001:40::", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "IETF Protocol Assignments", "[RFC2928]"},
    {"2001:200::", NULL, NULL},
    /* 2001:db8::/32 */
    {"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"2001:db8::", "Documentation", "[RFC3849]"},
    {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "Documentation", "[RFC3849]"},
    {"2001:db9::", NULL, NULL},
    /* 2002::/16 */
    {"2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"2002::", "6to4", "[RFC3056]"},
    {"2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "6to4", "[RFC3056]"},
    {"2003::", NULL, NULL},
    /* 2620:4f:8000::/48 */
    {"2620:4f:7fff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"2620:4f:8000::", "Direct Delegation AS112 Service", "[RFC7534]"},
    {"2620:4f:8000:ffff:ffff:ffff:ffff:ffff", "Direct Delegation AS112 Service", "[RFC7534]"},
    {"2620:4f:8001::", NULL, NULL},
    /* 3fff::/20 */
    {"3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"3fff::", "Documentation", "[RFC9637]"},
    {"3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "Documentation", "[RFC9637]"},
    {"3fff:1000::", NULL, NULL},
    /* 5f00::/16 */
    {"5eff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"5f00::", "Segment Routing (SRv6) SIDs", "[RFC9602]"},
    {"5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "Segment Routing (SRv6) SIDs", "[RFC9602]"},
    {"5f01::", NULL, NULL},
    /* fc00::/7 */
    {"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"fc00::", "Unique-Local", "[RFC4193] [RFC8190]"},
    {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "Unique-Local", "[RFC4193] [RFC8190]"},
    {"fe00::", NULL, NULL},
    /* fe80::/10 */
    {"fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", NULL, NULL},
    {"fe80::", "Link-Local Unicast", "[RFC4291]"},
    {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "Link-Local Unicast", "[RFC4291]"},
    {"fec0::", NULL, NULL},
    /* multicast, and an ordinary address */
    {"ff02::1", NULL, NULL},
    {"2606:4700::1111", NULL, NULL},
};

Test(ident_reserved, r_ip_2_every_block_at_its_edges)
{
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		const struct edge *e = &edges[i];
		struct ident_ip ip;
		char c[IDENT_IP_TEXT];
		cr_assert_eq(parse(e->address, &ip, c), IDENT_IP_OK, "%s", e->address);
		const struct ident_reserved *r = ident_ip_reserved(&ip);
		if (!e->name) {
			cr_assert_null(r, "R-IP-2: %s is not reserved, got %s", e->address,
				       r ? r->name : "");
			continue;
		}
		cr_assert_not_null(r, "R-IP-2: %s is in %s", e->address, e->name);
		cr_assert_str_eq(r->name, e->name, "R-IP-2: %s", e->address);
		cr_assert_str_eq(r->rfc, e->rfc, "R-IP-2: %s", e->address);
	}
}

Test(ident_reserved, r_ip_2_every_row_of_the_table_is_tested)
{
	/* each block is named by some edge above, and the table has every
	 * row of the two registries: 25 IPv4 rows (one with two blocks),
	 * 25 IPv6 rows */
	size_t n;
	const struct ident_reserved *t = ident_reserved_table(&n);
	size_t v4 = 0, v6 = 0;
	for (size_t i = 0; i < n; i++) {
		*(t[i].family == AF_INET ? &v4 : &v6) += 1;
		bool named = false;
		for (size_t k = 0; k < sizeof edges / sizeof edges[0] && !named; k++) {
			struct ident_ip ip;
			char c[IDENT_IP_TEXT];
			if (!edges[k].name || parse(edges[k].address, &ip, c) != IDENT_IP_OK)
				continue;
			named = ident_ip_reserved(&ip) == &t[i];
		}
		cr_assert(named, "R-IP-2: no edge test lands in %s (%s/%u)", t[i].name, t[i].rfc,
			  t[i].bits);
	}
	cr_assert_eq(v4, 26);
	cr_assert_eq(v6, 25);
}

Test(ident_reserved, r_ip_2_le_texts)
{
	struct ident_ip ip;
	char c[IDENT_IP_TEXT], why[300], text[400];
	cr_assert_eq(parse("10.1.2.3", &ip, c), IDENT_IP_OK);
	ident_reserved_text(ident_ip_reserved(&ip), why, sizeof why);
	cr_assert_str_eq(why, "IP address is in a reserved address block: [RFC1918]: Private-Use");
	ident_le_cannot_issue("10.1.2.3", why, text, sizeof text);
	cr_assert_str_eq(text, "Cannot issue for \"10.1.2.3\": IP address is in a reserved address "
			       "block: [RFC1918]: Private-Use");
	cr_assert_eq(parse("255.255.255.255", &ip, c), IDENT_IP_OK);
	ident_reserved_text(ident_ip_reserved(&ip), why, sizeof why);
	cr_assert_str_eq(why, "IP address is in a reserved address block: [RFC8190] [RFC919], "
			      "Section 7: Limited Broadcast");
}

Test(ident_reserved, r_ip_2_the_orders_refusal)
{
	struct ident_ip ip;
	char c[IDENT_IP_TEXT], text[400] = "untouched";
	cr_assert_eq(parse("::1", &ip, c), IDENT_IP_OK);
	cr_assert(ident_reserved_refusal(&ip, "::1", text, sizeof text));
	cr_assert_str_eq(text, "Cannot issue for \"::1\": IP address is in a reserved address "
			       "block: [RFC4291]: Loopback Address");
	/* a public address: no refusal, nothing written */
	strcpy(text, "untouched");
	cr_assert_eq(parse("8.8.8.8", &ip, c), IDENT_IP_OK);
	cr_assert_not(ident_reserved_refusal(&ip, "8.8.8.8", text, sizeof text));
	cr_assert_str_eq(text, "untouched");
}

/* ---- RFC 8738 s6: the reverse name ---------------------------------------- */

static void reverse(const char *address, const char *want)
{
	struct ident_ip ip;
	char c[IDENT_IP_TEXT], name[IDENT_REVERSE_MAX];
	cr_assert_eq(parse(address, &ip, c), IDENT_IP_OK, "%s", address);
	cr_assert_eq(ident_ip_reverse_name(&ip, name, sizeof name), strlen(want), "%s", address);
	cr_assert_str_eq(name, want);
}

Test(ident_reverse, rfc_8738_s6_reverse_names)
{
	reverse("127.0.0.1", "1.0.0.127.in-addr.arpa");
	reverse("192.0.2.10", "10.2.0.192.in-addr.arpa");
	/* RFC 3596 s2.5's own example */
	reverse("4321:0:1:2:3:4:567:89ab",
		"b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa");
	reverse("::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa");
	/* miekg/dns ReverseAddr takes an IPv4-mapped address as IPv4 */
	reverse("::ffff:192.0.2.1", "1.2.0.192.in-addr.arpa");
	struct ident_ip ip;
	char c[IDENT_IP_TEXT], small[20];
	cr_assert_eq(parse("::1", &ip, c), IDENT_IP_OK);
	cr_assert_eq(ident_ip_reverse_name(&ip, small, sizeof small), 0);
	cr_assert_eq(parse("192.0.2.10", &ip, c), IDENT_IP_OK);
	cr_assert_eq(ident_ip_reverse_name(&ip, small, sizeof small), 0);
}

/* ---- R-IP-5: profiles and the CSR --------------------------------------------- */

Test(ident_profile, r_ip_5_only_shortlived_allows_ip_in_production)
{
	cr_assert(ident_profile_allows_ip("shortlived"));
	cr_assert_not(ident_profile_allows_ip(NULL));
	cr_assert_not(ident_profile_allows_ip(""));
	cr_assert_not(ident_profile_allows_ip("classic"));
	cr_assert_not(ident_profile_allows_ip("tlsserver"));
	char buf[300];
	ident_profile_refusal(NULL, buf, sizeof buf);
	cr_assert_str_eq(buf, "Default profile does not permit IP address identifiers. See "
			      "available profiles at https://letsencrypt.org/docs/profiles/.");
	ident_profile_refusal("classic", buf, sizeof buf);
	cr_assert_str_eq(buf, "Profile \"classic\" does not permit IP address identifiers. See "
			      "available profiles at https://letsencrypt.org/docs/profiles/.");
	cr_assert_str_eq(IDENT_LE_IP_CN, "CSR contains IP address in Common Name");
}

/* ---- R-IP-3, R-DNS01-5: challenges ------------------------------------------- */

Test(ident_challenges, r_ip_3_an_ip_gets_http01_and_tlsalpn01)
{
	cr_assert_eq(ident_challenges(true, "192.0.2.1", 0), IDENT_CH_HTTP01 | IDENT_CH_TLSALPN01);
	/* the feature-flagged DNS challenges are for names only */
	cr_assert_eq(ident_challenges(true, "192.0.2.1", IDENT_CH_DNSPERSIST01),
		     IDENT_CH_HTTP01 | IDENT_CH_TLSALPN01);
}

Test(ident_challenges, r_dns01_5_a_wildcard_gets_dns01_only)
{
	cr_assert_eq(ident_challenges(false, "*.example.com", 0), IDENT_CH_DNS01);
	cr_assert_eq(
	    ident_challenges(false, "*.example.com", IDENT_CH_DNSACCOUNT01 | IDENT_CH_DNSPERSIST01),
	    IDENT_CH_DNS01 | IDENT_CH_DNSACCOUNT01 | IDENT_CH_DNSPERSIST01);
	cr_assert_eq(ident_challenges(false, "example.com", 0),
		     IDENT_CH_HTTP01 | IDENT_CH_DNS01 | IDENT_CH_TLSALPN01);
	cr_assert_eq(
	    ident_challenges(false, "example.com", IDENT_CH_DNSPERSIST01 | IDENT_CH_HTTP01),
	    IDENT_CH_HTTP01 | IDENT_CH_DNS01 | IDENT_CH_TLSALPN01 | IDENT_CH_DNSPERSIST01);
	/* "*" alone or inside is no wildcard prefix */
	cr_assert_eq(ident_challenges(false, "a*.example.com", 0),
		     IDENT_CH_HTTP01 | IDENT_CH_DNS01 | IDENT_CH_TLSALPN01);
	cr_assert_str_eq(ident_challenge_name(IDENT_CH_TLSALPN01), "tls-alpn-01");
	cr_assert_str_eq(ident_challenge_name(IDENT_CH_DNSPERSIST01), "dns-persist-01");
	cr_assert_str_eq(ident_challenge_name(IDENT_CH_DNSACCOUNT01), "dns-account-01");
	cr_assert_str_eq(ident_challenge_name(IDENT_CH_HTTP01), "http-01");
	cr_assert_str_eq(ident_challenge_name(IDENT_CH_DNS01), "dns-01");
}
