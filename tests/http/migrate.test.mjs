// Upgrades (issue 13): `lia migrate --db FILE|URI [--dry-run]` says which
// migrations a database needs and what each changes, and applies them; a
// start (`lia serve`, `lia init`) migrates an existing database only after a
// backup is possible: a SQLite file is first backed up next to itself
// (FILE.before-NNNN.bak, 0600), and if that cannot be written lia refuses to
// start and changes nothing; a PostgreSQL database, which lia cannot back
// up, is migrated on start only with --migrate (or by `lia migrate`).
//
// A database at an older schema is made the way an older lia made it: `lia
// init` with LIA_TEST_SCHEMA_MAX=10, which makes lia know the migrations up
// to 0010 only (0011, the letter's signatories, and every later one are then
// pending). Runs on SQLite and, with LIA_TEST_DB=pg, on PostgreSQL.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/migrate.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { sql, sqlValue, sqlWrite } from '../lib/db.mjs';
import { runLia, startServe, tempDir, removeDir, exitReport, pgCreate, pgDrop, ON_PG, LIA_BIN } from '../lib/server.mjs';

const dir = tempDir('lia-migrate-');
const made = [];
after(() => {
	for (const db of made) if (ON_PG) pgDrop(db);
	removeDir(dir);
});

const EN = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };
const NL = { LC_ALL: 'nl_NL.UTF-8', LANG: 'nl_NL.UTF-8', LANGUAGE: '' };
const lia = (args, env = EN) => runLia(args, { cwd: dir, env, timeout: 60_000 });
const OLD = 10;
/** Another program (sh, setpriv) that runs lia: {code, stdout, stderr}. */
function run(bin, args, env = EN) {
	const r = spawnSync(bin, args, { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
	if (r.error) throw r.error;
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const latest = () => {
	// The newest migration this lia knows: what a fresh database gets.
	const db = newDb('latest');
	assert.equal(lia(['init', '--db', db]).code, 0);
	return Number(sqlValue(db, 'SELECT max(version) FROM lia_migration'));
};

let counter = 0;
/** A place for a new database: a file in its own folder, or a new PostgreSQL database. */
function newDb(tag) {
	if (ON_PG) {
		const uri = pgCreate();
		made.push(uri);
		return uri;
	}
	const sub = path.join(dir, `${tag}-${++counter}`);
	fs.mkdirSync(sub);
	return path.join(sub, 'lia.db');
}

/** A database made by a lia that knew the migrations up to 0010, with data in it. */
function oldDb(tag) {
	const db = newDb(tag);
	const r = lia(['init', '--db', db], { ...EN, LIA_TEST_SCHEMA_MAX: String(OLD) });
	assert.equal(r.code, 0, r.stderr);
	sqlWrite(db, `INSERT INTO organisation (kind, name, cbs_code) VALUES ('municipality', 'Gemeente Oudeversie', 'GM9999');
	              INSERT INTO person (name) VALUES ('Test Persoon');`);
	assert.equal(Number(sqlValue(db, 'SELECT max(version) FROM lia_migration')), OLD);
	return db;
}

/** Everything in the database, engine-neutral: every table's columns and rows. */
function snapshot(db) {
	const tables = ON_PG
		? sql(db, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
		: sql(db, "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view', 'trigger', 'index') ORDER BY name");
	const out = { objects: tables.map((t) => t.name) };
	const columns = ON_PG
		? sql(db, 'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2')
		: sql(db, "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1, 2");
	out.columns = columns.map((c) => `${c.table_name}.${c.column_name}`);
	for (const t of ['organisation', 'person', 'crpd_article', 'lia_migration', 'programme'])
		out[t] = sql(db, `SELECT * FROM ${t} ORDER BY 1`);
	return out;
}

const hasSignatories = (db) => snapshot(db).columns.includes('programme.letter_signatories');

test('lia migrate --dry-run lists what is pending, in the user\'s language, and changes nothing', () => {
	const db = oldDb('dry');
	const before = snapshot(db);
	assert.ok(!hasSignatories(db), 'the old schema has no signatories column');
	const r = lia(['migrate', '--db', db, '--dry-run']);
	assert.equal(r.code, 3, `exit code 3: migrations are pending\n${r.stderr}${r.stdout}`);
	assert.match(r.stdout, new RegExp(`has schema ${OLD}; this lia needs \\d+`));
	assert.match(r.stdout, /0011 signatories: who signs the cover letter to the council/);
	assert.match(r.stdout, /adds columns: programme\.letter_signatories/, 'what it adds, read from the migration');
	assert.match(r.stdout, /nothing was changed \(--dry-run\)/);
	assert.doesNotMatch(r.stdout, /0010 search/, 'applied migrations are not listed');
	const nl = lia(['migrate', '--db', db, '--dry-run'], NL);
	assert.equal(nl.code, 3);
	assert.match(nl.stdout, /0011 signatories: wie de brief aan de raad ondertekent/);
	assert.match(nl.stdout, /voegt kolommen toe: programme\.letter_signatories/);
	assert.deepEqual(snapshot(db), before, 'the database is as it was');
	if (!ON_PG) assert.deepEqual(fs.readdirSync(path.dirname(db)).filter((f) => f.includes('.bak')), [], 'no backup made');
});

test('lia migrate applies them (a SQLite file after a backup), then says the database is up to date', () => {
	const top = latest();
	const db = oldDb('apply');
	const before = snapshot(db);
	const r = lia(['migrate', '--db', db]);
	assert.equal(r.code, 0, r.stderr + r.stdout);
	assert.equal(Number(sqlValue(db, 'SELECT max(version) FROM lia_migration')), top);
	assert.ok(hasSignatories(db), 'the column 0011 adds is there');
	// (PostgreSQL: 0018 adds the municipality a row belongs to.)
	const rows = sql(db, 'SELECT * FROM organisation ORDER BY 1').map(({ municipality_id: _, ...rest }) => rest);
	assert.deepEqual(rows, before.organisation, 'the data stays');
	assert.match(r.stdout, new RegExp(`is up to date \\(schema ${top}\\)`));
	if (ON_PG) {
		assert.match(r.stdout, /pg_dump/, 'it reminds the operator that lia made no backup');
	} else {
		const bak = `${db}.before-0011.bak`;
		assert.ok(fs.existsSync(bak), r.stdout);
		assert.match(r.stdout, /a backup from before is in .*lia\.db\.before-0011\.bak/);
		assert.equal(fs.statSync(bak).mode & 0o777, 0o600, 'only the owner may read the backup');
		assert.equal(sqlValue(bak, 'PRAGMA integrity_check'), 'ok');
		assert.deepEqual(snapshot(bak), before, 'the backup is the database from before the migration');
	}
	const again = lia(['migrate', '--db', db, '--dry-run']);
	assert.equal(again.code, 0, 'nothing pending: exit code 0');
	assert.match(again.stdout, /is up to date/);
});

test('a database that needs migrations is refused by commands that do not migrate, pointing to lia migrate', () => {
	const db = oldDb('refuse');
	const before = snapshot(db);
	const r = lia(['user', 'list', '--db', db]);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /is older than this lia: run 'lia migrate --db .*' first/);
	assert.deepEqual(snapshot(db), before);
});

test('lia serve on an older SQLite file backs it up next to it first, then migrates and serves', { skip: ON_PG }, async () => {
	const db = oldDb('serve');
	const before = snapshot(db);
	const srv = await startServe(db);
	const health = await fetch(`${srv.url}healthz`);
	assert.equal(health.status, 200);
	const r = await srv.stop();
	assert.equal(r.code, 0, exitReport(r));
	assert.match(srv.stdout(), /goes from schema 10 to \d+; a backup from before is in .*lia\.db\.before-0011\.bak/);
	const bak = `${db}.before-0011.bak`;
	assert.equal(fs.statSync(bak).mode & 0o777, 0o600);
	// The backup opens as a whole lia database, at the old schema, with the data.
	const check = lia(['restore', '--db', path.join(path.dirname(db), 'restored.db'), '--input', bak]);
	assert.equal(check.code, 0, check.stderr);
	assert.match(check.stdout, /schema 10/);
	assert.deepEqual(snapshot(bak), before);
	assert.ok(hasSignatories(db), 'migrated');
	// A second start needs no migration: no second backup.
	const again = await startServe(db);
	assert.equal((await again.stop()).code, 0);
	assert.deepEqual(fs.readdirSync(path.dirname(db)).filter((f) => /^lia\.db\.before-/.test(f)), ['lia.db.before-0011.bak']);
});

test('when the backup cannot be written (disk full), lia does not start and changes nothing', { skip: ON_PG }, () => {
	const db = oldDb('full');
	const before = snapshot(db);
	const size = fs.statSync(db).size;
	// A file size limit below the database's size: writing the backup fails as
	// on a full disk (SIGXFSZ ignored, so write() says EFBIG).
	const cmd = `trap '' XFSZ; ulimit -f ${Math.floor(size / 1024 / 2)}; exec "$0" "$@"`;
	for (const args of [['serve', '--db', db, '--port', '0', '--quiet'], ['init', '--db', db]]) {
		const r = run('sh', ['-c', cmd, LIA_BIN, ...args]);
		assert.equal(r.code, 3, `${args[0]}: exit code 3\n${r.stderr}${r.stdout}`);
		assert.match(r.stderr, /could not make a backup of it first: .*Nothing was changed/, args[0]);
		assert.match(r.stderr, /Nothing was changed/);
		assert.deepEqual(snapshot(db), before, `${args[0]} changed nothing`);
		assert.deepEqual(fs.readdirSync(path.dirname(db)).filter((f) => f.includes('.bak')), [], 'no backup, not even half of one');
	}
	const nl = run('sh', ['-c', cmd, LIA_BIN, 'serve', '--db', db, '--port', '0'], NL);
	assert.equal(nl.code, 3);
	assert.match(nl.stderr, /Er is niets veranderd/);
});

test('in a folder lia cannot write in, lia does not start and changes nothing', { skip: ON_PG }, () => {
	const db = oldDb('readonly');
	const before = snapshot(db);
	const folder = path.dirname(db);
	let r;
	if (process.getuid() === 0) {
		// root writes anywhere: run lia as nobody, owning the file but not the folder.
		fs.chmodSync(dir, 0o755); // nobody may reach the folder, not write in it
		fs.chownSync(db, 65534, 65534);
		fs.chmodSync(folder, 0o755);
		r = run('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', LIA_BIN, 'serve', '--db', db, '--port', '0']);
	} else {
		fs.chmodSync(folder, 0o555);
		r = lia(['serve', '--db', db, '--port', '0']);
		fs.chmodSync(folder, 0o755);
	}
	assert.equal(r.code, 1, r.stderr);
	assert.match(r.stderr, /cannot write in the folder .* lia needs to, for the database's journal and for a backup/);
	assert.deepEqual(snapshot(db), before);
	assert.deepEqual(fs.readdirSync(folder).filter((f) => !/^lia\.db(-wal|-shm)?$/.test(f)), [], 'no backup, no other file');
});

test('lia backup works on a database that still needs migrations (a backup before them)', { skip: ON_PG }, () => {
	const db = oldDb('backup');
	const out = path.join(path.dirname(db), 'handmade.db');
	const r = lia(['backup', '--db', db, '--output', out]);
	assert.equal(r.code, 0, r.stderr);
	assert.equal(Number(sqlValue(out, 'SELECT max(version) FROM lia_migration')), OLD);
	assert.equal(fs.statSync(out).mode & 0o777, 0o600);
});

test('a PostgreSQL database is not migrated on start without --migrate: the message names pg_dump', { skip: !ON_PG }, async () => {
	const top = latest();
	const db = oldDb('pgserve');
	const before = snapshot(db);
	for (const args of [['serve', '--db', db, '--port', '0', '--quiet'], ['init', '--db', db]]) {
		const r = lia(args);
		assert.equal(r.code, 3, `${args[0]}: exit code 3\n${r.stderr}`);
		assert.match(r.stderr, /cannot back up a PostgreSQL database itself/);
		assert.match(r.stderr, /pg_dump --format=custom/);
		assert.match(r.stderr, /lia migrate --db URI/);
		assert.deepEqual(snapshot(db), before, `${args[0]} changed nothing`);
	}
	const srv = await startServe(db, { args: ['--migrate'] });
	assert.equal((await srv.stop()).code, 0);
	assert.equal(Number(sqlValue(db, 'SELECT max(version) FROM lia_migration')), top);
	assert.ok(hasSignatories(db));
});

test('a new database is simply made, with no backup', () => {
	const db = newDb('fresh');
	const r = lia(['init', '--db', db]);
	assert.equal(r.code, 0, r.stderr);
	assert.doesNotMatch(r.stdout, /backup/);
	if (!ON_PG) assert.deepEqual(fs.readdirSync(path.dirname(db)).filter((f) => f.includes('.bak')), []);
	const m = lia(['migrate', '--db', db]);
	assert.equal(m.code, 0);
	assert.match(m.stdout, /is up to date/);
});

test('what each pending migration changes is read from its SQL: tables, triggers, views, functions', () => {
	const db = newDb('plan');
	const r0 = lia(['init', '--db', db], { ...EN, LIA_TEST_SCHEMA_MAX: '8' });
	assert.equal(r0.code, 0, r0.stderr);
	const r = lia(['migrate', '--db', db, '--dry-run']);
	assert.equal(r.code, 3, r.stderr);
	assert.match(r.stdout, /0009 reports_frozen: a published report can never be changed or removed\n\s+adds triggers: published_report_no_update, published_report_no_delete/);
	assert.match(r.stdout, /0010 search: search in action points/);
	assert.match(r.stdout, /adds tables: search_index/);
	// Each engine's own file: SQLite's triggers per change and a view; PostgreSQL's trigger functions.
	if (ON_PG) assert.match(r.stdout, /adds functions: lia_search_put, lia_search_changed/);
	else assert.match(r.stdout, /adds views: search_source/);
	assert.doesNotMatch(r.stdout, /0008 reports/);
	const m = lia(['migrate', '--db', db]);
	assert.equal(m.code, 0, m.stderr + m.stdout);
	assert.equal(Number(sqlValue(db, 'SELECT min(version) FROM lia_migration WHERE version > 8')), 9, 'applied from 0009 on');
	assert.ok(hasSignatories(db));
});

test('several municipalities on SQLite: lia migrate --dry-run reports every municipality\'s file, and lia migrate brings each up to date', { skip: ON_PG && 'one database for all' }, () => {
	const db = newDb('several');
	let r = lia(['init', '--db', db]);
	assert.equal(r.code, 0, r.stderr);
	r = lia(['municipality', 'add', '--db', db, '--code', 'GM0202', '--slug', 'arnhem', '--name', 'Arnhem']);
	assert.equal(r.code, 0, r.stderr);
	// Arnhem's file as a lia before 0021 left it (restored from an older
	// backup, say): 0021 and every migration after it undone (on SQLite
	// those after it change nothing).
	const file = path.join(`${db}.d`, 'gm0202.sqlite');
	const latest = Number(sqlValue(file, 'SELECT max(version) FROM lia_migration'));
	assert.ok(latest >= 21, 'the file has 0021, which this test undoes');
	const triggers = sql(file, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lia_data_version_%'").map((t) => t.name);
	assert.ok(triggers.length > 0);
	sqlWrite(file, triggers.map((t) => `DROP TRIGGER "${t}";`).join(' ')
		+ ' DROP TABLE lia_data_version; DELETE FROM lia_migration WHERE version >= 21;');
	r = lia(['migrate', '--db', db, '--dry-run']);
	assert.equal(r.code, 3, `exit code 3: migrations are pending\n${r.stderr}${r.stdout}`);
	assert.match(r.stdout, new RegExp(`the database ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is up to date`));
	assert.match(r.stdout, new RegExp(`gm0202\\.sqlite has schema 20; this lia needs ${latest}`));
	assert.match(r.stdout, /0021 data_version/);
	r = lia(['migrate', '--db', db]);
	assert.equal(r.code, 0, r.stderr + r.stdout);
	assert.equal(Number(sqlValue(file, 'SELECT max(version) FROM lia_migration')), latest, 'Arnhem\'s file migrated');
	assert.ok(fs.readdirSync(`${db}.d`).some((f) => f.startsWith('gm0202.sqlite.before-')), 'after a backup of it');
	r = lia(['migrate', '--db', db, '--dry-run']);
	assert.equal(r.code, 0, r.stderr + r.stdout);
});
