/*
 * err: names of error codes, for logs, and the form of a message to the
 * terminal.
 */
#include "core/err.h"

#include <stdio.h>

void err_vsay(const char *fmt, va_list ap)
{
	fputs("lia: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

const char *err_name(int err)
{
	switch (err) {
	case LIA_OK: return "ok";
	case LIA_ENOTFOUND: return "not found";
	case LIA_EINVAL: return "invalid input";
	case LIA_EDB: return "database error";
	case LIA_EIO: return "i/o error";
	case LIA_ECONFLICT: return "conflict";
	case LIA_EFORBIDDEN: return "forbidden";
	case LIA_EMETHOD: return "method not allowed";
	case LIA_EINTERNAL: return "internal error";
	case LIA_ETOOMANY: return "too many attempts";
	}
	return "unknown error";
}
