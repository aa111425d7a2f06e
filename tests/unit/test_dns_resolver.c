/* The resolver's run loop (src/dns/resolver.c): how questions are taken
 * from `next` and when the run ends. The decisions on each question (ID,
 * source and question checks, TC->TCP, retries across servers, CNAME
 * chains) are src/dns/exchange.c's, tested without sockets in
 * test_dns_exchange.c, and end to end against real servers and the fault
 * injector in tests/integration/test_query.sh and test_resolver_real.sh.
 *
 * Traffic: a responder thread on 127.0.0.1, and queries to 127.0.0.1
 * port 0, which the kernel refuses at sendto (EINVAL) without sending
 * anything: a server that fails at once, with no network involved. */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/query.h"
#include "dns/resolver.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "net/addr.h"

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

/* ---- a responder on 127.0.0.1 -------------------------------------------- */

/* Answers `count` queries with NODATA: the query itself with QR set (the
 * question and the OPT record come back as they went), then stops. */
struct responder {
	int fd;
	uint16_t port;
	size_t count, answered;
	pthread_t thread;
};

static void *respond(void *arg)
{
	struct responder *r = arg;
	while (r->answered < r->count) {
		struct pollfd p = {.fd = r->fd, .events = POLLIN};
		if (poll(&p, 1, 5000) != 1)
			break; /* the test fails on the missing answers */
		uint8_t buf[512];
		struct sockaddr_in from;
		socklen_t from_len = sizeof from;
		ssize_t n = recvfrom(r->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
		if (n < DNS_HEADER_LEN)
			continue;
		buf[2] |= 0x80; /* QR */
		buf[3] &= 0xf0; /* RCODE NOERROR */
		if (sendto(r->fd, buf, (size_t)n, 0, (struct sockaddr *)&from, from_len) == n)
			r->answered++;
	}
	return NULL;
}

static void responder_start(struct responder *r, size_t count)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	r->count = count;
	r->answered = 0;
	r->fd = socket(AF_INET, SOCK_DGRAM, 0);
	cr_assert_geq(r->fd, 0);
	cr_assert_eq(bind(r->fd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(getsockname(r->fd, (struct sockaddr *)&a, &len), 0);
	r->port = ntohs(a.sin_port);
	cr_assert_eq(pthread_create(&r->thread, NULL, respond, r), 0);
}

static void responder_stop(struct responder *r)
{
	pthread_join(r->thread, NULL);
	close(r->fd);
}

Test(resolver_run, answers_fill_the_window_and_end_the_run, .timeout = 10)
{
	struct responder srv;
	responder_start(&srv, 5);
	struct script s = {.steps = "QQQQQ", .names = names};
	struct resolver_config cfg = config(srv.port, 2);
	struct resolver_stats st = {0};
	cr_assert_eq(resolver_run(&cfg, scripted_next, scripted_done, &s, &st), 0);
	responder_stop(&srv);
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
	cr_assert_eq(resolver_run(&cfg, scripted_next, scripted_done, &s, NULL), 0);
	responder_stop(&srv);
	cr_assert_eq(s.results, 2);
	cr_assert_str_eq(s.order, "0r01r1");
	cr_assert_eq(s.errors[0], DNS_EC_NONE);
	cr_assert_eq(s.errors[1], DNS_EC_NONE);
	/* Q0; W -> LATER (the 3 other slots are not asked again); result 0;
	 * W -> question 1; END; result 1 */
	cr_assert_eq(s.calls, 4, "%zu calls", s.calls);
}
