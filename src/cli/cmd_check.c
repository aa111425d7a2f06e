/* `acmeprobe check DOMAIN`: the doctor. Every check that applies, each
 * finding with its cause, its fix and its rule: CAA as `caa` decides it,
 * then every authoritative nameserver asked directly; the domain's
 * addresses; HTTP-01 when a token is given; and what one host cannot see. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caa/explain.h"
#include "caa/lookup.h"
#include "check/diagnose.h"
#include "check/diagnose_domain.h"
#include "check/findings.h"
#include "check/nsprobe.h"
#include "cli/caa_report.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/resolver_setup.h"
#include "cli/webroot.h"
#include "dns/query.h"
#include "dns/result.h"
#include "dns/rr.h"
#include "dns/text.h"
#include "dns/types.h"
#include "http/http01.h"
#include "net/decimal.h"

static const char help[] = HELP(
	"usage: acmeprobe check DOMAIN [--token T [--key-authorization KA] | --webroot DIR]\n"
	"                       [--ns-port N]\n"
	"       acmeprobe check --file F [options]\n",
	"\n"
	"The doctor: runs every check that applies and lists what would stop a CA\n"
	"(Let's Encrypt) from validating DOMAIN, each finding with its severity,\n"
	"a stable code, the cause, the fix and the rule it applies:\n"
	"  - CAA, exactly as 'acmeprobe caa' decides it;\n"
	"  - each authoritative nameserver of the zone, on each of its addresses,\n"
	"    asked directly over UDP and TCP for SOA, CAA and an unassigned type:\n"
	"    a firewall that drops unknown types, NOTIMP, a lame server, servers\n"
	"    that disagree, TCP closed with a large CAA RRset, NODATA without SOA;\n"
	"  - the domain's A and AAAA records (addresses the CA refuses);\n"
	"  - HTTP-01 as the CA performs it, with --token or --webroot;\n"
	"  - what one host cannot see (the CA validates from several places).\n"
	"\n"
	"  --token T               an HTTP-01 token: also validate over HTTP\n"
	"  --key-authorization KA  the expected body for --token\n"
	"  --webroot DIR           write a random token file under\n"
	"                          DIR/.well-known/acme-challenge/, validate it over\n"
	"                          HTTP as the CA would, then remove it\n"
	"  --ns-port N             ask the authoritative servers on port N (53;\n"
	"                          another port is for test labs)\n"
	"  --file F                check every name of F (one per line, '-' for\n"
	"                          standard input) and write JSON Lines, one per\n"
	"                          name, in input order; a summary on stderr\n"
	"  --concurrency N         with --file: names checked at once (8, at most 64)\n"
	"  --resolver, --timeout, --json, --trace: see 'acmeprobe --help'\n"
	"\n"
	"Exit status: 0 nothing found would stop issuance, 1 something will, 2 it\n"
	"cannot tell (the CAA lookup failed but every nameserver answers well:\n"
	"the trouble may be the resolver asked), 64 usage error. With --file: the\n"
	"worst of all names.\n");

struct check_run {
	const struct globals *g;
	const struct resolver_config *rcfg;
	const char *token, *key_authorization;
	const char *webroot; /* write the token file there, validate, remove it */
	uint16_t ns_port;
};

/* ---- CAA ---------------------------------------------------------------- */

struct caa_capture {
	const struct check_run *run;
	const char *name;
	struct caa_request req;
	struct findings *f;
	bool given;
	enum caa_verdict verdict;
	uint8_t probe_name[DNS_MAX_NAME]; /* the deciding (or failing) label */
	bool have_probe_name;
};

static bool one_name(void *ctx, char *name, size_t cap)
{
	struct caa_capture *c = ctx;
	if (c->given)
		return false;
	c->given = true;
	snprintf(name, cap, "%s", c->name);
	return true;
}

static void trace_caa_answer(void *ctx, const struct dns_result *r)
{
	struct caa_capture *c = ctx;
	cli_trace_tries(c->run->rcfg, r, TRACE_CAA);
}

static void on_caa(void *ctx, const struct caa_walk_result *r)
{
	struct caa_capture *c = ctx;
	c->verdict = r->verdict;
	if (c->run->g->trace)
		caa_explain_walk(r, &c->req, cli_trace_line, NULL);
	const struct caa_label *l =
		r->deciding_label >= 0 ? r->labels[r->deciding_label] : r->labels[0];
	if (r->label_count) {
		memcpy(c->probe_name, l->name, dns_name_len(l->name));
		c->have_probe_name = true;
	}
	diagnose_caa(r, &c->req, c->f);
}

/* ---- addresses ------------------------------------------------------------ */

struct addr_capture {
	struct findings *f;
	struct domain_lookups lookups;
	const char *domain;
};

static void on_address(void *ctx, const struct dns_result *r)
{
	struct addr_capture *a = ctx;
	int i = r->question->type == DNS_T_AAAA;
	a->lookups.error[i] = r->error;
	if (!r->msg || r->error != DNS_EC_NONE)
		return;
	size_t k = 0;
	struct dns_address addr;
	while (dns_result_next_address(r, &k, &addr)) {
		a->lookups.count[i]++;
		diagnose_address(a->domain, &addr, a->f);
	}
}

static void check_addresses(const struct check_run *run, const char *domain,
			    const uint8_t *wire, struct findings *f)
{
	struct addr_capture a = {.f = f, .domain = domain};
	for (int i = 0; i < 2; i++) {
		struct dns_question q = {.type = i ? DNS_T_AAAA : DNS_T_A,
					 .flags = DNS_Q_RD | DNS_Q_AD};
		memcpy(q.name, wire, dns_name_len(wire));
		resolver_ask(run->rcfg, &q, on_address, &a);
	}
	diagnose_lookups(domain, &a.lookups, run->token != NULL, f);
}

/* ---- HTTP-01 -------------------------------------------------------------- */

static void check_http01(const struct check_run *run, const char *domain, struct findings *f)
{
	static struct h01_result res;
	const char *token = run->token, *ka = run->key_authorization;
	struct webroot wr;
	if (run->webroot && webroot_prepare(&wr, "check", run->webroot, &token, &ka) != EXIT_YES) {
		diagnose_webroot_unwritable(run->webroot, f);
		return;
	}
	struct h01_config cfg = {
		.resolver = run->rcfg,
		.domain = domain,
		.token = token,
		.key_authorization = ka,
		.http_port = 80,
		.https_port = 443,
		.fallback = H01_FALLBACK_TIMEOUT,
		.connect_timeout_ms = 10000,
		.response_timeout_ms = 10000,
	};
	memset(&res, 0, sizeof res);
	int rc = h01_validate(&cfg, &res);
	/* beside the CA's way, each address alone: the difference explains
	 * most IPv6 failures (seed 000) */
	static struct h01_result alone[2]; /* IPv6, IPv4 */
	bool both = rc == 0 && res.initial.has6 && res.initial.has4;
	for (int i = 0; both && i < 2; i++) {
		struct h01_config one = cfg;
		one.only_family = i ? AF_INET : AF_INET6;
		memset(&alone[i], 0, sizeof alone[i]);
		if (h01_validate(&one, &alone[i]) != 0)
			both = false;
	}
	if (run->webroot)
		webroot_remove();
	if (rc != 0) {
		diagnose_http01_error(errno, f);
		return;
	}
	diagnose_http01(&res, both ? alone : NULL, f);
}

/* ---- --trace of the probes ------------------------------------------------- */

static void trace_probe(const struct ns_probe_address *a, const char *kind, const char *transport,
			const struct ns_probe *p)
{
	char name[DNS_MAX_NAME_TEXT], addr[NET_ADDR_TEXT], rcode[DNS_TYPE_TEXT];
	struct dns_text t;
	dns_text_init(&t, name, sizeof name);
	dns_text_name(&t, a->ns_name);
	if (p->error != DNS_EC_NONE)
		fprintf(stderr, "[R-CAA-6] %s (%s) %s over %s, no recursion: %s (%u ms)\n", name,
			net_addr_text(&a->addr, addr), kind, transport, dns_errclass_name(p->error),
			p->elapsed_ms);
	else
		fprintf(stderr, "[R-CAA-6] %s (%s) %s over %s, no recursion: %s%s%s, %zu record(s)%s "
				"(%u ms)\n",
			name, net_addr_text(&a->addr, addr), kind, transport,
			dns_rcode_to_text(p->rcode, rcode), p->aa ? ", AA" : ", no AA",
			p->truncated_udp ? ", TC" : "", p->records,
			p->soa_in_authority ? ", SOA in authority" : "", p->elapsed_ms);
}

static void trace_probes(const struct nsprobe_report *rep)
{
	static const char *const kinds[NS_PROBE_KINDS] = {"SOA", "CAA", "TYPE65280"};
	char zone[DNS_MAX_NAME_TEXT];
	struct dns_text t;
	dns_text_init(&t, zone, sizeof zone);
	dns_text_name(&t, rep->zone);
	if (rep->problem) {
		fprintf(stderr, "[R-CAA-6] nameservers not probed: %s\n", rep->problem);
		return;
	}
	if (rep->via_referral) {
		char parent[DNS_MAX_NAME_TEXT];
		dns_text_init(&t, parent, sizeof parent);
		dns_text_name(&t, rep->parent_zone);
		fprintf(stderr,
			"[R-CAA-6] the resolver gave no SOA below %s: its servers referred to zone %s, "
			"whose servers are the ones the CA's resolver must ask\n",
			parent, zone);
	}
	fprintf(stderr, "[R-CAA-6] zone %s: %zu nameserver(s), %zu address(es)%s\n", zone,
		rep->ns_count, rep->addr_count, rep->zone_signed ? ", signed" : "");
	for (size_t i = 0; i < rep->addr_count; i++)
		for (int k = 0; k < NS_PROBE_KINDS; k++) {
			trace_probe(&rep->addrs[i], kinds[k], "UDP", &rep->addrs[i].udp[k]);
			trace_probe(&rep->addrs[i], kinds[k], "TCP", &rep->addrs[i].tcp[k]);
		}
}

/* ---- one name --------------------------------------------------------------- */

static int check_one(const struct check_run *run, const char *input, struct findings *f,
		     const char **verdict, char *domain_text, size_t domain_cap)
{
	memset(f, 0, sizeof *f);
	*verdict = "unknown";
	snprintf(domain_text, domain_cap, "%s", input);
	bool wildcard;
	uint8_t wire[DNS_MAX_NAME];
	size_t len;
	enum dns_err e = dns_name_from_input(input, strlen(input), &wildcard, wire, &len);
	if (e || wire[0] == 0)
		return EXIT_USAGE;
	struct dns_text t;
	dns_text_init(&t, domain_text, domain_cap);
	dns_text_name(&t, wire);

	/* 1. CAA (R-CAA-*) */
	struct caa_capture c = {.run = run, .name = input, .f = f,
				.req = {.ca_id = "letsencrypt.org", .wildcard = wildcard}};
	struct caa_batch_config bc = {.resolver = run->rcfg, .request = c.req, .concurrency = 1};
	struct caa_batch_io io = {.next_name = one_name, .on_result = on_caa,
				  .on_answer = run->g->trace ? trace_caa_answer : NULL, .ctx = &c};
	if (caa_batch_run(&bc, &io) != 0)
		return EXIT_UNKNOWN;

	/* 2. every nameserver of the zone, asked directly */
	size_t ns_faults = 0;
	if (c.have_probe_name) {
		static struct nsprobe_report rep;
		unsigned timeout = run->rcfg->timeout_ms < 3000 ? run->rcfg->timeout_ms : 3000;
		if (nsprobe_run(run->rcfg, c.probe_name, run->ns_port, timeout, &rep) == 0) {
			size_t first = f->count;
			diagnose_nameservers(&rep, f);
			if (run->g->trace)
				trace_probes(&rep);
			ns_faults = diagnose_servers_at_fault(f, first);
		}
	}

	/* 3. addresses, 4. HTTP-01 */
	check_addresses(run, domain_text, wire, f);
	if ((run->token || run->webroot) && !wildcard)
		check_http01(run, input, f);
	diagnose_single_vantage(f);

	enum check_verdict v = diagnose_verdict(f, c.verdict, ns_faults);
	*verdict = check_verdict_name(v);
	return v == CHECK_OK ? EXIT_YES : v == CHECK_WILL_FAIL ? EXIT_NO : EXIT_UNKNOWN;
}

static void report_json(const char *domain, const char *verdict, const struct findings *f)
{
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "domain", domain);
	json_string(&j, "verdict", verdict);
	json_array_begin(&j, "findings");
	for (int s = FINDING_ERROR; s <= FINDING_INFO; s++)
		for (size_t i = 0; i < f->count; i++) {
			const struct finding *x = &f->items[i];
			if ((int)x->severity != s)
				continue;
			json_object_begin(&j, NULL);
			json_string(&j, "severity", finding_severity_name(x->severity));
			json_string(&j, "code", x->code);
			json_string(&j, "title", x->title);
			json_string(&j, "cause", x->cause);
			json_string(&j, "fix", x->fix);
			json_string(&j, "rule", x->rule);
			json_object_end(&j);
		}
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

static void report_text(const char *domain, const char *verdict, const struct findings *f)
{
	const char *what = strcmp(verdict, "ok") == 0	     ? "nothing found would stop issuance"
			   : strcmp(verdict, "will_fail") == 0 ? "validation WILL FAIL"
							       : "cannot tell";
	printf("%s: %s\n", domain, what);
	for (int s = FINDING_ERROR; s <= FINDING_INFO; s++)
		for (size_t i = 0; i < f->count; i++) {
			const struct finding *x = &f->items[i];
			if ((int)x->severity != s)
				continue;
			printf("\n[%s] %s (%s%s%s)\n", finding_severity_name(x->severity), x->title,
			       x->code, x->rule ? ", " : "", x->rule ? x->rule : "");
			if (x->cause[0])
				printf("  cause: %s\n", x->cause);
			if (x->fix[0])
				printf("  fix:   %s\n", x->fix);
		}
}

/* ---- fleet mode ----------------------------------------------------------- */

/* Each name is checked in a child process of its own, at most
 * `concurrency` at once: the checks share nothing, and a child's memory
 * goes back to the system when it ends, so a fleet of any size takes the
 * memory of `concurrency` checks. Lines come out in input order. */
struct fleet_job {
	pid_t pid;
	int fd;
	unsigned long seq;
	char name[1024]; /* a whole input line: a long one is an error, never cut */
	char *out;
	size_t len, cap;
	bool eof;
	int status;
};

struct fleet {
	const struct check_run *run;
	FILE *in;
	struct fleet_job *jobs;
	unsigned n;
	unsigned long next_seq, emit_seq, total, failing;
	int worst;
	bool progress;
};

static bool next_fleet_name(FILE *in, char *name, size_t cap)
{
	char line[1024];
	while (fgets(line, sizeof line, in)) {
		char *s = line;
		s[strcspn(s, "\r\n")] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		snprintf(name, cap, "%s", s);
		return true;
	}
	return false;
}

static bool start_job(struct fleet *fl, struct fleet_job *j)
{
	int p[2];
	if (!next_fleet_name(fl->in, j->name, sizeof j->name))
		return false;
	if (pipe(p) != 0)
		return false;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return false;
	}
	if (pid == 0) {
		static struct findings f;
		char domain[DNS_MAX_NAME_TEXT];
		const char *verdict;
		close(p[0]);
		dup2(p[1], STDOUT_FILENO);
		close(p[1]);
		int status = check_one(fl->run, j->name, &f, &verdict, domain, sizeof domain);
		report_json(domain, verdict, &f);
		fflush(stdout);
		_exit(status);
	}
	close(p[1]);
	j->pid = pid;
	j->fd = p[0];
	j->seq = fl->next_seq++;
	j->len = 0;
	j->eof = false;
	return true;
}

/* Reads what a child wrote; at its end, collects its exit status. */
static void drain_job(struct fleet_job *j)
{
	for (;;) {
		if (j->cap - j->len < 4096) {
			size_t cap = j->cap ? 2 * j->cap : 8192;
			char *grown = realloc(j->out, cap);
			if (!grown)
				return;
			j->out = grown;
			j->cap = cap;
		}
		ssize_t n = read(j->fd, j->out + j->len, j->cap - j->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(j->fd);
			j->fd = -1;
			j->eof = true;
			int ws = 0;
			while (waitpid(j->pid, &ws, 0) < 0 && errno == EINTR)
				;
			j->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : EXIT_UNKNOWN;
			return;
		}
		j->len += (size_t)n;
		return; /* poll says when there is more */
	}
}

static void emit_jobs(struct fleet *fl)
{
	for (;;) {
		struct fleet_job *j = NULL;
		for (unsigned i = 0; i < fl->n; i++)
			if (fl->jobs[i].pid && fl->jobs[i].seq == fl->emit_seq)
				j = &fl->jobs[i];
		if (!j || !j->eof)
			return;
		fwrite(j->out, 1, j->len, stdout);
		fflush(stdout);
		fl->total++;
		int status = j->status;
		if (status != EXIT_YES) {
			/* the name as the JSON line spells it */
			char shown[sizeof j->name];
			uint8_t wire[DNS_MAX_NAME];
			size_t len;
			bool wildcard;
			snprintf(shown, sizeof shown, "%s", j->name);
			if (dns_name_from_input(j->name, strlen(j->name), &wildcard, wire, &len) ==
			    DNS_OK) {
				struct dns_text t;
				dns_text_init(&t, shown, sizeof shown);
				dns_text_name(&t, wire);
			}
			fl->failing++;
			fprintf(stderr, "acmeprobe check: %s: %s\n", shown,
				status == EXIT_USAGE ? "not a domain name"
				: status == EXIT_NO  ? "will_fail"
						     : "unknown");
		}
		if (status == EXIT_USAGE || status > EXIT_USAGE)
			status = EXIT_UNKNOWN;
		if (status > fl->worst)
			fl->worst = status;
		j->pid = 0;
		fl->emit_seq++;
		if (fl->progress)
			fprintf(stderr, "\r%lu name(s) checked, %lu failing ", fl->total, fl->failing);
	}
}

static int check_fleet(const struct check_run *run, FILE *in, unsigned concurrency)
{
	struct fleet fl = {.run = run, .in = in, .n = concurrency, .progress = isatty(STDERR_FILENO)};
	fl.jobs = calloc(concurrency, sizeof *fl.jobs);
	struct pollfd *pfd = calloc(concurrency, sizeof *pfd);
	if (!fl.jobs || !pfd) {
		free(fl.jobs);
		free(pfd);
		fprintf(stderr, "acmeprobe check: out of memory\n");
		return EXIT_UNKNOWN;
	}
	bool more = true;
	for (;;) {
		/* a free place starts the next name: the place of the oldest
		 * unprinted line is never taken, so output order holds */
		for (unsigned i = 0; more && i < fl.n; i++)
			if (!fl.jobs[i].pid && !(more = start_job(&fl, &fl.jobs[i])))
				break;
		unsigned n = 0;
		for (unsigned i = 0; i < fl.n; i++)
			if (fl.jobs[i].pid && !fl.jobs[i].eof)
				pfd[n++] = (struct pollfd){.fd = fl.jobs[i].fd, .events = POLLIN};
		if (n == 0) {
			emit_jobs(&fl);
			bool busy = false;
			for (unsigned i = 0; i < fl.n; i++)
				busy |= fl.jobs[i].pid != 0;
			if (!more && !busy)
				break;
			continue;
		}
		if (poll(pfd, n, -1) < 0 && errno != EINTR)
			break;
		for (unsigned k = 0; k < n; k++) {
			if (!pfd[k].revents)
				continue;
			for (unsigned i = 0; i < fl.n; i++)
				if (fl.jobs[i].pid && fl.jobs[i].fd == pfd[k].fd)
					drain_job(&fl.jobs[i]);
		}
		emit_jobs(&fl);
	}
	if (fl.progress)
		fputc('\n', stderr);
	fprintf(stderr, "acmeprobe check: %lu name(s), %lu would sink a certificate order that "
			"includes them\n",
		fl.total, fl.failing);
	for (unsigned i = 0; i < fl.n; i++)
		free(fl.jobs[i].out);
	free(fl.jobs);
	free(pfd);
	return fl.worst;
}

int cmd_check(int argc, char **argv)
{
	struct globals g = {0};
	const char *token = NULL, *ka = NULL, *file = NULL, *ns_port = NULL, *webroot = NULL,
		   *concurrency = NULL, *want_help = NULL;
	const struct option_spec specs[] = {
		{"token", true, &token},	  {"key-authorization", true, &ka},
		{"file", true, &file},	  {"ns-port", true, &ns_port},
		{"webroot", true, &webroot}, {"concurrency", true, &concurrency},
		{"help", false, &want_help}, {NULL, false, NULL}};
	const char *pos[1];
	size_t npos;
	if (!parse_args("check", argc, argv, 2, &g, specs, pos, 1, &npos))
		return EXIT_USAGE;
	if (want_help) {
		fputs(help, stdout);
		return EXIT_YES;
	}
	if (ka && !token && !webroot)
		return usage_error("check", "--key-authorization goes with --token or --webroot");
	struct check_run run = {.g = &g, .token = token, .key_authorization = ka,
				.webroot = webroot, .ns_port = 53};
	uint32_t ns_port_n;
	if (ns_port) {
		if (!decimal_parse(ns_port, 1, 65535, &ns_port_n))
			return usage_error("check", "--ns-port takes a port number, not '%s'", ns_port);
		run.ns_port = (uint16_t)ns_port_n;
	}
	uint32_t concurrency_n = 8;
	if (concurrency) {
		if (!decimal_parse(concurrency, 1, 64, &concurrency_n))
			return usage_error("check", "--concurrency takes a number from 1 to 64, not '%s'",
					   concurrency);
		if (!file)
			return usage_error("check", "--concurrency goes with --file");
	}
	if (file ? npos != 0 : npos != 1)
		return usage_error("check", file ? "--file reads the names: no DOMAIN with it"
						 : "needs one DOMAIN (or --file F)");
	FILE *in = NULL;
	if (file && !(in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r")))
		return usage_error("check", "cannot read --file %s: %s", file, strerror(errno));
	if (!file) {
		bool wildcard;
		uint8_t wire[DNS_MAX_NAME];
		size_t len;
		enum dns_err e = dns_name_from_input(pos[0], strlen(pos[0]), &wildcard, wire, &len);
		if (e || wire[0] == 0)
			return usage_error("check", "'%s' is not a domain name", pos[0]);
	}

	struct resolver_config rcfg;
	int rc = cli_resolver_config("check", &g, NULL, &rcfg);
	if (rc != EXIT_YES) {
		if (in && in != stdin)
			fclose(in);
		return rc;
	}
	run.rcfg = &rcfg;
	static struct findings f;
	char domain[DNS_MAX_NAME_TEXT];
	const char *verdict;

	if (!file) {
		int status = check_one(&run, pos[0], &f, &verdict, domain, sizeof domain);
		if (g.json)
			report_json(domain, verdict, &f);
		else
			report_text(domain, verdict, &f);
		return status;
	}

	int worst = check_fleet(&run, in, (unsigned)concurrency_n);
	if (in != stdin)
		fclose(in);
	return worst;
}
