#include "http/client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/tls.h"
#include "net/clock.h"
#include "net/wait.h"

const char *http_phase_name(enum http_phase p)
{
	switch (p) {
	case HTTP_PHASE_CONNECT: return "connect";
	case HTTP_PHASE_TLS: return "tls";
	case HTTP_PHASE_REQUEST: return "request";
	case HTTP_PHASE_RESPONSE: return "response";
	}
	return "?";
}

static enum http_outcome from_net(enum net_outcome o)
{
	switch (o) {
	case NET_OK: return HTTP_O_OK;
	case NET_TIMEOUT: return HTTP_O_TIMEOUT;
	case NET_REFUSED: return HTTP_O_REFUSED;
	case NET_UNREACHABLE: return HTTP_O_UNREACHABLE;
	case NET_RESET: return HTTP_O_RESET;
	default: return HTTP_O_OTHER;
	}
}

static enum http_outcome from_tls(enum tls_status s)
{
	switch (s) {
	case TLS_OK: return HTTP_O_OK;
	case TLS_TIMEOUT: return HTTP_O_TIMEOUT;
	case TLS_RESET: return HTTP_O_RESET;
	case TLS_CLOSED:
	case TLS_ERROR:
	case TLS_NOT_TLS: return HTTP_O_TLS;
	}
	return HTTP_O_TLS;
}

static void socket_failure(struct http_result *res, int err, const char *what)
{
	res->err = err;
	res->outcome = from_net(net_outcome_from_errno(err));
	if (res->outcome == HTTP_O_OK)
		res->outcome = HTTP_O_OTHER;
	snprintf(res->detail, sizeof res->detail, "%s: %s", what, strerror(err));
}

static bool plain_write(int fd, const char *p, size_t n, uint64_t deadline,
			struct http_result *res)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k > 0) {
			p += k;
			n -= (size_t)k;
			continue;
		}
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
			if (net_wait(fd, POLLOUT, deadline) != NET_WAIT_READY) {
				res->outcome = HTTP_O_TIMEOUT;
				snprintf(res->detail, sizeof res->detail, "write: timeout");
				return false;
			}
			continue;
		}
		socket_failure(res, errno, "write");
		return false;
	}
	return true;
}

/* >0 octets, 0 at the end of the stream, -1 on failure (res says). */
static ssize_t plain_read(int fd, uint8_t *buf, size_t n, uint64_t deadline,
			  struct http_result *res)
{
	for (;;) {
		ssize_t k = recv(fd, buf, n, 0);
		if (k >= 0)
			return k;
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
			if (net_wait(fd, POLLIN, deadline) != NET_WAIT_READY) {
				res->outcome = HTTP_O_TIMEOUT;
				snprintf(res->detail, sizeof res->detail, "read: timeout");
				return -1;
			}
			continue;
		}
		socket_failure(res, errno, "read");
		return -1;
	}
}

/* Enough of the response read? The body of a non-200 response is never
 * looked at (R-HTTP-4: Boulder fails on the status, va/http.go); a 200
 * body only up to the limit (its io.LimitedReader of 128 octets). */
static bool enough(const struct http_response *r, uint64_t body_limit)
{
	if (r->state == HTTP_S_DONE || r->state == HTTP_S_ERROR)
		return true;
	bool headers_read = r->state != HTTP_S_STATUS && r->state != HTTP_S_HEADER;
	if (!headers_read)
		return false;
	if (r->status != 200)
		return true;
	return r->body_total >= body_limit;
}

static uint32_t since(uint64_t t0)
{
	uint64_t now = net_now_ms();
	return now > t0 ? (uint32_t)(now - t0) : 0;
}

void http_get(const struct http_request *rq, struct http_result *res)
{
	res->outcome = HTTP_O_OK;
	res->phase = HTTP_PHASE_CONNECT;
	res->err = 0;
	res->detail[0] = '\0';
	res->tls_version[0] = '\0';
	res->not_tls = false;
	res->connect_ms = 0;
	http_response_init(&res->resp);
	uint64_t t0 = net_now_ms();

	enum net_outcome no;
	int err = 0;
	int fd = net_connect(&rq->addr, t0 + rq->connect_timeout_ms, &no, &err);
	res->connect_ms = since(t0);
	if (fd < 0) {
		/* R-HTTP-6: a timeout here is "during connect" */
		res->outcome = from_net(no);
		res->err = err;
		if (no == NET_TIMEOUT)
			snprintf(res->detail, sizeof res->detail,
				 "connect: no answer within %u ms", rq->connect_timeout_ms);
		else
			snprintf(res->detail, sizeof res->detail, "connect: %s", strerror(err));
		res->elapsed_ms = since(t0);
		return;
	}

	/* R-HTTP-6: from here on a timeout is "after connect" */
	uint64_t deadline = net_now_ms() + rq->response_timeout_ms;
	struct tls_session *tls = NULL;
	if (rq->tls) {
		res->phase = HTTP_PHASE_TLS;
		enum tls_status ts;
		tls = tls_start(fd, rq->sni, deadline, &ts, res->detail, sizeof res->detail);
		if (!tls) {
			res->outcome = from_tls(ts);
			res->not_tls = ts == TLS_NOT_TLS;
			goto out;
		}
		snprintf(res->tls_version, sizeof res->tls_version, "%s", tls_version(tls));
	}

	res->phase = HTTP_PHASE_REQUEST;
	char req[8192 + 1024];
	int n = snprintf(req, sizeof req,
			 "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n"
			 "Connection: close\r\n\r\n",
			 rq->target, rq->host_header, HTTP_USER_AGENT);
	if (n < 0 || (size_t)n >= sizeof req) {
		res->outcome = HTTP_O_OTHER;
		snprintf(res->detail, sizeof res->detail, "request too long");
		goto out;
	}
	if (tls) {
		enum tls_status ts = tls_write_all(tls, req, (size_t)n, deadline, res->detail,
						   sizeof res->detail);
		if (ts != TLS_OK) {
			res->outcome = from_tls(ts);
			goto out;
		}
	} else if (!plain_write(fd, req, (size_t)n, deadline, res)) {
		goto out;
	}

	res->phase = HTTP_PHASE_RESPONSE;
	uint8_t buf[4096];
	while (!enough(&res->resp, rq->body_limit)) {
		ssize_t k;
		if (tls) {
			enum tls_status ts;
			k = tls_read(tls, buf, sizeof buf, deadline, &ts, res->detail,
				     sizeof res->detail);
			if (k < 0)
				res->outcome = from_tls(ts);
		} else {
			k = plain_read(fd, buf, sizeof buf, deadline, res);
		}
		if (k < 0)
			goto out;
		if (k == 0) {
			http_response_eof(&res->resp);
			break;
		}
		http_response_feed(&res->resp, buf, (size_t)k);
	}
	if (res->resp.state == HTTP_S_ERROR) {
		res->outcome = HTTP_O_PROTOCOL;
		snprintf(res->detail, sizeof res->detail, "%s", http_strerror(res->resp.err));
	}

out:
	tls_free(tls);
	close(fd);
	res->elapsed_ms = since(t0);
}
