/*
 * strings_actions: interface text for the pages about action points, progress
 * updates and assessments, used by templates as {{t.KEY}}. Keys are unique
 * across all string tables: here they start with act_ or upd_.
 */
#include "view/strings.h"

#include "core/i18n.h"

const struct view_string strings_actions[] = {
	{"act_new", N_("New action point")},
	{"act_edit", N_("Edit")},
	{"act_withdraw", N_("Withdraw")},
	{"act_actions_label", N_("What you can do with this action point")},
	{"act_form_intro", N_("Fill in the details of the action point. Fields with \"(required)\" must be filled in.")},
	{"act_save", N_("Save action point")},
	{"act_withdraw_intro", N_("An action point that stops is not deleted. It gets the status \"withdrawn\", with your reason, in the open reporting period. Earlier progress stays visible.")},
	{"act_withdraw_period", N_("Reporting period")},
	{"act_withdraw_button", N_("Withdraw action point")},
	{"upd_write", N_("Write progress")},
	{"upd_assess", N_("Add assessment")},
	{"upd_intro", N_("Write what happened with this action point in this reporting period. A progress update cannot be changed later; you can always add a new one.")},
	{"upd_save", N_("Save progress")},
	{"upd_preview", N_("Preview")},
	{"upd_preview_title", N_("Preview of the progress text")},
	{"upd_preview_note", N_("This is only a preview. Nothing has been saved yet. Choose \"Save progress\" to save.")},
	{"upd_no_period", N_("There is no open reporting period, so no progress can be written now. Ask the coordinator to open a new reporting period.")},
	{"upd_assess_intro", N_("Give your view as an experience expert on this progress update. It appears next to the assessment of the dossier holder. You can add it once; after that it cannot be changed.")},
	{"upd_the_update", N_("The progress update")},
	{"upd_assess_save", N_("Save assessment")},
	{NULL, NULL},
};
