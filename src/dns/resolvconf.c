/* The resolv.conf reader. */
#include "dns/resolvconf.h"

#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The next whitespace-separated word of a line: [*start, *start+len). */
static size_t next_word(const char *line, size_t len, size_t *pos, const char **start)
{
	while (*pos < len && is_space(line[*pos]))
		(*pos)++;
	*start = line + *pos;
	size_t n = 0;
	while (*pos < len && !is_space(line[*pos])) {
		(*pos)++;
		n++;
	}
	return n;
}

static bool word_is(const char *w, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(w, s, n) == 0;
}

/* "timeout:3" -> 3, clamped to [lo, hi] as glibc does; false if not a
 * number. */
static bool option_value(const char *w, size_t n, size_t prefix, unsigned lo,
			 unsigned hi, unsigned *out)
{
	if (n == prefix)
		return false;
	unsigned v = 0;
	for (size_t i = prefix; i < n; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false;
		if (v < 1000)
			v = v * 10 + (unsigned)(w[i] - '0');
	}
	*out = v < lo ? lo : v > hi ? hi : v;
	return true;
}

static void parse_line(struct resolvconf *rc, const char *line, size_t len)
{
	size_t pos = 0;
	const char *w;
	size_t n = next_word(line, len, &pos, &w);
	if (n == 0 || w[0] == '#' || w[0] == ';')
		return;
	if (word_is(w, n, "nameserver")) {
		const char *a;
		size_t an = next_word(line, len, &pos, &a);
		char text[NET_ADDR_TEXT];
		/* a bare address only: resolv.conf has no port syntax (an
		 * IPv6 scope, "fe80::1%eth0", is fine) */
		if (an == 0 || an >= sizeof text || memchr(a, '[', an)) {
			rc->ignored_lines++;
			return;
		}
		memcpy(text, a, an);
		text[an] = '\0';
		struct net_addr addr;
		/* "192.0.2.1:53" would parse, but resolv.conf has no port
		 * syntax: an IPv4 address with a colon is not a nameserver */
		if (!net_addr_parse(text, 53, &addr) ||
		    (net_addr_family(&addr) == AF_INET && strchr(text, ':'))) {
			rc->ignored_lines++;
			return;
		}
		if (rc->server_count < RESOLVCONF_MAX_SERVERS)
			rc->servers[rc->server_count++] = addr;
		return;
	}
	if (word_is(w, n, "options")) {
		const char *o;
		size_t on;
		while ((on = next_word(line, len, &pos, &o)) != 0) {
			if (on > 8 && memcmp(o, "timeout:", 8) == 0) {
				if (!option_value(o, on, 8, 1, 30, &rc->timeout_s))
					rc->ignored_lines++;
			} else if (on > 9 && memcmp(o, "attempts:", 9) == 0) {
				if (!option_value(o, on, 9, 1, 5, &rc->attempts))
					rc->ignored_lines++;
			} else if (word_is(o, on, "rotate")) {
				rc->rotate = true;
			}
			/* other options (ndots, edns0, ...) do not apply */
		}
		return;
	}
	if (word_is(w, n, "search") || word_is(w, n, "domain") || word_is(w, n, "sortlist"))
		return;
	rc->ignored_lines++;
}

void resolvconf_parse(struct resolvconf *rc, const char *text, size_t len)
{
	memset(rc, 0, sizeof *rc);
	rc->timeout_s = 5;
	rc->attempts = 2;
	size_t start = 0;
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		parse_line(rc, text + start, end - start);
		start = end + 1;
	}
}
