// lia on PostgreSQL (docs/postgresql.md): --db takes a postgresql:// URI on
// the command line (init, demo, user, report), the answers are the same as
// on SQLite, the database itself refuses what the SQLite triggers refuse, a
// foreign database is left alone, and an unreachable server gives one clear
// line that names the URI without its password.
//
// It needs a PostgreSQL cluster: the one of `make http-pg` (LIA_TEST_PG), or
// otherwise one it starts itself with tests/lib/pg.sh and stops afterwards,
// so it runs (never skips) under `make http` too.
//
// Run: LIA_BIN=/abs/path/to/lia node --test tests/http/postgres.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { runLia, startLia, tempDir, removeDir } from '../lib/server.mjs';
import { sqlValue, sqlWrite } from '../lib/db.mjs';

const PG_SH = path.resolve(import.meta.dirname, '../lib/pg.sh');
let admin = process.env.LIA_TEST_PG;
let ownCluster = null;
let dir;
const made = [];

/** A new, empty database in the cluster; its URI. */
function newDatabase() {
	const name = `lia_pgtest_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
	execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', admin, '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
	made.push(name);
	return admin.replace(/\/[^/]*$/, `/${name}`);
}

before(() => {
	dir = tempDir('lia-pgtest-');
	if (!admin) {
		const out = execFileSync(PG_SH, ['start'], { encoding: 'utf8' });
		ownCluster = /LIA_TEST_PG_DIR=([^;]+);/.exec(out)[1];
		admin = /LIA_TEST_PG=([^;]+);/.exec(out)[1];
		// As pg.sh run sets them: no TLS or Kerberos set-up for a local cluster.
		process.env.PGSSLMODE = 'disable';
		process.env.PGGSSENCMODE = 'disable';
	}
});

after(() => {
	if (ownCluster) {
		execFileSync(PG_SH, ['stop', ownCluster]);
	} else {
		for (const name of made)
			execFileSync('psql', ['-X', '-q', admin, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
	}
	removeDir(dir);
});

test('lia init on an empty PostgreSQL database makes the schema and reference data; again it is up to date', () => {
	const db = newDatabase();
	const r = runLia(['init', '--db', db]);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /created the empty database|lege database/);
	assert.equal(sqlValue(db, 'SELECT count(*) FROM crpd_article'), 50);
	assert.ok(sqlValue(db, 'SELECT max(version) FROM lia_migration') >= 9);
	const again = runLia(['init', '--db', db]);
	assert.equal(again.code, 0, again.stderr);
	assert.doesNotMatch(again.stdout, /created/);
	assert.equal(sqlValue(db, 'SELECT count(*) FROM crpd_article'), 50, 'reference data is not loaded twice');
});

test('lia user add and list work on a PostgreSQL database; new ids follow the ones there', () => {
	const db = newDatabase();
	assert.equal(runLia(['init', '--db', db]).code, 0);
	const add = runLia(['user', 'add', '--db', db, '--email', 'nieuw@example.org', '--role', 'reader', '--name', 'Nieuw',
		'--password-stdin'], { input: 'plein boom regen lamp\n' });
	assert.equal(add.code, 0, add.stderr);
	const list = runLia(['user', 'list', '--db', db]);
	assert.equal(list.code, 0, list.stderr);
	assert.match(list.stdout, /nieuw@example\.org/);
	assert.equal(sqlValue(db, "SELECT count(*) FROM audit_entry WHERE entity = 'user_account' AND action = 'create'"), 1);
});

/** lia demo on db, the JSON of paths, and the server stopped again. */
async function demoAnswers(db, paths) {
	const srv = await startLia(['demo', '--db', db, '--port', '0', '--quiet'], { cwd: dir });
	const answers = {};
	try {
		for (const p of paths) {
			const r = await fetch(srv.url + p.replace(/^\//, ''), { headers: { accept: 'application/json' } });
			assert.equal(r.status, 200, `${p} on ${db}`);
			answers[p] = await r.json();
		}
	} finally {
		const end = await srv.stop();
		assert.equal(end.code, 0, end.stderr);
	}
	return answers;
}

test('the demo on PostgreSQL answers exactly as the demo on SQLite', async () => {
	const paths = ['/api/v1/', '/api/v1/themes', '/api/v1/themes/1', '/api/v1/themes/2', '/api/v1/actions',
		'/api/v1/actions/1', '/api/v1/actions/5', '/api/v1/crpd', '/api/v1/crpd/9', '/api/v1/periods', '/api/v1/periods/1',
		'/api/v1/periods/2', '/api/v1/periods/2/report', '/api/v1/funds', '/api/v1/funds?year=2023',
		'/api/v1/funds/expenses', '/api/v1/funds/allocations/1', '/api/v1/organisation', '/api/v1/events',
		'/api/v1/interviews', '/api/v1/interviews/1'];
	const pg = await demoAnswers(newDatabase(), paths);
	const lite = await demoAnswers(path.join(dir, 'demo.db'), paths);
	for (const p of paths) assert.deepEqual(withoutPdfSums(pg[p]), withoutPdfSums(lite[p]), p);
});

/** v without the checksums of PDF files (a PDF holds the moment it was made)
 * and of the report as a whole, which covers them; every other checksum
 * (HTML, Markdown, CSV, JSON) stays and must be equal. */
function withoutPdfSums(v) {
	if (Array.isArray(v)) return v.map(withoutPdfSums);
	if (!v || typeof v !== 'object') return v;
	const out = {};
	for (const [k, x] of Object.entries(v)) {
		if (k === 'sha256' && (typeof v.href !== 'string' || v.href.endsWith('.pdf'))) continue;
		out[k] = withoutPdfSums(x);
	}
	return out;
}

test('PostgreSQL itself refuses what the SQLite triggers refuse', async () => {
	const db = newDatabase();
	const srv = await startLia(['demo', '--db', db, '--port', '0', '--quiet'], { cwd: dir });
	const end = await srv.stop();
	assert.equal(end.code, 0, end.stderr);
	assert.ok(sqlValue(db, 'SELECT count(*) FROM published_report') > 0);
	// Rows belong to a municipality (0018): a session that writes names it.
	const m1 = `${db}?options=-c%20lia.municipality%3D1`;
	const refused = (statement, why) => assert.throws(() => sqlWrite(m1, statement), why, statement);
	refused("UPDATE published_report SET sha256 = 'x'", /cannot be changed/);
	refused('DELETE FROM published_report', /cannot be removed/);
	refused('TRUNCATE published_report', /cannot be removed/);
	sqlWrite(m1, "INSERT INTO audit_entry (at, action, entity) VALUES ('2024-01-01T00:00:00Z', 'create', 'x')");
	refused("UPDATE audit_entry SET entity = 'y'", /cannot be changed/);
	refused('DELETE FROM audit_entry', /cannot be deleted/);
	refused('TRUNCATE audit_entry', /cannot be deleted/);
	refused("UPDATE progress_update SET status = 'afgerond'", /cannot be changed/);
	refused('DELETE FROM progress_update', /cannot be deleted/);
	const published = sqlValue(db, "SELECT min(id) FROM reporting_period WHERE state = 'published'");
	refused(`INSERT INTO progress_update (action_point_id, period_id, status, health, created_at)
	         VALUES (1, ${published}, 'afgerond', 'groen', '2024-01-01T00:00:00Z')`, /published and cannot change/);
	refused(`UPDATE reporting_period SET state = 'open', published_at = NULL WHERE id = ${published}`, /cannot be reopened/);
	// An update in an open period changes the stored state of its action point (the trigger of 0006).
	const open = sqlValue(db, "SELECT min(id) FROM reporting_period WHERE state = 'open'");
	sqlWrite(m1, `INSERT INTO progress_update (action_point_id, period_id, status, health, created_at)
	              VALUES (2, ${open}, 'afgerond', 'groen', '2024-01-01T00:00:00Z')`);
	assert.equal(sqlValue(db, 'SELECT status FROM action_point_current WHERE action_point_id = 2'), 'afgerond');
	// A new row after the demo's own ids gets the next id, not one of them.
	sqlWrite(m1, "INSERT INTO organisation (kind, name) VALUES ('partner', 'Nieuwe partner')");
	assert.equal(sqlValue(db, "SELECT id FROM organisation WHERE name = 'Nieuwe partner'"),
		sqlValue(db, "SELECT max(id) FROM organisation WHERE name <> 'Nieuwe partner'") + 1);
});

test('a connection the server drops is made again: the requests after the loss are answered', async () => {
	const db = newDatabase();
	const srv = await startLia(['demo', '--db', db, '--port', '0', '--quiet', '--threads', '2'], { cwd: dir });
	try {
		// A page from the database each time, not from the ready pages.
		let n = 0;
		const get = async () => (await fetch(`${srv.url}api/v1/themes?n=${n++}`, { headers: { accept: 'application/json' } })).status;
		assert.equal(await get(), 200);
		const name = /\/([^/]+)$/.exec(db)[1];
		// Ends the server's sessions that match, and waits (up to 5 s) until
		// each has ended.
		const terminate = (which) => execFileSync('psql', ['-X', '-q', '-A', '-t', admin, '-c',
			`SELECT bool_and(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE datname = '${name}' AND ${which}`],
		{ stdio: 'pipe' }).toString().trim();
		// A connection the server ended is found as it leaves the pool (by
		// what the server sent before it closed) and made again: no request
		// fails on it. Six at a time, so that every connection is used.
		const rounds = async () => {
			const statuses = [];
			for (let i = 0; i < 2; i++) statuses.push(...await Promise.all(Array.from({ length: 6 }, get)));
			return statuses;
		};
		// First the connections that answer requests alone (the listener's
		// loss would have the municipalities read again first, which could
		// meet the lost connection in the request's place).
		assert.equal(terminate("application_name = 'lia'"), 't');
		let statuses = await rounds();
		assert.deepEqual(statuses, Array(12).fill(200), statuses.join(' '));
		// Then all of them, as a restart of the server would.
		assert.equal(terminate('true'), 't');
		statuses = await rounds();
		assert.deepEqual(statuses, Array(12).fill(200), statuses.join(' '));
	} finally {
		const end = await srv.stop();
		assert.equal(end.code, 0, end.stderr);
	}
});

test('lia report writes the latest period from a PostgreSQL database', () => {
	const db = newDatabase();
	assert.equal(runLia(['init', '--db', db]).code, 0);
	// An empty programme has no period: a clear refusal, not a crash.
	const none = runLia(['report', '--db', db, '--format', 'md', '--output', '-']);
	assert.notEqual(none.code, 0);
	assert.doesNotMatch(none.stderr, /Segmentation|Aborted/);
});

test('a database with tables of another application is refused and left alone', () => {
	const db = newDatabase();
	sqlWrite(db, 'CREATE TABLE other (x integer)');
	const r = runLia(['init', '--db', db]);
	assert.notEqual(r.code, 0);
	assert.match(r.stderr, /not a lia database/);
	assert.equal(sqlValue(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), 1);
});

test('an unreachable server: one line that names the URI without its password, for every command', () => {
	const uri = 'postgresql://lia:geheim-wachtwoord@127.0.0.1:1/lia';
	for (const args of [['serve', '--port', '0', '--quiet'], ['init'], ['user', 'list'], ['report', '--format', 'md', '--output', '-']]) {
		const r = runLia([...args, '--db', uri]);
		assert.notEqual(r.code, 0, args[0]);
		assert.doesNotMatch(r.stderr + r.stdout, /geheim-wachtwoord/, `${args[0]} shows the password`);
		assert.match(r.stderr, /postgresql:\/\/lia@127\.0\.0\.1:1\/lia/, `${args[0]} names the server`);
		assert.equal(r.stderr.trim().split('\n').length, 1, `${args[0]}: ${r.stderr}`);
	}
});

test('a SQLite file is still a file: a name that merely contains postgresql:// is not a server', () => {
	const file = path.join(dir, 'postgresql:', 'x.db');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const r = runLia(['init', '--db', file]);
	assert.equal(r.code, 0, r.stderr);
	assert.ok(fs.existsSync(file));
});
