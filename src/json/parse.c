/* The JSON reader: RFC 8259's grammar by recursive descent, one function
 * per production (value, object, array, string, number, literal). The
 * depth of the recursion is the nesting depth, which has a limit. */
#include "json/parse.h"

#include <stdlib.h>
#include <string.h>

#include "net/decimal.h"

#define DEFAULT_MAX_INPUT  (16u << 20)
#define DEFAULT_MAX_DEPTH  64u
#define DEFAULT_MAX_VALUES (1u << 20)

struct parser {
	const uint8_t *p, *end, *start;
	struct json_limits lim;
	struct json_doc *doc;
	const uint8_t *err_at;
};

static const char *const err_texts[JSON_E__COUNT] = {
    [JSON_OK] = "no error",
    [JSON_E_EMPTY] = "no JSON value: the input is empty or only white space",
    [JSON_E_TOO_LARGE] = "the input is longer than the limit",
    [JSON_E_DEPTH] = "arrays and objects are nested deeper than the limit",
    [JSON_E_TOO_MANY] = "the input has more values than the limit",
    [JSON_E_MEMORY] = "out of memory",
    [JSON_E_UNEXPECTED] = "a character that cannot start a JSON value",
    [JSON_E_END] = "the input ends inside a value",
    [JSON_E_TRAILING] = "something follows the JSON value",
    [JSON_E_LITERAL] = "a word that is not true, false or null",
    [JSON_E_NUMBER] = "a number lacks a digit (after '-', '.' or the exponent)",
    [JSON_E_LEADING_ZERO] = "a number starts with a zero followed by a digit",
    [JSON_E_CONTROL] = "a control character (below U+0020) inside a string must be escaped",
    [JSON_E_ESCAPE] = "a backslash escape that JSON does not have",
    [JSON_E_HEX] = "\\u must be followed by four hexadecimal digits",
    [JSON_E_SURROGATE] = "a \\u escape of a UTF-16 surrogate without its other half",
    [JSON_E_UTF8] = "the text is not valid UTF-8",
    [JSON_E_KEY] = "an object member must start with its name, a string",
    [JSON_E_COLON] = "a ':' must follow an object member's name",
    [JSON_E_ARRAY_COMMA] = "',' or ']' expected after an array element",
    [JSON_E_OBJECT_COMMA] = "',' or '}' expected after an object member",
    [JSON_E_TRAILING_COMMA] = "a ',' must be followed by another element or member",
};

static const char *const err_names[JSON_E__COUNT] = {
    [JSON_OK] = "JSON_OK",
    [JSON_E_EMPTY] = "JSON_E_EMPTY",
    [JSON_E_TOO_LARGE] = "JSON_E_TOO_LARGE",
    [JSON_E_DEPTH] = "JSON_E_DEPTH",
    [JSON_E_TOO_MANY] = "JSON_E_TOO_MANY",
    [JSON_E_MEMORY] = "JSON_E_MEMORY",
    [JSON_E_UNEXPECTED] = "JSON_E_UNEXPECTED",
    [JSON_E_END] = "JSON_E_END",
    [JSON_E_TRAILING] = "JSON_E_TRAILING",
    [JSON_E_LITERAL] = "JSON_E_LITERAL",
    [JSON_E_NUMBER] = "JSON_E_NUMBER",
    [JSON_E_LEADING_ZERO] = "JSON_E_LEADING_ZERO",
    [JSON_E_CONTROL] = "JSON_E_CONTROL",
    [JSON_E_ESCAPE] = "JSON_E_ESCAPE",
    [JSON_E_HEX] = "JSON_E_HEX",
    [JSON_E_SURROGATE] = "JSON_E_SURROGATE",
    [JSON_E_UTF8] = "JSON_E_UTF8",
    [JSON_E_KEY] = "JSON_E_KEY",
    [JSON_E_COLON] = "JSON_E_COLON",
    [JSON_E_ARRAY_COMMA] = "JSON_E_ARRAY_COMMA",
    [JSON_E_OBJECT_COMMA] = "JSON_E_OBJECT_COMMA",
    [JSON_E_TRAILING_COMMA] = "JSON_E_TRAILING_COMMA",
};

const char *json_err_text(enum json_err e)
{
	return (unsigned)e < JSON_E__COUNT ? err_texts[e] : "unknown error";
}

const char *json_err_name(enum json_err e)
{
	return (unsigned)e < JSON_E__COUNT ? err_names[e] : "JSON_E_?";
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL:
		return "null";
	case JSON_FALSE:
	case JSON_TRUE:
		return "boolean";
	case JSON_NUMBER:
		return "number";
	case JSON_STRING:
		return "string";
	case JSON_ARRAY:
		return "array";
	case JSON_OBJECT:
		return "object";
	}
	return "?";
}

/* Records where the error is and returns it. */
static enum json_err fail(struct parser *ps, const uint8_t *at, enum json_err e)
{
	ps->err_at = at;
	return e;
}

/* RFC 8259 s2: insignificant white space is space, tab, LF, CR. */
static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

/* A new value at the end of the list; its index in *index. */
static enum json_err new_value(struct parser *ps, enum json_type type, uint32_t *index)
{
	struct json_doc *d = ps->doc;
	if (d->count >= ps->lim.max_values)
		return fail(ps, ps->p, JSON_E_TOO_MANY);
	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		if (cap > ps->lim.max_values)
			cap = ps->lim.max_values;
		struct json_value *v = realloc(d->values, cap * sizeof *v);
		if (!v)
			return fail(ps, ps->p, JSON_E_MEMORY);
		d->values = v;
		d->cap = cap;
	}
	d->values[d->count] =
	    (struct json_value){.type = type, .offset = (size_t)(ps->p - ps->start)};
	*index = (uint32_t)d->count++;
	return JSON_OK;
}

/* The pool never moves (it is sized for the whole input at the start), so
 * the pointers the values keep into it stay valid. */
static char *pool_at(struct parser *ps)
{
	return ps->doc->pool + ps->doc->pool_len;
}

/* Four hex digits after "\u" at p; -1 when they are not there. */
static long hex4(const uint8_t *p, const uint8_t *end)
{
	if (end - p < 4)
		return -1;
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int d = hex_digit_value(p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Length of the UTF-8 sequence at p (RFC 3629 s4: shortest form, no
 * surrogates, at most U+10FFFF), 0 when it is not one. */
static size_t utf8_seq(const uint8_t *p, const uint8_t *end)
{
	uint8_t c = p[0];
	size_t n;
	uint32_t cp, min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		n = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* RFC 8259 s7: a string, ps->p at its opening quote. Decodes into the
 * pool; *text and *len are the decoded octets (NUL-terminated). */
static enum json_err parse_string(struct parser *ps, const char **text, size_t *len)
{
	const uint8_t *open = ps->p++;
	char *out = pool_at(ps);
	size_t n = 0;
	for (;;) {
		if (ps->p >= ps->end)
			return fail(ps, open, JSON_E_END);
		uint8_t c = *ps->p;
		if (c == '"') {
			ps->p++;
			break;
		}
		if (c < 0x20)
			return fail(ps, ps->p, JSON_E_CONTROL);
		if (c != '\\') {
			size_t k = utf8_seq(ps->p, ps->end);
			if (k == 0)
				return fail(ps, ps->p, JSON_E_UTF8);
			memcpy(out + n, ps->p, k);
			n += k;
			ps->p += k;
			continue;
		}
		const uint8_t *esc = ps->p;
		if (ps->end - ps->p < 2)
			return fail(ps, open, JSON_E_END);
		uint8_t e = ps->p[1];
		ps->p += 2;
		static const char simple_in[] = "\"\\/bfnrt";
		static const char simple_out[] = "\"\\/\b\f\n\r\t";
		const char *s = e ? strchr(simple_in, e) : NULL;
		if (s) {
			out[n++] = simple_out[s - simple_in];
			continue;
		}
		if (e != 'u')
			return fail(ps, esc, JSON_E_ESCAPE);
		long u = hex4(ps->p, ps->end);
		if (u < 0)
			return fail(ps, esc, JSON_E_HEX);
		ps->p += 4;
		uint32_t cp = (uint32_t)u;
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return fail(ps, esc, JSON_E_SURROGATE); /* a low half first */
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			/* RFC 8259 s7: a character outside the BMP is a UTF-16
			 * surrogate pair, "\uD834\uDD1E" */
			if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
				return fail(ps, esc, JSON_E_SURROGATE);
			long lo = hex4(ps->p + 2, ps->end);
			if (lo < 0)
				return fail(ps, ps->p, JSON_E_HEX);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return fail(ps, esc, JSON_E_SURROGATE);
			ps->p += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
		}
		n += put_utf8(out + n, cp);
	}
	out[n] = '\0';
	ps->doc->pool_len += n + 1;
	*text = out;
	*len = n;
	return JSON_OK;
}

static bool is_digit(const uint8_t *p, const uint8_t *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* RFC 8259 s6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static enum json_err parse_number(struct parser *ps, struct json_value *v)
{
	const uint8_t *s = ps->p;
	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (!is_digit(ps->p, ps->end))
		return fail(ps, ps->p, JSON_E_NUMBER);
	if (*ps->p == '0') {
		ps->p++;
		if (is_digit(ps->p, ps->end))
			return fail(ps, s, JSON_E_LEADING_ZERO);
	} else {
		while (is_digit(ps->p, ps->end))
			ps->p++;
	}
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (!is_digit(ps->p, ps->end))
			return fail(ps, ps->p, JSON_E_NUMBER);
		while (is_digit(ps->p, ps->end))
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!is_digit(ps->p, ps->end))
			return fail(ps, ps->p, JSON_E_NUMBER);
		while (is_digit(ps->p, ps->end))
			ps->p++;
	}
	size_t n = (size_t)(ps->p - s);
	char *out = pool_at(ps);
	memcpy(out, s, n);
	out[n] = '\0';
	ps->doc->pool_len += n + 1;
	v->text = out;
	v->text_len = n;
	return JSON_OK;
}

/* true, false, null: the whole word must be one of them. */
static enum json_err parse_literal(struct parser *ps, enum json_type *type)
{
	static const struct {
		const char *word;
		enum json_type type;
	} words[] = {{"true", JSON_TRUE}, {"false", JSON_FALSE}, {"null", JSON_NULL}};
	const uint8_t *s = ps->p;
	while (ps->p < ps->end && *ps->p >= 'a' && *ps->p <= 'z')
		ps->p++;
	size_t n = (size_t)(ps->p - s);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].word) == n && memcmp(words[i].word, s, n) == 0) {
			*type = words[i].type;
			return JSON_OK;
		}
	return fail(ps, s, JSON_E_LITERAL);
}

static enum json_err parse_value(struct parser *ps, unsigned depth, uint32_t *index);

/* The elements of an array or the members of an object, ps->p after the
 * opening bracket. Children are linked in input order. */
static enum json_err parse_children(struct parser *ps, unsigned depth, uint32_t parent, bool object)
{
	const uint8_t close = object ? '}' : ']';
	uint32_t last = 0;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return JSON_OK;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end)
			return fail(ps, ps->p, JSON_E_END);
		const char *key = NULL;
		size_t key_len = 0;
		if (object) {
			if (*ps->p != '"')
				return fail(ps, ps->p, JSON_E_KEY);
			enum json_err e = parse_string(ps, &key, &key_len);
			if (e)
				return e;
			skip_ws(ps);
			if (ps->p >= ps->end)
				return fail(ps, ps->p, JSON_E_END);
			if (*ps->p != ':')
				return fail(ps, ps->p, JSON_E_COLON);
			ps->p++;
		}
		uint32_t child;
		enum json_err e = parse_value(ps, depth, &child);
		if (e)
			return e;
		struct json_value *vals = ps->doc->values;
		vals[child].key = key;
		vals[child].key_len = key_len;
		if (last)
			vals[last].next = child;
		else
			vals[parent].first = child;
		last = child;
		vals[parent].count++;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return fail(ps, ps->p, JSON_E_END);
		if (*ps->p == close) {
			ps->p++;
			return JSON_OK;
		}
		if (*ps->p != ',')
			return fail(ps, ps->p, object ? JSON_E_OBJECT_COMMA : JSON_E_ARRAY_COMMA);
		const uint8_t *comma = ps->p++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == close)
			return fail(ps, comma, JSON_E_TRAILING_COMMA);
	}
}

/* RFC 8259 s3: a value, white space around it allowed. */
static enum json_err parse_value(struct parser *ps, unsigned depth, uint32_t *index)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, ps->p, JSON_E_END);
	uint8_t c = *ps->p;
	enum json_err e;
	if (c == '{' || c == '[') {
		if (depth >= ps->lim.max_depth)
			return fail(ps, ps->p, JSON_E_DEPTH);
		e = new_value(ps, c == '{' ? JSON_OBJECT : JSON_ARRAY, index);
		if (e)
			return e;
		ps->p++;
		return parse_children(ps, depth + 1, *index, c == '{');
	}
	if (c == '"') {
		e = new_value(ps, JSON_STRING, index);
		if (e)
			return e;
		const char *text = NULL;
		size_t len = 0;
		e = parse_string(ps, &text, &len);
		if (e)
			return e; /* the document is dropped on an error */
		ps->doc->values[*index].text = text;
		ps->doc->values[*index].text_len = len;
		return JSON_OK;
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		e = new_value(ps, JSON_NUMBER, index);
		return e ? e : parse_number(ps, &ps->doc->values[*index]);
	}
	if (c >= 'a' && c <= 'z') {
		enum json_type t;
		const uint8_t *s = ps->p;
		e = parse_literal(ps, &t);
		if (e)
			return e;
		ps->p = s; /* the value starts at the word */
		e = new_value(ps, t, index);
		ps->p = s + (t == JSON_FALSE ? 5 : 4);
		return e;
	}
	return fail(ps, ps->p, JSON_E_UNEXPECTED);
}

static struct json_where where_of(const uint8_t *start, const uint8_t *at)
{
	struct json_where w = {(size_t)(at - start), 1, 1};
	for (const uint8_t *q = start; q < at; q++) {
		if (*q == '\n') {
			w.line++;
			w.column = 1;
		} else {
			w.column++;
		}
	}
	return w;
}

enum json_err json_parse(const uint8_t *buf, size_t len, const struct json_limits *limits,
			 struct json_doc *doc, struct json_where *where)
{
	struct parser ps = {
	    .p = buf,
	    .end = buf + len,
	    .start = buf,
	    .lim = {DEFAULT_MAX_INPUT, DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES},
	    .doc = doc,
	    .err_at = buf,
	};
	if (limits) {
		if (limits->max_input)
			ps.lim.max_input = limits->max_input;
		if (limits->max_depth)
			ps.lim.max_depth = limits->max_depth;
		if (limits->max_values)
			ps.lim.max_values = limits->max_values;
	}
	if (ps.lim.max_values > UINT32_MAX)
		ps.lim.max_values = UINT32_MAX;
	memset(doc, 0, sizeof *doc);
	enum json_err e = JSON_OK;
	if (len > ps.lim.max_input) {
		e = fail(&ps, buf + ps.lim.max_input, JSON_E_TOO_LARGE);
		goto out;
	}
	if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		ps.p += 3; /* RFC 8259 s8.1: a reader may ignore a BOM */
	skip_ws(&ps);
	if (ps.p == ps.end) {
		e = fail(&ps, ps.p, JSON_E_EMPTY);
		goto out;
	}
	/* Decoded strings and number texts, each with a NUL, never take more
	 * than the input plus one octet (a top-level number's NUL). */
	doc->pool_cap = len + 1;
	doc->pool = malloc(doc->pool_cap);
	if (!doc->pool) {
		e = fail(&ps, ps.p, JSON_E_MEMORY);
		goto out;
	}
	uint32_t root;
	e = parse_value(&ps, 0, &root);
	if (e)
		goto out;
	skip_ws(&ps);
	if (ps.p != ps.end)
		e = fail(&ps, ps.p, JSON_E_TRAILING);
out:
	if (e) {
		json_doc_free(doc);
		if (where)
			*where = where_of(buf, ps.err_at);
	} else if (where) {
		*where = (struct json_where){0, 1, 1};
	}
	return e;
}

void json_doc_free(struct json_doc *doc)
{
	free(doc->values);
	free(doc->pool);
	memset(doc, 0, sizeof *doc);
}

const struct json_value *json_root(const struct json_doc *doc)
{
	return doc && doc->count ? &doc->values[0] : NULL;
}

const struct json_value *json_first(const struct json_doc *doc, const struct json_value *v)
{
	if (!doc || !v || (v->type != JSON_ARRAY && v->type != JSON_OBJECT) || !v->first)
		return NULL;
	return &doc->values[v->first];
}

const struct json_value *json_next(const struct json_doc *doc, const struct json_value *v)
{
	return doc && v && v->next ? &doc->values[v->next] : NULL;
}

const struct json_value *json_member(const struct json_doc *doc, const struct json_value *v,
				     const char *key)
{
	if (!v || v->type != JSON_OBJECT || !key)
		return NULL;
	size_t n = strlen(key);
	for (const struct json_value *m = json_first(doc, v); m; m = json_next(doc, m))
		if (m->key_len == n && memcmp(m->key, key, n) == 0)
			return m;
	return NULL;
}

const char *json_get_str(const struct json_value *v)
{
	if (!v || v->type != JSON_STRING || strlen(v->text) != v->text_len)
		return NULL;
	return v->text;
}

bool json_get_uint(const struct json_value *v, uint64_t max, uint64_t *out)
{
	if (!v || v->type != JSON_NUMBER || v->text_len == 0)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < v->text_len; i++) {
		char c = v->text[i];
		if (c < '0' || c > '9')
			return false; /* a sign, a fraction or an exponent */
		unsigned d = (unsigned)(c - '0');
		if (d > max || x > (max - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*out = x;
	return true;
}

bool json_get_bool(const struct json_value *v, bool *out)
{
	if (!v || (v->type != JSON_TRUE && v->type != JSON_FALSE))
		return false;
	*out = v->type == JSON_TRUE;
	return true;
}
