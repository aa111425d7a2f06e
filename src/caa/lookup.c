/* The CAA tree walk over the resolver's asynchronous core.
 *
 * Three kinds of objects:
 *  - an entry: one label's CAA question and, once answered, its result;
 *    entries live in a hash table keyed by the (lower-cased) name, so a
 *    label asked for one name serves every other name under it;
 *  - a walk: one input name and the entries of its labels;
 *  - the run: a ring of `concurrency` walks, emitted in input order, and
 *    a FIFO of entries waiting to be asked.
 * An entry no walk uses any more stays cached (least recently used first
 * out) up to `cache_labels`. */
#include "caa/lookup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acme/ident.h"
#include "dns/query.h"
#include "dns/result.h"
#include "dns/rr.h"
#include "dns/types.h"
#include "dnssec/dnssec.h"

#define BUCKETS 8192 /* power of two */
#define INPUT_MAX 1024

enum entry_state { ENTRY_QUEUED, ENTRY_INFLIGHT, ENTRY_DONE };

struct entry {
	struct caa_label label;
	enum entry_state state;
	unsigned refs;            /* walks that hold it */
	uint32_t hash;
	struct entry *bucket_next;
	struct entry *queue_next; /* FIFO of questions to ask */
	struct entry *lru_prev, *lru_next; /* unused and done: evictable */
	bool in_lru;
};

struct walk {
	bool active, complete;
	unsigned long seq;
	char input[INPUT_MAX];
	const char *input_error;
	bool ip_address; /* no name: an IP address identifier (R-IP-4) */
	uint8_t domain[DNS_MAX_NAME];
	bool wildcard;
	size_t label_count;
	struct entry *labels[CAA_MAX_LABELS];
	size_t pending;
};

struct run {
	const struct caa_batch_config *cfg;
	const struct caa_batch_io *io;
	struct entry *buckets[BUCKETS];
	struct entry *queue_head, *queue_tail;
	struct entry *lru_head, *lru_tail; /* head: most recently released */
	size_t lru_count;
	struct walk *walks;
	unsigned window;
	unsigned long next_seq, emit_seq;
	bool input_done;
	bool oom;
};

static uint8_t lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* FNV-1a over the lower-cased wire name: names differing only in case
 * are the same name (RFC 4343). */
static uint32_t name_hash(const uint8_t *name)
{
	uint32_t h = 2166136261u;
	size_t n = dns_name_len(name);
	for (size_t i = 0; i < n; i++)
		h = (h ^ lower(name[i])) * 16777619u;
	return h;
}

static void entry_free(struct entry *e)
{
	free(e->label.records);
	free(e->label.blob);
#if ACMEPROBE_DNSSEC
	free(e->label.dnssec);
#endif
	free(e);
}

static void lru_remove(struct run *run, struct entry *e)
{
	if (!e->in_lru)
		return;
	if (e->lru_prev)
		e->lru_prev->lru_next = e->lru_next;
	else
		run->lru_head = e->lru_next;
	if (e->lru_next)
		e->lru_next->lru_prev = e->lru_prev;
	else
		run->lru_tail = e->lru_prev;
	e->in_lru = false;
	run->lru_count--;
}

static void bucket_remove(struct run *run, struct entry *e)
{
	struct entry **p = &run->buckets[e->hash & (BUCKETS - 1)];
	while (*p && *p != e)
		p = &(*p)->bucket_next;
	if (*p)
		*p = e->bucket_next;
}

/* A walk lets go of an entry; a done entry nobody holds becomes
 * evictable, and the oldest evictable ones go beyond the cache's size. */
static void entry_release(struct run *run, struct entry *e)
{
	if (--e->refs || e->state != ENTRY_DONE)
		return;
	e->lru_prev = NULL;
	e->lru_next = run->lru_head;
	if (run->lru_head)
		run->lru_head->lru_prev = e;
	run->lru_head = e;
	if (!run->lru_tail)
		run->lru_tail = e;
	e->in_lru = true;
	run->lru_count++;
	while (run->lru_count > run->cfg->cache_labels && run->lru_tail) {
		struct entry *old = run->lru_tail;
		/* The analyzer cannot know that a walk never holds one entry
		 * twice (its labels are distinct names), the only way an
		 * evicted entry could come back here. */
		lru_remove(run, old); // NOLINT(clang-analyzer-unix.Malloc)
		bucket_remove(run, old);
		entry_free(old);
	}
}

/* The entry for a label: from the cache, or new and queued to be asked. */
static struct entry *entry_get(struct run *run, const uint8_t *name)
{
	uint32_t h = name_hash(name);
	for (struct entry *e = run->buckets[h & (BUCKETS - 1)]; e; e = e->bucket_next)
		if (e->hash == h && dns_name_equal(e->label.name, name)) {
			lru_remove(run, e);
			e->refs++;
			return e;
		}
	struct entry *e = calloc(1, sizeof *e);
	if (!e) {
		run->oom = true;
		return NULL;
	}
	memcpy(e->label.name, name, dns_name_len(name));
	e->label.server = -1;
	e->hash = h;
	e->refs = 1;
	e->state = ENTRY_QUEUED;
	e->bucket_next = run->buckets[h & (BUCKETS - 1)];
	run->buckets[h & (BUCKETS - 1)] = e;
	if (run->queue_tail)
		run->queue_tail->queue_next = e;
	else
		run->queue_head = e;
	run->queue_tail = e;
	return e;
}

void caa_walk_decide(const struct caa_label *const *labels, size_t n,
		     const struct caa_request *req, struct caa_walk_result *out)
{
	out->deciding_label = -1;
	/* R-CAA-7 (boulder va/caa.go selectCAA): from the name upward, the
	 * first error or the first non-empty RRset decides; what lies above
	 * it does not matter */
	for (size_t i = 0; i < n; i++) {
		const struct caa_label *l = labels[i];
		if (l->error != DNS_EC_NONE) {
			/* R-CAA-4: an error fails closed: records might hide behind it */
			out->verdict = CAA_NO_DECISION;
			out->deciding_label = (long)i;
			return;
		}
		if (l->record_count) {
			caa_decide(l->records, l->record_count, req, &out->decision);
			out->verdict = out->decision.permitted ? CAA_PERMITTED : CAA_FORBIDDEN;
			out->deciding_label = (long)i;
			return;
		}
	}
	caa_decide(NULL, 0, req, &out->decision); /* R-CAA-1 */
	out->verdict = CAA_PERMITTED;
}

/* What `caa ADDR` answers, for a line that is meant as an IP address:
 * R-IP-4 (Boulder ra/ra.go checkDCVAndCAA): no CAA applies to an IP
 * address identifier, so it is permitted, without a question; R-IP-1:
 * only in canonical form, and never as a wildcard (ident_ip_read says
 * why not). */
static void ip_verdict(const struct run *run, const struct walk *w, struct caa_walk_result *r,
		       char *why, size_t cap)
{
	r->ip_address = true;
	if (!ACMEPROBE_IP) {
		r->input_error = "IP addresses are not built in";
		return;
	}
	struct ident_ip ip;
	if (ident_ip_read(w->wildcard ? w->input + 2 : w->input,
			  w->wildcard || run->cfg->request.wildcard, &ip, why, cap))
		r->verdict = CAA_PERMITTED;
	else
		r->input_error = why;
}

static void emit_ready(struct run *run)
{
	if (!run->window)
		return; /* caa_batch_run never makes a run without walks */
	for (;;) {
		struct walk *w = &run->walks[run->emit_seq % run->window];
		if (!w->active || w->seq != run->emit_seq || !w->complete)
			return;
		const struct caa_label *labels[CAA_MAX_LABELS];
		for (size_t i = 0; i < w->label_count; i++)
			labels[i] = &w->labels[i]->label;
		struct caa_walk_result r = {
			.domain = w->domain,
			.input = w->input,
			.wildcard = w->wildcard,
			.label_count = w->label_count,
			.labels = labels,
			.input_error = w->input_error,
			.verdict = CAA_NO_DECISION,
			.deciding_label = -1,
		};
		char why[IDENT_IP_WHY];
		if (w->ip_address)
			ip_verdict(run, w, &r, why, sizeof why);
		else if (!w->input_error) {
			struct caa_request req = run->cfg->request;
			req.wildcard = req.wildcard || w->wildcard;
			caa_walk_decide(labels, w->label_count, &req, &r);
		}
		run->io->on_result(run->io->ctx, &r);
		for (size_t i = 0; i < w->label_count; i++)
			entry_release(run, w->labels[i]);
		w->active = false;
		run->emit_seq++;
	}
}

/* Reads a name: surrounding whitespace dropped, "*." for a wildcard. A
 * line meant as an IP address is no name: ip_address, and no labels. */
static const char *read_name(struct walk *w)
{
	char *s = w->input;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t') {
		s++;
		n--;
	}
	memmove(w->input, s, n + 1);
	bool star = w->input[0] == '*' && w->input[1] == '.';
	w->ip_address = ident_looks_like_ip(star ? w->input + 2 : w->input);
	if (w->ip_address) {
		w->wildcard = star;
		return NULL;
	}
	size_t len;
	enum dns_err e = dns_name_from_input(w->input, n, &w->wildcard, w->domain, &len);
	if (e)
		return dns_strerror(e);
	if (w->domain[0] == 0)
		return "the root is not a name a certificate can be for";
	return NULL;
}

/* Starts the walk of the next input name, if there is one and its place
 * in the ring is free. Returns false when no walk could start. */
static bool start_walk(struct run *run)
{
	if (run->input_done)
		return false;
	if (!run->window)
		return false;
	struct walk *w = &run->walks[run->next_seq % run->window];
	if (w->active)
		return false;
	for (;;) {
		if (!run->io->next_name(run->io->ctx, w->input, sizeof w->input)) {
			run->input_done = true;
			return false;
		}
		const char *p = w->input;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != '\n' && *p != '\r' && *p != '#')
			break; /* blank lines and comments are skipped */
	}
	w->active = true;
	w->complete = false;
	w->seq = run->next_seq++;
	w->label_count = 0;
	w->pending = 0;
	w->input_error = read_name(w);
	if (!w->input_error && !w->ip_address) {
		/* R-CAA-7: the name and every parent up to and including the
		 * TLD; the root is never asked */
		for (const uint8_t *l = w->domain; *l; l += *l + 1) {
			struct entry *e = entry_get(run, l);
			if (!e) {
				w->input_error = "out of memory";
				break;
			}
			w->labels[w->label_count++] = e;
			if (e->state != ENTRY_DONE)
				w->pending++;
		}
	}
	if (w->input_error || w->pending == 0) {
		w->complete = true;
		emit_ready(run);
	}
	return true;
}

static enum resolver_next next_question(void *ctx, struct dns_question *q)
{
	struct run *run = ctx;
	for (;;) {
		struct entry *e = run->queue_head;
		if (e) {
			run->queue_head = e->queue_next;
			if (!run->queue_head)
				run->queue_tail = NULL;
			e->queue_next = NULL;
			e->state = ENTRY_INFLIGHT;
			memcpy(q->name, e->label.name, dns_name_len(e->label.name));
			q->type = DNS_T_CAA;
			/* RD, and AD as boulder's bdns sets it; DO when our own
			 * validation needs the signatures (R-DNSSEC-1) */
			q->flags = DNS_Q_RD | DNS_Q_AD;
#if ACMEPROBE_DNSSEC
			if (run->cfg->dnssec)
				q->flags |= DNS_Q_DO;
#endif
			q->user = e;
			return RES_NEXT_QUESTION;
		}
		if (run->oom)
			return RES_NEXT_END;
		if (!start_walk(run))
			return run->input_done ? RES_NEXT_END : RES_NEXT_LATER;
	}
}

static void copy_ede(struct caa_label *l, const struct dns_msg *m)
{
	struct dns_ede ede;
	if (!dns_first_ede(m, &ede))
		return;
	size_t n = ede.text_len < sizeof l->ede_text - 1 ? ede.text_len : sizeof l->ede_text - 1;
	l->has_ede = true;
	l->ede_code = ede.info_code;
	memcpy(l->ede_text, ede.text, n);
	l->ede_text[n] = '\0';
}

/* Copies the final CAA RRset out of the message (which lives only during
 * the callback). */
static bool copy_records(struct caa_label *l, const struct dns_result *r)
{
	const struct dns_msg *m = r->msg;
	size_t count = 0, octets = 0, i = 0;
	for (const struct dns_rr *rr; (rr = dns_result_next_final(r, &i));) {
		count++;
		octets += rr->rdlen;
	}
	if (!count)
		return true;
	l->records = calloc(count, sizeof *l->records);
	l->blob = malloc(octets ? octets : 1);
	if (!l->records || !l->blob)
		return false;
	uint8_t *p = l->blob;
	i = 0;
	for (const struct dns_rr *rr; (rr = dns_result_next_final(r, &i));) {
		memcpy(p, m->pkt + rr->rdata, rr->rdlen);
		/* the codec checked the shape: only the usable codes remain */
		(void)caa_rdata_parse(p, rr->rdlen, &l->records[l->record_count++]);
		p += rr->rdlen;
	}
	return true;
}

enum dns_errclass caa_answer_error(enum dns_errclass error, bool has_msg, bool truncated,
				   const uint8_t *name, const char **detail)
{
	if (has_msg && truncated && (error == DNS_EC_NONE || error == DNS_EC_NXDOMAIN)) {
		/* R-CAA-13 (boulder bdns/problem.go wrapErr, checked before the
		 * RCODE): even over TCP the answer is cut: it cannot be trusted
		 * to hold every record, nor to prove the name absent */
		*detail = "the answer was truncated even over TCP";
		return DNS_EC_MALFORMED;
	}
	if (error == DNS_EC_NXDOMAIN) {
		/* R-CAA-8 (boulder bdns LookupCAA): NXDOMAIN below the TLD is an
		 * empty RRset; for the TLD itself it is an error */
		if (dns_name_labels(name) > 1)
			return DNS_EC_NONE;
		*detail = "the TLD itself does not exist (NXDOMAIN)";
		return DNS_EC_NXDOMAIN;
	}
	if (error == DNS_EC_NONE && !has_msg)
		return DNS_EC_MALFORMED; /* the resolver gives an answer with every NONE */
	return error;
}

static void fill_label(struct caa_label *l, const struct dns_result *r)
{
	l->detail = r->detail;
	l->rcode = r->rcode;
	l->server = r->server;
	l->tcp = r->transport == DNS_TCP;
	if (r->msg)
		copy_ede(l, r->msg);
	if (r->chain && r->chain->links) {
		l->via_cname = true;
		memcpy(l->cname_target, dns_chain_end(r->chain), dns_name_len(dns_chain_end(r->chain)));
	}
	l->error = caa_answer_error(r->error, r->msg != NULL,
				    r->msg && (r->msg->flags & DNS_FLAG_TC), l->name, &l->detail);
	if (l->error != DNS_EC_NONE || r->error == DNS_EC_NXDOMAIN)
		return; /* an error, or an empty RRset (R-CAA-8) */
	if (!copy_records(l, r)) {
		l->error = DNS_EC_NETWORK;
		l->detail = "out of memory";
	}
}

static void on_answer(void *ctx, const struct dns_result *r)
{
	struct run *run = ctx;
	struct entry *e = r->question->user;
	if (run->io->on_answer)
		run->io->on_answer(run->io->ctx, r);
	fill_label(&e->label, r);
#if ACMEPROBE_DNSSEC
	if (run->cfg->dnssec)
		run->cfg->dnssec->on_answer(run->cfg->dnssec->ctx, r, &e->label);
#endif
	e->state = ENTRY_DONE;
	for (unsigned i = 0; i < run->window; i++) {
		struct walk *w = &run->walks[i];
		if (!w->active || w->complete)
			continue;
		for (size_t k = 0; k < w->label_count; k++)
			if (w->labels[k] == e && --w->pending == 0)
				w->complete = true;
	}
	emit_ready(run);
}

int caa_batch_run(const struct caa_batch_config *cfg, const struct caa_batch_io *io)
{
	struct caa_batch_config c = *cfg;
	if (!c.concurrency)
		c.concurrency = 100;
	if (!c.cache_labels)
		c.cache_labels = 4096;
	struct run *run = calloc(1, sizeof *run);
	if (!run)
		return -1;
	run->cfg = &c;
	run->io = io;
	run->window = c.concurrency;
	run->walks = calloc(run->window, sizeof *run->walks);
	if (!run->walks) {
		free(run);
		return -1;
	}
	struct resolver_config rc = *c.resolver;
	/* a name asks about 3 to 5 labels: keep the resolver busy enough */
	rc.max_inflight = c.concurrency * 2;
	int status = resolver_run(&rc, next_question, on_answer, run, NULL);
	if (run->oom) {
		status = -1;
		errno = ENOMEM;
	}
	for (size_t b = 0; b < BUCKETS; b++)
		for (struct entry *e = run->buckets[b], *next; e; e = next) {
			next = e->bucket_next;
			entry_free(e);
		}
	free(run->walks);
	free(run);
	return status;
}
