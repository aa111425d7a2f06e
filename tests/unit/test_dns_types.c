/* Type, class and RCODE mnemonics (RFC 1035 s3.2.2, RFC 3597 s5). */
#include <criterion/criterion.h>
#include <string.h>

#include "dns/types.h"
#include "helpers.h"

static void type_ok(const char *s, uint16_t want)
{
	uint16_t t = 0xdead;
	enum dns_err e = dns_type_from_text(s, &t);
	cr_assert_eq(e, DNS_OK, "%s: got %s", s, dns_errname(e));
	cr_assert_eq(t, want, "%s: got %u, want %u", s, t, want);
}

static void type_bad(const char *s)
{
	uint16_t t = 0xdead;
	enum dns_err e = dns_type_from_text(s, &t);
	cr_assert_eq(e, DNS_E_UNKNOWN_TYPE, "%s: got %s", s, dns_errname(e));
}

Test(types, mnemonics_any_case)
{
	type_ok("CAA", 257);
	type_ok("caa", 257);
	type_ok("Caa", 257);
	type_ok("A", DNS_T_A);
	type_ok("a", DNS_T_A);
	type_ok("AAAA", DNS_T_AAAA);
	type_ok("NS", DNS_T_NS);
	type_ok("CNAME", DNS_T_CNAME);
	type_ok("SOA", DNS_T_SOA);
	type_ok("PTR", DNS_T_PTR);
	type_ok("MX", DNS_T_MX);
	type_ok("TXT", DNS_T_TXT);
	type_ok("DNAME", DNS_T_DNAME);
	type_ok("OPT", DNS_T_OPT);
	type_ok("DS", DNS_T_DS);
	type_ok("RRSIG", DNS_T_RRSIG);
	type_ok("NSEC", DNS_T_NSEC);
	type_ok("DNSKEY", DNS_T_DNSKEY);
	type_ok("NSEC3", DNS_T_NSEC3);
	type_ok("NSEC3PARAM", 51);
	type_ok("HTTPS", 65);
	type_ok("ANY", DNS_T_ANY);
}

Test(types, rfc3597_type_numbers)
{
	type_ok("TYPE257", 257);
	type_ok("type257", 257);
	type_ok("TYPE65280", 65280);
	type_ok("TYPE65535", 65535);
	type_ok("TYPE1", 1);
	type_ok("TYPE0", 0);
}

Test(types, bad_type_text)
{
	type_bad("TYPE65536");
	type_bad("TYPE99999999999999999999");
	type_bad("TYPE");
	type_bad("TYPE01");
	type_bad("TYPE00");
	type_bad("TYPE-1");
	type_bad("TYPE+1");
	type_bad("TYPE 1");
	type_bad("TYPE1 ");
	type_bad("TYPE1x");
	type_bad("TYPEA");
	type_bad("FOO");
	type_bad("");
	type_bad("AA");
	type_bad("CAA ");
	type_bad(" CAA");
	type_bad("CLASS1");
}

Test(types, type_to_text)
{
	char buf[DNS_TYPE_TEXT];
	cr_assert_str_eq(dns_type_to_text(257, buf), "CAA");
	cr_assert_eq(dns_type_to_text(257, buf), buf, "returns buf");
	cr_assert_str_eq(dns_type_to_text(1, buf), "A");
	cr_assert_str_eq(dns_type_to_text(28, buf), "AAAA");
	cr_assert_str_eq(dns_type_to_text(46, buf), "RRSIG");
	cr_assert_str_eq(dns_type_to_text(50, buf), "NSEC3");
	cr_assert_str_eq(dns_type_to_text(41, buf), "OPT");
	cr_assert_str_eq(dns_type_to_text(65280, buf), "TYPE65280");
	cr_assert_str_eq(dns_type_to_text(65535, buf), "TYPE65535");
	cr_assert_str_eq(dns_type_to_text(0, buf), "TYPE0");
	cr_assert_str_eq(dns_type_to_text(258, buf), "TYPE258");
}

Test(types, text_round_trips_for_every_type)
{
	char buf[DNS_TYPE_TEXT];
	for (unsigned t = 0; t <= 65535; t++) {
		uint16_t back = 0;
		dns_type_to_text((uint16_t)t, buf);
		cr_assert_lt(strlen(buf), DNS_TYPE_TEXT);
		enum dns_err e = dns_type_from_text(buf, &back);
		cr_assert_eq(e, DNS_OK, "%u -> %s: %s", t, buf, dns_errname(e));
		cr_assert_eq(back, t, "%u -> %s -> %u", t, buf, back);
	}
}

Test(types, class_to_text)
{
	char buf[DNS_TYPE_TEXT];
	cr_assert_str_eq(dns_class_to_text(1, buf), "IN");
	cr_assert_str_eq(dns_class_to_text(3, buf), "CH");
	cr_assert_str_eq(dns_class_to_text(255, buf), "ANY");
	cr_assert_str_eq(dns_class_to_text(4, buf), "CLASS4");
	cr_assert_str_eq(dns_class_to_text(1232, buf), "CLASS1232");
	cr_assert_str_eq(dns_class_to_text(65535, buf), "CLASS65535");
	cr_assert_eq(dns_class_to_text(1, buf), buf);
}

Test(types, rcode_to_text)
{
	char buf[DNS_TYPE_TEXT];
	cr_assert_str_eq(dns_rcode_to_text(0, buf), "NOERROR");
	cr_assert_str_eq(dns_rcode_to_text(1, buf), "FORMERR");
	cr_assert_str_eq(dns_rcode_to_text(2, buf), "SERVFAIL");
	cr_assert_str_eq(dns_rcode_to_text(3, buf), "NXDOMAIN");
	cr_assert_str_eq(dns_rcode_to_text(4, buf), "NOTIMP");
	cr_assert_str_eq(dns_rcode_to_text(5, buf), "REFUSED");
	cr_assert_str_eq(dns_rcode_to_text(16, buf), "BADVERS");
	cr_assert_str_eq(dns_rcode_to_text(23, buf), "BADCOOKIE");
	cr_assert_str_eq(dns_rcode_to_text(11, buf), "RCODE11");
	cr_assert_str_eq(dns_rcode_to_text(4095, buf), "RCODE4095");
}

Test(types, errnames_and_sentences)
{
	cr_assert_str_eq(dns_errname(DNS_OK), "DNS_OK");
	cr_assert_str_eq(dns_errname(DNS_E_PTR_FORWARD), "DNS_E_PTR_FORWARD");
	cr_assert_str_eq(dns_errname(DNS_E_ARG), "DNS_E_ARG");
	cr_assert_str_eq(dns_errname(DNS_E__COUNT), "DNS_E_UNKNOWN");
	cr_assert_str_eq(dns_strerror(DNS_E__COUNT), "unknown error");
	for (int e = 0; e < DNS_E__COUNT; e++) {
		const char *name = dns_errname((enum dns_err)e);
		cr_assert(strncmp(name, "DNS_", 4) == 0);
		cr_assert_gt(strlen(dns_strerror((enum dns_err)e)), 0);
	}
}

Test(types, ede_names)
{
	cr_assert_str_eq(dns_ede_name(0), "Other Error");
	cr_assert_str_eq(dns_ede_name(6), "DNSSEC Bogus");
	cr_assert_str_eq(dns_ede_name(15), "Blocked");
	cr_assert_str_eq(dns_ede_name(22), "No Reachable Authority");
	cr_assert_str_eq(dns_ede_name(24), "Invalid Data");
	cr_assert_null(dns_ede_name(65535));
}
