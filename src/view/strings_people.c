/*
 * strings_people: interface text for the pages about interviews, people, partner organisations and events, used by
 * templates as {{t.KEY}}. Keys are unique across all string tables.
 */
#include "view/strings.h"

#include "core/i18n.h"

const struct view_string strings_people[] = {
	/* interviews */
	{"iv_new", N_("Record an interview")},
	{"iv_read", N_("Read the interview")},
	{"iv_edit", N_("Change this interview")},
	{"iv_back", N_("Back to all interviews")},
	{"iv_cancel", N_("Go back without saving")},
	{"iv_form_intro", N_("Write down who held the interview, who was interviewed and what was discussed.")},
	{"iv_part_when", N_("When and about what")},
	{"iv_part_who", N_("Who took part")},
	{"iv_duo_rule", N_("An interview is held by a duo: at least one municipal employee and at least one expert by experience.")},
	{"iv_part_actions", N_("Action points")},
	{"iv_part_text", N_("What was said")},
	{"iv_notes", N_("Restricted notes")},
	{"iv_notes_warning", N_("These notes may hold personal or health data. Only the project group and the coordinator can see them. Do not share them.")},
	/* people */
	{"ppl_intro", N_("Everyone who works on the programme: the project group, dossier holders and experts by experience.")},
	{"ppl_private", N_("This page holds contact details and communication needs. Only members of the project group and the coordinator can see it. Do not share it.")},
	{"ppl_new", N_("Add a person")},
	{"ppl_caption", N_("People")},
	{"ppl_roles", N_("Roles")},
	{"ppl_contact", N_("Contact details")},
	{"ppl_needs", N_("Communication needs")},
	{"ppl_actions_col", N_("Change")},
	{"ppl_municipal", N_("Works for the municipality")},
	{"ppl_interviews", N_("Interviews")},
	{"ppl_consent_on", N_("Consent recorded on")},
	{"ppl_consent_since", N_("Consent for recording the communication needs was given on")},
	{"ppl_form_intro", N_("Contact details and communication needs are only visible to the project group and the coordinator.")},
	{"ppl_edit", N_("Change")},
	/* organisations */
	{"org_f_new", N_("Add an organisation")},
	{"org_f_people", N_("All people")},
	{"org_f_intro", N_("A municipality, a partner organisation in the city, or a national organisation.")},
	/* events */
	{"ev_new", N_("Record an event")},
	{"ev_form_intro", N_("Write down what happened and what was arranged so that everyone could take part.")},
	{NULL, NULL},
};
