/* One CAA record in zone-file presentation format (RFC 1035 s5.1, RFC 8659
 * s4.1.1), for `caa --records FILE`:
 *
 *     example.com. [TTL] [IN] CAA FLAGS TAG VALUE
 *
 * VALUE is a <character-string>: quoted ("..." with \" \\ and \DDD) or a
 * single unquoted token. Comments start with ';'. No I/O, no malloc: the
 * value is unescaped into the caller's buffer. */
#ifndef ACMEPROBE_CAA_ZONELINE_H
#define ACMEPROBE_CAA_ZONELINE_H

#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"

enum zoneline_result {
	ZONELINE_RECORD,   /* a CAA record was read */
	ZONELINE_EMPTY,    /* blank or comment only */
	ZONELINE_E_OWNER,  /* the owner is not a domain name */
	ZONELINE_E_TYPE,   /* not a CAA line (another type, or missing) */
	ZONELINE_E_FLAGS,  /* flags not a number 0..255 */
	ZONELINE_E_TAG,    /* no tag, or a tag of more than 255 octets */
	ZONELINE_E_VALUE,  /* no value, an unterminated quote, a bad escape, too long */
	ZONELINE_E_TRAILING, /* something after the value */
};

const char *zoneline_strerror(enum zoneline_result r);

#define ZONELINE_MAX_RDATA 4096

struct zoneline_caa {
	uint8_t owner[DNS_MAX_NAME];
	/* the record's RDATA in wire form: flags, tag length, tag, value */
	uint8_t rdata[ZONELINE_MAX_RDATA];
	size_t rdata_len;
};

enum zoneline_result zoneline_parse(const char *line, size_t len, struct zoneline_caa *out);

#endif
