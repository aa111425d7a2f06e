/* acme/le_explain.c: Let's Encrypt's error texts mapped back to the rules.
 * The inputs marked "quoted" are texts subscribers pasted into public
 * issues (the URL says where), as certbot, lego, acme.sh, getssl and
 * dehydrated printed them; the others are Boulder's format strings
 * (commit 2d00c8e) filled in. Each test names the rule it expects. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "acme/le_explain.h"
#include "acme/le_text.h"

static struct le_explain_result R;

static void explain(const char *s)
{
	le_explain(s, strlen(s), &R);
}

/* matched, with this rule and command */
static void expect(const char *s, const char *rule, const char *command)
{
	explain(s);
	cr_assert(R.matched, "not recognised: %s (detail read: %s)", s, R.detail);
	cr_assert_str_eq(R.rule, rule, "%s: entry %s", s, R.entry->pattern);
	cr_assert_str_eq(R.command, command, "%s", s);
	cr_assert(R.cause[0], "a cause");
	cr_assert(!strstr(R.cause, "{") && !strstr(R.command, "{"),
		  "every placeholder filled: %s / %s", R.cause, R.command);
}

/* quoted: https://github.com/hakwerk/labca/issues/192 (certbot) */
Test(explain, secondary_caa_nxdomain_tld_R_CAA_8_R_MPIC_3)
{
	expect("Detail: During secondary validation: While processing CAA for labca.lan: DNS "
	       "problem: NXDOMAIN looking up CAA for lan - check that a DNS record exists for this "
	       "domain",
	       "R-CAA-8", "acmeprobe check labca.lan");
	cr_assert(R.secondary);
	cr_assert_str_eq(R.caa_identifier, "labca.lan");
	cr_assert_str_eq(R.text, "DNS problem: NXDOMAIN looking up CAA for lan");
	cr_assert(strstr(R.cause, "says lan does not exist"), "%s", R.cause);
	cr_assert(strstr(R.cause, "(R-MPIC-3, R-MPIC-4)"), "the remote-perspective note: %s",
		  R.cause);
}

/* quoted: https://github.com/kenshinx/godns/pull/48 (lego) */
Test(explain, lego_secondary_caa_servfail_R_CAA_4)
{
	expect(
	    "acme: error: 400 :: urn:ietf:params:acme:error:dns :: During secondary validation: "
	    "DNS problem: SERVFAIL looking up CAA for youdomain - the domain's nameservers may be "
	    "malfunctioning",
	    "R-CAA-4", "acmeprobe check youdomain");
	cr_assert_str_eq(R.type, "dns");
	cr_assert(R.secondary);
	cr_assert_str_eq(R.detail, "During secondary validation: DNS problem: SERVFAIL looking up "
				   "CAA for youdomain - the domain's nameservers may be "
				   "malfunctioning");
}

/* quoted: https://github.com/mail-in-a-box/mailinabox/issues/2023 */
Test(explain, older_secondary_without_caa_prefix_R_CAA_4)
{
	expect("Detail: During secondary validation: DNS problem: SERVFAIL looking up CAA for "
	       "www.example.com - the domain's nameservers may be malfunctioning",
	       "R-CAA-4", "acmeprobe check www.example.com");
	cr_assert_str_eq(R.caa_identifier, "");
}

/* quoted: https://github.com/certbot/certbot/issues/10372 (certbot's
 * block, two domains: the first detail is read) */
Test(explain, rpc_failed_R_MPIC_3)
{
	expect("Certbot failed to authenticate some domains (authenticator: nginx). The "
	       "Certificate Authority reported these problems:\n"
	       "  Domain: example.com\n"
	       "  Type:   serverInternal\n"
	       "  Detail: During secondary validation: Secondary validation RPC failed\n"
	       "\n"
	       "  Domain: www.example.com\n"
	       "  Type:   serverInternal\n"
	       "  Detail: During secondary validation: Secondary validation RPC failed\n",
	       "R-MPIC-3", "acmeprobe rules R-MPIC-3");
	cr_assert_str_eq(R.type, "serverInternal");
	cr_assert_str_eq(R.detail, "During secondary validation: Secondary validation RPC failed");
}

/* R-MPIC-3, R-MPIC-2: the texts of doRemoteOperation */
Test(explain, mpic_texts_R_MPIC_3_R_MPIC_2)
{
	expect("During secondary validation: validation failed but the problem is unavailable",
	       "R-MPIC-3", "acmeprobe rules R-MPIC-3");
	expect("During secondary validation: Secondary validation RPC canceled", "R-MPIC-3",
	       "acmeprobe check DOMAIN");
	expect("Insufficient remote perspectives: need at least 3", "R-MPIC-2",
	       "acmeprobe rules R-MPIC-2");
}

/* quoted: https://github.com/certbot/certbot/issues/1610, the same error
 * twice: the one-line form (old certbot, " :: ") and certbot's wrapped
 * block, whose line break falls inside the text */
Test(explain, address_lookup_timeout_R_HTTP_1)
{
	expect("Failed authorization procedure. www.dividendinformation.com (tls-sni-01): "
	       "urn:acme:error:connection :: The server could not connect to the client to verify "
	       "the domain :: DNS problem: query timed out looking up A for "
	       "www.dividendinformation.com",
	       "R-HTTP-1", "acmeprobe check www.dividendinformation.com");
	cr_assert_str_eq(R.type, "connection");
	expect(" - The following errors were reported by the server:\n\n"
	       "   Domain: www.dividendinformation.com\n"
	       "   Type:   connection\n"
	       "   Detail: DNS problem: query timed out looking up A for\n"
	       "   www.dividendinformation.com\n\n"
	       "   To fix these errors, please make sure that your domain name was\n"
	       "   entered correctly and the DNS A record(s) for that domain\n",
	       "R-HTTP-1", "acmeprobe check www.dividendinformation.com");
	cr_assert_str_eq(
	    R.detail, "DNS problem: query timed out looking up A for www.dividendinformation.com");
	cr_assert(strstr(R.cause, "The A query of www.dividendinformation.com got no answer"), "%s",
		  R.cause);
}

/* quoted: https://github.com/rufftruffles/spameater/issues/2 (certbot) */
Test(explain, no_valid_addresses_R_HTTP_1)
{
	expect("  Domain: app.example.com\n  Type:   dns\n  Detail: no valid A records found for "
	       "app.example.com; no valid AAAA records found for app.example.com\n",
	       "R-HTTP-1", "acmeprobe check app.example.com");
	cr_assert_str_eq(R.type, "dns");
}

/* quoted: https://github.com/NginxProxyManager/nginx-proxy-manager/issues/881
 * (a JSON problem document in certbot's log: the escapes decoded) */
Test(explain, json_incorrect_txt_R_DNS01_4)
{
	expect("      \"error\": {\n"
	       "        \"type\": \"urn:ietf:params:acme:error:unauthorized\",\n"
	       "        \"detail\": \"Incorrect TXT record "
	       "\\\"gLcdm1_Fu2KVg89N_7tixugRhhTThq6ymzp8k99J-jk\\\" found at "
	       "_acme-challenge.domain.tld\",\n"
	       "        \"status\": 403\n",
	       "R-DNS01-4", "acmeprobe dns01 domain.tld");
	cr_assert_str_eq(R.type, "unauthorized");
	cr_assert_str_eq(R.detail, "Incorrect TXT record "
				   "\"gLcdm1_Fu2KVg89N_7tixugRhhTThq6ymzp8k99J-jk\" found at "
				   "_acme-challenge.domain.tld");
	cr_assert(strstr(R.cause, "is \"gLcdm1_Fu2KVg89N_7tixugRhhTThq6ymzp8k99J-jk\", not"), "%s",
		  R.cause);
}

/* quoted: https://github.com/acmesh-official/acme.sh/issues/3148 */
Test(explain, incorrect_txt_and_more_R_DNS01_4)
{
	expect("original='{\n  \"type\": \"dns-01\",\n  \"status\": \"invalid\",\n  \"error\": {\n"
	       "    \"type\": \"urn:ietf:params:acme:error:unauthorized\",\n"
	       "    \"detail\": \"Incorrect TXT record "
	       "\\\"CONZ2woCaD9CJYxSCOqZnKBMTrrBKFPpaQVz4PZ1oFM\\\" (and 1 more) found at "
	       "_acme-challenge.domain.ml\",\n",
	       "R-DNS01-4", "acmeprobe dns01 domain.ml");
	cr_assert(strstr(R.cause, "None of the 1 + 1 TXT records"), "%s", R.cause);
}

/* R-DNS01-4: the other dns-01 texts (va/dns.go, bdns/problem.go) */
Test(explain, dns01_texts_R_DNS01_4)
{
	expect("No TXT record found at _acme-challenge.example.org", "R-DNS01-4",
	       "acmeprobe dns01 example.org");
	expect(
	    "DNS problem: NXDOMAIN looking up TXT for _acme-challenge.example.org - check that a "
	    "DNS record exists for this domain",
	    "R-DNS01-4", "acmeprobe dns01 example.org");
	expect(
	    "DNS problem: SERVFAIL looking up TXT for _acme-challenge.example.org - the domain's "
	    "nameservers may be malfunctioning",
	    "R-DNS01-4", "acmeprobe dns01 example.org");
	expect("DNS problem: query timed out looking up TXT for _acme-challenge.example.org",
	       "R-DNS01-4", "acmeprobe dns01 example.org");
	/* R-DNSSEC-14: the EDE form, with the extra text */
	expect("DNS problem: looking up TXT for _acme-challenge.example.org: DNSSEC: Signature "
	       "Expired: validation failure <_acme-challenge.example.org. TXT IN>",
	       "R-DNSSEC-14", "acmeprobe dns01 example.org");
	/* a wildcard's name is written without "*.": the command takes it as it is */
	expect("DNS problem: REFUSED looking up TXT for _acme-challenge.example.org", "R-DNS01-4",
	       "acmeprobe dns01 example.org");
}

/* R-DNSSEC-14, R-CAA-*: bdns/problem.go's forms for CAA, in DoCAA's prefix */
Test(explain, caa_dns_texts_R_CAA_4_R_CAA_5_R_CAA_13_R_DNSSEC_14)
{
	static const struct {
		const char *detail, *rule;
	} cases[] = {
	    {"DNS problem: REFUSED looking up CAA for example.com", "R-CAA-4"},
	    {"DNS problem: NOTIMP looking up CAA for example.com", "R-CAA-4"},
	    {"DNS problem: FORMERR looking up CAA for example.com", "R-CAA-4"},
	    {"DNS problem: YXDOMAIN looking up CAA for example.com", "R-CAA-4"},
	    {"DNS problem: query timed out looking up CAA for example.com", "R-CAA-5"},
	    {"DNS problem: query timed out (and was canceled) looking up CAA for example.com",
	     "R-CAA-5"},
	    {"DNS problem: networking error looking up CAA for example.com", "R-CAA-4"},
	    {"DNS problem: server failure at resolver looking up CAA for example.com", "R-CAA-4"},
	    {"DNS problem: response was truncated looking up CAA for example.com", "R-CAA-13"},
	    {"DNS problem: looking up CAA for example.com: DNSSEC: Bogus", "R-DNSSEC-14"},
	    {"DNS problem: looking up CAA for example.com: No Reachable Authority", "R-DNSSEC-14"},
	    {"DNS problem: looking up CAA for example.com: Unknown Extended DNS Error code 99",
	     "R-DNSSEC-14"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		snprintf(text, sizeof text, "While processing CAA for www.example.com: %s",
			 cases[i].detail);
		expect(text, cases[i].rule, "acmeprobe check www.example.com");
		cr_assert_str_eq(R.text, cases[i].detail, "the part matched");
		cr_assert_str_eq(R.caa_identifier, "www.example.com");
	}
	explain("DNS problem: looking up CAA for example.com: DNSSEC: Bogus");
	cr_assert(strstr(R.cause, "\"DNSSEC: Bogus\""), "%s", R.cause);
	explain("DNS problem: NOTIMP looking up CAA for example.com");
	cr_assert(strstr(R.cause, "RFC 3597"), "%s", R.cause);
}

/* quoted: https://github.com/letsencrypt/boulder/issues/3171 (legacy type,
 * an old "Rechecking CAA" prefix) */
Test(explain, caa_prevents_issuance_R_CAA_11)
{
	expect("403 urn:acme:error:caa: Error creating new cert :: Rechecking CAA: While "
	       "processing CAA for theworkflowexpert.inmotionnow.com: CAA record for "
	       "theworkflowexpert.inmotionnow.com prevents issuance",
	       "R-CAA-11", "acmeprobe caa theworkflowexpert.inmotionnow.com");
	cr_assert_str_eq(R.type, "caa");
	cr_assert(!R.secondary);
}

/* quoted: https://github.com/certbot/certbot/issues/8550 (JSON) */
Test(explain, timeout_during_connect_R_HTTP_6)
{
	expect(
	    "{\n  \"type\": \"http-01\",\n  \"status\": \"invalid\",\n  \"error\": {\n"
	    "    \"type\": \"urn:ietf:params:acme:error:connection\",\n"
	    "    \"detail\": \"Fetching "
	    "http://www.domain.com/.well-known/acme-challenge/"
	    "8559FK5mRvcvk6Ahzo9QsAMEoTGpH2K3VdykYKCmv_4: Timeout during connect (likely "
	    "firewall problem)\",\n    \"status\": 400\n  }\n}",
	    "R-HTTP-6",
	    "acmeprobe http01 www.domain.com --token 8559FK5mRvcvk6Ahzo9QsAMEoTGpH2K3VdykYKCmv_4");
	cr_assert_str_eq(R.url, "http://www.domain.com/.well-known/acme-challenge/"
				"8559FK5mRvcvk6Ahzo9QsAMEoTGpH2K3VdykYKCmv_4");
	cr_assert_str_eq(R.addr, "");
	cr_assert(strstr(R.cause, "connection to the server's address got no answer"), "%s",
		  R.cause);
}

/* quoted: https://github.com/acmesh-official/acme.sh/issues/4702 (the
 * address before "Fetching": IPv4, so R-HTTP-6 stays) */
Test(explain, timeout_with_ipv4_address_R_HTTP_6)
{
	expect("\"detail\": \"45.32.80.239: Fetching "
	       "http://www.moyusayyouloveme.top/.well-known/acme-challenge/"
	       "qHdcKJ_ZIP1MJiNQD0hCQObhZvqC0ddklq-95nest3g: Timeout during connect (likely "
	       "firewall problem)\",",
	       "R-HTTP-6",
	       "acmeprobe http01 www.moyusayyouloveme.top --token "
	       "qHdcKJ_ZIP1MJiNQD0hCQObhZvqC0ddklq-95nest3g");
	cr_assert_str_eq(R.addr, "45.32.80.239");
	cr_assert(strstr(R.cause, "connection to 45.32.80.239 got no answer"), "%s", R.cause);
}

/* R-V6-2: the same text from an IPv6 address names the IPv6 rule */
Test(explain, timeout_with_ipv6_address_R_V6_2)
{
	expect("2001:db8::5: Fetching http://example.com/.well-known/acme-challenge/abc: Timeout "
	       "during connect (likely firewall problem)",
	       "R-V6-2", "acmeprobe http01 example.com --token abc");
	expect("[2001:db8::5]: Connection refused", "R-HTTP-1",
	       "acmeprobe http01 DOMAIN --token TOKEN");
	expect(
	    "2001:db8::5: Fetching http://example.com/.well-known/acme-challenge/abc: Connection "
	    "refused",
	    "R-V6-2", "acmeprobe http01 example.com --token abc");
	expect("192.0.2.7: Fetching http://example.com/.well-known/acme-challenge/abc: Connection "
	       "refused",
	       "R-HTTP-1", "acmeprobe http01 example.com --token abc");
}

/* quoted: https://github.com/eclipse-mosquitto/mosquitto/issues/1145
 * (certbot wrapped the line inside "Fetching <url>:") */
Test(explain, wrapped_fetching_R_HTTP_6)
{
	expect(
	    "   Domain: cmob2.hopto.org\n   Type:   connection\n   Detail: Fetching\n"
	    "   http://cmob.hopto.org/.well-known/acme-challenge/"
	    "mVPKxOtuNpdtQjpzygQu9lajiy1DAt4ptnwJaQuKwXg:\n"
	    "   Timeout during connect (likely firewall problem)\n\n"
	    "   To fix these errors, please make sure that your domain name was\n",
	    "R-HTTP-6",
	    "acmeprobe http01 cmob.hopto.org --token mVPKxOtuNpdtQjpzygQu9lajiy1DAt4ptnwJaQuKwXg");
}

/* quoted: https://github.com/srvrco/getssl/issues/846 (secondary, IPv6
 * address, HTTP 403) */
Test(explain, secondary_invalid_response_R_HTTP_4)
{
	expect(
	    "getssl: solidgone.com:Verify error:    \"detail\": \"During secondary validation: "
	    "2a06:98c1:3121::1: Invalid response from "
	    "http://solidgone.com/.well-known/acme-challenge/"
	    "-xvcbRT5qoVusdKnQDOXfPoYvjvGAXMQDTpQfs4XntM: 403\",",
	    "R-HTTP-4",
	    "acmeprobe http01 solidgone.com --token -xvcbRT5qoVusdKnQDOXfPoYvjvGAXMQDTpQfs4XntM");
	cr_assert(R.secondary);
	cr_assert_str_eq(R.addr, "2a06:98c1:3121::1");
	cr_assert(strstr(R.cause, "answered HTTP 403"), "%s", R.cause);
}

/* quoted: https://github.com/srvrco/getssl/issues/584 (Boulder's older
 * wording of the mismatch) and the current one (va/http.go) */
Test(explain, key_authorization_mismatch_R_HTTP_4)
{
	expect("\"detail\": \"The key authorization file from the server did not match this "
	       "challenge \\\"0bfBf7Ix7mMbrvdx1A7yDrzEsILBiwFuODtuu9GkHg4.MGzYMzr2am\\\" != "
	       "\\\"0bfBf7Ix7mMbrvdx1A7yDrzEsILBiwFuODtuu9GkHg4.L9TmIxFp5o\\\"\",",
	       "R-HTTP-4", "acmeprobe http01 DOMAIN --token TOKEN");
	expect("198.51.100.4: The key authorization file from the server did not match this "
	       "challenge. Expected \"tok.abc\" (got \"tok.xyz\")",
	       "R-HTTP-4", "acmeprobe http01 DOMAIN --token TOKEN");
}

/* R-HTTP-3, R-HTTP-5, R-HTTP-7: the redirect texts of processRedirect and
 * extractRequestTarget, after "Fetching <url>: " */
Test(explain, redirect_texts_R_HTTP_3_R_HTTP_5_R_HTTP_7)
{
	static const struct {
		const char *detail, *rule;
	} cases[] = {
	    {"Too many redirects", "R-HTTP-3"},
	    {"Redirect loop detected", "R-HTTP-3"},
	    {"Redirect target too long", "R-HTTP-3"},
	    {"received disallowed redirect status code", "R-HTTP-3"},
	    {"Invalid protocol scheme in redirect target. Only \"http\" and \"https\" protocol "
	     "schemes are supported, not \"ftp\"",
	     "R-HTTP-3"},
	    {"Invalid port in redirect target. Only ports 80 and 443 are supported, not 8080",
	     "R-HTTP-3"},
	    {"Invalid empty host in redirect target", "R-HTTP-3"},
	    {"Invalid host in redirect target \"example.com.well-known\". Check webserver "
	     "config for missing '/' in redirect target.",
	     "R-HTTP-3"},
	    {"Invalid host in redirect target: contains scope zone", "R-HTTP-3"},
	    {"Invalid host in redirect target, must end in IANA registered TLD", "R-HTTP-3"},
	    {"Invalid host in redirect target: IP address is in a reserved address block: [RFC "
	     "1918]: Private-Use",
	     "R-HTTP-7"},
	    {"validation attempt was redirected to an HTTPS server that doesn't support TLSv1.2 "
	     "or better. See https://community.letsencrypt.org/t/"
	     "rejecting-sha-1-csrs-and-validation-using-tls-1-0-1-1-urls/175144",
	     "R-HTTP-5"},
	    {"Server only speaks HTTP, not TLS", "R-HTTP-5"},
	    {"Timeout after connect (your server may be slow or overloaded)", "R-HTTP-6"},
	    {"Timeout during read (your server may be slow or overloaded)", "R-HTTP-6"},
	    {"Error getting validation data", "R-HTTP-4"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		snprintf(
		    text, sizeof text,
		    "192.0.2.1: Fetching http://www.example.com/.well-known/acme-challenge/t0k: "
		    "%s",
		    cases[i].detail);
		expect(text, cases[i].rule, "acmeprobe http01 www.example.com --token t0k");
	}
	explain("Fetching http://x.example/.well-known/acme-challenge/t: Invalid port in redirect "
		"target. Only ports 80 and 443 are supported, not 8080");
	cr_assert(strstr(R.cause, "to port 8080; the CA follows redirects to ports 80 and 443"),
		  "%s", R.cause);
}

/* quoted: https://github.com/dehydrated-io/dehydrated/issues/628 (JSON)
 * and https://github.com/futurice/alley-oop/issues/9 (lego) */
Test(explain, alpn_not_negotiated_R_ALPN_2)
{
	expect(
	    "  \"error\": {\n    \"type\": \"urn:ietf:params:acme:error:unauthorized\",\n"
	    "    \"detail\": \"Cannot negotiate ALPN protocol \\\"acme-tls/1\\\" for tls-alpn-01 "
	    "challenge\",\n    \"status\": 403\n",
	    "R-ALPN-2", "acmeprobe tlsalpn01 DOMAIN --key-authorization KEY_AUTHORIZATION");
	expect("WaitAuthorization error: acme: authorization error for alley-oop.example.com: 403 "
	       "urn:ietf:params:acme:error:unauthorized: Cannot negotiate ALPN protocol "
	       "\"acme-tls/1\" for tls-alpn-01 challenge",
	       "R-ALPN-2", "acmeprobe tlsalpn01 DOMAIN --key-authorization KEY_AUTHORIZATION");
	cr_assert_str_eq(R.type, "unauthorized");
}

/* R-ALPN-2, R-ALPN-3, R-ALPN-5: va/tlsalpn.go's other texts */
Test(explain, alpn_certificate_texts_R_ALPN_3_R_ALPN_5)
{
	const char *cmd = "acmeprobe tlsalpn01 example.com --key-authorization KEY_AUTHORIZATION";
	expect("Unable to contact \"example.com\" at \"2001:db8::1\", no IPv4 addresses to try as "
	       "fallback",
	       "R-ALPN-2", cmd);
	expect("No certs presented for tls-alpn-01 challenge", "R-ALPN-3",
	       "acmeprobe tlsalpn01 DOMAIN --key-authorization KEY_AUTHORIZATION");
	static const struct {
		const char *why, *rule;
	} cases[] = {
	    {"Received certificate which is not self-signed.", "R-ALPN-3"},
	    {"Received certificate with unexpected extensions: \"Required extension OID "
	     "1.3.6.1.5.5.7.1.31 is not present\"",
	     "R-ALPN-3"},
	    {"Received certificate with acmeValidationV1 extension that is not Critical.",
	     "R-ALPN-5"},
	    {"Received certificate with malformed acmeValidationV1 extension value.", "R-ALPN-5"},
	    {"Received certificate with acmeValidationV1 extension value 00ff but expected 0a0b.",
	     "R-ALPN-5"},
	    {"Received certificate with no acmeValidationV1 extension.", "R-ALPN-5"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		snprintf(text, sizeof text,
			 "Incorrect validation certificate for tls-alpn-01 challenge. Requested "
			 "example.com from 192.0.2.8:443. %s",
			 cases[i].why);
		expect(text, cases[i].rule, cmd);
	}
}

/* R-PERSIST-5: va/dns_persist.go */
Test(explain, persist_texts_R_PERSIST_5)
{
	const char *cmd = "acmeprobe dns01 example.com --persist --account-uri ACCOUNT_URL";
	expect("Retrieving TXT records for DNS-PERSIST-01 challenge: DNS problem: SERVFAIL looking "
	       "up TXT for _validation-persist.example.com - the domain's nameservers may be "
	       "malfunctioning",
	       "R-PERSIST-5", cmd);
	cr_assert(R.persist);
	expect("Retrieving TXT records for DNS-PERSIST-01 challenge: DNS problem: looking up TXT "
	       "for _validation-persist.example.com: DNSSEC: Bogus",
	       "R-PERSIST-5", cmd);
	const char *no_name = "acmeprobe dns01 DOMAIN --persist --account-uri ACCOUNT_URL";
	expect("No TXT record found for DNS-PERSIST-01 challenge", "R-PERSIST-5", no_name);
	expect("No valid TXT record found for DNS-PERSIST-01 challenge", "R-PERSIST-5", no_name);
	expect("Parsing DNS-PERSIST-01 challenge TXT record with issuer-domain-name "
	       "\"letsencrypt.org\": malformed parameter \"accounturi\" should be tag=value pair",
	       "R-PERSIST-5", no_name);
	expect("Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name "
	       "\"letsencrypt.org\": accounturi mismatch: expected "
	       "\"https://acme-v02.api.letsencrypt.org/acme/acct/1\", got "
	       "\"https://acme-v02.api.letsencrypt.org/acme/acct/2\"",
	       "R-PERSIST-5", no_name);
	cr_assert(strstr(R.cause, "expected accounturi=https://acme-v02.api.letsencrypt.org/acme/"
				  "acct/1 and the record says https://acme-v02.api.letsencrypt.org/"
				  "acme/acct/2"),
		  "%s", R.cause);
	expect("Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name "
	       "\"letsencrypt.org\": policy mismatch: expected \"wildcard\", got \"\"",
	       "R-PERSIST-5", no_name);
	expect("Checking DNS-PERSIST-01 challenge TXT record with issuer-domain-name "
	       "\"letsencrypt.org\": validation time 2026-01-02 00:00:00 +0000 UTC is after "
	       "persistUntil 2026-01-01 00:00:00 +0000 UTC",
	       "R-PERSIST-5", no_name);
}

/* R-IP-1, R-IP-2, R-IP-5: policy/pa.go, ra/ra.go NewOrder, csr/csr.go */
Test(explain, ip_identifier_texts_R_IP_1_R_IP_2_R_IP_5)
{
	expect("urn:ietf:params:acme:error:malformed :: IP address is invalid", "R-IP-1",
	       "acmeprobe rules R-IP-1");
	expect("Identifier type is DNS but value is an IP address", "R-IP-1",
	       "acmeprobe rules R-IP-1");
	expect("IP address is in a reserved address block: [RFC6598]: Shared Address Space",
	       "R-IP-2", "acmeprobe rules R-IP-2");
	cr_assert(strstr(R.cause, "([RFC6598]: Shared Address Space)"), "%s", R.cause);
	expect("Default profile does not permit IP address identifiers. See available profiles at "
	       "https://letsencrypt.org/docs/profiles/.",
	       "R-IP-5", "acmeprobe rules R-IP-5");
	expect("Profile \"classic\" does not permit IP address identifiers. See available profiles "
	       "at https://letsencrypt.org/docs/profiles/.",
	       "R-IP-5", "acmeprobe rules R-IP-5");
	expect("CSR contains IP address in Common Name", "R-IP-5", "acmeprobe rules R-IP-5");
}

/* Not recognised: no entry, matched false, the type and detail still read. */
Test(explain, not_recognised)
{
	explain("");
	cr_assert(!R.matched);
	cr_assert_null(R.entry);
	explain("urn:ietf:params:acme:error:rateLimited :: too many certificates already issued");
	cr_assert(!R.matched);
	cr_assert_str_eq(R.type, "rateLimited");
	cr_assert_str_eq(R.detail, "too many certificates already issued");
	/* a name the text hides ("(my domain)", quoted from
	 * https://github.com/dehydrated-io/dehydrated/issues/533) has no {name} */
	explain("\"detail\": \"DNS problem: SERVFAIL looking up CAA for (my domain)\"");
	cr_assert(!R.matched);
	le_explain(NULL, 10, &R);
	cr_assert(!R.matched);
}

/* Octets that are no text: NULs and high octets pass, the input is cut at
 * LE_EXPLAIN_MAX_INPUT and said so. */
Test(explain, any_octets_and_the_size_limit)
{
	char buf[LE_EXPLAIN_MAX_INPUT + 100];
	memset(buf, 'x', sizeof buf);
	const char *t = "No certs presented for tls-alpn-01 challenge";
	memcpy(buf + 10, t, strlen(t));
	buf[5] = '\0';
	buf[6] = (char)0xff;
	le_explain(buf, sizeof buf, &R);
	cr_assert(R.cut);
	cr_assert(R.matched);
	cr_assert_str_eq(R.rule, "R-ALPN-3");
	memcpy(buf + LE_EXPLAIN_MAX_INPUT + 10, "Connection refused", 18);
	memset(buf + 10, 'x', strlen(t));
	le_explain(buf, sizeof buf, &R);
	cr_assert(!R.matched, "text past the limit is not read");
}

/* The table: every entry has a pattern, a rule that exists in the index's
 * shape (R-...), a cause and a command; no two patterns are the same. */
Test(explain, table_shape)
{
	cr_assert_gt(le_explain_table_size, 80);
	for (size_t i = 0; i < le_explain_table_size; i++) {
		const struct le_explain_entry *e = &le_explain_table[i];
		cr_assert(e->pattern && e->pattern[0]);
		cr_assert(e->rule && strncmp(e->rule, "R-", 2) == 0, "%s", e->pattern);
		cr_assert(e->cause && e->cause[0] && e->command &&
			  strncmp(e->command, "acmeprobe ", 10) == 0);
		for (size_t k = 0; k < i; k++)
			cr_assert_str_neq(e->pattern, le_explain_table[k].pattern);
	}
}

/* The texts acme/le_text.c writes (bdns/problem.go, written by another
 * hand) read back: every failure kind, every named RCODE, EDE codes 0 to
 * 30 (named and unknown), for the four types Let's Encrypt asks, land on
 * the rule of that type and failure (R-DNSSEC-14 for the EDE forms,
 * R-CAA-4/5/8/13 for CAA, R-DNS01-4 for TXT, R-HTTP-1 for A and AAAA). */
Test(explain, le_text_dns_problems_read_back_R_DNSSEC_14_R_DNS01_4)
{
	static const struct {
		uint16_t qtype;
		const char *name, *command;
	} asks[] = {
	    {257, "example.com", "acmeprobe check example.com"},
	    {16, "_acme-challenge.example.com", "acmeprobe dns01 example.com"},
	    {1, "www.example.com", "acmeprobe check www.example.com"},
	    {28, "www.example.com", "acmeprobe check www.example.com"},
	};
	size_t checked = 0;
	for (size_t a = 0; a < sizeof asks / sizeof asks[0]; a++) {
		uint16_t t = asks[a].qtype;
		for (int f = LE_DNS_RCODE; f <= LE_DNS_TRUNCATED; f++) {
			if (f == LE_DNS_TRUNCATED && t != 257)
				continue; /* wrapErr: truncation is an error for CAA only */
			for (int rc = 1; rc <= (f == LE_DNS_RCODE ? 23 : 1); rc++) {
				if (f == LE_DNS_RCODE && le_rcode_name((uint16_t)rc)[0] == '\0')
					continue; /* no name: Boulder prints two spaces */
				for (int ede = -1; ede <= (f == LE_DNS_RCODE ? 30 : -1); ede++) {
					struct le_dns_error e = {
					    .qtype = t,
					    .name = asks[a].name,
					    .failure = (enum le_dns_failure)f,
					    .rcode = (uint16_t)rc,
					    .has_ede = ede >= 0,
					    .ede_code = (uint16_t)(ede < 0 ? 0 : ede),
					    .ede_text = (const uint8_t *)"extra words",
					    .ede_text_len = ede == 6 ? 11 : 0,
					};
					char text[512];
					cr_assert(le_dns_problem(&e, text, sizeof text));
					explain(text);
					cr_assert(R.matched, "not recognised: %s", text);
					cr_assert_str_eq(R.command, asks[a].command, "%s", text);
					const char *want;
					if (e.has_ede)
						want = "R-DNSSEC-14";
					else if (t == 16)
						want = "R-DNS01-4";
					else if (t != 257)
						want = "R-HTTP-1";
					else if (f == LE_DNS_TIMEOUT)
						want = "R-CAA-5";
					else if (f == LE_DNS_TRUNCATED)
						want = "R-CAA-13";
					else if (f == LE_DNS_RCODE && rc == 3)
						want = "R-CAA-8";
					else
						want = "R-CAA-4";
					cr_assert_str_eq(R.rule, want, "%s", text);
					cr_assert(strncmp(text, R.text, strlen(R.text)) == 0,
						  "matched from its start: %s / %s", text, R.text);
					checked++;
				}
			}
		}
	}
	cr_assert_gt(checked, 2000, "%zu texts", checked);
}
