/*
 * Unit tests: store writes for interviews, people, organisations and events
 * (w_interviews, w_people, w_events): each write is saved with one audit
 * entry, and a refused write (duo rule, consent, unknown ids, published
 * period) changes nothing at all.
 */
#include "core/err.h"
#include "store/db.h"
#include "store/w_events.h"
#include "store/w_interviews.h"
#include "store/w_people.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct actor actor = {.user_id = 0, .request_id = "test", .now = "2024-04-02T10:00:00Z"};

/* Everything a refused write must leave untouched. */
static long long fingerprint(void)
{
	return fixture_count("SELECT (SELECT count(*) FROM interview) * 1000000 + (SELECT count(*) FROM interview_participant) * 10000"
	                     " + (SELECT count(*) FROM audit_entry) * 100 + (SELECT count(*) FROM interview_action)");
}

static const long long municipal[] = {3}, experts[] = {15}, holders[] = {5, 6}, actions[] = {6, 7};
static const long long not_municipal[] = {16};

static struct interview_input good(void)
{
	int e = 0;
	long long open = db_int(fixture_db, &e, 0, "SELECT id FROM reporting_period WHERE state = 'open'", NULL);
	return (struct interview_input){
		.theme_id = 2, .period_id = open, .held_on = "2024-04-02",
		.public_summary = "Samenvatting", .restricted_notes = "VERTROUWELIJK",
		.municipal = {municipal, 1}, .experts = {experts, 1}, .holders = {holders, 2}, .actions = {actions, 2},
	};
}

TestSuite(w_interviews, .init = fixture_demo, .fini = fixture_close);

Test(w_interviews, create_writes_and_audits)
{
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	struct interview_input in = good();
	const char *field = NULL;
	long long id = 0;
	cr_assert_eq(store_interview_create(fixture_db, &actor, &in, &field, &id), 0);
	cr_assert_gt(id, 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits + 1);
	json_t *a = db_row(fixture_db, "SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1", NULL);
	cr_assert_str_eq(json_string_value(json_object_get(a, "entity")), "interview");
	cr_assert_str_eq(json_string_value(json_object_get(a, "action")), "create");
	cr_assert_eq(json_integer_value(json_object_get(a, "entity_id")), id);
	cr_assert_not_null(strstr(json_string_value(json_object_get(a, "after_json")), "\"expert_ids\":[\"15\"]"));
	json_decref(a);
	char q[160];
	snprintf(q, sizeof(q), "SELECT count(*) FROM interview_participant WHERE interview_id = %lld", id);
	cr_assert_eq(fixture_count(q), 4);
}

/* in is refused (LIA_EINVAL), with field naming want. */
static void expect_refused(const struct interview_input *in, const char *want)
{
	const char *field = NULL;
	long long id = 0;
	cr_assert_eq(store_interview_create(fixture_db, &actor, in, &field, &id), LIA_EINVAL);
	cr_assert_str_eq(field, want);
}

Test(w_interviews, duo_rule_refuses_and_changes_nothing)
{
	long long before = fingerprint();
	struct interview_input in = good();
	in.experts.n = 0;
	expect_refused(&in, "expert_ids");
	in = good();
	in.municipal.n = 0;
	expect_refused(&in, "municipal_ids");
	/* An expert who does not work for the municipality is not the municipal half. */
	in = good();
	in.municipal = (struct id_list){not_municipal, 1};
	expect_refused(&in, "municipal_ids");
	cr_assert_eq(fingerprint(), before);
}

Test(w_interviews, unknown_ids_and_published_periods_refused)
{
	long long before = fingerprint();
	const char *field = NULL;
	long long id = 0;
	static const long long nobody[] = {99999};
	struct interview_input in = good();
	in.theme_id = 999;
	expect_refused(&in, "theme_id");
	in = good();
	in.actions = (struct id_list){nobody, 1};
	expect_refused(&in, "action_ids");
	in = good();
	in.period_id = 2; /* published */
	cr_assert_eq(store_interview_create(fixture_db, &actor, &in, &field, &id), LIA_ECONFLICT);
	cr_assert_str_eq(field, "period_id");
	/* Interview 1 belongs to a published report: frozen. */
	in = good();
	cr_assert_eq(store_interview_update(fixture_db, &actor, 1, &in, &field), LIA_ECONFLICT);
	cr_assert_eq(store_interview_update(fixture_db, &actor, 99999, &in, &field), LIA_ENOTFOUND);
	cr_assert_eq(fingerprint(), before);
}

Test(w_interviews, restricted_notes_only_when_asked)
{
	const struct viewer pub = {.lang = "nl", .drafts = false}, member = {.lang = "nl", .drafts = true};
	json_t *o = NULL;
	cr_assert_eq(store_interview_get(fixture_db, &pub, 1, false, &o), 0);
	cr_assert_null(json_object_get(o, "restricted_notes"));
	json_decref(o);
	cr_assert_eq(store_interview_get(fixture_db, &member, 1, true, &o), 0);
	cr_assert_not_null(strstr(json_string_value(json_object_get(o, "restricted_notes")), "VERTROUWELIJK"));
	json_decref(o);
	/* Interview 11 is in the open period: not for the public. */
	cr_assert_eq(store_interview_get(fixture_db, &pub, 11, false, &o), LIA_ENOTFOUND);
}

TestSuite(w_people, .init = fixture_demo, .fini = fixture_close);

Test(w_people, needs_need_consent)
{
	long long people = fixture_count("SELECT count(*) FROM person"), audits = fixture_count("SELECT count(*) FROM audit_entry");
	struct person_input in = {.name = "Test", .organisation_id = 3, .communication_needs = "Gebarentolk"};
	const char *field = NULL;
	long long id = 0;
	cr_assert_eq(store_person_create(fixture_db, &actor, &in, &field, &id), LIA_EINVAL);
	cr_assert_str_eq(field, "communication_needs");
	in.organisation_id = 999;
	in.consent = true;
	cr_assert_eq(store_person_create(fixture_db, &actor, &in, &field, &id), LIA_EINVAL);
	cr_assert_str_eq(field, "organisation_id");
	cr_assert_eq(fixture_count("SELECT count(*) FROM person"), people);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);
	in.organisation_id = 3;
	cr_assert_eq(store_person_create(fixture_db, &actor, &in, &field, &id), 0);
	json_t *p = NULL;
	cr_assert_eq(store_person_get(fixture_db, id, &p), 0);
	cr_assert_str_eq(json_string_value(json_object_get(p, "consent_recorded_on")), "2024-04-02");
	json_decref(p);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits + 1);
	/* Consent already recorded keeps its date. */
	struct actor later = actor;
	later.now = "2024-05-01T09:00:00Z";
	cr_assert_eq(store_person_update(fixture_db, &later, id, &in, &field), 0);
	cr_assert_eq(store_person_get(fixture_db, id, &p), 0);
	cr_assert_str_eq(json_string_value(json_object_get(p, "consent_recorded_on")), "2024-04-02");
	json_decref(p);
	json_t *a = db_row(fixture_db, "SELECT before_json, after_json FROM audit_entry ORDER BY id DESC LIMIT 1", NULL);
	/* The audit log keeps that the needs are there, as a digest, never the text (AVG art. 9, 17). */
	cr_assert_null(strstr(json_string_value(json_object_get(a, "before_json")), "Gebarentolk"));
	cr_assert_not_null(strstr(json_string_value(json_object_get(a, "before_json")), "\"communication_needs\":\"digest:"));
	json_decref(a);
}

Test(w_people, organisation_cbs_code_unique)
{
	long long audits = fixture_count("SELECT count(*) FROM audit_entry");
	struct organisation_input in = {.kind = "municipality", .name = "Kopie", .cbs_code = "GM0268"};
	const char *field = NULL;
	long long id = 0;
	cr_assert_eq(store_organisation_create(fixture_db, &actor, &in, &field, &id), LIA_ECONFLICT);
	cr_assert_str_eq(field, "cbs_code");
	in.kind = "club";
	in.cbs_code = NULL;
	cr_assert_eq(store_organisation_create(fixture_db, &actor, &in, &field, &id), LIA_EINVAL);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);
	in.kind = "partner";
	cr_assert_eq(store_organisation_create(fixture_db, &actor, &in, &field, &id), 0);
	/* Nijmegen keeps its own code on update. */
	struct organisation_input nij = {.kind = "municipality", .name = "Gemeente Nijmegen", .cbs_code = "GM0268"};
	cr_assert_eq(store_organisation_update(fixture_db, &actor, 1, &nij, &field), 0);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits + 2);
}

TestSuite(w_events, .init = fixture_demo, .fini = fixture_close);

Test(w_events, end_before_start_and_unknown_partner_refused)
{
	long long events = fixture_count("SELECT count(*) FROM event"), audits = fixture_count("SELECT count(*) FROM audit_entry");
	static const long long themes[] = {5}, partners[] = {4}, nobody[] = {999};
	struct event_input in = {.name = "Test", .starts_on = "2024-05-14", .ends_on = "2024-05-13", .participants = -1,
	                         .themes = {themes, 1}, .partners = {partners, 1}};
	const char *field = NULL;
	long long id = 0;
	cr_assert_eq(store_event_create(fixture_db, &actor, &in, &field, &id), LIA_EINVAL);
	cr_assert_str_eq(field, "ends_on");
	in.ends_on = NULL;
	in.partners = (struct id_list){nobody, 1};
	cr_assert_eq(store_event_create(fixture_db, &actor, &in, &field, &id), LIA_EINVAL);
	cr_assert_str_eq(field, "partner_ids");
	cr_assert_eq(fixture_count("SELECT count(*) FROM event"), events);
	cr_assert_eq(fixture_count("SELECT count(*) FROM event_theme") >= 0, 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits);
	in.partners = (struct id_list){partners, 1};
	cr_assert_eq(store_event_create(fixture_db, &actor, &in, &field, &id), 0);
	char q[128];
	snprintf(q, sizeof(q), "SELECT count(*) FROM event WHERE id = %lld AND participants IS NULL", id);
	cr_assert_eq(fixture_count(q), 1);
	cr_assert_eq(fixture_count("SELECT count(*) FROM audit_entry"), audits + 1);
}
