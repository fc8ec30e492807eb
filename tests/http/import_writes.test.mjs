// HTTP test of writes during a large import (issue 12): while an import of
// many expense lines holds the one writer (all lines or none: one
// transaction), forms sent by other people wait their turn and are saved
// (no 500, no "database is locked"), and public pages keep answering. This
// checks what is saved and answered, not how fast: bench/import_readers.sh
// measures the times.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/import_writes.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { holdWriter, sqlValue } from '../lib/db.mjs';
import { startDemoSignedIn } from '../lib/auth.mjs';

let srv, db, as;

before(async () => {
	({ srv, db, as } = await startDemoSignedIn());
});

after(async () => {
	if (srv) await srv.cleanup();
});

const n = (q) => Number(sqlValue(db, q));
const LINES = 60000;
const WRITES = 12;

/** A ledger export of `lines` lines as bench/import.sh makes them: allocations
 * 1-10 (paid from the 2023 funds), every reference new. */
function ledger(lines) {
	const out = ['Boekdatum;Bedrag;Omschrijving;Kostenplaats;Factuurnummer'];
	for (let i = 1; i <= lines; i++) {
		const cents = 1 + ((i * 7919) % 2500000);
		out.push(`${String(1 + (i % 28)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-2023;`
			+ `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')};Factuur ${i};${1 + (i % 10)};WRT-2023-${i}`);
	}
	return out.join('\r\n') + '\r\n';
}

test('forms sent during a large import wait their turn and are saved; public pages keep answering', async () => {
	const fd = new FormData();
	fd.append('csrf', as.member.csrf);
	fd.append('file', new Blob([ledger(LINES)], { type: 'text/csv' }), 'groot.csv');
	const up = await as.member.fetch('/funds/import', { method: 'POST', body: fd, headers: { accept: 'application/json' } });
	assert.equal(up.status, 201, up.body.slice(0, 300));
	const id = up.json.id;
	const eventsBefore = n('SELECT count(*) FROM event');

	let importing = true;
	const started = Date.now();
	const apply = as.member.post(`/funds/import/${id}`, {}).then((r) => { importing = false; return r; });
	// Public pages are read all the while, one after another.
	const reads = [];
	const reading = (async () => {
		while (importing && Date.now() - started < 120000)
			reads.push(await as.public.get(['/', '/actions', '/api/v1/actions'][reads.length % 3]));
	})();
	// Give the import a moment to take the writer, then send forms (another
	// user, one after another and several at once).
	await new Promise((ok) => setTimeout(ok, 150));
	const writes = [];
	for (let i = 0; i < WRITES; i++) {
		const during = importing;
		writes.push(as.coordinator.post('/events', {
			name: `Bijeenkomst tijdens import ${i}`, starts_on: '2024-06-02', location: 'Stadhuis', description: '', accessibility: '',
		}).then((r) => ({ r, during })));
		if (i % 3 === 2) await writes[i];
	}
	await reading;
	const done = await apply;
	const answered = await Promise.all(writes);

	assert.equal(done.status, 303, done.body.slice(0, 300));
	assert.equal(n(`SELECT count(*) FROM expense WHERE import_id = ${id}`), LINES, 'every line imported');
	for (const { r } of answered) assert.equal(r.status, 303, `a form during the import: ${r.status} ${r.body.slice(0, 200)}`);
	assert.ok(answered.some((w) => w.during), 'at least one form was sent while the import ran');
	assert.equal(n('SELECT count(*) FROM event') - eventsBefore, WRITES, 'every form was saved');
	assert.equal(n("SELECT count(*) FROM event WHERE name LIKE 'Bijeenkomst tijdens import %'"), WRITES);
	for (const r of reads) assert.equal(r.status, 200, `a public page during the import: ${r.status}`);
	assert.ok(reads.length > 0, 'public pages were read during the import');
	assert.ok(!srv.stderr().includes('database is locked'), 'no "database is locked" in the log');
});

test('a form waits while another process holds the writer for longer than 5 seconds, and is saved', async () => {
	const held = await holdWriter(db, 7000);
	const started = Date.now();
	const form = as.coordinator.post('/events', {
		name: 'Bijeenkomst na het wachten', starts_on: '2024-06-03', location: 'Stadhuis', description: '', accessibility: '',
	});
	// Meanwhile public pages are answered (a snapshot: no writer needed).
	const page = await as.public.get('/actions');
	assert.equal(page.status, 200);
	assert.ok(Date.now() - started < 5000, 'the page did not wait for the writer');
	const r = await form;
	const waited = Date.now() - started;
	await held.released;
	assert.equal(r.status, 303, `${r.status} ${r.body.slice(0, 200)}`);
	assert.ok(waited > 5000, `the form waited for the writer (${waited} ms)`);
	assert.equal(n("SELECT count(*) FROM event WHERE name = 'Bijeenkomst na het wachten'"), 1);
});
