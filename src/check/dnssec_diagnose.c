/* The doctor's DNSSEC findings (dnssec_diagnose.h): each lookup's
 * verdicts read as the CA's resolver would fare, the lookups that fail
 * for one fault grouped into one finding, each naming the zone, the
 * RRset, the key, the servers and the fix, with the text Let's Encrypt
 * would show. */
#include "check/dnssec_diagnose.h"

#include <stdio.h>
#include <string.h>

#include "acme/le_text.h"
#include "dns/text.h"
#include "dns/types.h"
#include "dnssec/advice.h"

#if ACMEPROBE_DNSSEC

/* How the CA's resolver fares with one lookup. */
enum outcome {
	OUT_NONE,     /* validates, or nothing worth saying */
	OUT_FAILS,    /* every server serves bad data: the CA gets SERVFAIL */
	OUT_MASKED,   /* some do: Unbound asks another server */
	OUT_INSECURE, /* insecure for a reason worth saying (R-DNSSEC-6, -11) */
};

struct judged {
	enum outcome out;
	struct dnssec_verdict v; /* the verdict that speaks for the lookup */
	struct dnssec_advice a;
	bool bad[DNSSEC_MAX_SERVERS]; /* servers[i] serves the bad data */
	size_t bad_count, good_count;
	bool servers_known;
	bool empty; /* the answer has no record of the type (NODATA, NXDOMAIN) */
};

static void judge(const struct dnssec_probe *p, const struct dnssec_probe_question *q,
		  struct judged *j)
{
	memset(j, 0, sizeof *j);
	j->empty = q->resolver.judged && !dnssec_verdict_unjudged(&q->resolver) &&
		   q->resolver.kind != DNSSEC_PART_RRSET;
	const struct dnssec_verdict *bad = NULL, *good = NULL;
	for (size_t i = 0; q->per_server && i < p->server_count; i++) {
		const struct dnssec_verdict *v = &q->at[i].verdict;
		if (dnssec_verdict_fails(v)) {
			j->bad[i] = true;
			j->bad_count++;
			bad = bad ? bad : v;
		} else if (!dnssec_verdict_unjudged(v)) {
			j->good_count++;
			good = good ? good : v;
		}
	}
	j->servers_known = bad || good;
	if (bad) {
		/* R-DNSSEC-2: Unbound drops an answer that does not validate
		 * and asks another server of the zone: the lookup fails only
		 * when no server serves good data */
		j->v = *bad;
		j->out = good ? OUT_MASKED : OUT_FAILS;
	} else {
		j->v = good ? *good : q->resolver;
		if (!good && dnssec_verdict_fails(&j->v))
			j->out = OUT_FAILS; /* the servers could not be asked themselves */
	}
	dnssec_advice_for(&j->v, &j->a);
	if (j->out == OUT_NONE && j->a.code && j->v.status == DNSSEC_INSECURE)
		j->out = OUT_INSECURE;
}

/* Two lookups fail for the same fault: the same kind, code, zone, RRset
 * and key (an insecure zone is one fault whatever the RRset). */
static bool same_fault(const struct judged *a, const struct judged *b)
{
	const struct dnssec_why *x = &a->v.why, *y = &b->v.why;
	if (a->out != b->out || strcmp(a->a.code, b->a.code) != 0 || x->has_zone != y->has_zone ||
	    (x->has_zone && !dns_name_equal(x->zone, y->zone)))
		return false;
	if (a->out == OUT_INSECURE)
		return true;
	return x->has_owner == y->has_owner &&
	       (!x->has_owner || (x->type == y->type && dns_name_equal(x->owner, y->owner))) &&
	       x->has_key == y->has_key && (!x->has_key || x->key_tag == y->key_tag);
}

/* A name as Boulder writes it in its errors: without the root's dot. */
static void bare_name(char *buf, size_t cap, const uint8_t *name)
{
	dns_name_text(buf, cap, name);
	size_t n = strlen(buf);
	if (n > 1 && buf[n - 1] == '.')
		buf[n - 1] = '\0';
}

/* "NAME (ADDRESS:PORT)", as every per-server finding names a server (a
 * name too long for the buffer is cut: dns_text never overflows) */
static void server_text(char *buf, size_t cap, const struct dnssec_server *s)
{
	char addr[NET_ADDR_TEXT];
	struct dns_text t;
	dns_text_init(&t, buf, cap);
	dns_text_name(&t, s->name);
	dns_text_printf(&t, " (%s)", net_addr_text(&s->addr, addr));
}

/* R-DNSSEC-14: "DNS problem: looking up TYPE for NAME: DNSSEC: <EDE>",
 * with the EDE the CA's Unbound sends for the fault (the text it may add
 * is not known, and left out). */
static void lookup_text(char *out, size_t cap, const struct dnssec_probe_question *q,
			const struct dnssec_verdict *v)
{
	char name[DNS_MAX_NAME_TEXT];
	bare_name(name, sizeof name, q->name);
	struct le_dns_error e = {.qtype = q->type,
				 .name = name,
				 .failure = LE_DNS_RCODE,
				 .rcode = DNS_RCODE_SERVFAIL,
				 .has_ede = v->why.ede != DNSSEC_EDE_NONE,
				 .ede_code = v->why.ede};
	le_dns_problem(&e, out, cap);
}

/* The lookups of a fault, their fate, and what the report says. */
struct fault {
	struct judged j;		  /* the first lookup's */
	bool has[DNSSEC_PROBE_QUESTIONS]; /* the lookups it makes fail (or concerns) */
	bool bad[DNSSEC_MAX_SERVERS];	  /* the union of their bad servers */
	size_t bad_count;
};

static int index_of(const struct dnssec_probe *p, uint16_t type)
{
	for (size_t i = 0; i < p->question_count; i++)
		if (p->q[i].type == type)
			return (int)i;
	return -1;
}

/* An HTTP-01 (and TLS-ALPN-01) order needs an address: Boulder's
 * LookupHost fails only when both the A and the AAAA lookup fail or give
 * nothing (bdns/dns.go). */
static bool unusable(const struct judged *js, int k)
{
	return k >= 0 && (js[k].out == OUT_FAILS || js[k].empty);
}

static bool address_lookups_fail(const struct dnssec_probe *p, const struct judged *js)
{
	int a = index_of(p, DNS_T_A), aaaa = index_of(p, DNS_T_AAAA);
	return a >= 0 && aaaa >= 0 && unusable(js, a) && unusable(js, aaaa) &&
	       (js[a].out == OUT_FAILS || js[aaaa].out == OUT_FAILS);
}

static bool fault_is_error(const struct dnssec_probe *p, const struct judged *js,
			   const struct fault *x)
{
	if (x->j.out != OUT_FAILS)
		return false;
	for (size_t k = 0; k < p->question_count; k++) {
		if (!x->has[k])
			continue;
		uint16_t t = p->q[k].type;
		if (t == DNS_T_CAA || (t == DNS_T_TXT && p->dns01))
			return true;
		if ((t == DNS_T_A || t == DNS_T_AAAA) && address_lookups_fail(p, js))
			return true;
	}
	return false;
}

/* "CAA, A and AAAA" */
static void types_text(struct dns_text *t, const struct dnssec_probe *p, const struct fault *x)
{
	size_t n = 0, total = 0;
	for (size_t k = 0; k < p->question_count; k++)
		total += x->has[k];
	for (size_t k = 0; k < p->question_count; k++) {
		char type[DNS_TYPE_TEXT];
		if (!x->has[k])
			continue;
		dns_text_puts(t, n == 0 ? "" : n + 1 == total ? " and " : ", ");
		dns_text_puts(t, dns_type_to_text(p->q[k].type, type));
		n++;
	}
}

/* "www.example.com. CAA, www.example.com. A" */
static void lookups_text(struct dns_text *t, const struct dnssec_probe *p, const struct fault *x)
{
	size_t n = 0;
	for (size_t k = 0; k < p->question_count; k++) {
		char type[DNS_TYPE_TEXT];
		if (!x->has[k])
			continue;
		dns_text_puts(t, n++ ? ", " : "");
		dns_text_name(t, p->q[k].name);
		dns_text_printf(t, " %s", dns_type_to_text(p->q[k].type, type));
	}
}

static void servers_list(struct dns_text *t, const struct dnssec_probe *p, const bool *which)
{
	size_t n = 0;
	for (size_t i = 0; i < p->server_count; i++) {
		char who[FINDING_SERVER_TEXT];
		if (which && !which[i])
			continue;
		server_text(who, sizeof who, &p->servers[i]);
		dns_text_puts(t, n++ ? ", " : "");
		dns_text_puts(t, who);
	}
}

/* R-DNSSEC-14: the text of the first lookup the CA makes that fails:
 * the address lookups of HTTP-01 (both, joined as Boulder's LookupHost
 * joins them), else CAA (after va/caa.go's prefix), else TXT (dns-01). */
static void le_text(const struct dnssec_probe *p, const struct judged *js, const struct fault *x,
		    struct finding *f)
{
	int a = index_of(p, DNS_T_A), aaaa = index_of(p, DNS_T_AAAA);
	int caa = index_of(p, DNS_T_CAA), txt = index_of(p, DNS_T_TXT);
	char one[FINDING_TEXT / 2], two[FINDING_TEXT / 2];
	if (((a >= 0 && x->has[a]) || (aaaa >= 0 && x->has[aaaa])) && address_lookups_fail(p, js)) {
		int k[2] = {a, aaaa};
		char *out[2] = {one, two};
		for (int i = 0; i < 2; i++) {
			char host[DNS_MAX_NAME_TEXT], type[DNS_TYPE_TEXT];
			if (js[k[i]].out == OUT_FAILS) {
				lookup_text(out[i], sizeof one, &p->q[k[i]], &js[k[i]].v);
			} else {
				bare_name(host, sizeof host, p->q[k[i]].name);
				snprintf(out[i], sizeof one, "no valid %s records found for %s",
					 dns_type_to_text(p->q[k[i]].type, type), host);
			}
		}
		struct dns_text t;
		dns_text_init(&t, f->le_text, sizeof f->le_text);
		dns_text_printf(&t, "%s; %s", one, two);
	} else if (caa >= 0 && x->has[caa]) {
		/* boulder va/caa.go: the problem after this prefix */
		struct dns_text t;
		lookup_text(one, sizeof one, &p->q[caa], &js[caa].v);
		dns_text_init(&t, f->le_text, sizeof f->le_text);
		dns_text_printf(&t, "While processing CAA for %s: %s", p->identifier, one);
	} else if (txt >= 0 && x->has[txt]) {
		lookup_text(f->le_text, sizeof f->le_text, &p->q[txt], &js[txt].v);
	}
}

static void fill_servers(const struct dnssec_probe *p, const struct fault *x, struct finding *f)
{
	for (size_t i = 0; i < p->server_count && f->server_count < FINDING_MAX_SERVERS; i++)
		if (x->bad[i])
			server_text(f->servers[f->server_count++], FINDING_SERVER_TEXT,
				    &p->servers[i]);
}

static void write_fails(const struct dnssec_probe *p, const struct judged *js,
			const struct fault *x, bool error, struct finding *f)
{
	char why[FINDING_TEXT / 2];
	struct dns_text t;
	const struct dnssec_why *w = &x->j.v.why;
	dnssec_why_words(why, sizeof why, w);
	dns_text_init(&t, f->title, sizeof f->title);
	dns_text_printf(&t, "%s %s: the CA's ", f->zone, x->j.a.what);
	types_text(&t, p, x);
	size_t n = 0;
	for (size_t k = 0; k < p->question_count; k++)
		n += x->has[k];
	dns_text_printf(&t, " lookup%s fail%s", n > 1 ? "s" : "", n > 1 ? "" : "s");

	dns_text_init(&t, f->cause, sizeof f->cause);
	if (x->j.servers_known && x->bad_count == p->server_count) {
		dns_text_printf(&t, "Every nameserver of %s (", f->zone);
		servers_list(&t, p, x->bad);
		dns_text_puts(&t, ") serves data that does not validate");
	} else if (x->j.servers_known) {
		dns_text_printf(&t, "Every nameserver of %s that answered (", f->zone);
		servers_list(&t, p, x->bad);
		dns_text_puts(&t, ") serves data that does not validate");
	} else {
		dns_text_printf(&t, "The data of %s the resolver hands over does not validate",
				f->zone);
	}
	dns_text_printf(&t, ": %s. A validating resolver, the CA's, answers SERVFAIL for ", why);
	lookups_text(&t, p, x);
	dns_text_puts(&t, " (R-DNSSEC-2)");
	int caa = index_of(p, DNS_T_CAA);
	if (!strcmp(x->j.a.code, "dnssec_bad_denial_signature") && caa >= 0 && x->has[caa])
		dns_text_puts(&t, ". CAA answers are usually empty, so the CAA lookup is the first "
				  "to meet a signer that signs empty answers badly: the SERVFAIL "
				  "of Let's Encrypt's CAA page (R-DNSSEC-13)");
	if (!error) {
		int txt = index_of(p, DNS_T_TXT);
		bool only_txt = true;
		for (size_t k = 0; k < p->question_count; k++)
			only_txt &= !x->has[k] || (int)k == txt;
		if (only_txt)
			dns_text_puts(&t, ". Only dns-01 asks it: HTTP-01 and TLS-ALPN-01 orders "
					  "do not meet it");
		else
			dns_text_puts(&t, ". The other address lookup gives the CA an address, so "
					  "HTTP-01 and TLS-ALPN-01 go on without it");
	}
	dns_text_puts(&t, ".");
	snprintf(f->fix, sizeof f->fix, "%s", x->j.a.fix);
	le_text(p, js, x, f);
}

static void write_masked(const struct dnssec_probe *p, const struct fault *x, struct finding *f)
{
	char why[FINDING_TEXT / 2];
	struct dns_text t;
	bool stale = x->j.v.why.code == DNSSEC_R_SIG_EXPIRED;
	const char *what = stale ? "expired signatures" : "DNSSEC data that does not validate";
	dnssec_why_words(why, sizeof why, &x->j.v.why);
	dns_text_init(&t, f->title, sizeof f->title);
	if (x->bad_count == 1) {
		dns_text_puts(&t, "Nameserver ");
		servers_list(&t, p, x->bad);
		dns_text_printf(&t, " of %s serves %s", f->zone, what);
	} else {
		dns_text_printf(&t, "%zu nameservers of %s serve %s", x->bad_count, f->zone, what);
	}
	size_t good = x->j.good_count;
	dns_text_init(&t, f->cause, sizeof f->cause);
	servers_list(&t, p, x->bad);
	dns_text_printf(&t,
			" serve%s data that does not validate: %s. %zu other server%s of the zone "
			"serve%s data that does. Unbound, the CA's resolver, throws a bad answer "
			"away, sets the server aside and asks another server of the zone, so the "
			"CA's lookups mostly work; they fail when the good server%s cannot be "
			"reached in time, and now and then when Unbound meets the bad server on "
			"several questions at once, as the CA's CAA walk asks them",
			x->bad_count == 1 ? "s" : "", why, good, good == 1 ? "" : "s",
			good == 1 ? "s" : "", good == 1 ? "" : "s");
	if (stale)
		dns_text_puts(&t, ". A server with expired signatures has usually stopped loading "
				  "the zone: its SOA serial lags (see ns_serial_mismatch)");
	dns_text_puts(&t, ".");
	if (stale)
		snprintf(f->fix, sizeof f->fix,
			 "Make the server load the current zone (check NOTIFY and the zone "
			 "transfers, IXFR/AXFR, from the primary), or take it out of the NS set.");
	else
		snprintf(f->fix, sizeof f->fix,
			 "Make every nameserver serve the same signed zone. %s", x->j.a.fix);
}

static void write_insecure(const struct fault *x, struct finding *f)
{
	char why[FINDING_TEXT / 2];
	struct dns_text t;
	dnssec_why_words(why, sizeof why, &x->j.v.why);
	if (why[0] >= 'a' && why[0] <= 'z')
		why[0] = (char)(why[0] - 'a' + 'A'); /* it starts the sentence */
	dns_text_init(&t, f->title, sizeof f->title);
	dns_text_printf(&t, "%s %s", f->zone, x->j.a.what);
	dns_text_init(&t, f->cause, sizeof f->cause);
	if (x->j.v.why.code == DNSSEC_R_NSEC3_ITERATIONS)
		dns_text_printf(
		    &t,
		    "%s. Unbound, the CA's resolver, uses such an answer as it is "
		    "(R-DNSSEC-11); RFC 9276 s3.2 lets a validator answer SERVFAIL for it "
		    "instead, so another resolver may fail.",
		    why);
	else
		dns_text_printf(&t,
				"%s. The CA's validating resolver therefore checks no signature of "
				"the zone (R-DNSSEC-6), and none can fail.",
				why);
	snprintf(f->fix, sizeof f->fix, "%s", x->j.a.fix);
}

size_t diagnose_dnssec(const struct dnssec_probe *p, struct findings *f)
{
	struct judged js[DNSSEC_PROBE_QUESTIONS];
	struct fault faults[DNSSEC_PROBE_QUESTIONS];
	size_t nf = 0, errors = 0;
	size_t nq =
	    p->question_count < DNSSEC_PROBE_QUESTIONS ? p->question_count : DNSSEC_PROBE_QUESTIONS;
	for (size_t k = 0; k < nq; k++)
		judge(p, &p->q[k], &js[k]);
	/* one finding per fault, in the order of the first lookup it hits */
	for (size_t k = 0; k < nq; k++) {
		if (js[k].out == OUT_NONE)
			continue;
		size_t g = 0;
		while (g < nf && !same_fault(&faults[g].j, &js[k]))
			g++;
		if (g == nf) {
			memset(&faults[nf], 0, sizeof faults[nf]);
			faults[nf++].j = js[k];
		}
		faults[g].has[k] = true;
		for (size_t i = 0; i < p->server_count; i++)
			if (js[k].bad[i] && !faults[g].bad[i]) {
				faults[g].bad[i] = true;
				faults[g].bad_count++;
			}
	}
	for (size_t g = 0; g < nf; g++) {
		const struct fault *x = &faults[g];
		bool error = fault_is_error(p, js, x);
		enum finding_severity sev =
		    error ? FINDING_ERROR
		    : x->j.out == OUT_INSECURE &&
			    strcmp(x->j.a.code, "dnssec_nsec3_iterations") != 0
			? FINDING_INFO
			: FINDING_WARNING;
		const char *code = x->j.a.code, *rule = x->j.a.rule;
		if (x->j.out == OUT_MASKED) {
			code = x->j.v.why.code == DNSSEC_R_SIG_EXPIRED ? "dnssec_stale_server"
								       : "dnssec_server_bogus";
			rule = "R-CAA-6";
		}
		struct finding *n = findings_add(f, sev, code, rule);
		if (!n)
			continue;
		errors += error;
		dns_name_text(n->zone, sizeof n->zone, x->j.v.why.has_zone ? x->j.v.why.zone : p->zone);
		fill_servers(p, x, n);
		if (x->j.out == OUT_FAILS)
			write_fails(p, js, x, error, n);
		else if (x->j.out == OUT_MASKED)
			write_masked(p, x, n);
		else
			write_insecure(x, n);
	}
	return errors;
}

#else /* !ACMEPROBE_DNSSEC (make tiny): never called */

size_t diagnose_dnssec(const struct dnssec_probe *p, struct findings *f)
{
	(void)p;
	(void)f;
	return 0;
}

#endif

void diagnose_dnssec_not_checked(const char *why, struct findings *f)
{
	/* without a validator built in (make tiny), the title is the words of
	 * query --dnssec, which the linker keeps once */
	if (why)
		findings_add_text(f, FINDING_INFO, "dnssec_not_checked", "R-DNSSEC-1",
				  "DNSSEC not validated", why, NULL);
	else
		findings_add_text(f, FINDING_INFO, "dnssec_not_checked", NULL,
				  "DNSSEC validation not built in (no libcrypto)", NULL, NULL);
}
