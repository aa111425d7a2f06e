/* The validation session of session.h: the fetch loop with a bounded
 * memory of DS and DNSKEY answers. */
#include "dnssec/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/query.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dnssec/canon.h"
#include "dnssec/fetch.h"

#if ACMEPROBE_DNSSEC

/* One DS or DNSKEY answer, owned: a copy of the packet, parsed again. */
struct kept {
	uint8_t name[DNS_MAX_NAME]; /* lower case */
	uint16_t type;
	bool ok; /* an answer (NOERROR or NXDOMAIN) came and parsed */
	unsigned server;
	uint8_t *pkt;
	struct dns_rr *rr;
	struct dns_msg msg;
};

struct dnssec_session {
	const struct resolver_config *cfg;
	const struct dnssec_anchors *ta;
	uint64_t now;
	dnssec_session_trace_fn trace;
	void *trace_ctx;
	struct kept *kept;
	size_t count;
	unsigned long asked;
	bool builtin, builtin_known; /* ta is the root's KSKs built in */
};

struct dnssec_session *dnssec_session_new(const struct resolver_config *cfg,
					  const struct dnssec_anchors *ta, uint64_t now)
{
	struct dnssec_session *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->kept = calloc(DNSSEC_SESSION_ANSWERS, sizeof *s->kept);
	if (!s->kept) {
		free(s);
		return NULL;
	}
	s->cfg = cfg;
	s->ta = ta;
	s->now = now;
	return s;
}

/* (compared when first asked: the caller may fill the anchors after
 * making the session) */
bool dnssec_session_builtin_anchors(struct dnssec_session *s)
{
	if (s->builtin_known)
		return s->builtin;
	struct dnssec_anchors *root = malloc(sizeof *root);
	if (!root)
		return false; /* asked again next time */
	dnssec_anchors_builtin(root);
	bool same = s->ta->count == root->count;
	for (size_t i = 0; same && i < s->ta->count; i++) {
		const struct dnssec_anchor *a = &s->ta->a[i], *b = &root->a[i];
		same = a->type == b->type && a->rdlen == b->rdlen &&
		       dns_name_equal(a->owner, b->owner) &&
		       memcmp(a->rdata, b->rdata, a->rdlen) == 0;
	}
	free(root);
	s->builtin = same;
	s->builtin_known = true;
	return same;
}

static void forget_all(struct dnssec_session *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->kept[i].pkt);
		free(s->kept[i].rr);
	}
	memset(s->kept, 0, s->count * sizeof *s->kept);
	s->count = 0;
}

void dnssec_session_free(struct dnssec_session *s)
{
	if (!s)
		return;
	forget_all(s);
	free(s->kept);
	free(s);
}

void dnssec_session_set_trace(struct dnssec_session *s, dnssec_session_trace_fn trace, void *ctx)
{
	s->trace = trace;
	s->trace_ctx = ctx;
}

unsigned long dnssec_session_asked(const struct dnssec_session *s)
{
	return s->asked;
}

static const struct kept *find(const struct dnssec_session *s, const uint8_t *name, uint16_t type)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->kept[i].type == type && dns_name_equal(s->kept[i].name, name))
			return &s->kept[i];
	return NULL;
}

struct asking {
	struct dnssec_session *s;
	struct kept *k;
};

static void trace_answer(const struct dnssec_session *s, const struct kept *k,
			 const struct dns_result *r)
{
	char name[DNS_MAX_NAME_TEXT], type[DNS_TYPE_TEXT], rcode[DNS_TYPE_TEXT];
	char addr[NET_ADDR_TEXT], line[DNS_MAX_NAME_TEXT + 160];
	struct dns_text t;
	dns_text_init(&t, name, sizeof name);
	dns_text_name(&t, k->name);
	dns_type_to_text(k->type, type);
	if (r->msg)
		snprintf(line, sizeof line,
			 "dnssec: asked %s %s (RD DO CD) -> %s, %u answer record(s) from %s", name,
			 type, dns_rcode_to_text(r->rcode, rcode), r->msg->counts[1],
			 r->server >= 0 ? net_addr_text(&s->cfg->servers[r->server], addr) : "?");
	else
		snprintf(line, sizeof line, "dnssec: asked %s %s (RD DO CD) -> no answer (%s)",
			 name, type, r->detail ? r->detail : "error");
	/* R-DNSSEC-3: the chain of trust, DS and DNSKEY from the anchor down
	 * (RFC 4035 s5.2, s5.3) */
	s->trace(s->trace_ctx, "R-DNSSEC-3", line);
}

static void on_answer(void *ctx, const struct dns_result *r)
{
	struct asking *a = ctx;
	struct kept *k = a->k;
	if (a->s->trace)
		trace_answer(a->s, k, r);
	k->server = r->server >= 0 ? (unsigned)r->server : 0;
	if (!r->msg || !(r->error == DNS_EC_NONE || r->error == DNS_EC_NXDOMAIN))
		return;
	size_t cap = (size_t)r->msg->counts[1] + r->msg->counts[2] + r->msg->counts[3];
	if (!cap)
		cap = 1;
	k->pkt = malloc(r->msg->len);
	k->rr = malloc(cap * sizeof *k->rr);
	if (!k->pkt || !k->rr)
		return;
	memcpy(k->pkt, r->msg->pkt, r->msg->len);
	k->ok = dns_msg_parse(&k->msg, k->pkt, r->msg->len, k->rr, cap) == DNS_OK;
}

/* Asks (name, type) through the resolver and keeps the answer, usable or
 * not (a failed question is not asked again in this session). */
static const struct kept *ask(struct dnssec_session *s, const uint8_t *name, uint16_t type)
{
	struct kept *k = &s->kept[s->count++];
	memset(k, 0, sizeof *k);
	memcpy(k->name, name, dns_name_len(name));
	dnssec_name_lower(k->name);
	k->type = type;
	struct dns_question q = {.type = type,
				 .flags = DNS_Q_RD | DNS_Q_DO | DNS_Q_CD | RES_NO_FOLLOW};
	memcpy(q.name, k->name, dns_name_len(k->name));
	struct asking a = {s, k};
	s->asked++;
	if (resolver_ask(s->cfg, &q, on_answer, &a) != 0) {
		int saved = errno;
		free(k->pkt);
		free(k->rr);
		s->count--;
		errno = saved;
		return NULL;
	}
	return k;
}

int dnssec_session_validate(struct dnssec_session *s, const struct dnssec_input *given, size_t n,
			    struct dnssec_result *out)
{
	struct dnssec_input in[DNSSEC_SESSION_GIVEN + DNSSEC_FETCH_MAX];
	if (n == 0 || n > DNSSEC_SESSION_GIVEN) {
		dnssec_validate(given, 0, s->ta, s->now, out);
		return 0;
	}
	/* room for every question one run can ask: the kept answers are
	 * dropped here, between runs, never while the inputs point at them */
	if (s->count + DNSSEC_FETCH_MAX > DNSSEC_SESSION_ANSWERS)
		forget_all(s);
	memcpy(in, given, n * sizeof *in);
	for (size_t asked_here = 0;; asked_here++) {
		dnssec_validate(in, n, s->ta, s->now, out);
		if (!out->need)
			return 0;
		if (asked_here == DNSSEC_FETCH_MAX) {
			/* cannot happen within the engine's own depth limit; a
			 * guard all the same */
			out->need = false;
			out->status = DNSSEC_INDETERMINATE;
			dnssec_why_set(&out->why, DNSSEC_R_LIMIT, NULL, out->need_name,
				       out->need_type);
			out->why.limit = DNSSEC_LIMIT_DEPTH;
			return 0;
		}
		const struct kept *k = find(s, out->need_name, out->need_type);
		if (!k)
			k = ask(s, out->need_name, out->need_type);
		if (!k) {
			out->need = false;
			out->status = DNSSEC_INDETERMINATE;
			dnssec_why_set(&out->why, DNSSEC_R_FETCH_FAILED, NULL, out->need_name,
				       out->need_type);
			return -1;
		}
		/* no usable answer: the engine gets msg NULL and decides */
		in[n++] =
		    (struct dnssec_input){k->ok ? &k->msg : NULL, k->name, k->type, k->server};
	}
}

#else /* !ACMEPROBE_DNSSEC (make tiny): nothing to keep, nothing to ask */

struct dnssec_session {
	int unused;
};

struct dnssec_session *dnssec_session_new(const struct resolver_config *cfg,
					  const struct dnssec_anchors *ta, uint64_t now)
{
	(void)cfg;
	(void)ta;
	(void)now;
	return NULL;
}

void dnssec_session_free(struct dnssec_session *s)
{
	(void)s;
}

void dnssec_session_set_trace(struct dnssec_session *s, dnssec_session_trace_fn trace, void *ctx)
{
	(void)s;
	(void)trace;
	(void)ctx;
}

unsigned long dnssec_session_asked(const struct dnssec_session *s)
{
	(void)s;
	return 0;
}

bool dnssec_session_builtin_anchors(struct dnssec_session *s)
{
	(void)s;
	return false;
}

int dnssec_session_validate(struct dnssec_session *s, const struct dnssec_input *given, size_t n,
			    struct dnssec_result *out)
{
	(void)s;
	(void)n;
	dnssec_validate(given, 0, NULL, 0, out);
	return 0;
}

#endif
