/* Helpers shared by the unit tests: a small builder for DNS messages made
 * of explicit bytes, and assertions that name the error codes they
 * compare. Everything is static inline so each test file can include it. */
#ifndef ACMEPROBE_TESTS_UNIT_HELPERS_H
#define ACMEPROBE_TESTS_UNIT_HELPERS_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/msg.h"
#include "dns/types.h"
#include "dns/wire.h"

/* ---- assertions ------------------------------------------------------ */

/* Compares two dns_err values and prints both names on failure. */
#define assert_err(got, want)                                               \
	do {                                                                \
		enum dns_err got_ = (got), want_ = (want);                  \
		cr_assert_eq(got_, want_, "%s:%d: got %s, want %s",         \
			     __FILE__, __LINE__, dns_errname(got_),         \
			     dns_errname(want_));                           \
	} while (0)

static inline void hex_dump(char *out, size_t cap, const uint8_t *p, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o + 4 < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%02x ", p[i]);
}

/* Exact octets, with a hex dump of both sides on failure. */
#define assert_bytes(got, got_len, want, want_len)                          \
	do {                                                                \
		const uint8_t *g_ = (const uint8_t *)(got);                 \
		const uint8_t *w_ = (const uint8_t *)(want);                \
		size_t gl_ = (got_len), wl_ = (want_len);                   \
		char gh_[2048], wh_[2048];                                  \
		hex_dump(gh_, sizeof gh_, g_, gl_);                         \
		hex_dump(wh_, sizeof wh_, w_, wl_);                         \
		cr_assert(gl_ == wl_ && memcmp(g_, w_, gl_) == 0,           \
			  "%s:%d: octets differ\n got  (%zu) %s\n want (%zu) %s", \
			  __FILE__, __LINE__, gl_, gh_, wl_, wh_);          \
	} while (0)

#define BYTES(...) ((const uint8_t[]){__VA_ARGS__})
#define NBYTES(...) sizeof((const uint8_t[]){__VA_ARGS__})

/* ---- message builder ------------------------------------------------- */

#define MB_CAP (65536 + 1024)

/* Octets are appended to b; mb_pkt() hands the parser an exact-size heap
 * copy, so that AddressSanitizer sees any read one octet past the end. */
struct mb {
	uint8_t b[MB_CAP];
	size_t n;
	uint8_t *heap;
};

static inline void mb_release(struct mb *m)
{
	free(m->heap);
	m->heap = NULL;
}

/* A builder that frees its heap copy when it goes out of scope. */
#define MB(name) struct mb name __attribute__((cleanup(mb_release))) = {.n = 0}

static inline void mb_u8(struct mb *m, unsigned v)
{
	cr_assert_lt(m->n, MB_CAP, "builder full");
	m->b[m->n++] = (uint8_t)v;
}

static inline void mb_u16(struct mb *m, unsigned v)
{
	mb_u8(m, v >> 8);
	mb_u8(m, v & 0xFF);
}

static inline void mb_u32(struct mb *m, uint32_t v)
{
	mb_u16(m, v >> 16);
	mb_u16(m, v & 0xFFFF);
}

static inline void mb_raw(struct mb *m, const void *p, size_t n)
{
	cr_assert_leq(n, MB_CAP - m->n, "builder full");
	if (n)
		memcpy(m->b + m->n, p, n);
	m->n += n;
}

#define MB_BYTES(m, ...) mb_raw((m), BYTES(__VA_ARGS__), NBYTES(__VA_ARGS__))

static inline void mb_fill(struct mb *m, uint8_t c, size_t n)
{
	cr_assert_leq(n, MB_CAP - m->n, "builder full");
	memset(m->b + m->n, c, n);
	m->n += n;
}

/* A dotted name without escapes, uncompressed; "" and "." are the root.
 * Returns the offset it was written at. */
static inline size_t mb_name(struct mb *m, const char *text)
{
	size_t at = m->n;
	const char *p = text;
	while (*p && strcmp(p, ".") != 0) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		cr_assert(n >= 1 && n <= 63, "bad test name %s", text);
		mb_u8(m, (unsigned)n);
		mb_raw(m, p, n);
		p += n;
		if (*p == '.')
			p++;
	}
	mb_u8(m, 0);
	return at;
}

/* A compression pointer to `off`. */
static inline void mb_ptr(struct mb *m, size_t off)
{
	mb_u16(m, 0xC000u | (unsigned)off);
}

static inline void mb_header(struct mb *m, unsigned id, unsigned flags,
			     unsigned qd, unsigned an, unsigned ns, unsigned ar)
{
	mb_u16(m, id);
	mb_u16(m, flags);
	mb_u16(m, qd);
	mb_u16(m, an);
	mb_u16(m, ns);
	mb_u16(m, ar);
}

/* Header (ID 0x1234, QR RD RA, one question) and the question (name,
 * type, IN). The question name always sits at offset 12. */
static inline void mb_response(struct mb *m, const char *qname,
			       unsigned qtype, unsigned an, unsigned ns,
			       unsigned ar)
{
	mb_header(m, 0x1234, 0x8180, 1, an, ns, ar);
	mb_name(m, qname);
	mb_u16(m, qtype);
	mb_u16(m, DNS_C_IN);
}

/* The fixed fields of an RR after its owner, RDLENGTH included. */
static inline void mb_rr(struct mb *m, unsigned type, unsigned rclass,
			 uint32_t ttl, unsigned rdlen)
{
	mb_u16(m, type);
	mb_u16(m, rclass);
	mb_u32(m, ttl);
	mb_u16(m, rdlen);
}

/* Same, with a placeholder RDLENGTH that mb_rdata_end fills in; returns
 * the offset of the RDATA. */
static inline size_t mb_rr_begin(struct mb *m, unsigned type, unsigned rclass,
				 uint32_t ttl)
{
	mb_rr(m, type, rclass, ttl, 0);
	return m->n;
}

static inline void mb_put16(struct mb *m, size_t at, unsigned v)
{
	m->b[at] = (uint8_t)(v >> 8);
	m->b[at + 1] = (uint8_t)v;
}

static inline void mb_rdata_end(struct mb *m, size_t rdata)
{
	mb_put16(m, rdata - 2, (unsigned)(m->n - rdata));
}

/* An exact-size heap copy of what was built (freed by mb_release). */
static inline const uint8_t *mb_pkt(struct mb *m)
{
	free(m->heap);
	m->heap = malloc(m->n ? m->n : 1);
	cr_assert_not_null(m->heap);
	memcpy(m->heap, m->b, m->n);
	return m->heap;
}

static inline enum dns_err mb_parse(struct mb *m, struct dns_msg *msg,
				    struct dns_rr *rr, size_t cap)
{
	const uint8_t *p = mb_pkt(m);
	return dns_msg_parse(msg, p, m->n, rr, cap);
}

#endif
