/* Socket addresses from and to text: "192.0.2.1", "192.0.2.1:53",
 * "2001:db8::1", "[2001:db8::1]:53", "fe80::1%eth0", "[fe80::1%2]:53". Numeric only: acmeprobe never asks
 * the system's resolver (no NSS, no getaddrinfo). */
#ifndef ACMEPROBE_NET_ADDR_H
#define ACMEPROBE_NET_ADDR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* "[v6]:port" plus the longest text of a port. */
#define NET_ADDR_TEXT 64

/* Parses text; a missing port becomes default_port. Returns false on
 * anything else (a name, a port of 0 or over 65535, stray characters). */
bool net_addr_parse(const char *text, uint16_t default_port, struct net_addr *a);
/* An address family and raw address (4 or 16 octets) with a port. */
void net_addr_from_raw(struct net_addr *a, int family, const uint8_t *raw,
		       uint16_t port);
/* "192.0.2.1:53" or "[2001:db8::1]:53"; returns buf. */
const char *net_addr_text(const struct net_addr *a, char buf[NET_ADDR_TEXT]);
/* The address alone, without the port. */
const char *net_addr_host_text(const struct net_addr *a, char buf[NET_ADDR_TEXT]);
uint16_t net_addr_port(const struct net_addr *a);
int net_addr_family(const struct net_addr *a);
/* Same family, address and port. */
bool net_addr_equal(const struct net_addr *a, const struct sockaddr *b, socklen_t blen);

#endif
