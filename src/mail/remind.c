/*
 * remind: who gets a reminder today (mail.h). For each open period, a
 * dossier holder with action points that still need an update, and an
 * experience expert with updates waiting for their assessment, get one
 * reminder from `days_before` days before the due date up to it, and one
 * after it: at most one per person, period and kind, since the outbox
 * refuses a second message with the same key (remind:KIND:PERSON:PERIOD).
 */
#include "mail/mail.h"

#include "core/err.h"
#include "core/mem.h"
#include "store/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* days from the date a to the date b (YYYY-MM-DD each); false if one is not a date. */
static bool days_between(const char *a, const char *b, long *out)
{
	struct tm ta = {0}, tb = {0};
	if (!a || !b || !strptime(a, "%Y-%m-%d", &ta) || !strptime(b, "%Y-%m-%d", &tb))
		return false;
	ta.tm_hour = tb.tm_hour = 12;
	*out = (long)((timegm(&tb) - timegm(&ta)) / 86400);
	return true;
}

int mail_remind(struct store *s, const char *today, const char *now, unsigned days_before, bool dry_run, json_t **out)
{
	json_t *rows = NULL;
	if (store_remind_candidates(s, &rows) != 0)
		return LIA_EDB;
	json_t *list = json_array();
	int rc = 0;
	size_t i;
	json_t *c;
	json_array_foreach(rows, i, c) {
		const char *due = json_string_value(json_object_get(c, "due_on"));
		long left;
		if (!days_between(today, due, &left) || left > (long)days_before)
			continue;
		const char *what = json_string_value(json_object_get(c, "kind"));
		char kind[32], key[96];
		snprintf(kind, sizeof(kind), "remind_%s_%s", what, left < 0 ? "after" : "before");
		long long person = (long long)json_integer_value(json_object_get(c, "person_id"));
		long long period = (long long)json_integer_value(json_object_get(c, "period_id"));
		long long count = (long long)json_integer_value(json_object_get(c, "count"));
		snprintf(key, sizeof(key), "remind:%s:%lld:%lld", kind, person, period);
		const char *lang = json_string_value(json_object_get(c, "lang"));
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *email = json_string_value(json_object_get(c, "email"));
		const char *pname = json_string_value(json_object_get(c, "period_name"));
		bool easy = mail_wants_easy(json_string_value(json_object_get(c, "communication_needs")));
		json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:b}", "kind", kind, "email", email, "name", name,
		                         "period_name", pname, "due_on", due, "count", (json_int_t)count, "easy_read", easy);
		if (dry_run) {
			bool has = false;
			if ((rc = store_mail_has_key(s, key, &has)) != 0) {
				json_decref(item);
				break;
			}
			if (!has)
				json_array_append_new(list, item);
			else
				json_decref(item);
			continue;
		}
		/* Through the sign-in page (which goes straight on when signed in
		 * already): the list of what still needs an update is for
		 * signed-in people. "next" is encoded: /actions?holder=6&...
		 * An experience expert goes to My work, the one page that lists
		 * the updates waiting for their assessment with a link to each
		 * (the period's page lists its updates, not which wait). */
		char link[512];
		if (strcmp(what, "update") == 0)
			snprintf(link, sizeof(link), "%s/sign-in?next=%%2Factions%%3Fholder%%3D%lld%%26needs_update%%3D1",
			         mail_base_url(), person);
		else
			snprintf(link, sizeof(link), "%s/sign-in?next=%%2Fmy-work", mail_base_url());
		struct mail_text t;
		mail_compose_reminder(lang, kind, easy, name, pname, due, count, link, &t);
		char reason[160];
		snprintf(reason, sizeof(reason), "%s: %lld", strcmp(what, "update") == 0 ? "action points without an update"
		                                                                         : "updates without an assessment",
		         count);
		struct store_mail m = {.to_email = email, .to_name = name, .lang = lang, .kind = kind, .reason = reason,
		                       .period_id = period, .person_id = person, .dedupe_key = key, .subject = t.subject,
		                       .body_text = t.text, .body_html = t.html};
		long long id = 0;
		rc = store_mail_enqueue(s, &m, now, &id);
		mail_text_free(&t);
		if (rc != 0) {
			json_decref(item);
			break;
		}
		if (id)
			json_array_append_new(list, item);
		else
			json_decref(item);
	}
	json_decref(rows);
	if (rc != 0) {
		json_decref(list);
		return LIA_EDB;
	}
	*out = list;
	return 0;
}
