# Checks 'acmeprobe caa --batch' output against the expected verdicts.
# Input: paste -d '\t' expected.txt output.jsonl (the nth expected line next
# to the nth output line; JSON Lines never hold a raw tab).
# expected.txt: DOMAIN WILDCARD PERMITTED RELEVANT_NAME RULE RECORDS
# Each output line must be one JSON object for that same name (input order)
# with "wildcard", "permitted", "relevant_name", "rule", "error":null and
# as many records as expected.
# Prints "lines N", "ok N", "wrong N", "missing N", "extra N" and, on
# stderr, the first few wrong lines with what was expected. Exit 0 only if
# every line is right and none is missing or extra.
BEGIN { FS = "\t"; shown = 0; max_shown = 5 }

function field(s, re,    v) {
	if (!match(s, re))
		return "?"
	v = substr(s, RSTART, RLENGTH)
	sub(/^"[a-z_]+":/, "", v)
	gsub(/"/, "", v)
	return v
}

function bad(why) {
	wrong++
	if (shown++ < max_shown)
		printf "line %d: %s\n  expected: %s\n  got:      %.300s\n", NR, why, $1, $2 > "/dev/stderr"
}

{
	if ($1 == "") { extra++; next }
	if (NF < 2 || $2 == "") { missing++; next }
	lines++
	split($1, e, " ")
	line = $2
	if (line !~ /^\{"domain":"[^"]*",.*\}$/) { bad("not a JSON object that starts with \"domain\""); next }
	if (field(line, "\"domain\":\"[^\"]*\"") != e[1]) { bad("another name (order lost?)"); next }
	if (field(line, "\"wildcard\":(true|false)") != e[2]) { bad("wildcard"); next }
	if (field(line, "\"permitted\":(true|false|null)") != e[3]) { bad("permitted"); next }
	if (field(line, "\"relevant_name\":(\"[^\"]*\"|null)") != e[4]) { bad("relevant_name"); next }
	if (field(line, "\"rule\":\"[^\"]*\"") != e[5]) { bad("rule"); next }
	if (line !~ /"error":null/) { bad("error is not null"); next }
	n = gsub(/"flags":/, "&", line)
	if (n != e[6] + 0) { bad("records: " n ", not " e[6]); next }
	ok++
}

END {
	printf "lines %d\nok %d\nwrong %d\nmissing %d\nextra %d\n", lines, ok, wrong, missing, extra
	exit (wrong || missing || extra || !lines) ? 1 : 0
}
