/* --webroot: proof, without an ACME account, that a directory is the one
 * the web server serves on every address: a token file written there, the
 * HTTP-01 request made as the CA makes it, and the file removed, also on
 * SIGINT, SIGTERM or SIGHUP. Used by `http01` and `check`. */
#include "cli/webroot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "net/random.h"

/* ---- --webroot: the file that must never stay behind --------------------
 * The paths live in static storage so that the signal handler, which may
 * only make async-signal-safe calls (unlink, rmdir), can reach them. */

static char webroot_file[PATH_MAX];
static char webroot_dirs[2][PATH_MAX]; /* the ones we created, deepest first */
static volatile sig_atomic_t webroot_armed;

static void webroot_cleanup(void)
{
	if (!webroot_armed)
		return;
	webroot_armed = 0;
	unlink(webroot_file);
	for (int i = 0; i < 2; i++)
		if (webroot_dirs[i][0])
			rmdir(webroot_dirs[i]); /* only if empty: never another's file */
}

/* The normal path's cleanup, with the signals that would run it again
 * held off: a signal in the middle could otherwise kill the process
 * between disarming and the unlink. */
static void webroot_cleanup_blocked(void)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &old);
	webroot_cleanup();
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void on_signal(int sig)
{
	webroot_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void b64url(char *out, const uint8_t *in, size_t n)
{
	static const char a[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0, i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = a[v >> 18];
		out[o++] = a[(v >> 12) & 63];
		out[o++] = a[(v >> 6) & 63];
		out[o++] = a[v & 63];
	}
	if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = a[v >> 18];
		out[o++] = a[(v >> 12) & 63];
		out[o++] = a[(v >> 6) & 63];
	} else if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;
		out[o++] = a[v >> 18];
		out[o++] = a[(v >> 12) & 63];
	}
	out[o] = '\0';
}

/* 32 random octets, base64url: the shape of an ACME token (RFC 8555 s8.1) */
static bool random_token(char out[44])
{
	uint8_t r[32];
	if (net_random(r, sizeof r) != 0)
		return false;
	b64url(out, r, sizeof r);
	return true;
}

static bool make_dir(const char *path, int slot)
{
	if (mkdir(path, 0755) == 0) {
		snprintf(webroot_dirs[slot], sizeof webroot_dirs[slot], "%s", path);
		return true;
	}
	struct stat st;
	return errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Writes the token file; returns 0 or an exit status (message printed). */
static int webroot_write(const char *command, const char *dir, const char *token, const char *ka)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return usage_error(command, "--webroot '%s' is not a directory", dir);
	char wk[PATH_MAX], ac[PATH_MAX];
	if (snprintf(wk, sizeof wk, "%s/.well-known", dir) >= (int)sizeof wk ||
	    snprintf(ac, sizeof ac, "%s/acme-challenge", wk) >= (int)sizeof ac ||
	    snprintf(webroot_file, sizeof webroot_file, "%s/%s", ac, token) >=
		    (int)sizeof webroot_file)
		return usage_error(command, "--webroot path too long");

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* armed before anything is created, so an interruption between the
	 * mkdir and the write still cleans up */
	webroot_armed = 1;
	/* created deepest first in the cleanup order */
	if (!make_dir(wk, 1) || !make_dir(ac, 0)) {
		fprintf(stderr, "acmeprobe %s: cannot create %s: %s\n", command, ac, strerror(errno));
		webroot_cleanup_blocked();
		return EXIT_UNKNOWN;
	}
	int fd = open(webroot_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "acmeprobe %s: cannot create %s: %s\n", command, webroot_file,
			strerror(errno));
		webroot_file[0] = '\0';
		webroot_cleanup_blocked();
		return EXIT_UNKNOWN;
	}
	size_t n = strlen(ka);
	ssize_t w = write(fd, ka, n);
	if (close(fd) != 0 || w != (ssize_t)n) {
		fprintf(stderr, "acmeprobe %s: cannot write %s\n", command, webroot_file);
		webroot_cleanup_blocked();
		return EXIT_UNKNOWN;
	}
	return EXIT_YES;
}

int webroot_prepare(struct webroot *w, const char *command, const char *dir, const char **token,
		    const char **ka)
{
	if (!*token) {
		if (!random_token(w->token)) {
			fprintf(stderr, "acmeprobe %s: no randomness for a token\n", command);
			return EXIT_UNKNOWN;
		}
		*token = w->token;
	}
	if (!*ka) {
		/* token "." a random stand-in for the account key's thumbprint
		 * (RFC 8555 s8.1) */
		char thumb[44];
		if (!random_token(thumb)) {
			fprintf(stderr, "acmeprobe %s: no randomness for a token\n", command);
			return EXIT_UNKNOWN;
		}
		snprintf(w->ka, sizeof w->ka, "%.43s.%.43s", *token, thumb);
		*ka = w->ka;
	}
	return webroot_write(command, dir, *token, *ka);
}

void webroot_remove(void)
{
	webroot_cleanup_blocked();
}

const char *webroot_path(void)
{
	return webroot_file;
}
