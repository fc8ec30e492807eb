/*
 * strings_bulk: the interface text of corrections (a progress update or an
 * assessment corrected by its author, and its earlier versions) and of
 * action points in bulk (the CSV import and its preview). A second table
 * beside strings.c, read the same way by view.c, so the two features keep
 * their words together.
 */
#include "view/strings.h"

#include "core/i18n.h"

const struct view_string view_string_table_bulk[] = {
	/* corrections */
	{"cor_correct", N_("Correct progress")},
	{"cor_correct_assessment", N_("Correct assessment")},
	{"cor_intro", N_("Correct your own text, for example a mistake or something that is no longer right. The earlier version stays visible in the history, with your name and the date. After the report is published, nothing can be corrected.")},
	{"cor_save", N_("Save correction")},
	{"cor_corrected_on", N_("Corrected on")},
	{"cor_history", N_("Earlier versions")},
	{"cor_history_intro", N_("A progress update can be corrected by the person who wrote it, while the period is open. Here you see every earlier version. The newest version is the one in the report.")},
	{"cor_current", N_("Current version")},
	{"cor_version", N_("Version of")},
	{"cor_corrected_by", N_("Corrected by")},
	{"cor_part_update", N_("The progress update was corrected.")},
	{"cor_part_assessment", N_("The assessment of the experience expert was corrected.")},
	{"cor_not_current", N_("This version has been corrected. See the current version on the page of the action point.")},
	{"cor_no_versions", N_("This progress update has not been corrected.")},
	{"flash_corrected", N_("Your correction has been saved. The earlier version stays in the history.")},
	{NULL, NULL},
};
