/* Type, class and RCODE mnemonics. */
#include "dns/types.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct mnemonic {
	uint16_t value;
	const char *name;
};

static const struct mnemonic types[] = {
	{DNS_T_A, "A"},         {DNS_T_NS, "NS"},       {DNS_T_CNAME, "CNAME"},
	{DNS_T_SOA, "SOA"},     {DNS_T_PTR, "PTR"},     {DNS_T_MX, "MX"},
	{DNS_T_TXT, "TXT"},     {DNS_T_AAAA, "AAAA"},   {33, "SRV"},
	{35, "NAPTR"},          {DNS_T_DNAME, "DNAME"}, {DNS_T_OPT, "OPT"},
	{DNS_T_DS, "DS"},       {44, "SSHFP"},          {DNS_T_RRSIG, "RRSIG"},
	{DNS_T_NSEC, "NSEC"},   {DNS_T_DNSKEY, "DNSKEY"},
	{DNS_T_NSEC3, "NSEC3"}, {51, "NSEC3PARAM"},     {52, "TLSA"},
	{59, "CDS"},            {60, "CDNSKEY"},        {64, "SVCB"},
	{65, "HTTPS"},          {250, "TSIG"},          {251, "IXFR"},
	{252, "AXFR"},          {DNS_T_ANY, "ANY"},     {DNS_T_CAA, "CAA"},
};

static const struct mnemonic rcodes[] = {
	{0, "NOERROR"},  {1, "FORMERR"},  {2, "SERVFAIL"}, {3, "NXDOMAIN"},
	{4, "NOTIMP"},   {5, "REFUSED"},  {6, "YXDOMAIN"}, {7, "YXRRSET"},
	{8, "NXRRSET"},  {9, "NOTAUTH"},  {10, "NOTZONE"}, {16, "BADVERS"},
	{23, "BADCOOKIE"},
};

static const struct mnemonic classes[] = {
	{DNS_C_IN, "IN"},
	{DNS_C_CH, "CH"},
	{DNS_C_ANY, "ANY"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *find_name(const struct mnemonic *t, size_t n, uint16_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

/* Reads the decimal number that ends the string (RFC 3597 s5: TYPEnnn),
 * 0..65535, with no sign, no spaces and no leading zero. */
static int parse_u16(const char *s, uint16_t *out)
{
	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	unsigned long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 65535)
			return -1;
	}
	*out = (uint16_t)v;
	return 0;
}

enum dns_err dns_type_from_text(const char *s, uint16_t *type)
{
	for (size_t i = 0; i < COUNT(types); i++)
		if (strcasecmp(s, types[i].name) == 0) {
			*type = types[i].value;
			return DNS_OK;
		}
	if (strncasecmp(s, "TYPE", 4) == 0 && parse_u16(s + 4, type) == 0)
		return DNS_OK;
	return DNS_E_UNKNOWN_TYPE;
}

/* The one shape of type, class and RCODE as text: the mnemonic, or
 * PREFIX and the number (RFC 3597 s5: TYPEnnn, CLASSnnn; RCODEnnn as dig
 * writes it). */
static const char *to_text(const struct mnemonic *t, size_t n, const char *prefix,
			   uint16_t v, char buf[DNS_TYPE_TEXT])
{
	const char *name = find_name(t, n, v);
	if (name)
		snprintf(buf, DNS_TYPE_TEXT, "%s", name);
	else
		snprintf(buf, DNS_TYPE_TEXT, "%s%u", prefix, (unsigned)v);
	return buf;
}

const char *dns_type_to_text(uint16_t type, char buf[DNS_TYPE_TEXT])
{
	return to_text(types, COUNT(types), "TYPE", type, buf);
}

const char *dns_class_to_text(uint16_t rclass, char buf[DNS_TYPE_TEXT])
{
	return to_text(classes, COUNT(classes), "CLASS", rclass, buf);
}

const char *dns_rcode_to_text(uint16_t rcode, char buf[DNS_TYPE_TEXT])
{
	return to_text(rcodes, COUNT(rcodes), "RCODE", rcode, buf);
}

/* RFC 8914 s5.2 and the IANA registry's later entries. */
static const char *const ede_names[] = {
	"Other Error",
	"Unsupported DNSKEY Algorithm",
	"Unsupported DS Digest Type",
	"Stale Answer",
	"Forged Answer",
	"DNSSEC Indeterminate",
	"DNSSEC Bogus",
	"Signature Expired",
	"Signature Not Yet Valid",
	"DNSKEY Missing",
	"RRSIGs Missing",
	"No Zone Key Bit Set",
	"NSEC Missing",
	"Cached Error",
	"Not Ready",
	"Blocked",
	"Censored",
	"Filtered",
	"Prohibited",
	"Stale NXDomain Answer",
	"Not Authoritative",
	"Not Supported",
	"No Reachable Authority",
	"Network Error",
	"Invalid Data",
	"Signature Expired before Valid",
	"Too Early",
	"Unsupported NSEC3 Iterations Value",
	"Unable to conform to policy",
	"Synthesized",
	"Invalid Query Type",
};

const char *dns_ede_name(uint16_t info_code)
{
	return info_code < COUNT(ede_names) ? ede_names[info_code] : NULL;
}
