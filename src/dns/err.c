/* Names and sentences for the codec's error codes. */
#include "dns/err.h"

struct err_text {
	const char *name;
	const char *text;
};

/* Indexed by code, so a code and its text cannot drift apart: the
 * static assertion below fails when a code is added without its line. */
static const struct err_text errors[] = {
	[DNS_OK] = {"DNS_OK", "no error"},
	[DNS_E_SHORT] = {"DNS_E_SHORT", "read past the end of the data"},
	[DNS_E_NOSPACE] = {"DNS_E_NOSPACE", "output buffer too small"},
	[DNS_E_TRUNC_HEADER] = {"DNS_E_TRUNC_HEADER", "message shorter than its 12-octet header"},
	[DNS_E_TRUNC_QUESTION] = {"DNS_E_TRUNC_QUESTION", "question section cut short"},
	[DNS_E_QDCOUNT] = {"DNS_E_QDCOUNT", "question count is not 1 (RFC 9619)"},
	[DNS_E_COUNT] = {"DNS_E_COUNT", "section counts promise more records than the message holds"},
	[DNS_E_TRAILING] = {"DNS_E_TRAILING", "octets after the last counted record"},
	[DNS_E_TOO_MANY_RRS] = {"DNS_E_TOO_MANY_RRS", "more records than the index can hold"},
	[DNS_E_LABEL_TYPE] = {"DNS_E_LABEL_TYPE", "reserved label type (length octet 0x40..0xBF)"},
	[DNS_E_NAME_TOO_LONG] = {"DNS_E_NAME_TOO_LONG", "name longer than 255 octets"},
	[DNS_E_NAME_UNTERMINATED] = {"DNS_E_NAME_UNTERMINATED", "name runs off the end of the message"},
	[DNS_E_PTR_FORWARD] = {"DNS_E_PTR_FORWARD", "compression pointer does not point strictly backwards (loop or forward pointer)"},
	[DNS_E_PTR_HEADER] = {"DNS_E_PTR_HEADER", "compression pointer into the header"},
	[DNS_E_PTR_PAST_END] = {"DNS_E_PTR_PAST_END", "compression pointer past the end of the message"},
	[DNS_E_PTR_CUT] = {"DNS_E_PTR_CUT", "compression pointer cut by the end of the message"},
	[DNS_E_RR_TRUNC] = {"DNS_E_RR_TRUNC", "record cut short"},
	[DNS_E_RDLEN] = {"DNS_E_RDLEN", "RDLENGTH runs past the end of the message"},
	[DNS_E_RDATA_LEN] = {"DNS_E_RDATA_LEN", "RDATA length wrong for its type"},
	[DNS_E_RDATA_NAME] = {"DNS_E_RDATA_NAME", "name inside RDATA runs past the RDATA"},
	[DNS_E_TXT_LEN] = {"DNS_E_TXT_LEN", "character-string runs past the RDATA"},
	[DNS_E_CAA_SHORT] = {"DNS_E_CAA_SHORT", "CAA RDATA shorter than 2 octets"},
	[DNS_E_CAA_TAG_LEN0] = {"DNS_E_CAA_TAG_LEN0", "CAA tag length 0"},
	[DNS_E_CAA_TAG_PAST] = {"DNS_E_CAA_TAG_PAST", "CAA tag runs past the RDATA"},
	[DNS_E_OPT_SECTION] = {"DNS_E_OPT_SECTION", "OPT record outside the additional section"},
	[DNS_E_OPT_DUP] = {"DNS_E_OPT_DUP", "more than one OPT record"},
	[DNS_E_OPT_OWNER] = {"DNS_E_OPT_OWNER", "OPT record not owned by the root"},
	[DNS_E_OPT_OPTION] = {"DNS_E_OPT_OPTION", "EDNS option runs past the OPT RDATA"},
	[DNS_E_NSEC_BITMAP] = {"DNS_E_NSEC_BITMAP", "malformed NSEC type bitmap"},
	[DNS_E_EMPTY_LABEL] = {"DNS_E_EMPTY_LABEL", "empty label in a name"},
	[DNS_E_LABEL_TOO_LONG] = {"DNS_E_LABEL_TOO_LONG", "label longer than 63 octets"},
	[DNS_E_BAD_ESCAPE] = {"DNS_E_BAD_ESCAPE", "bad escape (\\ at the end, or \\DDD not three digits up to 255)"},
	[DNS_E_UNKNOWN_TYPE] = {"DNS_E_UNKNOWN_TYPE", "unknown record type"},
	[DNS_E_ARG] = {"DNS_E_ARG", "invalid argument"},
};

_Static_assert(sizeof errors / sizeof errors[0] == DNS_E__COUNT,
	       "every dns_err needs a line in errors[]");

const char *dns_strerror(enum dns_err e)
{
	if ((unsigned)e >= DNS_E__COUNT || !errors[e].text)
		return "unknown error";
	return errors[e].text;
}

const char *dns_errname(enum dns_err e)
{
	if ((unsigned)e >= DNS_E__COUNT || !errors[e].name)
		return "DNS_E_UNKNOWN";
	return errors[e].name;
}
