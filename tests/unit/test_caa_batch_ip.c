/* caa_batch_run (src/caa/lookup.c) on lines that are IP addresses: each
 * gets what `acmeprobe caa ADDR` answers, in input order, without a CAA
 * question (R-IP-4: no CAA applies to an IP address identifier; R-IP-1:
 * canonical text only, never a wildcard). The resolver's one server is
 * 127.0.0.1 port 0, where every try fails inside sendto: nothing leaves
 * the host, and a domain name among the lines ends at once with a network
 * error, which shows its labels were asked. Rules of docs/rules.md. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "acme/ident.h"
#include "caa/lookup.h"
#include "net/addr.h"

#define MAX_LINES 8

struct batch {
	const char *const *lines;
	size_t count, next;
	size_t results;
	struct got {
		char input[64];
		bool ip_address;
		bool wildcard;
		enum caa_verdict verdict;
		size_t label_count;
		char error[IDENT_IP_WHY]; /* input_error, or "" */
	} got[MAX_LINES];
};

static bool next_line(void *ctx, char *name, size_t cap)
{
	struct batch *b = ctx;
	if (b->next == b->count)
		return false;
	snprintf(name, cap, "%s\n", b->lines[b->next++]);
	return true;
}

static void on_result(void *ctx, const struct caa_walk_result *r)
{
	struct batch *b = ctx;
	cr_assert_lt(b->results, MAX_LINES);
	struct got *g = &b->got[b->results++];
	snprintf(g->input, sizeof g->input, "%s", r->input);
	g->ip_address = r->ip_address;
	g->wildcard = r->wildcard;
	g->verdict = r->verdict;
	g->label_count = r->label_count;
	snprintf(g->error, sizeof g->error, "%s", r->input_error ? r->input_error : "");
}

static void run(struct batch *b, bool wildcard)
{
	struct resolver_config rc = {.server_count = 1, .timeout_ms = 2000, .attempts = 1};
	cr_assert(net_addr_parse("127.0.0.1", 0, &rc.servers[0]));
	struct caa_batch_config cfg = {.resolver = &rc, .concurrency = 2};
	cfg.request.ca_id = "letsencrypt.org";
	cfg.request.wildcard = wildcard;
	struct caa_batch_io io = {.next_name = next_line, .on_result = on_result, .ctx = b};
	cr_assert_eq(caa_batch_run(&cfg, &io), 0);
	cr_assert_eq(b->results, b->count);
}

static void assert_permitted_ip(const struct got *g, const char *input)
{
	cr_assert_str_eq(g->input, input);
	cr_assert(g->ip_address, "R-IP-4: '%s' is an IP address", input);
	cr_assert_eq(g->verdict, CAA_PERMITTED, "R-IP-4: '%s' is permitted", input);
	cr_assert_eq(g->label_count, 0, "R-IP-4: no CAA question for '%s'", input);
	cr_assert_str_eq(g->error, "");
}

Test(caa_batch_ip, r_ip_4_an_address_line_is_permitted_without_a_question, .timeout = 10)
{
	static const char *const lines[] = {"192.0.2.1", "a.example", "  ::1  ", "2001:db8::1"};
	struct batch b = {.lines = lines, .count = 4};
	run(&b, false);
	assert_permitted_ip(&b.got[0], "192.0.2.1");
	/* the name between them is walked: its two labels asked, and failed */
	cr_assert_str_eq(b.got[1].input, "a.example");
	cr_assert_not(b.got[1].ip_address);
	cr_assert_eq(b.got[1].label_count, 2);
	cr_assert_eq(b.got[1].verdict, CAA_NO_DECISION);
	assert_permitted_ip(&b.got[2], "::1"); /* white space dropped, as for names */
	assert_permitted_ip(&b.got[3], "2001:db8::1");
}

Test(caa_batch_ip, r_ip_1_a_non_canonical_address_line_says_the_canonical_form, .timeout = 10)
{
	static const char *const lines[] = {"::0001", "010.0.0.1", "1.2.3", "[::1]"};
	struct batch b = {.lines = lines, .count = 4};
	run(&b, false);
	for (size_t i = 0; i < b.count; i++) {
		cr_assert(b.got[i].ip_address, "'%s'", lines[i]);
		cr_assert_eq(b.got[i].verdict, CAA_NO_DECISION, "'%s'", lines[i]);
		cr_assert_eq(b.got[i].label_count, 0, "R-IP-1: no question for '%s'", lines[i]);
	}
	cr_assert_str_eq(
	    b.got[0].error,
	    "'::0001': not in canonical form (RFC 8738 s3: RFC 1123 s2.1 for IPv4, RFC "
	    "5952 s4 for IPv6: lower case, no leading zeros, '::' for the longest run "
	    "of zero groups) (R-IP-1); the identifier would be ::1. Let's Encrypt "
	    "refuses the order: Cannot issue for \"::0001\": IP address is invalid");
	cr_assert(strstr(b.got[1].error, "the identifier would be 10.0.0.1. "), "%s",
		  b.got[1].error);
	cr_assert_str_eq(b.got[2].error,
			 "'1.2.3': not an IPv4 or IPv6 address (R-IP-1). Let's Encrypt refuses the "
			 "order: Cannot issue for \"1.2.3\": IP address is invalid");
	cr_assert(strstr(b.got[3].error, "brackets belong in URLs"), "%s", b.got[3].error);
}

Test(caa_batch_ip, r_ip_1_an_address_has_no_wildcard, .timeout = 10)
{
	static const char *const lines[] = {"*.192.0.2.1", "192.0.2.1"};
	struct batch b = {.lines = lines, .count = 2};
	run(&b, false);
	cr_assert(b.got[0].ip_address);
	cr_assert(b.got[0].wildcard);
	cr_assert_str_eq(b.got[0].error, "'192.0.2.1' is an IP address: it has no wildcard");
	assert_permitted_ip(&b.got[1], "192.0.2.1");
	/* --wildcard asks it of every line */
	struct batch all = {.lines = lines + 1, .count = 1};
	run(&all, true);
	cr_assert_str_eq(all.got[0].error, "'192.0.2.1' is an IP address: it has no wildcard");
}
