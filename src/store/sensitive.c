/*
 * sensitive: the one list of fields that hold personal or health data, and
 * what the audit log keeps of them (AVG art. 5(1)(c), 17 and 25). The audit
 * log records that such a field changed, by whom and when, but never its
 * text: each is kept as "digest:" and a keyed BLAKE2b digest under a random
 * key of the record (privacy_key). Two entries of one record can be
 * compared (did the name change?); without the key nobody can check a
 * guessed name against the digest, and erasure removes the key
 * (store_person_erase, store_notes_erase). Names joined in from another
 * record (an account's person_name, an update's author) are dropped: the
 * id stays, and the name belongs to that other record.
 */
#include "store/db.h"

#include "core/err.h"
#include "core/secret.h"

#include <string.h>

/* entity NULL: the field is sensitive in every record. */
static const struct {
	const char *entity, *field;
} digested[] = {
	{"person", "name"},
	{"person", "job_title"},
	{NULL, "email"},
	{NULL, "phone"},
	{NULL, "communication_needs"},
	{NULL, "restricted_notes"},
	{NULL, "display_name"},
};

/* And secrets that no record may carry into the log at all (the second
 * factor's key, q_totp.c: it is never in a row that is audited, and this
 * keeps it so). */
static const char *const dropped[] = {"person_name", "author", "totp_secret", "secret", "code_hash"};

bool db_is_sensitive(const char *entity, const char *field)
{
	for (size_t i = 0; i < sizeof(digested) / sizeof(digested[0]); i++)
		if ((!digested[i].entity || strcmp(digested[i].entity, entity) == 0) &&
		    strcmp(digested[i].field, field) == 0)
			return true;
	return false;
}

/* The key of (entity, id) into out, made now if the record has none yet
 * (inside the caller's transaction). Returns 0 or LIA_EDB. */
static int record_key(struct store *s, const char *entity, long long id, char out[SECRET_KEY_HEX + 1])
{
	for (int tries = 0; tries < 2; tries++) {
		json_t *row = db_row(s, "SELECT secret FROM privacy_key WHERE entity = ? AND entity_id = ?", "ti",
		                     entity, id);
		if (!row)
			return LIA_EDB;
		const char *k = json_string_value(json_object_get(row, "secret"));
		if (k && strlen(k) == SECRET_KEY_HEX) {
			memcpy(out, k, SECRET_KEY_HEX + 1);
			json_decref(row);
			return 0;
		}
		json_decref(row);
		char fresh[SECRET_KEY_HEX + 1];
		secret_key_hex(fresh);
		if (db_exec(s, "INSERT INTO privacy_key (entity, entity_id, secret) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		            "tit", entity, id, fresh) != 0)
			return LIA_EDB;
	}
	return LIA_EDB;
}

int db_protect(struct store *s, const char *entity, long long id, json_t *doc)
{
	if (!json_is_object(doc))
		return 0;
	for (size_t i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		json_object_del(doc, dropped[i]);
	char key[SECRET_KEY_HEX + 1] = "";
	const char *field;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(doc, tmp, field, v) {
		if (!db_is_sensitive(entity, field) || !json_is_string(v))
			continue;
		if (!key[0] && record_key(s, entity, id, key) != 0)
			return LIA_EDB;
		char d[SECRET_KEYED_LEN + 1], out[SECRET_KEYED_LEN + 8];
		if (secret_keyed_digest(key, json_string_value(v), d) != 0)
			return LIA_EDB;
		memcpy(out, "digest:", 7);
		memcpy(out + 7, d, SECRET_KEYED_LEN + 1);
		json_object_set_new(doc, field, json_string(out));
	}
	return 0;
}

int db_forget_key(struct store *s, const char *entity, long long id)
{
	return db_exec(s, "DELETE FROM privacy_key WHERE entity = ? AND entity_id = ?", "ti", entity, id);
}
