/* json/parse.c: RFC 8259 read exactly: every value type, escapes and
 * surrogate pairs, the number grammar, UTF-8, each error with its place,
 * and the limits. */
#include <criterion/criterion.h>
#include <string.h>

#include "json/parse.h"

/* Parses a C string; the error and where. */
static enum json_err parse(const char *s, struct json_doc *d, struct json_where *w)
{
	return json_parse((const uint8_t *)s, strlen(s), NULL, d, w);
}

/* The error code, offset, line and column of a text that must fail. */
static void assert_fails(const char *s, size_t len, enum json_err want, size_t offset, size_t line,
			 size_t column)
{
	struct json_doc d;
	struct json_where w;
	enum json_err e = json_parse((const uint8_t *)s, len, NULL, &d, &w);
	cr_assert_eq(e, want, "%s: got %s, want %s", s, json_err_name(e), json_err_name(want));
	cr_assert_eq(w.offset, offset, "%s: offset %zu, want %zu", s, w.offset, offset);
	cr_assert_eq(w.line, line, "%s: line %zu, want %zu", s, w.line, line);
	cr_assert_eq(w.column, column, "%s: column %zu, want %zu", s, w.column, column);
	cr_assert_null(d.values, "the document is empty after an error");
	cr_assert_null(d.pool);
	cr_assert_eq(d.count, 0);
}
#define FAILS(s, e, off, line, col) assert_fails((s), strlen(s), (e), (off), (line), (col))

Test(json_parse, a_report_like_check_writes)
{
	const char *s =
	    "{\"domain\":\"example.com.\",\"verdict\":\"will_fail\",\"findings\":"
	    "[{\"severity\":\"error\",\"code\":\"caa_lookup_failed\",\"retryable\":true,"
	    "\"servers\":[\"ns1 (192.0.2.1)\"],\"elapsed_ms\":1234}],\"vantage\":null}";
	struct json_doc d;
	cr_assert_eq(parse(s, &d, NULL), JSON_OK);
	const struct json_value *root = json_root(&d);
	cr_assert_eq(root->type, JSON_OBJECT);
	cr_assert_eq(root->count, 4);
	cr_assert_str_eq(json_get_str(json_member(&d, root, "domain")), "example.com.");
	cr_assert_str_eq(json_get_str(json_member(&d, root, "verdict")), "will_fail");
	cr_assert_eq(json_member(&d, root, "vantage")->type, JSON_NULL);
	cr_assert_null(json_member(&d, root, "Domain"), "names are compared exactly");
	const struct json_value *f = json_member(&d, root, "findings");
	cr_assert_eq(f->type, JSON_ARRAY);
	cr_assert_eq(f->count, 1);
	const struct json_value *x = json_first(&d, f);
	cr_assert_str_eq(json_get_str(json_member(&d, x, "code")), "caa_lookup_failed");
	bool b = false;
	cr_assert(json_get_bool(json_member(&d, x, "retryable"), &b));
	cr_assert(b);
	uint64_t ms = 0;
	cr_assert(json_get_uint(json_member(&d, x, "elapsed_ms"), UINT64_MAX, &ms));
	cr_assert_eq(ms, 1234);
	const struct json_value *srv = json_first(&d, json_member(&d, x, "servers"));
	cr_assert_str_eq(json_get_str(srv), "ns1 (192.0.2.1)");
	cr_assert_null(json_next(&d, srv));
	cr_assert_null(json_next(&d, x));
	/* chains of lookups stop at the first NULL */
	cr_assert_null(json_member(&d, json_member(&d, root, "nothing"), "x"));
	cr_assert_null(json_first(&d, json_member(&d, root, "domain")), "a string has no child");
	json_doc_free(&d);
	cr_assert_null(d.values);
}

Test(json_parse, every_value_type_and_order)
{
	struct json_doc d;
	cr_assert_eq(parse(" [null, false, true, 0, \"\", [], {}, -1.5e+3] ", &d, NULL), JSON_OK);
	static const enum json_type want[] = {JSON_NULL,   JSON_FALSE, JSON_TRUE,   JSON_NUMBER,
					      JSON_STRING, JSON_ARRAY, JSON_OBJECT, JSON_NUMBER};
	const struct json_value *v = json_first(&d, json_root(&d));
	for (size_t i = 0; i < 8; i++, v = json_next(&d, v)) {
		cr_assert_not_null(v, "element %zu", i);
		cr_assert_eq(v->type, want[i], "element %zu is %s", i, json_type_name(v->type));
		cr_assert_null(v->key);
	}
	cr_assert_null(v);
	cr_assert_eq(json_root(&d)->count, 8);
	cr_assert_eq(json_root(&d)->offset, 1, "the root starts after the space");
	json_doc_free(&d);

	/* a top-level scalar is a JSON text too (RFC 8259 s2) */
	cr_assert_eq(parse("42", &d, NULL), JSON_OK);
	cr_assert_eq(json_root(&d)->type, JSON_NUMBER);
	cr_assert_str_eq(json_root(&d)->text, "42");
	json_doc_free(&d);
	cr_assert_eq(parse("\"x\"", &d, NULL), JSON_OK);
	cr_assert_str_eq(json_get_str(json_root(&d)), "x");
	json_doc_free(&d);
}

Test(json_parse, string_escapes)
{
	struct json_doc d;
	cr_assert_eq(parse("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u0041\\u00e9\\u20AC\", "
			   "\"\\uD834\\uDD1E\", \"caf\xc3\xa9 \xf0\x9f\x94\x92\"]",
			   &d, NULL),
		     JSON_OK);
	const struct json_value *v = json_first(&d, json_root(&d));
	cr_assert_str_eq(json_get_str(v), "\"\\/\b\f\n\r\t");
	v = json_next(&d, v);
	cr_assert_str_eq(json_get_str(v), "A\xc3\xa9\xe2\x82\xac", "U+0041 U+00E9 U+20AC");
	cr_assert_eq(v->text_len, 6);
	v = json_next(&d, v);
	cr_assert_str_eq(json_get_str(v), "\xf0\x9d\x84\x9e", "U+1D11E from its surrogate pair");
	v = json_next(&d, v);
	cr_assert_str_eq(json_get_str(v), "caf\xc3\xa9 \xf0\x9f\x94\x92", "UTF-8 kept as is");
	json_doc_free(&d);

	/* \u0000 is a character like any other; json_get_str refuses a
	 * string that would hide octets after a NUL */
	cr_assert_eq(parse("{\"a\\u0000b\":\"x\\u0000y\"}", &d, NULL), JSON_OK);
	v = json_first(&d, json_root(&d));
	cr_assert_eq(v->key_len, 3);
	cr_assert_eq(memcmp(v->key, "a\0b", 3), 0);
	cr_assert_eq(v->text_len, 3);
	cr_assert_null(json_get_str(v));
	cr_assert_null(json_member(&d, json_root(&d), "a"));
	json_doc_free(&d);
}

Test(json_parse, string_errors)
{
	FAILS("\"abc", JSON_E_END, 0, 1, 1);
	FAILS("[\"a\\", JSON_E_END, 1, 1, 2);
	FAILS("\"a\tb\"", JSON_E_CONTROL, 2, 1, 3);
	FAILS("\"a\nb\"", JSON_E_CONTROL, 2, 1, 3);
	FAILS("\"\\x\"", JSON_E_ESCAPE, 1, 1, 2);
	FAILS("\"\\U0041\"", JSON_E_ESCAPE, 1, 1, 2);
	FAILS("\"\\u00G1\"", JSON_E_HEX, 1, 1, 2);
	FAILS("\"\\u004\"", JSON_E_HEX, 1, 1, 2);
	FAILS("\"\\u12", JSON_E_HEX, 1, 1, 2);
	FAILS("\"\\uD834\"", JSON_E_SURROGATE, 1, 1, 2);
	FAILS("\"\\uD834x\"", JSON_E_SURROGATE, 1, 1, 2);
	FAILS("\"\\uD834\\n\"", JSON_E_SURROGATE, 1, 1, 2);
	FAILS("\"\\uD834\\u0041\"", JSON_E_SURROGATE, 1, 1, 2);
	FAILS("\"\\uD834\\uD834\"", JSON_E_SURROGATE, 1, 1, 2);
	FAILS("\"\\uDD1E\"", JSON_E_SURROGATE, 1, 1, 2);
	FAILS("\"\\uD834\\uDD1\"", JSON_E_HEX, 7, 1, 8);
	/* RFC 8259 s8.1, RFC 3629 s4: not UTF-8 */
	FAILS("\"\xc0\x80\"", JSON_E_UTF8, 1, 1, 2);	     /* overlong NUL */
	FAILS("\"\xe0\x80\xaf\"", JSON_E_UTF8, 1, 1, 2);     /* overlong '/' */
	FAILS("\"\xed\xa0\x80\"", JSON_E_UTF8, 1, 1, 2);     /* a surrogate in UTF-8 */
	FAILS("\"\xf4\x90\x80\x80\"", JSON_E_UTF8, 1, 1, 2); /* past U+10FFFF */
	FAILS("\"\xf5\x80\x80\x80\"", JSON_E_UTF8, 1, 1, 2);
	FAILS("\"ab\x80\"", JSON_E_UTF8, 3, 1, 4); /* a lone continuation */
	FAILS("\"\xc3\"", JSON_E_UTF8, 1, 1, 2);   /* cut short */
	FAILS("\"\xe2\x82\"", JSON_E_UTF8, 1, 1, 2);
	FAILS("\"\xff\"", JSON_E_UTF8, 1, 1, 2);
}

Test(json_parse, numbers)
{
	static const char *const good[] = {"0",
					   "-0",
					   "7",
					   "-12",
					   "3.25",
					   "0.5",
					   "1e9",
					   "1E+2",
					   "-12.5e-3",
					   "0e0",
					   "10",
					   "1.0E5",
					   "123456789012345678901234567890"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct json_doc d;
		cr_assert_eq(parse(good[i], &d, NULL), JSON_OK, "%s", good[i]);
		cr_assert_eq(json_root(&d)->type, JSON_NUMBER);
		cr_assert_str_eq(json_root(&d)->text, good[i], "the text is kept as written");
		json_doc_free(&d);
	}
	FAILS("01", JSON_E_LEADING_ZERO, 0, 1, 1);
	FAILS("[-01]", JSON_E_LEADING_ZERO, 1, 1, 2);
	FAILS("-", JSON_E_NUMBER, 1, 1, 2);
	FAILS("-a", JSON_E_NUMBER, 1, 1, 2);
	FAILS("1.", JSON_E_NUMBER, 2, 1, 3);
	FAILS("1.e5", JSON_E_NUMBER, 2, 1, 3);
	FAILS("1e", JSON_E_NUMBER, 2, 1, 3);
	FAILS("1e+", JSON_E_NUMBER, 3, 1, 4);
	FAILS(".5", JSON_E_UNEXPECTED, 0, 1, 1);
	FAILS("+1", JSON_E_UNEXPECTED, 0, 1, 1);
	FAILS("0x1", JSON_E_TRAILING, 1, 1, 2);
	FAILS("1 2", JSON_E_TRAILING, 2, 1, 3);
	FAILS("NaN", JSON_E_UNEXPECTED, 0, 1, 1);
	FAILS("-Infinity", JSON_E_NUMBER, 1, 1, 2);
}

Test(json_parse, integers_read_exactly)
{
	static const struct {
		const char *text;
		uint64_t max;
		bool ok;
		uint64_t want;
	} cases[] = {
	    {"0", UINT64_MAX, true, 0},
	    {"18446744073709551615", UINT64_MAX, true, UINT64_MAX},
	    {"18446744073709551616", UINT64_MAX, false, 0},
	    {"99999999999999999999", UINT64_MAX, false, 0},
	    {"64", 64, true, 64},
	    {"65", 64, false, 0},
	    {"7", 5, false, 0},
	    {"0", 0, true, 0},
	    {"1", 0, false, 0},
	    {"-1", UINT64_MAX, false, 0},
	    {"-0", UINT64_MAX, false, 0},
	    {"1.0", UINT64_MAX, false, 0},
	    {"1e2", UINT64_MAX, false, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct json_doc d;
		cr_assert_eq(parse(cases[i].text, &d, NULL), JSON_OK);
		uint64_t got = 12345;
		bool ok = json_get_uint(json_root(&d), cases[i].max, &got);
		cr_assert_eq(ok, cases[i].ok, "%s max %lu", cases[i].text,
			     (unsigned long)cases[i].max);
		if (ok)
			cr_assert_eq(got, cases[i].want, "%s", cases[i].text);
		else
			cr_assert_eq(got, 12345, "%s: untouched on failure", cases[i].text);
		json_doc_free(&d);
	}
	struct json_doc d;
	cr_assert_eq(parse("[\"5\", true]", &d, NULL), JSON_OK);
	uint64_t x;
	bool b;
	cr_assert(!json_get_uint(json_first(&d, json_root(&d)), 9, &x), "a string is no number");
	cr_assert(!json_get_bool(json_first(&d, json_root(&d)), &b));
	cr_assert(json_get_bool(json_next(&d, json_first(&d, json_root(&d))), &b) && b);
	json_doc_free(&d);
}

Test(json_parse, literals)
{
	FAILS("tru", JSON_E_LITERAL, 0, 1, 1);
	FAILS("[nul]", JSON_E_LITERAL, 1, 1, 2);
	FAILS("truex", JSON_E_LITERAL, 0, 1, 1);
	FAILS("True", JSON_E_UNEXPECTED, 0, 1, 1);
	FAILS("nulll", JSON_E_LITERAL, 0, 1, 1);
	FAILS("[true1]", JSON_E_ARRAY_COMMA, 5, 1, 6);
	struct json_doc d;
	cr_assert_eq(parse("[false,null]", &d, NULL), JSON_OK);
	cr_assert_eq(json_next(&d, json_first(&d, json_root(&d)))->offset, 7);
	json_doc_free(&d);
}

Test(json_parse, structure_errors)
{
	FAILS("", JSON_E_EMPTY, 0, 1, 1);
	FAILS(" \r\n\t ", JSON_E_EMPTY, 5, 2, 3);
	FAILS("[", JSON_E_END, 1, 1, 2);
	FAILS("[1", JSON_E_END, 2, 1, 3);
	FAILS("[1,", JSON_E_END, 3, 1, 4);
	FAILS("{", JSON_E_END, 1, 1, 2);
	FAILS("{\"a\"", JSON_E_END, 4, 1, 5);
	FAILS("{\"a\":", JSON_E_END, 5, 1, 6);
	FAILS("{\"a\":1", JSON_E_END, 6, 1, 7);
	FAILS("[1 2]", JSON_E_ARRAY_COMMA, 3, 1, 4);
	FAILS("[1}", JSON_E_ARRAY_COMMA, 2, 1, 3);
	FAILS("{\"a\":1]", JSON_E_OBJECT_COMMA, 6, 1, 7);
	FAILS("{\"a\" 1}", JSON_E_COLON, 5, 1, 6);
	FAILS("{a:1}", JSON_E_KEY, 1, 1, 2);
	FAILS("{1:1}", JSON_E_KEY, 1, 1, 2);
	FAILS("{,}", JSON_E_KEY, 1, 1, 2);
	FAILS("[,1]", JSON_E_UNEXPECTED, 1, 1, 2);
	FAILS("[1,]", JSON_E_TRAILING_COMMA, 2, 1, 3);
	FAILS("{\"a\":1 , }", JSON_E_TRAILING_COMMA, 7, 1, 8);
	FAILS("{} {}", JSON_E_TRAILING, 3, 1, 4);
	FAILS("{}\n\n  x", JSON_E_TRAILING, 6, 3, 3);
	FAILS("['a']", JSON_E_UNEXPECTED, 1, 1, 2);
	FAILS("[\n  1,\n  @\n]", JSON_E_UNEXPECTED, 9, 3, 3);
	/* NUL octets: outside strings an unexpected character, in a string
	 * a control character */
	assert_fails("[\0]", 3, JSON_E_UNEXPECTED, 1, 1, 2);
	assert_fails("\"\0\"", 3, JSON_E_CONTROL, 1, 1, 2);
	/* white space is only space, tab, LF, CR (RFC 8259 s2) */
	FAILS("\f[]", JSON_E_UNEXPECTED, 0, 1, 1);
	FAILS("[\v]", JSON_E_UNEXPECTED, 1, 1, 2);
}

Test(json_parse, byte_order_mark_skipped)
{
	struct json_doc d;
	cr_assert_eq(parse("\xef\xbb\xbf{\"a\":1}", &d, NULL), JSON_OK);
	cr_assert_eq(json_root(&d)->offset, 3);
	json_doc_free(&d);
	FAILS("\xef\xbb\xbf", JSON_E_EMPTY, 3, 1, 4);
	FAILS("[\xef\xbb\xbf]", JSON_E_UNEXPECTED, 1, 1, 2);
}

Test(json_parse, duplicate_names_first_wins)
{
	struct json_doc d;
	cr_assert_eq(parse("{\"a\":1,\"a\":2}", &d, NULL), JSON_OK);
	cr_assert_str_eq(json_member(&d, json_root(&d), "a")->text, "1");
	cr_assert_eq(json_root(&d)->count, 2);
	json_doc_free(&d);
}

/* Depth: 3 levels pass with a limit of 3, 4 fail at the 4th bracket. */
Test(json_parse, depth_limit)
{
	struct json_limits lim = {.max_depth = 3};
	struct json_doc d;
	struct json_where w;
	cr_assert_eq(json_parse((const uint8_t *)"[{\"a\":[]}]", 10, &lim, &d, &w), JSON_OK);
	json_doc_free(&d);
	cr_assert_eq(json_parse((const uint8_t *)"[{\"a\":[[]]}]", 12, &lim, &d, &w), JSON_E_DEPTH);
	cr_assert_eq(w.offset, 7);
	/* the default, 64 */
	char deep[200];
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	cr_assert_eq(json_parse((const uint8_t *)deep, 128, NULL, &d, &w), JSON_OK);
	json_doc_free(&d);
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	cr_assert_eq(json_parse((const uint8_t *)deep, 130, NULL, &d, &w), JSON_E_DEPTH);
	cr_assert_eq(w.offset, 64);
}

Test(json_parse, size_and_count_limits)
{
	struct json_limits lim = {.max_input = 8};
	struct json_doc d;
	struct json_where w;
	cr_assert_eq(json_parse((const uint8_t *)"[1,2,3]", 7, &lim, &d, &w), JSON_OK);
	json_doc_free(&d);
	cr_assert_eq(json_parse((const uint8_t *)"[1,2,3,4]", 9, &lim, &d, &w), JSON_E_TOO_LARGE);
	cr_assert_eq(w.offset, 8);

	lim = (struct json_limits){.max_values = 4};
	cr_assert_eq(json_parse((const uint8_t *)"[1,2,3]", 7, &lim, &d, &w), JSON_OK);
	cr_assert_eq(d.count, 4);
	json_doc_free(&d);
	cr_assert_eq(json_parse((const uint8_t *)"[1,2,3,4]", 9, &lim, &d, &w), JSON_E_TOO_MANY);
	cr_assert_eq(w.offset, 7, "at the fifth value");
}

Test(json_parse, error_texts_and_names)
{
	for (int e = 0; e < JSON_E__COUNT; e++) {
		cr_assert(json_err_text((enum json_err)e)[0], "%d has a sentence", e);
		cr_assert(strncmp(json_err_name((enum json_err)e), "JSON_", 5) == 0);
	}
	cr_assert_str_eq(json_err_text(JSON_E_END), "the input ends inside a value");
	cr_assert_str_eq(json_err_text(JSON_E__COUNT), "unknown error");
}
