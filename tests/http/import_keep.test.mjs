// HTTP and command-line tests of uploaded expense files that were never
// imported (issue 13). An import broken off after its file was kept (the
// server or `lia import` killed between keeping and importing) is not a
// dead end: the upload page lists it to continue, uploading or importing
// the same file again continues it instead of keeping it twice. Files that
// are not imported are removed after --keep-imports / --keep-days days:
// by `lia import clean`, and by `lia serve` at start (and daily). The clock
// is set by moving the stored upload times back.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/import_keep.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';
import { textOf } from '../lib/http.mjs';
import { agent, startDemoSignedIn } from '../lib/auth.mjs';
import { runLia, startServe, exitReport, ON_PG } from '../lib/server.mjs';

let srv, db, as;

before(async () => {
	({ srv, db, as } = await startDemoSignedIn());
});

after(async () => {
	if (srv) await srv.cleanup();
});

const n = (q) => Number(sqlValue(db, q));
// A change behind lia's back (SQLite waits for the server's writes), and a
// time N days ago as lia writes it.
const write = (q) => sqlWrite(db, ON_PG ? q : `PRAGMA busy_timeout = 5000; ${q}`);
const ago = (days) => new Date(Date.now() - days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
const JSON_ACCEPT = { headers: { accept: 'application/json' } };

/** A file of the financial system with lines no other test adds. */
function ledger(tag) {
	return ['datum;bedrag;omschrijving;toekenning;referentie',
		`03-03-2026;-41,00;Tolk ${tag};IA26-02;KEEP-${tag}-1`,
		`04-03-2026;-12,50;Drukwerk ${tag};IA26-02;KEEP-${tag}-2`].join('\r\n') + '\r\n';
}

async function upload(content, name = 'export.csv') {
	const fd = new FormData();
	fd.append('csrf', as.member.csrf);
	fd.append('file', new Blob([content], { type: 'text/csv' }), name);
	return as.member.fetch('/funds/import', { method: 'POST', body: fd, ...JSON_ACCEPT });
}

test('an upload that was not imported is listed to continue, and uploading it again continues it', async () => {
	const content = ledger('web');
	const first = await upload(content, 'februari.csv');
	assert.equal(first.status, 201, first.body.slice(0, 300));
	const id = JSON.parse(first.body).id;
	// The import broke off here: nothing added, the file kept.
	assert.equal(n(`SELECT count(*) FROM expense WHERE import_id = ${id}`), 0);

	const form = await as.member.get('/funds/import');
	assert.equal(form.status, 200);
	assert.match(textOf(form.body), /Imports die niet zijn afgemaakt/);
	assert.ok(form.body.includes(`<a href="/funds/import/${id}">Ga verder met februari.csv</a>`), 'a link to continue it');
	const formJson = JSON.parse((await as.member.get('/funds/import', JSON_ACCEPT)).body);
	assert.ok(formJson.has_open);
	assert.ok(formJson.open_imports.some((o) => o.id === id && o.file_name === 'februari.csv' && o.href === `/funds/import/${id}`));

	// The same bytes again: the same import, not a second copy.
	const again = await upload(content, 'februari-opnieuw.csv');
	assert.equal(again.status, 201, again.body.slice(0, 300));
	assert.equal(JSON.parse(again.body).id, id);
	assert.equal(n(`SELECT count(*) FROM expense_import WHERE digest = (SELECT digest FROM expense_import WHERE id = ${id})`), 1);

	// Continue it: the lines are added, and it is no longer listed.
	const done = await as.member.post(`/funds/import/${id}`, {});
	assert.equal(done.status, 303, done.body.slice(0, 300));
	assert.equal(n(`SELECT count(*) FROM expense WHERE import_id = ${id}`), 2);
	const after = JSON.parse((await as.member.get('/funds/import', JSON_ACCEPT)).body);
	assert.ok(!after.open_imports.some((o) => o.id === id), 'an imported file is not listed as open');
	// A file imported once, uploaded again, is a new check (its lines are duplicates now), not the old import.
	const third = await upload(content);
	assert.ok(third.status === 201 || third.status === 422, third.body.slice(0, 300));
	if (third.status === 201) assert.notEqual(JSON.parse(third.body).id, id);
});

test('lia import expenses continues an import of the same file that was broken off', async () => {
	const content = ledger('cli');
	const up = await upload(content);
	assert.equal(up.status, 201, up.body.slice(0, 300));
	const id = JSON.parse(up.body).id;
	const file = path.join(srv.dir, 'cli.csv');
	fs.writeFileSync(file, content);
	const r = runLia(['import', 'expenses', file, '--db', db]);
	assert.equal(r.code, 0, r.stderr + r.stdout);
	assert.match(r.stdout, new RegExp(`import ${id}|importnummer ${id}|import number ${id}`, 'i'));
	assert.equal(n(`SELECT count(*) FROM expense WHERE import_id = ${id}`), 2, 'the lines went to the import that was broken off');
	assert.equal(n(`SELECT count(*) FROM expense_import WHERE digest = (SELECT digest FROM expense_import WHERE id = ${id})`), 1,
		'the file is kept once');
	assert.ok(sqlValue(db, `SELECT imported_at FROM expense_import WHERE id = ${id}`), 'and it is imported now');
});

test('lia import clean removes files not imported within --keep-days days, and keeps the rest', async () => {
	const old = JSON.parse((await upload(ledger('old'))).body).id;
	const recent = JSON.parse((await upload(ledger('recent'))).body).id;
	const imported = JSON.parse((await upload(ledger('imported'))).body).id;
	assert.equal((await as.member.post(`/funds/import/${imported}`, {})).status, 303);
	// Ten days ago for the old one and the imported one; two days ago for the recent one.
	write(`UPDATE expense_import SET created_at = '${ago(10)}' WHERE id IN (${old}, ${imported});
	       UPDATE expense_import SET created_at = '${ago(2)}' WHERE id = ${recent};`);
	const r = runLia(['import', 'clean', '--db', db]);
	assert.equal(r.code, 0, r.stderr + r.stdout);
	assert.match(r.stdout, /1/);
	const left = sql(db, `SELECT id FROM expense_import WHERE id IN (${old}, ${recent}, ${imported}) ORDER BY id`).map((x) => x.id);
	assert.deepEqual(left, [recent, imported], 'the old open file is gone; the recent one and the imported one stay');
	assert.equal(n(`SELECT count(*) FROM expense WHERE import_id = ${imported}`), 2, 'what was imported stays');
	assert.equal(n(`SELECT count(*) FROM audit_entry WHERE entity = 'expense_import' AND entity_id = ${old} AND action = 'delete'`), 1,
		'the removal is in the audit log');
	// A shorter time: the recent one goes too.
	const r2 = runLia(['import', 'clean', '--db', db, '--keep-days', '1']);
	assert.equal(r2.code, 0, r2.stderr + r2.stdout);
	assert.equal(n(`SELECT count(*) FROM expense_import WHERE id = ${recent}`), 0);
	const bad = runLia(['import', 'clean', '--db', db, '--keep-days', 'week']);
	assert.equal(bad.code, 2, bad.stderr);
});

test('lia serve removes files not imported within --keep-imports days when it starts', async () => {
	const old = JSON.parse((await upload(ledger('serve-old'))).body).id;
	const fresh = JSON.parse((await upload(ledger('serve-fresh'))).body).id;
	write(`UPDATE expense_import SET created_at = '${ago(8)}' WHERE id = ${old};
	       UPDATE expense_import SET created_at = '${ago(4)}' WHERE id = ${fresh};`);
	// The default (7 days) removes the one of 8 days, not the one of 4.
	let s = await startServe(db);
	let r = await s.stop();
	assert.equal(r.code, 0, exitReport(r));
	assert.equal(n(`SELECT count(*) FROM expense_import WHERE id = ${old}`), 0, 'removed at start');
	assert.equal(n(`SELECT count(*) FROM expense_import WHERE id = ${fresh}`), 1, 'kept: within 7 days');
	s = await startServe(db, { args: ['--keep-imports', '3'] });
	r = await s.stop();
	assert.equal(r.code, 0, exitReport(r));
	assert.equal(n(`SELECT count(*) FROM expense_import WHERE id = ${fresh}`), 0, 'removed with --keep-imports 3');
});

test('lia import clean also removes files of action points never applied, and keeps applied ones (issue 11)', async () => {
	const text = (await as.coordinator.get('/actions/export.csv')).body;
	const send = async (content) => {
		const fd = new FormData();
		fd.append('csrf', as.coordinator.csrf);
		fd.append('file', new Blob([content], { type: 'text/csv' }), 'actiepunten.csv');
		const r = await as.coordinator.fetch('/actions/import', { method: 'POST', body: fd, ...JSON_ACCEPT });
		assert.equal(r.status, 201, r.body.slice(0, 300));
		return JSON.parse(r.body).id;
	};
	const open = await send(text);
	const applied = await send(text.split('\r\n')[0] + '\r\n"";"KEEP-01";"Bewaard";"";"Werk";"";"";"";"";"";"";"";""\r\n');
	assert.equal((await as.coordinator.post(`/actions/import/${applied}`, {})).status, 303);
	write(`UPDATE action_import SET created_at = '${ago(10)}' WHERE id IN (${open}, ${applied});`);
	const r = runLia(['import', 'clean', '--db', db]);
	assert.equal(r.code, 0, r.stderr + r.stdout);
	assert.deepEqual(sql(db, `SELECT id FROM action_import WHERE id IN (${open}, ${applied})`).map((x) => x.id), [applied]);
	assert.equal(n(`SELECT count(*) FROM audit_entry WHERE entity = 'action_import' AND entity_id = ${open} AND action = 'delete'`), 1);
});

test('a server killed (kill -9) after keeping an upload: after a restart the import is listed, its preview shows its lines, and importing it adds them', async () => {
	// A second server on the same database, killed between keeping the file and importing it.
	const first = await startServe(db);
	const moveTo = (server) => {
		const a = agent(server.url.replace(/\/$/, ''));
		for (const [k, v] of as.member.jar) a.jar.set(k, v); // the session lives in the database
		a.csrf = as.member.csrf;
		return a;
	};
	let member = moveTo(first);
	const fd = new FormData();
	fd.append('csrf', member.csrf);
	fd.append('file', new Blob([ledger('killed')], { type: 'text/csv' }), 'maart.csv');
	const up = await member.fetch('/funds/import', { method: 'POST', body: fd, ...JSON_ACCEPT });
	assert.equal(up.status, 201, up.body.slice(0, 300));
	const id = JSON.parse(up.body).id;
	first.child.kill('SIGKILL');
	const gone = await first.stop();
	assert.equal(gone.signal, 'SIGKILL');
	assert.equal(n(`SELECT count(*) FROM expense WHERE import_id = ${id}`), 0, 'nothing was imported before the kill');

	const second = await startServe(db);
	try {
		member = moveTo(second);
		const list = await member.get('/funds/import');
		assert.equal(list.status, 200);
		assert.ok(list.body.includes(`<a href="/funds/import/${id}">Ga verder met maart.csv</a>`), 'listed to continue');
		const preview = await member.get(`/funds/import/${id}`, JSON_ACCEPT);
		assert.equal(preview.status, 200, preview.body.slice(0, 300));
		assert.match(preview.body, /Tolk killed/, 'the preview shows the kept lines');
		const done = await member.post(`/funds/import/${id}`, {});
		assert.equal(done.status, 303, done.body.slice(0, 300));
		assert.equal(n(`SELECT count(*) FROM expense WHERE import_id = ${id}`), 2, 'importing it adds its lines, not nothing');
		assert.ok(sqlValue(db, `SELECT imported_at FROM expense_import WHERE id = ${id}`));
	} finally {
		assert.equal((await second.stop()).code, 0);
	}
});
