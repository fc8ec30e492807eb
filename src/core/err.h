/*
 * err: lia's error codes. Functions return 0 on success or one of these
 * negative codes; the HTTP layer maps them to status codes in one place
 * (http/problem.c), the CLI to exit codes.
 */
#ifndef LIA_CORE_ERR_H
#define LIA_CORE_ERR_H

#include <stdarg.h>

enum lia_err {
	LIA_OK = 0,
	LIA_ENOTFOUND = -1,  /* no such resource */
	LIA_EINVAL = -2,     /* the caller's input is wrong (message says how) */
	LIA_EDB = -3,        /* the database failed */
	LIA_EIO = -4,        /* a file or socket failed */
	LIA_ECONFLICT = -5,  /* the state does not allow this (e.g. published) */
	LIA_EFORBIDDEN = -6, /* not allowed for this user */
	LIA_EMETHOD = -7,    /* method not allowed on this resource */
	LIA_EINTERNAL = -8,  /* a bug: logged with the request id */
	LIA_ETOOMANY = -9,   /* too many attempts: wait (sign-in throttling) */
};

/* A short English name for logs ("not found", "database error", ...). */
const char *err_name(int err);

/* Print "lia: " + the message + a newline on stderr: the one form of a
 * message to the person at the terminal (the CLI's failures, mem_die). */
void err_vsay(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
