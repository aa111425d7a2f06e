/* RDATA by type: the table of known types (rdata.h), each format's view
 * and printer, the parser's check of every record (dns_rdata_check,
 * declared in msg.h) and records as text (dns_text_rdata, dns_text_rr,
 * declared in text.h): all find a type's row here, so a type is known
 * in one place. */
#include "dns/rdata.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include "dns/types.h"
#include "dns/wire.h"

/* ---- encodings of the printers ------------------------------------------ */

static void put_hex(struct dns_text *t, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		char h[2] = {digits[p[i] >> 4], digits[p[i] & 15]};
		dns_text_put(t, h, 2);
	}
}

/* RFC 4648 s4 base64, with padding (DNSKEY keys, RRSIG signatures). */
static void put_base64(struct dns_text *t, const uint8_t *p, size_t n)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char out[4] = {abc[v >> 18 & 63], abc[v >> 12 & 63],
			       i + 1 < n ? abc[v >> 6 & 63] : '=', i + 2 < n ? abc[v & 63] : '='};
		dns_text_put(t, out, 4);
	}
}

/* RFC 4648 s7 base32 with the "extended hex" alphabet, no padding, as
 * NSEC3 hashed owner names are written (RFC 5155 s3.3). */
static void put_base32hex(struct dns_text *t, const uint8_t *p, size_t n)
{
	static const char abc[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
	uint32_t acc = 0;
	unsigned bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8 | p[i]) & 0xFFFFu;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			dns_text_char(t, abc[(acc >> bits) & 31]);
		}
	}
	if (bits)
		dns_text_char(t, abc[(acc << (5 - bits)) & 31]);
}

static void put_type(struct dns_text *t, uint16_t type)
{
	char buf[DNS_TYPE_TEXT];
	dns_text_puts(t, dns_type_to_text(type, buf));
}

static void put_bitmap(struct dns_text *t, const uint8_t *bitmap, size_t n)
{
	struct dns_bitmap_iter it;
	uint16_t type;
	dns_bitmap_begin(&it, bitmap, n);
	while (dns_bitmap_next(&it, &type)) {
		dns_text_char(t, ' ');
		put_type(t, type);
	}
}

/* RFC 3597 s5: "\# <length> <hex>", the form any RDATA can take. */
static void put_generic(struct dns_text *t, const uint8_t *p, size_t n)
{
	dns_text_printf(t, "\\# %zu", n);
	if (n) {
		dns_text_char(t, ' ');
		put_hex(t, p, n);
	}
}

/* A CAA tag of letters and digits, the only kind zone files can spell
 * (RFC 8659 s4.1.1); any other tag makes the record print in the
 * RFC 3597 generic form, which every zone parser reads back. */
static bool caa_tag_printable(const uint8_t *tag, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = tag[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* ---- the views: rr.h's, one signature for the table ---------------------- */

static enum dns_err view_a(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			   union dns_rdata *v)
{
	return dns_rr_a(pkt, len, rr, v->a);
}

static enum dns_err view_aaaa(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			      union dns_rdata *v)
{
	return dns_rr_aaaa(pkt, len, rr, v->aaaa);
}

static enum dns_err view_target(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
				union dns_rdata *v)
{
	return dns_rr_target(pkt, len, rr, &v->target);
}

static enum dns_err view_mx(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			    union dns_rdata *v)
{
	return dns_rr_mx(pkt, len, rr, &v->mx);
}

static enum dns_err view_soa(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			     union dns_rdata *v)
{
	return dns_rr_soa(pkt, len, rr, &v->soa);
}

static enum dns_err view_txt(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			     union dns_rdata *v)
{
	return dns_rr_txt(pkt, len, rr, &v->txt);
}

static enum dns_err view_caa(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			     union dns_rdata *v)
{
	return dns_rr_caa(pkt, len, rr, &v->caa);
}

static enum dns_err view_rrsig(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			       union dns_rdata *v)
{
	return dns_rr_rrsig(pkt, len, rr, &v->rrsig);
}

static enum dns_err view_ds(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			    union dns_rdata *v)
{
	return dns_rr_ds(pkt, len, rr, &v->ds);
}

static enum dns_err view_dnskey(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
				union dns_rdata *v)
{
	return dns_rr_dnskey(pkt, len, rr, &v->dnskey);
}

static enum dns_err view_nsec(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			      union dns_rdata *v)
{
	return dns_rr_nsec(pkt, len, rr, &v->nsec);
}

static enum dns_err view_nsec3(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			       union dns_rdata *v)
{
	return dns_rr_nsec3(pkt, len, rr, &v->nsec3);
}

static enum dns_err view_nsec3param(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
				    union dns_rdata *v)
{
	return dns_rr_nsec3param(pkt, len, rr, &v->nsec3param);
}

/* ---- the printers: presentation format of each type ---------------------- */

static bool print_a(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v)
{
	(void)pkt, (void)len;
	dns_text_printf(t, "%u.%u.%u.%u", v->a[0], v->a[1], v->a[2], v->a[3]);
	return true;
}

static bool print_aaaa(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v)
{
	(void)pkt, (void)len;
	char buf[INET6_ADDRSTRLEN];
	if (!inet_ntop(AF_INET6, v->aaaa, buf, sizeof buf))
		return false;
	dns_text_puts(t, buf);
	return true;
}

static bool print_target(struct dns_text *t, const uint8_t *pkt, size_t len,
			 const union dns_rdata *v)
{
	dns_text_name_at(t, pkt, len, v->target);
	return true;
}

static bool print_mx(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v)
{
	dns_text_printf(t, "%u ", v->mx.preference);
	dns_text_name_at(t, pkt, len, v->mx.exchange);
	return true;
}

static bool print_soa(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v)
{
	const struct dns_soa *s = &v->soa;
	dns_text_name_at(t, pkt, len, s->mname);
	dns_text_char(t, ' ');
	dns_text_name_at(t, pkt, len, s->rname);
	dns_text_printf(t, " %u %u %u %u %u", s->serial, s->refresh, s->retry, s->expire,
			s->minimum);
	return true;
}

static bool print_txt(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v)
{
	(void)pkt, (void)len;
	struct dns_strings it = v->txt;
	const uint8_t *s;
	size_t n;
	if (it.p == it.end)
		return false; /* an empty TXT has no typed form */
	for (bool first = true; dns_txt_next(&it, &s, &n); first = false) {
		if (!first)
			dns_text_char(t, ' ');
		dns_text_quoted(t, s, n);
	}
	return true;
}

static bool print_caa(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v)
{
	(void)pkt, (void)len;
	const struct dns_caa_rr *c = &v->caa;
	if (!caa_tag_printable(c->tag, c->tag_len))
		return false;
	dns_text_printf(t, "%u ", c->flags);
	dns_text_put(t, (const char *)c->tag, c->tag_len);
	dns_text_char(t, ' ');
	dns_text_quoted(t, c->value, c->value_len);
	return true;
}

static bool print_rrsig(struct dns_text *t, const uint8_t *pkt, size_t len,
			const union dns_rdata *v)
{
	const struct dns_rrsig *s = &v->rrsig;
	put_type(t, s->type_covered);
	dns_text_printf(t, " %u %u %u ", s->algorithm, s->labels, s->original_ttl);
	dns_text_sigtime(t, s->expiration);
	dns_text_char(t, ' ');
	dns_text_sigtime(t, s->inception);
	dns_text_printf(t, " %u ", s->key_tag);
	dns_text_name_at(t, pkt, len, s->signer);
	dns_text_char(t, ' ');
	put_base64(t, s->signature, s->signature_len);
	return true;
}

static bool print_ds(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v)
{
	(void)pkt, (void)len;
	const struct dns_ds *d = &v->ds;
	dns_text_printf(t, "%u %u %u ", d->key_tag, d->algorithm, d->digest_type);
	put_hex(t, d->digest, d->digest_len);
	return true;
}

static bool print_dnskey(struct dns_text *t, const uint8_t *pkt, size_t len,
			 const union dns_rdata *v)
{
	(void)pkt, (void)len;
	const struct dns_dnskey *k = &v->dnskey;
	dns_text_printf(t, "%u %u %u ", k->flags, k->protocol, k->algorithm);
	put_base64(t, k->key, k->key_len);
	return true;
}

static bool print_nsec(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v)
{
	dns_text_name_at(t, pkt, len, v->nsec.next);
	put_bitmap(t, v->nsec.bitmap, v->nsec.bitmap_len);
	return true;
}

/* RFC 5155 s3.3 and s4.3: a salt in hex, or "-" for none */
static void put_salt(struct dns_text *t, const uint8_t *salt, size_t n)
{
	if (n)
		put_hex(t, salt, n);
	else
		dns_text_char(t, '-');
}

static bool print_nsec3(struct dns_text *t, const uint8_t *pkt, size_t len,
			const union dns_rdata *v)
{
	(void)pkt, (void)len;
	const struct dns_nsec3 *n = &v->nsec3;
	dns_text_printf(t, "%u %u %u ", n->hash_algorithm, n->flags, n->iterations);
	put_salt(t, n->salt, n->salt_len);
	dns_text_char(t, ' ');
	put_base32hex(t, n->next_hashed, n->next_hashed_len);
	put_bitmap(t, n->bitmap, n->bitmap_len);
	return true;
}

static bool print_nsec3param(struct dns_text *t, const uint8_t *pkt, size_t len,
			     const union dns_rdata *v)
{
	(void)pkt, (void)len;
	const struct dns_nsec3param *p = &v->nsec3param;
	dns_text_printf(t, "%u %u %u ", p->hash_algorithm, p->flags, p->iterations);
	put_salt(t, p->salt, p->salt_len);
	return true;
}

/* ---- the table ---------------------------------------------------------- */

/* The table is indexed by the type number modulo TYPE_SLOTS, so finding a
 * record's row costs one division by a constant and one comparison, in
 * the parser's loop over every record. 29 is the smallest modulus that
 * gives each known type a slot of its own; a new type whose slot is
 * taken is a compile error (a designated initializer given twice:
 * -Woverride-init, in -Wextra), and then the modulus must grow. Empty
 * slots have no format. A row is 6 octets: the views and printers are
 * per format, in the table after it.
 *
 * Every row is checked by the parser but NSEC3PARAM's: such a record
 * decides nothing here, and a malformed one is only printed generically
 * (the parser accepted it before its view existed; refusing the message
 * now would change what `decode` and the resolver accept). */
#define TYPE_SLOTS 29
#define ROW(type, format, in_only, checked)                                                        \
	[(type) % TYPE_SLOTS] = {(type), (format), (in_only), (checked)}

static const struct dns_rdata_type types[TYPE_SLOTS] = {
    ROW(DNS_T_A, DNS_RF_A, true, true),
    ROW(DNS_T_NS, DNS_RF_NAME, false, true),
    ROW(DNS_T_CNAME, DNS_RF_NAME, false, true),
    ROW(DNS_T_SOA, DNS_RF_SOA, false, true),
    ROW(DNS_T_PTR, DNS_RF_NAME, false, true),
    ROW(DNS_T_MX, DNS_RF_MX, false, true),
    ROW(DNS_T_TXT, DNS_RF_TXT, false, true),
    ROW(DNS_T_AAAA, DNS_RF_AAAA, true, true),
    ROW(DNS_T_DNAME, DNS_RF_NAME, false, true),
    ROW(DNS_T_DS, DNS_RF_DS, false, true),
    ROW(DNS_T_RRSIG, DNS_RF_RRSIG, false, true),
    ROW(DNS_T_NSEC, DNS_RF_NSEC, false, true),
    ROW(DNS_T_DNSKEY, DNS_RF_DNSKEY, false, true),
    ROW(DNS_T_NSEC3, DNS_RF_NSEC3, false, true),
    ROW(DNS_T_NSEC3PARAM, DNS_RF_NSEC3PARAM, false, false),
    ROW(DNS_T_CAA, DNS_RF_CAA, false, true),
};

/* Each format's view and printer. */
static const struct {
	enum dns_err (*view)(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
			     union dns_rdata *v);
	bool (*print)(struct dns_text *t, const uint8_t *pkt, size_t len, const union dns_rdata *v);
} formats[] = {
    [DNS_RF_A] = {view_a, print_a},
    [DNS_RF_AAAA] = {view_aaaa, print_aaaa},
    [DNS_RF_NAME] = {view_target, print_target},
    [DNS_RF_MX] = {view_mx, print_mx},
    [DNS_RF_SOA] = {view_soa, print_soa},
    [DNS_RF_TXT] = {view_txt, print_txt},
    [DNS_RF_CAA] = {view_caa, print_caa},
    [DNS_RF_RRSIG] = {view_rrsig, print_rrsig},
    [DNS_RF_DS] = {view_ds, print_ds},
    [DNS_RF_DNSKEY] = {view_dnskey, print_dnskey},
    [DNS_RF_NSEC] = {view_nsec, print_nsec},
    [DNS_RF_NSEC3] = {view_nsec3, print_nsec3},
    [DNS_RF_NSEC3PARAM] = {view_nsec3param, print_nsec3param},
};

static inline const struct dns_rdata_type *row_of(const struct dns_rr *rr)
{
	const struct dns_rdata_type *k = &types[rr->type % TYPE_SLOTS];
	if (k->format == DNS_RF_NONE || k->type != rr->type)
		return NULL;
	if (k->class_in_only && rr->rclass != DNS_C_IN)
		return NULL;
	return k;
}

const struct dns_rdata_type *dns_rdata_type_of(const struct dns_rr *rr)
{
	return row_of(rr);
}

/* msg.h: the parser's check of every record (RFC 3597: unknown types are
 * opaque) */
enum dns_err dns_rdata_check(const uint8_t *pkt, size_t len, const struct dns_rr *rr)
{
	const struct dns_rdata_type *k = row_of(rr);
	union dns_rdata v;
	return k && k->checked ? formats[k->format].view(pkt, len, rr, &v) : DNS_OK;
}

enum dns_err dns_rdata_view(const struct dns_rdata_type *k, const uint8_t *pkt, size_t len,
			    const struct dns_rr *rr, union dns_rdata *v)
{
	return formats[k->format].view(pkt, len, rr, v);
}

bool dns_rdata_print(const struct dns_rdata_type *k, struct dns_text *t, const uint8_t *pkt,
		     size_t len, const union dns_rdata *v)
{
	return formats[k->format].print(t, pkt, len, v);
}

/* ---- records as text (text.h) -------------------------------------------- */

void dns_text_rdata(struct dns_text *t, const uint8_t *pkt, size_t len, const struct dns_rr *rr)
{
	const struct dns_rdata_type *k = dns_rdata_type_of(rr);
	union dns_rdata v;
	size_t mark = t->len;
	if (k && dns_rdata_view(k, pkt, len, rr, &v) == DNS_OK &&
	    dns_rdata_print(k, t, pkt, len, &v))
		return;
	/* undo any partial typed output before the generic form */
	if (!t->overflow && t->len != mark) {
		t->len = mark;
		t->buf[mark] = '\0';
	}
	put_generic(t, pkt + rr->rdata, rr->rdlen);
}

void dns_text_rr(struct dns_text *t, const struct dns_msg *m, const struct dns_rr *rr)
{
	char buf[DNS_TYPE_TEXT];
	dns_text_name_at(t, m->pkt, m->len, rr->owner);
	dns_text_printf(t, "\t%u\t", rr->ttl);
	dns_text_puts(t, dns_class_to_text(rr->rclass, buf));
	dns_text_char(t, '\t');
	put_type(t, rr->type);
	dns_text_char(t, '\t');
	dns_text_rdata(t, m->pkt, m->len, rr);
}
