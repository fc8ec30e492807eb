/*
 * body: a request body as handlers see it, r->body: form fields (a name to
 * a string, or to an array when repeated) or a JSON object, plus at most one
 * uploaded file as a field of its own. The server decodes the transfer
 * (urlencoded, multipart, JSON) and feeds the pieces here; in-process
 * callers set the object whole. The limits on fields live here; the limit
 * on the whole body is the route's and is the server's to enforce.
 *
 * An uploaded file (up to LIMIT_UPLOAD_BYTES) never sits in memory while it
 * arrives: each piece is written to a temporary file in the database's
 * folder (or TMPDIR), unlinked at once so that nothing stays behind when the
 * process dies. When the body is in, the file is mapped read-only and a
 * handler reads it with req_file(): one copy, in pages the kernel can drop.
 */
#include "http/internal.h"

#include "core/err.h"
#include "core/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static json_t *form(struct http_exchange *x)
{
	if (!x->req.body)
		x->req.body = json_object();
	return x->req.body;
}

int http_body_field(struct http_exchange *x, const char *name, const char *data, size_t off, size_t size)
{
	/* Fields other than a file stay within the usual body limit. */
	x->field_bytes += size;
	if (x->field_bytes > LIMIT_BODY_BYTES) {
		http_body_refuse(x, 413);
		return LIA_EINVAL;
	}
	json_t *body = form(x);
	json_t *cur = json_object_get(body, name);
	/* libmicrohttpd may start a multipart value with an empty piece and then
	 * send its text with offset 0 again (when a read ends right after the
	 * part's headers): that second piece continues the value, it is not a
	 * repeated field (which made "25" the array ["", "25"]). */
	bool continues = off == 0 && x->empty_start && strcmp(x->empty_start, name) == 0;
	x->empty_start = off == 0 && size == 0 && !continues ? arena_strdup(x->req.arena, name) : NULL;
	if (off == 0 && !continues) {
		if (json_object_size(body) >= LIMIT_FIELDS) {
			http_body_refuse(x, 413);
			return LIA_EINVAL;
		}
		json_t *v = json_stringn_nocheck(data, size);
		if (!cur) {
			json_object_set_new(body, name, v);
		} else if (json_is_array(cur)) {
			json_array_append_new(cur, v);
		} else {
			json_t *arr = json_pack("[O, o]", cur, v);
			json_object_set_new(body, name, arr);
		}
		return 0;
	}
	/* A continuation of the last value of this name. */
	json_t *last = json_is_array(cur) ? json_array_get(cur, json_array_size(cur) - 1) : cur;
	if (json_is_string(last)) {
		struct buf b = BUF_INIT;
		buf_append(&b, json_string_value(last), json_string_length(last));
		buf_append(&b, data, size);
		json_string_setn_nocheck(last, b.data, b.len);
		buf_free(&b);
	}
	return 0;
}

/* A new unlinked temporary file in dir for an upload; -1 with errno set. */
static int upload_tmp(const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/.lia-upload-XXXXXX", dir) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* The database's folder, where the server may write (also under the
 * systemd unit's sandbox); else TMPDIR, else /tmp. */
static int upload_open(const struct http_exchange *x)
{
	const char *dir = x->pipe && x->pipe->data_dir && *x->pipe->data_dir ? x->pipe->data_dir : NULL;
	int fd = dir ? upload_tmp(dir) : -1;
	if (fd < 0) {
		const char *tmp = getenv("TMPDIR");
		fd = upload_tmp(tmp && *tmp ? tmp : "/tmp");
	}
	return fd;
}

int http_body_file(struct http_exchange *x, const char *name, const char *filename, const char *data,
                   size_t off, size_t size)
{
	form(x);
	/* One file per request (the first part); its bytes are kept as they are. */
	if (off == 0) {
		if (x->file_key) {
			x->file_done = true; /* a second part: ignored */
			return 0;
		}
		x->file_key = arena_strdup(x->req.arena, name);
		x->file_name = arena_strdup(x->req.arena, filename ? filename : "");
		if ((x->file_fd = upload_open(x)) < 0) {
			log_error("%s: cannot keep an upload: %s", x->id, strerror(errno));
			http_body_refuse(x, 500);
			return LIA_EIO;
		}
	}
	if (x->file_done || !x->file_key || strcmp(name, x->file_key) != 0 || x->file_fd < 0)
		return 0;
	for (size_t done = 0; done < size;) {
		ssize_t n = write(x->file_fd, data + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("%s: cannot keep an upload: %s", x->id, n < 0 ? strerror(errno) : "nothing written");
			http_body_refuse(x, 500);
			return LIA_EIO;
		}
		done += (size_t)n;
	}
	x->file_len += size;
	return 0;
}

int req_file(struct req *r, const char *name, const char **data, size_t *len)
{
	struct http_exchange *x = r->conn;
	*data = NULL;
	*len = 0;
	if (x && x->file_key && strcmp(x->file_key, name) == 0) {
		*data = x->file_map ? x->file_map : "";
		*len = x->file_map ? x->file_len : 0;
		return 0;
	}
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	if (!json_is_string(v))
		return LIA_ENOTFOUND;
	*data = json_string_value(v);
	*len = json_string_length(v);
	return 0;
}

void http_body_release(struct http_exchange *x)
{
	if (x->file_map)
		munmap(x->file_map, x->file_len);
	x->file_map = NULL;
	if (x->file_fd >= 0)
		close(x->file_fd);
	x->file_fd = -1;
}

int http_body_json(struct http_exchange *x, const char *data, size_t size)
{
	if (x->raw.len + size > LIMIT_BODY_BYTES) {
		http_body_refuse(x, 413);
		return LIA_EINVAL;
	}
	buf_append(&x->raw, data, size);
	return 0;
}

void http_body_set(struct http_exchange *x, json_t *body)
{
	json_decref(x->req.body);
	x->req.body = body;
}

void http_body_refuse(struct http_exchange *x, unsigned status)
{
	if (!x->refused)
		x->refused = status;
}

void http_body_finish(struct http_exchange *x)
{
	if (x->file_key && x->req.body) {
		/* The file's name as the browser gave it under KEY_name; its bytes
		 * through req_file(). A file that cannot be mapped is refused. */
		json_object_set_new(x->req.body, arena_printf(x->req.arena, "%s_name", x->file_key),
		                    json_string(x->file_name));
		if (x->file_fd >= 0 && x->file_len && !x->refused) {
			void *m = mmap(NULL, x->file_len, PROT_READ, MAP_PRIVATE, x->file_fd, 0);
			if (m == MAP_FAILED) {
				log_error("%s: cannot read an upload: %s", x->id, strerror(errno));
				http_body_refuse(x, 500);
			} else {
				x->file_map = m;
			}
		}
	}
	if (!x->raw.data || x->req.body)
		return;
	json_error_t jerr;
	json_t *v = json_loadb(x->raw.data, x->raw.len, JSON_REJECT_DUPLICATES, &jerr);
	buf_free(&x->raw);
	if (!json_is_object(v)) {
		x->req.body = json_object();
		json_object_set_new(x->req.body, "_invalid_json", json_string(v ? "not an object" : jerr.text));
		json_decref(v);
		return;
	}
	x->req.body = v;
}
