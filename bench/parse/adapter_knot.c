/* libknot (Debian's libknot-dev): knot_pkt_new over the caller's buffer
 * (no copy), knot_pkt_parse with no flags, knot_pkt_free. No memory
 * context is given, so libknot uses malloc, as a program that does not
 * bring its own pool would. */
#define _DEFAULT_SOURCE /* be16toh and friends in libknot/wire.h */
#include <stdio.h>

#include <libknot/libknot.h>

#include "adapter.h"

const char bench_adapter_name[] = "libknot";

int bench_parse(uint8_t *wire, size_t len)
{
	knot_pkt_t *pkt = knot_pkt_new(wire, (uint16_t)len, NULL);
	if (pkt == NULL)
		return KNOT_ENOMEM;
	int ret = knot_pkt_parse(pkt, 0);
	knot_pkt_free(pkt);
	return ret;
}

static unsigned section_rrs(const knot_pkt_t *pkt, knot_section_t id)
{
	const knot_pktsection_t *sec = knot_pkt_section(pkt, id);
	unsigned n = 0;
	for (uint16_t i = 0; i < sec->count; i++)
		n += knot_pkt_rr(sec, i)->rrs.count;
	return n;
}

int bench_parse_summary(uint8_t *wire, size_t len, struct bench_summary *s,
			char *err, size_t err_len)
{
	knot_pkt_t *pkt = knot_pkt_new(wire, (uint16_t)len, NULL);
	if (pkt == NULL) {
		snprintf(err, err_len, "knot_pkt_new failed");
		return KNOT_ENOMEM;
	}
	int ret = knot_pkt_parse(pkt, 0);
	if (ret != KNOT_EOK) {
		snprintf(err, err_len, "knot_pkt_parse: %s (%d) at offset %zu",
			 knot_strerror(ret), ret, pkt->parsed);
		knot_pkt_free(pkt);
		return ret;
	}
	s->rcode = knot_wire_get_rcode(pkt->wire);
	s->qtype = knot_pkt_qtype(pkt);
	s->an = section_rrs(pkt, KNOT_ANSWER);
	s->ns = section_rrs(pkt, KNOT_AUTHORITY);
	s->ar = section_rrs(pkt, KNOT_ADDITIONAL);
	s->edns = pkt->opt_rr != NULL;
	knot_pkt_free(pkt);
	return 0;
}
