/*
 * municipality: the registry of municipalities in one deployment (0018) and
 * connections that serve one of them (store.h). SQLite keeps every
 * municipality but the first in a file of its own next to the deployment's
 * file (FILE.d/gmNNNN.sqlite); PostgreSQL keeps them in one database,
 * separated by row-level security on the setting lia.municipality.
 */
#include "store/db.h"

#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"

#include <ctype.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MUNICIPALITY_COLUMNS "id, code, slug, name, host, is_example, created_at"

/* The first path segments at the root of a deployment: the deployment's
 * own pages when it has several municipalities (1), or names no short name
 * may take for another reason (0: the API, files browsers ask for). One list
 * for valid_slug and the tenant resolver (http/tenant.c). */
static const struct {
	const char *name;
	bool page;
} root_segments[] = {
	{"hosting", 1},   {"sign-in", 1},        {"sign-out", 1},      {"session", 1},         {"static", 1},
	{".well-known", 1}, {"accessibility", 1}, {"privacy", 1},      {"forgot-password", 1}, {"password", 1},
	{"account", 1},   {"municipalities", 1}, {"national", 1},      {"healthz", 1},         {"api", 0},
	{"health", 0},    {"openapi.json", 0},   {"robots.txt", 0},    {"favicon.ico", 0},
};

static int root_segment(const char *seg, size_t n)
{
	for (size_t i = 0; i < sizeof(root_segments) / sizeof(root_segments[0]); i++)
		if (strlen(root_segments[i].name) == n && memcmp(root_segments[i].name, seg, n) == 0)
			return root_segments[i].page ? 1 : 0;
	return -1;
}

bool store_deployment_page(const char *seg, size_t n)
{
	return root_segment(seg, n) == 1;
}

static atomic_ullong generation;

unsigned long long store_registry_generation(void)
{
	return atomic_load(&generation);
}

int store_municipalities(struct store *s, json_t **out)
{
	/* A database before 0018 (lia migrate --dry-run, the tests' older
	 * lia): its one programme, as 0018 would register it. */
	if (store_schema_version(s) < 18) {
		*out = json_pack("[{sI ss ss ss sn sb ss}]", "id", (json_int_t)1, "code", "GM0000", "slug", "gemeente", "name",
		                 "Gemeente", "host", "is_example", 0, "created_at", "");
		return *out ? 0 : LIA_EINTERNAL;
	}
	*out = db_rows(s, "SELECT " MUNICIPALITY_COLUMNS " FROM municipality ORDER BY name, id", NULL);
	return *out ? 0 : LIA_EDB;
}

int store_municipality_find(struct store *s, const char *key, bool by_host, json_t **out)
{
	*out = NULL;
	json_t *row = by_host
		? db_row(s, "SELECT " MUNICIPALITY_COLUMNS " FROM municipality WHERE host = lower(?)", "t", key)
		: db_row(s, "SELECT " MUNICIPALITY_COLUMNS " FROM municipality WHERE code = upper(?) OR slug = ?"
		            " ORDER BY id LIMIT 1", "tt", key, key);
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	*out = row;
	return 0;
}

const char *store_deployment(const struct store *s)
{
	return s->deployment;
}

long long store_municipality_of(const struct store *s)
{
	return s->municipality_id;
}

static bool valid_code(const char *code)
{
	if (!code || strlen(code) != 6 || code[0] != 'G' || code[1] != 'M')
		return false;
	for (int i = 2; i < 6; i++)
		if (!isdigit((unsigned char)code[i]))
			return false;
	return true;
}

static bool valid_slug(const char *slug)
{
	if (!slug || !*slug || strlen(slug) > 60 || slug[0] == '-')
		return false;
	for (const char *p = slug; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	if (root_segment(slug, strlen(slug)) >= 0)
		return false;
	/* gm and four digits reads as a CBS code: --municipality gm0202 must
	 * name one municipality only. */
	if (strlen(slug) == 6 && slug[0] == 'g' && slug[1] == 'm' && isdigit((unsigned char)slug[2]) &&
	    isdigit((unsigned char)slug[3]) && isdigit((unsigned char)slug[4]) && isdigit((unsigned char)slug[5]))
		return false;
	return true;
}

static bool valid_host(const char *host)
{
	if (!host || !*host || strlen(host) > 253)
		return false;
	for (const char *p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return false;
	return host[0] != '.' && host[0] != '-';
}

char *store_municipality_folder(const char *path)
{
	return store_is_server(path) ? NULL : db_errdup("%s.d", path);
}

/* SQLite: the file of a municipality other than the first (malloc'd), in
 * the folder store_municipality_folder names. */
static char *municipality_file(const char *deployment, const char *code)
{
	char lower[8];
	size_t i = 0;
	for (; code[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)code[i]);
	lower[i] = '\0';
	return db_errdup("%s.d/%s.sqlite", deployment, lower);
}

char *store_municipality_location(const char *path, const char *code)
{
	return store_is_server(path) ? NULL : municipality_file(path, code);
}

/* SQLite: every municipality's file starts the same, the schema and the
 * reference data, but for its registry row. The first file this process
 * makes is migrated; its image (before its registry row is written) is kept
 * here, and each later file is written from it, which takes a few
 * milliseconds where migrating takes a tenth of a second or more (`lia demo
 * --municipalities 342` makes 341 of them one after the other). What a
 * migration writes is the same for every file it runs on (no per-file
 * secret or random value; test_tenancy.c compares a written file with a
 * migrated one), and the migrations and reference data are those built into
 * this binary, so the image stays right for as long as the process runs. */
static struct {
	pthread_mutex_t lock;
	void *data;
	size_t len;
} fresh_file = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Writes the kept image to file (which must not exist): 0, or an error
 * with *err; LIA_ENOTFOUND when there is no image yet. */
static int write_fresh_file(const char *file, char **err)
{
	pthread_mutex_lock(&fresh_file.lock);
	if (!fresh_file.data) {
		pthread_mutex_unlock(&fresh_file.lock);
		return LIA_ENOTFOUND;
	}
	int rc = 0;
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = db_errdup("cannot make %s: %s", file, strerror(errno));
		rc = errno == EEXIST ? LIA_ECONFLICT : LIA_EIO;
	}
	for (size_t done = 0; rc == 0 && done < fresh_file.len;) {
		ssize_t w = write(fd, (const char *)fresh_file.data + done, fresh_file.len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			*err = db_errdup("cannot write %s: %s", file, strerror(errno));
			rc = LIA_EIO;
			break;
		}
		done += (size_t)w;
	}
	pthread_mutex_unlock(&fresh_file.lock);
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		*err = db_errdup("cannot write %s: %s", file, strerror(errno));
		rc = LIA_EIO;
	}
	if (rc != 0 && rc != LIA_ECONFLICT)
		unlink(file);
	return rc;
}

/* Keeps the image of m (just migrated, no registry row of its own yet) for
 * write_fresh_file, unless one is kept already. */
static void keep_fresh_file(struct store *m)
{
	void *data = NULL;
	size_t len = 0;
	if (db_sqlite_image(m, &data, &len) != 0)
		return; /* every file is migrated then: slower, not wrong */
	pthread_mutex_lock(&fresh_file.lock);
	if (!fresh_file.data) {
		fresh_file.data = data;
		fresh_file.len = len;
		data = NULL;
	}
	pthread_mutex_unlock(&fresh_file.lock);
	free(data);
}

/* SQLite: make the municipality's own file, migrated (or written from the
 * image of one that was, above), whose registry holds only that
 * municipality (so a file says whose it is). */
static int create_file(const char *file, const char *deployment, long long id, const char *code, const char *slug,
                       const char *name, const char *host, bool is_example, const char *now, char **err)
{
	char *dir = store_municipality_folder(deployment);
	int made = mkdir(dir, 0700);
	if (made != 0 && errno != EEXIST) {
		*err = db_errdup("cannot make the folder %s: %s", dir, strerror(errno));
		free(dir);
		return LIA_EIO;
	}
	free(dir);
	if (access(file, F_OK) == 0) {
		*err = db_errdup("%s is there already: move it away first", file);
		return LIA_ECONFLICT;
	}
	struct store *m = NULL;
	int rc = write_fresh_file(file, err);
	if (rc == 0) {
		rc = store_open(file, STORE_OPEN_EXISTING, &m, err);
	} else if (rc == LIA_ENOTFOUND) {
		rc = store_open(file, STORE_OPEN_CREATE, &m, err);
		if (rc == 0 && chmod(file, 0600) != 0) {
			*err = db_errdup("cannot make %s readable by its owner only: %s", file, strerror(errno));
			rc = LIA_EIO;
		}
		if (rc == 0)
			rc = store_migrate(m, err);
		if (rc == 0)
			rc = store_load_reference(m, err);
		if (rc == 0)
			keep_fresh_file(m);
	}
	if (rc == LIA_ECONFLICT)
		return rc; /* someone else's file: left alone */
	if (rc == 0 &&
	    (db_exec(m, "DELETE FROM municipality", NULL) != 0 ||
	     db_exec(m, "INSERT INTO municipality (" MUNICIPALITY_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?)", "ittttit", id,
	             code, slug, name, host, (long long)is_example, now) != 0)) {
		*err = db_errdup("cannot write the registry of %s", file);
		rc = LIA_EDB;
	}
	store_close(m);
	if (rc != 0)
		unlink(file);
	return rc;
}

/* PostgreSQL: what every municipality starts with that migrations gave the
 * first one only (0016's retention periods), inside the caller's
 * transaction, as the new municipality. */
static int seed_pg(struct store *s, long long id)
{
	if (db_exec(s, "SELECT set_config('lia.municipality', CAST(? AS TEXT), true)", "i", id) != 0)
		return LIA_EDB;
	return db_exec(s,
		"INSERT INTO retention_setting (kind, days) VALUES ('sign_in_attempts', 90), ('ended_sessions', 90),"
		" ('restricted_notes', 365), ('expired_imports', 7), ('access_log', 730)", NULL);
}

int store_municipality_add(struct store *s, const struct actor *a, const char *code, const char *slug,
                           const char *name, const char *host, bool is_example, long long *id)
{
	*id = 0;
	if (!valid_code(code) || !valid_slug(slug) || !name || !*name || (host && *host && !valid_host(host)))
		return LIA_EINVAL;
	if (host && !*host)
		host = NULL;
	if (s->municipality_id != 1 || !s->deployment)
		return LIA_EINVAL;
	/* PostgreSQL: a second municipality is kept apart by row-level
	 * security only, which this role would skip (a server running as it
	 * would show one municipality's rows to the other). */
	bool bypass = false;
	if (store_bypasses_rls(s, &bypass) != 0)
		return LIA_EDB;
	if (bypass) {
		log_error("municipality %s is not added: the database role skips row-level security "
		          "(connect as an ordinary role)", code);
		return LIA_EFORBIDDEN;
	}
	if (db_begin(s) != 0)
		return LIA_EDB;
	int e = 0;
	long long taken = db_int(s, &e, 0,
		"SELECT count(*) FROM municipality WHERE code = ? OR slug = ? OR (CAST(? AS TEXT) IS NOT NULL AND host = ?)",
		"tttt", code, slug, host, host);
	int rc = e ? LIA_EDB : taken ? LIA_ECONFLICT : 0;
	if (rc == 0 &&
	    db_exec(s, "INSERT INTO municipality (code, slug, name, host, is_example, created_at) VALUES (?, ?, ?, ?, ?, ?)",
	            "ttttit", code, slug, name, host, (long long)is_example, a->now) != 0)
		rc = LIA_EDB;
	long long new_id = rc == 0 ? db_int(s, &e, 0, "SELECT id FROM municipality WHERE code = ?", "t", code) : 0;
	if (rc == 0 && (e || new_id <= 0))
		rc = LIA_EDB;
	if (rc == 0) {
		json_t *after = json_pack("{sI ss ss ss s? sb}", "id", (json_int_t)new_id, "code", code, "slug", slug, "name",
		                          name, "host", host, "is_example", is_example);
		rc = db_audit(s, a, "create", "municipality", new_id, NULL, after);
		json_decref(after);
	}
	char *file = NULL;
	if (rc == 0 && s->kind == DB_PG) {
		rc = seed_pg(s, new_id);
	} else if (rc == 0) {
		char *err = NULL;
		file = municipality_file(s->deployment, code);
		rc = create_file(file, s->deployment, new_id, code, slug, name, host, is_example, a->now, &err);
		if (rc != 0) {
			log_error("municipality %s: %s", code, err ? err : "its file could not be made");
			rc = rc == LIA_ECONFLICT ? LIA_ECONFLICT : LIA_EIO;
		}
		free(err);
	}
	if (rc == 0)
		rc = db_commit(s);
	if (rc != 0) {
		db_rollback(s);
		if (file && rc != LIA_ECONFLICT)
			unlink(file);
	}
	free(file);
	if (rc == 0) {
		*id = new_id;
		atomic_fetch_add(&generation, 1);
	}
	return rc;
}

int store_municipality_set(struct store *s, const struct actor *a, long long id, const char *code, const char *slug,
                           const char *name, const char *host)
{
	if ((code && !valid_code(code)) || (slug && !valid_slug(slug)) || (name && !*name) ||
	    (host && *host && !valid_host(host)))
		return LIA_EINVAL;
	if (s->municipality_id != 1 || (code && s->kind == DB_SQLITE && id != 1))
		return LIA_EINVAL;
	if (db_begin(s) != 0)
		return LIA_EDB;
	json_t *before = db_row(s, "SELECT " MUNICIPALITY_COLUMNS " FROM municipality WHERE id = ?", "i", id);
	int rc = !before ? LIA_EDB : json_is_null(before) ? LIA_ENOTFOUND : 0;
	int e = 0;
	const char *new_host = host ? (*host ? host : NULL) : json_string_value(json_object_get(before, "host"));
	if (rc == 0 &&
	    db_int(s, &e, 0, "SELECT count(*) FROM municipality WHERE id <> ? AND (code = ? OR slug = ?"
	                     " OR (CAST(? AS TEXT) IS NOT NULL AND host = ?))", "itttt", id,
	           code ? code : "", slug ? slug : "", new_host, new_host) > 0)
		rc = LIA_ECONFLICT;
	if (rc == 0 && e)
		rc = LIA_EDB;
	if (rc == 0 &&
	    db_exec(s, "UPDATE municipality SET code = coalesce(?, code), slug = coalesce(?, slug), name = coalesce(?, name),"
	               " host = ? WHERE id = ?", "tttti", code, slug, name, new_host, id) != 0)
		rc = LIA_EDB;
	if (rc == 0) {
		json_t *after = db_row(s, "SELECT " MUNICIPALITY_COLUMNS " FROM municipality WHERE id = ?", "i", id);
		rc = after ? db_audit(s, a, "update", "municipality", id, before, after) : LIA_EDB;
		json_decref(after);
	}
	json_decref(before);
	if (rc == 0)
		rc = db_commit(s);
	if (rc != 0)
		db_rollback(s);
	else
		atomic_fetch_add(&generation, 1);
	return rc;
}

int store_open_municipality(const char *path, long long municipality_id, int flags, struct store **out, char **err)
{
	*out = NULL;
	struct store *s = NULL;
	int rc = store_open(path, municipality_id == 1 ? flags : (flags & ~STORE_OPEN_CREATE), &s, err);
	if (rc != 0 || municipality_id == 1) {
		*out = s;
		return rc;
	}
	json_t *row = db_row(s, "SELECT code FROM municipality WHERE id = ?", "i", municipality_id);
	if (!row || json_is_null(row)) {
		if (err)
			*err = row ? db_errdup("no municipality %lld in this deployment", municipality_id)
			           : mem_strdup("cannot read the registry of municipalities");
		json_decref(row);
		store_close(s);
		return row ? LIA_ENOTFOUND : LIA_EDB;
	}
	if (s->kind == DB_PG) {
		json_decref(row);
		rc = db_pg_scope(s, municipality_id);
		if (rc != 0) {
			if (err)
				*err = mem_strdup("cannot set the municipality of the connection");
			store_close(s);
			return rc;
		}
		*out = s;
		return 0;
	}
	char *code = mem_strdup(json_string_value(json_object_get(row, "code")));
	char *file = municipality_file(path, code);
	json_decref(row);
	store_close(s);
	rc = store_open(file, flags & ~STORE_OPEN_CREATE, &s, err);
	if (rc == 0) {
		/* The file says whose it is: its registry holds that municipality
		 * alone (create_file). A file copied or renamed into place is
		 * another's data. */
		int e = 0;
		long long ok = db_int(s, &e, 0,
			"SELECT count(*) FROM municipality WHERE id = ? AND code = ?"
			" AND NOT EXISTS (SELECT 1 FROM municipality WHERE id <> ? OR code <> ?)",
			"itit", municipality_id, code, municipality_id, code);
		if (e || ok != 1) {
			if (err)
				*err = db_errdup("%s is not the file of municipality %lld (%s)", file, municipality_id, code);
			store_close(s);
			s = NULL;
			rc = e ? LIA_EDB : LIA_ECONFLICT;
		}
	}
	free(file);
	free(code);
	if (rc != 0)
		return rc;
	s->municipality_id = municipality_id;
	free(s->deployment);
	s->deployment = mem_strdup(path);
	*out = s;
	return 0;
}

int store_scope(struct store *s, long long municipality_id)
{
	if (s->kind != DB_PG)
		return s->municipality_id == municipality_id ? 0 : LIA_EINVAL;
	bool bypass = false;
	if (store_bypasses_rls(s, &bypass) != 0)
		return LIA_EDB;
	int e = 0;
	long long n = db_int(s, &e, 0, "SELECT count(*) FROM municipality WHERE id = ?", "i", municipality_id);
	long long all = bypass ? db_int(s, &e, 0, "SELECT count(*) FROM municipality", NULL) : 1;
	if (e)
		return LIA_EDB;
	if (!n)
		return LIA_ENOTFOUND;
	if (all > 1) {
		log_error("municipality %lld is not served: the database role skips row-level security "
		          "(connect as an ordinary role)", municipality_id);
		return LIA_EFORBIDDEN;
	}
	return db_pg_scope(s, municipality_id);
}

int store_user_set_host_admin(struct store *s, const struct actor *a, const char *email, bool on)
{
	if (s->municipality_id != 1)
		return LIA_EINVAL;
	if (db_begin(s) != 0)
		return LIA_EDB;
	int e = 0;
	long long id = db_int(s, &e, 0, "SELECT id FROM user_account WHERE email = lower(?)", "t", email);
	int rc = e ? LIA_EDB : id ? 0 : LIA_ENOTFOUND;
	if (rc == 0 && db_exec(s, "UPDATE user_account SET is_host_admin = ? WHERE id = ?", "ii", (long long)on, id) != 0)
		rc = LIA_EDB;
	if (rc == 0) {
		json_t *after = json_pack("{sI sb}", "id", (json_int_t)id, "is_host_admin", on);
		rc = db_audit(s, a, "update", "user_account", id, NULL, after);
		json_decref(after);
	}
	if (rc == 0)
		rc = db_commit(s);
	if (rc != 0)
		db_rollback(s);
	return rc;
}

int store_bypasses_rls(struct store *s, bool *bypass)
{
	*bypass = false;
	if (s->kind != DB_PG)
		return 0;
	int e = 0;
	long long v = db_int(s, &e, 0, "SELECT CASE WHEN rolsuper OR rolbypassrls THEN 1 ELSE 0 END FROM pg_roles"
	                                " WHERE rolname = current_user", NULL);
	if (e)
		return LIA_EDB;
	*bypass = v != 0;
	return 0;
}
