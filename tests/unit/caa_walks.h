/* CAA walks built by hand for the unit tests: the labels of a request
 * name, [0] the name ... [n-1] the TLD, each an empty answer until a test
 * gives it an error or records, then caa_walk_decide on them. Shared by
 * test_caa_walk.c (the decision), test_caa_explain.c (its words) and
 * test_check_diagnose_domain.c (the doctor's CAA findings). */
#ifndef ACMEPROBE_TESTS_UNIT_CAA_WALKS_H
#define ACMEPROBE_TESTS_UNIT_CAA_WALKS_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "caa/lookup.h"
#include "caa/policy.h"
#include "dns/response.h"
#include "dns/wire.h"
#include "helpers.h"

#define LE "letsencrypt.org"

/* ---- labels ----------------------------------------------------------- */

#define REC_MAX 4

struct lab {
	struct caa_label l;
	uint8_t rdata[REC_MAX][300];
	struct caa_record rec[REC_MAX];
};

/* The request name's labels: "a.b.example.com" gives a.b.example.com,
 * b.example.com, example.com, com. All empty answers to start with. */
struct walk {
	struct lab lab[CAA_MAX_LABELS];
	const struct caa_label *ptr[CAA_MAX_LABELS];
	size_t n;
};

static inline void walk_init(struct walk *w, const char *name)
{
	uint8_t wire[DNS_MAX_NAME];
	size_t len;
	memset(w, 0, sizeof *w);
	assert_err(dns_name_from_text(name, strlen(name), wire, &len), DNS_OK);
	for (const uint8_t *l = wire; *l; l += *l + 1) {
		struct lab *x = &w->lab[w->n];
		memcpy(x->l.name, l, dns_name_len(l));
		x->l.error = DNS_EC_NONE;
		x->l.server = -1;
		x->l.records = x->rec;
		w->ptr[w->n] = &x->l;
		w->n++;
	}
}

static inline void set_error(struct walk *w, size_t i, enum dns_errclass e)
{
	cr_assert_lt(i, w->n);
	w->lab[i].l.error = e;
}

static inline void add_rec(struct walk *w, size_t i, uint8_t flags, const char *tag,
			   const char *value)
{
	cr_assert_lt(i, w->n);
	struct lab *x = &w->lab[i];
	size_t k = x->l.record_count;
	cr_assert_lt(k, REC_MAX);
	size_t tl = strlen(tag), vl = strlen(value);
	cr_assert_leq(2 + tl + vl, sizeof x->rdata[k]);
	x->rdata[k][0] = flags;
	x->rdata[k][1] = (uint8_t)tl;
	memcpy(x->rdata[k] + 2, tag, tl);
	memcpy(x->rdata[k] + 2 + tl, value, vl);
	cr_assert_eq(caa_rdata_parse(x->rdata[k], 2 + tl + vl, &x->rec[k]), CAA_OK);
	x->l.record_count++;
}

static inline struct caa_request req(bool wildcard)
{
	return (struct caa_request){.ca_id = LE, .wildcard = wildcard};
}

static inline void decide(const struct walk *w, const struct caa_request *q,
			  struct caa_walk_result *r)
{
	memset(r, 0, sizeof *r);
	r->deciding_label = 12345;
	caa_walk_decide(w->ptr, w->n, q, r);
}

/* decide, and the fields the walk's runner fills around the decision:
 * the name, the labels. */
static inline void decide_walk(const struct walk *w, const struct caa_request *q,
			       struct caa_walk_result *r)
{
	decide(w, q, r);
	r->domain = w->lab[0].l.name;
	r->labels = w->ptr;
	r->label_count = w->n;
}

#endif
