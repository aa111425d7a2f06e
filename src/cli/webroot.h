/* --webroot: a token file written under DIR/.well-known/acme-challenge/
 * for the HTTP-01 request to fetch, and never left behind. */
#ifndef ACMEPROBE_CLI_WEBROOT_H
#define ACMEPROBE_CLI_WEBROOT_H

/* Storage for a generated token and key authorization. */
struct webroot {
	char token[44];
	char ka[96];
};

/* Writes the file: *token and *ka are used when given, else generated
 * (into w). Returns EXIT_YES, or an exit status with the message printed.
 * From here until webroot_remove, a signal removes the file first. */
int webroot_prepare(struct webroot *w, const char *command, const char *dir, const char **token,
		    const char **ka);
void webroot_remove(void);
/* The file's path (for reports). */
const char *webroot_path(void);

#endif
