#include "acme/tlsalpn01_run.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "acme/digest.h"
#include "acme/le_text.h"
#include "dns/msg.h"
#include "dns/query.h"
#include "dns/rr.h"
#include "dns/types.h"
#include "dns/wire.h"
#include "http/tls_alpn.h"
#include "net/clock.h"
#include "net/connect.h"
#include "net/trace.h"

struct run {
	const struct alpn_config *cfg;
	struct alpn_result *res;
};

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* ---- R-ALPN-2: the lookups, as va/dns.go getAddrs --------------------- */

struct lookup_run {
	struct dns_question q[2];
	size_t next;
	struct alpn_lookup *out;
	const char *host;
};

static enum resolver_next lookup_next(void *ctx, struct dns_question *q)
{
	struct lookup_run *l = ctx;
	if (l->next == 2)
		return RES_NEXT_END;
	*q = l->q[l->next++];
	return RES_NEXT_QUESTION;
}

/* bdns's text for a failed lookup (acme/le_text.h), with the extended
 * DNS error of an error answer when it has one (RFC 8914), as Boulder
 * prints it. */
static void lookup_error(const struct dns_result *r, const char *host, char *out, size_t cap)
{
	struct le_dns_error e = {
	    .qtype = r->question->type,
	    .name = host,
	    .failure = le_dns_failure_of(r->error),
	    .rcode = r->rcode,
	};
	if (r->msg && e.failure == LE_DNS_RCODE) {
		struct dns_opt_iter it;
		struct dns_opt_option o;
		struct dns_ede ede;
		dns_opt_begin(&it, r->msg);
		while (dns_opt_next(&it, &o))
			if (o.code == DNS_OPT_EDE && dns_ede_parse(&o, &ede) == DNS_OK) {
				e.has_ede = true;
				e.ede_code = ede.info_code;
				e.ede_text = (const uint8_t *)ede.text;
				e.ede_text_len = ede.text_len;
				break;
			}
	}
	le_dns_problem(&e, out, cap);
}

static void lookup_done(void *ctx, const struct dns_result *r)
{
	struct lookup_run *l = ctx;
	struct alpn_lookup *out = l->out;
	bool six = r->question->type == DNS_T_AAAA;
	char *error = six ? out->error6 : out->error4;
	if (r->error != DNS_EC_NONE) {
		lookup_error(r, l->host, error, sizeof out->error6);
		return;
	}
	if (six)
		out->answered6 = true;
	else
		out->answered4 = true;
	const struct dns_msg *m = r->msg;
	size_t first, n = dns_msg_section(m, DNS_SEC_ANSWER, &first);
	for (size_t i = first; i < first + n; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (!dns_chain_is_final(r->chain, m, rr, r->question->type))
			continue;
		/* the first address of each family, in the resolver's order
		 * (tryGetChallengeCert: v6[0], then v4[0]) */
		if (six) {
			uint8_t a[16];
			if (dns_rr_aaaa(m->pkt, m->len, rr, a) != DNS_OK)
				continue;
			if (out->count6++ == 0)
				memcpy(out->v6, a, 16);
			out->has6 = true;
		} else {
			uint8_t a[4];
			if (dns_rr_a(m->pkt, m->len, rr, a) != DNS_OK)
				continue;
			if (out->count4++ == 0)
				memcpy(out->v4, a, 4);
			out->has4 = true;
		}
	}
	/* getAddrs: an answer without a usable address is an error too */
	if (six ? !out->has6 : !out->has4)
		alpn_le_no_valid_records(six, l->host, error, sizeof out->error6);
}

static bool lookup(struct run *r)
{
	struct alpn_result *res = r->res;
	struct lookup_run l = {.out = &res->lookup, .host = r->cfg->ident.value};
	size_t name_len;
	const char *host = r->cfg->ident.value;
	res->looked_up = true;
	if (dns_name_from_text(host, strlen(host), l.q[0].name, &name_len) != DNS_OK) {
		res->problem.type = "urn:ietf:params:acme:error:malformed";
		snprintf(res->problem.detail, sizeof res->problem.detail,
			 "'%s' is not a domain name", host);
		return false;
	}
	memcpy(l.q[1].name, l.q[0].name, name_len);
	/* both at once, RD and AD, as Boulder's resolver client (bdns) */
	l.q[0].type = DNS_T_AAAA;
	l.q[1].type = DNS_T_A;
	l.q[0].flags = l.q[1].flags = DNS_Q_RD | DNS_Q_AD;
	if (resolver_run(r->cfg->resolver, lookup_next, lookup_done, &l, NULL) != 0)
		return false;
	const struct alpn_lookup *lk = &res->lookup;
	char a[IDENT_IP_TEXT];
	struct ident_ip ip = {.family = AF_INET6};
	memcpy(ip.addr, lk->v6, 16);
	if (lk->has6) {
		ident_ip_format(&ip, a);
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-2",
			     "AAAA %s -> %s (%zu address%s; only the first is used)", host, a,
			     lk->count6, lk->count6 == 1 ? "" : "es");
	} else {
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-2", "AAAA %s: %s", host,
			     lk->error6);
	}
	if (lk->has4) {
		ip.family = AF_INET;
		memcpy(ip.addr, lk->v4, 4);
		ident_ip_format(&ip, a);
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-2",
			     "A %s -> %s (%zu address%s; only the first is used)", host, a,
			     lk->count4, lk->count4 == 1 ? "" : "es");
	} else {
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-2", "A %s: %s", host,
			     lk->error4);
	}
	return true;
}

/* ---- one try ---------------------------------------------------------------- */

static enum alpn_failure connect_failure(enum net_outcome o, int err)
{
	switch (o) {
	case NET_TIMEOUT:
		return ALPN_F_CONNECT_TIMEOUT;
	case NET_REFUSED:
		return ALPN_F_REFUSED;
	case NET_RESET:
		return ALPN_F_RESET;
	default:
		return err == ENETUNREACH ? ALPN_F_NET_UNREACHABLE : ALPN_F_UNREACHABLE;
	}
}

static enum alpn_failure tls_failure_class(const struct tls_alpn_result *t)
{
	switch (t->status) {
	case TLS_TIMEOUT:
		return ALPN_F_HANDSHAKE_TIMEOUT;
	case TLS_RESET:
		return ALPN_F_RESET;
	case TLS_NOT_TLS:
		return ALPN_F_NOT_TLS;
	case TLS_OK:
		return ALPN_F_NONE;
	case TLS_CLOSED:
	case TLS_ERROR:
		break;
	}
	return t->alert >= 0 ? ALPN_F_REMOTE_ALERT : ALPN_F_TLS;
}

/* Reads the chain as Go's crypto/tls does before anything else: every
 * certificate must parse (verifyServerCertificate). Keeps the first. */
static void read_chain(struct run *r, struct alpn_attempt *a, const struct tls_alpn_result *t)
{
	const struct alpn_config *cfg = r->cfg;
	a->chain_count = t->chain_count;
	/* R-ALPN-1, R-ALPN-2: a protocol we did not offer is a handshake
	 * error in Go's client ("tls: server selected unadvertised ALPN
	 * protocol", checked on the ServerHello, before the certificates):
	 * it falls back. OpenSSL may let it through; acmeprobe does as Go. */
	if (a->has_alpn && strcmp(a->alpn, ALPN_PROTOCOL) != 0) {
		a->failure = ALPN_F_TLS;
		a->phase = "tls";
		snprintf(
		    a->detail, sizeof a->detail,
		    "the server chose the protocol \"%.200s\", which was not offered: Go's TLS "
		    "client ends the handshake",
		    t->alpn);
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-1", "%s: %s", a->address,
			     a->detail);
		return;
	}
	if (t->kept == 0) {
		a->failure = ALPN_F_NO_CERTIFICATE;
		a->phase = "certificate";
		snprintf(a->detail, sizeof a->detail, "the server sent no certificate");
		return;
	}
	a->der = malloc(t->der_len[0]);
	if (!a->der) {
		a->failure = ALPN_F_TLS;
		a->phase = "certificate";
		snprintf(a->detail, sizeof a->detail, "out of memory");
		return;
	}
	memcpy(a->der, t->der[0], t->der_len[0]);
	a->der_len = t->der_len[0];
	struct cert_fields fields;
	char why[sizeof a->go_error];
	for (size_t i = t->kept; i-- > 0;) {
		const uint8_t *der = i == 0 ? a->der : t->der[i];
		enum cert_err e = cert_parse(der, t->der_len[i], &fields, why, sizeof why);
		if (e != CERT_OK) {
			/* R-ALPN-2, R-ALPN-3: Go refuses the certificate during
			 * the handshake ("tls: failed to parse certificate from
			 * server"): a failure before a certificate, which falls
			 * back */
			a->failure = ALPN_F_UNPARSABLE;
			a->phase = "certificate";
			snprintf(a->go_error, sizeof a->go_error, "%s", why);
			snprintf(a->detail, sizeof a->detail, "certificate %zu of the chain: %s%s",
				 i + 1, why,
				 e == CERT_E_TOO_MANY ? ""
						      : " (Go's parser, which Boulder's TLS "
							"client runs, refuses it)");
			trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-3",
				     "%s: certificate %zu: %s", a->address, i + 1, why);
		}
	}
	if (a->failure != ALPN_F_NONE)
		return;
	/* `fields` now holds the first certificate */
	a->has_certificate = true;
	for (size_t i = 0; i < fields.ext_count; i++)
		if (cert_oid_equal(fields.ext[i].oid, CERT_OID_SAN))
			a->has_san = cert_san_parse(fields.ext[i].value, &a->san, why,
						    sizeof why) == CERT_OK;
	bool signature_ok = tls_alpn_signature_ok(a->der, a->der_len);
	alpn_check_certificate(&fields, signature_ok, &cfg->ident, r->res->digest, &a->check);
	/* R-ALPN-1: "acme-tls/1" must be what the server chose (checked in
	 * validateTLSALPN01 before the certificate) */
	if (!a->has_alpn) {
		a->failure = ALPN_F_NO_ALPN;
		a->phase = "alpn";
		snprintf(a->detail, sizeof a->detail, "the server chose no ALPN protocol");
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-1",
			     "%s: %s; \"" ALPN_PROTOCOL "\" is required", a->address, a->detail);
		return;
	}
	a->phase = "checks";
	if (a->check.verdict != ALPN_CERT_OK) {
		a->failure = ALPN_F_CERTIFICATE;
		size_t n = strlen(a->check.why);
		n = n < sizeof a->detail ? n : sizeof a->detail - 1;
		memcpy(a->detail, a->check.why, n);
		a->detail[n] = '\0';
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, a->check.rule, "%s: %s", a->address,
			     a->check.why);
		return;
	}
	trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-5",
		     "%s: self-signed, one SAN %s, critical acmeIdentifier = SHA-256 of the "
		     "key authorization: valid",
		     a->address, cfg->ident.value);
}

static void attempt(struct run *r, int family, bool fallback)
{
	const struct alpn_config *cfg = r->cfg;
	struct alpn_result *res = r->res;
	struct alpn_attempt *a = &res->attempts[res->attempt_count++];
	memset(a, 0, sizeof *a);
	a->family = family;
	a->port = cfg->port;
	a->fallback = fallback;
	a->failure = ALPN_F_NONE;
	a->alert = -1;
	struct ident_ip ip = {.family = family};
	if (cfg->ident.is_ip)
		ip = cfg->ident.ip;
	else if (family == AF_INET6)
		memcpy(ip.addr, res->lookup.v6, 16);
	else
		memcpy(ip.addr, res->lookup.v4, 4);
	ident_ip_format(&ip, a->address);
	a->reserved = ident_ip_reserved(&ip);
	if (a->reserved) {
		char text[300];
		ident_reserved_text(a->reserved, text, sizeof text);
		res->reserved_seen = true;
		/* R-IP-2: Boulder drops these from DNS answers (va/dns.go
		 * getAddrs) and refuses to dial them (getChallengeCert's
		 * backstop); acmeprobe dials them, so that it works in labs */
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-IP-2",
			     "%s: %s; Let's Encrypt would not connect, acmeprobe does", a->address,
			     text);
	}

	uint64_t t0 = net_now_ms();
	/* R-ALPN-1: one deadline for connect and handshake (singleDialTimeout) */
	uint64_t deadline = t0 + cfg->dial_timeout_ms;
	struct net_addr na;
	net_addr_from_raw(&na, family, ip.addr, cfg->port);
	trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-1",
		     "%s %s port %u: TLS >= 1.2, ALPN \"" ALPN_PROTOCOL "\", SNI %s, %u ms "
		     "for connect and handshake",
		     family_name(family), a->address, cfg->port, res->sni, cfg->dial_timeout_ms);
	enum net_outcome o;
	int err = 0;
	int fd = net_connect(&na, deadline, &o, &err);
	if (fd < 0) {
		a->failure = connect_failure(o, err);
		a->phase = "connect";
		if (o == NET_TIMEOUT)
			snprintf(a->detail, sizeof a->detail,
				 "no answer to the connection within %u ms", cfg->dial_timeout_ms);
		else
			snprintf(a->detail, sizeof a->detail, "connect: %s", strerror(err));
		a->elapsed_ms = (uint32_t)(net_now_ms() - t0);
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-1", "%s: %s after %u ms: %s",
			     a->address, alpn_outcome_name(a->failure), a->elapsed_ms, a->detail);
		return;
	}
	struct tls_alpn_result t;
	tls_alpn_handshake(fd, res->sni, deadline, &t);
	close(fd);
	if (t.status != TLS_OK) {
		a->failure = tls_failure_class(&t);
		a->phase = "tls";
		a->alert = t.alert;
		if (a->failure == ALPN_F_HANDSHAKE_TIMEOUT)
			snprintf(a->detail, sizeof a->detail,
				 "connected, but no TLS handshake within %u ms of the start",
				 cfg->dial_timeout_ms);
		else if (a->failure == ALPN_F_REMOTE_ALERT)
			snprintf(a->detail, sizeof a->detail,
				 "the server refused the handshake with "
				 "the alert %d (%s): %s",
				 t.alert,
				 alpn_alert_text(t.alert) ? alpn_alert_text(t.alert) : "unknown",
				 t.detail);
		else
			snprintf(a->detail, sizeof a->detail, "%s", t.detail);
	} else {
		snprintf(a->tls_version, sizeof a->tls_version, "%s", t.version);
		a->has_alpn = t.has_alpn;
		memcpy(a->alpn, t.alpn, sizeof a->alpn);
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-1",
			     "%s: %s, ALPN %s%s%s, %zu certificate%s", a->address, t.version,
			     t.has_alpn ? "\"" : "none", t.has_alpn ? t.alpn : "",
			     t.has_alpn ? "\"" : "", t.chain_count, t.chain_count == 1 ? "" : "s");
		read_chain(r, a, &t);
	}
	tls_alpn_result_free(&t);
	a->elapsed_ms = (uint32_t)(net_now_ms() - t0);
	if (a->failure != ALPN_F_NONE && a->phase && strcmp(a->phase, "tls") == 0)
		trace_printf(r->cfg->trace, r->cfg->trace_ctx, "R-ALPN-1", "%s: %s after %u ms: %s",
			     a->address, alpn_outcome_name(a->failure), a->elapsed_ms, a->detail);
}

/* ---- the run ------------------------------------------------------------------- */

static const char *rule_of(const struct alpn_attempt *a)
{
	switch (a->failure) {
	case ALPN_F_NONE:
		return "R-ALPN-5";
	case ALPN_F_CERTIFICATE:
		return a->check.rule;
	case ALPN_F_NO_CERTIFICATE:
	case ALPN_F_UNPARSABLE:
		return "R-ALPN-3";
	default:
		return "R-ALPN-1";
	}
}

int alpn_validate(const struct alpn_config *cfg, struct alpn_result *res)
{
	uint64_t t0 = net_now_ms();
	memset(res, 0, sizeof *res);
	res->verdict = ALPN_FAILED;
	struct run r = {.cfg = cfg, .res = res};
	if (!tls_alpn_available()) {
		errno = ENOTSUP;
		return -1;
	}
	const char *ka = cfg->key_authorization;
	if (!acme_sha256(ka, strlen(ka), res->digest)) {
		errno = EIO;
		return -1;
	}
	/* R-ALPN-1: SNI the name, or for an IP its reverse name (RFC 8738 s6) */
	if (cfg->ident.is_ip)
		ident_ip_reverse_name(&cfg->ident.ip, res->sni, sizeof res->sni);
	else
		snprintf(res->sni, sizeof res->sni, "%s", cfg->ident.value);

	bool has6, has4;
	if (cfg->ident.is_ip) {
		/* R-IP-4: that address, no DNS, no other address */
		has6 = cfg->ident.ip.family == AF_INET6;
		has4 = !has6;
		trace_printf(r.cfg->trace, r.cfg->trace_ctx, "R-IP-4",
			     "%s is an IP address: no DNS lookup, that address only; SNI %s "
			     "(RFC 8738 s6)",
			     cfg->ident.value, res->sni);
	} else {
		if (!lookup(&r)) {
			if (res->problem.type)
				goto out;
			return -1;
		}
		has6 = res->lookup.has6;
		has4 = res->lookup.has4;
		if (!has6 && !has4) {
			/* va/dns.go getAddrs: both failed (an answer without an
			 * address counts as failed) */
			alpn_le_lookups_failed(res->lookup.error4, res->lookup.error6,
					       &res->problem);
			res->rule = "R-ALPN-2";
			goto out;
		}
	}

	for (;;) {
		struct alpn_tried tried[ALPN_MAX_ATTEMPTS];
		for (size_t i = 0; i < res->attempt_count; i++) {
			tried[i].family = res->attempts[i].family;
			tried[i].got_certificate =
			    !alpn_failure_before_certificate(res->attempts[i].failure);
		}
		enum alpn_next next = alpn_fallback_decide(has6, has4, tried, res->attempt_count);
		if (next == ALPN_NEXT_IPV6) {
			if (has4)
				trace_printf(r.cfg->trace, r.cfg->trace_ctx, "R-ALPN-2",
					     "AAAA and A: the IPv6 address first");
			attempt(&r, AF_INET6, false);
		} else if (next == ALPN_NEXT_IPV4) {
			if (res->attempt_count) {
				trace_printf(r.cfg->trace, r.cfg->trace_ctx, "R-ALPN-2",
					     "IPv6 failed before a certificate (%s): one try to "
					     "the IPv4 address, whose result is final",
					     alpn_outcome_name(res->attempts[0].failure));
				res->fell_back = true;
			}
			attempt(&r, AF_INET, res->attempt_count > 0);
		} else if (next == ALPN_NEXT_NO_IPV4) {
			res->no_ipv4 = true;
			alpn_le_no_ipv4(cfg->ident.value, res->attempts[0].address, &res->problem);
			res->rule = "R-ALPN-2";
			trace_printf(r.cfg->trace, r.cfg->trace_ctx, "R-ALPN-2",
				     "IPv6 failed and there is no IPv4 address: Let's Encrypt "
				     "reports \"Unable to contact\", not the failure itself");
			goto out;
		} else if (next == ALPN_NEXT_NO_ADDRESS) {
			res->problem.type = "urn:ietf:params:acme:error:malformed";
			snprintf(res->problem.detail, sizeof res->problem.detail,
				 "No IP addresses found for \"%s\"", cfg->ident.value);
			res->rule = "R-ALPN-2";
			goto out;
		} else {
			if (res->attempt_count == 1 && res->attempts[0].family == AF_INET6 &&
			    has4 && !alpn_failure_before_certificate(res->attempts[0].failure))
				trace_printf(r.cfg->trace, r.cfg->trace_ctx, "R-ALPN-2",
					     "IPv6 gave a certificate: its verdict is final, the "
					     "IPv4 address is not tried");
			break;
		}
	}
	const struct alpn_attempt *last = &res->attempts[res->attempt_count - 1];
	res->rule = rule_of(last);
	alpn_le_problem(last->failure, &cfg->ident, last->address, last->port, last->alert,
			last->check.why, &res->problem);
	switch (last->failure) {
	case ALPN_F_NONE:
		res->verdict = ALPN_VALID;
		break;
	case ALPN_F_NO_ALPN:
	case ALPN_F_CERTIFICATE:
	case ALPN_F_NO_CERTIFICATE:
	case ALPN_F_UNPARSABLE:
		res->verdict = ALPN_INVALID;
		break;
	default:
		res->verdict = ALPN_FAILED;
		break;
	}
out:
	res->elapsed_ms = (uint32_t)(net_now_ms() - t0);
	return 0;
}

void alpn_result_free(struct alpn_result *res)
{
	for (size_t i = 0; i < res->attempt_count; i++) {
		free(res->attempts[i].der);
		res->attempts[i].der = NULL;
	}
}
