/* libFuzzer target: IP address identifiers (src/acme/ident.c), as typed on
 * the command line. Properties: text that parses as canonical is what the
 * formatter writes for its address; a "did you mean" is itself canonical
 * and names the same address; the reserved block found holds the address;
 * the reverse name has its fixed shape and is a domain name; the commands'
 * check (ident_ip_read) accepts exactly the canonical texts (R-IP-1,
 * R-IP-2, RFC 8738 s6 of docs/rules.md). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "acme/ident.h"
#include "dns/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_address(const struct ident_ip *ip)
{
	char text[IDENT_IP_TEXT], again[IDENT_IP_TEXT], name[IDENT_REVERSE_MAX];
	struct ident_ip back;
	size_t n = ident_ip_format(ip, text);
	if (n == 0 || n >= IDENT_IP_TEXT || strlen(text) != n)
		abort();
	/* the canonical text reads back as itself, the same address */
	if (ident_ip_parse(text, n, &back, again) != IDENT_IP_OK || strcmp(text, again) != 0 ||
	    back.family != ip->family ||
	    memcmp(back.addr, ip->addr, ip->family == AF_INET ? 4 : 16))
		abort();
	const struct ident_reserved *r = ident_ip_reserved(ip);
	if (r && (r->family != ip->family || r->bits > (ip->family == AF_INET ? 32 : 128)))
		abort();
	size_t rn = ident_ip_reverse_name(ip, name, sizeof name);
	bool v4ish = ip->family == AF_INET || strncmp(text, "::ffff:", 7) == 0;
	if (rn == 0 || strlen(name) != rn || (!v4ish && rn != 72))
		abort();
	uint8_t wire[DNS_MAX_NAME];
	size_t wire_len;
	if (dns_name_from_text(name, rn, wire, &wire_len) != DNS_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ident_ip ip;
	char canonical[IDENT_IP_TEXT];
	const char *text = (const char *)data;
	enum ident_ip_err e = ident_ip_parse(text, size, &ip, canonical);
	if (e == IDENT_IP_OK) {
		if (strlen(canonical) != size || memcmp(canonical, data, size) != 0)
			abort();
		check_address(&ip);
	} else if (canonical[0]) {
		check_address(&ip);
		char again[IDENT_IP_TEXT];
		ident_ip_format(&ip, again);
		if (strcmp(again, canonical) != 0)
			abort();
	}
	if (!ident_ip_strerror(e))
		abort();
	/* the command line's view: the text up to its first NUL */
	char arg[256];
	size_t n = size < sizeof arg - 1 ? size : sizeof arg - 1;
	memcpy(arg, data, n);
	arg[n] = '\0';
	(void)ident_looks_like_ip(arg);
	/* the one check of the commands: accepted exactly when the parser
	 * says canonical; a refusal always says why */
	char why[IDENT_IP_WHY];
	bool accepted = ident_ip_read(arg, false, &ip, why, sizeof why);
	bool canonical_arg = ident_ip_parse(arg, strlen(arg), &ip, canonical) == IDENT_IP_OK;
	if (accepted != canonical_arg || accepted != (why[0] == '\0'))
		abort();
	if (ident_ip_read(arg, true, &ip, why, sizeof why) || !why[0])
		abort();
	return 0;
}
