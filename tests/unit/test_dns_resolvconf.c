/* The /etc/resolv.conf reader (src/dns/resolvconf.c) and numeric
 * addresses (src/net/addr.c). */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "dns/resolvconf.h"
#include "net/addr.h"

static void parse(struct resolvconf *rc, const char *text)
{
	resolvconf_parse(rc, text, strlen(text));
}

static const char *text_of(const struct net_addr *a, char buf[NET_ADDR_TEXT])
{
	return net_addr_text(a, buf);
}

Test(resolvconf, defaults_without_options)
{
	struct resolvconf rc;
	parse(&rc, "nameserver 192.0.2.53\n");
	cr_assert_eq(rc.server_count, 1);
	cr_assert_eq(rc.timeout_s, 5);
	cr_assert_eq(rc.attempts, 2);
	cr_assert_not(rc.rotate);
	cr_assert_eq(rc.ignored_lines, 0);
}

Test(resolvconf, ipv4_and_ipv6_servers_in_order_on_port_53)
{
	struct resolvconf rc;
	char b[NET_ADDR_TEXT];
	parse(&rc, "# local\nsearch example.com\nnameserver 127.0.0.53\n"
		   "nameserver ::1\n  nameserver\t2001:db8::35  # trailing\n");
	cr_assert_eq(rc.server_count, 3);
	cr_assert_str_eq(text_of(&rc.servers[0], b), "127.0.0.53:53");
	cr_assert_str_eq(text_of(&rc.servers[1], b), "[::1]:53");
	cr_assert_str_eq(text_of(&rc.servers[2], b), "[2001:db8::35]:53");
	cr_assert_eq(rc.ignored_lines, 0);
}

Test(resolvconf, options_are_read_and_clamped)
{
	struct resolvconf rc;
	parse(&rc, "nameserver 192.0.2.1\noptions ndots:2 timeout:3 attempts:4 rotate edns0\n");
	cr_assert_eq(rc.timeout_s, 3);
	cr_assert_eq(rc.attempts, 4);
	cr_assert(rc.rotate);
	parse(&rc, "options timeout:0 attempts:99\n");
	cr_assert_eq(rc.timeout_s, 1);
	cr_assert_eq(rc.attempts, 5);
	parse(&rc, "options timeout:999999999999 attempts:x\n");
	cr_assert_eq(rc.timeout_s, 30);
	cr_assert_eq(rc.attempts, 2);
	cr_assert_eq(rc.ignored_lines, 1);
}

Test(resolvconf, bad_nameserver_lines_are_counted_not_used)
{
	struct resolvconf rc;
	parse(&rc, "nameserver 192.0.2.1:5353\nnameserver [::1]\nnameserver fe80::1%nosuchif0\n"
		   "nameserver dns.example\nnameserver\nfrobnicate yes\n");
	cr_assert_eq(rc.server_count, 0);
	cr_assert_eq(rc.ignored_lines, 6);
}

/* link-local nameservers carry a scope: home routers hand them out */
Test(resolvconf, scoped_link_local_server)
{
	struct resolvconf rc;
	parse(&rc, "nameserver fe80::1%1\nnameserver fe80::2%lo\n");
	cr_assert_eq(rc.server_count, 2);
	const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&rc.servers[0].ss;
	cr_assert_eq(a->sin6_scope_id, 1);
	cr_assert_eq(net_addr_port(&rc.servers[0]), 53);
	a = (const struct sockaddr_in6 *)&rc.servers[1].ss;
	cr_assert_neq(a->sin6_scope_id, 0); /* the loopback interface's index */
}

Test(resolvconf, at_most_eight_servers_are_kept)
{
	struct resolvconf rc;
	char text[512] = "";
	for (int i = 1; i <= 10; i++) {
		char line[40];
		snprintf(line, sizeof line, "nameserver 192.0.2.%d\n", i);
		strcat(text, line);
	}
	parse(&rc, text);
	cr_assert_eq(rc.server_count, RESOLVCONF_MAX_SERVERS);
}

Test(resolvconf, no_final_newline_and_crlf)
{
	struct resolvconf rc;
	char b[NET_ADDR_TEXT];
	parse(&rc, "nameserver 192.0.2.7\r\nnameserver 192.0.2.8");
	cr_assert_eq(rc.server_count, 2);
	cr_assert_str_eq(text_of(&rc.servers[1], b), "192.0.2.8:53");
}

Test(addr, parse_forms_and_ports)
{
	struct net_addr a;
	char b[NET_ADDR_TEXT];
	cr_assert(net_addr_parse("192.0.2.1", 53, &a));
	cr_assert_str_eq(net_addr_text(&a, b), "192.0.2.1:53");
	cr_assert(net_addr_parse("192.0.2.1:5353", 53, &a));
	cr_assert_eq(net_addr_port(&a), 5353);
	cr_assert(net_addr_parse("::1", 53, &a));
	cr_assert_str_eq(net_addr_text(&a, b), "[::1]:53");
	cr_assert(net_addr_parse("[2001:db8::1]:8053", 53, &a));
	cr_assert_str_eq(net_addr_text(&a, b), "[2001:db8::1]:8053");
	cr_assert_eq(net_addr_family(&a), AF_INET6);
}

Test(addr, parse_rejects_names_bad_ports_and_junk)
{
	struct net_addr a;
	const char *bad[] = {"", "localhost", "192.0.2.1:", "192.0.2.1:0", "192.0.2.1:65536",
			     "192.0.2.1:53x", "[::1", "[::1]x", "[::1]:", "999.1.1.1",
			     "[192.0.2.1]:53x", "1.2.3", "[]:53", "::1::2", "[192.0.2.1]:53",
			     "[192.0.2.1]", "fe80::1%", "fe80::1%0", "192.0.2.1%1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_not(net_addr_parse(bad[i], 53, &a), "accepted '%s'", bad[i]);
}
