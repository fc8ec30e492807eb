// The command line of privacy (AVG): `lia person erase|export` and `lia
// interview erase-notes` on a demo database (SQLite or, with LIA_TEST_DB=pg,
// PostgreSQL), and the modes of the files lia creates (owner only).
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/privacy_cli.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

import { runLia, startDemo, tempDir, removeDir, ON_PG } from '../lib/server.mjs';
import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';

const EN = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
const dirs = [];
after(() => dirs.forEach(removeDir));

/** A demo database with no server on it; its --db. */
async function demoDb() {
	const srv = await startDemo();
	await srv.stop();
	dirs.push(srv.dir);
	return srv;
}

test('lia person export prints every row about the person as JSON, without secrets', async (t) => {
	const srv = await demoDb();
	t.after(() => srv.cleanup());
	const p = sql(srv.db, `SELECT p.id, p.name, p.email FROM person p JOIN user_account u ON u.person_id = p.id
		WHERE p.email IS NOT NULL ORDER BY p.id LIMIT 1`)[0];
	assert.ok(p, 'the demo has a person with an account');
	const r = runLia(['person', 'export', '--db', srv.db, String(p.id)], { env: EN });
	assert.equal(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	assert.equal(doc.person.name, p.name);
	assert.equal(doc.tables['user_account.person_id'].length, 1);
	assert.ok(!r.stdout.includes('password_hash') && !r.stdout.includes('$argon2'), 'no password hashes');
	assert.ok(!r.stdout.includes('token_hash'), 'no token digests');
	const missing = runLia(['person', 'export', '--db', srv.db, '99999'], { env: EN });
	assert.equal(missing.code, 1);
	assert.match(missing.stderr, /no person 99999/);
	const usage = runLia(['person', 'export', '--db', srv.db], { env: EN });
	assert.equal(usage.code, 2);
	assert.equal(usage.stdout, '');
});

test('lia person erase leaves a tombstone and an audit entry without content; lia interview erase-notes works on a published period', async (t) => {
	const srv = await demoDb();
	t.after(() => srv.cleanup());
	// A person who took part in an interview and has an account.
	const p = sql(srv.db, `SELECT p.id, p.name, p.email FROM person p JOIN user_account u ON u.person_id = p.id
		WHERE p.email IS NOT NULL AND p.id IN (SELECT person_id FROM interview_participant) ORDER BY p.id LIMIT 1`)[0]
		?? sql(srv.db, 'SELECT p.id, p.name, p.email FROM person p WHERE p.email IS NOT NULL ORDER BY p.id LIMIT 1')[0];
	// A report frozen before consent was asked names them (as reports frozen by
	// earlier versions of lia do): lia says so after erasing, and leaves it.
	const open = Number(sqlValue(srv.db, "SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq LIMIT 1"));
	const bytes = `'# Verslag\n\nGesproken met ${p.name}.'`;
	sqlWrite(srv.db, `INSERT INTO published_report (period_id, document, lang, format, created_at, sha256, content)
		VALUES (${open}, 'report', 'nl', 'md', '2024-01-01T00:00:00Z', 'x', ${ON_PG ? `convert_to(${bytes}, 'UTF8')` : `CAST(${bytes} AS BLOB)`})`);
	const r = runLia(['person', 'erase', '--db', srv.db, String(p.id)], { env: EN });
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, new RegExp(`person ${p.id} is erased; lia now shows them as "Persoon ${p.id}"`));
	assert.match(r.stdout, new RegExp(`published report of period ${open} \\(report, nl, md\\) still names them`));
	const row = sql(srv.db, `SELECT name, email, erased_at FROM person WHERE id = ${p.id}`)[0];
	assert.equal(row.name, `Persoon ${p.id}`);
	assert.equal(row.email, null);
	assert.ok(row.erased_at);
	const again = runLia(['person', 'erase', '--db', srv.db, String(p.id)], { env: EN });
	assert.equal(again.code, 1);
	assert.match(again.stderr, /erased already/);
	const audit = sql(srv.db, `SELECT before_json, after_json FROM audit_entry WHERE entity = 'person' AND entity_id = ${p.id}`);
	assert.ok(audit.length >= 1);
	const text = JSON.stringify(audit);
	assert.ok(!text.includes(p.name), 'the audit log does not hold the old name');
	assert.ok(!text.includes(p.email), 'the audit log does not hold the old e-mail address');
	assert.equal(Number(sqlValue(srv.db, `SELECT count(*) FROM audit_entry WHERE action = 'erase' AND entity = 'person' AND entity_id = ${p.id}`)), 1);

	const iv = sql(srv.db, `SELECT i.id, i.restricted_notes FROM interview i JOIN reporting_period r ON r.id = i.period_id
		WHERE r.state = 'published' AND i.restricted_notes <> '' ORDER BY i.id LIMIT 1`)[0];
	assert.ok(iv, 'the demo has notes in a published period');
	const n = runLia(['interview', 'erase-notes', '--db', srv.db, String(iv.id)], { env: EN });
	assert.equal(n.code, 0, n.stderr);
	assert.equal(sqlValue(srv.db, `SELECT restricted_notes FROM interview WHERE id = ${iv.id}`), '');
	const all = JSON.stringify(sql(srv.db, 'SELECT before_json, after_json FROM audit_entry'));
	assert.ok(!all.includes(iv.restricted_notes.slice(0, 30)), 'no audit entry holds the notes');
});

test('files lia creates are readable by their owner only', { skip: ON_PG && 'SQLite files only' }, () => {
	const dir = tempDir('lia-modes-');
	dirs.push(dir);
	// A permissive umask in the caller: lia sets its own.
	const db = path.join(dir, 'modes.db');
	const init = runLia(['init', '--db', db], { env: EN, cwd: dir });
	assert.equal(init.code, 0, init.stderr);
	const backup = path.join(dir, 'backup.db');
	assert.equal(runLia(['backup', '--db', db, '--output', backup], { env: EN }).code, 0);
	for (const f of [db, backup])
		assert.equal(fs.statSync(f).mode & 0o777, 0o600, `${path.basename(f)}: mode ${(fs.statSync(f).mode & 0o777).toString(8)}`);
	for (const f of fs.readdirSync(dir))
		assert.equal(fs.statSync(path.join(dir, f)).mode & 0o077, 0, `${f} is not readable by others`);
});

test('lia export-all writes every table and the published reports byte for byte, without secrets', async (t) => {
	const srv = await demoDb();
	t.after(() => srv.cleanup());
	const out = path.join(srv.dir, 'overdracht') + '/';
	const r = runLia(['export-all', '--db', srv.db, '--output', out], { env: EN });
	assert.equal(r.code, 0, r.stderr);
	const files = fs.readdirSync(out);
	for (const table of ['person', 'user_account', 'interview', 'audit_entry', 'access_log', 'progress_update', 'expense'])
		assert.ok(files.includes(`${table}.json`), `${table}.json written`);
	const people = JSON.parse(fs.readFileSync(path.join(out, 'person.json'), 'utf8'));
	assert.equal(people.length, Number(sqlValue(srv.db, 'SELECT count(*) FROM person')));
	const all = files.filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n');
	assert.ok(!all.includes('$argon2'), 'no password hashes');
	assert.ok(!all.includes('token_hash') && !all.includes('csrf_token'), 'no session or token secrets');
	assert.ok(!files.includes('privacy_key.json'), 'no digest keys');
	const reports = sql(srv.db, 'SELECT period_id, document, lang, format, sha256 FROM published_report');
	assert.ok(reports.length > 0, 'the demo has published reports');
	for (const rep of reports) {
		const bytes = fs.readFileSync(path.join(out, 'reports', `${rep.period_id}-${rep.document}-${rep.lang}.${rep.format}`));
		assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), rep.sha256, 'the report as published');
	}
	const one = path.join(srv.dir, 'overdracht.json');
	assert.equal(runLia(['export-all', '--db', srv.db, '--output', one], { env: EN }).code, 0);
	const doc = JSON.parse(fs.readFileSync(one, 'utf8'));
	assert.equal(doc.tables.person.length, people.length);
	assert.equal(doc.reports.length, reports.length);
	const usage = runLia(['export-all', '--db', srv.db], { env: EN });
	assert.equal(usage.code, 2);
});

test('lia purge removes only what is past its period at the (moved) clock, and records that it ran', async (t) => {
	const srv = await demoDb();
	t.after(() => srv.cleanup());
	sqlWrite(srv.db, `INSERT INTO sign_in_attempt (at, email, address, success) VALUES
		('2030-01-01T00:00:00Z', 'oud@example.org', '192.0.2.7', 0), ('2030-03-25T00:00:00Z', 'nieuw@example.org', '192.0.2.8', 0)`);
	sqlWrite(srv.db, `INSERT INTO access_log (at, address, what, allowed) VALUES ('2030-01-01T00:00:00Z', '192.0.2.7', 'people', 1)`);
	sqlWrite(srv.db, "UPDATE retention_setting SET days = 30 WHERE kind IN ('sign_in_attempts', 'access_log')");
	const notes = Number(sqlValue(srv.db, `SELECT count(*) FROM interview i JOIN reporting_period r ON r.id = i.period_id
		WHERE r.state = 'published' AND i.restricted_notes <> ''`));
	assert.ok(notes > 0);
	const purge = (now, ...args) => runLia(['purge', '--db', srv.db, ...args], { env: { ...EN, LIA_TEST_NOW: now } });
	const count = (q) => Number(sqlValue(srv.db, q));
	const audits = () => count("SELECT count(*) FROM audit_entry WHERE action = 'purge'");

	// Before anything is due (and before the demo's reports are a year old): nothing goes.
	sqlWrite(srv.db, "UPDATE retention_setting SET days = 3650 WHERE kind = 'restricted_notes'");
	let r = purge('2030-01-15T00:00:00Z');
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /Sign-in attempts: 0 removed/);
	assert.equal(count("SELECT count(*) FROM sign_in_attempt WHERE email LIKE '%example.org' AND address LIKE '192.0.2.%'"), 2);

	// 35 days on: the old attempt and log entry are due; a dry run only counts.
	r = purge('2030-02-05T00:00:00Z', '--dry-run');
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /Sign-in attempts: 1 would be removed/);
	assert.match(r.stdout, /Access log entries: 1 would be removed/);
	assert.equal(count("SELECT count(*) FROM sign_in_attempt WHERE address LIKE '192.0.2.%'"), 2, 'a dry run changes nothing');
	const before = audits();
	r = purge('2030-02-05T00:00:00Z');
	assert.equal(r.code, 0, r.stderr);
	assert.equal(count("SELECT count(*) FROM sign_in_attempt WHERE address = '192.0.2.7'"), 0);
	assert.equal(count("SELECT count(*) FROM sign_in_attempt WHERE address = '192.0.2.8'"), 1, 'the newer one stays');
	assert.equal(count("SELECT count(*) FROM access_log WHERE address = '192.0.2.7'"), 0);
	assert.equal(count("SELECT count(*) FROM interview WHERE restricted_notes <> ''") >= notes, true, 'notes not yet due stay');
	assert.equal(audits(), before + 1);
	const entry = JSON.parse(sqlValue(srv.db, "SELECT after_json FROM audit_entry WHERE action = 'purge' ORDER BY id DESC LIMIT 1"));
	assert.equal(entry.sign_in_attempts, 1);
	assert.equal(entry.access_log, 1);
	assert.ok(!JSON.stringify(entry).includes('oud@example.org'), 'counts, no content');

	// With a period of a year, the notes of reports published before 2029 go (erased, the interviews stay).
	sqlWrite(srv.db, "UPDATE retention_setting SET days = 365 WHERE kind = 'restricted_notes'");
	const interviews = count('SELECT count(*) FROM interview');
	r = purge('2030-02-05T00:00:00Z');
	assert.equal(r.code, 0, r.stderr);
	assert.equal(count(`SELECT count(*) FROM interview i JOIN reporting_period r ON r.id = i.period_id
		WHERE r.state = 'published' AND i.restricted_notes <> ''`), 0);
	assert.equal(count('SELECT count(*) FROM interview'), interviews);

	assert.equal(purge('not-a-time').code, 1);
	assert.equal(runLia(['purge'], { env: EN }).code, 2);
});
