/* diagnose_nameservers, the pure part of `acmeprobe check`'s nameserver
 * doctor (src/check/diagnose.c): probe reports (struct nsprobe_report)
 * built by hand, and the exact findings it adds, in order, each as
 * severity/code/rule, plus the server its title names. The reports follow
 * nsprobe.c's reading: a probe's `error` is NONE when a response came,
 * whatever its rcode (NXDOMAIN, SERVFAIL, NOTIMP, REFUSED...), and stays
 * TIMEOUT or NETWORK when none did. docs/check.md documents every code. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "check/diagnose.h"
#include "check/findings.h"
#include "check/nsprobe.h"
#include "dns/response.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "net/addr.h"

static struct nsprobe_report rep;
static struct findings f;

static void wire_name(uint8_t *out, const char *text)
{
	size_t len;
	cr_assert_eq(dns_name_from_text(text, strlen(text), out, &len), DNS_OK, "%s", text);
}

/* A healthy answer: NOERROR, AA, `records` records of the type asked; the
 * SOA in the authority section when there are none (RFC 2308). */
static struct ns_probe good(size_t records)
{
	struct ns_probe p = {.error = DNS_EC_NONE,
			     .rcode = DNS_RCODE_NOERROR,
			     .aa = true,
			     .records = records,
			     .soa_in_authority = records == 0,
			     .elapsed_ms = 1};
	return p;
}

/* `n` servers ns1..nsN.doctor.test. at 127.0.0.1..N port 53, every one
 * healthy: SOA serial 7, one CAA record at www.doctor.test., NODATA for
 * TYPE65280, over UDP and TCP alike. */
static void healthy(size_t n)
{
	memset(&rep, 0, sizeof rep);
	memset(&f, 0, sizeof f);
	wire_name(rep.name, "www.doctor.test");
	wire_name(rep.zone, "doctor.test");
	rep.zone_found = true;
	rep.ns_count = n;
	rep.addr_count = n;
	for (size_t i = 0; i < n; i++) {
		char text[32];
		snprintf(text, sizeof text, "ns%zu.doctor.test", i + 1);
		wire_name(rep.ns_names[i], text);
		struct ns_probe_address *a = &rep.addrs[i];
		memcpy(a->ns_name, rep.ns_names[i], sizeof a->ns_name);
		uint8_t raw[4] = {127, 0, 0, (uint8_t)(i + 1)};
		net_addr_from_raw(&a->addr, AF_INET, raw, 53);
		for (int tcp = 0; tcp < 2; tcp++) {
			struct ns_probe *p = tcp ? a->tcp : a->udp;
			p[NS_PROBE_SOA] = good(1);
			p[NS_PROBE_SOA].serial = 7;
			p[NS_PROBE_CAA] = good(1);
			p[NS_PROBE_UNKNOWN] = good(0);
		}
	}
}

static struct ns_probe no_answer(enum dns_errclass e)
{
	struct ns_probe p = {.error = e, .elapsed_ms = 1000};
	return p;
}

static struct ns_probe rcode(uint16_t rc, bool aa)
{
	struct ns_probe p = {.error = DNS_EC_NONE, .rcode = rc, .aa = aa};
	return p;
}

/* Both transports of one probe kind of server i. */
static void both(size_t i, enum ns_probe_kind k, struct ns_probe p)
{
	rep.addrs[i].udp[k] = p;
	rep.addrs[i].tcp[k] = p;
}

/* Runs the diagnosis and asserts the findings, in order: a NULL-ended
 * list of "severity/code/rule" ("-" for no rule). */
static void expect(const char *const *want)
{
	size_t added = diagnose_nameservers(&rep, &f);
	size_t n = 0;
	while (want[n])
		n++;
	char got[1024] = "";
	for (size_t i = 0; i < f.count; i++) {
		char one[128];
		snprintf(one, sizeof one, "%s%s/%s/%s", i ? " " : "",
			 finding_severity_name(f.items[i].severity), f.items[i].code,
			 f.items[i].rule ? f.items[i].rule : "-");
		strncat(got, one, sizeof got - strlen(got) - 1);
	}
	cr_assert_eq(added, f.count, "returned %zu, added %zu: %s", added, f.count, got);
	cr_assert_eq(f.count, n, "want %zu findings, got %zu: %s", n, f.count, got);
	for (size_t i = 0; i < n; i++) {
		char one[128];
		snprintf(one, sizeof one, "%s/%s/%s", finding_severity_name(f.items[i].severity),
			 f.items[i].code, f.items[i].rule ? f.items[i].rule : "-");
		cr_assert_str_eq(one, want[i], "finding %zu: got %s, want %s (all: %s)", i, one,
				 want[i], got);
		cr_assert(f.items[i].title[0] && f.items[i].cause[0] && f.items[i].fix[0],
			  "finding %zu (%s) lacks a title, cause or fix", i, one);
	}
}

#define EXPECT(...)                                                                                \
	do {                                                                                       \
		static const char *const want_[] = {__VA_ARGS__, NULL};                            \
		expect(want_);                                                                     \
	} while (0)
#define EXPECT_NONE()                                                                              \
	do {                                                                                       \
		static const char *const want_[] = {NULL};                                         \
		expect(want_);                                                                     \
	} while (0)

static void title_has(size_t i, const char *text)
{
	cr_assert(strstr(f.items[i].title, text), "title %zu: '%s' lacks '%s'", i, f.items[i].title,
		  text);
}

static void cause_has(size_t i, const char *text)
{
	cr_assert(strstr(f.items[i].cause, text), "cause %zu: '%s' lacks '%s'", i, f.items[i].cause,
		  text);
}

/* ---- nothing to say ----------------------------------------------------- */

Test(diagnose, three_healthy_servers_no_finding)
{
	healthy(3);
	EXPECT_NONE();
}

Test(diagnose, one_healthy_server_no_finding)
{
	healthy(1);
	EXPECT_NONE();
}

Test(diagnose, nodata_everywhere_is_consistent)
{
	healthy(3);
	for (size_t i = 0; i < 3; i++)
		both(i, NS_PROBE_CAA, good(0));
	EXPECT_NONE();
}

/* a CNAME at the name (RES_NO_FOLLOW: not followed) carries no SOA and is
 * no NODATA: no ns_nodata_without_soa */
Test(diagnose, cname_answer_is_not_nodata)
{
	healthy(2);
	for (size_t i = 0; i < 2; i++) {
		struct ns_probe p = good(0);
		p.soa_in_authority = false;
		p.cname = true;
		both(i, NS_PROBE_CAA, p);
	}
	rep.zone_signed = true;
	EXPECT_NONE();
}

/* ---- probing stopped early ---------------------------------------------- */

Test(diagnose, problem_is_probe_incomplete_only)
{
	healthy(2);
	both(0, NS_PROBE_SOA, no_answer(DNS_EC_TIMEOUT)); /* not looked at */
	rep.problem = "the zone's NS set could not be read";
	EXPECT("warning/ns_probe_incomplete/R-CAA-6");
	cause_has(0, "the zone's NS set could not be read");
}

/* ---- one server's own problems ----------------------------------------- */

/* R-CAA-6: no answer at all, over UDP and TCP; nothing else is said of it */
Test(diagnose, unreachable_timeout)
{
	healthy(3);
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		both(2, (enum ns_probe_kind)k, no_answer(DNS_EC_TIMEOUT));
	EXPECT("error/ns_unreachable/R-CAA-6");
	title_has(0, "ns3.doctor.test. (127.0.0.3:53)");
	cause_has(0, "timeout");
}

Test(diagnose, unreachable_network_error)
{
	healthy(2);
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		both(0, (enum ns_probe_kind)k, no_answer(DNS_EC_NETWORK));
	EXPECT("error/ns_unreachable/R-CAA-6");
	title_has(0, "ns1.doctor.test. (127.0.0.1:53)");
}

/* SOA over TCP alone is enough to count as reachable */
Test(diagnose, soa_over_tcp_only_is_not_unreachable)
{
	healthy(2);
	rep.addrs[1].udp[NS_PROBE_SOA] = no_answer(DNS_EC_TIMEOUT);
	EXPECT_NONE();
}

/* R-CAA-6: REFUSED for the zone's SOA (an answer, not a silence) */
Test(diagnose, refused_is_lame)
{
	healthy(3);
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		both(1, (enum ns_probe_kind)k, rcode(DNS_RCODE_REFUSED, false));
	EXPECT("error/ns_lame/R-CAA-6");
	title_has(0, "ns2.doctor.test. (127.0.0.2:53)");
	cause_has(0, "answered REFUSED");
}

Test(diagnose, refused_with_aa_is_lame_too)
{
	healthy(2);
	both(1, NS_PROBE_SOA, rcode(DNS_RCODE_REFUSED, true));
	EXPECT("error/ns_lame/R-CAA-6");
}

Test(diagnose, no_aa_is_lame)
{
	healthy(3);
	for (int k = 0; k < NS_PROBE_KINDS; k++) {
		rep.addrs[2].udp[k].aa = false;
		rep.addrs[2].tcp[k].aa = false;
	}
	EXPECT("error/ns_lame/R-CAA-6");
	cause_has(0, "answered without AA");
}

/* R-CAA-5: SOA answers, CAA and TYPE65280 time out: a firewall */
Test(diagnose, drops_unknown_types)
{
	healthy(3);
	both(2, NS_PROBE_CAA, no_answer(DNS_EC_TIMEOUT));
	both(2, NS_PROBE_UNKNOWN, no_answer(DNS_EC_TIMEOUT));
	EXPECT("error/ns_drops_unknown_types/R-CAA-5");
	title_has(0, "ns3.doctor.test. (127.0.0.3:53)");
	cause_has(0, "TYPE65280");
}

Test(diagnose, drops_caa_only)
{
	healthy(3);
	both(0, NS_PROBE_CAA, no_answer(DNS_EC_TIMEOUT));
	EXPECT("error/ns_drops_caa/R-CAA-5");
	title_has(0, "ns1.doctor.test.");
}

/* only the UDP CAA probe counts for the drop diagnosis */
Test(diagnose, caa_dropped_over_tcp_only_is_not_drops)
{
	healthy(2);
	rep.addrs[1].tcp[NS_PROBE_CAA] = no_answer(DNS_EC_TIMEOUT);
	EXPECT_NONE();
}

/* a network error (ICMP) is not the silence of a firewall */
Test(diagnose, caa_network_error_is_not_drops)
{
	healthy(2);
	both(1, NS_PROBE_CAA, no_answer(DNS_EC_NETWORK));
	EXPECT_NONE();
}

/* R-CAA-4: NOTIMP for CAA is fatal; for TYPE65280 only a warning */
Test(diagnose, notimp_for_caa_is_an_error)
{
	healthy(3);
	both(2, NS_PROBE_CAA, rcode(DNS_RCODE_NOTIMP, true));
	both(2, NS_PROBE_UNKNOWN, rcode(DNS_RCODE_NOTIMP, true));
	EXPECT("error/ns_notimp/R-CAA-4");
	title_has(0, "CAA queries");
	cause_has(0, "CAA (type 257)");
}

Test(diagnose, notimp_for_unknown_type_only_is_a_warning)
{
	healthy(3);
	both(1, NS_PROBE_UNKNOWN, rcode(DNS_RCODE_NOTIMP, true));
	EXPECT("warning/ns_notimp/R-CAA-4");
	title_has(0, "unknown types");
	cause_has(0, "TYPE65280");
}

/* NOTIMP is neither "some CAA" nor "no CAA": no ns_caa_inconsistent */
Test(diagnose, notimp_server_does_not_count_as_without_caa)
{
	healthy(2);
	both(1, NS_PROBE_CAA, rcode(DNS_RCODE_NOTIMP, false));
	EXPECT("error/ns_notimp/R-CAA-4");
}

Test(diagnose, servfail_for_caa)
{
	healthy(3);
	both(0, NS_PROBE_CAA, rcode(DNS_RCODE_SERVFAIL, true));
	EXPECT("error/ns_servfail/R-CAA-4");
	title_has(0, "ns1.doctor.test. (127.0.0.1:53)");
}

/* R-CAA-13: TC over UDP and TCP closed: the large RRset cannot be had;
 * the TCP finding is then not said twice */
Test(diagnose, tcp_closed_with_large_caa)
{
	healthy(3);
	struct ns_probe_address *a = &rep.addrs[2];
	a->udp[NS_PROBE_CAA] = no_answer(DNS_EC_NETWORK); /* TC, then TCP refused */
	a->udp[NS_PROBE_CAA].truncated_udp = true;
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		a->tcp[k] = no_answer(DNS_EC_NETWORK);
	EXPECT("error/ns_tcp_closed_large_caa/R-CAA-13");
	title_has(0, "ns3.doctor.test. (127.0.0.3:53)");
	cause_has(0, "network");
}

Test(diagnose, tcp_closed_small_caa_is_a_warning)
{
	healthy(3);
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		rep.addrs[1].tcp[k] = no_answer(DNS_EC_NETWORK);
	EXPECT("warning/ns_tcp_closed/R-CAA-13");
	title_has(0, "ns2.doctor.test.");
}

Test(diagnose, tcp_silent_is_tcp_closed_too)
{
	healthy(1);
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		rep.addrs[0].tcp[k] = no_answer(DNS_EC_TIMEOUT);
	EXPECT("warning/ns_tcp_closed/R-CAA-13");
}

/* TC over UDP and TCP answering: all is well */
Test(diagnose, large_caa_over_tcp_is_fine)
{
	healthy(2);
	for (size_t i = 0; i < 2; i++) {
		both(i, NS_PROBE_CAA, good(30));
		rep.addrs[i].udp[NS_PROBE_CAA].truncated_udp = true;
	}
	EXPECT_NONE();
}

/* R-DNSSEC-12 (RFC 2308 s3): a NODATA without the SOA; an error when the
 * zone is signed */
Test(diagnose, nodata_without_soa_unsigned_is_a_warning)
{
	healthy(3);
	for (size_t i = 0; i < 3; i++)
		both(i, NS_PROBE_CAA, good(0));
	rep.addrs[2].udp[NS_PROBE_CAA].soa_in_authority = false;
	EXPECT("warning/ns_nodata_without_soa/R-DNSSEC-12");
	title_has(0, "ns3.doctor.test. (127.0.0.3:53)");
}

Test(diagnose, nodata_without_soa_signed_is_an_error)
{
	healthy(3);
	rep.zone_signed = true;
	for (size_t i = 0; i < 3; i++)
		both(i, NS_PROBE_CAA, good(0));
	rep.addrs[2].udp[NS_PROBE_CAA].soa_in_authority = false;
	EXPECT("error/ns_nodata_without_soa/R-DNSSEC-12");
	cause_has(0, "signed");
}

/* an NXDOMAIN without SOA is not a NODATA */
Test(diagnose, nxdomain_without_soa_is_not_nodata)
{
	healthy(2);
	for (size_t i = 0; i < 2; i++) {
		struct ns_probe p = rcode(DNS_RCODE_NXDOMAIN, true);
		both(i, NS_PROBE_CAA, p);
	}
	EXPECT_NONE();
}

/* ---- servers that disagree ---------------------------------------------- */

Test(diagnose, serial_mismatch_is_one_warning)
{
	healthy(3);
	rep.addrs[1].udp[NS_PROBE_SOA].serial = 6;
	EXPECT("warning/ns_serial_mismatch/R-CAA-6");
	title_has(0, "doctor.test.");
}

/* a lame server's SOA (no AA) does not take part */
Test(diagnose, serial_of_lame_server_ignored)
{
	healthy(3);
	for (int k = 0; k < NS_PROBE_KINDS; k++) {
		rep.addrs[2].udp[k].aa = false;
		rep.addrs[2].tcp[k].aa = false;
	}
	rep.addrs[2].udp[NS_PROBE_SOA].serial = 1;
	EXPECT("error/ns_lame/R-CAA-6");
}

/* R-CAA-2: CAA records on some servers, a NODATA on another */
Test(diagnose, caa_on_some_servers_only)
{
	healthy(3);
	both(2, NS_PROBE_CAA, good(0));
	EXPECT("error/ns_caa_inconsistent/R-CAA-2");
	title_has(0, "doctor.test.");
}

/* ... or an NXDOMAIN there (the name not loaded yet): no CAA there either */
Test(diagnose, caa_on_some_servers_nxdomain_on_another)
{
	healthy(3);
	both(1, NS_PROBE_CAA, rcode(DNS_RCODE_NXDOMAIN, true));
	rep.addrs[1].udp[NS_PROBE_CAA].soa_in_authority = true;
	EXPECT("error/ns_caa_inconsistent/R-CAA-2");
}

Test(diagnose, serial_and_caa_disagree_in_that_order)
{
	healthy(3);
	rep.addrs[0].udp[NS_PROBE_SOA].serial = 8;
	both(0, NS_PROBE_CAA, good(0));
	EXPECT("warning/ns_serial_mismatch/R-CAA-6", "error/ns_caa_inconsistent/R-CAA-2");
}

/* a server whose CAA answer has no AA does not count */
Test(diagnose, caa_without_aa_does_not_count)
{
	healthy(2);
	rep.addrs[1].udp[NS_PROBE_CAA] = good(0);
	rep.addrs[1].udp[NS_PROBE_CAA].aa = false;
	EXPECT_NONE();
}

/* ---- several at once ---------------------------------------------------- */

/* each server's findings in address order, then the disagreements */
Test(diagnose, several_servers_several_findings)
{
	healthy(4);
	both(0, NS_PROBE_CAA, no_answer(DNS_EC_TIMEOUT));
	both(0, NS_PROBE_UNKNOWN, no_answer(DNS_EC_TIMEOUT));
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		rep.addrs[0].tcp[k] = no_answer(DNS_EC_TIMEOUT);
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		both(1, (enum ns_probe_kind)k, rcode(DNS_RCODE_REFUSED, false));
	both(2, NS_PROBE_UNKNOWN, rcode(DNS_RCODE_NOTIMP, true));
	rep.addrs[3].udp[NS_PROBE_SOA].serial = 9;
	EXPECT("error/ns_drops_unknown_types/R-CAA-5", "warning/ns_tcp_closed/R-CAA-13",
	       "error/ns_lame/R-CAA-6", "warning/ns_notimp/R-CAA-4",
	       "warning/ns_serial_mismatch/R-CAA-6");
	title_has(0, "ns1.doctor.test.");
	title_has(1, "ns1.doctor.test.");
	title_has(2, "ns2.doctor.test.");
	title_has(3, "ns3.doctor.test.");
}

/* IPv6 addresses are named in brackets */
Test(diagnose, ipv6_address_named)
{
	healthy(2);
	uint8_t raw[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x53};
	net_addr_from_raw(&rep.addrs[1].addr, AF_INET6, raw, 53);
	for (int k = 0; k < NS_PROBE_KINDS; k++)
		both(1, (enum ns_probe_kind)k, no_answer(DNS_EC_TIMEOUT));
	EXPECT("error/ns_unreachable/R-CAA-6");
	title_has(0, "ns2.doctor.test. ([2001:db8::53]:53)");
}

/* a full findings list: what fits is added and counted, the rest dropped */
Test(diagnose, full_findings_list)
{
	healthy(3);
	for (size_t i = 0; i < 3; i++)
		both(i, NS_PROBE_CAA, rcode(DNS_RCODE_SERVFAIL, true));
	while (f.count < MAX_FINDINGS - 1)
		findings_add(&f, FINDING_INFO, "filler", NULL);
	size_t added = diagnose_nameservers(&rep, &f);
	cr_assert_eq(added, 1);
	cr_assert_eq(f.count, MAX_FINDINGS);
	cr_assert_eq(f.dropped, 2);
	cr_assert_str_eq(f.items[MAX_FINDINGS - 1].code, "ns_servfail");
}
