/* `acmeprobe check --file F`: every name of F, each checked in a child
 * process of its own, at most `concurrency` at once. The checks share
 * nothing, and a child's memory goes back to the system when it ends, so
 * a fleet of any size takes the memory of `concurrency` checks. Each
 * child writes its name's JSON line into a pipe; the lines come out on
 * standard output in input order, with a line on stderr for each name
 * that fails and a summary at the end.
 *
 * Every name read gets exactly one line: a child that ends without
 * writing its line (killed, crashed) gets one written for it, verdict
 * unknown. SIGINT (Ctrl-C) stops the reading: the names already started
 * are finished and printed, so the output is the first lines of a whole
 * run, each once; a second SIGINT ends the children in flight and prints
 * what is finished, in order, up to the first one that is not. The
 * children ignore SIGINT: the fleet decides. On a terminal, a progress
 * line on stderr, four times a second at most.
 *
 * A check that ends keeps its line until the lines before it are out,
 * but not its place among the `concurrency` running: the next name
 * starts at once, while the line waits in a window of FLEET_WINDOW x
 * concurrency names (started, finished or not, and not yet printed). So
 * one slow name (a nameserver that times out, asked --repeat times) holds
 * back the output, not the other checks; and the memory stays that of
 * the window, whatever the input's length. */
#include "cli/fleet.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "acme/ident.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "dns/resolver.h"
#include "dns/text.h"
#include "dns/wire.h"
#include "net/clock.h"

/* The names in the window per check running: how far the checks may run
 * ahead of the oldest unprinted line. With one name in ten on a server
 * that drops its queries (2.5 s: 500 ms timeouts, --repeat 3) and the
 * rest at 40 ms, 64 checks at once go through some 170 names a second,
 * so about 420 names finish while one slow name holds the head: 16 x 64
 * = 1,024 lines (about 1.5 KB each) keep the pool busy (bench/check);
 * with the window at 1 x 64, the same fleet went 4 times slower. */
#define FLEET_WINDOW 16

struct fleet_job {
	pid_t pid; /* 0: a free entry */
	int fd;
	unsigned long seq;
	char name[1024]; /* a whole input line: a long one is an error, never cut */
	char *out;
	size_t len, cap;
	bool eof;
	bool stopped; /* ended by the second SIGINT: no line */
	int status;
};

struct fleet {
	fleet_check_fn check;
	void *ctx;
	FILE *in;
	struct fleet_job *jobs; /* the window: seq's line at jobs[seq % window] */
	unsigned n, window, running;
	unsigned long next_seq, emit_seq, total, failing;
	int worst;
	bool progress;
	uint64_t started_ms, progress_ms; /* the run's start, the last progress line */
	/* the one loop (dns/resolver.h) that waits on the children's pipes,
	 * as it waits on a resolver's sockets: it asks no question here */
	struct resolver *loop;
};

static void on_job_output(void *ctx, int fd, short revents);

/* SIGINTs received (the command line's one piece of state the handler
 * writes; the loop reads it between polls). */
static volatile sig_atomic_t interrupts;

static void on_sigint(int sig)
{
	(void)sig;
	if (interrupts < 2)
		interrupts++;
}

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
	if (resolver_watch(fl->loop, p[0], POLLIN, on_job_output, fl) != 0) {
		close(p[0]);
		close(p[1]);
		return false;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		resolver_unwatch(fl->loop, p[0]);
		close(p[0]);
		close(p[1]);
		return false;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_IGN); /* the fleet decides what a Ctrl-C stops */
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
	fl->running++;
	j->len = 0;
	j->eof = false;
	j->stopped = false;
	return true;
}

/* Reads what a child wrote; at its end, collects its exit status. */
static void drain_job(struct fleet *fl, struct fleet_job *j)
{
	for (;;) {
		/* a line is about 1.5 KB: 2 KB first, doubled as it grows */
		if (j->cap - j->len < 1024) {
			size_t cap = j->cap ? 2 * j->cap : 2048;
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
			resolver_unwatch(fl->loop, j->fd);
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

/* The loop's word that a child's pipe is readable. */
static void on_job_output(void *ctx, int fd, short revents)
{
	struct fleet *fl = ctx;
	(void)revents;
	for (unsigned i = 0; i < fl->window; i++) {
		struct fleet_job *j = &fl->jobs[i];
		if (j->pid && !j->eof && j->fd == fd) {
			drain_job(fl, j);
			if (j->eof)
				fl->running--;
			return;
		}
	}
}

/* The line of a name whose child ended without writing it. */
static void write_lost_line(const struct fleet_job *j)
{
	char error[64];
	snprintf(error, sizeof error, "the check ended before its report (exit status %d)",
		 j->status);
	struct json js;
	json_init(&js, stdout);
	json_object_begin(&js, NULL);
	json_string(&js, "domain", j->name);
	json_string(&js, "verdict", "unknown");
	json_array_begin(&js, "findings");
	json_array_end(&js);
	json_array_begin(&js, "le_text");
	json_array_end(&js);
	json_string(&js, "error", error);
	json_object_end(&js);
	json_finish(&js);
}

static void emit_jobs(struct fleet *fl)
{
	for (;;) {
		struct fleet_job *j = &fl->jobs[fl->emit_seq % fl->window];
		if (!j->pid || j->seq != fl->emit_seq || !j->eof)
			return;
		bool whole = j->len && j->out[j->len - 1] == '\n' && !memchr(j->out, '\n', j->len - 1);
		if (j->stopped && !whole)
			return; /* stopped before its end: nothing after it is printed */
		/* exactly one line per name: the child's, or one for it */
		if (whole) {
			fwrite(j->out, 1, j->len, stdout);
		} else {
			if (j->status == EXIT_YES || j->status == EXIT_NO)
				j->status = EXIT_UNKNOWN;
			write_lost_line(j);
		}
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
		free(j->out); /* the window's memory is that of the lines waiting */
		j->out = NULL;
		j->len = j->cap = 0;
		fl->emit_seq++;
		uint64_t now = net_now_ms();
		if (fl->progress && now - fl->progress_ms >= 250) {
			fl->progress_ms = now;
			uint64_t ms = now - fl->started_ms;
			fprintf(stderr, "\r%lu name(s) checked, %lu failing, %.0f names/s ", fl->total,
				fl->failing, ms ? fl->total * 1000.0 / (double)ms : 0.0);
		}
	}
}

int fleet_run(FILE *in, unsigned concurrency, fleet_check_fn check, void *ctx)
{
	struct fleet fl = {.check = check,
			   .ctx = ctx,
			   .in = in,
			   .n = concurrency,
			   .progress = isatty(STDERR_FILENO),
			   .started_ms = net_now_ms()};
	/* SIGINT: not SA_RESTART, so that poll returns and the loop sees it */
	struct sigaction sa = {0}, old_sa;
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);
	interrupts = 0;
	fl.window = FLEET_WINDOW * concurrency;
	fl.jobs = calloc(fl.window, sizeof *fl.jobs);
	fl.loop = resolver_open(NULL, NULL, NULL, NULL, NULL);
	if (!fl.jobs || !fl.loop) {
		free(fl.jobs);
		if (fl.loop)
			resolver_close(fl.loop);
		sigaction(SIGINT, &old_sa, NULL);
		fprintf(stderr, "acmeprobe check: out of memory\n");
		return EXIT_UNKNOWN;
	}
	bool more = true, killed = false;
	for (;;) {
		if (interrupts)
			more = false; /* the first SIGINT: no new name */
		if (interrupts >= 2 && !killed) {
			/* the second: the children in flight end now */
			for (unsigned i = 0; i < fl.window; i++)
				if (fl.jobs[i].pid && !fl.jobs[i].eof) {
					kill(fl.jobs[i].pid, SIGTERM);
					fl.jobs[i].stopped = true;
				}
			killed = true;
		}
		/* the next names start while fewer than n run and the window
		 * has room: the entry of seq is free once seq - window is out */
		while (more && fl.running < fl.n && fl.next_seq - fl.emit_seq < fl.window)
			more = start_job(&fl, &fl.jobs[fl.next_seq % fl.window]);
		if (fl.running == 0) { /* (no pipe open: nothing to wait for) */
			if (!killed)
				emit_jobs(&fl);
			bool busy = false;
			for (unsigned i = 0; i < fl.window; i++)
				busy |= fl.jobs[i].pid != 0 && !(killed && fl.jobs[i].eof);
			if (!more && (!busy || killed))
				break;
			continue;
		}
		/* one step of the loop: on_job_output reads the pipes that are
		 * ready; a SIGINT ends the wait (EINTR) and is seen above */
		if (resolver_step(fl.loop, RESOLVER_NO_DEADLINE) < 0)
			break;
		if (!killed)
			emit_jobs(&fl);
	}
	if (killed)
		/* what finished, in order, up to the first name that did not */
		emit_jobs(&fl);
	sigaction(SIGINT, &old_sa, NULL);
	if (fl.progress)
		fputc('\n', stderr);
	fprintf(stderr,
		"acmeprobe check: %lu name(s), %lu would sink a certificate order that "
		"includes them\n",
		fl.total, fl.failing);
	if (interrupts) {
		fprintf(stderr,
			"acmeprobe check: interrupted: the first %lu name(s) are checked and "
			"printed, the rest %s\n",
			fl.total, killed ? "were stopped or not started" : "were not started");
		fl.worst = 130;
	}
	for (unsigned i = 0; i < fl.window; i++)
		free(fl.jobs[i].out);
	free(fl.jobs);
	resolver_close(fl.loop);
	return fl.worst;
}
