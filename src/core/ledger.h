/*
 * ledger: the columns of an expense export, found by the names financial
 * systems, spreadsheets and lia's own screens give them. A header names a
 * column whatever its case, accents, spaces and punctuation ("Kenmerk",
 * "KENMERK", "Bedrag (EUR)", "Kostenplaats:", "Référence"). One list serves
 * the import (store/w_import.c), the upload form's table of names and the
 * command's help, so what lia says it accepts is what it accepts.
 */
#ifndef LIA_CORE_LEDGER_H
#define LIA_CORE_LEDGER_H

enum ledger_col {
	LEDGER_DATE,
	LEDGER_AMOUNT,
	LEDGER_DESCRIPTION,
	LEDGER_ALLOCATION,
	LEDGER_REFERENCE,
	LEDGER_COLS
};

/* The column header names, or -1 when it names none. header is UTF-8
 * (anything else matches nothing). */
int ledger_column(const char *header);

/* The column's key in results and JSON: "date", "amount", "description",
 * "allocation", "reference". */
const char *ledger_column_key(enum ledger_col c);

/* The names accepted for column c, as a reader would write them, separated
 * by ", " ("datum, boekdatum, ..."). Static storage. */
const char *ledger_column_names(enum ledger_col c);

#endif
