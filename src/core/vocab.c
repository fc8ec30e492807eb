/*
 * vocab: the one table of domain codes and their words (see vocab.h). The
 * order of each list is the order people see (form choices, report tables).
 * A code that appears in several lists (dossier_holder is an account role and
 * an interview role) has the same words in each.
 */
#include "core/vocab.h"

#include "core/i18n.h"
#include "core/mem.h"

#include <string.h>

static const struct vocab_word action_status[] = {
	{"niet_gestart", N_("Not started")},
	{"in_voorbereiding", N_("In preparation")},
	{"in_uitvoering", N_("In progress")},
	{"afgerond", N_("Completed")},
	{"doorlopend", N_("Ongoing")},
	{"vervallen", N_("Withdrawn")},
	{NULL, NULL},
};

static const struct vocab_word health[] = {
	{"groen", N_("On schedule")},
	{"oranje", N_("Needs attention")},
	{"rood", N_("Problem")},
	{"grijs", N_("Not applicable")},
	{NULL, NULL},
};

/* The phases of a municipality's LIA in the national survey; a programme
 * itself is past exploring (programme_phase). */
static const struct vocab_word lia_phase[] = {
	{"niet_gestart", N_("Not started")},
	{"in_verkenning", N_("Exploring")},
	{"in_ontwikkeling", N_("Being developed")},
	{"vastgesteld", N_("Adopted")},
	{"in_uitvoering", N_("Being carried out")},
	{NULL, NULL},
};

static const struct vocab_word programme_phase[] = {
	{"niet_gestart", N_("Not started")},
	{"in_ontwikkeling", N_("Being developed")},
	{"vastgesteld", N_("Adopted")},
	{"in_uitvoering", N_("Being carried out")},
	{NULL, NULL},
};

static const struct vocab_word user_role[] = {
	{"coordinator", N_("Coordinator")},
	{"project_member", N_("Project group member")},
	{"dossier_holder", N_("Dossier holder")},
	{"reader", N_("Reader")},
	{NULL, NULL},
};

static const struct vocab_word member_role[] = {
	{"voorzitter", N_("Chair")},
	{"coordinator", N_("Coordinator")},
	{"lid", N_("Member")},
	{"secretaris", N_("Secretary")},
	{NULL, NULL},
};

static const struct vocab_word interview_role[] = {
	{"interviewer_municipal", N_("Interviewer from the municipality")},
	{"interviewer_expert", N_("Interviewer with lived experience")},
	{"dossier_holder", N_("Dossier holder")},
	{NULL, NULL},
};

static const struct vocab_word organisation_kind[] = {
	{"municipality", N_("Municipality")},
	{"partner", N_("Partner organisation")},
	{"national", N_("National organisation")},
	{NULL, NULL},
};

static const struct vocab_word warning_kind[] = {
	{"over_allocated", N_("More allocated than available")},
	{"overspent", N_("More spent than allocated")},
	{"outside_year", N_("Expense outside its year")},
	{"withdrawn_action", N_("Money for a withdrawn action point")},
	{NULL, NULL},
};

static const struct vocab_word purpose[] = {
	{"inhoudelijke_verdieping", N_("Deepening the content")},
	{"zichtbaarheid", N_("Visibility")},
	{"ervaringsdeskundigheid", N_("Lived experience expertise")},
	{"toegankelijkheid", N_("Accessibility")},
	{"organisatie", N_("Organisation")},
	{"overig", N_("Other")},
	{NULL, NULL},
};

/* The words of the narrative form (pages/edit_periods.c). */
static const struct vocab_word narrative_kind[] = {
	{"highlight", N_("Good development (what went well)")},
	{"outlook", N_("Looking ahead (what comes next)")},
	{NULL, NULL},
};

static const struct vocab_word crpd_part[] = {
	{"general", N_("General provisions")},
	{"rights", N_("Rights")},
	{"implementation", N_("Implementation and monitoring")},
	{NULL, NULL},
};

static const struct vocab_word period_state[] = {
	{"open", N_("Open")},
	{"published", N_("Published")},
	{NULL, NULL},
};

/* How long each kind of data is kept (retention_setting, 0016). */
static const struct vocab_word retention_kind[] = {
	{"sign_in_attempts", N_("Sign-in attempts")},
	{"ended_sessions", N_("Ended sessions")},
	{"restricted_notes", N_("Restricted notes after publication")},
	{"expired_imports", N_("Uploaded files that were not imported")},
	{"access_log", N_("Access log entries")},
	{NULL, NULL},
};

/* What an access log entry records (q_access.h): which read, or refusal. */
static const struct vocab_word access_what[] = {
	{"restricted_notes", N_("Restricted notes of an interview")},
	{"people", N_("The list of people")},
	{"person", N_("The person's details")},
	{"audit", N_("The audit log")},
	{"sign_in", N_("Signing in failed")},
	{"lock_out", N_("Signing in blocked after too many attempts")},
	{"forbidden", N_("Refused: the account does not allow this")},
	{"role", N_("Role changed")},
	{NULL, NULL},
};

/* What an audit entry records, and about what (the audit log's page). */
static const struct vocab_word audit_action[] = {
	{"create", N_("Added")},
	{"update", N_("Changed")},
	{"delete", N_("Removed")},
	{"publish", N_("Published")},
	{"sign_in", N_("Signed in")},
	{"import", N_("Imported")},
	{"erase", N_("Erased")},
	{"purge", N_("Cleaned up after the retention period")},
	{"grant", N_("Access given")},
	{"revoke", N_("Access withdrawn")},
	{NULL, NULL},
};

/* The kinds of data the audit log names (its entity column has no CHECK
 * list: a new kind of record brings its word here). */
static const struct vocab_word audit_entity[] = {
	{"user_account", N_("Account")},
	{"api_token", N_("API token")},
	{"session", N_("Session (signed in on a device)")},
	{"reporting_period", N_("Reporting period")},
	{"narrative", N_("Text for the report")},
	{"action_point", N_("Action point")},
	{"progress_update", N_("Progress update")},
	{"action_import", N_("Import of action points")},
	{"interview", N_("Interview")},
	{"person", N_("Person")},
	{"organisation", N_("Organisation")},
	{"event", N_("Event")},
	{"programme", N_("Programme")},
	{"theme", N_("Theme")},
	{"fund_source", N_("Funding source")},
	{"allocation", N_("Allocation")},
	{"expense", N_("Expense")},
	{"expense_import", N_("Import of expenses")},
	{"retention", N_("Removal after the retention period")},
	{"retention_setting", N_("Retention period")},
	{"fund_warning", N_("Explanation of a money warning")},
	{"letter_template", N_("Letter to the council")},
	{"account_link", N_("Link to choose a password")},
	{"mail_setting", N_("Mail server")},
	{"mail_outbox", N_("E-mail message")},
	{NULL, NULL},
};

/* Technical lists: codes without words, kept here so that every CHECK list of
 * the schema has its one place in C. */

static const struct vocab_word report_document[] = {
	{"report", NULL}, {"letter", NULL}, {"easy", NULL}, {NULL, NULL},
};

static const struct vocab_word report_format[] = {
	{"html", NULL}, {"pdf", NULL}, {"md", NULL}, {"csv", NULL}, {"json", NULL}, {NULL, NULL},
};

/* What a correction of a progress update corrected (migration 0013). */
static const struct vocab_word correction_part[] = {
	{"update", NULL}, {"assessment", NULL}, {NULL, NULL},
};

static const struct vocab_word language[] = {
	{"nl", NULL}, {"en", NULL}, {NULL, NULL},
};

/* The outbox and account links (0014): words for them are on the mail page. */
static const struct vocab_word mail_kind[] = {
	{"invitation", NULL}, {"password_reset", NULL}, {"remind_update_before", NULL}, {"remind_update_after", NULL},
	{"remind_assess_before", NULL}, {"remind_assess_after", NULL}, {NULL, NULL},
};

static const struct vocab_word mail_status[] = {
	{"queued", NULL}, {"sent", NULL}, {"failed", NULL}, {NULL, NULL},
};

static const struct vocab_word link_purpose[] = {
	{"invitation", NULL}, {"password_reset", NULL}, {NULL, NULL},
};

/* present() labels a key with the first list of that field that knows the
 * code, so the order of lists sharing a field ("role", "kind") matters only
 * for codes they share, and shared codes have the same words. */
const struct vocab_list vocab_lists[] = {
	{"action_status", "status", "progress_update", "status", action_status},
	{"health", "health", "progress_update", "health", health},
	{"lia_phase", "lia_phase", "lia_survey_response", "phase", lia_phase},
	{"programme_phase", NULL, "programme", "lia_phase", programme_phase},
	{"user_role", "role", "user_account", "role", user_role},
	{"member_role", "role", "project_member", "role", member_role},
	{"interview_role", "role", "interview_participant", "role", interview_role},
	{"organisation_kind", "kind", "organisation", "kind", organisation_kind},
	{"warning_kind", "kind", "fund_warning_note", "kind", warning_kind},
	{"purpose", "purpose", "allocation", "purpose", purpose},
	{"narrative_kind", NULL, "narrative", "kind", narrative_kind},
	{"crpd_part", "part", NULL, NULL, crpd_part},
	{"period_state", "state", "reporting_period", "state", period_state},
	{"audit_action", NULL, "audit_entry", "action", audit_action},
	{"retention_kind", NULL, "retention_setting", "kind", retention_kind},
	{"audit_entity", NULL, NULL, NULL, audit_entity},
	{"access_what", "what", NULL, NULL, access_what},
	{"report_document", NULL, "published_report", "document", report_document},
	{"report_format", NULL, "published_report", "format", report_format},
	{"language", NULL, "published_report", "lang", language},
	{"correction_part", NULL, "progress_update", "corrected_part", correction_part},
	{"letter_language", NULL, "letter_template", "lang", language},
	{"mail_kind", NULL, "mail_outbox", "kind", mail_kind},
	{"mail_status", NULL, "mail_outbox", "status", mail_status},
	{"mail_language", NULL, "mail_outbox", "lang", language},
	{"link_purpose", NULL, "account_link", "purpose", link_purpose},
	{"account_language", NULL, "user_account", "lang", language},
	{NULL, NULL, NULL, NULL, NULL},
};

/* Translated labels, [0] Dutch and [1] English, in the order of the words of
 * all lists one after the other; filled by vocab_init(). list_first[i] is
 * where the words of vocab_lists[i] start. */
#define VOCAB_MAX_WORDS 128
#define VOCAB_MAX_LISTS 48
static const char *label_text[2][VOCAB_MAX_WORDS];
static size_t list_first[VOCAB_MAX_LISTS];
static bool ready;

/* present() asks for the label of every string field of every row (a list
 * of 5,000 action points: 65,000 times), and nearly every key is no field
 * of a list: the lists by their field, found by a hash of the field's name,
 * so that answer costs one look instead of a walk over every list. Each
 * slot holds the indexes of the lists whose field hashes there (-1 ends). */
#define FIELD_SLOTS 64
#define FIELD_SLOT_LISTS 8
static signed char field_lists[FIELD_SLOTS][FIELD_SLOT_LISTS];

static unsigned field_hash(const char *f, size_t len)
{
	return (unsigned)(len * 31u + (unsigned char)f[0] * 7u + (unsigned char)f[len - 1]) % FIELD_SLOTS;
}

void vocab_init(void)
{
	size_t k = 0;
	memset(field_lists, -1, sizeof(field_lists));
	for (const struct vocab_list *l = vocab_lists; l->name; l++) {
		size_t li = (size_t)(l - vocab_lists);
		if (li == VOCAB_MAX_LISTS)
			mem_die("more than %d vocabulary lists: raise VOCAB_MAX_LISTS", VOCAB_MAX_LISTS);
		list_first[li] = k;
		if (l->field) {
			signed char *slot = field_lists[field_hash(l->field, strlen(l->field))];
			int n = 0;
			while (n < FIELD_SLOT_LISTS && slot[n] >= 0)
				n++;
			if (n >= FIELD_SLOT_LISTS - 1)
				mem_die("too many vocabulary fields share a slot: raise FIELD_SLOT_LISTS");
			slot[n] = (signed char)li;
		}
		for (const struct vocab_word *w = l->words; w->code; w++, k++) {
			if (k == VOCAB_MAX_WORDS)
				mem_die("more than %d vocabulary words: raise VOCAB_MAX_WORDS", VOCAB_MAX_WORDS);
			label_text[0][k] = w->msgid ? i18n_text("nl", w->msgid) : NULL;
			label_text[1][k] = w->msgid ? i18n_text("en", w->msgid) : NULL;
		}
	}
	ready = true;
}

const struct vocab_list *vocab_list(const char *name)
{
	for (const struct vocab_list *l = vocab_lists; name && l->name; l++)
		if (strcmp(l->name, name) == 0)
			return l;
	return NULL;
}

bool vocab_has(const char *list, const char *code)
{
	return vocab_index(list, code) >= 0;
}

size_t vocab_count(const char *list)
{
	const struct vocab_list *l = vocab_list(list);
	size_t n = 0;
	while (l && l->words[n].code)
		n++;
	return n;
}

int vocab_index(const char *list, const char *code)
{
	const struct vocab_list *l = vocab_list(list);
	for (int i = 0; l && code && l->words[i].code; i++)
		if (strcmp(l->words[i].code, code) == 0)
			return i;
	return -1;
}

const char *vocab_code(const char *list, size_t i)
{
	return i < vocab_count(list) ? vocab_list(list)->words[i].code : NULL;
}

/* The words of w (a word of list l of the vocab_lists table) in lang. */
static const char *word_text(const struct vocab_list *l, const struct vocab_word *w, const char *lang)
{
	if (!w->msgid)
		return NULL;
	if (ready)
		return label_text[(lang && lang[0] == 'e') ? 1 : 0][list_first[l - vocab_lists] + (size_t)(w - l->words)];
	return i18n_text(lang, w->msgid);
}

static const struct vocab_word *find_word(const struct vocab_list *l, const char *code)
{
	for (const struct vocab_word *w = l && code ? l->words : NULL; w && w->code; w++)
		if (strcmp(w->code, code) == 0)
			return w;
	return NULL;
}

const char *vocab_label(const char *list, const char *code, const char *lang)
{
	const struct vocab_list *l = vocab_list(list);
	const struct vocab_word *w = find_word(l, code);
	return w ? word_text(l, w, lang) : NULL;
}

/* The label from list l if field is its field and code one of its words. */
static const char *field_label_in(const struct vocab_list *l, const char *field, const char *code, const char *lang)
{
	if (!l->field || strcmp(l->field, field) != 0)
		return NULL;
	const struct vocab_word *w = find_word(l, code);
	return w && w->msgid ? word_text(l, w, lang) : NULL;
}

const char *vocab_field_label(const char *field, const char *code, const char *lang)
{
	const char *text = NULL;
	if (ready) {
		size_t len = strlen(field);
		const signed char *slot = len ? field_lists[field_hash(field, len)] : field_lists[0];
		for (int i = 0; len && !text && i < FIELD_SLOT_LISTS && slot[i] >= 0; i++)
			text = field_label_in(&vocab_lists[slot[i]], field, code, lang);
		return text;
	}
	for (const struct vocab_list *l = vocab_lists; !text && l->name; l++)
		text = field_label_in(l, field, code, lang);
	return text;
}

bool vocab_field_labelled(const char *field)
{
	if (ready) {
		size_t len = strlen(field);
		const signed char *slot = len ? field_lists[field_hash(field, len)] : field_lists[0];
		for (int i = 0; len && i < FIELD_SLOT_LISTS && slot[i] >= 0; i++)
			if (strcmp(vocab_lists[slot[i]].field, field) == 0)
				return true;
		return false;
	}
	for (const struct vocab_list *l = vocab_lists; l->name; l++)
		if (l->field && strcmp(l->field, field) == 0)
			return true;
	return false;
}

json_t *vocab_options(const char *list, const char *lang)
{
	json_t *a = json_array();
	const struct vocab_list *l = vocab_list(list);
	for (const struct vocab_word *w = l ? l->words : NULL; w && w->code; w++) {
		const char *text = word_text(l, w, lang);
		json_array_append_new(a, json_pack("{s:s, s:s}", "value", w->code, "label", text ? text : w->code));
	}
	return a;
}

json_t *vocab_all(const char *lang)
{
	json_t *o = json_object();
	for (const struct vocab_list *l = vocab_lists; l->name; l++)
		json_object_set_new(o, l->name, vocab_options(l->name, lang));
	return o;
}
