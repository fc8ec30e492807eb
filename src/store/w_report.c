/*
 * w_report: frozen (published) reports and the cover letter's template
 * (see report.h). A frozen report is written once, inside the transaction
 * that publishes its period, and the database refuses to change it (0009).
 */
#include "store/report.h"

#include "core/err.h"
#include "core/secret.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

long long store_report_latest_period(struct store *s, bool published_only)
{
	int e = 0;
	long long id = db_int(s, &e, 0, "SELECT id FROM reporting_period WHERE ? = 0 OR state = 'published'"
	                                 " ORDER BY seq DESC LIMIT 1", "i", (long long)published_only);
	return e ? 0 : id;
}

int store_report_freeze(struct store *s, long long period_id, const char *document, const char *lang,
                        const char *format, const char *created_at, const void *data, size_t len)
{
	char sum[65];
	secret_sha256_hex(data, len, sum);
	/* The content is bytes (a PDF): bound as a blob ('b'). */
	return db_exec(s, "INSERT INTO published_report (period_id, document, lang, format, created_at, sha256, content)"
	                  " VALUES (?, ?, ?, ?, ?, ?, ?)", "itttttb", period_id, document, lang, format, created_at,
	               sum, data, len);
}

int store_report_frozen(struct store *s, long long period_id, const char *document, const char *lang,
                        const char *format, json_t **meta, char **data, size_t *len)
{
	json_t *m = db_row(s, "SELECT period_id, document, lang, format, created_at, sha256 FROM published_report"
	                      " WHERE period_id = ? AND document = ? AND lang = ? AND format = ?", "ittt", period_id,
	                   document, lang, format);
	if (!m)
		return LIA_EDB;
	if (json_is_null(m))
		return LIA_ENOTFOUND;
	char *buf = NULL;
	size_t n = 0;
	if (db_blob(s, &buf, &n, "SELECT content FROM published_report WHERE period_id = ? AND document = ?"
	                         " AND lang = ? AND format = ?", "ittt", period_id, document, lang, format) != 0) {
		json_decref(m);
		return LIA_EDB;
	}
	*meta = m;
	*data = buf;
	*len = n;
	return 0;
}

int store_report_frozen_list(struct store *s, long long period_id, json_t **out)
{
	json_t *rows = db_rows(s, "SELECT document, lang, format, created_at, sha256, length(content) AS bytes"
	                          " FROM published_report WHERE period_id = ? ORDER BY document, lang, format", "i",
	                       period_id);
	if (!rows)
		return LIA_EDB;
	*out = rows;
	return 0;
}

int store_letter_template(struct store *s, const char *lang, json_t **out)
{
	json_t *row = db_row(s, "SELECT body_md, updated_at FROM letter_template WHERE lang = ?"
	                        " ORDER BY programme_id LIMIT 1", "t", lang);
	if (!row)
		return LIA_EDB;
	*out = row;
	return 0;
}

int store_letter_signatories(struct store *s, json_t **out)
{
	json_t *row = db_row(s, "SELECT letter_signatories FROM programme ORDER BY id LIMIT 1", NULL);
	if (!row)
		return LIA_EDB;
	const char *t = json_string_value(json_object_get(row, "letter_signatories"));
	*out = json_string(t ? t : "");
	json_decref(row);
	return 0;
}

/* The signatories of the programme, audited as a change of the programme
 * (only when they change). */
static int signatories_tx(struct store *s, const struct actor *a, long long programme, const char *signatories)
{
	json_t *before = NULL;
	int rc = store_letter_signatories(s, &before);
	if (rc)
		return rc;
	if (strcmp(json_string_value(before), signatories) == 0) {
		json_decref(before);
		return 0;
	}
	rc = db_exec(s, "UPDATE programme SET letter_signatories = ? WHERE id = ?", "ti", signatories, programme) != 0
	         ? LIA_EDB : 0;
	json_t *b = json_pack("{s:o}", "letter_signatories", before);
	json_t *after = json_pack("{s:s}", "letter_signatories", signatories);
	if (!rc)
		rc = db_audit(s, a, "update", "programme", programme, b, after);
	json_decref(b);
	json_decref(after);
	return rc;
}

static int letter_tx(struct store *s, const struct actor *a, const char *lang, const char *body_md,
                     const char *signatories)
{
	json_t *before = NULL;
	int rc = store_letter_template(s, lang, &before);
	if (rc)
		return rc;
	long long programme = db_programme(s);
	if (!programme) {
		json_decref(before);
		return LIA_EDB;
	}
	rc = db_exec(s, "INSERT INTO letter_template (programme_id, lang, body_md, updated_at, user_id) VALUES (?, ?, ?, ?, ?)"
	                " ON CONFLICT (programme_id, lang) DO UPDATE SET body_md = excluded.body_md,"
	                " updated_at = excluded.updated_at, user_id = excluded.user_id",
	             "itttz", programme, lang, body_md, a->now, a->user_id) != 0 ? LIA_EDB : 0;
	json_t *after = rc ? NULL : json_pack("{s:s, s:s}", "lang", lang, "body_md", body_md);
	if (!rc)
		rc = db_audit(s, a, json_is_null(before) ? "create" : "update", "letter_template", programme,
		              json_is_null(before) ? NULL : before, after);
	json_decref(before);
	json_decref(after);
	if (!rc && signatories)
		rc = signatories_tx(s, a, programme, signatories);
	return rc;
}

int store_letter_template_save(struct store *s, const struct actor *a, const char *lang, const char *body_md,
                               const char *signatories)
{
	WITH_TX(s, letter_tx(s, a, lang, body_md, signatories));
}

int store_report_freeze_missing(struct store *s, int (*freeze)(struct store *s, long long id, void *ctx))
{
	json_t *rows = db_rows(s, "SELECT id, published_at FROM reporting_period r WHERE state = 'published'"
	                          " AND NOT EXISTS (SELECT 1 FROM published_report p WHERE p.period_id = r.id) ORDER BY seq",
	                       NULL);
	if (!rows)
		return LIA_EDB;
	int rc = 0;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		if (db_begin(s) != 0) {
			rc = LIA_EDB;
			break;
		}
		rc = freeze(s, json_integer_value(json_object_get(r, "id")),
		            (void *)json_string_value(json_object_get(r, "published_at")));
		if (rc == 0)
			rc = db_commit(s);
		if (rc != 0) {
			db_rollback(s);
			break;
		}
	}
	json_decref(rows);
	return rc;
}
