/*
 * Unit tests: many municipalities in one deployment (0018,
 * store/municipality.c). On both engines: the registry, and that a
 * connection of one municipality sees none of another's rows. On
 * PostgreSQL also the row-level security itself, as the ordinary role lia
 * (tests/lib/pg.sh) that it applies to: a query without any filter, with the
 * setting of another municipality or with none, and a check driven by the
 * schema that every table but the global ones is scoped.
 */
#include "cli/cli.h"
#include "core/err.h"
#include "http/internal.h"
#include "mail/mail.h"
#include "store/db.h"
#include "store/national.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct actor cli = {.user_id = 0, .request_id = "test", .now = "2026-01-01T00:00:00Z"};
static const struct viewer drafts = {.lang = "nl", .drafts = true};

/* The one list of tables every municipality shares (lia_global_tables()). */
static const char *const global_tables[] = {"municipality", "lia_migration", "lia_data_version", "crpd_article",
                                            "lia_survey", NULL};

static long long count(struct store *s, const char *sql)
{
	int e = 0;
	long long n = db_int(s, &e, -1, sql, NULL);
	cr_assert_eq(e, 0, "%s", sql);
	return n;
}

static long long add_arnhem(struct store *s)
{
	long long id = 0;
	cr_assert_eq(store_municipality_add(s, &cli, "GM0202", "arnhem", "Arnhem", NULL, false, &id), 0);
	cr_assert_gt(id, 1);
	return id;
}

static struct store *open_as(const char *path, long long id)
{
	struct store *m = NULL;
	char *err = NULL;
	cr_assert_eq(store_open_municipality(path, id, STORE_OPEN_EXISTING, &m, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_municipality_of(m), id);
	return m;
}

/* The deployment under test: on SQLite the fixture's demo file; on
 * PostgreSQL the demo in a database opened as the role lia, since a
 * superuser (the fixture's) skips row-level security. */
static struct store *db;
static const char *db_path;
static void rls_init(void);
static void rls_fini(void);
static char rls_uri[256];
static struct store *rls;

static void tenancy_init(void)
{
	if (fixture_on_pg()) {
		rls_init();
		db = rls;
		db_path = rls_uri;
	} else {
		fixture_demo();
		db = fixture_db;
		db_path = fixture_database();
	}
}

static void tenancy_fini(void)
{
	if (fixture_on_pg())
		rls_fini();
	else
		fixture_close();
}

TestSuite(tenancy, .init = tenancy_init, .fini = tenancy_fini);

Test(tenancy, the_demo_is_municipality_1)
{
	json_t *all = NULL;
	cr_assert_eq(store_municipalities(db, &all), 0);
	cr_assert_eq(json_array_size(all), 1);
	json_t *m = json_array_get(all, 0);
	cr_expect_eq(json_integer_value(json_object_get(m, "id")), 1);
	cr_expect_str_eq(json_string_value(json_object_get(m, "code")), "GM0268");
	cr_expect_str_eq(json_string_value(json_object_get(m, "slug")), "nijmegen");
	cr_expect_str_eq(json_string_value(json_object_get(m, "name")), "Nijmegen");
	cr_expect(json_is_true(json_object_get(m, "is_example")));
	json_decref(all);
	cr_expect_eq(store_municipality_of(db), 1);
}

Test(tenancy, add_checks_and_orders)
{
	long long id = 0;
	cr_expect_eq(store_municipality_add(db, &cli, "GM02", "arnhem", "Arnhem", NULL, false, &id), LIA_EINVAL);
	cr_expect_eq(store_municipality_add(db, &cli, "GM020x", "arnhem", "Arnhem", NULL, false, &id), LIA_EINVAL);
	cr_expect_eq(store_municipality_add(db, &cli, "GM0202", "Arnhem", "Arnhem", NULL, false, &id), LIA_EINVAL);
	cr_expect_eq(store_municipality_add(db, &cli, "GM0202", "static", "Arnhem", NULL, false, &id), LIA_EINVAL);
	cr_expect_eq(store_municipality_add(db, &cli, "GM0202", "arnhem", "", NULL, false, &id), LIA_EINVAL);
	cr_expect_eq(store_municipality_add(db, &cli, "GM0202", "arnhem", "Arnhem", "Arnhem.NL", false, &id),
	             LIA_EINVAL);
	cr_expect_eq(count(db, "SELECT count(*) FROM municipality"), 1, "nothing registered after refusals");
	cr_assert_eq(store_municipality_add(db, &cli, "GM0202", "arnhem", "Arnhem", "arnhem.example.nl", false, &id),
	             0);
	cr_expect_eq(store_municipality_add(db, &cli, "GM0202", "arnhem2", "Arnhem 2", NULL, false, &id),
	             LIA_ECONFLICT, "the code is taken");
	cr_expect_eq(store_municipality_add(db, &cli, "GM0203", "nijmegen", "X", NULL, false, &id), LIA_ECONFLICT,
	             "the slug is taken");
	cr_expect_eq(store_municipality_add(db, &cli, "GM0203", "x", "X", "arnhem.example.nl", false, &id),
	             LIA_ECONFLICT, "the host is taken");
	json_t *all = NULL;
	cr_assert_eq(store_municipalities(db, &all), 0);
	cr_assert_eq(json_array_size(all), 2);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(all, 0), "name")), "Arnhem");
	json_decref(all);
	json_t *m = NULL;
	cr_assert_eq(store_municipality_find(db, "gm0202", false, &m), 0);
	cr_expect_str_eq(json_string_value(json_object_get(m, "slug")), "arnhem");
	json_decref(m);
	cr_assert_eq(store_municipality_find(db, "arnhem.example.nl", true, &m), 0);
	json_decref(m);
	cr_expect_eq(store_municipality_find(db, "utrecht", false, &m), LIA_ENOTFOUND);
	cr_expect_eq(count(db, "SELECT count(*) FROM audit_entry WHERE entity = 'municipality'"), 1,
	             "the registration is audited");
	if (!fixture_on_pg()) {
		char *file = store_municipality_location(db_path, "GM0202");
		struct stat st;
		cr_assert_eq(stat(file, &st), 0, "%s is made", file);
		cr_expect_eq(st.st_mode & 0777, 0600, "readable by its owner only");
		free(file);
	}
}

/* Every first path segment of the deployment's own pages is refused as a
 * short name (it would take the page over), and so is one that reads as a
 * CBS code (--municipality gm0202 would name two municipalities). */
Test(tenancy, short_names_that_are_deployment_paths_or_codes_are_refused)
{
	static const char *const refused[] = {"account", "password", "forgot-password", "session", "privacy",
	                                      "accessibility", "municipalities", "healthz", "sign-in", "sign-out",
	                                      "hosting", "static", "api", "national", "gm0202", "gm0193", NULL};
	long long id = 0;
	for (int i = 0; refused[i]; i++)
		cr_expect_eq(store_municipality_add(db, &cli, "GM0202", refused[i], "Arnhem", NULL, false, &id),
		             LIA_EINVAL, "%s", refused[i]);
	cr_expect_eq(count(db, "SELECT count(*) FROM municipality"), 1);
	cr_expect_eq(store_municipality_add(db, &cli, "GM0202", "gm02", "Arnhem", NULL, false, &id), 0,
	             "gm and fewer digits is no code");
	cr_expect(store_deployment_page("password", 8));
	cr_expect(store_deployment_page("national", 8));
	cr_expect(!store_deployment_page("actions", 7));
	cr_expect(!store_deployment_page("api", 3), "the API is a municipality's, under its short name");
}

/* SQLite: a municipality's file must be its own: one copied over another's
 * is refused, not served as the other. */
Test(tenancy, another_municipality_file_is_refused)
{
	if (fixture_on_pg())
		return;
	long long arnhem = add_arnhem(db), zwolle = 0;
	cr_assert_eq(store_municipality_add(db, &cli, "GM0193", "zwolle", "Zwolle", NULL, false, &zwolle), 0);
	char *a = store_municipality_location(db_path, "GM0202"), *z = store_municipality_location(db_path, "GM0193");
	char cmd[4096];
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", a, z);
	cr_assert_eq(system(cmd), 0);
	struct store *m = NULL;
	char *err = NULL;
	cr_expect_neq(store_open_municipality(db_path, zwolle, STORE_OPEN_EXISTING, &m, &err), 0,
	              "Arnhem's file under Zwolle's name");
	cr_expect_null(m);
	cr_expect(err && strstr(err, "not the file of municipality"), "%s", err ? err : "(no message)");
	free(err);
	store_close(open_as(db_path, arnhem));
	free(a);
	free(z);
}

/* Every row of every table of the SQLite file at path, as JSON, but the
 * registry (the municipality's own row) and when each migration ran. */
static json_t *file_contents(const char *path)
{
	struct store *f = NULL;
	char *err = NULL;
	cr_assert_eq(store_open(path, STORE_OPEN_EXISTING, &f, &err), 0, "%s", err ? err : "");
	json_t *tables = db_rows(f, "SELECT name, sql FROM sqlite_schema ORDER BY type, name", NULL);
	cr_assert(tables);
	json_t *all = json_object();
	json_object_set(all, "schema", tables);
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		const char *sql = json_string_value(json_object_get(t, "sql"));
		if (!sql || strncmp(sql, "CREATE TABLE", 12) != 0 || strcmp(name, "municipality") == 0)
			continue;
		char q[256];
		if (strcmp(name, "lia_migration") == 0)
			snprintf(q, sizeof(q), "SELECT version, name FROM lia_migration ORDER BY version");
		else
			snprintf(q, sizeof(q), "SELECT * FROM \"%s\"", name);
		/* A connection of its own: statements are cached by their text's
		 * address, and q's is the same for every table. */
		struct store *one = NULL;
		cr_assert_eq(store_open(path, STORE_OPEN_EXISTING, &one, &err), 0, "%s", err ? err : "");
		json_t *rows = db_rows(one, q, NULL);
		store_close(one);
		cr_assert(rows, "%s", q);
		json_object_set_new(all, name, rows);
	}
	json_decref(tables);
	store_close(f);
	return all;
}

/* SQLite: the first municipality a process adds gets a migrated file, the
 * next ones a copy of its image (municipality.c): each holds the same
 * schema and rows as the migrated one, and its own registry row. */
Test(tenancy, a_file_written_from_the_image_is_a_migrated_one)
{
	if (fixture_on_pg())
		return;
	long long arnhem = add_arnhem(db), zwolle = 0;
	cr_assert_eq(store_municipality_add(db, &cli, "GM0193", "zwolle", "Zwolle", NULL, true, &zwolle), 0);
	char *a = store_municipality_location(db_path, "GM0202"), *z = store_municipality_location(db_path, "GM0193");
	struct stat st;
	cr_assert_eq(stat(z, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "readable by its owner only: %o", st.st_mode & 0777);
	json_t *ca = file_contents(a), *cz = file_contents(z);
	cr_expect(json_equal(ca, cz), "Zwolle's file differs from Arnhem's migrated one");
	cr_expect_eq(json_array_size(json_object_get(cz, "lia_migration")), (size_t)store_schema_latest(),
	             "every migration is there");
	json_decref(ca);
	json_decref(cz);
	struct store *m = open_as(db_path, zwolle);
	json_t *reg = db_rows(m, "SELECT id, code, slug, name, is_example FROM municipality", NULL);
	cr_assert(reg);
	cr_expect_eq(json_array_size(reg), 1);
	json_t *r = json_array_get(reg, 0);
	cr_expect_eq(json_integer_value(json_object_get(r, "id")), zwolle);
	cr_expect_str_eq(json_string_value(json_object_get(r, "code")), "GM0193");
	cr_expect_str_eq(json_string_value(json_object_get(r, "name")), "Zwolle");
	cr_expect(json_is_true(json_object_get(r, "is_example")));
	json_decref(reg);
	store_close(m);
	store_close(open_as(db_path, arnhem));
	free(a);
	free(z);
}

/* lia remind --municipality: its links follow the deployment's registry,
 * also after `lia municipality set` changed the short name (on SQLite the
 * municipality's own file keeps the row it was added with). */
Test(tenancy, mail_links_follow_a_changed_short_name)
{
	long long id = add_arnhem(db);
	cr_assert_eq(store_municipality_set(db, &cli, id, NULL, "arnhem-gld", NULL, NULL), 0);
	struct store *m = open_as(db_path, id);
	cli_mail_scope(m);
	cr_expect(strstr(mail_base_url(), "/arnhem-gld") != NULL, "%s", mail_base_url());
	mail_scope(NULL);
	store_close(m);
	cr_assert_eq(store_municipality_set(db, &cli, id, NULL, NULL, NULL, "arnhem.example.nl"), 0);
	m = open_as(db_path, id);
	cli_mail_scope(m);
	cr_expect_str_eq(mail_base_url(), "https://arnhem.example.nl");
	mail_scope(NULL);
	store_close(m);
}

static unsigned open_fds(void)
{
	unsigned n = 0;
	char path[64];
	for (int fd = 0; fd < 65536; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (access(path, F_OK) == 0)
			n++;
	}
	return n;
}

/* SQLite: n municipalities after the first, their ids in ids: the first
 * made by lia, the others quickly (its file copied, with the registry rows
 * store_municipality_add would write). */
static void add_many(int n, long long *ids)
{
	cr_assert_eq(store_municipality_add(db, &cli, "GM1000", "m0", "Gemeente 0", NULL, false, &ids[0]), 0);
	char *first = store_municipality_location(db_path, "GM1000");
	for (int i = 1; i < n; i++) {
		char code[16], slug[16], name[32], cmd[4096];
		snprintf(code, sizeof(code), "GM%04d", 1000 + i);
		snprintf(slug, sizeof(slug), "m%d", i);
		snprintf(name, sizeof(name), "Gemeente %d", i);
		cr_assert_eq(db_exec(db, "INSERT INTO municipality (code, slug, name, is_example, created_at)"
		                         " VALUES (?, ?, ?, 0, '2026-01-01T00:00:00Z')", "ttt", code, slug, name), 0);
		int e = 0;
		ids[i] = db_int(db, &e, 0, "SELECT id FROM municipality WHERE code = ?", "t", code);
		char *file = store_municipality_location(db_path, code);
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", first, file);
		cr_assert_eq(system(cmd), 0);
		struct store *m = NULL;
		char *err = NULL;
		cr_assert_eq(store_open(file, STORE_OPEN_EXISTING, &m, &err), 0, "%s", err ? err : "");
		cr_assert_eq(db_exec(m, "UPDATE municipality SET id = ?, code = ?, slug = ?, name = ?", "ittt", ids[i], code,
		                     slug, name), 0);
		store_close(m);
		free(file);
	}
	free(first);
}

/* n municipalities added (their ids in ids) and a pool of 2 connections
 * over them. */
static struct store_pool *pool_of_many(int n, long long *ids)
{
	add_many(n, ids);
	struct store_pool *p = NULL;
	char *err = NULL;
	cr_assert_eq(store_pool_open(db_path, 2, &p, &err), 0, "%s", err ? err : "");
	return p;
}

/* SQLite: more municipalities than the pool once had slots for (256), each
 * served, with a bounded number of files open. */
Test(tenancy, three_hundred_municipalities_are_served_with_bounded_files, .timeout = 600)
{
	if (fixture_on_pg())
		return;
	enum { N = 300 };
	static long long ids[N];
	struct store_pool *p = pool_of_many(N, ids);
	unsigned before = open_fds();
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < N; i++) {
			struct store *s = store_pool_acquire_for(p, ids[i]);
			cr_assert_not_null(s, "municipality %d (id %lld) is served", i, ids[i]);
			cr_assert_eq(store_municipality_of(s), ids[i]);
			unsigned long long v = 0;
			cr_assert_eq(store_data_version_for(p, ids[i], &v), 0, "municipality %d's data version", i);
			store_pool_release(p, s);
		}
	unsigned kept = store_pool_open_files(p), after = open_fds();
	cr_expect_leq(kept, 96, "idle connections and watchers kept: %u", kept);
	cr_expect_leq(after - before, 96 * 3, "descriptors: %u before, %u after", before, after);
	store_pool_close(p);
}

/* Write to municipality id's file as another process would (sqlite3 by
 * hand): a connection of its own, closed after, so the file's -wal is made
 * and removed again when the pool has no watcher on it. */
static void write_as_another(long long id, const char *sql)
{
	struct store *m = open_as(db_path, id);
	cr_assert_eq(db_exec(m, sql, NULL), 0, "%s", sql);
	store_close(m);
}

static unsigned long long national(struct store_pool *p)
{
	unsigned long long v = 0;
	cr_assert_eq(store_national_version(p, &v), 0);
	return v;
}

/* SQLite: the national version of 300 municipalities reads again only the
 * counters of files written since (issue 10: reading all of them reopened
 * some 200 files on every request, past the pool's bound), and still moves
 * with a change written by another process right after a request, also in
 * a file whose -wal was removed and is made again. */
Test(tenancy, the_national_version_reads_only_the_files_written_since, .timeout = 600)
{
	if (fixture_on_pg())
		return;
	enum { N = 300 };
	static long long ids[N];
	struct store_pool *p = pool_of_many(N, ids);
	/* The watch begins with the pool; a file read within the settle time
	 * (1.5 s) of it, or of a write to it, is read once more after (a few
	 * per request). A server's first request comes later; so here. */
	usleep(1600 * 1000);
	unsigned long long v = national(p);
	unsigned long long opened = store_pool_files_opened(p);
	for (int i = 0; i < 5; i++)
		cr_assert_eq(national(p), v);
	cr_expect_eq(store_pool_files_opened(p), opened, "no file opened for an unchanged deployment: %llu, then %llu",
	             opened, store_pool_files_opened(p));
	/* One of the first ones: its watcher was closed long ago (the pool
	 * keeps 96), its -wal removed. */
	long long id = ids[3];
	write_as_another(id, "UPDATE municipality SET name = 'Nieuwe naam'");
	unsigned long long v2 = national(p);
	cr_expect_eq(v2, v + 1, "a change right after a request: %llu, then %llu", v, v2);
	cr_expect_leq(store_pool_files_opened(p), opened + 1);
	/* Its -wal removed and made again, with the pool's watcher on it now
	 * or closed, and what the page does not read leaves it alone. */
	write_as_another(id, "UPDATE municipality SET name = 'Nog een naam'");
	cr_expect_eq(national(p), v + 2);
	write_as_another(id, "INSERT INTO person (name) VALUES ('Iemand')");
	cr_expect_eq(national(p), v + 2, "a person is not on the national page");
	write_as_another(ids[N - 1], "UPDATE municipality SET name = 'Laatste'");
	cr_expect_eq(national(p), v + 3);
	/* The page after a change reads again the one summary that changed,
	 * not those whose watchers the pool closed (their data versions began
	 * again). */
	json_t *registry = db_rows(db, "SELECT id FROM municipality ORDER BY id", NULL), *items = NULL;
	cr_assert_not_null(registry);
	cr_assert_eq(store_published_summaries(db, p, registry, &items), 0);
	json_decref(items);
	write_as_another(id, "UPDATE municipality SET name = 'Weer een naam'");
	cr_expect_eq(national(p), v + 4);
	opened = store_pool_files_opened(p);
	cr_assert_eq(store_published_summaries(db, p, registry, &items), 0);
	cr_expect_eq(json_array_size(items), N + 1);
	json_decref(items);
	cr_expect_leq(store_pool_files_opened(p), opened + 1, "files opened for the summaries: %llu, then %llu", opened,
	              store_pool_files_opened(p));
	json_decref(registry);
	/* The folder moved away and back (as by hand): every counter is read
	 * again (when the move is seen, and when the folder is watched again),
	 * and then the watch goes on, not every time after. */
	char *folder = store_municipality_folder(db_path), cmd[8192];
	snprintf(cmd, sizeof(cmd), "mv '%s' '%s.away' && mv '%s.away' '%s'", folder, folder, folder, folder);
	cr_assert_eq(system(cmd), 0);
	free(folder);
	cr_expect_eq(national(p), v + 4);
	cr_expect_eq(national(p), v + 4);
	opened = store_pool_files_opened(p);
	for (int i = 0; i < 3; i++)
		cr_expect_eq(national(p), v + 4);
	cr_expect_eq(store_pool_files_opened(p), opened, "after the folder came back: %llu, then %llu", opened,
	             store_pool_files_opened(p));
	write_as_another(ids[N - 2], "UPDATE municipality SET name = 'Teruggezet'");
	cr_expect_eq(national(p), v + 5, "watched again");
	store_pool_close(p);
}

/* SQLite: the folder of the other municipalities' files is made with the
 * second one, here after the pool began (as by `lia municipality add` in
 * another process): its changes show from then on. */
Test(tenancy, the_national_version_sees_a_folder_made_after_the_start)
{
	if (fixture_on_pg())
		return;
	char *folder = store_municipality_folder(db_path);
	cr_assert_neq(access(folder, F_OK), 0, "%s is not there yet", folder);
	struct store_pool *p = NULL;
	char *err = NULL;
	cr_assert_eq(store_pool_open(db_path, 2, &p, &err), 0, "%s", err ? err : "");
	unsigned long long v0 = national(p);
	long long id = add_arnhem(db);
	cr_assert_eq(access(folder, F_OK), 0);
	unsigned long long v1 = national(p);
	cr_expect_gt(v1, v0, "the registry moved");
	write_as_another(id, "UPDATE municipality SET name = 'Arnhem (Gelderland)'");
	unsigned long long v2 = national(p);
	cr_expect_eq(v2, v1 + 1);
	write_as_another(id, "UPDATE municipality SET name = 'Arnhem'");
	cr_expect_eq(national(p), v2 + 1);
	store_pool_close(p);
	free(folder);
}

/* The other municipality starts empty and keeps its own accounts, also with
 * an address the first one has. */
Test(tenancy, a_new_municipality_sees_nothing_of_the_first)
{
	long long id = add_arnhem(db);
	struct store *m = open_as(db_path, id);
	json_t *actions = NULL;
	cr_assert_eq(store_actions(m, &drafts, &actions), 0);
	cr_expect_eq(json_array_size(actions), 0);
	json_decref(actions);
	cr_expect_gt(count(db, "SELECT count(*) FROM action_point"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM action_point"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM person"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM audit_entry"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM retention_setting"), 5, "it has its own retention periods");
	cr_expect_eq(count(m, "SELECT count(*) FROM crpd_article"), 50, "reference data is there");
	long long uid = 0;
	cr_assert_eq(store_user_create(db, &cli, "same@example.org", "Een", "reader", 0, NULL, &uid), 0);
	cr_assert_eq(store_user_create(m, &cli, "same@example.org", "Twee", "coordinator", 0, NULL, &uid), 0,
	             "an address is unique per municipality");
	json_t *u = NULL;
	cr_assert_eq(store_user_by_email(db, "same@example.org", &u), 0);
	cr_expect_str_eq(json_string_value(json_object_get(u, "role")), "reader");
	json_decref(u);
	cr_assert_eq(store_user_by_email(m, "same@example.org", &u), 0);
	cr_expect_str_eq(json_string_value(json_object_get(u, "role")), "coordinator");
	json_decref(u);
	cr_expect_eq(count(m, "SELECT count(*) FROM user_account"), 1);
	store_close(m);
}

Test(tenancy, host_admin_only_from_municipality_1)
{
	long long uid = 0;
	cr_assert_eq(store_user_create(db, &cli, "host@example.org", "Host", "reader", 0, NULL, &uid), 0);
	cr_assert_eq(store_user_set_host_admin(db, &cli, "HOST@example.org", true), 0);
	cr_expect_eq(count(db, "SELECT count(*) FROM user_account WHERE is_host_admin = 1"), 1);
	cr_expect_eq(store_user_set_host_admin(db, &cli, "nobody@example.org", true), LIA_ENOTFOUND);
	long long id = add_arnhem(db);
	struct store *m = open_as(db_path, id);
	cr_expect_eq(store_user_set_host_admin(m, &cli, "host@example.org", true), LIA_EINVAL);
	store_close(m);
}

/* --- PostgreSQL: the row-level security itself ------------------------------ */

static char rls_db[64];

static void admin_exec(const char *statement)
{
	struct store *s = NULL;
	char *err = NULL;
	cr_assert_eq(store_open(getenv("LIA_TEST_PG"), STORE_OPEN_EXISTING, &s, &err), 0, "%s", err ? err : "");
	cr_assert_eq(db_script(s, statement, &err), 0, "%s: %s", statement, err ? err : "");
	store_close(s);
}

/* The demo in a database of its own, owned by and opened as the role lia. */
static void rls_init(void)
{
	if (!fixture_on_pg())
		return;
	const char *user = getenv("LIA_TEST_PG_USER");
	cr_assert_not_null(user, "tests/lib/pg.sh gives LIA_TEST_PG_USER");
	snprintf(rls_db, sizeof(rls_db), "lia_rls_%ld_%u", (long)getpid(), (unsigned)rand());
	char statement[128];
	snprintf(statement, sizeof(statement), "CREATE DATABASE %s OWNER lia", rls_db);
	admin_exec(statement);
	const char *slash = strrchr(user, '/');
	snprintf(rls_uri, sizeof(rls_uri), "%.*s/%s", (int)(slash - user), user, rls_db);
	char *err = NULL;
	cr_assert_eq(store_open(rls_uri, STORE_OPEN_CREATE, &rls, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_migrate(rls, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_load_reference(rls, &err), 0, "%s", err ? err : "");
	cr_assert_eq(store_load_demo(rls, &err), 0, "%s", err ? err : "");
}

static void rls_fini(void)
{
	store_close(rls);
	rls = NULL;
	if (rls_db[0]) {
		char statement[128];
		snprintf(statement, sizeof(statement), "DROP DATABASE %s WITH (FORCE)", rls_db);
		admin_exec(statement);
		rls_db[0] = '\0';
	}
}

TestSuite(rls, .init = rls_init, .fini = rls_fini);

Test(rls, another_municipality_sees_no_rows_without_any_filter)
{
	if (!fixture_on_pg())
		cr_skip_test("PostgreSQL only (SQLite keeps a file per municipality)");
	bool bypass = true;
	cr_assert_eq(store_bypasses_rls(rls, &bypass), 0);
	cr_expect(!bypass, "the role lia is subject to row-level security");
	long long id = add_arnhem(rls);
	struct store *m = open_as(rls_uri, id);
	cr_expect_gt(count(rls, "SELECT count(*) FROM action_point"), 0);
	long long uid = 0;
	cr_assert_eq(store_user_create(rls, &cli, "coordinator@example.org", "C", "coordinator", 0, NULL, &uid), 0);
	/* Queries that forget to filter: nothing of municipality 1. */
	cr_expect_eq(count(m, "SELECT count(*) FROM action_point"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM user_account"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM person"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM reporting_period"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM published_report"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM audit_entry"), 0);
	cr_expect_eq(count(m, "SELECT count(*) FROM search_index"), 0);
	/* Nor can it change them. */
	cr_assert_eq(db_exec(m, "UPDATE action_point SET title = 'x'", NULL), 0);
	cr_assert_eq(db_exec(m, "DELETE FROM fund_warning_note", NULL), 0);
	cr_expect_eq(count(rls, "SELECT count(*) FROM action_point WHERE title = 'x'"), 0);
	/* Nor write a row into municipality 1. */
	cr_expect_neq(db_exec(m, "INSERT INTO organisation (kind, name, municipality_id) VALUES ('partner', 'x', 1)", NULL),
	              0, "the policy's check refuses another municipality's id");
	long long before = count(rls, "SELECT count(*) FROM organisation");
	cr_assert_eq(db_exec(m, "INSERT INTO organisation (kind, name) VALUES ('partner', 'van Arnhem')", NULL), 0);
	cr_expect_eq(count(rls, "SELECT count(*) FROM organisation"), before, "municipality 1 does not see it");
	cr_expect_eq(count(m, "SELECT count(*) FROM organisation"), 1);
	store_close(m);
}

/* The policy is a condition the index on municipality_id answers (0022): a
 * query of one municipality reads that municipality's rows, not every
 * municipality's with the others thrown away, which made a report's query
 * ten times slower at 342 municipalities than at 34. With sequential scans
 * made as dear as they go, 0018's policy (an OR with lia.scope) still had
 * to scan the whole table. */
static bool plan_uses_index(struct store *s, const char *sql)
{
	json_t *rows = db_rows(s, sql, NULL);
	char *text = rows ? json_dumps(rows, 0) : NULL;
	bool found = text && !strstr(text, "Seq Scan") &&
	             (strstr(text, "Index Cond: ((municipality_id >=") || strstr(text, "Recheck Cond: ((municipality_id >="));
	if (!found)
		cr_log_warn("%s: %s", sql, text ? text : "(no plan)");
	free(text);
	json_decref(rows);
	return found;
}

Test(rls, the_separation_uses_its_index)
{
	if (!fixture_on_pg())
		cr_skip_test("PostgreSQL only");
	long long id = add_arnhem(rls);
	struct store *m = open_as(rls_uri, id);
	char *err = NULL;
	cr_assert_eq(db_script(m, "SET enable_seqscan = off", &err), 0, "%s", err ? err : "");
	cr_expect(plan_uses_index(m, "EXPLAIN (COSTS OFF) SELECT id FROM reporting_period WHERE state = 'published'"));
	cr_expect(plan_uses_index(m, "EXPLAIN (COSTS OFF) SELECT count(*) FROM progress_update"));
	cr_assert_eq(db_script(rls, "SET enable_seqscan = off", &err), 0, "%s", err ? err : "");
	cr_expect(plan_uses_index(rls, "EXPLAIN (COSTS OFF) SELECT title FROM action_point"));
	cr_assert_eq(db_script(rls, "RESET enable_seqscan", &err), 0, "%s", err ? err : "");
	store_close(m);
}

Test(rls, without_the_setting_nothing_is_visible)
{
	if (!fixture_on_pg())
		cr_skip_test("PostgreSQL only");
	char *err = NULL;
	cr_assert_eq(db_script(rls, "RESET lia.municipality", &err), 0, "%s", err ? err : "");
	cr_expect_eq(count(rls, "SELECT count(*) FROM action_point"), 0);
	cr_expect_eq(count(rls, "SELECT count(*) FROM user_account"), 0);
	cr_expect_eq(count(rls, "SELECT count(*) FROM session"), 0);
	cr_expect_eq(count(rls, "SELECT count(*) FROM mail_outbox"), 0);
	cr_expect_eq(count(rls, "SELECT count(*) FROM crpd_article"), 50, "shared reference data stays");
	cr_expect_neq(db_exec(rls, "INSERT INTO organisation (kind, name) VALUES ('partner', 'x')", NULL), 0,
	              "no municipality, no insert");
	cr_assert_eq(db_script(rls, "SELECT set_config('lia.municipality', '', false)", &err), 0);
	cr_expect_eq(count(rls, "SELECT count(*) FROM action_point"), 0, "an empty setting is no municipality");
}

/* Every table but the global ones has municipality_id, row-level security
 * that also binds the table's owner, and the policy. */
Test(rls, every_tenant_table_is_scoped)
{
	if (!fixture_on_pg())
		cr_skip_test("PostgreSQL only");
	json_t *tables = db_rows(rls,
		"SELECT c.relname AS name, c.relrowsecurity AS is_rls, c.relforcerowsecurity AS is_forced,"
		" (SELECT count(*) FROM information_schema.columns k WHERE k.table_schema = current_schema()"
		"   AND k.table_name = c.relname AND k.column_name = 'municipality_id' AND k.is_nullable = 'NO') AS has_column,"
		" (SELECT count(*) FROM pg_policies p WHERE p.schemaname = current_schema() AND p.tablename = c.relname"
		"   AND p.policyname = 'lia_municipality'"
		"   AND p.qual = '((municipality_id >= lia_scope_low()) AND (municipality_id <= lia_scope_high()))'"
		"   AND p.with_check = p.qual) AS has_policy"
		" FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' ORDER BY 1",
		NULL);
	cr_assert_not_null(tables);
	cr_assert_gt(json_array_size(tables), 30);
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		bool global = false;
		for (int g = 0; global_tables[g]; g++)
			global |= strcmp(name, global_tables[g]) == 0;
		if (global) {
			cr_expect(!json_is_true(json_object_get(t, "is_rls")), "%s is shared", name);
			continue;
		}
		cr_expect(json_is_true(json_object_get(t, "is_rls")), "%s has row-level security", name);
		cr_expect(json_is_true(json_object_get(t, "is_forced")), "%s forces it on its owner", name);
		cr_expect_eq(json_integer_value(json_object_get(t, "has_column")), 1, "%s has municipality_id", name);
		cr_expect_eq(json_integer_value(json_object_get(t, "has_policy")), 1, "%s has the policy", name);
	}
	json_decref(tables);
}

/* A table a later migration makes is scoped too (lia runs
 * lia_tenant_scope_all after each migration from 0018 on). */
Test(rls, a_new_table_is_scoped_by_the_function)
{
	if (!fixture_on_pg())
		cr_skip_test("PostgreSQL only");
	char *err = NULL;
	cr_assert_eq(db_script(rls, "CREATE TABLE later_thing (id integer PRIMARY KEY, note text);"
	                            " SELECT lia_tenant_scope_all();", &err), 0, "%s", err ? err : "");
	cr_assert_eq(db_exec(rls, "INSERT INTO later_thing (id, note) VALUES (1, 'een')", NULL), 0);
	long long id = add_arnhem(rls);
	struct store *m = open_as(rls_uri, id);
	cr_expect_eq(count(m, "SELECT count(*) FROM later_thing"), 0);
	cr_expect_eq(count(rls, "SELECT count(*) FROM later_thing"), 1);
	store_close(m);
}

/* The municipality of a connection is set between transactions only: a
 * setting made inside one would go back with its rollback while the
 * connection still said it served that municipality. */
Test(rls, the_municipality_is_set_only_between_transactions)
{
	if (!fixture_on_pg())
		cr_skip_test("PostgreSQL only");
	long long id = add_arnhem(rls);
	struct store *m = open_as(rls_uri, 1);
	cr_assert_eq(db_begin(m), 0);
	cr_expect_neq(db_pg_scope(m, id), 0, "refused inside a transaction");
	cr_expect_eq(store_municipality_of(m), 1);
	cr_expect_eq(db_pg_scope(m, id), 0, "the transaction was rolled back: now it may");
	cr_expect_eq(store_municipality_of(m), id);
	store_close(m);
}

/* A pool opened as a superuser (row-level security skipped) serves
 * municipality 1 alone while it is the only one, and nothing once there
 * are two; such a role adds no municipality. */
Test(rls, a_role_that_skips_row_level_security_serves_one_municipality_only)
{
	if (!fixture_on_pg())
		cr_skip_test("PostgreSQL only");
	const char *admin = getenv("LIA_TEST_PG");
	char super_uri[256];
	snprintf(super_uri, sizeof(super_uri), "%.*s/%s", (int)(strrchr(admin, '/') - admin), admin, rls_db);
	struct store_pool *p = NULL;
	char *err = NULL;
	cr_assert_eq(store_pool_open(super_uri, 2, &p, &err), 0, "%s", err ? err : "");
	struct store *s = store_pool_acquire_for(p, 1);
	cr_assert_not_null(s, "one municipality: served");
	long long id = 0;
	cr_expect_eq(store_municipality_add(s, &cli, "GM0202", "arnhem", "Arnhem", NULL, false, &id), LIA_EFORBIDDEN,
	             "a superuser adds no municipality");
	store_pool_release(p, s);
	id = add_arnhem(rls); /* by the ordinary role, while the pool is open */
	cr_expect_null(store_pool_acquire_for(p, id), "the second municipality is not served");
	cr_expect_null(store_pool_acquire_for(p, 1), "nor the first: its rows would show the other's");
	cr_expect_null(store_pool_acquire(p));
	store_pool_close(p);
}

/* The rebaser puts a base into links only when it is "/" and a-z, 0-9 and -
 * (0018 once made municipality 1's from any organisation name), and in JSON
 * only under link keys: an event's location is text. */
Test(tenancy, the_rebaser_takes_safe_bases_and_link_keys_only)
{
	static const char html[] = "<a href=\"/actions\">x</a><form action=\"/search\"></form>";
	size_t n = 0;
	char *out = http_tenant_rebase_html("/arnhem", html, strlen(html), &n);
	cr_expect_str_eq(out, "<a href=\"/arnhem/actions\">x</a><form action=\"/arnhem/search\"></form>");
	free(out);
	out = http_tenant_rebase_html("/den\"haag", html, strlen(html), &n);
	cr_expect_str_eq(out, html, "an unsafe base is never put into a link");
	free(out);
	json_t *v = json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "location", "/ online (Teams)", "edit_href", "/events/1/edit",
	                      "items", "location", "/ online", "href", "/events/1");
	http_tenant_rebase_json("/arnhem", v);
	cr_expect_str_eq(json_string_value(json_object_get(v, "location")), "/ online (Teams)");
	cr_expect_str_eq(json_string_value(json_object_get(v, "edit_href")), "/arnhem/events/1/edit");
	json_t *item = json_array_get(json_object_get(v, "items"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(item, "location")), "/ online");
	cr_expect_str_eq(json_string_value(json_object_get(item, "href")), "/arnhem/events/1");
	json_decref(v);
	json_t *loc = json_pack("{s:s}", "location", "/actions/3");
	http_tenant_rebase_redirect("/arnhem", loc);
	cr_expect_str_eq(json_string_value(json_object_get(loc, "location")), "/arnhem/actions/3");
	json_decref(loc);
}
