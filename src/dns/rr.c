/* Typed views of RDATA. Every view reads through a reader bounded by the
 * RDATA's end, and names inside RDATA are bounded by it too (a name that
 * runs into the next record is DNS_E_RDATA_NAME: the Treck CVE-2020-11901
 * family), so no field can be taken from outside its own record. */
#include "dns/rr.h"

#include "dns/types.h"
#include "dns/wire.h"

/* A reader over one record's RDATA, positioned at its first octet. */
static void rdata_reader(struct dns_reader *r, const uint8_t *pkt,
			 const struct dns_rr *rr)
{
	dns_reader_init(r, pkt, (size_t)rr->rdata + rr->rdlen);
	r->pos = rr->rdata;
}

/* Reads a name inside RDATA; the message's full length lets compression
 * pointers reach back into it. Returns the name's offset. */
static uint16_t read_name(struct dns_reader *r, size_t msg_len)
{
	if (r->err)
		return 0;
	size_t start = r->pos, next;
	enum dns_err e = dns_name_unpack(r->buf, msg_len, start, r->len,
					 &next, NULL, NULL);
	if (e) {
		/* A name that runs off the RDATA (not off the message) is
		 * the RDATA's fault: say so. */
		if (e == DNS_E_NAME_UNTERMINATED || e == DNS_E_PTR_CUT)
			e = DNS_E_RDATA_NAME;
		dns_reader_fail(r, e);
		return 0;
	}
	r->pos = next;
	return (uint16_t)start;
}

/* The RDATA must be used up exactly: anything read past it is a short
 * RDATA, anything left over a long one; both are DNS_E_RDATA_LEN. */
static enum dns_err finish(struct dns_reader *r)
{
	if (r->err == DNS_E_SHORT)
		return DNS_E_RDATA_LEN;
	if (r->err)
		return r->err;
	return r->pos == r->len ? DNS_OK : DNS_E_RDATA_LEN;
}

enum dns_err dns_rr_a(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
		      uint8_t addr[4])
{
	(void)len;
	if (rr->type != DNS_T_A)
		return DNS_E_ARG;
	if (rr->rdlen != 4)
		return DNS_E_RDATA_LEN;
	for (int i = 0; i < 4; i++)
		addr[i] = pkt[rr->rdata + i];
	return DNS_OK;
}

enum dns_err dns_rr_aaaa(const uint8_t *pkt, size_t len,
			 const struct dns_rr *rr, uint8_t addr[16])
{
	(void)len;
	if (rr->type != DNS_T_AAAA)
		return DNS_E_ARG;
	if (rr->rdlen != 16)
		return DNS_E_RDATA_LEN;
	for (int i = 0; i < 16; i++)
		addr[i] = pkt[rr->rdata + i];
	return DNS_OK;
}

enum dns_err dns_rr_target(const uint8_t *pkt, size_t len,
			   const struct dns_rr *rr, uint16_t *name)
{
	if (rr->type != DNS_T_NS && rr->type != DNS_T_CNAME &&
	    rr->type != DNS_T_DNAME && rr->type != DNS_T_PTR)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	*name = read_name(&r, len);
	return finish(&r);
}

enum dns_err dns_rr_mx(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
		       struct dns_mx *mx)
{
	if (rr->type != DNS_T_MX)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	mx->preference = dns_read_u16(&r);
	mx->exchange = read_name(&r, len);
	return finish(&r);
}

enum dns_err dns_rr_soa(const uint8_t *pkt, size_t len,
			const struct dns_rr *rr, struct dns_soa *soa)
{
	if (rr->type != DNS_T_SOA)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	soa->mname = read_name(&r, len);
	soa->rname = read_name(&r, len);
	soa->serial = dns_read_u32(&r);
	soa->refresh = dns_read_u32(&r);
	soa->retry = dns_read_u32(&r);
	soa->expire = dns_read_u32(&r);
	soa->minimum = dns_read_u32(&r);
	return finish(&r);
}

/* RFC 8659 s4.1: flags (1), tag length (1), tag, value (the rest). The tag
 * is 1..15 letters and digits for a sender; a receiver takes any tag
 * length that fits (longer or odd tags are unknown properties: the CAA
 * layer decides what they mean), but length 0 is not a CAA record. */
enum dns_err dns_rr_caa(const uint8_t *pkt, size_t len,
			const struct dns_rr *rr, struct dns_caa_rr *caa)
{
	(void)len;
	if (rr->type != DNS_T_CAA)
		return DNS_E_ARG;
	if (rr->rdlen < 2)
		return DNS_E_CAA_SHORT;
	const uint8_t *p = pkt + rr->rdata;
	size_t tag_len = p[1];
	if (tag_len == 0)
		return DNS_E_CAA_TAG_LEN0;
	if (tag_len > (size_t)rr->rdlen - 2)
		return DNS_E_CAA_TAG_PAST;
	caa->flags = p[0];
	caa->tag = p + 2;
	caa->tag_len = tag_len;
	caa->value = p + 2 + tag_len;
	caa->value_len = rr->rdlen - 2 - tag_len;
	return DNS_OK;
}

enum dns_err dns_rr_txt(const uint8_t *pkt, size_t len,
			const struct dns_rr *rr, struct dns_strings *it)
{
	(void)len;
	if (rr->type != DNS_T_TXT)
		return DNS_E_ARG;
	const uint8_t *p = pkt + rr->rdata, *end = p + rr->rdlen;
	it->p = p;
	it->end = end;
	while (p < end) {
		size_t n = *p;
		if (n > (size_t)(end - p) - 1)
			return DNS_E_TXT_LEN;
		p += n + 1;
	}
	return DNS_OK;
}

bool dns_txt_next(struct dns_strings *it, const uint8_t **s, size_t *n)
{
	if (it->p >= it->end)
		return false;
	*n = *it->p;
	*s = it->p + 1;
	it->p += *n + 1;
	return true;
}

enum dns_err dns_rr_rrsig(const uint8_t *pkt, size_t len,
			  const struct dns_rr *rr, struct dns_rrsig *sig)
{
	if (rr->type != DNS_T_RRSIG)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	sig->type_covered = dns_read_u16(&r);
	sig->algorithm = dns_read_u8(&r);
	sig->labels = dns_read_u8(&r);
	sig->original_ttl = dns_read_u32(&r);
	sig->expiration = dns_read_u32(&r);
	sig->inception = dns_read_u32(&r);
	sig->key_tag = dns_read_u16(&r);
	sig->signer = read_name(&r, len);
	sig->signature_len = dns_reader_left(&r);
	sig->signature = dns_read_bytes(&r, sig->signature_len);
	return finish(&r);
}

enum dns_err dns_rr_ds(const uint8_t *pkt, size_t len, const struct dns_rr *rr,
		       struct dns_ds *ds)
{
	(void)len;
	if (rr->type != DNS_T_DS)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	ds->key_tag = dns_read_u16(&r);
	ds->algorithm = dns_read_u8(&r);
	ds->digest_type = dns_read_u8(&r);
	ds->digest_len = dns_reader_left(&r);
	ds->digest = dns_read_bytes(&r, ds->digest_len);
	return finish(&r);
}

enum dns_err dns_rr_dnskey(const uint8_t *pkt, size_t len,
			   const struct dns_rr *rr, struct dns_dnskey *key)
{
	(void)len;
	if (rr->type != DNS_T_DNSKEY)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	key->flags = dns_read_u16(&r);
	key->protocol = dns_read_u8(&r);
	key->algorithm = dns_read_u8(&r);
	key->key_len = dns_reader_left(&r);
	key->key = dns_read_bytes(&r, key->key_len);
	return finish(&r);
}

/* RFC 4034 s4.1.2: windows in increasing order, each with 1..32 octets of
 * bits. Bits for pseudo-types (OPT, TSIG...) are allowed and ignored by
 * readers: systemd-resolved's CVE-2017-15908 looped on them. */
static enum dns_err check_bitmap(const uint8_t *p, size_t n)
{
	int last_window = -1;
	size_t i = 0;
	while (i < n) {
		if (n - i < 2)
			return DNS_E_NSEC_BITMAP;
		unsigned window = p[i], wlen = p[i + 1];
		if ((int)window <= last_window || wlen == 0 || wlen > 32 ||
		    wlen > n - i - 2)
			return DNS_E_NSEC_BITMAP;
		last_window = (int)window;
		i += 2 + wlen;
	}
	return DNS_OK;
}

enum dns_err dns_rr_nsec(const uint8_t *pkt, size_t len,
			 const struct dns_rr *rr, struct dns_nsec *nsec)
{
	if (rr->type != DNS_T_NSEC)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	nsec->next = read_name(&r, len);
	nsec->bitmap_len = dns_reader_left(&r);
	nsec->bitmap = dns_read_bytes(&r, nsec->bitmap_len);
	enum dns_err e = finish(&r);
	return e ? e : check_bitmap(nsec->bitmap, nsec->bitmap_len);
}

enum dns_err dns_rr_nsec3(const uint8_t *pkt, size_t len,
			  const struct dns_rr *rr, struct dns_nsec3 *nsec3)
{
	(void)len;
	if (rr->type != DNS_T_NSEC3)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	nsec3->hash_algorithm = dns_read_u8(&r);
	nsec3->flags = dns_read_u8(&r);
	nsec3->iterations = dns_read_u16(&r);
	nsec3->salt_len = dns_read_u8(&r);
	nsec3->salt = dns_read_bytes(&r, nsec3->salt_len);
	nsec3->next_hashed_len = dns_read_u8(&r);
	nsec3->next_hashed = dns_read_bytes(&r, nsec3->next_hashed_len);
	nsec3->bitmap_len = dns_reader_left(&r);
	nsec3->bitmap = dns_read_bytes(&r, nsec3->bitmap_len);
	enum dns_err e = finish(&r);
	if (!e && nsec3->next_hashed_len == 0)
		e = DNS_E_RDATA_LEN; /* RFC 5155 s3.2: the hash is never empty */
	return e ? e : check_bitmap(nsec3->bitmap, nsec3->bitmap_len);
}

enum dns_err dns_rr_nsec3param(const uint8_t *pkt, size_t len,
			       const struct dns_rr *rr, struct dns_nsec3param *p)
{
	(void)len;
	if (rr->type != DNS_T_NSEC3PARAM)
		return DNS_E_ARG;
	struct dns_reader r;
	rdata_reader(&r, pkt, rr);
	p->hash_algorithm = dns_read_u8(&r);
	p->flags = dns_read_u8(&r);
	p->iterations = dns_read_u16(&r);
	p->salt_len = dns_read_u8(&r);
	p->salt = dns_read_bytes(&r, p->salt_len);
	return finish(&r);
}

void dns_bitmap_begin(struct dns_bitmap_iter *it, const uint8_t *bitmap,
		      size_t len)
{
	it->p = bitmap;
	it->end = bitmap + len;
	it->window = 0;
	it->octet = 0;
	it->bit = 0;
	it->win_len = 0;
}

bool dns_bitmap_next(struct dns_bitmap_iter *it, uint16_t *type)
{
	for (;;) {
		if (it->octet >= it->win_len) {
			/* start the next window */
			if (it->win_len) {
				it->p += 2 + it->win_len;
				it->win_len = 0;
			}
			if (it->end - it->p < 2)
				return false;
			it->window = it->p[0];
			it->win_len = it->p[1];
			it->octet = 0;
			it->bit = 0;
		}
		uint8_t bits = it->p[2 + it->octet];
		while (it->bit < 8) {
			unsigned b = it->bit++;
			if (bits & (0x80u >> b)) {
				*type = (uint16_t)(it->window << 8 |
						   (it->octet * 8 + b));
				return true;
			}
		}
		it->bit = 0;
		it->octet++;
	}
}

void dns_opt_begin(struct dns_opt_iter *it, const struct dns_msg *m)
{
	it->p = m->pkt + m->edns.options;
	it->end = it->p + (m->edns.present ? m->edns.options_len : 0);
}

bool dns_opt_next(struct dns_opt_iter *it, struct dns_opt_option *o)
{
	/* RFC 6891 s6.1.2: code, length, data; the parser checked that
	 * every option fits the OPT RDATA */
	if (it->end - it->p < 4)
		return false;
	o->code = dns_get_u16(it->p);
	o->len = dns_get_u16(it->p + 2);
	o->data = it->p + 4;
	it->p += 4 + o->len;
	return true;
}

enum dns_err dns_ede_parse(const struct dns_opt_option *o,
			   struct dns_ede *ede)
{
	if (o->code != DNS_OPT_EDE)
		return DNS_E_ARG;
	if (o->len < 2)
		return DNS_E_RDATA_LEN;
	ede->info_code = dns_get_u16(o->data); /* RFC 8914 s2: INFO-CODE, EXTRA-TEXT */
	ede->text = o->data + 2;
	ede->text_len = o->len - 2u;
	return DNS_OK;
}

bool dns_first_ede(const struct dns_msg *m, struct dns_ede *ede)
{
	struct dns_opt_iter it;
	struct dns_opt_option o;
	dns_opt_begin(&it, m);
	while (dns_opt_next(&it, &o))
		if (o.code == DNS_OPT_EDE && dns_ede_parse(&o, ede) == DNS_OK)
			return true;
	return false;
}
