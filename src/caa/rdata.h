/* CAA data (RFC 8659 s4, RFC 8657): the RDATA of one record and the value
 * grammar of `issue` and `issuewild`. No I/O, no malloc: everything
 * points into the caller's bytes. */
#ifndef ACMEPROBE_CAA_RDATA_H
#define ACMEPROBE_CAA_RDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum caa_err {
	CAA_OK = 0,
	/* RDATA shapes (RFC 8659 s4.1) */
	CAA_E_SHORT,         /* fewer than 2 octets: no tag length */
	CAA_E_TAG_LEN0,      /* tag length 0 */
	CAA_E_TAG_PAST,      /* the tag runs past the RDATA */
	CAA_E_TAG_TOO_LONG,  /* tag of 16..255 octets (usable: an unknown property) */
	CAA_E_TAG_CHAR,      /* tag with octets other than letters and digits (usable, likewise) */
	/* issue / issuewild values (RFC 8659 s4.2, RFC 8657) */
	CAA_E_PARAM_NO_EQUALS, /* a parameter that is not tag=value (also an empty one) */
	CAA_E_PARAM_TAG,       /* a parameter tag with other than letters and digits */
	CAA_E_PARAM_VALUE,     /* a parameter value with whitespace, ';' or non-ASCII */
	CAA_E__COUNT
};

const char *caa_strerror(enum caa_err e);

/* RFC 8659 s4.1: bit 7 (value 128) of the flags is Issuer Critical. */
#define CAA_FLAG_CRITICAL 128

/* The properties Let's Encrypt knows (boulder va/caa.go filterCAA). */
enum caa_tag_kind {
	CAA_TAG_ISSUE,
	CAA_TAG_ISSUEWILD,
	CAA_TAG_IODEF,
	CAA_TAG_ISSUEMAIL,
	CAA_TAG_ISSUEVMC,
	CAA_TAG_UNKNOWN,
};

struct caa_record {
	uint8_t flags;
	const uint8_t *tag;
	size_t tag_len;
	const uint8_t *value;
	size_t value_len;
	enum caa_tag_kind kind; /* tags compare ASCII case-insensitively */
};

/* Reads one CAA RDATA. CAA_OK and the two "usable" codes fill *rec; the
 * other codes leave it unusable. */
enum caa_err caa_rdata_parse(const uint8_t *rdata, size_t len, struct caa_record *rec);
enum caa_tag_kind caa_tag_kind(const uint8_t *tag, size_t len);
const char *caa_tag_kind_name(enum caa_tag_kind k);

/* The parameters kept in `params` for display; any number is read and
 * checked (Boulder has no limit), and caa_issue_param sees them all. */
#define CAA_MAX_PARAMS 16

struct caa_param {
	const uint8_t *tag, *value;
	size_t tag_len, value_len;
};

/* An issue/issuewild value: "issuer.example; key=value; key=value". */
struct caa_issue {
	const uint8_t *issuer; /* spaces and tabs around it dropped; may be empty */
	size_t issuer_len;
	struct caa_param params[CAA_MAX_PARAMS]; /* the first ones */
	size_t param_count;    /* all of them */
	const uint8_t *rest;   /* the text after the issuer's ';' */
	size_t rest_len;
};

/* Parses an issue/issuewild value as Let's Encrypt does (boulder va/caa.go
 * parseCAARecord): the value is split at every ';'; the first part,
 * without surrounding spaces and tabs, is the issuer domain (not checked
 * further: it must equal the CA's identity exactly); a lone empty part
 * after it ("ca.example;") means no parameters; every other part must be
 * tag=value, the tag made of letters and digits, the value of printable
 * ASCII without ';'. */
enum caa_err caa_issue_parse(const uint8_t *value, size_t len, struct caa_issue *out);

/* The first parameter with this tag (exact, case-sensitive as LE compares
 * it), written to *found, and how many there are among all of the value's
 * parameters. Returns found, or NULL when there is none. */
const struct caa_param *caa_issue_param(const struct caa_issue *v, const char *tag,
					struct caa_param *found, size_t *count);

#endif
