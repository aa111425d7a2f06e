/* libFuzzer target: TXT RDATA -> acme_txt_join, dns01_match, dns01_decide,
 * and Go's %q (le_go_quote) on every value (src/acme/dns01.c, le_text.c).
 *
 * Input layout:
 *   octet 0   bit 0: the expected value is the joined value of the last
 *             RDATA (else the fixed 43-character VALUE); bit 1: an account
 *             URI is given (dns-account-01 texts)
 *   then      RDATAs, each a 16-bit big-endian length and that many octets
 *             (the last one cut at the end of the input), at most
 *             MAX_RRS; each handed over as an exact-size heap copy
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - acme_txt_join equals a reference walk of the character-strings, and
 *    says CUT exactly when a length runs past the RDATA;
 *  - le_go_quote writes valid UTF-8 that an independent Go string-literal
 *    reader turns back into the very octets quoted;
 *  - dns01_decide is VALID exactly when some joined value equals the
 *    expected one, `matched` being the first; otherwise its detail is
 *    "Incorrect TXT record " + the first value (cut at 100 octets plus
 *    "...") quoted + " (and N more)" when N >= 1 + " found at NAME", read
 *    back with that reader; "No TXT record found at NAME" when there is
 *    none; and the account suffix when an account is given. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acme/dns01.h"
#include "acme/le_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RRS 32
#define VALUE	"LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZo"
#define NAME	"_acme-challenge.example.com"
#define ACCOUNT "https://acme-v02.api.letsencrypt.org/acme/acct/1"

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			abort();                                                                   \
	} while (0)

/* ---- a Go string-literal reader (the reverse of strconv.Quote) --------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static size_t put_utf8(uint32_t cp, uint8_t *out)
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xC0 | cp >> 6);
		out[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xE0 | cp >> 12);
		out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (uint8_t)(0xF0 | cp >> 18);
	out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

/* Reads the literal at s (which must start with '"'); returns the text
 * after its closing quote, or NULL when it is not one. */
static const char *unquote(const char *s, uint8_t *out, size_t *n)
{
	*n = 0;
	if (*s++ != '"')
		return NULL;
	while (*s && *s != '"') {
		if ((uint8_t)*s < 0x20 || *s == 0x7F)
			return NULL; /* Go never leaves a control unescaped */
		if (*s != '\\') {
			out[(*n)++] = (uint8_t)*s++;
			continue;
		}
		s++;
		const char *simple = "abfnrtv\\\"", *codes = "\a\b\f\n\r\t\v\\\"";
		const char *k = *s ? strchr(simple, *s) : NULL;
		if (k) {
			out[(*n)++] = (uint8_t)codes[k - simple];
			s++;
			continue;
		}
		int digits = *s == 'x' ? 2 : *s == 'u' ? 4 : *s == 'U' ? 8 : 0;
		if (!digits)
			return NULL;
		char kind = *s++;
		uint32_t v = 0;
		for (int i = 0; i < digits; i++) {
			int h = hexval(s[i]);
			if (h < 0)
				return NULL;
			v = v << 4 | (uint32_t)h;
		}
		s += digits;
		if (kind == 'x')
			out[(*n)++] = (uint8_t)v;
		else
			*n += put_utf8(v, out + *n);
	}
	return *s == '"' ? s + 1 : NULL;
}

/* Whether s[0..n) is valid UTF-8 (RFC 3629). */
static bool valid_utf8(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		size_t len = c < 0x80	      ? 1
			     : (c >> 5) == 6  ? 2
			     : (c >> 4) == 14 ? 3
			     : (c >> 3) == 30 ? 4
					      : 0;
		if (!len || i + len > n)
			return false;
		uint32_t cp = len == 1 ? c : c & (0x7F >> len);
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

static uint8_t back[4 * 65536 + 16];
static char quoted[4 * 65536 * 3 + 64];

static void check_quote(const uint8_t *s, size_t n)
{
	size_t len = 0;
	quoted[0] = '\0';
	CHECK(le_go_quote(s, n, quoted, sizeof quoted, &len));
	CHECK(len == strlen(quoted));
	CHECK(valid_utf8((const uint8_t *)quoted, len));
	size_t bn;
	const char *rest = unquote(quoted, back, &bn);
	CHECK(rest && *rest == '\0');
	CHECK(bn == n && (n == 0 || memcmp(back, s, n) == 0));
}

/* ---- the reference join ------------------------------------------------ */

static bool ref_join(const uint8_t *rd, size_t len, uint8_t *out, size_t *n)
{
	*n = 0;
	size_t i = 0;
	while (i < len) {
		size_t l = rd[i];
		if (i + 1 + l > len)
			return false;
		memcpy(out + *n, rd + i + 1, l);
		*n += l;
		i += 1 + l;
	}
	return true;
}

static uint8_t joined[MAX_RRS][65536];
static uint8_t refbuf[65536];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	bool expect_last = data[0] & 1;
	const char *account = (data[0] & 2) ? ACCOUNT : NULL;
	struct acme_txt rrs[MAX_RRS];
	size_t n = 0;
	for (size_t off = 1; off < size && n < MAX_RRS;) {
		size_t len = (size_t)data[off] << 8 | (off + 1 < size ? data[off + 1] : 0);
		off += 2;
		if (off > size)
			off = size;
		if (len > size - off)
			len = size - off;
		uint8_t *rd = malloc(len ? len : 1);
		CHECK(rd);
		if (len)
			memcpy(rd, data + off, len);
		off += len;
		size_t got = 7, want;
		enum acme_txt_err e = acme_txt_join(rd, len, joined[n], sizeof joined[n], &got);
		bool ok = ref_join(rd, len, refbuf, &want);
		free(rd);
		CHECK(e == (ok ? ACME_TXT_OK : ACME_TXT_CUT));
		if (!ok) {
			CHECK(got == 0);
			continue; /* the codec refuses such an RR: never handed over */
		}
		CHECK(got == want && (want == 0 || memcmp(joined[n], refbuf, want) == 0));
		check_quote(joined[n], got);
		rrs[n] = (struct acme_txt){joined[n], got};
		n++;
	}

	const uint8_t *expected = (const uint8_t *)VALUE;
	size_t elen = strlen(VALUE);
	if (expect_last && n) {
		expected = rrs[n - 1].value;
		elen = rrs[n - 1].len;
	}
	long first = -1;
	for (size_t i = 0; i < n && first < 0; i++)
		if (rrs[i].len == elen && (elen == 0 || memcmp(rrs[i].value, expected, elen) == 0))
			first = (long)i;
	CHECK(dns01_match(rrs, n, expected, elen) == first);

	static struct acme_verdict v;
	struct acme_lookup lk = {.error = DNS_EC_NONE, .txt = rrs, .txt_count = n};
	dns01_decide(&lk, NAME, expected, elen, account, &v);
	CHECK(memchr(v.detail, '\0', sizeof v.detail) != NULL);
	if (first >= 0) {
		CHECK(v.outcome == ACME_VALID && v.matched == first && !v.problem_type);
		CHECK(v.detail[0] == '\0');
		return 0;
	}
	CHECK(v.outcome == ACME_INVALID && v.matched == -1);
	CHECK(v.problem_type && strcmp(v.problem_type, LE_PROBLEM_UNAUTHORIZED) == 0);
	if (v.detail_cut)
		return 0;
	char tail[256];
	const char *rest;
	if (n == 0) {
		const char *want = "No TXT record found at " NAME;
		CHECK(strncmp(v.detail, want, strlen(want)) == 0);
		rest = v.detail + strlen(want);
	} else {
		const char *head = "Incorrect TXT record ";
		CHECK(strncmp(v.detail, head, strlen(head)) == 0);
		size_t bn;
		rest = unquote(v.detail + strlen(head), back, &bn);
		CHECK(rest);
		size_t shown = rrs[0].len > DNS01_SHOWN_MAX ? DNS01_SHOWN_MAX : rrs[0].len;
		CHECK(bn == shown + (rrs[0].len > DNS01_SHOWN_MAX ? 3 : 0));
		CHECK(shown == 0 || memcmp(back, rrs[0].value, shown) == 0);
		if (rrs[0].len > DNS01_SHOWN_MAX)
			CHECK(memcmp(back + shown, "...", 3) == 0);
		if (n > 1)
			snprintf(tail, sizeof tail, " (and %zu more) found at " NAME, n - 1);
		else
			snprintf(tail, sizeof tail, " found at " NAME);
		CHECK(strncmp(rest, tail, strlen(tail)) == 0);
		rest += strlen(tail);
	}
	if (account)
		CHECK(strcmp(rest, " (account: \"" ACCOUNT "\")") == 0);
	else
		CHECK(*rest == '\0');
	return 0;
}
