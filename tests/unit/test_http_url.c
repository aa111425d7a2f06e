/* URL parsing and Location resolution (src/http/url.c): RFC 3986 s5.2
 * and its s5.4 examples, IPv6 literals, ports, and the strict refusals
 * that R-HTTP-3's redirect checks rely on. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "http/url.h"

/* A struct url is large (paths up to 4 KiB): keep them off the stack of
 * the test runner's threads. */
static struct url *new_url(void)
{
	struct url *u = malloc(sizeof *u);
	cr_assert_not_null(u);
	return u;
}

static enum url_err parse(struct url *u, const char *s)
{
	return url_parse(u, s, strlen(s));
}

static void assert_text(const struct url *u, const char *want)
{
	char buf[URL_TEXT_MAX];
	cr_assert_neq(url_format(u, buf, sizeof buf), 0);
	cr_assert_str_eq(buf, want);
}

/* base + ref must resolve to want (a URL) */
static void resolves(const char *base, const char *ref, const char *want)
{
	struct url *b = new_url(), *o = new_url();
	cr_assert_eq(parse(b, base), URL_OK, "base %s", base);
	enum url_err e = url_resolve(o, b, ref, strlen(ref));
	cr_assert_eq(e, URL_OK, "%s + %s: %s", base, ref, url_strerror(e));
	char buf[URL_TEXT_MAX];
	cr_assert_neq(url_format(o, buf, sizeof buf), 0);
	cr_assert_str_eq(buf, want, "%s + %s", base, ref);
	free(b);
	free(o);
}

static void refuses(const char *base, const char *ref, enum url_err want)
{
	struct url *b = new_url(), *o = new_url();
	cr_assert_eq(parse(b, base), URL_OK);
	enum url_err e = url_resolve(o, b, ref, strlen(ref));
	cr_assert_eq(e, want, "%s + %s: got %s, want %s", base, ref, url_strerror(e),
		     url_strerror(want));
	free(b);
	free(o);
}

Test(url, parse_simple)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, "http://Example.COM/.well-known/acme-challenge/T"), URL_OK);
	cr_assert_eq(u->scheme, URL_HTTP);
	cr_assert_str_eq(u->host, "example.com");
	cr_assert_not(u->has_port);
	cr_assert_eq(u->ip_family, 0);
	cr_assert_str_eq(u->path, "/.well-known/acme-challenge/T");
	cr_assert_not(u->has_query);
	cr_assert_eq(url_effective_port(u, 80, 443), 80);
	cr_assert_eq(url_effective_port(u, 8080, 8443), 8080);
	assert_text(u, "http://example.com/.well-known/acme-challenge/T");
	free(u);
}

Test(url, parse_https_port_query_fragment)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, "HTTPS://h.test:8443/a/b?x=1&y#frag"), URL_OK);
	cr_assert_eq(u->scheme, URL_HTTPS);
	cr_assert(u->has_port);
	cr_assert_eq(u->port, 8443);
	cr_assert_str_eq(u->query, "x=1&y");
	assert_text(u, "https://h.test:8443/a/b?x=1&y");
	char t[64];
	cr_assert_neq(url_request_target(u, t, sizeof t), 0);
	cr_assert_str_eq(t, "/a/b?x=1&y");
	cr_assert_neq(url_host_header(u, t, sizeof t), 0);
	cr_assert_str_eq(t, "h.test:8443");
	cr_assert_eq(url_effective_port(u, 80, 443), 8443);
	free(u);
}

Test(url, empty_path_requests_slash)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, "http://h.test"), URL_OK);
	char t[16];
	cr_assert_neq(url_request_target(u, t, sizeof t), 0);
	cr_assert_str_eq(t, "/");
	assert_text(u, "http://h.test");
	/* "host:" is the default port (RFC 3986 s3.2.3) */
	cr_assert_eq(parse(u, "https://h.test:/x"), URL_OK);
	cr_assert_not(u->has_port);
	cr_assert_eq(url_effective_port(u, 80, 443), 443);
	free(u);
}

Test(url, ipv6_literal)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, "http://[2001:DB8::1]:8080/p"), URL_OK);
	cr_assert_eq(u->ip_family, AF_INET6);
	cr_assert_str_eq(u->host, "2001:db8::1");
	cr_assert_eq(u->ip[0], 0x20);
	cr_assert_eq(u->ip[15], 1);
	cr_assert_eq(u->port, 8080);
	assert_text(u, "http://[2001:db8::1]:8080/p");
	char t[64];
	cr_assert_neq(url_host_header(u, t, sizeof t), 0);
	cr_assert_str_eq(t, "[2001:db8::1]:8080");
	cr_assert_eq(parse(u, "http://[::ffff:192.0.2.1]/"), URL_OK);
	cr_assert_eq(u->ip_family, AF_INET6);
	free(u);
}

Test(url, ipv4_literal)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, "http://192.0.2.10/x"), URL_OK);
	cr_assert_eq(u->ip_family, AF_INET);
	cr_assert_eq(u->ip[0], 192);
	cr_assert_eq(u->ip[3], 10);
	/* digits and dots that are not a dotted quad are no host at all */
	cr_assert_eq(parse(u, "http://192.0.2/x"), URL_E_HOST);
	cr_assert_eq(parse(u, "http://256.0.2.1/x"), URL_E_HOST);
	cr_assert_eq(parse(u, "http://1.2.3.4.5/x"), URL_E_HOST);
	free(u);
}

Test(url, parse_refusals)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, ""), URL_E_EMPTY);
	cr_assert_eq(parse(u, "/relative"), URL_E_NOT_ABSOLUTE);
	cr_assert_eq(parse(u, "ftp://h.test/x"), URL_E_SCHEME);
	cr_assert_str_eq(u->scheme_text, "ftp");
	cr_assert_eq(parse(u, "mailto:a@b.test"), URL_E_SCHEME);
	cr_assert_eq(parse(u, "1http://h.test/"), URL_E_BAD_SCHEME);
	cr_assert_eq(parse(u, "http:h.test/x"), URL_E_NO_HOST);
	cr_assert_eq(parse(u, "http:///x"), URL_E_NO_HOST);
	cr_assert_eq(parse(u, "http://user:pw@h.test/"), URL_E_USERINFO);
	cr_assert_eq(parse(u, "http://h_x.test/"), URL_OK);
	cr_assert_eq(parse(u, "http://h!.test/"), URL_E_HOST);
	cr_assert_eq(parse(u, "http://.h.test/"), URL_E_HOST);
	cr_assert_eq(parse(u, "http://a..b/"), URL_E_HOST);
	cr_assert_eq(parse(u, "http://[2001:db8::1/"), URL_E_IPV6);
	cr_assert_eq(parse(u, "http://[2001:db8::g]/"), URL_E_IPV6);
	cr_assert_eq(parse(u, "http://[192.0.2.1]/"), URL_E_IPV6);
	cr_assert_eq(parse(u, "http://[fe80::1%25eth0]/"), URL_E_ZONE);
	cr_assert_eq(parse(u, "http://[::1]x/"), URL_E_IPV6);
	cr_assert_eq(parse(u, "http://h.test:0/"), URL_E_PORT);
	cr_assert_eq(parse(u, "http://h.test:65536/"), URL_E_PORT);
	cr_assert_eq(parse(u, "http://h.test:123456/"), URL_E_PORT);
	cr_assert_eq(parse(u, "http://h.test:8o/"), URL_E_PORT);
	cr_assert_eq(parse(u, "http://h.test:65535/"), URL_OK);
	cr_assert_eq(parse(u, "http://h.test/a\x7f"), URL_E_CHAR);
	cr_assert_eq(parse(u, "http://h.test/a\tb"), URL_E_CHAR);
	cr_assert_eq(parse(u, "http://h.test/a%2"), URL_E_CHAR);
	cr_assert_eq(parse(u, "http://h.test/a%zz"), URL_E_CHAR);
	cr_assert_eq(parse(u, "http://h.test/?q=%"), URL_E_CHAR);
	free(u);
}

/* Go's URL.EscapedPath(): a validly encoded path stays as written; any
 * other is decoded and encoded again. */
Test(url, path_encoding_as_go)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, "http://h.test/a b"), URL_OK);
	assert_text(u, "http://h.test/a%20b");
	cr_assert_eq(parse(u, "http://h.test/a!b(c)*'[d]"), URL_OK);
	assert_text(u, "http://h.test/a!b(c)*'[d]");
	cr_assert_eq(parse(u, "http://h.test/%41b%2f"), URL_OK);
	assert_text(u, "http://h.test/%41b%2f");
	cr_assert_eq(parse(u, "http://h.test/%41|b"), URL_OK);
	assert_text(u, "http://h.test/A%7Cb");
	cr_assert_eq(parse(u, "http://h.test/a\"b<c>"), URL_OK);
	assert_text(u, "http://h.test/a%22b%3Cc%3E");
	/* the query is kept, but for spaces and octets above 0x7F */
	cr_assert_eq(parse(u, "http://h.test/?a=|b c"), URL_OK);
	assert_text(u, "http://h.test/?a=|b%20c");
	free(u);
}

Test(url, non_ascii_is_percent_encoded)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, "http://h.test/caf\xc3\xa9?q=\xff"), URL_OK);
	assert_text(u, "http://h.test/caf%C3%A9?q=%FF");
	cr_assert_eq(url_path_decoded_len(u), 6);
	free(u);
}

/* RFC 3986 s5.4.1, with http:// for the base's scheme */
Test(url, rfc3986_normal_examples)
{
	const char *b = "http://a/b/c/d;p?q";
	resolves(b, "g", "http://a/b/c/g");
	resolves(b, "./g", "http://a/b/c/g");
	resolves(b, "g/", "http://a/b/c/g/");
	resolves(b, "/g", "http://a/g");
	resolves(b, "//g", "http://g");
	resolves(b, "?y", "http://a/b/c/d;p?y");
	resolves(b, "g?y", "http://a/b/c/g?y");
	resolves(b, "#s", "http://a/b/c/d;p?q");
	resolves(b, "g#s", "http://a/b/c/g");
	resolves(b, "g?y#s", "http://a/b/c/g?y");
	resolves(b, ";x", "http://a/b/c/;x");
	resolves(b, "g;x", "http://a/b/c/g;x");
	resolves(b, "", "http://a/b/c/d;p?q");
	resolves(b, ".", "http://a/b/c/");
	resolves(b, "./", "http://a/b/c/");
	resolves(b, "..", "http://a/b/");
	resolves(b, "../", "http://a/b/");
	resolves(b, "../g", "http://a/b/g");
	resolves(b, "../..", "http://a/");
	resolves(b, "../../", "http://a/");
	resolves(b, "../../g", "http://a/g");
}

/* RFC 3986 s5.4.2 */
Test(url, rfc3986_abnormal_examples)
{
	const char *b = "http://a/b/c/d;p?q";
	resolves(b, "../../../g", "http://a/g");
	resolves(b, "../../../../g", "http://a/g");
	resolves(b, "/./g", "http://a/g");
	resolves(b, "/../g", "http://a/g");
	resolves(b, "g.", "http://a/b/c/g.");
	resolves(b, ".g", "http://a/b/c/.g");
	resolves(b, "g..", "http://a/b/c/g..");
	resolves(b, "..g", "http://a/b/c/..g");
	resolves(b, "./../g", "http://a/b/g");
	resolves(b, "./g/.", "http://a/b/c/g/");
	resolves(b, "g/./h", "http://a/b/c/g/h");
	resolves(b, "g/../h", "http://a/b/c/h");
	resolves(b, "g;x=1/./y", "http://a/b/c/g;x=1/y");
	resolves(b, "g;x=1/../y", "http://a/b/c/y");
	resolves(b, "g?y/./x", "http://a/b/c/g?y/./x");
	resolves(b, "g#s/../x", "http://a/b/c/g");
}

Test(url, location_shapes)
{
	const char *b = "http://www.h.test/.well-known/acme-challenge/T";
	/* absolute: a new scheme, host and port */
	resolves(b, "https://www.h.test/.well-known/acme-challenge/T",
		 "https://www.h.test/.well-known/acme-challenge/T");
	resolves(b, "HTTPS://WWW.H.TEST:443/x", "https://www.h.test:443/x");
	/* scheme-relative keeps the scheme */
	resolves("https://a.test/x", "//b.test/y", "https://b.test/y");
	/* an IPv6 literal target, port and all */
	resolves(b, "http://[2001:db8:1::10]:80/p", "http://[2001:db8:1::10]:80/p");
	resolves("http://[2001:db8::1]:8080/a/b", "c", "http://[2001:db8::1]:8080/a/c");
	resolves(b, "/other", "http://www.h.test/other");
	resolves(b, "other", "http://www.h.test/.well-known/acme-challenge/other");
	resolves(b, "../x", "http://www.h.test/.well-known/x");
	/* a base without a path merges as "/" */
	resolves("http://h.test", "x", "http://h.test/x");
	resolves("http://h.test?q", "", "http://h.test?q");
	/* the base's query goes when the reference has a path */
	resolves("http://h.test/a?q", "b", "http://h.test/b");
	resolves("http://h.test/a?q", "?", "http://h.test/a?");
}

Test(url, location_refusals)
{
	const char *b = "http://h.test/a";
	refuses(b, "ftp://h.test/", URL_E_SCHEME);
	refuses(b, "javascript:alert(1)", URL_E_SCHEME);
	refuses(b, "//", URL_E_NO_HOST);
	refuses(b, "//[::1", URL_E_IPV6);
	refuses(b, "//h.test:99999/", URL_E_PORT);
	refuses(b, "/a\x01b", URL_E_CHAR);
	refuses(b, "1x:y", URL_E_BAD_SCHEME);
	refuses(b, "http://u@h.test/", URL_E_USERINFO);
}

Test(url, long_paths)
{
	struct url *u = new_url();
	static char s[2 * URL_TEXT_MAX];
	strcpy(s, "http://h.test/");
	size_t n = strlen(s);
	memset(s + n, 'a', 2000);
	s[n + 2000] = '\0';
	cr_assert_eq(parse(u, s), URL_OK);
	cr_assert_eq(url_path_decoded_len(u), 2001);
	memset(s + n, 'a', URL_PATH_MAX);
	s[n + URL_PATH_MAX] = '\0';
	cr_assert_eq(parse(u, s), URL_E_PATH_TOO_LONG);
	memset(s + n, 'a', URL_TEXT_MAX);
	s[n + URL_TEXT_MAX] = '\0';
	cr_assert_eq(parse(u, s), URL_E_TOO_LONG);
	/* a %-escape counts once in the decoded length */
	cr_assert_eq(parse(u, "http://h.test/%41%42c"), URL_OK);
	cr_assert_eq(url_path_decoded_len(u), 4);
	free(u);
}

Test(url, format_needs_room)
{
	struct url *u = new_url();
	cr_assert_eq(parse(u, "http://h.test/abc"), URL_OK);
	char small[8];
	cr_assert_eq(url_format(u, small, sizeof small), 0);
	cr_assert_eq(url_request_target(u, small, 4), 0);
	free(u);
}
