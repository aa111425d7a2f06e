#include "net/addr.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/decimal.h"

bool net_addr_parse(const char *text, uint16_t default_port, struct net_addr *a)
{
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	const char *port_text = NULL;
	bool bracketed = text[0] == '[';
	size_t n;

	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (!close)
			return false;
		n = (size_t)(close - text - 1);
		if (close[1] == ':')
			port_text = close + 2;
		else if (close[1] != '\0')
			return false;
		text++;
	} else {
		const char *colon = strchr(text, ':');
		/* one colon: IPv4 with a port; more: a bare IPv6 address */
		if (colon && !strchr(colon + 1, ':')) {
			n = (size_t)(colon - text);
			port_text = colon + 1;
		} else {
			n = strlen(text);
		}
	}
	if (n == 0 || n >= sizeof host)
		return false;
	memcpy(host, text, n);
	host[n] = '\0';

	uint16_t port = default_port;
	uint32_t port_value;
	if (port_text) {
		if (!decimal_parse(port_text, 1, 65535, &port_value))
			return false;
		port = (uint16_t)port_value;
	}

	/* an IPv6 scope: "fe80::1%eth0" (RFC 4007 s11), as link-local
	 * nameservers on home routers are written */
	uint32_t scope = 0;
	char *percent = strchr(host, '%');
	if (percent) {
		*percent = '\0';
		const char *zone = percent + 1;
		if (!*zone)
			return false;
		if (zone[strspn(zone, "0123456789")] == '\0') {
			if (!decimal_parse(zone, 1, UINT32_MAX, &scope))
				return false;
		} else if ((scope = if_nametoindex(zone)) == 0) {
			return false;
		}
	}

	uint8_t raw[16];
	memset(a, 0, sizeof *a);
	if (!bracketed && !percent && inet_pton(AF_INET, host, raw) == 1) {
		net_addr_from_raw(a, AF_INET, raw, port);
	} else if (inet_pton(AF_INET6, host, raw) == 1) {
		net_addr_from_raw(a, AF_INET6, raw, port);
		((struct sockaddr_in6 *)&a->ss)->sin6_scope_id = scope;
	} else {
		return false; /* includes "[192.0.2.1]": brackets are for IPv6 */
	}
	return true;
}

void net_addr_from_raw(struct net_addr *a, int family, const uint8_t *raw,
		       uint16_t port)
{
	memset(a, 0, sizeof *a);
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&a->ss;
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		memcpy(&in->sin_addr, raw, 4);
		a->len = sizeof *in;
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		memcpy(&in6->sin6_addr, raw, 16);
		a->len = sizeof *in6;
	}
}

int net_addr_family(const struct net_addr *a)
{
	return a->ss.ss_family;
}

uint16_t net_addr_port(const struct net_addr *a)
{
	if (a->ss.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&a->ss)->sin_port);
	return ntohs(((const struct sockaddr_in6 *)&a->ss)->sin6_port);
}

const char *net_addr_host_text(const struct net_addr *a, char buf[NET_ADDR_TEXT])
{
	const void *raw = a->ss.ss_family == AF_INET
				  ? (const void *)&((const struct sockaddr_in *)&a->ss)->sin_addr
				  : (const void *)&((const struct sockaddr_in6 *)&a->ss)->sin6_addr;
	if (!inet_ntop(a->ss.ss_family, raw, buf, NET_ADDR_TEXT))
		snprintf(buf, NET_ADDR_TEXT, "?");
	return buf;
}

const char *net_addr_text(const struct net_addr *a, char buf[NET_ADDR_TEXT])
{
	char host[NET_ADDR_TEXT];
	net_addr_host_text(a, host);
	if (a->ss.ss_family == AF_INET6)
		snprintf(buf, NET_ADDR_TEXT, "[%.46s]:%u", host, net_addr_port(a));
	else
		snprintf(buf, NET_ADDR_TEXT, "%.46s:%u", host, net_addr_port(a));
	return buf;
}

bool net_addr_equal(const struct net_addr *a, const struct sockaddr *b, socklen_t blen)
{
	if (a->ss.ss_family != b->sa_family)
		return false;
	if (b->sa_family == AF_INET) {
		const struct sockaddr_in *x = (const struct sockaddr_in *)&a->ss;
		const struct sockaddr_in *y = (const struct sockaddr_in *)b;
		return blen >= (socklen_t)sizeof *y && x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)&a->ss;
	const struct sockaddr_in6 *y = (const struct sockaddr_in6 *)b;
	return blen >= (socklen_t)sizeof *y && x->sin6_port == y->sin6_port &&
	       memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0;
}
