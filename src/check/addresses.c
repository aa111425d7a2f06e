#include "check/addresses.h"

#include <string.h>
#include <sys/socket.h>

struct range {
	uint8_t prefix[16];
	unsigned bits;
	const char *name;
};

/* IANA IPv4 Special-Purpose Address Registry, plus multicast and the
 * reserved class E space. */
static const struct range v4[] = {
	{{0}, 8, "\"this network\" (RFC 791)"},
	{{10}, 8, "private-use (RFC 1918)"},
	{{100, 64}, 10, "shared address space (RFC 6598)"},
	{{127}, 8, "loopback (RFC 1122)"},
	{{169, 254}, 16, "link-local (RFC 3927)"},
	{{172, 16}, 12, "private-use (RFC 1918)"},
	{{192, 0, 0}, 24, "IETF protocol assignments (RFC 6890)"},
	{{192, 0, 2}, 24, "documentation (RFC 5737)"},
	{{192, 88, 99}, 24, "6to4 relay anycast (RFC 7526)"},
	{{192, 168}, 16, "private-use (RFC 1918)"},
	{{198, 18}, 15, "benchmarking (RFC 2544)"},
	{{198, 51, 100}, 24, "documentation (RFC 5737)"},
	{{203, 0, 113}, 24, "documentation (RFC 5737)"},
	{{224}, 4, "multicast (RFC 5771)"},
	{{240}, 4, "reserved (RFC 1112)"},
};

/* IANA IPv6 Special-Purpose Address Registry, plus multicast. */
static const struct range v6[] = {
	{{0}, 128, "unspecified (RFC 4291)"},
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "loopback (RFC 4291)"},
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, "IPv4-mapped (RFC 4291)"},
	{{0, 0x64, 0xff, 0x9b, 0, 1}, 48, "local-use IPv4/IPv6 translation (RFC 8215)"},
	{{1, 0, 0, 0, 0, 0, 0, 0}, 64, "discard-only (RFC 6666)"},
	{{0x20, 0x01, 0}, 23, "IETF protocol assignments (RFC 2928)"},
	{{0x20, 0x01, 0x0d, 0xb8}, 32, "documentation (RFC 3849)"},
	{{0x20, 0x02}, 16, "6to4 (RFC 3056)"},
	{{0x3f, 0xff, 0}, 20, "documentation (RFC 9637)"},
	{{0xfc}, 7, "unique-local (RFC 4193)"},
	{{0xfe, 0x80}, 10, "link-local (RFC 4291)"},
	{{0xff}, 8, "multicast (RFC 4291)"},
};

static bool in_range(const uint8_t *raw, const struct range *r)
{
	unsigned full = r->bits / 8, rest = r->bits % 8;
	if (memcmp(raw, r->prefix, full) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xFF << (8 - rest));
	return (raw[full] & mask) == (r->prefix[full] & mask);
}

const char *address_reserved(int family, const uint8_t *raw)
{
	const struct range *t = family == AF_INET ? v4 : v6;
	size_t n = family == AF_INET ? sizeof v4 / sizeof v4[0] : sizeof v6 / sizeof v6[0];
	for (size_t i = 0; i < n; i++)
		if (in_range(raw, &t[i]))
			return t[i].name;
	return NULL;
}
