#include "http/url.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "net/decimal.h"

const char *url_strerror(enum url_err e)
{
	switch (e) {
	case URL_OK: return "no error";
	case URL_E_EMPTY: return "empty URL";
	case URL_E_TOO_LONG: return "URL too long";
	case URL_E_PATH_TOO_LONG: return "path too long";
	case URL_E_NOT_ABSOLUTE: return "not an absolute http or https URL";
	case URL_E_SCHEME: return "scheme is neither http nor https";
	case URL_E_BAD_SCHEME: return "malformed scheme (or a colon in the first path segment)";
	case URL_E_NO_HOST: return "no host";
	case URL_E_USERINFO: return "user information (user@host) in the URL";
	case URL_E_HOST: return "invalid host";
	case URL_E_IPV6: return "invalid IPv6 literal";
	case URL_E_ZONE: return "IPv6 literal with a zone";
	case URL_E_PORT: return "invalid port";
	case URL_E_CHAR: return "control character or bad %-escape";
	}
	return "unknown URL error";
}

/* The parts of a reference (RFC 3986 appendix B), pointing into the text. */
struct span {
	const char *p;
	size_t n;
	bool present;
};

struct ref {
	struct span scheme, authority, path, query;
};

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static enum url_err split(const char *s, size_t len, struct ref *r)
{
	memset(r, 0, sizeof *r);
	size_t i = 0;
	/* scheme: everything before the first ':' that comes before any
	 * '/', '?' or '#' (RFC 3986 s3.1, appendix B) */
	for (size_t k = 0; k < len; k++) {
		char c = s[k];
		if (c == '/' || c == '?' || c == '#')
			break;
		if (c == ':') {
			if (k == 0 || !is_alpha(s[0]))
				return URL_E_BAD_SCHEME;
			for (size_t m = 1; m < k; m++)
				if (!is_alpha(s[m]) && !is_digit(s[m]) && s[m] != '+' &&
				    s[m] != '-' && s[m] != '.')
					return URL_E_BAD_SCHEME;
			r->scheme = (struct span){s, k, true};
			i = k + 1;
			break;
		}
	}
	if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		size_t a = i + 2, e = a;
		while (e < len && s[e] != '/' && s[e] != '?' && s[e] != '#')
			e++;
		r->authority = (struct span){s + a, e - a, true};
		i = e;
	}
	size_t p = i;
	while (i < len && s[i] != '?' && s[i] != '#')
		i++;
	r->path = (struct span){s + p, i - p, true};
	if (i < len && s[i] == '?') {
		size_t q = ++i;
		while (i < len && s[i] != '#')
			i++;
		r->query = (struct span){s + q, i - q, true};
	}
	/* the fragment never reaches the server (RFC 9110 s4.2.4) */
	return URL_OK;
}

static bool put_octet(char *out, size_t cap, size_t *o, unsigned char c, bool escape)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!escape) {
		if (*o + 1 > cap)
			return false;
		out[(*o)++] = (char)c;
		return true;
	}
	if (*o + 3 > cap)
		return false;
	out[(*o)++] = '%';
	out[(*o)++] = hex[c >> 4];
	out[(*o)++] = hex[c & 15];
	return true;
}

/* Control octets and bad %-escapes are errors, as in Go's url.Parse
 * ("invalid control character", "invalid URL escape"). */
static enum url_err check_octets(struct span in)
{
	for (size_t i = 0; i < in.n; i++) {
		unsigned char c = (unsigned char)in.p[i];
		if (c < 0x20 || c == 0x7F)
			return URL_E_CHAR;
		if (c == '%' && (i + 2 >= in.n || !is_hex(in.p[i + 1]) || !is_hex(in.p[i + 2])))
			return URL_E_CHAR;
	}
	return URL_OK;
}

/* Octets a path may hold as they are (Go's validEncoded: RFC 3986
 * pchar and '/', '[' and ']' too). */
static bool path_octet_ok(unsigned char c)
{
	return is_alpha((char)c) || is_digit((char)c) ||
	       (c != '\0' && c < 0x80 && strchr("-._~!$&'()*+,;=:@[]/%", c) != NULL);
}

/* Octets Go's escape(s, encodePath) leaves alone. */
static bool path_octet_plain(unsigned char c)
{
	return is_alpha((char)c) || is_digit((char)c) ||
	       (c != '\0' && c < 0x80 && strchr("-_.~$&+,/:;=@", c) != NULL);
}

/* The path as Go's URL.EscapedPath() writes it, so that the request
 * and the loop check (R-HTTP-3) see what Boulder's client sees: a path
 * that is validly encoded stays as it is; any other is decoded and
 * encoded again ("/a b" becomes "/a%20b", octets above 0x7F become
 * %XX). */
static enum url_err copy_path(char *out, size_t cap, size_t *out_len, struct span in)
{
	enum url_err e = check_octets(in);
	if (e)
		return e;
	bool valid = true;
	for (size_t i = 0; i < in.n && valid; i++)
		valid = path_octet_ok((unsigned char)in.p[i]);
	size_t o = 0;
	for (size_t i = 0; i < in.n; i++) {
		unsigned char c = (unsigned char)in.p[i];
		if (!valid && c == '%') {
			c = (unsigned char)(hex_digit_value(in.p[i + 1]) << 4 | hex_digit_value(in.p[i + 2]));
			i += 2;
		}
		if (!put_octet(out, cap, &o, c, !valid && !path_octet_plain(c)))
			return URL_E_PATH_TOO_LONG;
	}
	*out_len = o;
	return URL_OK;
}

/* The query as written (Go keeps RawQuery), except that spaces and
 * octets above 0x7F are %-encoded so that the request line stays valid
 * (Go would send them raw). */
static enum url_err copy_query(char *out, size_t cap, size_t *out_len, struct span in)
{
	enum url_err e = check_octets(in);
	if (e)
		return e;
	size_t o = 0;
	for (size_t i = 0; i < in.n; i++) {
		unsigned char c = (unsigned char)in.p[i];
		if (!put_octet(out, cap, &o, c, c == ' ' || c >= 0x80))
			return URL_E_TOO_LONG;
	}
	*out_len = o;
	return URL_OK;
}

static enum url_err parse_host(struct url *u, struct span a)
{
	for (size_t i = 0; i < a.n; i++)
		if (a.p[i] == '@')
			return URL_E_USERINFO;
	const char *p = a.p, *end = a.p + a.n;
	const char *host_end;
	u->ip_family = 0;
	if (p < end && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));
		if (!close)
			return URL_E_IPV6;
		size_t n = (size_t)(close - p - 1);
		if (memchr(p + 1, '%', n))
			return URL_E_ZONE; /* Boulder refuses zones (va/http.go) */
		if (n == 0 || n > 45)
			return URL_E_IPV6;
		char tmp[46];
		memcpy(tmp, p + 1, n);
		tmp[n] = '\0';
		if (inet_pton(AF_INET6, tmp, u->ip) != 1)
			return URL_E_IPV6;
		for (size_t i = 0; i < n; i++)
			u->host[i] = lower(tmp[i]);
		u->host[n] = '\0';
		u->ip_family = AF_INET6;
		host_end = close + 1;
		if (host_end < end && *host_end != ':')
			return URL_E_IPV6;
	} else {
		host_end = p;
		while (host_end < end && *host_end != ':')
			host_end++;
		size_t n = (size_t)(host_end - p);
		if (n == 0)
			return URL_E_NO_HOST;
		if (n > URL_HOST_MAX)
			return URL_E_HOST;
		bool numeric = true;
		for (size_t i = 0; i < n; i++) {
			char c = p[i];
			if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.' && c != '_')
				return URL_E_HOST;
			if (!is_digit(c) && c != '.')
				numeric = false;
			/* an empty label: "a..b" */
			if (c == '.' && i > 0 && p[i - 1] == '.')
				return URL_E_HOST;
			u->host[i] = lower(c);
		}
		u->host[n] = '\0';
		if (u->host[0] == '.')
			return URL_E_HOST;
		/* all digits and dots: an IPv4 address in dotted-quad form, or
		 * nothing (no "1.2.3" or octal games) */
		if (numeric) {
			if (inet_pton(AF_INET, u->host, u->ip) != 1)
				return URL_E_HOST;
			u->ip_family = AF_INET;
		}
	}
	u->has_port = false;
	u->port = 0;
	if (host_end < end) { /* ':' */
		const char *d = host_end + 1;
		size_t n = (size_t)(end - d);
		/* "host:" has an empty port, which means the default (RFC
		 * 3986 s3.2.3; Go's URL.Port() is "") */
		if (n == 0)
			return URL_OK;
		if (n > 5)
			return URL_E_PORT;
		unsigned v = 0;
		for (size_t i = 0; i < n; i++) {
			if (!is_digit(d[i]))
				return URL_E_PORT;
			v = v * 10 + (unsigned)(d[i] - '0');
		}
		if (v == 0 || v > 65535)
			return URL_E_PORT;
		u->has_port = true;
		u->port = (uint16_t)v;
	}
	return URL_OK;
}

static enum url_err set_scheme(struct url *u, struct span s)
{
	if (s.n > URL_SCHEME_MAX)
		return URL_E_BAD_SCHEME;
	for (size_t i = 0; i < s.n; i++)
		u->scheme_text[i] = lower(s.p[i]);
	u->scheme_text[s.n] = '\0';
	if (strcmp(u->scheme_text, "http") == 0)
		u->scheme = URL_HTTP;
	else if (strcmp(u->scheme_text, "https") == 0)
		u->scheme = URL_HTTPS;
	else
		return URL_E_SCHEME; /* R-HTTP-3: http and https only */
	return URL_OK;
}

/* RFC 3986 s5.2.4, from `in` (scratch: the algorithm rewrites a final
 * "/." or "/.." to "/" in place) into out. */
static enum url_err remove_dots(char *out, size_t cap, char *in, size_t n)
{
	size_t o = 0, i = 0;
	while (i < n) {
		const char *s = in + i;
		size_t left = n - i;
		if (left >= 3 && memcmp(s, "../", 3) == 0) {
			i += 3;
		} else if ((left >= 2 && memcmp(s, "./", 2) == 0) ||
			   (left >= 3 && memcmp(s, "/./", 3) == 0)) {
			i += 2; /* "./" goes; "/./" becomes "/" */
		} else if (left == 2 && memcmp(s, "/.", 2) == 0) {
			i += 1;
			in[i] = '/'; /* "/." at the end becomes "/" */
		} else if (left >= 4 && memcmp(s, "/../", 4) == 0) {
			i += 3;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (left == 3 && memcmp(s, "/..", 3) == 0) {
			i += 2;
			in[i] = '/';
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if ((left == 1 && s[0] == '.') || (left == 2 && memcmp(s, "..", 2) == 0)) {
			i = n;
		} else {
			size_t k = (s[0] == '/') ? 1 : 0;
			while (k < left && s[k] != '/')
				k++;
			if (o + k > cap)
				return URL_E_PATH_TOO_LONG;
			memcpy(out + o, s, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	return URL_OK;
}

static enum url_err set_query(struct url *u, struct span q)
{
	u->has_query = q.present;
	u->query[0] = '\0';
	if (!q.present)
		return URL_OK;
	size_t n;
	enum url_err e = copy_query(u->query, URL_QUERY_MAX, &n, q);
	if (e)
		return e;
	u->query[n] = '\0';
	return URL_OK;
}

/* path of the reference, merged with the base's when it is relative */
static enum url_err set_path(struct url *u, const struct url *base, struct span p)
{
	/* room for a base path and a reference path, each at the limit */
	char tmp[2 * URL_PATH_MAX + 2];
	size_t n = 0;
	if (base && (p.n == 0 || p.p[0] != '/')) {
		/* RFC 3986 s5.2.3: a base with an authority and an empty path
		 * merges as "/"; otherwise up to its last '/' */
		if (base->path[0] == '\0') {
			tmp[n++] = '/';
		} else {
			const char *slash = strrchr(base->path, '/');
			size_t keep = slash ? (size_t)(slash - base->path) + 1 : 0;
			memcpy(tmp, base->path, keep);
			n = keep;
		}
	}
	size_t m;
	enum url_err e = copy_path(tmp + n, sizeof tmp - 1 - n, &m, p);
	if (e)
		return e;
	n += m;
	tmp[n] = '\0';
	return remove_dots(u->path, URL_PATH_MAX, tmp, n);
}

static enum url_err from_parts(struct url *u, const struct ref *r)
{
	enum url_err e = set_scheme(u, r->scheme);
	if (e)
		return e;
	if (!r->authority.present)
		return URL_E_NO_HOST;
	e = parse_host(u, r->authority);
	if (e)
		return e;
	e = set_path(u, NULL, r->path);
	if (e)
		return e;
	return set_query(u, r->query);
}

enum url_err url_parse(struct url *u, const char *s, size_t len)
{
	memset(u, 0, sizeof *u);
	if (len == 0)
		return URL_E_EMPTY;
	if (len >= URL_TEXT_MAX)
		return URL_E_TOO_LONG;
	struct ref r;
	enum url_err e = split(s, len, &r);
	if (e)
		return e;
	if (!r.scheme.present)
		return URL_E_NOT_ABSOLUTE;
	return from_parts(u, &r);
}

enum url_err url_resolve(struct url *out, const struct url *base, const char *ref,
			 size_t len)
{
	memset(out, 0, sizeof *out);
	if (len >= URL_TEXT_MAX)
		return URL_E_TOO_LONG;
	struct ref r;
	enum url_err e = split(ref, len, &r);
	if (e)
		return e;
	/* RFC 3986 s5.2.2, the four cases */
	if (r.scheme.present)
		return from_parts(out, &r);
	out->scheme = base->scheme;
	memcpy(out->scheme_text, base->scheme_text, sizeof out->scheme_text);
	if (r.authority.present) {
		e = parse_host(out, r.authority);
		if (e)
			return e;
		e = set_path(out, NULL, r.path);
		if (e)
			return e;
		return set_query(out, r.query);
	}
	memcpy(out->host, base->host, sizeof out->host);
	out->ip_family = base->ip_family;
	memcpy(out->ip, base->ip, sizeof out->ip);
	out->has_port = base->has_port;
	out->port = base->port;
	if (r.path.n == 0) {
		memcpy(out->path, base->path, sizeof out->path);
		if (r.query.present)
			return set_query(out, r.query);
		out->has_query = base->has_query;
		memcpy(out->query, base->query, sizeof out->query);
		return URL_OK;
	}
	e = set_path(out, r.path.p[0] == '/' ? NULL : base, r.path);
	if (e)
		return e;
	return set_query(out, r.query);
}

/* Appends s to buf at *o; false when it does not fit (with the NUL). */
static bool put(char *buf, size_t cap, size_t *o, const char *s)
{
	size_t n = strlen(s);
	if (*o + n + 1 > cap)
		return false;
	memcpy(buf + *o, s, n + 1);
	*o += n;
	return true;
}

static bool put_host(const struct url *u, char *buf, size_t cap, size_t *o)
{
	char port[8];
	bool ok = u->ip_family == AF_INET6
			  ? put(buf, cap, o, "[") && put(buf, cap, o, u->host) && put(buf, cap, o, "]")
			  : put(buf, cap, o, u->host);
	if (ok && u->has_port) {
		port[0] = ':';
		size_t k = 1;
		char digits[6];
		size_t d = 0;
		unsigned v = u->port;
		do {
			digits[d++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (d)
			port[k++] = digits[--d];
		port[k] = '\0';
		ok = put(buf, cap, o, port);
	}
	return ok;
}

size_t url_format(const struct url *u, char *buf, size_t cap)
{
	size_t o = 0;
	bool ok = put(buf, cap, &o, u->scheme == URL_HTTPS ? "https://" : "http://") &&
		  put_host(u, buf, cap, &o) && put(buf, cap, &o, u->path) &&
		  (!u->has_query || (put(buf, cap, &o, "?") && put(buf, cap, &o, u->query)));
	return ok ? o : 0;
}

size_t url_request_target(const struct url *u, char *buf, size_t cap)
{
	size_t o = 0;
	bool ok = put(buf, cap, &o, u->path[0] ? u->path : "/") &&
		  (!u->has_query || (put(buf, cap, &o, "?") && put(buf, cap, &o, u->query)));
	return ok ? o : 0;
}

size_t url_host_header(const struct url *u, char *buf, size_t cap)
{
	size_t o = 0;
	return put_host(u, buf, cap, &o) ? o : 0;
}

uint16_t url_effective_port(const struct url *u, uint16_t http_port, uint16_t https_port)
{
	if (u->has_port)
		return u->port;
	return u->scheme == URL_HTTPS ? https_port : http_port;
}

size_t url_path_decoded_len(const struct url *u)
{
	size_t n = 0;
	for (const char *p = u->path; *p; p++, n++)
		if (p[0] == '%' && is_hex(p[1]) && is_hex(p[2]))
			p += 2;
	return n;
}
