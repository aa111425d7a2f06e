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

void dns_reader_init(struct dns_reader *r, const uint8_t *buf, size_t len);
uint8_t dns_read_u8(struct dns_reader *r);
uint16_t dns_read_u16(struct dns_reader *r);
uint32_t dns_read_u32(struct dns_reader *r);
/* Returns a pointer to the next n octets and skips them, or NULL. */
const uint8_t *dns_read_bytes(struct dns_reader *r, size_t n);
static inline size_t dns_reader_left(const struct dns_reader *r)
{
	return r->err ? 0 : r->len - r->pos;
}
/* Sets the error unless one is already set; returns the (sticky) error. */
enum dns_err dns_reader_fail(struct dns_reader *r, enum dns_err e);

void dns_writer_init(struct dns_writer *w, uint8_t *buf, size_t cap);
void dns_write_u8(struct dns_writer *w, uint8_t v);
void dns_write_u16(struct dns_writer *w, uint16_t v);
void dns_write_u32(struct dns_writer *w, uint32_t v);
void dns_write_bytes(struct dns_writer *w, const void *p, size_t n);

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
