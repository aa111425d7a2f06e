/* The resolver's run loop (src/dns/resolver.c): how questions are taken
 * from `next` and when the run ends. The decisions on each question (ID,
 * source and question checks, TC->TCP, retries across servers, CNAME
 * chains) are src/dns/exchange.c's, tested without sockets in
 * test_dns_exchange.c, and end to end against real servers and the fault
 * injector in tests/integration/test_query.sh and test_resolver_real.sh.
 *
 * Traffic: a responder on 127.0.0.1, watched in the loop that asks it
 * (no thread), and queries to 127.0.0.1 port 0, which the kernel refuses
 * at sendto (EINVAL) without sending anything: a server that fails at
 * once, with no network involved. The exchange decides what such a
 * failure means (test_dns_exchange.c, io_errors_fail_the_try_at_once);
 * these tests hold the loop's side: a slot freed at once takes the next
 * question at once, and the run ends. */
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/query.h"
#include "dns/resolver.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "net/addr.h"
#include "net/clock.h"

/* ---- a scripted source of questions ------------------------------------ */

/* What `next` says, call by call: 'Q' a question (the next name of
 * `names`), 'L' RES_NEXT_LATER; after the script, RES_NEXT_END. 'W' is a
 * question held back until the previous one's result is in: LATER
 * before, the question after. */
struct script {
	const char *steps;
	const char *const *names;
	size_t step, given, calls;
	size_t results;
	char order[64]; /* 'n' for each next() call that gave question n, 'r'
			   then n for each result: "0r0" is ask 0, result 0 */
	size_t order_len;
	enum dns_errclass errors[16];
	size_t tries[16];
	bool nodata[16];
};

static void note(struct script *s, char c)
{
	if (s->order_len + 1 < sizeof s->order) {
		s->order[s->order_len++] = c;
		s->order[s->order_len] = '\0';
	}
}

static enum resolver_next scripted_next(void *ctx, struct dns_question *q)
{
	struct script *s = ctx;
	s->calls++;
	char step = s->steps[s->step];
	if (step == '\0')
		return RES_NEXT_END;
	if (step == 'L' || (step == 'W' && s->results < s->given)) {
		if (step == 'L')
			s->step++;
		return RES_NEXT_LATER;
	}
	s->step++;
	memset(q, 0, sizeof *q);
	size_t len;
	const char *name = s->names[s->given];
	cr_assert_eq(dns_name_from_text(name, strlen(name), q->name, &len), DNS_OK);
	q->type = DNS_T_CAA;
	q->flags = DNS_Q_RD;
	q->user = (void *)(uintptr_t)s->given;
	note(s, (char)('0' + s->given));
	s->given++;
	return RES_NEXT_QUESTION;
}

static void scripted_done(void *ctx, const struct dns_result *r)
{
	struct script *s = ctx;
	size_t i = (size_t)(uintptr_t)r->question->user;
	cr_assert_lt(i, 16);
	s->errors[i] = r->error;
	s->tries[i] = r->try_count;
	s->nodata[i] = r->nodata;
	s->results++;
	note(s, 'r');
	note(s, (char)('0' + i));
}

static struct resolver_config config(uint16_t port, unsigned window)
{
	struct resolver_config cfg = {
	    .server_count = 1, .timeout_ms = 2000, .attempts = 2, .max_inflight = window};
	cr_assert(net_addr_parse("127.0.0.1", port, &cfg.servers[0]));
	return cfg;
}

static const char *const names[] = {"a.example.", "b.example.", "c.example.", "d.example.",
				    "e.example."};

/* ---- a server that fails at once: 127.0.0.1 port 0 --------------------- */

/* Every try of every question fails inside sendto, so each question ends
 * before resolver_run could wait for anything. The run used to wait in
 * poll with no socket and no deadline, for ever, once the last question
 * had failed this way (`acmeprobe query NAME --resolver 255.255.255.255`
 * hung). */
Test(resolver_run, one_question_failing_at_once_ends_the_run, .timeout = 10)
{
	struct script s = {.steps = "Q", .names = names};
	struct resolver_config cfg = config(0, 1);
	struct resolver_stats st = {0};
	cr_assert_eq(resolver_run(&cfg, scripted_next, scripted_done, &s, &st), 0);
	cr_assert_eq(s.results, 1);
	cr_assert_eq(s.errors[0], DNS_EC_NETWORK);
	cr_assert_eq(s.tries[0], 2, "one try per attempt: %zu", s.tries[0]);
	cr_assert_eq(st.udp_sent, 0);
	cr_assert_str_eq(s.order, "0r0");
}

Test(resolver_run, a_batch_failing_at_once_gets_every_result_in_order, .timeout = 10)
{
	struct script s = {.steps = "QQQQQ", .names = names};
	struct resolver_config cfg = config(0, 2);
	cr_assert_eq(resolver_run(&cfg, scripted_next, scripted_done, &s, NULL), 0);
	cr_assert_eq(s.results, 5);
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(s.errors[i], DNS_EC_NETWORK, "question %zu", i);
	/* a slot freed at once takes the next question at once */
	cr_assert_str_eq(s.order, "0r01r12r23r34r4");
	cr_assert_eq(s.calls, 6, "5 questions, then END: %zu calls", s.calls);
}

Test(resolver_ask, a_question_failing_at_once_returns, .timeout = 10)
{
	struct script s = {.names = names};
	struct resolver_config cfg = config(0, 100);
	struct dns_question q = {.type = DNS_T_A, .flags = DNS_Q_RD};
	size_t len;
	cr_assert_eq(dns_name_from_text("a.example.", 10, q.name, &len), DNS_OK);
	cr_assert_eq(resolver_ask(&cfg, &q, scripted_done, &s), 0);
	cr_assert_eq(s.results, 1);
	cr_assert_eq(s.errors[0], DNS_EC_NETWORK);
}

Test(resolver_run, later_with_nothing_in_flight_ends_the_run, .timeout = 10)
{
	struct script s = {.steps = "LQ", .names = names};
	struct resolver_config cfg = config(0, 4);
	cr_assert_eq(resolver_run(&cfg, scripted_next, scripted_done, &s, NULL), 0);
	cr_assert_eq(s.calls, 1, "asked once: %zu", s.calls);
	cr_assert_eq(s.results, 0);
}

/* ---- a responder on 127.0.0.1, in the resolver's own loop ---------------- */

/* A UDP socket on 127.0.0.1 that answers `count` queries with NODATA (the
 * query itself with QR set: the question and the OPT record come back as
 * they went), then stops. It is a watched descriptor of the loop that
 * asks it (resolver_watch): one thread, one poll(2). */
struct responder {
	int fd;
	uint16_t port;
	size_t count, answered;
	struct resolver *loop;
};

static void respond(void *ctx, int fd, short revents)
{
	struct responder *r = ctx;
	cr_assert(revents & POLLIN);
	uint8_t buf[512];
	struct sockaddr_in from;
	socklen_t from_len = sizeof from;
	ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
	if (n < DNS_HEADER_LEN)
		return;
	buf[2] |= 0x80; /* QR */
	buf[3] &= 0xf0; /* RCODE NOERROR */
	if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, from_len) == n &&
	    ++r->answered == r->count)
		resolver_unwatch(r->loop, fd);
}

static void responder_start(struct responder *r, size_t count)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	r->count = count;
	r->answered = 0;
	r->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	cr_assert_geq(r->fd, 0);
	cr_assert_eq(bind(r->fd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(getsockname(r->fd, (struct sockaddr *)&a, &len), 0);
	r->port = ntohs(a.sin_port);
}

/* The run of resolver_run, with the responder watched in it. */
static int run_with(struct responder *srv, const struct resolver_config *cfg, struct script *s,
		    struct resolver_stats *st)
{
	srv->loop = resolver_open(cfg, scripted_next, scripted_done, s, st);
	cr_assert_not_null(srv->loop);
	cr_assert_eq(resolver_watch(srv->loop, srv->fd, POLLIN, respond, srv), 0);
	int rc, steps = 0;
	while ((rc = resolver_step(srv->loop, RESOLVER_NO_DEADLINE)) > 0)
		cr_assert_lt(++steps, 1000, "the run does not end");
	resolver_close(srv->loop);
	close(srv->fd);
	return rc;
}

Test(resolver_run, answers_fill_the_window_and_end_the_run, .timeout = 10)
{
	struct responder srv;
	responder_start(&srv, 5);
	struct script s = {.steps = "QQQQQ", .names = names};
	struct resolver_config cfg = config(srv.port, 2);
	struct resolver_stats st = {0};
	cr_assert_eq(run_with(&srv, &cfg, &s, &st), 0);
	cr_assert_eq(srv.answered, 5);
	cr_assert_eq(s.results, 5);
	for (size_t i = 0; i < 5; i++) {
		cr_assert_eq(s.errors[i], DNS_EC_NONE, "question %zu", i);
		cr_assert(s.nodata[i], "question %zu", i);
		cr_assert_eq(s.tries[i], 1, "question %zu", i);
	}
	cr_assert_eq(st.udp_sent, 5);
	cr_assert_eq(st.spoofed, 0);
	cr_assert_eq(s.calls, 6);
}

/* LATER holds until a result comes in, then `next` is asked again: the
 * way the CAA walk waits for a parent's answer before its next name. */
Test(resolver_run, later_is_asked_again_after_a_result, .timeout = 10)
{
	struct responder srv;
	responder_start(&srv, 2);
	struct script s = {.steps = "QW", .names = names};
	struct resolver_config cfg = config(srv.port, 4);
	cr_assert_eq(run_with(&srv, &cfg, &s, NULL), 0);
	cr_assert_eq(s.results, 2);
	cr_assert_str_eq(s.order, "0r01r1");
	cr_assert_eq(s.errors[0], DNS_EC_NONE);
	cr_assert_eq(s.errors[1], DNS_EC_NONE);
	/* Q0; W -> LATER (the 3 other slots are not asked again); the
	 * responder's event (a watched fd: it may be what `next` waits for)
	 * -> W asked again, LATER; result 0; W -> question 1; END; result 1.
	 * With nothing watched, the same run makes 4 calls. */
	cr_assert_eq(s.calls, 5, "%zu calls", s.calls);
}

/* ---- the open loop --------------------------------------------------------- */

/* A loop with no question serves the caller's descriptors alone, for as
 * long as one is watched: here a pipe read until its writer closes it. */
struct pipe_reader {
	struct resolver *loop;
	char got[16];
	size_t len;
	int reads;
};

static void read_pipe(void *ctx, int fd, short revents)
{
	struct pipe_reader *p = ctx;
	(void)revents;
	p->reads++;
	ssize_t n = read(fd, p->got + p->len, sizeof p->got - 1 - p->len);
	if (n > 0)
		p->len += (size_t)n;
	else
		resolver_unwatch(p->loop, fd);
}

Test(resolver_loop, a_loop_without_questions_serves_watched_fds, .timeout = 10)
{
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	struct pipe_reader p = {0};
	p.loop = resolver_open(NULL, NULL, NULL, NULL, NULL);
	cr_assert_not_null(p.loop);
	cr_assert_eq(resolver_watch(p.loop, fds[0], POLLIN, read_pipe, &p), 0);
	cr_assert_eq(write(fds[1], "abc", 3), 3);
	cr_assert_eq(resolver_step(p.loop, RESOLVER_NO_DEADLINE), 1);
	cr_assert_str_eq(p.got, "abc");
	close(fds[1]);
	cr_assert_eq(resolver_step(p.loop, RESOLVER_NO_DEADLINE), 1);
	cr_assert_eq(p.reads, 2);
	/* the reader removed itself at the end of the pipe: nothing is left */
	cr_assert_eq(resolver_step(p.loop, RESOLVER_NO_DEADLINE), 0);
	resolver_close(p.loop);
	close(fds[0]);
}

/* A step returns by the caller's deadline when nothing else comes first,
 * so a caller's timers run in the same loop. */
Test(resolver_loop, a_step_returns_by_the_callers_deadline, .timeout = 10)
{
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	struct pipe_reader p = {0};
	p.loop = resolver_open(NULL, NULL, NULL, NULL, NULL);
	cr_assert_eq(resolver_watch(p.loop, fds[0], POLLIN, read_pipe, &p), 0);
	uint64_t t0 = net_now_ms();
	cr_assert_eq(resolver_step(p.loop, t0 + 50), 1);
	uint64_t waited = net_now_ms() - t0;
	cr_assert_geq(waited, 50);
	cr_assert_lt(waited, 2000);
	cr_assert_eq(p.reads, 0);
	resolver_close(p.loop);
	close(fds[0]);
	close(fds[1]);
}

/* A watch removed by a callback of the same step is not called, even
 * when a new watch took its descriptor number in that step. */
struct swapper {
	struct resolver *loop;
	int first, second; /* read ends */
	int calls_first, calls_second;
};

static void on_second(void *ctx, int fd, short revents)
{
	struct swapper *w = ctx;
	(void)revents;
	char c;
	cr_assert_eq(read(fd, &c, 1), 1);
	w->calls_second++;
}

static void on_first(void *ctx, int fd, short revents)
{
	struct swapper *w = ctx;
	(void)revents;
	w->calls_first++;
	resolver_unwatch(w->loop, fd);
	resolver_unwatch(w->loop, w->second);
	/* the second pipe's fd number, watched anew: its ready event of this
	 * step belongs to the removed watch */
	cr_assert_eq(resolver_watch(w->loop, w->second, POLLIN, on_second, w), 0);
}

Test(resolver_loop, a_watch_removed_in_a_step_gets_nothing_more, .timeout = 10)
{
	int a[2], b[2];
	cr_assert_eq(pipe(a), 0);
	cr_assert_eq(pipe(b), 0);
	struct swapper w = {.first = a[0], .second = b[0]};
	w.loop = resolver_open(NULL, NULL, NULL, NULL, NULL);
	cr_assert_eq(resolver_watch(w.loop, a[0], POLLIN, on_first, &w), 0);
	cr_assert_eq(resolver_watch(w.loop, b[0], POLLIN, on_second, &w), 0);
	cr_assert_eq(write(a[1], "x", 1), 1);
	cr_assert_eq(write(b[1], "y", 1), 1);
	cr_assert_eq(resolver_step(w.loop, RESOLVER_NO_DEADLINE), 1);
	cr_assert_eq(w.calls_first, 1);
	cr_assert_eq(w.calls_second, 0, "the old watch's event went to the new watch");
	cr_assert_eq(resolver_step(w.loop, RESOLVER_NO_DEADLINE), 1);
	cr_assert_eq(w.calls_second, 1);
	resolver_close(w.loop);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

/* Many watches (more than the first allocation of the poll arrays). */
Test(resolver_loop, watches_grow, .timeout = 10)
{
	enum { N = 40 };
	int fds[N][2];
	struct pipe_reader p[N];
	struct resolver *loop = resolver_open(NULL, NULL, NULL, NULL, NULL);
	for (int i = 0; i < N; i++) {
		cr_assert_eq(pipe(fds[i]), 0);
		memset(&p[i], 0, sizeof p[i]);
		p[i].loop = loop;
		cr_assert_eq(resolver_watch(loop, fds[i][0], POLLIN, read_pipe, &p[i]), 0);
		cr_assert_eq(write(fds[i][1], "z", 1), 1);
	}
	cr_assert_eq(resolver_step(loop, RESOLVER_NO_DEADLINE), 1);
	for (int i = 0; i < N; i++) {
		cr_assert_str_eq(p[i].got, "z", "pipe %d", i);
		close(fds[i][1]);
	}
	int steps = 0;
	while (resolver_step(loop, RESOLVER_NO_DEADLINE) > 0)
		cr_assert_lt(++steps, 10);
	resolver_close(loop);
	for (int i = 0; i < N; i++)
		close(fds[i][0]);
}

/* Closing the loop with a question in flight gives it its result: a
 * network error that says why. (The server is a bound socket nobody
 * reads: the query waits, unanswered.) */
Test(resolver_loop, closing_with_a_question_in_flight_gives_its_result, .timeout = 10)
{
	struct responder silent;
	responder_start(&silent, 0);
	struct script s = {.steps = "Q", .names = names};
	struct resolver_config cfg = config(silent.port, 1);
	struct resolver *loop = resolver_open(&cfg, scripted_next, scripted_done, &s, NULL);
	cr_assert_eq(resolver_step(loop, net_now_ms() + 20), 1);
	cr_assert_eq(s.results, 0);
	resolver_close(loop);
	cr_assert_eq(s.results, 1);
	cr_assert_eq(s.errors[0], DNS_EC_NETWORK);
	close(silent.fd);
}

Test(resolver_loop, open_refuses_a_config_without_servers)
{
	struct script s = {.steps = "Q", .names = names};
	struct resolver_config cfg = {.server_count = 0, .max_inflight = 1};
	errno = 0;
	cr_assert_null(resolver_open(&cfg, scripted_next, scripted_done, &s, NULL));
	cr_assert_eq(errno, EINVAL);
	cr_assert_null(resolver_open(NULL, scripted_next, scripted_done, &s, NULL));
	cr_assert_eq(resolver_run(&cfg, scripted_next, scripted_done, &s, NULL), -1);
	cr_assert_eq(s.calls, 0);
}
