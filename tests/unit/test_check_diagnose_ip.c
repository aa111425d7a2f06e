/* The doctor's findings on an IP address identifier
 * (src/check/diagnose_ip.c), from addresses read by ident_ip_parse:
 * caa_not_applicable (R-IP-4), ip_reserved (R-IP-2), ip_profile (R-IP-5),
 * each with its exact words, and the verdict they make. The HTTP-01
 * finding of an IP identifier is tested with the others
 * (test_check_diagnose_domain.c, r_ip_4_*). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "acme/ident.h"
#include "check/diagnose_domain.h"
#include "check/diagnose_ip.h"
#include "check/findings.h"

static struct findings f;

static const char *codes(void)
{
	static char buf[1024];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f.count; i++) {
		const struct finding *x = &f.items[i];
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s/%s/%s", i ? " " : "",
				      finding_severity_name(x->severity), x->code,
				      x->rule ? x->rule : "-");
		cr_assert_lt(n, sizeof buf);
	}
	return buf;
}

static void diagnose(const char *address)
{
	struct ident_ip ip;
	char canonical[IDENT_IP_TEXT];
	memset(&f, 0, sizeof f);
	cr_assert_eq(ident_ip_parse(address, strlen(address), &ip, canonical), IDENT_IP_OK, "%s",
		     address);
	diagnose_ip_identifier(address, &ip, &f);
}

Test(diagnose_ip, r_ip_4_no_caa_for_a_public_address)
{
	diagnose("8.8.8.8");
	cr_assert_str_eq(codes(), "info/caa_not_applicable/R-IP-4 info/ip_profile/R-IP-5");
	cr_assert_str_eq(f.items[0].title, "CAA does not apply to an IP address");
	cr_assert_str_eq(
	    f.items[0].cause,
	    "8.8.8.8 is an IP address identifier. CAA records live in the DNS, under a "
	    "name, and Let's Encrypt checks none for an IP address, so neither CAA nor "
	    "the nameservers were checked, and no address was looked up: the CA "
	    "connects to 8.8.8.8 itself.");
	cr_assert_str_eq(f.items[0].fix, "Nothing to do.");
	/* nothing here stops issuance */
	cr_assert_eq(diagnose_verdict(&f, CAA_PERMITTED, 0), CHECK_OK);
}

Test(diagnose_ip, r_ip_2_a_reserved_address_is_refused_with_the_order)
{
	diagnose("::1");
	cr_assert_str_eq(codes(), "info/caa_not_applicable/R-IP-4 error/ip_reserved/R-IP-2 "
				  "info/ip_profile/R-IP-5");
	const struct finding *x = &f.items[1];
	cr_assert_str_eq(x->title, "Let's Encrypt refuses to issue for ::1: a reserved address");
	cr_assert_str_eq(
	    x->cause, "The address is in one of IANA's special-purpose blocks, and the CA "
		      "refuses the order: \"Cannot issue for \"::1\": IP address is in a reserved "
		      "address block: [RFC4291]: Loopback Address\". (acmeprobe checked the rest "
		      "anyway, for labs.)");
	cr_assert_str_eq(x->fix, "Ask for a certificate for the server's public address.");
	cr_assert_eq(diagnose_verdict(&f, CAA_PERMITTED, 0), CHECK_WILL_FAIL);
	/* an IPv4 documentation address, the most specific block named */
	diagnose("192.0.2.10");
	cr_assert_str_eq(codes(), "info/caa_not_applicable/R-IP-4 error/ip_reserved/R-IP-2 "
				  "info/ip_profile/R-IP-5");
	cr_assert(strstr(f.items[1].cause, "\"Cannot issue for \"192.0.2.10\": IP address is in a "
					   "reserved address block: [RFC5737]: Documentation "
					   "(TEST-NET-1)\""),
		  "%s", f.items[1].cause);
}

Test(diagnose_ip, r_ip_5_the_profile_and_the_csr)
{
	diagnose("2606:4700::1111");
	cr_assert_str_eq(codes(), "info/caa_not_applicable/R-IP-4 info/ip_profile/R-IP-5");
	const struct finding *x = &f.items[1];
	cr_assert_str_eq(x->title, "Only the \"shortlived\" profile allows IP addresses");
	cr_assert_str_eq(x->cause,
			 "In production, Let's Encrypt issues for an IP address only under the "
			 "\"shortlived\" profile; an order under another profile is refused: "
			 "\"Default profile does not permit IP address identifiers. See available "
			 "profiles at https://letsencrypt.org/docs/profiles/.\" A CSR with the "
			 "address as its Common Name is refused too: \"CSR contains IP address in "
			 "Common Name\".");
	cr_assert_str_eq(x->fix, "Ask for the \"shortlived\" profile in the new order, and leave "
				 "the address out of the CSR's Common Name (in the subjectAltName "
				 "only).");
}
