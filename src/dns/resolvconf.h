/* /etc/resolv.conf, the parts a stub resolver needs (resolv.conf(5)):
 * `nameserver ADDR` lines (IPv4 or IPv6, port 53) and `options timeout:N
 * attempts:N rotate`. `search` and `domain` are read and ignored:
 * acmeprobe takes every name as absolute. No I/O: the caller reads the
 * file. */
#ifndef ACMEPROBE_DNS_RESOLVCONF_H
#define ACMEPROBE_DNS_RESOLVCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "net/addr.h"

/* glibc's MAXNS is 3; a few more cost nothing. */
#define RESOLVCONF_MAX_SERVERS 8

struct resolvconf {
	struct net_addr servers[RESOLVCONF_MAX_SERVERS];
	size_t server_count;
	unsigned timeout_s; /* options timeout:N, 1..30, default 5 */
	unsigned attempts;  /* options attempts:N, 1..5, default 2 */
	bool rotate;
	size_t ignored_lines; /* lines that made no sense (reported by --trace) */
};

/* Parses text[0..len). Never fails: what it cannot read it counts in
 * ignored_lines, as the C library does. */
void resolvconf_parse(struct resolvconf *rc, const char *text, size_t len);

#endif
