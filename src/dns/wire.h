/* The bytes layer: a bounded reader and writer over a caller's buffer, and
 * domain names in wire form (RFC 1035 s3.1, s4.1.4). No I/O, no malloc.
 *
 * Both the reader and the writer keep the first error they meet ("sticky"):
 * once an operation fails, every later one does nothing and returns zero,
 * so a caller can do a sequence of reads and check `err` once at the end. */
#ifndef ACMEPROBE_DNS_WIRE_H
#define ACMEPROBE_DNS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"

#define DNS_HEADER_LEN 12
#define DNS_MAX_NAME 255  /* octets in wire form, root octet included */
#define DNS_MAX_LABEL 63
/* A name printed with every octet as \DDD: 4 per octet, plus the final dot
 * and the NUL. */
#define DNS_MAX_NAME_TEXT (4 * DNS_MAX_NAME + 2)

struct dns_reader {
	const uint8_t *buf;
	size_t len; /* the reader never looks at buf[len] or beyond */
	size_t pos;
	enum dns_err err;
};

struct dns_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	enum dns_err err;
};

/* The reader is static inline, as Knot's wire_ctx is: the parser's hot
 * loop (dns_msg_parse) reads every fixed field through it at no call's
 * cost, so there is one bounded reader and no hand-written offsets. */

static inline void dns_reader_init(struct dns_reader *r, const uint8_t *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->pos = 0;
	r->err = DNS_OK;
}

/* Sets the error unless one is already set; returns the (sticky) error. */
static inline enum dns_err dns_reader_fail(struct dns_reader *r, enum dns_err e)
{
	if (!r->err)
		r->err = e;
	return r->err;
}

/* Returns a pointer to the next n octets and skips them, or NULL. This is
 * the one bounds check every read goes through: written as a subtraction
 * from the length (pos never passes len), it cannot overflow whatever n
 * is. */
static inline const uint8_t *dns_read_bytes(struct dns_reader *r, size_t n)
{
	if (r->err)
		return NULL;
	if (n > r->len - r->pos) {
		r->err = DNS_E_SHORT;
		return NULL;
	}
	const uint8_t *p = r->buf + r->pos;
	r->pos += n;
	return p;
}

/* The 16-bit big-endian (network order) integer at p: what the reader
 * reads, for a caller that already knows the octets are there. */
static inline uint16_t dns_get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Big-endian (network order) integers; 0 once the reader has failed. */
static inline uint8_t dns_read_u8(struct dns_reader *r)
{
	const uint8_t *p = dns_read_bytes(r, 1);
	return p ? p[0] : 0;
}

static inline uint16_t dns_read_u16(struct dns_reader *r)
{
	const uint8_t *p = dns_read_bytes(r, 2);
	return p ? dns_get_u16(p) : 0;
}

static inline uint32_t dns_read_u32(struct dns_reader *r)
{
	const uint8_t *p = dns_read_bytes(r, 4);
	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
}

/* Takes the next n octets as a reader of their own, *block: a fixed-size
 * part of a message (a header, a record's TYPE..RDLENGTH) read field by
 * field. When fewer than n are left, r fails, *block is an empty reader
 * with r's error, and the result is false. Reads from the block cannot
 * pass its n octets; where n is a constant the compiler drops their
 * bounds checks, so the hot parser pays one check per block, not one per
 * field. */
static inline bool dns_reader_block(struct dns_reader *r, size_t n, struct dns_reader *block)
{
	const uint8_t *p = dns_read_bytes(r, n);
	if (!p) {
		dns_reader_init(block, r->buf, 0);
		block->err = r->err;
		return false;
	}
	dns_reader_init(block, p, n);
	return true;
}

static inline size_t dns_reader_left(const struct dns_reader *r)
{
	return r->err ? 0 : r->len - r->pos;
}

void dns_writer_init(struct dns_writer *w, uint8_t *buf, size_t cap);
void dns_write_u8(struct dns_writer *w, uint8_t v);
void dns_write_u16(struct dns_writer *w, uint16_t v);
void dns_write_u32(struct dns_writer *w, uint32_t v);
void dns_write_bytes(struct dns_writer *w, const void *p, size_t n);

/* The offset a compression pointer's two octets at p give (RFC 1035
 * s4.1.4: the top two bits set, then 14 bits from the message's start). */
static inline size_t dns_pointer_target(const uint8_t *p)
{
	return (size_t)(p[0] & 0x3F) << 8 | p[1];
}

/* Walks the (possibly compressed) name that starts at `off` in the message
 * `msg` of `msg_len` octets and checks every rule of a well-formed name:
 *  - label octets 0x40..0xBF (RFC 6891 s5: extended label types) are errors;
 *  - a compression pointer must point into the message, past the header,
 *    and strictly before the start of the run of labels that holds it
 *    (and, after a jump, before the previous target): targets then strictly
 *    decrease, so no loop can exist and the walk ends without a counter;
 *  - the decompressed name is at most 255 octets, root octet included;
 *  - the labels written at `off` must end by `end` (the end of an RDATA
 *    for names inside RDATA, else msg_len): a pointer may reach back
 *    anywhere before, but the octets the name itself occupies stay inside.
 * On success stores in *next the offset just after the name where it sits
 * (after its first pointer, or after its root octet), in *wire_len its
 * decompressed length, and, when out is not NULL, copies the uncompressed
 * name into out (at least DNS_MAX_NAME octets). */
enum dns_err dns_name_unpack(const uint8_t *msg, size_t msg_len, size_t off,
			     size_t end, size_t *next, uint8_t *out,
			     size_t *wire_len);

/* Compares two uncompressed wire names, ASCII case-insensitively
 * (RFC 4343). Both must be well formed. */
bool dns_name_equal(const uint8_t *a, const uint8_t *b);
/* Same, for a name still compressed inside a message (already checked by
 * dns_name_unpack) against an uncompressed one. */
bool dns_name_equal_at(const uint8_t *msg, size_t off, const uint8_t *name);
/* Length of an uncompressed, well-formed wire name, root octet included. */
size_t dns_name_len(const uint8_t *name);
/* Number of labels, the root not counted ("." is 0, "example.com." 2). */
unsigned dns_name_labels(const uint8_t *name);
/* Whether `name` is `zone` or below it, label by label and ASCII
 * case-insensitively (both uncompressed and well formed). */
bool dns_name_at_or_below(const uint8_t *name, const uint8_t *zone);

/* Parses a name in presentation format (RFC 1035 s5.1): labels separated by
 * dots, `\X` for a literal X, `\DDD` for the octet DDD (three decimal
 * digits, at most 255). The trailing dot is optional: every name is taken
 * as absolute (acmeprobe has no search list). "." alone is the root.
 * Writes the uncompressed wire name to out (DNS_MAX_NAME octets). */
enum dns_err dns_name_from_text(const char *text, size_t text_len,
				uint8_t *out, size_t *out_len);

/* A name as a user gives it for a certificate: "*.example.com" asks for a
 * wildcard certificate, whose CAA the CA looks up at example.com (RFC 8659
 * s3, with issuewild: R-CAA-10). Sets *wildcard when the text starts with
 * "*.", and parses what follows it as dns_name_from_text does. A "*" that
 * is not followed by a dot, or that stands further in, is an ordinary
 * label. */
enum dns_err dns_name_from_input(const char *text, size_t text_len, bool *wildcard, uint8_t *out,
				 size_t *out_len);

#endif
