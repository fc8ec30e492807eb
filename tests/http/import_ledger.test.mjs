// HTTP tests of the expense import as a ledger writes it (issue 15): the
// column names lia's own screens use ("Kenmerk", "Toekenning") and other
// ledger names in any case, with accents; a ledger export for one cost centre
// without an allocation column, with the allocation chosen in the upload form;
// the preview saying which columns were used for what and which were not;
// and the page after the import saying what was added (not "check the
// import" with every added line listed as "already recorded").
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/import_ledger.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { sql, sqlValue } from '../lib/db.mjs';
import { textOf, norm, mainOf } from '../lib/http.mjs';
import { startDemoSignedIn } from '../lib/auth.mjs';

let srv, db, as;

before(async () => {
	({ srv, db, as } = await startDemoSignedIn({ publicCsrf: true }));
});

after(async () => {
	if (srv) await srv.cleanup();
});

const n = (q) => Number(sqlValue(db, q));
const EN = { headers: { 'accept-language': 'en' } };
const JSON_ACCEPT = { headers: { accept: 'application/json' } };

/** Upload as a browser does: multipart, CSRF token and the form's other fields. */
async function upload(who, content, fields = {}, headers = {}) {
	const fd = new FormData();
	fd.append('csrf', who.csrf);
	for (const [k, v] of Object.entries(fields)) fd.append(k, v);
	fd.append('file', new Blob([content], { type: 'text/csv' }), 'grootboek.csv');
	return who.fetch('/funds/import', { method: 'POST', body: fd, headers });
}

/** One cost centre's export: no allocation column, the reference called "Kenmerk". */
const ONE_CENTRE = [
	'Boekdatum;Kenmerk;Omschrijving;Bedrag (EUR);Grootboekrekening',
	'12-03-2026;KEN-2026-101;Gebarentolk wijkavond;€ 480,00;4410',
	'19-03-2026;KEN-2026-102;Vervoer ervaringsdeskundigen;€ 62,50;4410',
].join('\r\n') + '\r\n';

test('a ledger export without an allocation column: refused without a choice, imported with the allocation chosen in the form', async () => {
	const alloc = sql(db, "SELECT id, code FROM allocation WHERE code = 'IA26-02'")[0];
	assert.ok(alloc, 'the demo has allocation IA26-02');
	const before = n('SELECT count(*) FROM expense');

	// No choice: the form again, the message at the file, saying how to choose.
	const bad = await upload(as.member, ONE_CENTRE);
	assert.equal(bad.status, 422);
	assert.match(textOf(bad.body), /Kies de toekenning voor alle regels/);
	// The form offers the allocations, the empty choice first.
	const form = await as.member.get('/funds/import');
	assert.match(form.body, /<select id="f-allocation" name="allocation"[^>]*><option value="">/);
	assert.ok(form.body.includes(`<option value="${alloc.id}">`), 'allocation IA26-02 can be chosen');

	// An allocation that does not exist: the error is at the allocation field.
	const none = await upload(as.member, ONE_CENTRE, { allocation: '99999' });
	assert.equal(none.status, 422);
	assert.match(none.body, /id="f-allocation-error"/);
	assert.match(none.body, /<select id="f-allocation"[^>]*aria-invalid="true"/);

	// Chosen: the preview books every line on it and says so.
	const up = await upload(as.member, ONE_CENTRE, { allocation: String(alloc.id) });
	assert.equal(up.status, 303, textOf(mainOf(up.body)).slice(0, 300));
	assert.match(up.location, new RegExp(`^/funds/import/(\\d+)\\?allocation=${alloc.id}$`));
	const id = Number(up.location.match(/\/funds\/import\/(\d+)/)[1]);
	const pj = (await as.member.get(up.location, JSON_ACCEPT)).json;
	assert.deepEqual([pj.lines, pj.to_add, pj.errors], [2, 2, 0]);
	assert.deepEqual(pj.add.map((l) => [l.allocation_id, l.reference]), [[alloc.id, 'KEN-2026-101'], [alloc.id, 'KEN-2026-102']],
		'every line on the chosen allocation, and the Kenmerk column read as the reference');
	assert.deepEqual(pj.chosen_allocation, { id: alloc.id, code: 'IA26-02' });
	const ph = await as.member.get(up.location);
	assert.match(ph.body, new RegExp(`<input type="hidden" name="allocation" value="${alloc.id}">`), 'the confirm form carries the choice');
	assert.match(norm(textOf(mainOf(ph.body))), /Toekenning: IA26-02, gekozen voor alle regels/);
	// Without the choice in the address the preview says what is missing instead of failing.
	const bare = await as.member.get(`/funds/import/${id}`);
	assert.equal(bare.status, 200);
	assert.match(textOf(bare.body), /Kies de toekenning voor alle regels/);

	// Import: both lines on IA26-02.
	const ap = await as.member.post(`/funds/import/${id}`, { allocation: String(alloc.id) });
	assert.equal(ap.status, 303, ap.body.slice(0, 600));
	assert.equal(n('SELECT count(*) FROM expense'), before + 2);
	assert.deepEqual(sql(db, `SELECT allocation_id, reference, amount_cents FROM expense WHERE import_id = ${id} ORDER BY id`),
		[{ allocation_id: alloc.id, reference: 'KEN-2026-101', amount_cents: 48000 }, { allocation_id: alloc.id, reference: 'KEN-2026-102', amount_cents: 6250 }]);
});

test('the preview says which column was used for what, and which columns were not used', async () => {
	const file = ['DATUM;Toekenning;bedrag:;Boekingsomschrijving;Référentie;Grootboek;Boek datum',
		'02-02-2026;IA26-02;10,00;Koffie overleg;REF-COL-1;4400;02-02-2026'].join('\n') + '\n';
	const up = await upload(as.member, file);
	assert.equal(up.status, 303, up.body.slice(0, 600));
	const pj = (await as.member.get(up.location, JSON_ACCEPT)).json;
	assert.deepEqual(pj.columns, { date: 'DATUM', allocation: 'Toekenning', amount: 'bedrag:', description: 'Boekingsomschrijving', reference: 'Référentie' });
	assert.deepEqual(pj.ignored_columns, ['Grootboek', 'Boek datum']);
	const words = (html) => norm(textOf(mainOf(html))).replace(/ :/g, ':');
	const nl = words((await as.member.get(up.location)).body);
	for (const s of ['DATUM: gebruikt als Datum', 'Toekenning: gebruikt als Toekenning', 'bedrag:: gebruikt als Bedrag',
		'Boekingsomschrijving: gebruikt als Beschrijving', 'Référentie: gebruikt als Kenmerk', 'Niet gebruikt: Grootboek, Boek datum'])
		assert.ok(nl.includes(s), `the preview says "${s}": ${nl.slice(0, 800)}`);
	const en = words((await as.member.get(up.location, EN)).body);
	assert.ok(en.includes('DATUM: used as Date') && en.includes('Not used: Grootboek, Boek datum'), en.slice(0, 800));
	// Dates in words, as the rest of lia writes them.
	assert.ok(nl.includes('2 februari 2026') && !nl.includes('2026-02-02'), 'the date of a line in words');
});

test('after the import the page says what was added, lists those expenses, and does not call them already recorded', async () => {
	const file = ['Datum;Kostenplaats;Bedrag;Omschrijving;Kenmerk',
		'05-05-2026;IA26-02;€ 1.250,00;Ringleiding raadzaal;DONE-1',
		'06-05-2026;IA26-02;€ 75,00;Schrijftolk inspraakavond;DONE-2',
		'06-05-2026;IA26-02;€ 75,00;Schrijftolk inspraakavond;DONE-2'].join('\r\n') + '\r\n';
	const up = await upload(as.member, file);
	const id = up.location.split('/').pop();
	const ap = await as.member.post(`/funds/import/${id}`, {});
	assert.equal(ap.status, 303);
	const page = await as.member.get(ap.location);
	assert.equal(page.status, 200);
	const main = mainOf(page.body);
	const t = norm(textOf(main));
	assert.match(textOf(page.body.match(/<h1>[\s\S]*?<\/h1>/)[0]), /Uitgaven ingelezen/);
	assert.ok(!t.includes('Controleer het inlezen'), 'the page no longer asks to check the import');
	assert.match(t, /Op \d+ \S+ \d{4} zijn 2 uitgaven toegevoegd, samen € 1\.325/, t.slice(0, 600));
	assert.match(t, /1 regel van het bestand was al vastgelegd\. Die is overgeslagen\./);
	assert.ok(!t.includes('al vastgelegd (die worden overgeslagen)'), 'the added lines are not listed as already recorded');
	for (const e of sql(db, `SELECT id FROM expense WHERE import_id = ${id}`)) assert.ok(main.includes(`id="expense-${e.id}"`), `expense ${e.id} is listed`);
	assert.ok(t.includes('5 mei 2026') && t.includes('Ringleiding raadzaal'));
	const en = norm(textOf(mainOf((await as.member.get(ap.location, EN)).body)));
	assert.match(en, /On \d+ \S+ \d{4} 2 expenses were added, together €1,325/, en.slice(0, 600));
	assert.match(en, /1 line of the file was already recorded; it was skipped\./);
});
