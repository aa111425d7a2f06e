/* Go's %q verb (strconv.Quote), which Boulder uses to put names and
 * errors into its problem texts: `"a.example"`, with `"` and `\` escaped
 * and what does not print written as \n, \x00, \u00a0... So that
 * acmeprobe can show the very text Let's Encrypt would show. Pure. */
#ifndef ACMEPROBE_ACME_QUOTE_H
#define ACMEPROBE_ACME_QUOTE_H

#include <stddef.h>

/* Writes s[0..n) quoted into out (always NUL-terminated when cap > 0,
 * cut short when it does not fit). Returns the length of the whole
 * quoted text, as snprintf does. Valid UTF-8 outside ASCII is kept
 * except the characters Go's unicode.IsPrint refuses that a certificate
 * or a command line might carry (C1 controls, U+00A0, U+00AD, the
 * U+2000..U+206F spaces and format characters, U+3000, U+FEFF): an
 * approximation of Go's full table. */
size_t acme_quote(const char *s, size_t n, char *out, size_t cap);

#endif
