/* The fetch loop of fetch.h: the I/O around the pure engine. */
#include "dnssec/fetch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dns/query.h"
#include "dns/types.h"

/* One fetched answer, owned here: a copy of the packet, parsed again. */
struct fetched {
	uint8_t *pkt;
	struct dns_rr *rr;
	struct dns_msg msg;
	uint8_t qname[DNS_MAX_NAME];
	bool ok;
	unsigned server;
};

struct ask {
	struct fetched *f;
	dnssec_fetch_trace_fn trace;
	void *trace_ctx;
	uint16_t type;
};

static void on_done(void *ctx, const struct dns_result *r)
{
	struct ask *a = ctx;
	struct fetched *f = a->f;
	if (a->trace)
		a->trace(a->trace_ctx, f->qname, a->type, r);
	f->server = r->server >= 0 ? (unsigned)r->server : 0;
	if (!r->msg || !(r->error == DNS_EC_NONE || r->error == DNS_EC_NXDOMAIN))
		return;
	size_t cap = (size_t)r->msg->counts[1] + r->msg->counts[2] + r->msg->counts[3];
	f->pkt = malloc(r->msg->len);
	f->rr = malloc((cap ? cap : 1) * sizeof *f->rr);
	if (!f->pkt || !f->rr)
		return;
	memcpy(f->pkt, r->msg->pkt, r->msg->len);
	f->ok = dns_msg_parse(&f->msg, f->pkt, r->msg->len, f->rr, cap ? cap : 1) == DNS_OK;
}

int dnssec_fetch_validate(const struct resolver_config *cfg, const struct dnssec_anchors *ta,
			  const struct dns_msg *answer, const uint8_t *qname, uint16_t qtype,
			  unsigned answer_server, uint64_t now, struct dnssec_result *out,
			  dnssec_fetch_trace_fn trace, void *trace_ctx)
{
	struct dnssec_input in[DNSSEC_FETCH_MAX + 1];
	struct fetched *got = calloc(DNSSEC_FETCH_MAX, sizeof *got);
	if (!got)
		return -1;
	in[0] = (struct dnssec_input){answer, qname, qtype, answer_server};
	size_t n = 1;
	int rc = 0;
	for (;;) {
		dnssec_validate(in, n, ta, now, out);
		if (!out->need)
			break;
		if (n - 1 == DNSSEC_FETCH_MAX) {
			/* cannot happen within the engine's own depth limit; a
			 * guard all the same */
			out->need = false;
			out->status = DNSSEC_INDETERMINATE;
			dnssec_why_set(&out->why, DNSSEC_R_LIMIT, NULL, out->need_name,
				       out->need_type);
			out->why.limit = DNSSEC_LIMIT_DEPTH;
			break;
		}
		struct fetched *f = &got[n - 1];
		memcpy(f->qname, out->need_name, dns_name_len(out->need_name));
		struct dns_question q = {.type = out->need_type,
					 .flags = DNS_Q_RD | DNS_Q_DO | DNS_Q_CD | RES_NO_FOLLOW};
		memcpy(q.name, f->qname, dns_name_len(f->qname));
		struct ask a = {f, trace, trace_ctx, out->need_type};
		if (resolver_ask(cfg, &q, on_done, &a) != 0) {
			rc = -1;
			out->status = DNSSEC_INDETERMINATE;
			dnssec_why_set(&out->why, DNSSEC_R_FETCH_FAILED, NULL, f->qname, q.type);
			break;
		}
		/* no usable answer: the engine gets msg NULL and decides */
		in[n] = (struct dnssec_input){f->ok ? &f->msg : NULL, f->qname, q.type, f->server};
		n++;
	}
	int saved = errno;
	for (size_t i = 0; i < DNSSEC_FETCH_MAX; i++) {
		free(got[i].pkt);
		free(got[i].rr);
	}
	free(got);
	errno = saved;
	return rc;
}
