/* `acmeprobe check --file F`: every name of F, each checked in a child
 * process of its own, at most `concurrency` at once. The checks share
 * nothing, and a child's memory goes back to the system when it ends, so
 * a fleet of any size takes the memory of `concurrency` checks. Each
 * child writes its name's JSON line into a pipe; the lines come out on
 * standard output in input order, with a line on stderr for each name
 * that fails and a summary at the end. */
#include "cli/fleet.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "acme/ident.h"
#include "cli/cli.h"
#include "dns/text.h"
#include "dns/wire.h"

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
	fleet_check_fn check;
	void *ctx;
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
		close(p[0]);
		dup2(p[1], STDOUT_FILENO);
		close(p[1]);
		int status = fl->check(fl->ctx, j->name);
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
			/* a name as the report writes it; an IP address as given */
			bool ip = ACMEPROBE_IP && ident_looks_like_ip(j->name);
			if (!ip && dns_name_from_input(j->name, strlen(j->name), &wildcard, wire,
						       &len) == DNS_OK) {
				struct dns_text t;
				dns_text_init(&t, shown, sizeof shown);
				dns_text_name(&t, wire);
			}
			fl->failing++;
			fprintf(stderr, "acmeprobe check: %s: %s\n", shown,
				status == EXIT_USAGE
				    ? (ip ? "not an IP address in canonical form (R-IP-1)"
					  : "not a domain name")
				: status == EXIT_NO ? "will_fail"
						    : "unknown");
		}
		if (status == EXIT_USAGE || status > EXIT_USAGE)
			status = EXIT_UNKNOWN;
		if (status > fl->worst)
			fl->worst = status;
		j->pid = 0;
		fl->emit_seq++;
		if (fl->progress)
			fprintf(stderr, "\r%lu name(s) checked, %lu failing ", fl->total,
				fl->failing);
	}
}

int fleet_run(FILE *in, unsigned concurrency, fleet_check_fn check, void *ctx)
{
	struct fleet fl = {.check = check,
			   .ctx = ctx,
			   .in = in,
			   .n = concurrency,
			   .progress = isatty(STDERR_FILENO)};
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
	fprintf(stderr,
		"acmeprobe check: %lu name(s), %lu would sink a certificate order that "
		"includes them\n",
		fl.total, fl.failing);
	for (unsigned i = 0; i < fl.n; i++)
		free(fl.jobs[i].out);
	free(fl.jobs);
	free(pfd);
	return fl.worst;
}
