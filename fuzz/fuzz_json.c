/* libFuzzer target: json_parse (src/json/parse.c), the reader of
 * `check --merge`.
 *
 * Input: the octets of a JSON text, handed over as an exact-size heap
 * copy (ASan sees a read one octet past it).
 *
 * Properties (beyond "no crash, no leak, no UB"):
 *  - acceptance equals that of a reference recognizer written here
 *    another way (a loop over an explicit stack, not recursion), with the
 *    same depth limit (64): RFC 8259's grammar, UTF-8 (RFC 3629), \u
 *    surrogates in pairs;
 *  - on an error: the offset is inside the input, line and column agree
 *    with it, and the document is empty;
 *  - on success, the tree: every container's count is its number of
 *    children; members of objects have names, elements of arrays none;
 *    each value's offset points at the octet that starts it; a number's
 *    text is the input's octets at that offset;
 *  - written out again (canonical form, below) and read back, the tree is
 *    the same, and writing that one gives the same octets;
 *  - check --merge's reader (merge_read_report, check/merge.c) takes any
 *    tree: a known error or a report whose strings are terminated, whose
 *    steps are set only by the finding codes that set them. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/merge.h"
#include "json/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			abort();                                                                   \
	} while (0)

#define REF_DEPTH 64

/* ---- the reference recognizer ----------------------------------------- */

struct ref {
	const uint8_t *p, *end;
};

static void ref_ws(struct ref *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool ref_hex4(const uint8_t *p, const uint8_t *end, unsigned *out)
{
	if (end - p < 4)
		return false;
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		uint8_t c = p[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (unsigned)((c | 0x20) - 'a' + 10);
		else
			return false;
		v = v * 16 + d;
	}
	*out = v;
	return true;
}

/* One UTF-8 character by its ranges (RFC 3629 s4's table). */
static size_t ref_utf8(const uint8_t *p, const uint8_t *end)
{
	size_t n = (size_t)(end - p);
	uint8_t a = p[0];
#define CONT(i) (n > (i) && p[i] >= 0x80 && p[i] <= 0xBF)
	if (a <= 0x7F)
		return 1;
	if (a >= 0xC2 && a <= 0xDF)
		return CONT(1) ? 2 : 0;
	if (a == 0xE0)
		return n > 2 && p[1] >= 0xA0 && p[1] <= 0xBF && CONT(2) ? 3 : 0;
	if ((a >= 0xE1 && a <= 0xEC) || a == 0xEE || a == 0xEF)
		return CONT(1) && CONT(2) ? 3 : 0;
	if (a == 0xED)
		return n > 2 && p[1] >= 0x80 && p[1] <= 0x9F && CONT(2) ? 3 : 0;
	if (a == 0xF0)
		return n > 3 && p[1] >= 0x90 && p[1] <= 0xBF && CONT(2) && CONT(3) ? 4 : 0;
	if (a >= 0xF1 && a <= 0xF3)
		return CONT(1) && CONT(2) && CONT(3) ? 4 : 0;
	if (a == 0xF4)
		return n > 3 && p[1] >= 0x80 && p[1] <= 0x8F && CONT(2) && CONT(3) ? 4 : 0;
#undef CONT
	return 0;
}

static bool ref_string(struct ref *r)
{
	r->p++; /* the quote */
	while (r->p < r->end) {
		uint8_t c = *r->p;
		if (c == '"') {
			r->p++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\') {
			size_t k = ref_utf8(r->p, r->end);
			if (!k)
				return false;
			r->p += k;
			continue;
		}
		if (r->end - r->p < 2)
			return false;
		c = r->p[1];
		r->p += 2;
		if (memchr("\"\\/bfnrt", c, 8) && c)
			continue;
		unsigned u, lo;
		if (c != 'u' || !ref_hex4(r->p, r->end, &u))
			return false;
		r->p += 4;
		if (u >= 0xDC00 && u <= 0xDFFF)
			return false;
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
			    !ref_hex4(r->p + 2, r->end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
				return false;
			r->p += 6;
		}
	}
	return false;
}

static size_t ref_digits(struct ref *r)
{
	size_t n = 0;
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		r->p++;
		n++;
	}
	return n;
}

static bool ref_number(struct ref *r)
{
	if (*r->p == '-')
		r->p++;
	const uint8_t *int_start = r->p;
	size_t n = ref_digits(r);
	if (n == 0 || (n > 1 && *int_start == '0'))
		return false;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (!ref_digits(r))
			return false;
	}
	if (r->p < r->end && (*r->p | 0x20) == 'e') {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (!ref_digits(r))
			return false;
	}
	return true;
}

/* A scalar at r->p (the caller skipped white space); false if none. */
static bool ref_scalar(struct ref *r)
{
	static const char *const words[] = {"true", "false", "null"};
	if (r->p >= r->end)
		return false;
	if (*r->p == '"')
		return ref_string(r);
	if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
		return ref_number(r);
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(r->end - r->p) >= n && memcmp(r->p, words[i], n) == 0) {
			r->p += n;
			/* the word ends there: a letter after it is no JSON */
			return !(r->p < r->end && *r->p >= 'a' && *r->p <= 'z');
		}
	}
	return false;
}

/* The grammar as a loop: a stack of open containers ('[' or '{'), and
 * what is expected next. */
static bool ref_accepts(const uint8_t *data, size_t size)
{
	struct ref r = {data, data + size};
	if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		r.p += 3;
	char stack[REF_DEPTH];
	int depth = 0;
	enum { VALUE, VALUE_OR_CLOSE, KEY, KEY_OR_CLOSE, AFTER } want = VALUE;
	for (;;) {
		ref_ws(&r);
		if (want == AFTER) {
			if (depth == 0)
				return r.p == r.end;
			if (r.p >= r.end)
				return false;
			char top = stack[depth - 1];
			if (*r.p == (top == '[' ? ']' : '}')) {
				r.p++;
				depth--;
				continue;
			}
			if (*r.p != ',')
				return false;
			r.p++;
			want = top == '[' ? VALUE : KEY;
			continue;
		}
		if (r.p >= r.end)
			return false;
		if (want == KEY || want == KEY_OR_CLOSE) {
			if (want == KEY_OR_CLOSE && *r.p == '}') {
				r.p++;
				depth--;
				want = AFTER;
				continue;
			}
			if (*r.p != '"' || !ref_string(&r))
				return false;
			ref_ws(&r);
			if (r.p >= r.end || *r.p != ':')
				return false;
			r.p++;
			want = VALUE;
			continue;
		}
		if (want == VALUE_OR_CLOSE && *r.p == ']') {
			r.p++;
			depth--;
			want = AFTER;
			continue;
		}
		if (*r.p == '[' || *r.p == '{') {
			if (depth == REF_DEPTH)
				return false;
			stack[depth++] = (char)*r.p;
			want = *r.p == '[' ? VALUE_OR_CLOSE : KEY_OR_CLOSE;
			r.p++;
			continue;
		}
		if (!ref_scalar(&r))
			return false;
		want = AFTER;
	}
}

/* ---- the canonical writer ---------------------------------------------- */

struct out {
	uint8_t *buf;
	size_t len, cap;
};

static void out_put(struct out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		size_t cap = (o->len + n) * 2 + 64;
		o->buf = realloc(o->buf, cap);
		CHECK(o->buf);
		o->cap = cap;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void out_string(struct out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	out_put(o, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		uint8_t c = (uint8_t)s[i];
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			out_put(o, e, 2);
		} else if (c < 0x20) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			out_put(o, e, 6);
		} else {
			out_put(o, &c, 1);
		}
	}
	out_put(o, "\"", 1);
}

static void out_value(struct out *o, const struct json_doc *d, const struct json_value *v)
{
	switch (v->type) {
	case JSON_NULL:
		out_put(o, "null", 4);
		return;
	case JSON_FALSE:
		out_put(o, "false", 5);
		return;
	case JSON_TRUE:
		out_put(o, "true", 4);
		return;
	case JSON_NUMBER:
		out_put(o, v->text, v->text_len);
		return;
	case JSON_STRING:
		out_string(o, v->text, v->text_len);
		return;
	case JSON_ARRAY:
	case JSON_OBJECT:
		out_put(o, v->type == JSON_ARRAY ? "[" : "{", 1);
		for (const struct json_value *c = json_first(d, v); c; c = json_next(d, c)) {
			if (c != json_first(d, v))
				out_put(o, ",", 1);
			if (v->type == JSON_OBJECT) {
				out_string(o, c->key, c->key_len);
				out_put(o, ":", 1);
			}
			out_value(o, d, c);
		}
		out_put(o, v->type == JSON_ARRAY ? "]" : "}", 1);
		return;
	}
	abort();
}

/* ---- the checks ----------------------------------------------------------- */

static bool in_pool(const struct json_doc *d, const char *p, size_t n)
{
	return p >= d->pool && (size_t)(p - d->pool) + n < d->pool_cap && p[n] == '\0';
}

static void check_tree(const struct json_doc *d, const struct json_value *v, const uint8_t *in,
		       size_t size, bool member)
{
	CHECK(v->offset < size);
	CHECK((v->key != NULL) == member);
	if (member)
		CHECK(in_pool(d, v->key, v->key_len));
	uint8_t c = in[v->offset];
	switch (v->type) {
	case JSON_NULL:
		CHECK(c == 'n');
		break;
	case JSON_FALSE:
		CHECK(c == 'f');
		break;
	case JSON_TRUE:
		CHECK(c == 't');
		break;
	case JSON_NUMBER:
		CHECK(in_pool(d, v->text, v->text_len));
		CHECK(v->text_len <= size - v->offset);
		CHECK(memcmp(v->text, in + v->offset, v->text_len) == 0);
		break;
	case JSON_STRING:
		CHECK(c == '"');
		CHECK(in_pool(d, v->text, v->text_len));
		break;
	case JSON_ARRAY:
	case JSON_OBJECT: {
		CHECK(c == (v->type == JSON_ARRAY ? '[' : '{'));
		uint32_t n = 0;
		for (const struct json_value *k = json_first(d, v); k; k = json_next(d, k)) {
			CHECK(k > v); /* children come after their parent */
			check_tree(d, k, in, size, v->type == JSON_OBJECT);
			n++;
		}
		CHECK(n == v->count);
		break;
	}
	}
}

static bool same_tree(const struct json_doc *a, const struct json_value *x,
		      const struct json_doc *b, const struct json_value *y)
{
	if (x->type != y->type || x->count != y->count || x->key_len != y->key_len ||
	    (x->key && memcmp(x->key, y->key, x->key_len) != 0))
		return false;
	if (x->type == JSON_NUMBER || x->type == JSON_STRING)
		return x->text_len == y->text_len && memcmp(x->text, y->text, x->text_len) == 0;
	const struct json_value *i = json_first(a, x), *j = json_first(b, y);
	for (; i && j; i = json_next(a, i), j = json_next(b, j))
		if (!same_tree(a, i, b, j))
			return false;
	return !i && !j;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *in = malloc(size ? size : 1);
	CHECK(in);
	if (size)
		memcpy(in, data, size);
	struct json_doc d;
	struct json_where w;
	enum json_err e = json_parse(in, size, NULL, &d, &w);
	CHECK((unsigned)e < JSON_E__COUNT && json_err_text(e)[0]);
	CHECK((e == JSON_OK) == ref_accepts(in, size));
	if (e != JSON_OK) {
		CHECK(w.offset <= size);
		size_t line = 1, col = 1;
		for (size_t i = 0; i < w.offset; i++) {
			if (in[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		CHECK(w.line == line && w.column == col);
		CHECK(d.values == NULL && d.pool == NULL && d.count == 0);
		free(in);
		return 0;
	}
	const struct json_value *root = json_root(&d);
	CHECK(root && root == &d.values[0]);
	check_tree(&d, root, in, size, false);

	static struct merge_report rep;
	enum merge_read_err me = merge_read_report(&d, &rep);
	CHECK(merge_read_err_text(me)[0]);
	if (me == MERGE_READ_OK) {
		CHECK(memchr(rep.domain, 0, sizeof rep.domain) && memchr(rep.label, 0, sizeof rep.label));
		CHECK(memchr(rep.caa_text, 0, sizeof rep.caa_text));
		CHECK(memchr(rep.dcv_text, 0, sizeof rep.dcv_text));
		CHECK(rep.finding_count <= MERGE_MAX_FINDINGS);
		bool caa_code = false;
		for (size_t i = 0; i < rep.finding_count; i++)
			caa_code |= strncmp(rep.findings[i].code, "caa_", 4) == 0;
		CHECK(rep.caa == MERGE_ABSENT || caa_code || rep.findings_skipped);
	}

	struct out o1 = {0}, o2 = {0};
	out_value(&o1, &d, root);
	struct json_doc d2;
	CHECK(json_parse(o1.buf, o1.len, NULL, &d2, &w) == JSON_OK);
	CHECK(same_tree(&d, root, &d2, json_root(&d2)));
	out_value(&o2, &d2, json_root(&d2));
	CHECK(o1.len == o2.len && memcmp(o1.buf, o2.buf, o1.len) == 0);
	free(o1.buf);
	free(o2.buf);
	json_doc_free(&d2);
	json_doc_free(&d);
	free(in);
	return 0;
}
