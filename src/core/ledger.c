/*
 * ledger: which column of an expense export a header names (see ledger.h).
 * A header is folded before it is compared: Unicode decomposition (NFKD,
 * GLib) with the accents dropped, case folded, and only letters and digits
 * kept, so "Bedrag (EUR)" is "bedrageur" and "Référence" is "reference".
 */
#include "core/ledger.h"

#include <glib.h>
#include <string.h>

/* Per column the names as people write them; the first is the screens' word.
 * Folded at comparison time, so they may be written with case and spaces. */
static const char *const names[LEDGER_COLS][20] = {
	[LEDGER_DATE] = {"datum", "boekdatum", "factuurdatum", "boekingsdatum", "transactiedatum", "documentdatum",
	                 "betaaldatum", "date", "booking date", "invoice date", "posting date", NULL},
	[LEDGER_AMOUNT] = {"bedrag", "bedrag (EUR)", "bedrag in euro", "totaalbedrag", "amount", "amount (EUR)", NULL},
	[LEDGER_DESCRIPTION] = {"omschrijving", "boekingsomschrijving", "regelomschrijving", "beschrijving",
	                        "toelichting", "description", NULL},
	[LEDGER_ALLOCATION] = {"toekenning", "toewijzing", "kostenplaats", "kostendrager", "ordernummer", "order",
	                       "budgetcode", "budgetnummer", "projectnummer", "projectcode", "allocation",
	                       "cost centre", "cost center", NULL},
	[LEDGER_REFERENCE] = {"kenmerk", "referentie", "factuurnummer", "factuurnr", "boekstuk", "boekstuknummer",
	                      "boekingsnummer", "documentnummer", "reference", "invoice number", NULL},
};

static const char *const keys[LEDGER_COLS] = {"date", "amount", "description", "allocation", "reference"};

/* The folded form of s (g_free), or NULL when s is not UTF-8. */
static char *fold(const char *s)
{
	if (!g_utf8_validate(s, -1, NULL))
		return NULL;
	char *d = g_utf8_normalize(s, -1, G_NORMALIZE_NFKD);
	if (!d)
		return NULL;
	char *lower = g_utf8_casefold(d, -1);
	g_free(d);
	/* Keep letters and digits; the decomposed accents are marks and go. */
	char *o = lower;
	for (const char *p = lower; *p; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		if (g_unichar_isalnum(u))
			o += g_unichar_to_utf8(u, o); /* never longer than what it replaces */
	}
	*o = '\0';
	return lower;
}

int ledger_column(const char *header)
{
	char *h = fold(header ? header : "");
	int hit = -1;
	for (int c = 0; h && *h && c < LEDGER_COLS && hit < 0; c++)
		for (int i = 0; names[c][i] && hit < 0; i++) {
			char *n = fold(names[c][i]);
			if (n && strcmp(h, n) == 0)
				hit = c;
			g_free(n);
		}
	g_free(h);
	return hit;
}

const char *ledger_column_key(enum ledger_col c)
{
	return c < LEDGER_COLS ? keys[c] : "";
}

const char *ledger_column_names(enum ledger_col c)
{
	/* Made once; lia starts its threads after the first call (view_init) and
	 * GLib's g_once makes the rare concurrent first call safe anyway. */
	static char *joined[LEDGER_COLS];
	static gsize done;
	if (g_once_init_enter(&done)) {
		for (int k = 0; k < LEDGER_COLS; k++)
			joined[k] = g_strjoinv(", ", (char **)names[k]);
		g_once_init_leave(&done, 1);
	}
	return c < LEDGER_COLS ? joined[c] : "";
}
