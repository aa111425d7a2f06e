/* Error codes of the DNS codec: one per way a message or a name can be
 * wrong, so that a test (or a --trace line) can say exactly what was
 * rejected and why. */
#ifndef ACMEPROBE_DNS_ERR_H
#define ACMEPROBE_DNS_ERR_H

enum dns_err {
	DNS_OK = 0,
	/* bounded reader and writer */
	DNS_E_SHORT,           /* a read ran past the end of its bounds */
	DNS_E_NOSPACE,         /* a write did not fit the caller's buffer */
	/* header and counts */
	DNS_E_TRUNC_HEADER,    /* fewer than 12 octets */
	DNS_E_TRUNC_QUESTION,  /* the question section is cut short */
	DNS_E_QDCOUNT,         /* QDCOUNT is not 1 (RFC 9619) */
	DNS_E_COUNT,           /* section counts promise more RRs than the data holds */
	DNS_E_TRAILING,        /* octets left after the last counted RR */
	DNS_E_TOO_MANY_RRS,    /* more RRs than the caller's index can hold */
	/* names on the wire */
	DNS_E_LABEL_TYPE,      /* label octet 0x40..0xBF: reserved label types */
	DNS_E_NAME_TOO_LONG,   /* more than 255 octets once decompressed */
	DNS_E_NAME_UNTERMINATED, /* labels run off the end of their bounds */
	DNS_E_PTR_FORWARD,     /* a compression pointer that does not point strictly backwards (loops, forward pointers) */
	DNS_E_PTR_HEADER,      /* a compression pointer into the 12-octet header */
	DNS_E_PTR_PAST_END,    /* a compression pointer at or past the end of the message */
	DNS_E_PTR_CUT,         /* the second octet of a pointer is missing */
	/* resource records */
	DNS_E_RR_TRUNC,        /* an RR's fixed fields are cut short */
	DNS_E_RDLEN,           /* RDLENGTH runs past the end of the message */
	DNS_E_RDATA_LEN,       /* RDATA of the wrong length for its type */
	DNS_E_RDATA_NAME,      /* a name inside RDATA runs past the RDATA */
	DNS_E_TXT_LEN,         /* a character-string runs past the RDATA */
	DNS_E_CAA_SHORT,       /* CAA RDATA shorter than flags + tag length */
	DNS_E_CAA_TAG_LEN0,    /* CAA tag length 0 */
	DNS_E_CAA_TAG_PAST,    /* CAA tag runs past the RDATA */
	DNS_E_OPT_SECTION,     /* OPT outside the additional section */
	DNS_E_OPT_DUP,         /* a second OPT record */
	DNS_E_OPT_OWNER,       /* OPT owner is not the root */
	DNS_E_OPT_OPTION,      /* an EDNS option runs past the OPT RDATA */
	DNS_E_NSEC_BITMAP,     /* NSEC/NSEC3 type bitmap with a bad window */
	/* presentation format */
	DNS_E_EMPTY_LABEL,     /* "a..b" or a leading dot */
	DNS_E_LABEL_TOO_LONG,  /* a label of more than 63 octets */
	DNS_E_BAD_ESCAPE,      /* \ at the end, or \DDD over 255 or not 3 digits */
	DNS_E_UNKNOWN_TYPE,    /* not a known mnemonic nor TYPEnnn */
	DNS_E_ARG,             /* an argument the function cannot take */
	DNS_E__COUNT
};

/* A short English sentence for each code (never NULL). */
const char *dns_strerror(enum dns_err e);
/* The code's name, e.g. "DNS_E_PTR_FORWARD" (never NULL). */
const char *dns_errname(enum dns_err e);

#endif
