/*
 * log: one line per event, prefixed with a UTC timestamp and level, on
 * stderr or, after log_open(), in a file that log_reopen() opens again (for
 * logrotate: SIGHUP after the file was moved). Thread-safe (each line is
 * written with a single call). Control characters in a line (a newline or a
 * terminal escape in a requested path) are written as \xNN, so a line in the
 * log is always one event that lia wrote.
 */
#ifndef LIA_CORE_LOG_H
#define LIA_CORE_LOG_H

#include <stddef.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Send the log (and everything else written to stderr) to path, appending;
 * the file is made (mode 0640) if needed. Returns 0 or LIA_EIO (errno says
 * why); stderr is unchanged then. The path is copied. */
int log_open(const char *path);
/* Open the file of log_open() again (it may have been moved away). Returns
 * 0 (also when there is no log file), or LIA_EIO: the old file stays in use. */
int log_reopen(void);

/* Copy src into dst (n bytes, n >= 5) with control characters (C0, DEL,
 * C1, raw or in UTF-8) as \xNN and a backslash as \\; cut at a character
 * boundary when dst is full. Returns the length written (without the NUL). */
size_t log_escape(char *dst, size_t n, const char *src);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
