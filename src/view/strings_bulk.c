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
	{"cor_assessment_lapses", N_("This update already has an assessment of an experience expert. After your correction the expert assesses the new text again; their earlier assessment stays in the history.")},
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

	/* action points in bulk */
	{"imp_act_link", N_("Import action points")},
	{"imp_act_back", N_("Back to the action points")},
	{"imp_act_intro", N_("Add or change many action points at once with a spreadsheet. Before anything changes, you see every change and every error.")},
	{"imp_act_step_export", N_("Download the action points as a CSV file:")},
	{"imp_act_export", N_("export of all action points (CSV)")},
	{"imp_act_step_edit", N_("Change the file in a spreadsheet such as Excel. Add a new action point as a new line, with the column Action number empty. Save it as CSV.")},
	{"imp_act_step_upload", N_("Upload the file here. You then see what changes, line by line, and you choose whether to carry it out.")},
	{"imp_act_file", N_("CSV file with action points")},
	{"imp_act_file_hint", N_("A file as the export writes it: the first line names the columns. Separated by semicolons, commas or tabs.")},
	{"imp_act_check", N_("Check the file")},
	{"imp_act_columns", N_("Columns")},
	{"imp_act_columns_intro", N_("lia reads these columns, in Dutch or English. Status and health only change with a progress update; the column Overdue is not read.")},
	{"imp_act_again", N_("Upload another file")},
	{"imp_act_confirm_intro", N_("Check the changes below. If they are right, carry them out. All changes are made together, or none.")},
	{"imp_act_confirm", N_("Carry out the changes")},
	{"imp_act_fix_how", N_("Correct the lines below in your file, save it as CSV and upload it again. Nothing has changed.")},
	{"imp_act_nothing_new", N_("The file changes nothing: every action point in it is the same as in lia.")},
	{"imp_act_column", N_("Column")},
	{"imp_act_change_list", N_("What will change")},
	{"imp_act_applied_list", N_("What has changed")},
	{"imp_act_is_new", N_("new action point")},
	{"imp_act_field", N_("Field")},
	{"imp_act_old", N_("Now")},
	{"imp_act_new_value", N_("New")},
	{"imp_act_empty", N_("(empty)")},
	{"imp_act_done", N_("The changes have been made. Number of action points added or changed:")},
	{"flash_act_imported", N_("The action points have been imported.")},
	{NULL, NULL},
};
