/* Presentation format (RFC 1035 s5.1, RFC 3597 s5): names, RDATA and
 * whole records as text. No I/O, no malloc: text goes into a caller's
 * buffer and an overflow is remembered, never written past.
 *
 * The name printer escapes every octet that the name parser
 * (dns_name_from_text) would otherwise read differently: '.', '\\', and,
 * for the sake of zone-file readers, '"', '(', ')', ';', '@', '$', with a
 * backslash; anything outside 0x21..0x7E as \DDD. So printing a name and
 * parsing the text gives back the same octets. */
#ifndef ACMEPROBE_DNS_TEXT_H
#define ACMEPROBE_DNS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"

struct dns_text {
	char *buf;
	size_t cap;     /* buf[cap - 1] is kept for the NUL */
	size_t len;
	bool overflow;  /* something did not fit: buf holds a cut text */
};

void dns_text_init(struct dns_text *t, char *buf, size_t cap);
void dns_text_put(struct dns_text *t, const char *s, size_t n);
void dns_text_puts(struct dns_text *t, const char *s);
void dns_text_printf(struct dns_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void dns_text_char(struct dns_text *t, char c);

/* An uncompressed wire name, always with its final dot ("." for root). */
void dns_text_name(struct dns_text *t, const uint8_t *name);
/* The whole text of a wire name in buf (cut to cap, NUL-terminated):
 * dns_text_name into a buffer of its own. */
void dns_name_text(char *buf, size_t cap, const uint8_t *name);
/* The same without the root's final dot, as Boulder's messages and people
 * write a name (the root itself stays "."). */
void dns_name_text_bare(char *buf, size_t cap, const uint8_t *name);
/* An RRSIG time, YYYYMMDDHHmmSS in UTC (RFC 4034 s3.2). */
void dns_text_sigtime(struct dns_text *t, uint32_t secs);
/* A name still compressed in a message (already checked by the parser). */
void dns_text_name_at(struct dns_text *t, const uint8_t *pkt, size_t len,
		      size_t off);
/* A <character-string> in double quotes, '"' and '\\' escaped with a
 * backslash, octets outside 0x20..0x7E as \DDD. */
void dns_text_quoted(struct dns_text *t, const uint8_t *s, size_t n);
/* The two record printers below are in src/dns/rdata.c, beside the table
 * of types they print with. */
/* RDATA in the presentation format of its type; unknown types (and known
 * types whose RDATA does not check) as RFC 3597 "\# len hex". */
void dns_text_rdata(struct dns_text *t, const uint8_t *pkt, size_t len,
		    const struct dns_rr *rr);
/* "owner TTL CLASS TYPE RDATA", tab-separated like dig and kdig. */
void dns_text_rr(struct dns_text *t, const struct dns_msg *m,
		 const struct dns_rr *rr);

#endif
