/* The resolver's decisions (src/dns/exchange.c) driven without a socket:
 * each test starts an exchange, hands it datagrams, TCP octets, timeouts
 * and I/O errors as events, and asserts the exact actions and result.
 * The answers are real captures (the .bin files of tests/fixtures/msgs,
 * README.md there) with their ID set to the query's; the few shapes no capture has
 * (a CNAME chain cut short, NOTIMP) are built or derived and say so.
 *
 * The servers are loopback addresses that nothing ever contacts: an
 * exchange only compares them with a datagram's source. */
#include "helpers.h"

#include <netinet/in.h>

#include "dns/exchange.h"
#include "dns/query.h"

#define FIXTURES   "tests/fixtures/msgs/"
#define TIMEOUT_MS 1000

struct world {
	struct net_addr servers[RESOLVER_MAX_SERVERS];
	struct dns_exchange_env env;
	struct dns_exchange x;
	uint16_t next_id; /* the IDs the exchange draws, in order */
	uint64_t now;
	struct dns_action a; /* the last action */
	uint16_t query_id;   /* the ID of the last query sent */
	uint8_t query_name[DNS_MAX_NAME];
	uint16_t query_type;
	struct dns_tcp_room room;
	uint8_t pkt[DNS_TCP_MAX + 2];
	size_t pkt_len;
};

static struct world W;

static uint16_t counting_id(void *ctx)
{
	struct world *w = ctx;
	return w->next_id++;
}

static void world_init(size_t servers, unsigned attempts)
{
	memset(&W, 0, sizeof W);
	for (size_t i = 0; i < servers; i++)
		cr_assert(net_addr_parse("127.0.0.1", (uint16_t)(5301 + i), &W.servers[i]));
	W.env = (struct dns_exchange_env){.servers = W.servers,
					  .server_count = servers,
					  .timeout_ms = TIMEOUT_MS,
					  .attempts = attempts,
					  .new_id = counting_id,
					  .id_ctx = &W};
	W.next_id = 0x4100;
	W.now = 1000000;
}

/* Records what a SEND_UDP or CONNECT_TCP asks, after checking that the
 * query parses (RFC 1035: QR clear, one question) and, for TCP, that its
 * 2-octet length is right (RFC 7766 s8). */
static void note(const struct dns_action *ap)
{
	struct dns_action a = *ap;
	W.a = a;
	if (a.kind != DNS_ACT_SEND_UDP && a.kind != DNS_ACT_CONNECT_TCP)
		return;
	const uint8_t *q = a.out;
	size_t n = a.out_len;
	if (a.kind == DNS_ACT_CONNECT_TCP) {
		cr_assert_geq(n, 2);
		cr_assert_eq((size_t)(q[0] << 8 | q[1]), n - 2, "TCP length prefix");
		q += 2;
		n -= 2;
	}
	cr_assert_lt(a.server, W.env.server_count);
	cr_assert_eq(a.deadline, W.now + TIMEOUT_MS);
	struct dns_msg m;
	struct dns_rr rr[2];
	assert_err(dns_msg_parse(&m, q, n, rr, 2), DNS_OK);
	cr_assert_not(m.flags & DNS_FLAG_QR);
	cr_assert(m.edns.present, "EDNS(0) on every query");
	W.query_id = m.id;
	W.query_type = m.qtype;
	size_t next, len;
	assert_err(dns_name_unpack(q, n, m.qname, n, &next, W.query_name, &len), DNS_OK);
}

static void ask_flags(const char *name, uint16_t type, unsigned flags, unsigned server)
{
	struct dns_question q = {.type = type, .flags = DNS_Q_RD | flags, .server = server};
	size_t len;
	assert_err(dns_name_from_text(name, strlen(name), q.name, &len), DNS_OK);
	note(dns_exchange_start(&W.x, &W.env, &q, W.now));
}

static void ask(const char *name, uint16_t type)
{
	ask_flags(name, type, 0, 0);
}

/* A capture into W.pkt, its ID set to the last query's. */
static void load(const char *file)
{
	char path[256];
	snprintf(path, sizeof path, FIXTURES "%s", file);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	W.pkt_len = fread(W.pkt, 1, sizeof W.pkt, f);
	fclose(f);
	cr_assert_geq(W.pkt_len, DNS_HEADER_LEN);
	W.pkt[0] = (uint8_t)(W.query_id >> 8);
	W.pkt[1] = (uint8_t)W.query_id;
}

static void set_rcode(unsigned rcode)
{
	W.pkt[3] = (uint8_t)((W.pkt[3] & 0xF0) | rcode);
}

/* W.pkt as a datagram from server i (real length len). */
static void datagram_len(size_t i, size_t len)
{
	const struct net_addr *from = &W.servers[i];
	note(dns_exchange_datagram(&W.x, (const struct sockaddr *)&from->ss, from->len, W.pkt, len,
				   W.now));
}

static void datagram(size_t i)
{
	datagram_len(i, W.pkt_len);
}

/* W.pkt over TCP with its length prefix, in pieces of `piece` octets. */
static void tcp_answer(size_t piece)
{
	static uint8_t framed[DNS_TCP_MAX + 2];
	framed[0] = (uint8_t)(W.pkt_len >> 8);
	framed[1] = (uint8_t)W.pkt_len;
	memcpy(framed + 2, W.pkt, W.pkt_len);
	size_t total = W.pkt_len + 2;
	for (size_t at = 0; at < total; at += piece) {
		cr_assert_eq(W.a.kind, DNS_ACT_WAIT, "octet %zu: the answer is not over", at);
		size_t n = total - at < piece ? total - at : piece;
		note(dns_exchange_tcp_octets(&W.x, framed + at, n, W.now));
	}
}

static void connected(void)
{
	cr_assert_eq(W.a.kind, DNS_ACT_CONNECT_TCP);
	dns_exchange_tcp_room(&W.x, &W.room);
	W.a.kind = DNS_ACT_WAIT; /* connected, query written: reading */
}

static void timeout(void)
{
	W.now += TIMEOUT_MS;
	note(dns_exchange_timeout(&W.x, W.now));
}

static void assert_sends_udp(size_t server)
{
	cr_assert_eq(W.a.kind, DNS_ACT_SEND_UDP, "kind %d", W.a.kind);
	cr_assert_eq(W.a.server, server, "server %u, want %zu", W.a.server, server);
}

static void assert_waits(void)
{
	cr_assert_eq(W.a.kind, DNS_ACT_WAIT, "kind %d", W.a.kind);
}

static const struct dns_result *assert_done(enum dns_errclass error)
{
	cr_assert_eq(W.a.kind, DNS_ACT_DONE, "kind %d", W.a.kind);
	const struct dns_result *r = W.a.result;
	cr_assert_eq(r->error, error, "error %s, want %s", dns_errclass_name(r->error),
		     dns_errclass_name(error));
	return r;
}

static void assert_try(const struct dns_result *r, size_t i, size_t server, enum dns_transport t,
		       enum dns_errclass outcome, bool truncated)
{
	cr_assert_lt(i, r->try_count);
	const struct dns_try *try = &r->tries[i];
	cr_assert_eq(try->server, server, "try %zu: server %u", i, try->server);
	cr_assert_eq(try->transport, t, "try %zu: transport", i);
	cr_assert_eq(try->outcome, outcome, "try %zu: outcome %s, want %s", i,
		     dns_errclass_name(try->outcome), dns_errclass_name(outcome));
	cr_assert_eq(try->truncated, truncated, "try %zu: truncated", i);
}

static bool asked(const char *name)
{
	uint8_t wire[DNS_MAX_NAME];
	size_t len;
	assert_err(dns_name_from_text(name, strlen(name), wire, &len), DNS_OK);
	return dns_name_equal(wire, W.query_name);
}

/* ---- an answer over UDP ------------------------------------------------- */

Test(exchange, an_answer_ends_the_question)
{
	world_init(2, 2);
	ask("caa1.test.", DNS_T_CAA);
	assert_sends_udp(0);
	cr_assert(asked("caa1.test."));
	cr_assert_eq(W.query_type, DNS_T_CAA);
	W.now += 3;
	load("01-knot-caa-1rr.bin");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert(W.a.keep_socket, "the socket brought an accepted answer");
	cr_assert(r->answered);
	cr_assert_eq(r->final_count, 1);
	cr_assert_not(r->nodata);
	cr_assert_eq(r->server, 0);
	cr_assert_eq(r->transport, DNS_UDP);
	cr_assert_eq(r->elapsed_ms, 3);
	cr_assert_eq(r->msg->pkt, W.pkt, "the result points into the datagram");
	cr_assert_eq(r->try_count, 1);
	assert_try(r, 0, 0, DNS_UDP, DNS_EC_NONE, false);
	cr_assert_eq(r->tries[0].elapsed_ms, 3);
	cr_assert_eq(r->spoofed, 0);
	cr_assert_eq(r->malformed, 0);
	/* events after the end change nothing */
	note(dns_exchange_timeout(&W.x, W.now));
	cr_assert_eq(assert_done(DNS_EC_NONE), r);
}

Test(exchange, nxdomain_and_nodata_are_answers)
{
	world_init(1, 1);
	ask("nx.test.", DNS_T_CAA);
	load("11-knot-nxdomain.bin");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_NXDOMAIN);
	cr_assert(r->answered);
	cr_assert_eq(r->rcode, DNS_RCODE_NXDOMAIN);
	ask("nodata.test.", DNS_T_CAA);
	load("10-knot-nodata.bin");
	datagram(0);
	r = assert_done(DNS_EC_NONE);
	cr_assert(r->nodata);
}

/* ---- R-CAA-13: TC=1 -> TCP to the same server ----------------------------- */

/* A truncated UDP answer (Knot, 30 CAA records past the 1232-octet EDNS
 * size: TC=1, empty answer) makes the same server be asked over TCP
 * (RFC 7766 s5), with a fresh ID; the TCP answer, framed by its length
 * and handed over in pieces, is the result. R-CAA-13. */
Test(exchange, r_caa_13_truncated_answer_asks_the_same_server_over_tcp)
{
	world_init(3, 2);
	ask("caa30.test.", DNS_T_CAA);
	assert_sends_udp(0);
	uint16_t udp_id = W.query_id;
	load("21-knot-caa-30rr-udp-tc.bin");
	datagram(0);
	cr_assert_eq(W.a.kind, DNS_ACT_CONNECT_TCP);
	cr_assert_eq(W.a.server, 0, "the same server");
	cr_assert(W.a.keep_socket, "the TC answer was ours: its socket may serve again");
	cr_assert_neq(W.query_id, udp_id, "a fresh ID");
	cr_assert(asked("caa30.test."));
	connected();
	load("20-knot-caa-30rr-tcp.bin");
	cr_assert_eq(W.pkt_len, 2049);
	tcp_answer(700);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->final_count, 30);
	cr_assert_eq(r->transport, DNS_TCP);
	cr_assert_eq(r->server, 0);
	cr_assert_eq(r->try_count, 2);
	assert_try(r, 0, 0, DNS_UDP, DNS_EC_NONE, true);
	assert_try(r, 1, 0, DNS_TCP, DNS_EC_NONE, false);
}

/* The same through Unbound (RD), the length prefix split from the
 * message, one octet at a time for the first ten. */
Test(exchange, r_caa_13_truncated_answer_of_a_resolver_and_octet_by_octet_framing)
{
	world_init(1, 1);
	ask("caa30.test.", DNS_T_CAA);
	load("38-unbound-caa-30rr-udp-tc.bin");
	datagram(0);
	connected();
	load("39-unbound-caa-30rr-tcp.bin");
	static uint8_t framed[2 + 4096];
	framed[0] = (uint8_t)(W.pkt_len >> 8);
	framed[1] = (uint8_t)W.pkt_len;
	memcpy(framed + 2, W.pkt, W.pkt_len);
	size_t at = 0;
	for (; at < 10; at++) {
		note(dns_exchange_tcp_octets(&W.x, framed + at, 1, W.now));
		assert_waits();
	}
	/* the rest, and octets past the message, which are ignored */
	memset(framed + 2 + W.pkt_len, 0xEE, 16);
	note(dns_exchange_tcp_octets(&W.x, framed + at, W.pkt_len + 2 - at + 16, W.now));
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->final_count, 30);
}

/* TC=1 over TCP is taken as it is: asking again could loop. R-CAA-13. */
Test(exchange, r_caa_13_tc_over_tcp_is_taken_as_it_is)
{
	world_init(2, 2);
	ask_flags("caa30.test.", DNS_T_CAA, RES_TCP, 0);
	cr_assert_eq(W.a.kind, DNS_ACT_CONNECT_TCP);
	connected();
	load("21-knot-caa-30rr-udp-tc.bin");
	tcp_answer(4096);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert(r->nodata);
	cr_assert_eq(r->try_count, 1);
	assert_try(r, 0, 0, DNS_TCP, DNS_EC_NONE, false);
}

/* A datagram longer than our buffer (MSG_TRUNC gives its real length) is
 * treated as truncated: TCP, and that socket is not kept (nothing on it
 * was checked past the ID). R-CAA-13. */
Test(exchange, r_caa_13_datagram_past_our_buffer_goes_to_tcp)
{
	world_init(2, 1);
	ask("caa1.test.", DNS_T_CAA);
	load("01-knot-caa-1rr.bin");
	datagram_len(0, DNS_UDP_ROOM + 1);
	cr_assert_eq(W.a.kind, DNS_ACT_CONNECT_TCP);
	cr_assert_eq(W.a.server, 0, "the same server");
	cr_assert_not(W.a.keep_socket);
	cr_assert_eq(W.x.tries[0].truncated, true);
}

/* TC=1 on a datagram that does not parse (cut after the question): its
 * question cannot be checked, the same server is asked over TCP, and the
 * socket is closed. R-CAA-13. */
Test(exchange, r_caa_13_truncated_datagram_that_does_not_parse_goes_to_tcp)
{
	world_init(2, 1);
	ask("caa30.test.", DNS_T_CAA);
	load("21-knot-caa-30rr-udp-tc.bin");
	W.pkt_len = 28; /* header and question only; ARCOUNT still says 1 */
	datagram(0);
	cr_assert_eq(W.a.kind, DNS_ACT_CONNECT_TCP);
	cr_assert_eq(W.a.server, 0, "the same server");
	cr_assert_not(W.a.keep_socket);
}

/* ---- RCODEs: SERVFAIL, REFUSED, NOTIMP -> the next server ------------------ */

/* SERVFAIL (Unbound, a zone whose DS matches no key) moves on to the next
 * server, and a server that said it is not asked again for the question;
 * when every server fails, the result is SERVFAIL with the last error
 * answer, whose extended DNS error says why. */
Test(exchange, servfail_moves_to_the_next_server_and_keeps_the_answer)
{
	world_init(2, 3);
	ask("bogus.test.", DNS_T_CAA);
	assert_sends_udp(0);
	load("30-unbound-servfail-ede.bin");
	datagram(0);
	assert_sends_udp(1);
	cr_assert(W.a.keep_socket, "the SERVFAIL was ours");
	timeout();
	/* round 2: server 0 said SERVFAIL, so server 1 again, and again */
	assert_sends_udp(1);
	timeout();
	assert_sends_udp(1);
	timeout();
	const struct dns_result *r = assert_done(DNS_EC_SERVFAIL);
	cr_assert_str_eq(r->detail, "every server answered SERVFAIL (or failed otherwise)");
	cr_assert_not(r->answered);
	cr_assert_not_null(r->msg, "the SERVFAIL answer is kept");
	cr_assert_eq(r->msg->rcode, DNS_RCODE_SERVFAIL);
	cr_assert_neq(r->msg->pkt, W.pkt, "a copy: the datagram buffer is the caller's");
	cr_assert_eq(r->try_count, 4);
	assert_try(r, 0, 0, DNS_UDP, DNS_EC_SERVFAIL, false);
	for (size_t i = 1; i < 4; i++)
		assert_try(r, i, 1, DNS_UDP, DNS_EC_TIMEOUT, false);
	cr_assert_eq(r->tries[0].rcode, DNS_RCODE_SERVFAIL);
}

Test(exchange, refused_moves_on_and_a_refusing_server_is_not_asked_again)
{
	world_init(2, 2);
	ask("example.com.", DNS_T_A);
	load("29-knot-refused.bin");
	datagram(0);
	assert_sends_udp(1);
	load("41-unbound-refused.bin");
	datagram(1);
	/* both refused: no round 2 */
	const struct dns_result *r = assert_done(DNS_EC_REFUSED);
	cr_assert_str_eq(r->detail, "the server REFUSED the query");
	cr_assert_eq(r->try_count, 2);
	cr_assert_eq(r->msg->rcode, DNS_RCODE_REFUSED);
	cr_assert_eq(r->server, 1, "the last error answer's server");
}

/* NOTIMP: 29-knot-refused.bin with its RCODE set to 4 (no capture has a
 * NOTIMP). The worst failure wins: SERVFAIL > NOTIMP > REFUSED >
 * FORMERR > malformed > network > timeout. */
Test(exchange, notimp_moves_on_and_the_most_telling_failure_is_the_result)
{
	world_init(4, 1);
	ask("example.com.", DNS_T_A);
	load("29-knot-refused.bin");
	datagram(0); /* REFUSED */
	assert_sends_udp(1);
	timeout();
	assert_sends_udp(2);
	load("29-knot-refused.bin");
	set_rcode(DNS_RCODE_NOTIMP);
	datagram(2);
	assert_sends_udp(3);
	note(dns_exchange_io_error(&W.x, W.now));
	const struct dns_result *r = assert_done(DNS_EC_NOTIMP);
	cr_assert_str_eq(r->detail, "the server answered NOTIMP: it does not implement this query");
	assert_try(r, 0, 0, DNS_UDP, DNS_EC_REFUSED, false);
	assert_try(r, 1, 1, DNS_UDP, DNS_EC_TIMEOUT, false);
	assert_try(r, 2, 2, DNS_UDP, DNS_EC_NOTIMP, false);
	assert_try(r, 3, 3, DNS_UDP, DNS_EC_NETWORK, false);
	cr_assert_eq(r->msg->rcode, DNS_RCODE_NOTIMP, "the last error answer");

	/* and a SERVFAIL anywhere beats them all */
	ask("example.com.", DNS_T_A);
	load("29-knot-refused.bin");
	set_rcode(DNS_RCODE_SERVFAIL);
	datagram(0);
	load("29-knot-refused.bin");
	set_rcode(DNS_RCODE_NOTIMP);
	datagram(1);
	timeout();
	timeout();
	assert_done(DNS_EC_SERVFAIL);
}

/* FORMERR, and any RCODE the resolver has no rule for, end the question
 * at once: another server would not understand the query better. */
Test(exchange, formerr_and_other_rcodes_end_the_question)
{
	world_init(2, 1);
	ask("example.com.", DNS_T_A);
	load("29-knot-refused.bin");
	set_rcode(DNS_RCODE_FORMERR);
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_FORMERR);
	cr_assert_str_eq(r->detail, "the server answered FORMERR");
	cr_assert_eq(r->try_count, 1);
	ask("example.com.", DNS_T_A);
	load("29-knot-refused.bin");
	set_rcode(9); /* NOTAUTH */
	datagram(0);
	r = assert_done(DNS_EC_FORMERR);
	cr_assert_str_eq(r->detail, "the server answered with an unexpected RCODE");
	cr_assert_eq(r->rcode, 9);
}

/* ---- what is not the answer (RFC 5452 s9.1) ------------------------------ */

/* Datagrams from another address or port, with another ID, with QR
 * clear, or for another question are counted as spoofed and ignored: the
 * wait goes on and the real answer, when it comes, is taken. */
Test(exchange, spoofed_datagrams_are_counted_and_ignored)
{
	world_init(2, 1);
	ask("caa1.test.", DNS_T_CAA);
	/* another port of the same address, and another address */
	load("01-knot-caa-1rr.bin");
	datagram(1);
	assert_waits();
	struct net_addr other;
	cr_assert(net_addr_parse("127.0.0.2", 5301, &other));
	note(dns_exchange_datagram(&W.x, (const struct sockaddr *)&other.ss, other.len, W.pkt,
				   W.pkt_len, W.now));
	assert_waits();
	/* another ID */
	W.pkt[1] ^= 1;
	datagram(0);
	assert_waits();
	W.pkt[1] ^= 1;
	/* QR clear: a query, not an answer */
	W.pkt[2] &= 0x7F;
	datagram(0);
	assert_waits();
	W.pkt[2] |= 0x80;
	/* another question: the answer for caa2.test., and for another type */
	load("02-knot-caa-2rr.bin");
	datagram(0);
	assert_waits();
	load("01-knot-caa-1rr.bin");
	W.pkt[12 + 11] = 0; /* QTYPE 0x0101 (CAA) -> 0x0001 (A) */
	datagram(0);
	assert_waits();
	cr_assert_eq(W.a.deadline, W.now + TIMEOUT_MS, "the same deadline");
	/* then the answer */
	load("01-knot-caa-1rr.bin");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->spoofed, 6);
	cr_assert_eq(r->malformed, 0);
	cr_assert_eq(r->try_count, 1);
}

/* The question is compared label by label, ASCII case-insensitively
 * (RFC 4343): an answer that spells the name in another case is the
 * answer; one label "caa1\.test" is not the two labels caa1.test. */
Test(exchange, the_question_matches_in_any_case_but_label_by_label)
{
	world_init(1, 1);
	ask("CAA1.Test.", DNS_T_CAA);
	load("01-knot-caa-1rr.bin");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->spoofed, 0);
	ask("caa1\\.test.", DNS_T_CAA);
	load("01-knot-caa-1rr.bin");
	datagram(0);
	assert_waits();
	timeout();
	r = assert_done(DNS_EC_TIMEOUT);
	cr_assert_eq(r->spoofed, 1);
}

/* An empty datagram is no answer (c-ares CVE-2023-32067 took it for a
 * closed connection): ignored, and not counted. */
Test(exchange, an_empty_datagram_is_ignored)
{
	world_init(1, 1);
	ask("caa1.test.", DNS_T_CAA);
	datagram_len(0, 0);
	assert_waits();
	load("01-knot-caa-1rr.bin");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->spoofed + r->malformed, 0);
}

/* From the right place with the right ID but not parsing (a trailing
 * octet; a datagram shorter than a header): counted as malformed, the
 * wait goes on, and when nothing better comes the try (and the question)
 * ends as malformed, not as a timeout. */
Test(exchange, malformed_datagrams_are_counted_and_reported_when_nothing_better_comes)
{
	world_init(2, 1);
	ask("caa1.test.", DNS_T_CAA);
	load("01-knot-caa-1rr.bin");
	W.pkt[W.pkt_len++] = 0; /* DNS_E_TRAILING */
	datagram(0);
	assert_waits();
	datagram_len(0, 11);
	assert_waits();
	timeout();
	assert_sends_udp(1);
	timeout();
	const struct dns_result *r = assert_done(DNS_EC_MALFORMED);
	cr_assert_str_eq(r->detail, "only malformed answers came back");
	cr_assert_eq(r->malformed, 2);
	assert_try(r, 0, 0, DNS_UDP, DNS_EC_MALFORMED, false);
	assert_try(r, 1, 1, DNS_UDP, DNS_EC_TIMEOUT, false);

	/* a good answer after a malformed one is the answer */
	ask("caa1.test.", DNS_T_CAA);
	load("01-knot-caa-1rr.bin");
	W.pkt[W.pkt_len++] = 0;
	datagram(0);
	W.pkt_len--;
	datagram(0);
	r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->malformed, 1);
}

/* ---- timeouts, rounds, servers --------------------------------------------- */

/* `attempts` rounds over the servers, one try each, each with its own
 * deadline; then the question has timed out. */
Test(exchange, timeouts_make_rounds_over_the_servers)
{
	world_init(3, 2);
	ask("caa1.test.", DNS_T_CAA);
	static const size_t order[] = {0, 1, 2, 0, 1, 2};
	for (size_t i = 0; i < 6; i++) {
		assert_sends_udp(order[i]);
		timeout();
	}
	const struct dns_result *r = assert_done(DNS_EC_TIMEOUT);
	cr_assert_str_eq(r->detail,
			 "no answer from any server before the timeout, after every try");
	cr_assert_eq(r->try_count, 6);
	cr_assert_null(r->msg);
	cr_assert_eq(r->server, -1);
	for (size_t i = 0; i < 6; i++) {
		assert_try(r, i, order[i], DNS_UDP, DNS_EC_TIMEOUT, false);
		cr_assert_eq(r->tries[i].elapsed_ms, TIMEOUT_MS);
	}
	cr_assert_eq(r->elapsed_ms, 6 * TIMEOUT_MS);
}

/* With `rotate` (resolv.conf), each question starts at the next server;
 * the rounds go on from there. */
Test(exchange, rotate_starts_each_question_at_the_next_server)
{
	world_init(3, 1);
	W.env.rotate = true;
	for (size_t k = 0; k < 4; k++) {
		ask("caa1.test.", DNS_T_CAA);
		assert_sends_udp(k % 3);
		timeout();
		assert_sends_udp((k + 1) % 3);
	}
}

/* RES_ONE_SERVER (the doctor probing one authoritative server): only
 * servers[question.server], `attempts` times. */
Test(exchange, one_server_questions_ask_that_server_alone)
{
	world_init(3, 2);
	ask_flags("caa1.test.", DNS_T_CAA, RES_ONE_SERVER, 2);
	assert_sends_udp(2);
	timeout();
	assert_sends_udp(2);
	timeout();
	const struct dns_result *r = assert_done(DNS_EC_TIMEOUT);
	cr_assert_eq(r->try_count, 2);
	/* a server index past the list: no try at all */
	ask_flags("caa1.test.", DNS_T_CAA, RES_ONE_SERVER, 3);
	r = assert_done(DNS_EC_TIMEOUT);
	cr_assert_eq(r->try_count, 0);
}

/* A try whose socket or sendto fails (a port-0 or broadcast server, no
 * route) fails at once as a network error and the next server is asked;
 * with every try failing so, the question ends before any wait. */
Test(exchange, io_errors_fail_the_try_at_once)
{
	world_init(2, 2);
	ask("caa1.test.", DNS_T_CAA);
	for (size_t i = 0; i < 4; i++) {
		assert_sends_udp(i % 2);
		note(dns_exchange_io_error(&W.x, W.now));
	}
	const struct dns_result *r = assert_done(DNS_EC_NETWORK);
	cr_assert_str_eq(r->detail, "no server could be reached (network error)");
	cr_assert_eq(r->try_count, 4);
	cr_assert_eq(r->elapsed_ms, 0);
}

/* At most RESOLVER_MAX_TRIES tries, whatever servers x attempts says. */
Test(exchange, tries_are_bounded)
{
	world_init(RESOLVER_MAX_SERVERS, 100);
	ask("caa1.test.", DNS_T_CAA);
	size_t n = 0;
	while (W.a.kind == DNS_ACT_SEND_UDP) {
		n++;
		timeout();
	}
	cr_assert_eq(n, RESOLVER_MAX_TRIES);
	cr_assert_eq(assert_done(DNS_EC_TIMEOUT)->try_count, RESOLVER_MAX_TRIES);
}

Test(exchange, abandon_ends_the_question_as_a_network_error)
{
	world_init(1, 3);
	ask("caa1.test.", DNS_T_CAA);
	note(dns_exchange_abandon(&W.x, "the poll loop failed", W.now));
	const struct dns_result *r = assert_done(DNS_EC_NETWORK);
	cr_assert_str_eq(r->detail, "the poll loop failed");
	cr_assert_eq(r->try_count, 1);
}

/* ---- TCP framing (RFC 7766 s8) -------------------------------------------- */

static void to_tcp(void)
{
	ask_flags("caa30.test.", DNS_T_CAA, RES_TCP, 0);
	connected();
	load("20-knot-caa-30rr-tcp.bin");
}

/* A length prefix smaller than a header, a connection closed in the
 * middle of the message or before anything came, an answer with another
 * ID on our own connection, no room to frame into: each fails the TCP
 * try, and the next server is asked. */
Test(exchange, tcp_framing_failures_fail_the_try)
{
	world_init(2, 1);
	to_tcp();
	static const uint8_t short_len[] = {0, 11};
	note(dns_exchange_tcp_octets(&W.x, short_len, 2, W.now));
	cr_assert_eq(W.a.kind, DNS_ACT_CONNECT_TCP);
	cr_assert_eq(W.a.server, 1);
	connected();
	note(dns_exchange_tcp_octets(&W.x, NULL, 0, W.now)); /* closed at once */
	const struct dns_result *r = assert_done(DNS_EC_MALFORMED);
	assert_try(r, 0, 0, DNS_TCP, DNS_EC_MALFORMED, false);
	assert_try(r, 1, 1, DNS_TCP, DNS_EC_NETWORK, false);
	cr_assert_eq(r->malformed, 1);

	to_tcp();
	static uint8_t framed[2 + 100];
	framed[0] = (uint8_t)(W.pkt_len >> 8);
	framed[1] = (uint8_t)W.pkt_len;
	memcpy(framed + 2, W.pkt, 100);
	note(dns_exchange_tcp_octets(&W.x, framed, sizeof framed, W.now));
	assert_waits();
	note(dns_exchange_tcp_octets(&W.x, NULL, 0, W.now)); /* closed in the middle */
	cr_assert_eq(W.a.kind, DNS_ACT_CONNECT_TCP);
	connected();
	W.pkt[0] ^= 0x80; /* another ID */
	tcp_answer(4096);
	r = assert_done(DNS_EC_MALFORMED);
	assert_try(r, 0, 0, DNS_TCP, DNS_EC_MALFORMED, false);
	assert_try(r, 1, 1, DNS_TCP, DNS_EC_MALFORMED, false);
	cr_assert_eq(r->spoofed, 1);

	/* no room given */
	ask_flags("caa30.test.", DNS_T_CAA, RES_TCP, 0);
	note(dns_exchange_tcp_octets(&W.x, short_len, 2, W.now));
	cr_assert_eq(W.a.kind, DNS_ACT_CONNECT_TCP);
	cr_assert_eq(W.x.tries[0].outcome, DNS_EC_NETWORK);
}

/* A TCP try times out like a UDP one; a datagram during it changes
 * nothing. */
Test(exchange, tcp_tries_time_out)
{
	world_init(1, 1);
	to_tcp();
	datagram(0);
	assert_waits();
	timeout();
	const struct dns_result *r = assert_done(DNS_EC_TIMEOUT);
	assert_try(r, 0, 0, DNS_TCP, DNS_EC_TIMEOUT, false);
}

/* ---- CNAME chains ------------------------------------------------------------ */

/* A chain whole in one answer (Knot follows in-zone CNAMEs): one try,
 * the final RRset at the chain's end. */
Test(exchange, a_whole_chain_is_followed_in_one_answer)
{
	world_init(1, 1);
	ask("chain1.test.", DNS_T_CAA);
	load("08-knot-cname-chain-3.bin");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->chain->links, 3);
	cr_assert_eq(r->final_count, 1);
	cr_assert_eq(r->try_count, 1);
}

/* A loop in the answer (Knot: loop-a -> loop-b -> loop-a) is malformed. */
Test(exchange, a_cname_loop_is_malformed)
{
	world_init(2, 1);
	ask("loop-a.test.", DNS_T_CAA);
	load("09-knot-cname-loop.bin");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_MALFORMED);
	cr_assert_str_eq(r->detail, "the answer's CNAME chain loops");
	cr_assert_eq(r->try_count, 1, "no other server is asked");
}

/* An answer of one CNAME, owner -> target, nothing else: a server not
 * authoritative for the target cut the chain there (no SOA, RFC 2308).
 * No capture has one (Knot and Unbound both follow the chain), so it is
 * built. */
static void cut_chain(const char *owner, const char *target)
{
	MB(m);
	mb_header(&m, W.query_id, 0x8400, 1, 1, 0, 0); /* QR AA */
	mb_name(&m, owner);
	mb_u16(&m, W.query_type);
	mb_u16(&m, DNS_C_IN);
	mb_ptr(&m, 12);
	size_t rd = mb_rr_begin(&m, DNS_T_CNAME, DNS_C_IN, 300);
	mb_name(&m, target);
	mb_rdata_end(&m, rd);
	memcpy(W.pkt, m.b, m.n);
	W.pkt_len = m.n;
}

/* The chain's end is asked with a new query and fresh rounds, and the
 * chain goes on across answers: here into caa1.test., whose answer is
 * Knot's. */
Test(exchange, a_chain_cut_short_is_asked_again_for_its_end)
{
	world_init(2, 1);
	ask("alias.example.", DNS_T_CAA);
	timeout(); /* server 0 says nothing */
	assert_sends_udp(1);
	cut_chain("alias.example", "caa1.test");
	datagram(1);
	assert_sends_udp(0); /* fresh rounds: from the first server */
	cr_assert(W.a.keep_socket);
	cr_assert(asked("caa1.test."));
	cr_assert_eq(W.query_type, DNS_T_CAA);
	load("01-knot-caa-1rr.bin");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->chain->links, 1);
	cr_assert_eq(r->final_count, 1);
	cr_assert_eq(r->try_count, 3);
	cr_assert_eq(r->tries[1].queried_name_labels, 0);
	cr_assert_eq(r->tries[2].queried_name_labels, 1, "the second link was asked");
}

/* RES_NO_FOLLOW (`acmeprobe query`): the cut chain is the result. */
Test(exchange, no_follow_takes_the_cut_chain_as_it_is)
{
	world_init(1, 1);
	ask_flags("alias.example.", DNS_T_CAA, RES_NO_FOLLOW, 0);
	cut_chain("alias.example", "caa1.test");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_NONE);
	cr_assert_eq(r->chain->links, 1);
	cr_assert(r->nodata);
}

/* The limits hold across answers: a target already in the chain is a
 * loop, and more than DNS_MAX_CHAIN links in all is too long. */
Test(exchange, chain_limits_hold_across_answers)
{
	world_init(1, 1);
	ask("a.example.", DNS_T_CAA);
	cut_chain("a.example", "b.example");
	datagram(0);
	assert_sends_udp(0);
	cut_chain("b.example", "a.example");
	datagram(0);
	cr_assert_str_eq(assert_done(DNS_EC_MALFORMED)->detail, "the answer's CNAME chain loops");

	ask("n0.example.", DNS_T_CAA);
	char owner[16], target[16];
	for (int i = 0; i < DNS_MAX_CHAIN; i++) {
		snprintf(owner, sizeof owner, "n%d.example", i);
		snprintf(target, sizeof target, "n%d.example", i + 1);
		cut_chain(owner, target);
		datagram(0);
		assert_sends_udp(0);
		cr_assert(asked(target));
	}
	cut_chain("n8.example", "n9.example");
	datagram(0);
	const struct dns_result *r = assert_done(DNS_EC_MALFORMED);
	cr_assert_str_eq(r->detail, "the answer's CNAME chain is longer than 8 links");
	cr_assert_eq(r->try_count, DNS_MAX_CHAIN + 1);
}
