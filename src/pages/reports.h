/*
 * reports (pages): the progress report in the site and its files
 * (reports.c), the cover letter's template (edit_letter.c), and the
 * readability of the texts (quality.c).
 */
#ifndef LIA_PAGES_REPORTS_H
#define LIA_PAGES_REPORTS_H

#include "pages/pages.h"

int page_report(struct req *r, struct resp *out);
int page_report_file(struct req *r, struct resp *out);
int page_report_quality(struct req *r, struct resp *out);
int page_letter_form(struct req *r, struct resp *out);
int page_letter_save(struct req *r, struct resp *out);

#endif
