// HTTP test of counts on pages (issue 15): a count of thousands is grouped
// as the reader's language writes it (Dutch "1.234", English "1,234"), as
// money already is; JSON keeps numbers as numbers; ids in addresses and
// years stay plain digits.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/numbers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { textOf, norm, mainOf } from '../lib/http.mjs';
import { startDemoSignedIn } from '../lib/auth.mjs';

let srv, as;

before(async () => {
	({ srv, as } = await startDemoSignedIn({ publicCsrf: true }));
});

after(async () => {
	if (srv) await srv.cleanup();
});

const EN = { headers: { 'accept-language': 'en' } };
const JSON_ACCEPT = { headers: { accept: 'application/json' } };
const words = (html) => norm(textOf(mainOf(html)));

async function upload(who, content) {
	const fd = new FormData();
	fd.append('csrf', who.csrf);
	fd.append('file', new Blob([content], { type: 'text/csv' }), 'grootboek.csv');
	return who.fetch('/funds/import', { method: 'POST', body: fd });
}

test('the import preview of 1234 lines says "Regels: 1.234" in Dutch and "Lines: 1,234" in English; JSON keeps 1234', async () => {
	const lines = ['Datum;Toekenning;Bedrag;Omschrijving;Kenmerk'];
	for (let i = 1; i <= 1234; i++) lines.push(`01-03-2026;IA26-02;0,01;Kleine post ${i};NUM-${i}`);
	const up = await upload(as.member, lines.join('\n') + '\n');
	assert.equal(up.status, 303, up.body.slice(0, 600));
	const nl = words((await as.member.get(up.location)).body);
	assert.ok(nl.includes('Regels: 1.234'), nl.slice(0, 400));
	assert.ok(!/\b1234\b/.test(nl), 'no ungrouped count');
	const en = words((await as.member.get(up.location, EN)).body);
	assert.ok(en.includes('Lines: 1,234'), en.slice(0, 400));
	const j = (await as.member.get(up.location, JSON_ACCEPT)).json;
	assert.equal(j.import.lines, 1234);
	// The import itself: the page after it and the expenses list count in groups too.
	const html = (await as.member.get(up.location)).body;
	const action = /<form method="post" action="([^"]+)"/.exec(mainOf(html))[1];
	const done = await as.member.post(action, {});
	assert.ok([200, 303].includes(done.status), `${done.status} ${done.body.slice(0, 300)}`);
	const list = words((await as.public.get('/funds/expenses')).body);
	assert.match(list, /Totaal \(1\.\d{3}\)/, list.slice(-400));
	const listEn = words((await as.public.get('/funds/expenses', EN)).body);
	assert.match(listEn, /Total \(1,\d{3}\)/);
	// The audit log's entry of the import: its lines and what was added, grouped.
	const audit = (await as.coordinator.get('/audit?entity=expense_import')).body;
	assert.match(audit, /<th scope="row">Regels<\/th><td><\/td><td>1\.234<\/td>/);
	assert.match(audit, /<th scope="row">Toegevoegd<\/th><td>0<\/td><td>1\.234<\/td>/);
});

test('years and ids stay plain digits', async () => {
	const t = words((await as.public.get('/funds?year=2025')).body);
	assert.ok(t.includes('2025') && !t.includes('2.025'), 'a year is not a count');
	const body = (await as.public.get('/')).body;
	assert.ok(!/href="\/[a-z/]+\/\d{1,3}[.,]\d{3}/.test(body), 'no grouped id in an address');
});
