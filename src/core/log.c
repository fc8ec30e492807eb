/*
 * log: timestamped lines on stderr. Each line is formatted and escaped into
 * a local buffer first and written with one write() so threads do not
 * interleave. A log file is put in place of stderr with dup2(), which is
 * atomic: a line written while the file is reopened goes to the old file or
 * the new one, never nowhere, and libmicrohttpd's and SQLite's messages on
 * stderr land in the same file.
 */
#include "core/log.h"

#include "core/err.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int log_level = LOG_INFO;

/* The log file's path (malloc'd, lives until exit), set once by log_open()
 * before the server starts its threads; log_reopen() only reads it. */
static char *log_path;
static pthread_mutex_t reopen_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(enum log_level level)
{
	atomic_store(&log_level, (int)level);
}

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
}

size_t log_escape(char *dst, size_t n, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
		unsigned char c = *p;
		/* A C1 control in UTF-8 (U+0080..U+009F) is C2 80..C2 9F: terminals
		 * may act on it like the raw byte. */
		if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			c = *++p;
		if (is_control(c) || c == '\\') {
			if (o + 5 > n - 1)
				break;
			dst[o++] = '\\';
			if (c == '\\') {
				dst[o++] = '\\';
				continue;
			}
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
			continue;
		}
		/* Keep a UTF-8 sequence whole or leave it out. */
		size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		size_t have = 1;
		while (have < len && (p[have] & 0xc0) == 0x80)
			have++;
		if (o + have > n - 1)
			break;
		memcpy(dst + o, p, have);
		o += have;
		p += have - 1;
	}
	dst[o] = '\0';
	return o;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};
	if ((int)level > atomic_load(&log_level))
		return;
	char msg[2048], line[2048];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (m < 0)
		msg[0] = '\0';
	size_t n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%SZ ", &tm);
	n += (size_t)snprintf(line + n, sizeof(line) - n, "%s ", names[level]);
	n += log_escape(line + n, sizeof(line) - n - 1, msg);
	line[n++] = '\n';
	/* One write(2) per line: stdio's buffer could split it between threads. */
	ssize_t w;
	do
		w = write(STDERR_FILENO, line, n);
	while (w < 0 && errno == EINTR);
}

/* Open path and put it in place of stderr. */
static int open_as_stderr(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return LIA_EIO;
	int rc = dup2(fd, STDERR_FILENO) < 0 ? LIA_EIO : 0;
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int log_open(const char *path)
{
	int rc = open_as_stderr(path);
	if (rc != 0)
		return rc;
	free(log_path);
	log_path = strdup(path);
	return log_path ? 0 : LIA_EIO;
}

int log_reopen(void)
{
	if (!log_path)
		return 0;
	pthread_mutex_lock(&reopen_lock);
	int rc = open_as_stderr(log_path);
	pthread_mutex_unlock(&reopen_lock);
	return rc;
}
