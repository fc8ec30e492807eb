// lia backup and lia restore: a backup made while the server writes is one
// consistent state; after the server is killed mid-write, restoring the last
// backup brings back every row it held, and the server serves it again. A
// damaged or foreign backup is refused and changes nothing; the database a
// restore replaces is kept beside it.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/backup.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { LIA_BIN, runLia, startDemo, startServe, tempDir, removeDir, ON_PG } from '../lib/server.mjs';
import { sql, sqlWrite } from '../lib/db.mjs';
import { signIn, DEMO } from '../lib/auth.mjs';

const EN = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };

/** Every row of every table of a SQLite file, as text (sorted per table). */
function allRows(db) {
	const tables = sql(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' ORDER BY name")
		.map((r) => r.name);
	return Object.fromEntries(tables.map((t) => [t, sql(db, `SELECT * FROM "${t}"`).map((r) => JSON.stringify(r)).sort()]));
}

const sha = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** lia COMMAND ... without waiting (the backup runs while writes go on). */
function liaAsync(args) {
	return new Promise((resolve) => {
		const child = spawn(LIA_BIN, args, { env: { ...process.env, ...EN } });
		let stdout = '', stderr = '';
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.on('data', (d) => { stderr += d; });
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

test('on PostgreSQL, backup and restore point to pg_dump and pg_restore', { skip: !ON_PG && 'runs with LIA_TEST_DB=pg' }, async () => {
	const demo = await startDemo();
	await demo.stop();
	for (const args of [['backup', '--db', demo.db, '--output', '/tmp/x.db'], ['restore', '--db', demo.db, '--input', '/tmp/x.db']]) {
		const r = runLia(args, { env: EN });
		assert.equal(r.code, 1);
		assert.match(r.stderr, /pg_dump and restored with pg_restore/);
	}
	await demo.cleanup();
});

test('a backup made during writes, restored after the server was killed, holds every row it had', { skip: ON_PG && 'SQLite files' }, async () => {
	const dir = tempDir('lia-backup-');
	try {
		const demo = await startDemo({ dir, sqlite: true });
		assert.equal((await demo.stop()).code, 0);
		const db = path.join(dir, 'demo.db');
		const backup = path.join(dir, 'backup.db');
		const srv = await startServe(db);
		const base = srv.url.replace(/\/$/, '');
		const member = await signIn(base, DEMO.member);
		const write = async (i) => {
			const r = await member.post('/events', { name: `Bijeenkomst ${i}`, starts_on: '2024-06-02', location: 'Stadhuis', description: '', accessibility: '' });
			assert.equal(r.status, 303, r.body.slice(0, 200));
		};
		// Writes before, during and after the backup (two at a time).
		for (let i = 0; i < 10; i++) await write(i);
		const during = [];
		for (let i = 10; i < 40; i += 2) during.push(write(i), write(i + 1));
		const made = await liaAsync(['backup', '--db', db, '--output', backup]);
		await Promise.all(during);
		assert.equal(made.code, 0, made.stderr);
		assert.match(made.stdout, /wrote a checked backup of .*demo\.db to .*backup\.db/);
		assert.ok(!fs.existsSync(`${backup}.tmp`), 'no temporary file left');
		for (let i = 40; i < 50; i++) await write(i);
		srv.child.kill('SIGKILL');
		await new Promise((r) => srv.child.once('exit', r));

		const inBackup = allRows(backup);
		const names = inBackup.event.map((e) => JSON.parse(e).name);
		for (let i = 0; i < 10; i++) assert.ok(names.includes(`Bijeenkomst ${i}`), `the backup holds the write made before it (${i})`);
		assert.ok(!names.includes('Bijeenkomst 45'), 'the backup holds nothing written after it');
		// One consistent state: each event in the backup has its audit entry
		// (written in the same transaction), and no audit entry lacks its event.
		const events = names.filter((n) => n.startsWith('Bijeenkomst ')).length;
		const audited = inBackup.audit_entry.map((e) => JSON.parse(e))
			.filter((e) => e.entity === 'event' && e.action === 'create' && String(e.after_json).includes('Bijeenkomst ')).length;
		assert.ok(events >= 10 && events <= 40, `${events} events`);
		assert.equal(audited, events, 'every event in the backup has its audit entry and the other way round');

		const r = runLia(['restore', '--db', db, '--input', backup], { env: EN });
		assert.equal(r.code, 0, r.stderr);
		const kept = /kept as (\S+)/.exec(r.stdout)?.[1];
		assert.ok(kept && fs.existsSync(kept), `the replaced database is kept: ${r.stdout}`);
		assert.ok(sql(kept, "SELECT count(*) AS n FROM event WHERE name = 'Bijeenkomst 49'")[0].n === 1, 'the kept database still has the last write');
		assert.deepEqual(allRows(db), inBackup, 'every row of the backup, and nothing else, is back');
		assert.equal(sql(db, 'PRAGMA integrity_check')[0].integrity_check, 'ok');

		const again = await startServe(db);
		const page = await fetch(again.url + 'events');
		assert.equal(page.status, 200);
		assert.match(await page.text(), /Bijeenkomst 9/);
		assert.equal((await again.stop()).code, 0);
	} finally {
		removeDir(dir);
	}
});

test('a damaged or foreign backup is refused and the database stays as it was', { skip: ON_PG && 'SQLite files' }, async () => {
	const dir = tempDir('lia-restore-');
	try {
		const demo = await startDemo({ dir, sqlite: true });
		assert.equal((await demo.stop()).code, 0);
		const db = path.join(dir, 'demo.db');
		const good = path.join(dir, 'good.db');
		assert.equal(runLia(['backup', '--db', db, '--output', good], { env: EN }).code, 0);
		const before = sha(db);
		const damaged = path.join(dir, 'damaged.db');
		const bytes = fs.readFileSync(good);
		fs.writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
		const foreign = path.join(dir, 'foreign.db');
		fs.writeFileSync(foreign, '');
		spawnSqlite(foreign);
		const text = path.join(dir, 'notes.txt');
		fs.writeFileSync(text, 'not a database at all\n'.repeat(100));
		for (const [input, why] of [[damaged, /integrity check failed|malformed|not a database/], [foreign, /not a lia database/],
			[text, /not a database/], [path.join(dir, 'missing.db'), /unable to open|cannot be used/]]) {
			const r = runLia(['restore', '--db', db, '--input', input], { env: EN });
			assert.equal(r.code, 1, `${input}: ${r.stdout}${r.stderr}`);
			assert.match(r.stderr, /nothing was restored/);
			assert.match(r.stderr, why, input);
			assert.equal(sha(db), before, 'the database is unchanged');
			assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('before-restore') || f.includes('restore-tmp')), []);
		}
		const nl = runLia(['restore', '--db', db, '--input', text], { env: { LC_ALL: 'nl_NL.UTF-8', LANG: 'nl_NL.UTF-8', LANGUAGE: '' } });
		assert.match(nl.stderr, /niets teruggezet/);
	} finally {
		removeDir(dir);
	}
});

/** A SQLite database that is not lia's: one table of its own. */
function spawnSqlite(file) {
	fs.rmSync(file, { force: true });
	sqlWrite(file, 'CREATE TABLE other (x INTEGER)');
}
