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

#include "check/doctor.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/resolver_setup.h"
#include "cli/webroot.h"
#include "dns/text.h"
#include "dns/types.h"
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

static void trace_answer(void *ctx, const struct dns_result *r)
{
	const struct check_run *run = ctx;
	cli_trace_tries(run->rcfg, r, TRACE_CAA);
}

/* One name: the doctor, with --webroot's token file written before and
 * removed after; the exit status of the contract. */
static int check_one(const struct check_run *run, const char *input, struct doctor_report *rep)
{
	struct doctor_config cfg = {
		.resolver = run->rcfg,
		.ns_port = run->ns_port,
		.token = run->token,
		.key_authorization = run->key_authorization,
		.token_given = run->token != NULL,
		.trace = run->g->trace ? cli_trace_line : NULL,
		.trace_answer = trace_answer,
		.trace_ctx = (void *)run,
	};
	bool wildcard, written = false;
	uint8_t wire[DNS_MAX_NAME];
	size_t len;
	struct webroot wr;
	if (run->webroot &&
	    dns_name_from_input(input, strlen(input), &wildcard, wire, &len) == DNS_OK &&
	    wire[0] != 0 && !wildcard) {
		written = webroot_prepare(&wr, "check", run->webroot, &cfg.token,
					  &cfg.key_authorization) == EXIT_YES;
		if (!written)
			cfg.webroot_failed = run->webroot;
	}
	enum doctor_status st = doctor_run(&cfg, input, rep);
	if (written)
		webroot_remove();
	if (st == DOCTOR_NOT_A_NAME)
		return EXIT_USAGE;
	switch (rep->verdict) {
	case CHECK_OK: return EXIT_YES;
	case CHECK_WILL_FAIL: return EXIT_NO;
	default: return EXIT_UNKNOWN;
	}
}

static void report_json(const struct doctor_report *r)
{
	const struct findings *f = &r->findings;
	struct json j;
	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "domain", r->domain);
	json_string(&j, "verdict", check_verdict_name(r->verdict));
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

static void report_text(const struct doctor_report *r)
{
	const struct findings *f = &r->findings;
	const char *what = r->verdict == CHECK_OK	     ? "nothing found would stop issuance"
			   : r->verdict == CHECK_WILL_FAIL ? "validation WILL FAIL"
							   : "cannot tell";
	printf("%s: %s\n", r->domain, what);
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
		static struct doctor_report rep;
		close(p[0]);
		dup2(p[1], STDOUT_FILENO);
		close(p[1]);
		int status = check_one(fl->run, j->name, &rep);
		report_json(&rep);
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
	static struct doctor_report rep;

	if (!file) {
		int status = check_one(&run, pos[0], &rep);
		if (g.json)
			report_json(&rep);
		else
			report_text(&rep);
		return status;
	}

	int worst = check_fleet(&run, in, (unsigned)concurrency_n);
	if (in != stdin)
		fclose(in);
	return worst;
}
